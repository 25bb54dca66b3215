"""The key footer fits the terminal: at 80 columns (and wider) every key it shows is whole and
the row ends inside the screen, in English and Japanese, on a lesson and on a replay; the
most useful keys are the ones kept."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets._footer import FooterKey

from mipviz.ui.app import MipvizApp
from mipviz.ui.footer import fit, key_width
from mipviz.ui.replay import ReplayApp
from tests.replay_helpers import wait_shown
from tests.test_dump_golden import FIXTURES
from tests.ui_helpers import sync, wait_ready


def _check_footer(app: Any, width: int) -> list[str]:
    keys = list(app.screen.query(FooterKey))
    assert keys, "no keys in the footer"
    labels = []
    for key in keys:
        region = key.region
        text = key.render()
        assert region.x >= 0 and region.right <= width, (key.key_display, region)
        # whole, not cut: the widget is as wide as its text (plus its own border and padding)
        assert region.width - key.styles.gutter.width == cell_len(text.plain), (text.plain,
                                                                                region)
        assert key.description in text.plain
        labels.append(key.description)
    ends = [key.region.right for key in keys]
    assert max(ends) <= width
    return labels


async def _settle(pilot: Any) -> None:
    for _ in range(5):
        await pilot.pause(0.05)


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
@sync
async def test_lesson_footer_fits(language: str, size: tuple[int, int]) -> None:
    app = MipvizApp("route-optimisation", language=language)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await _settle(pilot)
        labels = _check_footer(app, size[0])
        step, back, help_key = {"en": ("Step", "Back", "Help"),
                                "ja": ("進む", "戻る", "ヘルプ")}[language]
        assert step in labels and back in labels and help_key in labels
        if size[0] >= 160:  # wide: nothing had to go
            assert len(labels) >= 10


@pytest.mark.parametrize("language", ["en", "ja"])
@sync
async def test_replay_footer_fits_at_80_columns_and_after_a_resize(language: str) -> None:
    app = ReplayApp([str(FIXTURES / "route-optimisation.pcap")], language=language)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_shown(pilot)
        await _settle(pilot)
        wide = _check_footer(app, 160)
        await pilot.resize_terminal(80, 24)
        await _settle(pilot)
        narrow = _check_footer(app, 80)
        assert len(narrow) < len(wide)
        assert set(narrow) <= set(wide)


def test_fit_keeps_priority_order_and_display_order() -> None:
    # (priority, width): the cheapest-priority items go first when room runs out
    items = [(3, 10), (0, 10), (1, 10), (2, 30)]
    assert fit(items, 100) == [0, 1, 2, 3]
    assert fit(items, 30) == [0, 1, 2]  # priority 2 (30 cells) does not fit, 3 does
    assert fit(items, 20) == [1, 2]
    assert key_width("→", "Step") == 3 + 5
    assert key_width("L", "English") == 3 + 8
    assert key_width("→", "進む") == 3 + 5
