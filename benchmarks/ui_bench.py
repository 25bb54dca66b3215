"""Terminal UI benchmarks (issue 3 budgets).

1. Start-up: process start to the first painted frame of ``mipviz lesson home-registration``
   (Textual's ``Ready`` event: "the first frame has been displayed"), against a bare Textual
   hello-world app measured the same way in the same run. Budget: at most 2x hello world.
2. Re-render (issue 14, item 4: 60 frames a second): the median and worst time for a step
   forward and a step back to be fully re-rendered at 160x50, at step 10 and at step 10,000
   of a long lesson timeline and of a replayed capture: from running the key's action to
   the end of Textual's repaint of every pane it dirtied (Textual's pilot adds fixed sleeps of
   its own, so it is not used as the clock). Budget: 16 ms median, 30 ms worst.
3. Playing at full speed (32 steps a second) from each of those places for ``--play``
   seconds: the steps advanced and how many of them the painted status line never showed.

Run: ``python benchmarks/ui_bench.py [--runs N] [--repeats N] [--play S] [--skip-startup]``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

HELLO = """
import time, sys
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello, world")
    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()
Hello().run(headless=True)
"""

MIPVIZ = """
import time, sys
from mipviz.ui.app import MipvizApp
class Timed(MipvizApp):
    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()
Timed("home-registration").run(headless=True)
"""


def first_paint(code: str) -> float:
    """Seconds from spawning the interpreter to the app's first painted frame."""
    start = time.time()
    output = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout
    return float(output.split()[0]) - start


def long_lesson(seconds: float):  # type: ignore[no-untyped-def]
    """The first bundled lesson with its last wait stretched: thousands of steps."""
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson

    lesson = load_lesson(find_lesson("home-registration"))
    # Without its quizzes: a gating quiz would (rightly) hold the cursor back.
    script = [dataclasses.replace(action, quiz=None) for action in lesson.script]
    for index in range(len(script) - 1, -1, -1):
        if script[index].action == "wait":
            script[index] = dataclasses.replace(script[index], seconds=seconds)
            break
    return dataclasses.replace(lesson, script=tuple(script))


class Repaints:
    """Times a screen action until Textual has repainted every widget it dirtied: the
    screen's compositor refresh is wrapped to record when each repaint ends."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.painted: list[float] = []
        original = screen._compositor_refresh

        def compositor_refresh() -> None:
            original()
            self.painted.append(time.perf_counter())

        screen._compositor_refresh = compositor_refresh

    async def time(self, pilot: Any, action: str, timeout: float) -> tuple[float, float]:
        """(wall, CPU) seconds from running ``action`` (what its key binding runs) to the
        repaint of every pane it dirtied, Textual's refresh tick included."""
        await pilot.pause()  # settle: nothing pending before the clock starts
        begin, begin_cpu = time.perf_counter(), time.process_time()
        await self.screen.run_action(action)
        count = len(self.painted)
        while len(self.painted) == count or self.screen._dirty_widgets:
            await asyncio.sleep(0)
            if time.perf_counter() - begin > timeout:
                break
        return self.painted[-1] - begin, time.process_time() - begin_cpu


@dataclasses.dataclass
class Figures:
    """One place's figures: ms per step (wall and CPU), each way, and playing at full
    speed (steps advanced, steps whose number the painted status line never showed)."""

    total: int
    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]
    played: int = 0
    unshown: int = 0
    play_seconds: float = 0.0

    def median(self, key: str, cpu: bool = False) -> float:
        return statistics.median((self.cpu if cpu else self.wall)[key])

    def worst(self, key: str, cpu: bool = False) -> float:
        return max((self.cpu if cpu else self.wall)[key])


async def _measure(app: Any, pilot: Any, screen: Any, at: int, repeats: int,
                   play: float) -> Figures:
    controller = screen.controller
    controller.jump(at)
    screen.refresh_view()
    await pilot.pause()
    repaints = Repaints(screen)
    figures = Figures(controller.total, {"right": [], "left": []}, {"right": [], "left": []})
    for _ in range(repeats):
        for key, action in (("right", "forward"), ("left", "back")):
            wall_s, cpu_s = await repaints.time(pilot, action, timeout=2)
            figures.wall[key].append(wall_s * 1000)
            figures.cpu[key].append(cpu_s * 1000)
    assert controller.cursor == at
    if play > 0:  # full speed: does every step's number reach the painted status line?
        painted: set[int] = set()
        original = screen._compositor_refresh

        def seen() -> None:
            original()
            painted.add(controller.cursor)

        screen._compositor_refresh = seen
        while controller.speed < 32:
            controller.faster()
        controller._holds = lambda: []  # no quiz holds the play (the lesson's predict quiz)
        start = controller.cursor
        began = time.perf_counter()
        await screen.run_action("toggle_play")
        await asyncio.sleep(play)
        await screen.run_action("toggle_play")
        figures.play_seconds = time.perf_counter() - began
        await pilot.pause()
        reached = controller.cursor
        figures.played = reached - start
        figures.unshown = sum(1 for step in range(start + 1, reached + 1) if step not in painted)
        screen._compositor_refresh = original
    return figures


async def rerender(at: int, repeats: int, play: float = 0.0,
                   wait: float = 1400.0) -> Figures:
    """→ then ← handled and the screen repainted, at step *at* of a long lesson timeline
    (home-registration with its last wait stretched to ``wait`` s): wall clock and this
    process's CPU time (the second is immune to other load on the machine); then ``play``
    seconds of playing at full speed."""
    from mipviz.ui.app import MipvizApp
    from mipviz.ui.screen import LessonScreen

    lesson = long_lesson(wait)
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for _ in range(600):
            await pilot.pause(0.02)
            if screen.ready:
                break
        controller = screen.controller
        # Swap in the long timeline (same lesson, longer wait), as the worker would.
        controller.prepared = controller._run(lesson, lambda _: None)
        return await _measure(app, pilot, screen, at, repeats, play)


async def rerender_replay(path: Path, at: int, repeats: int, play: float = 0.0) -> Figures:
    """The same at step *at* of a replayed capture (``mipviz replay``), once indexed."""
    from mipviz.ui.replay import ReplayApp, ReplayScreen

    app = ReplayApp([str(path)])
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(6000):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReplayScreen) and screen.indexed:
                break
        await pilot.pause(0.5)  # the dissector loaded: the header tree and arrows drawn
        return await _measure(app, pilot, screen, at, repeats, play)


def report(name: str, at: int, figures: Figures) -> bool:
    fine = True
    for key, word in (("right", "forward"), ("left", "back")):
        median, worst = figures.median(key), figures.worst(key)
        fine = fine and median <= 16 and worst <= 30
        print(f"{name}, step {at} of {figures.total}, {word}: median {median:.1f} ms, worst "
              f"{worst:.1f} ms wall; CPU median {figures.median(key, True):.1f}, worst "
              f"{figures.worst(key, True):.1f} ms (budget 16 / 30 ms) "
              f"{'OK' if median <= 16 and worst <= 30 else 'OVER'}")
    if figures.play_seconds:
        rate = figures.played / figures.play_seconds
        print(f"{name}, playing at full speed (32 steps/s) from step {at}: {figures.played} "
              f"steps in {figures.play_seconds:.1f} s ({rate:.1f}/s), {figures.unshown} "
              f"never shown in the status line "
              f"{'OK' if figures.unshown == 0 and rate >= 30 else 'BEHIND'}")
        fine = fine and figures.unshown == 0 and rate >= 30
    return fine


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--play", type=float, default=3.0,
                        help="seconds of playing at full speed at each place (0: none)")
    parser.add_argument("--packets", type=int, default=20_000,
                        help="packets of the replayed capture")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    # The learner's progress of these runs goes to a scratch directory, not the real one.
    os.environ["MIPVIZ_DATA_DIR"] = tempfile.mkdtemp(prefix="mipviz-bench-")
    ratio = 0.0
    if not args.skip_startup:
        hello = statistics.median(first_paint(HELLO) for _ in range(args.runs))
        ours = statistics.median(first_paint(MIPVIZ) for _ in range(args.runs))
        ratio = ours / hello
        print(f"start-up to first paint (median of {args.runs}): hello world {hello * 1000:.0f} ms,"
              f" mipviz lesson {ours * 1000:.0f} ms, ratio {ratio:.2f} (budget 2.00) "
              f"{'OK' if ratio <= 2 else 'OVER'}")
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}; re-render at "
          f"160x50, {args.repeats} of each way", flush=True)
    fine = True
    for at in (10, 10_000):
        fine = report("lesson", at, asyncio.run(rerender(at, args.repeats, args.play))) \
            and fine
    with tempfile.TemporaryDirectory() as scratch:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from replay_bench import generate

        capture = Path(scratch) / "replay.pcap"
        generate(capture, args.packets)
        for at in (10, 10_000):
            fine = report("replay", at, asyncio.run(
                rerender_replay(capture, at, args.repeats, args.play))) and fine
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0 if ratio <= 2 and fine else 1


if __name__ == "__main__":
    raise SystemExit(main())
