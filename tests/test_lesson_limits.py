"""A lesson loader that cannot be crashed (issue 15): every hostile file is answered at once
with ``file:line: key: message`` and exit 1, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mipviz.cli import main
from mipviz.lesson.loader import check_lesson, load_lesson

REPO = Path(__file__).resolve().parents[1]
BASE = (REPO / "lessons/03-reverse-tunnelling.toml").read_text(encoding="utf-8")
LINK = 'name = "home"\nprefix = "2001:db8:1::/64"\n'
FLOW = 'interval = 1.0\n'
WAIT = 'action = "wait"\nseconds = 3.5\n'
POSITION = "position = [20, 2]\n"
HA_ADDRESS = '"2001:db8:1::1" }'


def _lesson(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


CASES = {
    # nesting that makes tomllib recurse past Python's limit (RecursionError before)
    "nested-arrays": ("topics = [" + "[" * 1000 + "]" * 1000 + "]\n" + BASE.replace(
        'topics = ["S10", "S16"]\n', ""), "topics", "nested more than 32 levels"),
    "nested-inline-tables": (_lesson("seed = 2\n", "seed = 2\nx = " + "{a = " * 1000 + "1"
                                     + "}" * 1000 + "\n"), "x", "nested more than 32 levels"),
    "dotted-keys": (_lesson("seed = 2\n", "seed = 2\n" + ".".join(f"k{i}" for i in range(1000))
                            + " = 1\n"), "k0", "nested more than 32 levels"),
    "one-800kB-line": (_lesson("seed = 2\n", "seed = 2\nx = " + "[" * 400_000 + "]" * 400_000
                               + "\n"), "x", "nested more than 32 levels"),
    "800kB-string": (_lesson("seed = 2\n", 'seed = 2\nsummary = "' + "x" * 800_000 + '"\n')
                     .replace("summary = { en", "zzz = { en", 1), "summary",
                     "a string of 800000 characters"),
    # huge integers (OverflowError before)
    "delay-10**100": (_lesson(LINK, LINK + f"delay = {10**100}\n"), "topology.links[0].delay",
                      "too large"),
    "wait-10**100": (_lesson(WAIT, 'action = "wait"\nseconds = ' + str(10**100) + "\n"),
                     "seconds", "too large"),
    "position-10**100": (_lesson(POSITION, f"position = [{10**100}, 0]\n"),
                         "topology.nodes[0].position[0]", "too large"),
    "seed-10**40": (_lesson("seed = 2\n", f"seed = {10**40}\n"), "seed", "too large"),
    # ranges that passed check and then hung or misbehaved
    "interval-1e-9": (_lesson(FLOW, "interval = 1e-9\n"), "interval",
                      "below the engine's time resolution of 1 µs"),
    "count-70000": (_lesson(FLOW, "interval = 0.001\ncount = 70000\n"), "count",
                    "must be between 0 and 20000"),
    "wait-1e9": (_lesson(WAIT, 'action = "wait"\nseconds = 1e9\n'), "seconds",
                 "must be between 1e-06 and 3600 s"),
    "flow-budget": (_lesson(FLOW, "interval = 0.01\n").replace("seconds = 3.5\n",
                                                              "seconds = 3000\n", 1),
                    "interval", "this flow would send about"),
    "seed-2**40": (_lesson("seed = 2\n", f"seed = {2**40}\n"), "seed", "must be between 0 and"),
    "delay-1e300": (_lesson(LINK, LINK + "delay = 1e300\n"), "delay", "between 0 and 60 s"),
    "position-1e308": (_lesson(POSITION, "position = [1e308, -1e308]\n"), "position[0]",
                       "between -10000 and 10000"),
    "ra_interval-1e-7": (_lesson('name = "R2"\nrole = "router"\n',
                                 'name = "R2"\nrole = "router"\nra_interval = 1e-7\n'),
                         "ra_interval", "RFC 6275 7.5"),
    "zone-address": (_lesson(HA_ADDRESS, '"2001:db8:1::1%eth0" }'), "address",
                     "has a zone index"),
    "3000-actions": (BASE + '\n[[script]]\naction = "wait"\nseconds = 1\n' * 3000, "script",
                     "elements; at most 2000"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_lesson_is_one_clear_problem(tmp_path: Path, name: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text, key, words = CASES[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    assert main(["check", str(path)]) == 1
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert re.match(rf"{re.escape(str(path))}:\d+: [^:]*{re.escape(key)}[^:]*: ", first), first
    assert words in err, err


def test_one_huge_dotted_header_is_located_in_linear_time(tmp_path: Path) -> None:
    """[k0.k1....k19999] (129 kB) took the key-line locator 12.9 s and 1.6 GB."""
    from mipviz.lesson._locate import key_lines

    text = "[" + ".".join(f"k{i}" for i in range(20_000)) + "]\nx = 1\n"
    started = time.perf_counter()
    lines = key_lines(text)
    assert time.perf_counter() - started < 1.0
    assert lines[("k0",)] == 1
    path = tmp_path / "header.toml"
    path.write_text("format_version = 1\n" + text, encoding="utf-8")
    started = time.perf_counter()
    (problem,) = check_lesson(path)
    assert time.perf_counter() - started < 2.0
    assert problem.line == 2 and "nested more than 32 levels" in problem.message


def test_bundled_lessons_are_within_every_limit() -> None:
    for path in sorted((REPO / "lessons").glob("*.toml")):
        assert check_lesson(path) == [], path


def _special_paths(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    directory = tmp_path / "dir.toml"
    directory.mkdir()
    return {"a named pipe (FIFO)": fifo, "a device": zero, "a symbolic link loop": loop,
            "a directory": directory}


@pytest.mark.parametrize("command", ["check", "trace", "export", "lesson"])
def test_special_files_are_refused_at_once(tmp_path: Path, command: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for kind, path in _special_paths(tmp_path).items():
        if command == "check" and kind == "a directory":
            continue  # `check DIR` checks the lessons in it (test_lesson_check_cli)
        extra = ["-o", str(tmp_path / "out.pcap")] if command == "export" else []
        done = subprocess.run([sys.executable, "-m", "mipviz", command, str(path), *extra],
                              capture_output=True, text=True, env=env, timeout=30,
                              check=False, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, (command, kind, done.stderr)
        assert "Traceback" not in done.stderr
        assert f"not a regular file ({kind})" in done.stderr, (command, kind, done.stderr)
        assert str(path) in done.stderr


def test_larger_than_4_MB_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(BASE + "#" * (5 * 1024 * 1024), encoding="utf-8")
    (problem,) = check_lesson(path)
    assert problem.message == "larger than 4 MB; mipviz reads at most 4 MB of it"


def test_the_echo_sequence_wraps_at_16_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 4443 4.1: a flow sending more than 65535 echoes wraps its Sequence Number (it
    raised ValueError: echo sequence 65536 does not fit a 16-bit unsigned field)."""
    from mipviz.engine import flows
    from mipviz.lesson.runner import run_lesson

    lesson = load_lesson(REPO / "lessons/03-reverse-tunnelling.toml")
    start = flows.Flow.start

    def start_near_the_wrap(flow: flows.Flow) -> None:  # as if 65,534 echoes had been sent
        flow._sequence = 65_534
        start(flow)

    monkeypatch.setattr(flows.Flow, "start", start_near_the_wrap)
    run = run_lesson(lesson)
    delivered = [int(m.group(1)) for step in run.timeline for event in step.events
                 if (m := re.search(r"flow ping: #(\d+) delivered", str(event)))]
    assert max(delivered) >= 65_537  # counted on past the wrap, each reply matched
    assert delivered == sorted(delivered)
