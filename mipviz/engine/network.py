"""Build a running network from a lesson's topology, and the actions a script can take on it.

Routers' tables come from shortest paths over the router/link graph (networkx). Hosts start
converged — they know their on-link prefix and default router, as after booting — so a lesson's
first steps are about mobility, not about every host's start-up chatter; a mobile node that
starts away from home does run movement detection at t=0.
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

import networkx as nx

from mipviz.engine.addressing import derived_mac, slaac_address
from mipviz.engine.attacker import Attacker
from mipviz.engine.correspondent import CorrespondentNode
from mipviz.engine.flows import Flow
from mipviz.engine.home_agent import HomeAgent
from mipviz.engine.link import Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.node import Node
from mipviz.engine.router import Router
from mipviz.engine.simulation import Simulation, seconds
from mipviz.engine.timeline import Timeline
from mipviz.lesson.schema import NodeSpec, TopologySpec


class TopologyError(ValueError):
    """The topology cannot be built (the loader's checks should have caught it)."""


class Network:
    def __init__(self, topology: TopologySpec, seed: int = 1) -> None:
        self.sim = Simulation(seed)
        self.topology = topology
        self.flows: dict[str, Flow] = {}
        for link_spec in topology.links:
            self.sim.links[link_spec.name] = Link(
                link_spec.name, IPv6Network(link_spec.prefix), seconds(link_spec.delay))
        specs = {spec.name: spec for spec in topology.nodes}
        # Routers first, so hosts and mobile nodes can find their home agent and router.
        order = sorted(topology.nodes, key=lambda s: s.role not in ("router", "home-agent"))
        for spec in order:
            self.sim.nodes[spec.name] = self._build_node(spec, specs)
        self._compute_routes()
        self._converge_hosts()
        self.sim.timeline = Timeline(initial_states={
            name: node.state() for name, node in self.sim.nodes.items()})
        for node in self.sim.nodes.values():
            if isinstance(node, (Router, MobileNode)):
                node.start()

    @property
    def timeline(self) -> Timeline:
        return self.sim.timeline

    # ------------------------------------------------------------------ building
    def _link(self, name: str) -> Link:
        try:
            return self.sim.links[name]
        except KeyError:
            raise TopologyError(f"unknown link {name!r}") from None

    def _address(self, spec_address: str | None, link: Link, mac: str) -> IPv6Address:
        if spec_address is not None:
            return IPv6Address(spec_address)
        return slaac_address(link.prefix, mac)

    def _build_node(self, spec: NodeSpec, specs: dict[str, NodeSpec]) -> Node:
        sim = self.sim
        node: Node
        if spec.role == "home-agent":
            node = HomeAgent(sim, spec.name, advertise=spec.advertise,
                             ra_interval=seconds(spec.ra_interval),
                             home_agent_lifetime=spec.home_agent_lifetime)
        elif spec.role == "router":
            node = Router(sim, spec.name, advertise=spec.advertise,
                          ra_interval=seconds(spec.ra_interval))
        elif spec.role == "mobile-node":
            node = self._build_mobile_node(spec, specs)
        elif spec.role == "correspondent":
            node = CorrespondentNode(sim, spec.name, max_nonce_lifetime=spec.max_nonce_lifetime,
                                     nonce_interval=spec.nonce_interval)
        elif spec.role == "attacker":
            victim = self._peek_mobile(spec.victim, specs)
            node = Attacker(sim, spec.name, mode=spec.mode or "off-path",
                            victim_home_address=victim,
                            target=self._spec_address(spec.target, specs))
        else:
            node = Node(sim, spec.name)
        if spec.role == "mobile-node":
            return node
        for interface_spec in spec.interfaces:
            link = self._link(interface_spec.link)
            mac = interface_spec.mac or derived_mac(spec.name, link.name)
            interface = node.add_interface(mac, link)
            interface.add_address(self._address(interface_spec.address, link, mac))
            if spec.role == "attacker":
                interface.promiscuous = spec.mode == "eavesdropper"
                if interface.promiscuous:
                    link.promiscuous.append(interface)
            if isinstance(node, HomeAgent) and node.home_interface is None:
                node.home_interface = interface
        if isinstance(node, HomeAgent):
            homes = [s for s in specs.values() if s.role == "mobile-node"
                     and s.home_agent == spec.name and s.home_link is not None]
            for home in homes:
                for interface in node.interfaces:
                    if interface.link is not None and interface.link.name == home.home_link:
                        node.home_interface = interface
        return node

    def _peek_mobile(self, name: str | None, specs: dict[str, NodeSpec]) -> IPv6Address:
        spec = specs.get(name or "")
        if spec is None or spec.home_link is None:
            raise TopologyError(f"attack victim {name!r} is not a mobile node")
        link = self._link(spec.home_link)
        mac = self._mobile_mac(spec)
        return self._address(spec.home_address, link, mac)

    def _spec_address(self, name: str | None, specs: dict[str, NodeSpec]) -> IPv6Address:
        spec = specs.get(name or "")
        if spec is None or not spec.interfaces:
            raise TopologyError(f"unknown node {name!r}")
        first = spec.interfaces[0]
        link = self._link(first.link)
        return self._address(first.address, link, first.mac or derived_mac(spec.name, link.name))

    @staticmethod
    def _mobile_mac(spec: NodeSpec) -> str:
        first = spec.interfaces[0] if spec.interfaces else None
        return (first.mac if first is not None and first.mac else derived_mac(spec.name, "eth0"))

    def _build_mobile_node(self, spec: NodeSpec, specs: dict[str, NodeSpec]) -> MobileNode:
        if spec.home_link is None or spec.home_agent is None:
            raise TopologyError(f"mobile node {spec.name} needs home_link and home_agent")
        home_link = self._link(spec.home_link)
        home_agent = self.sim.nodes.get(spec.home_agent)
        if not isinstance(home_agent, HomeAgent):
            raise TopologyError(f"{spec.home_agent!r} is not a home agent")
        mac = self._mobile_mac(spec)
        home_address = self._address(spec.home_address, home_link, mac)
        ha_address = next(a for i in home_agent.interfaces if i.link is home_link
                          for a in i.global_addresses())
        node = MobileNode(
            self.sim, spec.name, home_address=home_address, home_prefix=home_link.prefix,
            home_agent=ha_address, home_agent_name=home_agent.name,
            route_optimization=spec.route_optimization, binding_lifetime=spec.binding_lifetime)
        start_link = self._link(spec.interfaces[0].link) if spec.interfaces else home_link
        interface = node.add_interface(mac, start_link)
        if start_link is home_link:
            interface.add_address(home_address)
        return node

    def _compute_routes(self) -> None:
        """Shortest paths over a graph of routers and links (hop count)."""
        graph: nx.Graph = nx.Graph()
        routers = [n for n in self.sim.nodes.values() if isinstance(n, Router)]
        for router in routers:
            for interface in router.interfaces:
                if interface.link is not None:
                    graph.add_edge(("router", router.name), ("link", interface.link.name))
        for router in routers:
            source = ("router", router.name)
            paths = nx.single_source_shortest_path(graph, source)
            for link in self.sim.links.values():
                path = paths.get(("link", link.name))
                if path is None:
                    continue
                if len(path) == 2:
                    interface = next(i for i in router.interfaces if i.link is link)
                    router.add_route(link.prefix, interface, None)
                    continue
                first_link = self.sim.links[path[1][1]]
                next_router = self.sim.nodes[path[2][1]]
                out = next(i for i in router.interfaces if i.link is first_link)
                hop = next(i for i in next_router.interfaces if i.link is first_link)
                router.add_route(link.prefix, out, hop.link_local)

    def _converge_hosts(self) -> None:
        for node in self.sim.nodes.values():
            if isinstance(node, Router):
                continue
            for interface in node.interfaces:
                link = interface.link
                if link is None:
                    continue
                router = next((i for i in link.interfaces if i.node.is_router), None)
                if isinstance(node, MobileNode) and link.prefix != node.home_prefix:
                    continue  # it will discover its router (MobileNode.start)
                node.on_link_prefixes = [link.prefix]
                if router is not None:
                    node.default_router = router.link_local
                if isinstance(node, MobileNode):
                    node.current_prefix = link.prefix

    # ------------------------------------------------------------------ script actions
    def node(self, name: str) -> Node:
        return self.sim.nodes[name]

    def move(self, name: str, link_name: str) -> None:
        node = self.node(name)
        if not isinstance(node, MobileNode):
            raise TopologyError(f"{name} is not a mobile node")
        node.move_to(self._link(link_name))

    def address_of(self, node: Node) -> IPv6Address:
        if isinstance(node, MobileNode):
            return node.home_address
        return node.primary_address()

    def start_flow(self, name: str, source: str, destination: str, kind: str, interval: float,
                   count: int) -> Flow:
        src, dst = self.node(source), self.node(destination)
        flow = Flow(self.sim, name, len(self.flows) + 1, src, self.address_of(src), dst,
                    self.address_of(dst), kind, seconds(interval), count)
        self.flows[name] = flow
        flow.start()
        return flow

    def stop_flow(self, name: str) -> None:
        flow = self.flows.get(name)
        if flow is not None:
            flow.stop()
            flow.source.note("note", f"flow {name} stopped: {flow.stats.sent} sent, "
                             f"{flow.stats.delivered} delivered, {flow.stats.lost} lost")

    def attack(self, name: str) -> None:
        node = self.node(name)
        if not isinstance(node, Attacker):
            raise TopologyError(f"{name} is not an attacker")
        node.attack()

    def fail(self, name: str) -> None:
        node = self.node(name)
        node.note("note", f"{name} fails: it stops answering")
        node.failed = True
        node.changed()

    def restore(self, name: str) -> None:
        node = self.node(name)
        node.failed = False
        node.note("note", f"{name} is back")
        node.changed()

    def key_log(self) -> list[str]:
        lines: list[str] = []
        for node in self.sim.nodes.values():
            if isinstance(node, CorrespondentNode):
                lines.extend(node.key_log_lines())
        return lines
