"""The engine benchmark's scale scenario (benchmarks/engine_bench.py), small, for tests: N
mobile nodes leave home one by one for the visited links, register, and ping the CN through
their home agent — moves, home registrations, the HA's proxy NAs to every node still at home,
tunnelled echoes, Return Routability, BUs to the CN."""

from __future__ import annotations

import sys
from pathlib import Path

from mipviz.engine.network import Network
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import Step

REPO = Path(__file__).resolve().parent.parent


def scale_steps(mobiles: int = 20) -> list[Step]:
    """Every step of a 40 s run with *mobiles* mobile nodes (seed 1)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from engine_bench import VISITED_LINKS, scale_topology
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    network = Network(scale_topology(mobiles), seed=1)
    sim = network.sim
    for n in range(1, mobiles + 1):  # half move before the others' registrations are done
        sim.call_later(seconds(0.5 * n), network.move, f"MN{n}",
                       f"visited{(n - 1) % VISITED_LINKS + 1}")
        sim.call_later(seconds(15 + 0.1 * n), network.start_flow, f"ping-MN{n}", "CN",
                       f"MN{n}", "echo", 5.0, 2)
    sim.run_until(seconds(40))
    return list(sim.timeline.steps)
