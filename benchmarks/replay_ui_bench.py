#!/usr/bin/env python3
"""mipviz replay UI benchmark: time to the first frame on screen for a big capture.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/replay_ui_bench.py                  # 100,000 packets, 3 rounds
    python benchmarks/replay_ui_bench.py --packets 1000000 --rounds 1
    python benchmarks/replay_ui_bench.py --source some.pcap  # that file's frames, repeated
    python benchmarks/replay_ui_bench.py --mix signalling --packets 1000000 \
        --rounds 1
    python benchmarks/replay_ui_bench.py --capture big.pcap  # a capture kept with --keep

The capture is generated as benchmarks/replay_bench.py makes it (``--mix lessons``: every
bundled lesson's frames, repeated, each repetition perturbed so that no two are the same
packets), as benchmarks/signalling_bench.py makes it (``--mix signalling``: 400 mobile nodes'
signalling interleaved, 85% of the packets), or from ``--source``'s frames repeated as they
are; ``--keep`` writes it where it can be given again with ``--capture``. Each round starts
``mipviz replay`` headless (Textual's ``run_test``) in a fresh process and measures, from the
process start:

* first frame: the replay screen's panes show step 1 (its StepShown message; the first
  packets are indexed on their own, the rest after that frame is painted): summary,
  addresses, narration, octets;
* decoded: scapy is loaded (after the first frame) and step 1 is shown again with its header
  tree and ladder arrows;
* fully indexed: the whole capture has replaced the preview (the progress bar is gone),
  with the process's peak memory then (pass 1's, before any step is shown);
* then End, Home, End, ←, ←, each timed until repainted (the steps are made a window at a
  time when shown, see mipviz.capture.window); → and ← in the middle of the capture, median
  wall and CPU time until repainted (as benchmarks/ui_bench.py measures a lesson's step);
  and the process's peak memory.

Budgets (issue 4): the first frame within 1 s, whatever the capture's size; memory under
300 MB. Issue 14: memory under 300 MB whatever the capture (10,000,000 packets, 1.1 GB), End
and Home within 100 ms: a capture over 32 MB is replayed through
mipviz.capture.replayed_windows, which keeps no signal or node state per step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import asyncio, json, sys, time
start = time.perf_counter()
from mipviz.ui.replay import ReplayApp, ReplayScreen
from mipviz.ui.screen import StepShown

def peak_mb():
    # VmHWM, not getrusage's ru_maxrss: that one survives exec, so a child forked from this
    # benchmark (which has just generated the capture) would report the parent's peak
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

async def main(path):
    app = ReplayApp([path])
    times = {"imported": time.perf_counter() - start}

    def hook(message):
        if isinstance(message, StepShown) and message.index == 1 and "first" not in times:
            times["first"] = time.perf_counter() - start  # the panes show step 1
        if isinstance(message, StepShown) and "decoded" not in times:
            screen = app.screen
            if isinstance(screen, ReplayScreen) and screen.controller.decode:
                times["decoded"] = time.perf_counter() - start  # header tree, ladder arrows

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, ReplayScreen) and screen.indexed:
                times["indexed"] = time.perf_counter() - start
                times["indexed_cpu"] = time.process_time()
                times["indexed_peak_mb"] = peak_mb()
                break
            await asyncio.sleep(0.005)
        await pilot.pause()
        sys.path.insert(0, "benchmarks")
        from ui_bench import Repaints  # times an action until every pane is repainted

        repaints = Repaints(screen)
        jumps = [await repaints.time(pilot, action, timeout=5)
                 for action in ("last", "first", "last", "back", "back")]
        times["jumps"] = [wall for wall, _ in jumps]
        times["jumps_cpu"] = [cpu for _, cpu in jumps]
        screen.controller.jump(screen.controller.total // 2)
        screen.refresh_view()
        steps = [await repaints.time(pilot, action, timeout=5)
                 for _ in range(15) for action in ("forward", "back")]
        times["step_wall"] = sorted(wall for wall, _ in steps)[len(steps) // 2]
        times["step_cpu"] = sorted(cpu for _, cpu in steps)[len(steps) // 2]
    times["peak_mb"] = peak_mb()
    print(json.dumps(times))

asyncio.run(main(sys.argv[1]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--source", type=Path, default=None,
                        help="repeat this capture's frames (default: the lessons' frames, "
                             "perturbed, as benchmarks/replay_bench.py makes them)")
    parser.add_argument("--mix", choices=("lessons", "signalling"), default="lessons",
                        help="the generated capture's packets (default: the lessons' frames)")
    parser.add_argument("--capture", type=Path, default=None,
                        help="replay this capture as it is (e.g. one written with --keep)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the generated capture here and keep it")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds a round may take (10,000,000 packets take long)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.replay_helpers import write_big_capture

    with tempfile.TemporaryDirectory() as scratch:
        path = args.capture or args.keep or Path(scratch) / "big.pcap"
        if args.capture is not None:
            pass
        elif args.source is not None:
            write_big_capture(path, args.packets, args.source)
        elif args.mix == "signalling":
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from signalling_bench import LINKTYPE_ETHERNET, Generator, write_capture

            write_capture(path, Generator(400, 0.85).generate(args.packets), LINKTYPE_ETHERNET)
        else:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from replay_bench import generate

            generate(path, args.packets)
        size = path.stat().st_size
        print(f"capture: {path.name}, {size / 1e6:.1f} MB; load average "
              f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}", flush=True)
        firsts: list[float] = []
        jumps: list[float] = []
        step_wall: list[float] = []
        step_cpu: list[float] = []
        peaks: list[float] = []
        decoded: list[float] = []
        indexed: list[float] = []
        indexed_peaks: list[float] = []
        ends: list[float] = []
        homes: list[float] = []
        for number in range(1, args.rounds + 1):
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                                 check=True, capture_output=True, text=True,
                                 timeout=args.timeout).stdout  # a screen never shown: fail
            figures = json.loads(out.strip().splitlines()[-1])
            firsts.append(figures["first"])
            decoded.append(figures["decoded"])
            jumps.extend(figures["jumps"])
            step_wall.append(figures["step_wall"])
            step_cpu.append(figures["step_cpu"])
            peaks.append(figures["peak_mb"])
            indexed.append(figures["indexed"])
            indexed_peaks.append(figures["indexed_peak_mb"])
            ends.extend(figures["jumps"][0::2][:2])  # End, End
            homes.append(figures["jumps"][1])
            print(f"round {number}: imports {figures['imported']:.3f} s, "
                  f"first frame {figures['first']:.3f} s, "
                  f"decoded {figures['decoded']:.3f} s, "
                  f"fully indexed {figures['indexed']:.3f} s "
                  f"(CPU {figures['indexed_cpu']:.1f} s, peak memory then "
                  f"{figures['indexed_peak_mb']:.0f} MB), "
                  f"End/Home/End/←/← shown in "
                  f"{', '.join(f'{1000 * t:.0f}' for t in figures['jumps'])} ms (CPU "
                  f"{', '.join(f'{1000 * t:.0f}' for t in figures['jumps_cpu'])} ms), "
                  f"→/← mid-capture {1000 * figures['step_wall']:.0f} ms "
                  f"(CPU {1000 * figures['step_cpu']:.0f} ms), "
                  f"peak memory {figures['peak_mb']:.0f} MB")
        print(f"first frame: median {statistics.median(firsts):.3f} s, best {min(firsts):.3f} s"
              f" (budget 1 s, includes Python and Textual start-up)")
        print(f"headers decoded: median {statistics.median(decoded):.3f} s")
        print(f"fully indexed: median {statistics.median(indexed):.3f} s")
        print(f"peak memory once indexed (pass 1): {max(indexed_peaks):.0f} MB")
        print(f"End: worst {1000 * max(ends):.0f} ms, Home: worst {1000 * max(homes):.0f} ms "
              f"(budget 100 ms each)")
        print(f"End/Home once indexed: median {1000 * statistics.median(jumps):.0f} ms, "
              f"worst {1000 * max(jumps):.0f} ms")
        print(f"→/← re-rendered mid-capture at 120x40: median "
              f"{1000 * statistics.median(step_wall):.0f} ms wall, "
              f"{1000 * statistics.median(step_cpu):.0f} ms CPU")
        print(f"peak memory: {max(peaks):.0f} MB (budget 300 MB); load average "
              f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
