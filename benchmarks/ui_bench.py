"""Terminal UI benchmarks (issue 3 budgets).

1. Start-up: process start to the first painted frame of ``mipviz lesson home-registration``
   (Textual's ``Ready`` event: "the first frame has been displayed"), against a bare Textual
   hello-world app measured the same way in the same run. Budget: at most 2x hello world.
2. Re-render: median time for a step forward and a step back to be fully re-rendered at
   160x50, at step 10 and at step 1,000 of a long timeline: from running the key's action to
   the end of Textual's repaint of every pane it dirtied (Textual's pilot adds fixed sleeps of
   its own, so it is not used as the clock). Budget: 30 ms.

Run: ``python benchmarks/ui_bench.py [--runs N]``.
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


async def rerender(at: int, repeats: int) -> tuple[float, float, float, float, int]:
    """Median ms for → then ← to be handled and the screen repainted, at step *at*: wall
    clock and this process's CPU time (the second is immune to other load on the machine)."""
    from mipviz.ui.app import MipvizApp
    from mipviz.ui.screen import LessonScreen

    lesson = long_lesson(400.0)
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
        total = controller.total
        controller.jump(at)
        screen.refresh_view()
        await pilot.pause()
        repaints = Repaints(screen)
        wall: dict[str, list[float]] = {"right": [], "left": []}
        cpu: dict[str, list[float]] = {"right": [], "left": []}
        for _ in range(repeats):
            for key, action in (("right", "forward"), ("left", "back")):
                wall_s, cpu_s = await repaints.time(pilot, action, timeout=2)
                wall[key].append(wall_s * 1000)
                cpu[key].append(cpu_s * 1000)
        assert controller.cursor == at
    return (statistics.median(wall["right"]), statistics.median(wall["left"]),
            statistics.median(cpu["right"]), statistics.median(cpu["left"]), total)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    # The learner's progress of these runs goes to a scratch directory, not the real one.
    os.environ["MIPVIZ_DATA_DIR"] = tempfile.mkdtemp(prefix="mipviz-bench-")
    hello = statistics.median(first_paint(HELLO) for _ in range(args.runs))
    ours = statistics.median(first_paint(MIPVIZ) for _ in range(args.runs))
    ratio = ours / hello
    print(f"start-up to first paint (median of {args.runs}): hello world {hello * 1000:.0f} ms,"
          f" mipviz lesson {ours * 1000:.0f} ms, ratio {ratio:.2f} (budget 2.00) "
          f"{'OK' if ratio <= 2 else 'OVER'}")
    worst = 0.0
    for at in (10, 1000):
        forward, back, forward_cpu, back_cpu, total = asyncio.run(rerender(at, args.repeats))
        worst = max(worst, forward, back)
        print(f"re-render at 160x50, step {at} of {total}: forward {forward:.1f} ms, "
              f"back {back:.1f} ms wall (CPU {forward_cpu:.1f} / {back_cpu:.1f} ms; median of "
              f"{args.repeats}; budget 30 ms) {'OK' if max(forward, back) <= 30 else 'OVER'}")
    return 0 if ratio <= 2 and worst <= 30 else 1


if __name__ == "__main__":
    raise SystemExit(main())
