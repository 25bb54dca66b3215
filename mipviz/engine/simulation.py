"""The discrete-event core: virtual integer time, one heap, a seeded RNG, and the recorder.

Heap entries are ordered by ``(time, sequence)`` so ties break in scheduling order and a run
is deterministic (the SimPy model). Every frame handed to a link is encoded to bytes by
:mod:`mipviz.wire` and decoded from those bytes on arrival; receivers act only on the decoded
copy. Recording rules (what becomes a Step):

* a frame arriving on a link is a step; what its receivers did is in its events;
* a timer or script action that sends frames hands the notes made so far to each frame;
* a timer or action that sends nothing is a step of its own if it noted anything or changed
  any node's state.
"""

from __future__ import annotations

import gc
import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mipviz.engine.timeline import MICROSECONDS, Event, NodeState, Step, Timeline
from mipviz.i18n import Msg, msg
from mipviz.model.messages import EthernetFrame

if TYPE_CHECKING:
    from mipviz.engine.link import Interface, Link
    from mipviz.engine.node import Node


def seconds(value: float) -> int:
    """Seconds to virtual microseconds (the engine's integer time unit)."""
    return round(value * MICROSECONDS)


@dataclass(eq=False)
class Timer:
    """A scheduled callback; ``cancel()`` makes it a no-op when its time comes."""

    time: int
    callback: Callable[..., None]
    args: tuple[Any, ...]
    owner: Node | None
    kind: str = "timer"
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class _Activity:
    """What the engine is doing right now, so notes and state changes land on the right step."""

    kind: str  # "frame" | "timer" | "action"
    events: list[Event] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    sent_first: bool = False
    narration: str | None = None
    last_sent: _Arrival | None = None  # the last frame this timer or action sent


@dataclass(eq=False)
class _Arrival:
    link: Link
    sender: Interface
    frame_bytes: bytes
    sender_events: tuple[Event, ...]
    sender_changed: frozenset[str]


class Simulation:
    """Owns time, the heap, the RNG, the nodes and links, and the Timeline being written."""

    def __init__(self, seed: int = 1) -> None:
        self.now = 0
        self.rng = random.Random(seed)
        self.nodes: dict[str, Node] = {}
        self.links: dict[str, Link] = {}
        self._heap: list[tuple[int, int, Timer | _Arrival]] = []
        self._sequence = 0
        self._activity: _Activity | None = None
        self.timeline = Timeline(initial_states={})
        self.step_listeners: list[Callable[[Step], None]] = []
        self._pending_narration: str | None = None
        self.frames_encoded = 0
        # Timers that came due while their owner was failed: they wait for resume(), so a
        # restored node catches up (binding expiry, periodic RAs, retransmissions) instead of
        # silently losing them.
        self._parked: list[Timer] = []
        # What an ESP frame carries, for its step's summary (set by mipviz.engine.ipsec when
        # the run has Security Associations: the engine knows the keys; receivers still
        # decrypt for themselves).
        self.esp_summary: Callable[[EthernetFrame], str | None] | None = None

    def name_of(self, address: object) -> str | None:
        """The node that owns ``address`` (for readable notes), if any."""
        for node in self.nodes.values():
            if node.owns(address):  # type: ignore[arg-type]
                return node.name
        return None

    # ---------------------------------------------------------------------- scheduling
    def _push(self, time: int, item: Timer | _Arrival) -> None:
        self._sequence += 1
        heapq.heappush(self._heap, (time, self._sequence, item))

    def call_later(
        self, delay: int, callback: Callable[..., None], *args: Any, owner: Node | None = None,
        kind: str = "timer",
    ) -> Timer:
        timer = Timer(self.now + max(0, delay), callback, args, owner, kind)
        self._push(timer.time, timer)
        return timer

    def next_time(self) -> int | None:
        while self._heap:
            time, _, item = self._heap[0]
            if isinstance(item, Timer) and item.cancelled:
                heapq.heappop(self._heap)
                continue
            return time
        return None

    # ---------------------------------------------------------------------- recording
    def note(self, node: str, kind: str, text: Msg | str, before: str | None = None,
             after: str | None = None) -> None:
        event = Event(node, kind, text, before, after)
        if self._activity is None:  # outside any activity (building): start an action step
            self._activity = _Activity("action")
        self._activity.events.append(event)

    def mark_changed(self, node: str) -> None:
        if self._activity is None:
            self._activity = _Activity("action")
        self._activity.changed.add(node)

    def narrate(self, text: str) -> None:
        if self._activity is None:
            self._activity = _Activity("action")
        self._activity.narration = text

    def _snapshot(self, names: set[str] | frozenset[str]) -> dict[str, NodeState]:
        return {name: self.nodes[name].state() for name in sorted(names)}

    def _record(self, step_kind: str, activity: _Activity, *, link: str | None = None,
                tx: str | None = None, rx: str | None = None, frame_bytes: bytes | None = None,
                frame: EthernetFrame | None = None, checksum_ok: bool | None = None,
                problems: tuple[str, ...] = (), summary: str = "",
                extra_changed: frozenset[str] = frozenset()) -> Step:
        changed = set(activity.changed) | set(extra_changed)
        narration = activity.narration or self._pending_narration
        self._pending_narration = None
        if not summary:
            summary = "; ".join(event.text for event in activity.events[:2]) or step_kind
        step = Step(
            index=len(self.timeline.steps) + 1,
            time=self.now,
            kind=step_kind,
            link=link,
            tx=tx,
            rx=rx,
            frame_bytes=frame_bytes,
            frame=frame,
            checksum_ok=checksum_ok,
            problems=problems,
            events=tuple(activity.events),
            changed=tuple(sorted(changed)),
            summary=summary,
            narration=narration,
        )
        self.timeline.append(step, self._snapshot(changed))
        for listener in self.step_listeners:
            listener(step)
        return step

    def flush_action(self) -> Step | None:
        """Record what a script action (run outside the heap) did, if anything."""
        activity, self._activity = self._activity, None
        if activity is None:
            return None
        self._hand_over_late_changes(activity)
        if activity.events or activity.changed:
            return self._record(activity.kind, activity)
        if activity.narration:
            # Narration alone makes no step: it introduces whatever happens next (several
            # narrations in a row all introduce it, in order).
            pending = self._pending_narration
            self._pending_narration = (activity.narration if pending is None
                                       else f"{pending}\n\n{activity.narration}")
        return None

    def begin_action(self) -> None:
        self.flush_action()
        self._activity = _Activity("action")

    # ---------------------------------------------------------------------- frames
    def transmit(self, sender: Interface, frame: EthernetFrame) -> None:
        """Hand a frame to ``sender``'s link: encode it now, deliver it after the link delay."""
        from mipviz import wire  # the one scapy importer; imported late to keep start-up light

        link = sender.link
        if link is None:
            self.note(sender.node.name, "drop", msg("engine.simulation.no_link_attached_frame"))
            return
        frame_bytes = wire.encode_frame(frame)
        self.frames_encoded += 1
        events: tuple[Event, ...] = ()
        changed: frozenset[str] = frozenset()
        activity = self._activity
        if activity is not None and activity.kind != "frame":
            # Notes of a timer or action travel with the next frame it sends (module docstring).
            events, changed = tuple(activity.events), frozenset(activity.changed)
            activity.events.clear()
            activity.changed.clear()
            activity.sent_first = True
        arrival = _Arrival(link, sender, frame_bytes, events, changed)
        if activity is not None and activity.kind != "frame":
            activity.last_sent = arrival
        self._push(self.now + link.delay, arrival)

    @staticmethod
    def _hand_over_late_changes(activity: _Activity) -> None:
        """State changed after a timer's or action's last frame, with nothing noted: the change
        travels with that frame (its step snapshots the state on arrival) rather than making a
        blank step of its own, which would also take the next action's narration."""
        if activity.last_sent is not None and activity.changed and not activity.events:
            arrival = activity.last_sent
            arrival.sender_changed = arrival.sender_changed | frozenset(activity.changed)
            activity.changed.clear()

    def _deliver(self, arrival: _Arrival) -> None:
        from mipviz import wire

        decoded = wire.decode_frame(arrival.frame_bytes)
        frame = decoded.frame
        activity = _Activity("frame")
        activity.events.extend(arrival.sender_events)
        self._activity = activity
        receivers = arrival.link.receivers(frame.destination_mac, exclude=arrival.sender)
        processed_by: list[str] = []
        for interface in receivers:
            node = interface.node
            if node.failed:
                if interface.mac == frame.destination_mac:
                    activity.events.append(Event(node.name, "drop",
                                                 msg("engine.simulation.node_down",
                                                     name=node.name)))
                continue
            before = len(activity.events)
            node.receive(interface, frame)
            if len(activity.events) > before or interface.mac == frame.destination_mac:
                processed_by.append(node.name)
        for listener_interface in arrival.link.promiscuous:
            if listener_interface is not arrival.sender and not listener_interface.node.failed:
                listener_interface.node.overhear(listener_interface, frame)
        self._activity = None
        unicast = not (int(frame.destination_mac[:2], 16) & 1)
        if unicast and not receivers:
            activity.events.append(Event(
                arrival.sender.node.name, "drop",
                msg("engine.simulation.frame_lost", link=arrival.link.name,
                    mac=frame.destination_mac)))
        rx = None
        if unicast and receivers:
            rx = receivers[0].node.name
        esp = self.esp_summary(frame) if self.esp_summary is not None else None
        self._record(
            "frame", activity, link=arrival.link.name, tx=arrival.sender.node.name, rx=rx,
            frame_bytes=arrival.frame_bytes, frame=frame, checksum_ok=decoded.checksum_ok,
            problems=decoded.problems, summary=esp or wire.describe(frame),
            extra_changed=arrival.sender_changed,
        )

    def resume(self, node: Node) -> None:
        """``node`` works again: its timers that came due while it was failed run now, in the
        order they were due; the others were never held back."""
        waiting = [t for t in self._parked if t.owner is node]
        self._parked = [t for t in self._parked if t.owner is not node]
        for timer in waiting:
            timer.time = max(timer.time, self.now)
            self._push(timer.time, timer)

    # ---------------------------------------------------------------------- running
    def run_one(self) -> bool:
        """Process the next heap entry. Returns False when nothing is left."""
        self.flush_action()
        while self._heap:
            time, _, item = heapq.heappop(self._heap)
            if isinstance(item, Timer):
                if item.cancelled:
                    continue
                if item.owner is not None and item.owner.failed:
                    self._parked.append(item)
                    continue
                self.now = time
                self._activity = _Activity(item.kind)
                item.callback(*item.args)
                activity, self._activity = self._activity, None
                self._hand_over_late_changes(activity)
                if activity.events or activity.changed:
                    self._record(activity.kind, activity)
                return True
            self.now = time
            self._deliver(item)
            return True
        return False

    def run_until(self, time: int, stop: Callable[[], bool] | None = None) -> bool:
        """Run every entry due at or before ``time``; True if ``stop()`` became true first.

        The cycle collector waits meanwhile, as in ``mipviz dump``: a run allocates frames,
        events and node states that the timeline keeps (nearly nothing it makes is cyclic
        garbage), so each full collection walked the whole growing timeline and found
        nothing — a fifth of the 1,000-mobile-node benchmark's CPU time (benchmarks/README.md).
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.flush_action()
            while True:
                if stop is not None and stop():
                    return True
                next_time = self.next_time()
                if next_time is None or next_time > time:
                    break
                self.run_one()
            self.now = max(self.now, time)
            return stop is not None and stop()
        finally:
            if collecting:
                gc.enable()
