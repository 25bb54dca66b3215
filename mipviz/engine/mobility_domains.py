"""Building the HMIPv6 and PMIPv6 roles into a network (the hooks :mod:`mipviz.engine.network`
calls): which class each role is, and the configuration that needs the whole topology —

* HMIPv6 (RFC 5380 §5): each access router that names a MAP relays its MAP option, with Dist
  the number of routers from the access link to the MAP, the MAP included (1 when the MAP is
  on the mobile node's own link);
* PMIPv6 (RFC 5213 §6.2): every MAG and the LMA hold the mobile hosts' policy profiles (MN-ID,
  link-layer identifier, home network prefix); MAGs of one LMA share the link-layer
  identifiers seen in the domain (for the Handoff Indicator); every other router routes the
  home network prefixes to the LMA, which anchors them (§5.6).
"""

from __future__ import annotations

from ipaddress import IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine.addressing import slaac_address
from mipviz.engine.hmipv6 import HmipMobileNode, MobilityAnchorPoint, map_option_for
from mipviz.engine.node import Node
from mipviz.engine.pmip_access import MobileAccessGateway, PlainMobileHost
from mipviz.engine.pmipv6 import LocalMobilityAnchor, Profile
from mipviz.engine.router import Router

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation
    from mipviz.engine.topology import NodeConfig

__all__ = ["ROLES", "ROUTER_ROLES", "HmipMobileNode", "PlainMobileHost", "build", "wire"]

ROUTER_ROLES = ("map", "lma", "mag")
ROLES = (*ROUTER_ROLES, "mobile-host")


def build(sim: Simulation, spec: NodeConfig) -> Node:
    """The node for a ``map``, ``lma``, ``mag`` or ``mobile-host`` spec (interfaces are added
    by the network, as for every role)."""
    if spec.role == "map":
        return MobilityAnchorPoint(sim, spec.name, advertise=spec.advertise,
                                   ra_interval=spec.ra_interval,
                                   preference=spec.map_preference,
                                   valid_prefixes=spec.valid_prefixes)
    if spec.role == "lma":
        return LocalMobilityAnchor(sim, spec.name, advertise=spec.advertise,
                                   ra_interval=spec.ra_interval)
    if spec.role == "mag":
        return MobileAccessGateway(sim, spec.name, advertise=spec.advertise,
                                   ra_interval=spec.ra_interval,
                                   clock_offset=spec.clock_offset)
    return PlainMobileHost(sim, spec.name)


def wire(sim: Simulation, specs: dict[str, NodeConfig]) -> None:
    """Configuration across nodes, once routes are computed."""
    _relay_map_options(sim, specs)
    _proxy_domains(sim, specs)


def _relay_map_options(sim: Simulation, specs: dict[str, NodeConfig]) -> None:
    if not any(isinstance(sim.nodes.get(spec.map or ""), MobilityAnchorPoint)
               for spec in specs.values()):
        return  # no HMIPv6 MAP to advertise: spare the networkx import (issue 14 item 1)
    import networkx as nx

    graph: nx.Graph = nx.Graph()
    for node in sim.nodes.values():
        if isinstance(node, Router):
            for interface in node.interfaces:
                if interface.link is not None:
                    graph.add_edge(("router", node.name), ("link", interface.link.name))
    for spec in specs.values():
        router = sim.nodes.get(spec.name)
        anchor = sim.nodes.get(spec.map or "")
        if not isinstance(router, Router) or not isinstance(anchor, MobilityAnchorPoint):
            continue
        # The access links are the router's links the MAP is not on; Dist counts the routers
        # from there to the MAP (RFC 5380 §5), the MAP included.
        access = next((i.link for i in router.interfaces if i.link is not None and
                       i.link not in {a.link for a in anchor.interfaces}),
                      router.interfaces[0].link)
        assert access is not None
        try:
            path = nx.shortest_path(graph, ("link", access.name), ("router", anchor.name))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        distance = sum(1 for kind, _ in path if kind == "router")
        router.map_options = (map_option_for(anchor, distance),)


def _proxy_domains(sim: Simulation, specs: dict[str, NodeConfig]) -> None:
    anchors = {n.name: n for n in sim.nodes.values() if isinstance(n, LocalMobilityAnchor)}
    domains: dict[str, set[str]] = {name: set() for name in anchors}
    for spec in specs.values():
        node = sim.nodes.get(spec.name)
        if isinstance(node, MobileAccessGateway) and spec.lma in anchors:
            node.lma_name = spec.lma
            node.lma_address = anchors[spec.lma].lma_address
            node.domain = domains[spec.lma]
    for spec in specs.values():
        host = sim.nodes.get(spec.name)
        if not isinstance(host, PlainMobileHost) or spec.lma not in anchors \
                or spec.home_network_prefix is None:
            continue
        mac = host.interfaces[0].mac
        identifier = (spec.identifier or f"{spec.name.lower()}@example.net").encode()
        profile = Profile(identifier, mac, spec.home_network_prefix, spec.requested_prefix)
        host.home_network_address = slaac_address(spec.home_network_prefix, mac)
        lma = anchors[spec.lma]
        lma.profiles[identifier] = profile
        for node in sim.nodes.values():
            if isinstance(node, MobileAccessGateway) and node.lma_name == spec.lma:
                node.profiles[mac] = profile
        _route_to(sim, lma, spec.home_network_prefix)


def _route_to(sim: Simulation, lma: LocalMobilityAnchor, prefix: IPv6Network) -> None:
    """Every other router sends the prefix the way it sends the LMA's address (§5.6)."""
    for node in sim.nodes.values():
        if isinstance(node, Router) and node is not lma:
            chosen = node.lookup(lma.lma_address)
            if chosen is not None:
                node.add_route(prefix, chosen[0], chosen[1])

