"""The mobile node (RFC 6275 §11): movement detection, care-of address, home registration,
bidirectional tunnelling and returning home. Return Routability and route optimisation with
correspondents are in :mod:`mipviz.engine.route_optimisation`.

Binding Update List entries follow the tables in :mod:`mipviz.engine.states`; a message that
the table does not accept in the entry's state is dropped with the reason recorded.
"""

from __future__ import annotations

import dataclasses
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine import states
from mipviz.engine.addressing import (
    ALL_NODES,
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
from mipviz.engine.link import Interface, Link
from mipviz.engine.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingError,
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
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Received, replace
from mipviz.engine.route_optimisation import ReturnRoutability
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import MICROSECONDS, BindingUpdateListEntry, NodeState

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

MAX_RTR_SOLICITATION_DELAY = seconds(1)  # RFC 4861 §10
RETRANS_TIMER = seconds(1)  # DAD wait (RFC 4862 §5.4, DupAddrDetectTransmits = 1)


class MobileNode(ReturnRoutability):
    role: ClassVar[str] = "mobile-node"

    def __init__(self, sim: Simulation, name: str, *, home_address: IPv6Address,
                 home_prefix: IPv6Network, home_agent: IPv6Address, home_agent_name: str,
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
        self.home = BindingUpdateListRecord(home_agent_name, home_agent, True,
                                            sim.rng.randrange(1 << 16))
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

    def move_to(self, link: Link) -> None:
        """Layer-2 handover: leave the current link, attach to ``link`` (a script action)."""
        interface = self.interface
        old = interface.link.name if interface.link is not None else "nothing"
        if interface.link is not None:
            interface.link.detach(interface)
        if self.care_of_address is not None:
            interface.remove_address(self.care_of_address)
        interface.remove_address(self.home_address)
        interface.link = link
        interface.neighbor_cache.clear()
        self.default_router = None
        link.attach(interface)
        self.note("moved", f"moved from {old} to {link.name} (layer-2 handover)")
        self.changed()
        self._after_attach()

    def _after_attach(self) -> None:
        """RFC 4861 §6.3.7: solicit a router after a random delay of up to 1 s."""
        delay = self.sim.rng.randrange(MAX_RTR_SOLICITATION_DELAY)
        self.sim.call_later(delay, self._send_router_solicitation, owner=self)

    def _send_router_solicitation(self) -> None:
        interface = self.interface
        self.send_on_link(interface, IPv6Packet(
            interface.link_local, ALL_ROUTERS,
            RouterSolicitation(source_link_layer=interface.mac), hop_limit=255))

    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        """Movement detection (§11.5.1): a prefix that is neither the current one nor home."""
        interface = received.interface
        if message.router_lifetime > 0:
            self.default_router = received.packet.source
            if message.source_link_layer is not None:
                interface.neighbor_cache[received.packet.source] = message.source_link_layer
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
        if prefix == self.current_prefix and self.care_of_address is not None:
            return
        self.note("movement-detected", f"Router Advertisement with prefix {prefix}: not the "
                  f"home prefix {self.home_prefix} nor the last one seen, so the node moved")
        self.current_prefix = prefix
        self.at_home = False
        self._form_care_of_address(prefix)

    def _form_care_of_address(self, prefix: IPv6Network) -> None:
        """§11.5.1 step 3 / RFC 4862: prefix + modified EUI-64 identifier, then DAD."""
        iid = eui64_interface_identifier(self.interface.mac)
        address = slaac_address(prefix, self.interface.mac)
        iid_text = ":".join(f"{(iid >> s) & 0xFFFF:04x}" for s in (48, 32, 16, 0))
        self.note("note", f"care-of address = {prefix.network_address}/64 + EUI-64 "
                  f"{iid_text} (MAC {self.interface.mac}, U/L bit flipped, ff:fe inserted) "
                  f"= {address}", before=str(prefix), after=str(address))
        self._pending_care_of = address
        self.send_on_link(self.interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(address),
            NeighborSolicitation(target=address), hop_limit=255))
        self.sim.call_later(RETRANS_TIMER, self._dad_complete, address, owner=self)

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        if message.target == self._pending_care_of:
            self.note("drop", f"{message.target} is already in use: duplicate address "
                      "detection failed")
            self._pending_care_of = None
            return
        super()._on_neighbor_advertisement(received, message)
        if self._returning and message.target == self.home.peer_address:
            self._send_deregistration()

    def _dad_complete(self, address: IPv6Address) -> None:
        if self._pending_care_of != address:
            return
        self._pending_care_of = None
        self.care_of_address = address
        self.interface.add_address(address)
        self.note("care-of-address-configured", f"care-of address {address} is valid "
                  "(no answer to duplicate address detection)")
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
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        entry.care_of_address = careof
        entry.lifetime = self.binding_lifetime
        entry.sent_at = self.sim.now
        bu = self._home_registration_bu(self.binding_lifetime, careof)
        self.note("binding-update-sent", f"home registration: BU seq {entry.sequence} to "
                  f"home agent {entry.peer_address}, {self.home_address} -> {careof}"
                  + (f" (retransmission {entry.retransmissions})" if entry.retransmissions
                     else ""))
        self.changed()
        self.transmit_packet(IPv6Packet(
            careof, entry.peer_address, bu,
            extension_headers=(DestinationOptionsHeader((HomeAddressOption(self.home_address),)),)))
        self._arm_retransmission(entry, self._home_timeout)

    def _home_timeout(self, entry: BindingUpdateListRecord) -> None:
        """§11.8: no BA — retransmit with exponential back-off, capped at 32 s."""
        entry.timer = None
        if not self._move_entry(entry, "timeout"):
            return
        entry.retransmissions += 1
        entry.timeout = min(entry.timeout * 2, MAX_BINDACK_TIMEOUT)
        self.note("note", f"no Binding Acknowledgement: retransmit, next timeout "
                  f"{entry.timeout / MICROSECONDS:g} s")
        if entry.state == "deregistering":
            self._send_deregistration()
        else:
            self._send_home_binding_update()

    def _on_home_binding_acknowledgement(self, message: BindingAcknowledgement) -> None:
        entry = self.home
        if message.sequence != entry.sequence and message.status != 135:
            self.note("drop", f"BA seq {message.sequence} does not match the outstanding BU "
                      f"seq {entry.sequence}; ignored")
            return
        self.note("binding-acknowledgement-received", f"BA from home agent: status "
                  f"{message.status}, lifetime {message.lifetime} s")
        if message.status == 135:
            if self._move_entry(entry, "ba-out-of-window"):
                entry.sequence = message.sequence
                self.note("note", f"sequence resynchronised to {message.sequence}; BU resent")
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
            self.note("note", f"home registration rejected with status {message.status}")
            if was == "deregistering":
                # A rejected deregistration (e.g. 133: the HA holds no binding for us) leaves
                # nothing to remove: the MN is at home all the same, so it finishes returning
                # home. Without this it stayed half-returned and never deregistered again.
                self._finish_return_home()
            return
        was = entry.state
        if not self._move_entry(entry, "ba-accepted"):
            self.note("drop", f"BA not expected in state {entry.state}; ignored")
            return
        if was == "deregistering":
            self._finish_return_home()
            return
        # §11.7.3: remaining = granted - (time since the BU was sent); never stretched.
        elapsed = self.sim.now - entry.sent_at
        entry.lifetime = message.lifetime
        entry.expires = entry.sent_at + message.lifetime * MICROSECONDS
        entry.retransmissions = 0
        self.changed()
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
        refresh_in = max(0, message.lifetime * MICROSECONDS * 4 // 5 - elapsed)
        entry.refresh_timer = self.sim.call_later(refresh_in, self._refresh_home, owner=self)
        for correspondent in self.correspondents.values():
            if correspondent.state == "return-routability" and correspondent.timer is None:
                self._start_return_routability(correspondent)

    def _refresh_home(self) -> None:
        entry = self.home
        entry.refresh_timer = None
        if self._move_entry(entry, "refresh"):
            entry.timeout = INITIAL_BINDACK_TIMEOUT
            entry.retransmissions = 0
            self.note("note", "home registration nears the end of its lifetime: refresh")
            self._send_home_binding_update()

    # ================================================================== returning home (§11.5.5)
    def _return_home(self, message: RouterAdvertisement) -> None:
        if self._returning:
            return
        self.note("note", f"Router Advertisement carries the home prefix {self.home_prefix}: "
                  "back on the home link")
        self.at_home = True
        self.current_prefix = self.home_prefix
        self.interface.add_address(self.home_address)
        if self.home.state == "idle":
            self.note("returned-home", "at home with no binding to remove")
            return
        self._returning = True
        self._move_entry(self.home, "return-home")
        self.home.retransmissions = 0
        self.home.timeout = INITIAL_BINDACK_TIMEOUT
        # §11.5.5: learn the HA's link-layer address with an NS from the unspecified address;
        # no DAD for the home address while the HA still defends it.
        ha = self.home.peer_address
        self.interface.neighbor_cache.pop(ha, None)
        self.send_on_link(self.interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(ha), NeighborSolicitation(target=ha),
            hop_limit=255))
        for entry in self.correspondents.values():
            if self._move_entry(entry, "return-home") and entry.state == "deleting":
                entry.careof_token = None
                self._start_return_routability(entry)

    def _send_deregistration(self) -> None:
        entry = self.home
        if entry.state != "deregistering":
            return
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        entry.sent_at = self.sim.now
        entry.care_of_address = self.home_address
        bu = self._home_registration_bu(0, self.home_address)
        self.note("binding-update-sent", f"deregistration: BU seq {entry.sequence}, lifetime 0,"
                  f" care-of address = home address {self.home_address}")
        self.transmit_packet(IPv6Packet(self.home_address, entry.peer_address, bu))
        self._arm_retransmission(entry, self._home_timeout)

    def _finish_return_home(self) -> None:
        """After BA status 0: reclaim the home address with unsolicited NAs (§11.5.5 step 5)."""
        self._returning = False
        if self.care_of_address is not None:
            self.interface.remove_address(self.care_of_address)
        self.care_of_address = None
        self.home.care_of_address = None
        self.home.expires = 0
        if self.home.refresh_timer is not None:
            self.home.refresh_timer.cancel()
        self.note("returned-home", f"deregistered: {self.home_address} is used on the home link "
                  "again; unsolicited NA overrides the home agent's proxy entry")
        self.changed()
        self.send_on_link(self.interface, IPv6Packet(
            self.home_address, ALL_NODES,
            NeighborAdvertisement(target=self.home_address, router=False, solicited=False,
                                  override=True, target_link_layer=self.interface.mac),
            hop_limit=255))

    # ================================================================== data path (§11.3)
    def output(self, packet: IPv6Packet) -> None:
        if self.at_home or packet.source != self.home_address or self.care_of_address is None:
            self.transmit_packet(packet)
            return
        if isinstance(packet.payload, MOBILITY_HEADER_TYPES):
            self.transmit_packet(packet)
            return
        entry = self.correspondents.get(packet.destination)
        if entry is not None and entry.state in states.CORRESPONDENT_ROUTE_OPTIMISED and \
                entry.expires > self.sim.now:
            routed = replace(packet, source=self.care_of_address, extension_headers=(
                *packet.extension_headers,
                DestinationOptionsHeader((HomeAddressOption(self.home_address),))))
            self.note("swap", f"route optimised: source {self.home_address} -> "
                      f"{self.care_of_address}, home address into a Home Address option",
                      before=str(self.home_address), after=str(self.care_of_address))
            self.transmit_packet(routed)
            return
        self._reverse_tunnel(packet)
        if packet.destination != self.home.peer_address:
            self._consider_route_optimisation(packet.destination)

    def _reverse_tunnel(self, packet: IPv6Packet) -> None:
        """§11.3.1: outer CoA -> HA, inner as the upper layer built it (HoA -> peer)."""
        assert self.care_of_address is not None
        outer = IPv6Packet(self.care_of_address, self.home.peer_address, packet)
        self.note("encapsulate", f"reverse tunnel: {packet.source} -> {packet.destination} "
                  f"inside {self.care_of_address} -> {self.home.peer_address}",
                  before=str(packet.source), after=str(self.care_of_address))
        self.transmit_packet(outer)

    def on_routing_header_type2(self, interface: Interface, packet: IPv6Packet,
                                header: RoutingHeaderType2) -> IPv6Packet | None:
        """§11.3.3: check, then swap the destination with the home address in the RH2."""
        if header.segments_left != 1 or header.home_address != self.home_address:
            self.note("drop", "invalid Type 2 Routing Header: silently discarded")
            return None
        self.note("swap", f"Type 2 Routing Header swap: destination {packet.destination} -> "
                  f"{header.home_address}", before=str(packet.destination),
                  after=str(header.home_address))
        return replace(packet, destination=header.home_address)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """§11.3.2: accept only from our HA, for our home address."""
        outer = received.packet
        if outer.source != self.home.peer_address or inner.destination != self.home_address:
            self.note("drop", f"tunnelled packet from {outer.source} for {inner.destination} "
                      "not from our home agent; dropped")
            return
        self.note("decapsulate", f"decapsulated packet from home agent: {inner.source} -> "
                  f"{inner.destination}", before=str(outer.destination),
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
                self.note("drop", f"BA from {source} with no Binding Update List entry")
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
            self.note("drop", f"{type(message).__name__} is not for a mobile node; ignored")
