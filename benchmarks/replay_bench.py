#!/usr/bin/env python3
"""mipviz capture benchmark: `mipviz dump --format jsonl` against tshark on a 100,000-packet
capture, plus the time to index it and the peak memory.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/replay_bench.py                  # 100,000 packets, 5 rounds
    python benchmarks/replay_bench.py --packets 20000 --rounds 1
    python benchmarks/replay_bench.py --keep big.pcap  # keep the generated capture
    python benchmarks/replay_bench.py --signalling 1000000  # + memory, mostly signalling

The capture is made of the frames of every bundled lesson (each run headless, as
``mipviz export`` does), repeated until it holds ``--packets`` frames. Each repetition is
perturbed: its IPv6 flow labels are the repetition's number (the checksums stay valid: the
flow label is not in any pseudo-header) and its times follow the previous repetition's, so
no two repetitions are the same packets and no decode can be reused across them; the hops
of one packet inside a repetition (the lesson frames are captured on every link) stay what
they are.

Measured side by side in the same run, alternating, ``--rounds`` times each (medians and
best are printed):

* ``python -m mipviz dump CAPTURE --format jsonl > /dev/null``: wall time and peak resident
  memory (of the process and its forked workers, from ``wait4``);
* ``tshark -r CAPTURE -T fields -e frame.number -e mip6.mhtype > /dev/null``: the same;
* time to index: pass 1 alone (:func:`mipviz.capture.survey.survey`) in a fresh process;
* where a dump's time goes, in one fresh process without any fork: the imports of
  ``mipviz dump``, pass 1 (:func:`~mipviz.capture.survey.survey`), pass 2 rendered to
  ``/dev/null`` (:func:`~mipviz.capture.fanout.emit`); then the same capture through
  :func:`~mipviz.capture.pipeline.survey_and_emit` with its workers, as ``dump`` runs it.

``--signalling N`` also writes an N-packet capture of tcpdump's ``ipv6_mobility_1.pcap``
frames repeated (every packet a Mobility Header message) and reports the peak memory of
``dump --format jsonl`` over it and the Python memory pass 1 keeps per signalling packet
(``tracemalloc``, on the first 100,000 packets at most).

Budgets (issue 4): dump wall time <= tshark's; memory < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from mipviz.lesson.catalog import list_lessons  # noqa: E402
from mipviz.lesson.loader import load_lesson  # noqa: E402
from mipviz.lesson.runner import run_lesson  # noqa: E402
from mipviz.wire import write_pcap  # noqa: E402

MEMORY_BUDGET_MB = 300.0
ETHERTYPE_IPV6 = b"\x86\xdd"


def lesson_frames() -> list[tuple[int, bytes]]:
    """Every frame of every bundled lesson, as ``mipviz export`` writes them."""
    frames: list[tuple[int, bytes]] = []
    offset = 0
    for info in list_lessons():
        timeline = run_lesson(load_lesson(info.path)).timeline
        steps = [(step.time, step.frame_bytes) for step in timeline
                 if step.frame_bytes is not None]
        frames.extend((offset + at, frame) for at, frame in steps)
        offset += (steps[-1][0] if steps else 0) + 1_000_000
    return frames


def with_flow_label(frame: bytes, label: int) -> bytes:
    """The Ethernet frame with its (outer) IPv6 flow label set to ``label`` (20 bits)."""
    if frame[12:14] != ETHERTYPE_IPV6 or len(frame) < 18:
        return frame
    data = bytearray(frame)
    data[15] = (data[15] & 0xF0) | ((label >> 16) & 0x0F)
    data[16] = (label >> 8) & 0xFF
    data[17] = label & 0xFF
    return bytes(data)


def generate(path: Path, packets: int) -> tuple[int, int]:
    """Write the benchmark capture; return (lesson frames, repetitions)."""
    frames = lesson_frames()
    span = frames[-1][0] + 1_000_000
    records: list[tuple[int, bytes]] = []
    repetition = 0
    while len(records) < packets:
        label = (repetition + 1) & 0xFFFFF
        for at, frame in frames:
            records.append((repetition * span + at, with_flow_label(frame, label)))
            if len(records) == packets:
                break
        repetition += 1
    write_pcap(path, records)
    return len(frames), repetition


_INDEX = """
import gc, json, sys, time
gc.disable()  # as mipviz dump does
from mipviz.capture.survey import open_captures, survey
start = time.perf_counter()
found = survey(open_captures([sys.argv[1]]), snapshots=False)
elapsed = time.perf_counter() - start
with open("/proc/self/status") as status:  # VmHWM: ru_maxrss would include this parent's
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps([elapsed, len(found.roles.nodes), peak_kb / 1024]))
"""


def index_in_child(path: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, nodes) of pass 1 alone, in a fresh process."""
    output = subprocess.run([sys.executable, "-c", _INDEX, str(path)], capture_output=True,
                            text=True, check=True, cwd=REPO).stdout
    seconds, nodes, megabytes = json.loads(output)
    return seconds, megabytes, nodes


# Runs a command and reports its wall time and peak memory. A process's ru_maxrss survives
# exec: a command spawned straight from this benchmark (which holds every lesson's frames)
# would report this process's peak instead of its own, so a small launcher spawns it.
_LAUNCH = """
import json, os, subprocess, sys, time
start = time.perf_counter()
with open(os.devnull, "wb") as sink:
    process = subprocess.Popen(sys.argv[1:], stdout=sink, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
print(json.dumps([time.perf_counter() - start, os.waitstatus_to_exitcode(status),
                  usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime]))
"""


def launched(command: list[str], cwd: Path | None = None,
             env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of a command run through the launcher,
    its output thrown away (signalling_bench.py measures with it too)."""
    output = subprocess.run([sys.executable, "-S", "-c", _LAUNCH, *command],
                            capture_output=True, text=True, check=True, cwd=cwd,
                            env=env).stdout
    elapsed, returncode, megabytes, cpu = json.loads(output)
    if returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {returncode}")
    return elapsed, megabytes, cpu  # Linux reports KiB, turned into MB by the launcher


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a command, its output thrown away."""
    elapsed, megabytes, _ = launched(command)
    return elapsed, megabytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", metavar="PATH", help="write the capture here and keep it")
    parser.add_argument("--signalling", type=int, default=0, metavar="N",
                        help="also measure memory on N packets of Mobility Header messages")
    args = parser.parse_args(argv)
    tshark = shutil.which("tshark")
    directory = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(directory.name) / "bench.pcap"

    print(f"mipviz replay benchmark — Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    lesson_count, repetitions = generate(path, args.packets)
    print(f"capture: {args.packets} packets ({lesson_count} lesson frames x {repetitions} "
          f"perturbed repetitions), {path.stat().st_size / 1e6:.1f} MB, generated in "
          f"{time.perf_counter() - started:.1f} s")

    index_s, index_mb, nodes = index_in_child(path)
    print(f"time to index (pass 1 alone, in a fresh process: read, classify, decode the "
          f"signalling, infer {nodes} nodes, replay the bindings): {index_s:.2f} s, "
          f"peak memory {index_mb:.0f} MB")

    phases = json.loads(subprocess.run([sys.executable, "-c", _PHASES, str(path)],
                                       capture_output=True, text=True, check=True,
                                       cwd=REPO).stdout)
    print("where the time goes (one fresh process, CPU-bound, no fork): imports "
          f"{phases['imports']:.2f} s, pass 1 {phases['pass1']:.2f} s, pass 2 "
          f"{phases['pass2']:.2f} s; with {phases['workers']} workers (survey_and_emit, as "
          f"dump runs): {phases['pipeline']:.2f} s")

    dump = [sys.executable, "-m", "mipviz", "dump", str(path), "--format", "jsonl"]
    reference = [tshark, "-r", str(path), "-T", "fields", "-e", "frame.number",
                 "-e", "mip6.mhtype"] if tshark else None
    dumps, sharks = [], []
    for _ in range(args.rounds):
        if reference:
            sharks.append(timed(reference))
        dumps.append(timed(dump))

    def line(name: str, runs: list[tuple[float, float]]) -> str:
        walls = [wall for wall, _ in runs]
        return (f"{name:44} wall median {statistics.median(walls):6.2f} s  best "
                f"{min(walls):6.2f} s  peak memory {max(mb for _, mb in runs):6.0f} MB")

    print(f"side by side, alternating, {args.rounds} round(s):")
    print(line("mipviz dump --format jsonl", dumps))
    if sharks:
        print(line("tshark -T fields -e frame.number -e mip6.mhtype", sharks))
        dump_s = statistics.median(wall for wall, _ in dumps)
        shark_s = statistics.median(wall for wall, _ in sharks)
        verdict = "within" if dump_s <= shark_s else "OVER"
        print(f"budget dump <= tshark: {verdict} ({dump_s:.2f} s vs {shark_s:.2f} s, "
              f"ratio {dump_s / shark_s:.2f})")
    else:
        print("tshark not installed: no reference time")
    memory = max(mb for _, mb in dumps)
    print(f"budget memory < {MEMORY_BUDGET_MB:.0f} MB: "
          f"{'within' if memory < MEMORY_BUDGET_MB else 'OVER'} ({memory:.0f} MB)")
    if args.signalling:
        signalling_memory(Path(directory.name) / "signalling.pcap", args.signalling)
    directory.cleanup()
    return 0


_PHASES = """
import gc, json, os, sys, time
start = time.perf_counter()
gc.disable()  # as mipviz dump does
import mipviz.commands.dump
from mipviz.capture.fanout import emit
from mipviz.capture.forks import default_workers
from mipviz.capture.pipeline import survey_and_emit
from mipviz.capture.record import LineRenderer
from mipviz.capture.survey import open_captures, survey
imported = time.perf_counter()
found = survey(open_captures([sys.argv[1]]), snapshots=False, workers=1)
surveyed = time.perf_counter()
with open(os.devnull, "w") as out:
    emit(found, LineRenderer().line_of, out, workers=1)
    out.flush()
    emitted = time.perf_counter()
    del found
    begun = time.perf_counter()
    survey_and_emit(open_captures([sys.argv[1]]), LineRenderer().line_of, out)
    out.flush()
print(json.dumps({"imports": imported - start, "pass1": surveyed - imported,
                  "pass2": emitted - surveyed, "pipeline": time.perf_counter() - begun,
                  "workers": default_workers()}))
"""

_SIGNAL_MEMORY = """
import gc, json, sys, tracemalloc
gc.disable()
from mipviz.capture.survey import open_captures, survey
tracemalloc.start()
found = survey(open_captures([sys.argv[1]]), snapshots=False, workers=1)
found.retained = None  # pass 2's copy of a small capture, not what pass 1 keeps
gc.collect()
print(json.dumps([tracemalloc.get_traced_memory()[0], len(found.signals)]))
"""


def write_signalling(path: Path, packets: int) -> None:
    """tcpdump's ipv6_mobility_1.pcap (Mobility Header messages only) again and again, one
    millisecond apart (as the replay UI tests' big capture)."""
    from mipviz.capture.reader import read_records

    source = REPO.parent / "shared" / "captures" / "tcpdump" / "ipv6_mobility_1.pcap"
    records = list(read_records(source))
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, records[0].linktype))
        for number in range(packets):
            data = records[number % len(records)].data
            seconds, micros = divmod(number * 1000, 1_000_000)
            out.write(struct.pack("<IIII", seconds, micros, len(data), len(data)))
            out.write(data)


def signalling_memory(path: Path, packets: int) -> None:
    """Peak memory of dump over a mostly-signalling capture, and pass 1's bytes a signal."""
    write_signalling(path, packets)
    wall, megabytes = timed([sys.executable, "-m", "mipviz", "dump", str(path), "--format",
                             "jsonl"])
    print(f"mostly signalling: {packets} packets, {path.stat().st_size / 1e6:.0f} MB: dump "
          f"--format jsonl {wall:.1f} s, peak memory {megabytes:.0f} MB "
          f"({'within' if megabytes < MEMORY_BUDGET_MB else 'OVER'} {MEMORY_BUDGET_MB:.0f} MB)")
    sample = path.with_name("signalling-sample.pcap")
    write_signalling(sample, min(packets, 100_000))
    kept, signals = json.loads(subprocess.run(
        [sys.executable, "-c", _SIGNAL_MEMORY, str(sample)], capture_output=True, text=True,
        check=True, cwd=REPO).stdout)
    print(f"pass 1 keeps {kept / max(signals, 1):.0f} B of Python memory per signalling "
          f"packet ({signals} signals, tracemalloc)")


if __name__ == "__main__":
    raise SystemExit(main())
