"""`dump` of a capture too big to keep, in bounded memory (mipviz.capture.streamed): the
same text, octet for octet, as the survey-then-emit path, in any split across processes; and
nothing per step left behind once written."""

from __future__ import annotations

import glob
import io
import os
import sys
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import pipeline, replay, streamed, survey
from mipviz.capture.fanout import emit
from mipviz.capture.reader import CaptureFormatError
from mipviz.capture.recent import Latest
from mipviz.capture.record import LineRenderer
from mipviz.capture.replay import Observed
from mipviz.capture.state import StateBook
from mipviz.commands.dump import _text_header, _text_lines

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "captures"


def _text(*step: object) -> str:
    return _text_lines(Observed(*step))  # type: ignore[arg-type]


def _kept(captures: survey.CaptureSet, text: bool) -> str:
    """The survey-then-emit path, in one process."""
    out = io.StringIO()
    found = survey.survey(captures, snapshots=False, workers=1)
    if text:
        out.write(_text_header(found))
    emit(found, _text if text else LineRenderer().line_of, out, 1)
    return out.getvalue()


def _streamed(captures: survey.CaptureSet, text: bool, workers: int) -> str:
    out = io.StringIO()
    streamed.stream_dump(captures, _text if text else LineRenderer().line_of, out,
                         _text_header if text else None, workers)
    return out.getvalue()


@pytest.fixture(params=[16, 128])
def generations(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Short generations, so that ranges start and warm up all over a small capture."""
    for module in (survey, replay):
        monkeypatch.setattr(module, "RECENT_PACKETS", request.param)
    return int(request.param)


@pytest.fixture(scope="module")
def signalling(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 packets of signalling_bench's mix: 30 mobile nodes registering, refreshing,
    retransmitting (never acknowledged),
    Return Routability, correspondent BUs/BAs, BRRs, Binding Errors, two hops each."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from signalling_bench import LINKTYPE_ETHERNET, Generator, write_capture

    path = tmp_path_factory.mktemp("streamed") / "signalling.pcap"
    write_capture(path, Generator(30, 0.85).generate(10_000), LINKTYPE_ETHERNET)
    return path


def test_a_signalling_capture_dumps_the_same_in_any_split(
        signalling: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (survey, replay):  # ranges start and warm up all over the capture
        monkeypatch.setattr(module, "RECENT_PACKETS", 512)
    captures = survey.open_captures([signalling])
    for text in (False, True):
        kept = _kept(captures, text)
        assert "the capture shows no Binding Acknowledgement" in kept
        assert "keygen token" in kept and "one hop further" in kept
        for workers in (1, 3):
            assert _streamed(captures, text, workers) == kept, (text, workers)


def test_hops_and_unanswered_updates_dump_the_same(tmp_path: Path, generations: int) -> None:
    frames = []
    for index in range(150):  # each BU seen twice (two hops); every fifth never answered
        at = index * 500_000 + (index // 30) * 10_000_000  # a 10 s gap every 30: expiries
        frames.append((at, ethernet(bu_to_ha(index, lifetime=1))))
        frames.append((at + 1, ethernet(bu_to_ha(index, lifetime=1, hop_limit=63))))
        if index % 5 and index != 149:  # the last one too: it is flagged at the end
            frames.append((at + 2, ethernet(ba_from_ha(index, lifetime=1))))
    captures = survey.open_captures([write(tmp_path, "p.pcap", pcap(frames))])
    kept = _kept(captures, False)
    assert "one hop further" in kept and "binding cache add" in kept
    assert "expired" in kept and "the capture shows no Binding Acknowledgement" in kept
    for workers in (1, 2, 3, 7):
        assert _streamed(captures, False, workers) == kept


def test_every_shared_capture_and_a_merge_dump_the_same() -> None:
    files = sorted(path for path in glob.glob(str(SHARED / "**" / "*"), recursive=True)
                   if path.endswith((".pcap", ".pcapng", ".cap")))
    assert len(files) >= 10
    compared = 0
    for paths in [[path] for path in files] + [files[:3]]:
        try:
            captures = survey.open_captures(paths)
        except CaptureFormatError:
            continue
        for text in (False, True):
            kept = _kept(captures, text)
            assert _streamed(captures, text, 1) == kept, paths
            assert _streamed(captures, text, 3) == kept, paths
        compared += 1
    assert compared >= 10


def test_dump_streams_a_capture_too_big_to_keep(signalling: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    captures = survey.open_captures([signalling])
    kept = io.StringIO()
    pipeline.survey_and_emit(captures, LineRenderer().line_of, kept, workers=2)
    used: list[int] = []
    stream = streamed.stream_dump

    def spied(*arguments: object, **keywords: object) -> object:
        used.append(1)
        return stream(*arguments, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(streamed, "stream_dump", spied)
    monkeypatch.setattr(survey, "RETAIN_OCTETS", 1000)
    out = io.StringIO()
    pipeline.survey_and_emit(captures, LineRenderer().line_of, out, workers=2)
    assert used and out.getvalue() == kept.getvalue()


def test_a_range_whose_process_fails_is_rendered_by_the_leader(
        signalling: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    captures = survey.open_captures([signalling])
    kept = _kept(captures, False)
    leader = os.getpid()
    render = streamed.render_range

    def failing(*arguments: object) -> None:
        if os.getpid() != leader:
            raise RuntimeError("the worker fails in pass 2")
        render(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(streamed, "render_range", failing)
    assert _streamed(captures, False, 3) == kept


def test_nothing_per_step_is_kept_once_replayed(signalling: Path) -> None:
    """The replay keeps the binding state, never a step's notes: after the whole capture
    the book holds no events, problems or changes of any step."""
    found = streamed.read_roles(survey.open_captures([signalling]))
    assert found.packets == 10_000 and len(found.bookmarks) == 10_000 // 4096 + 1
    streamed.replay_all(found)
    assert found.unacknowledged
    live = streamed.replayed_to(found, 5_001)  # where the second of two ranges starts
    book: StateBook = live.book
    assert not book.events and not book.problems and not book._changed
    assert book.caches and live.unacknowledged is found.unacknowledged


def test_the_latest_keys_only_are_kept() -> None:
    latest: Latest[int, str] = Latest(3)
    for key in range(5):
        latest[key] = str(key)
    assert list(latest) == [2, 3, 4]
    latest[2] = "again"  # set again: now the latest
    latest[5] = "5"
    assert list(latest.items()) == [(4, "4"), (2, "again"), (5, "5")]
