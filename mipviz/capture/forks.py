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
    """Processors that are idle now (by the 1-minute load average), at most
    :data:`MAXIMUM_WORKERS`; 1 when forking is not possible. On a busy machine a second
    process only competes with the first, so the work stays in one."""
    if not can_fork():
        return 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return max(1, min(MAXIMUM_WORKERS, round(processors() - busy)))


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
