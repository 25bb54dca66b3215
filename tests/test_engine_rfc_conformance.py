"""The RFC departures the issue-11 audit found, each as the scenario that showed it
(RFC 6275 §5.2.7, §5.2.8, §9.5.1, §10.3.1, §10.4.1, §11.5.1, §11.5.5, §11.8; RFC 3963 §5.3,
§5.5, §7.3; RFC 4429; RFC 4443 §2.4; RFC 4861 §6.2.6). Each test failed before its fix."""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv6Address
from pathlib import Path

from engine_harness import (
    CN_ADDRESS,
    COA,
    COA2,
    HA_ADDRESS,
    HOA,
    HOST_ADDRESS,
    build,
    keygen_token,
    nonce_indices,
    sent_at,
    walk,
)

from mipviz.engine.addressing import ALL_NODES, ALL_ROUTERS, UNSPECIFIED
from mipviz.engine.timeline import MICROSECONDS, Step
from mipviz.model.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingError,
    BindingRefreshAdvice,
    BindingUpdate,
    CareofTest,
    DestinationOptionsHeader,
    EthernetFrame,
    HomeAddressOption,
    IPv6Packet,
    NeighborAdvertisement,
    NeighborSolicitation,
    NonceIndices,
    ParameterProblem,
    RouterAdvertisement,
    RouterSolicitation,
    UDPDatagram,
    UnknownMobilityOption,
)
from mipviz.wire import encode_frame, write_pcap
from tests.test_engine_nemo import MNP, _frames, _network, _run


def solicited_node(address: IPv6Address) -> IPv6Address:
    return IPv6Address("ff02::1:ff00:0") + (int(address) & 0xFFFFFF)


def addresses_in(step: Step) -> set[IPv6Address]:
    """Every address a frame carries: each header's source and destination, HAOs, ACoAs."""
    assert step.packet is not None
    found: set[IPv6Address] = set()
    for packet in walk(step.packet):
        found |= {packet.source, packet.destination}
        if packet.home_address_option is not None:
            found.add(packet.home_address_option.home_address)
        options = getattr(packet.payload, "options", ())
        found |= {o.address for o in options if isinstance(o, AlternateCareofAddress)}
    return found


def home_bu(step: Step) -> bool:
    payload = step.packet.innermost.payload if step.packet is not None else None
    return isinstance(payload, BindingUpdate) and payload.home_registration


def returned_home_with_route_optimisation():  # type: ignore[no-untyped-def]
    s = build()
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 2.0, 0))
    s.run_until("route-optimised", "MN")
    mark = s.mark()
    s.move("MN", "home")
    s.run_until("returned-home", "MN", timeout=5)
    s.run_until("binding-deleted", "MN", timeout=5)
    return s, mark


# --------------------------------------------------------------------- returning home (§11.5.5)
def test_correspondent_deletion_bu_leaves_only_after_the_home_deregistration_bu() -> None:
    s, mark = returned_home_with_route_optimisation()
    from_home = [step for step in s.frames(tx="MN", link="home", since=mark)
                 if HOA in {p.source for p in walk(step.packet)}]  # type: ignore[arg-type]
    dereg = next(step for step in from_home if home_bu(step))
    cn_bu = next(step for step in s.frames(BindingUpdate, tx="MN", link="home", since=mark)
                 if not home_bu(step))
    assert cn_bu.packet.payload.lifetime == 0  # type: ignore[union-attr]
    # Nothing at all leaves from the home address before the deregistration BU.
    assert from_home[0] is dereg
    assert cn_bu.index > dereg.index


def test_unsolicited_nas_for_the_home_address_and_the_link_local_address() -> None:
    s, mark = returned_home_with_route_optimisation()
    ba = next(step for step in s.frames(BindingAcknowledgement, tx="HA", link="home",
                                        since=mark))
    nas = s.frames(NeighborAdvertisement, tx="MN", link="home", since=ba.index)
    link_local = s.node("MN").interface.link_local
    assert {na.packet.payload.target for na in nas} == {HOA, link_local}  # type: ignore[union-attr]
    for na in nas:
        packet = na.packet
        assert packet is not None and packet.destination == ALL_NODES
        assert packet.source == packet.payload.target  # type: ignore[union-attr]
        assert packet.payload.override and not packet.payload.solicited  # type: ignore[union-attr]
        assert not packet.payload.router  # type: ignore[union-attr]


def test_without_a_proxy_answer_the_mn_still_deregisters_after_retrans_timer() -> None:
    s = build()
    s.register()
    ha = s.node("HA")
    s.act(lambda: ha.home_interface.remove_proxy(HOA))  # the HA no longer defends the HoA
    mark = s.mark()
    s.move("MN", "home")
    step = s.run_until("binding-update-sent", "MN", timeout=5)
    ns = next(f for f in s.frames(NeighborSolicitation, tx="MN", link="home", since=mark)
              if f.packet.payload.target == HOA)  # type: ignore[union-attr]
    assert round((step.time - ns.time) / MICROSECONDS, 3) >= 1.0
    assert not s.frames(NeighborAdvertisement, tx="HA", since=mark)


# --------------------------------------------------------------------- moves (§11.5.1)
def test_no_frame_after_a_move_carries_the_removed_care_of_address() -> None:
    s = build(route_optimization=False)
    s.register()
    s.act(lambda: s.net.start_flow("ping", "MN", "CN", "echo", 0.2, 0))
    s.run(2)
    mark = s.mark()
    s.move("MN", "visited2")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    s.run(3)
    moved_at = s.steps(mark)[0].time
    # (a frame the MN sent at the instant of the move, before it, arrives on the old link)
    sent = s.frames(tx="MN", since=mark, where=lambda step: sent_at(step) > moved_at)
    assert sent
    assert [step.index for step in sent if COA in addresses_in(step)] == []
    # Meanwhile the MN's replies are held back with a reason, not sent natively from its HoA.
    drops = [e.text for _, e in s.events("drop", "MN", since=mark)]
    assert any("reverse tunnel is not up yet" in text for text in drops)
    assert not [step for step in sent if step.packet is not None
                and step.packet.tunnel_depth == 0 and step.packet.source == HOA]
    assert s.state("MN").care_of_address == COA2


def test_dad_for_the_link_local_address_before_the_router_solicitation() -> None:
    s = build()
    mark = s.mark()
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    link_local = s.node("MN").interface.link_local
    first, second = s.frames(tx="MN", link="visited", since=mark)[:2]
    ns, rs = first.packet, second.packet
    assert ns is not None and isinstance(ns.payload, NeighborSolicitation)
    assert (ns.source, ns.destination, ns.payload.target) == (
        UNSPECIFIED, solicited_node(link_local), link_local)
    # RFC 4429 §3.2: the RS from the Optimistic address carries no SLLAO.
    assert rs is not None and isinstance(rs.payload, RouterSolicitation)
    assert (rs.source, rs.destination) == (link_local, ALL_ROUTERS)
    assert rs.payload.source_link_layer is None
    assert any("Optimistic" in e.text for _, e in s.events("note", "MN", since=mark))


# --------------------------------------------------------------------- NEMO (RFC 3963 §5.3/§5.5)
def test_mobile_router_never_forwards_natively_away_from_home_nor_tunnels_before_the_ba() -> None:
    net = _network()
    net.sim.begin_action()
    net.start_flow("ping", "Q", "CN", "echo", 0.1, 0)
    net.move("MR", "station-a")
    net.sim.flush_action()
    _run(net, 5)
    net.sim.begin_action()
    net.move("MR", "station-b")
    net.sim.flush_action()
    _run(net, 5)
    steps = net.timeline.steps
    mr_out = [s for s in steps if s.tx == "MR" and s.link in ("station-a", "station-b")
              and s.packet is not None]
    native = [s.index for s in mr_out if s.packet.tunnel_depth == 0  # type: ignore[union-attr]
              and s.packet.source in MNP]  # type: ignore[union-attr]
    assert native == []
    for link, ba_link in (("station-a", "station-a"), ("station-b", "station-b")):
        ba = next(s for s in steps if s.link == ba_link and s.rx == "MR"
                  and isinstance(s.packet.innermost.payload, BindingAcknowledgement))  # type: ignore[union-attr]
        early = [s.index for s in mr_out if s.link == link and s.index < ba.index
                 and s.packet.tunnel_depth > 0]  # type: ignore[union-attr]
        assert early == [], f"tunnelled on {link} before the BA"
    drops = [e.text for s in steps for e in s.events if e.node == "MR" and e.kind == "drop"]
    assert any("RFC 3963 5.3" in text for text in drops)
    # and the flow does get through once the tunnel is up
    assert net.flows["ping"].stats.delivered > 0


def test_mobile_router_answers_a_router_solicitation_after_a_random_delay() -> None:
    delays = set()
    for seed in (1, 2, 3):
        net = _network()
        net.sim.rng.seed(seed)
        q = net.node("Q")
        net.sim.begin_action()
        q.send_on_link(q.interfaces[0], IPv6Packet(
            q.interfaces[0].link_local, ALL_ROUTERS, RouterSolicitation(), hop_limit=255))
        net.sim.flush_action()
        _run(net, 1)
        rs = _frames(net, RouterSolicitation)[0]
        ra = next(s for s in _frames(net, RouterAdvertisement) if s.tx == "MR")
        delay = ra.time - rs.time - 1000  # minus the link delay of the RA itself
        assert 0 <= delay < 500_000  # RFC 4861 §6.2.6: MAX_RA_DELAY_TIME
        delays.add(delay)
    assert len(delays) == 3  # random, not a fixed answer time


def test_home_agent_information_option_says_it_supports_mobile_routers() -> None:
    net = _network()
    ha = net.node("HA")
    ra = ha.router_advertisement(ha.home_interface)
    assert ra.home_agent_information is not None
    assert ra.home_agent_information.mobile_router_support  # RFC 3963 §7.3: R = 1
    # On the wire: type 8, length 1, then the R bit at the top of the Reserved field (Wireshark
    # shows that field only as "Reserved", so the octets are checked here).
    frame = encode_frame(EthernetFrame(ha.home_interface.mac, "33:33:00:00:00:01", IPv6Packet(
        ha.home_interface.link_local, ALL_NODES, ra, hop_limit=255)))
    at = frame.index(bytes([8, 1]), 14 + 40 + 16)
    assert frame[at + 2] & 0x80 and frame[at + 4:at + 8] == bytes([0, 0, 1800 >> 8, 1800 & 0xFF])


# --------------------------------------------------------------------- ICMPv6 (RFC 4443 §2.4 c)
def test_parameter_problem_quotes_up_to_the_minimum_mtu() -> None:
    s = build()
    mn = s.node("MN")
    big = tuple(UnknownMobilityOption(200, bytes(250)) for _ in range(6))
    s.act(lambda: mn.transmit_packet(IPv6Packet(
        HOA, HOST_ADDRESS, BindingUpdate(sequence=1, lifetime=4, options=big))))
    s.run(1)
    [error] = s.frames(ParameterProblem, tx="H")
    problem = error.packet.payload  # type: ignore[union-attr]
    assert problem.code == 1
    # 1280 octets: IPv6 header 40 + ICMPv6 header 8 + 1232 octets of the invoking packet.
    assert len(problem.invoking_packet) == 1232
    assert error.frame_bytes is not None and len(error.frame_bytes) - 14 == 1280


# --------------------------------------------------------------------- HA checks (§9.5.1, §10.3.1)
ELSEWHERE = IPv6Address("2001:db8:2::bad")


def _crafted_home_bu(s, *, hao: bool, nonces: bool) -> int:  # type: ignore[no-untyped-def]
    """A home-registration BU for the HoA that would move the binding to ``ELSEWHERE`` if the
    HA accepted it (next sequence number, so only the checks under test can refuse it)."""
    mn = s.node("MN")
    sequence = (mn.home.sequence + 1) & 0xFFFF
    options: tuple = (AlternateCareofAddress(ELSEWHERE),)
    if nonces:
        options = (NonceIndices(1, 1), *options)
    bu = BindingUpdate(sequence=sequence, lifetime=100, acknowledge=True,
                       home_registration=True, options=options)
    headers = (DestinationOptionsHeader((HomeAddressOption(HOA),)),) if hao else ()
    source = COA if hao else HOA  # without a HAO the source names the home address
    s.act(lambda: mn.transmit_packet(IPv6Packet(source, HA_ADDRESS, bu,
                                                extension_headers=headers)))
    s.run(3)
    return sequence


def test_home_agent_discards_a_registration_without_a_home_address_option() -> None:
    s = build()
    s.register()
    mark = s.mark()
    sequence = _crafted_home_bu(s, hao=False, nonces=False)
    assert not s.frames(BindingAcknowledgement, tx="HA", since=mark,
                        where=lambda st: st.packet.innermost.payload.sequence == sequence)  # type: ignore[union-attr]
    assert s.cache_entry("HA").care_of_address == COA  # unchanged
    assert any("without a Home Address option" in e.text
               for _, e in s.events("drop", "HA", since=mark))


def test_home_agent_discards_a_home_registration_with_nonce_indices() -> None:
    s = build()
    s.register()
    mark = s.mark()
    sequence = _crafted_home_bu(s, hao=True, nonces=True)
    assert not s.frames(BindingAcknowledgement, tx="HA", since=mark,
                        where=lambda st: st.packet.innermost.payload.sequence == sequence)  # type: ignore[union-attr]
    assert s.cache_entry("HA").care_of_address == COA  # unchanged
    assert any("Nonce Indices" in e.text for _, e in s.events("drop", "HA", since=mark))


def test_the_same_crafted_bu_without_the_faults_is_accepted() -> None:
    """The two tests above are not vacuous: with a HAO and no Nonce Indices it moves the
    binding."""
    s = build()
    s.register()
    _crafted_home_bu(s, hao=True, nonces=False)
    assert s.cache_entry("HA").care_of_address == ELSEWHERE


# --------------------------------------------------------------------- CN (§5.2.7, §5.2.8, §9.3.3)
def test_correspondent_refreshes_kcn_with_its_nonces() -> None:
    s = build(cn="nonce_interval = 5")
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 1.0, 0))
    s.run_until("route-optimised", "MN")
    s.move("MN", "visited2")  # a new care-of test, from a later nonce
    s.run(6)
    s.move("MN", "visited")
    s.run_until("route-optimised", "MN", timeout=20)
    cn = s.node("CN")
    nonces = cn.nonces.all()
    assert len(nonces) >= 2 and len({n.kcn for n in nonces}) == len(nonces)
    # Every care-of token the CN sent recomputes from *its* nonce's Kcn (independent HMAC).
    for step in s.frames(CareofTest, tx="CN"):
        cot = step.packet.payload  # type: ignore[union-attr]
        nonce = next(n for n in nonces if n.index == cot.careof_nonce_index)
        careof = step.packet.destination  # type: ignore[union-attr]
        assert cot.careof_keygen_token == keygen_token(nonce.kcn, careof, nonce.value, 1)
    later = [n for n in nonces if n.index > 1]
    lines = cn.key_log_lines()
    assert lines[0] == f"CN_KEY {CN_ADDRESS} {nonces[0].kcn.hex()}"
    assert all(f"CN_KEY {CN_ADDRESS} {n.kcn.hex()} {n.index}" in lines for n in later)


def test_a_replayed_bu_cannot_recreate_a_deleted_binding() -> None:
    s, mark = returned_home_with_route_optimisation()
    cn = s.node("CN")
    assert cn.binding_cache.get(HOA) is None
    # The MN's earlier, authentic BU to the CN, replayed as it crossed the visited link.
    original = next(step for step in s.frames(BindingUpdate, tx="MN", link="visited")
                    if not home_bu(step))
    replay = original.packet
    assert replay is not None and nonce_indices(replay.payload) is not None
    r2 = s.node("R2")
    s.act(lambda: r2.transmit_packet(replay))
    s.run(1)
    assert cn.binding_cache.get(HOA) is None
    statuses = [step.packet.payload.status for step in  # type: ignore[union-attr]
                s.frames(BindingAcknowledgement, tx="CN", since=mark)]
    assert statuses[-1] == 138


def test_correspondent_rate_limits_binding_errors() -> None:
    s = build()
    s.register()
    mn = s.node("MN")
    mark = s.mark()

    def spray() -> None:
        for port in range(6):
            mn.transmit_packet(IPv6Packet(
                COA, CN_ADDRESS, UDPDatagram(1000 + port, 9, b"x"),
                extension_headers=(DestinationOptionsHeader((HomeAddressOption(HOA),)),)))

    s.act(spray)
    s.run(0.5)
    assert len(s.frames(BindingError, tx="CN", since=mark)) == 3
    assert any("rate limit" in e.text for _, e in s.events("drop", "CN", since=mark))


# --------------------------------------------------------------------- MAX_UPDATE_RATE (§11.8)
def test_no_more_than_three_binding_updates_a_second_to_one_destination() -> None:
    s = build()
    s.register()
    mn = s.node("MN")
    s.act(lambda: s.net.fail("HA"))  # no BA ends the burst early
    mark = s.mark()

    def burst() -> None:
        for _ in range(5):
            mn._send_home_binding_update()

    s.act(burst)
    s.run(3)
    times = [step.time for step in s.frames(BindingUpdate, tx="MN", since=mark)]
    assert len(times) >= 4
    assert max(t - times[0] for t in times[:3]) < MICROSECONDS
    assert times[3] - times[0] >= MICROSECONDS
    assert any("MAX_UPDATE_RATE" in e.text for _, e in s.events("note", "MN", since=mark))


def test_proxy_na_for_a_plain_mobile_node_has_r_clear() -> None:
    s = build(extra="""
[[topology.nodes]]
name = "N"
role = "host"
link = "home"
address = "2001:db8:1::7"
""")
    s.register()
    n = s.node("N")
    mark = s.mark()
    s.act(lambda: n.send_on_link(n.interfaces[0], IPv6Packet(
        IPv6Address("2001:db8:1::7"), solicited_node(HOA),
        NeighborSolicitation(target=HOA), hop_limit=255)))
    s.run(0.1)
    [answer] = s.frames(NeighborAdvertisement, tx="HA", since=mark)
    na = answer.packet.payload  # type: ignore[union-attr]
    assert na.target == HOA and na.solicited and not na.router  # RFC 6275 §10.4.1



# --------------------------------------------------------------------- Binding Refresh Advice
def test_binding_refresh_advice_from_the_ha_sets_the_mns_refresh(tmp_path: Path) -> None:
    """RFC 6275 §6.2.4, §10.3.1: the HA advises a refresh interval shorter than the lifetime;
    §11.7.3: the MN refreshes then (not at 80 % of the 420 s lifetime)."""
    s = build()
    s.act(lambda: setattr(s.node("HA"), "binding_refresh_interval", 40))
    s.register()
    [ba_step] = s.frames(BindingAcknowledgement, tx="R2", link="visited")
    ba = ba_step.packet.innermost.payload  # type: ignore[union-attr]
    assert ba.lifetime == 420
    assert BindingRefreshAdvice(40) in ba.options
    first_bu = s.frames(BindingUpdate, tx="MN", link="visited")[0]
    s.run(60)
    bus = s.frames(BindingUpdate, tx="MN", link="visited")
    assert len(bus) == 2
    assert (sent_at(bus[1]) - sent_at(first_bu)) / MICROSECONDS == 40
    assert any("advises a refresh after 40 s" in e.text for _, e in s.events("note", "MN"))
    # Wireshark reads the option as meant: Refresh Interval in 4-second units (40 s = 10).
    tshark = shutil.which("tshark")
    assert tshark is not None, "tshark is required (apt-get install tshark)"
    pcap = tmp_path / "bra.pcap"
    assert ba_step.frame_bytes is not None
    write_pcap(pcap, [(0, ba_step.frame_bytes)])
    fields = subprocess.run([tshark, "-r", str(pcap), "-T", "fields", "-e", "mip6.mhtype",
                             "-e", "mip6.bra.interval"], check=True, capture_output=True,
                            text=True).stdout.split()
    assert fields == ["6", "10"]
    expert = subprocess.run([tshark, "-r", str(pcap), "-q", "-z", "expert"], check=True,
                            capture_output=True, text=True).stdout
    assert "Malformed" not in expert and "Warnings (" not in expert


def test_no_binding_refresh_advice_unless_the_ha_is_configured_for_it() -> None:
    s = build()
    s.register()
    ba = s.frames(BindingAcknowledgement, tx="HA")[0].packet.innermost.payload  # type: ignore[union-attr]
    assert not any(isinstance(o, BindingRefreshAdvice) for o in ba.options)
