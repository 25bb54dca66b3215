"""`mipviz dump CAPTURE... [--format text|jsonl]` (DESIGN.md: the command-line contract, the
JSON-lines step record, exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_capture_frames import CN, HA, HOA, ethernet, ipv6, pcap, pcapng, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import fanout, forks, replay, survey
from mipviz.capture.reader import read_records
from mipviz.capture.record import LineRenderer, capture_record, record_line
from mipviz.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "captures"
CAPTURES = sorted(SHARED.glob("*/*.pcap")) if SHARED.is_dir() else []
KEYS = ["step", "time", "link", "tx", "rx", "src", "dst", "summary", "mh", "hao", "rh2",
        "tunnel", "inner_src", "inner_dst", "checksum_ok", "problems", "events", "bytes"]


def _jsonl(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[dict[str, object]]:
    assert main(["dump", *arguments, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _registration(tmp_path: Path) -> Path:
    return write(tmp_path, "reg.pcap", pcap([(0, ethernet(bu_to_ha(7))),
                                             (1_000_000, ethernet(ba_from_ha(7)))]))


def test_jsonl_records_follow_the_design(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    records = _jsonl(capsys, str(_registration(tmp_path)))
    assert [list(record) for record in records] == [KEYS, KEYS]
    first, second = records
    assert (first["step"], first["time"], first["link"], first["tx"], first["rx"]) == (
        1, 0.0, "reg", "MN", "HA")
    assert (first["mh"], first["hao"], first["rh2"], first["tunnel"]) == (
        "Binding Update", HOA, None, 0)
    assert first["checksum_ok"] is True and first["summary"].startswith("Binding Update seq 7")
    assert (second["mh"], second["rh2"], second["time"]) == (
        "Binding Acknowledgement", HOA, 1.0)
    assert bytes.fromhex(str(first["bytes"])) == ethernet(bu_to_ha(7))


def test_records_carry_the_same_keys_as_a_lesson_trace() -> None:
    from conftest import lesson_run

    from mipviz.records import step_record

    step = next(iter(lesson_run("home-registration").timeline))
    assert [key for key in step_record(step) if key != "narration"] == KEYS


def test_text_format_names_nodes_and_shows_problems(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "dereg.pcap", pcap([ethernet(bu_to_ha(8, lifetime=0))]))
    assert main(["dump", str(path)]) == 0
    text = capsys.readouterr().out
    assert "# MN: mobile-node 2001:db8:1::100, 2001:db8:2::100" in text
    assert "MN->HA" in text and "Binding Update seq 8 A H lifetime 0s" in text
    assert "! RFC 6275 10.3.2" in text


@pytest.mark.parametrize("content", [b"", b"hello, world\n", bytes(100)])
def test_a_file_that_is_not_a_capture_exits_1(tmp_path: Path, content: bytes,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "junk.pcap", content)
    good = _registration(tmp_path)
    assert main(["dump", str(good), str(path), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "junk.pcap" in captured.err


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", str(tmp_path / "missing.pcap")]) == 1
    assert "missing.pcap" in capsys.readouterr().err


def test_no_capture_is_a_usage_error() -> None:
    assert main(["dump"]) == 2


def test_broken_packets_still_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = pcap([ethernet(bu_to_ha(7)), b"\x00" * 3, ethernet(ba_from_ha(7))], linktype=1)
    path = write(tmp_path, "broken.pcap", whole[:-20])
    records = _jsonl(capsys, str(path))
    assert len(records) == 3
    assert records[1]["problems"] and any("file ends" in p for p in records[2]["problems"])


def test_captures_merge_by_timestamp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    early = write(tmp_path, "early.pcap", pcap([(0, ethernet(bu_to_ha(7))),
                                                (2_000_000, ethernet(bu_to_ha(9)))]))
    late = write(tmp_path, "late.pcap", pcap([(1_000_000, ethernet(ba_from_ha(7)))]))
    records = _jsonl(capsys, str(late), str(early))
    assert [(r["step"], r["link"], r["mh"]) for r in records] == [
        (1, "early", "Binding Update"), (2, "late", "Binding Acknowledgement"),
        (3, "early", "Binding Update")]


def test_pcapng_interfaces_are_links_and_comments_are_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "two.pcapng", pcapng(
        [(1, "wlan0"), (229, None)],
        [(0, 0, ethernet(bu_to_ha(7)), "the MN registers"), (1, 5, ba_from_ha(7), None)]))
    records = _jsonl(capsys, str(path))
    assert [r["link"] for r in records] == ["two/wlan0", "two/if1"]
    assert records[0]["comment"] == "the MN registers" and "comment" not in records[1]


def test_fast_renderer_matches_json_dumps_of_the_record(tmp_path: Path) -> None:
    packets = [ethernet(bu_to_ha(7)), ethernet(ba_from_ha(7)), b"\x01\x02",
               ethernet(ipv6(CN, HOA, 41, ipv6(HA, HOA, 59, b""))),
               ethernet(bu_to_ha(7, hop_limit=63))]
    found = survey.survey(survey.open_captures([write(tmp_path, "x.pcap", pcap(packets))]))
    renderer = LineRenderer()
    for observed in replay.observe(found):
        assert renderer.line(observed) == record_line(capture_record(observed)) + "\n"


def test_parallel_ranges_give_the_same_output(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A range of steps rendered alone gives what the whole run gives (hops included)."""
    monkeypatch.setattr(survey, "RECENT_PACKETS", 16)
    monkeypatch.setattr(replay, "RECENT_PACKETS", 16)
    monkeypatch.setattr(survey, "PARALLEL_PACKETS", 10)
    frames = []
    for index in range(150):
        frames.append((index * 10, ethernet(bu_to_ha(index))))
        frames.append((index * 10 + 1, ethernet(bu_to_ha(index, hop_limit=63))))
        frames.append((index * 10 + 2, ethernet(ba_from_ha(index))))
    captures = survey.open_captures([write(tmp_path, "p.pcap", pcap(frames))])
    results: list[bool] = []

    class Recorded(forks.Child):
        def result(self) -> tuple[bool, object]:
            done, value = super().result()
            results.append(done)
            return done, value

    monkeypatch.setattr(survey, "Child", Recorded)

    def render(*step: object) -> str:
        return record_line(capture_record(replay.Observed(*step))) + "\n"  # type: ignore[arg-type]

    outputs = []
    # a small capture is read by one process and kept for pass 2 (whose ranges then parse
    # nothing again); with nothing kept, pass 1 is split into ranges too
    for retain_octets in (survey.RETAIN_OCTETS, 0):
        monkeypatch.setattr(survey, "RETAIN_OCTETS", retain_octets)
        for workers in (1, 3):
            found = survey.survey(captures, workers=workers)
            assert (found.retained is not None) == (retain_octets > 0)
            path = tmp_path / f"out{workers}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                fanout.emit(found, render, out, workers=workers)
            outputs.append(path.read_text(encoding="utf-8"))
    assert len(set(outputs)) == 1 and outputs[0].count("\n") == 450
    assert "one hop further" in outputs[0] and "binding cache add" in outputs[0]
    assert results == [True, True]  # the children did their ranges (no fallback)


@pytest.mark.skipif(not CAPTURES, reason="shared captures not beside the clone")
def test_python_dash_m_dumps_every_shared_capture() -> None:
    """Every shared capture, in a subprocess as a user runs it: exit 0, one record a packet."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "mipviz", "dump", *map(str, CAPTURES),
                             "--format", "jsonl"], capture_output=True, text=True,
                            env=environment, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    records = [json.loads(line) for line in result.stdout.splitlines()]
    total = sum(1 for path in CAPTURES for _ in read_records(path))
    assert [record["step"] for record in records] == list(range(1, total + 1))
    assert all(list(record)[: len(KEYS)] == KEYS for record in records)


def test_retained_packets_give_the_same_output(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 2 from what pass 1 kept, or reading and parsing again: the same records."""
    frames = [(index, ethernet(frame)) for index, frame in enumerate(
        [bu_to_ha(1), bu_to_ha(1, hop_limit=63), ba_from_ha(1), b"\x00" * 20,
         ipv6(CN, HOA, 41, ipv6(HA, HOA, 59, b""))])]
    captures = survey.open_captures([write(tmp_path, "r.pcap", pcap(frames))])
    outputs = []
    for retain in (True, False):
        if not retain:
            monkeypatch.setattr(survey, "RETAIN_PACKETS", 0)
        found = survey.survey(captures, workers=1)
        assert (found.retained is not None) is retain
        outputs.append([record_line(capture_record(o)) for o in replay.observe(found)])
    assert outputs[0] == outputs[1] and len(outputs[0]) == 5
