"""Where the topology map draws each node and link, in unit coordinates (0..1 both ways).

A lesson may give node positions (``position = [x, y]``); a link is then drawn at the centre
of the nodes on it (a link with a single node sits a little away from the rest of the map, on
that node's outer side). Without positions, a seeded networkx spring layout of the graph of
nodes and links places everything (networkx is imported only then, in the worker thread).
A mobile node away from its first link is drawn beside the link it is on now.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.lesson.schema import TopologySpec

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Layout:
    nodes: dict[str, Point]  # where each node is drawn on its first link
    links: dict[str, Point]
    home_links: dict[str, str]  # node -> the link it is drawn by in ``nodes``
    offsets: dict[str, Point]  # node -> its offset from that link (for re-attachment)

    def node_at(self, name: str, link: str | None) -> Point:
        """Where to draw *name* when it is attached to *link* (a moving node moves)."""
        base = self.nodes[name]
        if link is None or link == self.home_links.get(name) or link not in self.links:
            return base
        lx, ly = self.links[link]
        dx, dy = self.offsets.get(name, (0.0, 0.12))
        return (_clamp(lx + dx), _clamp(ly + dy))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def compute_layout(topology: TopologySpec, seed: int = 1) -> Layout:
    members: dict[str, list[str]] = {link.name: [] for link in topology.links}
    for node in topology.nodes:
        for interface in node.interfaces:
            members.setdefault(interface.link, []).append(node.name)
    given = {node.name: node.position for node in topology.nodes if node.position is not None}
    if len(given) == len(topology.nodes) and given:
        raw_nodes = {name: (float(x), float(y)) for name, (x, y) in given.items()}
        raw_links = _links_from_nodes(members, raw_nodes)
    else:
        raw_nodes, raw_links = _spring(topology, members, given, seed)
    nodes, links = _normalise(raw_nodes, raw_links)
    home_links: dict[str, str] = {}
    offsets: dict[str, Point] = {}
    for node in topology.nodes:
        if node.interfaces:
            link = node.interfaces[0].link
            home_links[node.name] = link
            if link in links:
                offsets[node.name] = (nodes[node.name][0] - links[link][0],
                                      nodes[node.name][1] - links[link][1])
    return Layout(nodes, links, home_links, offsets)


def _links_from_nodes(members: dict[str, list[str]], nodes: dict[str, Point]) -> dict[str, Point]:
    cx = sum(x for x, _ in nodes.values()) / len(nodes)
    cy = sum(y for _, y in nodes.values()) / len(nodes)
    span = max(
        max(x for x, _ in nodes.values()) - min(x for x, _ in nodes.values()),
        max(y for _, y in nodes.values()) - min(y for _, y in nodes.values()),
        1.0,
    )
    links: dict[str, Point] = {}
    for link, names in members.items():
        placed = [nodes[name] for name in names if name in nodes]
        if len(placed) >= 2:
            links[link] = (sum(x for x, _ in placed) / len(placed),
                           sum(y for _, y in placed) / len(placed))
        elif placed:
            x, y = placed[0]
            dx, dy = x - cx, y - cy
            norm = math.hypot(dx, dy) or 1.0
            # Beside its only node, on the side away from the rest, and further down so that
            # a node that moves there has room below it.
            links[link] = (x + dx / norm * span * 0.05, y + abs(dy / norm) * span * 0.15 + span
                           * 0.15)
        else:
            links[link] = (cx, cy)
    return links


def _spring(topology: TopologySpec, members: dict[str, list[str]], given: dict[str, Point],
            seed: int) -> tuple[dict[str, Point], dict[str, Point]]:
    import networkx as nx

    graph = nx.Graph()
    for node in topology.nodes:
        graph.add_node(node.name)
    for link, names in members.items():
        graph.add_node(f"link:{link}")
        for name in names:
            graph.add_edge(name, f"link:{link}")
    fixed = list(given) or None
    positions = nx.spring_layout(
        graph,
        pos={name: (float(x), float(y)) for name, (x, y) in given.items()} or None,
        fixed=fixed,
        seed=seed,
    )
    nodes = {n.name: (float(positions[n.name][0]), float(positions[n.name][1]))
             for n in topology.nodes}
    links = {name: (float(positions[f"link:{name}"][0]), float(positions[f"link:{name}"][1]))
             for name in members}
    return nodes, links


def _normalise(nodes: dict[str, Point], links: dict[str, Point]
               ) -> tuple[dict[str, Point], dict[str, Point]]:
    every = list(nodes.values()) + list(links.values())
    if not every:
        return {}, {}
    low_x, high_x = min(x for x, _ in every), max(x for x, _ in every)
    low_y, high_y = min(y for _, y in every), max(y for _, y in every)

    def scale(point: Point) -> Point:
        x = (point[0] - low_x) / (high_x - low_x) if high_x > low_x else 0.5
        y = (point[1] - low_y) / (high_y - low_y) if high_y > low_y else 0.5
        return (x, y)

    return ({k: scale(v) for k, v in nodes.items()}, {k: scale(v) for k, v in links.items()})
