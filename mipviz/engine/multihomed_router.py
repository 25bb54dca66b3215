"""A mobile router with two egress interfaces: Multiple Care-of Addresses Registration
(RFC 5648) for NEMO (RFC 3963), the lecture's train with Wi-Fi and a cellular link (S26).

Interface 0 is the roaming Wi-Fi one, driven by the ordinary mobile-node machinery (movement
detection, care-of address, DAD, the home Binding Update List entry); its binding is BID 1.
Interface 1 is the cellular one: always attached to the operator's access link, its address
configured (the operator's prefix), usable once its router answers a Router Solicitation; its
binding is BID 2. The other interfaces are the ingress links of the Mobile Network Prefixes.

* Every home registration BU names the care-of address of each usable interface in a BID
  option: with both, that is a *bulk registration* (RFC 5648 §5.3); the home agent keeps one
  entry per (home address, BID).
* A cellular link that comes up while the home registration stands is registered on its own,
  BU from its care-of address with BID 2 (§5.3, individual registration).
* When the Wi-Fi link is lost (the MR moves off it), BID 1 is deregistered at once through the
  cellular interface: BU lifetime 0 naming BID 1 (§5.7); the mobile network's traffic leaves
  by the cellular interface from then on, and the home agent's by the cellular binding.
"""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import ALL_ROUTERS
from mipviz.engine.binding_update_list import INITIAL_BINDACK_TIMEOUT, MAX_BINDACK_TIMEOUT
from mipviz.engine.link import Interface, Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.mobile_router import MobileRouter
from mipviz.engine.node import Received
from mipviz.engine.simulation import Timer
from mipviz.engine.timeline import MICROSECONDS
from mipviz.i18n import msg
from mipviz.model.messages import (
    TUNNEL_ENCAPSULATION_LIMIT,
    BindingAcknowledgement,
    BindingIdentifier,
    BindingUpdate,
    DestinationOptionsHeader,
    HomeAddressOption,
    IPv6Packet,
    MobileNetworkPrefix,
    MobilityOption,
    RouterAdvertisement,
    RouterSolicitation,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

WIFI_BID = 1
CELLULAR_BID = 2


class MultihomedMobileRouter(MobileRouter):
    role: ClassVar[str] = "mobile-router"

    def __init__(self, sim: Simulation, name: str, **settings: object) -> None:
        super().__init__(sim, name, **settings)  # type: ignore[arg-type]
        self.cellular_router: IPv6Address | None = None
        # BID -> the care-of address the home agent acknowledged for it (RFC 5648 §5.3)
        self.registered: dict[int, IPv6Address] = {}
        # sequence -> the BIDs that BU named, with the care-of address (None: removal)
        self._sent: dict[int, dict[int, IPv6Address | None]] = {}
        self._own: set[int] = set()  # sequences of the BUs this module sent itself
        # RFC 6275 §11.8: an unanswered BU is sent again (new sequence number) after
        # INITIAL_BINDACK_TIMEOUT, doubling up to MAX_BINDACK_TIMEOUT.
        self._bid_retry: Timer | None = None
        self._bid_timeout = INITIAL_BINDACK_TIMEOUT

    # ------------------------------------------------------------------ interfaces
    @property
    def cellular(self) -> Interface:
        return self.interfaces[1]

    @property
    def ingress(self) -> list[Interface]:
        return self.interfaces[2:]

    @property
    def cellular_careof(self) -> IPv6Address | None:
        """The cellular interface's address, once its router is known (the link is up)."""
        addresses = self.cellular.global_addresses()
        return addresses[0] if addresses and self.cellular_router is not None else None

    def add_interface(self, mac: str, link: object, name: str | None = None) -> Interface:
        if len(self.interfaces) == 1:  # the cellular egress: it joins no all-routers group
            return MobileNode.add_interface(self, mac, link, name)  # type: ignore[arg-type]
        return super().add_interface(mac, link, name)

    def start(self) -> None:
        super().start()
        # The cellular interface has been up since power-on (its link-local address checked
        # then); it asks its router for an RA (RFC 4861 §6.3.7).
        self.send_on_link(self.cellular, IPv6Packet(
            self.cellular.link_local, ALL_ROUTERS,
            RouterSolicitation(source_link_layer=self.cellular.mac), hop_limit=255))

    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        if received.interface is not self.cellular:
            super()._on_router_advertisement(received, message)
            return
        if message.router_lifetime == 0 or self.cellular_router is not None:
            return
        self.cellular_router = received.packet.source
        if message.source_link_layer is not None:
            self.cellular.neighbor_cache[received.packet.source] = message.source_link_layer
        self.note("note", msg("multihoming.mr.cellular_up", care_of_address=self.cellular_careof,
                              router=self.cellular_router))
        self.changed()
        if self.tunnel_ready() and CELLULAR_BID not in self.registered:
            self._send_bid_update({CELLULAR_BID: None}, self.binding_lifetime)

    def _on_router_solicitation(self, received: Received, message: RouterSolicitation) -> None:
        if received.interface is not self.cellular:
            super()._on_router_solicitation(received, message)

    # ------------------------------------------------------------------ registration
    def _home_registration_bu(self, lifetime: int, careof: IPv6Address) -> BindingUpdate:
        """RFC 5648 §5.3: one BID option per usable interface, each with its care-of address
        (bulk registration when there are two). Returning home (care-of = home address,
        lifetime 0) deregisters every binding with no BID option (§5.7)."""
        base = super()._home_registration_bu(lifetime, careof)
        if lifetime == 0 or careof == self.home_address:
            return base
        bids: dict[int, IPv6Address | None] = {WIFI_BID: careof}
        if self.cellular_careof is not None:
            bids[CELLULAR_BID] = self.cellular_careof
        self._sent[self.home.sequence] = bids
        options: list[MobilityOption] = [BindingIdentifier(bid, care_of_address=address)
                                         for bid, address in bids.items()]
        # The care-of addresses travel in the BID options, so no Alternate Care-of Address.
        options += [o for o in base.options if isinstance(o, MobileNetworkPrefix)]
        return BindingUpdate(sequence=base.sequence, lifetime=lifetime, acknowledge=True,
                             home_registration=True, mobile_router=True, options=tuple(options))

    def _send_bid_update(self, bids: dict[int, IPv6Address | None], lifetime: int, *,
                         retransmission: bool = False) -> None:
        """A BU of this module's own, from the cellular care-of address: an individual
        registration of BID 2 (§5.3) or the deregistration of a lost interface's BID (§5.7).
        It takes the next number of the one sequence space towards the HA (§5.3)."""
        careof = self.cellular_careof
        if careof is None:
            return
        if not retransmission:
            self._bid_timeout = INITIAL_BINDACK_TIMEOUT
        if self._bid_retry is not None:
            self._bid_retry.cancel()
        self._own.clear()  # an older BU of ours is superseded by this one
        entry = self.home
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        self._sent[entry.sequence] = {bid: (careof if bid == CELLULAR_BID and lifetime else None)
                                      for bid in bids}
        self._own.add(entry.sequence)
        options = tuple(BindingIdentifier(bid) for bid in bids)
        bu = BindingUpdate(sequence=entry.sequence, lifetime=lifetime, acknowledge=True,
                           home_registration=True, mobile_router=True, options=options)
        self.note("binding-update-sent", msg(
            "multihoming.mr.bid_bu_sent" if lifetime else "multihoming.mr.bid_deregistration_sent",
            sequence=entry.sequence, binding_ids=", ".join(str(b) for b in bids),
            care_of_address=careof))
        self.transmit_packet(IPv6Packet(
            careof, entry.peer_address, bu,
            extension_headers=(DestinationOptionsHeader((HomeAddressOption(self.home_address),)),)))
        self._bid_retry = self.sim.call_later(self._bid_timeout, self._bid_update_timeout,
                                              entry.sequence, dict(bids), lifetime, owner=self)

    def _bid_update_timeout(self, sequence: int, bids: dict[int, IPv6Address | None],
                            lifetime: int) -> None:
        self._bid_retry = None
        if sequence not in self._own:
            return  # answered
        self._sent.pop(sequence, None)
        self._bid_timeout = min(self._bid_timeout * 2, MAX_BINDACK_TIMEOUT)
        self.note("note", msg("engine.mobile_node.no_binding_acknowledgement_retransmit",
                              timeout=f"{self._bid_timeout / MICROSECONDS:g}"))
        self._send_bid_update(bids, lifetime, retransmission=True)

    def _on_home_binding_acknowledgement(self, message: BindingAcknowledgement) -> None:
        sent = self._sent.pop(message.sequence, None)
        statuses = {o.binding_id: o.status for o in message.options
                    if isinstance(o, BindingIdentifier)}
        if sent is not None:
            for bid, address in sent.items():
                status = statuses.get(bid, message.status)
                if status >= 128 and address is not None:
                    self.note("note", msg("multihoming.mr.bid_refused", binding_id=bid,
                                          status=status))
                elif address is None:
                    self.registered.pop(bid, None)
                elif status < 128 and message.status < 128:
                    self.registered[bid] = address
            if sent:
                self.note("note", msg("multihoming.mr.bids_now", bids=self._bids_text()))
                self.changed()
        if message.sequence in self._own:
            self._own.discard(message.sequence)
            if self._bid_retry is not None:
                self._bid_retry.cancel()
                self._bid_retry = None
            self.note("binding-acknowledgement-received", msg(
                "multihoming.mr.bid_ba_received", status=message.status,
                sequence=message.sequence))
            return  # not the Binding Update List entry's own BU
        if message.status < 128 and message.lifetime == 0:
            self.registered.clear()
        super()._on_home_binding_acknowledgement(message)

    def _bids_text(self) -> str:
        return ", ".join(f"BID {bid} = {address}" for bid, address in sorted(
            self.registered.items())) or "-"

    # ------------------------------------------------------------------ losing the Wi-Fi
    def move_to(self, link: Link, *, link_layer_hint: bool = True) -> None:
        lost = self.registered.get(WIFI_BID)
        super().move_to(link, link_layer_hint=link_layer_hint)
        if lost is not None and CELLULAR_BID in self.registered:
            self.note("note", msg("multihoming.mr.wifi_lost", care_of_address=lost))
            self._send_bid_update({WIFI_BID: None}, 0)

    # ------------------------------------------------------------------ data path
    def egress_careof(self) -> IPv6Address | None:
        """The care-of address the mobile network's traffic leaves from: Wi-Fi while its
        binding is registered and its address still ours, else the cellular one."""
        wifi = self.registered.get(WIFI_BID)
        if wifi is not None and wifi == self.care_of_address:
            return wifi
        cellular = self.registered.get(CELLULAR_BID)
        if cellular is not None and cellular == self.cellular_careof:
            return cellular
        return None

    def tunnel_ready(self) -> bool:
        return self.egress_careof() is not None or super().tunnel_ready()

    def _reverse_tunnel(self, packet: IPv6Packet) -> None:
        careof = self.egress_careof()
        if careof is None or careof == self.care_of_address:
            super()._reverse_tunnel(packet)
            return
        if packet.tunnel_depth >= TUNNEL_ENCAPSULATION_LIMIT:
            super()._reverse_tunnel(packet)  # drops it, saying why
            return
        outer = IPv6Packet(careof, self.home.peer_address, packet)
        self.note("encapsulate", msg("multihoming.mr.reverse_tunnel_cellular",
                                     source=packet.source, destination=packet.destination,
                                     care_of_address=careof),
                  before=str(packet.source), after=str(careof))
        self.transmit_packet(outer)

    def transmit_packet(self, packet: IPv6Packet, interface: Interface | None = None,
                        next_hop: IPv6Address | None = None) -> None:
        """Source-address routing: what leaves from the cellular address leaves by the
        cellular interface, to its router."""
        if (interface is None and self.cellular_router is not None
                and packet.source in self.cellular.global_addresses()
                and not packet.destination.is_multicast):
            interface, next_hop = self.cellular, self.cellular_router
        super().transmit_packet(packet, interface, next_hop)
