"""Return Routability, route optimisation, Binding Refresh Requests, a correspondent without
Mobile IPv6, determinism and handover loss, as a learner sees them in the timeline
(RFC 6275 §5.2, §9, §11.6, §11.7.2; PROTOCOL.md §9, §11.4, §15)."""

from __future__ import annotations

from conftest import bundled_lesson_ids, lesson_run
from engine_harness import (
    CN_ADDRESS,
    COA,
    COA2,
    HA_ADDRESS,
    HOA,
    HOST_ADDRESS,
    authenticator,
    build,
    innermost,
    kbm,
    keygen_token,
    nonce_indices,
    nonce_value,
    sent_at,
)

from mipviz.engine import authentication
from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingRefreshRequest,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    DestinationOptionsHeader,
    EchoReply,
    EchoRequest,
    HomeAddressOption,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    ParameterProblem,
)
from mipviz.engine.timeline import MICROSECONDS

MOBILITY_HEADER = 135  # IPv6 Next Header value of the Mobility Header
HOME_ADDRESS_OPTION = 0xC9


def route_optimised(seed: int = 1, **options: object):  # type: ignore[no-untyped-def]
    """Registered, a CN ping every ``interval`` seconds, and RO in place with the CN."""
    interval = options.pop("interval", 5.0)
    s = build(seed=seed, **options)
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", interval, 0))
    s.run_until("route-optimised", "MN", timeout=10)
    return s


# ---------------------------------------------------------------------------------------------
# 5. Return Routability and route optimisation


def test_return_routability_tokens_bu_ba_and_route_optimised_data() -> None:
    s = route_optimised()
    cn = s.node("CN")

    # HoTI through the reverse tunnel: outer CoA -> HA, inner HoA -> CN.
    hoti = s.frames(HomeTestInit, tx="MN", link="visited")[0].packet
    assert hoti.tunnel_depth == 1
    assert (hoti.source, hoti.destination) == (COA, HA_ADDRESS)
    assert (hoti.payload.source, hoti.payload.destination) == (HOA, CN_ADDRESS)
    # The HA forwards it decapsulated, so CN sees it from the home address.
    hoti_at_cn = s.frames(HomeTestInit, tx="R3", link="cn-net")[0].packet
    assert (hoti_at_cn.tunnel_depth, hoti_at_cn.source) == (0, HOA)
    # CoTI direct: CoA -> CN, no tunnel, no Home Address option.
    coti = s.frames(CareofTestInit, tx="MN", link="visited")[0].packet
    assert (coti.tunnel_depth, coti.source, coti.destination) == (0, COA, CN_ADDRESS)
    assert coti.home_address_option is None

    # HoT arrives through the HA's tunnel; CoT directly to the CoA.
    hot_packet = s.frames(HomeTest, tx="R2", link="visited")[0].packet
    assert hot_packet.tunnel_depth == 1
    assert (hot_packet.source, hot_packet.destination) == (HA_ADDRESS, COA)
    assert (hot_packet.payload.source, hot_packet.payload.destination) == (CN_ADDRESS, HOA)
    cot_packet = s.frames(CareofTest, tx="R2", link="visited")[0].packet
    assert (cot_packet.tunnel_depth, cot_packet.source, cot_packet.destination) == (
        0, CN_ADDRESS, COA)
    hot, cot = hot_packet.payload.payload, cot_packet.payload
    assert hot.home_init_cookie == hoti.payload.payload.home_init_cookie
    assert cot.careof_init_cookie == coti.payload.careof_init_cookie
    assert hot.home_init_cookie != cot.careof_init_cookie

    # The tokens are exactly RFC 6275 §5.2.5's, recomputed here from CN's secrets.
    home_token = keygen_token(cn.kcn, HOA, nonce_value(cn, hot.home_nonce_index), 0)
    careof_token = keygen_token(cn.kcn, COA, nonce_value(cn, cot.careof_nonce_index), 1)
    assert hot.home_keygen_token == home_token
    assert cot.careof_keygen_token == careof_token
    assert home_token != keygen_token(cn.kcn, COA, nonce_value(cn, 1), 0)

    # The BU to CN: HAO, Nonce Indices, BAD last, verified with Kbm = SHA1(home | care-of).
    bu_step = s.frames(BindingUpdate, tx="MN", link="visited",
                       where=lambda step: not step.packet.payload.home_registration)[0]
    bu_packet = bu_step.packet
    bu = bu_packet.payload
    assert (bu_packet.source, bu_packet.destination) == (COA, CN_ADDRESS)
    assert bu_packet.home_address_option.home_address == HOA
    assert not bu.home_registration and bu.acknowledge and not bu.key_management
    assert 0 < bu.lifetime <= 420
    indices = nonce_indices(bu)
    assert (indices.home_nonce_index, indices.careof_nonce_index) == (
        hot.home_nonce_index, cot.careof_nonce_index)
    assert authenticator(bu) is not None and len(authenticator(bu)) == 12
    binding_key = kbm(home_token, careof_token)
    assert authentication.verify(bu, binding_key, COA, CN_ADDRESS)
    assert not authentication.verify(bu, kbm(home_token), COA, CN_ADDRESS)
    assert bu_step.checksum_ok is True

    entry = s.cache_entry("CN")
    assert entry is not None
    assert (entry.care_of_address, entry.home_registration, entry.lifetime) == (
        COA, False, bu.lifetime)

    # CN's BA: to the CoA with an RH2 for the HoA, signed with the same Kbm.
    ba_packet = s.frames(BindingAcknowledgement, tx="CN")[0].packet
    ba = ba_packet.payload
    assert (ba_packet.source, ba_packet.destination) == (CN_ADDRESS, COA)
    assert ba_packet.routing_header_type2.home_address == HOA
    assert (ba.status, ba.sequence, ba.key_management) == (0, bu.sequence, False)
    assert authentication.verify(ba, binding_key, COA, CN_ADDRESS)
    bul = s.bul_entry("CN")
    assert (bul.state, bul.care_of_address) == ("bound", COA)
    assert bul.return_routability == "home token, care-of token"

    # Route-optimised data both ways.
    mark = s.mark()
    s.run(5)
    request = s.frames(EchoRequest, tx="CN", since=mark)[0].packet
    assert request.tunnel_depth == 0
    assert (request.source, request.destination) == (CN_ADDRESS, COA)
    assert request.routing_header_type2.home_address == HOA
    reply = s.frames(EchoReply, tx="MN", since=mark)[0].packet
    assert reply.tunnel_depth == 0
    assert (reply.source, reply.destination) == (COA, CN_ADDRESS)
    assert reply.home_address_option.home_address == HOA
    assert not s.events("encapsulate", "HA", since=mark)
    delivered = s.events("data-delivered", "CN", since=mark)
    assert delivered and "route-optimised" in delivered[0][1].text


# ---------------------------------------------------------------------------------------------
# 7. a correspondent without Mobile IPv6


def test_host_without_mobile_ipv6_refuses_route_optimisation() -> None:
    s = build()
    s.register()
    s.act(lambda: s.net.start_flow("ping", "H", "MN", "echo", 2.0, 0))
    s.run(5)

    # The host answers both HoTI and CoTI with Parameter Problem code 1, pointing at the Next
    # Header field that named the Mobility Header (offset 6 in a packet without extensions).
    problems = s.frames(ParameterProblem, tx="H", link="cn-net")
    assert len(problems) == 2
    to = {}
    for step in problems:
        message = step.packet.payload
        assert (message.code, message.pointer) == (1, 6)
        assert message.invoking_packet[message.pointer] == MOBILITY_HEADER
        to[step.packet.destination] = message.invoking_packet
    assert set(to) == {COA, HOA}  # CoTI's source and HoTI's source
    assert to[COA][8:24] == COA.packed and to[HOA][8:24] == HOA.packed

    mn_entry = s.bul_entry("H")
    assert mn_entry is not None and mn_entry.state == "refused"
    assert not s.frames(BindingUpdate, tx="MN", where=lambda st: st.packet.destination
                        == HOST_ADDRESS or innermost(st).destination == HOST_ADDRESS)

    # Data stays in the tunnel, both ways.
    mark = s.mark()
    s.run(4)
    replies = s.frames(EchoReply, tx="MN", since=mark)
    assert len(replies) == 2 and all(step.packet.tunnel_depth == 1 for step in replies)
    requests = s.frames(EchoRequest, tx="R2", link="visited", since=mark)
    assert len(requests) == 2 and all(step.packet.tunnel_depth == 1 for step in requests)
    assert not s.frames((HomeTestInit, CareofTestInit), since=mark)

    # A data packet with a Home Address option to the host: Parameter Problem code 2, pointing
    # at the option (the Destination Options header starts at 40; PadN(4) puts the option at
    # 46, RFC 6275 §6.3 alignment 8n+6).
    mn = s.node("MN")
    mark = s.mark()
    s.act(lambda: mn.transmit_packet(IPv6Packet(
        COA, HOST_ADDRESS, EchoRequest(99, 1, b"hao"),
        extension_headers=(DestinationOptionsHeader((HomeAddressOption(HOA),)),))))
    s.run(1)
    problem_step = s.frames(ParameterProblem, tx="H", since=mark)[0]
    message = problem_step.packet.payload
    assert (message.code, message.pointer) == (2, 46)
    assert message.invoking_packet[message.pointer] == HOME_ADDRESS_OPTION
    assert problem_step.packet.destination == COA
    assert not s.frames(EchoReply, tx="H", since=mark)
    assert any("Home Address option" in e.text for _, e in s.events("note", "MN", since=mark))


# ---------------------------------------------------------------------------------------------
# 8. Binding Refresh Request only for an entry in use


def test_binding_refresh_request_when_the_entry_is_in_use() -> None:
    s = route_optimised(binding_lifetime=120)
    entry = s.cache_entry("CN")
    mark = s.mark()
    s.run_until("binding-refresh-request-received", "MN", timeout=120)
    brr = s.frames(BindingRefreshRequest, tx="CN", since=mark)
    assert len(brr) == 1
    # sent to the home address (through the HA), 20 s before the entry would expire
    assert (brr[0].packet.destination, brr[0].packet.routing_header_type2) == (HOA, None)
    assert sent_at(brr[0]) == entry.expires - 20 * MICROSECONDS
    notes = [e.text for _, e in s.events("note", "CN", since=mark) if "in use" in e.text]
    assert notes
    # The MN answers by refreshing the binding; CN renews its entry before it expires.
    s.run_until("route-optimised", "MN", timeout=10)
    assert s.events("binding-refreshed", "CN", since=mark)
    assert not s.events("binding-expired", "CN")
    assert s.cache_entry("CN").expires > entry.expires


def test_no_binding_refresh_request_for_an_idle_entry() -> None:
    s = route_optimised(binding_lifetime=120)
    s.act(lambda: s.net.stop_flow("ping"))
    entry = s.cache_entry("CN")
    mark = s.mark()
    expired = s.run_until("binding-expired", "CN", timeout=130)
    assert expired.time == entry.expires
    # idle for more than CN_BRR_TIME_THRESH (60 s) when the entry neared expiry: no BRR
    assert not s.frames(BindingRefreshRequest, since=mark)
    assert not s.events("binding-refresh-request-received", since=mark)
    assert s.cache_entry("CN") is None


# ---------------------------------------------------------------------------------------------
# 11. determinism


def frame_bytes_of(seed: int) -> list[bytes]:
    s = route_optimised(seed=seed)
    s.run(6)
    return [step.frame_bytes for step in s.steps() if step.frame_bytes is not None]


def test_same_scenario_same_bytes_other_seed_other_cookies() -> None:
    first, again = frame_bytes_of(1), frame_bytes_of(1)
    assert len(first) > 40
    assert first == again

    def cookies(seed: int) -> tuple[bytes, bytes]:
        s = route_optimised(seed=seed)
        hoti = innermost(s.frames(HomeTestInit, tx="MN")[0]).payload
        coti = innermost(s.frames(CareofTestInit, tx="MN")[0]).payload
        return hoti.home_init_cookie, coti.careof_init_cookie

    assert cookies(1) != cookies(2)
    assert frame_bytes_of(2) != first


# ---------------------------------------------------------------------------------------------
# 12. handover loss in the flow statistics


def test_flow_statistics_count_the_packets_lost_in_a_handover() -> None:
    s = route_optimised(interval=0.25)
    flow = s.net.flows["ping"]
    before = flow.stats.lost
    s.move("MN", "visited2")
    s.run_until("route-optimised", "MN", timeout=10)
    s.run(2)
    s.act(lambda: s.net.stop_flow("ping"))
    s.run(1)
    stats = flow.stats
    assert s.state("MN").care_of_address == COA2
    assert stats.sent - stats.delivered == stats.lost > before
    assert stats.longest_gap >= 1 * MICROSECONDS  # RS delay + DAD + registration
    stopped = [e.text for _, e in s.events("note", "CN") if "stopped" in e.text]
    assert stopped == [f"flow ping stopped: {stats.sent} sent, {stats.delivered} delivered, "
                       f"{stats.lost} lost"]
    # the learner sees where they went: to the old link, where the MN no longer is
    lost = [e.text for _, e in s.events("drop", "R2")]
    assert any(text.startswith("frame lost: nothing on visited has MAC") for text in lost)


# ---------------------------------------------------------------------------------------------
# what the learner steps through


def assert_every_step_shows_something(steps: list) -> None:  # type: ignore[type-arg]
    """A step is a frame crossing a link, or a timer/action that noted something: never blank
    (a blank step would also carry the next action's narration away from its first frame)."""
    blank = [(step.index, step.kind, step.changed) for step in steps
             if step.frame is None and not step.events]
    assert blank == []


def test_no_blank_steps_across_a_route_optimised_handover() -> None:
    s = route_optimised(interval=0.5)
    s.move("MN", "visited2")  # after sending its BU the MN also resets its CN entry
    s.run_until("route-optimised", "MN", timeout=10)
    s.run(2)
    assert_every_step_shows_something(s.steps())


def test_no_blank_steps_in_the_bundled_lessons() -> None:
    for lesson_id in bundled_lesson_ids():
        assert_every_step_shows_something(lesson_run(lesson_id).timeline.steps)
