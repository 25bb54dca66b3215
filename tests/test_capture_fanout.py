"""Pass 2 split over forked children (mipviz.capture.fanout.emit): a child that fails has its
range rendered by the leader, and the output is what one process writes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import fanout, forks, survey
from mipviz.capture.record import LineRenderer


def _found(tmp_path: Path) -> survey.Survey:
    frames = []
    for index in range(120):
        frames.append((index * 10, ethernet(bu_to_ha(index))))
        frames.append((index * 10 + 1, ethernet(bu_to_ha(index, hop_limit=63))))
        frames.append((index * 10 + 2, ethernet(ba_from_ha(index))))
    captures = survey.open_captures([write(tmp_path, "f.pcap", pcap(frames))])
    return survey.survey(captures, snapshots=False, workers=1)


@pytest.mark.skipif(not forks.can_fork(), reason="no fork on this system")
def test_a_child_that_fails_has_its_range_rendered_by_the_leader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _found(tmp_path)
    alone = io.StringIO()
    fanout.emit(found, LineRenderer().line_of, alone, workers=1)
    leader = os.getpid()
    rendered: list[tuple[int, int, int]] = []
    render = fanout._render

    def failing(found: survey.Survey, *arguments: object) -> None:
        first, last = arguments[-2:]
        if os.getpid() != leader:
            raise RuntimeError("the child fails in pass 2")
        rendered.append((os.getpid(), first, last))  # type: ignore[arg-type]
        render(found, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(fanout, "_render", failing)
    path = tmp_path / "out.jsonl"
    with path.open("w", encoding="utf-8") as out:
        fanout.emit(found, LineRenderer().line_of, out, workers=3)
    assert path.read_text(encoding="utf-8") == alone.getvalue()
    assert alone.getvalue().count("\n") == 360
    # the leader rendered its own range and then the two ranges of the failed children
    assert [(first, last) for _, first, last in rendered] == [(1, 120), (121, 240), (241, 360)]
