"""Decoding Mobility Header messages, mobility options, ICMPv6 mobility messages, the IPv6
header chain and checksums, from octets built to the RFC formats (mipviz.capture)."""

from __future__ import annotations

import struct

import pytest
from test_capture_frames import (
    CN,
    COA,
    HA,
    HOA,
    LMA,
    MAG,
    address,
    binding_acknowledgement,
    binding_update,
    destination_options_hao,
    home_registration,
    ipv6,
    mobility_header,
    option,
    prefix_option,
    routing_header_type2,
    with_checksum,
)

from mipviz.capture.checksums import verify_checksum
from mipviz.capture.icmpv6 import decode_icmpv6
from mipviz.capture.mobility import decode_mobility_header
from mipviz.capture.packet import parse_frame
from mipviz.capture.summary import mobility_summary
from mipviz.wire.checksum import ones_complement_sum


def _decode(header: bytes, truncated: bool = False):  # type: ignore[no-untyped-def]
    return decode_mobility_header(header, 0, len(header), 135, truncated)


def test_nemo_home_registration() -> None:
    packet = home_registration()
    view = parse_frame(229, packet)
    assert view.home_address == address(HOA) and view.protocol == 135
    message = decode_mobility_header(packet, view.upper_offset, view.upper_end)
    assert message.name == "Binding Update"
    assert message.fields["sequence"] == 7
    assert message.flags == ("A", "H", "R")
    assert message.fields["lifetime_seconds"] == 420
    assert message.alternate_care_of_address() == address(COA)
    assert message.prefixes() == ["2001:db8:100::/64"]
    assert message.problems == []
    assert mobility_summary(message) == "Binding Update seq 7 A H R lifetime 420s"
    assert verify_checksum(view, packet, True) == (True, None)


def _proxy_binding_update(flags: int = 0x8000 | 0x0200, options: bytes | None = None) -> bytes:
    if options is None:
        options = (option(8, b"\x01mn1@example.net") + bytes([1, 4, 0, 0, 0, 0])
                   + prefix_option(22, "2001:db8:5::/64") + option(23, b"\x00\x01")
                   + option(24, b"\x00\x04"))
    return binding_update(3, flags, 900, options)


def test_proxy_binding_update_and_its_options() -> None:
    message = _decode(_proxy_binding_update())
    assert message.proxy and message.flags == ("A", "P")
    assert message.mobile_node_identifier() == "mn1@example.net"
    assert message.prefixes(22) == ["2001:db8:5::/64"]
    described = [o.describe() for o in message.options if o.type != 1]
    assert described == ["Mobile Node Identifier: NAI mn1@example.net",
                         "Home Network Prefix: 2001:db8:5::/64",
                         "Handoff Indicator: Attachment over a new interface",
                         "Access Technology Type: IEEE 802.11a/b/g"]
    assert message.problems == []
    assert mobility_summary(message) == "Proxy Binding Update seq 3 A P lifetime 3600s"


def test_proxy_options_without_the_p_flag_are_flagged() -> None:
    message = _decode(_proxy_binding_update(flags=0x8000))
    assert any("RFC 5213 8.1" in p and "not the P flag" in p for p in message.problems)


def test_proxy_binding_update_missing_mandatory_options() -> None:
    message = _decode(_proxy_binding_update(options=b""))
    assert {p.split(" without ")[1] for p in message.problems if "RFC 5213 8.1" in p} == {
        "a Mobile Node Identifier option", "a Home Network Prefix option",
        "a Handoff Indicator option", "a Access Technology Type option"}


def test_proxy_binding_acknowledgement_flags() -> None:
    message = _decode(binding_acknowledgement(0, 0x20, 3, 225))
    assert message.flags == ("P",) and message.proxy
    assert mobility_summary(message).startswith("Proxy Binding Acknowledgement status 0")


@pytest.mark.parametrize(("header", "name", "fields"), [
    (mobility_header(8, struct.pack("!HHH", 9, 0xC000, 12) + bytes([1, 0])
                     + option(3, address(COA))), "Fast Binding Update",
     {"sequence": 9, "flags": ("A", "H"), "lifetime_seconds": 12}),
    (mobility_header(9, struct.pack("!BBHH", 1, 0, 9, 12)), "Fast Binding Acknowledgment",
     {"status": 1, "sequence": 9, "lifetime_seconds": 12}),
    (mobility_header(14, struct.pack("!HBB", 4, 0x80, 0)), "Handover Initiate",
     {"sequence": 4, "flags": ("S",), "code": 0}),
    (mobility_header(15, struct.pack("!HBB", 4, 0, 2)), "Handover Acknowledge",
     {"sequence": 4, "code": 2}),
    (mobility_header(13, struct.pack("!BBI", 0, 1, 77)), "Heartbeat",
     {"sequence": 77, "flags": ("R",)}),
    (mobility_header(16, struct.pack("!BBHBB", 1, 3, 5, 0, 0)), "Binding Revocation",
     {"revocation_type": "Indication", "trigger": 3, "sequence": 5}),
    (mobility_header(12, struct.pack("!BB", 1, 0) + address(HA)), "Home Agent Switch",
     {"home_agent_addresses": [address(HA)]}),
    (mobility_header(17, struct.pack("!HHH", 2, 0, 30)), "Localized Routing Initiation",
     {"sequence": 2, "lifetime_seconds": 30}),
    (mobility_header(7, struct.pack("!BB", 1, 0) + address(HOA)), "Binding Error",
     {"status": 1, "home_address": address(HOA)}),
    (mobility_header(3, struct.pack("!H", 1) + bytes(range(16))), "Home Test",
     {"home_nonce_index": 1, "home_init_cookie": bytes(range(8)),
      "home_keygen_token": bytes(range(8, 16))}),
])
def test_every_mobility_header_type_decodes(header: bytes, name: str,
                                            fields: dict[str, object]) -> None:
    message = _decode(header)
    assert message.name == name
    assert {key: message.fields[key] for key in fields} == fields
    assert message.problems == []


def test_fmipv6_misnumbered_address_option_is_called_pre_rfc() -> None:
    misnumbered = option(17, bytes([2, 128]) + address(COA))
    message = _decode(mobility_header(8, struct.pack("!HHH", 9, 0xC000, 12) + misnumbered))
    assert any("pre-RFC option number" in p and "34" in p for p in message.problems)


@pytest.mark.parametrize(("header", "rule"), [
    (mobility_header(5, struct.pack("!HHH", 1, 0x8000, 1), payload_proto=2), "RFC 6275 6.1.1"),
    (bytes([59, 0, 5, 0, 0, 0, 0, 0]), "RFC 6275 9.2"),  # a BU of 8 octets
    (bytes([59, 3, 5, 0, 0, 0, 0, 1, 0x80, 0, 0, 1]), "RFC 6275 6.1.1"),  # Header Len lies
    (mobility_header(42, b""), "RFC 6275 9.2"),  # unknown type
    (binding_update(1, 0x8000, 1, option(3, bytes(15))), "RFC 6275 6.2.5"),  # bad length
    (binding_update(1, 0x8000, 1, bytes([3, 40]) + bytes(10)), "RFC 6275 6.2.1"),  # overrun
    (binding_update(1, 0x8000, 1, option(3, address(COA))), "8n+6 alignment"),
    (binding_update(1, 0x0400, 1), "RFC 3963 6.1"),  # R without H
    (binding_update(1, 0x9000, 1), "RFC 6275 6.1.7"),  # K to a correspondent
    (binding_acknowledgement(0, 0, 1, 1, bytes([1, 4, 0, 0, 0, 0]) + option(2, b"\x00\x01")
                             + option(5, bytes(12)) + option(2, b"\x00\x01")), "last option"),
])
def test_malformed_mobility_headers_name_the_rule(header: bytes, rule: str) -> None:
    message = _decode(header)
    assert any(rule in problem for problem in message.problems), message.problems


def test_fields_the_capture_did_not_keep_are_not_blamed_on_the_sender() -> None:
    whole = binding_update(1, 0x8000, 1, option(3, address(COA)) + bytes(6))
    cut = whole[:20]
    assert _decode(cut, truncated=True).problems == []
    assert any("only 20" in p for p in _decode(cut).problems)


def _icmp(kind: int, body: bytes) -> bytes:
    return bytes([kind, 0, 0, 0]) + body


def test_dhaad_and_mobile_prefix_messages() -> None:
    anycast = address("2001:db8:1::fdff:ffff:ffff:fffe")
    request = decode_icmpv6(_icmp(144, struct.pack("!HBB", 7, 0x80, 0)), 0, 8, anycast)
    assert request.fields == {"identifier": 7, "flags": ("R",)} and request.problems == []
    elsewhere = decode_icmpv6(_icmp(144, struct.pack("!HBB", 7, 0, 0)), 0, 8, address(HA))
    assert any("anycast" in p for p in elsewhere.problems)
    reply = _icmp(145, struct.pack("!HBB", 7, 0, 0) + address(HA) + address(CN))
    assert decode_icmpv6(reply, 0, len(reply), address(COA)).fields[
        "home_agent_addresses"] == [address(HA), address(CN)]
    prefix = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0) + address("2001:db8:1::")
    advert = _icmp(147, struct.pack("!HBB", 7, 0x80, 0) + prefix)
    decoded = decode_icmpv6(advert, 0, len(advert), address(COA))
    assert decoded.fields["flags"] == ("M",)
    assert decoded.options[0][1]["prefix"] == "2001:db8:1::/64"


def test_router_advertisement_home_agent_flag_and_options() -> None:
    body = struct.pack("!BBHII", 64, 0x20, 1800, 0, 0)
    information = struct.pack("!BBHhH", 8, 1, 0, 5, 0)  # Home Agent Lifetime 0 is forbidden
    map_option = struct.pack("!BBBBI", 23, 3, 0x0F, 0x80, 600) + address(HA)
    message = decode_icmpv6(_icmp(134, body) + information + map_option, 0, 64, address(CN))
    assert "H" in message.fields["flags"]
    assert message.options[1][1]["distance"] == 0 and message.options[1][1]["flags"] == ("R",)
    assert any("RFC 6275 7.4" in p for p in message.problems)
    assert any("RFC 5380" in p and "Dist 0" in p for p in message.problems)


def test_route_optimised_binding_acknowledgement_checksum_uses_the_home_address() -> None:
    message = binding_acknowledgement(0, 0, 8, 105)
    packet = with_checksum(ipv6(CN, COA, 43, routing_header_type2(HOA, 135) + message))
    view = parse_frame(229, packet)
    assert view.routing_address == address(HOA)
    assert view.pseudo_destination == address(HOA)
    assert verify_checksum(view, packet, True) == (True, None)


def _recompute(packet: bytes, view_source: bytes, view_destination: bytes, protocol: int,
               start: int) -> bytes:
    data = bytearray(packet)
    data[start + 4 : start + 6] = b"\x00\x00"
    message = bytes(data[start:])
    pseudo = view_source + view_destination + struct.pack("!IxxxB", len(message), protocol)
    value = ~ones_complement_sum(pseudo + message) & 0xFFFF
    data[start + 4 : start + 6] = value.to_bytes(2, "big")
    return bytes(data)


def test_checksum_mistakes_are_diagnosed() -> None:
    message = binding_update(5, 0xC000, 105, bytes([1, 0]) + option(3, address(COA)))
    packet = ipv6(COA, HA, 60, destination_options_hao(HOA, 135) + message)
    start = 40 + 24
    with_care_of = _recompute(packet, address(COA), address(HA), 135, start)
    view = parse_frame(229, with_care_of)
    ok, problem = verify_checksum(view, with_care_of, True)
    assert ok is False and problem is not None and "care-of address" in problem
    misprinted = _recompute(packet, address(HOA), address(HA), 2, start)
    ok, problem = verify_checksum(parse_frame(229, misprinted), misprinted, True)
    assert ok is False and problem is not None and "Next Header 2" in problem


def test_two_home_address_options_and_a_bad_length() -> None:
    hao = bytes([0xC9, 16]) + address(HOA)
    header = bytes([59, 4, 1, 0]) + hao + hao + bytes([1, 0])
    view = parse_frame(229, ipv6(COA, CN, 60, header))
    assert view.home_address == address(HOA)
    assert any("more than one Home Address option" in p for p in view.problems)
    short = bytes([59, 0, 1, 0, 0xC9, 1, 0x20, 0])
    view = parse_frame(229, ipv6(COA, CN, 60, short))
    assert view.home_address is None
    assert any("length 1, must be 16" in p for p in view.problems)


def test_nested_tunnels_and_lying_payload_length() -> None:
    inner = ipv6(HOA, CN, 59, b"")
    middle = ipv6(COA, HA, 41, inner)
    outer = ipv6(MAG, LMA, 41, middle)
    view = parse_frame(229, outer)
    assert view.tunnel == 2 and view.layers[-1][:2] == (address(HOA), address(CN))
    lying = bytearray(outer)
    lying[4:6] = (5000).to_bytes(2, "big")
    view = parse_frame(229, bytes(lying))
    assert any("RFC 8200 3: Payload Length 5000" in p for p in view.problems)


def test_pre_rfc_binding_update_destination_option() -> None:
    draft = bytes([59, 1, 0xC6, 8]) + bytes(8) + bytes([1, 0])
    view = parse_frame(229, ipv6(COA, CN, 60, draft))
    assert view.draft_options == ["Binding Update"]
    assert any("pre-RFC 3775 Binding Update destination option" in p for p in view.problems)


def test_draft_mobility_header_protocol_number() -> None:
    message = decode_mobility_header(binding_update(1, 0x8000, 1), 0, 16, protocol=62)
    assert any("protocol number 62" in p for p in message.problems)
