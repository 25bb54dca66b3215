"""Links (shared Ethernet segments) and the interfaces attached to them.

A link delivers a frame to the interfaces whose MAC matches its destination: the unicast MAC,
or a multicast MAC the interface has joined (RFC 2464 §7: all-nodes, all-routers,
solicited-node groups). A promiscuous interface (an eavesdropper's) overhears every frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine.addressing import (
    ALL_NODES,
    link_local_address,
    multicast_mac,
    solicited_node_multicast,
)

if TYPE_CHECKING:
    from mipviz.engine.node import Node


@dataclass(eq=False)
class Link:
    name: str
    prefix: IPv6Network
    delay: int  # one-way, virtual µs
    interfaces: list[Interface] = field(default_factory=list)
    promiscuous: list[Interface] = field(default_factory=list)
    # renumbering (RFC 4192, mipviz.engine.renumbering): prefixes added later, and deprecated
    extra_prefixes: list[IPv6Network] = field(default_factory=list)
    deprecated_prefixes: set[IPv6Network] = field(default_factory=set)
    _by_mac: dict[str, list[Interface]] = field(default_factory=dict)
    # The MACs each attached interface is a member of, kept in step with _by_mac: detach()
    # then visits only those lists, not every MAC on the link (a home link with 1,000 mobile
    # nodes holds ~2,000 solicited-node MACs; walking them all for each of the 1,000 moves
    # was 0.27 s of the scale scenario, benchmarks/README.md).
    _macs_of: dict[Interface, set[str]] = field(default_factory=dict)

    def attach(self, interface: Interface) -> None:
        self.interfaces.append(interface)
        joined = self._macs_of.setdefault(interface, set())
        for mac in interface.listening_macs():
            self._by_mac.setdefault(mac, []).append(interface)
            joined.add(mac)
        interface._memberships_stale = False
        if interface.promiscuous:
            self.promiscuous.append(interface)

    def detach(self, interface: Interface) -> None:
        interface._memberships_stale = True
        self.interfaces.remove(interface)
        for mac in self._macs_of.pop(interface, ()):
            members = self._by_mac[mac]
            if interface in members:
                members.remove(interface)
        if interface in self.promiscuous:
            self.promiscuous.remove(interface)

    def join(self, interface: Interface, mac: str) -> None:
        members = self._by_mac.setdefault(mac, [])
        if interface not in members:
            members.append(interface)
        self._macs_of.setdefault(interface, set()).add(mac)

    def leave(self, interface: Interface, mac: str) -> None:
        interface._memberships_stale = True  # mac may still be wanted by another address
        members = self._by_mac.get(mac, [])
        if interface in members:
            members.remove(interface)
            if interface not in members:
                self._macs_of.get(interface, set()).discard(mac)

    def receivers(self, destination_mac: str, exclude: Interface) -> list[Interface]:
        return [i for i in self._by_mac.get(destination_mac, ()) if i is not exclude]

    def owner_of(self, address: IPv6Address) -> Interface | None:
        """Which interface answers for ``address`` on this link (owner, else a proxy).

        Stands in for the NS/NA exchange of ordinary address resolution, which mipviz does not
        draw (the mobility-relevant ND messages — DAD, proxy and unsolicited NAs — are real).
        """
        proxy = None
        for interface in self.interfaces:
            if address in interface.addresses:
                return interface
            if address in interface.proxied and proxy is None:
                proxy = interface
        if proxy is None:
            # An anycast address (RFC 4291 §2.6): any member that still works answers.
            proxy = next((i for i in self.interfaces if address in i.anycast
                          and not i.node.failed), None)
        return proxy


@dataclass(eq=False)
class Interface:
    node: Node
    name: str
    mac: str
    link: Link | None = None
    addresses: list[IPv6Address] = field(default_factory=list)
    proxied: set[IPv6Address] = field(default_factory=set)  # proxy ND (RFC 6275 §10.4.1)
    anycast: set[IPv6Address] = field(default_factory=set)  # e.g. Home-Agents (RFC 2526)
    groups: set[IPv6Address] = field(default_factory=set)
    promiscuous: bool = False
    neighbor_cache: dict[IPv6Address, str] = field(default_factory=dict)
    # False while the link holds every MAC of listening_macs() for this interface; a leave()
    # or detach() may drop one that another address still maps to, so it sets this to True.
    _memberships_stale: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self.link_local = link_local_address(self.mac)
        self.addresses.insert(0, self.link_local)
        self.groups.add(ALL_NODES)

    def listening_macs(self) -> set[str]:
        macs = {self.mac} | {multicast_mac(g) for g in self.groups}
        macs |= {multicast_mac(solicited_node_multicast(a)) for a in self.addresses}
        macs |= {multicast_mac(solicited_node_multicast(a)) for a in self.proxied}
        return macs

    def listens_to(self, address: IPv6Address) -> bool:
        # The sets first: a multicast NA to all-nodes reaches every node on the home link, and
        # a set lookup answers it without comparing the address with each of the list's.
        if address in self.groups or address in self.anycast or address in self.addresses:
            return True
        if address.is_multicast:
            # A proxy listens to the solicited-node groups of the addresses it defends
            # (RFC 6275 §10.4.1), so it hears NSs (DAD or resolution) for them.
            return any(address == solicited_node_multicast(a)
                       for a in (*self.addresses, *self.proxied))
        return False

    def _rejoin(self, *added: str) -> None:
        """Join the MACs a change ``added``; after a leave()/detach(), every listening MAC.

        Joining only the new MACs is equivalent while memberships are complete, and keeps a
        home agent's Nth proxied home address O(1) rather than O(N) (benchmarks/README.md).
        """
        if self.link is None:
            return
        if self._memberships_stale or not added:
            self._memberships_stale = False
            added = tuple(self.listening_macs())
        for mac in added:
            self.link.join(self, mac)

    def add_address(self, address: IPv6Address) -> None:
        if address not in self.addresses:
            self.addresses.append(address)
        self._rejoin(multicast_mac(solicited_node_multicast(address)))

    def remove_address(self, address: IPv6Address) -> None:
        if address in self.addresses:
            self.addresses.remove(address)
            if self.link is not None:
                self.link.leave(self, multicast_mac(solicited_node_multicast(address)))

    def add_proxy(self, address: IPv6Address) -> None:
        self.proxied.add(address)
        self._rejoin(multicast_mac(solicited_node_multicast(address)))

    def remove_proxy(self, address: IPv6Address) -> None:
        self.proxied.discard(address)
        if self.link is not None and address not in self.addresses:
            self.link.leave(self, multicast_mac(solicited_node_multicast(address)))

    def join_group(self, group: IPv6Address) -> None:
        self.groups.add(group)
        self._rejoin(multicast_mac(group))

    def global_addresses(self) -> list[IPv6Address]:
        return [a for a in self.addresses if not a.is_link_local]
