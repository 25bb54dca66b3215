"""The ``struct`` codec gives exactly what scapy gives: the same octets for every frame it
builds (mipviz.wire.struct_encode) and the same model, checksum verdict and problems for every
frame it reads (mipviz.wire.struct_decode), on every frame of every bundled lesson, on a small
run of the engine benchmark's scale scenario, on Hypothesis-generated models, and on lesson
frames with octets changed at random (which either fall back to scapy or decode the same)."""

from __future__ import annotations

import random
from functools import cache
from ipaddress import IPv6Address
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mipviz import wire
from mipviz.model import messages as m
from mipviz.wire import struct_decode, struct_encode
from mipviz.wire.decode import _decode
from mipviz.wire.encode import mobility_header_bytes, mobility_header_layer, scapy_encode_frame
from tests.conftest import bundled_lesson_ids, lesson_run
from tests.scale_scenario import scale_steps
from tests.test_wire_roundtrip import (
    addresses,
    frames,
    icmpv6_messages,
    macs,
    mobility_messages,
    uint8,
)

REPO = Path(__file__).resolve().parent.parent


def _scapy_decode(octets: bytes) -> m.DecodedFrame:
    return _decode(octets, 1, use_struct=False)


@cache
def _lesson_frames() -> tuple[tuple[m.EthernetFrame, bytes], ...]:
    return tuple((step.frame, step.frame_bytes) for lesson in bundled_lesson_ids()
                 for step in lesson_run(lesson).timeline
                 if step.frame is not None and step.frame_bytes is not None)


@cache
def _scale_frames() -> tuple[tuple[m.EthernetFrame, bytes], ...]:
    """Every frame of the engine benchmark's scale scenario with 20 mobile nodes: moves,
    home registrations, proxy NAs, tunnelled echoes, Return Routability, BUs to the CN."""
    return tuple((step.frame, step.frame_bytes) for step in scale_steps(20)
                 if step.frame is not None and step.frame_bytes is not None)


def _assert_same_octets(frames_and_octets: tuple[tuple[m.EthernetFrame, bytes], ...]) -> int:
    built = 0
    for frame, octets in frames_and_octets:
        assert scapy_encode_frame(frame) == octets
        fast = struct_encode.encode_frame(frame)
        if fast is not None:
            built += 1
            assert fast == octets
        payload = frame.packet.innermost.payload
        if isinstance(payload, m.MobilityMessage):
            assert mobility_header_bytes(payload) == bytes(mobility_header_layer(payload, 0))
    return built


def _assert_same_reading(frames_and_octets: tuple[tuple[m.EthernetFrame, bytes], ...]) -> int:
    read = 0
    for _, octets in frames_and_octets:
        read += struct_decode.decode_frame(octets) is not None
        assert _decode(octets, 1) == _scapy_decode(octets)
    return read


def test_every_lesson_frame_is_built_and_read_as_scapy_does() -> None:
    frames_and_octets = _lesson_frames()
    # the common frames take the struct path (BID, PMIPv6, FMIPv6, discovery, ESP do not)
    assert _assert_same_octets(frames_and_octets) > 0.9 * len(frames_and_octets)
    assert _assert_same_reading(frames_and_octets) > 0.9 * len(frames_and_octets)


def test_every_scale_scenario_frame_is_built_and_read_as_scapy_does() -> None:
    frames_and_octets = _scale_frames()
    kinds = {type(frame.packet.innermost.payload) for frame, _ in frames_and_octets}
    assert {m.BindingUpdate, m.BindingAcknowledgement, m.HomeTestInit, m.CareofTestInit,
            m.HomeTest, m.CareofTest, m.EchoRequest, m.EchoReply,
            m.NeighborAdvertisement, m.RouterAdvertisement} <= kinds
    assert any(isinstance(frame.packet.payload, m.IPv6Packet) for frame, _ in frames_and_octets)
    assert _assert_same_octets(frames_and_octets) == len(frames_and_octets)
    assert _assert_same_reading(frames_and_octets) == len(frames_and_octets)


def test_changed_octets_fall_back_to_scapy_or_read_the_same() -> None:
    """Lesson frames with one to three octets overwritten: wrong checksums, reserved bits,
    lengths, Hop Limits of ND messages, Segments Left, option types. Whatever the struct
    reader accepts, it reads as scapy does, problems included."""
    rng = random.Random(6275)
    frames_and_octets = _lesson_frames()
    accepted = with_problems = 0
    for _ in range(3000):
        octets = bytearray(rng.choice(frames_and_octets)[1])
        for _ in range(rng.randint(1, 3)):
            octets[rng.randrange(len(octets))] = rng.randrange(256)
        data = bytes(octets)
        fast = struct_decode.decode_frame(data)
        reference = _scapy_decode(data)
        assert _decode(data, 1) == reference
        if fast is not None:
            accepted += 1
            with_problems += bool(fast[1])
            assert fast == (reference.frame, reference.problems)
    assert accepted > 100  # changed addresses, identifiers, sequence numbers, ...


_SETTINGS = settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(frames)
def test_any_model_is_built_as_scapy_builds_it(frame: m.EthernetFrame) -> None:
    try:
        reference = scapy_encode_frame(frame)
    except ValueError:  # no faithful encoding: the struct path must not invent one
        assert struct_encode.encode_frame(frame) is None
        return
    fast = struct_encode.encode_frame(frame)
    assert fast is None or fast == reference
    assert _decode(reference, 1) == _scapy_decode(reference)


# Models inside the struct subset, with the value-dependent problems the reader must report:
# Segments Left other than 1, two HAOs, a HAO before the RH2 or on a non-BU, ND Hop Limits
# other than 255, options not valid in their message, a BAD that is not last.
subset_headers = st.lists(st.one_of(
    st.builds(m.RoutingHeaderType2, addresses, uint8),
    st.builds(m.DestinationOptionsHeader, st.lists(st.one_of(
        st.builds(m.HomeAddressOption, addresses),
        st.builds(m.TunnelEncapsulationLimit, uint8)), min_size=1, max_size=3).map(tuple)),
), max_size=2).map(tuple)


def _subset_packets(depth: int) -> st.SearchStrategy[m.IPv6Packet]:
    leaves = st.one_of(mobility_messages, icmpv6_messages)
    payload = leaves if depth == 0 else st.one_of(leaves, _subset_packets(depth - 1))
    hop_limits = st.one_of(st.just(255), uint8)
    return st.builds(m.IPv6Packet, addresses, addresses, payload, hop_limits, subset_headers,
                     uint8, st.integers(0, 2**20 - 1))


@_SETTINGS
@given(st.builds(m.EthernetFrame, macs, macs, _subset_packets(2)))
def test_subset_models_take_the_struct_path_with_scapy_s_octets_and_problems(
        frame: m.EthernetFrame) -> None:
    try:
        reference = scapy_encode_frame(frame)
    except ValueError:
        assert struct_encode.encode_frame(frame) is None
        return
    innermost = frame.packet.innermost.payload
    inside = not isinstance(innermost, m.UnknownMobilityMessage | m.ParameterProblem
                            | m.DestinationUnreachable | m.UnknownICMPv6) and not any(
        isinstance(option, m.UnknownMobilityOption) for option in getattr(innermost, "options", ()))
    fast = struct_encode.encode_frame(frame)
    if inside:
        assert fast == reference
        read = struct_decode.decode_frame(reference)
        assert read is not None
        scapy_read = _scapy_decode(reference)
        assert read == (scapy_read.frame, scapy_read.problems)
        assert scapy_read.frame == frame
    else:
        assert fast is None or fast == reference
    assert _decode(reference, 1) == _scapy_decode(reference)


def test_a_model_with_no_encoding_still_gets_scapy_s_error() -> None:
    """A 70,000-octet UDP datagram does not fit the 16-bit lengths: the struct path declines
    and the encoder raises the ValueError the scapy path always raised."""
    frame = m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02", m.IPv6Packet(
        IPv6Address("2001:db8::1"), IPv6Address("2001:db8::2"), m.UDPDatagram(1, 2, bytes(70000))))
    assert struct_encode.encode_frame(frame) is None
    with pytest.raises(ValueError):
        wire.encode_frame(frame)
