"""IPsec ESP between mobile node and home agent (RFC 6275 §5.1, §10.3.1, §11.3.2; RFC 3776;
RFC 4303): what is protected, what is discarded and why, as a learner sees it in the timeline.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from mipviz import wire
from mipviz.engine import esp as esp_module
from mipviz.engine.esp import EspRejected, new_security_association
from mipviz.engine.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingUpdate,
    EncapsulatingSecurityPayload,
    EthernetFrame,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
)
from tests.engine_harness import CN_ADDRESS, COA, COA2, HA_ADDRESS, HOA, Scenario, build

IPSEC = 'ipsec = "esp"'
MALLORY = """
[[topology.links]]
name = "elsewhere"
prefix = "2001:db8:66::/64"

[[topology.nodes]]
name = "R6"
role = "router"
interfaces = [{ link = "elsewhere", address = "2001:db8:66::1" },
              { link = "core", address = "2001:db8:ff::6" }]

[[topology.nodes]]
name = "Mallory"
role = "attacker"
mode = "home-registration"
link = "elsewhere"
address = "2001:db8:66::bad"
victim = "MN"
target = "HA"
"""


def _esp_steps(s: Scenario, tx: str | None = None, since: int = 0) -> list[Any]:
    return [step for step in s.steps(since) if step.packet is not None
            and isinstance(step.packet.payload, EncapsulatingSecurityPayload)
            and (tx is None or step.tx == tx)]


def _inject(s: Scenario, node: str, link: str, frame_bytes: bytes) -> int:
    """Put ``frame_bytes`` on ``link`` from ``node``'s interface there; returns the mark."""
    mark = s.mark()
    frame = wire.decode_frame(frame_bytes).frame
    sender = next(i for i in s.node(node).interfaces if i.link.name == link)
    s.act(lambda: s.net.sim.transmit(sender, frame))
    s.run(0.01)
    return mark


def _drops(s: Scenario, node: str, since: int) -> list[str]:
    return [e.text for _, e in s.events("drop", node, since)]


# ------------------------------------------------------------------------------------ protected
def test_the_home_registration_travels_in_esp_transport_mode_and_is_accepted() -> None:
    s = build(ha=IPSEC)
    s.register()
    bu_steps = [st for st in _esp_steps(s, tx="MN")]
    assert bu_steps, "the MN's Binding Update must leave inside ESP"
    first = bu_steps[0].packet
    # RFC 3776 §3.1: IPv6 (CoA → HA) | Destination Options (HAO = HoA) | ESP | MH, in that order
    assert (first.source, first.destination) == (COA, HA_ADDRESS)
    assert first.home_address_option is not None and first.home_address_option.home_address == HOA
    assert first.payload.spi == 0x1001 and first.payload.sequence == 1
    # No Mobility Header crosses the visited link in the clear.
    assert not s.frames((BindingUpdate, BindingAcknowledgement), tx="MN")
    assert not s.frames(BindingAcknowledgement, link="visited")
    entry = s.cache_entry("HA")
    assert entry is not None and entry.care_of_address == COA
    verified = [e.text for _, e in s.events("esp-verified", "HA")]
    assert any("Binding Update" in text and "0x00001001" in text for text in verified)
    # The BA comes back through SA 2, after the RH2.
    ba = [st.packet for st in _esp_steps(s, tx="HA")]
    assert ba and ba[0].payload.spi == 0x1002
    assert ba[0].routing_header_type2 is not None
    assert ba[0].routing_header_type2.home_address == HOA


def test_the_sa_is_bound_to_the_home_address_so_it_survives_a_move() -> None:
    s = build(ha=IPSEC)
    s.register()
    mark = s.mark()
    s.register("visited2")
    bus = _esp_steps(s, tx="MN", since=mark)
    assert bus[0].packet.source == COA2
    assert (bus[0].packet.payload.spi, bus[0].packet.payload.sequence) == (0x1001, 2)
    entry = s.cache_entry("HA")
    assert entry is not None and entry.care_of_address == COA2


def test_the_decrypted_bu_carries_the_care_of_address_in_an_alternate_care_of_address_option(
) -> None:
    """RFC 6275 §11.7.1: ESP does not cover the IPv6 source, so the CoA goes inside (ACoA)."""
    s = build(ha=IPSEC)
    s.register()
    step = _esp_steps(s, tx="MN")[0]
    ha = s.node("HA")
    sa = dataclasses.replace(ha.ipsec.inbound_sas[0x1001], highest=0, window=0)
    next_header, plaintext = sa.open(step.packet.payload)
    assert next_header == 135
    from mipviz.engine.codec import reopen_transport

    bu = reopen_transport(step.packet, next_header, plaintext)
    assert isinstance(bu, BindingUpdate) and bu.home_registration and bu.acknowledge
    assert AlternateCareofAddress(COA) in bu.options


def test_hoti_and_hot_use_the_tunnel_mode_sas_only_on_the_mn_ha_leg() -> None:
    s = build(ha=IPSEC)
    s.register()
    mark = s.mark()
    s.act(lambda: s.net.start_flow("ping", "MN", "CN", "echo", 1.0, 2))
    s.run_until("route-optimised", "MN", timeout=10)
    spis = {st.packet.payload.spi for st in _esp_steps(s, since=mark)}
    assert spis == {0x1003, 0x1004}
    # Between the HA and the CN the HoTI and the HoT are in the clear (S19) ...
    hoti = s.frames(HomeTestInit, link="cn-net", since=mark)
    hot = s.frames(HomeTest, link="cn-net", since=mark)
    assert hoti and hoti[0].packet.source == HOA and hot
    # ... and nowhere on the visited link.
    assert not s.frames((HomeTestInit, HomeTest), link="visited", since=mark)
    # The ping itself stays plain IPv6-in-IPv6 with ipsec = "esp" (only signalling).
    assert any(st.packet.tunnel_depth == 1 for st in s.frames(tx="MN", since=mark))


def test_esp_all_protects_the_payload_in_the_tunnel_too() -> None:
    s = build(ha='ipsec = "esp-all"', route_optimization=False)
    s.register()
    mark = s.mark()
    s.act(lambda: s.net.start_flow("ping", "MN", "CN", "echo", 1.0, 2))
    s.run(3)
    assert not [st for st in s.frames(tx="MN", since=mark) if st.packet.tunnel_depth]
    assert {st.packet.payload.spi for st in _esp_steps(s, since=mark)} == {0x1003, 0x1004}
    assert len(s.events("data-delivered", since=mark)) >= 2


# ------------------------------------------------------------------------------------ discarded
def test_a_forged_unprotected_home_registration_is_silently_discarded() -> None:
    s = build(ha=IPSEC, extra=MALLORY)
    s.register()
    before = s.cache_entry("HA")
    mark = s.mark()
    s.act(lambda: s.net.attack("Mallory"))
    s.run_until("attack-failed", "Mallory", timeout=10)
    drops = _drops(s, "HA", mark)
    assert any("not protected by ESP" in text and str(HOA) in text for text in drops)
    assert not s.frames(BindingAcknowledgement, tx="HA", since=mark)  # silently
    assert not _esp_steps(s, tx="HA", since=mark)
    assert s.cache_entry("HA") == before
    ja = [e.render("ja") for _, e in s.events("drop", "HA", mark)]
    assert any("ESP で保護されていない" in text for text in ja)


def test_without_ipsec_the_same_forgery_takes_the_home_address() -> None:
    """The contrast that makes the previous test mean something (RFC 6275 §15.1)."""
    s = build(extra=MALLORY)
    s.register()
    s.act(lambda: s.net.attack("Mallory"))
    s.run_until("attack-succeeded", "Mallory", timeout=10)
    entry = s.cache_entry("HA")
    assert entry is not None and str(entry.care_of_address) == "2001:db8:66::bad"


def test_a_replayed_esp_packet_is_discarded_by_the_anti_replay_window() -> None:
    s = build(ha=IPSEC)
    s.register()
    original = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    mark = _inject(s, "R2", "core", original.frame_bytes)
    drops = _drops(s, "HA", mark)
    assert any("replay" in text and "seq 1" in text for text in drops), drops
    assert not s.events("binding-refreshed", "HA", mark)
    assert not _esp_steps(s, tx="HA", since=mark)


def _resealed(step: Any, sa: Any) -> bytes:
    """``step``'s frame with its ESP payload replaced by one ``sa`` sealed."""
    packet = step.packet
    frame = EthernetFrame(step.frame.source_mac, step.frame.destination_mac,
                          dataclasses.replace(packet, payload=sa.seal(135, b"\x3b" * 24)))
    return wire.encode_frame(frame)


def test_a_wrong_key_fails_the_icv_and_is_discarded_before_decryption() -> None:
    s = build(ha=IPSEC)
    s.register()
    original = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    forged_sa = new_security_association(
        random.Random("not the key"), spi=0x1001, mode="transport", sender="x", receiver="HA",
        home_address=HOA, home_agent=HA_ADDRESS, purpose="binding-update")
    forged_sa.next_sequence = 50  # a fresh sequence number: only the ICV can stop it
    mark = _inject(s, "R2", "core", _resealed(original, forged_sa))
    drops = _drops(s, "HA", mark)
    assert any("ICV check failed" in text for text in drops), drops


def test_an_altered_octet_fails_the_icv() -> None:
    s = build(ha=IPSEC)
    s.register()
    original = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    payload = original.packet.payload
    data = bytearray(payload.data)
    data[20] ^= 0x01
    altered = dataclasses.replace(payload, sequence=77, data=bytes(data))
    frame = EthernetFrame(original.frame.source_mac, original.frame.destination_mac,
                          dataclasses.replace(original.packet, payload=altered))
    mark = _inject(s, "R2", "core", wire.encode_frame(frame))
    assert any("ICV check failed" in text for text in _drops(s, "HA", mark))


def test_an_unknown_spi_is_discarded() -> None:
    s = build(ha=IPSEC)
    s.register()
    original = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    other = dataclasses.replace(original.packet.payload, spi=0x7777)
    frame = EthernetFrame(original.frame.source_mac, original.frame.destination_mac,
                          dataclasses.replace(original.packet, payload=other))
    mark = _inject(s, "R2", "core", wire.encode_frame(frame))
    assert any("no Security Association" in text and "0x00007777" in text
               for text in _drops(s, "HA", mark))


def test_a_plain_tunnelled_hoti_is_discarded_by_an_ipsec_home_agent() -> None:
    """RFC 6275 §10.4.6/§11.3.2: HoTI reverse-tunnelled only in ESP tunnel mode."""
    s = build(ha=IPSEC)
    s.register()
    carrier = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    inner = IPv6Packet(HOA, CN_ADDRESS, HomeTestInit(b"\x01" * 8))
    frame = EthernetFrame(carrier.frame.source_mac, carrier.frame.destination_mac,
                          IPv6Packet(COA, HA_ADDRESS, inner, hop_limit=63))
    mark = _inject(s, "R2", "core", wire.encode_frame(frame))
    assert any("Home Test Init" in text and "not protected" in text
               for text in _drops(s, "HA", mark))
    assert not s.frames(HomeTestInit, link="cn-net", since=mark)


# ------------------------------------------------------------------------------------ the SA
def _pair() -> tuple[Any, Any]:
    sa = new_security_association(random.Random(1), spi=0x1001, mode="transport", sender="MN",
                                  receiver="HA", home_address=HOA, home_agent=HA_ADDRESS,
                                  purpose="binding-update")
    from mipviz.engine.ipsec import _mirror

    return sa, _mirror(sa)


def test_seal_and_open_round_trip_with_rfc_4303_padding() -> None:
    out, inbound = _pair()
    for size in (0, 1, 13, 14, 15, 16, 40):
        plaintext = bytes(range(size))
        esp = out.seal(135, plaintext)
        # IV (16) + whole AES blocks + ICV (12)
        assert (len(esp.data) - 16 - 12) % 16 == 0
        assert inbound.open(esp) == (135, plaintext)


def test_the_replay_window_accepts_late_packets_once_and_refuses_old_ones() -> None:
    out, inbound = _pair()
    sealed = [out.seal(135, b"x" * 8) for _ in range(70)]
    inbound.open(sealed[69])  # sequence 70 first
    inbound.open(sealed[9])  # 10 is late but inside the 64-packet window
    with pytest.raises(EspRejected) as again:
        inbound.open(sealed[9])
    assert again.value.reason == "ipsec.reject.replay"
    with pytest.raises(EspRejected) as old:
        inbound.open(sealed[5])  # 6 is 64 behind 70: outside the window
    assert old.value.reason == "ipsec.reject.replay"


def test_a_packet_whose_icv_fails_does_not_move_the_window() -> None:
    out, inbound = _pair()
    good = out.seal(135, b"y" * 8)
    bad = dataclasses.replace(good, data=good.data[:-1] + bytes([good.data[-1] ^ 1]))
    with pytest.raises(EspRejected):
        inbound.open(bad)
    assert inbound.open(good)[0] == 135  # sequence 1 still fresh


def test_the_suite_is_aes_cbc_128_with_hmac_sha1_96() -> None:
    assert esp_module.ENCRYPTION_KEY_LENGTH == 16 and esp_module.ICV_LENGTH == 12
    out, _ = _pair()
    assert len(out.encryption_key) == 16 and len(out.authentication_key) == 20


def test_keys_and_ivs_are_deterministic_per_lesson_seed() -> None:
    def octets(seed: int) -> list[bytes]:
        s = build(ha=IPSEC, seed=seed)
        s.register()
        return [st.frame_bytes for st in _esp_steps(s)]

    assert octets(3) == octets(3)
    assert octets(3) != octets(4)


def test_returning_home_the_deregistration_uses_the_same_sa_from_the_home_address() -> None:
    """At home the BU leaves from the home address itself (no HAO): the source selector is
    still the home address, so SA 1 protects it and SA 2 the BA (RFC 3776 §4.1)."""
    s = build(ha=IPSEC)
    s.register()
    mark = s.mark()
    s.move("MN", "home")
    s.run_until("returned-home", "MN", timeout=15)
    dereg = _esp_steps(s, tx="MN", since=mark)
    assert dereg and dereg[0].packet.source == HOA and dereg[0].packet.home_address_option is None
    assert dereg[0].packet.payload.spi == 0x1001
    back = _esp_steps(s, tx="HA", since=mark)
    assert back and back[0].packet.destination == HOA and back[0].packet.payload.spi == 0x1002
    assert any(e.kind == "binding-deleted" for _, e in s.events(node="HA", since=mark))


def test_every_sa_of_a_run_has_its_own_spi_across_home_agents() -> None:
    """Two home agents, each with a mobile router (nested NEMO): SPIs never repeat, so the
    exported table and the explanation name one SA by SPI."""
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import parse_lesson
    from mipviz.lesson.runner import run_lesson

    path = find_lesson("nested-nemo")
    with open(path, encoding="utf-8") as handle:
        text = handle.read().replace('role = "home-agent"\n', 'role = "home-agent"\nipsec = "esp"\n')
    run = run_lesson(parse_lesson(text, str(path)))
    spis = [record.spi for record in run.network.security_associations()]
    assert len(spis) == 8 and len(set(spis)) == 8
    assert {s.packet.payload.spi for s in run.timeline if s.packet is not None
            and isinstance(s.packet.payload, EncapsulatingSecurityPayload)} >= {0x1001, 0x2001}


def test_an_sa_cannot_register_another_home_address() -> None:
    """RFC 3776 §4.1: the HA checks that the home address in the HAO is the one the SA is
    for — a mobile node cannot use its own SA to take over another's home address."""
    from ipaddress import IPv6Address

    from mipviz.engine.codec import upper_layer
    from mipviz.engine.messages import DestinationOptionsHeader, HomeAddressOption

    s = build(ha=IPSEC)
    s.register()
    sa = next(sa for sa in s.node("MN").ipsec.outbound_sas if sa.spi == 0x1001)
    victim = IPv6Address("2001:db8:1::200")
    plain = IPv6Packet(COA, HA_ADDRESS, BindingUpdate(
        sequence=9, lifetime=420, acknowledge=True, home_registration=True,
        options=(AlternateCareofAddress(COA),)),
        extension_headers=(DestinationOptionsHeader((HomeAddressOption(victim),)),))
    sealed = dataclasses.replace(plain, payload=sa.seal(*upper_layer(plain)))
    carrier = next(st for st in _esp_steps(s) if st.link == "core" and st.tx == "R2")
    frame = EthernetFrame(carrier.frame.source_mac, carrier.frame.destination_mac, sealed)
    mark = _inject(s, "R2", "core", wire.encode_frame(frame))
    assert any("0x00001001 is the Security Association of 2001:db8:1::100, not of "
               "2001:db8:1::200" in text for text in _drops(s, "HA", mark))
    assert s.cache_entry("HA", victim) is None


def test_the_steps_say_what_esp_carries_and_the_signalling_filter_keeps_them() -> None:
    """The engine knows the keys: a step's summary is Wireshark's Info with the SAs loaded
    (the ladder and map show it); the wire model stays opaque ESP."""
    from mipviz.ui.ladder_filter import classify

    s = build(ha='ipsec = "esp-all"', route_optimization=False)
    s.register()
    s.act(lambda: s.net.start_flow("ping", "MN", "CN", "echo", 1.0, 1))
    s.run(2)
    bu = next(st for st in _esp_steps(s, tx="MN") if st.packet.payload.spi == 0x1001)
    assert bu.summary.startswith("ESP (SPI=0x00001001) seq 1: Binding Update seq ")
    assert classify(bu) == "mobility"
    ping = next(st for st in _esp_steps(s, tx="MN") if st.packet.payload.spi == 0x1003)
    assert ping.summary == "ESP (SPI=0x00001003) seq 1: Echo (ping) request id=0x0001, seq=1 " \
                           "(tunnel mode)"
    assert classify(ping) == "other"
