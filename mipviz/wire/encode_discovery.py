"""Home agent and mobile prefix discovery model → scapy layers (RFC 6275 §6.5-6.8).

Every field is set explicitly: scapy's Home Agent Address Discovery messages default to R = 1
(RFC 3963's "mobile router" flag) and its Mobile Prefix Advertisement to M = 1.
"""

from __future__ import annotations

from mipviz.model import discovery_messages as d
from mipviz.wire import _scapy as s
from mipviz.wire._addresses import address_text
from mipviz.wire._checks import require, unsigned
from mipviz.wire._scapy import explicit
from mipviz.wire.encode_icmpv6 import _chain, _prefix_information

DiscoveryModel = (
    d.HomeAgentAddressDiscoveryRequest | d.HomeAgentAddressDiscoveryReply
    | d.MobilePrefixSolicitation | d.MobilePrefixAdvertisement
)
# RFC 6275 §10.5: the reply is cut so the packet fits the IPv6 minimum MTU (1280): 40 octets
# of IPv6, 8 of ICMPv6 header and 16 per address.
MAX_REPLY_ADDRESSES = (1280 - 40 - 8) // 16


def discovery_layers(message: DiscoveryModel) -> s.Packet:
    """The scapy ICMPv6 layer for one discovery message; its checksum is left to scapy."""
    if isinstance(message, d.HomeAgentAddressDiscoveryRequest):
        return explicit(s.ICMPv6HAADRequest(
            type=144, code=0, cksum=None, id=unsigned(message.identifier, 16, "DHAAD identifier"),
            R=int(message.mobile_router), res=0))
    if isinstance(message, d.HomeAgentAddressDiscoveryReply):
        require(len(message.home_agents) <= MAX_REPLY_ADDRESSES,
                f"DHAAD reply with {len(message.home_agents)} addresses: at most "
                f"{MAX_REPLY_ADDRESSES} fit the minimum MTU (RFC 6275 §10.5)")
        return explicit(s.ICMPv6HAADReply(
            type=145, code=0, cksum=None, id=unsigned(message.identifier, 16, "DHAAD identifier"),
            R=int(message.mobile_router), res=0,
            addresses=[address_text(address) for address in message.home_agents]))
    if isinstance(message, d.MobilePrefixSolicitation):
        return explicit(s.ICMPv6MPSol(
            type=146, code=0, cksum=None, id=unsigned(message.identifier, 16, "MPS identifier"),
            res=0))
    if isinstance(message, d.MobilePrefixAdvertisement):
        advertisement = explicit(s.ICMPv6MPAdv(
            type=147, code=0, cksum=None, id=unsigned(message.identifier, 16, "MPA identifier"),
            flags=(2 if message.managed else 0) | (1 if message.other else 0), res=0))
        return _chain(advertisement, [_prefix_information(p) for p in message.prefixes])
    raise ValueError(f"not a discovery message: {message!r}")
