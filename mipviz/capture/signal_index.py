"""The signals of a capture by step, kept compactly: a :class:`Signal` is made when asked for.

Most signalling steps of a capture are the same message again: a further hop of one packet
(the same octets on another link, RFC 6275 §10.4.5 through the home agent), or a copy seen
twice on one link, and :func:`mipviz.capture.survey.survey` decodes such a packet once. A
``Signal`` per step would repeat every field of the first decode (two ints, an object and a
dictionary slot, about 230 octets a step); here each step keeps five machine words in
parallel columns: its step number, time, link, the step it repeats (0 for none) and its
*first* signal, whose addresses and decoded message it shares. Pass 1 appends to it in step
order; role inference and the binding replay walk it with :meth:`SignalIndex.walk`; pass 2
and the replay UI look a step up as in a ``dict``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mipviz.capture.icmpv6 import IcmpMessage
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.signals import Signal


class SignalIndex(Mapping[int, Signal]):
    """``{step: Signal}`` for the signalling steps of a capture, added in step order."""

    __slots__ = ("_firsts", "_links", "_ordinals", "_repeats", "_times")

    def __init__(self, signals: Iterable[Signal] = ()) -> None:
        self._ordinals = array("q")
        self._times = array("q")
        self._repeats = array("q")  # the step this one repeats (Signal.repeat_of), 0 for none
        self._links: list[str] = []
        self._firsts: list[Signal] = []  # the signal whose decode this step shares
        for signal in signals:
            self.add(signal)

    def add(self, signal: Signal) -> None:
        """Add the signal of a step after the last one added (it is given back as is)."""
        ordinals, ordinal = self._ordinals, signal.ordinal  # add_again, inline (pass 1)
        if ordinals and ordinal <= ordinals[-1]:
            raise ValueError(f"signal of step {ordinal} added after step {ordinals[-1]}")
        ordinals.append(ordinal)
        self._times.append(signal.time)
        self._repeats.append(signal.repeat_of or 0)
        self._links.append(signal.link)
        self._firsts.append(signal)

    def add_again(self, first: Signal, ordinal: int, time: int, link: str,
                  repeat_of: int | None) -> None:
        """Add step ``ordinal``, ``first``'s packet seen again (or ``first`` itself): only
        its step, time, link and repeat are kept, the rest is ``first``'s."""
        if self._ordinals and ordinal <= self._ordinals[-1]:
            raise ValueError(f"signal of step {ordinal} added after step {self._ordinals[-1]}")
        self._ordinals.append(ordinal)
        self._times.append(time)
        self._repeats.append(repeat_of or 0)
        self._links.append(link)
        self._firsts.append(first)

    def extend(self, other: SignalIndex) -> None:
        """Append the signals of a later range of steps."""
        if other._ordinals and self._ordinals and other._ordinals[0] <= self._ordinals[-1]:
            raise ValueError("the signals of an earlier range appended after a later one")
        self._ordinals.extend(other._ordinals)
        self._times.extend(other._times)
        self._repeats.extend(other._repeats)
        self._links.extend(other._links)
        self._firsts.extend(other._firsts)

    def between(self, first: int, last: int) -> SignalIndex:
        """The signals of steps ``first`` to ``last`` (sharing their decodes with these)."""
        start = bisect_left(self._ordinals, first)
        stop = bisect_left(self._ordinals, last + 1)
        part = SignalIndex()
        part._ordinals = self._ordinals[start:stop]
        part._times = self._times[start:stop]
        part._repeats = self._repeats[start:stop]
        part._links = self._links[start:stop]
        part._firsts = self._firsts[start:stop]
        return part

    # -- reading --------------------------------------------------------------------------------

    def _signal(self, position: int) -> Signal:
        first = self._firsts[position]
        ordinal = self._ordinals[position]
        if first.ordinal == ordinal:
            return first
        return Signal(ordinal, self._times[position], self._links[position], first.source,
                      first.destination, first.wire_source, first.wire_destination,
                      first.outer, first.home_address_option, first.routing_header,
                      first.message, self._repeats[position] or None)

    def _position(self, ordinal: object) -> int:
        """The position of step ``ordinal``, or -1 when it carries no signal."""
        ordinals = self._ordinals
        if not isinstance(ordinal, int) or not ordinals or ordinal > ordinals[-1]:
            return -1
        position = bisect_left(ordinals, ordinal)
        return position if ordinals[position] == ordinal else -1

    def __getitem__(self, ordinal: int) -> Signal:
        position = self._position(ordinal)
        if position < 0:
            raise KeyError(ordinal)
        return self._signal(position)

    def get(self, ordinal: int, default: Any = None) -> Any:
        position = self._position(ordinal)  # no KeyError raised and caught: pass 2 asks a lot
        return self._signal(position) if position >= 0 else default

    def message(self, ordinal: int) -> MobilityMessage | IcmpMessage | None:
        """The decoded message of step ``ordinal``, None when it carries no signal."""
        position = self._position(ordinal)
        return self._firsts[position].message if position >= 0 else None

    def __contains__(self, ordinal: object) -> bool:
        return self._position(ordinal) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._ordinals)

    def __len__(self) -> int:
        return len(self._ordinals)

    def walk(self) -> Iterator[Signal]:
        """Every signal in step order (what ``values()`` gives, without a search per step)."""
        return map(self._signal, range(len(self._ordinals)))

    def walk_steps(self) -> Iterator[tuple[int, Signal | None]]:
        """``(step, signal)`` for every signal in step order, the signal None for a further
        hop of a message (``repeat_of`` set): the binding replay only places expiries there,
        and role inference skips them, so no Signal is made for them."""
        signal = self._signal
        for position, (ordinal, repeat) in enumerate(zip(self._ordinals, self._repeats,
                                                         strict=True)):
            yield ordinal, (None if repeat else signal(position))

    def __repr__(self) -> str:
        return f"SignalIndex({len(self)} signals)"
