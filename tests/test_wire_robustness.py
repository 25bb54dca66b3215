"""decode_frame never raises, whatever it is fed: garbage, truncations, bit flips, lies.

Every result must still be a DecodedFrame whose problems name what is wrong; the decoder's
last-resort "internal decoder error" must never be needed.
"""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_wire_golden import CASES, ethernet, ipv6

from mipviz.engine import messages as m
from mipviz.wire import decode_frame, describe, encode_frame, read_pcap

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "captures"
GOLDEN_WIRES = [wire for _, _, wire in CASES]
_SETTINGS = settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def assert_survives(data: bytes, linktype: int = 1) -> m.DecodedFrame:
    decoded = decode_frame(data, linktype)
    assert isinstance(decoded, m.DecodedFrame)
    assert not any("internal decoder error" in problem for problem in decoded.problems), (
        decoded.problems)
    describe(decoded.frame)  # the summary copes with whatever the decoder produced
    return decoded


@_SETTINGS
@given(st.binary(max_size=300))
def test_random_octets(data: bytes) -> None:
    assert_survives(data)
    assert_survives(data, 229)


@_SETTINGS
@given(st.sampled_from([0, 6, 17, 41, 43, 44, 50, 51, 58, 59, 60, 62, 135]),
       st.binary(max_size=200), st.none() | st.integers(0, 0xFFFF))
def test_random_payload_behind_a_valid_ipv6_header(
    next_header: int, payload: bytes, claimed_length: int | None,
) -> None:
    header = ipv6(IPv6Address("2001:db8::1"), IPv6Address("2001:db8::2"), next_header,
                  payload)
    if claimed_length is not None:  # a payload length that lies
        header = header[:4] + claimed_length.to_bytes(2, "big") + header[6:]
    decoded = assert_survives(ethernet(header))
    if claimed_length is not None and claimed_length > len(payload):
        assert (f"IPv6 payload length {claimed_length} but {len(payload)} octets present"
                in decoded.problems)


@pytest.mark.parametrize("wire", GOLDEN_WIRES, ids=[c[0] for c in CASES])
def test_every_truncation_of_every_golden_frame(wire: bytes) -> None:
    for length in range(len(wire)):
        decoded = assert_survives(wire[:length])
        if length < len(wire) and length > 14 + 40:
            assert decoded.problems, f"truncated to {length} octets but no problem named"


@_SETTINGS
@given(st.sampled_from(GOLDEN_WIRES), st.lists(st.integers(0, 8 * 400), min_size=1,
                                               max_size=4))
def test_bit_flips_of_golden_frames(wire: bytes, bits: list[int]) -> None:
    flipped = bytearray(wire)
    for bit in bits:
        index = (bit // 8) % len(flipped)
        flipped[index] ^= 1 << (bit % 8)
    assert_survives(bytes(flipped))


@_SETTINGS
@given(st.sampled_from(GOLDEN_WIRES), st.integers(14, 400), st.binary(min_size=1,
                                                                      max_size=4))
def test_overwritten_octets_of_golden_frames(wire: bytes, at: int, junk: bytes) -> None:
    index = at % len(wire)
    assert_survives(wire[:index] + junk + wire[index + len(junk):])


def test_deeply_nested_tunnels_are_cut_off() -> None:
    packet: m.IPv6Packet = m.IPv6Packet(IPv6Address("::1"), IPv6Address("::2"),
                                        m.EchoRequest(1, 1))
    for _ in range(40):
        packet = m.IPv6Packet(IPv6Address("::1"), IPv6Address("::2"), packet)
    wire = encode_frame(m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02", packet))
    decoded = assert_survives(wire)
    assert "more than 16 nested IPv6-in-IPv6 headers: the rest is not decoded" in (
        decoded.problems)
    assert decoded.frame.packet.tunnel_depth == 16


def test_hand_built_deep_nesting_beyond_python_recursion() -> None:
    payload = b""
    for _ in range(1500):
        payload = ipv6(IPv6Address("::1"), IPv6Address("::2"), 41, payload)
    assert_survives(ethernet(payload[:65000]))


@pytest.mark.parametrize("capture", sorted(
    str(path.relative_to(CAPTURES)) for path in CAPTURES.rglob("*.pcap")))
def test_shared_hostile_and_clean_captures(capture: str) -> None:
    """Every frame of every shared capture decodes (tcpdump's crash reproducers included)."""
    records = list(read_pcap(CAPTURES / capture))
    assert records
    for _, linktype, data in records:
        assert_survives(data, linktype)


def test_the_shared_captures_are_there() -> None:
    assert len(list(CAPTURES.rglob("*.pcap"))) >= 25, f"shared captures missing at {CAPTURES}"


def test_non_ipv6_ethertype_and_unknown_link_type() -> None:
    arp = bytes.fromhex("ffffffffffff020000000001 0806") + bytes(28)
    decoded = assert_survives(arp)
    assert decoded.problems == ("EtherType 0x0806 is not IPv6 (0x86dd)",)
    assert decoded.checksum_ok is None
    decoded = assert_survives(b"\x00" * 40, 8)
    assert decoded.problems == ("link type 8 is neither Ethernet nor raw IP",)
