"""Where the nodes of a capture are attached, when its pcapng interfaces say which link each
is and which prefixes it carries (a ``mipviz export`` pcapng describes every link so).

Role inference notes a node on every link where one of its addresses was seen, so a mobile
node whose packets cross the core and the correspondent's link appears on all of them. A
node is attached to a link whose on-link prefix holds one of its addresses (RFC 4861 §2.1:
an address is on-link when it is covered by the link's prefix): of the links it was seen
on, those; if none, every described link whose prefix holds one of its addresses. A node
that no described prefix covers keeps the links it was seen on. A classic pcap (one link)
and a pcapng without ``if_IPv6addr`` options are left as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv6Address, IPv6Network

from mipviz.capture.roles import Roles


def attach_to_interfaces(roles: Roles, links: Mapping[str, Sequence[str]]) -> None:
    """Set each node's links from the described ``links`` (link name -> its prefixes)."""
    networks = [(link, IPv6Network(prefix)) for link, prefixes in links.items()
                for prefix in prefixes]
    if not networks:
        return
    for node in roles.nodes.values():
        addresses = [IPv6Address(address) for address in node.addresses]
        covered = [link for link, network in networks
                   if any(address in network for address in addresses)]
        covered = list(dict.fromkeys(covered))
        if not covered:
            continue
        seen = [link for link in node.links if link in covered]
        node.links[:] = seen or covered
