"""The hex pane's rows made as segments, only those that fit (issue 14: a step at 60 frames a
second), are cell for cell what the Text rows of every octet drew before."""

from __future__ import annotations

import random

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.strip import Strip

from mipviz.ui.inspector import HexPane
from mipviz.ui.lines import text_segments
from tests.ui_helpers import sync


class _HexApp(App[None]):
    def compose(self) -> ComposeResult:
        yield HexPane(id="hex")


@sync
async def test_hex_rows_are_drawn_as_before_cell_for_cell() -> None:
    app = _HexApp()
    async with app.run_test(size=(120, 40)):
        pane = app.query_one(HexPane)
        base, console = pane.rich_style, app.console

        def cells(lines: list, width: int, height: int) -> list[list[tuple[str, object]]]:
            drawn = []
            for line in lines[:height]:
                segments = line if isinstance(line, list) else text_segments(line, console)
                strip = Strip(Segment.apply_style(segments, base)).adjust_cell_length(width,
                                                                                     base)
                drawn.append([(char, segment.style) for segment in strip
                              for char in segment.text])
            return drawn

        rng = random.Random(14)
        lit_somewhere = 0
        for _ in range(400):
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
            start = rng.randrange(len(data))
            length = min(rng.choice([0, 1, 2, 17, rng.randrange(80)]), len(data) - start)
            pane.frame_bytes, pane.selected = data, (start, length)
            width, height = rng.randrange(5, 120), rng.randrange(0, 30)
            new = pane.build(width, height)
            assert len(new) <= max(height, 0)  # only the rows that fit are made
            assert cells(new, width, height) == cells(pane._build_text(width, height), width,
                                                      height)
            lit_somewhere += bool(length)
        assert lit_somewhere > 200
