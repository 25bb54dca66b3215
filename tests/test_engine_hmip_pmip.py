"""Scenarios for HMIPv6 (RFC 5380) and Proxy Mobile IPv6 (RFC 5213) in the engine: every
exchange and each failure path a lesson can reach, on the networks of lessons 15 and 16."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

from mipviz.engine.network import Network
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import parse_lesson
from mipviz.model import hmip_pmip as h
from mipviz.model.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingUpdate,
    EchoReply,
    EchoRequest,
    NeighborSolicitation,
    RouterAdvertisement,
)
from tests.engine_harness import Scenario, innermost

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
HOA = IPv6Address("2001:db8:1::100")
RCOA = IPv6Address("2001:db8:9::ff:fe00:100")
LCOA1 = IPv6Address("2001:db8:21::ff:fe00:100")
LCOA2 = IPv6Address("2001:db8:22::ff:fe00:100")
COA3 = IPv6Address("2001:db8:23::ff:fe00:100")
MAP = IPv6Address("2001:db8:9::1")
HNP = IPv6Network("2001:db8:10::/64")
MN_ADDRESS = IPv6Address("2001:db8:10::ff:fe00:100")
LMA = IPv6Address("2001:db8:1::1")
MAG1, MAG2 = IPv6Address("2001:db8:ff::31"), IPv6Address("2001:db8:ff::32")


def network(lesson: str, replace: tuple[tuple[str, str], ...] = ()) -> Scenario:
    """The lesson's topology (its script left out), with text replacements."""
    text = (LESSONS / lesson).read_text(encoding="utf-8")
    text = text[:text.index("[[script]]")]
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new, 1)
    parsed = parse_lesson(text, lesson)
    return Scenario(Network(engine_topology(parsed.topology), parsed.seed))


def _ping(scenario: Scenario, interval: float = 0.25) -> None:
    scenario.act(lambda: scenario.net.start_flow("ping", "CN", "MN", "echo", interval, 0))


def _valid(scenario: Scenario, node: str) -> dict[IPv6Address, IPv6Address]:
    return {e.home_address: e.care_of_address for e in scenario.state(node).binding_cache
            if e.state == "valid"}


# ====================================================================================== HMIPv6


def test_access_routers_relay_the_map_option_with_their_distance() -> None:
    s = network("15-hmipv6.toml")
    for name in ("AR1", "AR2"):
        (option,) = s.node(name).map_options
        assert (option.address, option.distance, option.preference) == (MAP, 2, 10)
    assert s.node("AR3").map_options == ()
    (own,) = s.node("MAP").router_advertisement(s.node("MAP").interfaces[0]).map_options
    assert own.distance == 1
    assert not s.node("MAP").router_advertisement(s.node("MAP").interfaces[0]).home_agent


def test_entering_the_domain_local_bu_then_home_registration_from_the_rcoa() -> None:
    s = network("15-hmipv6.toml")
    s.move("MN", "acc1")
    s.run(6)
    (local,) = s.frames(BindingUpdate, tx="MN", where=lambda st: innermost(st).payload
                        .map_registration)  # type: ignore[union-attr]
    packet = local.frame.packet  # type: ignore[union-attr]
    bu = packet.payload
    assert (packet.source, packet.destination) == (LCOA1, MAP)
    assert packet.home_address_option.home_address == RCOA  # type: ignore[union-attr]
    assert (bu.acknowledge, bu.map_registration, bu.home_registration) == (True, True, False)
    assert not any(isinstance(o, AlternateCareofAddress) for o in bu.options)
    (ack,) = s.frames(BindingAcknowledgement, tx="MAP", link="domain",
                      where=lambda st: st.frame.packet.tunnel_depth == 0)  # type: ignore[union-attr]
    assert ack.frame.packet.destination == LCOA1  # type: ignore[union-attr]
    assert ack.frame.packet.routing_header_type2.home_address == RCOA  # type: ignore[union-attr]
    # the MAP ran DAD for the RCoA before answering (it is an HA for it, RFC 5380 §6.2)
    dad = s.frames(NeighborSolicitation, tx="MAP")
    assert dad and dad[0].index < ack.index
    assert _valid(s, "MAP") == {RCOA: LCOA1}
    # the home registration leaves from the RCoA, inside the MN→MAP tunnel
    home = [st for st in s.frames(BindingUpdate, tx="MN")
            if innermost(st).payload.home_registration]  # type: ignore[union-attr]
    assert home and home[0].index > ack.index
    outer = home[0].frame.packet  # type: ignore[union-attr]
    assert (outer.source, outer.destination) == (LCOA1, MAP)
    assert (outer.payload.source, outer.payload.destination) == (RCOA, LMA)  # type: ignore[union-attr]
    assert _valid(s, "HA") == {HOA: RCOA}


def test_a_move_inside_the_domain_sends_no_binding_update_to_the_home_agent() -> None:
    s = network("15-hmipv6.toml")
    _ping(s)
    s.move("MN", "acc1")
    s.run(8)
    assert _valid(s, "CN") == {HOA: RCOA}  # route optimised over the RCoA
    mark = s.mark()
    s.move("MN", "acc2")
    s.run(5)
    updates = s.frames(BindingUpdate, tx="MN", since=mark)
    assert updates and all(innermost(st).payload.map_registration  # type: ignore[union-attr]
                           for st in updates)
    assert {innermost(st).destination for st in updates} == {MAP}
    assert not s.frames(BindingUpdate, tx="HA", since=mark) and \
        not [st for st in s.frames(BindingUpdate, since=mark) if st.rx == "HA"]
    assert _valid(s, "MAP") == {RCOA: LCOA2}
    assert _valid(s, "HA") == {HOA: RCOA} and _valid(s, "CN") == {HOA: RCOA}
    delivered = s.frames(EchoRequest, link="acc2", since=mark)
    assert delivered, "pings reach the MN on AR2's link through the MAP"
    assert delivered[0].frame.packet.source == MAP  # type: ignore[union-attr]


def test_leaving_the_domain_is_plain_mobile_ipv6_again() -> None:
    s = network("15-hmipv6.toml")
    _ping(s)
    s.move("MN", "acc1")
    s.run(8)
    s.move("MN", "acc2")
    s.run(5)
    mark = s.mark()
    s.move("MN", "acc3")
    s.run(5)
    updates = s.frames(BindingUpdate, tx="MN", since=mark)
    assert not any(innermost(st).payload.map_registration  # type: ignore[union-attr]
                   for st in updates)
    assert {innermost(st).destination for st in updates} >= {LMA}
    assert all(st.frame.packet.tunnel_depth == 0 for st in updates)  # type: ignore[union-attr]
    assert _valid(s, "HA") == {HOA: COA3} and _valid(s, "CN") == {HOA: COA3}
    assert s.node("MN").rcoa is None


def test_a_map_refuses_an_lcoa_outside_its_valid_prefixes_with_129() -> None:
    s = network("15-hmipv6.toml", ((
        'name = "MAP"\nposition = [30, 10]\nrole = "map"\n',
        'name = "MAP"\nposition = [30, 10]\nrole = "map"\nvalid_prefixes = ["2001:db8:21::/64"]\n'),))
    s.move("MN", "acc1")
    s.run(8)
    assert _valid(s, "MAP") == {RCOA: LCOA1}
    mark = s.mark()
    s.move("MN", "acc2")
    s.run(5)
    (refusal,) = [st for st in s.frames(BindingAcknowledgement, tx="MAP", since=mark)
                  if st.link == "domain" and st.frame.packet.tunnel_depth == 0]  # type: ignore[union-attr]
    assert innermost(refusal).payload.status == 129  # type: ignore[union-attr]
    assert _valid(s, "MAP") == {RCOA: LCOA1}  # unchanged
    assert any("refused the local registration (status 129)" in t for t in s.texts("MN", mark))
    assert s.node("MN").local.state == "idle"


# ====================================================================================== PMIPv6


def _options(message: object) -> dict[type, object]:
    return {type(o): o for o in message.options}  # type: ignore[attr-defined]


def test_attachment_a_proxy_binding_update_and_the_prefix_in_a_unicast_ra() -> None:
    s = network("16-proxy-mobile-ipv6.toml")
    s.run(3)
    (pbu,) = s.frames(BindingUpdate, tx="MAG1")
    packet = pbu.frame.packet  # type: ignore[union-attr]
    message = packet.payload
    assert (packet.source, packet.destination, packet.extension_headers) == (MAG1, LMA, ())
    assert (message.proxy_registration, message.acknowledge, message.home_registration) == \
        (True, True, False)
    options = _options(message)
    assert options[h.MobileNodeIdentifier] == h.MobileNodeIdentifier(b"mn@example.net")
    assert options[h.HomeNetworkPrefixOption] == h.HomeNetworkPrefixOption(h.ALL_ZERO_PREFIX)
    assert options[h.HandoffIndicator] == h.HandoffIndicator(h.HANDOFF_NEW_INTERFACE)
    assert options[h.AccessTechnologyType] == h.AccessTechnologyType(3)
    assert h.Timestamp in options
    (pba,) = s.frames(BindingAcknowledgement, tx="LMA")
    answer = pba.frame.packet.payload  # type: ignore[union-attr]
    assert answer.proxy_registration and answer.status == 0 and answer.sequence == message.sequence
    assert _options(answer)[h.HomeNetworkPrefixOption] == h.HomeNetworkPrefixOption(HNP)
    assert _valid(s, "LMA") == {HNP.network_address: MAG1}
    (ra,) = [st for st in s.frames(RouterAdvertisement, tx="MAG1") if st.rx == "MN"]
    assert ra.index > pba.index  # §6.9.2: the RA waits for the PBA
    assert ra.frame.packet.destination.is_link_local  # type: ignore[union-attr]  # unicast
    assert [p.prefix for p in ra.frame.packet.payload.prefixes] == [HNP]  # type: ignore[union-attr]
    assert MN_ADDRESS in s.state("MN").addresses
    # the mobile node never sent a Mobility Header
    assert not [st for st in s.steps() if st.tx == "MN" and st.frame is not None and
                type(innermost(st).payload).__name__.startswith("Binding")]


def test_handoff_between_mags_keeps_the_address_without_dad() -> None:
    s = network("16-proxy-mobile-ipv6.toml")
    s.run(3)
    _ping(s)
    s.run(2)
    mark = s.mark()
    s.move("MN", "acc2")
    s.run(4)
    (dereg,) = s.frames(BindingUpdate, tx="MAG1", since=mark)
    message = dereg.frame.packet.payload  # type: ignore[union-attr]
    assert message.lifetime == 0
    assert _options(message)[h.HandoffIndicator] == h.HandoffIndicator(h.HANDOFF_UNKNOWN)
    assert _options(message)[h.HomeNetworkPrefixOption] == h.HomeNetworkPrefixOption(HNP)
    (pbu,) = s.frames(BindingUpdate, tx="MAG2", since=mark)
    assert _options(pbu.frame.packet.payload)[h.HandoffIndicator] == \
        h.HandoffIndicator(h.HANDOFF_BETWEEN_MAGS)  # type: ignore[union-attr]
    assert _valid(s, "LMA") == {HNP.network_address: MAG2}
    # no DAD for the global address on the new link: the same router, the same prefix
    assert not [st for st in s.frames(NeighborSolicitation, tx="MN", since=mark)
                if innermost(st).payload.target == MN_ADDRESS]  # type: ignore[union-attr]
    replies = s.frames(EchoReply, tx="MN", link="acc2", since=mark)
    assert replies and innermost(replies[0]).source == MN_ADDRESS
    assert s.frames(EchoReply, tx="MAG2", since=mark, where=lambda st: st.frame.packet
                    .tunnel_depth == 1)  # type: ignore[union-attr]  # reverse tunnel to the LMA
    # MAG1's link-local and link-layer addresses are MAG2's (RFC 5213 §6.9.3)
    assert s.node("MAG1").access.link_local == s.node("MAG2").access.link_local
    assert s.node("MAG1").access.mac == s.node("MAG2").access.mac


def test_not_authorised_prefix_155_then_the_mag_asks_all_zero() -> None:
    s = network("16-proxy-mobile-ipv6.toml", ((
        'home_network_prefix = "2001:db8:10::/64"',
        'home_network_prefix = "2001:db8:10::/64"\nrequested_prefix = "2001:db8:11::/64"'),))
    s.run(3)
    first, second = s.frames(BindingUpdate, tx="MAG1")
    assert _options(first.frame.packet.payload)[h.HomeNetworkPrefixOption] == \
        h.HomeNetworkPrefixOption(IPv6Network("2001:db8:11::/64"))  # type: ignore[union-attr]
    refused, accepted = s.frames(BindingAcknowledgement, tx="LMA")
    assert innermost(refused).payload.status == h.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX  # type: ignore[union-attr]
    assert _options(second.frame.packet.payload)[h.HomeNetworkPrefixOption] == \
        h.HomeNetworkPrefixOption(h.ALL_ZERO_PREFIX)  # type: ignore[union-attr]
    assert innermost(accepted).payload.status == 0  # type: ignore[union-attr]
    assert MN_ADDRESS in s.state("MN").addresses


def test_timestamp_mismatch_156_denies_the_service() -> None:
    s = network("16-proxy-mobile-ipv6.toml", ((
        'name = "MAG2"\nposition = [50, 14]\nrole = "mag"\nlma = "LMA"\n',
        'name = "MAG2"\nposition = [50, 14]\nrole = "mag"\nlma = "LMA"\nclock_offset = 2\n'),))
    s.run(3)
    _ping(s)
    s.run(2)
    mark = s.mark()
    s.move("MN", "acc2")
    s.run(5)
    (pba,) = s.frames(BindingAcknowledgement, tx="LMA", since=mark,
                      where=lambda st: st.frame.packet.destination == MAG2)  # type: ignore[union-attr]
    answer = pba.frame.packet.payload  # type: ignore[union-attr]
    assert answer.status == h.TIMESTAMP_MISMATCH
    stamp = _options(answer)[h.Timestamp]
    sent = _options(s.frames(BindingUpdate, tx="MAG2", since=mark)[0].frame.packet.payload)[
        h.Timestamp]  # type: ignore[union-attr]
    assert abs(sent.value - stamp.value) / 65536 > 1.9  # the PBA tells the LMA's own clock
    # §6.9.1.2 (11): no prefix advertised to the node, nothing delivered to it any more
    assert not [st for st in s.frames(RouterAdvertisement, tx="MAG2", since=mark)
                if innermost(st).payload.prefixes]  # type: ignore[union-attr]
    assert not s.frames(EchoRequest, link="acc2", since=mark)
    assert len(s.frames(BindingUpdate, tx="MAG2", since=mark)) == 1  # no retry until synced
    assert _valid(s, "LMA") == {}
    s.run(10)  # MinDelayBeforeBCEDelete passes: the entry MAG1 deregistered is freed
    assert s.state("LMA").binding_cache == ()


def test_a_map_ba_without_the_rcoa_routing_header_is_ignored() -> None:
    """RFC 5380 §6.1: the MN "MUST silently ignore binding acknowledgements that do not contain
    a routing header type 2, which includes the mobile node's RCoA"."""
    from mipviz.model.messages import IPv6Packet

    s = network("15-hmipv6.toml")
    s.move("MN", "acc1")
    s.run_until("binding-update-sent", "MN", timeout=5)  # the local BU is on its way
    node = s.node("MN")
    assert node.local.state == "registering"
    forged = IPv6Packet(MAP, LCOA1, BindingAcknowledgement(
        status=0, sequence=node.local.sequence, lifetime=420))
    mark = s.mark()
    s.act(lambda: node.deliver(node.interface, forged))
    assert any("silently ignored (RFC 5380 §6.1)" in t for t in s.texts("MN", mark))
    assert node.local.state == "registering"  # the real BA, with its RH2, is still awaited
    s.run(3)
    assert node.local.state == "registered"
