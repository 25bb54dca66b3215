"""A home agent's Home Agents List (RFC 6275 §10.5.1) where a learner sees it: the Bindings
pane shows each other home agent on the link with its preference, the lifetime left and
mobile-router support (RFC 3963 §7.3), in the screen's language, an entry whose lifetime ran
out shown deleted; `trace --format jsonl` adds a ``home_agents_list`` key where a list
changed (the record's other keys unchanged)."""

from __future__ import annotations

import json

import pytest

from mipviz.cli import main
from mipviz.ui.app import MipvizApp
from tests.test_cli_trace_export import RECORD_KEYS
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]


def _lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [strip.text.rstrip() for strip in widget._strips]


async def _pane_at(pilot, screen, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    screen.controller.jump(index)
    screen.refresh_view()
    await pilot.pause()
    return _lines(screen.query_one("#state"))


@sync
@pytest.mark.parametrize("language, title, header, yes", [
    ("en", "HA2 home agents list", ("home agent", "preference", "left", "mobile routers"),
     "yes"),
    ("ja", "HA2 ホームエージェントリスト",
     ("ホームエージェント", "優先度", "残り", "モバイルルータ"), "対応"),
])
async def test_the_bindings_pane_shows_the_home_agents_list(
        language: str, title: str, header: tuple[str, ...], yes: str) -> None:
    app = MipvizApp("home-agent-failure", language=language)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        screen.controller.presenter = True  # no quiz holds the cursor
        timeline = screen.controller.prepared.timeline
        learnt = next(step for step in timeline
                      if timeline.state_at("HA2", step.index).home_agents_list)
        lines = await _pane_at(pilot, screen, learnt.index)
        at = lines.index(title)
        assert all(word in lines[at + 1] for word in header)
        row = lines[at + 2].split()
        assert row[0] == "2001:db8:1::1" and row[1] == "10" and row[3] == yes
        assert row[2] in ("15s", "15秒")
        # HA fails: its entry runs out of HA2's list 15 s after its last Router Advertisement
        gone = next(step for step in timeline if step.index > learnt.index
                    and not timeline.state_at("HA2", step.index).home_agents_list)
        lines = await _pane_at(pilot, screen, gone.index)
        at = lines.index(title)
        assert lines[at + 2].split()[:2] == ["2001:db8:1::1", "10"]
        assert ("deleted" if language == "en" else "削除") in lines[at + 2]


def test_trace_jsonl_carries_each_changed_home_agents_list(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "home-agent-failure", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for record in records:
        assert set(record) >= RECORD_KEYS
        assert set(record) - RECORD_KEYS <= {"narration", "home_agents_list"}
    lists = [(r["time"], r["home_agents_list"]) for r in records if "home_agents_list" in r]
    time, first = lists[0]
    assert first == {"HA2": [{
        "address": "2001:db8:1::1", "link_local": first["HA2"][0]["link_local"],
        "preference": 10, "lifetime": 15, "expires": round(time + 15, 6),
        "mobile_router_support": True}]}
    # HA fails: HA2's list empties 15 s after HA's last Router Advertisement
    emptied = next(t for t, changed in lists if changed.get("HA2") == [])
    assert emptied == pytest.approx(time + 15, abs=0.01)
