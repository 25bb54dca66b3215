"""Kept lesson runs (mipviz.lesson.cache): a lesson opened again shows exactly the steps a
fresh run makes, without running the engine; a changed lesson, other code, another language
or a damaged entry is never trusted."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mipviz.lesson import cache as cache_module
from mipviz.lesson import runner
from mipviz.lesson.cache import KEEP, CachedRun, RunCache, Source, cache_dir
from mipviz.lesson.catalog import find_lesson
from mipviz.records import step_record
from mipviz.ui.controller import Controller, Prepared
from tests.conftest import bundled_lesson_ids

REPO = Path(__file__).resolve().parents[1]


def _records(prepared: Prepared) -> list[str]:
    """Everything a person can see of a run: the JSON-lines step records (what `trace
    --format jsonl` prints), the frames' octets, the narration, every node's state after
    every step, the problems, where the quizzes are asked, the secrets."""
    timeline = prepared.timeline
    lines = [json.dumps(step_record(step, prepared.language), ensure_ascii=False)
             for step in timeline]
    lines += [f"{step.index} {(step.frame_bytes or b'').hex()} {step.narration!r}"
              for step in timeline]
    lines += [f"{index} {name} {timeline.state_at(name, index)!r}"
              for index in range(len(timeline) + 1) for name in timeline.initial_states]
    lines += [repr(prepared.problems), repr([(q.number, q.position) for q in prepared.quizzes]),
              repr(prepared.secrets), repr(prepared.message_starts)]
    return lines


def _no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, running the engine fails the test: the run must come from the cache."""
    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the engine ran although the run was kept")

    monkeypatch.setattr(runner, "run_lesson", refuse)


def _entries(directory: Path | None = None) -> list[Path]:
    directory = cache_dir() if directory is None else directory
    return sorted(directory.glob("*.run")) if directory.is_dir() else []


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_a_kept_run_gives_the_very_steps_of_a_fresh_run(
        lesson_id: str, language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Controller(lesson_id, language).prepare()
    assert len(_entries()) == 1
    _no_engine(monkeypatch)
    kept = Controller(lesson_id, language).prepare()
    assert kept.total == fresh.total >= 2
    assert _records(kept) == _records(fresh)
    assert kept.lesson == fresh.lesson


def test_a_run_kept_by_another_process_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another interpreter (another hash seed) writes the entry; this one reads it."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", "from mipviz.ui.controller import Controller; "
                    "Controller('route-optimisation', 'ja').prepare()"],
                   check=True, env=env, cwd=REPO)
    assert len(_entries()) == 1
    from mipviz.lesson.loader import load_lesson

    lesson = load_lesson(find_lesson("route-optimisation"))
    fresh_lines = _records(Controller("route-optimisation", "ja")._run(lesson, lambda _: None))
    _no_engine(monkeypatch)
    kept = Controller("route-optimisation", "ja").prepare()
    assert _records(kept) == fresh_lines


def _copy(tmp_path: Path, lesson_id: str = "home-registration") -> Path:
    path = tmp_path / "lesson.toml"
    path.write_bytes(find_lesson(lesson_id).read_bytes())
    return path


def test_a_changed_lesson_is_run_again(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    first = Controller(str(path)).prepare()
    text = path.read_text(encoding="utf-8")
    assert "\nseed = 1\n" in text
    path.write_text(text.replace("\nseed = 1\n", "\nseed = 7\n", 1), encoding="utf-8")
    second = Controller(str(path)).prepare()
    assert (first.lesson.seed, second.lesson.seed) == (1, 7)
    assert len(_entries()) == 2  # each version of the file has its own entry
    # ... and what is shown is the run of the new file, not the old one.
    fresh = Controller(str(path))._run(second.lesson, lambda _: None)
    assert _records(second) == _records(fresh)


def test_another_language_or_other_code_is_not_the_same_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(tmp_path)
    Controller(str(path), "en").prepare()
    source = Source.read(path)
    assert source is not None
    assert RunCache().has(source.key("en")) and not RunCache().has(source.key("ja"))
    key = source.key("en")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another mipviz")
    assert source.key("en") != key
    assert not RunCache().has(source.key("en"))


def test_the_code_fingerprint_sees_an_edited_module(tmp_path: Path) -> None:
    before = cache_module.code_fingerprint()
    cache_module.code_fingerprint.cache_clear()
    module = Path(cache_module.__file__)
    info = module.stat()
    try:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert cache_module.code_fingerprint() != before
    finally:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
        cache_module.code_fingerprint.cache_clear()
    assert cache_module.code_fingerprint() == before


def _damage(file: Path, how: str) -> None:
    import hashlib

    magic, key, _digest, payload = file.read_bytes().split(b"\n", 3)

    def entry(body: bytes) -> bytes:  # a well-formed entry (its digest right) around *body*
        return b"\n".join((magic, key, hashlib.sha256(body).hexdigest().encode(), body))

    middle = len(payload) // 2
    file.write_bytes({
        "truncated": entry(payload)[:len(payload) // 2],
        "bit flipped": b"\n".join((magic, key, _digest, payload[:middle]
                                   + bytes([payload[middle] ^ 1]) + payload[middle + 1:])),
        "garbage": b"\x00\xff not a run at all",
        "foreign class": entry(pickle.dumps(os.system)),  # would call os.system
        "wrong shape": entry(pickle.dumps(("not", "a", "run"))),
    }[how])


@pytest.mark.parametrize("how", ["truncated", "bit flipped", "garbage", "foreign class",
                                 "wrong shape"])
def test_a_damaged_entry_is_ignored_and_replaced(how: str, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    fresh = Controller(str(path)).prepare()
    [entry] = _entries()
    _damage(entry, how)
    again = Controller(str(path)).prepare()  # runs the engine again, no traceback
    assert _records(again) == _records(fresh)
    [rewritten] = _entries()
    assert RunCache().load(rewritten.stem) is not None


def test_an_unwritable_cache_is_no_failure(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(blocker))
    prepared = Controller("home-registration").prepare()
    assert prepared.total >= 2
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_the_cache_dir_is_the_env_override_or_platformdirs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache_module.ENV_CACHE_DIR, str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here" / "runs"
    import platformdirs

    monkeypatch.delenv(cache_module.ENV_CACHE_DIR)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: str(tmp_path / name))
    assert cache_dir() == tmp_path / "mipviz" / "runs"


def test_free_exploration_and_lessons_changed_in_code_are_not_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    controller = Controller("home-registration")
    plain = controller.prepare()
    [entry] = _entries()
    moved = controller.rerun_moved("MN", "visited", 5)
    other = dataclasses.replace(plain.lesson, seed=plain.lesson.seed + 1)
    controller._run(other, lambda _: None)
    assert _entries() == [entry]  # neither the move nor the changed lesson was kept
    assert moved.total != plain.total or _records(moved) != _records(plain)
    _no_engine(monkeypatch)
    assert _records(Controller("home-registration").prepare()) == _records(plain)


def test_switching_language_uses_the_kept_run(monkeypatch: pytest.MonkeyPatch) -> None:
    Controller("route-optimisation", "ja").prepare()
    controller = Controller("route-optimisation", "en")
    controller.prepare()
    _no_engine(monkeypatch)
    controller.language = "ja"
    switched = controller.rerun_language()
    assert switched.language == "ja"
    assert any(step.narration and "気付けアドレス" in step.narration
               for step in switched.timeline)


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    store = RunCache(tmp_path / "runs")
    run = CachedRun(lesson=None, timeline=None, action_starts={}, problems=(),  # type: ignore[arg-type]
                    secrets=None)
    for number in range(KEEP + 3):
        assert store.store(f"{number:064x}", run)
        os.utime(store._file(f"{number:064x}"), ns=(number * 10**9, number * 10**9))
    store.store("f" * 64, run)
    kept = {path.stem for path in _entries(tmp_path / "runs")}
    assert len(kept) == KEEP
    assert "f" * 64 in kept and f"{0:064x}" not in kept


def test_mipviz_lesson_skips_the_check_of_a_kept_lesson(tmp_path: Path) -> None:
    from mipviz.commands.ui import _kept

    path = _copy(tmp_path)
    assert not _kept(path, "en")
    Controller(str(path), "en").prepare()
    assert _kept(path, "en") and not _kept(path, "ja")
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not _kept(path, "en")  # edited: checked again before the UI opens


def test_a_lesson_opened_again_shows_step_1_in_its_first_frame(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The second opening reads the kept run on the UI thread: the panes are up when the
    screen is mounted (no loading line, no engine), and stepping works (scapy is loaded in
    the background for the packet pane's header tree)."""
    import asyncio

    from mipviz.ui.app import MipvizApp
    from mipviz.ui.screen import LessonScreen
    from tests.ui_helpers import status, wait_ready

    async def first() -> int:
        async with MipvizApp("home-registration").run_test(size=(160, 50)) as pilot:
            return (await wait_ready(pilot)).controller.total

    async def again() -> None:
        app = MipvizApp("home-registration")
        async with app.run_test(size=(160, 50)) as pilot:
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            assert screen.ready, "the kept run was not shown at mount"
            assert not screen.query("#loading")
            assert status(screen).startswith(f" step 0/{total} ")
            await pilot.press("right")
            assert status(screen).startswith(f" step 1/{total} ")
            tree = screen.query_one("#packet-tree")
            assert len(tree.rows) > 3  # type: ignore[attr-defined]  # the dissected headers

    total = asyncio.run(first())
    _no_engine(monkeypatch)
    asyncio.run(again())


def test_opening_a_kept_lesson_loads_neither_the_engine_nor_scapy(tmp_path: Path) -> None:
    """What made start-up slow (issue 14): networkx and the simulation (~0.15 s), scapy
    (~0.3 s). A kept run needs none of them before step 1 is on screen."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = ("import sys\n"
            "from mipviz.commands import ui, _run\n"
            "from mipviz.ui.controller import Controller\n"
            "c = Controller('home-registration')\n"
            "print(c.prepare_kept() is not None, ui._kept(c._source.path, 'en'))\n"
            "print(' '.join(sorted(sys.modules)))\n")
    subprocess.run([sys.executable, "-c", "from mipviz.ui.controller import Controller; "
                    "Controller('home-registration').prepare()"], check=True, env=env, cwd=REPO)
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO,
                         capture_output=True, text=True).stdout.splitlines()
    assert out[0] == "True True"
    loaded = set(out[1].split())
    assert not {"networkx", "scapy", "mipviz.engine.network", "mipviz.engine.simulation",
                "mipviz.lesson.runner", "mipviz.lesson.loader"} & loaded
