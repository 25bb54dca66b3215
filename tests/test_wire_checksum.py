"""The engine's own upper-layer checksum verifier (RFC 6275 §6.1.1 pseudo-header rules).

Checked against captures made by others (Zeek's checksum pairs, where the pseudo-header must
use the home address) and against every frame the encoder builds.
"""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_wire_golden import CASES, CN, COA, HOA, ethernet, ipv6, rfc1071_checksum

from mipviz.engine import messages as m
from mipviz.wire import (
    decode_frame,
    encode_frame,
    read_pcap,
    upper_layer_checksum_ok,
    verify_mobility_header_checksum,
)
from mipviz.wire.checksum import find_upper_layer_checksum, ones_complement_sum

ZEEK = Path(__file__).resolve().parents[1].parent / "shared" / "captures" / "zeek"


def only_frame(name: str) -> bytes:
    records = list(read_pcap(ZEEK / name))
    assert len(records) == 1
    _, linktype, data = records[0]
    assert linktype == 1
    return data


@pytest.mark.parametrize(("name", "verdict"), [
    ("mip6-good-mh-chksum.pcap", True),
    ("mip6-bad-mh-chksum.pcap", False),
])
def test_zeek_mobility_header_checksum_pair(name: str, verdict: bool) -> None:
    data = only_frame(name)
    assert verify_mobility_header_checksum(data[14:]) is verdict
    assert upper_layer_checksum_ok(data[14:]) is verdict
    assert decode_frame(data).checksum_ok is verdict


@pytest.mark.parametrize(("name", "verdict"), [
    ("ip6-hoa-udp-good-chksum.pcap", True),
    ("ip6-hoa-udp-bad-chksum.pcap", False),
    ("ip6-hoa-tcp-good-chksum.pcap", True),
    ("ip6-hoa-tcp-bad-chksum.pcap", False),
    ("ipv6-mobile-hoa.pcap", True),
    ("ipv6-mobile-routing.pcap", True),
])
def test_zeek_home_address_checksum_pairs(name: str, verdict: bool) -> None:
    """The good ones only verify with the HoA from the HAO (or the RH2 address) in the
    pseudo-header; the wire source/destination would give a different sum."""
    data = only_frame(name)
    assert upper_layer_checksum_ok(data[14:]) is verdict
    assert verify_mobility_header_checksum(data[14:]) is None  # not a Mobility Header
    assert decode_frame(data).checksum_ok is verdict


@pytest.mark.parametrize("name", ["mip6_brr.pcap", "mip6_hoti.pcap", "mip6_coti.pcap",
                                  "mip6_hot.pcap", "mip6_cot.pcap", "mip6_bu.pcap",
                                  "mip6_back.pcap", "mip6_be.pcap"])
def test_zeek_mobility_messages_verify(name: str) -> None:
    data = only_frame(name)
    assert verify_mobility_header_checksum(data[14:]) is True
    decoded = decode_frame(data)
    assert decoded.checksum_ok is True
    assert decoded.problems == ()


def test_home_address_is_what_makes_the_udp_checksum_verify() -> None:
    data = only_frame("ip6-hoa-udp-good-chksum.pcap")
    found = find_upper_layer_checksum(data[14:])
    assert found is not None
    assert found.source == IPv6Address("2001:78:1:32::1").packed  # the HAO, not the source
    assert found.source != data[14 + 8 : 14 + 24]


@pytest.mark.parametrize("wire", [c[2] for c in CASES], ids=[c[0] for c in CASES])
def test_every_golden_frame_verifies(wire: bytes) -> None:
    assert upper_layer_checksum_ok(wire[14:]) is True


def test_none_without_a_checksummed_upper_layer() -> None:
    no_next_header = ipv6(HOA, CN, 59, b"")
    esp = ipv6(HOA, CN, 50, bytes(16))
    assert upper_layer_checksum_ok(no_next_header) is None
    assert upper_layer_checksum_ok(esp) is None
    assert upper_layer_checksum_ok(b"") is None
    assert upper_layer_checksum_ok(b"\x45" + bytes(39)) is None  # IPv4
    echo = encode_frame(m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02",
                                        m.IPv6Packet(HOA, CN, m.EchoRequest(1, 2))))
    assert upper_layer_checksum_ok(echo[14:]) is True
    assert verify_mobility_header_checksum(echo[14:]) is None


def test_routing_header_with_segments_left_zero_uses_the_ipv6_destination() -> None:
    """RFC 8200 §8.1: once Segments Left is 0 the final destination is the IPv6 one."""
    for segments_left, pseudo_destination in ((1, HOA), (0, COA)):
        wire = encode_frame(m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02",
                                            m.IPv6Packet(CN, COA, m.EchoReply(1, 1),
                                                         extension_headers=(
                                                             m.RoutingHeaderType2(
                                                                 HOA, segments_left),))))
        found = find_upper_layer_checksum(wire[14:])
        assert found is not None and found.ok
        assert found.destination == pseudo_destination.packed


def test_a_corrupted_tunnelled_message_is_caught_in_the_inner_packet() -> None:
    inner = ipv6(HOA, CN, 135, bytes.fromhex("3b010100d4590000a1a2a3a4a5a6a7a8"))
    good = ethernet(ipv6(COA, IPv6Address("2001:db8:1::1"), 41, inner))
    assert verify_mobility_header_checksum(good[14:]) is True
    bad = good[:-1] + b"\xa9"
    assert verify_mobility_header_checksum(bad[14:]) is False
    assert decode_frame(bad).problems == (
        "Mobility Header checksum 0xd459 wrong (expected 0xd458)",)


@given(st.binary(max_size=200))
def test_ones_complement_sum_matches_the_textbook_loop(data: bytes) -> None:
    assert ~ones_complement_sum(data) & 0xFFFF == rfc1071_checksum(data)


def test_scapy_test_vectors_with_deliberately_wrong_icmpv6_checksums() -> None:
    """scapy-vectors README: frames 2 and 4 carry a wrong ICMPv6 checksum on purpose."""
    path = ZEEK.parent / "scapy-vectors" / "scapy-inet6-uts-mip6-vectors.pcap"
    verdicts = [decode_frame(data, linktype).checksum_ok
                for _, linktype, data in read_pcap(path)]
    assert len(verdicts) == 18
    # 2 and 4 on purpose; 8-14 are the uts's HoTI/CoTI/HoT/CoT built with cksum=0x8899
    assert [index for index, ok in enumerate(verdicts, start=1) if ok is False] == [
        2, 4, 8, 10, 12, 14]
    assert verdicts.count(True) == 12
    _, linktype, data = list(read_pcap(path))[7]
    problems = decode_frame(data, linktype).problems
    assert problems[-1] == "Mobility Header checksum 0x8899 wrong (expected 0xbcd0)"
