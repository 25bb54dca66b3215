"""No traceback from any key sequence: seeded random keys across every screen (picker, lesson,
help, jump, move, palette, replay), with the terminal resized between 60x20 and 250x80, and
(issue 15) between 10x4 and 250x80 with a saved position at a quiz, a move and a tunnel, on the
replay screen and on the picker; the tiny sizes show the "make the terminal bigger" screen."""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from textual import events

from mipviz.lesson.progress import ENV_DATA_DIR
from mipviz.ui.app import MipvizApp
from tests.conftest import lesson_run
from tests.ui_helpers import _cache_lesson_runs, sync

__all__ = ["_cache_lesson_runs"]

KEYS = [
    "right", "left", "l", "h", "right_square_bracket", "left_square_bracket", "space",
    "plus", "minus", "g", "home", "end", "m", "question_mark", "escape", "enter", "tab",
    "shift+tab", "up", "down", "pageup", "pagedown", "z", "x", "a", "t", "1", "2", "3", "4",
    "5", "0", "9", "colon", "backspace", "ctrl+p", "j", "k", "f", "2", "0", "0", "1", "L",
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


async def _drive(app: MipvizApp, seed: int, presses: int, sizes: tuple[int, int] = (60, 20),
                 every: int = 97, budget: float = float("inf")) -> None:
    """*presses* random keys (fewer if *budget* seconds run out), the terminal resized every
    *every* keys to a random size from *sizes* (the smallest) to 250x80."""
    rng = random.Random(seed)
    keys = KEYS + [key for key, weight in WEIGHTS.items() for _ in range(weight)]
    start = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        for number in range(presses):
            if not app.is_running or time.monotonic() - start > budget:
                break
            if number % every == 0:
                await pilot.resize_terminal(rng.randint(sizes[0], 250),
                                            rng.randint(sizes[1], 80))
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
    # Bounded in time: a random key is often L (the lesson re-run in the other language) or m.
    await _drive(app, seed=3, presses=2000, budget=45)
    _no_error(app)


@sync
async def test_random_keys_from_the_picker() -> None:
    app = MipvizApp()
    await _drive(app, seed=11, presses=600, budget=20)
    _no_error(app)


# -- any size (issue 15): a saved position at every kind of step --------------------------


def _save_position(lesson: str, step: int, total: int) -> None:
    data = Path(os.environ[ENV_DATA_DIR])
    data.mkdir(parents=True, exist_ok=True)
    (data / "progress.json").write_text(json.dumps(
        {"version": 1, "lessons": {lesson: {"furthest": step, "total": total,
                                            "quizzes": {}}}}), encoding="utf-8")


def _kinds_of_step(lesson: str) -> dict[str, int]:
    """A step with a quiz on screen, a move, and a tunnelled frame in *lesson*."""
    run = lesson_run(lesson)
    steps = run.timeline.steps
    moved = next(s.index for s in steps if any(e.kind == "moved" for e in s.events))
    tunnel = next(s.index for s in steps if s.packet is not None and s.packet.tunnel_depth)
    return {"move": moved, "tunnel": tunnel, "total": len(steps)}


@sync
async def test_random_keys_at_any_size_from_a_saved_position() -> None:
    kinds = _kinds_of_step("home-registration")
    for seed, (_kind, step) in enumerate((("move", kinds["move"]), ("tunnel", kinds["tunnel"]),
                                         ("quiz", 18)), start=21):
        _save_position("home-registration", step, kinds["total"])
        app = MipvizApp("home-registration")
        await _drive(app, seed=seed, presses=300, sizes=(10, 4), every=23, budget=5)
        _no_error(app)


@sync
async def test_random_keys_on_the_replay_screen_at_any_size(tmp_path: Path) -> None:
    from mipviz import wire
    from mipviz.ui.replay import ReplayApp

    run = lesson_run("route-optimisation")
    capture = tmp_path / "route-optimisation.pcap"
    wire.write_pcap(capture, [(step.time, step.frame_bytes) for step in run.timeline
                              if step.frame_bytes is not None])
    app = ReplayApp([str(capture)])
    await _drive(app, seed=5, presses=400, sizes=(10, 4), every=29, budget=8)
    _no_error(app)


@sync
async def test_random_keys_on_the_picker_at_any_size() -> None:
    app = MipvizApp()
    await _drive(app, seed=17, presses=300, sizes=(10, 4), every=19, budget=6)
    _no_error(app)
