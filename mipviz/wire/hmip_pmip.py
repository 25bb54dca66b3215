"""The HMIPv6 and PMIPv6 pieces of the codec: the MAP option (RFC 5380 §5) and the PMIPv6
mobility options (RFC 5213 §8.3-8.8, RFC 4283 §3), model ↔ scapy ↔ octets.

scapy 2.8 has ``ICMPv6NDOptMAP`` and ``MIP6OptMNID``; it has no class for the Home Network
Prefix, Handoff Indicator, Access Technology Type or Timestamp options. The Home Network Prefix
option has exactly the Mobile Network Prefix layout (Reserved, Prefix Length, Prefix; RFC 5213
§8.3, RFC 3963 §4.3), so it is built with ``MIP6OptMobNetPrefix`` and its type set to 22; the
other three are built as ``MIP6OptUnknown`` TLVs with every octet given (PROTOCOL.md §19 lists
Wireshark's names for all of them: tshark reads each field, tests/test_hmip_pmip_wire.py).
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

from mipviz.model import hmip_pmip as h
from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire._addresses import address_text, parse_address
from mipviz.wire._checks import require, unsigned
from mipviz.wire._scapy import explicit

MOBILE_NODE_IDENTIFIER = 8
HOME_NETWORK_PREFIX = 22
HANDOFF_INDICATOR = 23
ACCESS_TECHNOLOGY_TYPE = 24
TIMESTAMP = 27
OPTION_TYPES = frozenset({MOBILE_NODE_IDENTIFIER, HOME_NETWORK_PREFIX, HANDOFF_INDICATOR,
                          ACCESS_TECHNOLOGY_TYPE, TIMESTAMP})
PMIP_OPTIONS = h.PMIP_OPTIONS

# Alignment "xn+y" of the Type octet (RFC 5213 §8.3: 8n+4; §8.8: 8n+2; §8.4, §8.5 and RFC 4283
# §3 state no requirement).
ALIGNMENT: dict[int, tuple[int, int] | None] = {
    MOBILE_NODE_IDENTIFIER: None, HOME_NETWORK_PREFIX: (8, 4), HANDOFF_INDICATOR: None,
    ACCESS_TECHNOLOGY_TYPE: None, TIMESTAMP: (8, 2),
}
LENGTH: dict[int, int] = {HOME_NETWORK_PREFIX: 18, HANDOFF_INDICATOR: 2,
                          ACCESS_TECHNOLOGY_TYPE: 2, TIMESTAMP: 8}
SECTION: dict[int, str] = {
    MOBILE_NODE_IDENTIFIER: "RFC 4283 3", HOME_NETWORK_PREFIX: "RFC 5213 8.3",
    HANDOFF_INDICATOR: "RFC 5213 8.4", ACCESS_TECHNOLOGY_TYPE: "RFC 5213 8.5",
    TIMESTAMP: "RFC 5213 8.8",
}
NAMES: dict[int, str] = {
    MOBILE_NODE_IDENTIFIER: "Mobile Node Identifier", HOME_NETWORK_PREFIX: "Home Network Prefix",
    HANDOFF_INDICATOR: "Handoff Indicator", ACCESS_TECHNOLOGY_TYPE: "Access Technology Type",
    TIMESTAMP: "Timestamp",
}
PROXY_MESSAGES = frozenset({5, 6})  # PBU and PBA (RFC 5213 §8.1-8.2)


# ------------------------------------------------------------------------------ encoding


def option_layer(option: m.MobilityOption) -> tuple[s.Packet, tuple[int, int] | None, int]:
    """The scapy layer for one PMIPv6 option, its alignment and its size in octets."""
    layer: s.Packet
    if isinstance(option, h.MobileNodeIdentifier):
        identifier = option.identifier
        require(isinstance(identifier, bytes) and 1 <= len(identifier) <= 254,
                f"Mobile Node Identifier must be 1 to 254 octets: {identifier!r}")
        layer = s.MIP6OptMNID(otype=MOBILE_NODE_IDENTIFIER, olen=1 + len(identifier),
                              subtype=unsigned(option.subtype, 8, "MN-ID subtype"),
                              id=identifier)
        option_type = MOBILE_NODE_IDENTIFIER
    elif isinstance(option, h.HomeNetworkPrefixOption):
        prefix = option.prefix
        require(isinstance(prefix, IPv6Network), f"Home Network Prefix must be a prefix: "
                f"{prefix!r}")
        layer = s.MIP6OptMobNetPrefix(otype=HOME_NETWORK_PREFIX, olen=18, reserved=0,
                                      plen=prefix.prefixlen,
                                      prefix=address_text(prefix.network_address))
        option_type = HOME_NETWORK_PREFIX
    elif isinstance(option, h.HandoffIndicator | h.AccessTechnologyType):
        option_type = (HANDOFF_INDICATOR if isinstance(option, h.HandoffIndicator)
                       else ACCESS_TECHNOLOGY_TYPE)
        value = unsigned(option.value, 8, NAMES[option_type])
        layer = s.MIP6OptUnknown(otype=option_type, olen=2, odata=bytes((0, value)))
    elif isinstance(option, h.Timestamp):
        option_type = TIMESTAMP
        value = unsigned(option.value, 64, "Timestamp")
        layer = s.MIP6OptUnknown(otype=TIMESTAMP, olen=8, odata=value.to_bytes(8, "big"))
    else:
        raise ValueError(f"not a PMIPv6 mobility option: {option!r}")
    return explicit(layer), ALIGNMENT[option_type], 2 + int(layer.olen)


def map_option_layer(option: h.MapOption) -> s.Packet:
    """RFC 5380 §5: Type 23, Length 3, Dist | Pref | R | Reserved, Valid Lifetime, address."""
    require(1 <= option.distance <= 15, f"MAP option Dist {option.distance} must be 1 to 15 "
            "(RFC 5380 §5: 0 MUST NOT be used)")
    return explicit(s.ICMPv6NDOptMAP(
        type=23, len=3, dist=option.distance, pref=unsigned(option.preference, 4, "MAP Pref"),
        R=int(option.rcoa_allocated), res=0,
        validlifetime=unsigned(option.valid_lifetime, 32, "MAP Valid Lifetime"),
        addr=address_text(option.address)))


# ------------------------------------------------------------------------------ decoding


def decode_option(option_type: int, value: bytes, offset: int, mh_type: int,
                  problems: list[str]) -> m.MobilityOption:
    """One PMIPv6 option's value octets as its model (an unknown option if malformed)."""
    name, section = NAMES[option_type], SECTION[option_type]
    expected = LENGTH.get(option_type)
    if expected is not None and len(value) != expected:
        problems.append(f"{section}: {name} option length {len(value)}, must be {expected}")
        return m.UnknownMobilityOption(option_type, value)
    alignment = ALIGNMENT[option_type]
    if alignment is not None and offset % alignment[0] != alignment[1]:
        problems.append(f"{section}: {name} option at offset {offset} breaks its "
                        f"{alignment[0]}n+{alignment[1]} alignment")
    if mh_type not in PROXY_MESSAGES:
        problems.append(f"{section}: {name} option is not valid in a "
                        f"{m.MH_TYPE_NAMES.get(mh_type, mh_type)}")
    if option_type == MOBILE_NODE_IDENTIFIER:
        if len(value) < 2:
            problems.append(f"{section}: Mobile Node Identifier option of {len(value)} octets "
                            "has no identifier")
            return m.UnknownMobilityOption(option_type, value)
        return h.MobileNodeIdentifier(value[1:], subtype=value[0])
    if option_type == HOME_NETWORK_PREFIX:
        length = value[1]
        if length > 128:
            problems.append(f"{section}: Home Network Prefix length {length} exceeds 128")
            return m.UnknownMobilityOption(option_type, value)
        address = IPv6Address(value[2:18])
        prefix = IPv6Network((address, length), strict=False)
        if prefix.network_address != address:
            problems.append(f"{section}: Home Network Prefix {address}/{length} has bits set "
                            "beyond its length")
        if value[0]:
            problems.append(f"{section}: Home Network Prefix Reserved octet not zero")
        return h.HomeNetworkPrefixOption(prefix)
    if option_type in (HANDOFF_INDICATOR, ACCESS_TECHNOLOGY_TYPE):
        if value[0]:
            problems.append(f"{section}: {name} Reserved octet not zero")
        if value[1] == 0:
            problems.append(f"{section}: {name} value 0 is reserved")
        cls = h.HandoffIndicator if option_type == HANDOFF_INDICATOR else h.AccessTechnologyType
        return cls(value[1])
    return h.Timestamp(int.from_bytes(value, "big"))


def decode_map_option(option: s.Packet, problems: list[str]) -> h.MapOption:
    distance = int(option.dist)
    if distance == 0:
        problems.append("RFC 5380 5: MAP option Dist 0 must not be used")
    if int(option.res):
        problems.append("RFC 5380 5: MAP option Reserved bits not zero")
    return h.MapOption(distance=distance, preference=int(option.pref),
                       address=parse_address(option.addr),
                       valid_lifetime=int(option.validlifetime),
                       rcoa_allocated=bool(int(option.R)))
