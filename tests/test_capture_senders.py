"""A Binding Update another station sends in the mobile node's name is told from the mobile
node's own by its frame (mipviz.capture.senders): its Ethernet source, its link and its care-of
address are all new to that home address's mobile node. It changes the receiver's cache, not
the mobile node's Binding Update List."""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

from mipviz.capture.packet import parse_frame
from mipviz.capture.senders import Stations
from mipviz.capture.signals import ethernet_source
from mipviz.i18n.said import Said
from tests.conftest import lesson_run
from tests.pcapng_bindings import replay_export

HOME = IPv6Address("2001:db8:1::100").packed
MN, EVE, ROUTER = bytes.fromhex("020000000100"), bytes.fromhex("125012943700"), bytes(6)
COA, NEW_COA, EVE_COA = (IPv6Address(f"2001:db8:{n}::100").packed for n in (2, 4, 66))


def test_a_moving_mobile_node_stays_itself_and_a_forger_does_not() -> None:
    stations = Stations()
    assert stations.another_station(HOME, MN, "visited", COA, []) is None  # the first: trusted
    assert stations.another_station(HOME, MN, "elsewhere", NEW_COA, []) is None  # it moved
    # a capture at the home agent: another router on a link the MN's BUs were seen on
    assert stations.another_station(HOME, ROUTER, "visited", NEW_COA, []) is None
    # a forger: new MAC, new link, a care-of address the mobile node never registered
    assert stations.another_station(HOME, EVE, "cn-net", EVE_COA, []) == MN
    assert stations.another_station(HOME, None, "cn-net", EVE_COA, []) is None  # no Ethernet


def test_a_second_interface_registered_by_the_mobile_router_is_its_own() -> None:
    stations = Stations()
    cellular_mac = bytes.fromhex("02000000c001")
    # RFC 5648 bulk registration from the Wi-Fi naming the cellular care-of address (BID 2)
    assert stations.another_station(HOME, MN, "wifi", COA, [COA, NEW_COA]) is None
    assert stations.another_station(HOME, cellular_mac, "cellular", NEW_COA, []) is None


def test_only_ethernet_frames_give_a_source_mac() -> None:
    packet = bytes.fromhex("6000000000003b40") + bytes(32)  # IPv6, no next header
    frame = bytes.fromhex("333300000001") + MN + b"\x86\xdd" + packet
    assert ethernet_source(parse_frame(1, frame), frame) == MN
    assert ethernet_source(parse_frame(101, packet), packet) is None  # raw IP


def test_eves_forged_binding_updates_leave_the_mobile_nodes_list_alone(
        tmp_path: Path) -> None:
    replayed = replay_export(lesson_run("attacks"), tmp_path)
    timeline = replayed.timeline
    notes = [event for step in timeline for event in step.events
             if "not by the mobile node's 02:00:00:00:01:00" in str(event.text)]
    assert [event.node for event in notes] == ["2001:db8:66::bad", "2001:db8:3::e5e"]
    assert isinstance(notes[0].text, Said) and "別の端末" in notes[0].text.get("ja")
    last = len(timeline)
    # the correspondent accepted the last forged BU, as the lesson's did
    assert [(str(entry.home_address), str(entry.care_of_address))
            for entry in timeline.state_at("CN", last).binding_cache] == [
        ("2001:db8:1::100", "2001:db8:3::e5e")]
    # the mobile node's list never held the forgers' care-of addresses
    care_ofs = {str(entry.care_of_address) for step in range(1, last + 1)
                for entry in timeline.state_at("MN", step).binding_update_list}
    assert care_ofs == {"2001:db8:2::ff:fe00:100"}


def test_a_binding_error_to_the_mobile_node_ends_its_entry_for_the_correspondent(
        tmp_path: Path) -> None:
    """RFC 6275 11.3.6: status 1 (no binding for the Home Address option) from the
    correspondent ends the mobile node's entry for it; the BU sent again after a status 135
    BA is a correspondent registration (binding), not a home one (registering)."""
    timeline = replay_export(lesson_run("binding-error"), tmp_path).timeline
    ended = [step.index for step in timeline for event in step.events
             if "Binding Update List entry for it ends" in str(event.text)]
    assert len(ended) == 1

    def entries(step: int) -> list[tuple[str, str]]:
        return [(entry.peer, entry.state)
                for entry in timeline.state_at("MN", step).binding_update_list]

    assert ("CN", "bound") in entries(ended[0] - 1)
    assert [peer for peer, _ in entries(ended[0])] == ["HA"]
    states = {state for step in range(ended[0], len(timeline) + 1)
              for peer, state in entries(step) if peer == "CN"}
    assert "binding" in states and "registering" not in states
