"""NEMO Basic Support (RFC 3963) in the engine: registration with R, implicit and explicit mode,
every NEMO status, the bidirectional MR-HA tunnel both ways, deregistration, nested mobility."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

import pytest

from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    EchoReply,
    EchoRequest,
    IPv6Packet,
    MobileNetworkPrefix,
    NeighborAdvertisement,
)
from mipviz.engine.network import Network
from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import load_lesson, parse_lesson
from mipviz.lesson.runner import run_lesson
from tests.train_harness import frames, move, run_for, train_topology

MR_HOME = IPv6Address("2001:db8:1::a")
MNP = IPv6Network("2001:db8:100::/64")
Q = IPv6Address("2001:db8:100::9")


def _topology(*, mode: str = "explicit", announced: str = "", ha_extra: str = "",
              start: str = "home") -> str:
    announced_line = f"announced_prefixes = {announced}" if announced else ""
    return train_topology(title="nemo scenario", topics='["S27"]', ha_extra=ha_extra,
                          mobile_router=f"""[[topology.nodes]]
name = "MR"
role = "mobile-router"
interfaces = [{{ link = "{start}", mac = "02:00:00:00:0a:01" }}, {{ link = "train", address = "2001:db8:100::1" }}]
home_link = "home"
home_address = "2001:db8:1::a"
home_agent = "HA"
nemo_mode = "{mode}"
{announced_line}
""")


def _network(**options: str) -> Network:
    lesson = parse_lesson(_topology(**options), "nemo.toml")
    return Network(engine_topology(lesson.topology), seed=11)


_run = run_for
_frames = frames


def _register(net: Network, link: str = "station-a") -> None:
    move(net, "MR", link)
    _run(net, 5)


def test_explicit_registration_sets_up_the_prefix_route() -> None:
    net = _network()
    _register(net)
    bu = next(s for s in _frames(net, BindingUpdate) if s.tx == "MR")
    message = bu.frame.packet.payload  # type: ignore[union-attr]
    assert isinstance(message, BindingUpdate)
    assert message.mobile_router and message.home_registration and message.acknowledge
    assert MobileNetworkPrefix(MNP) in message.options
    ba = _frames(net, BindingAcknowledgement)[-1].frame.packet.payload  # type: ignore[union-attr]
    assert isinstance(ba, BindingAcknowledgement) and ba.status == 0 and ba.mobile_router
    ha = net.timeline.state_at("HA", len(net.timeline))
    (entry,) = ha.binding_cache
    assert entry.mobile_router and entry.prefixes == (str(MNP),)
    assert (str(MNP), f"tunnel to {entry.care_of_address}") in ha.routes
    # RFC 3963 §6.3: the proxy NA for a mobile router has the Router flag.
    proxy = [s.frame.packet.payload for s in _frames(net, NeighborAdvertisement)  # type: ignore[union-attr]
             if s.tx == "HA"]
    assert any(isinstance(p, NeighborAdvertisement) and p.router and p.target == MR_HOME
               for p in proxy)


def test_implicit_mode_sends_no_prefix_and_the_ha_uses_its_table() -> None:
    net = _network(mode="implicit")
    _register(net)
    bu = next(s for s in _frames(net, BindingUpdate) if s.tx == "MR")
    message = bu.frame.packet.payload  # type: ignore[union-attr]
    assert isinstance(message, BindingUpdate) and message.mobile_router
    assert not any(isinstance(o, MobileNetworkPrefix) for o in message.options)
    (entry,) = net.timeline.state_at("HA", len(net.timeline)).binding_cache
    assert entry.prefixes == (str(MNP),)


def _last_status(net: Network) -> int:
    ba = _frames(net, BindingAcknowledgement)[-1].frame.packet.payload  # type: ignore[union-attr]
    assert isinstance(ba, BindingAcknowledgement)
    return ba.status


@pytest.mark.parametrize(("options", "status"), [
    ({"ha_extra": "mobile_router_support = false"}, 140),
    ({"announced": '["fe80::/64"]'}, 141),
    ({"announced": '["2001:db8:100::/64", "2001:db8:999::/64"]'}, 142),
    ({"mode": "implicit", "ha_extra": 'prefix_table = "none"'}, 143),
    ({"ha_extra": 'prefix_table = "none"'}, 142),
])
def test_every_nemo_status(options: dict[str, str], status: int) -> None:
    net = _network(**options)
    _register(net)
    assert _last_status(net) == status
    assert net.timeline.state_at("HA", len(net.timeline)).binding_cache == ()
    bul = net.timeline.state_at("MR", len(net.timeline)).binding_update_list
    assert bul[0].state == "failed"


def test_r_flag_change_across_a_refresh_is_refused_with_139() -> None:
    net = _network()
    _register(net)
    mr = net.node("MR")
    # A mobile node with the same home address (R cleared) re-registers: RFC 3963 §6.3.
    mr._home_registration_bu = lambda lifetime, careof: BindingUpdate(  # type: ignore[method-assign]
        sequence=mr.home.sequence, lifetime=lifetime, acknowledge=True,  # type: ignore[attr-defined]
        home_registration=True, mobile_router=False)
    mr._refresh_home()  # type: ignore[attr-defined]
    _run(net, 3)
    assert _last_status(net) == 139


def test_lfn_traffic_goes_through_the_tunnel_both_ways_and_survives_moves() -> None:
    net = _network()
    net.start_flow("q", "Q", "CN", "echo", 1.0, 0)
    _run(net, 2)
    _register(net, "station-a")
    _run(net, 3)
    start = len(net.timeline)
    _run(net, 2)
    requests = [s for s in _frames(net, EchoRequest, start) if s.link == "station-a"]
    assert requests and all(s.frame.packet.tunnel_depth == 1 for s in requests)  # type: ignore[union-attr]
    outer = requests[0].frame.packet  # type: ignore[union-attr]
    assert outer.destination == IPv6Address("2001:db8:1::1")
    assert outer.payload.source == Q  # type: ignore[union-attr]
    replies = [s for s in _frames(net, EchoReply, start) if s.link == "station-a"]
    assert replies and replies[0].frame.packet.destination != Q  # type: ignore[union-attr]
    assert replies[0].frame.packet.innermost.destination == Q  # type: ignore[union-attr]
    _register(net, "station-b")
    _run(net, 3)
    stats = net.flows["q"].stats
    # Each handover costs a few pings (router discovery, DAD, the HA's DAD on first
    # registration); once registered, every ping gets through again.
    assert 1 <= stats.lost <= 8
    assert {stats.sent - 3, stats.sent - 2, stats.sent - 1} <= stats.delivered_sequences
    losses = [e for s in net.timeline for e in s.events if "packet(s) lost" in e.text]
    assert len(losses) >= 2  # one report per handover


def test_deregistration_tears_the_routes_down() -> None:
    net = _network()
    _register(net)
    net.sim.begin_action()
    net.move("MR", "home")
    net.sim.flush_action()
    _run(net, 5)
    ha = net.timeline.state_at("HA", len(net.timeline))
    assert ha.routes == ()
    assert all(e.state == "deleting" for e in ha.binding_cache)
    dereg = [s.frame.packet.payload for s in _frames(net, BindingUpdate)  # type: ignore[union-attr]
             if s.tx == "MR"][-1]
    assert isinstance(dereg, BindingUpdate) and dereg.lifetime == 0
    assert not any(isinstance(o, MobileNetworkPrefix) for o in dereg.options)
    # Back home, Q's traffic flows natively again.
    net.start_flow("q", "Q", "CN", "echo", 1.0, 2)
    _run(net, 3)
    assert net.flows["q"].stats.delivered == 2


def test_nested_nemo_pinball_is_measured() -> None:
    run = run_lesson(load_lesson(find_lesson("nested-nemo")))
    doubles = [s for s in run.timeline if s.frame is not None and s.link == "station"
               and s.frame.packet.tunnel_depth == 2]
    assert doubles, "the train's link carries packets inside two tunnels"
    stats = run.network.flows["phone"].stats
    assert stats.last_crossings > stats.direct_crossings
    assert stats.last_latency > stats.direct_latency
    delivered = [e.text for s in run.timeline for e in s.events if e.kind == "data-delivered"]
    assert "direct path" in delivered[-1]
    assert not run.problems


def test_reverse_tunnel_from_outside_the_prefix_is_refused() -> None:
    """RFC 3963 §6.3/§5.5: the HA forwards only inner sources inside the registered MNPs."""
    net = _network()
    _register(net)
    mr = net.node("MR")
    spoofed = IPv6Packet(IPv6Address("2001:db8:3::99"), IPv6Address("2001:db8:3::1"),
                         EchoRequest(7, 1))
    net.sim.begin_action()
    mr._reverse_tunnel(spoofed)  # type: ignore[attr-defined]
    net.sim.flush_action()
    _run(net, 1)
    drops = [e.text for s in net.timeline for e in s.events if e.node == "HA"
             and e.kind == "drop"]
    assert any("no binding matches" in text for text in drops)


VISITOR_HOME = IPv6Address("2001:db8:1::77")


def test_visiting_mobile_node_behind_a_mobile_router() -> None:
    """A VMN (RFC 3963 §1) on the train's link does its own MIPv6: its care-of address is in
    the train's prefix, so its traffic rides inside the train's tunnel too (nested tunnels)."""
    text = _topology() + """
[[topology.nodes]]
name = "VMN"
role = "mobile-node"
link = "home"
mac = "02:00:00:00:0c:01"
home_link = "home"
home_address = "2001:db8:1::77"
home_agent = "HA"
route_optimization = false
"""
    net = Network(engine_topology(parse_lesson(text, "vmn.toml").topology), seed=5)
    _register(net)
    net.sim.begin_action()
    net.move("VMN", "train")
    net.sim.flush_action()
    _run(net, 6)
    vmn = net.timeline.state_at("VMN", len(net.timeline))
    assert vmn.care_of_address is not None and vmn.care_of_address in MNP
    assert vmn.binding_update_list[0].state == "registered"
    start = len(net.timeline)
    net.start_flow("to-vmn", "CN", "VMN", "echo", 1.0, 2)
    _run(net, 3)
    assert net.flows["to-vmn"].stats.delivered == 2
    on_station = [s for s in _frames(net, EchoRequest, start) if s.link == "station-a"]
    assert on_station and on_station[0].frame.packet.tunnel_depth == 2  # type: ignore[union-attr]


def test_a_mobile_router_moved_into_its_own_mobile_network_loops_until_the_limit() -> None:
    """A learner may move the train onto the PAN that rides inside it (`m`): each router then
    reverse-tunnels the other's tunnel. RFC 2473 §4.1.1 cuts the loop at the encapsulation
    limit, recorded as a drop, instead of nesting without end (which crashed the codec)."""
    import dataclasses

    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson
    from mipviz.lesson.runner import run_lesson
    from mipviz.lesson.schema import ActionSpec

    lesson = load_lesson(find_lesson("nested-nemo"))
    # The lesson until the PAN has registered from inside the train; then the train onto the pan.
    until_pan_registered = lesson.script[:5]
    assert until_pan_registered[-1].until is not None
    assert until_pan_registered[-1].until.node == "PAN"
    script = (*until_pan_registered, ActionSpec(action="move", node="Train", to="pan"),
              ActionSpec(action="wait", seconds=10.0))
    run = run_lesson(dataclasses.replace(lesson, script=script))
    # The loop is cut, with the reason recorded: at the encapsulation limit (RFC 2473 §4.1.1),
    # or before it can form — the train has no acknowledged care-of address inside its own
    # mobile network, so it sends none of that network's traffic (its own BU to its HA rides
    # in the PAN's tunnel through the train: it can never register from there; RFC 3963 §5.3).
    drops = [event for step in run.timeline for event in step.events
             if event.kind == "drop" and ("encapsulation limit" in event.text
                                          or "RFC 3963 5.3" in event.text)]
    assert drops
    depths = [step.packet.tunnel_depth for step in run.timeline if step.packet is not None]
    assert max(depths) <= 4
