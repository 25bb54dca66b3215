"""The train network shared by the NEMO engine tests (tests/test_engine_nemo.py, RFC 3963, and
tests/test_engine_multihoming.py, RFC 5648)::

        home 2001:db8:1::/64      station-a 2001:db8:a::/64   station-b 2001:db8:b::/64
           HA ::1                     RA ::1                      RB ::1
             \\                          |                          /
              +------------- core 2001:db8:ff::/64 ---------------+--- R3 --- cn-net --- CN ::1
                                 MR (HoA 2001:db8:1::a) — train 2001:db8:100::/64 — Q ::9

Each test file writes its own mobile router (its interfaces, mode and egress) and adds its own
links and access routers; the rest, and the helpers that drive a run, are here. Links and
nodes keep one order (extra links after station-b, extra routers after RB), so a node's index
in an error message (``topology.nodes[5]``) and the engine's run stay as they were.
"""

from __future__ import annotations

from mipviz.engine.network import Network
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import Step

__all__ = ["frames", "move", "run_for", "train_topology"]


def _link(name: str, prefix: str) -> str:
    return f'[[topology.links]]\nname = "{name}"\nprefix = "{prefix}"\n'


def _router(name: str, link: str, address: str, core: str, role: str = "router") -> str:
    return (f'[[topology.nodes]]\nname = "{name}"\nrole = "{role}"\n'
            f'interfaces = [{{ link = "{link}", address = "{address}" }}, '
            f'{{ link = "core", address = "{core}" }}]\n')


def train_topology(*, title: str, topics: str, mobile_router: str, extra_links: str = "",
                   ha_extra: str = "", extra_routers: str = "") -> str:
    """The train network as lesson TOML around *mobile_router* (its ``[[topology.nodes]]``
    table); *ha_extra* adds keys to the home agent, *extra_links* and *extra_routers* whole
    tables."""
    return (
        f'format_version = 1\ntitle = "{title}"\ntopics = {topics}\n'
        + _link("home", "2001:db8:1::/64") + _link("station-a", "2001:db8:a::/64")
        + _link("station-b", "2001:db8:b::/64") + extra_links
        + _link("cn-net", "2001:db8:3::/64") + _link("core", "2001:db8:ff::/64")
        + _link("train", "2001:db8:100::/64")
        + _router("HA", "home", "2001:db8:1::1", "2001:db8:ff::1", role="home-agent")
        + ha_extra + "\n"
        + _router("RA", "station-a", "2001:db8:a::1", "2001:db8:ff::a")
        + _router("RB", "station-b", "2001:db8:b::1", "2001:db8:ff::b") + extra_routers
        + _router("R3", "cn-net", "2001:db8:3::2", "2001:db8:ff::3")
        + mobile_router
        + '[[topology.nodes]]\nname = "Q"\nrole = "host"\nlink = "train"\n'
          'address = "2001:db8:100::9"\n'
        + '[[topology.nodes]]\nname = "CN"\nrole = "host"\nlink = "cn-net"\n'
          'address = "2001:db8:3::1"\n')


def run_for(net: Network, seconds_: float) -> None:
    """Let *seconds_* of virtual time pass."""
    net.sim.run_until(net.sim.now + seconds(seconds_))


def move(net: Network, node: str, link: str) -> int:
    """Move *node* to *link* as one action; the index of the action's first step."""
    start = len(net.timeline)
    net.sim.begin_action()
    net.move(node, link)
    net.sim.flush_action()
    return start


def frames(net: Network, kind: type, since: int = 0) -> list[Step]:
    """The steps from *since* whose frame's innermost payload is a *kind*."""
    return [s for s in net.timeline.steps[since:] if s.frame is not None
            and isinstance(s.frame.packet.innermost.payload, kind)]
