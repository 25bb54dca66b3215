"""IPv6 routers: longest-prefix forwarding and Router Advertisements (RFC 4861 §6)."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import ALL_NODES, ALL_ROUTERS, UNSPECIFIED
from mipviz.engine.link import Interface
from mipviz.engine.movement_detection import advertisement_interval_option
from mipviz.engine.node import Node, Received
from mipviz.engine.renumbering import advertised_prefixes
from mipviz.i18n import msg
from mipviz.model.hmip_pmip import MapOption
from mipviz.model.messages import (
    IPv6Packet,
    PrefixInformation,
    RouterAdvertisement,
    RouterSolicitation,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

MAX_RA_DELAY_TIME = 500_000  # µs, RFC 4861 §10: solicited RAs are delayed 0..0.5 s


class Router(Node):
    role: ClassVar[str] = "router"
    is_router: ClassVar[bool] = True

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, router_lifetime: int = 1800) -> None:
        super().__init__(sim, name)
        self.routes: list[tuple[IPv6Network, Interface, IPv6Address | None]] = []
        self.advertise = advertise
        self.ra_interval = ra_interval
        self.router_lifetime = router_lifetime
        self.map_options: tuple[MapOption, ...] = ()  # RFC 5380 §5: relayed MAP options
        self._icmp_handlers[RouterSolicitation] = self._on_router_solicitation  # type: ignore[assignment]

    def add_interface(self, mac: str, link: object, name: str | None = None) -> Interface:
        interface = super().add_interface(mac, link, name)  # type: ignore[arg-type]
        interface.join_group(ALL_ROUTERS)
        return interface

    def start(self) -> None:
        if self.advertise and self.ra_interval > 0:
            for interface in self.interfaces:
                self.sim.call_later(self.ra_interval, self._periodic_ra, interface, owner=self)

    # ------------------------------------------------------------------ forwarding
    def add_route(self, prefix: IPv6Network, interface: Interface,
                  next_hop: IPv6Address | None) -> None:
        self.routes.append((prefix, interface, next_hop))
        self.routes.sort(key=lambda route: -route[0].prefixlen)

    def lookup(self, destination: IPv6Address) -> tuple[Interface, IPv6Address] | None:
        for prefix, interface, next_hop in self.routes:
            if destination in prefix:
                return interface, next_hop if next_hop is not None else destination
        return None

    def route(self, destination: IPv6Address) -> tuple[Interface, IPv6Address] | None:
        if destination.is_multicast or destination.is_link_local:
            return super().route(destination)
        return self.lookup(destination)

    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        """RFC 8200 §3: decrement Hop Limit, drop at zero; never forward link-local scope."""
        forwarded = self.next_hop_copy(packet)
        if forwarded is None:
            return
        chosen = self.lookup(packet.destination)
        if chosen is None:
            self.note("drop", msg("engine.router.no_route_dropped", destination=packet.destination))
            return
        out_interface, next_hop = chosen
        self.transmit_packet(forwarded, out_interface, next_hop)

    # ------------------------------------------------------------------ advertisements
    def router_advertisement(self, interface: Interface) -> RouterAdvertisement:
        link = interface.link
        prefixes: tuple[PrefixInformation, ...] = ()
        if link is not None:
            prefixes = advertised_prefixes(link)  # one, unless renumbered (RFC 4192)
        return RouterAdvertisement(
            router_lifetime=self.router_lifetime,
            source_link_layer=interface.mac,
            prefixes=prefixes,
            advertisement_interval=advertisement_interval_option(self.ra_interval),
            map_options=self.map_options,
        )

    def _send_ra(self, interface: Interface, destination: IPv6Address) -> None:
        packet = IPv6Packet(
            source=interface.link_local, destination=destination,
            payload=self.router_advertisement(interface), hop_limit=255,
        )
        self.send_on_link(interface, packet)

    def _periodic_ra(self, interface: Interface) -> None:
        self._send_ra(interface, ALL_NODES)
        self.sim.call_later(self.ra_interval, self._periodic_ra, interface, owner=self)

    def _on_router_solicitation(self, received: Received, message: RouterSolicitation) -> None:
        """RFC 4861 §6.2.6: answer after a random delay; unicast to a known source."""
        if not self.advertise:
            return
        source = received.packet.source
        destination = source if source != UNSPECIFIED else ALL_NODES
        if message.source_link_layer is not None and source != UNSPECIFIED:
            received.interface.neighbor_cache[source] = message.source_link_layer
        delay = self.sim.rng.randrange(MAX_RA_DELAY_TIME)
        self.sim.call_later(delay, self._send_ra, received.interface, destination, owner=self)
