"""Traffic flows a lesson starts between two nodes: ICMPv6 echo or one-way UDP.

A flow's statistics (sent, delivered, lost, the gaps during handovers) are what makes
"sessions survive a move" (lecture S02) and handover latency (S23) measurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.messages import EchoReply, EchoRequest, IPv6Packet, UDPDatagram
from mipviz.engine.node import Node, Received
from mipviz.engine.simulation import Timer

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
                 destination_address: IPv6Address, kind: str, interval: int, count: int) -> None:
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
        if kind == "echo":
            source.echo_listeners.append(self._on_echo_reply)
        else:
            destination.udp_listeners.append(self._on_datagram)

    def start(self) -> None:
        self._send()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _send(self) -> None:
        self._timer = None
        self._sequence += 1
        self.stats.sent += 1
        if self.kind == "echo":
            payload: EchoRequest | UDPDatagram = EchoRequest(
                self.number, self._sequence, f"{self.name} #{self._sequence}".encode())
        else:
            payload = UDPDatagram(UDP_SOURCE_PORT_BASE + self.number, UDP_DISCARD_PORT,
                                  f"{self.name} #{self._sequence}".encode())
        self.source.note("send", f"flow {self.name}: {self.kind} #{self._sequence} to "
                         f"{self.destination.name}")
        self.source.send_packet(IPv6Packet(self.source_address, self.destination_address,
                                           payload))
        if self.count == 0 or self._sequence < self.count:
            self._timer = self.sim.call_later(self.interval, self._send, owner=self.source)

    def _delivered(self, node: Node, sequence: int, path: str) -> None:
        if sequence in self.stats.delivered_sequences:
            return
        stats = self.stats
        stats.delivered_sequences.add(sequence)
        stats.delivered += 1
        if stats.last_delivery is not None:
            stats.longest_gap = max(stats.longest_gap, self.sim.now - stats.last_delivery)
        stats.last_delivery = self.sim.now
        node.note("data-delivered", f"flow {self.name}: #{sequence} delivered {path}")

    def _on_echo_reply(self, received: Received, message: EchoReply) -> None:
        if message.identifier == self.number and received.packet.source == \
                self.destination_address:
            self._delivered(self.source, message.sequence, _path(received))

    def _on_datagram(self, received: Received, message: UDPDatagram) -> None:
        if message.source_port != UDP_SOURCE_PORT_BASE + self.number:
            return
        try:
            sequence = int(message.payload.rsplit(b"#", 1)[1])
        except (IndexError, ValueError):
            return
        self._delivered(self.destination, sequence, _path(received))


def _path(received: Received) -> str:
    if received.tunnel is not None:
        return "through the home agent's tunnel"
    if received.routing_header_type2:
        return "route-optimised (Type 2 Routing Header)"
    if received.home_address_option is not None:
        return "route-optimised (Home Address option)"
    return "by ordinary routing"
