"""RFC 2473 tunnel entry points: the Tunnel Encapsulation Limit option at nested entries
(§4.1.1, §5.1) and ICMP errors about tunnel packets relayed to the original source (§8).

Encapsulation (§3.1): the outer header runs from the entry point to the exit point; the
packet being tunnelled is its payload, unchanged. When that packet is itself a tunnel packet
— a mobile router behind another mobile router (RFC 3963 nested NEMO), or a home agent
tunnelling to a care-of address inside a mobile network it also serves — the encapsulation is
*nested*, and the new outer header carries a Destination Options header with the Tunnel
Encapsulation Limit option (type 4, length 1): how many further levels of encapsulation the
packet may still get. It is the inner tunnel header's limit minus one when that header carries
one (§4.1.1), otherwise the default limit of 4 (§6.6) less the levels the packet now has, so
that a packet at the default depth limit carries 0 and the next entry point discards it
(:data:`~mipviz.model.messages.TUNNEL_ENCAPSULATION_LIMIT`, enforced by the entry points).
The outer Next Header is then 60, the Destination Options header's 41 (PROTOCOL.md §13).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mipviz.i18n import msg
from mipviz.model.messages import (
    TUNNEL_ENCAPSULATION_LIMIT,
    DestinationOptionsHeader,
    IPv6Packet,
    TunnelEncapsulationLimit,
)

if TYPE_CHECKING:
    from ipaddress import IPv6Address

    from mipviz.engine.node import Node


def encapsulation_limit(packet: IPv6Packet) -> int | None:
    """The Tunnel Encapsulation Limit in ``packet``'s own (outer) header chain, if any."""
    for header in packet.extension_headers:
        if isinstance(header, DestinationOptionsHeader):
            for option in header.options:
                if isinstance(option, TunnelEncapsulationLimit):
                    return option.limit
    return None


def encapsulate(node: Node, source: IPv6Address, destination: IPv6Address,
                packet: IPv6Packet) -> IPv6Packet:
    """``packet`` inside a tunnel header ``source`` → ``destination`` (RFC 2473 §3.1), with
    the Tunnel Encapsulation Limit option when the encapsulation is nested (§4.1.1)."""
    if not isinstance(packet.payload, IPv6Packet):
        return IPv6Packet(source, destination, packet)
    inner_limit = encapsulation_limit(packet)
    limit = (inner_limit - 1 if inner_limit is not None
             else TUNNEL_ENCAPSULATION_LIMIT - (packet.tunnel_depth + 1))
    limit = max(0, limit)
    node.note("note", msg("tunnel.encapsulation_limit_option", limit=limit,
                          depth=packet.tunnel_depth + 1))
    return IPv6Packet(source, destination, packet, extension_headers=(
        DestinationOptionsHeader((TunnelEncapsulationLimit(limit),)),))


# ---------------------------------------------------------------------------- §8 ICMP relay
ICMP_DESTINATION_UNREACHABLE, ICMP_PACKET_TOO_BIG, ICMP_TIME_EXCEEDED = 1, 2, 3
ICMP_PARAMETER_PROBLEM = 4
ADDRESS_UNREACHABLE = 3  # Destination Unreachable code (RFC 4443 §3.1)
_QUOTE = 1280 - 40 - 8  # RFC 4443 §2.4 (c): what an error may quote
_EXTENSIONS = (0, 43, 60)


def _tunnel_header(invoking: bytes) -> tuple[IPv6Address, IPv6Address, int] | None:
    """(tunnel source, tunnel destination, length of the tunnel headers) of a quoted packet
    whose headers lead to IPv6-in-IPv6 (Next Header 41), else None."""
    from ipaddress import IPv6Address

    if len(invoking) < 40 or invoking[0] >> 4 != 6:
        return None
    next_header, offset = invoking[6], 40
    while next_header in _EXTENSIONS:
        if offset + 2 > len(invoking):
            return None
        next_header, offset = invoking[offset], offset + 8 * (invoking[offset + 1] + 1)
    if next_header != 41 or offset + 40 > len(invoking):
        return None
    return IPv6Address(invoking[8:24]), IPv6Address(invoking[24:40]), offset


def _points_at_exhausted_limit(invoking: bytes, pointer: int, length: int) -> bool:
    """Whether a Parameter Problem's pointer names the value octet of a Tunnel Encapsulation
    Limit option of 0 in the quoted tunnel headers (RFC 2473 §4.1.1: the next entry point
    refused to encapsulate it once more)."""
    if not 40 <= pointer < length:
        return False
    next_header, offset = invoking[6], 40
    while next_header in _EXTENSIONS and offset < length:
        end = offset + 8 * (invoking[offset + 1] + 1)
        if next_header == 60:  # Destination Options: look for the option the pointer names
            position = offset + 2
            while position + 1 < end:
                kind, size = invoking[position], invoking[position + 1]
                if kind == 0:  # Pad1
                    position += 1
                    continue
                if kind == 4 and size == 1 and position + 2 == pointer:
                    return invoking[pointer] == 0
                position += 2 + size
        next_header, offset = invoking[offset], end
    return False


def relay_error(node: Node, icmp_type: int, invoking: bytes, info: int = 0,
                code: int = 0) -> bool:
    """RFC 2473 §8 (and §7 for Packet Too Big): an ICMPv6 error this tunnel entry point got
    about one of its tunnel packets is reported to the source of the original packet, from
    the entry point's address, quoting the original packet (the tunnel packet's payload).
    As Linux's ip6_tunnel implements it:

    * Destination Unreachable, Time Exceeded (the tunnel's hop limit, code 0), and a
      Parameter Problem that points at an exhausted Tunnel Encapsulation Limit: the tunnel
      could not deliver it — Destination Unreachable, code 3 (address unreachable);
    * Packet Too Big: if the original packet is bigger than the reported MTU less the tunnel
      headers (never less than the IPv6 minimum of 1280, RFC 8200 §5), a Packet Too Big with
      that smaller MTU, so the source sends smaller;
    * any other Parameter Problem (the exit point could not parse the tunnel packet) is the
      entry point's own business: not relayed.

    ``info`` is the Packet Too Big's MTU or the Parameter Problem's pointer. Returns False
    (and does nothing) when the quoted packet is not a tunnel packet this node sent, or
    there is nothing to relay."""
    from ipaddress import IPv6Address

    from mipviz.model.messages import DestinationUnreachable, UnknownICMPv6

    found = _tunnel_header(invoking)
    if found is None or not node.owns(found[0]):
        return False
    entry, exit_point, length = found
    original = invoking[length:]
    original_source = IPv6Address(original[8:24])
    if node.owns(original_source):
        return False  # our own packet (a mobile node's reverse tunnel): nobody to tell
    quoted = original[:_QUOTE]
    if icmp_type == ICMP_PACKET_TOO_BIG:
        smaller = max(1280, info - length)
        if 40 + int.from_bytes(original[4:6], "big") <= smaller:
            return False  # it fits once the tunnel header is off: nothing for the source
        error: object = UnknownICMPv6(ICMP_PACKET_TOO_BIG, 0, smaller.to_bytes(4, "big") + quoted)
        node.note("note", msg("tunnel.relay_packet_too_big", entry=entry, exit=exit_point,
                              mtu=info, smaller=smaller, source=original_source))
    else:
        if icmp_type == ICMP_TIME_EXCEEDED and code != 0:
            return False  # fragment reassembly time: not the tunnel's path
        if icmp_type == ICMP_PARAMETER_PROBLEM and not _points_at_exhausted_limit(
                invoking, info, length):
            return False
        error = DestinationUnreachable(ADDRESS_UNREACHABLE, quoted)
        node.note("note", msg("tunnel.relay_unreachable", entry=entry, exit=exit_point,
                              kind=icmp_type, source=original_source))
    node.send_packet(IPv6Packet(entry, original_source, error))  # type: ignore[arg-type]
    return True


def on_icmp_error(node: Node, message: object) -> None:
    """The ICMPv6 error handler every node has (:class:`~mipviz.engine.node.Node`)."""
    from mipviz.model.messages import DestinationUnreachable, ParameterProblem, UnknownICMPv6

    if isinstance(message, DestinationUnreachable):
        relay_error(node, ICMP_DESTINATION_UNREACHABLE, message.invoking_packet)
    elif isinstance(message, ParameterProblem):
        relay_error(node, ICMP_PARAMETER_PROBLEM, message.invoking_packet, message.pointer,
                    message.code)
    elif isinstance(message, UnknownICMPv6) and len(message.data) >= 4 and message.icmp_type in (
            ICMP_PACKET_TOO_BIG, ICMP_TIME_EXCEEDED):
        info = int.from_bytes(message.data[:4], "big")
        relay_error(node, message.icmp_type, message.data[4:], info, message.code)
