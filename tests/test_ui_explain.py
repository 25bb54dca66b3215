"""The packet inspector at the steps that compute something: Return Routability (S18) and the
care-of address in bits (S07), with the headers that matter in view without scrolling."""

from __future__ import annotations

from typing import Any

from mipviz.explain import group_hex
from mipviz.ui.app import MipvizApp
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]


def _visible(screen: Any) -> list[str]:
    tree = screen.query_one("#packet-tree")
    return [strip.text.rstrip() for strip in tree._strips]


async def _at(pilot: Any, screen: Any, index: int) -> list[str]:
    screen.controller.quiz_states.clear()
    screen.controller.cursor = index
    screen.refresh_view()
    await pilot.pause()
    await pilot.pause()
    return _visible(screen)


def _step(screen: Any, summary: str, rx: str) -> int:
    return next(s.index for s in screen.controller.prepared.timeline
                if s.summary.startswith(summary) and s.rx == rx)


@sync
async def test_rr_steps_show_headers_in_view_and_the_computation_in_hex() -> None:
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        secret = next(iter(prepared.secrets.correspondents.values()))
        kcn_first_line = group_hex(secret.kcn[:16])

        ba = max(s.index for s in prepared.timeline
                 if s.summary.startswith("Binding Acknowledgement") and s.rx == "MN")
        visible = "\n".join(await _at(pilot, screen, ba))
        assert "▸ Ethernet II" in visible and "dst = 02:" not in visible  # folded
        assert "Internet Protocol Version 6" in visible and "src = 2001:db8:3::1" in visible
        assert "Routing Header" in visible and "addresses = [ 2001:db8:1::100 ]" in visible
        assert "§ Return Routability ✓" in visible  # the pointer, at the top

        bu = _step(screen, "Binding Update seq", "CN")
        visible = "\n".join(await _at(pilot, screen, bu))
        assert "hoa = 2001:db8:1::100" in visible and "Home Address Option" in visible
        tree = screen.query_one("#packet-tree")
        rows = [row.label.plain for row in tree.rows]
        assert "Kbm = SHA1(home keygen token | care-of keygen token)" in rows
        assert kcn_first_line in [r.strip() for r in rows]
        assert any(r.startswith("authenticator received") for r in rows)
        assert rows.count("✓ equal: the recomputation matches the bytes on the wire") == 1
        assert not any("b'" in r for r in rows)
        # Enter on the pointer brings the computation into view
        tree.focus()
        pointer = next(i for i, row in enumerate(tree.rows) if row.jump is not None)
        tree.cursor = pointer
        await pilot.press("enter")
        await pilot.pause()
        visible = "\n".join(_visible(screen))
        assert "§ Return Routability: this Binding Update's authenticator" in visible
        assert kcn_first_line in visible
        # the authenticator's row lights its 12 octets in the hex pane
        received = next(i for i, row in enumerate(tree.rows)
                        if row.label.plain.startswith("authenticator received"))
        tree.cursor = received
        tree._selected()
        await pilot.pause()
        offset, length = screen.query_one("#hex").selected
        step = prepared.timeline[bu]
        assert length == 12 and offset + 12 == len(step.frame_bytes)

        cot = _step(screen, "Care-of Test", "MN")
        await _at(pilot, screen, cot)
        rows = [row.label.plain for row in screen.query_one("#packet-tree").rows]
        assert "HMAC_SHA1 input = care-of address | nonce[1] | 1" in rows
        assert "care-of keygen token = First(64, HMAC_SHA1(...))" in rows
        cookie = next(r for r in rows if r.startswith("cookie = "))
        assert [len(g) for g in cookie.removeprefix("cookie = ").split()] == [4, 4, 4, 4]


@sync
async def test_the_care_of_address_is_shown_in_bits_where_it_is_formed_in_japanese() -> None:
    app = MipvizApp("route-optimisation", language="ja")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        ra = _step(screen, "Router Advertisement", "MN")
        visible = "\n".join(await _at(pilot, screen, ra))
        assert "MN の気付けアドレス = プレフィックス + 修正 EUI-64" in visible
        assert "00000010 00000000 00000000 ········ ········ 00000000 00000001 00000000" in visible
        assert "00000000 00000000 00000000 11111111 11111110 00000000 00000001 00000000" in visible
        assert "00100000 00000001 00001101 10111000 00000000 00000010 00000000 00000000" in visible
        assert "✓ = 2001:db8:2::ff:fe00:100" in visible


@sync
async def test_esp_steps_show_the_esp_header_and_what_it_carries_decrypted() -> None:
    """RFC 6275 §5.1 in the inspector: SPI and sequence on the wire, then the payload opened
    with the run's SA keys; Return Routability still explained for the HoT inside ESP."""
    app = MipvizApp("ipsec-home-agent")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        bu = _step(screen, "ESP (SPI=0x00001001)", "HA")
        await _at(pilot, screen, bu)
        rows = [row.label.plain for row in screen.query_one("#packet-tree").rows]
        text = "\n".join(rows)
        assert "Encapsulating Security Payload" in text and "0x00001001" in text
        assert "it carries: Mobility Header: Binding Update" in text
        assert "✓ equal: the recomputation matches the bytes on the wire" in text
        hot = _step(screen, "ESP (SPI=0x00001004)", "MN")
        await _at(pilot, screen, hot)
        text = "\n".join(row.label.plain for row in screen.query_one("#packet-tree").rows)
        assert "Home Test" in text and "home keygen token" in text
