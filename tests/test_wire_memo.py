"""The codec's hop memo gives exactly the octets and the model a fresh scapy build and
dissection give (scapy itself, not the struct codec): for every frame of every bundled
lesson, and for each hop of random MACs and Hop Limits (mipviz.wire.encode._encode_hop,
mipviz.wire.decode._decode_hop)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz import wire
from mipviz.engine.messages import EthernetFrame
from mipviz.wire.decode import _decode
from mipviz.wire.encode import scapy_encode_frame
from tests.conftest import bundled_lesson_ids, lesson_run


def _frames() -> list[tuple[EthernetFrame, bytes]]:
    return [(step.frame, step.frame_bytes) for lesson in bundled_lesson_ids()
            for step in lesson_run(lesson).timeline
            if step.frame is not None and step.frame_bytes is not None]


def test_every_lesson_frame_matches_a_fresh_scapy_build_and_dissection() -> None:
    frames = _frames()
    assert len(frames) > 500
    for frame, octets in frames:
        assert wire.encode_frame(frame) == scapy_encode_frame(frame) == octets
        assert wire.decode_frame(octets) == _decode(octets, 1, use_struct=False)


macs = st.binary(min_size=6, max_size=6).map(
    lambda raw: ":".join(f"{b:02x}" for b in bytes([raw[0] & 0xFE]) + raw[1:]))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), macs, macs, st.integers(0, 255))
def test_any_hop_matches_a_fresh_build(index: int, source: str, destination: str,
                                       hop_limit: int) -> None:
    frames = _frames()
    frame, _ = frames[index % len(frames)]
    hop = EthernetFrame(source, destination,
                        dataclasses.replace(frame.packet, hop_limit=hop_limit))
    octets = wire.encode_frame(hop)
    assert octets == scapy_encode_frame(hop)
    assert wire.decode_frame(octets) == _decode(octets, 1, use_struct=False)
