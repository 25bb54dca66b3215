"""Shared fixtures: each bundled lesson is run once per test session and reused."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from mipviz.lesson.catalog import bundled_lessons_dir, list_lessons
from mipviz.lesson.loader import load_lesson
from mipviz.lesson.runner import LessonRun, run_lesson

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _learner_data_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The learner's progress goes to a fresh directory per test, never the real home."""
    data = tmp_path / "mipviz-data"
    monkeypatch.setenv("MIPVIZ_DATA_DIR", str(data))
    return data


@pytest.fixture(autouse=True)
def _run_cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kept lesson runs (mipviz.lesson.cache) go to a fresh directory per test, never the
    user's cache directory; each test starts with nothing kept."""
    cache = tmp_path / "mipviz-cache"
    monkeypatch.setenv("MIPVIZ_CACHE_DIR", str(cache))
    return cache


@functools.cache
def lesson_run(lesson_id: str) -> LessonRun:
    info = next(i for i in list_lessons() if i.id == lesson_id)
    return run_lesson(load_lesson(info.path))


def bundled_lesson_ids() -> list[str]:
    return [info.id for info in list_lessons(bundled_lessons_dir())]


@pytest.fixture(params=bundled_lesson_ids())
def bundled_run(request: pytest.FixtureRequest) -> LessonRun:
    return lesson_run(request.param)
