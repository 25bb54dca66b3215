"""Proxy Mobile IPv6 at the access link (RFC 5213 §6, §7): the mobile access gateway and the
plain IPv6 mobile host it serves. The domain-wide pieces (the LMA, the policy profile, the
clock of Timestamp options) are in :mod:`mipviz.engine.pmipv6`, whose docstring tells the
whole exchange.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import (
    ALL_NODES,
    ALL_ROUTERS,
    UNSPECIFIED,
    slaac_address,
    solicited_node_multicast,
)
from mipviz.engine.binding_update_list import INITIAL_BINDACK_TIMEOUT, MAX_BINDACK_TIMEOUT
from mipviz.engine.link import Interface, Link
from mipviz.engine.neighbor_discovery import MAX_RTR_SOLICITATION_DELAY, RETRANS_TIMER
from mipviz.engine.node import Node, Received, replace
from mipviz.engine.pmipv6 import FIXED_MAG_MAC, PROXY_LIFETIME, Profile, domain_clock, nai
from mipviz.engine.router import MAX_RA_DELAY_TIME, Router
from mipviz.engine.simulation import Timer
from mipviz.engine.timeline import (
    MICROSECONDS,
    BindingUpdateListEntry,
    NodeState,
)
from mipviz.i18n import msg
from mipviz.model import hmip_pmip as h
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    EthernetFrame,
    IPv6Packet,
    MobilityMessage,
    NeighborAdvertisement,
    NeighborSolicitation,
    PrefixInformation,
    RouterAdvertisement,
    RouterSolicitation,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation



# ====================================================================================== host


class PlainMobileHost(Node):
    """A plain IPv6 host that can be moved (RFC 5213 §7: no mobility software at all)."""

    role: ClassVar[str] = "mobile-host"

    def __init__(self, sim: Simulation, name: str) -> None:
        super().__init__(sim, name)
        self._icmp_handlers[RouterAdvertisement] = self._on_router_advertisement  # type: ignore[assignment]
        self._tentative: IPv6Address | None = None
        self._optimistic = False
        # The address it will form from its home network prefix (set from its profile).
        self.home_network_address: IPv6Address | None = None

    @property
    def interface(self) -> Interface:
        return self.interfaces[0]

    def start(self) -> None:
        """At t=0 the host has just attached (as after a boot): it solicits a router."""
        self._after_attach()

    def move_to(self, link: Link, *, link_layer_hint: bool = True) -> None:
        """Layer-2 handover. The MAGs of the old link hear of it as a link-layer event; a
        host with no hint of the move (``link_layer_hint`` false) solicits all the same, as
        it has no Advertisement Interval watch (RFC 4861 §6.3.7 on attachment)."""
        interface = self.interface
        old = interface.link
        if old is not None:
            self.leaving(old)
            old.detach(interface)
        interface.link = link
        link.attach(interface)
        self.note("moved", msg("engine.mobile_node.moved_layer_2_handover",
                               old=old.name if old is not None else "nothing", name=link.name))
        self.changed()
        self._after_attach()

    def leaving(self, old: Link) -> None:
        """The link-layer event the MAGs of ``old`` hear when the host leaves it (also when a
        layer-2 handover time keeps it off every link first, :func:`engine.layer2.detach`)."""
        for other in list(old.interfaces):
            if isinstance(other.node, MobileAccessGateway):
                other.node.detached(other, self.interface.mac)

    def _after_attach(self) -> None:
        delay = self.sim.rng.randrange(MAX_RTR_SOLICITATION_DELAY)  # RFC 4861 §6.3.7
        self.sim.call_later(delay, self._solicit, owner=self)

    def _solicit(self) -> None:
        """Optimistic DAD of the link-local address, then an RS at once (RFC 4429 §3.2)."""
        interface = self.interface
        self._optimistic = True
        self.note("note", msg("engine.rfc.optimistic_dad_link_local",
                              address=interface.link_local))
        self.send_on_link(interface, IPv6Packet(
            UNSPECIFIED, solicited_node_multicast(interface.link_local),
            NeighborSolicitation(target=interface.link_local), hop_limit=255))
        self.sim.call_later(RETRANS_TIMER, self._link_local_done, owner=self)
        self.send_on_link(interface, IPv6Packet(
            interface.link_local, ALL_ROUTERS, RouterSolicitation(), hop_limit=255))

    def _link_local_done(self) -> None:
        self._optimistic = False

    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        interface = received.interface
        router = received.packet.source
        same_router = router == self.default_router
        if message.router_lifetime > 0:
            self.default_router = router
            if message.source_link_layer is not None:
                interface.neighbor_cache[router] = message.source_link_layer
        for option in message.prefixes:
            if not (option.autonomous and option.prefix.prefixlen == 64):
                continue
            address = slaac_address(option.prefix, interface.mac)
            if option.prefix not in self.on_link_prefixes:
                self.on_link_prefixes.append(option.prefix)
            if address in interface.addresses:
                if same_router:
                    self.note("note", msg("engine.pmip.host_same_link", router=router,
                                          prefix=option.prefix, address=address))
                continue
            if address == self._tentative:
                continue
            self._tentative = address
            self.note("note", msg("engine.pmip.host_slaac", prefix=option.prefix,
                                  address=address), before=str(option.prefix),
                      after=str(address))
            self.send_on_link(interface, IPv6Packet(
                UNSPECIFIED, solicited_node_multicast(address),
                NeighborSolicitation(target=address), hop_limit=255))
            self.sim.call_later(RETRANS_TIMER, self._address_ready, address, owner=self)

    def _address_ready(self, address: IPv6Address) -> None:
        if self._tentative != address:
            return
        self._tentative = None
        self.interface.add_address(address)
        self.note("address-configured", msg("engine.pmip.host_address_valid", address=address))
        self.changed()

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        if message.target == self._tentative:
            self.note("drop", msg("engine.mobile_node.already_use_duplicate_address",
                                  target=message.target))
            self._tentative = None
            return
        super()._on_neighbor_advertisement(received, message)


# ====================================================================================== MAG


@dataclass(eq=False)
class _Session:
    """A MAG's Binding Update List entry for one attached mobile node (RFC 5213 §6.1)."""

    profile: Profile
    interface: Interface
    handoff: int
    requested: IPv6Network
    state: str = "registering"  # "registering" | "registered" | "refused" | "deregistering"
    prefix: IPv6Network | None = None
    sequence: int = 0
    lifetime: int = 0
    expires: int = 0
    sent_at: int = 0
    timeout: int = INITIAL_BINDACK_TIMEOUT
    retransmissions: int = 0
    timer: Timer | None = None
    solicited: IPv6Address | None = None  # an RS to answer once registered (§6.9.2)


class MobileAccessGateway(Router):
    """A MAG: its first interface is the access link, the others face the LMA."""

    role: ClassVar[str] = "mag"

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, clock_offset: int = 0) -> None:
        super().__init__(sim, name, advertise=advertise, ra_interval=ra_interval)
        self.lma_address: IPv6Address | None = None
        self.lma_name = ""
        self.profiles: dict[str, Profile] = {}  # by MAC
        self.clock_offset = clock_offset  # µs this MAG's clock is off the domain's
        self.sessions: dict[str, _Session] = {}  # by MAC
        self.domain: set[str] = set()  # link-layer ids seen by the domain's MAGs (shared)
        self.sequence = sim.rng.randrange(1 << 16)

    def add_interface(self, mac: str, link: object, name: str | None = None) -> Interface:
        if not self.interfaces:
            mac = FIXED_MAG_MAC  # the access link (§6.9.3)
        return super().add_interface(mac, link, name)

    @property
    def access(self) -> Interface:
        return self.interfaces[0]

    @property
    def proxy_careof(self) -> IPv6Address:
        """The Proxy-CoA: the global address of the egress interface (RFC 5213 §2.2)."""
        return self.interfaces[1].global_addresses()[0]

    def state(self) -> NodeState:
        entries = tuple(BindingUpdateListEntry(
            peer=self.lma_name, peer_address=self.lma_address or UNSPECIFIED,
            home_address=(s.prefix or s.requested).network_address,
            care_of_address=self.proxy_careof, lifetime=s.lifetime, expires=s.expires,
            sequence=s.sequence, state=s.state,
            # the LMA is the mobile node's home agent (RFC 5213 §5): a proxy registration is
            # the home registration the MAG makes for it, as the LMA's cache entry says
            home_registration=True, retransmissions=s.retransmissions,
            return_routability="proxy")
            for _, s in sorted(self.sessions.items()))
        return dataclasses.replace(super().state(), binding_update_list=entries)

    # ------------------------------------------------------------------ attachment (§6.9.1.1)
    def receive(self, interface: Interface, frame: EthernetFrame) -> None:
        if interface is self.access and frame.source_mac not in self.sessions:
            profile = self.profiles.get(frame.source_mac)
            if profile is not None:
                self._attached(profile)
        super().receive(interface, frame)

    def _attached(self, profile: Profile) -> None:
        # §6.9.1.1 (5): "some link layers have link-layer identifiers that can be used to
        # distinguish the movement of a particular interface to a new attachment from the
        # attachment of a new interface": the MAGs of a domain share the link-layer
        # identifiers already attached (``domain``), so a known one is a handoff of the same
        # interface between MAGs (3) and an unknown one a new interface (1).
        handoff = (h.HANDOFF_BETWEEN_MAGS if profile.mac in self.domain
                   else h.HANDOFF_NEW_INTERFACE)
        self.domain.add(profile.mac)
        requested = profile.requested or h.ALL_ZERO_PREFIX
        session = _Session(profile, self.access, handoff, requested)
        self.sessions[profile.mac] = session
        self.note("note", msg("engine.pmip.mag_detected", identifier=nai(profile.identifier),
                              mac=profile.mac, handoff=h.HANDOFF_INDICATOR_NAMES[handoff]))
        self.changed()
        self._send_pbu(session)

    def _pbu(self, session: _Session, lifetime: int, handoff: int) -> BindingUpdate:
        """§6.9.1.5: P = 1, A = 1, options MN-ID, HNP, HI, ATT, Timestamp."""
        prefix = session.prefix or session.requested
        return BindingUpdate(
            sequence=session.sequence, lifetime=lifetime, acknowledge=True,
            proxy_registration=True, options=(
                h.MobileNodeIdentifier(session.profile.identifier),
                h.HomeNetworkPrefixOption(prefix), h.HandoffIndicator(handoff),
                h.AccessTechnologyType(h.ACCESS_TECHNOLOGY_802_3),
                h.Timestamp(domain_clock(self.sim.now, self.clock_offset))))

    def _send_pbu(self, session: _Session) -> None:
        assert self.lma_address is not None
        self.sequence = (self.sequence + 1) & 0xFFFF
        session.sequence = self.sequence
        session.sent_at = self.sim.now
        lifetime = 0 if session.state == "deregistering" else PROXY_LIFETIME
        handoff = h.HANDOFF_UNKNOWN if lifetime == 0 else session.handoff
        session.lifetime = lifetime
        pbu = self._pbu(session, lifetime, handoff)
        prefix = session.prefix or session.requested
        self.note("binding-update-sent", msg(
            "engine.pmip.pbu_dereg_sent" if lifetime == 0 else "engine.pmip.pbu_sent",
            sequence=session.sequence, lma=self.lma_address,
            identifier=nai(session.profile.identifier), prefix=prefix,
            handoff=h.HANDOFF_INDICATOR_NAMES[handoff], proxy_careof=self.proxy_careof))
        self.changed()
        self.transmit_packet(IPv6Packet(self.proxy_careof, self.lma_address, pbu))
        if session.timer is not None:
            session.timer.cancel()
        session.timer = self.sim.call_later(session.timeout, self._pbu_timeout, session,
                                            owner=self)

    def _pbu_timeout(self, session: _Session) -> None:
        """§6.9.4: retransmit, doubling, while the node is attached; a deregistration is
        finished after INITIAL_BINDACK_TIMEOUT whether or not the PBA came (§6.9.1.4)."""
        session.timer = None
        if session.state == "deregistering":
            self._forget(session)
            return
        if session.state != "registering" or self.sessions.get(session.profile.mac) is not \
                session:
            return
        session.retransmissions += 1
        session.timeout = min(session.timeout * 2, MAX_BINDACK_TIMEOUT)
        self.note("note", msg("engine.mobile_node.no_binding_acknowledgement_retransmit",
                              timeout=f"{session.timeout / MICROSECONDS:g}"))
        self._send_pbu(session)

    def detached(self, interface: Interface, mac: str) -> None:
        """A link-layer report that ``mac`` left the access link (§6.9.1.4, §6.13)."""
        session = self.sessions.get(mac)
        if session is None or interface is not self.access:
            return
        self.note("note", msg("engine.pmip.mag_detached",
                              identifier=nai(session.profile.identifier)))
        if session.state != "registered":
            self._forget(session)
            return
        session.state = "deregistering"
        session.timeout = INITIAL_BINDACK_TIMEOUT
        self._send_pbu(session)

    def _forget(self, session: _Session) -> None:
        if session.timer is not None:
            session.timer.cancel()
            session.timer = None
        if self.sessions.get(session.profile.mac) is session:
            del self.sessions[session.profile.mac]
        self.changed()

    # ------------------------------------------------------------------ PBA (§6.9.1.2)
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if not isinstance(message, BindingAcknowledgement) or not message.proxy_registration:
            super().on_mobility(received, message)
            return
        session = next((s for s in self.sessions.values()
                        if s.sequence == message.sequence), None)
        if session is None or received.packet.source != self.lma_address:
            self.note("drop", msg("engine.pmip.pba_unmatched", sequence=message.sequence))
            return
        if session.timer is not None:
            session.timer.cancel()
            session.timer = None
        self.note("binding-acknowledgement-received", msg(
            "engine.pmip.pba_received", status=message.status, lifetime=message.lifetime,
            identifier=nai(session.profile.identifier)))
        if session.state == "deregistering":
            self._forget(session)
            return
        if message.status == h.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX and \
                session.requested != h.ALL_ZERO_PREFIX:
            # §6.9.1.2 (10): do not ask for that prefix again; let the LMA assign one.
            self.note("note", msg("engine.pmip.mag_retry_all_zero", prefix=session.requested))
            session.requested = h.ALL_ZERO_PREFIX
            session.timeout = INITIAL_BINDACK_TIMEOUT
            self._send_pbu(session)
            return
        if message.status >= 128:
            # §6.9.1.2 (11): no home network prefix in RAs, no forwarding for the node.
            session.state = "refused"
            self.note("note", msg("engine.pmip.mag_denies", status=message.status,
                                  identifier=nai(session.profile.identifier)))
            self.changed()
            return
        prefix = next((o.prefix for o in message.options
                       if isinstance(o, h.HomeNetworkPrefixOption)), None)
        if prefix is None or prefix == h.ALL_ZERO_PREFIX:
            self.note("drop", msg("engine.pmip.pba_no_prefix"))
            return
        first = session.state == "registering" and session.prefix is None
        session.state, session.prefix = "registered", prefix
        session.lifetime = message.lifetime
        session.expires = session.sent_at + message.lifetime * MICROSECONDS
        session.retransmissions = 0
        self.note("binding-created" if first else "binding-refreshed", msg(
            "engine.pmip.mag_tunnel_up", prefix=prefix, lma=self.lma_address,
            identifier=nai(session.profile.identifier)))
        self.changed()
        session.timer = self.sim.call_later(message.lifetime * MICROSECONDS * 4 // 5,
                                            self._refresh, session, owner=self)
        # §6.9.2: the RA with the home network prefix, once the LMA has accepted.
        destination = session.solicited or ALL_NODES
        session.solicited = None
        self._send_ra(self.access, destination)

    def _refresh(self, session: _Session) -> None:
        session.timer = None
        if self.sessions.get(session.profile.mac) is session and session.state == "registered":
            session.handoff = h.HANDOFF_NOT_CHANGED  # §6.9.1.3 (3)
            session.timeout = INITIAL_BINDACK_TIMEOUT
            self._send_pbu(session)

    # ------------------------------------------------------------------ RAs (§6.7, §6.9.2)
    def router_advertisement(self, interface: Interface) -> RouterAdvertisement:
        base = super().router_advertisement(interface)
        if interface is not self.access:
            return base
        prefixes = tuple(PrefixInformation(prefix=s.prefix) for s in self.sessions.values()
                         if s.state == "registered" and s.prefix is not None)
        return dataclasses.replace(base, prefixes=prefixes)

    def _on_router_solicitation(self, received: Received, message: RouterSolicitation) -> None:
        if received.interface is not self.access:
            super()._on_router_solicitation(received, message)
            return
        session = next((s for s in self.sessions.values() if s.interface is self.access),
                       None)
        if session is not None and session.state != "registered":
            # §6.9.2 (1): complete the registration before advertising the prefix.
            session.solicited = received.packet.source
            self.note("note", msg("engine.pmip.mag_ra_waits"))
            return
        source = received.packet.source
        destination = source if source != UNSPECIFIED else ALL_NODES
        delay = self.sim.rng.randrange(MAX_RA_DELAY_TIME)
        self.sim.call_later(delay, self._send_ra, received.interface, destination, owner=self)

    # ------------------------------------------------------------------ data path (§6.10.5)
    def _session_for(self, address: IPv6Address) -> _Session | None:
        return next((s for s in self.sessions.values() if s.state == "registered" and
                     s.prefix is not None and address in s.prefix), None)

    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        session = self._session_for(packet.source)
        if interface is self.access and session is not None:
            # EnableMAGLocalRouting = 0: everything from the node goes to the LMA (§6.10.3).
            inner = replace(packet, hop_limit=packet.hop_limit - 1)
            assert self.lma_address is not None
            outer = IPv6Packet(self.proxy_careof, self.lma_address, inner)
            self.note("encapsulate", msg("engine.pmip.mag_reverse_tunnel", source=packet.source,
                                         lma=self.lma_address),
                      before=str(packet.source), after=str(self.proxy_careof))
            self.transmit_packet(outer)
            return
        if interface is self.access and self._prefix_owner(packet.source):
            self.note("drop", msg("engine.pmip.mag_no_service", source=packet.source))
            return
        super().forward(interface, packet)

    def _prefix_owner(self, address: IPv6Address) -> bool:
        return any(address in p.prefix for p in self.profiles.values())

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        outer = received.packet
        session = self._session_for(inner.destination)
        if outer.source != self.lma_address or session is None:
            self.note("drop", msg("engine.pmip.mag_tunnel_unknown", source=outer.source,
                                  destination=inner.destination))
            return
        self.note("decapsulate", msg("engine.pmip.mag_decapsulated", lma=outer.source,
                                     destination=inner.destination),
                  before=str(outer.destination), after=str(inner.destination))
        self.transmit_packet(replace(inner, hop_limit=max(0, inner.hop_limit - 1)),
                             self.access, inner.destination)


