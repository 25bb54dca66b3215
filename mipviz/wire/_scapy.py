"""The one place mipviz imports scapy, configured so that it never touches the host.

scapy reads the host's routing tables when its layers are first imported, fills a missing
source address from them, and can emit a Neighbor Solicitation on a real network to resolve a
missing destination MAC (PROTOCOL.md §23.1). mipviz builds frames for a simulated network only,
so this module switches every such behaviour off *before* the layers are imported, and the
codec gives every address and MAC explicitly and never calls scapy's send/receive functions.

Other modules of :mod:`mipviz.wire` take scapy names from here, never from scapy directly.
"""

from __future__ import annotations

from typing import TypeVar

from scapy.config import conf

# Must happen before ``scapy.layers`` is imported: importing scapy.layers.inet/inet6 builds
# conf.route / conf.route6, which read the host's routing tables when autoload is on.
conf.route_autoload = False
conf.route6_autoload = False
conf.verb = 0
# Dissection errors become Raw layers instead of exceptions (the decoder reports them).
conf.debug_dissector = False

from scapy.layers.inet import TCP, UDP  # noqa: E402
from scapy.layers.inet6 import (  # noqa: E402
    HAO,
    MIP6MH_BA,
    MIP6MH_BE,
    MIP6MH_BRR,
    MIP6MH_BU,
    HBHOptUnknown,
    ICMPv6DestUnreach,
    ICMPv6EchoReply,
    ICMPv6EchoRequest,
    ICMPv6HAADReply,
    ICMPv6HAADRequest,
    ICMPv6MPAdv,
    ICMPv6MPSol,
    ICMPv6ND_NA,
    ICMPv6ND_NS,
    ICMPv6ND_RA,
    ICMPv6ND_RS,
    ICMPv6NDOptAdvInterval,
    ICMPv6NDOptDstLLAddr,
    ICMPv6NDOptHAInfo,
    ICMPv6NDOptMAP,
    ICMPv6NDOptPrefixInfo,
    ICMPv6NDOptSrcLLAddr,
    ICMPv6ParamProblem,
    ICMPv6Unknown,
    IPv6,
    IPv6ExtHdrDestOpt,
    IPv6ExtHdrRouting,
    MIP6MH_CoT,
    MIP6MH_CoTI,
    MIP6MH_Generic,
    MIP6MH_HoT,
    MIP6MH_HoTI,
    MIP6OptAltCoA,
    MIP6OptBindingAuthData,
    MIP6OptBRAdvice,
    MIP6OptMNID,
    MIP6OptMobNetPrefix,
    MIP6OptNonceIndices,
    MIP6OptUnknown,
    Pad1,
    PadN,
)
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.packet import NoPayload, Packet, Raw  # noqa: E402

_P = TypeVar("_P", bound=Packet)

__all__ = [
    "HAO",
    "MIP6MH_BA",
    "MIP6MH_BE",
    "MIP6MH_BRR",
    "MIP6MH_BU",
    "TCP",
    "UDP",
    "Ether",
    "HBHOptUnknown",
    "ICMPv6DestUnreach",
    "ICMPv6EchoReply",
    "ICMPv6EchoRequest",
    "ICMPv6HAADReply",
    "ICMPv6HAADRequest",
    "ICMPv6MPAdv",
    "ICMPv6MPSol",
    "ICMPv6NDOptAdvInterval",
    "ICMPv6NDOptDstLLAddr",
    "ICMPv6NDOptHAInfo",
    "ICMPv6NDOptMAP",
    "ICMPv6NDOptPrefixInfo",
    "ICMPv6NDOptSrcLLAddr",
    "ICMPv6ND_NA",
    "ICMPv6ND_NS",
    "ICMPv6ND_RA",
    "ICMPv6ND_RS",
    "ICMPv6ParamProblem",
    "ICMPv6Unknown",
    "IPv6",
    "IPv6ExtHdrDestOpt",
    "IPv6ExtHdrRouting",
    "MIP6MH_CoT",
    "MIP6MH_CoTI",
    "MIP6MH_Generic",
    "MIP6MH_HoT",
    "MIP6MH_HoTI",
    "MIP6OptAltCoA",
    "MIP6OptBRAdvice",
    "MIP6OptBindingAuthData",
    "MIP6OptMNID",
    "MIP6OptMobNetPrefix",
    "MIP6OptNonceIndices",
    "MIP6OptUnknown",
    "NoPayload",
    "Packet",
    "Pad1",
    "PadN",
    "Raw",
    "dissect_as",
    "explicit",
]


def explicit(packet: _P) -> _P:
    """Mark a freshly built layer whose every field we set as explicit, and return it.

    ``Packet.do_build`` otherwise first expands the layer as a generator of packets (for fields
    holding sets or random values) by cloning it; the codec never uses such fields, and the
    clone costs about a third of the build time.
    """
    packet.explicit = 1
    return packet


def dissect_as(candidate: Packet | None, cls: type[_P], data: bytes) -> _P | None:
    """scapy's dissection of ``data`` as a ``cls`` layer, or None if scapy cannot dissect it.

    ``candidate`` is the layer scapy already produced while dissecting the whole frame; it is
    reused when it is exactly a ``cls`` made from these very octets (its ``raw_packet_cache``
    holds the octets of its own fields). Otherwise, for instance when a lying length field led
    scapy's walk astray, the octets the decoder located itself are dissected afresh.
    """
    if (
        type(candidate) is cls
        and candidate.raw_packet_cache is not None
        and data.startswith(candidate.raw_packet_cache)
    ):
        return candidate
    try:
        return cls(data, _internal=1)
    except Exception:  # scapy raises assorted errors on hostile input
        return None


# RFC 5648 §6.1: scapy has no class for the Binding Identifier mobility option (type 35), so
# its dissection (the packet inspector's field tree, mipviz.wire.dissect) would show one opaque
# "data" field. This class names the fields; the codec packs and reads the octets itself
# (mipviz.wire.encode_bid), so it never depends on this dissection.
from scapy.fields import (  # noqa: E402
    BitField,
    ByteField,
    ConditionalField,
    IP6Field,
    ShortField,
    StrLenField,
)
from scapy.layers import inet6 as _inet6  # noqa: E402


class MIP6OptBindingIdentifier(_inet6._MIP6OptAlign):
    name = "Binding Identifier"
    fields_desc = [  # noqa: RUF012 (scapy's own class attribute)
        ByteField("otype", 35),
        ByteField("olen", 4),
        ShortField("bid", 0),
        ByteField("status", 0),
        BitField("h", 0, 1),
        BitField("reserved", 0, 7),
        ConditionalField(IP6Field("coa", "::"), lambda pkt: pkt.olen == 20),
        # an IPv4 care-of address (length 8) or a malformed length: the rest, unnamed
        StrLenField("odata", b"", length_from=lambda pkt: max(
            0, pkt.olen - (20 if pkt.olen == 20 else 4))),
    ]

    def alignment_delta(self, curpos: int) -> int:
        # 8n+2 with a care-of address, 2n without (RFC 5648 §6.1)
        x, y = (8, 2) if self.olen == 20 else (2, 0)
        return int(x * ((curpos - y + x - 1) // x) + y - curpos)


_inet6.moboptcls.setdefault(35, MIP6OptBindingIdentifier)


# FMIPv6 (RFC 5568) layers scapy lacks, registered in its dispatch tables on import.
from mipviz.wire import _scapy_fmipv6 as _scapy_fmipv6  # noqa: E402
