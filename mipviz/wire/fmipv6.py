"""FMIPv6 (RFC 5568) model ↔ scapy layers: the Mobility Header messages FBU, FBack, HI, HAck
and the ICMPv6 154 messages RtSolPr and PrRtAdv, with their options.

Every field is set explicitly. Mobility options are padded by :func:`mipviz.wire.layout.
plan_padding` to the alignments below (the IPv6 Address/Prefix option 8n+4 so its address sits
on an 8-octet boundary; BADF 8n+2 so its authenticator does, and last, like RFC 6275's BAD).
:mod:`mipviz.wire.encode` and :mod:`mipviz.wire.decode_mobility` /
:mod:`mipviz.wire.decode_icmpv6` call in here for these types only.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv6Address
from typing import Any

from mipviz.model import fmipv6_messages as f
from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire import _scapy_fmipv6 as sf
from mipviz.wire import layout
from mipviz.wire._addresses import address_text
from mipviz.wire._checks import mac_address, octets, require, unsigned
from mipviz.wire._scapy import dissect_as, explicit

MH_LINK_LAYER_ADDRESS = 7
BADF = 21
MH_IPV6_ADDRESS_PREFIX = 34
OPTION_ALIGNMENT: dict[int, tuple[int, int] | None] = {
    MH_LINK_LAYER_ADDRESS: None, BADF: (8, 2), MH_IPV6_ADDRESS_PREFIX: (8, 4)}
OPTION_LENGTH = {MH_LINK_LAYER_ADDRESS: 7, BADF: 16, MH_IPV6_ADDRESS_PREFIX: 18}
MH_TYPES = frozenset({8, 9, 14, 15})
OPTIONS_OFFSET = {8: 12, 9: 12, 14: 10, 15: 10}
MINIMUM_LENGTH = {8: 16, 9: 16, 14: 16, 15: 16}
ND_IP_ADDRESS_PREFIX = 17
ND_LINK_LAYER_ADDRESS = 19
ICMPV6_FMIPV6 = 154


# ------------------------------------------------------------------------------ encoding
def _option_layer(option: Any) -> tuple[s.Packet, tuple[int, int] | None, int] | None:
    if isinstance(option, f.MobilityLinkLayerAddress):
        layer: s.Packet = sf.MIP6OptMHLinkLayerAddress(
            otype=7, olen=7, ocode=unsigned(option.option_code, 8, "MH-LLA Option-Code"),
            lla=mac_address(option.address, "MH-LLA"))
    elif isinstance(option, f.MobilityIPv6AddressPrefix):
        length = option.prefix_length
        require(isinstance(length, int) and 0 <= length <= 128,
                f"IPv6 Address/Prefix prefix length {length!r} not in 0..128")
        layer = sf.MIP6OptIPv6AddressPrefix(
            otype=34, olen=18, ocode=unsigned(option.option_code, 8, "Option-Code"),
            plen=length, addr=address_text(option.address))
    elif isinstance(option, f.FastBindingAuthorizationData):
        layer = sf.MIP6OptBADF(otype=21, olen=16, spi=unsigned(option.spi, 32, "BADF SPI"),
                               authenticator=octets(option.authenticator, 12,
                                                    "BADF authenticator"))
    else:
        return None
    otype = int(layer.otype)
    return explicit(layer), OPTION_ALIGNMENT[otype], 2 + int(layer.olen)


def option_layer(option: Any) -> tuple[s.Packet, tuple[int, int] | None, int] | None:
    """The scapy layer, alignment and size of an FMIPv6 mobility option; None for others."""
    return _option_layer(option)


def mobility_header_layer(message: Any, checksum: int | None,
                          options_layers: Any) -> s.Packet | None:
    """The scapy Mobility Header of an FMIPv6 message, or None when ``message`` is not one.
    ``options_layers(options, start)`` is :func:`mipviz.wire.encode.mobility_options_layers`."""
    mh_type = f.FMIPV6_MH_TYPES.get(type(message))
    if mh_type is None:
        return None
    layers, end = options_layers(message.options, OPTIONS_OFFSET[mh_type])
    require(end <= 2048, f"Mobility Header of {end} octets exceeds Header Len's 2048")
    common: dict[str, Any] = {"nh": layout.MH_PAYLOAD_PROTO, "len": end // 8 - 1,
                              "mhtype": mh_type, "res": 0, "cksum": checksum,
                              "autopad": 0, "options": layers}
    if isinstance(message, f.FastBindingUpdate):
        flags = (8 * message.acknowledge + 4 * message.home_registration
                 + 2 * message.link_local_compatibility + message.key_management)
        layer: s.Packet = sf.MIP6MH_FBU(
            seq=unsigned(message.sequence, 16, "Fast Binding Update sequence"), flags=flags,
            reserved=0, mhtime=unsigned(message.lifetime, 16, "Fast Binding Update lifetime"),
            **common)
    elif isinstance(message, f.FastBindingAcknowledgment):
        layer = sf.MIP6MH_FBack(
            status=unsigned(message.status, 8, "FBack status"),
            flags=int(message.key_management), res2=0,
            seq=unsigned(message.sequence, 16, "FBack sequence"),
            mhtime=unsigned(message.lifetime, 16, "FBack lifetime"), **common)
    elif isinstance(message, f.HandoverInitiate):
        layer = sf.MIP6MH_HI(seq=unsigned(message.sequence, 16, "HI sequence"),
                             S=int(message.assigned_address), U=int(message.buffer), res2=0,
                             code=unsigned(message.code, 8, "HI code"), **common)
    else:
        layer = sf.MIP6MH_HAck(seq=unsigned(message.sequence, 16, "HAck sequence"), res2=0,
                               code=unsigned(message.code, 8, "HAck code"), **common)
    return explicit(layer)


def icmpv6_layers(message: Any) -> s.Packet | None:
    """The ICMPv6 154 message with its ND options chained after it; None for other types."""
    subtype = f.FMIPV6_ICMP_SUBTYPES.get(type(message))
    if subtype is None:
        return None
    code = message.code if isinstance(message, f.ProxyRouterAdvertisement) else 0
    first: s.Packet = explicit(sf.ICMPv6FMIPv6(
        type=154, code=unsigned(code, 8, "FMIPv6 code"), cksum=None, subtype=subtype, res=0,
        id=unsigned(message.identifier, 16, "FMIPv6 identifier")))
    layer = first
    for option in message.options:
        if isinstance(option, f.LinkLayerAddressOption):
            built: s.Packet = sf.ICMPv6NDOptLinkLayerAddress(
                type=19, len=2, ocode=unsigned(option.option_code, 8, "LLA Option-Code"),
                lla=mac_address(option.address, "Link-layer Address option"), pad=bytes(7))
        elif isinstance(option, f.IPAddressPrefixOption):
            require(0 <= option.prefix_length <= 128, "IP Address/Prefix length not 0..128")
            built = sf.ICMPv6NDOptIPAddressPrefix(
                type=17, len=3, ocode=unsigned(option.option_code, 8, "Option-Code"),
                plen=option.prefix_length, res=0, addr=address_text(option.address))
        else:
            raise ValueError(f"not an FMIPv6 ND option: {option!r}")
        layer.add_payload(explicit(built))
        layer = built
    return first


# ------------------------------------------------------------------------------ decoding
_CLASSES = {8: sf.MIP6MH_FBU, 9: sf.MIP6MH_FBack, 14: sf.MIP6MH_HI, 15: sf.MIP6MH_HAck}
_NAMES = {8: "Fast Binding Update", 9: "Fast Binding Acknowledgment",
          14: "Handover Initiate", 15: "Handover Acknowledge"}


def decode_mobility_header(
    layer: s.Packet | None, body: bytes, problems: list[str],
    unknown: Callable[[bytes], m.UnknownMobilityMessage],
    other_option: Callable[[int, bytes, int, bytes], m.MobilityOption],
) -> m.MobilityMessage:
    """An FMIPv6 message from the Mobility Header octets ``body`` (already length-checked by
    the caller). ``unknown(data)`` makes the fallback message; ``other_option(type, value,
    offset, raw)`` decodes an option that is not FMIPv6's own (e.g. the Alternate CoA)."""
    mh_type = body[2]
    name = _NAMES[mh_type]
    if len(body) < MINIMUM_LENGTH[mh_type]:
        problems.append(f"RFC 5568 6: {name} of {len(body)} octets is below the minimum "
                        f"{MINIMUM_LENGTH[mh_type]}")
        return unknown(body[6:])
    message = dissect_as(layer, _CLASSES[mh_type], body)
    if message is None:
        problems.append(f"{name}: scapy could not dissect it")
        return unknown(body[6:])
    options = _options(body, OPTIONS_OFFSET[mh_type], name, problems, other_option)
    if mh_type == 8:
        flags = int(message.flags)
        if int(message.reserved):
            problems.append("RFC 5568 6.3.1: Fast Binding Update reserved bits not zero")
        if not (flags & 8 and flags & 4):
            problems.append("RFC 5568 6.3.1: a Fast Binding Update must set the A and H flags")
        return f.FastBindingUpdate(int(message.seq), int(message.mhtime), bool(flags & 8),
                                   bool(flags & 4), bool(flags & 2), bool(flags & 1), options)
    if mh_type == 9:
        return f.FastBindingAcknowledgment(int(message.status), int(message.seq),
                                           int(message.mhtime), bool(int(message.flags)),
                                           options)
    if mh_type == 14:
        return f.HandoverInitiate(int(message.seq), int(message.code), bool(message.S),
                                  bool(message.U), options)
    return f.HandoverAcknowledge(int(message.seq), int(message.code), options)


def _options(body: bytes, start: int, name: str, problems: list[str],
             other_option: Callable[[int, bytes, int, bytes], m.MobilityOption],
             ) -> tuple[m.MobilityOption, ...]:
    options: list[m.MobilityOption] = []
    offset = start
    while offset < len(body):
        kind = body[offset]
        if kind == layout.MOBILITY_PAD1:
            offset += 1
            continue
        if offset + 2 > len(body) or offset + 2 + body[offset + 1] > len(body):
            problems.append(f"{name}: mobility option type {kind} at offset {offset} runs past "
                            "the end of the Mobility Header")
            break
        length = body[offset + 1]
        value = body[offset + 2: offset + 2 + length]
        raw = body[offset: offset + 2 + length]
        if kind == layout.MOBILITY_PADN:
            pass
        elif kind in OPTION_LENGTH:
            if length != OPTION_LENGTH[kind]:
                problems.append(f"RFC 5568 6.4: {layout.MOBILITY_OPTION_NAMES[kind]} option "
                                f"length {length}, must be {OPTION_LENGTH[kind]}")
                options.append(other_option(kind, value, offset, raw))
            else:
                options.append(_option(kind, value))
        else:
            options.append(other_option(kind, value, offset, raw))
        offset += 2 + length
    return tuple(options)


def _option(kind: int, value: bytes) -> m.MobilityOption:
    if kind == MH_LINK_LAYER_ADDRESS:
        return f.MobilityLinkLayerAddress(value[0], ":".join(f"{b:02x}" for b in value[1:7]))
    if kind == MH_IPV6_ADDRESS_PREFIX:
        return f.MobilityIPv6AddressPrefix(value[0], IPv6Address(value[2:18]), value[1])
    return f.FastBindingAuthorizationData(int.from_bytes(value[:4], "big"), value[4:16])


def decode_icmpv6(layer: s.Packet | None, body: bytes, hop_limit: int,
                  problems: list[str], unknown: Callable[[], m.UnknownICMPv6]) -> m.Payload:
    """RtSolPr / PrRtAdv from ICMPv6 154 octets; other subtypes stay ``unknown()``."""
    if len(body) < 8 or body[4] not in (2, 3):
        return unknown()
    message = dissect_as(layer, sf.ICMPv6FMIPv6, body[:8])
    if message is None:
        problems.append("ICMPv6 FMIPv6: scapy could not dissect it")
        return unknown()
    subtype, name = body[4], sf.FMIPV6_SUBTYPES[body[4]]
    if hop_limit != 255:
        problems.append(f"RFC 5568 6.1: {name} with hop limit {hop_limit}, must be 255")
    if subtype == 2 and body[1]:
        problems.append(f"RFC 5568 6.1.1: {name} code {body[1]}, must be 0")
    options: list[f.LinkLayerAddressOption | f.IPAddressPrefixOption] = []
    offset = 8
    while offset + 2 <= len(body):
        kind, units = body[offset], body[offset + 1]
        if units == 0 or offset + 8 * units > len(body):
            problems.append(f"RFC 4861 4.6: {name} option type {kind} at offset {offset} has "
                            "a bad length")
            break
        value = body[offset + 2: offset + 8 * units]
        if kind == ND_LINK_LAYER_ADDRESS and units == 2:
            options.append(f.LinkLayerAddressOption(
                value[0], ":".join(f"{b:02x}" for b in value[1:7])))
        elif kind == ND_IP_ADDRESS_PREFIX and units == 3:
            options.append(f.IPAddressPrefixOption(value[0], IPv6Address(value[6:22]),
                                                   value[1]))
        offset += 8 * units
    identifier = int(message.id)
    if subtype == 2:
        return f.RouterSolicitationForProxy(identifier, tuple(options))
    return f.ProxyRouterAdvertisement(identifier, body[1], tuple(options))
