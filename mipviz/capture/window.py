"""The replay Timeline of a capture of any size: steps made when shown, a window at a time.

:func:`mipviz.capture.replay.timeline_of` makes a Step for every packet up front, with its
octets: right for a lesson-sized capture, but a 1 GB capture would be held in memory whole
several times over. :func:`windowed_timeline` keeps only what pass 1 learned (the packets'
times, the signalling, the node states, a bookmark every 4,096 steps) and makes the steps of
a window of :data:`WINDOW` steps when one of them is asked for: pass 2 over that range
(:func:`mipviz.capture.replay.observe_as`), read from the bookmark before it. The windows
shown last are kept (:data:`KEPT_WINDOWS`), so stepping back and forth costs nothing;
stepping on past the last window continues the same pass; a jump costs one window's reading
(plus the generation before it, for recognising packets seen again).

A step is the same Step whichever way it was made (a test compares them with
:func:`~mipviz.capture.replay.timeline_of`'s).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from mipviz.capture.interfaces import interface_links
from mipviz.capture.replay import Observed, ReplayTimeline, link_prefixes, observe_as, step_of
from mipviz.capture.state import initial_state
from mipviz.capture.survey import Survey
from mipviz.engine.timeline import Step

WINDOW = 1024  # steps made at once
KEPT_WINDOWS = 16  # windows kept (about 16,000 steps with their octets)
SEARCH_LIMIT = 200_000  # steps looked through for the next or previous message


@dataclass(slots=True)
class _Window:
    steps: list[Step]
    link_types: array[int]
    sightings: array[int]  # per step: where the same packet was seen before (0: new)


class StepWindows(Sequence[Step]):
    """The steps of a replayed capture (0-based, as ``Timeline.steps``), made a window at a
    time from ``found`` (see the module docstring)."""

    def __init__(self, found: Survey) -> None:
        self.found = found
        self._windows: OrderedDict[int, _Window] = OrderedDict()
        self._pass: tuple[Iterator[Observed], list[int], int] | None = None  # continues at

    def __len__(self) -> int:
        return self.found.packets

    @overload
    def __getitem__(self, index: int) -> Step: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...

    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("step out of range")
        return self.window(index // WINDOW).steps[index % WINDOW]

    def link_type(self, index: int) -> int:
        """The link type of the step at 0-based ``index``."""
        return self.window(index // WINDOW).link_types[index % WINDOW]

    def sighting(self, step: int) -> int:
        """The step (1-based) where the packet of ``step`` was seen before; 0 if it was not."""
        index = step - 1
        if not 0 <= index < len(self):
            raise IndexError(f"no step {step}")
        return self.window(index // WINDOW).sightings[index % WINDOW]

    def window(self, number: int) -> _Window:
        found = self._windows.get(number)
        if found is not None:
            self._windows.move_to_end(number)
            return found
        found = self._make(number)
        self._windows[number] = found
        while len(self._windows) > KEPT_WINDOWS:
            self._windows.popitem(last=False)
        return found

    def _make(self, number: int) -> _Window:
        first = number * WINDOW + 1
        last = min(first + WINDOW - 1, len(self))
        if self._pass is None or self._pass[2] != first:  # not where the last pass stopped
            sightings: list[int] = []
            self._pass = (observe_as(self.found, Observed, first, None, sightings),
                          sightings, first)
        observed, sightings, _ = self._pass
        changes = self._changes(first, last)
        window = _Window([], array("I"), array("I"))
        for _ in range(first, last + 1):
            step = next(observed)
            window.steps.append(step_of(step, changes.get(step.step, ())))
            window.link_types.append(step.content.linktype)
        window.sightings.extend(sightings)
        sightings.clear()
        self._pass = (observed, sightings, last + 1)
        return window

    def _changes(self, first: int, last: int) -> dict[int, tuple[str, ...]]:
        """The nodes whose state each step of ``first``..``last`` changed."""
        changed: dict[int, list[str]] = {}
        for name, (indices, _) in self.found.book.versions.items():
            for position in range(bisect_left(indices, first), bisect_right(indices, last)):
                changed.setdefault(indices[position], []).append(name)
        return {step: tuple(sorted(names)) for step, names in changed.items()}

    # -- messages: the hops of one packet --------------------------------------------------------

    def message_start(self, step: int) -> int:
        """The step where the packet of ``step`` was first seen (its message's first hop)."""
        earlier = self.sighting(step)
        while earlier:
            step, earlier = earlier, self.sighting(earlier)
        return step

    def next_message(self, step: int) -> int | None:
        """The first hop of the next packet after ``step`` not seen before; None if none."""
        for later in range(step + 1, min(len(self), step + SEARCH_LIMIT) + 1):
            if not self.sighting(later):
                return later
        return None

    def previous_message(self, step: int) -> int:
        """The first hop of the message before the one ``step`` belongs to (0: none)."""
        start = self.message_start(step)
        for earlier in range(start - 1, max(0, start - SEARCH_LIMIT), -1):
            if not self.sighting(earlier):
                return earlier
        return 0


class _LinkTypes(Sequence[int]):
    """Each step's link type, read from its window (``ReplayTimeline.link_types``)."""

    def __init__(self, steps: StepWindows) -> None:
        self.steps = steps

    def __len__(self) -> int:
        return len(self.steps)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.steps.link_type(index)


def windowed_timeline(found: Survey) -> ReplayTimeline:
    """The replay Timeline of what pass 1 found, its steps made when shown (see the module
    docstring); its ``steps`` is a :class:`StepWindows`."""
    nodes = found.roles.nodes
    steps = StepWindows(found)
    return ReplayTimeline({name: initial_state(node) for name, node in nodes.items()},
                          steps, found.book.versions,  # type: ignore[arg-type]
                          _LinkTypes(steps), dict(nodes),  # type: ignore[arg-type]
                          link_prefixes(found), tuple(interface_links(found.captures)))
