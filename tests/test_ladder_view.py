"""The sequence chart (ladder) never lies either (issue 9, items 1 and 9): column headers never
run together, message labels are cut only with a visible ellipsis, and the display filter
(all / mobility signalling / no Neighbor Discovery / one node) hides what it says, keeps the
current step, stays while stepping, and works from the `f` key in a lesson and in a replay."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from mipviz.ui.controller import Controller
from mipviz.ui.ladder import LadderChart
from mipviz.ui.ladder_filter import classify
from mipviz.ui.replay import ReplayApp
from mipviz.ui.short_names import shorten
from tests.replay_helpers import CAPTURES, wait_shown
from tests.test_map_labels import LESSONS, TERMINALS, _controller
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]

# The Sequence pane's content width at each terminal size (the left half, inside a border).
WIDTHS = [width // 2 - 2 for width, _ in TERMINALS] + [width - 2 for width, _ in TERMINALS]


class Host(App[None]):
    """The ladder alone, as in the lesson screen (its styles come from the app's CSS)."""

    CSS_PATH = "../mipviz/ui/styles/app.tcss"

    def compose(self) -> ComposeResult:
        yield LadderChart(id="ladder")


async def _rows(ladder: LadderChart, width: int, height: int = 20) -> list[str]:
    ladder.invalidate()
    built = ladder.build(width, height)
    rows = []
    for line in built:
        rows.append(line.plain if hasattr(line, "plain")
                    else "".join(segment.text for segment in line))  # type: ignore[union-attr]
    return rows


def _header_problems(rows: list[str], names: list[str]) -> list[str]:
    problems = []
    words = [word for row in rows for word in row.split()]
    for name in names:
        shown = [w for w in words if w == name or (w.endswith("…") and name.startswith(w[:-1]))]
        if len(shown) != 1:
            problems.append(f"{name!r} shown {len(shown)} times in {rows!r}")
    for word in words:
        if word not in names and not word.endswith("…") and word not in (
                "step", "time", "s", "#", "message"):
            problems.append(f"{word!r} is no node name (names run together?) in {rows!r}")
    return problems


@sync
async def test_headers_never_run_together_and_labels_are_cut_with_an_ellipsis() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)):
        ladder = app.query_one(LadderChart)
        problems: list[str] = []
        for lesson in LESSONS:
            controller = _controller(lesson)
            prepared = controller.prepared
            assert prepared is not None
            names = [node.name for node in prepared.lesson.topology.nodes]
            controller.cursor = prepared.total
            ladder.view = controller.view()
            for width in WIDTHS:
                rows = await _rows(ladder, width)
                header_rows = ladder._header_rows
                problems += [f"{lesson} {width}: {p}"
                             for p in _header_problems(rows[:header_rows], names)]
                label_at = ladder.label_at
                for index, row in zip(ladder._rows, rows[header_rows:], strict=True):
                    step = prepared.timeline[index]
                    shown = row[label_at:].rstrip().removeprefix("⚠ ").removeprefix("⊂⊃ ")
                    # a label that does not fit may use the short names (HoTI, BU…) first
                    labels = (step.summary, shorten(step.summary, 0))
                    if shown not in labels and not (
                            shown.endswith("…")
                            and any(label.startswith(shown[:-1].rstrip()) for label in labels)):
                        problems.append(f"{lesson} {width} step {index}: {shown!r} is cut "
                                        f"without an ellipsis ({step.summary!r})")
        assert not problems, "\n".join(problems[:10])


@sync
async def test_the_filter_hides_what_it_says_and_stays_while_stepping() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)):
        ladder = app.query_one(LadderChart)
        controller = _controller("route-optimisation")
        controller.cursor = 60
        ladder.view = controller.view()
        timeline = controller.prepared.timeline  # type: ignore[union-attr]
        await _rows(ladder, 100, 30)
        assert ladder._rows == list(range(60 - 28, 61))  # header + 29 rows, unfiltered

        assert ladder.cycle_filter().kind == "mobility"
        rows = await _rows(ladder, 100, 30)
        assert "mobility signalling only" in rows[0]
        shown = [timeline[i] for i in ladder._rows[:-1]]
        assert shown and all(classify(s) in ("mobility", "event") for s in shown)
        assert {"Home Test Init", "Care-of Test"} <= {s.summary.split(" seq")[0]
                                                      .split(" cookie")[0] for s in shown} \
            or any(s.summary.startswith("Binding Update") for s in shown)
        assert ladder._rows[-1] == 60  # the current step is always there

        controller.cursor = 61  # stepping keeps the filter
        ladder.view = controller.view()
        await _rows(ladder, 100, 30)
        assert ladder.filter.kind == "mobility" and ladder._rows[-1] == 61

        assert ladder.cycle_filter().kind == "no_nd"
        await _rows(ladder, 100, 30)
        assert not [i for i in ladder._rows[:-1] if classify(timeline[i]) == "nd"]
        assert len(ladder._rows) == 29

        chosen = ladder.cycle_filter()
        assert chosen.kind == "node" and chosen.node == "MN"  # the lesson's mobile node
        await _rows(ladder, 100, 30)
        assert all("MN" in (timeline[i].tx, timeline[i].rx)
                   or any(e.node == "MN" for e in timeline[i].events)
                   for i in ladder._rows[:-1])
        assert ladder.cycle_filter().kind == "all"


@sync
async def test_f_cycles_the_filter_in_a_lesson() -> None:
    from mipviz.ui.app import MipvizApp

    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        screen.controller.jump(40)
        screen.refresh_view()
        await pilot.press("f")
        await pilot.pause()
        ladder = screen.query_one(LadderChart)
        assert ladder.filter.kind == "mobility"
        await pilot.press("right")
        await pilot.pause()
        assert ladder.filter.kind == "mobility"
        assert "filter: mobility only (f)" in ladder.render_line(0).text


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="no shared captures")
@sync
async def test_the_filter_works_in_a_replay() -> None:
    app = ReplayApp([str(CAPTURES / "tcpdump" / "ipv6_mobility_1.pcap")])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_shown(pilot)
        screen.controller.jump(screen.controller.total)
        screen.refresh_view()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        ladder = screen.query_one(LadderChart)
        assert ladder.filter.kind == "mobility"
        timeline: Any = screen.controller.prepared.timeline  # type: ignore[union-attr]
        shown = ladder._rows[:-1]
        assert shown, "a mobility capture has mobility signalling"
        assert all(classify(timeline.steps[i - 1]) == "mobility" for i in shown)


def test_a_controller_is_not_needed_to_classify() -> None:
    """Classification by summary (a replay step before decoding) agrees with the packet."""
    from dataclasses import replace

    controller = Controller("route-optimisation")
    controller.prepare()
    timeline = controller.prepared.timeline  # type: ignore[union-attr]
    for step in timeline:
        if step.frame is not None:
            assert classify(replace(step, frame=None)) == classify(step), step.summary


@sync
async def test_a_narrow_chart_uses_the_messages_short_names() -> None:
    # at 80x24 the chart's labels were cut to "Home T…" / "Care-o…": HoTI and CoTI say more
    from mipviz.ui.app import MipvizApp
    from tests.ui_helpers import wait_ready

    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        assert prepared is not None
        hoti = next(s.index for s in prepared.timeline if s.summary.startswith("Home Test Init"))
        for quiz in prepared.quizzes:  # the quizzes before it hold the cursor: skipped
            screen.controller.skip(quiz.number)
        screen.controller.jump(hoti + 3)
        screen.refresh_view()
        await pilot.pause()
        ladder = screen.query_one(LadderChart)
        text = "\n".join(await _rows(ladder, ladder.content_size.width, 40))
        assert "HoTI" in text and "CoTI" in text, text
        assert "Home T…" not in text and "Care-o…" not in text
