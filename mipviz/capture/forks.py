"""Run a function in a forked child and collect what it returns (POSIX ``fork`` only).

Both passes over a big capture split their steps into ranges that can be worked out alone
(see :func:`mipviz.capture.survey.survey` and :mod:`mipviz.capture.fanout`); a forked child
shares the parent's memory copy-on-write, so nothing but the child's result is copied, and
that through a temporary file. A child that fails returns nothing: the caller does its range
itself, so the result never depends on whether the children worked.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from typing import IO, Any

MAXIMUM_WORKERS = 4


def processors() -> int:
    """Processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def default_workers() -> int:
    """One process per processor this process may run on, at most :data:`MAXIMUM_WORKERS`;
    1 when forking is not possible.

    The machine's load is deliberately not consulted. The 1-minute load average lags (it
    still counts the command that ran just before), and on a busy machine the scheduler
    shares the processors among runnable processes, so a second process still adds to this
    command's share: on a 2-processor machine running one other busy process, 100,000
    packets took 1.5-1.7 s with 2 workers against 2.2-2.5 s with one.
    """
    if not can_fork():
        return 1
    return max(1, min(MAXIMUM_WORKERS, processors()))


class Child:
    """A forked child computing ``function(*arguments)``; :meth:`result` waits for it."""

    def __init__(self, function: Callable[..., Any], *arguments: Any) -> None:
        self.spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - result() closes it
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            stream.flush()
        self.pid = os.fork()
        if self.pid:
            return
        code = 1
        try:  # the child: compute, pickle into the spool, leave without any cleanup
            pickle.dump(function(*arguments), self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.spool.flush()
            code = 0
        finally:
            os._exit(code)

    def result(self) -> tuple[bool, Any]:
        """``(True, value)`` once the child is done, ``(False, None)`` if it failed."""
        _, status = os.waitpid(self.pid, 0)
        with self.spool:
            if os.waitstatus_to_exitcode(status) != 0:
                return False, None
            self.spool.seek(0)
            try:
                return True, pickle.load(self.spool)
            except Exception:  # a truncated spool: the child died while writing it
                return False, None
