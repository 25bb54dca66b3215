"""`mipviz replay` of a lesson's pcapng export: the lesson's links (one per interface, with
its prefix), the hops of one packet across interfaces known as hops, and the binding caches
and lists the lesson had, rebuilt from the capture alone and set against the engine's at
every frame (tests/pcapng_bindings.py says what a capture cannot show and is left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mipviz import cli
from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import open_captures, survey
from mipviz.commands.export import write_captures
from mipviz.ui.replay import ReplayApp
from tests.conftest import bundled_lesson_ids, lesson_run
from tests.pcapng_bindings import differences, replay_export
from tests.replay_helpers import wait_shown
from tests.ui_helpers import status, sync

# Lessons whose capture cannot say what the engine's nodes held, and why (strict: a lesson
# that starts to match must be moved out of this list).
NOT_ON_THE_WIRE = {
    "attacks": "a forged Binding Update names the mobile node's home address: from the "
               "capture it is the mobile node's (telling them apart needs the key log)",
    "challenge-eavesdropper": "Eve's forged Binding Update names the mobile node's home "
                              "address (as in attacks)",
    "binding-error": "Eve's Binding Update replaces the binding in the mobile node's name "
                     "(as in attacks)",
    "ipsec-home-agent": "the home registrations travel inside ESP (AES-CBC): without the keys "
                        "the replay sees no BU or BA between the mobile node and its home agent "
                        "(with them, --esp-sa: see the keyed test below)",
    "hmipv6": "the engine's mobile node does not list its local binding with the MAP in its "
              "Binding Update List (the replay, from the local BU, does)",
    "proxy-mobile-ipv6": "the engine's MAGs keep no Binding Update List in their node state "
                         "(RFC 5213 §6.1 gives them one; the replay, from the PBU, does)",
    "nemo-multihoming": "the home agent keeps one entry per (home address, Binding "
                        "Identifier) (RFC 5648); the replay keys its cache by home address "
                        "alone, so the two bindings of the mobile router become one",
}


def _cases() -> list[object]:
    return [pytest.param(lesson, marks=pytest.mark.xfail(strict=True,
                                                         reason=NOT_ON_THE_WIRE[lesson]))
            if lesson in NOT_ON_THE_WIRE else lesson for lesson in bundled_lesson_ids()]


@pytest.mark.parametrize("lesson", _cases())
def test_the_replay_rebuilds_the_lessons_bindings_at_every_frame(
        lesson: str, tmp_path: Path) -> None:
    found = list(differences(replay_export(lesson_run(lesson), tmp_path)))
    assert found == [], "\n".join(found[:10])


def test_with_the_esp_sa_table_the_ipsec_lessons_home_registrations_are_rebuilt(
        tmp_path: Path) -> None:
    """ipsec-home-agent replayed with the SAs its export writes (``--esp-sa K.esp_sa``): the
    encrypted BU/BA are opened, Mallory's unprotected home registration is discarded as the
    home agent discarded it, and every cache and list matches the engine's at every frame
    but one: the mobile node's entry for the correspondent once Eve's forged (unprotected,
    correspondent) Binding Update names its home address, as in ``attacks`` (only the Return
    Routability key log could tell them apart). Without the table the parametrised case
    above stays a strict xfail: the capture alone cannot show the home registrations."""
    replayed = replay_export(lesson_run("ipsec-home-agent"), tmp_path, keyed=True)
    found = list(differences(replayed))
    forged = max(step.index for step in replayed.run.timeline  # Eve's, the lesson's last BU
                 if step.frame_bytes is not None and step.summary.startswith("Binding Update"))
    assert found, "the forged correspondent registration is expected to differ"
    assert all("('list', 'MN', '2001:db8:3::1', '2001:db8:1::100')" in line for line in found
               ), "\n".join(found[:10])
    assert all(int(line.split("engine step ")[1].split(",")[0]) >= forged for line in found)
    last = len(replayed.timeline)
    cache = replayed.timeline.state_at("HA", last).binding_cache
    assert [(str(entry.home_address), str(entry.care_of_address)) for entry in cache] == [
        ("2001:db8:1::100", "2001:db8:2::ff:fe00:100")]
    dropped = [event.text for step in replayed.timeline for event in step.events
               if event.kind == "drop" and "sent without ESP" in event.text]
    assert len(dropped) == 1 and "SA 0x00001001" in dropped[0], dropped


def test_back_home_the_home_agents_cache_is_the_lessons(tmp_path: Path) -> None:
    """returning-home is rebuilt exactly: the home agent's entry, marked deleting by the
    deregistration and freed after MAX_DELETE_BCE_TIMEOUT (RFC 6275 10.3.2), the
    correspondent's, and the mobile node's list, whose entries change when the Binding
    Updates leave (lifetime 0), not when the Router Advertisement shows the home prefix."""
    replayed = replay_export(lesson_run("returning-home"), tmp_path)
    found = list(differences(replayed))
    assert found == [], found
    states = [replayed.timeline.state_at("HA", step).binding_cache
              for step in range(1, len(replayed.timeline) + 1)]
    deleting = [step for step, cache in enumerate(states, start=1)
                if any(entry.state == "deleting" and entry.lifetime == 0 for entry in cache)]
    assert deleting and deleting[-1] == len(states)  # the capture ends within the 10 s


def test_most_lessons_are_rebuilt_exactly() -> None:
    assert len(bundled_lesson_ids()) - len(NOT_ON_THE_WIRE) >= 11
    assert set(NOT_ON_THE_WIRE) <= set(bundled_lesson_ids())


def test_the_comparison_sees_a_wrong_binding(tmp_path: Path) -> None:
    """The comparison can fail: a replay whose home agent's cache is wrong is caught."""
    from dataclasses import replace

    replayed = replay_export(lesson_run("home-registration"), tmp_path)
    versions = replayed.timeline._versions["HA"][1]
    for at, state in enumerate(versions):
        if state.binding_cache:
            entry = replace(state.binding_cache[0], sequence=state.binding_cache[0].sequence + 1)
            versions[at] = replace(state, binding_cache=(entry,))
    assert any("('cache', 'HA'" in line for line in differences(replayed))


# -- links and hops -----------------------------------------------------------------------------


def test_each_interface_is_a_link_labelled_with_its_prefix(tmp_path: Path) -> None:
    run = lesson_run("route-optimisation")
    path = tmp_path / "ro.pcapng"
    write_captures(run, [(path, "pcapng")])
    timeline = build_timeline([path])
    links = [link.name for link in run.lesson.topology.links]
    assert timeline.interface_links == tuple(f"ro/{name}" for name in links)
    assert timeline.link_prefixes == {f"ro/{link.name}": [link.prefix]
                                      for link in run.lesson.topology.links}
    # each node on the link whose prefix holds its address (not on every link it was seen)
    assert {name: node.links for name, node in timeline.nodes.items()} == {
        "HA": ["ro/home"], "MN": ["ro/visited"], "CN": ["ro/cn-net"]}
    for index, step in enumerate((s for s in run.timeline if s.frame_bytes), start=1):
        assert timeline.steps[index - 1].link == f"ro/{step.link}"


def test_one_packet_on_three_interfaces_is_one_message_crossing_three_links(
        tmp_path: Path) -> None:
    """The Care-of Test Init goes MN → R2 (visited) → R3 (core) → CN (cn-net): the same
    IPv6 packet, one hop further each time, is told as hops of one message."""
    path = tmp_path / "ro.pcapng"
    write_captures(lesson_run("route-optimisation"), [(path, "pcapng")])
    steps = list(observe(survey(open_captures([path]))))
    coti = [step for step in steps if step.summary == "Care-of Test Init"]
    assert [step.link for step in coti[:3]] == ["ro/visited", "ro/core", "ro/cn-net"]
    first, second, third = coti[:3]
    assert not any("the same packet" in event.text for event in first.events)
    assert (f"the same packet as step {first.step} on ro/visited, one hop further "
            "(hop limit 64 -> 63)") in [event.text for event in second.events]
    assert (f"the same packet as step {second.step} on ro/core, one hop further "
            "(hop limit 63 -> 62)") in [event.text for event in third.events]


@sync
async def test_the_replay_screen_draws_the_links_and_skips_hops_across_them(
        tmp_path: Path) -> None:
    path = tmp_path / "ro.pcapng"
    assert cli.main(["export", "route-optimisation", "-o", str(path)]) == 0
    app = ReplayApp([str(path)])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        prepared = screen.controller.prepared
        # one file: its links by their interfaces' names, as the lesson named them
        assert [(link.name, link.prefix) for link in prepared.lesson.topology.links] == [
            ("home", "2001:db8:1::/64"), ("visited", "2001:db8:2::/64"),
            ("cn-net", "2001:db8:3::/64"), ("core", "2001:db8:ff::/64")]
        # the mobile node's home link is the one holding its home address
        mobile = next(node for node in prepared.lesson.topology.nodes if node.name == "MN")
        assert [interface.link for interface in mobile.interfaces] == ["home", "visited"]
        topology = "\n".join(strip.text for strip in screen.query_one("#map")._strips)
        for link in prepared.lesson.topology.links:
            assert f"{link.name} {link.prefix}" in topology
        assert "ro/" not in topology
        windows = prepared.timeline.steps
        coti = [index for index in range(1, len(windows) + 1)
                if windows[index - 1].summary == "Care-of Test Init"]
        first = coti[0]
        hops = [step for step in range(first + 1, len(windows) + 1)
                if windows.message_start(step) == first]
        assert len(hops) == 2
        assert {windows[step - 1].link for step in (first, *hops)} == {
            "ro/visited", "ro/core", "ro/cn-net"}  # the steps keep the records' names
        assert [prepared.timeline[step].link for step in (first, *hops)] == [
            "visited", "core", "cn-net"]
        # on the ladder, a further hop says so instead of repeating the first hop's row
        assert [prepared.timeline[step].summary for step in (first, *hops)] == [
            "Care-of Test Init", "↳ core: Care-of Test Init", "↳ cn-net: Care-of Test Init"]
        screen.controller.jump(hops[-1])
        screen.refresh_view()
        await pilot.pause()
        ladder = "\n".join(strip.text for strip in screen.query_one("#ladder")._strips)
        assert "↳ cn-net: Care-of Test Init" in ladder and "↳ core: Care-of Test" in ladder
        assert prepared.timeline.state_at("MN", first).links == ("visited",)
        screen.controller.jump(first)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        after = screen.controller.cursor
        assert after not in hops and not windows.sighting(after)
        assert f"step {after}/" in status(screen)
        screen.controller.jump(hops[-1])
        await pilot.press("left_square_bracket")  # back to the first hop, on another link
        await pilot.pause()
        assert screen.controller.cursor == first
        narration = screen.controller.view().narration or ""
        assert "> Step " in narration and " on visited: MN → R2" in narration


@sync
async def test_random_keys_on_the_replay_of_a_pcapng_at_any_size(tmp_path: Path) -> None:
    from tests.test_ui_fuzz import _drive, _no_error

    path = tmp_path / "nested.pcapng"
    write_captures(lesson_run("nested-nemo"), [(path, "pcapng")])
    app = ReplayApp([str(path)])
    await _drive(app, seed=13, presses=300, sizes=(10, 4), every=31, budget=8)
    _no_error(app)


def test_a_deregistered_entry_is_freed_after_max_delete_bce_timeout(tmp_path: Path) -> None:
    """RFC 6275 10.3.2 in any capture: the accepted deregistration leaves the entry invalid
    (lifetime 0, the deregistration's sequence number) for MAX_DELETE_BCE_TIMEOUT = 10 s;
    the first packet after that shows it freed."""
    from tests.test_capture_frames import ethernet, pcap, write
    from tests.test_capture_replay import SECOND, ba_from_ha, bu_to_ha

    frames = [(0, bu_to_ha(7)), (SECOND, ba_from_ha(7)), (2 * SECOND, bu_to_ha(8, lifetime=0)),
              (3 * SECOND, ba_from_ha(8, lifetime=0)), (12 * SECOND, bu_to_ha(9)),
              (14 * SECOND, bu_to_ha(10))]
    path = write(tmp_path, "home.pcap", pcap([(t, ethernet(f)) for t, f in frames]))
    timeline = build_timeline([path])
    entry = timeline.state_at("HA", 4).binding_cache[0]
    assert (entry.state, entry.lifetime, entry.sequence) == ("deleting", 0, 8)
    assert timeline.state_at("HA", 5).binding_cache[0].state == "deleting"  # 9 s later
    assert timeline.state_at("HA", 6).binding_cache == ()
    assert ("HA: binding cache entry for 2001:db8:1::100 freed (MAX_DELETE_BCE_TIMEOUT over, "
            "RFC 6275 10.3.2)") in [str(event) for event in timeline[6].events]
    assert any("entry invalid, freed after MAX_DELETE_BCE_TIMEOUT (10 s" in str(event)
               for event in timeline[4].events)
