"""Two home agents on one home link, for the home agent discovery scenarios
(tests/test_engine_home_agent_discovery.py)::

        home 2001:db8:1::/64                      visited 2001:db8:2::/64
    MN (HoA ::100)  HA1 ::1  HA2 ::2  R1 ::f           R2 ::1
                                       \\               |
                                        +--- core 2001:db8:ff::/64 --- R3 --- cn-net --- CN ::1

The MN has no ``home_agent``: it finds one by DHAAD (RFC 6275 §11.4.1). Both home agents send
periodic RAs (so each builds its Home Agents List from the other's, §10.5.1).
"""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import Any

from engine_harness import CN_ROUTER, CORRESPONDENT, VISITED_ROUTER, Scenario, header, links

from mipviz.engine.network import Network
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import parse_lesson

HA1 = IPv6Address("2001:db8:1::1")
HA2 = IPv6Address("2001:db8:1::2")
ANYCAST = IPv6Address("2001:db8:1::fdff:ffff:ffff:fffe")  # RFC 2526, written out by hand

_TOPOLOGY = header("dhaad-scenario", "S23") + links(
    "home", "visited", "cn-net", "mnp", "core") + """
[[topology.nodes]]
name = "R1"
role = "router"
interfaces = [
    {{ link = "home", address = "2001:db8:1::f" }},
    {{ link = "core", address = "2001:db8:ff::1" }},
]

[[topology.nodes]]
name = "HA1"
role = "home-agent"
link = "home"
address = "2001:db8:1::1"
ra_interval = {ra}
home_agent_lifetime = {lifetime1}
home_agent_preference = {pref1}
{ha1}

[[topology.nodes]]
name = "HA2"
role = "home-agent"
link = "home"
address = "2001:db8:1::2"
ra_interval = {ra}
home_agent_lifetime = {lifetime2}
home_agent_preference = {pref2}
{ha2}
""" + VISITED_ROUTER + CN_ROUTER + """
[[topology.nodes]]
name = "MN"
role = "{mn_role}"
{mn_links}
home_link = "home"
home_address = "2001:db8:1::100"
binding_lifetime = {binding_lifetime}
{mn}
""" + CORRESPONDENT


def discovery_text(*, seed: int = 1, ra: float = 3.0, lifetime1: int = 9, lifetime2: int = 9,
                   pref1: int = 10, pref2: int = 0, ha1: str = "", ha2: str = "",
                   r2: str = "", mn: str = "route_optimization = false",
                   mn_role: str = "mobile-node", binding_lifetime: int = 60) -> str:
    # A mobile router's second interface is its mobile network (RFC 3963 §3).
    mn_links = ('interfaces = [{ link = "home", mac = "02:00:00:00:01:00" }, '
                '{ link = "mnp", address = "2001:db8:10::1" }]' if mn_role == "mobile-router"
                else 'link = "home"\nmac = "02:00:00:00:01:00"')
    return _TOPOLOGY.format(seed=seed, ra=ra, lifetime1=lifetime1, lifetime2=lifetime2,
                            pref1=pref1, pref2=pref2, ha1=ha1, ha2=ha2, r2=r2, mn=mn,
                            mn_role=mn_role, mn_links=mn_links, binding_lifetime=binding_lifetime)


def build_discovery(**options: Any) -> Scenario:
    lesson = parse_lesson(discovery_text(**options), "dhaad-scenario.toml")
    return Scenario(Network(engine_topology(lesson.topology), lesson.seed))
