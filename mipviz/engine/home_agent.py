"""The home agent: a router on the home link that keeps home registrations (RFC 6275 §10).

It accepts home-registration BUs (after DAD for a new home address), answers with a BA carrying
a Type 2 Routing Header, defends the home address with proxy Neighbor Advertisements, tunnels
packets for the home address to the care-of address and decapsulates the reverse tunnel
(RFC 2473), and deregisters with a MAX_DELETE_BCE_TIMEOUT grace period.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine import multihoming, nemo
from mipviz.engine.addressing import ALL_NODES, UNSPECIFIED, solicited_node_multicast
from mipviz.engine.bindings import MAX_LIFETIME, BindingCache
from mipviz.engine.home_agent_discovery import HomeAgentDiscoveryResponder
from mipviz.engine.link import Interface
from mipviz.engine.mobile_prefix_discovery import MobilePrefixAgent, is_home_prefix
from mipviz.engine.neighbor_discovery import RETRANS_TIMER
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Received, replace
from mipviz.engine.router import Router
from mipviz.engine.simulation import Timer, seconds
from mipviz.engine.timeline import BindingCacheEntry, NodeState
from mipviz.engine.tunnel import encapsulate
from mipviz.i18n import Msg, msg
from mipviz.model.discovery_messages import MobilePrefixSolicitation
from mipviz.model.messages import (
    TUNNEL_ENCAPSULATION_LIMIT,
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingError,
    BindingRefreshAdvice,
    BindingUpdate,
    EncapsulatingSecurityPayload,
    HomeAddressOption,
    HomeAgentInformation,
    IPv6Packet,
    MobilityMessage,
    MobilityOption,
    NeighborAdvertisement,
    NeighborSolicitation,
    NonceIndices,
    RouterAdvertisement,
    RoutingHeaderType2,
    UnknownMobilityMessage,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

MAX_DELETE_BCE_TIMEOUT = seconds(10)  # RFC 6275 §12

STATUS_ACCEPTED = 0
STATUS_NOT_HOME_SUBNET = 132
STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE = 133
STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED = 134
STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW = 135
STATUS_REGISTRATION_TYPE_CHANGE_DISALLOWED = 139


@dataclass
class _PendingRegistration:
    """A first registration waiting for DAD on the home address (RFC 6275 §10.3.1)."""

    received: Received
    message: BindingUpdate
    care_of_address: IPv6Address
    defended: bool = False


class HomeAgent(Router):
    role: ClassVar[str] = "home-agent"

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, router_lifetime: int = 1800,
                 home_agent_lifetime: int = 1800, max_binding_lifetime: int = MAX_LIFETIME,
                 mobile_router_support: bool = True, binding_refresh_interval: int = 0,
                 home_agent_preference: int = 0) -> None:
        super().__init__(sim, name, advertise=advertise, ra_interval=ra_interval,
                         router_lifetime=router_lifetime)
        self.home_agent_lifetime = home_agent_lifetime
        self.max_binding_lifetime = max_binding_lifetime
        self.binding_cache = BindingCache()
        self.mobile_router_support = mobile_router_support
        # RFC 6275 §6.2.4, §10.3.1: seconds after which the MN should refresh, advised in the BA
        # (a home agent whose Binding Cache is volatile asks for early refreshes); 0 = none.
        self.binding_refresh_interval = binding_refresh_interval
        # RFC 3963 §6.1: the prefixes each mobile router (by home address) may register.
        self.prefix_table: dict[IPv6Address, tuple[IPv6Network, ...]] = {}
        self.home_interface: Interface | None = None
        # RFC 6275 §7.4, §10.5.1: advertised in the HA Information option; DHAAD orders by it.
        self.home_agent_preference = home_agent_preference
        self.discovery = HomeAgentDiscoveryResponder(self)
        self.prefix_discovery = MobilePrefixAgent(self)  # RFC 6275 §10.6
        self.multiple_careof = multihoming.MultipleCareofBindings()  # RFC 5648: (HoA, BID)
        self._pending: dict[IPv6Address, _PendingRegistration] = {}
        self._timers: dict[IPv6Address, Timer] = {}
        # state() memo: the routes of the last snapshot, and each entry's route text by id
        self._routes_of: tuple[BindingCacheEntry, ...] | None = None
        # The entries with Mobile Network Prefixes (RFC 3963), in snapshot order, for
        # _binding_for; recomputed when the cache's snapshot changes.
        self._prefixed_of: tuple[BindingCacheEntry, ...] | None = None
        self._prefixed: tuple[BindingCacheEntry, ...] = ()
        self._routes: tuple[tuple[str, str], ...] = ()
        self._route_text: dict[int, tuple[BindingCacheEntry, tuple[tuple[str, str], ...]]] = {}

    @property
    def home_prefix(self) -> IPv6Network:
        assert self.home_interface is not None and self.home_interface.link is not None
        return self.home_interface.link.prefix

    @property
    def home_agent_address(self) -> IPv6Address:
        assert self.home_interface is not None
        return self.home_interface.global_addresses()[0]

    def owns(self, address: IPv6Address) -> bool:
        # The Home-Agents anycast address (RFC 2526) is ours too, whichever link it came in on.
        return super().owns(address) or (self.home_interface is not None
                                         and address in self.home_interface.anycast)

    def state(self) -> NodeState:
        snapshot = self.binding_cache.snapshot()
        if snapshot is not self._routes_of:
            self._routes_of, self._routes = snapshot, self._mobility_routes(snapshot)
        # RFC 5648: the rows shown are per (home address, BID); routes follow the chosen one.
        shown = self.multiple_careof.expand(snapshot, self.sim.now)
        return dataclasses.replace(super().state(), binding_cache=shown, routes=self._routes,
                                   home_agents_list=self.discovery.home_agents.snapshot())

    def _mobility_routes(self, snapshot: tuple[BindingCacheEntry, ...],
                         ) -> tuple[tuple[str, str], ...]:
        """(destination, via) for each valid entry. An entry's text is formatted once: str() of
        an IPv6Address is slow, and a home agent with 1,000 bindings is snapshotted after every
        step that changes it (benchmarks/README.md)."""
        known, self._route_text = self._route_text, {}
        routes: list[tuple[str, str]] = []
        for e in snapshot:
            if e.state != "valid":
                continue
            cached = known.get(id(e))
            if cached is None or cached[0] is not e:
                cached = (e, tuple((destination, f"tunnel to {e.care_of_address}")
                                   for destination in (f"{e.home_address}/128", *e.prefixes)))
            self._route_text[id(e)] = cached
            routes.extend(cached[1])
        return tuple(routes)

    # ------------------------------------------------------------------ advertisements (§7)
    def router_advertisement(self, interface: Interface) -> RouterAdvertisement:
        """On the home link: H flag, the HA's full address with the R flag, HA Information."""
        base = super().router_advertisement(interface)
        if interface is not self.home_interface or interface.link is None:
            return base
        prefix = dataclasses.replace(base.prefixes[0], router_address=True,
                                     address=self.home_agent_address)
        return dataclasses.replace(
            base, home_agent=True, prefixes=(prefix, *base.prefixes[1:]),
            # RFC 3963 §7.3: R = 1 when this HA supports mobile routers.
            home_agent_information=HomeAgentInformation(
                preference=self.home_agent_preference, lifetime=self.home_agent_lifetime,
                mobile_router_support=self.mobile_router_support))

    # ------------------------------------------------------------------ tunnelling (§10.4)
    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        if self._tunnel_if_bound(packet):
            return
        super().forward(interface, packet)

    def intercept(self, interface: Interface, packet: IPv6Packet) -> None:
        """A packet sent to our MAC for a home address we proxy (RFC 6275 §10.4.1)."""
        if not self._tunnel_if_bound(packet):
            self.note("drop", msg("engine.home_agent.proxied_has_no_binding",
                                  destination=packet.destination))

    def output(self, packet: IPv6Packet) -> None:
        if not self._tunnel_if_bound(packet):
            super().output(packet)

    def _binding_for(self, address: IPv6Address) -> BindingCacheEntry | None:
        """The home registration covering ``address``: its home address, or (NEMO, RFC 3963
        §6.3) one of its Mobile Network Prefixes."""
        entry = self.binding_cache.lookup(address, self.sim.now)
        if entry is not None:
            return entry if entry.home_registration else None
        snapshot = self.binding_cache.snapshot()
        if snapshot is not self._prefixed_of:
            # Only mobile-router entries carry prefixes: walking all 1,000 bindings of the
            # benchmark's home agent for every packet it forwarded was its top engine cost.
            self._prefixed_of = snapshot
            self._prefixed = tuple(e for e in snapshot if e.prefixes)
        for candidate in self._prefixed:
            if candidate.state == "valid" and candidate.expires > self.sim.now and any(
                    address in IPv6Network(prefix) for prefix in candidate.prefixes):
                return candidate
        return None

    def _tunnel_if_bound(self, packet: IPv6Packet) -> bool:
        entry = self._binding_for(packet.destination)
        if entry is None:
            return False
        if packet.destination.is_link_local:
            return False  # RFC 6275 §10.4.2: link-local traffic is never tunnelled
        inner = replace(packet, hop_limit=max(0, packet.hop_limit - 1))
        # RFC 2473 §4.1.1: a nested entry adds the Tunnel Encapsulation Limit option.
        outer = encapsulate(self, self.home_agent_address, entry.care_of_address, inner)
        whose: Msg | str = (str(entry.home_address) if packet.destination == entry.home_address
                            else msg("engine.home_agent.mobile_network_of",
                                     destination=packet.destination,
                                     home_address=entry.home_address))
        self.note("encapsulate", msg("engine.home_agent.intercepted_packet_tunnelled_care",
                                     whose=whose, care_of_address=entry.care_of_address),
                  before=str(packet.destination), after=str(entry.care_of_address))
        # Nested mobility with one home agent: the care-of address may itself lie in a mobile
        # network this HA serves, so the tunnel packet is tunnelled again — up to the RFC 2473
        # §4.1.1 default Tunnel Encapsulation Limit of 4 levels.
        if outer.tunnel_depth >= TUNNEL_ENCAPSULATION_LIMIT or not self._tunnel_if_bound(outer):
            self.transmit_packet(outer)
        return True

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """Reverse tunnel exit (RFC 6275 §10.4.5): outer source must be the registered CoA."""
        outer = received.packet
        entry = self._binding_for(inner.source)  # the MN itself, or a node of its network
        if entry is None or (entry.care_of_address != outer.source and not
                             multihoming.holds_careof(self, entry.home_address, outer.source)):
            self.note("drop", msg("engine.home_agent.reverse_tunnelled_packet_inner",
                                  source=outer.source, inner_source=inner.source))
            return
        self.note("decapsulate", msg("engine.home_agent.reverse_tunnel_inner_packet",
                                     source=outer.source, inner_source=inner.source,
                                     destination=inner.destination),
                  before=str(outer.source), after=str(inner.source))
        if self.owns(inner.destination):
            self.deliver(received.interface, inner, tunnel=outer)
        else:
            self.forward(received.interface, inner)

    def on_home_address_option(self, interface: Interface, packet: IPv6Packet,
                               option: HomeAddressOption, position: int) -> IPv6Packet | None:
        """RFC 6275 §9.3.1: a HAO on a Mobility Header packet is processed (the BU itself is
        authenticated); the home address becomes the source for the upper layer."""
        if isinstance(packet.payload, MobilePrefixSolicitation) and \
                self.prefix_discovery.accepts_home_address_option(packet, option.home_address):
            return replace(packet, source=option.home_address)  # RFC 6275 §10.6.1
        # §9.3.1: or ESP (its Mobility Header inside is checked after decryption).
        if not isinstance(packet.payload, (*MOBILITY_HEADER_TYPES, EncapsulatingSecurityPayload)):
            self.note("drop", msg("engine.home_agent.home_address_option_data"))
            return None
        return replace(packet, source=option.home_address)

    # ------------------------------------------------------------------ registration (§10.3)
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, BindingUpdate):
            self._on_binding_update(received, message)
        elif isinstance(message, UnknownMobilityMessage):
            self.note("drop", msg("engine.home_agent.unknown_mh_type_binding",
                                  mh_type=message.mh_type))
            self.output(IPv6Packet(
                self.home_agent_address, received.on_wire.source,
                BindingError(status=2, home_address=UNSPECIFIED)))
        else:
            self.note("drop", msg("engine.home_agent.not_home_agent_ignored",
                                  message_type=type(message).__name__))

    def _on_binding_update(self, received: Received, message: BindingUpdate) -> None:
        if message.mobile_router and (not message.home_registration
                                      or not self.mobile_router_support):
            why = (msg("engine.home_agent.r_without_h") if not message.home_registration else
                   msg("engine.home_agent.no_mobile_router_support"))
            self.note("drop", msg("engine.home_agent.mobile_router_registration_refused", why=why))
            self._send_ba(received, message, nemo.MOBILE_ROUTER_OPERATION_NOT_PERMITTED, 0)
            return
        if not message.home_registration:
            self.note("drop", msg("engine.home_agent.bu_without_h_this"))
            return
        if any(isinstance(option, NonceIndices) for option in message.options):
            # RFC 6275 §9.5.1: with H = 1 the Nonce Indices option MUST NOT be present; a BU
            # failing §9.5.1 is silently discarded.
            self.note("drop", msg("engine.rfc.home_bu_with_nonce_indices",
                                  sequence=message.sequence))
            return
        home_address = received.packet.source  # the HAO's address after the swap
        careof_address = received.on_wire.source
        self.note("binding-update-received", msg("engine.home_agent.home_registration_bu_seq",
                                                 sequence=message.sequence,
                                                 home_address=home_address))
        for option in message.options:
            if isinstance(option, AlternateCareofAddress):
                careof_address = option.address
        if (message.lifetime != 0 and careof_address != home_address
                and received.home_address_option is None):
            # RFC 6275 §10.3.1 / §11.7.1: a registration from a care-of address names the home
            # address in a Home Address option (IPsec selects the SA by it); without one the
            # BU is discarded. Only a deregistration sent from home may go without it.
            self.note("drop", msg("engine.rfc.registration_without_hao",
                                  sequence=message.sequence, source=received.on_wire.source))
            return
        if home_address not in self.home_prefix and not is_home_prefix(self, home_address):
            self.note("drop", msg("engine.home_agent.not_home_prefix_status",
                                  home_address=home_address, home_prefix=self.home_prefix))
            self._send_ba(received, message, STATUS_NOT_HOME_SUBNET, 0)
            return
        existing = self.binding_cache.get(home_address)
        deregistration = message.lifetime == 0 or careof_address == home_address
        if existing is not None and not self.binding_cache.sequence_acceptable(
                home_address, message.sequence):
            self.note("drop", msg("engine.home_agent.sequence_number_not_newer",
                                  sequence=message.sequence, last_sequence=existing.sequence))
            self._send_ba(received, message, STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW, 0,
                          sequence=existing.sequence)
            return
        if deregistration:
            self._deregister(received, message, home_address)
            return
        if existing is not None and existing.state == "valid" and (
                not existing.home_registration
                or existing.mobile_router != message.mobile_router):
            self.note("drop", msg("engine.home_agent.registration_type_changed_h"))
            self._send_ba(received, message, STATUS_REGISTRATION_TYPE_CHANGE_DISALLOWED, 0)
            return
        if message.mobile_router:
            decision = nemo.decide_prefixes(message, home_address, self.prefix_table)
            if decision.status:
                self.note("drop", msg("engine.home_agent.prefix_refused", reason=decision.reason,
                                      status=decision.status))
                self._send_ba(received, message, decision.status, 0)
                return
        if existing is None or existing.state != "valid":
            self._start_dad(received, message, home_address, careof_address)
            return
        self._accept(received, message, home_address, careof_address)

    def _start_dad(self, received: Received, message: BindingUpdate, home_address: IPv6Address,
                   careof_address: IPv6Address) -> None:
        """RFC 6275 §10.3.1: DAD for the home address on the home link before the first BA."""
        if home_address in self._pending:
            self._pending[home_address] = _PendingRegistration(received, message, careof_address)
            return
        self._pending[home_address] = _PendingRegistration(received, message, careof_address)
        assert self.home_interface is not None
        self.note("note", msg("engine.home_agent.first_registration_duplicate_address",
                              home_address=home_address))
        self.send_on_link(self.home_interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(home_address),
            NeighborSolicitation(target=home_address), hop_limit=255))
        self.sim.call_later(RETRANS_TIMER, self._dad_done, home_address, owner=self)

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        pending = self._pending.get(message.target)
        if pending is not None:
            pending.defended = True
        super()._on_neighbor_advertisement(received, message)

    def _dad_done(self, home_address: IPv6Address) -> None:
        pending = self._pending.pop(home_address, None)
        if pending is None:
            return
        if pending.defended:
            self.note("drop", msg("engine.home_agent.use_home_link_status",
                                  home_address=home_address))
            self._send_ba(pending.received, pending.message,
                          STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED, 0)
            return
        self._accept(pending.received, pending.message, home_address, pending.care_of_address)

    def _accept(self, received: Received, message: BindingUpdate, home_address: IPv6Address,
                careof_address: IPv6Address) -> None:
        existed = self.binding_cache.lookup(home_address, self.sim.now) is not None
        lifetime = min(message.lifetime, self.max_binding_lifetime) // 4 * 4
        careof_address = multihoming.register_bindings(self, received, message, home_address,
                                                       careof_address, lifetime)
        prefixes: tuple[str, ...] = ()
        if message.mobile_router:
            decision = nemo.decide_prefixes(message, home_address, self.prefix_table)
            prefixes = tuple(str(prefix) for prefix in decision.prefixes)
        entry = self.binding_cache.update(home_address, careof_address, message.sequence,
                                          lifetime, self.sim.now, home_registration=True,
                                          mobile_router=message.mobile_router,
                                          prefixes=prefixes)
        routed: Msg | str = (msg("engine.home_agent.routes_via_tunnel", prefixes=prefixes)
                             if prefixes else "")
        self.note("binding-refreshed" if existed else "binding-created",
                  msg("engine.home_agent.binding_cache_update" if existed
                      else "engine.home_agent.binding_cache_add",
                      home_address=home_address, careof_address=careof_address,
                      lifetime=lifetime, routed=routed))
        self.changed()
        self._schedule_expiry(home_address, entry.expires)
        options: tuple[MobilityOption, ...] = multihoming.acknowledgement_options(message)
        interval = self.binding_refresh_interval // 4 * 4
        if 0 < interval < lifetime:  # §6.2.4: less than the granted lifetime
            options = (*options, BindingRefreshAdvice(interval))
            self.note("note", msg("engine.rfc.binding_refresh_advice_sent", interval=interval,
                                  lifetime=lifetime))
        # RFC 6275 §10.6.1: status 1 when the home address is on a deprecated home prefix.
        self._send_ba(received, message, self.prefix_discovery.accepted_status(home_address),
                      lifetime, options=options)
        if not existed:
            self._start_proxy(home_address, router=message.mobile_router)

    def _start_proxy(self, home_address: IPv6Address, *, router: bool = False) -> None:
        """RFC 6275 §10.4.1: defend the home address with a multicast unsolicited NA."""
        interface = self.home_interface
        assert interface is not None
        interface.add_proxy(home_address)
        self.note("note", msg("engine.home_agent.proxy_neighbor_discovery_unsolicited",
                              home_address=home_address))
        self.send_on_link(interface, IPv6Packet(
            interface.link_local, ALL_NODES,
            # RFC 3963 §6.3: for a mobile router the proxy NA has the Router flag set.
            NeighborAdvertisement(target=home_address, router=router, solicited=False,
                                  override=True, target_link_layer=interface.mac),
            hop_limit=255))

    def _deregister(self, received: Received, message: BindingUpdate,
                    home_address: IPv6Address) -> None:
        """RFC 6275 §10.3.2: BA with lifetime 0, stop proxying, free the entry 10 s later."""
        if multihoming.deregister_some(self, received, message, home_address):
            return  # RFC 5648 §5.7: some of several care-of addresses deregistered
        existing = self.binding_cache.get(home_address)
        if existing is None or existing.state != "valid" or not existing.home_registration:
            self.note("drop", msg("engine.home_agent.deregistration_without_home_registration",
                                  home_address=home_address))
            self._send_ba(received, message, STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, 0)
            return
        self.binding_cache.mark_deleting(home_address, message.sequence)
        if self.home_interface is not None:
            self.home_interface.remove_proxy(home_address)
        self.note("binding-deleted", msg("engine.home_agent.deregistration_entry_invalid_freed",
                                         home_address=home_address))
        self.changed()
        self._send_ba(received, message, STATUS_ACCEPTED, 0)
        self._cancel_timer(home_address)
        self._timers[home_address] = self.sim.call_later(
            MAX_DELETE_BCE_TIMEOUT, self._free, home_address, owner=self)

    def _free(self, home_address: IPv6Address) -> None:
        entry = self.binding_cache.get(home_address)
        if entry is not None and entry.state == "deleting":
            self.binding_cache.delete(home_address)
            self.note("cache", msg("engine.home_agent.binding_cache_entry_freed",
                                   home_address=home_address))
            self.changed()

    def _schedule_expiry(self, home_address: IPv6Address, expires: int) -> None:
        # No owner: the timer is not parked while this home agent is failed. The lifetime it
        # granted ends at a time fixed by the BA (RFC 6275 §10.3.1, §9.5.2), not by whether
        # the home agent runs: a stopped home agent keeps no binding alive past it, so its
        # cache never shows a valid binding whose lifetime is over.
        self._cancel_timer(home_address)
        self._timers[home_address] = self.sim.call_later(
            expires - self.sim.now, self._expire, home_address, expires)

    def _cancel_timer(self, home_address: IPv6Address) -> None:
        timer = self._timers.pop(home_address, None)
        if timer is not None:
            timer.cancel()

    def _expire(self, home_address: IPv6Address, expires: int) -> None:
        entry = self.binding_cache.get(home_address)
        if entry is None or entry.expires != expires or entry.state != "valid":
            return
        self.binding_cache.delete(home_address)
        self.multiple_careof.forget(home_address)
        if self.home_interface is not None:
            self.home_interface.remove_proxy(home_address)
        self.note("binding-expired", msg(
            "engine.lifetimes.home_registration_expired_while_down" if self.failed
            else "engine.home_agent.home_registration_expired_tunnel",
            home_address=home_address, home_agent=self.name))
        self.changed()

    def _send_ba(self, received: Received, message: BindingUpdate, status: int, lifetime: int,
                 *, sequence: int | None = None,
                 options: tuple[MobilityOption, ...] = ()) -> None:
        """RFC 6275 §10.3.1: always answer; RH2 with the home address when it had a HAO."""
        # RFC 3963 §4.2: R in the BA only when the BU had R and this HA supports it.
        ba = BindingAcknowledgement(
            status=status, sequence=message.sequence if sequence is None else sequence,
            lifetime=lifetime, options=options,
            mobile_router=message.mobile_router and self.mobile_router_support)
        headers: tuple[RoutingHeaderType2, ...] = ()
        if received.home_address_option is not None:
            headers = (RoutingHeaderType2(received.home_address_option),)
        destination = received.on_wire.source
        # output(), not transmit_packet(): a care-of address inside a mobile network this HA
        # serves (a visiting mobile node behind a mobile router) is reached through that
        # router's tunnel.
        self.output(IPv6Packet(self.home_agent_address, destination, ba,
                                        extension_headers=headers))

    def proxy_is_router(self, target: IPv6Address) -> bool:
        """RFC 6275 §10.4.1: R = 0 for a mobile node; RFC 3963 §6.3: R = 1 for a mobile router."""
        entry = self.binding_cache.get(target)
        return entry is not None and entry.mobile_router

    def _on_neighbor_solicitation(self, received: Received,
                                  message: NeighborSolicitation) -> None:
        if message.target in self._pending and received.packet.source == UNSPECIFIED:
            return  # our own DAD probe looped back by a hub; ignore
        super()._on_neighbor_solicitation(received, message)
