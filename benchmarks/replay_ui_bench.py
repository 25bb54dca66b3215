#!/usr/bin/env python3
"""mipviz replay UI benchmark: time to the first frame on screen for a big capture.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/replay_ui_bench.py                  # 100,000 packets, 3 rounds
    python benchmarks/replay_ui_bench.py --packets 1000000 --rounds 1

The capture is generated (the frames of tcpdump's ipv6_mobility_1.pcap from the shared
captures, repeated). Each round starts ``mipviz replay`` headless (Textual's ``run_test``)
in a fresh process and measures, from the process start:

* first frame: the replay screen's panes show step 1 (its StepShown message; the first
  packets are indexed on their own, the rest after that frame is painted): summary,
  addresses, narration, octets;
* decoded: scapy is loaded (after the first frame) and step 1 is shown again with its header
  tree and ladder arrows;
* fully indexed: the whole capture has replaced the preview (the progress bar is gone).

Budget (issue 4): the first frame within 1 s, whatever the capture's size.
"""

from __future__ import annotations

import argparse
import json
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
                break
            await asyncio.sleep(0.005)
    print(json.dumps(times))

asyncio.run(main(sys.argv[1]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.replay_helpers import write_big_capture

    with tempfile.TemporaryDirectory() as scratch:
        path = write_big_capture(Path(scratch) / "big.pcap", args.packets)
        size = path.stat().st_size
        print(f"capture: {args.packets} packets, {size / 1e6:.1f} MB")
        firsts: list[float] = []
        decoded: list[float] = []
        indexed: list[float] = []
        for number in range(1, args.rounds + 1):
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                                 check=True, capture_output=True, text=True,
                                 timeout=300).stdout  # a screen that never shows: fail
            figures = json.loads(out.strip().splitlines()[-1])
            firsts.append(figures["first"])
            decoded.append(figures["decoded"])
            indexed.append(figures["indexed"])
            print(f"round {number}: imports {figures['imported']:.3f} s, "
                  f"first frame {figures['first']:.3f} s, "
                  f"decoded {figures['decoded']:.3f} s, "
                  f"fully indexed {figures['indexed']:.3f} s")
        print(f"first frame: median {statistics.median(firsts):.3f} s, best {min(firsts):.3f} s"
              f" (budget 1 s, includes Python and Textual start-up)")
        print(f"headers decoded: median {statistics.median(decoded):.3f} s")
        print(f"fully indexed: median {statistics.median(indexed):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
