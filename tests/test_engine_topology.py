"""The engine's own topology description (mipviz/engine/topology.py): a network builds from it
with no lesson involved, a lesson's topology becomes one in exactly one place
(mipviz/lesson/engine_topology.py), and handing the engine a lesson spec is a clear error."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

import pytest
from engine_harness import lesson_text

from mipviz.engine.network import Network
from mipviz.engine.topology import InterfaceConfig, LinkConfig, NodeConfig, Topology
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import parse_lesson


def test_a_network_builds_from_the_engines_own_description() -> None:
    topology = Topology(
        links=(LinkConfig("home", IPv6Network("2001:db8:1::/64"), delay=2000),),
        nodes=(NodeConfig("HA", "home-agent", (InterfaceConfig("home",
                                                               IPv6Address("2001:db8:1::1")),),
                          binding_refresh_interval=60),
               NodeConfig("MN", "mobile-node", (InterfaceConfig("home"),), home_link="home",
                          home_agent="HA")))
    net = Network(topology, seed=3)
    ha, mn = net.node("HA"), net.node("MN")
    assert net.sim.links["home"].delay == 2000
    assert ha.binding_refresh_interval == 60  # type: ignore[attr-defined]
    # no home address given: SLAAC on the home link (modified EUI-64 of the derived MAC)
    assert mn.home_address in IPv6Network("2001:db8:1::/64")  # type: ignore[attr-defined]


def test_a_lesson_topology_converts_field_for_field() -> None:
    lesson = parse_lesson(lesson_text(cn="nonce_interval = 5"), "t.toml")
    topology = engine_topology(lesson.topology)
    cn = next(n for n in topology.nodes if n.name == "CN")
    assert cn.nonce_interval == 5
    assert cn.interfaces[0].address == IPv6Address("2001:db8:3::1")
    home = next(link for link in topology.links if link.name == "home")
    assert home.prefix == IPv6Network("2001:db8:1::/64") and home.delay == 1000
    mn = next(n for n in topology.nodes if n.name == "MN")
    assert mn.home_address == IPv6Address("2001:db8:1::100") and mn.home_agent == "HA"


def test_handing_the_engine_a_lesson_spec_says_what_to_do() -> None:
    lesson = parse_lesson(lesson_text(), "t.toml")
    with pytest.raises(TypeError, match="engine_topology"):
        Network(lesson.topology)  # type: ignore[arg-type]
