"""RFC 5648 in the capture replay: a Binding Update's Binding Identifier options make one
binding cache row per (home address, BID) at the home agent; a bulk registration registers
several, a lifetime-0 update naming one BID removes only that one, and the mobile router's
Binding Update List entry goes on holding its home registration (mipviz.capture.bindings,
lesson nemo-multihoming replayed from its pcapng export)."""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

from mipviz.capture.mobility_options import BINDING_IDENTIFIER, MobilityOption
from mipviz.i18n.said import Said
from tests.conftest import lesson_run
from tests.pcapng_bindings import replay_export

WIFI = IPv6Address("2001:db8:a::ff:fe00:a01")
CELLULAR = IPv6Address("2001:db8:c::a")


def test_the_binding_identifier_option_gives_its_bid_status_and_care_of_address() -> None:
    care_of = IPv6Address("2001:db8:c::a").packed
    bulk = MobilityOption(BINDING_IDENTIFIER, 8, b"\x00\x02\x00\x00" + care_of)
    assert bulk.binding_identifier() == (2, 0, care_of)
    individual = MobilityOption(BINDING_IDENTIFIER, 8, b"\x00\x01\x80\x00")
    assert individual.binding_identifier() == (1, 128, None)
    assert MobilityOption(BINDING_IDENTIFIER, 8, b"\x00\x01").binding_identifier() is None
    assert MobilityOption(3, 8, care_of).binding_identifier() is None  # Alternate CoA


def _rows(states: dict, node: str) -> list[tuple[int, IPv6Address, int]]:
    return [(entry.binding_id, entry.care_of_address, entry.sequence)
            for entry in states[node].binding_cache]


def test_bulk_registration_and_one_bid_deregistered(tmp_path: Path) -> None:
    replayed = replay_export(lesson_run("nemo-multihoming"), tmp_path)
    timeline = replayed.timeline
    seen: list[list[tuple[int, IPv6Address, int]]] = []
    for step in range(1, len(timeline) + 1):
        rows = _rows(timeline.states_at(step), "HA")
        if not seen or rows != seen[-1]:
            seen.append(rows)
    # the bulk BU names both interfaces' care-of addresses: two rows, one home address
    assert [(1, WIFI, 21621), (2, CELLULAR, 21621)] in seen
    # the Wi-Fi is lost: lifetime 0 naming BID 1 removes that row only, BID 2 keeps its own
    # sequence number (its binding was not renewed)
    after = seen.index([(1, WIFI, 21621), (2, CELLULAR, 21621)]) + 1
    assert seen[after] == [(2, CELLULAR, 21621)]
    removed = [event for step in timeline for event in step.events
               if "BID 1 removed" in str(event.text)]
    assert len(removed) == 1 and removed[0].node == "HA"
    assert isinstance(removed[0].text, Said)
    assert "BID 2 は残す" in removed[0].text.get("ja")
    # meanwhile the mobile router's list entry still holds the home registration
    at = next(step.index for step in timeline if removed[0] in step.events)
    (entry,) = timeline.states_at(at)["MR"].binding_update_list
    assert (entry.state, entry.care_of_address, entry.lifetime) == ("registered", WIFI, 420)
    assert entry.sequence == 21622  # the deregistration took the next number (§5.3)
