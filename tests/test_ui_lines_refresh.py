"""A step repaints only the lines of a pane that changed (mipviz.ui.lines): what is on screen
after each step is what a full repaint of every pane would draw, no line left from the step
before."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from mipviz.ui.app import MipvizApp
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready  # noqa: F401

PANES = ("map", "ladder", "state", "packet-tree", "hex", "handover")


def _drawn(widget: Widget) -> list[list[Any]]:
    """The pane's lines as Textual composites them (its cached lines where not repainted)."""
    return [list(strip) for strip in widget.render_lines(widget.size.region)]


@sync
async def test_each_step_draws_what_a_full_repaint_draws() -> None:
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        screen.controller._holds = lambda: []  # type: ignore[method-assign]  # no quiz holds
        checked = 0
        for key in ["right"] * 24 + ["left"] * 6 + ["right"] * 8 + ["end", "left", "home",
                                                                  "right"]:
            await pilot.press(key)
            await pilot.pause()
            for name in PANES:
                widget = screen.query_one(f"#{name}")
                if not widget.display or not widget.size:
                    continue
                shown = _drawn(widget)
                widget.refresh()  # every line rendered again from the pane's input
                assert _drawn(widget) == shown, (name, screen.controller.cursor)
                checked += 1
        assert checked > 100
