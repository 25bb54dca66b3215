"""Binding Update List and Binding Cache lifetimes as RFC 6275 states them (issue 11): a list
entry records the Binding Update sent (§11.1, §11.7.1) and changes when it is sent, not when
the node decides; every entry ends when its lifetime runs out (§9.5.2, §10.3.1, §11.7.3),
whether or not its owner is up. Each test failed before its fix."""

from __future__ import annotations

from ipaddress import IPv6Address

from discovery_harness import build_discovery
from engine_harness import HOA, build

from mipviz.engine.timeline import MICROSECONDS
from mipviz.model.messages import BindingUpdate, RouterAdvertisement
from tests.test_engine_mobile_prefix_discovery import NEW_HOA, NEW_PREFIX
from tests.test_engine_rfc_conformance import home_bu, returned_home_with_route_optimisation


# --------------------------------------------------------------------- returning home (§11.5.5)
def test_back_home_the_list_entries_change_when_the_binding_updates_leave() -> None:
    """Between the home Router Advertisement and the deregistration BU the entries still say
    what was last sent (registered / bound); the home entry then records lifetime 0."""
    s, mark = returned_home_with_route_optimisation()
    home_ra = next(step for step in s.frames(RouterAdvertisement, link="home", since=mark)
                   if step.rx == "MN" or "MN" in (step.rx or ""))
    dereg = next(step for step in s.frames(BindingUpdate, tx="MN", link="home", since=mark)
                 if home_bu(step))
    cn_bu = next(step for step in s.frames(BindingUpdate, tx="MN", link="home", since=mark)
                 if not home_bu(step))
    decided = next(step for step, _ in s.events("binding-update-sent", "MN", since=mark))
    assert home_ra.index < decided.index <= dereg.index
    for at in range(home_ra.index, decided.index):
        assert s.bul_entry("HA", at).state == "registered", at  # type: ignore[union-attr]
        assert s.bul_entry("CN", at).state == "bound", at  # type: ignore[union-attr]
    home = s.bul_entry("HA", decided.index)
    assert home is not None and home.state == "deregistering"
    assert home.lifetime == 0 and home.care_of_address == HOA
    assert dereg.packet.payload.lifetime == 0  # type: ignore[union-attr]
    cn = s.bul_entry("CN", cn_bu.index)
    assert cn is not None and cn.state == "deleting"


# --------------------------------------------------------------------- a failed home agent
def _registered_then_ha_fails():  # type: ignore[no-untyped-def]
    s = build_discovery()  # binding lifetime 60 s; two home agents
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    granted = s.bul_entry("HA1")
    assert granted is not None and granted.state == "registered"
    s.act(lambda: s.net.fail("HA1"))
    return s, granted


def test_the_mobile_nodes_entry_ends_with_its_lifetime_when_no_ba_comes() -> None:
    """§11.7.3, §11.1: the refresh goes unanswered; at the lifetime's end the entry holds no
    binding (expires 0, no tunnel), and it stays only for the Binding Update awaiting its BA."""
    s, granted = _registered_then_ha_fails()
    s.run((granted.expires - s.net.sim.now) / MICROSECONDS - 0.5)
    before = s.bul_entry("HA1")
    assert before is not None and before.state == "refreshing" and before.expires > 0
    s.run(1)
    after = s.bul_entry("HA1")
    assert after is not None and after.state == "registering" and after.expires == 0
    assert not s.node("MN").tunnel_ready()
    assert any("expired" in text for text in s.texts("MN"))


def test_a_failed_home_agent_holds_no_binding_past_its_lifetime() -> None:
    """§10.3.1, §9.5.2: the lifetime granted ends at a fixed time; the failed home agent's
    cache does not show the binding valid past it, and restored it has none."""
    s, _ = _registered_then_ha_fails()
    entry = s.cache_entry("HA1")
    assert entry is not None and entry.state == "valid"
    s.run((entry.expires - s.net.sim.now) / MICROSECONDS + 0.5)
    assert s.state("HA1").failed
    assert s.cache_entry("HA1") is None
    expired = s.events("binding-expired", "HA1")
    assert expired and "down" in expired[-1][1].text
    s.act(lambda: s.net.restore("HA1"))
    s.run(1)
    assert s.cache_entry("HA1") is None


# --------------------------------------------------------------------- a renumbered home link
def test_after_renumbering_the_old_home_address_keeps_its_entry_until_its_lifetime_ends() -> None:
    """§11.4.3, §11.1: the new home address is registered afresh (no binding held yet); the
    old one's binding, not deregistered, runs on at the home agent and in the mobile node's
    list until its lifetime ends — then both are gone."""
    s = build_discovery()
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    old = s.bul_entry("HA1")
    assert old is not None and old.home_address == HOA
    s.act(lambda: s.net.renumber("home", NEW_PREFIX))
    s.run_until("binding-update-sent", "MN", timeout=10)
    entries = {e.home_address: e for e in s.state("MN").binding_update_list}
    assert entries[HOA].state == "registered" and entries[HOA].expires == old.expires
    assert entries[HOA].lifetime == old.lifetime and entries[HOA].sequence == old.sequence
    assert entries[NEW_HOA].state == "registering" and entries[NEW_HOA].expires == 0
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    assert {e.home_address for e in s.state("MN").binding_update_list} == {HOA, NEW_HOA}
    assert s.cache_entry("HA1", HOA) is not None and s.cache_entry("HA1", NEW_HOA) is not None
    held = s.cache_entry("HA1", HOA)
    assert held is not None and held.expires >= old.expires  # counted from the BA, not the BU
    s.run((old.expires - s.net.sim.now) / MICROSECONDS + 0.001)
    assert {e.home_address for e in s.state("MN").binding_update_list} == {NEW_HOA}
    s.run((held.expires - s.net.sim.now) / MICROSECONDS + 0.001)
    assert s.cache_entry("HA1", HOA) is None and s.cache_entry("HA1", NEW_HOA) is not None


# --------------------------------------------------------------------- home after a refusal
def test_home_after_a_refused_registration_the_mobile_node_is_simply_home() -> None:
    """§11.5.5: a refused home registration (BA 132) leaves no binding to end: back home the
    mobile node deregisters nothing and uses its home address at once (it did not before:
    it waited for a deregistration it would never send)."""
    s = build()
    s.node("MN").home_address = IPv6Address("2001:db8:9::100")  # not served by the HA
    s.register()
    assert s.bul_entry("HA").state == "failed"  # type: ignore[union-attr]
    mark = s.mark()
    s.move("MN", "home")
    s.run(4)
    assert s.events("returned-home", "MN", since=mark)
    assert s.bul_entry("HA") is None
    assert not s.frames(BindingUpdate, tx="MN", since=mark)
    assert not s.node("MN")._returning
