"""`mipviz handout` wall-clock time (issue 13 item 3: "well under a minute").

Runs the real command line (a fresh process each time, as a lecturer does) for each lesson
given, ``--runs`` times, into a fresh directory, and prints the median wall time, the
command's own figure (from its "wrote …" line: lesson run to index.html) and what it wrote.

Run: ``python benchmarks/handout_bench.py [--runs N] [--lang en|ja] [LESSON...]``
(default: route-optimisation).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", default=["route-optimisation"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    for lesson in args.lessons:
        walls: list[float] = []
        inner: list[float] = []
        line = ""
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as temporary:
                out = Path(temporary) / "handout"
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "mipviz", "handout", lesson, "-o",
                                       str(out), "--lang", args.lang],
                                      capture_output=True, text=True)
                walls.append(time.perf_counter() - started)
                if done.returncode != 0:
                    print(f"{lesson}: failed: {done.stderr.strip()}")
                    return 1
                line = done.stderr.strip().splitlines()[-1]
                found = re.search(r"([0-9.]+) (?:s|秒)$", line)
                if found:
                    inner.append(float(found.group(1)))
                size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
        print(f"{lesson:20} wall median {statistics.median(walls):5.1f} s "
              f"(min {min(walls):.1f}, max {max(walls):.1f}, {args.runs} runs); "
              f"command {statistics.median(inner) if inner else float('nan'):.1f} s; "
              f"{size / 1e6:.1f} MB; {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
