"""Bytes → model: scapy dissects, the decoder checks every length and converts to the model.

Octets in exactly the form the encoder builds are read by :mod:`mipviz.wire.struct_decode`
without scapy, with the same model and problems (``_decode``); everything else as below. The
entry point, :func:`decode_frame`, lives in the scapy-free :mod:`mipviz.wire.frame_decode`,
which imports this module only for octets ``struct`` declines.

:func:`decode_frame` never raises. The decoder locates each layer itself from the lengths on
the wire and checks them (a lying length must not derail it), takes the field values from
scapy's dissection of exactly those octets (:func:`mipviz.wire._scapy.dissect_as`) and turns
anything it cannot model faithfully into an ``Unknown*`` model holding the real octets. Each
malformation or departure from the RFCs becomes one human sentence in ``problems``, naming the
rule where there is one.

The innermost upper-layer checksum is verified by :mod:`mipviz.wire.checksum` (our own
one's-complement code with the RFC 6275 pseudo-header), never by asking scapy to recompute it
(PROTOCOL.md §23.1).
"""

from __future__ import annotations

from ipaddress import IPv6Address

from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire import decode_rules, layout
from mipviz.wire._addresses import parse_address
from mipviz.wire._scapy import dissect_as
from mipviz.wire.checksum import find_upper_layer_checksum
from mipviz.wire.decode_icmpv6 import decode_icmpv6
from mipviz.wire.decode_mobility import decode_mobility_header
from mipviz.wire.esp import decode_esp

# The entry points (struct first, this module's scapy reading on first need) and their memo
# caches live in mipviz.wire.frame_decode; re-exported so that both names reach one cache.
from mipviz.wire.frame_decode import (  # noqa: F401
    _NO_MAC,
    LINKTYPE_ETHERNET,
    _decode,
    _decode_cached,
    _decode_hop,
    _decode_hop_cached,
    _hop_invariant,
    _mac,
    _placeholder,
    decode_frame,
)

MAXIMUM_TUNNEL_DEPTH = 16
RAW_LINKTYPES = frozenset({101, 229})  # LINKTYPE_RAW, LINKTYPE_IPV6
_CHECKSUM_NAMES = {layout.MOBILITY_HEADER: "Mobility Header", layout.ICMPV6: "ICMPv6",
                   layout.UDP: "UDP", layout.TCP: "TCP"}


class _Decoder:
    """One frame's decoding: the frame's octets and the problems found so far."""

    def __init__(self, data: bytes, linktype: int) -> None:
        self.data = data
        self.linktype = linktype
        self.problems: list[str] = []

    # ----------------------------------------------------------------------------------------
    # Ethernet and IPv6 (RFC 8200 §3)

    def frame(self) -> m.EthernetFrame:
        data = self.data
        if self.linktype in RAW_LINKTYPES:
            return m.EthernetFrame(_NO_MAC, _NO_MAC, self.ipv6(None, data, depth=0))
        if self.linktype != LINKTYPE_ETHERNET:
            self.problems.append(f"link type {self.linktype} is neither Ethernet nor raw IP")
            return m.EthernetFrame(_NO_MAC, _NO_MAC, _placeholder(data))
        if len(data) < layout.ETHERNET_HEADER_LENGTH:
            self.problems.append(
                f"Ethernet frame of {len(data)} octets is shorter than its 14-octet header")
            return m.EthernetFrame(_NO_MAC, _NO_MAC, _placeholder(data))
        ethertype = int.from_bytes(data[12:14], "big")
        if ethertype != layout.ETHERTYPE_IPV6:
            self.problems.append(f"EtherType 0x{ethertype:04x} is not IPv6 (0x86dd)")
            return m.EthernetFrame(_mac(data[6:12]), _mac(data[0:6]), _placeholder(data[14:]))
        ether = dissect_as(None, s.Ether, data)  # scapy dissects the whole frame here
        source, destination = _mac(data[6:12]), _mac(data[0:6])
        if ether is not None:
            source, destination = str(ether.src), str(ether.dst)
        payload = None if ether is None else ether.payload
        packet = self.ipv6(payload, data[layout.ETHERNET_HEADER_LENGTH:], depth=0)
        return m.EthernetFrame(source, destination, packet)

    def ipv6(self, candidate: s.Packet | None, data: bytes, depth: int) -> m.IPv6Packet:
        """One IPv6 packet (the outer one at depth 0) and, recursively, what it carries."""
        where = "IPv6" if depth == 0 else f"inner IPv6 (tunnel level {depth})"
        if len(data) < layout.IPV6_HEADER_LENGTH:
            self.problems.append(
                f"{where} header truncated: {len(data)} of 40 octets present")
            return _placeholder(data)
        if data[0] >> 4 != 6:
            self.problems.append(f"{where} header has IP version {data[0] >> 4}, not 6")
            return _placeholder(data)
        header = dissect_as(candidate, s.IPv6, data)
        payload_length = int.from_bytes(data[4:6], "big")
        present = len(data) - layout.IPV6_HEADER_LENGTH
        if payload_length > present:
            self.problems.append(
                f"{where} payload length {payload_length} but {present} octets present")
        elif payload_length < present:
            extra = present - payload_length
            ethernet_padding = (depth == 0 and self.linktype == LINKTYPE_ETHERNET
                                and len(self.data) <= layout.ETHERNET_MINIMUM_FRAME)
            if not ethernet_padding:
                self.problems.append(
                    f"{extra} octets after the {where} packet (payload length "
                    f"{payload_length})")
        end = layout.IPV6_HEADER_LENGTH + min(payload_length, present)
        if header is None:  # scapy refused; the fixed header is simple enough to read here
            source, destination = IPv6Address(data[8:24]), IPv6Address(data[24:40])
            hop_limit = data[7]
            traffic_class = (int.from_bytes(data[0:2], "big") >> 4) & 0xFF
            flow_label = int.from_bytes(data[1:4], "big") & 0xFFFFF
            next_layer: s.Packet | None = None
        else:
            source, destination = parse_address(header.src), parse_address(header.dst)
            hop_limit, traffic_class, flow_label = int(header.hlim), int(header.tc), int(header.fl)
            next_layer = header.payload
        extension_headers, payload = self.chain(next_layer, data, data[6], 40, end, depth)
        return m.IPv6Packet(
            source=source, destination=destination, payload=payload, hop_limit=hop_limit,
            extension_headers=extension_headers, traffic_class=traffic_class,
            flow_label=flow_label)

    def chain(
        self, layer: s.Packet | None, data: bytes, next_header: int, offset: int, end: int,
        depth: int,
    ) -> tuple[tuple[m.ExtensionHeader, ...], m.Payload]:
        """The extension headers the model knows, then the payload (RFC 8200 §4.1 order)."""
        headers: list[m.ExtensionHeader] = []
        while next_header in (layout.ROUTING, layout.DESTINATION_OPTIONS):
            found = self.extension_header(layer, data, next_header, offset, end, headers)
            if found is None:
                return tuple(headers), m.UnknownPayload(next_header, data[offset:end])
            header, layer, next_header, offset = found
            headers.append(header)
        payload = self.payload(layer, data, next_header, offset, end, depth)
        self.check_mobility_headers(headers, payload)
        return tuple(headers), payload

    def payload(
        self, layer: s.Packet | None, data: bytes, next_header: int, offset: int, end: int,
        depth: int,
    ) -> m.Payload:
        body = data[offset:end]
        if next_header == layout.IPV6_IN_IPV6:
            if depth + 1 > MAXIMUM_TUNNEL_DEPTH:
                self.problems.append(
                    f"more than {MAXIMUM_TUNNEL_DEPTH} nested IPv6-in-IPv6 headers: "
                    "the rest is not decoded")
                return m.UnknownPayload(next_header, body)
            return self.ipv6(layer, body, depth + 1)
        if next_header == layout.MOBILITY_HEADER:
            return decode_mobility_header(layer, body, self.problems)
        if next_header == layout.MOBILITY_HEADER_DRAFT:
            self.problems.append(
                "next header 62 is the pre-standard Mobility Header number (RFC 6275 assigns "
                "135); decoded as a Mobility Header, checksum not verified")
            return decode_mobility_header(None, body, self.problems)
        if next_header == layout.ICMPV6:
            return decode_icmpv6(layer, body, data[7], IPv6Address(data[8:24]), self.problems)
        if next_header == layout.UDP:
            return self.udp(layer, body)
        if next_header == layout.ESP:
            return decode_esp(body, self.problems)
        return m.UnknownPayload(next_header, body)

    # ----------------------------------------------------------------------------------------
    # Extension headers (RFC 8200 §4, RFC 6275 §6.3-6.4)

    def extension_header(
        self, layer: s.Packet | None, data: bytes, next_header: int, offset: int, end: int,
        headers: list[m.ExtensionHeader],
    ) -> tuple[m.ExtensionHeader, s.Packet | None, int, int] | None:
        """(model header, scapy's next layer, next header, next offset), or None if unmodelled."""
        name = "Routing header" if next_header == layout.ROUTING else "Destination Options header"
        if offset + 8 > end:
            self.problems.append(f"{name} truncated: {end - offset} octets present")
            return None
        length = 8 * (data[offset + 1] + 1)
        if offset + length > end:
            self.problems.append(
                f"{name} of {length} octets runs past the end of the packet "
                f"({end - offset} octets left)")
            return None
        raw = data[offset : offset + length]
        if next_header == layout.ROUTING:
            header: m.ExtensionHeader | None = self.routing_header(layer, raw)
            cls: type[s.Packet] = s.IPv6ExtHdrRouting
        else:
            header = self.destination_options(layer, raw, headers)
            cls = s.IPv6ExtHdrDestOpt
        if header is None:
            return None
        scapy_header = dissect_as(layer, cls, data[offset:end])
        following = None if scapy_header is None else scapy_header.payload
        return header, following, data[offset], offset + length

    def routing_header(self, layer: s.Packet | None, raw: bytes) -> m.RoutingHeaderType2 | None:
        routing_type, segments_left = raw[2], raw[3]
        if routing_type != layout.ROUTING_TYPE_2:
            if routing_type == 0:
                self.problems.append("RFC 5095: Type 0 Routing Header is deprecated")
            return None  # not modelled: the rest of the packet stays raw
        if raw[1] != layout.ROUTING_TYPE_2_HEADER_EXTENSION_LENGTH:
            self.problems.append(
                f"RFC 6275 6.4: Type 2 Routing Header Hdr Ext Len {raw[1]}, must be 2")
            return None
        decode_rules.segments_left(segments_left, self.problems)
        reserved = int.from_bytes(raw[4:8], "big")
        if reserved:
            self.problems.append(
                f"RFC 6275 6.4: Type 2 Routing Header Reserved field 0x{reserved:08x} not zero")
        scapy_header = dissect_as(layer, s.IPv6ExtHdrRouting, raw)
        if scapy_header is not None and len(scapy_header.addresses) == 1:
            home_address = parse_address(scapy_header.addresses[0])
        else:
            home_address = IPv6Address(raw[8:24])
        return m.RoutingHeaderType2(home_address, segments_left)

    def destination_options(
        self, layer: s.Packet | None, raw: bytes, headers: list[m.ExtensionHeader]
    ) -> m.DestinationOptionsHeader:
        scapy_header = dissect_as(layer, s.IPv6ExtHdrDestOpt, raw)
        scapy_options: dict[int, s.Packet] = {}
        if scapy_header is not None:
            position = 2
            for option in scapy_header.options:
                scapy_options[position] = option
                position += len(option.raw_packet_cache or b"")
        options: list[m.DestinationOption] = []
        offset, end = 2, len(raw)
        while offset < end:
            option_type = raw[offset]
            if option_type == layout.OPTION_PAD1:
                offset += 1
                continue
            if offset + 2 > end:
                self.problems.append(
                    f"Destination option type 0x{option_type:02x} at offset {offset} has no "
                    "Length octet")
                options.append(m.UnknownDestinationOption(option_type, b""))
                break
            length = raw[offset + 1]
            value = raw[offset + 2 : offset + 2 + length]
            if offset + 2 + length > end:
                self.problems.append(
                    f"Destination option type 0x{option_type:02x} at offset {offset} with "
                    f"length {length} runs past the end of its header "
                    f"({end - offset - 2} octets left)")
                options.append(m.UnknownDestinationOption(option_type, value))
                break
            option = self.destination_option(
                option_type, value, offset, scapy_options.get(offset), raw)
            if option is not None:
                options.append(option)
            offset += 2 + length
        decode_rules.home_address_count(options, headers, self.problems)
        return m.DestinationOptionsHeader(tuple(options))

    def destination_option(
        self, option_type: int, value: bytes, offset: int, candidate: s.Packet | None,
        raw: bytes,
    ) -> m.DestinationOption | None:
        if option_type == layout.OPTION_PADN:
            if any(value):
                self.problems.append(
                    f"RFC 8200 4.2: PadN at offset {offset} of a Destination Options header "
                    "carries non-zero octets")
            return None
        if option_type == layout.OPTION_HOME_ADDRESS:
            if len(value) != layout.HOME_ADDRESS_OPTION_LENGTH:
                self.problems.append(
                    f"RFC 6275 6.3: Home Address option length {len(value)}, must be 16")
                return m.UnknownDestinationOption(option_type, value)
            if offset % 8 != 6:
                self.problems.append(
                    f"RFC 6275 6.3: Home Address option at offset {offset} of its header "
                    "breaks its 8n+6 alignment")
            option = dissect_as(candidate, s.HAO, raw[offset : offset + 18])
            home = parse_address(option.hoa) if option is not None else IPv6Address(value)
            return m.HomeAddressOption(home)
        if option_type == layout.OPTION_TUNNEL_ENCAPSULATION_LIMIT:
            if len(value) != layout.TUNNEL_ENCAPSULATION_LIMIT_LENGTH:
                self.problems.append(
                    f"RFC 2473 5.1: Tunnel Encapsulation Limit option length {len(value)}, "
                    "must be 1")
                return m.UnknownDestinationOption(option_type, value)
            return m.TunnelEncapsulationLimit(value[0])
        return m.UnknownDestinationOption(option_type, value)

    def check_mobility_headers(
        self, headers: list[m.ExtensionHeader], payload: m.Payload
    ) -> None:
        """RFC 6275 §6.1 and §6.3 placement rules for the HAO and the Type 2 Routing Header."""
        decode_rules.placement(headers, payload, self.problems)

    # ----------------------------------------------------------------------------------------
    # UDP (RFC 768, RFC 8200 §8.1)

    def udp(self, layer: s.Packet | None, body: bytes) -> m.Payload:
        if len(body) < 8:
            self.problems.append(f"UDP header truncated: {len(body)} of 8 octets present")
            return m.UnknownPayload(layout.UDP, body)
        length = int.from_bytes(body[4:6], "big")
        if length < 8 or length > len(body):
            self.problems.append(f"UDP length {length} but {len(body)} octets present")
            length = len(body) if length > len(body) else 8
        elif length < len(body):
            self.problems.append(
                f"UDP length {length} but the IPv6 payload holds {len(body)} octets")
        datagram = dissect_as(layer, s.UDP, body)
        if datagram is None:
            ports = int.from_bytes(body[0:2], "big"), int.from_bytes(body[2:4], "big")
        else:
            ports = int(datagram.sport), int(datagram.dport)
        return m.UDPDatagram(ports[0], ports[1], body[8:length])


def scapy_decode(data: bytes, linktype: int) -> m.DecodedFrame:
    """The frame and its verdicts, read with scapy: any octets, in any form (the reference the
    ``struct`` decoder is compared against). :func:`mipviz.wire.frame_decode._decode` calls this
    for every frame :mod:`mipviz.wire.struct_decode` declines."""
    decoder = _Decoder(data, linktype)
    frame = decoder.frame()
    problems = decoder.problems
    checksum_ok: bool | None = None
    if linktype in RAW_LINKTYPES:
        packet: bytes | None = data
    elif linktype == LINKTYPE_ETHERNET and data[12:14] == layout.ETHERTYPE_IPV6.to_bytes(2, "big"):
        packet = data[layout.ETHERNET_HEADER_LENGTH:]
    else:
        packet = None
    if packet is not None:
        check = find_upper_layer_checksum(packet)
        if check is not None:
            checksum_ok = check.ok
            name = _CHECKSUM_NAMES[check.protocol]
            if check.protocol == layout.UDP and check.found == 0:
                problems.append(
                    "RFC 8200 8.1: UDP checksum 0 (none) is not allowed over IPv6")
            elif not checksum_ok:
                problems.append(
                    f"{name} checksum 0x{check.found:04x} wrong "
                    f"(expected 0x{check.expected:04x})")
    return m.DecodedFrame(frame, checksum_ok, tuple(problems))
