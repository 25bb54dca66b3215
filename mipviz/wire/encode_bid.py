"""The Binding Identifier option (RFC 5648 §6.1) ↔ octets.

scapy has no class for mobility option 35, so the option is built as a generic TLV whose value
is packed here field by field, and read back the same way; Wireshark's mip6 dissector reads it
as ``mip6.bi.bid``, ``mip6.bi.status``, ``mip6.bi.h_flag`` and ``mip6.bi.coa_ipv6``
(``tests/test_multihoming_wire.py`` checks every field with tshark).

Layout (RFC 5648 §6.1)::

    Type = 35 | Length | Binding ID (16) | Status (8) | H | Reserved (7) | [care-of address]

Length is 4 without a care-of address, 8 with an IPv4 one (not modelled: decoded as an unknown
option) and 20 with an IPv6 one. Alignment: 2n without a care-of address, 8n+2 with one, so
that the address is 8-octet aligned.
"""

from __future__ import annotations

import struct
from ipaddress import IPv6Address

from mipviz.model import messages as m
from mipviz.model.multihoming_messages import BINDING_IDENTIFIER, BindingIdentifier
from mipviz.wire import _scapy as s
from mipviz.wire._checks import require, unsigned
from mipviz.wire._scapy import explicit

H_FLAG = 0x80
LENGTH_WITHOUT_COA = 4
LENGTH_IPV6_COA = 20
# RFC 5648 §6.1: the BID option may appear in a BRR (0), CoTI (2), CoT (4), BU (5) and BA (6).
VALID_IN = frozenset({0, 2, 4, 5, 6})
SECTION = "RFC 5648 6.1"


def alignment(option: BindingIdentifier) -> tuple[int, int]:
    return (8, 2) if option.care_of_address is not None else (2, 0)


def value_octets(option: BindingIdentifier) -> bytes:
    bid = unsigned(option.binding_id, 16, "Binding Identifier binding_id")
    require(bid != 0, "Binding Identifier binding_id 0 is reserved (RFC 5648 6.1)")
    status = unsigned(option.status, 8, "Binding Identifier status")
    flags = H_FLAG if option.simultaneous else 0
    value = struct.pack("!HBB", bid, status, flags)
    if option.care_of_address is not None:
        value += option.care_of_address.packed
    return value


def binding_identifier_layer(option: BindingIdentifier) -> tuple[s.Packet, tuple[int, int], int]:
    """The layer, its alignment and its size, as :func:`mipviz.wire.encode._mobility_option`."""
    value = value_octets(option)
    layer = s.MIP6OptUnknown(otype=BINDING_IDENTIFIER, olen=len(value), odata=value)
    return explicit(layer), alignment(option), 2 + len(value)


def decode_binding_identifier(value: bytes, offset: int, mh_type: int,
                              problems: list[str]) -> m.MobilityOption:
    """The option's value octets (after Type and Length) → model, reporting format faults."""
    if len(value) not in (LENGTH_WITHOUT_COA, LENGTH_IPV6_COA):
        if len(value) != 8:  # 8: an IPv4 care-of address (DSMIPv6), valid but not modelled
            problems.append(f"{SECTION}: Binding Identifier option length {len(value)}, must "
                            "be 4, 8 or 20")
        return m.UnknownMobilityOption(BINDING_IDENTIFIER, value)
    bid, status, flags = struct.unpack("!HBB", value[:4])
    care_of = IPv6Address(value[4:]) if len(value) == LENGTH_IPV6_COA else None
    option = BindingIdentifier(bid, status, bool(flags & H_FLAG), care_of)
    multiple, remainder = alignment(option)
    if offset % multiple != remainder:
        problems.append(f"{SECTION}: Binding Identifier option at offset {offset} breaks its "
                        f"{multiple}n+{remainder} alignment")
    if bid == 0:
        problems.append(f"{SECTION}: Binding Identifier 0 is reserved")
    if flags & ~H_FLAG:
        problems.append(f"{SECTION}: Binding Identifier Reserved bits not zero")
    if mh_type not in VALID_IN:
        problems.append(f"{SECTION}: Binding Identifier option is not valid in a "
                        f"{m.MH_TYPE_NAMES[mh_type]}")
    return option
