"""RFC 5648 Multiple Care-of Addresses Registration in the capture replay: the bindings a
home agent keeps per (home address, Binding Identifier).

A Binding Update's Binding Identifier options (mobility option 35, RFC 5648 §6.1) name the
bindings it registers: an option with a care-of address is one binding of a bulk
registration, one without names the update's source address (an individual registration,
§5.3); lifetime 0 with BID options removes those bindings only (§5.7). The replay keeps them
inside the home address's binding cache entry (``"bindings"``: BID -> care-of address,
sequence number, lifetime, expiry), whose own fields are the binding its traffic uses — the
lowest BID, the policy of mipviz's home agent (:mod:`mipviz.engine.multihoming`; RFC 5648
leaves it open) — and :meth:`mipviz.capture.state.StateBook.snapshot` shows one row per BID,
as the engine's home agent does. A binding of a BID expires with its entry (the replay plans
no expiry per BID).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.mobility_options import BINDING_IDENTIFIER
from mipviz.capture.state import StateBook
from mipviz.i18n.catalogs.replay_bid import MESSAGES
from mipviz.i18n.said import phrase

if TYPE_CHECKING:
    from mipviz.capture.bindings import PendingUpdate

_REMOVED = phrase("capture.replay_bid.removed", MESSAGES)


def binding_identifiers(message: MobilityMessage) -> list[tuple[int, int, bytes | None]]:
    """The (BID, status, care-of address) of each Binding Identifier option (RFC 5648 6.1)."""
    found = []
    for option in message.options:
        if option.type == BINDING_IDENTIFIER:
            decoded = option.binding_identifier()
            if decoded is not None:
                found.append(decoded)
    return found


def register_bids(book: StateBook, binder: str, key: bytes | str, fields: dict[str, Any],
                  pending: PendingUpdate, granted: int, expires: int,
                  refused: set[int] | frozenset[int]) -> None:
    """RFC 5648 6.2: one binding per (home address, BID); an option without a care-of
    address names the update's source (an individual registration, 5.3), the others
    are the bindings of a bulk registration; the BIDs the BA refuses are left out. The
    entry's own fields are the binding its traffic uses, the lowest BID (mipviz's home
    agent's policy, :mod:`mipviz.engine.multihoming`); earlier BIDs the update does not
    name stay."""
    held = book.caches.get(binder, {}).get(key)
    bindings = {}
    if held is not None and held.get("state", "valid") == "valid":  # not a deregistered one
        bindings = dict(held.get("bindings", {}))
    for bid, care_of in pending.bids:
        if bid not in refused:
            bindings[bid] = {"care_of_address": care_of or pending.sender_address,
                             "sequence": pending.sequence, "lifetime": granted,
                             "expires": expires}
    if bindings:
        fields["bindings"] = bindings
        fields["care_of_address"] = bindings[min(bindings)]["care_of_address"]


def deregister_bids(book: StateBook, ordinal: int, binder: str, label: str,
                    pending: PendingUpdate, who: str) -> bool:
    """RFC 5648 5.7: lifetime 0 with Binding Identifier options removes those bindings
    only. True when some binding remains: the entry stays, its traffic now on the lowest
    BID left; False lets the ordinary deregistration run (the last ones removed)."""
    entry = book.caches.get(binder, {}).get(pending.identity)
    bindings = dict(entry.get("bindings", {})) if entry is not None else {}
    for bid, _ in pending.bids:
        bindings.pop(bid, None)
    if entry is None:
        return False
    if not bindings:  # the last ones: the ordinary deregistration ends the entry
        book.drop_cache_field(binder, pending.identity, "bindings")
        return False
    chosen = bindings[min(bindings)]
    book.change_cache_entry(binder, pending.identity, {
        "bindings": bindings, "care_of_address": chosen["care_of_address"],
        "sequence": pending.sequence}, ordinal)
    book.event(ordinal, label, "cache", _REMOVED(
        who=who, bids=", ".join(str(bid) for bid, _ in pending.bids),
        kept=", ".join(str(bid) for bid in sorted(bindings))))
    return True
