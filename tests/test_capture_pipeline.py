"""Both passes split by octets (mipviz.capture.pipeline) give what one process gives."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import fanout, pipeline, replay, survey
from mipviz.capture.reader import Resume, read_records, record_offsets
from mipviz.capture.record import LineRenderer


@pytest.fixture(params=[16, 128, 256])
def capture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            request: pytest.FixtureRequest) -> survey.CaptureSet:
    """450 steps: each BU seen twice (two hops), then its BA. Generations of 16 steps; of
    128 (two parts may begin at the same generation: one is empty) and of 256 (the file ends
    before some parts' first generation)."""
    for module in (survey, replay):
        monkeypatch.setattr(module, "RECENT_PACKETS", request.param)
    monkeypatch.setattr(pipeline, "PARALLEL_OCTETS", 1000)
    monkeypatch.setattr(pipeline, "SPLIT_BELOW_WALKED", 2.0)  # split all signalling too
    frames = []
    for index in range(150):
        frames.append((index * 10, ethernet(bu_to_ha(index))))
        frames.append((index * 10 + 1, ethernet(bu_to_ha(index, hop_limit=63))))
        frames.append((index * 10 + 2, ethernet(ba_from_ha(index))))
    return survey.open_captures([write(tmp_path, "p.pcap", pcap(frames))])


def _dump(captures: survey.CaptureSet, workers: int) -> str:
    out = io.StringIO()
    pipeline.survey_and_emit(captures, LineRenderer().line_of, out,
                             lambda found: f"# {found.packets} packets\n", workers=workers)
    return out.getvalue()


def test_every_split_gives_the_same_text(capture: survey.CaptureSet) -> None:
    alone = _dump(capture, 1)
    assert alone.count("\n") == 451 and alone.startswith("# 450 packets\n")
    assert "one hop further" in alone and "binding cache add" in alone
    for workers in (2, 3, 5):
        assert _dump(capture, workers) == alone


def test_a_worker_that_fails_changes_nothing(capture: survey.CaptureSet,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _dump(capture, 1)
    leader = os.getpid()
    work = pipeline._work

    def failing_scan(*arguments: object) -> None:
        raise RuntimeError("the worker fails before its pass 1 is sent")

    monkeypatch.setattr(pipeline, "_work", failing_scan)
    assert _dump(capture, 3) == alone

    def failing_render(captures: survey.CaptureSet, start: int, end: int,
                       render: fanout.Render, *rest: object) -> None:
        def broken(*step: object) -> str:
            if os.getpid() != leader:
                raise RuntimeError("the worker fails in pass 2")
            return render(*step)
        work(captures, start, end, broken, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_work", failing_render)
    assert _dump(capture, 3) == alone


def test_records_before_counts_as_the_reader_reads(tmp_path: Path) -> None:
    """Header-only walking and resuming agree with read_records, cut-short files included."""
    whole = pcap([(index, ethernet(bu_to_ha(index))) for index in range(20)])
    for cut in (len(whole), len(whole) - 5, len(whole) - 100, 24 + 10, 24):
        path = write(tmp_path, f"cut{cut}.pcap", whole[:cut])
        offsets = [record.offset for record in read_records(path)]
        for offset in sorted({0, 24, 25, cut // 2, cut, cut + 1, *offsets}):
            assert list(record_offsets(path, offset)) == [at for at in offsets if at < offset]
        for number, at in enumerate(offsets, 1):  # resuming there reads what follows
            resumed = read_records(path, resume=Resume(at, number))
            assert list(resumed) == list(read_records(path))[number - 1:]


def test_mostly_signalling_is_read_by_one_process_and_dumps_the_same(
        capture: survey.CaptureSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every packet of the fixture is signalling: pass 1 stays in this process (no worker
    pickles its signals back), pass 2 is forked; the text is what one process writes."""
    alone = _dump(capture, 1)
    assert pipeline.walked_share(capture.paths[0]) == 1.0
    monkeypatch.setattr(pipeline, "SPLIT_BELOW_WALKED", 0.6)
    monkeypatch.setattr(fanout, "MINIMUM_PACKETS", 100)
    led: list[bool] = []
    lead = pipeline._lead

    def spied(*arguments: object) -> survey.Survey:
        led.append(True)
        return lead(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_lead", spied)
    assert _dump(capture, 2) == alone
    assert led == []
    monkeypatch.setattr(pipeline, "SPLIT_BELOW_WALKED", 2.0)
    assert _dump(capture, 2) == alone
    assert led == [True]


def test_a_data_mix_is_split(tmp_path: Path) -> None:
    """Plain UDP between two hosts is never walked: such a capture is split."""
    from test_capture_frames import CN, HA, ipv6

    frames = [(index, ethernet(ipv6(CN, HA, 17, bytes(8)))) for index in range(300)]
    path = write(tmp_path, "data.pcap", pcap(frames))
    assert pipeline.walked_share(str(path)) == 0.0
    assert pipeline.walked_share(str(tmp_path / "missing.pcap")) == 0.0
