"""The engine's output: a Timeline of immutable Steps with by-value state snapshots.

One Step is one frame crossing one link (recorded when it arrives), or one timer firing or
script action that did something visible. Node state is recorded by value, but only for the
nodes a step changed: ``Timeline.states_at(i)`` finds each node's latest version at or before
step ``i`` by bisection, so a 1,000-node run does not copy 1,000 states per step, and moving
the cursor backwards is free (the Python Tutor model, CONVENTIONS.md).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.home_agents_list import HomeAgentsListEntry
from mipviz.i18n import Msg, render

if TYPE_CHECKING:  # annotations only: a replayed capture's Timeline needs no message model
    from mipviz.model.messages import EthernetFrame, IPv6Packet

MICROSECONDS = 1_000_000


@dataclass(frozen=True, slots=True)
class Event:
    """What one node did. ``kind`` is a run-until event name or one of the note kinds:
    ``note``, ``send``, ``drop``, ``swap``, ``encapsulate``, ``decapsulate``, ``cache``.

    ``message`` is a :class:`~mipviz.i18n.Msg` (an id and its parameters, so the note is
    rendered in the reader's language at the edge) or, for a replayed capture's notes, plain
    text. Rendering is lazy: the engine records millions of events and most are never shown.
    """

    node: str
    kind: str
    message: Msg | str
    before: str | None = None  # for swaps/encapsulations: the value before this hop
    after: str | None = None

    @property
    def text(self) -> str:
        """The note in English (the JSON record's and the golden traces' language)."""
        message = self.message
        return message if type(message) is str else render(message, "en")

    def render(self, language: str = "en") -> str:
        """The note in ``language``."""
        return render(self.message, language)

    def __str__(self) -> str:
        return f"{self.node}: {self.text}"


@dataclass(frozen=True, slots=True)
class BindingCacheEntry:
    """A Binding Cache entry (RFC 6275 §9.1), times in virtual microseconds."""

    home_address: IPv6Address
    care_of_address: IPv6Address
    lifetime: int  # seconds granted
    expires: int  # virtual time (µs) at which the entry expires
    sequence: int
    home_registration: bool
    state: str = "valid"  # "valid" | "deleting" (MAX_DELETE_BCE_TIMEOUT, RFC 6275 §10.3.2)
    mobile_router: bool = False
    prefixes: tuple[str, ...] = ()
    binding_id: int = 0  # RFC 5648: the BID of a (home address, BID) entry; 0 = none


@dataclass(frozen=True, slots=True)
class BindingUpdateListEntry:
    """A Binding Update List entry (RFC 6275 §11.1)."""

    peer: str  # node name or address text
    peer_address: IPv6Address
    home_address: IPv6Address
    care_of_address: IPv6Address
    lifetime: int  # seconds requested, or granted once acknowledged
    expires: int  # virtual µs; 0 while not yet acknowledged
    sequence: int
    state: str  # a state of mipviz.engine.states.BUL_TRANSITIONS
    home_registration: bool
    retransmissions: int = 0
    return_routability: str = ""  # RR state toward a correspondent, "" for the HA


@dataclass(frozen=True, slots=True)
class NodeState:
    """Everything the UI shows about one node after a step, by value."""

    name: str
    role: str
    links: tuple[str, ...]
    addresses: tuple[IPv6Address, ...]
    home_address: IPv6Address | None = None
    care_of_address: IPv6Address | None = None
    binding_cache: tuple[BindingCacheEntry, ...] = ()
    binding_update_list: tuple[BindingUpdateListEntry, ...] = ()
    routes: tuple[tuple[str, str], ...] = ()  # (prefix, via) the HA installed for mobility
    failed: bool = False
    # a home agent's Home Agents List (RFC 6275 §10.5.1): the other home agents on its link
    home_agents_list: tuple[HomeAgentsListEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    index: int  # from 1
    time: int  # virtual µs
    kind: str  # "frame" | "timer" | "action"
    link: str | None
    tx: str | None
    rx: str | None  # None for a multicast frame or a step without a frame
    frame_bytes: bytes | None
    frame: EthernetFrame | None
    checksum_ok: bool | None
    problems: tuple[str, ...]
    events: tuple[Event, ...]
    changed: tuple[str, ...]  # nodes whose NodeState this step changed
    summary: str
    narration: str | None = None

    def summary_in(self, language: str = "en") -> str:
        """``summary`` in ``language``: a step without a frame is summed up by its first two
        events (Simulation._record), which render per language; a frame's summary is the
        codec's one-line description, in Wireshark's words."""
        if language == "en" or self.kind == "frame" or not self.events:
            return self.summary
        return "; ".join(event.render(language) for event in self.events[:2])

    @property
    def seconds(self) -> float:
        return self.time / MICROSECONDS

    @property
    def packet(self) -> IPv6Packet | None:
        return self.frame.packet if self.frame is not None else None


@dataclass
class Timeline:
    """Steps in order plus per-node state versions. Append-only while the engine runs."""

    initial_states: dict[str, NodeState]
    steps: list[Step] = field(default_factory=list)
    _versions: dict[str, tuple[list[int], list[NodeState]]] = field(default_factory=dict)

    def append(self, step: Step, states: Mapping[str, NodeState]) -> None:
        self.steps.append(step)
        for name, state in states.items():
            indices, values = self._versions.setdefault(name, ([], []))
            indices.append(step.index)
            values.append(state)

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __getitem__(self, index: int) -> Step:
        """Step by its 1-based index."""
        return self.steps[index - 1]

    def state_at(self, node: str, index: int) -> NodeState:
        """``node``'s state after step ``index`` (0 = before the first step)."""
        versions = self._versions.get(node)
        if versions is not None:
            position = bisect.bisect_right(versions[0], index)
            if position:
                return versions[1][position - 1]
        return self.initial_states[node]

    def states_at(self, index: int) -> dict[str, NodeState]:
        return {name: self.state_at(name, index) for name in self.initial_states}
