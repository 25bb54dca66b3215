"""Home registration, its retransmission, lifetime and refresh, the bidirectional tunnel,
movement detection and returning home, as a learner sees them in the timeline
(RFC 6275 §10.3, §10.4, §11.5, §11.7; PROTOCOL.md §10, §11)."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from itertools import pairwise

from engine_harness import (
    CN_ADDRESS,
    COA,
    COA2,
    HA_ADDRESS,
    HOA,
    MN_MAC,
    build,
    careof_option,
    gaps,
    innermost,
    kbm,
    keygen_token,
    nonce_indices,
    nonce_value,
    sent_at,
)

from mipviz.engine import authentication
from mipviz.engine.addressing import ALL_NODES, UNSPECIFIED
from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    EchoReply,
    EchoRequest,
    NeighborAdvertisement,
    NeighborSolicitation,
    RouterAdvertisement,
)
from mipviz.engine.timeline import MICROSECONDS


def solicited_node(address: IPv6Address) -> IPv6Address:
    """ff02::1:ffXX:XXXX, written out here rather than taken from the engine (RFC 4291 §2.7.1)."""
    return IPv6Address("ff02::1:ff00:0") + (int(address) & 0xFFFFFF)


def is_home_bu(step: object) -> bool:
    return innermost(step).payload.home_registration  # type: ignore[arg-type,attr-defined,no-any-return]


# ---------------------------------------------------------------------------------------------
# 1. home registration


def test_home_registration_on_the_wire_and_in_the_caches() -> None:
    s = build()
    ba_step = s.register()

    # The BU as the MN puts it on the visited link (RFC 6275 §11.7.1).
    bu_step = s.frames(BindingUpdate, tx="MN", link="visited")[0]
    packet = bu_step.packet
    bu = packet.payload
    assert (packet.source, packet.destination) == (COA, HA_ADDRESS)
    assert packet.home_address_option is not None
    assert packet.home_address_option.home_address == HOA
    assert careof_option(bu) == COA  # Alternate Care-of Address = CoA (MUST)
    assert bu.home_registration and bu.acknowledge
    assert bu.lifetime == 420
    assert bu_step.checksum_ok is True

    # DAD for the home address before the first BA (§10.3.1): an NS from ::.
    ba_sent = s.frames(BindingAcknowledgement, tx="HA")[0]
    dad = s.frames(NeighborSolicitation, tx="HA", link="home")
    assert len(dad) == 1
    assert dad[0].packet.source == UNSPECIFIED
    assert dad[0].packet.destination == solicited_node(HOA)
    assert dad[0].packet.payload.target == HOA
    bu_at_ha = s.frames(BindingUpdate, tx="R2", link="core")[0]
    assert bu_at_ha.index < dad[0].index < ba_sent.index
    # the HA waits RetransTimer (1 s) for a defender before it answers
    assert ba_sent.time - dad[0].time == 1 * MICROSECONDS

    # The BA: status 0, to the CoA, RH2 carrying the home address, sequence echoed.
    ba_packet = ba_sent.packet
    ba = ba_packet.payload
    assert (ba_packet.source, ba_packet.destination) == (HA_ADDRESS, COA)
    assert ba_packet.routing_header_type2 is not None
    assert ba_packet.routing_header_type2.home_address == HOA
    assert (ba.status, ba.sequence, ba.lifetime) == (0, bu.sequence, 420)
    assert ba_step.tx == "R2" and ba_step.rx == "MN"

    # The HA's binding cache entry, and the route the learner sees.
    entry = s.cache_entry("HA")
    assert entry is not None
    assert (entry.care_of_address, entry.lifetime, entry.state) == (COA, 420, "valid")
    assert entry.home_registration and entry.sequence == bu.sequence
    assert entry.expires == sent_at(ba_sent) + 420 * MICROSECONDS
    assert (f"{HOA}/128", f"tunnel to {COA}") in s.state("HA").routes

    # Proxy ND: an unsolicited NA to all-nodes, O=1 S=0, TLLA = the HA's home MAC (§10.4.1).
    ha_home_mac = s.node("HA").home_interface.mac
    proxy = s.frames(NeighborAdvertisement, tx="HA", link="home",
                     where=lambda step: step.packet.payload.target == HOA)
    assert 1 <= len(proxy) <= 3  # MAX_NEIGHBOR_ADVERTISEMENT (RFC 4861 §10)
    na = proxy[0].packet.payload
    assert proxy[0].packet.destination == ALL_NODES
    assert na.override and not na.solicited and not na.router
    assert na.target_link_layer == ha_home_mac != MN_MAC
    assert proxy[0].frame.source_mac == ha_home_mac

    # The MN's Binding Update List.
    bul = s.bul_entry("HA")
    assert bul is not None
    assert (bul.state, bul.care_of_address, bul.lifetime) == ("registered", COA, 420)
    assert bul.expires == sent_at(bu_step) + 420 * MICROSECONDS  # counted from sending the BU
    assert s.state("MN").care_of_address == COA


# ---------------------------------------------------------------------------------------------
# 2. retransmission with exponential back-off


def test_bu_retransmission_backs_off_to_32_s_and_succeeds_after_restore() -> None:
    s = build()
    s.act(lambda: s.net.fail("HA"))
    s.move("MN", "visited")
    s.run_until("binding-update-sent", "MN", timeout=5)
    s.run(1.5 + 3 + 6 + 12 + 24 + 32 + 32 + 1)

    sent = s.frames(BindingUpdate, tx="MN", link="visited")
    # InitialBindackTimeoutFirstReg 1.5 s, doubling, capped at MAX_BINDACK_TIMEOUT 32 s.
    assert gaps([step.time for step in sent]) == [1.5, 3, 6, 12, 24, 32, 32]
    sequences = [step.packet.payload.sequence for step in sent]
    assert all((b - a) % 65536 == 1 for a, b in pairwise(sequences))
    assert not s.frames(BindingAcknowledgement)
    assert s.bul_entry("HA").state == "registering"
    assert s.bul_entry("HA").retransmissions == len(sent) - 1
    timeouts = [e.text for _, e in s.events("note", "MN") if "next timeout" in e.text]
    assert timeouts[:6] == [f"no Binding Acknowledgement: retransmit, next timeout {t} s"
                            for t in ("3", "6", "12", "24", "32", "32")]

    s.act(lambda: s.net.restore("HA"))
    s.run_until("binding-acknowledgement-received", "MN", timeout=33)
    last = s.frames(BindingUpdate, tx="MN", link="visited")[-1].packet.payload
    ba = s.frames(BindingAcknowledgement, tx="HA")[-1].packet.payload
    assert (ba.status, ba.sequence) == (0, last.sequence)
    assert s.bul_entry("HA").state == "registered"
    assert s.cache_entry("HA").care_of_address == COA


# ---------------------------------------------------------------------------------------------
# 3. lifetime expiry and refresh


def ping_once(s: object) -> None:
    s.act(lambda: s.net.start_flow(f"p{s.mark()}", "CN", "MN", "echo", 1.0, 1))  # type: ignore[attr-defined]


def test_binding_expires_at_the_ha_when_the_mn_goes_silent() -> None:
    s = build(binding_lifetime=20, route_optimization=False)
    s.register()
    entry = s.cache_entry("HA")
    assert entry is not None and entry.lifetime == 20
    s.act(lambda: s.net.fail("MN"))  # no refresh will come

    # Before expiry the HA still intercepts and tunnels for the home address.
    s.run(5)
    mark = s.mark()
    ping_once(s)
    s.run(1)
    assert s.events("encapsulate", "HA", since=mark)
    assert HOA in s.node("HA").home_interface.proxied

    expired = s.run_until("binding-expired", "HA", timeout=30)
    assert expired.time == entry.expires
    assert s.cache_entry("HA") is None
    assert s.state("HA").routes == ()
    assert HOA not in s.node("HA").home_interface.proxied  # proxy ND stopped
    assert len(s.frames(BindingUpdate, tx="MN")) == 1  # the MN never refreshed

    # After expiry nothing intercepts the home address any more.
    mark = s.mark()
    ping_once(s)
    s.run(1)
    assert not s.events("encapsulate", "HA", since=mark)
    assert any("dropped" in e.text for _, e in s.events("drop", "HA", since=mark))


def test_refresh_at_80_percent_renews_the_ha_entry() -> None:
    s = build(binding_lifetime=20, route_optimization=False)
    s.register()
    first_bu = s.frames(BindingUpdate, tx="MN", link="visited")[0]
    first_entry = s.cache_entry("HA")

    s.run(25)  # past the first lifetime
    bus = s.frames(BindingUpdate, tx="MN", link="visited")
    assert len(bus) >= 2
    refresh = bus[1]
    assert refresh.time - first_bu.time == 16 * MICROSECONDS  # 80 % of 20 s
    assert refresh.packet.payload.sequence == (first_bu.packet.payload.sequence + 1) % 65536
    assert s.bul_entry("HA", at=refresh.index).state == "refreshing"

    refreshed = s.events("binding-refreshed", "HA")
    assert refreshed
    # no second DAD for an address the HA already defends
    assert len(s.frames(NeighborSolicitation, tx="HA", link="home")) == 1
    assert not s.events("binding-expired", "HA")
    entry = s.cache_entry("HA")
    assert entry.care_of_address == COA and entry.expires > first_entry.expires
    ba = s.frames(BindingAcknowledgement, tx="HA")[1]
    assert entry.expires == sent_at(ba) + 20 * MICROSECONDS
    assert s.bul_entry("HA").state == "registered"


def test_a_restored_home_agent_catches_up_with_its_timers() -> None:
    """A failed node's timers wait for it (periodic RAs resume on restore), but the bindings
    it granted end at their lifetime all the same (RFC 6275 §10.3.1): no stale 'valid' entry
    while it is down, none and no proxying for a gone MN once it is back."""
    s = build(binding_lifetime=20, route_optimization=False, ha="ra_interval = 5")
    s.register()
    entry = s.cache_entry("HA")
    s.act(lambda: s.net.fail("MN"))  # silent: it will not refresh
    s.act(lambda: s.net.fail("HA"))
    down = s.mark()
    s.run(30)  # the binding's lifetime runs out while the HA is down
    assert not s.frames(tx="HA", since=down)
    expired = [step for step, _ in s.events("binding-expired", "HA", since=down)]
    assert [step.time for step in expired] == [entry.expires]
    assert s.cache_entry("HA") is None
    s.act(lambda: s.net.restore("HA"))
    restored_at = s.net.sim.now
    assert restored_at > entry.expires
    assert s.cache_entry("HA") is None
    assert HOA not in s.node("HA").home_interface.proxied
    mark = s.mark()
    s.run(11)
    assert len(s.frames(RouterAdvertisement, tx="HA", link="home", since=mark)) >= 2


# ---------------------------------------------------------------------------------------------
# 4. bidirectional tunnelling


def test_bidirectional_tunnel_addresses_and_hop_limits() -> None:
    s = build(route_optimization=False)
    s.register()
    mark = s.mark()
    ping_once(s)
    s.run(1)

    request = s.frames(EchoRequest, since=mark)
    by_hop = {(step.tx, step.link): step.packet for step in request}
    assert by_hop[("CN", "cn-net")].hop_limit == 64
    assert by_hop[("R3", "core")].hop_limit == 63
    # HA -> MN: outer HA -> CoA, inner CN -> HoA untouched but for the hop limit, which the
    # tunnel entry point decrements as it forwards the packet (RFC 2473 §3.1).
    outer = by_hop[("HA", "core")]
    assert outer.tunnel_depth == 1
    assert (outer.source, outer.destination, outer.hop_limit) == (HA_ADDRESS, COA, 64)
    inner = outer.payload
    assert (inner.source, inner.destination, inner.hop_limit) == (CN_ADDRESS, HOA, 62)
    on_visited = by_hop[("R2", "visited")]
    assert (on_visited.hop_limit, on_visited.payload.hop_limit) == (63, 62)

    reply = s.frames(EchoReply, since=mark)
    by_hop = {(step.tx, step.link): step.packet for step in reply}
    outer = by_hop[("MN", "visited")]
    assert outer.tunnel_depth == 1
    assert (outer.source, outer.destination, outer.hop_limit) == (COA, HA_ADDRESS, 64)
    assert (outer.payload.source, outer.payload.destination) == (HOA, CN_ADDRESS)
    assert outer.payload.hop_limit == 64
    # The HA decapsulates and forwards the inner packet, as a router would.
    plain = by_hop[("HA", "core")]
    assert plain.tunnel_depth == 0
    assert (plain.source, plain.destination, plain.hop_limit) == (HOA, CN_ADDRESS, 63)
    assert s.net.flows[next(iter(s.net.flows))].stats.delivered == 1
    assert [e.text for _, e in s.events("decapsulate", "HA", since=mark)] == [
        f"reverse tunnel from {COA}: inner packet {HOA} -> {CN_ADDRESS} forwarded"]


# ---------------------------------------------------------------------------------------------
# 9. returning home


def test_returning_home_deregisters_at_the_ha_and_deletes_at_the_cn() -> None:
    s = build()
    s.register()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 2.0, 0))
    s.run_until("route-optimised", "MN")
    mark = s.mark()
    s.move("MN", "home")
    s.run_until("returned-home", "MN", timeout=5)
    s.run_until("binding-deleted", "MN", timeout=5)

    # §11.5.5: find the HA's MAC with an NS from the unspecified address whose target is the
    # home address (to its solicited-node group), no DAD for the HoA; the HA, defending the
    # HoA by proxy, answers with a multicast NA, S = 0, R = 0 (a plain MN), its own MAC.
    solicitations = s.frames(NeighborSolicitation, tx="MN", link="home", since=mark,
                             where=lambda step: step.packet.payload.target == HOA)
    assert len(solicitations) == 1
    ns = solicitations[0].packet
    assert (ns.source, ns.destination, ns.payload.target) == (
        UNSPECIFIED, solicited_node(HOA), HOA)
    [proxy_na] = s.frames(NeighborAdvertisement, tx="HA", link="home", since=mark)
    assert proxy_na.index > solicitations[0].index
    assert proxy_na.packet.destination == ALL_NODES
    answer = proxy_na.packet.payload
    assert answer.target == HOA and not answer.solicited and not answer.router
    assert answer.target_link_layer == s.node("HA").home_interface.mac

    # The deregistration BU: H, A, lifetime 0, ACoA = HoA, source HoA, no HAO.
    dereg_step = s.frames(BindingUpdate, tx="MN", link="home", since=mark, where=is_home_bu)[0]
    dereg = dereg_step.packet
    assert (dereg.source, dereg.destination) == (HOA, HA_ADDRESS)
    assert dereg.home_address_option is None
    bu = dereg.payload
    assert bu.home_registration and bu.acknowledge and bu.lifetime == 0
    assert careof_option(bu) == HOA

    ba_step = s.frames(BindingAcknowledgement, tx="HA", link="home", since=mark)[0]
    ba = ba_step.packet.payload
    assert (ba.status, ba.lifetime, ba.sequence) == (0, 0, bu.sequence)
    assert ba_step.packet.destination == HOA and ba_step.packet.routing_header_type2 is None
    entry = s.cache_entry("HA", at=ba_step.index)
    assert entry is not None and entry.state == "deleting"
    assert HOA not in s.node("HA").home_interface.proxied

    # The MN's unsolicited NA reclaims the address (S=0, O=1, its own MAC), after the BA.
    nas = s.frames(NeighborAdvertisement, tx="MN", link="home", since=mark,
                   where=lambda step: step.packet.payload.target == HOA)
    assert 1 <= len(nas) <= 3 and nas[0].index > ba_step.index
    na = nas[0].packet
    assert (na.source, na.destination) == (HOA, ALL_NODES)
    assert na.payload.override and not na.payload.solicited
    assert na.payload.target_link_layer == MN_MAC
    assert s.bul_entry("HA") is None  # idle entries are not shown

    # Deletion at the CN: lifetime 0, care-of nonce index 0, Kbm = SHA1(home token) only.
    cn = s.node("CN")
    delete_step = s.frames(BindingUpdate, tx="MN", link="home", since=mark,
                           where=lambda step: not is_home_bu(step))[0]
    delete = delete_step.packet
    assert (delete.source, delete.destination, delete.home_address_option) == (
        HOA, CN_ADDRESS, None)
    indices = nonce_indices(delete.payload)
    assert delete.payload.lifetime == 0 and indices.careof_nonce_index == 0
    home_token = keygen_token(cn.kcn, HOA, nonce_value(cn, indices.home_nonce_index), 0)
    delete_kbm = kbm(home_token)
    assert authentication.verify(delete.payload, delete_kbm, HOA, CN_ADDRESS)
    assert s.events("binding-deleted", "CN", since=mark)
    assert s.cache_entry("CN") is None
    cn_ba = s.frames(BindingAcknowledgement, tx="CN", since=mark)[0].packet.payload
    assert (cn_ba.status, cn_ba.lifetime) == (0, 0)
    assert authentication.verify(cn_ba, delete_kbm, HOA, CN_ADDRESS)

    # 10 s later the HA frees the entry (MAX_DELETE_BCE_TIMEOUT).
    freed = s.run_until("cache", "HA", timeout=11, where=lambda e: "freed" in e.text)
    assert freed.time - sent_at(ba_step) == 10 * MICROSECONDS
    assert s.cache_entry("HA") is None

    # Ordinary routing again: the pings reach the MN on its home link, untunnelled.
    mark = s.mark()
    s.run(4)
    assert not s.events("encapsulate", since=mark)
    assert all(step.packet.tunnel_depth == 0 and step.packet.routing_header_type2 is None
               for step in s.frames((EchoRequest, EchoReply), since=mark))
    assert s.events("data-delivered", "CN", since=mark)


# ---------------------------------------------------------------------------------------------
# 10. movement detection


def test_movement_detection_ignores_router_advertisements_with_the_same_prefix() -> None:
    s = build(r2="ra_interval = 2")
    s.register()
    mark = s.mark()
    s.run(9)
    ras = s.frames(RouterAdvertisement, tx="R2", link="visited", since=mark)
    assert len(ras) >= 4
    assert {ra.packet.payload.prefixes[0].prefix for ra in ras} == {
        IPv6Network("2001:db8:2::/64")}
    assert not s.events("movement-detected", since=mark)
    assert not s.frames(NeighborSolicitation, tx="MN", since=mark)
    assert not s.frames(BindingUpdate, tx="MN", since=mark)
    assert s.state("MN").care_of_address == COA

    # A different prefix is a move (the check above is not vacuous).
    s.register("visited2")
    assert s.state("MN").care_of_address == COA2


def test_care_of_address_is_the_prefix_plus_the_modified_eui64() -> None:
    s = build()
    s.register()
    mac = bytes.fromhex(MN_MAC.replace(":", ""))
    iid = bytes([mac[0] ^ 0x02]) + mac[1:3] + b"\xff\xfe" + mac[3:]
    expected = IPv6Address(IPv6Address("2001:db8:2::").packed[:8] + iid)
    assert expected == COA == s.state("MN").care_of_address
    configured = s.events("care-of-address-configured", "MN")
    assert len(configured) == 1 and str(expected) in configured[0][1].text
    # DAD for the new care-of address: an NS from :: before it is used.
    dad = s.frames(NeighborSolicitation, tx="MN", link="visited",
                   where=lambda step: step.packet.payload.target == expected)[0].packet
    assert (dad.source, dad.payload.target) == (UNSPECIFIED, expected)
    assert dad.destination == solicited_node(expected)
