"""Both passes over one capture file split by octets: each part read and parsed once.

:func:`~mipviz.capture.survey.survey` reads a capture small enough to keep in one process,
and :func:`~mipviz.capture.fanout.emit` then splits only pass 2. Pass 1 stays the longer
half of the work on two processors, so for one such file :func:`survey_and_emit` splits
both passes. The file is cut into parts of equal octets; a forked worker per part but the
first reads its part and keeps its packets' parses, while this process does the same with
the first part. A part begins at the first record starting in it (found from the record
headers alone) whose step begins a generation of ``RECENT_PACKETS`` steps, so that the
generation before it is all the worker walks again. Each worker sends back what pass 1
needs of its steps (their times, signals and data facts); this
process infers the roles and replays the bindings for the whole capture (both need every
step), then sends each worker what pass 2 needs for its steps: the roles, the notes of its
steps and the signals of the generation of steps before them (which pass 2 walks again,
:func:`~mipviz.capture.replay.observe`). Every process then renders its own steps, and the
workers' text is copied out after this process's, in order.

A capture whose packets are mostly signalling (:func:`walked_share`) is not split this
way: pass 1 runs in this process and only pass 2 is forked, copy-on-write, by
:func:`~mipviz.capture.fanout.emit`, for the signals a worker would pickle cost more than its
share of reading saves.

The output is the same, octet for octet, as one process would write: a range of steps
rendered alone gives what the whole run gives for it. Whatever a worker fails to do, this
process does itself (reading that part of the file again), so the result never depends on
the workers.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import replace
from itertools import islice, pairwise
from typing import IO, Any, TextIO

from mipviz.capture.fanout import Render, _render, emit
from mipviz.capture.forks import can_fork, default_workers, die_with_parent
from mipviz.capture.packet import WALK, classify
from mipviz.capture.reader import CaptureFormatError, Resume, read_records, record_offsets
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook
from mipviz.capture.survey import (
    CaptureSet,
    Survey,
    _retainable,
    _Scan,
    _scan,
    generation_start,
    survey,
    survey_of,
    warm_up_from,
)

PARALLEL_OCTETS = 2 * 1024 * 1024  # a smaller file is not worth a fork (~20,000 packets)
# Pass 1 is split only for a capture whose first packets are mostly not walked (see
# walked_share: ~0.9 for signalling_bench's capture, ~0.35 for replay_bench's lesson frames).
SPLIT_BELOW_WALKED = 0.6
SAMPLED_RECORDS = 1024

Preamble = Callable[[Survey], str]


def survey_and_emit(captures: CaptureSet, render: Render, out: TextIO,
                    preamble: Preamble | None = None, workers: int | None = None) -> Survey:
    """Pass 1 (without snapshots) and pass 2 of ``captures``: write ``preamble(found)``, then
    what ``render`` makes of every step (see :func:`~mipviz.capture.fanout.emit`), to
    ``out``. Returns the survey (its ``retained`` covers the first part only)."""
    requested = workers
    if not _retainable(captures):  # too big to keep: replayed in step with pass 2 instead
        from mipviz.capture.streamed import stream_dump

        return stream_dump(captures, render, out, preamble, workers)  # type: ignore[return-value]
    if workers is None:
        workers = default_workers()
    if not _splittable(captures, workers):
        # the caller's choice, not default_workers(): with None, survey and emit keep their
        # own minimum sizes for a fork (workers=2 here forked for a capture of 2 packets)
        found = survey(captures, snapshots=False, workers=requested)
        if preamble is not None:
            out.write(preamble(found))
        emit(found, render, out, requested)
        return found
    size = os.path.getsize(captures.paths[0])
    cuts = [size * part // workers for part in range(workers + 1)]
    cuts[-1] = size + 1  # every record starts before this
    out.flush()  # a worker must not inherit, and later write, text still in our buffer
    helpers = [_Worker(captures, start, end, render) for start, end in pairwise(cuts[1:])]
    try:
        return _lead(captures, render, out, preamble, cuts, helpers)
    finally:
        for helper in helpers:
            helper.close()


def _splittable(captures: CaptureSet, workers: int) -> bool:
    if workers < 2 or not can_fork() or len(captures.paths) != 1:
        return False
    try:
        octets = os.path.getsize(captures.paths[0])
    except OSError:
        return False
    return (octets >= PARALLEL_OCTETS and _retainable(captures)
            and walked_share(captures.paths[0]) < SPLIT_BELOW_WALKED)


def walked_share(path: str) -> float:
    """The share of the first :data:`SAMPLED_RECORDS` packets of a capture that pass 1 must
    parse (:func:`~mipviz.capture.packet.classify` says WALK: signalling, a HAO, an RH2, a
    tunnel of them), read from the file's start.

    A worker's part of pass 1 sends its decoded signals back pickled and receives its steps'
    notes pickled, and role inference and the binding replay run in the leader alone while
    it waits: where most packets are signalling, that costs more than the worker saves
    (measured on signalling_bench.py's capture, 85 % signalling: ~1 s more CPU for 100,000
    packets than pass 1 in one process followed by pass 2 forked, fanout.emit). A mix of
    mostly data (the lesson frames: about a third walked) gains from the split."""
    walked = sampled = 0
    with suppress(OSError, CaptureFormatError):
        for record in islice(read_records(path), SAMPLED_RECORDS):
            sampled += 1
            walked += classify(record.linktype, record.data)[0] == WALK
    return walked / sampled if sampled else 0.0


def _lead(captures: CaptureSet, render: Render, out: TextIO, preamble: Preamble | None,
          cuts: list[int], helpers: list[_Worker]) -> Survey:
    scan = _scan(captures, 1, None, None, retain=True, before_offset=cuts[1])
    ranges = [(1, len(scan.times))]

    def signals() -> Iterator[Signal]:
        """Every signal for role inference, in step order: this process's first, while the
        workers still send theirs (inference only reads the data facts after the last)."""
        yield from (signal for _, signal in scan.signals.walk_steps() if signal is not None)
        for helper, end in zip(helpers, cuts[2:], strict=True):
            first = ranges[-1][1] + 1
            received = helper.scan()
            if received is not None and received[0] == first:
                part = received[1]
            elif received is not None and received[0] > first and not received[1].times:
                part = _Scan()  # the file ended before a generation began in this part
            else:  # the worker failed: read its part here
                part = _scan(captures, first, None, None, before_offset=end)
            ranges.append((first, first + len(part.times) - 1))
            scan.extend(part)
            yield from (signal for _, signal in part.signals.walk_steps() if signal is not None)

    found = survey_of(captures, scan, False, signals())
    if len(ranges) != len(helpers) + 1:
        raise RuntimeError("role inference stopped before the last signal")
    for helper, (first, last) in zip(helpers, ranges[1:], strict=True):
        helper.send(found, first, last)
    if preamble is not None:
        out.write(preamble(found))
    _render(found, render, out, *ranges[0])
    unkept = None
    for helper, (first, last) in zip(helpers, ranges[1:], strict=True):
        if not helper.copy_to(out):
            unkept = unkept or replace(found, retained=None)  # read this part again
            _render(unkept, render, out, first, last)
    return found


class _Worker:
    """A forked worker for the records starting at file offsets ``start`` to ``end``."""

    def __init__(self, captures: CaptureSet, start: int, end: int, render: Render) -> None:
        self.spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - close() closes it
        self.reply, to_parent = os.pipe()
        from_parent, self.request = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            stream.flush()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid:
            os.close(to_parent)
            os.close(from_parent)
            return
        code = 1
        try:  # the worker: leave without any cleanup, whatever happens
            die_with_parent(parent)
            os.close(self.reply)
            os.close(self.request)
            _work(captures, start, end, render, to_parent, from_parent, self.spool)
            code = 0
        finally:
            os._exit(code)

    def scan(self) -> tuple[int, _Scan] | None:
        """The worker's pass 1: its first step and what it found; None if it failed."""
        try:
            with open(self.reply, "rb", closefd=False) as pipe:
                started, part = pickle.load(pipe)
        except Exception:  # the worker died before or while sending
            return None
        return (started, part) if isinstance(started, int) and isinstance(part, _Scan) else None

    def send(self, found: Survey, first: int, last: int) -> None:
        """What the worker's pass 2 needs for steps ``first``..``last``."""
        warm = warm_up_from(first)
        book = found.book
        payload = (first, last, found.roles, found.base_time,
                   found.signals.between(warm, first - 1),
                   {step: notes for step, notes in book.events.items() if first <= step <= last},
                   {step: notes for step, notes in book.problems.items()
                    if first <= step <= last})
        try:
            with open(self.request, "wb", closefd=False) as pipe:
                pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass  # the worker is gone: copy_to() says so and its steps are rendered here

    def copy_to(self, out: TextIO) -> bool:
        """Copy the worker's text to ``out``; False (nothing written) if it failed."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            return False
        out.flush()
        self.spool.seek(0)
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            shutil.copyfileobj(self.spool, buffer)
            buffer.flush()
        else:
            out.write(self.spool.read().decode("utf-8"))
        return True

    def close(self) -> None:
        """Release the pipes and the spool. A worker not collected by :meth:`copy_to` is
        stopped: the leader failed (or the reader of the output left), its text is unwanted."""
        for descriptor in (self.reply, self.request):
            with suppress(OSError):
                os.close(descriptor)
        self.spool.close()
        if self.pid:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


def _work(captures: CaptureSet, start: int, end: int, render: Render, to_parent: int,
          from_parent: int, spool: IO[bytes]) -> None:
    """In the worker: pass 1 over the records starting in ``start``..``end``, then pass 2."""
    offsets = record_offsets(captures.paths[0], start)  # read from the headers alone
    # The part begins with the first step after its cut that begins a generation (as the
    # part before ends, see _scan's before_offset): its warm-up is then one generation.
    first = generation_start(len(offsets) + 1)
    warm = warm_up_from(first)
    resume = Resume(offsets[warm - 1], warm) if warm <= len(offsets) else None
    scan = _scan(captures, first, None, None, retain=True, before_offset=end, resume=resume)
    retained, scan.retained = scan.retained, None  # the parses stay here
    with open(to_parent, "wb") as pipe:
        pickle.dump((first, scan), pipe, protocol=pickle.HIGHEST_PROTOCOL)
    with open(from_parent, "rb") as pipe:
        payload: tuple[Any, ...] = pickle.load(pipe)
    started, last, roles, base_time, signals, events, problems = payload
    if started != first:
        raise RuntimeError(f"steps from {started} asked of a worker reading from {first}")
    book = StateBook(roles, base_time, snapshots=False)
    book.events, book.problems = events, problems
    signals.extend(scan.signals)
    found = Survey(captures, roles, book, scan.times, signals, retained, scan.retained_from)
    with open(spool.fileno(), "w", encoding="utf-8", closefd=False) as handle:
        _render(found, render, handle, first, last)
