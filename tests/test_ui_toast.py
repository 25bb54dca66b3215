"""Toasts break where the language allows: at 80 columns the Japanese note for ``C`` in a lesson
without a comparison was cut inside its ASCII token ("（[[" | "comparison]] なし）")."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets._toast import Toast

from mipviz.ui.app import MipvizApp
from tests.ui_helpers import sync, wait_ready


async def _toast_lines(app: MipvizApp, pilot: object) -> list[str]:
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        toasts = list(app.screen.query(Toast))
        if toasts and toasts[0].size.width:
            toast = toasts[0]  # every line it has (its height may not be laid out yet)
            strips = toast.render_lines(Region(0, 0, toast.size.width, 8))
            return [strip.text.strip("▌ ") for strip in strips]
    raise AssertionError("no toast")


@pytest.mark.parametrize("language", ["en", "ja"])
@sync
async def test_the_no_comparison_note_keeps_its_token_whole(language: str) -> None:
    app = MipvizApp("fmipv6-predictive", language=language)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        lines = await _toast_lines(app, pilot)
        assert any("[[comparison]]" in line for line in lines), lines
        assert any("20" in line for line in lines), lines  # and the whole note is there
