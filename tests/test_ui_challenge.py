"""A challenge level in the terminal UI: the goal is on screen before the learner acts, `c`
opens the action menu, an attempt is replayed and judged, a wrong one gets the hint, and the
solution is shown on request (counted). Also writes assets/ui-challenge.svg (the README's
screenshot) when MIPVIZ_WRITE_ASSETS is set."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from mipviz.ui.app import MipvizApp
from mipviz.ui.challenge import ChallengeBanner, ChallengeScreen, session_of
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready  # noqa: F401

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def _banner(app: MipvizApp) -> str:
    return str(app.screen.query_one("#challenge-banner", ChallengeBanner).render())


async def _choose(pilot: Pilot[Any], label: str) -> None:
    """Open the menu and pick the option whose label contains *label*."""
    await pilot.press("c")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ChallengeScreen)
    options = dialog.query_one("#challenge-choices", OptionList)
    index = next(i for i, (text, _) in enumerate(dialog.options) if label in text)
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def _judged(pilot: Pilot[Any], lesson_screen: Any, attempts: int) -> None:
    for _ in range(3000):
        session = session_of(lesson_screen)
        if session.attempts >= attempts and not session.running:
            await pilot.pause()
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the attempt was not judged")


@sync
async def test_a_level_is_solved_in_the_ui_after_a_wrong_attempt() -> None:
    app = MipvizApp("challenge-eavesdropper")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        assert "Goal: Get Eve a binding at the CN" in _banner(app)
        assert "Press c to act" in _banner(app)
        # wrong: on the CN's link, but not listening to frames not sent to her
        await _choose(pilot, "place Eve on cn-net as an off-path attacker")
        await _choose(pilot, "Try it")
        await _judged(pilot, screen, 1)
        assert "attempt 1: Not yet. Hint: Kbm needs both tokens" in _banner(app)
        await _choose(pilot, "Start over")
        await _choose(pilot, "place Eve on cn-net as an eavesdropper")
        await _choose(pilot, "Try it")
        await _judged(pilot, screen, 2)
        assert "attempt 2: Goal met." in _banner(app)
        prepared = screen.controller.prepared
        assert prepared is not None
        assert any(e.kind == "attack-succeeded" for s in prepared.timeline for e in s.events)
        eve = next(n for n in prepared.lesson.topology.nodes if n.name == "Eve")
        assert eve.interfaces[0].link == "cn-net"  # the map shows where she was placed
        await _choose(pilot, "Show the minimal solution")
        assert "Solution shown 1×." in _banner(app)
        if os.environ.get("MIPVIZ_WRITE_ASSETS"):
            await pilot.press("end")
            await pilot.pause()
            app.save_screenshot("ui-challenge.svg", str(ASSETS))


@sync
async def test_japanese_banner_and_a_lesson_that_is_no_challenge() -> None:
    app = MipvizApp("challenge-binding-expiry", language="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert "目標: HA が持つ MN のバインディングを期限切れに" in _banner(app)
    app = MipvizApp("home-registration")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_ready(pilot)
        assert not screen.query("#challenge-banner")
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ChallengeScreen)


@sync
async def test_the_footer_offers_c_only_on_a_challenge_level() -> None:
    """`c Challenge` in the footer of a lesson that is none was a key that did nothing."""
    import re

    def footer(app: MipvizApp) -> str:
        return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")

    for lesson, offered in (("home-registration", False), ("challenge-binding-expiry", True)):
        app = MipvizApp(lesson)
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await wait_ready(pilot)
            await pilot.pause()
            assert ("c Challenge" in footer(app)) is offered, lesson
            assert screen.check_action("challenge", ()) is offered


@sync
async def test_a_short_terminal_keeps_the_narration_and_the_c_key(tmp_path: Path) -> None:
    """At 80x24 the goal's box took two rows the narration needed (it was left three rows
    tall) and the footer had no room for `c`, the level's only way to act. The goal is the
    lesson file's own text: a `[/b]` or `[@click=…]` in it shows as written."""
    import re

    source = (Path(__file__).resolve().parents[1] / "lessons"
              / "32-challenge-eavesdropper.toml").read_text(encoding="utf-8")
    hostile = "Get Eve a binding [/b] at the [@click=app.quit]CN[/]"
    source = source.replace(
        'goal = { en = "Get Eve a binding at the CN: the CN accepts her forged Binding Update '
        'for the MN\'s home address."', f'goal = {{ en = "{hostile}"')
    assert hostile in source
    path = tmp_path / "hostile-goal.toml"
    path.write_text(source, encoding="utf-8")

    def screen_text(app: MipvizApp) -> str:
        return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")

    app = MipvizApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("right")
        await pilot.pause()
        banner = screen.query_one("#challenge-banner", ChallengeBanner)
        assert hostile in _banner(app)
        assert banner.region.height <= 3, banner.region  # its lines, no box around them
        assert screen.query_one("#narration").region.height >= 5
        assert "c Challenge" in screen_text(app)
        assert app.is_running  # the [@click=app.quit] in the goal was not a link
