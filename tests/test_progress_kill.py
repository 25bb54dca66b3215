"""Progress survives a kill -9 at any moment (issue 15, item 7).

Two ways in, both real processes killed with SIGKILL at random moments:

* the progress-saving code path (:meth:`ProgressStore.save`) in a subprocess that does
  nothing but save, so nearly every kill lands inside a save (in ``json.dump``, the
  ``fsync`` or the rename), 40 times;
* ``python -m mipviz lesson`` itself in a pseudo-terminal, stepped with → until it is
  killed, a few times.

After each kill the progress file must load with no problem, and its furthest step must be
at least what the last save that returned said (and never less than after the kill before),
and no temporary file of a dead writer may survive the next start.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from pathlib import Path

from mipviz.lesson.progress import ProgressStore

REPO = Path(__file__).resolve().parents[1]
LESSON = "kill-test"

_SAVER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from mipviz.lesson.progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]))
    if store.problem:
        print("PROBLEM", store.problem, flush=True)
        sys.exit(3)
    entry = store.get("kill-test")
    step = entry.furthest if entry else 0
    if entry is None:  # bulk, so that a save is several writes and a torn one would show
        for number in range(400):
            store.reached(f"padding-{number:03d}", number, 1000)
            store.answered(f"padding-{number:03d}", 1, True, "first")
    os.write(1, b"START %d\\n" % step)
    while True:
        step += 1
        store.reached("kill-test", step, 10 ** 9)
        if not store.save():
            print("FAIL", store.problem, flush=True)
            sys.exit(4)
        os.write(1, b"%d\\n" % step)
""")


def _environment(data: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), MIPVIZ_DATA_DIR=str(data))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _saved_furthest(path: Path, lesson: str) -> int:
    """The file as a fresh mipviz would load it: complete JSON, no problem reported."""
    json.loads(path.read_text(encoding="utf-8"))  # complete, never torn
    store = ProgressStore(path)
    assert store.problem is None, store.problem
    entry = store.get(lesson)
    return entry.furthest if entry is not None else 0


def _temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob(".progress-*.tmp"))


def test_a_kill_during_a_save_never_loses_a_finished_save(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "progress.json"
    rng = random.Random(15)
    previous, kills = 0, 0
    deadline = time.monotonic() + 30.0
    while kills < 40 and time.monotonic() < deadline:
        child = subprocess.Popen([sys.executable, "-c", _SAVER, str(path)],
                                 stdout=subprocess.PIPE, env=_environment(data))
        assert child.stdout is not None
        first = child.stdout.readline().split()
        assert first[:1] == [b"START"], first
        assert int(first[1]) >= previous  # it resumed from what the last kill left
        # the previous writer is dead: its temporary, if any, went when this one started
        assert not [n for n in _temporaries(data) if f"-{child.pid}-" not in n]
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        out = child.communicate(timeout=10)[0]
        assert child.returncode == -signal.SIGKILL, out[-200:]
        acknowledged = [int(line) for line in out.split() if line.isdigit()]
        kills += 1
        if not path.exists():  # killed before its first save finished
            assert not acknowledged
            continue
        furthest = _saved_furthest(path, LESSON)
        last_done = acknowledged[-1] if acknowledged else previous
        assert furthest >= last_done, (kills, furthest, last_done)
        assert furthest >= previous
        previous = furthest
    assert kills >= 10 and previous > 0
    ProgressStore(path)  # the next start removes the last writer's temporary too
    assert _temporaries(data) == []


def _pty_lesson(data: Path, cache: Path,
                shown: threading.Event) -> tuple[int, int, threading.Thread]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: mipviz in a 160x50 terminal
        env = _environment(data)
        env.update(MIPVIZ_CACHE_DIR=str(cache), TERM="xterm-256color", COLUMNS="160",
                   LINES="50")
        os.execvpe(sys.executable, [sys.executable, "-m", "mipviz", "lesson",
                                    "home-registration"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))

    def drain() -> None:  # never let the terminal's buffer fill and stall the app
        seen = b""
        while True:
            try:
                if select.select([fd], [], [], 0.5)[0]:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        return
                    seen = (seen + chunk)[-4096:]
                    if b"step " in seen and b"/" in seen:  # the status line: a timeline
                        shown.set()
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    return pid, fd, reader


def test_killing_the_lesson_ui_while_it_steps_keeps_its_progress(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    path = data / "progress.json"
    rng = random.Random(7)
    previous, kills, saves_seen = 0, 0, 0
    deadline = time.monotonic() + 40.0
    while kills < 6 and time.monotonic() < deadline:
        shown = threading.Event()
        pid, fd, reader = _pty_lesson(data, cache, shown)
        try:
            shown.wait(20)  # however loaded the machine: the lesson is on screen
            started = time.monotonic()
            stop_at = started + rng.uniform(1.2, 3.0)
            before = path.stat().st_mtime_ns if path.exists() else None
            while time.monotonic() < stop_at:
                os.write(fd, b"\x1b[C")  # → : the furthest step moves on, saved each second
                time.sleep(0.03)
                if path.exists() and path.stat().st_mtime_ns != before:
                    # a save happened: go on a random while more, to kill near the next one
                    saves_seen += 1
                    before = path.stat().st_mtime_ns
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        finally:
            os.close(fd)
            reader.join(timeout=2)
        kills += 1
        if path.exists():
            furthest = _saved_furthest(path, "home-registration")
            assert furthest >= previous, (kills, furthest, previous)
            previous = furthest
    assert kills >= 3
    assert saves_seen and previous > 0  # the UI did save, and what it saved is kept
    ProgressStore(path)
    assert _temporaries(data) == []
