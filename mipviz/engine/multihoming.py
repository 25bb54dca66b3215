"""Multiple Care-of Addresses Registration at the home agent (RFC 5648 §6.2, §5.3, §5.7).

A mobile router with two egress interfaces (a train's Wi-Fi and its cellular link) registers
one care-of address per interface, each named by a Binding Identifier (BID). The home agent's
Binding Cache key becomes (home address, BID): :class:`MultipleCareofBindings` keeps those
entries, and the home agent's ordinary per-home-address entry (:mod:`mipviz.engine.bindings`)
keeps the one binding the traffic for the home address and its Mobile Network Prefixes uses.

Which binding carries the traffic is the home agent's policy: RFC 5648 leaves it open (flow
bindings are RFC 6089). mipviz's home agent uses the lowest valid BID, so a mobile router that
numbers its preferred interface 1 gets its traffic there, and when that binding is removed the
traffic moves to the next one at once.

The functions at the end are the home agent's hooks (:mod:`mipviz.engine.home_agent` calls them
at four places); they do nothing for a Binding Update without a Binding Identifier option.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.timeline import MICROSECONDS, BindingCacheEntry
from mipviz.i18n import msg
from mipviz.model.messages import BindingIdentifier, BindingUpdate

if TYPE_CHECKING:
    from mipviz.engine.home_agent import HomeAgent
    from mipviz.engine.node import Received

STATUS_ACCEPTED = 0
MCOA_UNKNOWN_COA = 167  # RFC 5648 §6.1.1: a deregistered BID the cache does not hold


def binding_identifiers(message: BindingUpdate) -> tuple[BindingIdentifier, ...]:
    return tuple(o for o in message.options if isinstance(o, BindingIdentifier))


@dataclass(frozen=True, slots=True)
class BidBinding:
    """One (home address, BID) entry: its care-of address and lifetime (RFC 5648 §4)."""

    binding_id: int
    care_of_address: IPv6Address
    sequence: int
    lifetime: int  # seconds granted
    expires: int  # virtual µs


class MultipleCareofBindings:
    """The (home address, BID) → binding table. Pure bookkeeping, time passed in."""

    def __init__(self) -> None:
        self._table: dict[IPv6Address, dict[int, BidBinding]] = {}

    def __bool__(self) -> bool:
        return bool(self._table)

    def bindings(self, home_address: IPv6Address, now: int) -> tuple[BidBinding, ...]:
        """The valid bindings of ``home_address`` in BID order."""
        table = self._table.get(home_address, {})
        return tuple(b for _, b in sorted(table.items()) if b.expires > now)

    def register(self, home_address: IPv6Address, binding_id: int,
                 care_of_address: IPv6Address, sequence: int, lifetime: int,
                 now: int) -> BidBinding:
        binding = BidBinding(binding_id, care_of_address, sequence, lifetime,
                             now + lifetime * MICROSECONDS)
        self._table.setdefault(home_address, {})[binding_id] = binding
        return binding

    def remove(self, home_address: IPv6Address, binding_id: int) -> BidBinding | None:
        table = self._table.get(home_address, {})
        removed = table.pop(binding_id, None)
        if not table:
            self._table.pop(home_address, None)
        return removed

    def forget(self, home_address: IPv6Address) -> None:
        self._table.pop(home_address, None)

    def preferred(self, home_address: IPv6Address, now: int) -> BidBinding | None:
        """The binding that carries the traffic: the lowest valid BID (this HA's policy)."""
        valid = self.bindings(home_address, now)
        return valid[0] if valid else None

    def holds(self, home_address: IPv6Address, care_of_address: IPv6Address, now: int) -> bool:
        return any(b.care_of_address == care_of_address
                   for b in self.bindings(home_address, now))

    def expand(self, snapshot: tuple[BindingCacheEntry, ...],
               now: int) -> tuple[BindingCacheEntry, ...]:
        """The Binding Cache as shown: one row per (home address, BID) where BIDs exist."""
        if not self._table:
            return snapshot
        rows: list[BindingCacheEntry] = []
        for entry in snapshot:
            bids = self.bindings(entry.home_address, now) if entry.state == "valid" else ()
            if not bids:
                rows.append(entry)
                continue
            rows.extend(dataclasses.replace(
                entry, care_of_address=b.care_of_address, binding_id=b.binding_id,
                sequence=b.sequence, lifetime=b.lifetime, expires=b.expires) for b in bids)
        return tuple(rows)


# ---------------------------------------------------------------------- home agent hooks
def register_bindings(ha: HomeAgent, received: Received, message: BindingUpdate,
                      home_address: IPv6Address, care_of_address: IPv6Address,
                      lifetime: int) -> IPv6Address:
    """RFC 5648 §6.2: one entry per BID option; a BID option without a care-of address names
    the BU's source address (an individual registration, §5.3), one with it is a binding of a
    bulk registration. Returns the care-of address the traffic now uses."""
    bids = binding_identifiers(message)
    if not bids:
        return care_of_address
    now = ha.sim.now
    for option in bids:
        address = option.care_of_address or received.on_wire.source
        ha.multiple_careof.register(home_address, option.binding_id, address,
                                    message.sequence, lifetime, now)
        ha.note("cache", msg("multihoming.ha.bid_registered_bulk" if len(bids) > 1
                             else "multihoming.ha.bid_registered", binding_id=option.binding_id,
                             home_address=home_address, care_of_address=address))
    chosen = ha.multiple_careof.preferred(home_address, now)
    assert chosen is not None
    _note_choice(ha, home_address, chosen)
    return chosen.care_of_address


def acknowledgement_options(message: BindingUpdate, status: int = STATUS_ACCEPTED,
                            ) -> tuple[BindingIdentifier, ...]:
    """RFC 5648 §6.2: the BA carries a BID option (without a care-of address) with the
    status of each binding the BU named."""
    return tuple(BindingIdentifier(o.binding_id, status=status)
                 for o in binding_identifiers(message))


def deregister_some(ha: HomeAgent, received: Received, message: BindingUpdate,
                    home_address: IPv6Address) -> bool:
    """RFC 5648 §5.7: lifetime 0 with BID options removes those bindings only. True when
    handled here (some binding remains); False lets the ordinary deregistration run (no BID
    option, or the last binding removed), after this table forgets the home address."""
    bids = binding_identifiers(message)
    now = ha.sim.now
    if not bids:
        ha.multiple_careof.forget(home_address)
        return False
    entry = ha.binding_cache.lookup(home_address, now)
    statuses: list[BindingIdentifier] = []
    for option in bids:
        removed = ha.multiple_careof.remove(home_address, option.binding_id)
        statuses.append(BindingIdentifier(option.binding_id, status=STATUS_ACCEPTED
                                          if removed is not None else MCOA_UNKNOWN_COA))
        if removed is not None:
            ha.note("binding-deleted", msg("multihoming.ha.bid_removed",
                                           binding_id=option.binding_id,
                                           home_address=home_address,
                                           care_of_address=removed.care_of_address))
    chosen = ha.multiple_careof.preferred(home_address, now)
    if chosen is None or entry is None:
        ha.multiple_careof.forget(home_address)
        return False
    remaining = max(0, (entry.expires - now) // MICROSECONDS)
    ha.binding_cache.update(home_address, chosen.care_of_address, message.sequence, remaining,
                            now, home_registration=True, mobile_router=entry.mobile_router,
                            prefixes=entry.prefixes)
    ha._schedule_expiry(home_address, ha.binding_cache.get(home_address).expires)  # type: ignore[union-attr]
    _note_choice(ha, home_address, chosen)
    ha.changed()
    ha._send_ba(received, message, STATUS_ACCEPTED, 0, options=tuple(statuses))
    return True


def holds_careof(ha: HomeAgent, home_address: IPv6Address, care_of_address: IPv6Address) -> bool:
    """The reverse tunnel may come from any registered care-of address (RFC 5648 §6.2)."""
    return ha.multiple_careof.holds(home_address, care_of_address, ha.sim.now)


def _note_choice(ha: HomeAgent, home_address: IPv6Address, chosen: BidBinding) -> None:
    ha.note("note", msg("multihoming.ha.traffic_via_bid", home_address=home_address,
                        binding_id=chosen.binding_id, care_of_address=chosen.care_of_address))
