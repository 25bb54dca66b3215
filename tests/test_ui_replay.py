"""`mipviz replay`: the lesson screen over shared captures, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from mipviz import cli
from mipviz.ui.replay import ReplayApp, dissect_captured
from tests.replay_helpers import CAPTURES, wait_shown, write_big_capture
from tests.ui_helpers import status, sync

pytestmark = pytest.mark.skipif(not CAPTURES.is_dir(), reason="no shared captures")


def _lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [strip.text.rstrip() for strip in widget._strips]


def _tree(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(row.label.plain for row in screen.query_one("#packet-tree").rows)


@sync
async def test_steps_through_a_raw_ipv6_capture_with_every_pane() -> None:
    app = ReplayApp([str(CAPTURES / "tcpdump" / "ipv6_mobility_1.pcap")])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        assert "step 1/16" in status(screen)  # the first frame is on screen at once
        await pilot.press("right", "l")
        await pilot.pause()
        assert "step 3/16" in status(screen)
        await pilot.press("left")
        await pilot.pause()
        assert "step 2/16" in status(screen)
        ladder = "\n".join(_lines(screen.query_one("#ladder")))
        assert "MN" in ladder and "CN" in ladder
        assert ">" in ladder or "<" in ladder  # the decoded frames are drawn as arrows
        tree = _tree(screen)
        assert "Internet Protocol Version 6" in tree
        assert "Mobility Header" in tree
        view = screen.controller.view()
        assert view.narration is not None and "**Step 2**" in view.narration
        assert "Mobility Header checksum" in str(screen.query_one("#packet-problems").render())
        topology = "\n".join(_lines(screen.query_one("#map")))
        assert "[MN]" in topology and "[CN]" in topology
        await pilot.press("end")
        await pilot.pause()
        assert "step 16/16" in status(screen)
        await pilot.press("home")
        await pilot.pause()
        assert "step 0/16" in status(screen)


@sync
async def test_bindings_pane_shows_the_rebuilt_binding_cache() -> None:
    app = ReplayApp([str(CAPTURES / "scapy-vectors" / "scapy-inet6-uts-mip6-vectors.pcap")])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        timeline = screen.controller.prepared.timeline  # type: ignore[union-attr]
        changed = [step.index for step in timeline.steps if step.changed]
        assert changed, "the vectors register a binding"
        await pilot.press("end")
        await pilot.pause()
        state = "\n".join(_lines(screen.query_one("#state")))
        assert "HA" in state
        assert "step 18/18" in status(screen)


@sync
async def test_an_unsupported_link_type_is_shown_as_what_it_is() -> None:
    app = ReplayApp([str(CAPTURES / "tcpdump" / "cve2015-0261-ipv6.pcap")])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_shown(pilot)
        assert "step 1/2" in status(screen)
        tree = _tree(screen)
        assert "link type 8" in tree
        hex_lines = _lines(screen.query_one("#hex"))
        assert any(line.strip() for line in hex_lines)  # the bytes are there
        await pilot.press("right")
        await pilot.pause()
        assert "step 2/2" in status(screen)


@sync
async def test_broken_mobility_options_never_raise() -> None:
    for name in ("mobility_opt_asan.pcap", "ipv6-mobility-header-oobr.pcap",
                 "icmp6_mobileprefix_asan.pcap"):
        app = ReplayApp([str(CAPTURES / "tcpdump" / name)])
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_shown(pilot)
            for _ in range(screen.controller.total):
                await pilot.press("right")
            await pilot.pause()
            assert f"step {screen.controller.total}/" in status(screen)
            assert _tree(screen)


def test_dissect_captured_keeps_the_captured_offsets() -> None:
    ipv6 = bytes.fromhex("6000000000003b40") + bytes(32)
    loopback = (30).to_bytes(4, "little") + ipv6  # BSD loopback, AF_INET6
    layers = dissect_captured(loopback, 0)
    assert layers[0].offset == 0 and layers[0].length == 4
    assert layers[1].name == "Internet Protocol Version 6" and layers[1].offset == 4


@sync
async def test_a_big_capture_shows_its_first_frame_before_indexing_completes(
        tmp_path: Path) -> None:
    path = write_big_capture(tmp_path / "big.pcap", 100_000)
    app = ReplayApp([str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_shown(pilot, indexed=False)
        # frames are shown while the rest of the capture is still being indexed
        assert not screen.indexed
        assert "step 1/200" in status(screen) and "indexing" in status(screen)
        await pilot.press("right")
        await pilot.pause()
        # the cursor stays put when the whole capture replaces the preview (it may by now)
        assert "step 2/200 " in status(screen) or "step 2/100000 " in status(screen)
        assert _tree(screen)


FIRST_FRAME_CHILD = r"""
import asyncio, sys
from mipviz.ui.replay import ReplayApp, ReplayScreen
from mipviz.ui.screen import StepShown

async def main(path):
    app = ReplayApp([path])
    seen = {}

    def hook(message):
        if isinstance(message, StepShown) and "first" not in seen:
            rows = app.screen.query_one("#packet-tree").rows
            seen["first"] = ("scapy" in sys.modules, "\n".join(r.label.plain for r in rows))

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        for _ in range(6000):
            screen = app.screen
            if isinstance(screen, ReplayScreen) and screen.controller.decode:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()
        await pilot.pause()
        tree = "\n".join(r.label.plain for r in app.screen.query_one("#packet-tree").rows)
        ladder = "\n".join(s.text for s in app.screen.query_one("#ladder")._strips)
    scapy_first, first_tree = seen["first"]
    print(repr((scapy_first, first_tree, "scapy" in sys.modules, tree, ladder)))

asyncio.run(main(sys.argv[1]))
"""


def test_the_first_frame_is_painted_before_scapy_loads_then_the_headers_follow(
        tmp_path: Path) -> None:
    """Issue 4: the first frame within 1 s whatever the capture's size. Importing scapy
    takes ~0.4 s of that, so the first frame is painted without it (summary, addresses,
    octets) and the header tree and ladder arrows follow once it is loaded."""
    import ast
    import subprocess
    import sys

    path = write_big_capture(tmp_path / "big.pcap", 1_000)
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME_CHILD, str(path)],
                         capture_output=True, text=True, timeout=120, check=True)
    scapy_first, first_tree, scapy_later, tree, ladder = ast.literal_eval(
        out.stdout.strip().splitlines()[-1])
    assert not scapy_first  # nothing on the way to the first frame imported scapy
    assert "loading the dissector" in first_tree
    assert scapy_later
    assert "Internet Protocol Version 6" in tree and "Mobility Header" in tree
    assert ">" in ladder or "<" in ladder  # the decoded frame is drawn as an arrow


def test_replay_of_a_missing_file_exits_1_before_the_ui(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["replay", "x.pcap"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mipviz replay: x.pcap") and "No such file" in err


def test_replay_of_a_file_that_is_not_a_capture_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.pcap"
    path.write_text("hello")
    assert cli.main(["replay", str(path)]) == 1
    assert "not a pcap or pcapng file" in capsys.readouterr().err


@sync
async def test_pcapng_comments_are_narration_and_the_bindings_pane_fills(
        tmp_path: Path) -> None:
    from tests.test_capture_frames import ethernet, home_registration, pcapng, write

    path = write(tmp_path, "lab.pcapng", pcapng(
        [(1, "eth0")],
        [(0, 0, ethernet(home_registration()), "the MR registers its prefix at home"),
         (0, 1000, ethernet(home_registration())[:30], None)]))
    app = ReplayApp([str(path)])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        assert "step 1/2" in status(screen)
        narration = screen.controller.view().narration or ""
        assert "> the MR registers its prefix at home" in narration
        assert "Binding Update" in _tree(screen) or "Mobility Header" in _tree(screen)
        await pilot.press("right")  # a frame cut short: shown, with its problems
        await pilot.pause()
        assert "step 2/2" in status(screen)
        assert "⚠" in str(screen.query_one("#packet-problems").render())
        assert _tree(screen)


@sync
async def test_several_captures_merge_into_one_timeline() -> None:
    paths = [str(CAPTURES / "zeek" / "mip6_bu.pcap"), str(CAPTURES / "zeek" / "mip6_back.pcap")]
    app = ReplayApp(paths)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_shown(pilot)
        assert "step 1/2" in status(screen)
        assert "mip6_bu.pcap + 1 more" in status(screen)
        await pilot.press("right")
        await pilot.pause()
        assert "step 2/2" in status(screen)


@sync
async def test_message_keys_skip_the_further_hops_of_one_packet(tmp_path: Path) -> None:
    """`]` goes to the next packet, not to the same packet one link further; `[` back to the
    first hop of this packet, then of the one before (a lesson's export holds every hop)."""
    path = tmp_path / "home.pcap"
    assert cli.main(["export", "home-registration", "-o", str(path)]) == 0
    app = ReplayApp([str(path)])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        windows = screen.controller.prepared.timeline.steps
        hops = [step for step in range(1, len(windows) + 1)
                if windows.sighting(step) and windows.message_start(step) > 1]
        assert hops  # the export has packets seen on two links
        hop = hops[0]
        first = windows.message_start(hop)
        assert first < hop and not windows.sighting(first)
        screen.controller.jump(first)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        after = screen.controller.cursor
        assert after > hop and not windows.sighting(after)  # the further hop was skipped
        assert all(windows.sighting(step) for step in range(first + 1, after))
        assert f"step {after}/" in status(screen)
        screen.controller.jump(hop)
        await pilot.press("left_square_bracket")  # to the first hop of this packet
        await pilot.pause()
        assert screen.controller.cursor == first
        await pilot.press("left_square_bracket")  # then to the packet before it
        await pilot.pause()
        before = screen.controller.cursor
        assert 1 <= before < first and not windows.sighting(before)


def test_the_progress_bar_total_is_estimated_without_reading_the_capture_twice(
        tmp_path: Path) -> None:
    from mipviz.ui.replay import ReplayController

    path = write_big_capture(tmp_path / "big.pcap", 20_000)
    controller = ReplayController([str(path)])
    controller.prepare_preview()
    assert abs(controller.estimated_packets() - 20_000) < 1_000
    small = ReplayController([str(CAPTURES / "zeek" / "mip6_bu.pcap")])
    small.prepare_preview()
    assert small.estimated_packets() == 1  # the preview is the whole capture


@sync
async def test_the_replay_map_labels_each_link_with_its_advertised_prefixes(
        tmp_path: Path) -> None:
    """The on-link prefixes of the Router Advertisements seen on a link (RFC 4861 4.6.2,
    L flag) label it on the map, as a lesson's links are labelled with theirs."""
    path = tmp_path / "home.pcap"
    assert cli.main(["export", "home-registration", "-o", str(path)]) == 0
    app = ReplayApp([str(path)])
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        # one capture point ("home", the file's name); the visited router's RA crosses it
        assert screen.controller.prepared.timeline.link_prefixes == {
            "home": ["2001:db8:2::/64"]}
        topology = "\n".join(_lines(screen.query_one("#map")))
        assert "home 2001:db8:2::/64" in topology


def test_many_nodes_on_one_link_are_laid_out_on_four_rows() -> None:
    """Ten nodes seen on one capture link: four rows (two above the link, two below), so
    that no two share a place and each row has room for its labels."""
    from mipviz.lesson.schema import InterfaceSpec, Lesson, LinkSpec, NodeSpec, Text, TopologySpec
    from mipviz.ui.replay import simple_layout

    def lesson(count: int) -> Lesson:
        nodes = tuple(NodeSpec(f"N{i}", "correspondent", (InterfaceSpec("cap"),))
                      for i in range(count))
        return Lesson("replay", Text.plain("t"), (), TopologySpec((LinkSpec("cap", ""),), nodes),
                      (), Text.plain(""))

    many = simple_layout(lesson(10)).nodes
    assert len(set(many.values())) == 10
    assert len({y for _, y in many.values()}) == 4
    per_row = max(sum(1 for _, y in many.values() if y == row)
                  for row in {y for _, y in many.values()})
    assert per_row == 3
    assert len({y for _, y in simple_layout(lesson(6)).nodes.values()}) == 2  # few: two rows
