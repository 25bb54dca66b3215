"""The engine's few direct uses of the wire codec outside frame transmission.

Kept in one place so the engine's dependency on :mod:`mipviz.wire` is visible: the bytes of an
invoking packet for an ICMPv6 error, and the Mobility Header bytes that Return Routability
authenticates (RFC 6275 §5.2.6).
"""

from __future__ import annotations

from mipviz.model.messages import EthernetFrame, IPv6Packet, MobilityMessage, Payload

_NO_MAC = "02:00:00:00:00:00"


def packet_bytes(packet: IPv6Packet) -> bytes:
    """The IPv6 packet's bytes as they would cross a link (without the Ethernet header)."""
    from mipviz import wire

    return wire.encode_frame(EthernetFrame(_NO_MAC, _NO_MAC, packet))[14:]


def mobility_header_bytes(message: MobilityMessage) -> bytes:
    """The Mobility Header as sent, checksum field zero (RFC 6275 §5.2.6, PROTOCOL.md §15.3)."""
    from mipviz import wire

    return wire.mobility_header_bytes(message)


# ESP (mipviz.engine.ipsec) needs the octets it encrypts and to decode what it decrypted.
_EXTENSION_HEADERS = (0, 43, 60)  # Hop-by-Hop, Routing, Destination Options (RFC 8200 §4)


def _upper_layer_offset(data: bytes) -> tuple[int, int]:
    """(offset of the Next Header field naming the upper layer, offset of the upper layer)."""
    field, offset, next_header = 6, 40, data[6]
    while next_header in _EXTENSION_HEADERS:
        field, next_header = offset, data[offset]
        offset += 8 * (data[offset + 1] + 1)
    return field, offset


def upper_layer(packet: IPv6Packet) -> tuple[int, bytes]:
    """(Next Header, octets) of ``packet``'s upper layer as it would be sent: what ESP in
    transport mode encrypts (RFC 4303 §3.1.1), its checksum already computed."""
    data = packet_bytes(packet)
    field, offset = _upper_layer_offset(data)
    return data[field], data[offset:]


def reopen_transport(packet: IPv6Packet, next_header: int,
                     plaintext: bytes) -> Payload | None:
    """The payload ESP in transport mode carried in ``packet`` (as it crossed the link): its
    headers with ``plaintext`` put back where the ESP header was, decoded. None when that
    does not decode cleanly (a bad checksum, a malformed message)."""
    from mipviz import wire

    data = bytearray(packet_bytes(packet))
    field, offset = _upper_layer_offset(bytes(data))
    data[field] = next_header
    rebuilt = data[:offset] + plaintext
    rebuilt[4:6] = (len(rebuilt) - 40).to_bytes(2, "big")
    decoded = wire.decode_frame(bytes(rebuilt), 229)  # LINKTYPE_IPV6
    if decoded.problems or decoded.checksum_ok is False:
        return None
    return decoded.frame.packet.payload


def decode_packet(data: bytes) -> IPv6Packet | None:
    """The IPv6 packet ESP in tunnel mode carried (RFC 4303 §3.1.2); None if malformed."""
    from mipviz import wire

    decoded = wire.decode_frame(bytes(data), 229)
    if decoded.problems or decoded.checksum_ok is False:
        return None
    return decoded.frame.packet
