"""A local mobile node (RFC 3963 §1: LMN) whose home agent rides in the moving network: its
registration from outside and its traffic pass through the mobile router's tunnel both ways
(lesson 22), and the route a home agent on an ingress link takes out of the network."""

from __future__ import annotations

from ipaddress import IPv6Address

from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.loader import load_lesson
from mipviz.lesson.runner import run_lesson
from mipviz.model.messages import BindingAcknowledgement, BindingUpdate, EchoReply, EchoRequest

HT = IPv6Address("2001:db8:100::2")
L_HOME = IPv6Address("2001:db8:100::b")
L_COA = IPv6Address("2001:db8:a::ff:fe00:b01")
MR_COA = IPv6Address("2001:db8:a::ff:fe00:a01")
HA = IPv6Address("2001:db8:1::1")


def _run():
    return run_lesson(load_lesson(find_lesson("nemo-local-mobile-node")))


def _hops(run, kind: type, source: str | None = None) -> list:
    return [s for s in run.timeline if s.frame is not None
            and isinstance(s.frame.packet.innermost.payload, kind)
            and (source is None or s.frame.packet.innermost.source == IPv6Address(source))]


def test_the_lmn_binding_update_reaches_its_home_agent_through_the_mr_tunnel() -> None:
    run = _run()
    bu = [s for s in _hops(run, BindingUpdate) if s.frame.packet.innermost.source == L_COA]
    path = [(s.link, s.tx, s.rx, s.frame.packet.tunnel_depth) for s in bu]
    assert path == [("station-a", "L", "RA", 0), ("core", "RA", "HA", 0),
                    ("core", "HA", "RA", 1), ("station-a", "RA", "MR", 1),
                    ("train", "MR", "HT", 0)]
    tunnelled = bu[2].frame.packet
    assert (tunnelled.source, tunnelled.destination) == (HA, MR_COA)


def test_the_ba_leaves_the_train_through_the_mr_reverse_tunnel() -> None:
    run = _run()
    ba = [s for s in _hops(run, BindingAcknowledgement) if s.frame.packet.innermost.source == HT]
    assert [(s.link, s.tx, s.rx) for s in ba] == [
        ("train", "HT", "MR"), ("station-a", "MR", "RA"), ("core", "RA", "HA"),
        ("core", "HA", "RA"), ("station-a", "RA", "L")]
    outer = ba[1].frame.packet
    assert (outer.source, outer.destination) == (MR_COA, HA)
    message = ba[-1].frame.packet.innermost.payload
    assert isinstance(message, BindingAcknowledgement) and message.status == 0
    ht = run.timeline.state_at("HT", len(run.timeline.steps))
    assert [(e.home_address, e.care_of_address) for e in ht.binding_cache] == [(L_HOME, L_COA)]


def test_every_ping_from_the_platform_is_answered_through_two_tunnels() -> None:
    run = _run()
    requests = {s.frame.packet.innermost.payload.sequence for s in _hops(run, EchoRequest)
                if s.tx == "L"}
    replies = [s for s in _hops(run, EchoReply) if s.rx == "L"]
    assert requests and requests == {s.frame.packet.innermost.payload.sequence for s in replies}
    assert max(s.frame.packet.tunnel_depth for s in _hops(run, EchoReply)) == 2
    nested = next(s for s in _hops(run, EchoReply) if s.frame.packet.tunnel_depth == 2)
    assert nested.tx == "MR" and nested.frame.packet.destination == HA
    assert nested.frame.packet.payload.destination == L_COA
