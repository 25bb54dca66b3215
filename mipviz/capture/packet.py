"""The light parse of one frame: find the IPv6 packet and walk its header chain (no scapy).

The walk follows RFC 8200 §4: Hop-by-Hop (0), Routing (43), Fragment (44), Destination
Options (60) and AH (51) headers, then IPv6-in-IPv6 (41, RFC 2473) into the inner packet, as
deep as the tunnels nest, to the innermost upper layer. On the way it notes what Mobile IPv6
puts in the chain:

* the Home Address option (RFC 6275 §6.3: Destination Options, type 201, length 16, 8n+6
  alignment, at most one per packet);
* the Type 2 Routing Header (RFC 6275 §6.4: Hdr Ext Len 2, Segments Left 1, one address);
* pre-RFC 3775 Binding Update/Acknowledgement/Request destination options (types 198, 7, 8 of
  draft-ietf-mobileip-ipv6 before the Mobility Header existed);
* the pseudo-header addresses the receiver uses for the upper-layer checksum: the home address
  from the HAO as source, the final destination of a routing header (the RH2's home address)
  as destination (RFC 6275 §6.1.1, §6.3, §6.4; RFC 8200 §8.1).

ESP (RFC 4303) is walked into when it uses NULL encryption (RFC 2410), found as Wireshark's
heuristic finds it (:mod:`~mipviz.capture.esp`): RFC 6275 §5.1 and RFC 3776 send BU/BA and
HoTI/HoT between mobile node and home agent in ESP. An IPv4 packet is walked only when it
carries PMIPv6 signalling in UDP port 5436 (RFC 5844 §4, :mod:`~mipviz.capture.ipv4`).

Every length is checked against the octets present, so a lying length is reported and never
read past. The walk never raises; what it cannot make sense of becomes a problem sentence that
names the rule, and everything it could read before that is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mipviz.capture.esp import EspHeader, read_esp
from mipviz.capture.ipv4 import Ipv4Transport, carries_mobility, walk_ipv4
from mipviz.capture.linklayer import Ipv4Packet, Malformed, find_ipv6
from mipviz.capture.says import say

# IPv6 Next Header values: the codec's table (mipviz.wire.layout is scapy-free), not a copy.
from mipviz.wire.layout import (
    AUTHENTICATION_HEADER,
    DESTINATION_OPTIONS,
    ESP,
    FRAGMENT,
    HOP_BY_HOP,
    ICMPV6,
    IPV6_IN_IPV6,
    MOBILITY_HEADER,
    MOBILITY_HEADER_DRAFT,
    NO_NEXT_HEADER,
    ROUTING,
    TCP,
    UDP,
)

if TYPE_CHECKING:
    from mipviz.capture.esp_sa import EspKeyring

_IP_VERSION = say("capture.ip.version")
_IPV6_CUT_SHORT = say("capture.ip.cut_short")
_PAYLOAD_LENGTH = say("capture.ip.payload_length")
_EXTENSION_CUT_SHORT = say("capture.ip.extension_cut_short")
_EXTENSION_PAST_END = say("capture.ip.extension_past_end")
_TUNNEL_DEPTH = say("capture.ip.tunnel_depth")
_OPTION_CUT_SHORT = say("capture.ip.option_cut_short")
_OPTION_PAST_END = say("capture.ip.option_past_end")
_HAO_LENGTH = say("capture.ip.hao_length")
_DRAFT_OPTION = say("capture.ip.draft_option")
_RH2_LENGTH = say("capture.ip.rh2_length")
_RH2_SEGMENTS = say("capture.ip.rh2_segments")
_RULES = {name: say(f"capture.ip.{name}")() for name in (
    "hop_by_hop_not_first", "hao_in_hop_by_hop", "hao_alignment", "hao_not_unicast", "hao_twice",
    "type_0")}

IPV4_IN_IPV6 = 4
MOBILITY_PROTOCOLS = frozenset({MOBILITY_HEADER, MOBILITY_HEADER_DRAFT})
OPTION_HOME_ADDRESS = 0xC9
OPTION_TUNNEL_ENCAPSULATION_LIMIT = 4
MAXIMUM_TUNNEL_DEPTH = 16
# DHAAD, Mobile Prefix Discovery, FMIPv6 and Router Advertisements (RFC 6275 §6.5-6.8, §7.1)
_MOBILITY_ICMPV6_TYPES = frozenset({134, 144, 145, 146, 147, 154})
# ESP is walked: NULL encryption (RFC 2410) shows the signalling inside (mipviz.capture.esp)
_PLAIN_PROTOCOLS = frozenset({TCP, UDP, NO_NEXT_HEADER})

_EXTENSION_HEADERS = frozenset({HOP_BY_HOP, ROUTING, FRAGMENT, DESTINATION_OPTIONS,
                                AUTHENTICATION_HEADER})
EXTENSION_HEADER_NAMES = {
    HOP_BY_HOP: "Hop-by-Hop Options", ROUTING: "Routing", FRAGMENT: "Fragment",
    DESTINATION_OPTIONS: "Destination Options", AUTHENTICATION_HEADER: "Authentication",
}
# draft-ietf-mobileip-ipv6-13..17 carried binding messages as destination options.
DRAFT_DESTINATION_OPTIONS = {
    0xC6: "Binding Update", 0x07: "Binding Acknowledgement", 0x08: "Binding Request",
}


class PacketView:
    """What the light parse found in one frame. Addresses are 16-octet ``bytes``.

    ``layers`` holds ``(source, destination, hop limit)`` of each IPv6 header, outermost
    first, so ``tunnel`` is ``len(layers) - 1``. ``protocol`` is the innermost upper-layer
    protocol number (None when the walk could not reach it), ``upper_offset``/``upper_end``
    delimit it in the frame, and ``pseudo_source``/``pseudo_destination`` are the addresses
    its checksum pseudo-header uses.
    """

    __slots__ = (
        "draft_options", "esp", "fragment", "home_address", "home_address_options",
        "ip_offset", "ipv4", "layers", "note", "plain",
        "problems", "protocol", "pseudo_destination", "pseudo_source", "routing_address",
        "routing_segments_left", "truncated", "upper_end", "upper_offset",
    )

    def __init__(self) -> None:
        self.ip_offset = -1
        self.note: str | None = None
        self.layers: list[tuple[bytes, bytes, int]] = []
        self.home_address: bytes | None = None
        self.home_address_options = 0
        self.routing_address: bytes | None = None
        self.routing_segments_left = 0
        self.protocol: int | None = None
        self.upper_offset = 0
        self.upper_end = 0
        self.pseudo_source = b""
        self.pseudo_destination = b""
        self.problems: list[str] = []
        self.fragment = False
        self.draft_options: list[str] = []
        self.truncated = False  # the capture kept less than the frame (snapshot length)
        self.esp: EspHeader | None = None  # the outermost ESP header (RFC 4303)
        self.ipv4: Ipv4Transport | None = None  # IPv4 UDP transport (RFC 5844)
        # with an SA table: the frame with the ESP payload decrypted in place of what
        # follows the ESP header; the upper-layer offsets then point into it, not the frame
        self.plain: bytes | None = None

    @property
    def tunnel(self) -> int:
        return max(len(self.layers) - 1, 0)

    def upper_type(self, data: bytes) -> int | None:
        """The MH type or ICMPv6 type of the innermost upper layer, when present."""
        if self.protocol in MOBILITY_PROTOCOLS:
            index = self.upper_offset + 2
        elif self.protocol == ICMPV6:
            index = self.upper_offset
        else:
            return None
        return data[index] if index < self.upper_end else None


def parse_frame(linktype: int, data: bytes, original_length: int = 0,
                keys: EspKeyring | None = None) -> PacketView:
    """Find the IPv6 packet in a frame of ``linktype`` and walk it (see the module docstring).

    ``original_length`` is the frame's length on the wire when the capture kept less of it
    (its snapshot length): a packet longer than what was kept is then not reported as lying.
    """
    view = PacketView()
    offset, note = find_ipv6(linktype, data)
    if offset < 0:
        view.note = note
        if isinstance(note, Malformed):
            view.problems.append(note)
        elif isinstance(note, Ipv4Packet):  # PMIPv6 over IPv4 (RFC 5844), else left alone
            walk_ipv4(view, data, note.offset, max(original_length, len(data)), _walk)
        return view
    view.ip_offset = offset
    view.truncated = original_length > len(data)
    _walk(view, data, offset, max(original_length, len(data)), keys)
    return view


def _walk(view: PacketView, data: bytes, start: int, original_end: int,
          keys: EspKeyring | None = None) -> None:
    end = len(data)
    problems = view.problems
    layers = view.layers
    while True:
        if end - start < 40:
            if start < end and data[start] >> 4 != 6:
                problems.append(_IP_VERSION(version=data[start] >> 4))
            else:
                problems.append(_IPV6_CUT_SHORT(present=end - start))
            return
        if data[start] >> 4 != 6:
            problems.append(_IP_VERSION(version=data[start] >> 4))
            return
        payload_length = (data[start + 4] << 8) | data[start + 5]
        next_header = data[start + 6]
        source = data[start + 8 : start + 24]
        destination = data[start + 24 : start + 40]
        layers.append((source, destination, data[start + 7]))
        packet_end = start + 40 + payload_length
        if packet_end > end:
            if packet_end <= original_end:
                pass  # the capture's snapshot length cut it; the packet itself is fine
            elif not (payload_length == 0 and next_header == HOP_BY_HOP):  # jumbogram
                problems.append(_PAYLOAD_LENGTH(length=payload_length, present=end - start - 40))
        else:
            end = packet_end  # octets after it are link-layer padding or a trailer
        offset = start + 40
        first_header = True
        while next_header in _EXTENSION_HEADERS:
            if offset + 2 > end:
                if not view.truncated:
                    problems.append(_EXTENSION_CUT_SHORT(name=EXTENSION_HEADER_NAMES[next_header],
                                                         present=end - offset))
                return
            if next_header == FRAGMENT:
                length = 8
            elif next_header == AUTHENTICATION_HEADER:
                length = (data[offset + 1] + 2) * 4  # RFC 4302 §2.2
            else:
                length = (data[offset + 1] + 1) * 8
            header_end = offset + length
            complete = header_end <= end
            if not complete and not (view.truncated and header_end <= original_end):
                problems.append(_EXTENSION_PAST_END(name=EXTENSION_HEADER_NAMES[next_header],
                                                    length=length, present=end - offset))
            limit = header_end if complete else end
            if next_header in (DESTINATION_OPTIONS, HOP_BY_HOP):
                if next_header == HOP_BY_HOP and not first_header:
                    problems.append(_RULES["hop_by_hop_not_first"])
                home = _options(view, data, offset, limit, next_header == HOP_BY_HOP,
                                complete or not view.truncated)
                if home is not None:
                    source = home
            elif next_header == ROUTING:
                final = _routing(view, data, offset, limit, length)
                if final is not None:
                    destination = final
            elif next_header == FRAGMENT and complete:
                fragment_offset = ((data[offset + 2] << 8) | data[offset + 3]) >> 3
                if fragment_offset or data[offset + 3] & 1:
                    view.fragment = True
                if fragment_offset:  # not the first fragment: no upper-layer header here
                    view.protocol = data[offset]
                    view.upper_offset = view.upper_end = end
                    return
            if not complete:
                return
            next_header = data[offset]
            offset = header_end
            first_header = False
        if next_header == ESP:
            esp = read_esp(data, offset, end, len(layers) - 1, not view.truncated)
            if view.esp is None:
                view.esp = esp
            if esp.next_header is not None:  # NULL encryption: walk on into the payload
                next_header, offset, end = esp.next_header, offset + 8, esp.payload_end
            elif keys is not None and esp.spi is not None and not view.truncated:
                from mipviz.capture.esp_open import Opened, open_esp  # only with an SA table

                opened = open_esp(keys, data, offset, end, *layers[-1][:2])
                esp.opened = opened
                if isinstance(opened, Opened):  # walk on into the decrypted payload
                    data = view.plain = data[: offset + 8] + opened.payload
                    next_header, offset, end = opened.next_header, offset + 8, len(data)
        if next_header == IPV6_IN_IPV6:
            if len(layers) > MAXIMUM_TUNNEL_DEPTH:
                problems.append(_TUNNEL_DEPTH(depth=MAXIMUM_TUNNEL_DEPTH))
                return
            start = offset
            continue
        view.protocol = next_header
        view.upper_offset = offset
        view.upper_end = end
        view.pseudo_source = source
        view.pseudo_destination = destination
        return


SKIP, WALK, PLAIN_TUNNEL = 0, 1, 2


def classify(linktype: int, data: bytes) -> tuple[int, int]:
    """A cheap first look for indexing: ``(SKIP, -1)`` for frames that surely carry no
    mobility signalling, Home Address option, Type 2 Routing Header or tunnel (plain TCP, UDP,
    ordinary ICMPv6, IPv4 but for PMIPv6's UDP port, not IP at all); ``(PLAIN_TUNNEL,
    offset)`` for IPv6-in-IPv6 whose inner packet is such a plain one (its four addresses are
    at fixed offsets); otherwise ``(WALK, offset)``: the frame needs :func:`parse_frame`
    (``(WALK, -1)`` for IPv4 carrying PMIPv6 signalling, RFC 5844, which has no IPv6 header
    at a fixed place)."""
    # untagged Ethernet is the usual case: skip the general link-layer lookup for it
    ethernet = linktype == 1 and data[12:14] == b"\x86\xdd"
    if ethernet:
        offset = 14
    elif linktype == 276 and data[:2] == b"\x86\xdd" and len(data) >= 20:
        offset = 20  # Linux cooked v2 carrying IPv6, as find_ipv6 finds it
    else:
        offset, note = find_ipv6(linktype, data)
        if offset < 0 and isinstance(note, Ipv4Packet) and carries_mobility(data, note.offset):
            return WALK, -1
    if offset < 0 or len(data) < offset + 40:
        return SKIP, -1
    next_header = data[offset + 6]
    if next_header == IPV6_IN_IPV6 and len(data) >= offset + 81:
        inner = data[offset + 46]
        if inner in _PLAIN_PROTOCOLS or (inner == ICMPV6
                                         and data[offset + 80] not in _MOBILITY_ICMPV6_TYPES):
            return PLAIN_TUNNEL, offset
        return WALK, offset
    if next_header == ICMPV6:
        if len(data) <= offset + 40 or data[offset + 40] in _MOBILITY_ICMPV6_TYPES:
            return WALK, offset
        return SKIP, -1
    return (SKIP, -1) if next_header in _PLAIN_PROTOCOLS else (WALK, offset)


def packet_key(view: PacketView, data: bytes) -> bytes:
    """The outermost IPv6 packet's octets without its hop limit: the same packet seen on two
    links (one hop apart) has the same key."""
    start = view.ip_offset
    end = start + 40 + ((data[start + 4] << 8) | data[start + 5])
    return data[start : start + 7] + data[start + 8 : end]


def _options(
    view: PacketView, data: bytes, header: int, limit: int, hop_by_hop: bool, whole: bool
) -> bytes | None:
    """Walk an options header (RFC 8200 §4.2); return this header's home address, if valid.

    ``whole`` is False when the capture cut the header: an option reaching past ``limit`` is
    then the capture's doing, not the sender's.
    """
    offset = header + 2
    home: bytes | None = None
    while offset < limit:
        option_type = data[offset]
        if option_type == 0:  # Pad1
            offset += 1
            continue
        if offset + 2 > limit:
            if whole:
                view.problems.append(_OPTION_CUT_SHORT(kind=option_type))
            return home
        length = data[offset + 1]
        if offset + 2 + length > limit:
            if whole:
                view.problems.append(_OPTION_PAST_END(kind=option_type, length=length))
            if option_type == OPTION_HOME_ADDRESS:
                _note_home_address(view)
            return home
        if option_type == OPTION_HOME_ADDRESS:
            _note_home_address(view)
            if hop_by_hop:
                view.problems.append(_RULES["hao_in_hop_by_hop"])
            if length != 16:
                view.problems.append(_HAO_LENGTH(length=length))
            else:
                if (offset - header) % 8 != 6:
                    view.problems.append(_RULES["hao_alignment"])
                address = data[offset + 2 : offset + 18]
                if not _unicast_routable(address):
                    view.problems.append(_RULES["hao_not_unicast"])
                if home is None:
                    home = address
                if view.home_address is None:
                    view.home_address = address
        elif option_type in DRAFT_DESTINATION_OPTIONS:
            name = DRAFT_DESTINATION_OPTIONS[option_type]
            view.draft_options.append(name)
            view.problems.append(_DRAFT_OPTION(name=name, kind=option_type))
        offset += 2 + length
    return home


def _unicast_routable(address: bytes) -> bool:
    """Not unspecified, loopback, multicast (ff00::/8) or link-local (fe80::/10)."""
    if address[0] == 0xFF or (address[0] == 0xFE and address[1] & 0xC0 == 0x80):
        return False
    return address not in (bytes(16), bytes(15) + b"\x01")


def _note_home_address(view: PacketView) -> None:
    """Count Home Address options: RFC 6275 §6.3 allows at most one per packet."""
    view.home_address_options += 1
    if view.home_address_options == 2:
        view.problems.append(_RULES["hao_twice"])


def _routing(
    view: PacketView, data: bytes, header: int, limit: int, length: int
) -> bytes | None:
    """A Routing header: note a Type 2 (RFC 6275 §6.4); return the final destination if any."""
    if limit < header + 4:
        return None
    routing_type, segments_left = data[header + 2], data[header + 3]
    if routing_type == 2:
        if length != 24:
            view.problems.append(_RH2_LENGTH(length=length))
        if segments_left != 1:
            view.problems.append(_RH2_SEGMENTS(segments=segments_left))
        if limit >= header + 24 and view.routing_address is None:
            view.routing_address = data[header + 8 : header + 24]
            view.routing_segments_left = segments_left
    elif routing_type == 0:
        view.problems.append(_RULES["type_0"])
    if segments_left == 0:
        return None
    addresses = (min(limit, header + length) - header - 8) // 16
    if addresses < 1:
        return None
    if routing_type == 4:  # Segment Routing (RFC 8754): Segment List[0] is the last segment
        return data[header + 8 : header + 24]
    last = header + 8 + 16 * (addresses - 1)
    return data[last : last + 16]

