"""Traffic flows a lesson starts between two nodes: ICMPv6 echo or one-way UDP.

A flow's statistics (sent, delivered, lost, the gaps during handovers) are what makes
"sessions survive a move" (lecture S02) and handover latency (S23) measurable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.node import Node, Received
from mipviz.engine.simulation import Timer
from mipviz.engine.timeline import MICROSECONDS, Step
from mipviz.i18n import Msg, msg
from mipviz.model.messages import EchoReply, EchoRequest, IPv6Packet, UDPDatagram

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

UDP_DISCARD_PORT = 9  # RFC 863
UDP_SOURCE_PORT_BASE = 40000


@dataclass
class FlowStatistics:
    sent: int = 0
    delivered: int = 0
    last_delivery: int | None = None
    longest_gap: int = 0  # µs between consecutive deliveries, the handover interruption
    delivered_sequences: set[int] = field(default_factory=set)
    last_latency: int = 0  # µs: round trip for echo, one way for UDP
    last_crossings: int = 0  # links the last delivered packet (and its reply) crossed
    direct_crossings: int = 0  # the same over the shortest path between the two nodes
    direct_latency: int = 0

    @property
    def lost(self) -> int:
        return self.sent - self.delivered


class Flow:
    """``source`` sends to ``destination`` every ``interval`` µs, ``count`` times (0 = forever).

    An echo flow counts a sequence as delivered when its Echo Reply returns to the source;
    a UDP flow when the datagram reaches the destination.
    """

    def __init__(self, sim: Simulation, name: str, number: int, source: Node,
                 source_address: IPv6Address, destination: Node,
                 destination_address: IPv6Address, kind: str, interval: int, count: int,
                 direct_path: Callable[[], tuple[int, int]] | None = None) -> None:
        self.sim = sim
        self.name = name
        self.number = number
        self.source = source
        self.source_address = source_address
        self.destination = destination
        self.destination_address = destination_address
        self.kind = kind
        self.interval = interval
        self.count = count
        self.stats = FlowStatistics()
        self._timer: Timer | None = None
        self._sequence = 0
        self._direct_path = direct_path
        self._sent_at: dict[int, int] = {}
        self._crossings: dict[int, int] = {}
        if kind == "echo":
            # only replies with this flow's Identifier can be its own (_on_echo_reply)
            source.echo_listeners_by_identifier.setdefault(number, []).append(
                self._on_echo_reply)
        else:
            destination.udp_listeners.append(self._on_datagram)

    def start(self) -> None:
        observers = _observers(self.sim)
        assert observers is not None
        observers.add(self)
        self._send()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        observers = _observers(self.sim, create=False)
        if observers is not None:
            observers.discard(self)

    def _observe(self, step: Step) -> None:
        """Count the link crossings of this flow's packets (every hop is one step)."""
        if step.frame is None:
            return
        payload = step.frame.packet.innermost.payload
        if isinstance(payload, EchoRequest | EchoReply) and payload.identifier == self.number:
            sent = self._unwrapped(payload.sequence)
            self._crossings[sent] = self._crossings.get(sent, 0) + 1
        elif isinstance(payload, UDPDatagram) and \
                payload.source_port == UDP_SOURCE_PORT_BASE + self.number:
            sequence = _sequence_of(payload)
            if sequence is not None:
                self._crossings[sequence] = self._crossings.get(sequence, 0) + 1

    def _send(self) -> None:
        self._timer = None
        self._sequence += 1
        self.stats.sent += 1
        self._sent_at[self._sequence] = self.sim.now
        if self.kind == "echo":
            # RFC 4443 4.1: the 16-bit Sequence Number only helps match replies; it wraps
            payload: EchoRequest | UDPDatagram = EchoRequest(
                self.number, self._sequence & 0xFFFF, f"{self.name} #{self._sequence}".encode())
        else:
            payload = UDPDatagram(UDP_SOURCE_PORT_BASE + self.number, UDP_DISCARD_PORT,
                                  f"{self.name} #{self._sequence}".encode())
        self.source.note("send", msg("engine.flows.sent", name=self.name, kind=self.kind,
                                     sequence=self._sequence, destination=self.destination.name))
        self.source.send_packet(IPv6Packet(self.source_address, self.destination_address,
                                           payload))
        if self.count == 0 or self._sequence < self.count:
            self._timer = self.sim.call_later(self.interval, self._send, owner=self.source)

    def _delivered(self, node: Node, sequence: int, path: Msg) -> None:
        if sequence in self.stats.delivered_sequences:
            return
        stats = self.stats
        stats.delivered_sequences.add(sequence)
        missing = sequence - 1 - max((s for s in stats.delivered_sequences if s < sequence),
                                     default=0)
        stats.delivered += 1
        if stats.last_delivery is not None:
            gap = self.sim.now - stats.last_delivery
            stats.longest_gap = max(stats.longest_gap, gap)
            if missing > 0:
                node.note("note", msg("engine.flows.lost", name=self.name, missing=missing,
                                      gap=f"{gap / MICROSECONDS:.3f}"))
        stats.last_delivery = self.sim.now
        # The frame arriving now is counted by _observe only after this step is recorded.
        stats.last_crossings = self._crossings.get(sequence, 0) + 1
        stats.last_latency = self.sim.now - self._sent_at.get(sequence, self.sim.now)
        measured = msg("engine.flows.measured", latency=f"{stats.last_latency / 1000:g}",
                       crossings=stats.last_crossings)
        if self._direct_path is not None:
            crossings, delay = self._direct_path()
            factor = 2 if self.kind == "echo" else 1
            stats.direct_crossings, stats.direct_latency = crossings * factor, delay * factor
            measured = msg("engine.flows.measured_direct", measured=measured,
                           direct_crossings=stats.direct_crossings,
                           direct_latency=f"{stats.direct_latency / 1000:g}")
        node.note("data-delivered", msg("engine.flows.delivered", name=self.name,
                                        sequence=sequence, path=path, measured=measured))

    def _unwrapped(self, sequence: int) -> int:
        """The latest echo sent whose 16-bit Sequence Number is ``sequence``."""
        return self._sequence - ((self._sequence - sequence) & 0xFFFF)

    def _on_echo_reply(self, received: Received, message: EchoReply) -> None:
        if message.identifier == self.number and received.packet.source == \
                self.destination_address:
            self._delivered(self.source, self._unwrapped(message.sequence), _path(received))

    def _on_datagram(self, received: Received, message: UDPDatagram) -> None:
        if message.source_port != UDP_SOURCE_PORT_BASE + self.number:
            return
        sequence = _sequence_of(message)
        if sequence is not None:
            self._delivered(self.destination, sequence, _path(received))


class _Observers:
    """One step listener for all the running flows of a simulation.

    Each running flow counts the link crossings of its own packets (``Flow._observe``). A
    listener per flow made every recorded step cost O(running flows) — 44 million calls in
    the 1,000-mobile-node benchmark (benchmarks/README.md) — so this one listener hands a
    frame only to the flows whose number its echo identifier or UDP source port carries.
    """

    def __init__(self) -> None:
        self.by_number: dict[int, list[Flow]] = {}

    def add(self, flow: Flow) -> None:
        self.by_number.setdefault(flow.number, []).append(flow)

    def discard(self, flow: Flow) -> None:
        flows = self.by_number.get(flow.number, [])
        if flow in flows:
            flows.remove(flow)

    def __call__(self, step: Step) -> None:
        if step.frame is None:
            return
        payload = step.frame.packet.innermost.payload
        if isinstance(payload, EchoRequest | EchoReply):
            number = payload.identifier
        elif isinstance(payload, UDPDatagram):
            number = payload.source_port - UDP_SOURCE_PORT_BASE
        else:
            return
        for flow in self.by_number.get(number, ()):
            flow._observe(step)


def _observers(sim: Simulation, create: bool = True) -> _Observers | None:
    """The simulation's flow listener, added to its step listeners by the first flow."""
    for listener in sim.step_listeners:
        if isinstance(listener, _Observers):
            return listener
    if not create:
        return None
    observers = _Observers()
    sim.step_listeners.append(observers)
    return observers


def _path(received: Received) -> Msg:
    if received.tunnel is not None:
        return msg("engine.flows.path.tunnel")
    if received.routing_header_type2:
        return msg("engine.flows.path.routing_header")
    if received.home_address_option is not None:
        return msg("engine.flows.path.home_address_option")
    return msg("engine.flows.path.ordinary")


def _sequence_of(message: UDPDatagram) -> int | None:
    try:
        return int(message.payload.rsplit(b"#", 1)[1])
    except (IndexError, ValueError):
        return None
