"""Numbers and octet layouts shared by the encoder and the decoder (no scapy here).

Everything in this module is a fact from RFC 6275 (Mobile IPv6), RFC 3963 (NEMO), RFC 8200
(IPv6) or RFC 4861 (Neighbor Discovery), restated in PROTOCOL.md §1-§7 and §12.
"""

from __future__ import annotations

from collections.abc import Sequence

# IPv6 Next Header values (IANA "Assigned Internet Protocol Numbers", PROTOCOL.md §1)
HOP_BY_HOP = 0
TCP = 6
UDP = 17
IPV6_IN_IPV6 = 41
ROUTING = 43
FRAGMENT = 44
ESP = 50
AUTHENTICATION_HEADER = 51
ICMPV6 = 58
NO_NEXT_HEADER = 59
DESTINATION_OPTIONS = 60
MOBILITY_HEADER = 135
MOBILITY_HEADER_DRAFT = 62  # pre-RFC 3775 drafts; tcpdump's "Mobile IP (old)"

NEXT_HEADER_NAMES: dict[int, str] = {
    HOP_BY_HOP: "Hop-by-Hop Options",
    TCP: "TCP",
    UDP: "UDP",
    IPV6_IN_IPV6: "IPv6",
    ROUTING: "Routing Header",
    FRAGMENT: "Fragment Header",
    ESP: "ESP",
    AUTHENTICATION_HEADER: "AH",
    ICMPV6: "ICMPv6",
    NO_NEXT_HEADER: "No Next Header",
    DESTINATION_OPTIONS: "Destination Options",
    MOBILITY_HEADER: "Mobility Header",
}

ETHERTYPE_IPV6 = 0x86DD
ETHERNET_HEADER_LENGTH = 14
ETHERNET_MINIMUM_FRAME = 60  # without FCS; shorter frames are padded by the sender
IPV6_HEADER_LENGTH = 40

# Destination options (RFC 8200 §4.2, RFC 6275 §6.3, RFC 2473 §5.1)
OPTION_PAD1 = 0
OPTION_PADN = 1
OPTION_TUNNEL_ENCAPSULATION_LIMIT = 4
OPTION_HOME_ADDRESS = 0xC9
HOME_ADDRESS_OPTION_LENGTH = 16
TUNNEL_ENCAPSULATION_LIMIT_LENGTH = 1

# Type 2 Routing Header (RFC 6275 §6.4): Hdr Ext Len 2, one address, Segments Left 1.
ROUTING_TYPE_2 = 2
ROUTING_TYPE_2_HEADER_EXTENSION_LENGTH = 2

# Mobility Header (RFC 6275 §6.1): Payload Proto must be 59; lengths per MH type.
MH_PAYLOAD_PROTO = NO_NEXT_HEADER
MH_MINIMUM_LENGTH: dict[int, int] = {0: 8, 1: 16, 2: 16, 3: 24, 4: 24, 5: 16, 6: 16, 7: 24}
MH_OPTIONS_OFFSET: dict[int, int] = {0: 8, 1: 16, 2: 16, 3: 24, 4: 24, 5: 12, 6: 12, 7: 24}

# Mobility options (RFC 6275 §6.2, RFC 3963 §4.3)
MOBILITY_PAD1 = 0
MOBILITY_PADN = 1
BINDING_REFRESH_ADVICE = 2
ALTERNATE_CAREOF_ADDRESS = 3
NONCE_INDICES = 4
BINDING_AUTHORIZATION_DATA = 5
MOBILE_NETWORK_PREFIX = 6

# Wireshark's names (packet-mip6.c, PROTOCOL.md §22.1).
MOBILITY_OPTION_NAMES: dict[int, str] = {
    0: "Pad1",
    1: "PadN",
    2: "Binding Refresh Advice",
    3: "Alternate Care-of Address",
    4: "Nonce Indices",
    5: "Authorization Data",
    6: "Mobile Network Prefix",
    7: "Mobility Header Link-Layer Address",
    8: "Mobile Node Identifier",
    21: "Binding Authorization Data for FMIPv6 (BADF)",
    22: "Home Network Prefix",
    23: "Handoff Indicator",
    24: "Access Technology Type",
    25: "Mobile Node Link-layer Identifier",
    26: "Link-local Address",
    27: "Timestamp",
    34: "Mobility Header IPv6 Address/Prefix",
    35: "Binding Identifier",
}

# Alignment "xn+y" of the option's Type octet, as (x, y) (RFC 6275 §6.2.2-6.2.7, RFC 3963 §4.3).
MOBILITY_OPTION_ALIGNMENT: dict[int, tuple[int, int]] = {
    BINDING_REFRESH_ADVICE: (2, 0),
    ALTERNATE_CAREOF_ADDRESS: (8, 6),
    NONCE_INDICES: (2, 0),
    BINDING_AUTHORIZATION_DATA: (8, 2),
    MOBILE_NETWORK_PREFIX: (8, 4),
}

# Fixed Option Length values (the BAD's length is the authenticator's, 12 for RR).
MOBILITY_OPTION_LENGTH: dict[int, int] = {
    BINDING_REFRESH_ADVICE: 2,
    ALTERNATE_CAREOF_ADDRESS: 16,
    NONCE_INDICES: 4,
    MOBILE_NETWORK_PREFIX: 18,
}

# The RFC section defining each option, for problem messages.
MOBILITY_OPTION_SECTION: dict[int, str] = {
    BINDING_REFRESH_ADVICE: "RFC 6275 6.2.4",
    ALTERNATE_CAREOF_ADDRESS: "RFC 6275 6.2.5",
    NONCE_INDICES: "RFC 6275 6.2.6",
    BINDING_AUTHORIZATION_DATA: "RFC 6275 6.2.7",
    MOBILE_NETWORK_PREFIX: "RFC 3963 4.3",
}

# Which MH types each option is defined for (PROTOCOL.md §3 "Valid options per message").
MOBILITY_OPTION_VALID_IN: dict[int, frozenset[int]] = {
    BINDING_REFRESH_ADVICE: frozenset({6}),
    ALTERNATE_CAREOF_ADDRESS: frozenset({5, 8}),  # and the FBU (RFC 5568 6.3.1)
    NONCE_INDICES: frozenset({5}),
    BINDING_AUTHORIZATION_DATA: frozenset({5, 6}),
    MOBILE_NETWORK_PREFIX: frozenset({5}),
}

# ICMPv6 (RFC 4443, RFC 4861, RFC 6275 §6.5-6.8)
ICMPV6_DESTINATION_UNREACHABLE = 1
ICMPV6_PARAMETER_PROBLEM = 4
ICMPV6_ECHO_REQUEST = 128
ICMPV6_ECHO_REPLY = 129
ICMPV6_ROUTER_SOLICITATION = 133
ICMPV6_ROUTER_ADVERTISEMENT = 134
ICMPV6_NEIGHBOR_SOLICITATION = 135
ICMPV6_NEIGHBOR_ADVERTISEMENT = 136

# Wireshark's names (packet-icmpv6.c, PROTOCOL.md §22.2).
ICMPV6_TYPE_NAMES: dict[int, str] = {
    1: "Destination Unreachable",
    2: "Packet Too Big",
    3: "Time Exceeded",
    4: "Parameter Problem",
    128: "Echo (ping) request",
    129: "Echo (ping) reply",
    130: "Multicast Listener Query",
    131: "Multicast Listener Report",
    132: "Multicast Listener Done",
    133: "Router Solicitation",
    134: "Router Advertisement",
    135: "Neighbor Solicitation",
    136: "Neighbor Advertisement",
    137: "Redirect",
    143: "Multicast Listener Report Message v2",
    144: "Home Agent Address Discovery Request",
    145: "Home Agent Address Discovery Reply",
    146: "Mobile Prefix Solicitation",
    147: "Mobile Prefix Advertisement",
    154: "FMIPv6",
}

# Neighbor Discovery options (RFC 4861 §4.6, RFC 6275 §7.3-7.4)
ND_SOURCE_LINK_LAYER_ADDRESS = 1
ND_TARGET_LINK_LAYER_ADDRESS = 2
ND_PREFIX_INFORMATION = 3
ND_ADVERTISEMENT_INTERVAL = 7
ND_HOME_AGENT_INFORMATION = 8
ND_MAP = 23  # RFC 5380 §5
# Option Length in 8-octet units for the options the codec interprets.
ND_OPTION_UNITS: dict[int, int] = {
    ND_MAP: 3,
    ND_SOURCE_LINK_LAYER_ADDRESS: 1,
    ND_TARGET_LINK_LAYER_ADDRESS: 1,
    ND_PREFIX_INFORMATION: 4,
    ND_ADVERTISEMENT_INTERVAL: 1,
    ND_HOME_AGENT_INFORMATION: 1,
}
ND_OPTION_NAMES: dict[int, str] = {
    1: "Source link-layer address",
    2: "Target link-layer address",
    3: "Prefix information",
    4: "Redirected header",
    5: "MTU",
    7: "Advertisement Interval",
    8: "Home Agent Information",
    17: "IP Address/Prefix",  # RFC 5568 (FMIPv6)
    19: "Link-layer Address",  # RFC 5568
    20: "Neighbor Advertisement Acknowledgment",  # RFC 5568
    23: "MAP",  # RFC 5380 (HMIPv6)
}

# BU flags: the 16-bit word at MH offset 8 (PROTOCOL.md §4.1); BA flags: the octet at 7.
BU_FLAG_A = 0x8000
BU_FLAG_H = 0x4000
BU_FLAG_L = 0x2000
BU_FLAG_K = 0x1000
BU_FLAG_R = 0x0400
BU_FLAG_M = 0x0800  # RFC 5380 §4: MAP registration
BU_FLAG_P = 0x0200  # RFC 5213 §8.1: proxy registration
BU_FLAG_NAMES_OTHER: dict[int, str] = {
    0x0100: "F (RFC 5555 forcing UDP encapsulation)",
    0x0080: "T (RFC 5845 TLV-header format)",
    0x0040: "B (RFC 6602 bulk binding update)",
}
BA_FLAG_K = 0x80
BA_FLAG_R = 0x40
BA_FLAG_P = 0x20  # RFC 5213 §8.2: proxy registration
BA_FLAG_NAMES_OTHER: dict[int, str] = {
    0x10: "T (RFC 5845 TLV-header format)",
    0x08: "B (RFC 6602 bulk binding update)",
}

MAXIMUM_LIFETIME_SECONDS = 0xFFFF * 4  # 16-bit field in 4-second units (PROTOCOL.md §4.3)


def padding_before(offset: int, alignment: tuple[int, int] | None) -> int:
    """Octets of padding that put an option with ``alignment`` (x, y) at offset ≡ y (mod x).

    This is UMIP's ``optpad(xn, y, offset)`` = (y − offset) mod x (PROTOCOL.md §6), which is
    also RFC 8200 §4.2's rule for IPv6 options.
    """
    if alignment is None:
        return 0
    multiple, remainder = alignment
    return (remainder - offset) % multiple


def padding_octets(count: int) -> bytes:
    """The padding option(s) for ``count`` octets: Pad1 for one, a zero-filled PadN otherwise."""
    if count == 0:
        return b""
    if count == 1:
        return b"\x00"
    return bytes((1, count - 2)) + bytes(count - 2)


def plan_padding(
    start: int, options: Sequence[tuple[tuple[int, int] | None, int]]
) -> tuple[list[int], int]:
    """Place options of (alignment, total octets) from offset ``start``.

    Returns the padding before each option and the trailing padding that makes the end offset a
    multiple of 8 (a Mobility Header and an IPv6 extension header are both 8-octet multiples).
    """
    offset = start
    pads: list[int] = []
    for alignment, size in options:
        pad = padding_before(offset, alignment)
        pads.append(pad)
        offset += pad + size
    return pads, (-offset) % 8
