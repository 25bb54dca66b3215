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


def shown(command: str, ready: Callable[[str], bool], env: dict[str, str],
          ) -> tuple[float, float]:
    """(wall s, CPU s) from starting a detached 160x50 tmux session running *command* until
    ``capture-pane`` shows what *ready* accepts; the CPU time is the program's own (user +
    system, from /proc, 10 ms ticks), which the machine's load does not stretch."""
    name = f"round-{uuid.uuid4().hex[:8]}"
    begin = time.perf_counter()
    subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", "160", "-y", "50", command],
                   check=True, env=env)
    pid = subprocess.run([*TMUX, "display-message", "-p", "-t", name, "#{pane_pid}"],
                         capture_output=True, text=True).stdout.strip()
    try:
        while True:
            screen = subprocess.run([*TMUX, "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            elapsed = time.perf_counter() - begin
            if ready(screen):
                return elapsed, _cpu(pid)
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{command!r} showed nothing usable in {TIMEOUT:g} s:\n"
                                   f"{screen}")
            time.sleep(POLL)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def _cpu(pid: str) -> float:
    """User + system CPU seconds of process *pid* so far (NaN if it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


Figures = list[tuple[float, float]]  # (wall s, CPU s) per round


def rounds(count: int, bare_cmd: str, lesson_cmd: str, cache: Path, env: dict[str, str],
           ) -> tuple[Figures, Figures, Figures]:
    """Alternating rounds: bare, mipviz with the cache emptied, bare, mipviz with the cache
    the previous round wrote."""
    bare: Figures = []
    cold: Figures = []
    warm: Figures = []
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
    parser.add_argument("--as-is", action="store_true",
                        help="keep the environment's PYTHONDONTWRITEBYTECODE: mipviz's modules "
                        "are then compiled from source at every start (an installed mipviz "
                        "has its bytecode, as the bare app's Textual has)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("startup_bench: tmux is not installed", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="mipviz-startup-"))
    cache = scratch / "cache"
    env = dict(os.environ, PYTHONPATH=str(REPO), MIPVIZ_DATA_DIR=str(scratch / "data"),
               MIPVIZ_CACHE_DIR=str(cache))
    if not args.as_is:
        # As installed: pip compiles a wheel's modules to bytecode; a checkout run with
        # PYTHONDONTWRITEBYTECODE=1 would compile mipviz from source at every start while
        # Textual's bytecode is in site-packages. A scratch bytecode cache, for both.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    python = sys.executable
    bare_file = scratch / "bare.py"
    bare_file.write_text(BARE)
    bare_cmd = f"cd {REPO} && exec {python} {bare_file}"
    lesson_cmd = f"cd {REPO} && exec {python} -m mipviz lesson {args.lesson}"
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "-x", "160", "-y", "50",
                    "sleep 3600"], check=True, env=env)
    load = os.getloadavg()
    try:
        rounds(1, bare_cmd, lesson_cmd, cache, env)  # not counted: fills the bytecode cache
        bare, cold, warm = rounds(args.rounds, bare_cmd, lesson_cmd, cache, env)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)

    first, opening, imported, steps = breakdown(args.lesson, dict(env, MIPVIZ_CACHE_DIR=str(
        scratch / "nocache")))
    after = os.getloadavg()
    shutil.rmtree(scratch, ignore_errors=True)
    b, b_cpu = (statistics.median(x) for x in zip(*bare, strict=True))
    print(f"load average {load[0]:.2f} at the start, {after[0]:.2f} at the end "
          f"({os.cpu_count()} processors); {args.rounds} alternating rounds, tmux 160x50, "
          f"capture-pane every {POLL * 1000:.0f} ms; medians (wall, and the program's CPU); "
          f"{'bytecode as the environment has it' if args.as_is else 'with bytecode'}")
    walls = [wall for wall, _ in bare]
    print(f"bare Textual app, 'Hello, world' visible          wall {b:.3f} s "
          f"(min {min(walls):.3f}, max {max(walls):.3f})  CPU {b_cpu:.2f} s")
    w = b
    for label, figures in (("cold cache", cold), ("warm cache", warm)):
        m, m_cpu = (statistics.median(x) for x in zip(*figures, strict=True))
        walls = [wall for wall, _ in figures]
        verdict = "within 1.5x" if m <= 1.5 * b else "within 2x" if m <= 2 * b else "OVER 2x"
        print(f"mipviz lesson {args.lesson}, {label}: step N/M visible  wall {m:.3f} s "
              f"(min {min(walls):.3f}, max {max(walls):.3f})  ratio {m / b:.2f}  {verdict};  "
              f"CPU {m_cpu:.2f} s, ratio {m_cpu / b_cpu:.2f}")
        w = m
    print(f"cold start without a terminal or cache (one process, -X importtime inflates it): "
          f"first-paint imports {first:.3f} s; opening the lesson {opening:.3f} s = imports "
          f"{imported:.3f} s + engine run and layout {opening - imported:.3f} s ({steps} steps)")
    return 0 if w <= 2 * b else 1


if __name__ == "__main__":
    raise SystemExit(main())
