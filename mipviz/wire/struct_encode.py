"""Model → bytes with ``struct``, for the frames a simulation sends most (no scapy here).

The engine's scale scenarios spend most of their time building frames with scapy. This
module builds the common ones itself, octet for octet as :func:`mipviz.wire.encode._encode_frame`
builds them with scapy (``tests/test_wire_struct_codec.py`` compares the two on every frame of
every bundled lesson, on the scale scenario's frames and on Hypothesis-generated models):

* Ethernet II (RFC 2464) and the IPv6 header (RFC 8200 §3), IPv6-in-IPv6 (RFC 2473);
* the Type 2 Routing Header (RFC 6275 §6.4) and Destination Options holding Home Address
  (RFC 6275 §6.3) and Tunnel Encapsulation Limit (RFC 2473 §5.1) options, padded by
  :func:`mipviz.wire.layout.plan_padding` (RFC 8200 §4.2 alignment);
* the Mobility Header messages of RFC 6275 §6.1.2-6.1.9 with the options of §6.2 and RFC 3963
  §4.3, padded to their alignment (§6.2.1);
* ICMPv6 Echo (RFC 4443 §4.1), RS, RA, NS and NA with the options RFC 4861 §4.6 and RFC 6275
  §7.2-7.4 define (RA options in the scapy encoder's fixed order);
* UDP (RFC 768).

The upper-layer checksum is the one :func:`mipviz.wire.checksum.find_upper_layer_checksum`
expects (RFC 6275 pseudo-header: home address from the HAO, final destination from the RH2),
which is also what the scapy path ends up sending (it re-verifies scapy's checksum with the
same function and replaces it when scapy missed the HAO).

Anything else — another message, a model value the scapy path would refuse, a field of an
unexpected type — makes :func:`encode_frame` return None, and the caller builds the frame with
scapy, which also raises the ValueError naming the bad field. This module never raises for a
model it cannot build.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from ipaddress import IPv6Address, IPv6Network

from mipviz.model import messages as m
from mipviz.wire import layout
from mipviz.wire.checksum import find_upper_layer_checksum

_MAC_CHARS = frozenset("0123456789abcdef")
_CHECKSUM_OFFSET = {layout.MOBILITY_HEADER: 4, layout.ICMPV6: 2, layout.UDP: 6}


class _Unsupported(Exception):
    """The model is outside this encoder's subset: the scapy path builds it."""


def _need(condition: bool) -> None:
    if not condition:
        raise _Unsupported


def _uint(value: object, bits: int) -> int:
    # type() is int, not isinstance: a bool is an int to scapy too, but keep the subset tight
    if type(value) is not int or not 0 <= value < (1 << bits):
        raise _Unsupported
    return value


def _flag(value: object) -> int:
    if type(value) is not bool:
        raise _Unsupported
    return 1 if value else 0


def _address(value: object) -> bytes:
    if type(value) is not IPv6Address:
        raise _Unsupported
    return value.packed


def _mac(value: object) -> bytes:
    if type(value) is not str:
        raise _Unsupported
    octets = mac_octets(value)
    if octets is None:
        raise _Unsupported
    return octets


@lru_cache(maxsize=8192)
def mac_octets(text: str) -> bytes | None:
    """``aa:bb:cc:dd:ee:ff`` (lower case, as the scapy path requires) → 6 octets, else None.
    Memoised: a run has one MAC per interface, and checking the text was a visible cost."""
    parts = text.split(":")
    if len(parts) != 6 or not all(len(p) == 2 and set(p) <= _MAC_CHARS for p in parts):
        return None
    return bytes.fromhex("".join(parts))


def _octets(value: object, length: int) -> bytes:
    if type(value) is not bytes or len(value) != length:
        raise _Unsupported
    return value


def _lifetime(seconds: object) -> int:
    """RFC 6275 §6.1.7: seconds as 4-second units."""
    value = _uint(seconds, 32)
    _need(value <= layout.MAXIMUM_LIFETIME_SECONDS and value % 4 == 0)
    return value // 4


def _pad(count: int) -> bytes:
    return layout.padding_octets(count)


# --------------------------------------------------------------------------------------------
# Mobility Header (RFC 6275 §6.1-6.2, RFC 3963 §4.3)


def _mobility_option(option: object) -> tuple[bytes, tuple[int, int] | None]:
    """The option's octets (Type, Length, Data) and its alignment."""
    align = layout.MOBILITY_OPTION_ALIGNMENT
    if type(option) is m.BindingRefreshAdvice:
        data = struct.pack("!BBH", 2, 2, _lifetime(option.refresh_interval))
    elif type(option) is m.AlternateCareofAddress:
        data = b"\x03\x10" + _address(option.address)
    elif type(option) is m.NonceIndices:
        data = struct.pack("!BBHH", 4, 4, _uint(option.home_nonce_index, 16),
                           _uint(option.careof_nonce_index, 16))
    elif type(option) is m.BindingAuthorizationData:
        authenticator = option.authenticator
        _need(type(authenticator) is bytes and len(authenticator) <= 255)
        data = bytes((5, len(authenticator))) + authenticator
    elif type(option) is m.MobileNetworkPrefix:
        prefix = option.prefix
        if type(prefix) is not IPv6Network:
            raise _Unsupported
        data = bytes((6, 18, 0, prefix.prefixlen)) + prefix.network_address.packed
    else:
        raise _Unsupported
    return data, align[data[0]]


def _mobility_options(options: object, start: int) -> bytes:
    """Options from MH offset ``start`` with the padding §6.2.1 alignment asks for, padded to
    a multiple of 8 octets at the end."""
    if type(options) is not tuple:
        raise _Unsupported
    built = [_mobility_option(option) for option in options]
    pads, trailing = layout.plan_padding(start, [(align, len(data)) for data, align in built])
    out = b"".join(_pad(pad) + data for pad, (data, _) in zip(pads, built, strict=True))
    return out + _pad(trailing)


def mobility_header(message: object, checksum: int = 0) -> bytes:
    """The Mobility Header of ``message`` with ``checksum`` in its Checksum field.

    Raises :class:`_Unsupported` for a message outside the subset.
    """
    if type(message) is m.BindingUpdate:
        word = (0x8000 * _flag(message.acknowledge) + 0x4000 * _flag(message.home_registration)
                + 0x2000 * _flag(message.link_local_compatibility)
                + 0x1000 * _flag(message.key_management)
                + 0x0800 * _flag(message.map_registration)
                + 0x0400 * _flag(message.mobile_router)
                + 0x0200 * _flag(message.proxy_registration))
        body = struct.pack("!HHH", _uint(message.sequence, 16), word,
                           _lifetime(message.lifetime))
        mh_type = 5
    elif type(message) is m.BindingAcknowledgement:
        flags = (0x80 * _flag(message.key_management) + 0x40 * _flag(message.mobile_router)
                 + 0x20 * _flag(message.proxy_registration))
        body = struct.pack("!BBHH", _uint(message.status, 8), flags,
                           _uint(message.sequence, 16), _lifetime(message.lifetime))
        mh_type = 6
    elif type(message) is m.HomeTestInit:
        body, mh_type = b"\x00\x00" + _octets(message.home_init_cookie, 8), 1
    elif type(message) is m.CareofTestInit:
        body, mh_type = b"\x00\x00" + _octets(message.careof_init_cookie, 8), 2
    elif type(message) is m.HomeTest:
        body = (_uint(message.home_nonce_index, 16).to_bytes(2, "big")
                + _octets(message.home_init_cookie, 8) + _octets(message.home_keygen_token, 8))
        mh_type = 3
    elif type(message) is m.CareofTest:
        body = (_uint(message.careof_nonce_index, 16).to_bytes(2, "big")
                + _octets(message.careof_init_cookie, 8)
                + _octets(message.careof_keygen_token, 8))
        mh_type = 4
    elif type(message) is m.BindingRefreshRequest:
        body, mh_type = b"\x00\x00", 0
    elif type(message) is m.BindingError:
        body = bytes((_uint(message.status, 8), 0)) + _address(message.home_address)
        mh_type = 7
    else:
        raise _Unsupported
    start = 6 + len(body)
    _need(start == layout.MH_OPTIONS_OFFSET[mh_type])
    options = _mobility_options(message.options, start)
    end = start + len(options)
    _need(end <= 2048)
    return (bytes((layout.MH_PAYLOAD_PROTO, end // 8 - 1, mh_type, 0))
            + checksum.to_bytes(2, "big") + body + options)


def mobility_header_bytes(message: object) -> bytes | None:
    """:func:`mipviz.wire.encode.mobility_header_bytes` for the subset (checksum field 0), the
    octets RFC 6275 §5.2.6 authenticates; None outside the subset."""
    try:
        return mobility_header(message, 0)
    except _Unsupported:
        return None


# --------------------------------------------------------------------------------------------
# ICMPv6 (RFC 4443, RFC 4861, RFC 6275 §7)


def _link_layer_option(mac: object, option_type: int) -> bytes:
    return bytes((option_type, 1)) + _mac(mac)


def _prefix_information(option: object) -> bytes:
    if type(option) is not m.PrefixInformation:
        raise _Unsupported
    prefix = option.prefix
    if type(prefix) is not IPv6Network:
        raise _Unsupported
    router_address = _flag(option.router_address)
    address = option.address
    if router_address:
        if type(address) is not IPv6Address or address not in prefix:
            raise _Unsupported
        field = address.packed
    else:
        _need(address is None)
        field = prefix.network_address.packed
    flags = 0x80 * _flag(option.on_link) + 0x40 * _flag(option.autonomous) + 0x20 * router_address
    return (struct.pack("!BBBBIII", 3, 4, prefix.prefixlen, flags,
                        _uint(option.valid_lifetime, 32), _uint(option.preferred_lifetime, 32), 0)
            + field)


def _home_agent_information(option: object) -> bytes:
    if type(option) is not m.HomeAgentInformation:
        raise _Unsupported
    preference = option.preference
    _need(type(preference) is int and -32768 <= preference <= 32767)
    reserved = 0x8000 if _flag(option.mobile_router_support) else 0
    return struct.pack("!BBHHH", 8, 1, reserved, preference & 0xFFFF,
                       _uint(option.lifetime, 16))


def _router_advertisement(message: m.RouterAdvertisement) -> bytes:
    _need(message.map_options == ())
    flags = (0x80 * _flag(message.managed) + 0x40 * _flag(message.other)
             + 0x20 * _flag(message.home_agent))
    out = [struct.pack("!BBHBBHII", 134, 0, 0, _uint(message.cur_hop_limit, 8), flags,
                       _uint(message.router_lifetime, 16), _uint(message.reachable_time, 32),
                       _uint(message.retrans_timer, 32))]
    if message.source_link_layer is not None:
        out.append(_link_layer_option(message.source_link_layer, 1))
    _need(type(message.prefixes) is tuple)
    out += [_prefix_information(prefix) for prefix in message.prefixes]
    if message.advertisement_interval is not None:
        out.append(struct.pack("!BBHI", 7, 1, 0, _uint(message.advertisement_interval, 32)))
    if message.home_agent_information is not None:
        out.append(_home_agent_information(message.home_agent_information))
    return b"".join(out)


def icmpv6(message: object) -> bytes:
    """The ICMPv6 message with a zero checksum; raises :class:`_Unsupported` outside the subset."""
    if type(message) is m.EchoRequest or type(message) is m.EchoReply:
        data = message.data
        if type(data) is not bytes:
            raise _Unsupported
        return struct.pack("!BBHHH", 128 if type(message) is m.EchoRequest else 129, 0, 0,
                           _uint(message.identifier, 16), _uint(message.sequence, 16)) + data
    if type(message) is m.NeighborAdvertisement:
        flags = (0x80 * _flag(message.router) + 0x40 * _flag(message.solicited)
                 + 0x20 * _flag(message.override))
        out = struct.pack("!BBHB3x", 136, 0, 0, flags) + _address(message.target)
        if message.target_link_layer is not None:
            out += _link_layer_option(message.target_link_layer, 2)
        return out
    if type(message) is m.NeighborSolicitation:
        out = struct.pack("!BBHI", 135, 0, 0, 0) + _address(message.target)
        if message.source_link_layer is not None:
            out += _link_layer_option(message.source_link_layer, 1)
        return out
    if type(message) is m.RouterSolicitation:
        out = struct.pack("!BBHI", 133, 0, 0, 0)
        if message.source_link_layer is not None:
            out += _link_layer_option(message.source_link_layer, 1)
        return out
    if type(message) is m.RouterAdvertisement:
        return _router_advertisement(message)
    raise _Unsupported


# --------------------------------------------------------------------------------------------
# IPv6, extension headers, UDP (RFC 8200, RFC 6275 §6.3-6.4, RFC 2473)


def _destination_options(header: m.DestinationOptionsHeader, next_header: int) -> bytes:
    options = header.options
    _need(type(options) is tuple and len(options) > 0)
    built: list[tuple[bytes, tuple[int, int] | None]] = []
    for option in options:
        if type(option) is m.HomeAddressOption:
            built.append((b"\xc9\x10" + _address(option.home_address), (8, 6)))
        elif type(option) is m.TunnelEncapsulationLimit:
            built.append((bytes((layout.OPTION_TUNNEL_ENCAPSULATION_LIMIT, 1,
                                 _uint(option.limit, 8))), None))
        else:
            raise _Unsupported
    pads, trailing = layout.plan_padding(2, [(align, len(data)) for data, align in built])
    body = b"".join(_pad(pad) + data for pad, (data, _) in zip(pads, built, strict=True))
    body += _pad(trailing)
    end = 2 + len(body)
    _need(end <= 2048)
    return bytes((next_header, end // 8 - 1)) + body


def _payload(payload: object, depth: int) -> tuple[bytes, int]:
    """(octets, Next Header) of the upper layer, its checksum field zero."""
    if type(payload) is m.IPv6Packet:
        return _ipv6(payload, depth + 1), layout.IPV6_IN_IPV6
    if type(payload) is m.UDPDatagram:
        data = payload.payload
        if type(data) is not bytes:
            raise _Unsupported
        return (struct.pack("!HHHH", _uint(payload.source_port, 16),
                            _uint(payload.destination_port, 16), 8 + len(data), 0) + data,
                layout.UDP)
    try:
        return mobility_header(payload, 0), layout.MOBILITY_HEADER
    except _Unsupported:
        return icmpv6(payload), layout.ICMPV6


def _ipv6(packet: m.IPv6Packet, depth: int) -> bytes:
    _need(depth < 32)  # deeper nesting is left to scapy (and Python's recursion limit)
    upper, upper_next_header = _payload(packet.payload, depth)
    headers = packet.extension_headers
    if type(headers) is not tuple:
        raise _Unsupported
    numbers = [layout.ROUTING if type(h) is m.RoutingHeaderType2 else layout.DESTINATION_OPTIONS
               for h in headers] + [upper_next_header]
    chain: list[bytes] = []
    for index, header in enumerate(headers):
        if type(header) is m.RoutingHeaderType2:
            chain.append(struct.pack("!BBBBI", numbers[index + 1], 2, 2,
                                     _uint(header.segments_left, 8), 0)
                         + _address(header.home_address))
        elif type(header) is m.DestinationOptionsHeader:
            chain.append(_destination_options(header, numbers[index + 1]))
        else:
            raise _Unsupported
    chain.append(upper)
    body = b"".join(chain)
    _need(len(body) <= 0xFFFF)
    first_word = ((6 << 28) | (_uint(packet.traffic_class, 8) << 20)
                  | _uint(packet.flow_label, 20))
    return (struct.pack("!IHBB", first_word, len(body), numbers[0], _uint(packet.hop_limit, 8))
            + _address(packet.source) + _address(packet.destination) + body)


def ipv6_bytes(packet: object) -> bytes | None:
    """The IPv6 packet's octets with its innermost upper-layer checksum filled in, or None
    outside the subset."""
    if type(packet) is not m.IPv6Packet:
        return None
    try:
        data = bytearray(_ipv6(packet, 0))
    except (_Unsupported, struct.error):  # struct.error: a UDP length past 16 bits
        return None
    check = find_upper_layer_checksum(bytes(data))
    if check is None:  # every upper layer of the subset is checksummed: cannot happen
        return None
    field = check.offset + _CHECKSUM_OFFSET[check.protocol]
    data[field : field + 2] = check.expected.to_bytes(2, "big")
    return bytes(data)


def encode_frame(frame: object) -> bytes | None:
    """The frame's octets exactly as the scapy encoder builds them, or None outside the subset."""
    if type(frame) is not m.EthernetFrame:
        return None
    try:
        header = _mac(frame.destination_mac) + _mac(frame.source_mac) + b"\x86\xdd"
    except _Unsupported:
        return None
    packet = ipv6_bytes(frame.packet)
    return None if packet is None else header + packet
