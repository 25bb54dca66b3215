#!/usr/bin/env python3
"""mipviz engine benchmark: steps/s per bundled lesson, engine-vs-codec cost, 1,000 mobile nodes.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/engine_bench.py            # lessons + 1,000-MN scenario
    python benchmarks/engine_bench.py --quick    # lessons + 100-MN scenario
    python benchmarks/engine_bench.py --skip-scale --lessons fmipv6-predictive fmipv6-reactive
                                                 # some lessons only (here FMIPv6, issue 12)
    python benchmarks/engine_bench.py --profile  # ... and cProfile the scale scenario
    python benchmarks/engine_bench.py --skip-scale --lesson hmipv6 --lesson proxy-mobile-ipv6

Three measurements (see benchmarks/README.md for how to read them):

1. Steps per second on each bundled lesson (``run_lesson``, which includes building the
   ``Network``), the median of ``--runs`` runs after one warm-up run.
2. Cost per step split into codec time (``mipviz.wire.encode_frame`` +
   ``decode_frame``, timed by shims patched onto the ``mipviz.wire`` module attributes that
   ``Simulation.transmit``/``_deliver`` look up at call time) and everything else ("engine
   logic"), with the budget verdict *engine logic <= codec encode+decode*.
3. The scale scenario: a home link with an HA, 10 visited links each behind its own router on
   a core link, a CN link with a router and a correspondent, N mobile nodes homed on the home
   link. Each MN moves to a visited link (moves staggered over 10 s of virtual time), and once
   its home registration is acknowledged the CN starts an echo flow to it (interval 5 s,
   count 2), which triggers Return Routability and a Binding Update to the CN. The scenario is
   run in a child process so that its peak RSS is its own. Budgets: wall < 60 s, peak < 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv6Address, IPv6Network
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from mipviz import wire  # noqa: E402
from mipviz.engine.mobile_node import MobileNode  # noqa: E402
from mipviz.engine.network import Network  # noqa: E402
from mipviz.engine.simulation import seconds  # noqa: E402
from mipviz.engine.timeline import Step  # noqa: E402
from mipviz.engine.topology import InterfaceConfig, LinkConfig, NodeConfig, Topology  # noqa: E402
from mipviz.lesson.catalog import list_lessons  # noqa: E402
from mipviz.lesson.engine_topology import engine_topology  # noqa: E402
from mipviz.lesson.loader import load_lesson  # noqa: E402
from mipviz.lesson.runner import run_lesson  # noqa: E402

WALL_BUDGET_S = 60.0
MEMORY_BUDGET_MB = 1024.0
VISITED_LINKS = 10
MOVE_SPREAD_S = 10.0
FLOW_INTERVAL_S = 5.0
FLOW_COUNT = 2


# ============================================================================ codec timing shims
@dataclass
class CodecTimer:
    """Seconds spent inside the codec (struct, scapy for the rest), outermost call only."""

    encode_s: float = 0.0
    decode_s: float = 0.0
    other_s: float = 0.0  # mobility_header_bytes (the RR authenticator input)
    encode_calls: int = 0
    decode_calls: int = 0
    other_calls: int = 0
    _depth: int = field(default=0, repr=False)

    @property
    def codec_s(self) -> float:
        return self.encode_s + self.decode_s


@contextlib.contextmanager
def timed_codec() -> Iterator[CodecTimer]:
    """Patch ``mipviz.wire.encode_frame``/``decode_frame``/``mobility_header_bytes`` with timing
    wrappers for the duration of the block, then put the originals back.

    ``mipviz.wire`` loads these lazily through a module ``__getattr__`` (PEP 562); reading the
    attribute once loads the real function, and ``setattr`` then shadows it explicitly.
    """
    timer = CodecTimer()
    names = {"encode_frame": "encode", "decode_frame": "decode",
             "mobility_header_bytes": "other"}
    originals = {name: getattr(wire, name) for name in names}  # forces the lazy import
    clock = time.perf_counter

    def shim(original: Callable[..., Any], slot: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if timer._depth:
                return original(*args, **kwargs)
            timer._depth += 1
            start = clock()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = clock() - start
                timer._depth -= 1
                setattr(timer, f"{slot}_s", getattr(timer, f"{slot}_s") + elapsed)
                setattr(timer, f"{slot}_calls", getattr(timer, f"{slot}_calls") + 1)

        timed.__wrapped__ = original  # type: ignore[attr-defined]
        return timed

    try:
        for name, slot in names.items():
            setattr(wire, name, shim(originals[name], slot))
        yield timer
    finally:
        for name, original in originals.items():
            setattr(wire, name, original)


# ============================================================================ 1 + 2: lessons
def clear_codec_caches() -> None:
    """Empty the codec's memo caches (``lru_cache`` on whole frames and on frame octets), so a
    run pays for encoding and decoding as a fresh process would. Re-running a lesson in one
    process otherwise hits the cache for nearly every frame."""
    import importlib

    cleared = 0
    for module_name in ("mipviz.wire.frame_encode", "mipviz.wire.frame_decode",
                        "mipviz.wire.encode", "mipviz.wire.decode", "mipviz.wire.struct_encode",
                        "mipviz.wire.struct_decode"):
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if callable(value) and hasattr(value, "cache_clear") and \
                    getattr(value, "__module__", "") == module_name:
                value.cache_clear()
                cleared += 1
    if cleared < 2:
        raise RuntimeError("the codec's memo caches were not found: a cold run would be warm")


@dataclass
class LessonFigures:
    id: str
    steps: int
    frames: int
    wall_s: list[float]  # cold: codec caches cleared before each run
    warm_s: list[float]  # warm: the same lesson run again, codec caches full
    total_s: list[float]  # shimmed runs
    codec_s: list[float]
    encode_s: list[float]
    decode_s: list[float]
    other_s: list[float]
    build_s: list[float]  # Network(topology, seed) alone

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def steps_per_s(self) -> float:
        return self.steps / self.median_wall

    @property
    def median_warm(self) -> float:
        return statistics.median(self.warm_s)

    def per_step_us(self, values: list[float]) -> float:
        return statistics.median(values) / self.steps * 1e6


def bench_lessons(runs: int, only: list[str] | None = None) -> list[LessonFigures]:
    """Every bundled lesson (``only``: those ids), the FMIPv6 (13, 14, 20) and the HMIPv6
    and PMIPv6 ones (15, 16) included."""
    results = []
    for info in list_lessons():
        if only and info.id not in only:
            continue
        lesson = load_lesson(info.path)
        warm = run_lesson(lesson)  # warm-up: scapy import, lru caches, etc.
        steps = len(warm.timeline)
        frames = warm.network.sim.frames_encoded
        walls, warms = [], []
        for _ in range(runs):
            clear_codec_caches()
            start = time.perf_counter()
            run = run_lesson(lesson)
            walls.append(time.perf_counter() - start)
            assert len(run.timeline) == steps, "lesson is not deterministic"
            start = time.perf_counter()
            run_lesson(lesson)
            warms.append(time.perf_counter() - start)
        totals, codecs, encodes, decodes, others = [], [], [], [], []
        for _ in range(runs):
            clear_codec_caches()
            with timed_codec() as timer:
                start = time.perf_counter()
                run_lesson(lesson)
                totals.append(time.perf_counter() - start)
            codecs.append(timer.codec_s)
            encodes.append(timer.encode_s)
            decodes.append(timer.decode_s)
            others.append(timer.other_s)
        builds = []
        for _ in range(runs):
            start = time.perf_counter()
            Network(engine_topology(lesson.topology), lesson.seed)
            builds.append(time.perf_counter() - start)
        results.append(LessonFigures(lesson.id, steps, frames, walls, warms, totals, codecs,
                                     encodes, decodes, others, builds))
    return results


def print_lessons(results: list[LessonFigures], runs: int) -> None:
    print(f"\n== 1. Bundled lessons: steps/s (run_lesson incl. Network build; median of "
          f"{runs} runs after 1 warm-up)")
    print("   cold = codec memo caches cleared before the run (a fresh process); "
          "warm = the same lesson re-run at once")
    header = (f"{'lesson':<24} {'steps':>6} {'frames':>6} {'cold ms':>9} {'steps/s':>9} "
              f"{'warm ms':>9} {'steps/s':>9} {'build ms':>9}")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.id:<24} {r.steps:>6} {r.frames:>6} {r.median_wall * 1e3:>9.1f} "
              f"{r.steps_per_s:>9.0f} {r.median_warm * 1e3:>9.1f} "
              f"{r.steps / r.median_warm:>9.0f} {statistics.median(r.build_s) * 1e3:>9.1f}")
    steps = sum(r.steps for r in results)
    wall = sum(r.median_wall for r in results)
    warm = sum(r.median_warm for r in results)
    build = sum(statistics.median(r.build_s) for r in results)
    print(f"{'ALL':<24} {steps:>6} {sum(r.frames for r in results):>6} {wall * 1e3:>9.1f} "
          f"{steps / wall:>9.0f} {warm * 1e3:>9.1f} {steps / warm:>9.0f} {build * 1e3:>9.1f}")
    print("   build = Network(topology, seed) alone (networkx routes etc.), included in the "
          "run times")

    print(f"\n== 2. Cost per step: engine logic vs codec encode+decode (µs/step, median of "
          f"{runs} shimmed cold runs)")
    header = (f"{'lesson':<24} {'total':>8} {'encode':>8} {'decode':>8} {'codec':>8} "
              f"{'engine':>8} {'excl.build':>10} {'(MH bytes)':>10} {'engine<=codec':>14}")
    print(header)
    print("-" * len(header))
    all_total = all_codec = all_enc = all_dec = all_other = all_build = 0.0
    for r in results:
        total = r.per_step_us(r.total_s)
        codec = r.per_step_us(r.codec_s)
        enc, dec = r.per_step_us(r.encode_s), r.per_step_us(r.decode_s)
        other = r.per_step_us(r.other_s)
        build = r.per_step_us(r.build_s)
        engine = total - codec
        all_total += statistics.median(r.total_s)
        all_codec += statistics.median(r.codec_s)
        all_enc += statistics.median(r.encode_s)
        all_dec += statistics.median(r.decode_s)
        all_other += statistics.median(r.other_s)
        all_build += statistics.median(r.build_s)
        print(f"{r.id:<24} {total:>8.1f} {enc:>8.1f} {dec:>8.1f} {codec:>8.1f} {engine:>8.1f} "
              f"{engine - build:>10.1f} {other:>10.1f} {_verdict(engine <= codec):>14}")
    steps = sum(r.steps for r in results)
    total, codec = all_total / steps * 1e6, all_codec / steps * 1e6
    engine = total - codec
    print(f"{'ALL':<24} {total:>8.1f} {all_enc / steps * 1e6:>8.1f} "
          f"{all_dec / steps * 1e6:>8.1f} {codec:>8.1f} {engine:>8.1f} "
          f"{engine - all_build / steps * 1e6:>10.1f} {all_other / steps * 1e6:>10.1f} "
          f"{_verdict(engine <= codec):>14}")
    print("  engine = total - (encode + decode), Network build included; excl.build = without "
          "it.\n  (MH bytes) = wire.mobility_header_bytes (the RR authenticator input), "
          "counted in engine.")
    print(f"  Budget 'engine logic <= codec encode+decode' (all lessons): "
          f"{engine:.1f} µs vs {codec:.1f} µs -> {_verdict(engine <= codec)}")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ============================================================================ 3: scale scenario
def scale_topology(mobiles: int, visited: int = VISITED_LINKS) -> Topology:
    """Home link + HA, ``visited`` visited links each with a router, a CN link with a router
    and a correspondent, all routers on one core link; ``mobiles`` MNs homed on the home link.

    MN n (1-based) has MAC 02:00:00:01:hh:ll (n = 0xhhll) and home address 2001:db8:1::1:<n hex>
    (so 2001:db8:1::1:1 .. 2001:db8:1::1:3e8 for 1,000), clear of the HA's 2001:db8:1::1.
    """
    def link(name: str, prefix: str) -> LinkConfig:
        return LinkConfig(name, IPv6Network(prefix))

    def on(link_name: str, address: str) -> InterfaceConfig:
        return InterfaceConfig(link_name, IPv6Address(address))

    links = [link("home", "2001:db8:1::/64"), link("core", "2001:db8:ff::/64"),
             link("cn-net", "2001:db8:3::/64")]
    links += [link(f"visited{k}", f"2001:db8:{0x100 + k:x}::/64") for k in range(1, visited + 1)]
    nodes = [
        NodeConfig("HA", "home-agent", (on("home", "2001:db8:1::1"), on("core", "2001:db8:ff::1"))),
        NodeConfig("RCN", "router", (on("cn-net", "2001:db8:3::2"), on("core", "2001:db8:ff::3"))),
        NodeConfig("CN", "correspondent", (on("cn-net", "2001:db8:3::1"),)),
    ]
    nodes += [NodeConfig(f"R{k}", "router", (on(f"visited{k}", f"2001:db8:{0x100 + k:x}::1"),
                                              on("core", f"2001:db8:ff::{0x100 + k:x}")))
              for k in range(1, visited + 1)]
    for n in range(1, mobiles + 1):
        assert n <= 0xFFFF
        nodes.append(NodeConfig(
            f"MN{n}", "mobile-node",
            (InterfaceConfig("home", mac=f"02:00:00:01:{n >> 8:02x}:{n & 0xFF:02x}"),),
            home_link="home", home_address=IPv6Address(f"2001:db8:1::1:{n:x}"), home_agent="HA"))
    return Topology(tuple(links), tuple(nodes))


def run_scale(mobiles: int, *, profile: bool = False, trace_memory: bool = False,
              codec_split: bool = True, top: int = 25) -> dict[str, Any]:
    """Build and run the scale scenario headless; return its figures as a dict."""
    # Load scapy and the codec before the clock starts (a one-off, not per-run, cost).
    wire.encode_frame, wire.decode_frame  # noqa: B018
    if trace_memory:
        tracemalloc.start()
    profiler = cProfile.Profile() if profile else None
    codec_cm = timed_codec() if codec_split else contextlib.nullcontext(None)
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with codec_cm as timer:
        if profiler is not None:
            profiler.enable()
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        topology = scale_topology(mobiles)
        network = Network(topology, seed=1)
        sim = network.sim
        t_built = time.perf_counter()

        flows_started: set[str] = set()

        def start_flow(name: str) -> None:
            network.start_flow(f"ping-{name}", "CN", name, "echo", FLOW_INTERVAL_S, FLOW_COUNT)

        def on_step(step: Step) -> None:
            # Once an MN's home registration is acknowledged, the CN starts pinging it.
            for event in step.events:
                if event.kind == "binding-acknowledgement-received" and \
                        event.node not in flows_started:
                    node = sim.nodes[event.node]
                    if isinstance(node, MobileNode) and node.home.state == "registered":
                        flows_started.add(event.node)
                        sim.call_later(0, start_flow, event.node)

        sim.step_listeners.append(on_step)
        for n in range(1, mobiles + 1):
            at = seconds(MOVE_SPREAD_S * (n - 1) / mobiles)
            sim.call_later(at, network.move, f"MN{n}", f"visited{(n - 1) % VISITED_LINKS + 1}")
        end = seconds(MOVE_SPREAD_S + 30.0)
        sim.run_until(end)
        t_run = time.perf_counter()
        cpu = time.process_time() - cpu0

        if profiler is not None:
            profiler.disable()

    wall = t_run - t0
    steps = len(sim.timeline)
    result: dict[str, Any] = {
        "mobiles": mobiles,
        "virtual_s": end / 1e6,
        "build_s": t_built - t0,
        "run_s": t_run - t_built,
        "wall_s": wall,
        "cpu_s": cpu,
        "steps": steps,
        "frames": sim.frames_encoded,
        "steps_per_s": steps / wall,
        "flows_started": len(flows_started),
        "instrumented": profile or trace_memory,
    }
    if timer is not None:
        result.update(codec_s=timer.codec_s, encode_s=timer.encode_s, decode_s=timer.decode_s,
                      other_s=timer.other_s)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    result["maxrss_mb"] = rss_kb / 1024
    result["maxrss_before_mb"] = rss_before_kb / 1024
    if trace_memory:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_mb"] = peak / 2**20
        result["tracemalloc_current_mb"] = current / 2**20

    # ---- outcome, from the recorded timeline (what a viewer would show at the last step)
    last = steps
    cn = sim.nodes["CN"]
    cn_address = cn.primary_address()
    tl_registered = tl_bound = obj_registered = obj_bound = 0
    for n in range(1, mobiles + 1):
        name = f"MN{n}"
        state = sim.timeline.state_at(name, last)
        bul = state.binding_update_list
        if any(e.home_registration and e.state == "registered" for e in bul):
            tl_registered += 1
        if any(not e.home_registration and e.peer_address == cn_address and e.state == "bound"
               for e in bul):
            tl_bound += 1
        node = sim.nodes[name]
        assert isinstance(node, MobileNode)
        obj_registered += node.home.state == "registered"
        entry = node.correspondents.get(cn_address)
        obj_bound += entry is not None and entry.state == "bound"
    ha_state = sim.timeline.state_at("HA", last)
    cn_state = sim.timeline.state_at("CN", last)
    delivered = sum(f.stats.delivered for f in network.flows.values())
    sent = sum(f.stats.sent for f in network.flows.values())
    result.update(
        registered_timeline=tl_registered, bound_timeline=tl_bound,
        registered_nodes=obj_registered, bound_nodes=obj_bound,
        ha_bindings=sum(1 for e in ha_state.binding_cache if e.state == "valid"),
        cn_bindings=sum(1 for e in cn_state.binding_cache if e.state == "valid"),
        echo_sent=sent, echo_delivered=delivered,
        problems=sum(1 for s in sim.timeline.steps if s.problems),
        checksum_bad=sum(1 for s in sim.timeline.steps if s.checksum_ok is False),
    )

    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        out.write("\n")
        stats.sort_stats("cumulative").print_stats(top)
        result["profile"] = out.getvalue()
    return result


def run_scale_child(mobiles: int, args: argparse.Namespace) -> dict[str, Any]:
    """The scale scenario in a fresh interpreter, so ru_maxrss is the scenario's own."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(mobiles),
               "--top", str(args.top)]
    if args.profile:
        command.append("--profile")
    if args.tracemalloc:
        command.append("--tracemalloc")
    if args.no_codec_split:
        command.append("--no-codec-split")
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"scale child failed with exit status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_scale(r: dict[str, Any]) -> None:
    n = r["mobiles"]
    print(f"\n== 3. Scale scenario: {n} mobile nodes, {VISITED_LINKS} visited links, 1 CN "
          f"(moves over {MOVE_SPREAD_S:g} s, CN echo x{FLOW_COUNT} every {FLOW_INTERVAL_S:g} s "
          f"after registration; run_until {r['virtual_s']:g} s virtual)")
    rows = [
        ("wall time (build + run)", f"{r['wall_s']:.2f} s", f"< {WALL_BUDGET_S:g} s",
         "n/a (profiled/traced)" if r["instrumented"] else _verdict(r["wall_s"] < WALL_BUDGET_S)),
        ("CPU time of the process (user+sys)", f"{r['cpu_s']:.2f} s",
         f"< {WALL_BUDGET_S:g} s" + (" (wall > CPU: machine busy)"
                                      if r["wall_s"] > 1.1 * r["cpu_s"] else ""),
         "n/a" if r["instrumented"] else _verdict(r["cpu_s"] < WALL_BUDGET_S)),
        ("  of which Network build", f"{r['build_s']:.2f} s", "", ""),
        ("  of which run_until", f"{r['run_s']:.2f} s", "", ""),
        ("steps", f"{r['steps']}", "", ""),
        ("frames encoded", f"{r['frames']}", "", ""),
        ("steps/s", f"{r['steps_per_s']:.0f}", "", ""),
        ("peak RSS (ru_maxrss, child)", f"{r['maxrss_mb']:.0f} MB",
         f"< {MEMORY_BUDGET_MB:g} MB", _verdict(r["maxrss_mb"] < MEMORY_BUDGET_MB)),
    ]
    if "tracemalloc_peak_mb" in r:
        rows.append(("peak Python heap (tracemalloc)", f"{r['tracemalloc_peak_mb']:.0f} MB",
                     "", ""))
    if "codec_s" in r:
        per = 1e6 / r["steps"]
        engine = (r["wall_s"] - r["codec_s"]) * per
        codec = r["codec_s"] * per
        rows += [
            ("µs/step total", f"{r['wall_s'] * per:.1f}", "", ""),
            ("µs/step codec encode+decode", f"{codec:.1f}",
             f"(enc {r['encode_s'] * per:.1f} + dec {r['decode_s'] * per:.1f})", ""),
            ("µs/step engine logic", f"{engine:.1f}", "<= codec",
             _verdict(engine <= codec)),
            ("  (MH bytes for RR, in engine)", f"{r['other_s'] * per:.1f}", "", ""),
        ]
    rows += [
        ("MNs with home BUL 'registered'", f"{r['registered_timeline']} / {n}",
         f"(node objects: {r['registered_nodes']})",
         _verdict(r["registered_timeline"] == n == r["registered_nodes"])),
        ("MNs with CN BUL 'bound'", f"{r['bound_timeline']} / {n}",
         f"(node objects: {r['bound_nodes']})",
         _verdict(r["bound_timeline"] == n == r["bound_nodes"])),
        ("HA / CN valid binding cache entries", f"{r['ha_bindings']} / {r['cn_bindings']}", "",
         ""),
        ("flows started; echo delivered/sent", f"{r['flows_started']}; "
         f"{r['echo_delivered']}/{r['echo_sent']}", "", ""),
        ("steps with problems; bad checksums", f"{r['problems']}; {r['checksum_bad']}", "", ""),
    ]
    width = max(len(row[0]) for row in rows)
    for label, value, budget, verdict in rows:
        print(f"{label:<{width}}  {value:>14}  {budget:<28} {verdict}")
    if "profile" in r:
        print("\n-- cProfile of the scale scenario (cProfile slows it; figures above are from "
              "the profiled run) --")
        print(r["profile"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 mobile nodes, 3 lesson runs")
    parser.add_argument("--mobiles", type=int, help="mobile nodes in the scale scenario")
    parser.add_argument("--runs", type=int, help="timed runs per lesson (default 5, quick 3)")
    parser.add_argument("--skip-lessons", action="store_true")
    parser.add_argument("--lesson", action="append", metavar="ID",
                        help="benchmark only this lesson (repeatable)")
    parser.add_argument("--lessons", nargs="+", metavar="ID",
                        help="bench only these bundled lessons (e.g. the FMIPv6 ones: "
                             "fmipv6-predictive fmipv6-reactive handover-comparison)")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the scale scenario and print the top functions")
    parser.add_argument("--top", type=int, default=25, help="functions to list with --profile")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace the Python heap peak (slows the scale run ~2x)")
    parser.add_argument("--no-codec-split", action="store_true",
                        help="scale scenario without the codec timing shims")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:
        result = run_scale(args.child, profile=args.profile, trace_memory=args.tracemalloc,
                           codec_split=not args.no_codec_split, top=args.top)
        print(json.dumps(result))
        return 0

    mobiles = args.mobiles or (100 if args.quick else 1000)
    runs = args.runs or (3 if args.quick else 5)
    print(f"mipviz engine benchmark — Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    if not args.skip_lessons:
        only = [*(args.lesson or ()), *(args.lessons or ())] or None
        print_lessons(bench_lessons(runs, only), runs)
    if not args.skip_scale:
        result = run_scale_child(mobiles, args)
        print_scale(result)
        ok = (result["registered_timeline"] == mobiles and result["bound_timeline"] == mobiles)
        if not ok:
            print("\nscale scenario: not every MN registered and route-optimised")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
