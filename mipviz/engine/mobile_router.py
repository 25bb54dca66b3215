"""The mobile router of NEMO Basic Support (RFC 3963): a mobile node that routes for a network.

Its first interface is the *egress* one, which moves between access networks exactly like a
mobile node's; the others are *ingress* links carrying its Mobile Network Prefixes, where local
fixed nodes live that know nothing of mobility. It registers with the R flag (and, in explicit
mode, a Mobile Network Prefix option per prefix) and, while away, exchanges every packet of its
network with its home agent through the bidirectional tunnel (RFC 3963 §5.5): there is no route
optimisation in Basic Support.
"""

from __future__ import annotations

import dataclasses
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import ALL_NODES, ALL_ROUTERS, UNSPECIFIED
from mipviz.engine.link import Interface
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.node import Received
from mipviz.engine.router import MAX_RA_DELAY_TIME
from mipviz.engine.timeline import NodeState
from mipviz.i18n import msg
from mipviz.model.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingUpdate,
    IPv6Packet,
    MobileNetworkPrefix,
    MobilityOption,
    PrefixInformation,
    RouterAdvertisement,
    RouterSolicitation,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

ROUTER_LIFETIME = 1800  # seconds, advertised on the ingress links


class MobileRouter(MobileNode):
    role: ClassVar[str] = "mobile-router"
    is_router: ClassVar[bool] = True

    def __init__(self, sim: Simulation, name: str, *, home_address: IPv6Address,
                 home_prefix: IPv6Network, home_agent: IPv6Address | None, home_agent_name: str,
                 binding_lifetime: int = 420, nemo_mode: str = "implicit",
                 announced_prefixes: tuple[IPv6Network, ...] | None = None) -> None:
        super().__init__(sim, name, home_address=home_address, home_prefix=home_prefix,
                         home_agent=home_agent, home_agent_name=home_agent_name,
                         route_optimization=False, binding_lifetime=binding_lifetime)
        self.nemo_mode = nemo_mode
        self.announced_prefixes = announced_prefixes
        self._icmp_handlers[RouterSolicitation] = self._on_router_solicitation  # type: ignore[assignment]

    # ------------------------------------------------------------------ the mobile network
    @property
    def ingress(self) -> list[Interface]:
        return self.interfaces[1:]

    @property
    def mobile_network_prefixes(self) -> list[IPv6Network]:
        return [i.link.prefix for i in self.ingress if i.link is not None]

    def in_mobile_network(self, address: IPv6Address) -> bool:
        return any(address in prefix for prefix in self.mobile_network_prefixes)

    def add_interface(self, mac: str, link: object, name: str | None = None) -> Interface:
        interface = super().add_interface(mac, link, name)  # type: ignore[arg-type]
        if len(self.interfaces) > 1:
            interface.join_group(ALL_ROUTERS)
        return interface

    def state(self) -> NodeState:
        routes = tuple((str(prefix), "ingress (mobile network)")
                       for prefix in self.mobile_network_prefixes)
        return dataclasses.replace(super().state(), routes=routes)

    # ------------------------------------------------------------------ registration (§5.1)
    def _home_registration_bu(self, lifetime: int, careof: IPv6Address) -> BindingUpdate:
        """RFC 3963 §5.1: R set; explicit mode lists every prefix, in every BU (§5.2)."""
        options: list[MobilityOption] = [AlternateCareofAddress(careof)]
        if self.nemo_mode == "explicit" and lifetime > 0:
            prefixes = (self.announced_prefixes if self.announced_prefixes is not None
                        else tuple(self.mobile_network_prefixes))
            options += [MobileNetworkPrefix(prefix) for prefix in prefixes]
        return BindingUpdate(
            sequence=self.home.sequence, lifetime=lifetime, acknowledge=True,
            home_registration=True, mobile_router=True, options=tuple(options))

    def _on_home_binding_acknowledgement(self, message: BindingAcknowledgement) -> None:
        if message.status < 128 and not message.mobile_router and message.lifetime > 0:
            # RFC 3963 §5.3: accepted without R means the HA does not forward for prefixes.
            self.note("note", msg("engine.mobile_router.ba_accepted_without_r"))
        elif message.status in (140, 141, 142, 143):
            self.note("note", msg("engine.mobile_router.nemo_registration_refused_status",
                                  status=message.status))
        super()._on_home_binding_acknowledgement(message)

    # ------------------------------------------------------------------ forwarding (§5.5)
    def route(self, destination: IPv6Address) -> tuple[Interface, IPv6Address] | None:
        for interface in self.ingress:
            if interface.link is not None and destination in interface.link.prefix:
                return interface, destination
        return super().route(destination)

    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        """Between the mobile network and the world: natively at home, tunnelled away."""
        forwarded = self.next_hop_copy(packet)
        if forwarded is None:
            return
        if self.in_mobile_network(packet.destination):
            self.transmit_packet(forwarded)
            return
        if interface is self.interface or self.at_home:
            self.transmit_packet(forwarded)
            return
        if not self.tunnel_ready():
            # RFC 3963 §5.3, §5.5: away from home the mobile network's traffic goes through
            # the tunnel, which exists only once the BA accepted the current care-of address;
            # sent natively it would leave with a source the visited network cannot route back.
            self.note("drop", msg("engine.rfc.mobile_network_no_tunnel",
                                  source=packet.source, destination=packet.destination))
            return
        if not self.in_mobile_network(packet.source):
            self.note("drop", msg("engine.mobile_router.source_not_mobile_network",
                                  source=packet.source))
            return
        self._reverse_tunnel(forwarded)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """RFC 3963 §5.5: from our HA, for our home address or a node of our network."""
        outer = received.packet
        if outer.source != self.home.peer_address or not (
                inner.destination == self.home_address
                or self.in_mobile_network(inner.destination)):
            self.note("drop", msg("engine.mobile_router.tunnelled_packet_neither_our",
                                  source=outer.source, destination=inner.destination))
            return
        if inner.destination == self.home_address:
            super().on_tunnelled(received, inner)
            return
        self.note("decapsulate", msg("engine.mobile_router.decapsulated_packet_home_agent",
                                     destination=inner.destination),
                  before=str(outer.destination), after=str(inner.destination))
        self.forward(received.interface, inner)

    # ------------------------------------------------------------------ ingress RAs (§5.6)
    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        if received.interface is self.interface:  # only the egress interface roams
            super()._on_router_advertisement(received, message)

    def _on_router_solicitation(self, received: Received, message: RouterSolicitation) -> None:
        """Advertise the Mobile Network Prefix on the ingress links, never on the egress."""
        interface = received.interface
        if interface is self.interface or interface.link is None:
            return
        source = received.packet.source
        destination = source if source != UNSPECIFIED else ALL_NODES
        # RFC 4861 §6.2.6: a solicited RA waits a random 0..MAX_RA_DELAY_TIME.
        delay = self.sim.rng.randrange(MAX_RA_DELAY_TIME)
        self.sim.call_later(delay, self._send_ingress_ra, interface, destination, owner=self)

    def _send_ingress_ra(self, interface: Interface, destination: IPv6Address) -> None:
        if interface.link is None:
            return
        advertisement = RouterAdvertisement(
            router_lifetime=ROUTER_LIFETIME, source_link_layer=interface.mac,
            prefixes=(PrefixInformation(prefix=interface.link.prefix),))
        self.send_on_link(interface, IPv6Packet(interface.link_local, destination,
                                                advertisement, hop_limit=255))
