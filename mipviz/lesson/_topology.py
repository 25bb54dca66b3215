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

from mipviz.lesson import _hmip_pmip
from mipviz.lesson._fields import Table
from mipviz.lesson._locate import KeyPath
from mipviz.lesson._nodes import Link, Node, read_link, read_node
from mipviz.lesson._report import Reporter, did_you_mean, format_key, quote
from mipviz.lesson._says import say, why_texts
from mipviz.lesson.schema import TopologySpec

# (kind, value) -> the node that has it and where: each address and MAC is used once.
_Taken = dict[tuple[str, str], tuple[str, KeyPath]]

_WHY = why_texts()

_AUTOCONFIGURES = say("autoconfigures")
_REGISTERS_WITH = say("registers_with")()
_DHAAD_SLASH_64 = say("dhaad_slash_64")
_DHAAD_NO_AGENT = say("dhaad_no_agent")
_FORMS_HOME = say("forms_home")

_OR = say("or")
_BECAUSE = say("because")
_IS_NOT = say("is_not")
_A_ROLE = say("a_role")
_AN = say("an_role")
_ALREADY_ON = say("already_on")
_NEEDS_ADDRESS = say("needs_address")
_ONE_INTERFACE = say("one_interface")
_TAKEN = say("taken")
_KINDS = {"address": say("kind.address")(), "MAC address": say("kind.mac")()}
_NOT_INSIDE = say("not_inside")
_ANYCAST = say("anycast")
_AGENT_OFF_HOME = say("agent_off_home")
_DIFFERS = say("differs")
_SLASH_64 = say("slash_64")
_NO_ADVERTISER = say("no_advertiser")

_LISTING = {kind: say(f"listing.{kind}") for kind in ("link", "node")}
_NONE_LISTED = {kind: say(f"none_listed.{kind}")() for kind in ("link", "node")}
_NO_SUCH = {kind: say(f"no_such.{kind}") for kind in ("link", "node")}
_DUPLICATE = {kind: say(f"duplicate.{kind}") for kind in ("link", "node")}
_OVERLAPS = say("overlaps")

# nodes that send Router Advertisements (with the FMIPv6, HMIPv6 and PMIPv6 routers)
ADVERTISING_ROLES = ("router", "home-agent", "access-router", *_hmip_pmip.ROUTER_ROLES)
MOBILE_ROLES = ("mobile-node", "mobile-router")  # nodes that register with a home agent
MOVABLE_ROLES = (*MOBILE_ROLES, "mobile-host")  # nodes a `move` action may move


def read_topology(root: Table, addressing: str | None) -> Topology:
    """Read ``[topology]`` table by table (cross-checks are :meth:`Topology.check`)."""
    topology = Topology(root.report)
    table = root.table("topology", required=True, why=_WHY["topology"])
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
            wanted: str = _a(roles[0])
            for role in roles[1:]:
                wanted = _OR(left=wanted, right=_a(role))
            because = _BECAUSE(why=role_why) if role_why else ""
            self.report.error(where, _IS_NOT(name=name, role=_a(node.role), wanted=wanted,
                                             because=because))
            return None
        return node

    def _no_such(self, what: str, name: str, names: list[str], where: KeyPath) -> None:
        kind = what if what in ("link", "node") else "link"
        listing = (_LISTING[kind](names=", ".join(names)) if names else _NONE_LISTED[kind])
        self.report.error(where, _NO_SUCH[kind](name=quote(name), listing=listing,
                                                hint=did_you_mean(name, names)))

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
                # A forged home registration targets the victim's home agent (engine/ipsec.py).
                target_role = ("home-agent" if node.spec.mode == "home-registration"
                               else "correspondent")
                for key, role in (("victim", "mobile-node"), ("target", target_role)):
                    name = getattr(node.spec, key)
                    if name is not None:
                        self.resolve_node(name, (*node.where, key), (role,))
        _hmip_pmip.check(self)

    def _check_unique_names(self, what: str, entries: list[tuple[str, KeyPath]]) -> None:
        first: dict[str, KeyPath] = {}
        for name, where in entries:
            if name and name in first:
                line = self.report.line((*first[name], "name"))
                self.report.error((*where, "name"), _DUPLICATE[what](name=quote(name), line=line))
            first.setdefault(name, where)

    def _check_prefixes_disjoint(self) -> None:
        for index, link in enumerate(self.links):
            for earlier in self.links[:index]:
                if link.network and earlier.network and link.network.overlaps(earlier.network):
                    self.report.error((*link.where, "prefix"), _OVERLAPS(
                        network=link.network, link=quote(earlier.spec.name),
                        earlier=earlier.network))

    def _check_interfaces(self, node: Node, taken: _Taken) -> None:
        name = node.spec.name
        on_links: set[str] = set()
        for interface in node.interfaces:
            spec, where = interface.spec, interface.where
            link = self.resolve_link(spec.link, (*where, "link")) if spec.link else None
            if link is None:
                continue
            if spec.link in on_links:
                self.report.error((*where, "link"), _ALREADY_ON(name=name, link=quote(spec.link)))
            on_links.add(spec.link)
            if spec.address is not None:
                self._check_address_on_link(spec.address, link, (*where, "address"))
                self._check_unused(taken, "address", spec.address, name, (*where, "address"))
            elif interface.address_given:
                pass  # the address itself was reported as invalid
            elif node.role in ADVERTISING_ROLES or (
                node.role == "mobile-router" and interface is not node.interfaces[0]
            ):
                self.report.error((*where, "link"), _NEEDS_ADDRESS(role=_a(node.role)))
            else:
                self.needs_autoconfiguration(spec.link, _AUTOCONFIGURES(name=name), where)
            if spec.mac is not None:
                self._check_unused(taken, "MAC address", spec.mac, name, (*where, "mac"))
        if node.role == "mobile-node" and len(node.interfaces) > 1:
            self.report.error((*node.where, "interfaces"), _ONE_INTERFACE(role=_a(node.role)))

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
            self.report.error(where, _TAKEN(kind=_KINDS.get(kind, kind), value=value,
                                            owner=first[0], line=self.report.line(first[1])))

    def _check_address_on_link(self, address: str, link: Link, where: KeyPath) -> None:
        if link.network is None:
            return
        if IPv6Address(address) not in link.network:
            self.report.error(where, _NOT_INSIDE(address=address, link=quote(link.spec.name),
                                                 prefix=link.network))
        elif IPv6Address(address) == link.network.network_address:
            self.report.error(where, _ANYCAST(address=address, prefix=link.network))

    def _check_discoverable(self, node: Node, home: Link) -> None:
        """Without ``home_agent`` the node finds one by DHAAD (RFC 6275 §11.4.1), which needs a
        /64 home prefix (the Home-Agents anycast address, RFC 2526) and a home agent on it."""
        where = (*node.where, "home_link")
        if home.network is not None and home.network.prefixlen != 64:
            self.report.error(where, _DHAAD_SLASH_64(name=node.spec.name, prefix=home.network))
        agents = [n for n in self.nodes if n.role == "home-agent"
                  and any(i.spec.link == home.spec.name for i in n.interfaces)]
        if not agents:
            self.report.error(where, _DHAAD_NO_AGENT(name=node.spec.name,
                                                     link=quote(home.spec.name)))

    def _check_mobile_node(self, node: Node, taken: _Taken) -> None:
        spec = node.spec
        home = None
        if spec.home_link is not None:
            home = self.resolve_link(spec.home_link, (*node.where, "home_link"))
        if spec.home_agent is not None:
            where = (*node.where, "home_agent")
            agent = self.resolve_node(
                spec.home_agent, where, ("home-agent",), _REGISTERS_WITH
            )
            # An agent whose interfaces could not all be read may well be on the home link.
            agent_links = (
                {i.spec.link for i in agent.interfaces} if agent and agent.complete else None
            )
            if agent and home and agent_links is not None and home.spec.name not in agent_links:
                self.report.error(where, _AGENT_OFF_HOME(agent=agent.spec.name,
                                                         link=quote(home.spec.name)))
        if home is None:
            return
        if spec.home_agent is None:
            self._check_discoverable(node, home)
        if spec.home_address is None:
            self.needs_autoconfiguration(
                home.spec.name,
                _FORMS_HOME(name=spec.name),
                (*node.where, "home_link"),
            )
            return
        where = (*node.where, "home_address")
        self._check_address_on_link(spec.home_address, home, where)
        at_home = [i.spec.address for i in node.interfaces if i.spec.link == home.spec.name]
        if at_home and at_home[0] is not None and at_home[0] != spec.home_address:
            self.report.error(where, _DIFFERS(home=spec.home_address, address=at_home[0],
                                              name=spec.name))
        elif not at_home:
            self._check_unused(taken, "address", spec.home_address, spec.name, where)

    def check_autoconfiguration(self) -> None:
        """Every link an address is autoconfigured on has a /64 and an advertising router."""
        for name, (reason, where) in self.autoconfigured.items():
            link = self.link(name)
            if link is None:
                continue
            if link.network is not None and link.network.prefixlen != 64:
                self.report.error((*link.where, "prefix"), _SLASH_64(
                    prefix=link.network, reason=reason, where=format_key(where)))
            routers = [node for node in self.nodes if node.role in ADVERTISING_ROLES]
            # A mobile router advertises its Mobile Network Prefixes on its ingress links.
            ingress = {i.spec.link for node in self.nodes if node.role == "mobile-router"
                       for i in node.interfaces[1:]}
            if name not in ingress and not any(
                node.spec.advertise and any(i.spec.link == name for i in node.interfaces)
                for node in routers
            ) and all(node.complete for node in routers):
                self.report.error(link.where, _NO_ADVERTISER(link=quote(name), reason=reason,
                                                             where=format_key(where)))


def _names(entries: list[Link] | list[Node]) -> list[str]:
    return list(dict.fromkeys(entry.spec.name for entry in entries if entry.spec.name))


def _a(word: str) -> str:
    """'a router', 'an attacker' (in Japanese the role alone)."""
    return (_AN if word[:1] in "aeiou" else _A_ROLE)(role=word)
