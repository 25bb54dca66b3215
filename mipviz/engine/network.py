"""Build a running network from a :class:`~mipviz.engine.topology.Topology`, and the actions a
script can take on it. (A lesson's ``[topology]`` becomes a Topology in
:mod:`mipviz.lesson.engine_topology`: the engine knows nothing of lessons.)

Routers' tables come from shortest paths over the router/link graph (networkx's search, without
networkx: :mod:`mipviz.engine.shortest_paths`). Hosts start
converged — they know their on-link prefix and default router, as after booting — so a lesson's
first steps are about mobility, not about every host's start-up chatter; a mobile node that
starts away from home does run movement detection at t=0.
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine import fmipv6, layer2, mobility_domains, shortest_paths
from mipviz.engine.access_router import AccessRouter
from mipviz.engine.addressing import derived_mac, slaac_address
from mipviz.engine.attacker import Attacker
from mipviz.engine.correspondent import CorrespondentNode
from mipviz.engine.flows import Flow
from mipviz.engine.home_agent import HomeAgent
from mipviz.engine.link import Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.mobile_router import MobileRouter
from mipviz.engine.multihomed_router import MultihomedMobileRouter
from mipviz.engine.node import Node
from mipviz.engine.renumbering import renumber
from mipviz.engine.router import Router
from mipviz.engine.simulation import Simulation, seconds
from mipviz.engine.timeline import Timeline
from mipviz.engine.topology import NodeConfig, Topology
from mipviz.i18n import msg

if TYPE_CHECKING:
    from mipviz.engine.ipsec import SecurityAssociationRecord


class TopologyError(ValueError):
    """The topology cannot be built (the loader's checks should have caught it)."""


class Network:
    def __init__(self, topology: Topology, seed: int = 1) -> None:
        if not isinstance(topology, Topology):
            raise TypeError(
                f"Network takes a mipviz.engine.topology.Topology, not "
                f"{type(topology).__name__}; a lesson's topology becomes one with "
                f"mipviz.lesson.engine_topology.engine_topology()")
        self.sim = Simulation(seed)
        self.topology = topology
        self.flows: dict[str, Flow] = {}
        for link_config in topology.links:
            self.sim.links[link_config.name] = Link(
                link_config.name, link_config.prefix, link_config.delay)
        specs = {spec.name: spec for spec in topology.nodes}
        # Routers first, so hosts and mobile nodes can find their home agent and router.
        order = sorted(topology.nodes, key=lambda s: s.role not in (
            "router", "home-agent", *mobility_domains.ROUTER_ROLES))
        for spec in order:
            self.sim.nodes[spec.name] = self._build_node(spec, specs)
        self._compute_routes()
        mobility_domains.wire(self.sim, specs)  # MAP options, PMIPv6 profiles and routes
        self._converge_hosts()
        fmipv6.connect_access_routers(self.sim.nodes)  # RFC 5568: PAR/NAR know each other
        policies = {spec.name: spec.ipsec for spec in topology.nodes if spec.ipsec != "none"}
        if policies:  # RFC 6275 §5.1: ESP between mobile nodes and these home agents
            from mipviz.engine import ipsec

            ipsec.configure(self.sim.nodes, seed, policies)
        self.sim.timeline = Timeline(initial_states={
            name: node.state() for name, node in self.sim.nodes.items()})
        for node in self.sim.nodes.values():
            if isinstance(node, (Router, MobileNode, mobility_domains.PlainMobileHost)):
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

    def _address(self, configured: IPv6Address | None, link: Link, mac: str) -> IPv6Address:
        if configured is not None:
            return configured
        return slaac_address(link.prefix, mac)

    def _build_node(self, spec: NodeConfig, specs: dict[str, NodeConfig]) -> Node:
        sim = self.sim
        node: Node
        if spec.role in mobility_domains.ROLES:
            node = mobility_domains.build(sim, spec)
        elif spec.role == "home-agent":
            node = HomeAgent(sim, spec.name, advertise=spec.advertise,
                             ra_interval=spec.ra_interval,
                             home_agent_lifetime=spec.home_agent_lifetime,
                             mobile_router_support=spec.mobile_router_support,
                             binding_refresh_interval=spec.binding_refresh_interval,
                             home_agent_preference=spec.home_agent_preference)
        elif spec.role == "router":
            node = Router(sim, spec.name, advertise=spec.advertise,
                          ra_interval=spec.ra_interval)
        elif spec.role == "access-router":
            node = AccessRouter(sim, spec.name, advertise=spec.advertise,
                                ra_interval=spec.ra_interval,
                                accept_handovers=spec.accept_handovers)
        elif spec.role in ("mobile-node", "mobile-router"):
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
        if spec.role in ("mobile-node", "mobile-router"):
            return node
        if spec.role == "mobile-host":  # addresses come from RAs (RFC 5213 §6.7)
            first = spec.interfaces[0]
            link = self._link(first.link)
            node.add_interface(first.mac or derived_mac(spec.name, link.name), link)
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
            links = {i.link for i in spec.interfaces}
            # Its mobile nodes: those configured with it, and those that discover their home
            # agent (RFC 6275 §11.4.1) on a home link it serves.
            homes = [s for s in specs.values() if s.role in ("mobile-node", "mobile-router")
                     and s.home_link is not None and (s.home_agent == spec.name or (
                         s.home_agent is None and s.home_link in links))]
            if spec.prefix_table == "auto":
                for home in homes:
                    if home.role == "mobile-router":
                        node.prefix_table[self._home_address(home)] = tuple(
                            self._link(i.link).prefix
                            for i in home.interfaces[home.egress_interfaces:])
            for home in homes:
                for interface in node.interfaces:
                    if interface.link is not None and interface.link.name == home.home_link:
                        node.home_interface = interface
            node.discovery.attach()
        return node

    def _peek_mobile(self, name: str | None, specs: dict[str, NodeConfig]) -> IPv6Address:
        spec = specs.get(name or "")
        if spec is None or spec.home_link is None:
            raise TopologyError(f"attack victim {name!r} is not a mobile node")
        return self._home_address(spec)

    def _home_address(self, spec: NodeConfig) -> IPv6Address:
        assert spec.home_link is not None
        return self._address(spec.home_address, self._link(spec.home_link),
                             self._mobile_mac(spec))

    def _spec_address(self, name: str | None, specs: dict[str, NodeConfig]) -> IPv6Address:
        spec = specs.get(name or "")
        if spec is None or not spec.interfaces:
            raise TopologyError(f"unknown node {name!r}")
        first = spec.interfaces[0]
        link = self._link(first.link)
        return self._address(first.address, link, first.mac or derived_mac(spec.name, link.name))

    @staticmethod
    def _mobile_mac(spec: NodeConfig) -> str:
        first = spec.interfaces[0] if spec.interfaces else None
        return (first.mac if first is not None and first.mac else derived_mac(spec.name, "eth0"))

    def _build_mobile_node(self, spec: NodeConfig, specs: dict[str, NodeConfig]) -> MobileNode:
        """A mobile node, or a mobile router (its first interface is the egress one)."""
        if spec.home_link is None:
            raise TopologyError(f"mobile node {spec.name} needs a home_link")
        home_link = self._link(spec.home_link)
        mac = self._mobile_mac(spec)
        home_address = self._address(spec.home_address, home_link, mac)
        ha_address: IPv6Address | None = None  # None: found by DHAAD (RFC 6275 §11.4.1)
        ha_name = ""
        if spec.home_agent is not None:
            home_agent = self.sim.nodes.get(spec.home_agent)
            if not isinstance(home_agent, HomeAgent):
                raise TopologyError(f"{spec.home_agent!r} is not a home agent")
            ha_address = next(a for i in home_agent.interfaces if i.link is home_link
                              for a in i.global_addresses())
            ha_name = home_agent.name
        node: MobileNode
        if spec.role == "mobile-router":
            node = (MultihomedMobileRouter if spec.egress_interfaces > 1 else MobileRouter)(
                self.sim, spec.name, home_address=home_address, home_prefix=home_link.prefix,
                home_agent=ha_address, home_agent_name=ha_name,
                binding_lifetime=spec.binding_lifetime, nemo_mode=spec.nemo_mode,
                announced_prefixes=spec.announced_prefixes)
        elif spec.fast_handover != "none":  # RFC 5568
            spi, key = fmipv6.security_association(spec.name, len(self.sim.nodes))
            node = fmipv6.FastHandoverMobileNode(
                self.sim, spec.name, fast_handover=spec.fast_handover, spi=spi, key=key,
                home_address=home_address, home_prefix=home_link.prefix,
                home_agent=ha_address, home_agent_name=ha_name,
                route_optimization=spec.route_optimization,
                binding_lifetime=spec.binding_lifetime)
        else:
            node = (mobility_domains.HmipMobileNode if spec.hmipv6 else MobileNode)(
                self.sim, spec.name, home_address=home_address, home_prefix=home_link.prefix,
                home_agent=ha_address, home_agent_name=ha_name,
                route_optimization=spec.route_optimization,
                binding_lifetime=spec.binding_lifetime)
        start_link = self._link(spec.interfaces[0].link) if spec.interfaces else home_link
        interface = node.add_interface(mac, start_link)
        if start_link is home_link:
            interface.add_address(home_address)
        for ingress_spec in spec.interfaces[1:]:  # a mobile router's ingress links
            link = self._link(ingress_spec.link)
            ingress_mac = ingress_spec.mac or derived_mac(spec.name, link.name)
            ingress = node.add_interface(ingress_mac, link)
            ingress.add_address(self._address(ingress_spec.address, link, ingress_mac))
        return node

    def _compute_routes(self) -> None:
        """Shortest paths over a graph of routers and links (hop count)."""
        graph: shortest_paths.Graph[tuple[str, str]] = shortest_paths.Graph()
        routers = [n for n in self.sim.nodes.values() if isinstance(n, Router)]
        for router in routers:
            for interface in router.interfaces:
                if interface.link is not None:
                    graph.add_edge(("router", router.name), ("link", interface.link.name))
        # A Mobile Network Prefix is reachable through the mobile router's home link, wherever
        # the router roams: its home agent then takes over (RFC 3963 §6.3).
        mobile_routers = [n for n in self.sim.nodes.values() if isinstance(n, MobileRouter)]
        home_links = {n.name: next(link for link in self.sim.links.values()
                                   if link.prefix == n.home_prefix) for n in mobile_routers}
        for mobile_router in mobile_routers:
            graph.add_edge(("router", mobile_router.name),
                           ("link", home_links[mobile_router.name].name))
            for interface in mobile_router.ingress:
                assert interface.link is not None
                graph.add_edge(("router", mobile_router.name), ("link", interface.link.name))
        for router in routers:
            source = ("router", router.name)
            paths = shortest_paths.single_source_shortest_path(graph, source)
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
                # Through a mobile router from outside: via its home address (its HA takes
                # over); from inside its network (a home agent of local mobile nodes on an
                # ingress link, RFC 3963 §1) it is an ordinary on-link router.
                if isinstance(next_router, MobileRouter) and first_link not in {
                        i.link for i in next_router.ingress}:
                    router.add_route(link.prefix, out, next_router.home_address)
                    continue
                hop = next(i for i in next_router.interfaces if i.link is first_link)
                router.add_route(link.prefix, out, hop.link_local)

    def _converge_hosts(self) -> None:
        for node in self.sim.nodes.values():
            if isinstance(node, Router | mobility_domains.PlainMobileHost):
                continue  # a mobile host learns its prefix from the MAG (RFC 5213 §6.7)
            for interface in node.interfaces[:1] if isinstance(node, MobileNode) else \
                    node.interfaces:
                link = interface.link
                if link is None:
                    continue
                router = next((i for i in link.interfaces if i.node.is_router and
                               i.node is not node and not _is_egress(i)), None)
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

    def move(self, name: str, link_name: str, l2_delay: float = 0.0, *,
             link_layer_hint: bool = True) -> None:
        node = self.node(name)
        if not isinstance(node, MobileNode | mobility_domains.PlainMobileHost):
            raise TopologyError(f"{name} is not a mobile node")
        if l2_delay > 0:  # off every link for the layer-2 handover time (engine/layer2.py)
            layer2.move_later(node, self._link(link_name), seconds(l2_delay),
                              link_layer_hint=link_layer_hint)
            return
        node.move_to(self._link(link_name), link_layer_hint=link_layer_hint)

    def l2_trigger(self, name: str, link_name: str) -> None:
        """RFC 5568 §3.1: ``name``'s link layer has found the access point of ``link_name``."""
        fmipv6.l2_trigger(self.sim.nodes, name, self._link(link_name))

    def address_of(self, node: Node) -> IPv6Address:
        if isinstance(node, MobileNode):
            return node.home_address
        if isinstance(node, mobility_domains.PlainMobileHost) and node.home_network_address:
            return node.home_network_address
        return node.primary_address()

    def start_flow(self, name: str, source: str, destination: str, kind: str, interval: float,
                   count: int) -> Flow:
        src, dst = self.node(source), self.node(destination)
        flow = Flow(self.sim, name, len(self.flows) + 1, src, self.address_of(src), dst,
                    self.address_of(dst), kind, seconds(interval), count,
                    direct_path=lambda: self.direct_path(src, dst))
        self.flows[name] = flow
        flow.start()
        return flow

    def stop_flow(self, name: str) -> None:
        flow = self.flows.get(name)
        if flow is not None:
            flow.stop()
            flow.source.note("note", msg("engine.network.flow_stopped_sent_delivered", name=name,
                                         sent=flow.stats.sent, delivered=flow.stats.delivered,
                                         lost=flow.stats.lost))

    def renumber(self, link_name: str, prefix: IPv6Network) -> None:
        """The link gains ``prefix`` and its old prefixes are deprecated (RFC 4192); its home
        agents tell their mobile nodes (RFC 6275 §10.6.2)."""
        link = self._link(link_name)
        routers = [n for n in self.sim.nodes.values() if isinstance(n, Router)]
        renumber(link, prefix, routers)
        for node in routers:
            if isinstance(node, HomeAgent) and node.home_interface is not None \
                    and node.home_interface.link is link and not node.failed:
                node.prefix_discovery.prefixes_changed()

    def attack(self, name: str) -> None:
        node = self.node(name)
        if not isinstance(node, Attacker):
            raise TopologyError(f"{name} is not an attacker")
        node.attack()

    def fail(self, name: str) -> None:
        node = self.node(name)
        node.note("note", msg("engine.network.fails_it_stops_answering", name=name))
        node.failed = True
        node.changed()

    def restore(self, name: str) -> None:
        node = self.node(name)
        node.failed = False
        node.note("note", msg("engine.network.back", name=name))
        node.changed()
        self.sim.resume(node)  # the timers that came due while it was down run now

    def direct_path(self, source: Node, destination: Node) -> tuple[int, int]:
        """(link crossings, one-way delay µs) of the shortest path between two nodes as they
        are attached now — what a packet would cost without home agents in the way (the
        yardstick for RFC 4888's "pinball" routing)."""
        found = self._direct_path_over_links(source, destination)
        return found if found is not None else self._direct_path_networkx(source, destination)

    def _direct_path_over_links(self, source: Node,
                                destination: Node) -> tuple[int, int] | None:
        """The same answer without building a graph of every node for every delivered packet
        (11.8 s of a 1,000-mobile-node run, benchmarks/README.md): breadth-first over links,
        crossing only nodes attached to two or more links (a shortest path's inner nodes),
        keeping the least and greatest delay of the shortest paths to each link. ``None``
        when shortest paths of different delays tie: which one counts is then networkx's
        choice, left to :meth:`_direct_path_networkx`."""

        def links_of(node: Node) -> set[str]:
            if node.failed:
                return set()
            return {i.link.name for i in node.interfaces if i.link is not None}

        start, goal = links_of(source), links_of(destination)
        if not start or not goal or source.name == destination.name:
            return 0, 0  # networkx: node not in the graph, or the one-node path
        transit: dict[str, list[set[str]]] = {}
        for node in self.sim.nodes.values():
            if len(node.interfaces) > 1:
                attached = links_of(node)
                if len(attached) > 1:
                    for name in attached:
                        transit.setdefault(name, []).append(attached)
        links = self.sim.links
        layer = {name: (links[name].delay, links[name].delay) for name in start}
        seen = set(layer)
        crossings = 1
        while layer:
            reached = [delays for name, delays in layer.items() if name in goal]
            if reached:
                least, greatest = min(r[0] for r in reached), max(r[1] for r in reached)
                return (crossings, least) if least == greatest else None
            following: dict[str, tuple[int, int]] = {}
            for name, (least, greatest) in layer.items():
                for neighbours in transit.get(name, ()):
                    for other in neighbours:
                        if other in seen:
                            continue
                        delay = links[other].delay
                        known = following.get(other)
                        following[other] = (least + delay, greatest + delay) if known is None \
                            else (min(known[0], least + delay), max(known[1], greatest + delay))
            seen.update(following)
            layer = following
            crossings += 1
        return 0, 0  # no path

    def _direct_path_networkx(self, source: Node, destination: Node) -> tuple[int, int]:
        import networkx as nx  # only where shortest paths of different delays tie (rare)

        graph: nx.Graph = nx.Graph()
        for node in self.sim.nodes.values():
            for interface in node.interfaces:
                if interface.link is not None and not node.failed:
                    graph.add_edge(("node", node.name), ("link", interface.link.name))
        try:
            path = nx.shortest_path(graph, ("node", source.name), ("node", destination.name))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return 0, 0
        links = [self.sim.links[name] for kind, name in path if kind == "link"]
        return len(links), sum(link.delay for link in links)

    def security_associations(self) -> list[SecurityAssociationRecord]:
        """The run's ESP SAs (:func:`mipviz.engine.ipsec.security_associations`)."""
        from mipviz.engine import ipsec

        return ipsec.security_associations(self.sim.nodes)

    def key_log(self) -> list[str]:
        lines: list[str] = []
        for node in self.sim.nodes.values():
            if isinstance(node, CorrespondentNode):
                lines.extend(node.key_log_lines())
        return lines


def _is_egress(interface: object) -> bool:
    """A mobile node's or mobile router's roaming interface (never a default router)."""
    node = getattr(interface, "node", None)
    return isinstance(node, MobileNode) and node.interfaces[0] is interface
