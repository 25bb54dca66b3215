"""Verify the innermost upper-layer checksum the way the receiving node would.

The sum is RFC 8200 §8.1's over a pseudo-header and the whole message (Mobility Header,
ICMPv6, UDP or TCP). The pseudo-header's addresses come from :mod:`mipviz.capture.packet`: the
home address from the Home Address option as source, the Type 2 Routing Header's home address
as destination (RFC 6275 §6.1.1, §6.3, §6.4). Wireshark does not check the Mobility Header
checksum (PROTOCOL.md §23.1); mipviz does.

When a checksum is wrong, the usual mistakes of real implementations are tried, so that the
problem names the rule that was broken instead of only saying "bad":

* the care-of address used instead of the home address (sender ignored the HAO/RH2 rule);
* Next Header 2 in the pseudo-header, RFC 3775's misprint corrected by RFC 6275 Appendix B.
"""

from __future__ import annotations

import struct

from mipviz.capture.packet import MOBILITY_PROTOCOLS, PacketView
from mipviz.capture.says import say
from mipviz.wire.checksum import ones_complement_sum
from mipviz.wire.layout import ICMPV6, TCP, UDP

CHECKSUM_FIELD_OFFSET = {135: 4, 62: 4, ICMPV6: 2, UDP: 6, TCP: 16}
PROTOCOL_NAMES = {135: "Mobility Header", 62: "Mobility Header", ICMPV6: "ICMPv6", UDP: "UDP",
                  TCP: "TCP"}
_PACK_LENGTH = struct.Struct("!IxxxB").pack
_HOME_ADDRESS = say("capture.checksum.home_address")
_ROUTING_HEADER = say("capture.checksum.routing_header")
_NEXT_HEADER_2 = say("capture.checksum.next_header_2")
_WRONG = say("capture.checksum.wrong")


def _sum(source: bytes, destination: bytes, protocol: int, message: bytes) -> int:
    return ones_complement_sum(source + destination + _PACK_LENGTH(len(message), protocol)
                               + message)


def verify_checksum(view: PacketView, data: bytes, complete: bool) -> tuple[bool | None,
                                                                             str | None]:
    """``(checksum_ok, problem)`` for the innermost upper layer of a parsed frame.

    ``checksum_ok`` is None when there is no checksummed upper layer, when it sits in a
    fragment, when the capture did not keep the whole packet (``complete`` False), or when
    there is no IPv6 pseudo-header for it (a Mobility Header straight in IPv4 UDP, RFC 5844).
    """
    protocol = view.protocol
    if (protocol not in CHECKSUM_FIELD_OFFSET or view.fragment or not complete
            or not view.pseudo_source):
        return None, None
    start, end = view.upper_offset, view.upper_end
    if protocol == UDP and start + 8 <= end:
        udp_length = (data[start + 4] << 8) | data[start + 5]
        if 8 <= udp_length <= end - start:
            end = start + udp_length
    field = start + CHECKSUM_FIELD_OFFSET[protocol]
    if field + 2 > end:
        return None, None
    message = data[start:end]
    if protocol == UDP and data[field] == 0 and data[field + 1] == 0:
        return False, "RFC 8200 8.1: UDP checksum is zero, which IPv6 does not allow"
    source, destination = view.pseudo_source, view.pseudo_destination
    if _sum(source, destination, protocol, message) == 0xFFFF:
        return True, None
    return False, _diagnose(view, data, protocol, message, field - start)


def _diagnose(
    view: PacketView, data: bytes, protocol: int, message: bytes, field: int
) -> str:
    name = PROTOCOL_NAMES[protocol]
    found = (message[field] << 8) | message[field + 1]
    zeroed = message[:field] + b"\x00\x00" + message[field + 2 :]
    source, destination = view.pseudo_source, view.pseudo_destination
    expected = ~_sum(source, destination, protocol, zeroed) & 0xFFFF
    wire_source, wire_destination, _ = view.layers[-1]
    values = {"found": f"0x{found:04x}", "expected": f"0x{expected:04x}"}
    if source != wire_source and _sum(wire_source, destination, protocol, message) == 0xFFFF:
        return _HOME_ADDRESS(name=name, **values)
    if (destination != wire_destination
            and _sum(source, wire_destination, protocol, message) == 0xFFFF):
        return _ROUTING_HEADER(name=name, **values)
    if protocol in MOBILITY_PROTOCOLS and _sum(source, destination, 2, message) == 0xFFFF:
        return _NEXT_HEADER_2(**values)
    return _WRONG(name=name, **values)
