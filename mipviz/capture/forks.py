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


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when ``parent`` exits (issue 15: after
    ``mipviz dump big.pcap | head -1`` a worker ran on for 27 s as an orphan).

    On Linux the kernel does it (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); the parent may have
    gone before that call, so the child checks it still has that parent. Elsewhere the
    parent's own cleanup (it kills its children when it fails) is all there is.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def stop_child(pid: int) -> None:
    """Kill and reap the child ``pid`` (its work is no longer wanted)."""
    import signal
    from contextlib import suppress

    with suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)


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
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid:
            return
        code = 1
        try:  # the child: compute, pickle into the spool, leave without any cleanup
            die_with_parent(parent)
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
