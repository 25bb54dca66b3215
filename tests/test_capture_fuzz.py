"""Fuzz the capture reader and the whole replay: truncated frames, flipped bits, spliced frames
and broken files must never raise; every record still comes out, as valid JSON.

Seeded (the same cases every run) and bounded in time (about 15 s in all), so it runs in CI.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from test_capture_esp import encrypted, esp_ba, esp_bu, esp_tunnel_hoti
from test_capture_frames import ethernet, home_registration, pcap, pcapng, write
from test_capture_pmip_ipv4 import pba4, pbu4
from test_capture_replay import _pba, _pbu, ba_from_ha, bu_to_ha

from mipviz.capture.reader import CaptureFormatError, read_records
from mipviz.capture.record import LineRenderer, capture_record
from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import open_captures, survey

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "captures"
SEED = 20240611
BUDGET_SECONDS = 6.0


def _corpus() -> list[tuple[int, bytes]]:
    """(link type, frame) from the shared captures and from every builder."""
    corpus = [(1, ethernet(frame)) for frame in (
        bu_to_ha(7), ba_from_ha(7), home_registration(), _pbu(1), _pba(1), esp_bu(7),
        esp_ba(7, icv=16), encrypted(esp_bu(8)), esp_tunnel_hoti())]
    corpus += [(1, pbu4(1)), (1, pba4(1)), (1, pbu4(2, inner_ipv6=True))]
    for path in sorted(SHARED.glob("*/*.pcap")) if SHARED.is_dir() else []:
        corpus.extend((record.linktype, record.data) for record in read_records(path)
                      if record.data)
    return corpus


def _mutate(rng: random.Random, frame: bytes, corpus: list[tuple[int, bytes]]) -> bytes:
    data = bytearray(frame)
    choice = rng.randrange(4)
    if choice == 0 and data:  # truncate
        del data[rng.randrange(len(data)) :]
    elif choice == 1 and data:  # flip bits, mostly in the headers
        for _ in range(rng.randint(1, 6)):
            index = min(int(rng.expovariate(1 / 40)), len(data) - 1)
            data[index] ^= 1 << rng.randrange(8)
    elif choice == 2:  # splice: the head of one frame, the tail of another
        other = rng.choice(corpus)[1]
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + other[rng.randrange(len(other) + 1) :]
    else:  # overwrite a length-like octet with an extreme value
        if data:
            data[rng.randrange(min(len(data), 80))] = rng.choice((0, 1, 0x7F, 0xFF))
    return bytes(data)


def _replay_all(path: Path) -> int:
    found = survey(open_captures([path]))
    renderer = LineRenderer()
    count = 0
    for observed in observe(found):
        line = renderer.line(observed)
        if count % 7 == 0:
            assert json.loads(line) == capture_record(observed)
        count += 1
    assert count == found.packets
    return count


def test_mutated_frames_never_raise(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    corpus = _corpus()
    deadline = time.monotonic() + BUDGET_SECONDS
    rounds = 0
    while time.monotonic() < deadline or rounds < 20:
        linktype = rng.choice((1, 1, 1, 101, 229, 113, 276, 0, 8))
        frames = [_mutate(rng, rng.choice(corpus)[1], corpus) for _ in range(rng.randint(1, 40))]
        path = write(tmp_path, f"fuzz{rounds % 4}.pcap",
                     pcap([(rng.randrange(1 << 40), frame) for frame in frames],
                          linktype=linktype))
        assert _replay_all(path) == len(frames)
        rounds += 1
    assert rounds >= 20


def test_broken_files_are_refused_or_read(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    good = [pcap([ethernet(bu_to_ha(i)) for i in range(5)]),
            pcapng([(1, "eth0"), (229, None)],
                   [(i % 2, i, ethernet(ba_from_ha(i)) if i % 2 == 0 else bu_to_ha(i), "c")
                    for i in range(5)])]
    deadline = time.monotonic() + BUDGET_SECONDS
    rounds = 0
    while time.monotonic() < deadline or rounds < 50:
        data = bytearray(rng.choice(good))
        for _ in range(rng.randint(1, 4)):
            if not data:
                break
            if rng.random() < 0.3:
                del data[rng.randrange(len(data)) :]
            else:
                data[rng.randrange(min(len(data), 64) if rng.random() < 0.5
                                   else len(data))] = rng.randrange(256)
        path = write(tmp_path, f"file{rounds % 4}.pcap", bytes(data))
        try:
            _replay_all(path)
            build_timeline([path])
        except CaptureFormatError:
            pass  # not a capture any more: `mipviz dump` exits 1 with the message
        rounds += 1
    assert rounds >= 50


@pytest.mark.parametrize("size", range(0, 90, 7))
def test_every_truncation_of_a_registration(tmp_path: Path, size: int) -> None:
    for frame in (ethernet(home_registration()), ethernet(ba_from_ha(7))):
        path = write(tmp_path, "cut.pcap", pcap([frame[:size]]))
        assert _replay_all(path) == 1
