"""The mobile node (RFC 6275 §11): movement detection, care-of address, home registration and
bidirectional tunnelling. Returning home (§11.5.5) is in :mod:`mipviz.engine.returning_home`;
Return Routability and route optimisation with correspondents are in
:mod:`mipviz.engine.route_optimisation`.

Binding Update List entries follow the tables in :mod:`mipviz.engine.states`; a message that
the table does not accept in the entry's state is dropped with the reason recorded.
"""

from __future__ import annotations

import dataclasses
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine import returning_home, states
from mipviz.engine.addressing import (
    ALL_ROUTERS,
    UNSPECIFIED,
    eui64_interface_identifier,
    slaac_address,
    solicited_node_multicast,
)
from mipviz.engine.binding_update_list import (
    INITIAL_BINDACK_TIMEOUT,
    INITIAL_BINDACK_TIMEOUT_FIRST_REG,
    MAX_BINDACK_TIMEOUT,
    BindingUpdateListRecord,
)
from mipviz.engine.home_agent_discovery import HomeAgentDiscoveryClient
from mipviz.engine.link import Interface, Link
from mipviz.engine.mobile_prefix_discovery import MobilePrefixClient
from mipviz.engine.movement_detection import AdvertisementIntervalWatch
from mipviz.engine.neighbor_discovery import MAX_RTR_SOLICITATION_DELAY, RETRANS_TIMER
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Received, replace
from mipviz.engine.rate_limit import RateLimiter
from mipviz.engine.route_optimisation import ReturnRoutability
from mipviz.engine.simulation import Timer
from mipviz.engine.timeline import MICROSECONDS, BindingUpdateListEntry, NodeState
from mipviz.engine.tunnel import encapsulate
from mipviz.i18n import msg
from mipviz.model.messages import (
    TUNNEL_ENCAPSULATION_LIMIT,
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingError,
    BindingRefreshAdvice,
    BindingRefreshRequest,
    BindingUpdate,
    CareofTest,
    DestinationOptionsHeader,
    HomeAddressOption,
    HomeTest,
    IPv6Packet,
    MobilityMessage,
    NeighborAdvertisement,
    NeighborSolicitation,
    ParameterProblem,
    RouterAdvertisement,
    RouterSolicitation,
    RoutingHeaderType2,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation
    from mipviz.model.messages import EthernetFrame



class MobileNode(ReturnRoutability):
    role: ClassVar[str] = "mobile-node"

    def __init__(self, sim: Simulation, name: str, *, home_address: IPv6Address,
                 home_prefix: IPv6Network, home_agent: IPv6Address | None, home_agent_name: str,
                 route_optimization: bool = True, binding_lifetime: int = 420) -> None:
        super().__init__(sim, name)
        self.home_address = home_address
        self.home_prefix = home_prefix
        self.route_optimization = route_optimization
        self.binding_lifetime = binding_lifetime
        self.care_of_address: IPv6Address | None = None
        self.at_home = True
        self.current_prefix: IPv6Network | None = None
        self._pending_care_of: IPv6Address | None = None
        self._returning = False
        # §11.5.5: until the deregistration BU is sent, the home address is not used on the
        # home link (not even for the correspondents' deletion BUs).
        self._deregistration_sent = False
        # RFC 4429: the link-local address is Optimistic from attachment until its DAD ends.
        self._optimistic_link_local = False
        self._link_local_dad_timer: Timer | None = None
        # §11.8: MAX_UPDATE_RATE Binding Updates per destination per second.
        self.update_rate = RateLimiter()
        self.home = BindingUpdateListRecord(home_agent_name, home_agent or UNSPECIFIED, True,
                                            sim.rng.randrange(1 << 16))
        # RFC 6275 §11.4.1: with no home agent configured, it is found by DHAAD.
        self.discovery = HomeAgentDiscoveryClient(self) if home_agent is None else None
        self.advertisement_watch = AdvertisementIntervalWatch(self)  # §7.3, §11.5.1
        self.prefix_discovery = MobilePrefixClient(self)  # §11.4.3
        self.correspondents: dict[IPv6Address, BindingUpdateListRecord] = {}
        self._icmp_handlers[RouterAdvertisement] = self._on_router_advertisement  # type: ignore[assignment]
        self._icmp_handlers[ParameterProblem] = self._on_parameter_problem  # type: ignore[assignment]

    @property
    def interface(self) -> Interface:
        return self.interfaces[0]

    def owns(self, address: IPv6Address) -> bool:
        return address == self.home_address or super().owns(address)

    def state(self) -> NodeState:
        entries = [self._snapshot(self.home)] if self.home.state != "idle" else []
        entries += self.prefix_discovery.former_entries  # former home addresses (§11.4.3)
        entries += [self._snapshot(e) for _, e in sorted(self.correspondents.items())
                    if e.state != "idle"]
        return dataclasses.replace(
            super().state(), home_address=self.home_address,
            care_of_address=None if self.at_home else self.care_of_address,
            binding_update_list=tuple(entries))

    def _snapshot(self, entry: BindingUpdateListRecord) -> BindingUpdateListEntry:
        rr_state = ""
        if not entry.home_registration:
            parts = []
            if entry.home_token is not None:
                parts.append("home token")
            if entry.careof_token is not None:
                parts.append("care-of token")
            rr_state = ", ".join(parts) or "no tokens"
        return BindingUpdateListEntry(
            peer=entry.peer, peer_address=entry.peer_address, home_address=self.home_address,
            care_of_address=entry.care_of_address or self.home_address, lifetime=entry.lifetime,
            expires=entry.expires, sequence=entry.sequence, state=entry.state,
            home_registration=entry.home_registration,
            retransmissions=entry.retransmissions, return_routability=rr_state)

    # ================================================================== movement (§11.5)
    def start(self) -> None:
        """At t=0: a node that starts away from home behaves as if it had just arrived."""
        if self.interface.link is not None and self.interface.link.prefix != self.home_prefix:
            self.at_home = False
            self.interface.remove_address(self.home_address)
            self._after_attach()

    def move_to(self, link: Link, *, link_layer_hint: bool = True) -> None:
        """Layer-2 handover: leave the current link, attach to ``link`` (a script action).
        Without ``link_layer_hint`` nothing tells the node it moved: it finds out from the
        Router Advertisements it misses (:mod:`mipviz.engine.movement_detection`)."""
        interface = self.interface
        # (a layer-2 delay detached it already: mipviz.engine.layer2 names the link it left)
        old = interface.link.name if interface.link is not None else \
            getattr(self, "detached_from", "nothing")
        if interface.link is not None:
            interface.link.detach(interface)
        if self.care_of_address is not None:
            interface.remove_address(self.care_of_address)
        # The old care-of address belongs to the old link: nothing sent from here on may carry
        # it (a new one is formed from the new link's RA, §11.5.1).
        self.care_of_address = None
        self._pending_care_of = None
        interface.remove_address(self.home_address)
        interface.link = link
        interface.neighbor_cache.clear()
        self.default_router = None
        link.attach(interface)
        self.note("moved", msg("engine.mobile_node.moved_layer_2_handover", old=old,
                               name=link.name) if link_layer_hint else
                  msg("engine.discovery.moved_without_hint", old=old, name=link.name))
        self.changed()
        if link_layer_hint:
            self.advertisement_watch.forget()
            self._after_attach()

    def _after_attach(self) -> None:
        """RFC 4861 §6.3.7 / RFC 4862 §5.4.2: after a random delay of up to 1 s, DAD for the
        link-local address and a Router Solicitation (:meth:`_optimistic_start`)."""
        delay = self.sim.rng.randrange(MAX_RTR_SOLICITATION_DELAY)
        self.sim.call_later(delay, self._optimistic_start, owner=self)

    def _optimistic_start(self) -> None:
        """RFC 6275 §11.5.1 step 1 and RFC 4862 §5.4: a new link needs DAD for the link-local
        address before it is used. mipviz uses Optimistic DAD (RFC 4429): the NS for the
        link-local address goes first, and the RS follows at once from the Optimistic address
        without a Source Link-Layer Address option (RFC 4429 §3.2), so router discovery does
        not wait RetransTimer. A defending NA within RetransTimer makes the address duplicate."""
        interface = self.interface
        self._optimistic_link_local = True
        self.note("note", msg("engine.rfc.optimistic_dad_link_local",
                              address=interface.link_local))
        self.send_on_link(interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(interface.link_local),
            NeighborSolicitation(target=interface.link_local), hop_limit=255))
        if self._link_local_dad_timer is not None:
            self._link_local_dad_timer.cancel()  # a move within RetransTimer starts DAD again
        self._link_local_dad_timer = self.sim.call_later(RETRANS_TIMER,
                                                         self._link_local_dad_done, owner=self)
        self._send_router_solicitation()

    def _link_local_dad_done(self) -> None:
        # Silent, as the address simply stops being Optimistic (RFC 4429 §3.1).
        self._link_local_dad_timer = None
        self._optimistic_link_local = False

    def _send_router_solicitation(self) -> None:
        interface = self.interface
        # RFC 4429 §3.2: no SLLAO from an Optimistic address (it could spoil a neighbour's
        # cache if the address turns out to be a duplicate).
        self.send_on_link(interface, IPv6Packet(
            interface.link_local, ALL_ROUTERS,
            RouterSolicitation(source_link_layer=None if self._optimistic_link_local
                               else interface.mac), hop_limit=255))

    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        """Movement detection (§11.5.1): a prefix that is neither the current one nor home."""
        interface = received.interface
        if message.router_lifetime > 0:
            self.default_router = received.packet.source
            if message.source_link_layer is not None:
                interface.neighbor_cache[received.packet.source] = message.source_link_layer
        self.advertisement_watch.heard(received.packet.source, message)
        prefixes = [p.prefix for p in message.prefixes if p.autonomous and
                    p.prefix.prefixlen == 64]
        if not prefixes:
            return
        self.on_link_prefixes = list(prefixes)
        prefix = prefixes[0]
        if prefix == self.home_prefix:
            if not self.at_home or self._returning:
                self._return_home(message)
            return
        if prefix == self.current_prefix and (self.care_of_address is not None
                                              or self._pending_care_of is not None):
            return  # already formed, or in DAD: a second RA (periodic ones) changes nothing
        self.note("movement-detected", msg("engine.mobile_node.router_advertisement_prefix_not",
                                           prefix=prefix, home_prefix=self.home_prefix))
        self.current_prefix = prefix
        self.at_home = False
        self._form_care_of_address(prefix)

    def _form_care_of_address(self, prefix: IPv6Network) -> None:
        """§11.5.1 step 3 / RFC 4862: prefix + modified EUI-64 identifier, then DAD."""
        iid = eui64_interface_identifier(self.interface.mac)
        address = slaac_address(prefix, self.interface.mac)
        iid_text = ":".join(f"{(iid >> s) & 0xFFFF:04x}" for s in (48, 32, 16, 0))
        self.note("note", msg("engine.mobile_node.care_address_64_eui",
                              network_address=prefix.network_address, iid_text=iid_text,
                              mac=self.interface.mac,
                              address=address), before=str(prefix), after=str(address))
        self._pending_care_of = address
        self.send_on_link(self.interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(address),
            NeighborSolicitation(target=address), hop_limit=255))
        self.sim.call_later(RETRANS_TIMER, self._dad_complete, address, owner=self)

    def receive(self, interface: Interface, frame: EthernetFrame) -> None:
        """An all-nodes NA this node would only look at and drop ends here, before the
        delivery and dispatch it would otherwise run through: each proxy NA of the home agent
        reaches every mobile node still at home (262,000 receptions in the 1,000-node scale
        scenario, benchmarks/README.md). Anything the handlers below might act on goes the
        whole way, so what the node does is the same."""
        packet = frame.packet
        message = packet.payload
        if (type(message) is NeighborAdvertisement and not packet.extension_headers
                and packet.destination in interface.groups
                and self._ignores_multicast_na(interface, packet, message)):
            return
        super().receive(interface, frame)

    def _ignores_multicast_na(self, interface: Interface, packet: IPv6Packet,
                              message: NeighborAdvertisement) -> bool:
        """True when :meth:`_on_neighbor_advertisement` (and RFC 4861 §7.2.5's base rule it
        falls through to) would neither note nor change anything for this NA: it is not about
        our tentative or optimistic address (DAD), not the HA's answer while returning home
        (§11.5.5), and names a neighbour with no cache entry (an unsolicited NA creates none).
        Mirrors those handlers test for test; keep the two in step."""
        if (type(self)._on_neighbor_advertisement is not MobileNode._on_neighbor_advertisement
                or self._icmp_handlers.get(NeighborAdvertisement)
                != self._on_neighbor_advertisement):
            return False
        target = message.target
        if self._pending_care_of is not None and target == self._pending_care_of:
            return False
        if self._optimistic_link_local and target == self.interface.link_local:
            return False
        if (self._returning and not self._deregistration_sent and target == self.home_address
                and message.target_link_layer is not None):
            return False
        if message.target_link_layer is None:
            return True
        return (interface.neighbor_cache.get(target) is None
                and packet.destination.is_multicast)

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        if message.target == self._pending_care_of:
            self.note("drop", msg("engine.mobile_node.already_use_duplicate_address",
                                  target=message.target))
            self._pending_care_of = None
            return
        if self._optimistic_link_local and message.target == self.interface.link_local:
            self._optimistic_link_local = False
            self.note("drop", msg("engine.mobile_node.already_use_duplicate_address",
                                  target=message.target))
            return
        if (self._returning and not self._deregistration_sent
                and message.target == self.home_address
                and message.target_link_layer is not None):
            # §11.5.5: the HA, defending the home address by proxy, answered our NS with its
            # own link-layer address: that is the HA's address on the home link.
            self.interface.neighbor_cache[self.home.peer_address] = message.target_link_layer
            self.note("cache", msg("engine.rfc.home_agent_link_layer_learned",
                                   home_agent=self.home.peer_address,
                                   mac=message.target_link_layer))
            self._send_deregistration()
            return
        super()._on_neighbor_advertisement(received, message)

    def _dad_complete(self, address: IPv6Address) -> None:
        if self._pending_care_of != address:
            return
        self._pending_care_of = None
        self.care_of_address = address
        self.interface.add_address(address)
        self.note("care-of-address-configured", msg("engine.mobile_node.care_address_valid_no",
                                                    address=address))
        self.changed()
        self._move_entry(self.home, "move")
        self.home.retransmissions = 0
        self.home.timeout = (INITIAL_BINDACK_TIMEOUT_FIRST_REG if self.home.expires <= self.sim.now
                             else INITIAL_BINDACK_TIMEOUT)
        self._send_home_binding_update()
        for entry in self.correspondents.values():
            if self._move_entry(entry, "move"):
                entry.careof_token = None  # a new care-of address needs a new care-of test

    # ================================================================== home registration
    def _home_registration_bu(self, lifetime: int, careof: IPv6Address) -> BindingUpdate:
        return BindingUpdate(
            sequence=self.home.sequence, lifetime=lifetime, acknowledge=True,
            home_registration=True, options=(AlternateCareofAddress(careof),))

    def _send_home_binding_update(self) -> None:
        """§11.7.1: H=1, A=1, source CoA, HAO = HoA, Alternate CoA = CoA (MUST)."""
        entry = self.home
        careof = self.care_of_address
        if careof is None:
            return
        if self.discovery is not None and self.discovery.holds_binding_update():
            return
        if self._held_by_update_rate(entry, self._send_home_binding_update):
            return
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        entry.care_of_address = careof
        entry.lifetime = self.binding_lifetime
        entry.sent_at = self.sim.now
        bu = self._home_registration_bu(self.binding_lifetime, careof)
        self.note("binding-update-sent",
                  msg("engine.mobile_node.home_bu_sent_again" if entry.retransmissions
                      else "engine.mobile_node.home_bu_sent", sequence=entry.sequence,
                      home_agent=entry.peer_address, home_address=self.home_address,
                      careof_address=careof, retransmissions=entry.retransmissions))
        self.changed()
        self.transmit_packet(IPv6Packet(
            careof, entry.peer_address, bu,
            extension_headers=(DestinationOptionsHeader((HomeAddressOption(self.home_address),)),)))
        self._arm_retransmission(entry, self._home_timeout)

    def _home_timeout(self, entry: BindingUpdateListRecord) -> None:
        """§11.8: no BA — retransmit with exponential back-off, capped at 32 s."""
        entry.timer = None
        if self.discovery is not None and self.discovery.on_binding_acknowledgement_timeout(entry):
            return
        if not self._move_entry(entry, "timeout"):
            return
        entry.retransmissions += 1
        entry.timeout = min(entry.timeout * 2, MAX_BINDACK_TIMEOUT)
        self.note("note", msg("engine.mobile_node.no_binding_acknowledgement_retransmit",
                              timeout=f"{entry.timeout / MICROSECONDS:g}"))
        if entry.state == "deregistering":
            self._send_deregistration()
        else:
            self._send_home_binding_update()

    def _on_home_binding_acknowledgement(self, message: BindingAcknowledgement) -> None:
        entry = self.home
        if message.sequence != entry.sequence and message.status != 135:
            self.note("drop", msg("engine.mobile_node.ba_seq_does_not", sequence=message.sequence,
                                  expected=entry.sequence))
            return
        self.note("binding-acknowledgement-received", msg("engine.mobile_node.ba_home_agent_status",
                                                          status=message.status,
                                                          lifetime=message.lifetime))
        if message.status == 135:
            if self._move_entry(entry, "ba-out-of-window"):
                entry.sequence = message.sequence
                self.note("note", msg("engine.mobile_node.sequence_resynchronised_bu_resent",
                                      sequence=message.sequence))
                entry.stop_timer()
                if entry.state == "deregistering":
                    self._send_deregistration()
                else:
                    self._send_home_binding_update()
            return
        entry.stop_timer()
        if message.status >= 128:
            was = entry.state
            self._move_entry(entry, "ba-rejected")
            self.note("note", msg("engine.mobile_node.home_registration_rejected_status",
                                  status=message.status))
            if was == "deregistering":
                # A rejected deregistration (e.g. 133: the HA holds no binding for us) leaves
                # nothing to remove: the MN is at home all the same, so it finishes returning
                # home. Without this it stayed half-returned and never deregistered again.
                self._finish_return_home()
            return
        was = entry.state
        if not self._move_entry(entry, "ba-accepted"):
            self.note("drop", msg("engine.mobile_node.ba_not_expected_state", state=entry.state))
            return
        if was == "deregistering":
            self._finish_return_home()
            return
        if self.discovery is not None:
            self.discovery.on_accepted()
        if message.status == 1:  # §11.4.3: accepted, but prefix discovery necessary
            self.sim.call_later(0, self.prefix_discovery.solicit, owner=self)
        # §11.7.3: remaining = granted - (time since the BU was sent); never stretched.
        elapsed = self.sim.now - entry.sent_at
        entry.lifetime = message.lifetime
        entry.expires = entry.sent_at + message.lifetime * MICROSECONDS
        entry.retransmissions = 0
        self.changed()
        if message.lifetime > 0:
            self.sim.call_later(entry.expires - self.sim.now, self._home_expired, entry.expires,
                                owner=self)
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
        refresh_in = max(0, message.lifetime * MICROSECONDS * 4 // 5 - elapsed)
        advice = next((o for o in message.options if isinstance(o, BindingRefreshAdvice)), None)
        if advice is not None and 0 < advice.refresh_interval < message.lifetime:
            # §11.7.3: refresh by the home agent's Refresh Interval, counted from the BU.
            refresh_in = max(0, advice.refresh_interval * MICROSECONDS - elapsed)
            self.note("note", msg("engine.rfc.binding_refresh_advice_honoured",
                                  interval=advice.refresh_interval))
        entry.refresh_timer = self.sim.call_later(refresh_in, self._refresh_home, owner=self)
        for correspondent in self.correspondents.values():
            if correspondent.state == "return-routability" and correspondent.timer is None:
                self._start_return_routability(correspondent)

    def _home_expired(self, expires: int) -> None:
        """§11.7.3, §11.1: the home registration ends when its lifetime runs out, acknowledged
        or not; a Binding Update still awaiting its BA keeps the entry (its retransmission
        state), now as a new registration with no binding held (expires 0)."""
        entry = self.home
        if entry.expires != expires:
            return  # renewed, moved home or replaced since
        outstanding = entry.state in ("registering", "refreshing")
        if not self._move_entry(entry, "lifetime-expired"):
            return
        entry.expires = 0
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
            entry.refresh_timer = None
        self.note("binding-expired", msg(
            "engine.lifetimes.home_entry_expired_bu_outstanding" if outstanding
            else "engine.lifetimes.home_entry_expired", home_agent=entry.peer,
            lifetime=entry.lifetime))
        self.changed()

    def _refresh_home(self) -> None:
        entry = self.home
        entry.refresh_timer = None
        if self._move_entry(entry, "refresh"):
            entry.timeout = INITIAL_BINDACK_TIMEOUT
            entry.retransmissions = 0
            self.note("note", msg("engine.mobile_node.home_registration_nears_end"))
            self._send_home_binding_update()

    # ================================================================== returning home (§11.5.5)
    # In mipviz/engine/returning_home.py (bound here as methods).
    _return_home = returning_home.return_home
    _no_proxy_answer = returning_home.no_proxy_answer
    _send_deregistration = returning_home.send_deregistration
    _finish_return_home = returning_home.finish_return_home

    # ================================================================== data path (§11.3)
    def tunnel_ready(self) -> bool:
        """The bidirectional tunnel exists: the HA acknowledged the current care-of address
        (RFC 6275 §11.3.1; RFC 3963 §5.3: the tunnel is set up on a successful BA)."""
        return (self.care_of_address is not None
                and self.home.state in ("registered", "refreshing")
                and self.home.care_of_address == self.care_of_address)

    def output(self, packet: IPv6Packet) -> None:
        if packet.source != self.home_address:
            self.transmit_packet(packet)
            return
        if self.at_home:
            if self._returning and not self._deregistration_sent:
                self.note("drop", msg("engine.rfc.home_address_not_yet_usable",
                                      destination=packet.destination))
                return
            self.transmit_packet(packet)
            return
        if isinstance(packet.payload, MOBILITY_HEADER_TYPES):
            self.transmit_packet(packet)
            return
        if not self.tunnel_ready():
            self.note("drop", msg("engine.rfc.no_tunnel_yet_dropped",
                                  destination=packet.destination))
            return
        entry = self.correspondents.get(packet.destination)
        if entry is not None and entry.state in states.CORRESPONDENT_ROUTE_OPTIMISED and \
                entry.expires > self.sim.now:
            routed = replace(packet, source=self.care_of_address, extension_headers=(
                *packet.extension_headers,
                DestinationOptionsHeader((HomeAddressOption(self.home_address),))))
            self.note("swap", msg("engine.mobile_node.route_optimised_source_home",
                                  home_address=self.home_address,
                                  care_of_address=self.care_of_address),
                      before=str(self.home_address), after=str(self.care_of_address))
            self.transmit_packet(routed)
            return
        self._reverse_tunnel(packet)
        if packet.destination != self.home.peer_address:
            self._consider_route_optimisation(packet.destination)

    def _reverse_tunnel(self, packet: IPv6Packet) -> None:
        """§11.3.1: outer CoA -> HA, inner as the upper layer built it (HoA -> peer)."""
        assert self.care_of_address is not None
        if packet.tunnel_depth >= TUNNEL_ENCAPSULATION_LIMIT:
            # RFC 2473 §4.1.1: a loop through tunnels (a mobile router moved into a network
            # behind itself) is cut here, not nested without end.
            self.note("drop", msg("engine.mobile_node.tunnel_encapsulation_limit",
                                  limit=TUNNEL_ENCAPSULATION_LIMIT, source=packet.source,
                                  destination=packet.innermost.destination))
            return
        # RFC 2473 §4.1.1: a nested entry adds the Tunnel Encapsulation Limit option.
        outer = encapsulate(self, self.care_of_address, self.home.peer_address, packet)
        self.note("encapsulate", msg("engine.mobile_node.reverse_tunnel_inside",
                                     source=packet.source, destination=packet.destination,
                                     care_of_address=self.care_of_address,
                                     peer_address=self.home.peer_address),
                  before=str(packet.source), after=str(self.care_of_address))
        self.transmit_packet(outer)

    def on_routing_header_type2(self, interface: Interface, packet: IPv6Packet,
                                header: RoutingHeaderType2) -> IPv6Packet | None:
        """§11.3.3: check, then swap the destination with the home address in the RH2."""
        if header.segments_left != 1 or header.home_address != self.home_address:
            self.note("drop", msg("engine.mobile_node.invalid_type_2_routing"))
            return None
        self.note("swap", msg("engine.mobile_node.type_2_routing_header",
                              destination=packet.destination,
                              home_address=header.home_address), before=str(packet.destination),
                  after=str(header.home_address))
        return replace(packet, destination=header.home_address)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """§11.3.2: accept only from our HA, for our home address."""
        outer = received.packet
        if outer.source != self.home.peer_address or inner.destination != self.home_address:
            self.note("drop", msg("engine.mobile_node.tunnelled_packet_not_our",
                                  source=outer.source, destination=inner.destination))
            return
        self.note("decapsulate", msg("engine.mobile_node.decapsulated_packet_home_agent",
                                     source=inner.source,
                                     destination=inner.destination), before=str(outer.destination),
                  after=str(inner.destination))
        self.deliver(received.interface, inner, tunnel=outer)
        if not isinstance(inner.payload, (*MOBILITY_HEADER_TYPES, ParameterProblem)):
            # S10: a correspondent's packet came via the HA, so it has no binding for us.
            self._consider_route_optimisation(inner.source)

    # ================================================================== mobility messages
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        source = received.packet.source
        if isinstance(message, BindingAcknowledgement):
            if source == self.home.peer_address:
                self._on_home_binding_acknowledgement(message)
            elif source in self.correspondents:
                self._on_correspondent_ba(received, message, self.correspondents[source])
            else:
                self.note("drop", msg("engine.mobile_node.ba_no_binding_update", source=source))
            return
        entry = self.correspondents.get(source)
        if isinstance(message, HomeTest):
            self._on_home_test(received, message, entry)
        elif isinstance(message, CareofTest):
            self._on_careof_test(received, message, entry)
        elif isinstance(message, BindingRefreshRequest):
            self._on_binding_refresh_request(message, entry, source)
        elif isinstance(message, BindingError):
            self._on_binding_error(message, entry, source)
        else:
            self.note("drop", msg("engine.mobile_node.not_mobile_node_ignored",
                                  message_type=type(message).__name__))
