"""The lesson keys of the HMIPv6 (RFC 5380) and PMIPv6 (RFC 5213) roles, read and cross-checked.

Roles (docs/lesson-format.md): ``map`` (a Mobility Anchor Point: its first interface is on its
own subnet, where regional care-of addresses come from), ``lma`` (a Local Mobility Anchor),
``mag`` (a Mobile Access Gateway: its first interface is the access link) and ``mobile-host``
(a plain IPv6 host that moves: a PMIPv6 mobile node). A ``router`` may name the MAP whose
option it relays (``map``); a ``mobile-node`` may be HMIPv6-aware (``hmipv6``, in
:mod:`mipviz.lesson._nodes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from ipaddress import IPv6Network
from typing import TYPE_CHECKING

from mipviz.lesson._fields import Table
from mipviz.lesson._report import quote
from mipviz.lesson._says import say
from mipviz.lesson.schema import NodeSpec

if TYPE_CHECKING:
    from mipviz.lesson._topology import Topology

ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "map": ("advertise", "ra_interval", "map_preference", "valid_prefixes"),
    "lma": ("advertise", "ra_interval"),
    "mag": ("advertise", "ra_interval", "lma", "clock_offset"),
    "mobile-host": ("lma", "identifier", "home_network_prefix", "requested_prefix"),
}
ROUTER_ROLES = ("map", "lma", "mag")
MAX_IDENTIFIER = 254  # RFC 4283 §3: the option's length octet covers subtype + identifier

_SAY = {name: say(name)() for name in (
    "mag_lma", "host_needs", "prefix_list", "relays_map", "mag_sends", "mag_interfaces",
    "map_interfaces", "host_one_interface", "host_address", "lma_anchors")}
_IDENTIFIER = say("identifier_long")
_NOT_STRICT_PREFIX = say("not_strict_prefix")
_HOST_SLASH_64 = say("host_slash_64")
_NOT_PREFIX = say("not_prefix")
_HNP_OVERLAPS = say("hnp_overlaps")
_NOT_ACCESS_LINK = say("not_access_link")


def reader(role: str, router: Callable[[Table, NodeSpec], NodeSpec]
           ) -> Callable[[Table, NodeSpec], NodeSpec]:
    """The reader of one role's keys; the router roles read the router keys first."""
    def read(table: Table, spec: NodeSpec) -> NodeSpec:
        if role in ROUTER_ROLES:
            spec = replace(router(table, spec), map=None)
        if role == "map":
            return replace(
                spec, map_preference=table.integer("map_preference", 10, minimum=0, maximum=15),
                valid_prefixes=_prefixes(table, "valid_prefixes"))
        if role == "mag":
            return replace(
                spec, lma=table.string("lma", required=True,
                                       why=_SAY["mag_lma"]),
                clock_offset=table.number("clock_offset", 0.0, minimum=-3600.0,
                                          maximum=3600.0))
        if role == "mobile-host":
            needed = _SAY["host_needs"]
            identifier: str | None = table.string("identifier")
            if identifier is not None and len(identifier.encode()) > MAX_IDENTIFIER - 1:
                table.error("identifier", _IDENTIFIER(octets=len(identifier.encode()),
                                                      most=MAX_IDENTIFIER - 1))
                identifier = None
            return replace(
                spec, lma=table.string("lma", required=True, why=needed),
                identifier=identifier,
                home_network_prefix=_prefix(table, "home_network_prefix", required=True,
                                            why=needed),
                requested_prefix=_prefix(table, "requested_prefix"))
        return spec
    return read


def _prefix(table: Table, key: str, *, required: bool = False, why: str = "") -> str | None:
    text = table.string(key, required=required, why=why)
    if text is None:
        return None
    try:
        network = IPv6Network(text)
    except ValueError:
        table.error(key, _NOT_STRICT_PREFIX(text=quote(text)))
        return None
    if network.prefixlen != 64:
        table.error(key, _HOST_SLASH_64(prefix=network))
        return None
    return str(network)


def _prefixes(table: Table, key: str) -> tuple[str, ...] | None:
    if not table.has(key):
        return None
    value = table.data[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        table.error(key, _SAY["prefix_list"])
        return None
    found = []
    for text in value:
        try:
            found.append(str(IPv6Network(text)))
        except ValueError:
            table.error(key, _NOT_PREFIX(text=quote(text)))
            return None
    return tuple(found)


def check(topology: Topology) -> None:
    """Cross-checks: the names these keys hold resolve to the right roles, a MAG has an
    access link and an uplink, a mobile host starts on a MAG's access link of its LMA, a home
    network prefix is no link's prefix."""
    for node in topology.nodes:
        spec, where = node.spec, node.where
        if node.role == "router" and spec.map is not None:
            topology.resolve_node(spec.map, (*where, "map"), ("map",),
                                  _SAY["relays_map"])
        if node.role == "mag":
            if spec.lma is not None:
                topology.resolve_node(spec.lma, (*where, "lma"), ("lma",),
                                      _SAY["mag_sends"])
            if node.complete and len(node.interfaces) < 2:
                topology.report.error(
                    (*where, "interfaces"), _SAY["mag_interfaces"])
        if node.role == "map" and node.complete and len(node.interfaces) < 2:
            topology.report.error(
                (*where, "interfaces"), _SAY["map_interfaces"])
        if node.role == "mobile-host":
            _check_host(topology, node)


def _check_host(topology: Topology, node: object) -> None:
    from mipviz.lesson._nodes import Node

    assert isinstance(node, Node)
    spec, where = node.spec, node.where
    if len(node.interfaces) > 1:
        topology.report.error((*where, "interfaces"), _SAY["host_one_interface"])
    for interface in node.interfaces:
        if interface.address_given:
            topology.report.error((*interface.where, "address"),
                                  _SAY["host_address"])
    if spec.lma is not None:
        topology.resolve_node(spec.lma, (*where, "lma"), ("lma",),
                              _SAY["lma_anchors"])
    if spec.home_network_prefix is not None:
        prefix = IPv6Network(spec.home_network_prefix)
        for link in topology.links:
            if link.network is not None and link.network.overlaps(prefix):
                topology.report.error(
                    (*where, "home_network_prefix"),
                    _HNP_OVERLAPS(prefix=prefix, link=quote(link.spec.name),
                                  network=link.network))
    first = node.interfaces[0].spec.link if node.interfaces else None
    mags = [n for n in topology.nodes if n.role == "mag" and n.interfaces
            and n.interfaces[0].spec.link == first]
    if first and node.complete and all(n.complete for n in topology.nodes) and not any(
            m.spec.lma == spec.lma for m in mags):
        topology.report.error(
            (*node.interfaces[0].where, "link"),
            _NOT_ACCESS_LINK(link=quote(first), lma=quote(spec.lma or ""), name=spec.name))
