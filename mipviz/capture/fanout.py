"""Pass 2 over several processors: the steps of a large capture rendered in parallel ranges.

Pass 2 (:func:`mipviz.capture.replay.observe`) renders each step from the packet and from
what pass 1 learned; a range of steps can be produced on its own and gives exactly what the
whole run gives for it. So, on a system with ``fork`` and more than one processor, the steps
are split into consecutive ranges: forked children render every range but the first into
temporary files while this process renders the first to the output, then the children's
files are copied out in order. The output is the same, octet for octet, as one process
would write; a child that fails has its range rendered again here. Captures smaller than
:data:`MINIMUM_PACKETS` are not worth a fork.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import IO, TextIO

from mipviz.capture.forks import can_fork, default_workers, die_with_parent, stop_child
from mipviz.capture.replay import observe_as
from mipviz.capture.survey import Survey

MINIMUM_PACKETS = 20_000
_BATCH = 512  # lines written at once

Render = Callable[..., str]  # called with the arguments of Observed, see observe_as()


def emit(found: Survey, render: Render, out: TextIO, workers: int | None = None) -> None:
    """Write the text ``render`` makes of every step of ``found`` to ``out``, in step order
    (``render`` is called with the arguments of :class:`~mipviz.capture.replay.Observed`)."""
    total = found.packets
    if workers is None:
        workers = default_workers() if total >= MINIMUM_PACKETS else 1
    if workers < 2 or not can_fork() or total < workers:
        _render(found, render, out, 1, total)
        return
    size = -(-total // workers)
    ranges = [(first, min(first + size - 1, total)) for first in range(1, total + 1, size)]
    out.flush()  # a child must not inherit, and later write, lines still in our buffer
    children: list[tuple[int, IO[bytes]]] = []
    try:
        for first, last in ranges[1:]:
            children.append(_fork(found, render, first, last))
        _render(found, render, out, *ranges[0])
        _collect(out, children, ranges[1:],
                 lambda first, last: _render(found, render, out, first, last))
    finally:  # the reader left (BrokenPipeError) or this failed: the children's text is unwanted
        for pid, spool in children:
            if pid:
                stop_child(pid)
            spool.close()


def _collect(out: TextIO, children: list[tuple[int, IO[bytes]]],
             ranges: list[tuple[int, int]], again: Callable[[int, int], None]) -> None:
    """Copy out each child's text in order; a child that failed has its range rendered here
    by ``again(first, last)``, which writes it to ``out``. A child collected is marked with
    pid 0 so that the caller's cleanup does not stop it again (emit() and
    :func:`mipviz.capture.streamed.stream_dump` both collect their children so)."""
    for index, ((pid, spool), (first, last)) in enumerate(zip(children, ranges, strict=True)):
        _, status = os.waitpid(pid, 0)
        children[index] = (0, spool)
        with spool:
            if os.waitstatus_to_exitcode(status) == 0:
                out.flush()
                spool.seek(0)
                buffer = getattr(out, "buffer", None)
                if buffer is not None:
                    shutil.copyfileobj(spool, buffer)
                    buffer.flush()
                else:
                    out.write(spool.read().decode("utf-8"))
            else:
                again(first, last)


def _fork(found: Survey, render: Render, first: int, last: int) -> tuple[int, IO[bytes]]:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by emit() once copied out
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid, spool
    code = 1
    try:  # the child: render the range into the spool, then leave without any cleanup
        die_with_parent(parent)
        with open(spool.fileno(), "w", encoding="utf-8", closefd=False) as handle:
            _render(found, render, handle, first, last)
        code = 0
    finally:
        os._exit(code)


def _render(found: Survey, render: Render, out: TextIO, first: int, last: int) -> None:
    lines: list[str] = []
    for line in observe_as(found, render, first, last):
        lines.append(line)
        if len(lines) >= _BATCH:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
