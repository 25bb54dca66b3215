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


_LABELS = ("Mobile IPv6", "FMIPv6 predictive", "FMIPv6 reactive", "HMIPv6 in domain",
           "HMIPv6 leaving", "PMIPv6")


@sync
async def test_every_protocol_is_readable_without_scrolling_sideways() -> None:
    # Six runs do not fit side by side in 120 or 160 columns, let alone 80: the dialog puts
    # the runs that do not fit into further tables below, each line within the dialog.
    for width, height in ((120, 40), (160, 50), (80, 24)):
        app = MipvizApp("handover-comparison")
        async with app.run_test(size=(width, height)) as pilot:
            await wait_ready(pilot)
            await pilot.press("C")
            text = await _text(app)
            table = text.splitlines()[:-1]  # the closing note may scroll
            for label in _LABELS:
                assert any(label in line for line in table), (width, label)
            assert max(len(line) for line in table) <= width * 95 // 100 - 4, width
            assert "ping 8" in text and "ping 18" in text and "1894.4 ms" in text
            if width == 80:  # ↓ scrolls down to the tables below
                scroll = app.screen.query_one("#comparison-scroll")
                before = scroll.scroll_y
                for _ in range(5):
                    await pilot.press("down")
                await pilot.pause()
                assert scroll.scroll_y > before


@sync
async def test_the_dialog_says_its_title_once() -> None:
    # The dialog's title is "The same move, compared (S23)"; the table under it began with the
    # command line's own heading, "The same move, compared: handover-comparison", the title again.
    app = MipvizApp("handover-comparison")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        text = await _text(app)
        assert "The same move, compared" not in text
        assert text.lstrip().startswith("lesson")
