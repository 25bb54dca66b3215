"""Model → bytes, the codec's entry points: ``struct`` first, scapy only on first need.

:mod:`mipviz.wire.struct_encode` builds the frames a lesson sends most, octet for octet as
scapy does (tests/test_wire_struct_codec.py). Importing scapy costs about 0.2 s of CPU, more
than the engine's whole run over a common lesson, so this module never imports it:
:mod:`mipviz.wire.encode` (scapy) is imported the first time a frame or Mobility Header
falls outside the ``struct`` subset, and builds it exactly as before (issue 14 item 1: a
lesson opened for the first time shows its first step without loading scapy).

Memoisation (one scapy/struct build per IPv6 packet, later hops patched) lives here, so both
paths share it; :mod:`mipviz.wire.encode` re-exports these names.
"""

from __future__ import annotations

from functools import lru_cache

from mipviz.model import messages as m
from mipviz.wire import layout, struct_encode
from mipviz.wire._checks import mac_address

_ANY_MAC = "02:00:00:00:00:00"
HOP_LIMIT_OFFSET = 7  # octet of the Hop Limit in the fixed IPv6 header (RFC 8200 §3)


def mobility_header_bytes(message: m.MobilityMessage) -> bytes:
    """The Mobility Header alone, exactly as :func:`encode_frame` sends it, checksum field 0.

    This is what RFC 6275 §5.2.6 authenticates: the Return Routability authenticator is
    First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH[0 : len − 12])) when the
    Binding Authorization Data is the last option (PROTOCOL.md §15.3).
    """
    fast = struct_encode.mobility_header_bytes(message)
    if fast is not None:
        return fast
    from mipviz.wire.encode import mobility_header_layer  # scapy, on first need

    return bytes(mobility_header_layer(message, checksum=0))


def _encode_frame(frame: m.EthernetFrame) -> bytes:
    """The frame's octets: built with ``struct`` when :mod:`mipviz.wire.struct_encode` covers
    it (the same octets scapy builds, tests/test_wire_struct_codec.py), else with scapy, which
    also raises the ValueError naming a bad field."""
    fast = struct_encode.encode_frame(frame)
    if fast is not None:
        return fast
    from mipviz.wire.encode import scapy_encode_frame  # scapy, on first need

    return scapy_encode_frame(frame)


@lru_cache(maxsize=8192)
def _encode_ipv6_cached(packet: m.IPv6Packet) -> bytes:
    """The IPv6 octets of ``packet`` (built with Hop Limit 0) as scapy builds them."""
    return _encode_frame(m.EthernetFrame(_ANY_MAC, _ANY_MAC, packet))[
        layout.ETHERNET_HEADER_LENGTH:]


def _encode_hop(frame: m.EthernetFrame) -> bytes:
    """One hop of a packet already built: the same IPv6 octets with this hop's Hop Limit,
    behind this hop's Ethernet header. Neither is covered by any checksum (RFC 8200 §8.1,
    RFC 2464), so these are exactly the octets a fresh build gives; a router forwarding a
    packet changes nothing else (tests/test_wire_memo.py checks every lesson)."""
    packet = frame.packet
    destination = _mac_octets(frame.destination_mac, "destination_mac")
    source = _mac_octets(frame.source_mac, "source_mac")
    if not (isinstance(packet.hop_limit, int) and 0 <= packet.hop_limit <= 255):
        return _encode_frame(frame)  # let the full build report the bad field
    ipv6 = bytearray(_encode_ipv6_cached(_replace_hop_limit(packet, 0)))
    ipv6[HOP_LIMIT_OFFSET] = packet.hop_limit
    return destination + source + b"\x86\xdd" + bytes(ipv6)


def _mac_octets(value: str, what: str) -> bytes:
    """The 6 octets of a MAC written as the model writes it, else mac_address's ValueError."""
    octets = struct_encode.mac_octets(value) if isinstance(value, str) else None
    if octets is None:
        mac_address(value, what)  # raises, naming the field
        raise ValueError(f"{what} {value!r} is not a MAC address")  # (not reached)
    return octets


def _replace_hop_limit(packet: m.IPv6Packet, hop_limit: int) -> m.IPv6Packet:
    return m.IPv6Packet(packet.source, packet.destination, packet.payload, hop_limit,
                        packet.extension_headers, packet.traffic_class, packet.flow_label)


def encode_frame(frame: m.EthernetFrame) -> bytes:
    """Build ``frame`` (Ethernet II + IPv6 + ...) and return its bytes.

    Extension headers appear in model order (RFC 6275 §6.4 and §7.2 put the Type 2 Routing
    Header before the Destination Options header). Lifetimes in seconds become 4-second units.
    Every checksum follows the RFC 6275 pseudo-header rules. Raises ValueError for a model that
    has no faithful encoding. Results are memoised per IPv6 packet and Hop Limit aside
    (:func:`_encode_hop`): frames are immutable and the encoding is a pure function of the frame,
    so a packet forwarded over several links is built once.
    """
    if not isinstance(frame.packet, m.IPv6Packet):
        return _encode_frame(frame)
    try:
        return _encode_hop(frame)
    except TypeError:  # an unhashable field (a list where the model says tuple)
        return _encode_frame(frame)
