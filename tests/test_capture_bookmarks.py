"""Bookmarks: reading again from step n gives exactly what reading from the start gives from
step n on, for pcap, multi-section pcapng and several captures merged, and pass 2 over a
range read from a bookmark is the whole run's range."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_capture_frames import CN, HA, HOA, ethernet, ipv6, pcap, pcapng, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import replay, survey
from mipviz.capture.bookmarks import marked_records, records_from
from mipviz.capture.record import capture_record, record_line
from mipviz.capture.survey import merged_records, open_captures
from tests.replay_helpers import CAPTURES, write_big_capture


def _frames(count: int) -> list[bytes]:
    cycle = [bu_to_ha(1), bu_to_ha(1, hop_limit=63), ba_from_ha(1),
             ipv6(CN, HOA, 41, ipv6(HA, HOA, 59, b"")), b"\x00" * 20]
    return [cycle[index % len(cycle)] for index in range(count)]


def _two_sections(tmp_path: Path) -> Path:
    """Two pcapng sections: the second redefines the interfaces (raw IPv6 first, then
    Ethernet), so resuming inside it needs the second section's interfaces."""
    frames = _frames(14)
    first = pcapng([(1, "eth0")], [(0, 10 * i, ethernet(f), None)
                                   for i, f in enumerate(frames[:7])])
    second = pcapng([(229, "tun0"), (1, "eth1")],
                    [(i % 2, 1000 + 10 * i, f if i % 2 == 0 else ethernet(f), f"p{i}")
                     for i, f in enumerate(frames[7:])])
    return write(tmp_path, "two.pcapng", first + second)


def _check_every_bookmark(paths: list[str], every: int) -> int:
    marks: dict = {}
    whole = list(marked_records(paths, every, marks))
    assert whole == list(merged_records(open_captures(paths)))  # marking changes nothing
    assert 1 in marks or not whole
    for step, bookmark in marks.items():
        assert list(records_from(paths, bookmark)) == whole[step - 1:], f"step {step}"
    return len(marks)


def test_a_pcap_resumes_at_every_bookmark(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pcap", pcap([ethernet(f) for f in _frames(25)]))
    assert _check_every_bookmark([str(path)], 4) == 7  # steps 1, 4, 8, ... 24


def test_a_pcapng_of_two_sections_resumes_with_the_second_sections_interfaces(
        tmp_path: Path) -> None:
    path = _two_sections(tmp_path)
    assert _check_every_bookmark([str(path)], 3) == 5


def test_merged_captures_resume_in_every_file_at_once(tmp_path: Path) -> None:
    """Interleaved times, ties between files (file order breaks them), one file ending
    early: every bookmark resumes all three at the right record."""
    a = write(tmp_path, "a.pcap", pcap([(100 * i, ethernet(f)) for i, f in
                                        enumerate(_frames(12))]))
    b = write(tmp_path, "b.pcap", pcap([(100 * i + 50, ethernet(f)) for i, f in
                                        enumerate(_frames(5))]))
    c = _two_sections(tmp_path)  # times 0..1130: ties with a at 0..600
    for every in (1, 2, 5):
        _check_every_bookmark([str(a), str(b), str(c)], every)


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="no shared captures")
def test_every_shared_capture_resumes_at_every_bookmark() -> None:
    for path in sorted(CAPTURES.rglob("*.pcap*")):
        _check_every_bookmark([str(path)], 2)


def test_pass_2_over_a_range_read_from_a_bookmark_is_the_whole_runs_range(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No packets kept by pass 1 (a big capture): a window of steps far into the capture is
    read from the bookmark before it and is what the whole run gives for those steps."""
    path = write_big_capture(tmp_path / "big.pcap", 20_000)
    monkeypatch.setattr(survey, "RETAIN_PACKETS", 0)
    found = survey.survey(open_captures([path]), workers=1)
    assert found.retained is None and len(found.bookmarks) == 20_000 // 4096 + 1
    whole = [record_line(capture_record(o)) for o in replay.observe(found)]
    for first, last in ((1, 10), (4096, 4200), (9000, 9100), (19_990, 20_000)):
        part = [record_line(capture_record(o)) for o in replay.observe(found, first, last)]
        assert part == whole[first - 1:last], (first, last)


def _same_steps(windowed, whole, order) -> None:  # type: ignore[no-untyped-def]
    for index in order:
        assert windowed[index] == whole[index], index
        assert windowed.link_type(index) == whole.link_type(index)
    for index in (0, len(whole) // 2, len(whole)):
        assert windowed.states_at(index) == whole.states_at(index)


@pytest.mark.parametrize("retain", [True, False])
def test_the_windowed_timeline_is_the_whole_timeline_in_any_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, retain: bool) -> None:
    """Steps made a window at a time, asked for backwards, by jumps and in order, are the
    steps timeline_of makes up front (with or without the packets pass 1 kept)."""
    import random

    from mipviz.capture import window
    from mipviz.capture.replay import timeline_of

    monkeypatch.setattr(window, "WINDOW", 300)
    monkeypatch.setattr(window, "KEPT_WINDOWS", 3)
    if not retain:
        monkeypatch.setattr(survey, "RETAIN_PACKETS", 0)
    path = write_big_capture(tmp_path / "big.pcap", 10_000)
    found = survey.survey(open_captures([path]), workers=1)
    whole = timeline_of(found)
    windowed = window.windowed_timeline(found)
    assert len(windowed) == len(whole) == 10_000
    order = [10_000, 9_999, 1, 2, 5_000, *range(4_000, 4_700), *random.Random(4).sample(
        range(1, 10_001), 300), *range(9_000, 8_500, -1)]
    _same_steps(windowed, whole, order)


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="no shared captures")
def test_every_shared_capture_windowed_is_its_whole_timeline() -> None:
    from mipviz.capture.replay import timeline_of
    from mipviz.capture.window import windowed_timeline

    for path in sorted(CAPTURES.rglob("*.pcap*")):
        found = survey.survey(open_captures([path]), workers=1)
        whole, windowed = timeline_of(found), windowed_timeline(found)
        assert len(windowed) == len(whole)
        _same_steps(windowed, whole, range(len(whole), 0, -1))
