"""The replay UI's Timeline of a capture too big to keep: flat memory whatever its size.

:func:`mipviz.capture.window.windowed_timeline` makes the steps a window at a time, but from
a :class:`~mipviz.capture.survey.Survey`, which keeps every signal, every step's notes and
every node-state version (913 MB after pass 1 on 1,000,000 signalling packets). Here the
capture is read as :mod:`mipviz.capture.streamed` reads it for ``dump``, keeping nothing per
packet:

1. **roles** (:func:`~mipviz.capture.streamed.read_roles`): the nodes, the number of packets,
   a bookmark every 4,096 steps;
2. **replay**: the bindings replayed once into a :mod:`journal <mipviz.capture.checkpoints>`
   on disk (what each step changed and noted, and the tables every few windows), and the
   updates never acknowledged (RFC 6275 §9.5.4, §10.3: only the end of the capture tells)
   kept;

then each window of steps shown (:class:`CheckpointedWindows`) is made again from the
checkpoint before it and the journal: that window's notes and node-state versions only,
what :func:`~mipviz.capture.replay.observe_as` needs to make its steps (each step's message
decoded from its octets as its content is made) and what the Timeline's ``state_at``
answers from. A step, its notes and every node's state are
the same as the whole replay's (``tests/test_replay_checkpoints.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from mipviz.capture.checkpoints import (
    MAX_CHECKPOINTS,
    AppliedBook,
    CheckpointReplay,
    Journal,
    JournalBook,
    StepRecord,
    apply_step,
)
from mipviz.capture.interfaces import attach_to_interfaces, interface_links
from mipviz.capture.packet import PacketView
from mipviz.capture.replay import ReplayTimeline, link_prefixes
from mipviz.capture.signals import Signal, decode_signal
from mipviz.capture.state import initial_state
from mipviz.capture.streamed import StreamedSurvey, _signals_again, read_roles
from mipviz.capture.survey import CaptureSet, Progress
from mipviz.capture.window import WINDOW, StepWindows, _LinkTypes, _Window
from mipviz.engine.timeline import NodeState


@dataclass(slots=True)
class ReplayedCapture:
    """What the two reads learned (see the module docstring)."""

    streamed: StreamedSurvey
    journal: Journal
    initial: dict[str, NodeState] = field(default_factory=dict)


def checkpoint_spacing(packets: int, most: int = MAX_CHECKPOINTS) -> int:
    """Windows between two checkpoints: 4 (4,096 steps), or more where that would make more
    than ``most`` checkpoints."""
    windows = -(-packets // WINDOW)
    return max(4, -(-windows // most))


def replay_capture(captures: CaptureSet, progress: Progress | None = None,
                   every: int | None = None) -> ReplayedCapture:
    """Reads 1 and 2 (see the module docstring); ``progress`` gets a count that reaches the
    number of packets at the end of read 2 (each read counts half); ``every``: windows
    between two checkpoints (default :func:`checkpoint_spacing`)."""
    half = None if progress is None else (lambda packets: progress(packets // 2))
    found = read_roles(captures, half)
    # pcapng interfaces with prefixes name links and nodes before the replay, as in survey_of
    attach_to_interfaces(found.roles, interface_links(captures))
    journal = Journal(WINDOW, every or checkpoint_spacing(found.packets))
    book = JournalBook(found.roles, found.base_time)
    live = CheckpointReplay(found.roles, book)
    packets = found.packets
    records: list[StepRecord] = []

    def done(ordinal: int, time: int, kind: int, signal: Signal | None, message: Any) -> None:
        if ordinal % WINDOW == 1 or WINDOW == 1:
            if ordinal > 1:
                journal.add_window(records)
                records.clear()
            journal.begin_window(book)
        live.step(ordinal, time, kind, signal)
        record = book.record(ordinal)
        if record is not None:
            records.append(record)
        if progress is not None and not ordinal % 10_000:
            progress((packets + ordinal) // 2)

    _signals_again(found, 1, None, done)
    if packets:
        journal.add_window(records)
    found.unacknowledged = live.unanswered()
    initial = {name: initial_state(node) for name, node in found.roles.nodes.items()}
    return ReplayedCapture(found, journal, initial)


@dataclass(slots=True)
class WindowStates:
    """Each node's state where a window begins, and its versions within the window."""

    start: dict[str, NodeState]
    versions: dict[str, tuple[list[int], list[NodeState]]]

    def state_after(self, node: str, index: int) -> NodeState:
        versions = self.versions.get(node)
        if versions is not None:
            position = bisect_right(versions[0], index)
            if position:
                return versions[1][position - 1]
        return self.start[node]


class _Notes:
    """The notes of the window being made, as ``Survey.book`` (read with ``.get``); the
    dictionaries are refilled in place, since pass 2 keeps their ``get`` across windows."""

    __slots__ = ("base_time", "events", "problems")

    def __init__(self, base_time: int) -> None:
        self.base_time = base_time
        self.events: dict[int, Any] = {}
        self.problems: dict[int, Any] = {}


class _Messages:
    """As ``Survey.signals`` for pass 2: each step's message decoded from its octets."""

    __slots__ = ()

    @staticmethod
    def message(ordinal: int) -> Any:
        return None  # none kept: observe_as asks message_of instead

    @staticmethod
    def message_of(view: PacketView, data: bytes, ordinal: int, time: int,
                   link: str) -> Any:
        signal = decode_signal(view, data, ordinal, time, link)
        return None if signal is None else signal.message


class CheckpointedWindows(StepWindows):
    """:class:`~mipviz.capture.window.StepWindows` whose notes, messages and node states are
    replayed for each window from the checkpoint before it (see the module docstring)."""

    def __init__(self, replayed: ReplayedCapture) -> None:
        self.replayed = replayed
        streamed = replayed.streamed
        self._notes = _Notes(streamed.base_time)
        self._messages = _Messages()
        super().__init__(streamed.survey(self._notes, self._messages))  # type: ignore[arg-type]
        self._states: dict[int, WindowStates] = {}  # by window, as long as the window is kept
        self._book: AppliedBook | None = None  # the last window's (its entries are reused)

    def _make(self, number: int) -> _Window:
        first = number * WINDOW + 1
        last = min(first + WINDOW - 1, len(self))
        self._pending = self.replay_window(first, last)
        window = super()._make(number)
        for kept in [kept for kept in self._states if kept not in self._windows]:
            del self._states[kept]  # its window was let go
        self._states[number] = self._pending
        return window

    def replay_window(self, first: int, last: int) -> WindowStates:
        """The notes of steps ``first``..``last`` (a window's) into the survey pass 2
        reads, and the window's node states, from the journal (see the module docstring)."""
        replayed = self.replayed
        found = replayed.streamed
        number = (first - 1) // WINDOW
        journal = replayed.journal
        book = self._book = journal.book_before(number, found.roles, found.base_time,
                                                self._book)
        start = {name: book.shown(name, state) for name, state in replayed.initial.items()}
        events, problems = self._notes.events, self._notes.problems
        events.clear()
        problems.clear()
        unacknowledged = found.unacknowledged
        nodes = found.roles.nodes
        snapshot = book.snapshot
        versions: dict[str, tuple[list[int], list[NodeState]]] = {}
        for record in journal.records(number):
            ordinal, _, sealed, _, noted, texts = record
            apply_step(book, record)
            if sealed:
                for name in sorted(sealed):
                    if name in nodes:
                        indices, states = versions.setdefault(name, ([], []))
                        indices.append(ordinal)
                        states.append(snapshot(name))
            if noted is not None:
                events[ordinal] = noted
            late = unacknowledged.get(ordinal)
            if late:  # the updates never acknowledged, as LiveReplay adds them
                texts = list(texts or ())
                texts.extend(text for text in late if text not in texts)
            if texts is not None:
                problems[ordinal] = texts
        return WindowStates(start, versions)

    def _changes(self, first: int, last: int) -> dict[int, tuple[str, ...]]:
        changed: dict[int, list[str]] = {}
        for name, (indices, _) in self._pending.versions.items():
            for index in indices:
                changed.setdefault(index, []).append(name)
        return {step: tuple(sorted(names)) for step, names in changed.items()}

    def state_after(self, node: str, index: int) -> NodeState:
        """``node``'s state after step ``index`` (0: before the first), as
        ``Timeline.state_at``."""
        if index <= 0:
            return self.replayed.initial[node]
        number = (min(index, len(self)) - 1) // WINDOW
        self.window(number)
        return self._states[number].state_after(node, index)


def checkpointed_timeline(captures: CaptureSet, progress: Progress | None = None,
                          every: int | None = None) -> ReplayTimeline:
    """The replay Timeline of a capture of any size in flat memory (see the module
    docstring); its ``steps`` is a :class:`CheckpointedWindows`, which its ``state_at``
    asks."""
    replayed = replay_capture(captures, progress, every)
    steps = CheckpointedWindows(replayed)
    found = steps.found
    return ReplayTimeline(dict(replayed.initial), steps, {},  # type: ignore[arg-type]
                          _LinkTypes(steps), dict(found.roles.nodes),  # type: ignore[arg-type]
                          link_prefixes(found), tuple(interface_links(captures)))

