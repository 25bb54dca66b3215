"""Proxy Mobile IPv6 (RFC 5213): mobility done by the network, not by the host (lecture S24).

The access side, :class:`~mipviz.engine.pmip_access.PlainMobileHost` and
:class:`~mipviz.engine.pmip_access.MobileAccessGateway`, is in :mod:`mipviz.engine.pmip_access`;
this module holds the LMA and what the whole domain shares (policy profiles, the clock).

* ``PlainMobileHost`` runs nothing but IPv6 (RFC 4861, RFC 4862): on a new attachment it
  solicits a Router Advertisement and autoconfigures from the prefix it is given. It sends no
  Mobility Header, ever. Because every MAG uses the same link-local and link-layer address on
  its access links (RFC 5213 §6.9.3, FixedMAGLinkLocalAddressOnAllAccessLinks) and advertises
  the same home network prefix, the host finds the same router and the same prefix after a
  move, concludes it is on the same link (Detecting Network Attachment, RFC 6059) and keeps
  its address without a new DAD.
* ``MobileAccessGateway`` (the access router) notices the host's attachment (its first
  frame on the access link) and sends the Proxy Binding Update for it (P and A flags; MN-ID,
  Home Network Prefix, Handoff Indicator, Access Technology Type and Timestamp options,
  §6.9.1.1); after the PBA it tunnels the host's traffic to the LMA and sends it the unicast
  RA with its home network prefix (§6.9.2). When the host leaves, it deregisters (lifetime 0,
  Handoff Indicator 4, §6.9.1.4). On PBA status 155 it asks again with an ALL_ZERO prefix; on
  any other refusal it denies the service and advertises no prefix (§6.9.1.2).
* :class:`LocalMobilityAnchor` (the home agent of the domain) keeps the Binding Cache keyed by
  MN-ID and prefix (:mod:`mipviz.engine.pmip_bindings`), answers PBAs, routes the home
  network prefix through the bidirectional LMA–MAG tunnel (§5.6.1) and keeps a deregistered
  entry MinDelayBeforeBCEDelete (10 s) in case the new MAG's PBU is still on its way (§5.3.5).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine.addressing import link_local_address
from mipviz.engine.link import Interface
from mipviz.engine.node import Received, replace
from mipviz.engine.pmip_bindings import ProxyBinding, ProxyBindingCache, Request, decide
from mipviz.engine.router import Router
from mipviz.engine.simulation import Timer
from mipviz.engine.timeline import (
    MICROSECONDS,
    BindingCacheEntry,
    NodeState,
)
from mipviz.i18n import msg
from mipviz.model import hmip_pmip as h
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    IPv6Packet,
    MobilityMessage,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

# RFC 5213 §6.9.3: one link-layer and one link-local address on every access link of the
# domain (FixedMAGLinkLayerAddressOnAllAccessLinks, FixedMAGLinkLocalAddressOnAllAccessLinks).
FIXED_MAG_MAC = "02:00:00:00:5a:01"
FIXED_MAG_LINK_LOCAL = link_local_address(FIXED_MAG_MAC)
PROXY_LIFETIME = 400  # seconds a MAG asks for (a multiple of 4)
# The virtual clock's zero, as seconds since 1970, for Timestamp options (RFC 5213 §8.8): any
# fixed instant keeps runs deterministic; this one is 2026-01-01T00:00:00Z.
EPOCH = 1_767_225_600


def domain_clock(now: int, offset: int = 0) -> int:
    """A node's clock at virtual µs ``now`` as a Timestamp value (1/65536 s since 1970)."""
    return h.timestamp_of(EPOCH * MICROSECONDS + now + offset).value


def nai(identifier: bytes) -> str:
    return identifier.decode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Profile:
    """A mobile node's policy profile (RFC 5213 §6.2), as the MAGs and the LMA hold it."""

    identifier: bytes  # MN-ID, an NAI
    mac: str  # the link-layer identifier the MAG recognises it by
    prefix: IPv6Network  # the home network prefix the LMA authorises
    requested: IPv6Network | None = None  # the prefix a MAG asks for (None: ALL_ZERO)



# ====================================================================================== LMA


class LocalMobilityAnchor(Router):
    """The LMA (RFC 5213 §5): the anchor of the domain's home network prefixes."""

    role: ClassVar[str] = "lma"

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, max_lifetime: int = 0xFFFF * 4) -> None:
        super().__init__(sim, name, advertise=advertise, ra_interval=ra_interval)
        self.cache = ProxyBindingCache()
        self.profiles: dict[bytes, Profile] = {}  # by MN-ID
        self.max_lifetime = max_lifetime
        self._timers: dict[bytes, Timer] = {}
        self._snapshot_of: tuple[ProxyBinding, ...] | None = None
        self._state_parts: tuple[tuple[BindingCacheEntry, ...], tuple[tuple[str, str], ...]] = \
            ((), ())

    @property
    def lma_address(self) -> IPv6Address:
        return self.interfaces[0].global_addresses()[0]

    def state(self) -> NodeState:
        snapshot = self.cache.snapshot()
        if snapshot is not self._snapshot_of:
            self._snapshot_of = snapshot
            self._state_parts = (
                tuple(BindingCacheEntry(
                    home_address=e.prefix.network_address, care_of_address=e.proxy_careof,
                    lifetime=e.lifetime, expires=e.expires, sequence=e.sequence,
                    home_registration=True, state=e.state, prefixes=(str(e.prefix),))
                    for e in snapshot),
                tuple((str(e.prefix), f"tunnel to {e.proxy_careof}") for e in snapshot
                      if e.state == "valid"))
        cache, routes = self._state_parts
        return dataclasses.replace(super().state(), binding_cache=cache, routes=routes)

    # ------------------------------------------------------------------ PBU (§5.3)
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if not isinstance(message, BindingUpdate) or not message.proxy_registration:
            self.note("drop", msg("engine.pmip.lma_not_proxy"))
            return
        options = message.options
        identifier = next((o.identifier for o in options
                           if isinstance(o, h.MobileNodeIdentifier)), None)
        request = Request(
            identifier=identifier,
            prefixes=tuple(o.prefix for o in options if isinstance(o, h.HomeNetworkPrefixOption)),
            handoff=next((o.value for o in options if isinstance(o, h.HandoffIndicator)), None),
            access_technology=next((o.value for o in options
                                    if isinstance(o, h.AccessTechnologyType)), None),
            timestamp=next((o.value for o in options if isinstance(o, h.Timestamp)), None),
            proxy_careof=received.packet.source, lifetime=message.lifetime,
            sequence=message.sequence)
        who = nai(identifier) if identifier is not None else "?"
        self.note("binding-update-received", msg("engine.pmip.lma_pbu_received",
                                                 sequence=message.sequence, identifier=who,
                                                 proxy_careof=request.proxy_careof))
        profile = self.profiles.get(identifier) if identifier is not None else None
        existing = self.cache.get(identifier) if identifier is not None else None
        now = self.sim.now
        decision = decide(existing, request, profile.prefix if profile else None,
                          domain_clock(now), now, self.max_lifetime)
        if decision.status >= 128:
            self.note("drop", msg("engine.pmip.lma_refused", status=decision.status,
                                  identifier=who))
            self._send_pba(received, message, request, decision.status, 0, decision.prefix)
            return
        entry = decision.entry
        if decision.action == "ignore":
            self.note("note", msg("engine.pmip.lma_late_dereg", identifier=who,
                                  proxy_careof=request.proxy_careof))
        elif entry is not None and decision.action == "deregister":
            self.cache.store(entry)
            self.note("binding-deleted", msg("engine.pmip.lma_deregistered", identifier=who,
                                             prefix=entry.prefix))
            self._arm(entry, self._free)
        elif entry is not None:
            self.cache.store(entry)
            kind = {"create": "binding-created", "handoff": "binding-refreshed",
                    "update": "binding-refreshed"}[decision.action]
            self.note(kind, msg(f"engine.pmip.lma_{decision.action}", identifier=who,
                                prefix=entry.prefix, proxy_careof=entry.proxy_careof,
                                lifetime=entry.lifetime),
                      before=str(existing.proxy_careof) if existing else None,
                      after=str(entry.proxy_careof))
            self._arm(entry, self._expire)
        self.changed()
        self._send_pba(received, message, request, 0,
                       entry.lifetime if entry is not None and decision.action != "ignore"
                       else 0, decision.prefix)

    def _arm(self, entry: ProxyBinding, callback: object) -> None:
        timer = self._timers.pop(entry.identifier, None)
        if timer is not None:
            timer.cancel()
        self._timers[entry.identifier] = self.sim.call_later(
            entry.expires - self.sim.now, callback, entry, owner=self)  # type: ignore[arg-type]

    def _free(self, entry: ProxyBinding) -> None:
        current = self.cache.get(entry.identifier)
        if current == entry:  # not renewed by a new MAG within MinDelayBeforeBCEDelete
            self.cache.delete(entry.identifier)
            self.note("cache", msg("engine.pmip.lma_freed", identifier=nai(entry.identifier)))
            self.changed()

    def _expire(self, entry: ProxyBinding) -> None:
        current = self.cache.get(entry.identifier)
        if current == entry:
            self.cache.delete(entry.identifier)
            self.note("binding-expired", msg("engine.pmip.lma_expired",
                                             identifier=nai(entry.identifier)))
            self.changed()

    def _send_pba(self, received: Received, message: BindingUpdate, request: Request,
                  status: int, lifetime: int, prefix: IPv6Network | None) -> None:
        """§5.3.6: LMAA → Proxy-CoA, P flag, the PBU's sequence number; MN-ID, HNP, HI, ATT
        echoed, and the Timestamp (the LMA's own clock when it refused the timestamp)."""
        options: list[h.MobileNodeIdentifier | h.HomeNetworkPrefixOption | h.HandoffIndicator |
                      h.AccessTechnologyType | h.Timestamp] = []
        if request.identifier is not None:
            options.append(h.MobileNodeIdentifier(request.identifier))
        shown = prefix or (request.prefixes[0] if request.prefixes else None)
        if shown is not None:
            options.append(h.HomeNetworkPrefixOption(shown))
        if request.handoff is not None:
            options.append(h.HandoffIndicator(request.handoff))
        if request.access_technology is not None:
            options.append(h.AccessTechnologyType(request.access_technology))
        if status == h.TIMESTAMP_MISMATCH:
            options.append(h.Timestamp(domain_clock(self.sim.now)))
        elif request.timestamp is not None:
            options.append(h.Timestamp(request.timestamp))
        pba = BindingAcknowledgement(status=status, sequence=message.sequence,
                                     lifetime=lifetime, proxy_registration=True,
                                     options=tuple(options))
        self.transmit_packet(IPv6Packet(self.lma_address, request.proxy_careof, pba))

    # ------------------------------------------------------------------ data path (§5.6)
    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        entry = self.cache.for_address(packet.destination, self.sim.now)
        if entry is None:
            if any(packet.destination in p.prefix for p in self.profiles.values()):
                self.note("drop", msg("engine.pmip.lma_no_binding",
                                      destination=packet.destination))
                return
            super().forward(interface, packet)
            return
        inner = replace(packet, hop_limit=max(0, packet.hop_limit - 1))
        self.note("encapsulate", msg("engine.pmip.lma_tunnel", destination=packet.destination,
                                     proxy_careof=entry.proxy_careof),
                  before=str(packet.destination), after=str(entry.proxy_careof))
        self.transmit_packet(IPv6Packet(self.lma_address, entry.proxy_careof, inner))

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        outer = received.packet
        entry = self.cache.for_address(inner.source, self.sim.now)
        if entry is None or entry.proxy_careof != outer.source:
            self.note("drop", msg("engine.pmip.lma_reverse_unknown", source=outer.source,
                                  inner_source=inner.source))
            return
        self.note("decapsulate", msg("engine.pmip.lma_decapsulated", source=outer.source,
                                     inner_source=inner.source),
                  before=str(outer.source), after=str(inner.source))
        super().forward(received.interface, inner)
