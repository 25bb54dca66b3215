"""Hop-count shortest paths over a small undirected graph, without importing networkx.

Routing tables (:meth:`mipviz.engine.network.Network._compute_routes`) need one breadth-first
search per router over the router/link graph. networkx did this, but importing it costs about
0.1 s of CPU, as much as the engine's whole run over a common lesson (issue 14 item 1: a lesson
opened for the first time). This is the same search networkx's ``single_source_shortest_path``
does (networkx 3.x, ``_single_shortest_path``): neighbours are visited in the order their
edges were added, level by level, and a node keeps the first path that reaches it. Where
shortest paths tie, it therefore picks the same one networkx picks, and routes (hence every
frame) stay exactly as they were (tests/test_engine_shortest_paths.py compares the two).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

N = TypeVar("N", bound=Hashable)


class Graph(Generic[N]):
    """An undirected graph; each node's neighbours in the order their edges were added (as
    ``networkx.Graph``'s adjacency dicts keep them)."""

    def __init__(self) -> None:
        self.adjacency: dict[N, dict[N, None]] = {}

    def add_edge(self, u: N, v: N) -> None:
        self.adjacency.setdefault(u, {})[v] = None
        self.adjacency.setdefault(v, {})[u] = None

    def __contains__(self, node: object) -> bool:
        return node in self.adjacency


def single_source_shortest_path(graph: Graph[N], source: N) -> dict[N, list[N]]:
    """Every node reachable from *source*, with the shortest path to it (source first).

    A *source* with no edge reaches only itself (networkx raises NodeNotFound there)."""
    adjacency = graph.adjacency
    paths: dict[N, list[N]] = {source: [source]}
    level = [source]
    while level:
        following: list[N] = []
        for v in level:
            for w in adjacency.get(v, ()):
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    following.append(w)
        level = following
    return paths
