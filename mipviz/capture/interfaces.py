"""Where the nodes of a capture are attached, when its pcapng interfaces say which link each
is and which prefixes it carries (a ``mipviz export`` pcapng describes every link so).

Role inference notes a node on every link where one of its addresses was seen, so a mobile
node whose packets cross the core and the correspondent's link appears on all of them. A
node is attached to a link whose on-link prefix holds one of its addresses (RFC 4861 §2.1:
an address is on-link when it is covered by the link's prefix): of the links it was seen
on, those; if none, every described link whose prefix holds one of its addresses. A node
that no described prefix covers keeps the links it was seen on. A classic pcap (one link)
and a pcapng without ``if_IPv6addr`` options are left as they are.

At most :data:`MAXIMUM_LINKS` links of :data:`MAXIMUM_LINK_PREFIXES` prefixes each are
taken from a file (a hostile one may describe a million), and each address is looked up
once per distinct prefix length, not once per prefix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv6Network
from typing import TYPE_CHECKING

from mipviz.capture.roles import Roles
from mipviz.capture.signals import MAXIMUM_LINK_PREFIXES, MAXIMUM_LINKS

if TYPE_CHECKING:
    from mipviz.capture.survey import CaptureSet

__all__ = ["MAXIMUM_LINKS", "MAXIMUM_LINK_PREFIXES", "attach_to_interfaces", "interface_links",
           "interface_names"]


def interface_names(captures: CaptureSet) -> dict[str, str]:
    """Link name (:meth:`CaptureSet.link_name`) -> the name of its pcapng interface, for
    every named interface of the files' first sections (the records' ``interface`` key);
    empty for classic pcap."""
    return {captures.link_name(source, index): interface.name
            for source, info in enumerate(captures.infos) if info.format == "pcapng"
            for index, interface in enumerate(info.interfaces)
            if interface.name is not None}


def interface_links(captures: CaptureSet) -> dict[str, tuple[str, ...]]:
    """Every named pcapng interface of the files' first sections as a link: its link name
    and the prefixes its ``if_IPv6addr`` options give (a mipviz pcapng export describes each
    link so), at most :data:`MAXIMUM_LINKS` of :data:`MAXIMUM_LINK_PREFIXES`; empty for
    classic pcap."""
    links: dict[str, tuple[str, ...]] = {}
    for source, info in enumerate(captures.infos):
        if info.format != "pcapng":
            continue
        for index, interface in enumerate(info.interfaces):
            if interface.name is not None:
                if len(links) >= MAXIMUM_LINKS:  # a hostile file may describe millions
                    return links
                links[captures.link_name(source, index)] = \
                    interface.prefixes[:MAXIMUM_LINK_PREFIXES]
    return links


def attach_to_interfaces(roles: Roles, links: Mapping[str, Sequence[str]]) -> None:
    """Set each node's links from the described ``links`` (link name -> its prefixes)."""
    by_length: dict[int, dict[int, list[str]]] = {}  # prefix length -> network -> links
    for link, prefixes in links.items():
        for prefix in prefixes:
            network = IPv6Network(prefix)
            by_length.setdefault(network.prefixlen, {}).setdefault(
                int(network.network_address), []).append(link)
    if not by_length:
        return
    masks = {length: ((1 << length) - 1) << (128 - length) for length in by_length}
    for node in roles.nodes.values():
        covered: dict[str, None] = {}
        for address in node.addresses:
            value = int.from_bytes(address, "big")
            for length, networks in by_length.items():
                covered.update(dict.fromkeys(networks.get(value & masks[length], ())))
        if not covered:
            continue
        seen = [link for link in node.links if link in covered]
        node.links[:] = seen or list(covered)
