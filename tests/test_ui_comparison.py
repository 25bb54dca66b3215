"""The comparison in the terminal UI (issue 12 item 4): key C in lesson 20 opens a dialog
with the same move side by side; in a lesson without [[comparison]] it says so."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from mipviz.ui.app import MipvizApp
from mipviz.ui.comparison import ComparisonScreen
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]


async def _text(app: MipvizApp) -> str:
    for _ in range(1500):
        screen = app.screen
        if isinstance(screen, ComparisonScreen):
            text = str(screen.query_one("#comparison-text", Static).render())
            if "ping" in text:
                return text
        await asyncio.sleep(0.02)
    raise AssertionError("the comparison did not appear")


@sync
async def test_c_opens_the_comparison_side_by_side() -> None:
    app = MipvizApp("handover-comparison")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        text = await _text(app)
        assert "Mobile IPv6" in text and "FMIPv6 predictive" in text and "FMIPv6 reactive" in text
        assert "DAD of the care-of address" in text and "ping 17" in text and "ping 0" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ComparisonScreen)


@sync
async def test_the_comparison_follows_the_language() -> None:
    app = MipvizApp("handover-comparison", language="ja")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        assert "失われたパケット" in await _text(app)


@sync
async def test_c_without_a_comparison_only_says_so() -> None:
    app = MipvizApp("fmipv6-predictive")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        await pilot.pause()
        assert not isinstance(app.screen, ComparisonScreen)
