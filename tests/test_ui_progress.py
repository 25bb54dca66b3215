"""The learner's progress (DESIGN.md: under the XDG data directory, never in the package):
the furthest step and the quizzes answered per lesson, resuming, the picker's marks, and a
damaged progress file set aside with a message instead of a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mipviz.i18n import render
from mipviz.lesson import progress as progress_module
from mipviz.lesson.progress import ENV_DATA_DIR, LessonProgress, ProgressStore, data_dir
from mipviz.ui.app import MipvizApp
from mipviz.ui.controller import Controller
from mipviz.ui.picker import PickerScreen
from tests.ui_helpers import _cache_lesson_runs, status, sync, wait_ready

__all__ = ["_cache_lesson_runs"]

LESSON = "home-registration"


def test_the_data_dir_is_the_env_override_or_platformdirs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert data_dir() == Path(os.environ[ENV_DATA_DIR])  # conftest points it at tmp_path
    monkeypatch.delenv(ENV_DATA_DIR)
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name: str(tmp_path / name))
    assert data_dir() == tmp_path / "mipviz"


def test_progress_round_trips_and_a_right_answer_stays_right(tmp_path: Path) -> None:
    path = tmp_path / "d" / "progress.json"
    store = ProgressStore(path)
    assert store.get(LESSON) is None and store.problem is None
    assert store.reached(LESSON, 5, 60)
    assert not store.reached(LESSON, 3, 60)  # going back is no news
    store.answered(LESSON, 2, False)
    store.answered(LESSON, 3, True)
    store.answered(LESSON, 3, False)
    assert store.save()
    again = ProgressStore(path)
    entry = again.get(LESSON)
    assert entry == LessonProgress(furthest=5, total=60, quizzes={2: False, 3: True})
    assert entry.started and not entry.done
    assert [p.name for p in path.parent.iterdir()] == ["progress.json"]  # no temp file left


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.reached(LESSON, 1, 10)
    store.save()
    before = path.read_text()
    replaced: list[tuple[str, str]] = []

    def failing_replace(src: Any, dst: Any) -> None:
        replaced.append((str(src), str(dst)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "replace", failing_replace)
    store.reached(LESSON, 9, 10)
    assert not store.save()  # no crash; the old file is untouched, no temp file left over
    assert replaced and replaced[0][1] == str(path) and replaced[0][0] != str(path)
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]
    assert store.problem is not None and "No space left" in store.problem


@pytest.mark.parametrize("content", [
    b"{not json",
    b"\xff\xfe\x00garbage",
    b'["a list"]',
    b'{"version": 1, "lessons": {"home-registration": {"furthest": "far"}}}',
    b'{"version": 99, "lessons": {}}',
])
def test_a_damaged_progress_file_is_set_aside_with_a_message(tmp_path: Path,
                                                             content: bytes) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    store = ProgressStore(path)
    assert store.lessons == {}
    assert store.problem is not None
    assert "progress.json" in store.problem and "set aside" in store.problem
    # told in the screen's language: the Japanese toast is Japanese, the path kept as it is
    japanese = render(store.problem, "ja")
    assert "進捗ファイル" in japanese and "退避" in japanese and str(path) in japanese
    aside = tmp_path / "progress.corrupt.json"
    assert aside.read_bytes() == content  # the learner's bytes are kept
    assert not path.exists()
    store.reached(LESSON, 2, 10)
    assert store.save() and ProgressStore(path).get(LESSON) is not None
    path.write_bytes(content)  # damaged again: a second file aside, the first one kept
    assert ProgressStore(path).problem is not None
    assert (tmp_path / "progress.corrupt-1.json").exists() and aside.exists()


def test_an_unreadable_progress_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.mkdir()  # reading it fails with an OSError
    store = ProgressStore(path)
    assert store.problem is not None and "cannot be read" in store.problem
    assert (tmp_path / "progress.corrupt.json").is_dir()


def test_the_controller_records_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    controller = Controller(LESSON, progress=ProgressStore(path))
    prepared = controller.prepare()
    quiz = prepared.quizzes[0]
    controller.jump(quiz.position)
    assert controller.record_progress()
    right = controller.answer(quiz.number, "1" if quiz.spec.kind != "choice"
                              else str(quiz.spec.correct))
    controller.progress.save()  # type: ignore[union-attr]
    reopened = Controller(LESSON, progress=ProgressStore(path))
    reopened.prepare()
    assert reopened.cursor == quiz.position == reopened.resumed
    if right.solved:
        assert reopened.quiz_states[quiz.number].solved
    presenter = Controller(LESSON, presenter=True, progress=ProgressStore(path))
    presenter.prepare()
    assert presenter.cursor == 0 and presenter.progress is None  # a lecture starts afresh


@sync
async def test_reopening_a_lesson_resumes_and_says_so(tmp_path: Path) -> None:
    path = Path(os.environ[ENV_DATA_DIR]) / "progress.json"
    app = MipvizApp(LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("l", "l", "l", "h")
        assert screen.controller.cursor == 2
        await pilot.press("q")
    saved = json.loads(path.read_text())
    assert saved["lessons"][LESSON]["furthest"] == 3
    app = MipvizApp(LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.controller.cursor == 3
        assert "resumed at step 3" in status(screen)
        await pilot.press("home")
        assert screen.controller.cursor == 0
        assert "resumed" not in status(screen)


@sync
async def test_the_picker_marks_lessons_done_and_started() -> None:
    store = ProgressStore()
    store.reached(LESSON, 67, 67)
    store.reached("route-optimisation", 10, 80)
    store.save()
    app = MipvizApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#lessons")
        prompts = {options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count)}
        assert "✓ done" in prompts[LESSON]
        assert "started: step 10/80" in prompts["route-optimisation"]
        others = [p for k, p in prompts.items() if k not in (LESSON, "route-optimisation")]
        assert all("done" not in p and "started" not in p for p in others)


@sync
async def test_a_corrupt_progress_file_is_a_message_not_a_crash() -> None:
    path = Path(os.environ[ENV_DATA_DIR]) / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{garbage")
    app = MipvizApp(LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("set aside" in m for m in messages), messages
        await pilot.press("l")
        assert screen.controller.cursor == 1
        await pilot.press("q")
    assert (path.parent / "progress.corrupt.json").read_text() == "{garbage"
    assert json.loads(path.read_text())["lessons"][LESSON]["furthest"] == 1
