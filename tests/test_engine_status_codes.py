"""Every Binding Acknowledgement failure status and Binding Error status of Mobile IPv6 core,
each reached in a running network, with what the learner sees on the wire and in the caches
(RFC 6275 §6.1.8, §6.1.9, §9.5.1, §10.3.1, §10.3.2, §11.7.3; PROTOCOL.md §5).

Statuses 139 and 140-143 belong to NEMO (RFC 3963, R-flag registrations) and are not covered
here.

Where a scenario needs a node configured in a way no lesson key offers, the test sets an
attribute of the built node and says why.
"""

from __future__ import annotations

from ipaddress import IPv6Address

from conftest import lesson_run
from engine_harness import (
    CN_ADDRESS,
    COA,
    COA2,
    HA_ADDRESS,
    HOA,
    Scenario,
    authenticator,
    build,
    innermost,
    kbm,
    keygen_token,
    nonce_indices,
    nonce_value,
)

from mipviz.engine import authentication
from mipviz.engine.addressing import ALL_NODES, UNSPECIFIED
from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingError,
    BindingRefreshRequest,
    BindingUpdate,
    CareofTestInit,
    EchoReply,
    HomeTestInit,
    IPv6Packet,
    NeighborAdvertisement,
    UnknownMobilityMessage,
)

NEIGHBOUR_ON_THE_HOME_LINK = """
[[topology.nodes]]
name = "Neighbour"
role = "host"
link = "home"
address = "2001:db8:1::200"
"""


def home_bas(s: Scenario, since: int = 0) -> list[BindingAcknowledgement]:
    """The BAs as they reach the MN from its home agent."""
    return [innermost(step).payload
            for step in s.frames(BindingAcknowledgement, tx="HA", since=since)]


def cn_bas(s: Scenario, since: int = 0) -> list[BindingAcknowledgement]:
    return [innermost(step).payload
            for step in s.frames(BindingAcknowledgement, tx="CN", since=since)]


def correspondent_bus(s: Scenario, since: int = 0) -> list[BindingUpdate]:
    return [step.packet.payload for step in s.frames(
        BindingUpdate, tx="MN", since=since,
        where=lambda step: not step.packet.payload.home_registration)]


def with_route_optimisation(**options: object) -> Scenario:
    s = build(**options)  # type: ignore[arg-type]
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 1.0, 1))
    s.run_until("route-optimised", "MN", timeout=10)
    return s


def binding_refresh_request_from_cn(s: Scenario) -> None:
    """CN asks for a refresh now (a CN MAY send a BRR at any time, RFC 6275 §9.5.5)."""
    cn = s.node("CN")
    s.act(lambda: cn.send_packet(IPv6Packet(CN_ADDRESS, HOA, BindingRefreshRequest())))


# ---------------------------------------------------------------------------------------------
# Home agent: 132, 133, 134, 135


def test_132_home_address_not_on_the_home_link() -> None:
    s = build()
    # The loader only accepts a home address inside the home link's prefix, so the MN is
    # misconfigured after building: it claims a home address the HA does not serve.
    foreign = IPv6Address("2001:db8:9::100")
    s.node("MN").home_address = foreign
    s.register()
    bu = s.frames(BindingUpdate, tx="MN")[0].packet
    assert bu.home_address_option.home_address == foreign
    [ba] = home_bas(s)
    assert (ba.status, ba.lifetime) == (132, 0)
    ba_packet = s.frames(BindingAcknowledgement, tx="HA")[0].packet
    assert (ba_packet.destination, ba_packet.routing_header_type2.home_address) == (
        COA, foreign)
    assert s.state("HA").binding_cache == ()
    assert not s.frames(NeighborAdvertisement, tx="HA")  # no DAD, no proxy
    assert s.bul_entry("HA").state == "failed"


def test_133_deregistration_without_a_binding_and_the_mn_still_comes_home() -> None:
    s = build()
    s.register()
    ha = s.node("HA")

    def ha_restarts_with_an_empty_cache() -> None:
        # RFC 6275 §10.3.1 allows a volatile Binding Cache: the HA rebooted and forgot the
        # binding (and so stopped proxying), while the MN still believes it is registered.
        ha.binding_cache.delete(HOA)
        ha.home_interface.remove_proxy(HOA)

    s.act(ha_restarts_with_an_empty_cache)
    mark = s.mark()
    s.move("MN", "home")
    s.run(4)
    dereg = s.frames(BindingUpdate, tx="MN", link="home", since=mark)[0].packet.payload
    assert dereg.lifetime == 0 and dereg.home_registration
    [ba] = home_bas(s, since=mark)
    assert (ba.status, ba.sequence) == (133, dereg.sequence)
    # Nothing to remove at the HA, so the MN is simply at home: it uses its home address and
    # announces it (RFC 6275 §11.5.5 step 5), and forgets its care-of address.
    assert s.events("returned-home", "MN", since=mark)
    nas = s.frames(NeighborAdvertisement, tx="MN", link="home", since=mark,
                   where=lambda step: step.packet.payload.target == HOA)
    assert 1 <= len(nas) <= 3 and nas[0].packet.destination == ALL_NODES
    assert s.state("MN").care_of_address is None
    assert s.bul_entry("HA") is None

    # ...and the next trip away and back works as usual (first registration, then dereg).
    mark = s.mark()
    s.register()
    assert home_bas(s)[-1].status == 0
    dad = [step for step in s.frames(tx="HA", link="home", since=mark)
           if step.packet.source == UNSPECIFIED and step.packet.payload.target == HOA]
    assert len(dad) == 1  # a first registration again
    mark = s.mark()
    s.move("MN", "home")
    s.run_until("returned-home", "MN", timeout=5)
    assert [ba.status for ba in home_bas(s, since=mark)] == [0]


def test_134_duplicate_address_detection_fails() -> None:
    s = build(extra=NEIGHBOUR_ON_THE_HOME_LINK)
    s.move("MN", "visited")
    # While the MN is away, another node on the home link takes its home address (no
    # lesson key can give two nodes one address).
    s.act(lambda: s.node("Neighbour").interfaces[0].add_address(HOA))
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    defence = s.frames(NeighborAdvertisement, tx="Neighbour", link="home")
    assert len(defence) == 1
    assert defence[0].packet.payload.target == HOA
    assert defence[0].packet.destination == ALL_NODES  # answer to a DAD probe from ::
    dad = [step for step in s.frames(tx="HA", link="home")
           if step.packet.source == UNSPECIFIED]
    assert len(dad) == 1 and dad[0].index < defence[0].index
    [ba] = home_bas(s)
    assert ba.status == 134
    assert s.state("HA").binding_cache == ()
    assert HOA not in s.node("HA").home_interface.proxied
    assert s.bul_entry("HA").state == "failed"


def test_135_at_the_home_agent_then_resynchronised() -> None:
    s = build()
    s.register()
    accepted = s.cache_entry("HA").sequence
    mn = s.node("MN")
    # Roll the MN's sequence number back (as after a reboot that lost it) so that its next
    # BU is not newer than the last one the HA accepted.
    s.act(lambda: setattr(mn.home, "sequence", (accepted - 5) % 65536))
    mark = s.mark()
    s.register("visited2")
    s.run(1)
    sent = [step.packet.payload.sequence
            for step in s.frames(BindingUpdate, tx="MN", link="visited2", since=mark)]
    bas = home_bas(s, since=mark)
    assert [ba.status for ba in bas] == [135, 0]
    # The 135 BA carries the last accepted sequence number, not the BU's (RFC 6275 §9.5.1).
    assert sent[0] == (accepted - 4) % 65536
    assert bas[0].sequence == accepted
    assert sent[1] == (accepted + 1) % 65536 == bas[1].sequence
    entry = s.cache_entry("HA")
    assert (entry.care_of_address, entry.sequence) == (COA2, sent[1])
    assert s.bul_entry("HA").state == "registered"


# ---------------------------------------------------------------------------------------------
# Correspondent: 131, 135, 136, 137, 138, authenticator mismatch


def test_131_home_registration_sent_to_a_correspondent() -> None:
    s = build()
    # Misconfigure the MN so that it takes the correspondent for its home agent.
    s.node("MN").home.peer_address = CN_ADDRESS
    s.move("MN", "visited")
    s.run(5)
    bu = s.frames(BindingUpdate, tx="MN")[0].packet
    assert bu.destination == CN_ADDRESS and bu.payload.home_registration
    [ba] = cn_bas(s)
    assert ba.status == 131
    assert authenticator(ba) is None
    assert s.state("CN").binding_cache == ()
    assert s.bul_entry("HA").state == "failed"


def test_135_at_the_correspondent_then_resynchronised() -> None:
    s = with_route_optimisation()
    accepted = s.cache_entry("CN").sequence
    mn = s.node("MN")
    entry = mn.correspondents[CN_ADDRESS]
    # Roll back the MN's sequence number for CN, as in the home agent test above.
    s.act(lambda: setattr(entry, "sequence", (accepted - 5) % 65536))
    mark = s.mark()
    s.register("visited2")
    s.run_until("route-optimised", "MN", timeout=10)
    bus, bas = correspondent_bus(s, since=mark), cn_bas(s, since=mark)
    assert [ba.status for ba in bas] == [135, 0]
    assert bus[0].sequence == (accepted - 4) % 65536
    assert bas[0].sequence == accepted
    # A 135 from a CN is authenticated (BAD), which is what lets the MN trust it.
    assert authenticator(bas[0]) is not None
    cn = s.node("CN")
    indices = nonce_indices(bus[0])
    binding_key = kbm(
        keygen_token(cn.kcn, HOA, nonce_value(cn, indices.home_nonce_index), 0),
        keygen_token(cn.kcn, COA2, nonce_value(cn, indices.careof_nonce_index), 1))
    assert authentication.verify(bas[0], binding_key, COA2, CN_ADDRESS)
    assert bus[1].sequence == (accepted + 1) % 65536 == bas[1].sequence
    assert s.cache_entry("CN").care_of_address == COA2


# The nonce scenarios: CN keeps nonces for 100 s instead of 240 (max_nonce_lifetime), so that
# tokens the MN may still reuse (MAX_TOKEN_LIFETIME = 210 s) can name expired nonces.
SHORT_NONCES = "max_nonce_lifetime = 100"


def assert_redone_after(s: Scenario, mark: int, status: int, expired: tuple[int, int],
                        tests: list[type]) -> None:
    """The BU named ``expired`` nonce indices; CN said ``status`` without a BAD; the MN ran
    exactly ``tests`` again and its next BU was accepted."""
    bus, bas = correspondent_bus(s, since=mark), cn_bas(s, since=mark)
    indices = nonce_indices(bus[0])
    assert (indices.home_nonce_index, indices.careof_nonce_index) == expired
    assert [ba.status for ba in bas] == [status, 0]
    assert authenticator(bas[0]) is None  # RFC 6275 §9.5.4: no BAD with 136-138
    assert authenticator(bas[1]) is not None
    rejected_at = s.frames(BindingAcknowledgement, tx="CN", since=mark)[0].index
    redone = [type(innermost(step).payload) for step in s.frames(
        (HomeTestInit, CareofTestInit), tx="MN", since=rejected_at)]
    assert sorted(t.__name__ for t in redone) == sorted(t.__name__ for t in tests)
    assert s.bul_entry("CN").state == "bound"


def test_136_expired_home_nonce() -> None:
    s = with_route_optimisation(cn=SHORT_NONCES)
    s.run(110 - s.now)
    mark = s.mark()
    # After the move the MN keeps its 107 s old home token (< 210 s) but its nonce is older
    # than 100 s; the care-of token is new.
    s.register("visited2")
    s.run_until("route-optimised", "MN", timeout=10)
    assert_redone_after(s, mark, 136, (1, 2), [HomeTestInit])


def test_137_expired_care_of_nonce() -> None:
    s = with_route_optimisation(cn=SHORT_NONCES)
    s.run(60 - s.now)
    s.register("visited2")  # new care-of token (nonce 2, at ~62 s); home token still nonce 1
    s.run_until("route-optimised", "MN", timeout=10)
    s.run(215 - s.now)
    mark = s.mark()
    # Now the home token is older than MAX_TOKEN_LIFETIME (210 s), so the MN fetches a new one;
    # the care-of token is only ~153 s old and is reused, but its nonce expired at ~162 s.
    binding_refresh_request_from_cn(s)
    s.run_until("route-optimised", "MN", timeout=10)
    assert_redone_after(s, mark, 137, (3, 2), [CareofTestInit])


def test_138_both_nonces_expired() -> None:
    s = with_route_optimisation(cn=SHORT_NONCES)
    s.run(110 - s.now)
    mark = s.mark()
    binding_refresh_request_from_cn(s)  # both tokens reused (< 210 s), both nonces > 100 s
    s.run_until("route-optimised", "MN", timeout=10)
    assert_redone_after(s, mark, 138, (1, 1), [HomeTestInit, CareofTestInit])


def test_forged_authenticator_is_silently_discarded() -> None:
    run = lesson_run("attacks")
    timeline = run.timeline
    mallory = run.network.node("Mallory").primary_address()
    forged = [step for step in timeline if step.frame is not None and step.tx == "R3"
              and isinstance(step.packet.payload, BindingUpdate)
              and step.packet.source == mallory]
    assert len(forged) == 1
    arrival = forged[0]
    assert arrival.packet.home_address_option.home_address == HOA
    assert any(e.node == "CN" and "authenticator mismatch: silently discarded" in e.text
               for e in arrival.events)
    # The authenticator really is wrong: with the true home token it would verify otherwise.
    cn = run.network.node("CN")
    bu = arrival.packet.payload
    indices = nonce_indices(bu)
    true_key = kbm(keygen_token(cn.kcn, HOA, nonce_value(cn, indices.home_nonce_index), 0),
                   keygen_token(cn.kcn, mallory, nonce_value(cn, indices.careof_nonce_index), 1))
    assert not authentication.verify(bu, true_key, mallory, CN_ADDRESS)
    # No BA at all, no binding for Mallory, and the attacker notices nothing came back.
    assert not [step for step in timeline if step.frame is not None
                and isinstance(step.packet.innermost.payload, BindingAcknowledgement)
                and step.packet.destination == mallory]
    for index in range(arrival.index, len(timeline) + 1):
        for entry in timeline.state_at("CN", index).binding_cache:
            assert entry.care_of_address != mallory
    assert any(e.kind == "attack-failed" and e.node == "Mallory"
               for step in timeline for e in step.events)


# ---------------------------------------------------------------------------------------------
# Binding Error 1 and 2


def test_binding_error_1_for_a_home_address_option_without_a_binding() -> None:
    s = build()
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 5.0, 0))
    s.run_until("route-optimised", "MN", timeout=10)
    # CN evicts the entry (a Binding Cache may drop entries at any time, RFC 6275 §9.6) but
    # the MN does not know: its next reply still carries a Home Address option.
    s.act(lambda: s.node("CN").binding_cache.delete(HOA))
    mark = s.mark()
    s.run_until("binding-error-received", "MN", timeout=6)
    reply = s.frames(EchoReply, tx="MN", since=mark)[0].packet
    assert reply.home_address_option is not None and reply.source == COA
    error_step = s.frames(BindingError, tx="CN", since=mark)[0]
    error = error_step.packet.payload
    assert (error.status, error.home_address) == (1, HOA)
    assert (error_step.packet.source, error_step.packet.destination) == (CN_ADDRESS, COA)
    assert s.events("drop", "CN", since=mark)
    assert not s.events("data-delivered", "CN", since=mark)
    assert s.bul_entry("CN") is None  # back to idle: the tunnel

    # The MN falls back to the reverse tunnel for its next packet (and starts RR again).
    mark = s.mark()
    s.run_until("route-optimised", "MN", timeout=10)
    first_reply = s.frames(EchoReply, tx="MN", since=mark)[0].packet
    assert first_reply.tunnel_depth == 1
    assert (first_reply.source, first_reply.destination) == (COA, HA_ADDRESS)
    assert s.cache_entry("CN").care_of_address == COA


def test_binding_error_2_for_an_unknown_mobility_header_type() -> None:
    s = build()
    s.register()
    mn = s.node("MN")
    mark = s.mark()
    s.act(lambda: mn.send_packet(IPv6Packet(COA, CN_ADDRESS, UnknownMobilityMessage(42, b"\0\0"))))
    s.run(1)
    arrived = s.frames(UnknownMobilityMessage, tx="R3", since=mark)
    assert len(arrived) == 1 and arrived[0].packet.payload.mh_type == 42
    error_step = s.frames(BindingError, tx="CN", since=mark)[0]
    error = error_step.packet.payload
    assert (error.status, error.home_address) == (2, UNSPECIFIED)
    assert error_step.packet.destination == COA
    received = s.events("binding-error-received", "MN", since=mark)
    assert received and "status 2" in received[0][1].text
