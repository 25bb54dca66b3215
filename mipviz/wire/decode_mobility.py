"""Mobility Header octets → model (RFC 6275 §6.1-6.2, §9.2; RFC 3963 §4).

The receiver checks of RFC 6275 §9.2 that concern the format are reported here: Payload Proto
must be 59, Header Len must reach the minimum for the MH type (else the message is kept as an
:class:`UnknownMobilityMessage` with its octets), options must fit, have their defined lengths
and alignment, be valid for the message, and the Binding Authorization Data must come last.
The checksum is verified separately (:mod:`mipviz.wire.checksum`).
"""

from __future__ import annotations

from ipaddress import IPv6Network

from mipviz.model import messages as m
from mipviz.model.multihoming_messages import BINDING_IDENTIFIER
from mipviz.wire import _scapy as s
from mipviz.wire import fmipv6, hmip_pmip, layout, mobility_flags
from mipviz.wire._addresses import parse_address
from mipviz.wire._scapy import dissect_as
from mipviz.wire.encode_bid import decode_binding_identifier

_CLASSES: dict[int, type[s.Packet]] = {
    0: s.MIP6MH_BRR, 1: s.MIP6MH_HoTI, 2: s.MIP6MH_CoTI, 3: s.MIP6MH_HoT,
    4: s.MIP6MH_CoT, 5: s.MIP6MH_BU, 6: s.MIP6MH_BA, 7: s.MIP6MH_BE,
}
_OPTION_CLASSES: dict[int, type[s.Packet]] = {
    layout.BINDING_REFRESH_ADVICE: s.MIP6OptBRAdvice,
    layout.ALTERNATE_CAREOF_ADDRESS: s.MIP6OptAltCoA,
    layout.NONCE_INDICES: s.MIP6OptNonceIndices,
    layout.MOBILE_NETWORK_PREFIX: s.MIP6OptMobNetPrefix,
}
_SECTIONS = {0: "6.1.2", 1: "6.1.3", 2: "6.1.4", 3: "6.1.5", 4: "6.1.6", 5: "6.1.7",
             6: "6.1.8", 7: "6.1.9"}


def _reserved(problems: list[str], mh_type: int, what: str, value: int, width: int) -> None:
    if value:
        problems.append(
            f"RFC 6275 {_SECTIONS[mh_type]}: {m.MH_TYPE_NAMES[mh_type]} {what} "
            f"0x{value:0{width}x} not zero")


def decode_mobility_header(
    layer: s.Packet | None, body: bytes, problems: list[str]
) -> m.Payload:
    """The Mobility Header in ``body`` (the rest of the IPv6 payload) as a model message."""
    if len(body) < 6:
        problems.append(
            f"Mobility Header truncated: {len(body)} octets, the common header alone is 6")
        return m.UnknownPayload(layout.MOBILITY_HEADER, body)
    payload_proto, header_length, mh_type, reserved = body[0], body[1], body[2], body[3]
    length = 8 * (header_length + 1)
    name = m.MH_TYPE_NAMES.get(mh_type, f"MH type {mh_type}")
    if payload_proto != layout.MH_PAYLOAD_PROTO:
        problems.append(
            f"RFC 6275 6.1.1: {name} Payload Proto {payload_proto}, must be 59 "
            "(IPPROTO_NONE)")
    if reserved:
        problems.append(f"RFC 6275 6.1.1: {name} Reserved octet 0x{reserved:02x} not zero")
    if length > len(body):
        problems.append(
            f"{name}: Header Len {header_length} means {length} octets but only "
            f"{len(body)} are present")
    elif length < len(body):
        problems.append(
            f"{len(body) - length} octets after the {length}-octet Mobility Header")
        body = body[:length]
    if mh_type in fmipv6.MH_TYPES:  # RFC 5568
        return fmipv6.decode_mobility_header(
            layer, body, problems, lambda data: m.UnknownMobilityMessage(mh_type, data),
            lambda kind, value, offset, raw: _option(kind, value, offset, None, raw, mh_type,
                                                     problems))
    if mh_type not in _CLASSES:
        return m.UnknownMobilityMessage(mh_type, body[6:])
    minimum = layout.MH_MINIMUM_LENGTH[mh_type]
    if length < minimum:
        problems.append(
            f"RFC 6275 9.2: {name} Header Len {header_length} is below the minimum "
            f"{minimum // 8 - 1}")
        return m.UnknownMobilityMessage(mh_type, body[6:])
    if len(body) < minimum:
        return m.UnknownMobilityMessage(mh_type, body[6:])
    message = dissect_as(layer, _CLASSES[mh_type], body)
    if message is None:
        problems.append(f"{name}: scapy could not dissect it")
        return m.UnknownMobilityMessage(mh_type, body[6:])
    options = _mobility_options(message, body, mh_type, problems)
    return _message(message, mh_type, options, problems)


def _message(
    layer: s.Packet, mh_type: int, options: tuple[m.MobilityOption, ...], problems: list[str]
) -> m.MobilityMessage:
    if mh_type == 0:
        _reserved(problems, mh_type, "Reserved field", int(layer.res2), 4)
        return m.BindingRefreshRequest(options)
    if mh_type in (1, 2):
        _reserved(problems, mh_type, "Reserved field",
                  int.from_bytes(bytes(layer.reserved), "big"), 4)
        cookie = bytes(layer.cookie)
        if mh_type == 1:
            return m.HomeTestInit(cookie, options)
        return m.CareofTestInit(cookie, options)
    if mh_type in (3, 4):
        index, cookie, token = int(layer.index), bytes(layer.cookie), bytes(layer.token)
        if mh_type == 3:
            return m.HomeTest(index, cookie, token, options)
        return m.CareofTest(index, cookie, token, options)
    if mh_type == 5:
        return _binding_update(layer, options, problems)
    if mh_type == 6:
        return _binding_acknowledgement(layer, options, problems)
    _reserved(problems, mh_type, "Reserved field", int(layer.reserved), 2)
    return m.BindingError(int(layer.status), parse_address(layer.ha), options)


def _other_flags(problems: list[str], name: str, flags: int, known: dict[int, str],
                 reserved_mask: int, width: int) -> None:
    others = [label for mask, label in known.items() if flags & mask]
    if others:
        problems.append(f"{name} flags outside RFC 6275/3963 set, not interpreted: "
                        + ", ".join(others))
    if flags & reserved_mask:
        problems.append(f"{name} reserved flag bits 0x{flags & reserved_mask:0{width}x} "
                        "not zero")


def _binding_update(
    layer: s.Packet, options: tuple[m.MobilityOption, ...], problems: list[str]
) -> m.BindingUpdate:
    # scapy splits the 16-bit word at MH offset 8 into 7 flag bits (A H L K M R P) and 9 more.
    word = (int(layer.flags) << 9) | int(layer.reserved)
    _other_flags(problems, "Binding Update", word, layout.BU_FLAG_NAMES_OTHER, 0x003F, 4)
    return mobility_flags.binding_update(int(layer.seq), int(layer.mhtime), word, options)


def _binding_acknowledgement(
    layer: s.Packet, options: tuple[m.MobilityOption, ...], problems: list[str]
) -> m.BindingAcknowledgement:
    # scapy splits the octet at MH offset 7 into 3 flag bits (K R P) and 5 more.
    octet = (int(layer.flags) << 5) | int(layer.res2)
    _other_flags(problems, "Binding Acknowledgement", octet, layout.BA_FLAG_NAMES_OTHER,
                 0x07, 2)
    return mobility_flags.binding_acknowledgement(int(layer.status), int(layer.seq),
                                                  int(layer.mhtime), octet, options)


def _mobility_options(
    message: s.Packet, body: bytes, mh_type: int, problems: list[str]
) -> tuple[m.MobilityOption, ...]:
    """Walk the option TLVs (RFC 6275 §6.2.1) from the type's options offset to the MH end."""
    start = layout.MH_OPTIONS_OFFSET[mh_type]
    scapy_options: dict[int, s.Packet] = {}
    position = start
    for option in message.options:
        scapy_options[position] = option
        position += len(option.raw_packet_cache or b"")
    name = m.MH_TYPE_NAMES[mh_type]
    options: list[m.MobilityOption] = []
    offset, end = start, len(body)
    authorization_seen = False
    while offset < end:
        option_type = body[offset]
        if option_type == layout.MOBILITY_PAD1:
            offset += 1
            continue
        if offset + 2 > end:
            problems.append(
                f"{name}: mobility option type {option_type} at offset {offset} has no "
                "Length octet")
            options.append(m.UnknownMobilityOption(option_type, b""))
            break
        length = body[offset + 1]
        value = body[offset + 2 : offset + 2 + length]
        if offset + 2 + length > end:
            problems.append(
                f"{name}: mobility option type {option_type} at offset {offset} with length "
                f"{length} runs past the end of the Mobility Header ({end - offset - 2} "
                "octets left)")
            options.append(m.UnknownMobilityOption(option_type, value))
            break
        if option_type == layout.MOBILITY_PADN:
            if any(value):
                problems.append(f"{name}: PadN at offset {offset} carries non-zero octets")
        else:
            if authorization_seen:
                problems.append(
                    f"RFC 6275 6.2.7: Binding Authorization Data not the last option of the "
                    f"{name}")
                authorization_seen = False  # say it once
            option = _option(option_type, value, offset, scapy_options.get(offset),
                             body[offset : offset + 2 + length], mh_type, problems)
            options.append(option)
            authorization_seen = isinstance(option, m.BindingAuthorizationData)
        offset += 2 + length
    return tuple(options)


def _option(
    option_type: int, value: bytes, offset: int, candidate: s.Packet | None, raw: bytes,
    mh_type: int, problems: list[str],
) -> m.MobilityOption:
    if option_type == BINDING_IDENTIFIER:
        return decode_binding_identifier(value, offset, mh_type, problems)
    if option_type in hmip_pmip.OPTION_TYPES:  # RFC 5213 §8.3-8.8, RFC 4283 (PMIPv6)
        return hmip_pmip.decode_option(option_type, value, offset, mh_type, problems)
    if option_type not in layout.MOBILITY_OPTION_ALIGNMENT:
        return m.UnknownMobilityOption(option_type, value)
    option_name = layout.MOBILITY_OPTION_NAMES[option_type]
    section = layout.MOBILITY_OPTION_SECTION[option_type]
    expected = layout.MOBILITY_OPTION_LENGTH.get(option_type)
    if expected is not None and len(value) != expected:
        problems.append(f"{section}: {option_name} option length {len(value)}, must be "
                        f"{expected}")
        return m.UnknownMobilityOption(option_type, value)
    multiple, remainder = layout.MOBILITY_OPTION_ALIGNMENT[option_type]
    if offset % multiple != remainder:
        problems.append(f"{section}: {option_name} option at offset {offset} breaks its "
                        f"{multiple}n+{remainder} alignment")
    if mh_type not in layout.MOBILITY_OPTION_VALID_IN[option_type]:
        problems.append(f"RFC 6275 6.2: {option_name} option is not valid in a "
                        f"{m.MH_TYPE_NAMES[mh_type]}")
    if option_type == layout.BINDING_AUTHORIZATION_DATA:
        if len(value) == 12:
            bad = dissect_as(candidate, s.MIP6OptBindingAuthData, raw)
            if bad is not None:
                return m.BindingAuthorizationData(int(bad.authenticator).to_bytes(12, "big"))
        return m.BindingAuthorizationData(value)
    layer = dissect_as(candidate, _OPTION_CLASSES[option_type], raw)
    if layer is None:
        return m.UnknownMobilityOption(option_type, value)
    if option_type == layout.BINDING_REFRESH_ADVICE:
        return m.BindingRefreshAdvice(4 * int(layer.rinter))
    if option_type == layout.ALTERNATE_CAREOF_ADDRESS:
        return m.AlternateCareofAddress(parse_address(layer.acoa))
    if option_type == layout.NONCE_INDICES:
        return m.NonceIndices(int(layer.hni), int(layer.coni))
    return _mobile_network_prefix(layer, value, section, problems)


def _mobile_network_prefix(
    layer: s.Packet, value: bytes, section: str, problems: list[str]
) -> m.MobilityOption:
    prefix_length = int(layer.plen)
    if prefix_length > 128:
        problems.append(f"{section}: Mobile Network Prefix length {prefix_length} exceeds 128")
        return m.UnknownMobilityOption(layout.MOBILE_NETWORK_PREFIX, value)
    address = parse_address(layer.prefix)
    prefix = IPv6Network((address, prefix_length), strict=False)
    if prefix.network_address != address:
        problems.append(f"{section}: Mobile Network Prefix {address}/{prefix_length} has bits "
                        "set beyond its length")
    if int(layer.reserved):
        problems.append(f"{section}: Mobile Network Prefix Reserved octet not zero")
    return m.MobileNetworkPrefix(prefix)
