"""The lesson loader's problems in Japanese: `mipviz check --lang ja` and the UI's "cannot open"
message keep the `file:line: key:` prefix and say the rest in Japanese; English, the default,
is what it was (the other loader tests match it word for word)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

from mipviz.lesson.loader import check_lessons
from mipviz.ui.app import MipvizApp

REPO = Path(__file__).resolve().parents[1]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
BAD = """format_version = 1
id = "bad-one"
title = 3
topics = ["S08"]
summary = "x"

[topology]
foo = 1
links = "nope"
"""


def _check(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mipviz", "check", *arguments], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)


def test_check_in_japanese_keeps_the_prefix(tmp_path: Path) -> None:
    lesson = tmp_path / "bad.toml"
    lesson.write_text(BAD, encoding="utf-8")
    english = _check(str(lesson))
    japanese = _check(str(lesson), "--lang", "ja")
    assert english.returncode == japanese.returncode == 1
    en_lines, ja_lines = english.stderr.splitlines(), japanese.stderr.splitlines()
    assert len(en_lines) == len(ja_lines) >= 4
    prefix = re.compile(r"^(\S+:\d+: [A-Za-z_.\[\]0-9]+: )")
    for en, ja in zip(en_lines[:-1], ja_lines[:-1], strict=True):
        found = prefix.match(en)
        assert found, en
        assert ja.startswith(found.group(1))  # file:line: key: exactly as in English
        assert JAPANESE.search(ja[len(found.group(1)):]), ja
        assert not JAPANESE.search(en)
    assert "title: expected a string or a table of languages, found an integer (3)" in \
        english.stderr
    assert "検査" in ja_lines[-1] and "problems in 1 file" in en_lines[-1]


def test_check_in_japanese_for_a_syntax_error_and_a_good_lesson(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("format_version = \n", encoding="utf-8")
    result = _check(str(broken), "--lang", "ja")
    assert result.stderr.startswith(f"{broken}:1: TOML の構文エラー: ")
    good = _check("lessons/01-home-registration.toml", "--lang", "ja")
    assert good.returncode == 0 and JAPANESE.search(good.stdout)


def test_problem_render_changes_only_the_message(tmp_path: Path) -> None:
    lesson = tmp_path / "bad.toml"
    lesson.write_text(BAD, encoding="utf-8")
    for problem in check_lessons([lesson]):
        assert str(problem) == problem.render("en")
        head = f"{problem.path}:{problem.line}: {problem.key}: "
        assert str(problem).startswith(head) and problem.render("ja").startswith(head)


def test_ui_cannot_open_dialog_in_japanese(tmp_path: Path) -> None:
    lesson = tmp_path / "bad.toml"
    lesson.write_text(BAD, encoding="utf-8")

    async def run() -> str:
        app = MipvizApp(str(lesson), language="ja")
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(500):
                await pilot.pause(0.02)
                shown = app.screen.query("#loading")
                text = str(shown.first().render()) if shown else ""
                if "title" in text:
                    return text
        raise AssertionError("no 'cannot open' message")

    text = asyncio.run(run())
    assert "title: 文字列か言語ごとのテーブルのはずが、整数（3）" in text
    assert "expected" not in text


def test_every_invalid_fixture_problem_in_japanese() -> None:
    """The loader tests' invalid lessons (tests/fixtures/lessons/invalid): every problem
    reads in Japanese after its unchanged `file:line: key:` prefix."""
    folder = REPO / "tests" / "fixtures" / "lessons" / "invalid"
    problems = check_lessons(sorted(folder.glob("*.toml")))
    assert len(problems) > 80
    english_only = []
    for problem in problems:
        text = problem.render("ja")
        head = f"{problem.path}:{problem.line}: " if problem.line else f"{problem.path}: "
        head += f"{problem.key}: " if problem.key else ""
        assert text.startswith(head) and str(problem).startswith(head)
        if not JAPANESE.search(text[len(head):]):
            english_only.append(text)
    assert english_only == []
