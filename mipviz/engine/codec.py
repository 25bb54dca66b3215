"""The engine's few direct uses of the wire codec outside frame transmission.

Kept in one place so the engine's dependency on :mod:`mipviz.wire` is visible: the bytes of an
invoking packet for an ICMPv6 error, and the Mobility Header bytes that Return Routability
authenticates (RFC 6275 §5.2.6).
"""

from __future__ import annotations

from mipviz.model.messages import EthernetFrame, IPv6Packet, MobilityMessage

_NO_MAC = "02:00:00:00:00:00"


def packet_bytes(packet: IPv6Packet) -> bytes:
    """The IPv6 packet's bytes as they would cross a link (without the Ethernet header)."""
    from mipviz import wire

    return wire.encode_frame(EthernetFrame(_NO_MAC, _NO_MAC, packet))[14:]


def mobility_header_bytes(message: MobilityMessage) -> bytes:
    """The Mobility Header as sent, checksum field zero (RFC 6275 §5.2.6, PROTOCOL.md §15.3)."""
    from mipviz import wire

    return wire.mobility_header_bytes(message)
