"""scapy layers for FMIPv6 (RFC 5568), which scapy 2.8 does not have (PROTOCOL.md §22.3).

scapy knows the RFC 4068 MH-LLA option only (with an extra pad octet RFC 5568 dropped) and
nothing else of FMIPv6: it dissects MH types 8, 9, 14 and 15 as a generic message and ICMPv6
154 as unknown. The classes here follow RFC 5568 octet for octet and are registered in scapy's
dispatch tables, so that the frames the codec builds are dissected field by field (the packet
inspector lights each field's bytes) and their checksums are computed by scapy's own
``post_build`` with the RFC 6275 pseudo-header (home address from the HAO).

Imported only through :mod:`mipviz.wire._scapy`'s configuration (it is imported first).
"""

from __future__ import annotations

from typing import Any

# First: mipviz.wire._scapy switches off scapy's host access before any layer is imported.
# isort: off
from mipviz.wire import _scapy as _configured  # noqa: F401
# isort: on

from scapy.fields import (
    BitField,
    ByteEnumField,
    ByteField,
    FlagsField,
    IntField,
    IP6Field,
    MACField,
    ShortField,
    StrFixedLenField,
    XBitField,
    XShortField,
)
from scapy.layers import inet6
from scapy.layers.inet6 import (
    IPv6,
    MIP6OptUnknown,
    _ICMPv6,
    _ICMPv6NDGuessPayload,
    _MIP6OptAlign,
    _MobilityHeader,
    _OptionsField,
    _PhantomAutoPadField,
    ipv6nh,
    mhtypes,
)
from scapy.packet import Packet


# -------------------------------------------------------------- mobility options (RFC 5568 §6.4)
class MIP6OptMHLinkLayerAddress(_MIP6OptAlign):
    """MH-LLA, type 7: Option-Code then the link-layer address (no pad octet, unlike RFC 4068)."""

    name = "MIPv6 Option - Mobility Header Link-Layer Address"
    fields_desc = [ByteField("otype", 7), ByteField("olen", 7), ByteField("ocode", 2),
                   MACField("lla", "00:00:00:00:00:00")]
    x = 0
    y = 0


class MIP6OptIPv6AddressPrefix(_MIP6OptAlign):
    """Mobility Header IPv6 Address/Prefix, type 34 (aligned 8n+4: the address on 8n)."""

    name = "MIPv6 Option - Mobility Header IPv6 Address/Prefix"
    fields_desc = [ByteField("otype", 34), ByteField("olen", 18), ByteField("ocode", 1),
                   ByteField("plen", 128), IP6Field("addr", "::")]
    x = 8
    y = 4


class MIP6OptBADF(_MIP6OptAlign):
    """Binding Authorization Data for FMIPv6, type 21: SPI and a 96-bit authenticator."""

    name = "MIPv6 Option - Binding Authorization Data for FMIPv6"
    fields_desc = [ByteField("otype", 21), ByteField("olen", 16), IntField("spi", 0),
                   StrFixedLenField("authenticator", b"\x00" * 12, 12)]
    x = 8
    y = 2


# ------------------------------------------------------------------ Mobility Header messages
def _options(offset: int) -> Any:
    return _OptionsField("options", [], MIP6OptUnknown, offset,  # type: ignore[no-untyped-call]
                         length_from=lambda pkt: 8 * pkt.len - (offset - 8))


_COMMON: list[Any] = [ByteEnumField("nh", 59, ipv6nh), ByteField("len", None),
           ByteEnumField("mhtype", None, mhtypes), ByteField("res", 0),
           XShortField("cksum", None)]


class MIP6MH_FBU(_MobilityHeader):
    name = "IPv6 Mobility Header - Fast Binding Update"
    fields_desc = [*_COMMON, XShortField("seq", 0), FlagsField("flags", 0, 4, "KLHA"),
                   XBitField("reserved", 0, 12), ShortField("mhtime", 0),
                   _PhantomAutoPadField("autopad", 0), _options(12)]
    overload_fields = {IPv6: {"nh": 135}}


class MIP6MH_FBack(_MobilityHeader):
    name = "IPv6 Mobility Header - Fast Binding Acknowledgment"
    fields_desc = [*_COMMON, ByteField("status", 0), FlagsField("flags", 0, 1, "K"),
                   XBitField("res2", 0, 7), XShortField("seq", 0), ShortField("mhtime", 0),
                   _PhantomAutoPadField("autopad", 0), _options(12)]
    overload_fields = {IPv6: {"nh": 135}}


class MIP6MH_HI(_MobilityHeader):
    name = "IPv6 Mobility Header - Handover Initiate"
    fields_desc = [*_COMMON, XShortField("seq", 0), BitField("S", 0, 1), BitField("U", 0, 1),
                   XBitField("res2", 0, 6), ByteField("code", 0),
                   _PhantomAutoPadField("autopad", 0), _options(10)]
    overload_fields = {IPv6: {"nh": 135}}


class MIP6MH_HAck(_MobilityHeader):
    name = "IPv6 Mobility Header - Handover Acknowledge"
    fields_desc = [*_COMMON, XShortField("seq", 0), ByteField("res2", 0), ByteField("code", 0),
                   _PhantomAutoPadField("autopad", 0), _options(10)]
    overload_fields = {IPv6: {"nh": 135}}


# ------------------------------------------------------------------ ICMPv6 154 and ND options
class ICMPv6NDOptIPAddressPrefix(_ICMPv6NDGuessPayload, Packet):
    """ND IP Address/Prefix option, type 17, 24 octets (RFC 5568 §6.4.1)."""

    name = "ICMPv6 Neighbor Discovery Option - IP Address/Prefix"
    fields_desc = [ByteField("type", 17), ByteField("len", 3), ByteField("ocode", 1),
                   ByteField("plen", 128), IntField("res", 0), IP6Field("addr", "::")]


class ICMPv6NDOptLinkLayerAddress(_ICMPv6NDGuessPayload, Packet):
    """ND Link-layer Address option, type 19 (RFC 5568 §6.4.3): 9 octets padded to 16."""

    name = "ICMPv6 Neighbor Discovery Option - Link-layer Address"
    fields_desc = [ByteField("type", 19), ByteField("len", 2), ByteField("ocode", 1),
                   MACField("lla", "00:00:00:00:00:00"),
                   StrFixedLenField("pad", b"\x00" * 7, 7)]


FMIPV6_SUBTYPES = {2: "Router Solicitation for Proxy Advertisement",
                   3: "Proxy Router Advertisement"}


class ICMPv6FMIPv6(_ICMPv6NDGuessPayload, _ICMPv6):
    """ICMPv6 type 154 (RFC 5568 §6.1): Subtype 2 RtSolPr, 3 PrRtAdv; ND options follow."""

    name = "ICMPv6 FMIPv6"
    fields_desc = [ByteEnumField("type", 154, inet6.icmp6types), ByteField("code", 0),
                   XShortField("cksum", None), ByteEnumField("subtype", 2, FMIPV6_SUBTYPES),
                   ByteField("res", 0), ShortField("id", 0)]
    overload_fields = {IPv6: {"nh": 58}}


def _register() -> None:
    """Into scapy's dispatch tables (typed as names; scapy resolved them to classes)."""
    tables: list[tuple[Any, dict[int, type[Packet]]]] = [
        (inet6.moboptcls, {7: MIP6OptMHLinkLayerAddress, 21: MIP6OptBADF,
                           34: MIP6OptIPv6AddressPrefix}),
        (inet6._mip6_mhtype2cls, {8: MIP6MH_FBU, 9: MIP6MH_FBack, 14: MIP6MH_HI,
                                  15: MIP6MH_HAck}),
        (inet6.icmp6typescls, {154: ICMPv6FMIPv6}),
        (inet6.icmp6ndoptscls, {17: ICMPv6NDOptIPAddressPrefix,
                                19: ICMPv6NDOptLinkLayerAddress}),
    ]
    for table, entries in tables:
        table.update(entries)


_register()
