"""Start-up to a usable lesson, measured the way a person meets it (issue 14, item 1).

Both programs are launched the same way, ``tmux new-session -d -x 160 -y 50 CMD``, and the
pane is polled with ``tmux capture-pane -p`` every ~10 ms until the text is on screen:

* a bare Textual app that shows one line of text (``Hello, world``);
* ``python -m mipviz lesson home-registration`` until the status line shows ``step N/M`` with
  M >= 2 (a real timeline: the loading line says ``step 0/0`` or ``step 0/…``).

Rounds alternate (bare, mipviz, bare, mipviz, ...) so that a change in the machine's load
hits both; the figures are medians. mipviz runs with a scratch data directory (progress) and
a scratch cache directory: *cold* empties the cache before each round (a lesson opened for
the first time, or changed since), *warm* keeps the entry the first cold round wrote (every
later opening). Budget: mipviz <= 2x the bare app (stretch 1.5x), in the same run.

Then, in fresh processes without a terminal, where a cold start's time goes: the imports a
lesson needs (``python -X importtime``'s total of what the lesson screen imports) and the
engine's run over the lesson (``Controller.prepare`` with no cache).

Run: ``python benchmarks/startup_bench.py [--rounds N] [--lesson ID]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLL = 0.010  # seconds between two looks at the pane
TIMEOUT = 30.0
# A server of the benchmark's own, kept alive by an idle session: killing a round's session
# would otherwise stop the server while the next round's new-session talks to it.
TMUX = ("tmux", "-L", f"mipviz-startup-{os.getpid()}")

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Hello, world")
Bare().run()
"""

# A cold start without a terminal, under -X importtime: the UI's first-paint imports, then
# what opening the lesson imports and runs (Controller.prepare and the panes' modules). A
# marker on stderr splits importtime's lines between the two phases.
BREAKDOWN = """
import sys, time
begin = time.perf_counter()
import mipviz.ui.app, mipviz.ui.screen
painted = time.perf_counter()
print("--mark--", file=sys.stderr, flush=True)
from mipviz.ui.controller import Controller
controller = Controller(sys.argv[1], "en")
controller.prepare()
import mipviz.ui.inspector, mipviz.ui.ladder, mipviz.ui.narration, mipviz.ui.state
import mipviz.ui.topology
ready = time.perf_counter()
print(painted - begin, ready - painted, controller.total)
"""


def shown(command: str, ready: Callable[[str], bool], env: dict[str, str]) -> float:
    """Seconds from starting a detached 160x50 tmux session running *command* until
    ``capture-pane`` shows what *ready* accepts."""
    name = f"round-{uuid.uuid4().hex[:8]}"
    begin = time.perf_counter()
    subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", "160", "-y", "50", command],
                   check=True, env=env)
    try:
        while True:
            screen = subprocess.run([*TMUX, "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            elapsed = time.perf_counter() - begin
            if ready(screen):
                return elapsed
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{command!r} showed nothing usable in {TIMEOUT:g} s:\n"
                                   f"{screen}")
            time.sleep(POLL)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def lesson_ready(screen: str) -> bool:
    """The status line shows ``step N/M`` with M >= 2: step 1 of a real timeline exists."""
    import re

    return any(int(total) >= 2 for total in re.findall(r"step \d+/(\d+)", screen))


def breakdown(lesson: str, env: dict[str, str]) -> tuple[float, float, float, int]:
    """A cold start in one fresh process, no terminal: (first-paint imports s, opening the
    lesson s, of which imports s, steps)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", BREAKDOWN, lesson],
                          capture_output=True, text=True, check=True, env=env, cwd=REPO)
    first, opening, steps = done.stdout.split()
    # "import time: self [us] | cumulative | package": top-level entries (the name column
    # not indented further) add up to the whole import of their phase.
    lines = done.stderr.splitlines()
    later = lines[lines.index("--mark--") + 1:]
    imported = 0
    for line in later:
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):
            imported += int(parts[1])
    return float(first), float(opening), imported / 1e6, int(steps)


def rounds(count: int, bare_cmd: str, lesson_cmd: str, cache: Path, env: dict[str, str],
           ) -> tuple[list[float], list[float], list[float]]:
    """Alternating rounds: bare, mipviz with the cache emptied, bare, mipviz with the cache
    the previous round wrote."""
    bare: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(count):
        bare.append(shown(bare_cmd, lambda screen: "Hello, world" in screen, env))
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(shown(lesson_cmd, lesson_ready, env))
        bare.append(shown(bare_cmd, lambda screen: "Hello, world" in screen, env))
        warm.append(shown(lesson_cmd, lesson_ready, env))
    return bare, cold, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lesson", default="home-registration")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("startup_bench: tmux is not installed", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="mipviz-startup-"))
    cache = scratch / "cache"
    env = dict(os.environ, PYTHONPATH=str(REPO), MIPVIZ_DATA_DIR=str(scratch / "data"),
               MIPVIZ_CACHE_DIR=str(cache))
    python = sys.executable
    bare_file = scratch / "bare.py"
    bare_file.write_text(BARE)
    bare_cmd = f"cd {REPO} && exec {python} {bare_file}"
    lesson_cmd = f"cd {REPO} && exec {python} -m mipviz lesson {args.lesson}"
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "-x", "160", "-y", "50",
                    "sleep 3600"], check=True, env=env)
    load = os.getloadavg()
    try:
        bare, cold, warm = rounds(args.rounds, bare_cmd, lesson_cmd, cache, env)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)

    first, opening, imported, steps = breakdown(args.lesson, dict(env, MIPVIZ_CACHE_DIR=str(
        scratch / "nocache")))
    after = os.getloadavg()
    shutil.rmtree(scratch, ignore_errors=True)
    b, w = statistics.median(bare), statistics.median(warm)
    print(f"load average {load[0]:.2f} at the start, {after[0]:.2f} at the end "
          f"({os.cpu_count()} processors); {args.rounds} alternating rounds, tmux 160x50, "
          f"capture-pane every {POLL * 1000:.0f} ms")
    print(f"bare Textual app, 'Hello, world' visible   median {b:.3f} s  "
          f"(min {min(bare):.3f}, max {max(bare):.3f})")
    for label, values in (("cold cache", cold), ("warm cache", warm)):
        m = statistics.median(values)
        verdict = "within 1.5x" if m <= 1.5 * b else "within 2x" if m <= 2 * b else "OVER 2x"
        print(f"mipviz lesson {args.lesson}, {label}: step N/M visible  median {m:.3f} s  "
              f"(min {min(values):.3f}, max {max(values):.3f})  ratio {m / b:.2f}  {verdict}")
    print(f"cold start without a terminal or cache (one process, -X importtime inflates it): "
          f"first-paint imports {first:.3f} s; opening the lesson {opening:.3f} s = imports "
          f"{imported:.3f} s + engine run and layout {opening - imported:.3f} s ({steps} steps)")
    return 0 if w <= 2 * b else 1


if __name__ == "__main__":
    raise SystemExit(main())
