"""The UI's chrome as a learner meets it: Japanese all through with --lang ja, a live language
switch that keeps the step, the Bindings pane bringing what the step changed into view,
arrows that step in every pane, screenshots that say where they went, tiny terminals."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from textual.widgets import Footer, Input

from mipviz.lesson.progress import ENV_DATA_DIR
from mipviz.ui.app import MipvizApp
from mipviz.ui.chrome import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from mipviz.ui.screen import PANES, LessonScreen
from tests.ui_helpers import _cache_lesson_runs, status, sync, wait_ready

__all__ = ["_cache_lesson_runs"]

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _pane_text(pane: Any) -> list[str]:
    """What a line-drawn pane shows, line by line, as the terminal would."""
    return [pane.render_line(y).text for y in range(pane.content_size.height)]


def _answered(screen: LessonScreen) -> LessonScreen:
    """Every quiz of the lesson answered, so that jumps are not held at a gating quiz."""
    from mipviz.ui.controller import QuizState

    prepared = screen.controller.prepared
    assert prepared is not None
    for quiz in prepared.quizzes:
        screen.controller.quiz_states[quiz.number] = QuizState(1, True, "", outcome="first")
    return screen


def _footer_descriptions(app: MipvizApp) -> list[str]:
    footer = app.screen.query_one(Footer)
    return [str(key.description) for key in footer.query("FooterKey")]


@sync
async def test_a_japanese_screen_has_no_english_chrome() -> None:
    app = MipvizApp("route-optimisation", language="ja")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("l", "l")
        await pilot.pause()
        for name in PANES:
            title = str(screen.query_one(f"#{name}").border_title)
            assert JAPANESE.search(title) and not ENGLISH_WORD.search(title), title
        line = status(screen)
        assert "ステップ 2/" in line and "秒" in line and "一時停止" in line, line
        # the lesson's own title follows the chrome; the chrome itself is Japanese
        chrome = line.split("│")[:3]
        assert not any(ENGLISH_WORD.search(part) for part in chrome), chrome
        descriptions = _footer_descriptions(app)
        assert "コマンド" in descriptions  # Textual's own "^p palette"
        # "English" is the language the L key switches to: the one English word allowed
        english = [d for d in descriptions if ENGLISH_WORD.search(d) and d != "English"]
        assert descriptions and english == [], descriptions
        commands = list(app.get_system_commands(screen))
        assert len(commands) > 20
        assert all(JAPANESE.search(command.title) for command in commands), \
            [command.title for command in commands if not JAPANESE.search(command.title)]
        state = "\n".join(_pane_text(screen.query_one("#state")))
        assert "バインディング" in state and "home address" not in state


@sync
async def test_the_palette_placeholder_is_japanese() -> None:
    app = MipvizApp("home-registration", language="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette_input = app.screen.query_one(Input)
        assert palette_input.placeholder == "コマンドを検索…"


@sync
async def test_l_switches_language_live_and_keeps_the_step() -> None:
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = _answered(await wait_ready(pilot))
        screen.controller.jump(38)
        screen.refresh_view()
        await pilot.pause()
        narration_en = screen.controller.view().narration
        assert "ステップ" not in status(screen) and "step 38/" in status(screen)
        await pilot.press("L")
        for _ in range(500):
            await pilot.pause(0.02)
            if screen.controller.view().prepared.language == "ja":
                break
        await pilot.pause()
        view = screen.controller.view()
        assert view.prepared.language == "ja" and view.cursor == 38
        assert "ステップ 38/" in status(screen)
        assert view.narration and view.narration != narration_en
        assert JAPANESE.search(view.narration)
        assert str(screen.query_one("#map").border_title) == "1 トポロジ"
        assert "進む" in _footer_descriptions(app)
        await pilot.press("L")  # and back
        for _ in range(500):
            await pilot.pause(0.02)
            if screen.controller.view().prepared.language == "en":
                break
        await pilot.pause()
        assert screen.controller.cursor == 38 and "step 38/" in status(screen)
        assert "Step" in _footer_descriptions(app)


@sync
async def test_the_changed_binding_is_in_view_and_highlighted() -> None:
    """route-optimisation: at step 36 the CN adds the MN's binding; at 80x24 the CN's cache is
    the last of four tables, below the fold unless the pane brings it into view."""
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = _answered(await wait_ready(pilot))
        pane = screen.query_one("#state")
        for step in range(30, 40):
            screen.controller.jump(step)
            screen.refresh_view()
            await pilot.pause()
            if "CN" in screen.controller.view().step.changed:  # type: ignore[union-attr]
                break
        lines = _pane_text(pane)
        assert any(line.startswith("CN binding cache") for line in lines), lines
        changed = pane.get_component_rich_style("state--changed", partial=True)
        strips = [pane.render_line(y) for y in range(pane.content_size.height)]
        highlighted = [strip.text for strip in strips
                       if any(segment.style is not None and changed.bgcolor is not None
                              and segment.style.bgcolor == changed.bgcolor
                              for segment in strip)]
        assert any(line.startswith(" 2001:db8:1::100") for line in highlighted), \
            (highlighted, lines)
        # ↑ in the focused pane scrolls back to the top tables; the next step re-centres
        await pilot.press("4", *["up"] * 12)
        assert any(line.startswith("HA binding cache") for line in _pane_text(pane))


@sync
async def test_the_cns_binding_cache_is_on_screen_at_step_39() -> None:
    for presenter, size in ((False, (160, 50)), (True, (160, 50)), (True, (120, 40))):
        app = MipvizApp("route-optimisation", presenter=presenter)
        async with app.run_test(size=size) as pilot:
            screen = _answered(await wait_ready(pilot))
            screen.controller.jump(39)  # the CN's BA reaches the MN
            screen.refresh_view()
            await pilot.pause()
            lines = _pane_text(screen.query_one("#state"))
            assert any(line.startswith("CN binding cache") for line in lines), \
                (presenter, size, lines)
            assert any(line.startswith("MN binding update list") for line in lines)
            for name in PANES:  # every pane on screen at once
                region = screen.query_one(f"#{name}").region
                assert region.height >= 3 and region.width >= 20, (name, region)


@sync
async def test_arrows_step_in_whichever_pane_has_focus() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        for number in "12345":
            await pilot.press(number)
            before = screen.controller.cursor
            await pilot.press("right")
            assert screen.controller.cursor == before + 1, number
            await pilot.press("left", "right")
            assert screen.controller.cursor == before + 1, number
        # Tab into the packet tree: still stepping
        await pilot.press("3", "tab")
        before = screen.controller.cursor
        await pilot.press("right")
        assert screen.controller.cursor == before + 1


@sync
async def test_the_palettes_screenshot_goes_to_the_data_dir_and_says_where() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        app.action_screenshot()
        await pilot.pause()
        folder = Path(os.environ[ENV_DATA_DIR]) / "screenshots"
        saved = list(folder.glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
        messages = [notification.message for notification in app._notifications]
        assert any(str(saved[0].resolve()) in message for message in messages), messages


@sync
async def test_a_screenshot_falls_back_to_the_working_directory(tmp_path: Path,
                                                                 monkeypatch: Any) -> None:
    data = tmp_path / "not-a-dir"
    data.write_text("a file where the data directory should be")
    monkeypatch.setenv(ENV_DATA_DIR, str(data))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = MipvizApp("home-registration")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        app.action_screenshot()
        await pilot.pause()
        saved = list(work.glob("*.svg"))
        assert len(saved) == 1
        assert any(str(saved[0].resolve()) in n.message for n in app._notifications)


@sync
async def test_a_tiny_terminal_asks_for_room_and_carries_on() -> None:
    """Issue 15: a 20x5 terminal with a saved position crashed in OptionList."""
    data = Path(os.environ[ENV_DATA_DIR])
    data.mkdir(parents=True, exist_ok=True)
    (data / "progress.json").write_text(json.dumps(
        {"version": 1, "lessons": {"route-optimisation": {"furthest": 50, "total": 167,
                                                          "quizzes": {}}}}))
    for language, words in (("en", f"at least {MIN_WIDTH}×{MIN_HEIGHT}"),
                            ("ja", f"{MIN_WIDTH}×{MIN_HEIGHT} 以上")):
        app = MipvizApp("route-optimisation", language=language)
        async with app.run_test(size=(20, 5)) as pilot:
            for _ in range(300):
                await pilot.pause(0.02)
                lesson = next(s for s in app.screen_stack if isinstance(s, LessonScreen))
                if lesson.ready:
                    break
            assert isinstance(app.screen, TooSmallScreen)
            text = str(app.screen.query_one("#too-small").render())
            assert words in text and "20×5" in text, text
            await pilot.resize_terminal(1, 1)
            await pilot.pause(0.1)
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(100, 30)
            await pilot.pause(0.1)
            assert isinstance(app.screen, LessonScreen)
            before = app.screen.controller.cursor
            assert before >= 2  # resumed (as far as the lesson's gating quizzes allow)
            await pilot.press("left")
            assert app.screen.controller.cursor == before - 1
        assert app.return_code in (None, 0) and not getattr(app, "_exception", None)


def test_the_help_has_a_legend_of_every_symbol() -> None:
    from mipviz.ui.dialogs import help_text

    for language in ("en", "ja"):
        text = help_text(language)
        for symbol in ("*", "•", "⊂⊃", "═", "┄", "⚠", "HoA", "CoA", "> < ^ v", "(MN)", "✗"):
            assert symbol in text, (language, symbol)


@sync
async def test_the_help_scrolls_to_its_last_line_at_80x24() -> None:
    """The help is taller than 80x24: ↓ reaches its last line and its scrollbar is inside the
    box (the title above the scroll once pushed both out, so the legend's end was never seen,
    and the C key of the comparison lesson is in it)."""
    from mipviz.i18n import tr

    for language in ("en", "ja"):
        app = MipvizApp("home-registration", language=language)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_ready(pilot)
            await pilot.press("question_mark")
            await pilot.press(*["down"] * 60)
            await pilot.pause()
            box = app.screen.query_one("#help-box")
            scroll = app.screen.query_one("#help-scroll")
            assert box.content_region.contains_region(scroll.region), language
            assert scroll.max_scroll_y > 0 and scroll.scroll_y == scroll.max_scroll_y
            shown = app.export_screenshot().replace("&#160;", " ")
            assert tr("ui.help.close", language).split()[-1] in shown, language
            assert "S23" in tr("ui.help.keys", language)  # C: the comparison


@sync
async def test_every_pane_takes_the_light_theme_at_once() -> None:
    """t: every pane is drawn again in the new colours (issue 9: panes 1-3 stayed dark), and
    no text is drawn white on the light background."""
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = _answered(await wait_ready(pilot))
        screen.controller.jump(38)
        screen.refresh_view()
        await pilot.pause()
        await pilot.press("t")  # textual-light
        await pilot.pause(0.2)
        assert app.theme == "textual-light"
        for name in ("map", "ladder", "packet-tree", "hex", "state"):
            pane = screen.query_one(f"#{name}")
            colours = {segment.style.color.triplet.hex for y in range(pane.content_size.height)
                       for segment in pane.render_line(y)
                       if segment.text.strip() and segment.style is not None
                       and segment.style.color is not None
                       and segment.style.color.triplet is not None}
            backgrounds = {segment.style.bgcolor.triplet.hex
                           for y in range(pane.content_size.height)
                           for segment in pane.render_line(y)
                           if segment.style is not None and segment.style.bgcolor is not None
                           and segment.style.bgcolor.triplet is not None}
            assert colours and "#ffffff" not in colours, (name, colours)
            assert "#e0e0e0" in backgrounds, (name, backgrounds)  # the light background
