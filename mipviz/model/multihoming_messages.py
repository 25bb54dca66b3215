"""The Binding Identifier mobility option of Multiple Care-of Addresses Registration (RFC 5648).

A mobile node (or mobile router, RFC 3963) with several interfaces registers one care-of
address per interface with its home agent; each binding is named by a Binding Identifier (BID)
that the node chooses, and the home agent's Binding Cache key becomes (home address, BID)
(RFC 5648 §4). Several BID options in one Binding Update are a *bulk registration* (§5.3).

Like :mod:`mipviz.model.messages`, this module imports nothing else from mipviz, so the engine
and :mod:`mipviz.wire` both stand on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address

BINDING_IDENTIFIER = 35  # IANA Mobility Options registry (RFC 5648 §6.1)


@dataclass(frozen=True, slots=True)
class BindingIdentifier:
    """Binding Identifier option (type 35, RFC 5648 §6.1).

    ``binding_id`` is 16 bits, 0 reserved. ``status`` is 0 in a BU; in a BA it is the status of
    this one binding (§6.1: it overrides the BA's Status field for that BID). ``simultaneous``
    is the H flag (Simultaneous Home and Foreign Binding, §5.6). ``care_of_address`` is present
    in a bulk registration (one BU naming several care-of addresses, §5.3) and absent when the
    BU's source address is the care-of address, or in a deregistration (§5.7).
    """

    binding_id: int
    status: int = 0
    simultaneous: bool = False
    care_of_address: IPv6Address | None = None
