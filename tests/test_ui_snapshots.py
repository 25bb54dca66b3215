"""SVG snapshots (pytest-textual-snapshot) of the main views of two lessons at 80x24 and
160x50, plus the picker and the help. Update with ``pytest --snapshot-update``."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from mipviz.ui.app import MipvizApp
from tests.replay_helpers import CAPTURES
from tests.ui_helpers import _cache_lesson_runs, wait_ready

__all__ = ["_cache_lesson_runs"]

SIZES = [(80, 24), (160, 50)]


def _at(step: int, *keys: str, answered: bool = False) -> Any:
    """At *step* (each quiz that holds the timeline on the way answered right: *answered*
    says a snapshot expects that), then *keys*."""

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_ready(pilot)
        _answer_on_the_way(screen.controller, step)
        screen.refresh_view()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def _answer_on_the_way(controller: Any, step: int) -> None:
    """Jump to *step*, answering right each quiz that holds the timeline on the way (a
    predict quiz holds it before the frame that answers it)."""
    from mipviz.lesson.grading import expected_answer

    while not controller.jump(step) or controller.cursor < step:
        quiz = controller.gate()
        if quiz is None or controller.cursor >= step:
            return
        controller.answer(quiz.number, expected_answer(quiz.spec, controller.prepared.timeline,
                                                       quiz.position))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("lesson", "step"),
    [
        ("home-registration", 35),  # the BA arrives: the RH2 swap at the MN
        ("home-registration", 41),  # a tunnelled ping
        ("route-optimisation", 45),  # route optimised: the HAO swap at the CN
        ("attacks", 29),  # eight nodes, five links: labels that once ran together
        ("nested-nemo", 85),  # its end: nested mobile networks, the busiest map
    ],
)
def test_lesson_view(snap_compare: Any, lesson: str, step: int, size: tuple[int, int]) -> None:
    assert snap_compare(MipvizApp(lesson), terminal_size=size,
                        run_before=_at(step, answered=True))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_japanese_lesson_view(snap_compare: Any, size: tuple[int, int]) -> None:
    """--lang ja: the chrome (titles, status, tables, footer) Japanese too."""
    assert snap_compare(MipvizApp("route-optimisation", language="ja"), terminal_size=size,
                        run_before=_at(39, answered=True))


def test_presenter_view(snap_compare: Any) -> None:
    """--presenter at step 39: map, ladder, packet, the changed bindings and narration."""
    assert snap_compare(MipvizApp("route-optimisation", presenter=True),
                        terminal_size=(160, 50), run_before=_at(39))


def test_quiz_in_the_narration_pane(snap_compare: Any) -> None:
    assert snap_compare(MipvizApp("home-registration"), terminal_size=(160, 50),
                        run_before=_at(18))


def test_monochrome_theme(snap_compare: Any) -> None:
    assert snap_compare(MipvizApp("route-optimisation", theme="mipviz-mono"),
                        terminal_size=(160, 50), run_before=_at(45, answered=True))


def test_zoomed_packet_pane(snap_compare: Any) -> None:
    assert snap_compare(MipvizApp("route-optimisation"), terminal_size=(80, 24),
                        run_before=_at(45, "3", "z", answered=True))


def test_picker(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(MipvizApp(), terminal_size=(80, 24), run_before=run_before)


def test_help(snap_compare: Any) -> None:
    assert snap_compare(MipvizApp("home-registration"), terminal_size=(80, 24),
                        run_before=_at(0, "question_mark"))


def _replay_at(step: int) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        from tests.replay_helpers import wait_shown

        screen = await wait_shown(pilot)  # indexed, decoded
        screen.controller.jump(step)
        screen.refresh_view()
        await pilot.pause()

    return run_before


@pytest.mark.skipif(not CAPTURES.is_dir(), reason="no shared captures")
def test_replay_of_a_capture_with_a_binding(snap_compare: Any) -> None:
    """A replay at the Binding Acknowledgement of scapy's MIPv6 vectors: inferred nodes on
    the map, the ladder, the captured frame's tree and hex, the rebuilt binding cache."""
    from mipviz.ui.replay import ReplayApp

    app = ReplayApp([str(CAPTURES / "scapy-vectors" / "scapy-inet6-uts-mip6-vectors.pcap")])
    assert snap_compare(app, terminal_size=(160, 50), run_before=_replay_at(18))
