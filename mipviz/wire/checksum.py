"""Upper-layer checksums with the Mobile IPv6 pseudo-header rules, on raw bytes (no scapy).

RFC 6275 §6.1.1 and §2.3 of PROTOCOL.md: the Mobility Header checksum is the RFC 8200 §8.1
one's-complement sum over a pseudo-header and the whole upper-layer message, where

* the source address is the **home address from the Home Address option** when one is
  present (RFC 6275 §6.3: the upper layer sees the home address), else the IPv6 source;
* the destination address is the **final destination**: the address a Routing header with
  Segments Left ≠ 0 will deliver to (for a Type 2 Routing Header, the home address), else the
  IPv6 destination (RFC 8200 §8.1: at the recipient, after the routing header is processed,
  the final destination is in the Destination Address field);
* the next header is the upper-layer protocol (135 for the MH, not RFC 3775's misprinted 2).

The same rules hold for ICMPv6, UDP and TCP. For IPv6-in-IPv6 the walk descends into the
inner packet, whose own header gives the pseudo-header: the verdict is always about the
*innermost* upper layer. These functions never raise on malformed input.

scapy is deliberately not used: when it recomputes the checksum of a dissected packet it
ignores a Home Address option that shares its header with a PadN (PROTOCOL.md §23.1).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from mipviz.wire import layout

# Offset of the checksum field inside each upper-layer header.
_CHECKSUM_OFFSET: dict[int, int] = {
    layout.MOBILITY_HEADER: 4,
    layout.ICMPV6: 2,
    layout.UDP: 6,
    layout.TCP: 16,
}
CHECKSUMMED_PROTOCOLS = frozenset(_CHECKSUM_OFFSET)
_EXTENSION_HEADERS = frozenset(
    {layout.HOP_BY_HOP, layout.DESTINATION_OPTIONS, layout.ROUTING,
     layout.AUTHENTICATION_HEADER}
)


def ones_complement_sum(data: bytes) -> int:
    """The 16-bit one's-complement sum of ``data`` in network order (RFC 1071), not inverted.

    Uses the identity 2**16 ≡ 1 (mod 0xFFFF): the big-endian integer of the data, modulo
    0xFFFF, is the end-around-carry sum of its 16-bit words (0xFFFF standing in for a
    non-zero multiple of 0xFFFF).
    """
    if len(data) % 2:
        data += b"\x00"
    value = int.from_bytes(data, "big")
    if value == 0:
        return 0
    remainder = value % 0xFFFF
    return remainder if remainder else 0xFFFF


def pseudo_header(source: bytes, destination: bytes, length: int, next_header: int) -> bytes:
    """The RFC 8200 §8.1 pseudo-header: addresses, 32-bit length, 3 zero octets, next header."""
    return source + destination + struct.pack("!IxxxB", length, next_header)


def compute_checksum(
    source: bytes, destination: bytes, next_header: int, message: bytes
) -> int:
    """The checksum to put in ``message`` (whose checksum field must be zero).

    For UDP a computed 0 is sent as 0xFFFF (RFC 8200 §8.1); others keep 0.
    """
    total = ones_complement_sum(pseudo_header(source, destination, len(message), next_header)
                                + message)
    checksum = ~total & 0xFFFF
    if checksum == 0 and next_header == layout.UDP:
        return 0xFFFF
    return checksum


@dataclass(frozen=True, slots=True)
class UpperLayerChecksum:
    """Where the innermost checksummed upper layer is and whether its checksum verifies.

    ``offset`` is relative to the IPv6 bytes given; ``source``/``destination`` are the
    pseudo-header addresses actually used (after the HAO and routing-header rules).
    """

    protocol: int
    offset: int
    length: int
    found: int
    expected: int
    source: bytes
    destination: bytes

    @property
    def ok(self) -> bool:
        if self.protocol == layout.UDP and self.found == 0:
            return False  # RFC 8200 §8.1: a zero UDP checksum over IPv6 must be discarded
        if self.found == self.expected:
            return True
        # 0x0000 and 0xFFFF are the two one's-complement zeros.
        return self.protocol != layout.UDP and {self.found, self.expected} == {0, 0xFFFF}


def _home_address_in_options(data: bytes, start: int, end: int) -> bytes | None:
    """The home address of the first well-formed HAO in an options area, if any."""
    offset = start
    while offset < end:
        option_type = data[offset]
        if option_type == layout.OPTION_PAD1:
            offset += 1
            continue
        if offset + 2 > end:
            return None
        length = data[offset + 1]
        if offset + 2 + length > end:
            return None
        if option_type == layout.OPTION_HOME_ADDRESS and length == 16:
            return data[offset + 2 : offset + 18]
        offset += 2 + length
    return None


def _final_destination(data: bytes, offset: int, header_length: int) -> bytes | None:
    """For a Routing header with Segments Left ≠ 0, the address it finally delivers to."""
    routing_type, segments_left = data[offset + 2], data[offset + 3]
    if segments_left == 0:
        return None
    addresses = (header_length - 8) // 16
    if addresses < 1:
        return None
    if routing_type == 4:  # Segment Routing Header (RFC 8754): Segment List[0] is last
        return data[offset + 8 : offset + 24]
    # Type 0 and Type 2 (RFC 6275 §6.4): the last address listed
    last = offset + 8 + 16 * (addresses - 1)
    return data[last : last + 16]


def find_upper_layer_checksum(ipv6: bytes) -> UpperLayerChecksum | None:
    """Walk an IPv6 packet's header chain by hand to its innermost upper layer.

    Honours the Home Address option and Routing headers as described in the module docstring
    and descends through IPv6-in-IPv6. Returns None for a packet without a checksummed upper
    layer (ESP, a fragment, No Next Header, an unknown protocol) or one too broken to walk.
    """
    data = bytes(ipv6)
    start, end = 0, len(data)
    while True:  # one iteration per IPv6 header (tunnels nest)
        if end - start < layout.IPV6_HEADER_LENGTH or data[start] >> 4 != 6:
            return None
        payload_length = int.from_bytes(data[start + 4 : start + 6], "big")
        end = min(end, start + layout.IPV6_HEADER_LENGTH + payload_length)
        source, destination = data[start + 8 : start + 24], data[start + 24 : start + 40]
        next_header, offset = data[start + 6], start + layout.IPV6_HEADER_LENGTH
        while next_header in _EXTENSION_HEADERS:
            if offset + 8 > end:
                return None
            if next_header == layout.AUTHENTICATION_HEADER:
                header_length = 4 * (data[offset + 1] + 2)  # RFC 4302 §2.2
            else:
                header_length = 8 * (data[offset + 1] + 1)
            if offset + header_length > end:
                return None
            if next_header == layout.ROUTING:
                final = _final_destination(data, offset, header_length)
                if final is not None:
                    destination = final
            elif next_header == layout.DESTINATION_OPTIONS:
                home = _home_address_in_options(data, offset + 2, offset + header_length)
                if home is not None:
                    source = home
            next_header = data[offset]
            offset += header_length
        if next_header == layout.IPV6_IN_IPV6:
            start = offset
            continue
        if next_header not in _CHECKSUM_OFFSET:
            return None
        return _upper_layer(data, offset, end, next_header, source, destination)


def _upper_layer(
    data: bytes, offset: int, end: int, protocol: int, source: bytes, destination: bytes
) -> UpperLayerChecksum | None:
    field = _CHECKSUM_OFFSET[protocol]
    message_end = end
    if protocol == layout.UDP and offset + 8 <= end:
        # RFC 8200 §8.1: UDP carries its own length, which the pseudo-header uses.
        udp_length = int.from_bytes(data[offset + 4 : offset + 6], "big")
        if 8 <= udp_length <= end - offset:
            message_end = offset + udp_length
    if offset + field + 2 > message_end:
        return None
    message = bytearray(data[offset:message_end])
    found = int.from_bytes(message[field : field + 2], "big")
    message[field : field + 2] = b"\x00\x00"
    expected = compute_checksum(source, destination, protocol, bytes(message))
    return UpperLayerChecksum(
        protocol, offset, len(message), found, expected, source, destination
    )


def upper_layer_checksum_ok(ipv6_bytes: bytes) -> bool | None:
    """Whether the innermost MH, ICMPv6, UDP or TCP checksum verifies (RFC 6275 pseudo-header).

    None when the packet has no checksummed upper layer or cannot be walked.
    """
    found = find_upper_layer_checksum(ipv6_bytes)
    return None if found is None else found.ok


def verify_mobility_header_checksum(packet_bytes_ipv6: bytes) -> bool | None:
    """Whether the innermost Mobility Header's checksum verifies (RFC 6275 §6.1.1, §2.3 here).

    The pseudo-header uses the home address from a Home Address option as the source and the
    home address of a Type 2 Routing Header as the destination. None when the innermost upper
    layer is not a Mobility Header.
    """
    found = find_upper_layer_checksum(packet_bytes_ipv6)
    if found is None or found.protocol != layout.MOBILITY_HEADER:
        return None
    return found.ok
