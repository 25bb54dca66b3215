"""The IPv6 layer every node shares: output routing, neighbour resolution, header processing.

Role classes (router, home agent, mobile node, correspondents, attackers) override the hooks
this class calls — ``on_routing_header_type2``, ``on_home_address_option``, ``on_tunnelled``,
``on_mobility`` and the ICMPv6 handler table — never the processing order itself, which
follows RFC 8200 §4.1 (extension headers in the order they appear).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import (
    ALL_NODES,
    UNSPECIFIED,
    is_multicast_mac,
    multicast_mac,
)
from mipviz.engine.link import Interface, Link
from mipviz.engine.timeline import NodeState
from mipviz.i18n import Msg, msg
from mipviz.model.messages import (
    DestinationOptionsHeader,
    DestinationUnreachable,
    EchoReply,
    EchoRequest,
    EncapsulatingSecurityPayload,
    EthernetFrame,
    HomeAddressOption,
    ICMPv6Message,
    IPv6Packet,
    MobilityMessage,
    NeighborAdvertisement,
    NeighborSolicitation,
    ParameterProblem,
    Payload,
    RoutingHeaderType2,
    UDPDatagram,
    UnknownICMPv6,
    UnknownPayload,
)

if TYPE_CHECKING:
    from mipviz.engine.ipsec import IpsecEndpoint
    from mipviz.engine.simulation import Simulation

MOBILITY_HEADER_TYPES: tuple[type, ...] = MobilityMessage.__args__
ICMPV6_TYPES: tuple[type, ...] = ICMPv6Message.__args__

MINIMUM_MTU = 1280  # RFC 8200 §5
NEXT_HEADER_FIELD_OFFSET = 6  # octet offset of Next Header in the fixed IPv6 header


@dataclass(frozen=True, slots=True)
class Received:
    """A packet as the upper layer sees it, with how it arrived.

    ``packet`` has had the RFC 6275 address swaps applied (source = home address after a HAO,
    destination = home address after an RH2). ``on_wire`` is the packet as it crossed the link;
    ``tunnel`` is the outer header when it was decapsulated here.
    """

    interface: Interface
    packet: IPv6Packet
    on_wire: IPv6Packet
    tunnel: IPv6Packet | None = None
    home_address_option: IPv6Address | None = None  # the HAO's address (now the source)
    routing_header_type2: bool = False
    esp: int | None = None  # the SPI of the ESP SA that protected it (mipviz.engine.ipsec)


def short(address: IPv6Address | None) -> str:
    return "-" if address is None else str(address)


class Node:
    """A host: one or more interfaces, no forwarding, no mobility support."""

    role: ClassVar[str] = "host"
    is_router: ClassVar[bool] = False
    ipsec: IpsecEndpoint | None = None  # MN–HA ESP (RFC 6275 §5.1), set by ipsec.configure

    def __init__(self, sim: Simulation, name: str) -> None:
        self.sim = sim
        self.name = name
        self.interfaces: list[Interface] = []
        self.failed = False
        self.default_router: IPv6Address | None = None
        self.on_link_prefixes: list[IPv6Network] = []
        self.udp_listeners: list[Callable[[Received, UDPDatagram], None]] = []
        self.echo_listeners: list[Callable[[Received, EchoReply], None]] = []
        # Listeners for the Echo Replies of one Identifier (a flow's): a correspondent with
        # 1,000 flows offered each reply to all 1,000 (benchmarks/README.md).
        self.echo_listeners_by_identifier: dict[
            int, list[Callable[[Received, EchoReply], None]]] = {}
        self._icmp_handlers: dict[type, Callable[[Received, ICMPv6Message], None]] = {
            EchoRequest: self._on_echo_request,  # type: ignore[dict-item]
            EchoReply: self._on_echo_reply,  # type: ignore[dict-item]
            NeighborSolicitation: self._on_neighbor_solicitation,  # type: ignore[dict-item]
            NeighborAdvertisement: self._on_neighbor_advertisement,  # type: ignore[dict-item]
            # RFC 2473 §8: errors about our tunnel packets go on to the original source.
            DestinationUnreachable: self._on_icmp_error,
            ParameterProblem: self._on_icmp_error,
            UnknownICMPv6: self._on_icmp_error,
        }

    # ------------------------------------------------------------------ set-up and state
    def add_interface(self, mac: str, link: Link | None, name: str | None = None) -> Interface:
        interface = Interface(self, name or f"eth{len(self.interfaces)}", mac)
        self.interfaces.append(interface)
        if link is not None:
            interface.link = link
            link.attach(interface)
        return interface

    def note(self, kind: str, text: Msg | str, before: str | None = None,
             after: str | None = None) -> None:
        self.sim.note(self.name, kind, text, before, after)

    def changed(self) -> None:
        self.sim.mark_changed(self.name)

    def all_addresses(self) -> list[IPv6Address]:
        return [a for i in self.interfaces for a in i.addresses]

    def owns(self, address: IPv6Address) -> bool:
        return any(address in i.addresses for i in self.interfaces)

    def primary_address(self) -> IPv6Address:
        for interface in self.interfaces:
            addresses = interface.global_addresses()
            if addresses:
                return addresses[0]
        return self.interfaces[0].link_local

    def state(self) -> NodeState:
        return NodeState(
            name=self.name,
            role=self.role,
            links=tuple(i.link.name for i in self.interfaces if i.link is not None),
            addresses=tuple(a for i in self.interfaces for a in i.global_addresses()),
            failed=self.failed,
        )

    # ------------------------------------------------------------------ output
    def route(self, destination: IPv6Address) -> tuple[Interface, IPv6Address] | None:
        """Choose the outgoing interface and next hop (RFC 4861 §5.2 conceptual sending)."""
        attached = [i for i in self.interfaces if i.link is not None]
        if not attached:
            return None
        interface = attached[0]
        if destination.is_multicast or destination.is_link_local:
            return interface, destination
        for candidate in attached:
            if any(destination in prefix for prefix in self.on_link_prefixes) and (
                candidate.link is not None and destination in candidate.link.prefix
            ):
                return candidate, destination
        if self.default_router is None:
            return None
        return interface, self.default_router

    def resolve(self, interface: Interface, next_hop: IPv6Address) -> str | None:
        """The link-layer address for ``next_hop`` (RFC 4861 §7.2), from the neighbour cache."""
        if next_hop.is_multicast:
            return multicast_mac(next_hop)
        mac = interface.neighbor_cache.get(next_hop)
        if mac is not None:
            return mac
        if interface.link is None:
            return None
        owner = interface.link.owner_of(next_hop)
        if owner is None:
            return None
        if next_hop in owner.anycast:
            return owner.mac  # not cached: another member may answer next time (RFC 4861 §7.2.7)
        interface.neighbor_cache[next_hop] = owner.mac
        return owner.mac

    def send_packet(self, packet: IPv6Packet) -> None:
        """IP output for a locally originated packet; mobility roles override ``output``."""
        self.output(packet)

    def output(self, packet: IPv6Packet) -> None:
        self.transmit_packet(packet)

    def transmit_packet(self, packet: IPv6Packet, interface: Interface | None = None,
                        next_hop: IPv6Address | None = None) -> None:
        """Put ``packet`` on a link as-is (no mobility processing), through ESP when this
        node's Security Policy Database selects it (:mod:`mipviz.engine.ipsec`)."""
        if self.ipsec is not None:
            packet = self.ipsec.outbound(packet)
        if interface is None or next_hop is None:
            chosen = self.route(packet.destination)
            if chosen is None:
                self.note("drop", msg("engine.node.no_route_packet_dropped",
                                      destination=packet.destination))
                return
            interface, next_hop = chosen
        mac = self.resolve(interface, next_hop)
        if mac is None:
            self.note("drop", msg("engine.node.address_resolution_failed_packet",
                                  next_hop=next_hop))
            return
        self.sim.transmit(interface, EthernetFrame(interface.mac, mac, packet))

    def send_on_link(self, interface: Interface, packet: IPv6Packet) -> None:
        """Send to a multicast or on-link destination out of a given interface."""
        self.transmit_packet(packet, interface, packet.destination)

    def icmp_error_source(self, received_on: Interface) -> IPv6Address:
        addresses = received_on.global_addresses()
        return addresses[0] if addresses else received_on.link_local

    # ------------------------------------------------------------------ input
    def receive(self, interface: Interface, frame: EthernetFrame) -> None:
        """A frame the link delivered to this interface (its MAC or a joined group)."""
        packet = frame.packet
        if interface.listens_to(packet.destination) or self.owns(packet.destination):
            self.deliver(interface, packet)
        elif packet.destination in interface.proxied:
            self.intercept(interface, packet)
        elif self.is_router and not is_multicast_mac(frame.destination_mac):
            self.forward(interface, packet)

    def overhear(self, interface: Interface, frame: EthernetFrame) -> None:
        """A frame seen in promiscuous mode (only eavesdroppers care)."""

    def intercept(self, interface: Interface, packet: IPv6Packet) -> None:
        """A packet for an address this node proxies (the home agent overrides this)."""

    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        """Routers override this."""

    def next_hop_copy(self, packet: IPv6Packet) -> IPv6Packet | None:
        """The packet as a router forwards it (RFC 8200 §3): Hop Limit one less; None — with
        the reason noted — when it must not go on (exhausted, or link-local scope)."""
        if packet.destination.is_link_local or packet.source.is_link_local:
            return None
        if packet.hop_limit <= 1:
            self.note("drop", msg("engine.node.hop_limit_exceeded_dropped",
                                  destination=packet.destination))
            return None
        return replace(packet, hop_limit=packet.hop_limit - 1)

    def deliver(self, interface: Interface, packet: IPv6Packet,
                tunnel: IPv6Packet | None = None) -> None:
        """Local delivery: process extension headers in order, then the upper layer.

        ``tunnel`` is the outer header when ``packet`` came out of an IPv6-in-IPv6 tunnel.
        """
        upper = packet
        hao: IPv6Address | None = None
        rh2 = False
        for position, header in enumerate(packet.extension_headers):
            if isinstance(header, RoutingHeaderType2):
                swapped = self.on_routing_header_type2(interface, upper, header)
                if swapped is None:
                    return
                upper, rh2 = swapped, True
            elif isinstance(header, DestinationOptionsHeader):
                option = header.home_address_option
                if option is not None:
                    swapped = self.on_home_address_option(interface, upper, option, position)
                    if swapped is None:
                        return
                    upper, hao = swapped, option.home_address
        received = Received(interface, upper, packet, tunnel, hao, rh2)
        self.dispatch(received)

    def dispatch(self, received: Received) -> None:
        payload: Payload = received.packet.payload
        ipsec = self.ipsec
        if isinstance(payload, IPv6Packet):
            if ipsec is None or ipsec.allows_tunnelled(received, payload):
                self.on_tunnelled(received, payload)
        elif isinstance(payload, MOBILITY_HEADER_TYPES):
            if ipsec is None or ipsec.allows_mobility(received, payload):  # type: ignore[arg-type]
                self.on_mobility(received, payload)  # type: ignore[arg-type]
        elif isinstance(payload, EncapsulatingSecurityPayload):
            if ipsec is not None:
                ipsec.inbound(received, payload)
            else:
                self.note("drop", msg("ipsec.reject.no_sa", spi=f"0x{payload.spi:08x}"))
        elif isinstance(payload, ICMPV6_TYPES):
            handler = self._icmp_handlers.get(type(payload))
            if handler is not None:
                handler(received, payload)  # type: ignore[arg-type]
        elif isinstance(payload, UDPDatagram):
            for listener in self.udp_listeners:
                listener(received, payload)
        elif isinstance(payload, UnknownPayload):
            self.note("drop", msg("engine.node.unknown_next_header_dropped",
                                  next_header=payload.next_header))

    # ------------------------------------------------------------------ hooks
    def on_routing_header_type2(self, interface: Interface, packet: IPv6Packet,
                                header: RoutingHeaderType2) -> IPv6Packet | None:
        """RFC 6275 §6.4: a node without mobile node functions drops packets with an RH2."""
        self.note("drop", msg("engine.node.type_2_routing_header"))
        return None

    def on_home_address_option(self, interface: Interface, packet: IPv6Packet,
                               option: HomeAddressOption, position: int) -> IPv6Packet | None:
        """RFC 8200 §4.2: option type 0xC9 has high bits 11 — discard and, for a unicast
        destination, send Parameter Problem code 2 pointing at the option."""
        pointer = self._home_address_option_pointer(packet, position)
        self.note("drop", msg("engine.node.home_address_option_not"))
        if not packet.destination.is_multicast:
            self.send_parameter_problem(interface, packet, code=2, pointer=pointer)
        return None

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        self.note("drop", msg("engine.node.ipv6_ipv6_packet_node"))

    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        """No Mobile IPv6: Next Header 135 is unknown, so RFC 8200 §4 says Parameter Problem
        code 1 pointing at the Next Header field that named it (RFC 6275 §11.4.1 relies on it)."""
        packet = received.on_wire
        pointer = self._next_header_pointer(packet)
        self.note("drop", msg("engine.node.mobility_header_not_understood"))
        self.send_parameter_problem(received.interface, packet, code=1, pointer=pointer)

    # ------------------------------------------------------------------ ICMPv6
    def send_parameter_problem(self, interface: Interface, packet: IPv6Packet, code: int,
                               pointer: int) -> None:
        from mipviz.engine.codec import packet_bytes

        # RFC 4443 §2.4 (c): as much of the invoking packet as fits the minimum MTU of
        # 1280 octets after the error's own IPv6 (40) and ICMPv6 (8) headers: 1232 octets.
        invoking = packet_bytes(packet)[:MINIMUM_MTU - 40 - 8]
        error = IPv6Packet(
            source=self.icmp_error_source(interface),
            destination=packet.source,
            payload=ParameterProblem(code=code, pointer=pointer, invoking_packet=invoking),
        )
        self.send_packet(error)

    @staticmethod
    def _next_header_pointer(packet: IPv6Packet) -> int:
        """Offset of the Next Header field naming the upper layer (RFC 4443 §3.4 pointer)."""
        offset, field_offset = 40, NEXT_HEADER_FIELD_OFFSET
        for header in packet.extension_headers:
            field_offset = offset
            offset += 24 if isinstance(header, RoutingHeaderType2) else _dest_opts_length(header)
        return field_offset

    @staticmethod
    def _home_address_option_pointer(packet: IPv6Packet, position: int) -> int:
        offset = 40
        for header in packet.extension_headers[:position]:
            offset += 24 if isinstance(header, RoutingHeaderType2) else _dest_opts_length(header)
        return offset + 6  # after Next Header, Hdr Ext Len and PadN(4) (RFC 6275 §6.3)

    def _on_echo_request(self, received: Received, message: EchoRequest) -> None:
        reply = IPv6Packet(
            source=received.packet.destination,
            destination=received.packet.source,
            payload=EchoReply(message.identifier, message.sequence, message.data),
        )
        self.send_packet(reply)

    def _on_echo_reply(self, received: Received, message: EchoReply) -> None:
        for listener in self.echo_listeners:
            listener(received, message)
        for listener in self.echo_listeners_by_identifier.get(message.identifier, ()):
            listener(received, message)

    def _on_neighbor_solicitation(self, received: Received,
                                  message: NeighborSolicitation) -> None:
        """Answer for our own addresses and proxied ones (RFC 4861 §7.2.4, RFC 6275 §10.4.1)."""
        interface = received.interface
        target = message.target
        proxy = target in interface.proxied and target not in interface.addresses
        if target not in interface.addresses and not proxy:
            return
        solicited = received.packet.source != UNSPECIFIED
        destination = received.packet.source if solicited else ALL_NODES
        if not solicited and not proxy:
            # DAD for one of our addresses by someone else: defend it (RFC 4862 §5.4.3).
            self.note("note", msg("engine.node.ns_unspecified_address_answer", target=target))
        elif not solicited:
            self.note("note", msg("engine.rfc.proxy_defends_unspecified_ns", target=target))
        # RFC 6275 §10.4.1: a proxy NA has R = 0 unless it stands for a mobile router
        # (RFC 3963 §6.3); the proxy decides.
        router = self.proxy_is_router(target) if proxy else self.is_router
        advertisement = NeighborAdvertisement(
            target=target, router=router, solicited=solicited, override=not proxy,
            target_link_layer=interface.mac,
        )
        self.send_on_link(interface, IPv6Packet(
            source=interface.link_local if proxy else target, destination=destination,
            payload=advertisement, hop_limit=255,
        ))

    def _on_icmp_error(self, received: Received, message: ICMPv6Message) -> None:
        from mipviz.engine.tunnel import on_icmp_error

        on_icmp_error(self, message)

    def proxy_is_router(self, target: IPv6Address) -> bool:
        """The R flag of a proxy NA for ``target`` (a home agent overrides this)."""
        return False

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        """RFC 4861 §7.2.5: an NA with O set overrides the cached link-layer address."""
        interface = received.interface
        if message.target_link_layer is None:
            return
        cached = interface.neighbor_cache.get(message.target)
        if cached is None and received.packet.destination.is_multicast:
            return  # unsolicited NA for an unknown neighbour creates no entry
        if cached != message.target_link_layer and (message.override or cached is None):
            interface.neighbor_cache[message.target] = message.target_link_layer
            self.note("cache", msg("engine.node.neighbour_cache_now", target=message.target,
                                   target_link_layer=message.target_link_layer), before=cached,
                      after=message.target_link_layer)


def _dest_opts_length(header: object) -> int:
    """Octets of an extension header as the codec lays it out: a Destination Options header
    holding the HAO (PadN(4) + HAO) and an RH2 are both 24 octets (RFC 6275 §6.3, §6.4)."""
    return 24


def replace(packet: IPv6Packet, **changes: object) -> IPv6Packet:
    return dataclasses.replace(packet, **changes)  # type: ignore[arg-type]
