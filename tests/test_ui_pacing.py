"""Playing at full speed: every step's number reaches the painted status line (issue 14), and
a status line that is not drawn does not hold the play."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from mipviz.ui.pacing import Pacer, StatusLine
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready  # noqa: F401


class RecordingStatus(StatusLine):
    """Records the step count each time the status line is drawn."""

    def __init__(self) -> None:
        super().__init__("step 0", id="status")
        self.painted: list[int] = []
        self.count = 0
        self.paint_seconds = 0.0  # the cost of painting a frame (a slow terminal, a big one)

    def render_lines(self, crop: Region) -> list[Strip]:
        self.painted.append(self.count)
        if self.paint_seconds:
            time.sleep(self.paint_seconds)
        return super().render_lines(crop)


class Player(App[None]):
    def __init__(self, frame_seconds: float = 0.0, paint_seconds: float = 0.0) -> None:
        super().__init__()
        self.frame_seconds = frame_seconds  # the cost of one step (a slow machine)
        self.paint_seconds = paint_seconds
        self.pacer: Pacer | None = None

    def compose(self) -> ComposeResult:
        status = RecordingStatus()
        status.paint_seconds = self.paint_seconds
        yield status

    def step(self) -> None:
        status = self.query_one(RecordingStatus)
        status.count += 1
        status.update(f"step {status.count}")
        if self.frame_seconds:
            time.sleep(self.frame_seconds)

    def play(self, speed: float) -> None:
        self.pacer = Pacer(self.screen, speed, self.step, self.query_one(RecordingStatus))


@sync
async def test_a_status_line_not_drawn_does_not_hold_the_play() -> None:
    app = Player()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        status = app.query_one(RecordingStatus)
        status.display = False  # as under a zoomed pane
        await pilot.pause()
        app.play(32)
        await asyncio.sleep(1.0)
        assert app.pacer is not None
        app.pacer.stop()
        assert status.count >= 15  # not held to one step per UNPAINTED_WAIT


@sync
async def test_the_lesson_screen_paints_every_step_it_plays(tmp_path: Any,
                                                           monkeypatch: Any) -> None:
    from mipviz.ui.app import MipvizApp

    monkeypatch.setenv("MIPVIZ_DATA_DIR", str(tmp_path))
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        controller._holds = lambda: []  # type: ignore[method-assign]  # no quiz holds the play
        from mipviz.ui.topology import TopologyMap

        build = TopologyMap.build

        def slow_build(self: TopologyMap, width: int, height: int) -> Any:
            time.sleep(0.015)  # a slow machine: the map takes 15 ms more a step
            return build(self, width, height)

        # (with a plain interval timer, steps 6, 9, 12, 15, 19, 26... were never shown)
        monkeypatch.setattr(TopologyMap, "build", slow_build)
        status = screen.query_one("#status", StatusLine)
        painted: list[int] = []
        original = status.render_lines

        def render_lines(crop: Region) -> list[Strip]:
            painted.append(controller.cursor)
            return original(crop)

        status.render_lines = render_lines  # type: ignore[method-assign]
        while controller.speed < 32:
            controller.faster()
        start = controller.cursor
        await pilot.press("space")
        await asyncio.sleep(1.0)
        await pilot.press("space")
        await pilot.pause()
        reached = controller.cursor
        assert reached - start >= 10
        assert set(range(start + 1, reached + 1)) <= set(painted)
