"""No traceback from any key sequence: seeded random keys across every screen (picker, lesson,
help, jump, move, palette), with the terminal resized between 60x20 and 250x80."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from textual import events

from mipviz.ui.app import MipvizApp
from tests.ui_helpers import _cache_lesson_runs, sync

__all__ = ["_cache_lesson_runs"]

KEYS = [
    "right", "left", "l", "h", "right_square_bracket", "left_square_bracket", "space",
    "plus", "minus", "g", "home", "end", "m", "question_mark", "escape", "enter", "tab",
    "shift+tab", "up", "down", "pageup", "pagedown", "z", "x", "a", "t", "1", "2", "3", "4",
    "5", "0", "9", "colon", "backspace", "ctrl+p", "j", "k", "f", "2", "0", "0", "1",
]
WEIGHTS = {"right": 12, "l": 6, "left": 6, "right_square_bracket": 4, "enter": 4, "escape": 5}


def _send_key(app: MipvizApp, key: str) -> None:
    """What ``Pilot.press`` sends, without its two idle waits per key (they cost ~50 ms a
    key; the app is made to process keys as fast as a fast typist, then allowed to settle)."""
    char = key if len(key) == 1 else {"space": " ", "colon": ":", "question_mark": "?",
                                      "plus": "+", "minus": "-", "left_square_bracket": "[",
                                      "right_square_bracket": "]"}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def _drive(app: MipvizApp, seed: int, presses: int) -> None:
    rng = random.Random(seed)
    keys = KEYS + [key for key, weight in WEIGHTS.items() for _ in range(weight)]
    async with app.run_test(size=(100, 30)) as pilot:
        for number in range(presses):
            if not app.is_running:
                break
            if number % 97 == 0:
                await pilot.resize_terminal(rng.randint(60, 250), rng.randint(20, 80))
            if rng.random() < 0.03:  # a click somewhere
                size = app.size
                await pilot.click(offset=(rng.randrange(size.width), rng.randrange(size.height)))
            _send_key(app, rng.choice(keys))
            await asyncio.sleep(0)
            if number % 20 == 0:
                await pilot.pause()
        await pilot.pause(0.2)  # let any rerun worker finish and paint
        await pilot.pause()


def _no_error(app: Any) -> None:
    assert app.return_code in (None, 0), app.return_code
    assert not getattr(app, "_exception", None), app._exception


@sync
async def test_random_keys_on_a_lesson() -> None:
    app = MipvizApp("home-registration")
    await _drive(app, seed=3, presses=2000)
    _no_error(app)


@sync
async def test_random_keys_from_the_picker() -> None:
    app = MipvizApp()
    await _drive(app, seed=11, presses=600)
    _no_error(app)
