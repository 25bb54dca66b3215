"""The local mobility anchor's Binding Cache (RFC 5213 §5.1, §5.3) as a pure state table.

An entry is a mobility session: the mobile node's identifier (MN-ID), its home network prefix,
the Proxy-CoA of the MAG it is attached to, the lifetime, the last accepted timestamp and the
Handoff Indicator it came with. :func:`decide` is RFC 5213 §5.3.1-5.3.5 for one Proxy Binding
Update — which status to answer, and what happens to the entry — with virtual time passed in;
no packets, no timers (the LMA schedules them). tests/test_pmip_bindings.py checks it against
a reference model with Hypothesis.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network

from mipviz.engine.timeline import MICROSECONDS
from mipviz.model import hmip_pmip as h

TIMESTAMP_VALIDITY_WINDOW = 300_000  # µs, RFC 5213 §9.1 (TimestampValidityWindow, 300 ms)
MIN_DELAY_BEFORE_BCE_DELETE = 10 * MICROSECONDS  # RFC 5213 §9.1 (10000 ms)
TIMESTAMP_UNITS = 65536  # RFC 5213 §8.8: 1/65536 s


@dataclass(frozen=True, slots=True)
class ProxyBinding:
    """One Binding Cache entry of an LMA (RFC 5213 §5.1)."""

    identifier: bytes  # the MN-ID (an NAI)
    prefix: IPv6Network  # the home network prefix
    proxy_careof: IPv6Address  # the MAG's Proxy-CoA: the tunnel's far end
    lifetime: int  # seconds granted
    expires: int  # virtual µs
    timestamp: int  # the last accepted Timestamp option value (1/65536 s since 1970)
    handoff: int  # the Handoff Indicator of the last accepted PBU
    access_technology: int
    sequence: int
    state: str = "valid"  # "valid" | "deleting" (MinDelayBeforeBCEDelete, §5.3.5)


@dataclass(frozen=True, slots=True)
class Request:
    """What the LMA read from a Proxy Binding Update (None: the option was missing)."""

    identifier: bytes | None
    prefixes: tuple[IPv6Network, ...]
    handoff: int | None
    access_technology: int | None
    timestamp: int | None
    proxy_careof: IPv6Address
    lifetime: int
    sequence: int


@dataclass(frozen=True, slots=True)
class Decision:
    status: int  # 0 accepted, or a RFC 5213 §8.9 status
    entry: ProxyBinding | None  # the entry after the update (None: none, or unchanged refusal)
    action: str  # "create" | "update" | "handoff" | "deregister" | "ignore" | "refuse"
    prefix: IPv6Network | None = None  # the prefix the PBA carries


def decide(existing: ProxyBinding | None, request: Request, authorised: IPv6Network | None,
           lma_clock: int, now: int, max_lifetime: int) -> Decision:
    """RFC 5213 §5.3.1 for one PBU. ``authorised`` is the prefix the MN's policy profile
    gives it (None: no profile, proxy registration not enabled); ``lma_clock`` is the LMA's
    clock as a Timestamp value; ``now`` virtual µs."""
    if request.identifier is None:
        return Decision(h.MISSING_MN_IDENTIFIER_OPTION, None, "refuse")
    if not request.prefixes:
        return Decision(h.MISSING_HOME_NETWORK_PREFIX_OPTION, None, "refuse")
    if request.handoff is None:
        return Decision(h.MISSING_HANDOFF_INDICATOR_OPTION, None, "refuse")
    if request.access_technology is None:
        return Decision(h.MISSING_ACCESS_TECH_TYPE_OPTION, None, "refuse")
    if authorised is None:
        return Decision(h.PROXY_REG_NOT_ENABLED, None, "refuse")
    # §5.5: the timestamp must be within TimestampValidityWindow of the LMA's clock ...
    if request.timestamp is not None:
        skew = abs(request.timestamp - lma_clock) * MICROSECONDS // TIMESTAMP_UNITS
        if skew > TIMESTAMP_VALIDITY_WINDOW:
            return Decision(h.TIMESTAMP_MISMATCH, None, "refuse")
        # ... and newer than the one last accepted for this session.
        if existing is not None and request.timestamp <= existing.timestamp:
            return Decision(h.TIMESTAMP_LOWER_THAN_PREV_ACCEPTED, None, "refuse")
    requested = [p for p in request.prefixes if p != h.ALL_ZERO_PREFIX]
    if any(p != authorised for p in requested):
        return Decision(h.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX, None, "refuse",
                        requested[0])
    if request.lifetime == 0:
        # §5.3.5: only the MAG the session is bound to may end it; a late deregistration from
        # the previous MAG, after the handoff moved the entry, changes nothing.
        if existing is None or existing.state != "valid" \
                or existing.proxy_careof != request.proxy_careof:
            return Decision(0, existing, "ignore", authorised)
        entry = dataclasses.replace(existing, state="deleting", lifetime=0,
                                    expires=now + MIN_DELAY_BEFORE_BCE_DELETE,
                                    timestamp=request.timestamp or existing.timestamp,
                                    sequence=request.sequence)
        return Decision(0, entry, "deregister", authorised)
    lifetime = min(request.lifetime, max_lifetime) // 4 * 4
    entry = ProxyBinding(
        identifier=request.identifier, prefix=authorised, proxy_careof=request.proxy_careof,
        lifetime=lifetime, expires=now + lifetime * MICROSECONDS,
        timestamp=request.timestamp if request.timestamp is not None else 0,
        handoff=request.handoff, access_technology=request.access_technology,
        sequence=request.sequence)
    if existing is None:
        action = "create"
    elif existing.proxy_careof != request.proxy_careof:
        action = "handoff"  # §5.3.4: the session moves to the new MAG
    else:
        action = "update"  # §5.3.3: lifetime extension, or back from "deleting"
    return Decision(0, entry, action, authorised)


class ProxyBindingCache:
    """The LMA's entries by MN-ID, with the lookups its data path needs."""

    def __init__(self) -> None:
        self._entries: dict[bytes, ProxyBinding] = {}
        self._snapshot: tuple[ProxyBinding, ...] | None = ()

    def get(self, identifier: bytes) -> ProxyBinding | None:
        return self._entries.get(identifier)

    def store(self, entry: ProxyBinding) -> None:
        self._entries[entry.identifier] = entry
        self._snapshot = None

    def delete(self, identifier: bytes) -> ProxyBinding | None:
        gone = self._entries.pop(identifier, None)
        if gone is not None:
            self._snapshot = None
        return gone

    def for_address(self, address: IPv6Address, now: int) -> ProxyBinding | None:
        """The valid, unexpired session whose home network prefix holds ``address``."""
        for entry in self._entries.values():
            if entry.state == "valid" and entry.expires > now and address in entry.prefix:
                return entry
        return None

    def snapshot(self) -> tuple[ProxyBinding, ...]:
        if self._snapshot is None:
            self._snapshot = tuple(sorted(self._entries.values(), key=lambda e: e.prefix))
        return self._snapshot
