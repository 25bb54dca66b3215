"""The one place a lesson's ``[topology]`` becomes the engine's :class:`Topology`.

The loader has already checked the specs (names, references, addresses, roles); this only
changes representation: strings to :mod:`ipaddress` objects, seconds to virtual microseconds,
and leaves behind what is for people (source lines, map positions, labels).
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import cast

from mipviz.engine.simulation import seconds
from mipviz.engine.topology import (
    FastHandover,
    InterfaceConfig,
    IpsecMode,
    LinkConfig,
    NemoMode,
    NodeConfig,
    Topology,
)
from mipviz.lesson.schema import NodeSpec, TopologySpec


def engine_topology(spec: TopologySpec) -> Topology:
    """The engine's description of ``spec``'s network."""
    links = tuple(LinkConfig(link.name, IPv6Network(link.prefix), seconds(link.delay))
                  for link in spec.links)
    return Topology(links, tuple(_node(node) for node in spec.nodes))


def _node(spec: NodeSpec) -> NodeConfig:
    if spec.prefix_table not in ("auto", "none"):
        raise ValueError(f"node {spec.name}: prefix_table {spec.prefix_table!r} is not "
                         f"'auto' or 'none'")
    if spec.fast_handover not in ("none", "predictive", "reactive"):
        raise ValueError(f"node {spec.name}: fast_handover {spec.fast_handover!r} is not "
                         f"'none', 'predictive' or 'reactive'")
    if spec.nemo_mode not in ("implicit", "explicit"):
        raise ValueError(f"node {spec.name}: nemo_mode {spec.nemo_mode!r} is not "
                         f"'implicit' or 'explicit'")
    return NodeConfig(
        name=spec.name,
        role=spec.role,
        interfaces=tuple(InterfaceConfig(
            i.link, None if i.address is None else IPv6Address(i.address), i.mac)
            for i in spec.interfaces),
        advertise=spec.advertise,
        ra_interval=seconds(spec.ra_interval),
        accept_handovers=spec.accept_handovers,
        fast_handover=cast(FastHandover, spec.fast_handover),
        home_agent_lifetime=spec.home_agent_lifetime,
        mobile_router_support=spec.mobile_router_support,
        home_agent_preference=spec.home_agent_preference,
        prefix_table="auto" if spec.prefix_table == "auto" else "none",
        ipsec=cast(IpsecMode, spec.ipsec),
        home_link=spec.home_link,
        home_address=None if spec.home_address is None else IPv6Address(spec.home_address),
        home_agent=spec.home_agent,
        route_optimization=spec.route_optimization,
        binding_lifetime=spec.binding_lifetime,
        nemo_mode=cast(NemoMode, spec.nemo_mode),
        announced_prefixes=(None if spec.announced_prefixes is None else
                            tuple(IPv6Network(p) for p in spec.announced_prefixes)),
        egress_interfaces=spec.egress_interfaces,
        max_nonce_lifetime=spec.max_nonce_lifetime,
        nonce_interval=spec.nonce_interval,
        mode=spec.mode,
        victim=spec.victim,
        target=spec.target,
        hmipv6=spec.hmipv6,
        map=spec.map,
        map_preference=spec.map_preference,
        valid_prefixes=(None if spec.valid_prefixes is None else
                        tuple(IPv6Network(p) for p in spec.valid_prefixes)),
        lma=spec.lma,
        identifier=spec.identifier,
        home_network_prefix=(None if spec.home_network_prefix is None else
                             IPv6Network(spec.home_network_prefix)),
        requested_prefix=(None if spec.requested_prefix is None else
                          IPv6Network(spec.requested_prefix)),
        clock_offset=seconds(spec.clock_offset),
    )
