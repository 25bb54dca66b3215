"""``dump`` of a capture of any size in bounded memory: the bindings replayed in step with
pass 2, each step's notes dropped once written.

:func:`mipviz.capture.survey.survey` keeps every signal (a compact column a step, and each
distinct decoded message) and the notes of every step until pass 2 has written them, so its
memory grows with the capture: about 1.9 GB for 10,000,000 packets of lesson frames. A
capture too big to keep for pass 2 (see :func:`~mipviz.capture.survey._retainable`) is
dumped here instead, in three reads of the file, none of which keeps anything per packet:

1. **roles**: the signals are decoded and weighed for role inference as they come
   (:class:`~mipviz.capture.roles.RoleInference`); only the count of packets, the first
   packet's time, the data facts (bounded) and a bookmark every 4,096 steps are kept;
2. **replay**: the signals are decoded again and replayed into the binding state
   (:class:`LiveReplay`), each step's notes dropped at once. What only the end of the
   capture tells — the updates never acknowledged (RFC 6275 §9.5.4, §10.3), one at most per
   stream — is kept;
3. **pass 2**: each range (one per processor, forked) replays the signals before it again
   (nothing kept but the binding state: a copy kept from read 2 would hold the state twice),
   then decodes its own signals a third time and replays them in step with
   :func:`~mipviz.capture.replay.observe_as`, which renders each step from that step's notes
   (then dropped) and the "never acknowledged" problems of step 2.

Every step gets exactly the notes :func:`~mipviz.capture.survey._replay` gives it (the same
replay, the same expiries at the same steps, the same problems in the same order), so the
output is the same, octet for octet (``tests/test_capture_streamed.py``); it costs two more
decodes of the signalling.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TextIO

from mipviz.capture.bindings import BindingReplay
from mipviz.capture.bookmarks import Bookmark
from mipviz.capture.fanout import _collect
from mipviz.capture.forks import can_fork, default_workers, die_with_parent, stop_child
from mipviz.capture.narrate import Narrator
from mipviz.capture.replay import observe_as
from mipviz.capture.roles import RoleInference, Roles
from mipviz.capture.signals import DataFacts, Signal
from mipviz.capture.state import StateBook
from mipviz.capture.survey import (
    CaptureSet,
    Survey,
    _Scan,
    _scan,
    records_at,
    warm_up_from,
)

Render = Callable[..., str]  # called with the arguments of Observed, see observe_as()
_BATCH = 512  # lines written at once

DATA, SIGNAL, REPEAT = 0, 1, 2  # a step without a signal, with one, a further hop of one


class _Count(Sequence[int]):
    """Stands for :attr:`Survey.times` where only the number of packets is kept (pass 2
    takes each packet's time from its record)."""

    __slots__ = ("_packets",)

    def __init__(self, packets: int) -> None:
        self._packets = packets

    def __len__(self) -> int:
        return self._packets

    def __getitem__(self, index: Any) -> Any:
        raise TypeError("a streamed survey keeps no packet times")


class _Steps:
    """A scan's ``times`` and ``signals`` (see ``_scan(into=...)``) that keep nothing: each
    step is handed to ``done(ordinal, time, kind, signal, message)`` once the scan has moved
    past it (or :meth:`close` is called after the last one)."""

    __slots__ = ("done", "kind", "message", "ordinal", "signal", "time")

    def __init__(self, first: int,
                 done: Callable[[int, int, int, Signal | None, Any], None]) -> None:
        self.done = done
        self.ordinal = first - 1
        self.time = 0
        self.kind = -1  # no step begun
        self.signal: Signal | None = None
        self.message: Any = None

    # -- as scan.times --------------------------------------------------------------------------
    def append(self, time: int) -> None:
        if self.kind >= 0:
            self.done(self.ordinal, self.time, self.kind, self.signal, self.message)
        self.ordinal += 1
        self.time = time
        self.kind = DATA
        self.signal = self.message = None

    # -- as scan.signals ------------------------------------------------------------------------
    def add(self, signal: Signal) -> None:
        self.kind, self.signal, self.message = SIGNAL, signal, signal.message

    def add_again(self, first: Signal, ordinal: int, time: int, link: str,
                  repeat_of: int | None) -> None:
        self.message = first.message
        if repeat_of:  # a further hop: its effects are counted at its first hop
            self.kind, self.signal = REPEAT, None
            return
        self.kind = SIGNAL  # what SignalIndex gives for this step
        self.signal = first if first.ordinal == ordinal else Signal(
            ordinal, time, link, first.source, first.destination, first.wire_source,
            first.wire_destination, first.outer, first.home_address_option,
            first.routing_header, first.message, None)

    def close(self) -> None:
        if self.kind >= 0:
            self.done(self.ordinal, self.time, self.kind, self.signal, self.message)
            self.kind = -1


class LiveReplay:
    """:func:`mipviz.capture.survey._replay` a step at a time, in step order, every step
    given (not only the signalling ones): the same expiries at the same steps, the same
    notes. ``unacknowledged``: the problems :meth:`BindingReplay.finish` adds at the end of
    the capture, by step, added here when their step is replayed."""

    __slots__ = ("book", "narrator", "replay", "unacknowledged")

    def __init__(self, roles: Roles, book: StateBook,
                 unacknowledged: dict[int, list[str]] | None = None) -> None:
        self.book = book
        self.replay = BindingReplay(roles, book)
        self.narrator = Narrator(roles, book)
        self.unacknowledged = unacknowledged or {}

    def step(self, ordinal: int, time: int, kind: int, signal: Signal | None) -> None:
        replay, book = self.replay, self.book
        expiry = replay.next_expiry()
        expired = expiry is not None and time >= expiry
        if expired:  # as _place_expiries: at the first step whose time reaches it
            replay.expire_until(time, ordinal)
        if kind == SIGNAL:
            assert signal is not None
            narrator = self.narrator
            message = signal.mobility
            if message is not None:
                narrator.headers(signal, message)
                if message.mh_type in (5, 8):
                    replay.update(signal, message)
                elif message.mh_type in (6, 9):
                    replay.acknowledge(signal, message)
                elif message.mh_type == 7:  # as survey._replay (RFC 6275 §11.3.6)
                    replay.binding_error(signal, message)
                narrator.mobility(signal, message)
            else:
                icmp = signal.icmp
                if icmp is not None:
                    narrator.icmp(signal, icmp)
            for text in self.unacknowledged.get(ordinal, ()):
                book.problem(ordinal, text)
            book.seal(ordinal)
        elif expired and kind == DATA:
            book.seal(ordinal)  # (a further hop's step is not sealed, as in _replay)

    def forget(self, ordinal: int) -> None:
        """Drop what the book noted at ``ordinal`` (written, or never to be)."""
        book = self.book
        book.events.pop(ordinal, None)
        book.problems.pop(ordinal, None)
        book._changed.pop(ordinal, None)

    def unanswered(self) -> dict[int, list[str]]:
        """At the end of the capture: the updates never acknowledged, by step."""
        book = self.book
        book.problems.clear()
        self.replay.finish()
        found, book.problems = book.problems, {}
        return found


@dataclass
class StreamedSurvey:
    """What the three reads need to know between them (see the module docstring)."""

    captures: CaptureSet
    roles: Roles
    packets: int
    base_time: int
    bookmarks: dict[int, Bookmark]
    facts: DataFacts
    unacknowledged: dict[int, list[str]] = field(default_factory=dict)

    def survey(self, book: StateBook, signals: Any) -> Survey:
        """A :class:`Survey` for :func:`observe_as` over a range (no times, no kept
        packets; ``book`` and ``signals`` are the range's live ones)."""
        return Survey(self.captures, self.roles, book, _Count(self.packets),  # type: ignore[arg-type]
                      signals, None, 1, self.bookmarks)


def read_roles(captures: CaptureSet, progress: Callable[[int], None] | None = None,
               ) -> StreamedSurvey:
    """Read 1: the roles, the number of packets, the bookmarks (see the module docstring);
    ``progress`` is called every 10,000 packets with the packets read so far."""
    inference = RoleInference()
    first_time: list[int] = []

    def done(ordinal: int, time: int, kind: int, signal: Signal | None, message: Any) -> None:
        if ordinal == 1:
            first_time.append(time)
        if signal is not None:
            inference.add(signal)

    steps = _Steps(1, done)
    scan = _Scan()
    scan.times = steps  # type: ignore[assignment]
    scan.signals = steps  # type: ignore[assignment]
    _scan(captures, 1, None, progress, into=scan)
    steps.close()
    roles = inference.roles(scan.facts)
    return StreamedSurvey(captures, roles, steps.ordinal, first_time[0] if first_time else 0,
                          scan.marks, scan.facts)


def _signals_again(found: StreamedSurvey, first: int, last: int | None,
                   done: Callable[[int, int, int, Signal | None, Any], None]) -> None:
    """Decode the signals of steps ``first``..``last`` again, each handed to ``done``."""
    steps = _Steps(first, done)
    scan = _Scan()
    scan.times = steps  # type: ignore[assignment]
    scan.signals = steps  # type: ignore[assignment]
    warm = warm_up_from(first)
    records = records_at(found.survey(StateBook(found.roles, found.base_time, False), None),
                         warm)
    _scan(found.captures, first, last, None, into=scan, records=records)
    steps.close()


def replay_all(found: StreamedSurvey) -> None:
    """Read 2: replay the whole capture once for the updates never acknowledged (see the
    module docstring); each step's notes are dropped as it is replayed."""
    live = LiveReplay(found.roles, StateBook(found.roles, found.base_time, snapshots=False))

    def done(ordinal: int, time: int, kind: int, signal: Signal | None, message: Any) -> None:
        live.step(ordinal, time, kind, signal)
        live.forget(ordinal)

    _signals_again(found, 1, None, done)
    found.unacknowledged = live.unanswered()


def replayed_to(found: StreamedSurvey, first: int) -> LiveReplay:
    """The replay state where step ``first`` begins: replayed from step 1, nothing kept but
    the state (a copy kept from read 2 instead would hold the whole state twice there)."""
    live = LiveReplay(found.roles, StateBook(found.roles, found.base_time, snapshots=False),
                      found.unacknowledged)
    if first > 1:
        def done(ordinal: int, time: int, kind: int, signal: Signal | None,
                 message: Any) -> None:
            live.step(ordinal, time, kind, signal)
            live.forget(ordinal)

        _signals_again(found, 1, first - 1, done)
    return live


class _Messages:
    """Pass 2's ``found.signals``: the decoded message of the step being rendered."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps: list[Any] = [0, None]  # (ordinal, message) of the step replayed last

    def message(self, ordinal: int) -> Any:
        if self.steps[0] != ordinal:
            raise RuntimeError(f"step {ordinal} rendered before it was replayed")
        return self.steps[1]


def render_range(found: StreamedSurvey, render: Render, out: TextIO, first: int,
                 last: int) -> None:
    """Read 3 for steps ``first``..``last``: each replayed from the range's kept state, then
    rendered, then its notes dropped."""
    live = replayed_to(found, first)
    messages = _Messages()
    lines = observe_as(found.survey(live.book, messages), render, first, last)
    batch: list[str] = []

    def done(ordinal: int, time: int, kind: int, signal: Signal | None, message: Any) -> None:
        live.step(ordinal, time, kind, signal)
        messages.steps[0], messages.steps[1] = ordinal, message
        batch.append(next(lines))
        live.forget(ordinal)
        if len(batch) >= _BATCH:
            out.write("".join(batch))
            batch.clear()

    _signals_again(found, first, last, done)
    out.write("".join(batch))


def ranges_of(packets: int, workers: int) -> list[tuple[int, int]]:
    if packets == 0:
        return []
    size = -(-packets // max(1, workers))
    return [(first, min(first + size - 1, packets)) for first in range(1, packets + 1, size)]


def stream_dump(captures: CaptureSet, render: Render, out: TextIO,
                preamble: Callable[[Any], str] | None = None,
                workers: int | None = None) -> StreamedSurvey:
    """``dump`` in bounded memory (see the module docstring): ``preamble(found)`` then what
    ``render`` makes of every step, to ``out``; the ranges of read 3 in ``workers`` forked
    processes (default: one per processor)."""
    found = read_roles(captures)
    if workers is None:
        workers = default_workers()
    if not can_fork():
        workers = 1
    ranges = ranges_of(found.packets, workers)
    replay_all(found)
    if preamble is not None:
        out.write(preamble(found))
    if not ranges:
        return found
    out.flush()  # a child must not inherit, and later write, text still in our buffer
    children: list[tuple[int, IO[bytes]]] = []
    try:
        for first, last in ranges[1:]:
            children.append(_fork(found, render, first, last))
        render_range(found, render, out, *ranges[0])
        _collect(out, children, ranges[1:],  # a child that failed: its range rendered here
                 lambda first, last: render_range(found, render, out, first, last))
    finally:  # the reader left (BrokenPipeError) or this failed: the children's text is unwanted
        for pid, spool in children:
            if pid:
                stop_child(pid)
            spool.close()
    return found


def _fork(found: StreamedSurvey, render: Render, first: int,
          last: int) -> tuple[int, IO[bytes]]:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed once copied out
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid, spool
    code = 1
    try:  # the child: render the range into the spool, then leave without any cleanup
        die_with_parent(parent)
        with open(spool.fileno(), "w", encoding="utf-8", closefd=False) as handle:
            render_range(found, render, handle, first, last)
        code = 0
    finally:
        os._exit(code)

