"""`mipviz check`, `mipviz lessons` and the CLI skeleton: output, exit codes 0/1/2, catalog."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from mipviz import cli
from mipviz.lesson import catalog
from mipviz.lesson.catalog import LessonNotFoundError, find_lesson, list_lessons

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "lessons"
INVALID = FIXTURES / "invalid"
MINIMAL = FIXTURES / "minimal.toml"


def run_mipviz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m mipviz ARGS` in a fresh interpreter, importing this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "mipviz", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- mipviz check ------------------------------------------------------------------------------


def test_check_valid_files_exits_0_with_a_one_line_summary() -> None:
    result = run_mipviz("check", str(MINIMAL), str(FIXTURES / "full.toml"))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "checked 2 lesson files: no problems\n",
        "",
    )


def test_check_invalid_file_prints_each_problem_on_stderr_and_exits_1() -> None:
    result = run_mipviz("check", "script.toml", cwd=INVALID)
    expected = (INVALID / "script.expected").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
    assert result.stdout == ""
    *problems, summary = result.stderr.splitlines()
    assert problems == expected
    assert summary == f"checked 1 lesson file: {len(expected)} problems in 1 file"


def test_check_reports_every_file_and_keeps_going(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(INVALID / "topics.toml"), str(MINIMAL), str(INVALID / "absent.toml")]
    assert cli.main(["check", *paths]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{INVALID / 'topics.toml'}:3: topics[0]: unknown topic")
    assert lines[-2] == f"{INVALID / 'absent.toml'}: cannot read: No such file or directory"
    assert lines[-1] == "checked 3 lesson files: 6 problems in 2 files"


def test_check_a_directory_checks_its_toml_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(FIXTURES)]) == 0  # minimal.toml and full.toml; not invalid/
    assert capsys.readouterr().out == "checked 2 lesson files: no problems\n"


def test_check_an_empty_directory_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path}: no lesson files (*.toml) in this directory",
        "checked 0 lesson files: 1 problem in 1 file",
    ]


def test_check_finds_duplicate_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(MINIMAL, tmp_path / "a.toml")
    (tmp_path / "b.toml").write_text(
        MINIMAL.read_text(encoding="utf-8").replace(
            "format_version = 1", 'format_version = 1\nid = "a"'
        ),
        encoding="utf-8",
    )
    assert cli.main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f'{tmp_path / "b.toml"}:3: id: "a" is already the id of {tmp_path / "a.toml"}; '
        "lesson ids must be unique"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["lessons", "--format", "xml"],
        ["lesson"],
        ["lesson", "x", "--lang", "fr"],
        ["export", "x"],  # -o is required
        ["frobnicate"],
        ["serve", "--port", "eighty"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    assert "usage: mipviz" in capsys.readouterr().err


def test_usage_error_exits_2_from_a_real_process() -> None:
    result = run_mipviz("check")
    assert result.returncode == 2
    assert "the following arguments are required: PATH" in result.stderr


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("lesson", "replay", "lessons", "check", "trace", "export", "dump", "serve"):
        assert command in out


# -- mipviz lessons ----------------------------------------------------------------------------


def test_lessons_json_is_an_array_of_id_title_topics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["lessons", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records == [
        {"id": info.id, "title": info.title.get("en"), "topics": list(info.topics)}
        for info in list_lessons()
    ]


def test_lessons_text_has_one_line_per_lesson(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(catalog, "bundled_lessons_dir", lambda: FIXTURES)
    assert cli.main(["lessons"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "full-example  Everything at once  S03 S08 S09 S19 S23",
        "minimal       Minimal             S04",
    ]


# -- placeholders and delegation ----------------------------------------------------------------


def _record_app_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, str]]:
    from mipviz.ui.app import MipvizApp

    runs: list[tuple[str | None, str]] = []
    monkeypatch.setattr(MipvizApp, "run", lambda self, **_: runs.append((self.lesson,
                                                                         self.language)))
    return runs


def test_no_command_opens_the_lesson_picker(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _record_app_runs(monkeypatch)
    assert cli.main([]) == 0
    assert runs == [(None, "en")]


def test_lesson_checks_the_lesson_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = _record_app_runs(monkeypatch)
    assert cli.main(["lesson", str(INVALID / "topics.toml")]) == 1
    assert "topics[0]: unknown topic" in capsys.readouterr().err
    assert runs == []
    assert cli.main(["lesson", str(MINIMAL), "--lang", "ja"]) == 0
    assert runs == [(str(MINIMAL), "ja")]


def test_lesson_with_an_unknown_id_lists_the_ids(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(catalog, "bundled_lessons_dir", lambda: FIXTURES)
    assert cli.main(["lesson", "minimall"]) == 1
    assert capsys.readouterr().err == (
        'mipviz: no lesson "minimall" (available: full-example, minimal); did you mean "minimal"?\n'
    )


def test_replay_of_a_missing_capture_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["replay", "x.pcap"]) == 1
    assert capsys.readouterr().err == (
        "mipviz replay: x.pcap: cannot read: No such file or directory\n")


@pytest.mark.parametrize(
    ("argv", "module", "expected"),
    [
        (
            ["trace", "some-id", "--format", "jsonl"],
            "trace",
            {"lesson": "some-id", "format": "jsonl"},
        ),
        (
            ["export", "some-id", "-o", "out.pcap", "--keylog", "k.txt"],
            "export",
            {"lesson": "some-id", "output": "out.pcap", "keylog": "k.txt"},
        ),
    ],
)
def test_trace_and_export_hand_their_arguments_to_mipviz_commands(
    argv: list[str], module: str, expected: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    fake = types.ModuleType(f"mipviz.commands.{module}")
    fake.run = lambda args: seen.append(args) or 0  # type: ignore[attr-defined]
    package = types.ModuleType("mipviz.commands")
    setattr(package, module, fake)
    monkeypatch.setitem(sys.modules, "mipviz.commands", package)
    monkeypatch.setitem(sys.modules, f"mipviz.commands.{module}", fake)
    assert cli.main(argv) == 0
    (args,) = seen
    assert {key: getattr(args, key) for key in expected} == expected


def test_importing_the_cli_and_checking_loads_no_heavy_modules() -> None:
    code = (
        "import sys, mipviz.cli\n"
        f"mipviz.cli.main(['check', {str(MINIMAL)!r}])\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(result.stdout.split())
    assert not {"textual", "scapy", "networkx", "rich"} & loaded


# -- catalog -----------------------------------------------------------------------------------


def test_bundled_lessons_dir_prefers_the_installed_package_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "mipviz"
    monkeypatch.setattr(catalog, "_PACKAGE_DIR", package)
    assert catalog.bundled_lessons_dir() == tmp_path / "site-packages" / "lessons"
    (package / "_bundled_lessons").mkdir(parents=True)
    assert catalog.bundled_lessons_dir() == package / "_bundled_lessons"


def test_source_checkout_reads_the_repository_lessons() -> None:
    assert catalog.bundled_lessons_dir() in (
        ROOT / "lessons",
        ROOT / "mipviz" / "_bundled_lessons",
    )


def test_list_lessons_sorts_by_file_name_and_lists_broken_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "full.toml", tmp_path / "02-full.toml")
    shutil.copy(MINIMAL, tmp_path / "01-minimal.toml")
    (tmp_path / "03-broken.toml").write_text("title = ", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a lesson", encoding="utf-8")
    infos = list_lessons(tmp_path)
    assert [(info.id, info.title.get(), info.topics, info.path.name) for info in infos] == [
        ("01-minimal", "Minimal", ("S04",), "01-minimal.toml"),
        ("full-example", "Everything at once", ("S03", "S08", "S09", "S19", "S23"), "02-full.toml"),
        ("03-broken", "03-broken", (), "03-broken.toml"),
    ]
    assert infos[1].title.get("ja") == "全部まとめて"


def test_find_lesson_by_id_stem_or_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "bundled_lessons_dir", lambda: FIXTURES)
    assert find_lesson("full-example") == FIXTURES / "full.toml"
    assert find_lesson("full") == FIXTURES / "full.toml"  # the file stem works too
    assert find_lesson(str(INVALID / "topics.toml")) == INVALID / "topics.toml"
    monkeypatch.chdir(INVALID)
    assert find_lesson("topics.toml") == Path("topics.toml")
    with pytest.raises(LessonNotFoundError, match=r"^no lesson file elsewhere/x\.toml$"):
        find_lesson("elsewhere/x.toml")
    with pytest.raises(LessonNotFoundError, match=r"available: full-example, minimal\)$"):
        find_lesson("nothing-like-it")


def test_every_bundled_lesson_passes_check() -> None:
    lessons = sorted((ROOT / "lessons").glob("*.toml"))
    if not lessons:
        pytest.skip("no bundled lessons yet")
    result = run_mipviz("check", "lessons")
    assert (result.returncode, result.stderr) == (0, "")
