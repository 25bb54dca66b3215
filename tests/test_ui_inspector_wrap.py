"""At 80x24 the packet pane is 36 cells wide: the S07 rows (the MAC, EUI-64 and the care-of
address in bits, 71 cells each) and their Japanese labels wrap onto the lines below instead
of being cut at the pane's edge (mipviz.ui.fieldtree, Row.wrap)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from mipviz.ui.app import MipvizApp
from tests.ui_helpers import sync, wait_ready

MAC_BITS = "00000010 00000000 00000000 ········ ········ 00000000 00000001 00000000"


@pytest.mark.parametrize("language", ["en", "ja"])
@sync
async def test_s07_bit_rows_wrap_at_80_columns(language: str) -> None:
    app = MipvizApp("home-registration", language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("2", "2", "enter")  # the RA that forms the care-of address (S07)
        for _ in range(10):
            await pilot.pause(0.05)
        tree = screen.query_one("#packet-tree")
        width = tree.content_size.width
        assert width < 50
        every = [line.plain for line in tree.build(width, 400)]
        start = next(at for at, line in enumerate(every) if "§" in line)
        end = next(at for at, line in enumerate(every) if "Ethernet II" in line)
        lines = every[start:end]  # the S07 section (the headers below keep one row each)
        assert len(lines) > 12
        assert all(cell_len(line) <= width for line in lines), [
            line for line in lines if cell_len(line) > width]
        text = " ".join(line.strip() for line in lines)
        assert MAC_BITS in text  # every octet there, whole, in order
        assert not any(line.rstrip().endswith("…") for line in lines if "0000" in line)
