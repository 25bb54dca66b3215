"""The ICMPv6 messages of home agent and mobile prefix discovery (RFC 6275 §6.5-6.8).

Dynamic Home Agent Address Discovery (DHAAD, ICMPv6 144/145, §6.5-6.6, §10.5, §11.4.1) lets a
mobile node that knows only its home prefix find the home agents on its home link; Mobile
Prefix Solicitation/Advertisement (146/147, §6.7-6.8, §10.6, §11.4.3) tells it about the home
link's prefixes while it is away. NEMO (RFC 3963 §7.1-7.2) adds an R flag to both DHAAD messages:
"home agents that support mobile routers".

Kept apart from :mod:`mipviz.model.messages`, which lists them in its ICMPv6 union, so the
discovery vocabulary has one home. Like that module it imports nothing from the rest of
mipviz (the PrefixInformation annotation is only for type checkers).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.model.messages import PrefixInformation

ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REQUEST = 144
ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REPLY = 145
ICMPV6_MOBILE_PREFIX_SOLICITATION = 146
ICMPV6_MOBILE_PREFIX_ADVERTISEMENT = 147


@dataclass(frozen=True, slots=True)
class HomeAgentAddressDiscoveryRequest:
    """ICMPv6 type 144 (RFC 6275 §6.5), sent from the care-of address to the Mobile IPv6
    Home-Agents anycast address of the home prefix (RFC 2526)."""

    identifier: int
    mobile_router: bool = False  # R, RFC 3963 §7.1: only home agents that support MRs


@dataclass(frozen=True, slots=True)
class HomeAgentAddressDiscoveryReply:
    """ICMPv6 type 145 (RFC 6275 §6.6): the home agents' global addresses, most preferred
    first (§10.5)."""

    identifier: int
    home_agents: tuple[IPv6Address, ...] = ()
    mobile_router: bool = False  # R, RFC 3963 §7.2: the listed HAs support mobile routers


@dataclass(frozen=True, slots=True)
class MobilePrefixSolicitation:
    """ICMPv6 type 146 (RFC 6275 §6.7), from the care-of address with a Home Address option,
    to the home agent."""

    identifier: int


@dataclass(frozen=True, slots=True)
class MobilePrefixAdvertisement:
    """ICMPv6 type 147 (RFC 6275 §6.8): the home link's prefixes, with the M and O flags of its
    Router Advertisements; sent to the care-of address with a Type 2 Routing Header."""

    identifier: int
    managed: bool = False  # M
    other: bool = False  # O
    prefixes: tuple[PrefixInformation, ...] = ()


DISCOVERY_TYPES: dict[type, int] = {
    HomeAgentAddressDiscoveryRequest: ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REQUEST,
    HomeAgentAddressDiscoveryReply: ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REPLY,
    MobilePrefixSolicitation: ICMPV6_MOBILE_PREFIX_SOLICITATION,
    MobilePrefixAdvertisement: ICMPV6_MOBILE_PREFIX_ADVERTISEMENT,
}

# Wireshark's names (packet-icmpv6.c); also the names an `[[explain]]` waits for.
DISCOVERY_NAMES: dict[type, str] = {
    HomeAgentAddressDiscoveryRequest: "Home Agent Address Discovery Request",
    HomeAgentAddressDiscoveryReply: "Home Agent Address Discovery Reply",
    MobilePrefixSolicitation: "Mobile Prefix Solicitation",
    MobilePrefixAdvertisement: "Mobile Prefix Advertisement",
}
