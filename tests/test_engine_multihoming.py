"""NEMO multihoming (RFC 5648 with RFC 3963) in the engine: a mobile router with Wi-Fi and
cellular egress registers both care-of addresses in one bulk BU, the home agent keeps one entry
per (home address, BID) and tunnels by the lowest BID; losing the Wi-Fi deregisters BID 1 over
the cellular link and the mobile network's traffic moves there without a lost ping; failure
paths (unknown BID, the last BID, a tunnel from a removed care-of address); and the (HoA, BID)
table against a reference model with Hypothesis."""

from __future__ import annotations

from ipaddress import IPv6Address
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz.engine.multihomed_router import MultihomedMobileRouter
from mipviz.engine.multihoming import MultipleCareofBindings
from mipviz.engine.network import Network
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import Step
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import LessonError, parse_lesson
from mipviz.model.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingIdentifier,
    BindingUpdate,
    EchoReply,
    EchoRequest,
    IPv6Packet,
)
from tests.train_harness import frames, move, run_for, train_topology

HOA = IPv6Address("2001:db8:1::a")
HA = IPv6Address("2001:db8:1::1")
WIFI_A = IPv6Address("2001:db8:a::ff:fe00:a01")
WIFI_B = IPv6Address("2001:db8:b::ff:fe00:a01")
CELL = IPv6Address("2001:db8:c::a")

# RFC 5648 with RFC 3963: the train's mobile router has Wi-Fi (station-a, then station-b or
# out of range) and a cellular link, its two egress interfaces
TOPOLOGY = train_topology(
    title="multihoming scenario", topics='["S26"]',
    extra_links=(
        '[[topology.links]]\nname = "out-of-range"\nprefix = "2001:db8:e::/64"\n'
        '[[topology.links]]\nname = "cellular"\nprefix = "2001:db8:c::/64"\n'),
    extra_routers=(
        '[[topology.nodes]]\nname = "RC"\nrole = "router"\n'
        'interfaces = [{ link = "cellular", address = "2001:db8:c::1" }, '
        '{ link = "core", address = "2001:db8:ff::c" }]\n'),
    mobile_router="""[[topology.nodes]]
name = "MR"
role = "mobile-router"
interfaces = [{ link = "station-a", mac = "02:00:00:00:0a:01" }, { link = "cellular", address = "2001:db8:c::a" }, { link = "train", address = "2001:db8:100::1" }]
home_link = "home"
home_address = "2001:db8:1::a"
home_agent = "HA"
nemo_mode = "explicit"
egress_interfaces = 2
""")


def _network() -> Network:
    lesson = parse_lesson(TOPOLOGY, "multihoming.toml")
    net = Network(engine_topology(lesson.topology), seed=21)
    net.start_flow("q", "Q", "CN", "echo", 1.0, 0)
    return net


def _run(net: Network, seconds_: float) -> None:
    run_for(net, seconds_)


def _move(net: Network, link: str) -> int:
    return move(net, "MR", link)


_frames = frames


def _payload(step: Step) -> object:
    assert step.frame is not None
    return step.frame.packet.innermost.payload


def _ha_rows(net: Network) -> list[tuple[int, IPv6Address]]:
    state = net.timeline.state_at("HA", len(net.timeline))
    return [(e.binding_id, e.care_of_address) for e in state.binding_cache if e.state == "valid"]


def _ha_route(net: Network) -> str:
    routes = dict(net.timeline.state_at("HA", len(net.timeline)).routes)
    return routes["2001:db8:100::/64"]


def _registered() -> Network:
    net = _network()
    _run(net, 4)
    return net


def test_both_care_of_addresses_in_one_bulk_registration() -> None:
    net = _registered()
    (bu_step,) = [s for s in _frames(net, BindingUpdate) if s.tx == "MR"]
    bu = _payload(bu_step)
    assert isinstance(bu, BindingUpdate) and bu.mobile_router and bu.lifetime == 420
    bids = [o for o in bu.options if isinstance(o, BindingIdentifier)]
    assert bids == [BindingIdentifier(1, care_of_address=WIFI_A),
                    BindingIdentifier(2, care_of_address=CELL)]
    assert not any(isinstance(o, AlternateCareofAddress) for o in bu.options)
    ba = _payload(_frames(net, BindingAcknowledgement)[-1])
    assert isinstance(ba, BindingAcknowledgement) and ba.status == 0
    assert [o for o in ba.options if isinstance(o, BindingIdentifier)] == [
        BindingIdentifier(1, status=0), BindingIdentifier(2, status=0)]
    assert _ha_rows(net) == [(1, WIFI_A), (2, CELL)]
    assert _ha_route(net) == f"tunnel to {WIFI_A}"
    mr = net.node("MR")
    assert isinstance(mr, MultihomedMobileRouter)
    assert mr.registered == {1: WIFI_A, 2: CELL}


def test_traffic_uses_the_wifi_binding_both_ways() -> None:
    net = _registered()
    start = len(net.timeline)
    _run(net, 2)
    up = [s for s in _frames(net, EchoRequest, start) if s.tx == "MR"]
    down = [s for s in _frames(net, EchoReply, start) if s.rx == "MR"]
    assert up and all(s.link == "station-a" and s.frame.packet.source == WIFI_A  # type: ignore[union-attr]
                      for s in up)
    assert down and all(s.link == "station-a" and s.frame.packet.destination == WIFI_A  # type: ignore[union-attr]
                        for s in down)


def test_losing_the_wifi_deregisters_bid_1_over_cellular_and_moves_the_flows() -> None:
    net = _registered()
    start = _move(net, "out-of-range")
    _run(net, 4)
    first = next(s for s in net.timeline.steps[start:] if s.frame is not None and s.tx == "MR")
    bu = _payload(first)
    assert isinstance(bu, BindingUpdate), "the MR's next packet is the BID deregistration"
    assert first.link == "cellular" and first.frame.packet.source == CELL  # type: ignore[union-attr]
    assert bu.lifetime == 0 and bu.home_registration and bu.mobile_router
    assert bu.options == (BindingIdentifier(1),)
    ba = _payload(next(s for s in _frames(net, BindingAcknowledgement, start) if s.rx == "MR"))
    assert isinstance(ba, BindingAcknowledgement) and ba.status == 0 and ba.lifetime == 0
    assert ba.options == (BindingIdentifier(1, status=0),)
    assert _ha_rows(net) == [(2, CELL)]
    assert _ha_route(net) == f"tunnel to {CELL}"
    up = [s for s in _frames(net, EchoRequest, start) if s.tx == "MR"]
    down = [s for s in _frames(net, EchoReply, start) if s.rx == "MR"]
    assert up and all(s.link == "cellular" for s in up)
    assert down and all(s.link == "cellular" for s in down)
    # The binding stayed alive: no ping of Q's went unanswered across the loss.
    sent = [_payload(s).sequence for s in _frames(net, EchoRequest, start)  # type: ignore[attr-defined]
            if s.tx == "Q"]
    answered = {_payload(s).sequence for s in _frames(net, EchoReply, start)  # type: ignore[attr-defined]
                if s.rx == "Q"}
    assert sent and set(sent) <= answered


def test_back_on_wifi_a_bulk_registration_brings_the_flows_back() -> None:
    net = _registered()
    _move(net, "out-of-range")
    _run(net, 3)
    start = _move(net, "station-b")
    _run(net, 4)
    bu = _payload(next(s for s in _frames(net, BindingUpdate, start) if s.tx == "MR"))
    assert isinstance(bu, BindingUpdate)
    assert [o for o in bu.options if isinstance(o, BindingIdentifier)] == [
        BindingIdentifier(1, care_of_address=WIFI_B), BindingIdentifier(2, care_of_address=CELL)]
    assert _ha_rows(net) == [(1, WIFI_B), (2, CELL)]
    later = len(net.timeline)
    _run(net, 2)
    assert {s.link for s in _frames(net, EchoRequest, later) if s.tx == "MR"} == {"station-b"}


def test_reverse_tunnel_from_a_removed_care_of_address_is_dropped() -> None:
    net = _registered()
    _move(net, "out-of-range")
    _run(net, 1)
    ha = net.node("HA")
    start = len(net.timeline)
    net.sim.begin_action()
    inner = IPv6Packet(IPv6Address("2001:db8:100::9"), IPv6Address("2001:db8:3::1"),
                       EchoRequest(identifier=9, sequence=9))
    ha.on_tunnelled(type("R", (), {"packet": IPv6Packet(WIFI_A, HA, inner),  # type: ignore[arg-type]
                                   "interface": ha.interfaces[1]})(), inner)
    net.sim.flush_action()
    notes = [e.text for s in net.timeline.steps[start:] for e in s.events if e.node == "HA"]
    assert any("reverse" in n and str(WIFI_A) in n for n in notes), notes


def test_deregistering_an_unknown_bid_answers_167_for_it() -> None:
    net = _registered()
    mr = net.node("MR")
    assert isinstance(mr, MultihomedMobileRouter)
    start = len(net.timeline)
    mr._send_bid_update({7: None}, 0)
    _run(net, 1)
    ba = _payload(next(s for s in _frames(net, BindingAcknowledgement, start) if s.rx == "MR"))
    assert isinstance(ba, BindingAcknowledgement)
    assert ba.options == (BindingIdentifier(7, status=167),)
    assert _ha_rows(net) == [(1, WIFI_A), (2, CELL)]


def test_deregistering_the_last_bid_ends_the_registration() -> None:
    net = _registered()
    _move(net, "out-of-range")
    _run(net, 1)
    mr = net.node("MR")
    assert isinstance(mr, MultihomedMobileRouter)
    mr._send_bid_update({2: None}, 0)
    _run(net, 1)
    state = net.timeline.state_at("HA", len(net.timeline))
    assert [e.state for e in state.binding_cache] == ["deleting"]
    assert mr.registered == {}
    assert not net.node("HA").multiple_careof  # type: ignore[attr-defined]


def test_individual_registration_names_the_source_as_care_of_address() -> None:
    net = _registered()
    _move(net, "out-of-range")
    _run(net, 1)
    mr = net.node("MR")
    assert isinstance(mr, MultihomedMobileRouter)
    start = len(net.timeline)
    mr.registered.pop(2)
    mr._send_bid_update({2: None}, 420)
    _run(net, 1)
    bu = _payload(next(s for s in _frames(net, BindingUpdate, start) if s.tx == "MR"))
    assert isinstance(bu, BindingUpdate) and bu.options == (BindingIdentifier(2),)
    assert _ha_rows(net) == [(2, CELL)]
    assert mr.registered == {2: CELL}


# ---------------------------------------------------------------------- the (HoA, BID) table
HOMES = [IPv6Address("2001:db8:1::a"), IPv6Address("2001:db8:1::b")]
OPERATION = st.one_of(
    st.tuples(st.just("register"), st.sampled_from(HOMES), st.integers(1, 4),
              st.integers(0, 3), st.integers(0, 8)),
    st.tuples(st.just("remove"), st.sampled_from(HOMES), st.integers(1, 4)),
    st.tuples(st.just("forget"), st.sampled_from(HOMES)),
    st.tuples(st.just("wait"), st.integers(0, 5)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(OPERATION, max_size=30))
def test_bid_table_matches_a_reference_model(operations: list[tuple]) -> None:
    table = MultipleCareofBindings()
    model: dict[tuple[IPv6Address, int], tuple[IPv6Address, int]] = {}
    now = 0
    for operation in operations:
        kind = operation[0]
        if kind == "register":
            _, home, bid, coa, lifetime = operation
            address = IPv6Address(f"2001:db8:c::{coa + 1}")
            table.register(home, bid, address, 1, lifetime, now)
            model[(home, bid)] = (address, now + lifetime * 1_000_000)
        elif kind == "remove":
            _, home, bid = operation
            removed = table.remove(home, bid)
            assert (removed is not None) == ((home, bid) in model)
            model.pop((home, bid), None)
        elif kind == "forget":
            for key in [k for k in model if k[0] == operation[1]]:
                del model[key]
            table.forget(operation[1])
        else:
            now += operation[1] * 1_000_000
        for home in HOMES:
            valid = sorted((bid, address) for (h, bid), (address, expires) in model.items()
                           if h == home and expires > now)
            assert [(b.binding_id, b.care_of_address) for b in table.bindings(home, now)] == valid
            preferred = table.preferred(home, now)
            assert (preferred.binding_id if preferred else None) == (valid[0][0] if valid
                                                                     else None)
            for address in {a for _, a in valid}:
                assert table.holds(home, address, now)


# ---------------------------------------------------------------------- lesson checks
def test_egress_interfaces_is_checked_with_file_line_and_key() -> None:
    few = TOPOLOGY.replace('{ link = "cellular", address = "2001:db8:c::a" }, ', "")
    with pytest.raises(LessonError, match=r"x\.toml:\d+: topology\.nodes\[5\]\.egress_interfaces: "
                       "2 needs three interfaces"):
        parse_lesson(few, "x.toml")
    with pytest.raises(LessonError, match=r"egress_interfaces: must be at most 2"):
        parse_lesson(TOPOLOGY.replace("egress_interfaces = 2", "egress_interfaces = 3"), "x.toml")


def test_only_a_multihomed_router_may_move_out_of_coverage() -> None:
    script = '\n[[script]]\naction = "move"\nnode = "MR"\nto = "out-of-range"\n'
    parse_lesson(TOPOLOGY + script, "x.toml")  # accepted: the cellular link carries on
    single = TOPOLOGY.replace("egress_interfaces = 2\n", "").replace(
        '{ link = "cellular", address = "2001:db8:c::a" }, ', "")
    with pytest.raises(LessonError, match="no router or home agent advertises on link"):
        parse_lesson(single + script, "x.toml")


def test_bindings_pane_shows_one_row_per_bid() -> None:
    """The HA's Binding Cache table in the UI: a row per (home address, BID), BID named."""
    from rich.style import Style

    from mipviz.ui.state import _tables

    net = _registered()
    state = net.timeline.state_at("HA", len(net.timeline))
    before = net.timeline.state_at("HA", 1)
    for language in ("en", "ja"):
        (_, table), *_ = _tables(state, before, net.sim.now, Style(bold=True), language)
        rows = [cells for cells, _ in table.rows]
        assert [(r[0], r[1]) for r in rows] == [(str(HOA), str(WIFI_A)), (str(HOA), str(CELL))]
        assert rows[0][4].endswith("BID 1") and rows[1][4].endswith("BID 2")


def test_a_lost_bid_deregistration_is_sent_again_with_back_off() -> None:
    """RFC 6275 §11.8 for the RFC 5648 BU: the cellular router is down when the Wi-Fi goes,
    so the first BU is lost; it is resent after 1 s, then 2 s, with new sequence numbers,
    and once the router is back the HA removes BID 1."""
    net = _registered()
    net.sim.begin_action()
    net.fail("RC")
    net.sim.flush_action()
    start = _move(net, "out-of-range")
    _run(net, 2.5)
    net.sim.begin_action()
    net.restore("RC")
    net.sim.flush_action()
    _run(net, 3)
    sent = [s for s in _frames(net, BindingUpdate, start) if s.tx == "MR"]
    times = [s.time for s in sent]
    sequences = [_payload(s).sequence for s in sent]  # type: ignore[attr-defined]
    assert len(sent) == 3 and all(_payload(s).options == (BindingIdentifier(1),)  # type: ignore[attr-defined]
                                  for s in sent)
    assert [b - a for a, b in pairwise(times)] == [seconds(1), seconds(2)]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert _ha_rows(net) == [(2, CELL)]
    mr = net.node("MR")
    assert isinstance(mr, MultihomedMobileRouter) and mr.registered == {2: CELL}
