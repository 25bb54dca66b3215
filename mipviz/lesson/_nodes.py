"""Reading one ``[[topology.links]]`` or ``[[topology.nodes]]`` table on its own.

Everything a single table can tell is checked here: its keys (per role), types, ranges, the
syntax of prefixes, addresses and MAC addresses, and the address space the lesson's
``addressing`` allows. What needs the whole topology (names that resolve, addresses inside
their link's prefix, ...) is :mod:`mipviz.lesson._topology`'s job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from ipaddress import IPv6Address, IPv6Network
from typing import cast

from mipviz.lesson import _hmip_pmip
from mipviz.lesson._fields import Table, describe
from mipviz.lesson._locate import KeyPath
from mipviz.lesson._report import quote
from mipviz.lesson._says import say, why_texts
from mipviz.lesson.schema import (
    ATTACKER_MODES,
    FAST_HANDOVERS,
    IPSEC_MODES,
    NEMO_MODES,
    PREFIX_TABLES,
    ROLES,
    AttackerMode,
    InterfaceSpec,
    LinkSpec,
    NodeSpec,
    Role,
)

_WHY = why_texts()

_NOT_USED_BY_ROLE = say("not_used_by_role")
_NOT_WITH_INTERFACES = say("not_with_interfaces")()
_TWO_NUMBERS = say("two_numbers")
_NONCE_INTERVAL = say("nonce_interval")
_MULTIPLE_OF_4 = say("multiple_of_4")
_TWO_EGRESS = say("two_egress")()

_NAME_RULE = say("name_rule")
_OUTSIDE = say("prefix_outside")
_SIXBONE_HINT = say("sixbone_hint")()
_NO_PREFIX_LENGTH = say("no_prefix_length")
_NOT_A_PREFIX = say("not_a_prefix")
_LOOSE_PREFIX = say("loose_prefix")
_ADDRESS_WITH_LENGTH = say("address_with_length")
_NOT_AN_ADDRESS = say("not_an_address")
_NOT_A_MAC = say("not_a_mac")
_MULTICAST_MAC = say("multicast_mac")

LINK_KEYS = ("name", "prefix", "delay")
INTERFACE_KEYS = ("link", "address", "mac")
NODE_KEYS = ("name", "role", "interfaces", *INTERFACE_KEYS, "position", "label")
# The keys each role adds to NODE_KEYS (docs/lesson-format.md, "Nodes").
ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "router": ("advertise", "ra_interval", "map"),
    "access-router": ("advertise", "ra_interval", "accept_handovers"),  # RFC 5568
    "home-agent": (
        "advertise",
        "ra_interval",
        "home_agent_lifetime",
        "mobile_router_support",
        "prefix_table",
        "home_agent_preference",
        "ipsec",
    ),
    "mobile-node": (
        "home_link",
        "home_agent",
        "home_address",
        "route_optimization",
        "binding_lifetime",
        "hmipv6",
        "fast_handover",
    ),
    "mobile-router": (
        "home_link",
        "home_agent",
        "home_address",
        "binding_lifetime",
        "nemo_mode",
        "announced_prefixes",
        "egress_interfaces",
    ),
    "correspondent": ("max_nonce_lifetime", "nonce_interval"),
    "host": (),
    "attacker": ("mode", "victim", "target"),
    **_hmip_pmip.ROLE_KEYS,
}
ALL_NODE_KEYS = tuple(dict.fromkeys(NODE_KEYS + sum(ROLE_KEYS.values(), ())))

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
NAME_RULE = "must start with a letter and hold only letters, digits, '-' and '_'"
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")

DOCUMENTATION_PREFIX = IPv6Network("2001:db8::/32")  # RFC 3849
SIXBONE_PREFIX = IPv6Network("3ffe::/16")  # the 6bone (RFC 2471), returned in 2006 (RFC 3701)
ADDRESS_SPACE: dict[str, tuple[IPv6Network, ...]] = {
    "documentation": (DOCUMENTATION_PREFIX,),
    "lecture": (DOCUMENTATION_PREFIX, SIXBONE_PREFIX),
}
MAX_BINDING_LIFETIME = 65535 * 4  # RFC 6275 §6.1.7: 16 bits of 4-second units


@dataclass
class Link:
    """A link as read, with its parsed prefix (None when missing or invalid)."""

    spec: LinkSpec
    where: KeyPath
    network: IPv6Network | None


@dataclass
class Interface:
    """An interface as read; *where* is its table, or the node itself for the shorthand."""

    spec: InterfaceSpec
    where: KeyPath
    address_given: bool  # an address was written, even if it was invalid


@dataclass
class Node:
    """A node as read. *role* is None when missing or unknown; *complete* is False when some
    interface could not be read, so cross-checks that need all its links stay quiet."""

    spec: NodeSpec
    where: KeyPath
    interfaces: list[Interface]
    role: str | None
    complete: bool


def read_name(table: Table, key: str = "name", *, why: str = "") -> str | None:
    """A name other entries can refer to (a link, node or flow)."""
    name = table.string(key, required=True, why=why)
    if name is not None and not NAME.fullmatch(name):
        table.error(key, _NAME_RULE(name=quote(name)))
        return None
    return name


def read_link(table: Table, addressing: str | None) -> Link:
    """One ``[[topology.links]]`` table; *addressing* None skips the address-space check."""
    table.check_keys(LINK_KEYS)
    name = read_name(table) or ""
    prefix = table.string("prefix", required=True, why=_WHY["prefix"])
    network = _parse_prefix(table, prefix) if prefix is not None else None
    if network is not None and addressing is not None:
        spaces = ADDRESS_SPACE[addressing]
        if not any(network.subnet_of(space) for space in spaces):
            allowed = " or ".join(str(space) for space in spaces)
            hint = ""
            if addressing == "documentation":
                hint = _SIXBONE_HINT
            table.error("prefix", _OUTSIDE(network=network, allowed=allowed,
                                           addressing=quote(addressing), hint=hint))
    delay = table.number("delay", 0.001, minimum=0.0)
    spec = LinkSpec(name, str(network or prefix or ""), delay, table.line())
    return Link(spec, table.where, network)


def _parse_prefix(table: Table, text: str) -> IPv6Network | None:
    if "/" not in text:
        table.error("prefix", _NO_PREFIX_LENGTH(text=quote(text)))
        return None
    try:
        return IPv6Network(text)
    except ValueError:
        pass
    try:
        loose = IPv6Network(text, strict=False)
    except ValueError:
        table.error("prefix", _NOT_A_PREFIX(text=quote(text)))
        return None
    table.error("prefix", _LOOSE_PREFIX(text=text, loose=loose))
    return None


def read_node(table: Table) -> Node:
    """One ``[[topology.nodes]]`` table, with the keys its role allows."""
    name = read_name(table) or ""
    role = table.choice("role", ROLES, "role", required=True, why=f"one of: {', '.join(ROLES)}")
    allowed = NODE_KEYS + ROLE_KEYS.get(role, ()) if role is not None else ALL_NODE_KEYS
    misplaced = {
        key: _NOT_USED_BY_ROLE(role=quote(role), users=", ".join(_roles_using(key)))
        for key in ALL_NODE_KEYS
        if key not in allowed
    }
    table.check_keys(allowed, misplaced)
    interfaces, complete = _read_interfaces(table)
    spec = NodeSpec(
        name,
        cast(Role, role or "host"),
        tuple(interface.spec for interface in interfaces),
        _read_position(table),
        table.text("label"),
        line=table.line(),
    )
    reader = _ROLE_READERS.get(role or "")
    if reader is not None:
        spec = reader(table, spec)
    return Node(spec, table.where, interfaces, role, complete)


def _bare(described: str) -> str:
    """'an integer (3)' -> 'an integer'."""
    return described.split(" (")[0]


def _roles_using(key: str) -> list[str]:
    return [role for role, keys in ROLE_KEYS.items() if key in keys]


def _router(table: Table, spec: NodeSpec) -> NodeSpec:
    return replace(
        spec,
        advertise=table.boolean("advertise", True),
        ra_interval=table.number("ra_interval", 0.0, minimum=0.0, maximum=1800.0),
        map=table.string("map"),
    )


def _home_agent(table: Table, spec: NodeSpec) -> NodeSpec:
    lifetime = table.integer("home_agent_lifetime", 1800, minimum=1, maximum=65535)
    table_kind = table.choice("prefix_table", PREFIX_TABLES, "prefix table") or "auto"
    return replace(
        _router(table, spec),
        home_agent_lifetime=lifetime,
        mobile_router_support=table.boolean("mobile_router_support", True),
        prefix_table=table_kind,
        # RFC 6275 §7.4: a signed 16-bit value, higher is more preferred.
        home_agent_preference=table.integer("home_agent_preference", 0, minimum=-32768,
                                            maximum=32767),
        ipsec=table.choice("ipsec", IPSEC_MODES, "IPsec mode") or "none",
    )


def _mobile_node(table: Table, spec: NodeSpec) -> NodeSpec:
    needed = _WHY["mobile_node"]
    return replace(
        spec,
        home_link=table.string("home_link", required=True, why=needed),
        home_address=read_address(table, "home_address"),
        home_agent=table.string("home_agent"),  # omitted: found by DHAAD (RFC 6275 §11.4.1)
        route_optimization=table.boolean("route_optimization", True),
        binding_lifetime=_read_binding_lifetime(table),
        hmipv6=table.boolean("hmipv6", False),
        fast_handover=table.choice("fast_handover", FAST_HANDOVERS, "fast handover mode")
        or "none",
    )


def _access_router(table: Table, spec: NodeSpec) -> NodeSpec:
    """RFC 5568: a router that is the PAR and the NAR of fast handovers on its access link."""
    return replace(_router(table, spec),
                   accept_handovers=table.boolean("accept_handovers", True))


def _mobile_router(table: Table, spec: NodeSpec) -> NodeSpec:
    """RFC 3963: a mobile node that also routes for its Mobile Network Prefixes."""
    needed = _WHY["mobile_router"]
    mode = table.choice("nemo_mode", NEMO_MODES, "NEMO mode") or "implicit"
    announced: tuple[str, ...] | None = None
    if table.has("announced_prefixes"):
        value = table.data["announced_prefixes"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            table.error("announced_prefixes", "expected a list of prefixes like "
                        '["2001:db8:100::/64"]')
        else:
            announced = tuple(value)
            if mode != "explicit":
                table.error("announced_prefixes", 'only used with nemo_mode = "explicit"')
    return replace(
        spec,
        home_link=table.string("home_link", required=True, why=needed),
        home_address=read_address(table, "home_address"),
        home_agent=table.string("home_agent"),  # omitted: found by DHAAD (RFC 3963 §7.1)
        binding_lifetime=_read_binding_lifetime(table),
        nemo_mode=mode,
        announced_prefixes=announced,
        egress_interfaces=_read_egress_interfaces(table, spec),
        route_optimization=False,  # NEMO Basic Support has no route optimisation (§1)
    )


def _read_egress_interfaces(table: Table, spec: NodeSpec) -> int:
    """RFC 5648 multihoming: 2 makes the second interface a cellular egress one (BID 2)."""
    count = table.integer("egress_interfaces", 1, minimum=1, maximum=2)
    if count == 2 and len(spec.interfaces) < 3:
        table.error("egress_interfaces", _TWO_EGRESS)
    return count


def _correspondent(table: Table, spec: NodeSpec) -> NodeSpec:
    maximum = table.integer("max_nonce_lifetime", 240, minimum=1)
    interval = table.integer("nonce_interval", 30, minimum=1)
    if interval > maximum:
        table.error("nonce_interval", _NONCE_INTERVAL(interval=interval, maximum=maximum))
    return replace(spec, max_nonce_lifetime=maximum, nonce_interval=interval)


def _attacker(table: Table, spec: NodeSpec) -> NodeSpec:
    needed = _WHY["attacker"]
    mode = table.choice("mode", ATTACKER_MODES, "attacker mode", required=True, why=needed)
    return replace(
        spec,
        mode=cast(AttackerMode | None, mode),
        victim=table.string("victim", required=True, why=needed),
        target=table.string("target", required=True, why=needed),
    )


_ROLE_READERS = {
    "router": _router,
    "access-router": _access_router,
    "home-agent": _home_agent,
    "mobile-node": _mobile_node,
    "mobile-router": _mobile_router,
    "correspondent": _correspondent,
    "attacker": _attacker,
    **{role: _hmip_pmip.reader(role, _router) for role in _hmip_pmip.ROLE_KEYS},
}


def _read_interfaces(node: Table) -> tuple[list[Interface], bool]:
    """The node's interfaces, and whether every one of them could be read."""
    shorthand = [key for key in INTERFACE_KEYS if node.has(key)]
    complete = True
    if node.has("interfaces"):
        for key in shorthand:
            node.error(key, _NOT_WITH_INTERFACES)
        value = node.data["interfaces"]
        tables = node.tables("interfaces")
        complete = isinstance(value, list) and len(tables) == len(value)
        if value == []:
            node.error("interfaces", "must list at least one interface")
    elif shorthand:
        tables = [node]  # link = "...", address = "...", mac = "..." on the node itself
    else:
        node.missing("link", _WHY["link_or_interfaces"])
        tables = []
    interfaces = []
    for table in tables:
        if table is not node:
            table.check_keys(INTERFACE_KEYS)
        link = table.string("link", required=True, why=_WHY["interface_link"])
        complete = complete and link is not None
        spec = InterfaceSpec(
            link or "",
            read_address(table, "address"),
            _read_mac(table),
            table.report.line((*table.where, "link")),
        )
        interfaces.append(Interface(spec, table.where, table.has("address")))
    return interfaces, complete


def read_address(table: Table, key: str) -> str | None:
    """An IPv6 address, normalised to its compressed form (RFC 5952)."""
    text = table.string(key)
    if text is None:
        return None
    if "/" in text:
        table.error(key, _ADDRESS_WITH_LENGTH(text=text))
        return None
    try:
        return str(IPv6Address(text))
    except ValueError:
        table.error(key, _NOT_AN_ADDRESS(text=quote(text)))
        return None


def _read_mac(table: Table) -> str | None:
    """A unicast MAC address, normalised to lower-case colon form."""
    mac = table.string("mac")
    if mac is None:
        return None
    normalised = mac.lower().replace("-", ":")
    if not MAC.fullmatch(normalised):
        table.error("mac", _NOT_A_MAC(mac=quote(mac)))
        return None
    if int(normalised[:2], 16) & 1:
        table.error("mac", _MULTICAST_MAC(mac=mac))
        return None
    return normalised


def _read_position(table: Table) -> tuple[float, float] | None:
    if not table.has("position"):
        return None
    value = table.data["position"]
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
        and all(math.isfinite(n) for n in value)
    ):
        shape = describe(value)
        if isinstance(value, list):
            shape = "[" + ", ".join(_bare(describe(item)) for item in value) + "]"
        table.error("position", _TWO_NUMBERS(found=shape))
        return None
    x, y = value
    return float(x), float(y)


def _read_binding_lifetime(table: Table) -> int:
    lifetime = table.integer("binding_lifetime", 420, minimum=4, maximum=MAX_BINDING_LIFETIME)
    if lifetime % 4:
        table.error("binding_lifetime", _MULTIPLE_OF_4(lifetime=lifetime))
    return lifetime
