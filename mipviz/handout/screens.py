"""The handout's screens: the real mipviz app, run headless at 160x50, photographed as SVG by
Textual itself (``App.export_screenshot``) at each chosen point, then the whole sequence chart.

The app runs in presenter mode: a lecturer's screen, where a quiz shows its question and
choices but not its answer (the page folds the answer away), no quiz holds the cursor back
and the learner's progress file is neither read nor written.

Textual's SVG asks for its Fira Code font from a CDN; :func:`offline_svg` takes those URLs out
(the font falls back to the reader's monospace, Japanese included), so the handout makes no
request outside its folder.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mipviz.i18n import tr

if TYPE_CHECKING:
    from textual.app import App

    from mipviz.ui.screen import LessonScreen

SIZE = (160, 50)
LADDER_WIDTH = 160
LADDER_MAX_ROWS = 1000  # a longer lesson's chart shows its last 1,000 steps
LADDER_CHROME = 8  # rows around the chart: status line, footer, borders, two header rows
READY_TIMEOUT = 120.0  # seconds for the lesson screen's worker to run the engine

_REMOTE_FONT = re.compile(r',?\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
_RICH_COMMENT = re.compile(r"<!--\s*Generated with Rich[^>]*-->")
_TEXT = re.compile(r'(<text [^>]*?textLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


class ScreenError(Exception):
    """The lesson screen could not be shown (the message says why)."""


@dataclass(frozen=True, slots=True)
class Shots:
    screens: dict[int, str]  # shot step -> SVG text
    ladder: str  # the sequence chart at the end of the lesson, SVG text
    ladder_rows: int  # how many steps the chart shows


def offline_svg(svg: str) -> str:
    """*svg* from Textual with no remote font and no link in a comment, and its wide
    characters as wide as the terminal drew them."""
    svg = _REMOTE_FONT.sub("", svg)
    svg = _RICH_COMMENT.sub("<!-- mipviz handout: a Textual screenshot -->", svg)
    return _TEXT.sub(_cell_width, svg)


def _cell_width(match: re.Match[str]) -> str:
    """Rich's export gives a run of text ``len(text)`` cells of width, not its cell length,
    so a Japanese run (two cells a character) is squeezed into half its room and the rest of
    the line overlaps it; stretch it back to the cells it takes on the screen."""
    from rich.cells import cell_len

    text = html.unescape(match.group(4))
    cells = cell_len(text)
    if not text or cells == len(text):
        return match.group(0)
    width = float(match.group(2)) / len(text) * cells
    return f"{match.group(1)}{width:g}{match.group(3)}{match.group(4)}{match.group(5)}"


def take(source: str, language: str, steps: Sequence[int], title: str) -> Shots:
    """Screens of lesson *source* at each of *steps*, and the sequence chart at its end."""
    return asyncio.run(_take(source, language, sorted(set(steps)), title))


async def _take(source: str, language: str, steps: list[int], title: str) -> Shots:
    from mipviz.ui.app import MipvizApp

    app = MipvizApp(source, language, presenter=True)
    screens: dict[int, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(app)
        controller = screen.controller
        for step in steps:
            controller.jump(step)
            screen.refresh_view()
            await pilot.pause()
            await pilot.pause()  # the narration's Markdown is laid out a message later
            screens[step] = offline_svg(app.export_screenshot(title=tr(
                "handout.screen_title", language, title=title, step=step,
                total=controller.total)))
        total = controller.total
        rows = min(total, LADDER_MAX_ROWS)
        controller.last()
        screen.refresh_view()
        await pilot.press("2", "z")  # focus the sequence pane and zoom it to the screen
        await pilot.resize_terminal(LADDER_WIDTH, rows + LADDER_CHROME)
        await pilot.pause()
        await pilot.pause()
        ladder = offline_svg(app.export_screenshot(title=title))
    return Shots(screens, ladder, rows)


async def _ready(app: App[None]) -> LessonScreen:
    """The lesson screen once its worker has run the engine. The lesson was loaded and run
    before the app started, so only a stuck worker fails here."""
    from mipviz.ui.screen import LessonScreen

    for _ in range(int(READY_TIMEOUT / 0.02)):
        screen = app.screen
        if isinstance(screen, LessonScreen) and screen.ready:
            return screen
        await asyncio.sleep(0.02)
    raise ScreenError(f"not ready after {READY_TIMEOUT:g} s")


def write_screens(directory: Path, svgs: dict[str, str]) -> None:
    """Each SVG to its file under *directory* (``screens/001.svg`` …)."""
    for name, svg in svgs.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
