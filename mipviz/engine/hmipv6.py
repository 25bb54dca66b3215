"""Hierarchical Mobile IPv6 (RFC 5380): the Mobility Anchor Point and the HMIPv6 mobile node.

The MAP is "a local HA" for regional care-of addresses (RCoA, from the MAP's subnet): it
accepts the local Binding Update (M and A flags, source = on-link care-of address (LCoA),
Home Address option = RCoA, no Alternate CoA; RFC 5380 §4, §6.1), binds RCoA → LCoA after DAD
for the RCoA, answers with a BA carrying a Type 2 Routing Header with the RCoA (§6.2), defends
the RCoA by proxy ND, tunnels packets for it to the LCoA and decapsulates what the mobile node
tunnels back (LCoA → MAP). It can be given the on-link prefixes LCoAs may come from, and then
answers a local BU from any other with status 129 (administratively prohibited, §6.2).

Access routers in the MAP's domain relay the MAP option in their Router Advertisements
(§5, :func:`map_option_for`). The HMIPv6 mobile node forms its RCoA "in a stateless manner by
combining the mobile node's interface identifier and the subnet prefix received in the MAP
option" (§6; the R flag is clear: the MAP does not allocate it) and an LCoA from the access
router's prefix. It sends a local BU on every move; only when the RCoA changes — a new MAP, or
no MAP at all — does it register with its home agent and correspondents, binding the home
address to the RCoA (§6.1, after the MAP's BA). Everything it sends from the RCoA leaves
through the MN→MAP tunnel.
"""

from __future__ import annotations

import dataclasses
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import slaac_address
from mipviz.engine.binding_update_list import (
    INITIAL_BINDACK_TIMEOUT,
    INITIAL_BINDACK_TIMEOUT_FIRST_REG,
    MAX_BINDACK_TIMEOUT,
    BindingUpdateListRecord,
)
from mipviz.engine.home_agent import STATUS_ACCEPTED, HomeAgent
from mipviz.engine.link import Interface, Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Received, replace
from mipviz.engine.router import Router
from mipviz.engine.timeline import MICROSECONDS, BindingUpdateListEntry, NodeState
from mipviz.i18n import msg
from mipviz.model.hmip_pmip import MapOption
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    DestinationOptionsHeader,
    HomeAddressOption,
    IPv6Packet,
    MobilityMessage,
    RouterAdvertisement,
    RoutingHeaderType2,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

STATUS_ADMINISTRATIVELY_PROHIBITED = 129  # RFC 5380 §6.2: an LCoA outside the valid prefixes
DEFAULT_MAP_PREFERENCE = 10
DEFAULT_MAP_LIFETIME = 86400  # seconds; RFC 5380 §5: ≤ the MAP and RCoA prefixes' lifetimes


def map_option_for(map_node: MobilityAnchorPoint, distance: int) -> MapOption:
    """The MAP option an access router ``distance`` router hops from the MAP relays
    (RFC 5380 §5: Dist 1 when the MAP is on the mobile node's own link)."""
    return MapOption(distance=max(1, min(15, distance)), preference=map_node.preference,
                     address=map_node.map_address, valid_lifetime=DEFAULT_MAP_LIFETIME)


# ====================================================================================== MAP


class MobilityAnchorPoint(HomeAgent):
    """A MAP (RFC 5380 §6.2): a router whose first interface is on its own subnet, the one the
    RCoAs come from; a home agent for RCoAs and for nothing else."""

    role: ClassVar[str] = "map"

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, preference: int = DEFAULT_MAP_PREFERENCE,
                 valid_prefixes: tuple[IPv6Network, ...] | None = None) -> None:
        super().__init__(sim, name, advertise=advertise, ra_interval=ra_interval,
                         mobile_router_support=False)
        self.preference = preference
        # §6.2: the on-link prefixes LCoAs may use; None accepts any (the default).
        self.valid_prefixes = valid_prefixes

    @property
    def map_address(self) -> IPv6Address:
        return self.home_agent_address

    @property
    def rcoa_prefix(self) -> IPv6Network:
        return self.home_prefix

    def router_advertisement(self, interface: Interface) -> RouterAdvertisement:
        """A plain router's RA plus the MAP option (Dist 1 on its own links): a MAP is not a
        home agent, so no H flag and no Home Agent Information option."""
        base = Router.router_advertisement(self, interface)
        return dataclasses.replace(base, map_options=(map_option_for(self, 1),))

    def _on_binding_update(self, received: Received, message: BindingUpdate) -> None:
        if not message.map_registration:
            # RFC 5380 §6.2: a MAP has no knowledge of home addresses; only local BUs.
            self.note("drop", msg("engine.hmip.map_not_local_bu", sequence=message.sequence))
            return
        rcoa = received.packet.source  # the Home Address option's address (the swap)
        lcoa = received.on_wire.source
        self.note("binding-update-received", msg("engine.hmip.local_bu_received",
                                                 sequence=message.sequence, rcoa=rcoa,
                                                 lcoa=lcoa))
        if received.home_address_option is None:
            self.note("drop", msg("engine.rfc.registration_without_hao",
                                  sequence=message.sequence, source=lcoa))
            return
        if self.valid_prefixes is not None and not any(lcoa in p for p in self.valid_prefixes):
            self.note("drop", msg("engine.hmip.lcoa_not_valid_prefix", lcoa=lcoa))
            self._send_ba(received, message, STATUS_ADMINISTRATIVELY_PROHIBITED, 0)
            return
        # Everything else is a home registration of the RCoA (RFC 5380 §6.2: "identical to
        # that of the HA"): the prefix check (132), the sequence number (135), DAD for a new
        # RCoA, the BA with an RH2, proxy ND and the tunnel to the LCoA.
        super()._on_binding_update(received, dataclasses.replace(
            message, home_registration=True))

    def _send_ba(self, received: Received, message: BindingUpdate, status: int, lifetime: int,
                 **kwargs: object) -> None:
        if status == STATUS_ACCEPTED and lifetime:
            self.note("note", msg("engine.hmip.map_ba_rh2",
                                  rcoa=received.home_address_option))
        super()._send_ba(received, message, status, lifetime, **kwargs)  # type: ignore[arg-type]


# ====================================================================================== MN


class HmipMobileNode(MobileNode):
    """An HMIPv6-aware mobile node (RFC 5380 §6.1)."""

    role: ClassVar[str] = "mobile-node"

    def __init__(self, sim: Simulation, name: str, **kwargs: object) -> None:
        super().__init__(sim, name, **kwargs)  # type: ignore[arg-type]
        self.map_address: IPv6Address | None = None
        self.rcoa: IPv6Address | None = None
        self.lcoa: IPv6Address | None = None
        self._pending_rcoa: IPv6Address | None = None  # the RCoA the local BU asks for
        self.local = BindingUpdateListRecord("MAP", IPv6Address("::"), True,
                                             sim.rng.randrange(1 << 16))

    # ------------------------------------------------------------------ state
    def owns(self, address: IPv6Address) -> bool:
        return address == self.rcoa or super().owns(address)

    def state(self) -> NodeState:
        base = super().state()
        if self.local.state == "idle" or self.rcoa is None:
            return base
        entry = BindingUpdateListEntry(
            peer=self.local.peer, peer_address=self.local.peer_address, home_address=self.rcoa,
            care_of_address=self.local.care_of_address or self.rcoa,
            lifetime=self.local.lifetime, expires=self.local.expires,
            sequence=self.local.sequence, state=self.local.state, home_registration=False,
            retransmissions=self.local.retransmissions, return_routability="local")
        return dataclasses.replace(base, binding_update_list=(*base.binding_update_list, entry))

    # ------------------------------------------------------------------ movement (§6.1)
    def move_to(self, link: Link, *, link_layer_hint: bool = True) -> None:
        rcoa, careof = self.rcoa, self.care_of_address
        if self.lcoa is not None:
            self.interface.remove_address(self.lcoa)
        self.lcoa = None
        super().move_to(link, link_layer_hint=link_layer_hint)
        if rcoa is not None and careof == rcoa:
            # The RCoA is not on the interface: it stays ours, and stays registered with the
            # home agent, while the MN is inside the MAP's domain.
            self.care_of_address = rcoa

    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        chosen = self._choose_map(message.map_options)
        if chosen is None:
            if self.map_address is not None:
                # Out of the MAP domain: the RCoA no longer applies; plain Mobile IPv6 with the
                # on-link address as the care-of address (RFC 5380 §3).
                self.note("note", msg("engine.hmip.left_map_domain", map=self.map_address))
                self._leave_map()
            super()._on_router_advertisement(received, message)
            return
        interface = received.interface
        if message.router_lifetime > 0:
            self.default_router = received.packet.source
            if message.source_link_layer is not None:
                interface.neighbor_cache[received.packet.source] = message.source_link_layer
        self.advertisement_watch.heard(received.packet.source, message)  # RFC 6275 §11.5.1
        prefixes = [p.prefix for p in message.prefixes if p.autonomous and
                    p.prefix.prefixlen == 64]
        if not prefixes:
            return
        self.on_link_prefixes = list(prefixes)
        prefix = prefixes[0]
        if prefix == self.home_prefix:
            if not self.at_home or self._returning:
                self._leave_map()
                self._return_home(message)
            return
        if prefix == self.current_prefix and self.lcoa is not None:
            return
        if self._pending_care_of is not None and prefix == self.current_prefix:
            return  # DAD for this LCoA is under way
        new_map = chosen.address != self.map_address
        self.note("movement-detected", msg(
            "engine.hmip.movement_new_map" if new_map else "engine.hmip.movement_same_map",
            prefix=prefix, map=chosen.address, distance=chosen.distance))
        if new_map:
            self._leave_map()
            self.map_address = chosen.address
            map_prefix = IPv6Network((chosen.address, 64), strict=False)
            self._pending_rcoa = slaac_address(map_prefix, self.interface.mac)
            self.note("note", msg("engine.hmip.rcoa_formed", rcoa=self._pending_rcoa,
                                  prefix=map_prefix), before=str(map_prefix),
                      after=str(self._pending_rcoa))
        self.current_prefix = prefix
        self.at_home = False
        self._form_care_of_address(prefix)  # the LCoA, with DAD (RFC 4862)

    @staticmethod
    def _choose_map(options: tuple[MapOption, ...]) -> MapOption | None:
        """RFC 5380 §5: the highest preference; Dist breaks ties (the nearer first)."""
        usable = [o for o in options if o.distance >= 1 and o.valid_lifetime > 0]
        if not usable:
            return None
        return min(usable, key=lambda o: (-o.preference, o.distance))

    def _leave_map(self) -> None:
        self.local.stop_timer()
        if self.local.refresh_timer is not None:
            self.local.refresh_timer.cancel()
            self.local.refresh_timer = None
        if self.care_of_address is not None and self.care_of_address == self.rcoa:
            self.care_of_address = None
        self.map_address = self.rcoa = self._pending_rcoa = None
        self.local.state, self.local.expires = "idle", 0
        self.changed()

    def _dad_complete(self, address: IPv6Address) -> None:
        if self.map_address is None:
            super()._dad_complete(address)  # no MAP: the on-link address is the CoA
            return
        if self._pending_care_of != address:
            return
        self._pending_care_of = None
        self.lcoa = address
        self.interface.add_address(address)
        self.note("care-of-address-configured", msg("engine.hmip.lcoa_valid", lcoa=address))
        self.changed()
        self.local.peer_address = self.map_address
        self.local.peer = self.sim.name_of(self.map_address) or str(self.map_address)
        self.local.retransmissions = 0
        self.local.timeout = (INITIAL_BINDACK_TIMEOUT_FIRST_REG if self.rcoa is None
                              else INITIAL_BINDACK_TIMEOUT)
        self._send_local_binding_update()

    # ------------------------------------------------------------------ local BU (§4, §6.1)
    def _send_local_binding_update(self) -> None:
        """M = 1, A = 1; source LCoA, Home Address option = RCoA, to the MAP; no ACoA."""
        entry, rcoa, lcoa = self.local, self.rcoa or self._pending_rcoa, self.lcoa
        if rcoa is None or lcoa is None or self.map_address is None:
            return
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        entry.care_of_address = lcoa
        entry.lifetime = self.binding_lifetime
        entry.sent_at = self.sim.now
        if entry.state in ("idle", "registered"):
            entry.state = "registering"
        bu = BindingUpdate(sequence=entry.sequence, lifetime=self.binding_lifetime,
                           acknowledge=True, map_registration=True)
        self.note("binding-update-sent", msg("engine.hmip.local_bu_sent",
                                             sequence=entry.sequence, map=self.map_address,
                                             rcoa=rcoa, lcoa=lcoa,
                                             retransmissions=entry.retransmissions))
        self.changed()
        self.transmit_packet(IPv6Packet(lcoa, self.map_address, bu, extension_headers=(
            DestinationOptionsHeader((HomeAddressOption(rcoa),)),)))
        entry.stop_timer()
        entry.timer = self.sim.call_later(entry.timeout, self._local_timeout, owner=self)

    def _local_timeout(self) -> None:
        entry = self.local
        entry.timer = None
        if entry.state != "registering":
            return
        entry.retransmissions += 1
        entry.timeout = min(entry.timeout * 2, MAX_BINDACK_TIMEOUT)
        self.note("note", msg("engine.mobile_node.no_binding_acknowledgement_retransmit",
                              timeout=f"{entry.timeout / MICROSECONDS:g}"))
        self._send_local_binding_update()

    def on_routing_header_type2(self, interface: Interface, packet: IPv6Packet,
                                header: RoutingHeaderType2) -> IPv6Packet | None:
        rcoa = self.rcoa or self._pending_rcoa
        if rcoa is not None and header.home_address == rcoa and header.segments_left == 1:
            self.note("swap", msg("engine.mobile_node.type_2_routing_header",
                                  destination=packet.destination, home_address=rcoa),
                      before=str(packet.destination), after=str(rcoa))
            return replace(packet, destination=rcoa)
        return super().on_routing_header_type2(interface, packet, header)

    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, BindingAcknowledgement) and self.map_address is not None \
                and received.packet.source == self.map_address:
            self._on_local_binding_acknowledgement(received, message)
            return
        super().on_mobility(received, message)

    def _on_local_binding_acknowledgement(self, received: Received,
                                          message: BindingAcknowledgement) -> None:
        entry = self.local
        rcoa = self.rcoa or self._pending_rcoa
        if not received.routing_header_type2 or received.packet.destination != rcoa:
            # RFC 5380 §6.1: "MUST silently ignore binding acknowledgements that do not
            # contain a routing header type 2, which includes the mobile node's RCoA".
            self.note("drop", msg("engine.hmip.map_ba_without_rh2"))
            return
        if message.sequence != entry.sequence:
            self.note("drop", msg("engine.mobile_node.ba_seq_does_not",
                                  sequence=message.sequence, expected=entry.sequence))
            return
        self.note("binding-acknowledgement-received", msg(
            "engine.hmip.local_ba_received", status=message.status, lifetime=message.lifetime))
        entry.stop_timer()
        if message.status >= 128:
            entry.state = "idle"
            self.note("note", msg("engine.hmip.local_registration_refused",
                                  status=message.status))
            self.changed()
            return
        entry.state = "registered"
        entry.lifetime = message.lifetime
        entry.expires = entry.sent_at + message.lifetime * MICROSECONDS
        entry.retransmissions = 0
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
        entry.refresh_timer = self.sim.call_later(
            message.lifetime * MICROSECONDS * 4 // 5, self._refresh_local, owner=self)
        self.changed()
        if self.rcoa == rcoa and self.care_of_address == rcoa:
            # A move inside the MAP domain: the RCoA is unchanged, so the home agent and the
            # correspondents are told nothing (RFC 5380 §6.1).
            self.note("note", msg("engine.hmip.rcoa_unchanged", rcoa=rcoa))
            return
        self.rcoa, self._pending_rcoa = rcoa, None
        self._register_rcoa(rcoa)

    def _refresh_local(self) -> None:
        self.local.refresh_timer = None
        if self.local.state == "registered":
            self.local.timeout = INITIAL_BINDACK_TIMEOUT
            self._send_local_binding_update()

    def _register_rcoa(self, rcoa: IPv6Address) -> None:
        """RFC 5380 §6.1: after the MAP's BA, register HoA → RCoA with the home agent, then
        the correspondents (Return Routability over the RCoA)."""
        self.care_of_address = rcoa
        self.note("note", msg("engine.hmip.rcoa_new_register", rcoa=rcoa))
        self.changed()
        self._move_entry(self.home, "move")
        self.home.retransmissions = 0
        self.home.timeout = (INITIAL_BINDACK_TIMEOUT_FIRST_REG if self.home.expires <= self.sim.now
                             else INITIAL_BINDACK_TIMEOUT)
        self._send_home_binding_update()
        for entry in self.correspondents.values():
            if self._move_entry(entry, "move"):
                entry.careof_token = None  # a new care-of address needs a new care-of test

    # ------------------------------------------------------------------ the MN↔MAP tunnel
    def transmit_packet(self, packet: IPv6Packet, interface: Interface | None = None,
                        next_hop: IPv6Address | None = None) -> None:
        """RFC 5380 §6.1: "All packets sent by the mobile node are tunnelled to the MAP": what
        leaves from the RCoA goes out as LCoA → MAP."""
        rcoa = self.rcoa
        if rcoa is None or packet.source != rcoa or interface is not None \
                or self.map_address is None:
            super().transmit_packet(packet, interface, next_hop)
            return
        if self.lcoa is None or self.local.state != "registered":
            self.note("drop", msg("engine.hmip.no_map_tunnel_yet",
                                  destination=packet.destination))
            return
        outer = IPv6Packet(self.lcoa, self.map_address, packet)
        self.note("encapsulate", msg("engine.hmip.tunnel_to_map", rcoa=rcoa, lcoa=self.lcoa,
                                     map=self.map_address), before=str(rcoa),
                  after=str(self.lcoa))
        super().transmit_packet(outer)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        outer = received.packet
        if self.map_address is not None and outer.source == self.map_address and \
                inner.destination == self.rcoa:
            self.note("decapsulate", msg("engine.hmip.decapsulated_from_map", rcoa=self.rcoa,
                                         source=inner.source),
                      before=str(outer.destination), after=str(inner.destination))
            self.deliver(received.interface, inner, tunnel=outer)
            if not isinstance(inner.payload, (*MOBILITY_HEADER_TYPES, IPv6Packet)):
                self._consider_route_optimisation(inner.source)
            return
        super().on_tunnelled(received, inner)
