"""Home agent discovery and fail-over, scenario by scenario (RFC 6275 §10.5, §10.5.1, §11.4.1,
§11.8; RFC 3963 §7; RFC 2526), and movement detection by the Advertisement Interval option
(§7.3, §11.5.1). Each test drives tests/discovery_harness.py's two-home-agent network and
checks what a learner would see on the wire."""

from __future__ import annotations

from discovery_harness import ANYCAST, HA1, HA2, build_discovery
from engine_harness import COA, HOA, gaps, sent_at

from mipviz.engine.home_agent_discovery import home_agents_anycast
from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    EchoRequest,
    NeighborSolicitation,
    RouterSolicitation,
)
from mipviz.i18n import render
from mipviz.model.discovery_messages import (
    HomeAgentAddressDiscoveryReply,
    HomeAgentAddressDiscoveryRequest,
)


def _texts(s, node, since=0):
    return [render(t, "en") for t in s.texts(node, since)]


def test_the_home_agents_anycast_address_is_prefix_plus_rfc_2526_identifier() -> None:
    from ipaddress import IPv6Network
    assert home_agents_anycast(IPv6Network("2001:db8:1::/64")) == ANYCAST


def test_a_node_with_only_its_home_prefix_finds_its_home_agent_before_its_first_bu() -> None:
    s = build_discovery()
    s.run(4)  # the HAs exchange RAs: each lists the other
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    requests = s.frames(HomeAgentAddressDiscoveryRequest, tx="MN")
    assert len(requests) == 1
    request = requests[0].packet
    assert (request.source, request.destination) == (COA, ANYCAST)
    assert request.payload.mobile_router is False
    replies = s.frames(HomeAgentAddressDiscoveryReply, link="visited")
    assert len(replies) == 1
    reply = replies[0].packet
    assert reply.destination == COA and reply.payload.identifier == request.payload.identifier
    assert reply.payload.home_agents == (HA1, HA2)  # HA1 has preference 10, HA2 0
    bus = s.frames(BindingUpdate, tx="MN")
    assert bus[0].packet.destination == HA1
    assert sent_at(bus[0]) >= sent_at(replies[0])  # no BU before the reply
    assert not s.frames(BindingUpdate, tx="MN", where=lambda st: sent_at(st) < sent_at(
        requests[0]))
    assert s.cache_entry("HA1") is not None and s.cache_entry("HA2") is None


def test_the_reply_is_ordered_by_preference() -> None:
    s = build_discovery(pref1=-5, pref2=7)
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    reply = s.frames(HomeAgentAddressDiscoveryReply, link="visited")[0].packet.payload
    assert reply.home_agents == (HA2, HA1)
    assert s.frames(BindingUpdate, tx="MN")[0].packet.destination == HA2
    assert s.cache_entry("HA2") is not None


def test_no_home_agent_answers_dhaad() -> None:
    s = build_discovery()
    s.run(1)
    s.act(lambda: s.net.fail("HA1"))
    s.act(lambda: s.net.fail("HA2"))
    s.move("MN", "visited")
    s.run(100)  # the last request waits 48 s
    requests = s.frames(HomeAgentAddressDiscoveryRequest, tx="MN")
    # INITIAL_DHAAD_TIMEOUT 3 s, doubling, DHAAD_RETRIES 4: 5 requests, 3/6/12/24 s apart
    times = [sent_at(r) for r in requests]
    assert gaps(times) == [3, 6, 12, 24]
    assert not s.frames(BindingUpdate, tx="MN")
    assert any("no home agent answered 5 DHAAD requests" in t for t in _texts(s, "MN"))


def test_a_list_entry_expires_when_its_lifetime_passes_without_an_ra() -> None:
    s = build_discovery(lifetime1=9, lifetime2=9)
    s.run(4)
    s.act(lambda: s.net.fail("HA1"))
    mark = s.mark()
    s.run(12)
    expired = [t for t in _texts(s, "HA2", mark) if "expired" in t]
    assert expired and "2001:db8:1::1" in expired[0]
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    reply = s.frames(HomeAgentAddressDiscoveryReply, link="visited")[0].packet.payload
    assert reply.home_agents == (HA2,)


def test_a_first_registration_without_ba_moves_on_to_the_next_home_agent() -> None:
    s = build_discovery(lifetime1=1800, lifetime2=1800)
    s.run(4)
    s.act(lambda: s.net.fail("HA1"))  # HA2 still lists it: its lifetime is long
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=20)
    bus = s.frames(BindingUpdate, tx="MN")
    assert [b.packet.destination for b in bus] == [HA1, HA2]
    # InitialBindackTimeoutFirstReg = 1.5 s before the next home agent (RFC 6275 §11.4.1)
    assert sent_at(bus[1]) - sent_at(bus[0]) == 1_500_000
    assert s.cache_entry("HA2") is not None


def test_fail_over_after_the_back_off_reaches_max_bindack_timeout() -> None:
    s = build_discovery()
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    s.act(lambda: s.net.fail("HA1"))
    mark = s.mark()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 5.0, 0))
    s.run_until("binding-acknowledgement-received", "MN", timeout=200)
    bus = s.frames(BindingUpdate, tx="MN", since=mark)
    to_ha1 = [b for b in bus if b.packet.destination == HA1]
    assert gaps([sent_at(b) for b in to_ha1]) == [1, 2, 4, 8, 16]  # §11.8 back-off
    second = [r for r in s.frames(HomeAgentAddressDiscoveryRequest, tx="MN", since=mark)]
    assert len(second) == 1
    assert sent_at(second[0]) - sent_at(to_ha1[-1]) == 32_000_000  # MAX_BINDACK_TIMEOUT
    assert s.frames(HomeAgentAddressDiscoveryReply, link="visited", since=mark)[
        0].packet.payload.home_agents == (HA2,)
    assert bus[-1].packet.destination == HA2
    assert s.frames(BindingAcknowledgement, tx="HA2")
    # the CN's pings reach the MN again, through HA2's tunnel
    back = s.mark()
    s.run(12)
    delivered = s.frames(EchoRequest, tx="MN", since=back) or s.events(
        "data-delivered", since=back)
    assert delivered
    tunnelled = s.frames(EchoRequest, tx="HA2", since=back)
    assert tunnelled and tunnelled[0].packet.destination == COA


def test_a_mobile_router_sets_r_and_only_home_agents_supporting_mrs_are_offered() -> None:
    s = build_discovery(mn_role="mobile-router", mn="", pref1=0, pref2=10,
                        ha2="mobile_router_support = false")
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    request = s.frames(HomeAgentAddressDiscoveryRequest, tx="MN")[0].packet.payload
    assert request.mobile_router is True
    reply = s.frames(HomeAgentAddressDiscoveryReply, link="visited")[0].packet.payload
    assert reply.mobile_router is True and reply.home_agents == (HA1,)
    assert s.frames(BindingUpdate, tx="MN")[0].packet.payload.mobile_router
    assert s.cache_entry("HA1") is not None


def test_a_plain_mobile_node_is_offered_every_home_agent() -> None:
    s = build_discovery(pref1=0, pref2=10, ha2="mobile_router_support = false")
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    reply = s.frames(HomeAgentAddressDiscoveryReply, link="visited")[0].packet.payload
    assert reply.mobile_router is False and reply.home_agents == (HA2, HA1)


def test_a_missed_router_advertisement_reveals_a_move_without_a_link_layer_hint() -> None:
    # The home agents advertise rarely: only the missed RA of R2 can tell the MN it moved.
    s = build_discovery(r2="ra_interval = 1.0", ra=60.0, lifetime1=180, lifetime2=180)
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    s.run(2)
    mark = s.mark()
    moved_at = s.net.sim.now
    s.act(lambda: s.net.move("MN", "home", link_layer_hint=False))
    s.run(0.5)
    assert not s.frames(RouterSolicitation, tx="MN", since=mark)  # it does not know yet
    s.run(3)
    solicitations = s.frames(RouterSolicitation, tx="MN", since=mark)
    assert solicitations
    # the last RA from R2 came at most 1 s before the move; +10 %: within 1.1 s of it
    assert sent_at(solicitations[0]) - moved_at <= 1_100_000
    assert any("Advertisement Interval of 1000 ms" in t for t in _texts(s, "MN", mark))
    dad = s.frames(NeighborSolicitation, tx="MN", since=mark)
    assert dad and sent_at(dad[0]) <= sent_at(solicitations[0])  # Optimistic DAD first
    assert s.events("returned-home", "MN", since=mark)  # the RA that answered: home prefix


def test_with_a_link_layer_hint_the_advertisement_interval_never_fires() -> None:
    s = build_discovery(r2="ra_interval = 1.0")
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    mark = s.mark()
    s.run(10)  # R2 keeps advertising every second: no hint
    assert not any("Advertisement Interval" in t for t in _texts(s, "MN", mark))
    assert not s.frames(RouterSolicitation, tx="MN", since=mark)
    assert HOA  # the harness's home address is the MN's here too


def test_a_periodic_ra_during_care_of_dad_does_not_restart_it() -> None:
    s = build_discovery(r2="ra_interval = 0.2")
    s.run(1)
    mark = s.mark()
    s.move("MN", "visited")
    s.run_until("care-of-address-configured", "MN", timeout=10)
    dad = s.frames(NeighborSolicitation, tx="MN", since=mark,
                   where=lambda st: st.packet.payload.target == COA)
    assert len(dad) == 1  # one DAD for the care-of address, whatever RAs come meanwhile
    assert len(s.events("movement-detected", "MN", since=mark)) == 1


def test_the_advertisement_interval_option_is_the_ra_interval_plus_20_ms_below_200_ms() -> None:
    from mipviz.engine.messages import RouterAdvertisement

    for interval, expected in (("1.0", 1000), ("0.1", 120)):
        s = build_discovery(r2=f"ra_interval = {interval}")
        s.run(1.5)
        ra = s.frames(RouterAdvertisement, tx="R2", link="visited")[0].packet.payload
        assert ra.advertisement_interval == expected  # RFC 6275 §7.3, §7.5
