"""Checking ``[topology]`` as a whole: names, references, addresses and roles across nodes.

Each table is first read on its own (:mod:`mipviz.lesson._nodes`); then :meth:`Topology.check`
checks what only the whole topology can tell: unique names, references that resolve,
addresses inside their link's prefix and used once, roles that fit (a mobile node's home agent
must be a home agent on its home link). Which links need stateless address autoconfiguration
is gathered from the nodes and from the script's ``move`` actions, and checked last by
:meth:`Topology.check_autoconfiguration`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv6Address

from mipviz.lesson._fields import Table
from mipviz.lesson._locate import KeyPath
from mipviz.lesson._nodes import Link, Node, read_link, read_node
from mipviz.lesson._report import Reporter, did_you_mean, format_key, quote
from mipviz.lesson.schema import TopologySpec

# (kind, value) -> the node that has it and where: each address and MAC is used once.
_Taken = dict[tuple[str, str], tuple[str, KeyPath]]

ADVERTISING_ROLES = ("router", "home-agent")  # nodes that send Router Advertisements
MOBILE_ROLES = ("mobile-node", "mobile-router")  # nodes that register with a home agent
MOVABLE_ROLES = MOBILE_ROLES  # nodes a `move` action may move


def read_topology(root: Table, addressing: str | None) -> Topology:
    """Read ``[topology]`` table by table (cross-checks are :meth:`Topology.check`)."""
    topology = Topology(root.report)
    table = root.table("topology", required=True, why="the links and nodes of the lesson")
    if table is None:
        return topology
    table.check_keys(("links", "nodes"))
    topology.links = [read_link(t, addressing) for t in table.tables("links", required=True)]
    topology.nodes = [read_node(t) for t in table.tables("nodes", required=True)]
    for key in ("links", "nodes"):
        if table.data.get(key) == []:
            table.error(key, f"must list at least one {key[:-1]}")
    return topology


@dataclass
class Topology:
    """The topology as read, and the lookups the script's checks need."""

    report: Reporter
    links: list[Link] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    # link name -> the first reason an address is autoconfigured on it, and where that is.
    autoconfigured: dict[str, tuple[str, KeyPath]] = field(default_factory=dict)

    @property
    def spec(self) -> TopologySpec:
        return TopologySpec(
            tuple(link.spec for link in self.links), tuple(node.spec for node in self.nodes)
        )

    def link(self, name: str) -> Link | None:
        return next((link for link in self.links if link.spec.name == name), None)

    def node(self, name: str) -> Node | None:
        return next((node for node in self.nodes if node.spec.name == name), None)

    # -- references ------------------------------------------------------------------------

    def link_ref(
        self, table: Table, key: str, *, required: bool = False, why: str = ""
    ) -> Link | None:
        """The link named at *key* in *table*; reports a missing or unknown one."""
        name = table.string(key, required=required, why=why)
        return None if name is None else self.resolve_link(name, table.at(key))

    def node_ref(
        self,
        table: Table,
        key: str,
        roles: tuple[str, ...] = (),
        *,
        required: bool = False,
        why: str = "",
        role_why: str = "",
    ) -> Node | None:
        """The node named at *key* in *table*; reports a missing or unknown one, or one whose
        role is not in *roles* (when given), explaining with *role_why*."""
        name = table.string(key, required=required, why=why)
        return None if name is None else self.resolve_node(name, table.at(key), roles, role_why)

    def resolve_link(self, name: str, where: KeyPath) -> Link | None:
        """The link called *name*; reports it at *where* if there is none."""
        link = self.link(name)
        if link is None:
            self._no_such("link", name, _names(self.links), where)
        return link

    def resolve_node(
        self, name: str, where: KeyPath, roles: tuple[str, ...] = (), role_why: str = ""
    ) -> Node | None:
        """The node called *name*, if it has one of *roles* (any role when empty)."""
        node = self.node(name)
        if node is None:
            self._no_such("node", name, _names(self.nodes), where)
            return None
        if roles and node.role is not None and node.role not in roles:
            wanted = " or ".join(_a(role) for role in roles)
            because = f" ({role_why})" if role_why else ""
            self.report.error(where, f"{name} is {_a(node.role)}, not {wanted}{because}")
            return None
        return node

    def _no_such(self, what: str, name: str, names: list[str], where: KeyPath) -> None:
        listing = f"({what}s: {', '.join(names)})" if names else f"(there are no {what}s)"
        self.report.error(
            where, f"no {what} named {quote(name)} {listing}" + did_you_mean(name, names)
        )

    def needs_autoconfiguration(self, link: str, reason: str, where: KeyPath) -> None:
        """Note that some node forms an address on *link* by SLAAC (checked at the end)."""
        self.autoconfigured.setdefault(link, (reason, where))

    # -- whole-topology checks -------------------------------------------------------------

    def check(self) -> None:
        """Names, references, addresses and roles across the whole topology."""
        self._check_unique_names("link", [(link.spec.name, link.where) for link in self.links])
        self._check_unique_names("node", [(node.spec.name, node.where) for node in self.nodes])
        self._check_prefixes_disjoint()
        taken: _Taken = {}
        for node in self.nodes:
            self._check_interfaces(node, taken)
            if node.role in MOBILE_ROLES:
                self._check_mobile_node(node, taken)
            elif node.role == "attacker":
                for key, role in (("victim", "mobile-node"), ("target", "correspondent")):
                    name = getattr(node.spec, key)
                    if name is not None:
                        self.resolve_node(name, (*node.where, key), (role,))

    def _check_unique_names(self, what: str, entries: list[tuple[str, KeyPath]]) -> None:
        first: dict[str, KeyPath] = {}
        for name, where in entries:
            if name and name in first:
                line = self.report.line((*first[name], "name"))
                self.report.error(
                    (*where, "name"), f"duplicate {what} name {quote(name)} (first on line {line})"
                )
            first.setdefault(name, where)

    def _check_prefixes_disjoint(self) -> None:
        for index, link in enumerate(self.links):
            for earlier in self.links[:index]:
                if link.network and earlier.network and link.network.overlaps(earlier.network):
                    self.report.error(
                        (*link.where, "prefix"),
                        f"{link.network} overlaps link {quote(earlier.spec.name)}'s prefix "
                        f"{earlier.network}; every link needs its own prefix",
                    )

    def _check_interfaces(self, node: Node, taken: _Taken) -> None:
        name = node.spec.name
        on_links: set[str] = set()
        for interface in node.interfaces:
            spec, where = interface.spec, interface.where
            link = self.resolve_link(spec.link, (*where, "link")) if spec.link else None
            if link is None:
                continue
            if spec.link in on_links:
                self.report.error(
                    (*where, "link"), f"{name} already has an interface on link {quote(spec.link)}"
                )
            on_links.add(spec.link)
            if spec.address is not None:
                self._check_address_on_link(spec.address, link, (*where, "address"))
                self._check_unused(taken, "address", spec.address, name, (*where, "address"))
            elif interface.address_given:
                pass  # the address itself was reported as invalid
            elif node.role in ADVERTISING_ROLES or (
                node.role == "mobile-router" and interface is not node.interfaces[0]
            ):
                self.report.error(
                    (*where, "link"),
                    f"{_a(node.role)} needs an address on each interface: routers do not "
                    "autoconfigure (RFC 4862 §4)",
                )
            else:
                self.needs_autoconfiguration(
                    spec.link, f"{name} autoconfigures an address there", where
                )
            if spec.mac is not None:
                self._check_unused(taken, "MAC address", spec.mac, name, (*where, "mac"))
        if node.role == "mobile-node" and len(node.interfaces) > 1:
            self.report.error(
                (*node.where, "interfaces"),
                f"{_a(node.role)} has exactly one interface (the one a move action re-attaches)",
            )

    def _check_unused(
        self,
        taken: _Taken,
        kind: str,
        value: str,
        owner: str,
        where: KeyPath,
    ) -> None:
        """Each address and MAC address belongs to one interface."""
        first = taken.setdefault((kind, value), (owner, where))
        if first[1] != where:
            self.report.error(
                where, f"{kind} {value} is already {first[0]}'s (line {self.report.line(first[1])})"
            )

    def _check_address_on_link(self, address: str, link: Link, where: KeyPath) -> None:
        if link.network is None:
            return
        if IPv6Address(address) not in link.network:
            self.report.error(
                where,
                f"{address} is not inside link {quote(link.spec.name)}'s prefix {link.network}",
            )
        elif IPv6Address(address) == link.network.network_address:
            self.report.error(
                where,
                f"{address} is the Subnet-Router anycast address of {link.network} "
                "(RFC 4291 §2.6.1); give the interface a non-zero interface identifier",
            )

    def _check_discoverable(self, node: Node, home: Link) -> None:
        """Without ``home_agent`` the node finds one by DHAAD (RFC 6275 §11.4.1), which needs a
        /64 home prefix (the Home-Agents anycast address, RFC 2526) and a home agent on it."""
        where = (*node.where, "home_link")
        if home.network is not None and home.network.prefixlen != 64:
            self.report.error(where, f"{node.spec.name} has no home_agent, so it discovers one "
                              f"by DHAAD, which needs a /64 home prefix (not {home.network})")
        agents = [n for n in self.nodes if n.role == "home-agent"
                  and any(i.spec.link == home.spec.name for i in n.interfaces)]
        if not agents:
            self.report.error(where, f"{node.spec.name} has no home_agent, so it discovers one "
                              f"by DHAAD, but no home agent has an interface on home link "
                              f"{quote(home.spec.name)}")

    def _check_mobile_node(self, node: Node, taken: _Taken) -> None:
        spec = node.spec
        home = None
        if spec.home_link is not None:
            home = self.resolve_link(spec.home_link, (*node.where, "home_link"))
        if spec.home_agent is not None:
            where = (*node.where, "home_agent")
            agent = self.resolve_node(
                spec.home_agent, where, ("home-agent",), "a mobile node registers with a home agent"
            )
            # An agent whose interfaces could not all be read may well be on the home link.
            agent_links = (
                {i.spec.link for i in agent.interfaces} if agent and agent.complete else None
            )
            if agent and home and agent_links is not None and home.spec.name not in agent_links:
                self.report.error(
                    where,
                    f"home agent {agent.spec.name} has no interface on home link "
                    f"{quote(home.spec.name)}",
                )
        if home is None:
            return
        if spec.home_agent is None:
            self._check_discoverable(node, home)
        if spec.home_address is None:
            self.needs_autoconfiguration(
                home.spec.name,
                f"{spec.name} forms its home address there",
                (*node.where, "home_link"),
            )
            return
        where = (*node.where, "home_address")
        self._check_address_on_link(spec.home_address, home, where)
        at_home = [i.spec.address for i in node.interfaces if i.spec.link == home.spec.name]
        if at_home and at_home[0] is not None and at_home[0] != spec.home_address:
            self.report.error(
                where,
                f"{spec.home_address} differs from {at_home[0]}, the address {spec.name} has on "
                "its home link; at home the two are the same",
            )
        elif not at_home:
            self._check_unused(taken, "address", spec.home_address, spec.name, where)

    def check_autoconfiguration(self) -> None:
        """Every link an address is autoconfigured on has a /64 and an advertising router."""
        for name, (reason, where) in self.autoconfigured.items():
            link = self.link(name)
            if link is None:
                continue
            if link.network is not None and link.network.prefixlen != 64:
                self.report.error(
                    (*link.where, "prefix"),
                    f"{link.network} must be a /64 because {reason} ({format_key(where)}): "
                    "SLAAC needs a 64-bit interface identifier (RFC 4862, RFC 4291)",
                )
            routers = [node for node in self.nodes if node.role in ADVERTISING_ROLES]
            # A mobile router advertises its Mobile Network Prefixes on its ingress links.
            ingress = {i.spec.link for node in self.nodes if node.role == "mobile-router"
                       for i in node.interfaces[1:]}
            if name not in ingress and not any(
                node.spec.advertise and any(i.spec.link == name for i in node.interfaces)
                for node in routers
            ) and all(node.complete for node in routers):
                self.report.error(
                    link.where,
                    f"no router or home agent advertises on link {quote(name)}, but {reason} "
                    f"({format_key(where)}); add one with advertise = true",
                )


def _names(entries: list[Link] | list[Node]) -> list[str]:
    return list(dict.fromkeys(entry.spec.name for entry in entries if entry.spec.name))


def _a(word: str) -> str:
    """'a router', 'an attacker'."""
    return ("an " if word[:1] in "aeiou" else "a ") + word
