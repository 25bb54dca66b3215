"""Pilot tests: every key binding of the lesson screen, what it shows and the messages sent."""

from __future__ import annotations

from typing import Any

import pytest
from textual.message import Message

from mipviz.ui.app import MipvizApp
from mipviz.ui.dialogs import HelpScreen, JumpScreen, MoveScreen
from mipviz.ui.ladder import JumpTo
from mipviz.ui.picker import PickerScreen
from mipviz.ui.screen import LessonScreen, StepShown
from mipviz.ui.topology import NodeClicked
from tests.ui_helpers import _cache_lesson_runs, status, sync, wait_ready

__all__ = ["_cache_lesson_runs"]  # the autouse fixture, imported to apply here


class Recorder:
    """``run_test(message_hook=...)``: every message the app's widgets sent, in order."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        """The messages of *kind*, each once (the hook sees a bubbling message at each node)."""
        unique = {id(m): m for m in self.messages if isinstance(m, kind)}
        return list(unique.values())


def _cursor(app: MipvizApp) -> int:
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen.controller.cursor


@sync
async def test_picker_preselects_the_first_lesson_and_enter_opens_it() -> None:
    app = MipvizApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#lessons")
        assert options.highlighted == 0
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.controller.prepared is not None
        assert screen.controller.prepared.lesson.id == "home-registration"
        assert "step 0/" in status(screen)


@sync
async def test_the_picker_offers_japanese_and_its_footer_follows() -> None:
    """`mipviz` has no --lang: the picker's footer shows L, and after it every key there is
    Japanese (the footer once kept `q Quit  ? Help` under Japanese titles)."""
    import re

    def footer(app: MipvizApp) -> str:  # the screen's text (nothing else there says Quit)
        return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")

    app = MipvizApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "L 日本語" in footer(app)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and app.screen.language == "ja"
        shown = footer(app)
        assert "終了" in shown and "ヘルプ" in shown and "L English" in shown
        assert "Quit" not in shown and "Help" not in shown
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.controller.language == "ja"


@sync
async def test_stepping_keys_move_the_cursor_and_the_status_line() -> None:
    recorder = Recorder()
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        total = screen.controller.total
        assert f"step 0/{total}" in status(screen)
        await pilot.press("right", "l", "l")
        assert _cursor(app) == 3
        assert f"step 3/{total}" in status(screen)
        assert "t = 0.003 s" in status(screen)
        await pilot.press("left", "h")
        assert _cursor(app) == 1
        await pilot.press("end")
        # the first quiz of the lesson gates nothing before the predict quiz, which does
        gate = screen.controller.gate()
        assert gate is not None and _cursor(app) == gate.position
        await pilot.press("home")
        assert _cursor(app) == 0
        await pilot.pause()
        shown = [m.index for m in recorder.of(StepShown)]
        assert shown[-6:] == [1, 2, 3, 2, 1, gate.position][-6:] or shown[-1] == 0
        assert shown[-1] == 0


@sync
async def test_next_and_previous_message_skip_the_other_hops() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        assert prepared is not None
        await pilot.press("right_square_bracket")
        assert _cursor(app) == 1  # the first hop of the first ping
        await pilot.press("right_square_bracket")
        # the echo request crossed three links (CN->R3->HA->MN): the reply comes next
        assert _cursor(app) == 4
        assert "reply" in prepared.timeline[4].summary
        await pilot.press("left_square_bracket")
        assert _cursor(app) == 1
        await pilot.press("right", "right", "left_square_bracket")
        assert _cursor(app) == 1  # to the first hop of the message the cursor is in


@sync
async def test_jump_dialog_goes_to_step_n() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("1", "2", "enter")
        assert isinstance(app.screen, LessonScreen)
        assert _cursor(app) == 12
        await pilot.press("g", "escape")
        assert _cursor(app) == 12


@sync
async def test_play_pause_and_speed() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("minus", "minus")
        assert screen.controller.speed == 0.5
        await pilot.press("space")
        assert screen.controller.playing
        assert "playing 0.5/s" in status(screen)
        await pilot.press("space")
        assert not screen.controller.playing
        assert "paused" in status(screen)
        await pilot.press(*["plus"] * 6)
        assert screen.controller.speed == 32.0
        await pilot.press("space")
        gate = screen.controller.gate() or next(
            q for q in screen.controller.prepared.quizzes if q.spec.gate)
        for _ in range(300):  # plays until the gating quiz holds it
            await pilot.pause(0.02)
            if not screen.controller.playing:
                break
        assert not screen.controller.playing
        assert _cursor(app) == gate.position
        assert "paused" in status(screen)


@sync
async def test_help_opens_and_closes() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for key in ("step forward", "next / previous message", "move a node", "quit"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


@sync
async def test_q_quits() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@sync
async def test_panes_focus_zoom_hide_and_show() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        for key, pane in zip("12345", ("map", "ladder", "inspector", "state", "narration"),
                             strict=True):
            await pilot.press(key)
            assert screen._focused_pane() is screen.query_one(f"#{pane}")
        await pilot.press("1", "z")
        assert screen.maximized is screen.query_one("#map")
        await pilot.press("z")
        assert screen.maximized is None
        await pilot.press("2", "x")
        assert not screen.query_one("#ladder").display
        await pilot.press("a")
        assert screen.query_one("#ladder").display


@sync
async def test_theme_cycles_dark_light_mono() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"
        await pilot.press("t")
        assert app.theme == "mipviz-mono"
        assert app.has_class("-mono")


def test_no_color_starts_monochrome(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert MipvizApp("home-registration").theme == "mipviz-mono"


@sync
async def test_clicking_a_ladder_row_jumps_and_a_node_selects_it() -> None:
    recorder = Recorder()
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        screen.controller.jump(10)
        screen.refresh_view()
        await pilot.pause()
        ladder = screen.query_one("#ladder")
        # row 1 of the chart is its header; the rows below are steps 1..10
        await pilot.click(ladder, offset=(3, 1 + 4))
        assert [m.index for m in recorder.of(JumpTo)] == [4]
        assert _cursor(app) == 4
        topology = screen.query_one("#map")
        x0, _x1, y, _node = next(hit for hit in topology._hits if hit[3] == "HA")
        await pilot.click(topology, offset=(x0 + 2, y + 1))
        assert [m.node for m in recorder.of(NodeClicked)] == ["HA"]
        assert screen.controller.selected_node == "HA"
        state_lines = [strip.text for strip in screen.query_one("#state")._strips]
        assert state_lines[0].startswith("HA (home-agent) on home, core")


@sync
async def test_move_a_node_recomputes_the_future_and_keeps_the_past() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        before = screen.controller.prepared
        assert before is not None
        screen.controller.jump(30)
        screen.refresh_view()
        await pilot.press("m")
        assert isinstance(app.screen, MoveScreen)
        assert ("MN", "home") in app.screen.choices
        index = app.screen.choices.index(("MN", "home"))
        app.screen.query_one("#move-choices").highlighted = index
        await pilot.press("enter")
        for _ in range(500):
            await pilot.pause(0.02)
            if screen.controller.prepared is not before:
                break
        after = screen.controller.prepared
        assert after is not before and after is not None
        assert _cursor(app) == 30
        old = [s.frame_bytes for s in before.timeline.steps[:30]]
        assert [s.frame_bytes for s in after.timeline.steps[:30]] == old
        assert "moved from visited to home" in after.timeline[31].summary
