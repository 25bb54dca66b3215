"""Bytes → model with ``struct``, for frames in the exact form the encoder builds (no scapy).

A simulation decodes every frame it sends, and nearly all of them are well-formed frames of a
few kinds. :func:`decode_frame` reads such a frame itself and accepts its reading only when
:mod:`mipviz.wire.struct_encode` turns the model read back into **the very same octets**. That
test is what makes it safe to skip scapy's dissection:

* the octets are then exactly what the codec sends for that model (struct_encode is checked
  octet for octet against scapy), so every length, reserved field, padding octet and option
  alignment is the canonical one and the upper-layer checksum verifies: none of the decoder's
  format checks on those (RFC 8200 §4.2 PadN contents, RFC 6275 §6.2 alignment, §9.2 lengths,
  Reserved fields, unknown flags, RFC 4861 §4.6 option lengths) can fire;
* the checks that can fire on canonical octets — they depend on the values, not the layout —
  are made here, in the scapy decoder's order, with its sentences: Type 2 Routing Header
  Segments Left (RFC 6275 §6.4), how many Home Address options and where (§6.3, §6.1, through
  :mod:`mipviz.wire.decode_rules`), mobility options not valid in their message or after the
  Binding Authorization Data (§6.2, §6.2.7), Neighbor Discovery's Hop Limit 255 (RFC 4861
  §6.1-7.1), a Router Advertisement's link-local source, a Home Agent Lifetime of 0 and Home
  Agent Information without the H flag (RFC 6275 §7.4).

Anything else, or any octets that do not re-encode identically, returns None and the scapy
decoder (:mod:`mipviz.wire.decode`) reads the frame, problems and all.
``tests/test_wire_struct_codec.py`` checks that both decoders agree on every lesson frame, the
scale scenario's frames and Hypothesis-generated models and mutations.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv6Address, IPv6Network

from mipviz.model import messages as m
from mipviz.wire import decode_rules, layout, mobility_flags, struct_encode

MAXIMUM_TUNNEL_DEPTH = 16  # as mipviz.wire.decode: deeper nesting is the scapy path's problem


class _Unsupported(Exception):
    """Not a frame this reader handles: the scapy decoder reads it."""


def _need(condition: bool) -> None:
    if not condition:
        raise _Unsupported


@lru_cache(maxsize=8192)
def _mac(octets: bytes) -> str:
    return ":".join(f"{octet:02x}" for octet in octets)


def _u16(data: bytes, offset: int) -> int:
    return (data[offset] << 8) | data[offset + 1]


def _u32(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 4], "big")


# --------------------------------------------------------------------------------------------
# IPv6 and extension headers (RFC 8200 §3-4, RFC 6275 §6.3-6.4)


def _ipv6(data: bytes, start: int, end: int, depth: int, problems: list[str]) -> m.IPv6Packet:
    _need(end - start >= layout.IPV6_HEADER_LENGTH and data[start] >> 4 == 6)
    word = _u32(data, start)
    _need(start + layout.IPV6_HEADER_LENGTH + _u16(data, start + 4) == end)
    next_header, hop_limit = data[start + 6], data[start + 7]
    source = IPv6Address(data[start + 8 : start + 24])
    destination = IPv6Address(data[start + 24 : start + 40])
    offset = start + layout.IPV6_HEADER_LENGTH
    headers: list[m.ExtensionHeader] = []
    while next_header in (layout.ROUTING, layout.DESTINATION_OPTIONS):
        _need(offset + 8 <= end)
        length = 8 * (data[offset + 1] + 1)
        _need(offset + length <= end)
        header: m.ExtensionHeader
        if next_header == layout.ROUTING:
            _need(data[offset + 2] == layout.ROUTING_TYPE_2 and length == 24)
            decode_rules.segments_left(data[offset + 3], problems)
            header = m.RoutingHeaderType2(IPv6Address(data[offset + 8 : offset + 24]),
                                          data[offset + 3])
        else:
            header = _destination_options(data, offset, offset + length, headers, problems)
        headers.append(header)
        next_header = data[offset]
        offset += length
    payload = _payload(data, next_header, offset, end, start, depth, problems)
    decode_rules.placement(headers, payload, problems)
    return m.IPv6Packet(source, destination, payload, hop_limit, tuple(headers),
                        (word >> 20) & 0xFF, word & 0xFFFFF)


def _destination_options(data: bytes, start: int, end: int,
                         headers: list[m.ExtensionHeader],
                         problems: list[str]) -> m.DestinationOptionsHeader:
    options: list[m.DestinationOption] = []
    offset = start + 2
    while offset < end:
        option_type = data[offset]
        if option_type == layout.OPTION_PAD1:
            offset += 1
            continue
        _need(offset + 2 <= end)
        length = data[offset + 1]
        _need(offset + 2 + length <= end)
        if option_type == layout.OPTION_HOME_ADDRESS and length == 16:
            options.append(m.HomeAddressOption(IPv6Address(data[offset + 2 : offset + 18])))
        elif option_type == layout.OPTION_TUNNEL_ENCAPSULATION_LIMIT and length == 1:
            options.append(m.TunnelEncapsulationLimit(data[offset + 2]))
        else:
            _need(option_type == layout.OPTION_PADN)  # (its octets: the re-encoding checks)
        offset += 2 + length
    decode_rules.home_address_count(options, headers, problems)
    return m.DestinationOptionsHeader(tuple(options))


def _payload(data: bytes, next_header: int, offset: int, end: int, packet_start: int,
             depth: int, problems: list[str]) -> m.Payload:
    if next_header == layout.IPV6_IN_IPV6:
        _need(depth + 1 <= MAXIMUM_TUNNEL_DEPTH)
        return _ipv6(data, offset, end, depth + 1, problems)
    body = data[offset:end]
    if next_header == layout.MOBILITY_HEADER:
        return _mobility(body, problems)
    if next_header == layout.ICMPV6:
        return _icmpv6(body, data[packet_start + 7],
                       IPv6Address(data[packet_start + 8 : packet_start + 24]), problems)
    if next_header == layout.UDP:
        _need(len(body) >= 8 and _u16(body, 4) == len(body))
        return m.UDPDatagram(_u16(body, 0), _u16(body, 2), body[8:])
    raise _Unsupported


# --------------------------------------------------------------------------------------------
# Mobility Header (RFC 6275 §6.1-6.2, RFC 3963 §4.3)

_OPTION_LENGTH = {**layout.MOBILITY_OPTION_LENGTH}


def _mobility(body: bytes, problems: list[str]) -> m.MobilityMessage:
    _need(len(body) >= 8 and 8 * (body[1] + 1) == len(body))
    mh_type = body[2]
    _need(mh_type in layout.MH_OPTIONS_OFFSET and len(body) >= layout.MH_MINIMUM_LENGTH[mh_type])
    options = _mobility_options(body, mh_type, problems)
    if mh_type == 5:
        return mobility_flags.binding_update(_u16(body, 6), _u16(body, 10), _u16(body, 8),
                                             options)
    if mh_type == 6:
        return mobility_flags.binding_acknowledgement(body[6], _u16(body, 8), _u16(body, 10),
                                                      body[7], options)
    if mh_type == 1:
        return m.HomeTestInit(body[8:16], options)
    if mh_type == 2:
        return m.CareofTestInit(body[8:16], options)
    if mh_type == 3:
        return m.HomeTest(_u16(body, 6), body[8:16], body[16:24], options)
    if mh_type == 4:
        return m.CareofTest(_u16(body, 6), body[8:16], body[16:24], options)
    if mh_type == 0:
        return m.BindingRefreshRequest(options)
    return m.BindingError(body[6], IPv6Address(body[8:24]), options)


def _mobility_options(body: bytes, mh_type: int,
                      problems: list[str]) -> tuple[m.MobilityOption, ...]:
    """The option walk of :func:`mipviz.wire.decode_mobility._mobility_options` for options of
    their defined lengths (others are the scapy path's)."""
    name = m.MH_TYPE_NAMES[mh_type]
    options: list[m.MobilityOption] = []
    offset, end = layout.MH_OPTIONS_OFFSET[mh_type], len(body)
    authorization_seen = False
    while offset < end:
        option_type = body[offset]
        if option_type == layout.MOBILITY_PAD1:
            offset += 1
            continue
        _need(offset + 2 <= end)
        length = body[offset + 1]
        _need(offset + 2 + length <= end)
        value = body[offset + 2 : offset + 2 + length]
        offset += 2 + length
        if option_type == layout.MOBILITY_PADN:
            continue
        _need(option_type in layout.MOBILITY_OPTION_ALIGNMENT
              and _OPTION_LENGTH.get(option_type, length) == length)
        if authorization_seen:
            problems.append(
                f"RFC 6275 6.2.7: Binding Authorization Data not the last option of the "
                f"{name}")
            authorization_seen = False  # say it once
        if mh_type not in layout.MOBILITY_OPTION_VALID_IN[option_type]:
            problems.append(f"RFC 6275 6.2: {layout.MOBILITY_OPTION_NAMES[option_type]} "
                            f"option is not valid in a {name}")
        option: m.MobilityOption
        if option_type == layout.BINDING_AUTHORIZATION_DATA:
            option = m.BindingAuthorizationData(value)
            authorization_seen = True
        elif option_type == layout.BINDING_REFRESH_ADVICE:
            option = m.BindingRefreshAdvice(4 * _u16(value, 0))
        elif option_type == layout.ALTERNATE_CAREOF_ADDRESS:
            option = m.AlternateCareofAddress(IPv6Address(value))
        elif option_type == layout.NONCE_INDICES:
            option = m.NonceIndices(_u16(value, 0), _u16(value, 2))
        else:  # Mobile Network Prefix (RFC 3963 §4.3)
            _need(value[1] <= 128)
            option = m.MobileNetworkPrefix(
                IPv6Network((IPv6Address(value[2:18]), value[1]), strict=False))
        options.append(option)
    return tuple(options)


# --------------------------------------------------------------------------------------------
# ICMPv6 (RFC 4443, RFC 4861, RFC 6275 §7)

_ND = {133: ("6.1.1", "Router Solicitation", 8), 134: ("6.1.2", "Router Advertisement", 16),
       135: ("7.1.1", "Neighbor Solicitation", 24), 136: ("7.1.2", "Neighbor Advertisement", 24)}


def _icmpv6(body: bytes, hop_limit: int, source: IPv6Address,
            problems: list[str]) -> m.Payload:
    _need(len(body) >= 8)
    icmp_type = body[0]
    if icmp_type in (layout.ICMPV6_ECHO_REQUEST, layout.ICMPV6_ECHO_REPLY):
        model = m.EchoRequest if icmp_type == layout.ICMPV6_ECHO_REQUEST else m.EchoReply
        return model(_u16(body, 4), _u16(body, 6), body[8:])
    _need(icmp_type in _ND)
    section, name, minimum = _ND[icmp_type]
    _need(len(body) >= minimum)
    if hop_limit != 255:
        problems.append(f"RFC 4861 {section}: {name} with hop limit {hop_limit}, must be 255")
    options = _nd_options(body, minimum)
    link_layer = options.link_layer.get(layout.ND_SOURCE_LINK_LAYER_ADDRESS)
    if icmp_type == layout.ICMPV6_ROUTER_SOLICITATION:
        return m.RouterSolicitation(link_layer)
    if icmp_type == layout.ICMPV6_NEIGHBOR_SOLICITATION:
        return m.NeighborSolicitation(IPv6Address(body[8:24]), link_layer)
    if icmp_type == layout.ICMPV6_NEIGHBOR_ADVERTISEMENT:
        flags = body[4]
        return m.NeighborAdvertisement(
            IPv6Address(body[8:24]), router=bool(flags & 0x80), solicited=bool(flags & 0x40),
            override=bool(flags & 0x20),
            target_link_layer=options.link_layer.get(layout.ND_TARGET_LINK_LAYER_ADDRESS))
    if not source.is_link_local:
        problems.append(
            f"RFC 4861 6.1.2: Router Advertisement source {source} is not link-local")
    return _router_advertisement(body, options, problems)


class _NdOptions:
    """Where a message's ND options are: link-layer addresses as text, the offsets of the
    Prefix Information options, of the Advertisement Interval and Home Agent Information."""

    def __init__(self) -> None:
        self.link_layer: dict[int, str] = {}
        self.prefixes: list[int] = []
        self.offsets: dict[int, int] = {}


def _nd_options(body: bytes, start: int) -> _NdOptions:
    """The options in wire order; a second option of a kind that has one at most is left to
    the scapy path (the re-encoding would not give it back anyway)."""
    found = _NdOptions()
    offset, end = start, len(body)
    while offset < end:
        _need(offset + 2 <= end)
        option_type, units = body[offset], body[offset + 1]
        _need(units == layout.ND_OPTION_UNITS.get(option_type) and option_type != layout.ND_MAP
              and offset + 8 * units <= end)
        if option_type == layout.ND_PREFIX_INFORMATION:
            found.prefixes.append(offset)
        elif option_type in (layout.ND_SOURCE_LINK_LAYER_ADDRESS,
                             layout.ND_TARGET_LINK_LAYER_ADDRESS):
            _need(option_type not in found.link_layer)
            found.link_layer[option_type] = _mac(body[offset + 2 : offset + 8])
        else:
            _need(option_type not in found.offsets)
            found.offsets[option_type] = offset
        offset += 8 * units
    return found


def _router_advertisement(body: bytes, options: _NdOptions,
                          problems: list[str]) -> m.RouterAdvertisement:
    prefixes = []
    for offset in options.prefixes:
        length, flags = body[offset + 2], body[offset + 3]
        _need(length <= 128)
        field = IPv6Address(body[offset + 16 : offset + 32])
        router_address = bool(flags & 0x20)
        prefixes.append(m.PrefixInformation(
            prefix=IPv6Network((field, length), strict=False), on_link=bool(flags & 0x80),
            autonomous=bool(flags & 0x40), router_address=router_address,
            valid_lifetime=_u32(body, offset + 4), preferred_lifetime=_u32(body, offset + 8),
            address=field if router_address else None))
    interval = None
    at = options.offsets.get(layout.ND_ADVERTISEMENT_INTERVAL)
    if at is not None:
        interval = _u32(body, at + 4)
    home_agent = None
    at = options.offsets.get(layout.ND_HOME_AGENT_INFORMATION)
    if at is not None:
        preference, lifetime = _u16(body, at + 4), _u16(body, at + 6)
        if lifetime == 0:
            problems.append("RFC 6275 7.4: Home Agent Lifetime 0 must not be used")
        home_agent = m.HomeAgentInformation(
            preference=preference - 0x10000 if preference & 0x8000 else preference,
            lifetime=lifetime, mobile_router_support=bool(body[at + 2] & 0x80))
    flags = body[5]
    if home_agent is not None and not flags & 0x20:
        problems.append("RFC 6275 7.4: Home Agent Information option in a Router "
                        "Advertisement without the Home Agent (H) flag")
    return m.RouterAdvertisement(
        router_lifetime=_u16(body, 6), home_agent=bool(flags & 0x20),
        managed=bool(flags & 0x80), other=bool(flags & 0x40), cur_hop_limit=body[4],
        reachable_time=_u32(body, 8), retrans_timer=_u32(body, 12),
        source_link_layer=options.link_layer.get(layout.ND_SOURCE_LINK_LAYER_ADDRESS),
        prefixes=tuple(prefixes), advertisement_interval=interval,
        home_agent_information=home_agent)


# --------------------------------------------------------------------------------------------


def decode_frame(data: bytes) -> tuple[m.EthernetFrame, tuple[str, ...]] | None:
    """(model frame, problems) of an Ethernet II frame the encoder would send exactly so, or
    None: then only the scapy decoder may say what the octets are."""
    if len(data) < layout.ETHERNET_HEADER_LENGTH + layout.IPV6_HEADER_LENGTH \
            or data[12:14] != b"\x86\xdd":
        return None
    problems: list[str] = []
    try:
        packet = _ipv6(data, layout.ETHERNET_HEADER_LENGTH, len(data), 0, problems)
    except (_Unsupported, IndexError, ValueError):
        return None
    frame = m.EthernetFrame(_mac(data[6:12]), _mac(data[0:6]), packet)
    if struct_encode.encode_frame(frame) != data:
        return None
    return frame, tuple(problems)
