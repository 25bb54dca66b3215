"""Shared by the UI tests: lesson runs cached across apps, and waiting for the worker."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.pilot import Pilot

from mipviz.lesson import runner
from mipviz.ui.screen import LessonScreen

_real_run_lesson = runner.run_lesson
_runs: dict[Any, tuple[Any, list[tuple[int, int]]]] = {}


def cached_run_lesson(lesson: Any, *, language: str = "en", interventions: Any = (),
                      on_action: Any = None, **kwargs: Any) -> Any:
    """runner.run_lesson, each (lesson, language, interventions) run once per test session
    (the engine is deterministic, so a cached run is the run)."""
    # the topology and the keyword arguments too: a challenge attempt places attackers and
    # runs on (mipviz.lesson.challenge), with the lesson's own path
    key = (lesson.path, lesson.topology, language, tuple(interventions),
           tuple(sorted(kwargs.items())))
    if key not in _runs:
        calls: list[tuple[int, int]] = []
        run = _real_run_lesson(lesson, language=language, interventions=interventions,
                               on_action=lambda number, steps: calls.append((number, steps)),
                               **kwargs)
        _runs[key] = (run, calls)
    run, calls = _runs[key]
    if on_action is not None:
        for number, steps in calls:
            on_action(number, steps)
    return run


@pytest.fixture(autouse=True)
def _cache_lesson_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "run_lesson", cached_run_lesson)


async def wait_ready(pilot: Pilot[Any], timeout: float = 60.0) -> LessonScreen:
    """Wait until the lesson screen's worker has run the lesson and the panes are up."""
    app = pilot.app
    for _ in range(int(timeout / 0.02)):
        screen = app.screen
        if isinstance(screen, LessonScreen) and screen.ready:
            await pilot.pause()
            return screen
        await asyncio.sleep(0.02)
    raise AssertionError("the lesson screen did not get ready")


def status(screen: LessonScreen) -> str:
    return str(screen.query_one("#status").render())


def sync(test: Any) -> Any:
    """Run an async test with asyncio.run (the suite has no pytest async plugin)."""
    import functools

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(test(*args, **kwargs))

    return wrapper
