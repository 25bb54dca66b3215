"""`mipviz serve` benchmark: memory per served browser session and time to first paint.

Starts ``mipviz serve --lesson LESSON`` on a free port of 127.0.0.1 and opens N browser tabs
(each its own context, so its own session) in Debian's headless chromium, one after another,
all kept open. For each tab:

- *terminal up*: from ``page.goto`` to xterm.js's Terminal created (the page, its assets and
  its fonts loaded: the template starts the terminal only then);
- *first paint*: from ``page.goto`` to the lesson's status line (``step 0/M │ t =``) in
  xterm.js's buffer, i.e. the page, its assets and fonts loaded, the websocket open, the
  session's Python process started, the lesson run and its first full frame drawn;
- *RSS*: the resident memory of that tab's mipviz process (``VmRSS``) once painted, and again
  after ``--steps`` presses of → (the figure a class of students costs the lecturer's machine).

Also the server's own RSS with all tabs open. Run: ``python benchmarks/serve_bench.py
[--tabs 5] [--lesson route-optimisation] [--lang en] [--steps 8]``. Needs /usr/bin/chromium
and playwright (the test extras).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_helpers import (
    Served,
    browser_problem,
    launch,
    open_page,
    rss_kib,
    wait_for_screen,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=5)
    parser.add_argument("--lesson", default="route-optimisation")
    parser.add_argument("--lang", default="en", choices=("en", "ja"))
    # route-optimisation's first quiz waits at step 10: stay before it.
    parser.add_argument("--steps", type=int, default=8)
    args = parser.parse_args()
    problem = browser_problem()
    if problem is not None:
        print(f"serve_bench: {problem}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    served = Served("--lesson", args.lesson, "--lang", args.lang)
    terminals: list[float] = []  # page, assets and fonts loaded: the terminal created
    paints: list[float] = []
    painted_rss: list[int] = []
    stepped_rss: list[int] = []
    pages = []  # kept open: every session alive at once
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for tab in range(args.tabs):
                before = served.sessions()
                start = time.perf_counter()
                page = open_page(browser, served.url)
                page.wait_for_function("() => window.__mipvizTerminal !== undefined")
                terminals.append(time.perf_counter() - start)
                wait_for_screen(page, r"step 0/\d+ │ t =", timeout=60)
                paints.append(time.perf_counter() - start)
                pages.append(page)
                (pid,) = served.sessions() - before
                painted_rss.append(rss_kib(pid))
                for _ in range(args.steps):
                    page.keyboard.press("ArrowRight")
                wait_for_screen(page, rf"step {args.steps}/\d+ │", timeout=60)
                stepped_rss.append(rss_kib(pid))
                print(f"tab {tab + 1}: terminal up {terminals[-1]:.2f} s, first paint "
                      f"{paints[-1]:.2f} s, RSS {painted_rss[-1] / 1024:.1f} MiB, "
                      f"after {args.steps} steps {stepped_rss[-1] / 1024:.1f} MiB", flush=True)
            server_rss = rss_kib(served.process.pid)
            browser.close()
    finally:
        served.stop()
    print(f"\n{args.tabs} tabs of {args.lesson} ({args.lang}):")
    print(f"  terminal up (page, assets, fonts): median {statistics.median(terminals):.2f} s")
    print(f"  first paint: median {statistics.median(paints):.2f} s, "
          f"min {min(paints):.2f} s, max {max(paints):.2f} s")
    print(f"  RSS per session: median {statistics.median(painted_rss) / 1024:.1f} MiB painted, "
          f"{statistics.median(stepped_rss) / 1024:.1f} MiB after {args.steps} steps")
    print(f"  server (textual-serve) RSS with every tab open: {server_rss / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
