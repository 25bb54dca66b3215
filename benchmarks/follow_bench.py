"""Follow-the-lecturer benchmark (issue 13): N followers on loopback, the time from the
presenter's key to every follower's repaint, and the memory a follower costs.

The presenter is the real sharing app (:class:`mipviz.ui.share.SharingApp`) run headless in
this process and driven by Textual's Pilot. Each follower is the real follower app
(:class:`mipviz.ui.follow.FollowApp`) in its own Python process, run headless at its own size
(80×24, 100×30, 120×40, 160×50 in turn) and language (en, ja in turn). A follower reports, on
its stdout, ``CLOCK_MONOTONIC`` (one clock for every process of the machine) once the screen
that shows the lecturer's new step has been refreshed (``call_after_refresh``); the presenter
notes the same clock just before each key. Keys are paced: the next one is pressed when every
follower has shown the previous one, so the figures are latency, not a queue.

Reported: per key, the time until *every* follower has repainted (p50, p95, max: the room's
figure) and over all (key, follower) pairs (p50, p95); the presenter's own time per key; the
resident memory (VmRSS) of each follower process after the run; and, with ``--browsers K``,
the RSS of K sessions of ``mipviz serve --follow`` opened in Debian's headless chromium (each
a follower too: their first repaint of the lecturer's step is waited for). The load average
is printed before and after: the machine is shared, so the CPU time each follower spent per
key (``/proc/PID/stat``, including the beats it read meanwhile) is given too, which the load
does not change much.

Run: ``python benchmarks/follow_bench.py [--followers 60] [--keys 30] [--lesson
home-registration] [--browsers 3] [--settle 10]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

if TYPE_CHECKING:
    from mipviz.ui.share import SharingApp

SIZES = ((80, 24), (100, 30), (120, 40), (160, 50))


# -- one follower (a child process) ------------------------------------------------------------


def follower(address: str, width: int, height: int, language: str) -> int:
    """The real follower app, headless, saying when each lecturer step is on its screen."""
    from mipviz.follow.protocol import parse_address
    from mipviz.ui.follow import FollowApp, FollowScreen

    original = FollowScreen.refresh_view
    shown: list[int] = [-1]  # the last step reported

    def refresh_view(self: FollowScreen) -> None:
        original(self)
        if not self.ready or not self.following:
            return
        step = self.controller.cursor

        def painted() -> None:
            if self.controller.cursor == step and step != shown[0]:
                shown[0] = step
                # the file descriptor itself: a running Textual app captures sys.stdout
                os.write(1, f"PAINT {step} {time.monotonic_ns()}\n".encode())

        self.call_after_refresh(painted)

    connected = FollowScreen.set_connected

    def set_connected(self: FollowScreen, now: bool) -> None:
        if now != self.connected:  # a lecturer lost (6 s of silence) or found again
            os.write(1, f"{'BACK' if now else 'LOST'} 0 {time.monotonic_ns()}\n".encode())
        connected(self, now)

    FollowScreen.refresh_view = refresh_view  # type: ignore[method-assign]
    FollowScreen.set_connected = set_connected  # type: ignore[method-assign]
    host, port = parse_address(address)
    FollowApp(host, port, language).run(headless=True, size=(width, height))
    return 0


# -- the presenter and the room ----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    from browser_helpers import rss_kib

    return rss_kib(pid) / 1024


async def room(args: argparse.Namespace) -> int:
    from mipviz.follow.publisher import listen
    from mipviz.ui.share import SharingApp

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    address = f"127.0.0.1:{port}"
    app = SharingApp(args.lesson, "en", sock, address)
    painted: dict[int, dict[int, int]] = {}  # follower -> step -> ns
    processes: list[asyncio.subprocess.Process] = []
    data = tempfile.mkdtemp(prefix="follow-bench-")
    env = dict(os.environ, PYTHONPATH=str(REPO), MIPVIZ_DATA_DIR=data)

    print(f"load average before: {load()}", flush=True)
    try:
        return await _measure(args, app, address, painted, processes, env)
    finally:  # every follower ends with the benchmark, whatever happened
        for process in processes:
            if process.returncode is None:
                process.kill()
        await asyncio.gather(*(process.wait() for process in processes))


async def _measure(args: argparse.Namespace, app: SharingApp, address: str,
                   painted: dict[int, dict[int, int]],
                   processes: list[asyncio.subprocess.Process], env: dict[str, str]) -> int:
    from mipviz.ui.share import SharingScreen

    lost: list[int] = []  # followers that lost the lecturer for a while (by index)

    async def read(index: int, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            parts = raw.decode(errors="replace").split()
            if len(parts) == 3 and parts[0] == "PAINT":
                painted.setdefault(index, {})[int(parts[1])] = int(parts[2])
            elif len(parts) == 3 and parts[0] == "LOST":
                lost.append(index)

    async def everyone(step: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(step in painted.get(i, {}) for i in range(args.followers)):
                return True
            await asyncio.sleep(0.005)
        return False

    async with app.run_test(size=(160, 50)) as pilot:
        while not (isinstance(app.screen, SharingScreen) and app.screen.ready):
            await asyncio.sleep(0.05)
        screen = app.screen
        started = time.monotonic()
        readers = []
        errors = open(Path(env["MIPVIZ_DATA_DIR"]) / "followers.err", "ab")  # noqa: SIM115
        print(f"the followers' stderr: {errors.name}", flush=True)
        for index in range(args.followers):
            width, height = SIZES[index % len(SIZES)]
            language = ("en", "ja")[index % 2]
            process = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--follower", address, "--size",
                f"{width}x{height}", "--lang", language, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=errors)
            processes.append(process)
            readers.append(asyncio.ensure_future(read(index, process)))
        if not await everyone(0, args.start_timeout):
            ready = sum(0 in painted.get(i, {}) for i in range(args.followers))
            print(f"only {ready} of {args.followers} followers showed step 0 within "
                  f"{args.start_timeout:.0f} s")
            return 1
        print(f"{args.followers} followers up and following in "
              f"{time.monotonic() - started:.1f} s; presenter reports "
              f"{app.publisher.followers} connected")
        # each follower loads what stepping needs a second after its first paint (scapy,
        # for the packet pane): let that pass, as it has long passed in a real class
        await asyncio.sleep(args.settle)
        cpu_before = [cpu_seconds(process.pid) for process in processes]
        own_before = time.process_time()
        missed: list[int] = []  # keys some follower did not show in time
        room_ms: list[float] = []
        each_ms: list[float] = []
        presenter_ms: list[float] = []
        for key in range(1, args.keys + 1):
            await asyncio.sleep(0.05)  # a lecturer does not press 20 keys a second
            before = time.monotonic_ns()
            await pilot.press("right")
            presenter_ms.append((time.monotonic_ns() - before) / 1e6)
            step = screen.controller.cursor
            if not await everyone(step, args.key_timeout):
                late = [i for i in range(args.followers) if step not in painted.get(i, {})]
                print(f"key {key}: followers {late} did not show step {step} within "
                      f"{args.key_timeout:.0f} s (their last: "
                      f"{[max(painted.get(i, {0: 0})) for i in late]}); left out", flush=True)
                missed.append(key)
                continue
            times = [painted[i][step] for i in range(args.followers)]
            each_ms.extend((t - before) / 1e6 for t in times)
            room_ms.append((max(times) - before) / 1e6)
            print(f"key {key}: step {step}, every follower in {room_ms[-1]:.0f} ms", flush=True)
        cpu = [(cpu_seconds(process.pid) - before) * 1000 / args.keys
               for process, before in zip(processes, cpu_before, strict=True)]
        presenter_cpu = (time.process_time() - own_before) * 1000 / args.keys
        rss = [rss_mib(process.pid) for process in processes]
        print(f"load average after: {load()}")
        print(f"keys not shown by every follower within {args.key_timeout:.0f} s: "
              f"{missed or 'none'}; lecturer lost (6 s without a line) "
              f"{len(lost)} times, by {len(set(lost))} followers")
        if not room_ms:
            return 1
        print(f"\nkey → every follower repainted ({len(room_ms)} keys, {args.followers} "
              f"followers): p50 {percentile(room_ms, 0.5):.1f} ms, p95 "
              f"{percentile(room_ms, 0.95):.1f} ms, max {max(room_ms):.1f} ms")
        print(f"key → one follower repainted ({len(each_ms)} pairs): p50 "
              f"{percentile(each_ms, 0.5):.1f} ms, p95 {percentile(each_ms, 0.95):.1f} ms")
        print(f"the presenter's own key (Pilot press, its repaint and the publish): p50 "
              f"{percentile(presenter_ms, 0.5):.1f} ms")
        print(f"CPU per key (load-independent): each follower median "
              f"{statistics.median(cpu):.1f} ms (min {min(cpu):.1f}, max {max(cpu):.1f}), "
              f"all {len(cpu)} together {sum(cpu):.0f} ms; the presenter's process "
              f"{presenter_cpu:.1f} ms")
        print(f"RSS per follower process: median {statistics.median(rss):.1f} MiB, min "
              f"{min(rss):.1f}, max {max(rss):.1f} (total {sum(rss):.0f} MiB)")
        if args.browsers:
            await asyncio.to_thread(browsers, address, args.browsers, screen)
        for reader in readers:
            reader.cancel()
    return 0


def browsers(address: str, count: int, screen: object) -> None:
    """K tabs of ``mipviz serve --follow``: each session's RSS once it follows."""
    from browser_helpers import Served, browser_problem, launch, open_page, wait_for_screen
    from playwright.sync_api import sync_playwright

    problem = browser_problem()
    if problem is not None:
        print(f"browser sessions not measured: {problem}")
        return
    step = screen.controller.cursor  # type: ignore[attr-defined]
    served = Served("--follow", address)
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            pages = []
            for _ in range(count):
                page = open_page(chromium, served.url, 1100, 700)
                wait_for_screen(page, rf"FOLLOWING .*step {step}/", timeout=120)
                pages.append(page)
            sessions = sorted(served.sessions())
            rss = [rss_mib(pid) for pid in sessions]
            print(f"RSS per `serve --follow` browser session ({len(rss)} tabs): median "
                  f"{statistics.median(rss):.1f} MiB, min {min(rss):.1f}, max {max(rss):.1f}; "
                  f"the server {rss_mib(served.process.pid):.1f} MiB")
            chromium.close()
    finally:
        served.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=60)
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--lesson", default="home-registration")
    parser.add_argument("--browsers", type=int, default=0)
    parser.add_argument("--start-timeout", type=float, default=600.0)
    parser.add_argument("--key-timeout", type=float, default=120.0)
    parser.add_argument("--settle", type=float, default=10.0,
                        help="seconds between the last follower up and the first key")
    parser.add_argument("--follower", metavar="HOST:PORT", help=argparse.SUPPRESS)
    parser.add_argument("--size", default="100x30", help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="en", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.follower:
        width, height = (int(part) for part in args.size.split("x"))
        return follower(args.follower, width, height, args.lang)
    return asyncio.run(room(args))


if __name__ == "__main__":
    raise SystemExit(main())
