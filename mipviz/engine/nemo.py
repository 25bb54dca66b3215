"""NEMO Basic Support decisions at the home agent (RFC 3963 §6), as pure functions.

Kept apart from :mod:`mipviz.engine.home_agent` so the status rules read in one place:
which prefixes a mobile router's registration sets up, or which status refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network

from mipviz.i18n import Msg, msg
from mipviz.model.messages import BindingUpdate, MobileNetworkPrefix

MOBILE_ROUTER_OPERATION_NOT_PERMITTED = 140
INVALID_PREFIX = 141
NOT_AUTHORIZED_FOR_PREFIX = 142
FORWARDING_SETUP_FAILED = 143  # Wireshark: "Mobile Network Prefix information unavailable"


@dataclass(frozen=True, slots=True)
class PrefixDecision:
    """Either the prefixes to forward for, or the status refusing the registration."""

    prefixes: tuple[IPv6Network, ...] = ()
    status: int = 0
    reason: Msg | None = None


def valid_mobile_network_prefix(prefix: IPv6Network) -> bool:
    """RFC 3963 §6.2: a prefix the HA could route: global unicast, not the whole space."""
    address = prefix.network_address
    return not (prefix.prefixlen == 0 or address.is_multicast or address.is_link_local
                or address.is_loopback or address.is_unspecified)


def decide_prefixes(message: BindingUpdate, home_address: IPv6Address,
                    prefix_table: Mapping[IPv6Address, Sequence[IPv6Network]]) -> PrefixDecision:
    """RFC 3963 §6.1 (implicit: prefixes from configuration, none → 143) and §6.2 (explicit:
    every MNP option valid (141) and authorised for this home address (142), all or none)."""
    options = [o.prefix for o in message.options if isinstance(o, MobileNetworkPrefix)]
    configured = tuple(prefix_table.get(home_address, ()))
    if not options:
        if not configured:
            return PrefixDecision(status=FORWARDING_SETUP_FAILED,
                                  reason=msg("engine.nemo.no_prefixes_configured",
                                             home_address=home_address))
        return PrefixDecision(prefixes=configured)
    for prefix in options:
        if not valid_mobile_network_prefix(prefix):
            return PrefixDecision(status=INVALID_PREFIX, reason=msg("engine.nemo.invalid_prefix",
                                                                   prefix=prefix))
    for prefix in options:
        if prefix not in configured:
            return PrefixDecision(status=NOT_AUTHORIZED_FOR_PREFIX, reason=msg(
                "engine.nemo.not_authorised", home_address=home_address, prefix=prefix))
    return PrefixDecision(prefixes=tuple(options))
