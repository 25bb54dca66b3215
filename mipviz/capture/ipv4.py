"""Proxy Mobile IPv6 signalling carried over an IPv4 transport network (RFC 5844 §4).

When the MAG and the LMA only share IPv4, RFC 5844 §4 has the MAG send its Proxy Binding
Update in UDP to the LMA's port **5436** (IANA "pmip6-cntl"), and the LMA answer in kind. The
RFC carries the whole IPv6 signalling packet inside the UDP payload (``IPv4 | UDP | IPv6 | MH``,
as DSMIPv6 does, RFC 5555 §4.1); Wireshark's dissector reads the UDP payload on port 5436 as a
Mobility Header directly (``IPv4 | UDP | MH``), and some implementations send that. Both are
read here: a payload that starts with an IPv6 header is walked as one, anything else is taken
as the Mobility Header itself.

IPv4 addresses are kept as IPv4-mapped IPv6 addresses (``::ffff:192.0.2.1``, RFC 4291
§2.5.5.2), so that everything after the parse (roles, bindings, records) handles one kind of
address; their text (RFC 5952 §5) still shows the IPv4 address. A Mobility Header straight in
UDP has no IPv6 pseudo-header to check its checksum against (RFC 6275 §6.1.1), so only the
UDP checksum (RFC 768, IPv4 pseudo-header) is checked.

Any other IPv4 packet is left alone: it stays "IPv4", as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mipviz.capture.linklayer import Ipv4Packet, find_ipv6
from mipviz.capture.says import say
from mipviz.wire.checksum import ones_complement_sum
from mipviz.wire.layout import MOBILITY_HEADER, UDP

if TYPE_CHECKING:
    from mipviz.capture.packet import PacketView

PMIP6_CONTROL_PORT = 5436  # RFC 5844 §4, IANA service name "pmip6-cntl"
_MAPPED_PREFIX = bytes(10) + b"\xff\xff"

_TOTAL_LENGTH = say("capture.ipv4.total_length")
_UDP_CUT_SHORT = say("capture.ipv4.udp_cut_short")
_UDP_LENGTH = say("capture.ipv4.udp_length")
_UDP_CHECKSUM = say("capture.ipv4.udp_checksum")


class Ipv4Transport:
    """The IPv4 and UDP headers around PMIPv6 signalling: ports, and whether the UDP payload
    held an IPv6 packet (RFC 5844) or the Mobility Header directly."""

    __slots__ = ("destination_port", "inner_ipv6", "source_port")

    def __init__(self, source_port: int, destination_port: int, inner_ipv6: bool) -> None:
        self.source_port = source_port
        self.destination_port = destination_port
        self.inner_ipv6 = inner_ipv6

    def label(self) -> str:
        return f"IPv4 UDP {self.source_port} → {self.destination_port}"


def mapped(address: bytes) -> bytes:
    """The IPv4-mapped IPv6 address of a 4-octet IPv4 address (RFC 4291 §2.5.5.2)."""
    return _MAPPED_PREFIX + address


def carries_mobility(data: bytes, offset: int) -> bool:
    """Is the IPv4 packet at ``offset`` an unfragmented UDP datagram to or from port 5436?
    (A cheap look for indexing; :func:`walk_ipv4` checks everything.)"""
    if len(data) < offset + 20:
        return False
    header_length = (data[offset] & 0x0F) * 4
    if data[offset + 9] != UDP or header_length < 20 or len(data) < offset + header_length + 4:
        return False
    if int.from_bytes(data[offset + 6 : offset + 8], "big") & 0x3FFF:  # MF or an offset
        return False
    udp = offset + header_length
    return PMIP6_CONTROL_PORT in (int.from_bytes(data[udp : udp + 2], "big"),
                                  int.from_bytes(data[udp + 2 : udp + 4], "big"))


def ipv4_packet_key(linktype: int, data: bytes) -> tuple[bytes, int]:
    """The IPv4 packet of a frame without its TTL and header checksum (which change at each
    hop), and its TTL: the same packet seen on two links has the same key. For a frame that
    :func:`mipviz.capture.packet.classify` found to be PMIPv6 in IPv4."""
    note = find_ipv6(linktype, data)[1]
    start = note.offset if isinstance(note, Ipv4Packet) else 0
    total_length = int.from_bytes(data[start + 2 : start + 4], "big")
    end = start + total_length if total_length >= 20 else len(data)
    ttl = data[start + 8] if len(data) > start + 8 else 0
    return data[start : start + 8] + data[start + 9 : start + 10] + data[start + 12 : end], ttl


def walk_ipv4(view: PacketView, data: bytes, offset: int, original_end: int,
              walk_ipv6: Callable[[PacketView, bytes, int, int], None]) -> None:
    """Fill ``view`` from the IPv4 packet at ``offset`` when it carries PMIPv6 signalling (see
    the module docstring); leave it untouched otherwise. ``walk_ipv6`` walks an IPv6 packet
    (:func:`mipviz.capture.packet._walk`)."""
    if not carries_mobility(data, offset):
        return
    problems = view.problems
    view.truncated = original_end > len(data)
    header_length = (data[offset] & 0x0F) * 4
    total_length = int.from_bytes(data[offset + 2 : offset + 4], "big")
    end = len(data)
    if offset + total_length > end:
        if offset + total_length > original_end:
            problems.append(_TOTAL_LENGTH(length=total_length, present=end - offset))
    elif total_length >= header_length:
        end = offset + total_length  # what follows is link-layer padding
    source, destination = data[offset + 12 : offset + 16], data[offset + 16 : offset + 20]
    view.layers.append((mapped(source), mapped(destination), data[offset + 8]))
    udp = offset + header_length
    ports = (int.from_bytes(data[udp : udp + 2], "big"),
             int.from_bytes(data[udp + 2 : udp + 4], "big"))
    if end - udp < 8:
        view.ipv4 = Ipv4Transport(*ports, False)
        view.protocol, view.upper_offset, view.upper_end = UDP, udp, end
        if not view.truncated:
            problems.append(_UDP_CUT_SHORT(present=max(end - udp, 0)))
        return
    udp_length = int.from_bytes(data[udp + 4 : udp + 6], "big")
    if udp + udp_length <= end and udp_length >= 8:
        end = udp + udp_length
    elif not view.truncated:
        problems.append(_UDP_LENGTH(length=udp_length, present=end - udp))
    payload = udp + 8
    inner_ipv6 = end - payload >= 40 and data[payload] >> 4 == 6
    view.ipv4 = Ipv4Transport(*ports, inner_ipv6)
    if inner_ipv6:  # RFC 5844 §4: the IPv6 signalling packet, whole
        walk_ipv6(view, data, payload, original_end)
        return
    # Wireshark's reading: the Mobility Header itself. No IPv6 pseudo-header exists for it,
    # so the pseudo-header addresses stay empty and the MH checksum is not judged.
    view.protocol, view.upper_offset, view.upper_end = MOBILITY_HEADER, payload, end
    checksum = int.from_bytes(data[udp + 6 : udp + 8], "big")
    if checksum and not view.truncated and udp_length == end - udp:
        pseudo = source + destination + bytes([0, UDP]) + data[udp + 4 : udp + 6]
        if ones_complement_sum(pseudo + data[udp:end]) != 0xFFFF:
            problems.append(_UDP_CHECKSUM(checksum=f"0x{checksum:04x}"))
