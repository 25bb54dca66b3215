#!/usr/bin/env python3
"""mipviz map benchmark: CPU time of drawing the topology map of a replay with many nodes.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/map_bench.py                     # 400 mobile nodes, 20,000 packets
    python benchmarks/map_bench.py --mobiles 400 --packets 20000 --steps 20

The capture is benchmarks/signalling_bench.py's signalling mix (``--mobiles`` mobile nodes'
signalling interleaved); it is replayed as ``mipviz replay`` prepares it, then the map
(mipviz.ui.topology.draw_map) is drawn on a fresh canvas at each size for ``--steps`` steps
in the middle of the capture, as stepping → draws it (each step a new one): the median and
worst CPU time per draw are printed, with the nodes placed and the nodes summarised.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# mipviz from PYTHONPATH (so one tree's benchmark can time another tree's map)
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mobiles", type=int, default=400)
    parser.add_argument("--packets", type=int, default=20_000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--sizes", default="160x50,80x24,78x22,38x9")
    args = parser.parse_args(argv)

    from rich.style import Style

    from mipviz.ui.canvas import Canvas
    from mipviz.ui.replay import ReplayController
    from mipviz.ui.topology import draw_map
    # after mipviz: signalling_bench puts its own tree first on sys.path
    sb = importlib.import_module("signalling_bench")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signalling.pcap"
        packets = sb.Generator(args.mobiles, 0.85).generate(args.packets)
        sb.write_capture(path, packets, sb.LINKTYPE_ETHERNET)
        controller = ReplayController([str(path)])
        prepared = controller.prepare()
        total = prepared.total
        print(f"capture: {args.packets} packets, {args.mobiles} mobiles, {total} steps, "
              f"{len(prepared.lesson.topology.nodes)} nodes on the map")
        style = Style()
        for size in args.sizes.split(","):
            width, height = (int(n) for n in size.split("x"))
            times: list[float] = []
            canvas = None
            for cursor in range(total // 2, total // 2 + args.steps):
                controller.cursor = cursor
                view = controller.view()
                canvas = Canvas(width, height)
                start = time.process_time()
                draw_map(canvas, view, lambda _name: style)
                times.append(time.process_time() - start)
            assert canvas is not None
            nodes = sum(1 for claim in canvas.claims if claim.kind == "node")
            print(f"{width}x{height}: draw_map median {1000 * statistics.median(times):.1f} ms"
                  f" CPU, worst {1000 * max(times):.1f} ms; {nodes} nodes placed, "
                  f"{len(canvas.dropped)} labels dropped, overlaps {len(canvas.overlaps())}")
    print(f"mipviz from {Path(sys.modules['mipviz'].__file__).parents[1]}")
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
