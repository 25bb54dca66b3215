"""The new binding cache state tables against reference models, with Hypothesis: the LMA's
(RFC 5213 §5.3, :func:`mipviz.engine.pmip_bindings.decide` and ProxyBindingCache) and the
MAP's (RFC 5380 §6.2: a home agent for regional care-of addresses, driven with real local
Binding Updates on the network of lesson 15)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mipviz.engine.bindings import sequence_newer
from mipviz.engine.network import Network
from mipviz.engine.pmip_bindings import (
    MIN_DELAY_BEFORE_BCE_DELETE,
    TIMESTAMP_VALIDITY_WINDOW,
    ProxyBindingCache,
    Request,
    decide,
)
from mipviz.engine.simulation import seconds
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import parse_lesson
from mipviz.model import hmip_pmip as h
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    DestinationOptionsHeader,
    HomeAddressOption,
    IPv6Packet,
)

SECOND = 1_000_000
AUTHORISED = {b"a@example.net": IPv6Network("2001:db8:10::/64"),
              b"b@example.net": IPv6Network("2001:db8:20::/64")}
OTHER = IPv6Network("2001:db8:99::/64")
MAGS = (IPv6Address("2001:db8:ff::31"), IPv6Address("2001:db8:ff::32"))


# ============================================================================ the LMA (RFC 5213)


@dataclass
class _Model:
    mag: IPv6Address
    prefix: IPv6Network
    timestamp: int
    deleting: bool
    expires: int


def _reference(model: dict[bytes, _Model], identifier: bytes | None, prefix: str,
               handoff: bool, technology: bool, skew: int, lifetime: int, mag: IPv6Address,
               clock: int, now: int) -> int:
    """RFC 5213 §5.3.1-5.3.5 written out again, for one PBU: the status, and the model
    updated in place."""
    if identifier is None:
        return 160
    if prefix == "missing":
        return 158
    if not handoff:
        return 161
    if not technology:
        return 162
    if identifier not in AUTHORISED:
        return 152
    stamp = clock + skew
    if abs(skew) * SECOND // 65536 > TIMESTAMP_VALIDITY_WINDOW:
        return 156
    entry = model.get(identifier)
    if entry is not None and stamp <= entry.timestamp:
        return 157
    if prefix == "other":
        return 155
    if lifetime == 0:
        if entry is not None and not entry.deleting and entry.mag == mag:
            entry.deleting, entry.timestamp = True, stamp
            entry.expires = now + MIN_DELAY_BEFORE_BCE_DELETE
        return 0
    model[identifier] = _Model(mag, AUTHORISED[identifier], stamp, False,
                               now + lifetime * SECOND)
    return 0


pbu = st.tuples(
    st.sampled_from([b"a@example.net", b"b@example.net", b"x@example.net", None]),
    st.sampled_from(["all-zero", "authorised", "other", "missing"]),
    st.booleans() | st.just(True),  # Handoff Indicator present (mostly)
    st.booleans() | st.just(True),  # Access Technology Type present (mostly)
    st.sampled_from([0, 0, 0, 1000, -1000, 30_000, -30_000]),  # timestamp skew, 1/65536 s
    st.sampled_from([0, 400, 8]),
    st.sampled_from(MAGS),
    st.integers(0, 6),  # seconds before it arrives
)


@settings(max_examples=400)
@given(st.lists(pbu, max_size=40))
def test_lma_decisions_match_the_reference(operations: list[tuple]) -> None:
    cache = ProxyBindingCache()
    model: dict[bytes, _Model] = {}
    now = 0
    for identifier, prefix, handoff, technology, skew, lifetime, mag, wait in operations:
        now += wait * SECOND
        # entries past their time go (the LMA's timers; a deleting one after 10 s)
        for key, entry in list(model.items()):
            if entry.expires <= now:
                del model[key]
                cache.delete(key)
        clock = (now * 65536) // SECOND + 10**9
        prefixes: tuple[IPv6Network, ...] = {
            "all-zero": (h.ALL_ZERO_PREFIX,), "other": (OTHER,), "missing": (),
            "authorised": (AUTHORISED.get(identifier or b"", OTHER),)}[prefix]
        if prefix == "authorised" and identifier not in AUTHORISED:
            prefix = "other" if identifier is not None else prefix
        request = Request(identifier, prefixes, 3 if handoff else None,
                          3 if technology else None, clock + skew, mag, lifetime, 1)
        existing = cache.get(identifier) if identifier is not None else None
        decision = decide(existing, request, AUTHORISED.get(identifier or b""), clock, now,
                          0xFFFF * 4)
        expected = _reference(model, identifier, prefix, handoff, technology, skew, lifetime,
                              mag, clock, now)
        assert decision.status == expected, (identifier, prefix, skew, lifetime)
        if decision.status == 0 and decision.entry is not None and decision.action != "ignore":
            cache.store(decision.entry)
        assert {k: (e.proxy_careof, e.prefix, e.state == "deleting") for k, e in
                [(e.identifier, e) for e in cache.snapshot()]} == \
            {k: (m.mag, m.prefix, m.deleting) for k, m in model.items()}
        # the data path: an address of a valid session's prefix goes to that session's MAG
        for entry in model.values():
            found = cache.for_address(entry.prefix.network_address + 0x100, now)
            assert (found.proxy_careof if found else None) == \
                (None if entry.deleting else entry.mag)


def test_a_late_deregistration_from_the_previous_mag_changes_nothing() -> None:
    """§5.3.5: after the handoff moved the session to MAG2, MAG1's lifetime-0 PBU is answered
    but the binding stays where it is."""
    identifier, prefix = b"a@example.net", AUTHORISED[b"a@example.net"]
    first = decide(None, Request(identifier, (h.ALL_ZERO_PREFIX,), 1, 3, 100, MAGS[0], 400, 1),
                   prefix, 100, 0, 0xFFFF * 4)
    moved = decide(first.entry, Request(identifier, (prefix,), 3, 3, 200, MAGS[1], 400, 2),
                   prefix, 200, SECOND, 0xFFFF * 4)
    assert moved.action == "handoff" and moved.entry.proxy_careof == MAGS[1]  # type: ignore[union-attr]
    late = decide(moved.entry, Request(identifier, (prefix,), 4, 3, 300, MAGS[0], 0, 3),
                  prefix, 300, 2 * SECOND, 0xFFFF * 4)
    assert (late.status, late.action, late.entry) == (0, "ignore", moved.entry)


# ============================================================================ the MAP (RFC 5380)

LESSON = Path(__file__).resolve().parents[1] / "lessons" / "15-hmipv6.toml"
MAP_PREFIX = IPv6Network("2001:db8:9::/64")
RCOAS = [IPv6Address("2001:db8:9::a"), IPv6Address("2001:db8:9::b"),
         IPv6Address("2001:db8:3::b")]  # the last is not from the MAP's prefix: 132
LCOAS = [IPv6Address("2001:db8:21::5"), IPv6Address("2001:db8:22::5"),
         IPv6Address("2001:db8:23::5")]  # AR3's link is not among the valid prefixes: 129


def _map_network() -> Network:
    text = LESSON.read_text(encoding="utf-8")
    text = text[:text.index("[[script]]")].replace(
        'role = "map"\n', 'role = "map"\nvalid_prefixes = ["2001:db8:21::/64", '
        '"2001:db8:22::/64"]\n', 1)
    lesson = parse_lesson(text, "map.toml")
    return Network(engine_topology(lesson.topology), lesson.seed)


local_bu = st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 65535),
                     st.sampled_from([420, 4, 0]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(local_bu, min_size=1, max_size=12))
def test_map_binding_cache_matches_the_reference(operations: list[tuple[int, int, int, int]]
                                                 ) -> None:
    network = _map_network()
    anchor = network.node("MAP")
    interface = anchor.interfaces[0]
    # rcoa -> (lcoa, last sequence, until when the entry is kept, valid?): a deregistered
    # entry is kept invalid MAX_DELETE_BCE_TIMEOUT (10 s) and still checks sequence numbers
    model: dict[IPv6Address, tuple[IPv6Address, int, int, bool]] = {}
    for rcoa_index, lcoa_index, sequence, lifetime in operations:
        rcoa, lcoa = RCOAS[rcoa_index], LCOAS[lcoa_index]
        now = network.sim.now
        model = {r: e for r, e in model.items() if e[2] > now}
        entry = model.get(rcoa)
        valid = entry is not None and entry[3]
        if lcoa_index == 2:
            expected: int | None = 129
        elif rcoa not in MAP_PREFIX:
            expected = 132
        elif entry is not None and not sequence_newer(sequence, entry[1]):
            expected = 135
        elif lifetime == 0:
            expected = 0 if valid else 133
            if valid:
                model[rcoa] = (lcoa, sequence, now + seconds(10), False)
        else:
            expected = 0
            dad = 0 if valid else seconds(1)  # a new (or deleting) entry waits for DAD
            model[rcoa] = (lcoa, sequence, now + dad + lifetime * SECOND, True)
        before = len(network.timeline)
        packet = IPv6Packet(lcoa, anchor.map_address, BindingUpdate(
            sequence=sequence, lifetime=lifetime, acknowledge=True, map_registration=True),
            extension_headers=(DestinationOptionsHeader((HomeAddressOption(rcoa),)),))
        network.sim.begin_action()
        anchor.deliver(interface, packet)
        network.sim.flush_action()
        network.sim.run_until(network.sim.now + seconds(1.2))  # DAD for a new RCoA: 1 s
        answers = [s.frame.packet.payload for s in network.timeline.steps[before:]
                   if s.tx == "MAP" and s.frame is not None and
                   isinstance(s.frame.packet.payload, BindingAcknowledgement)]
        assert [a.status for a in answers[:1]] == [expected], (rcoa, lcoa, sequence, lifetime)
        state = network.timeline.state_at("MAP", len(network.timeline))
        bound = {e.home_address: e.care_of_address for e in state.binding_cache
                 if e.state == "valid" and e.expires > network.sim.now}
        assert bound == {r: e[0] for r, e in model.items()
                         if e[3] and e[2] > network.sim.now}
