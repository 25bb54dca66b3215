"""The mipviz Textual app: the lesson picker, or one lesson's screen.

Kept light to import (the budget is the first paint): the engine, scapy and networkx load in
the lesson screen's worker thread, after the first frame is on screen.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from mipviz.i18n import msg, tr
from mipviz.ui import compat  # noqa: F401  (Textual work-arounds, before any screen)
from mipviz.ui.chrome import (
    TooSmallScreen,
    localise_bindings,
    save_screenshot,
    screenshot_folders,
    too_small,
)

if TYPE_CHECKING:
    from mipviz.lesson.progress import ProgressStore

STYLES = Path(__file__).resolve().parent / "styles"
THEMES = ("textual-dark", "textual-light", "mipviz-mono")

# Black and white, for projectors and NO_COLOR: highlights use reverse/bold/underline only.
MONO = Theme(
    name="mipviz-mono",
    primary="#ffffff",
    secondary="#c0c0c0",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    warning="#ffffff",
    error="#ffffff",
    success="#ffffff",
    boost="#ffffff",
    dark=True,
)


class MipvizApp(App[None]):
    TITLE = "mipviz"
    # Absolute, so that subclasses defined elsewhere (benchmarks, tests) find it too.
    CSS_PATH: ClassVar[list[str | PurePath]] = [STYLES / "app.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        Binding("L", "switch_language", "日本語", show=False),
        # Textual adds this one itself when absent; declared so that it can be described in
        # the screen's language ("^p コマンド" on a Japanese screen).
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True,
                tooltip="palette"),
    ]

    def __init__(self, lesson: str | None = None, language: str = "en",
                 theme: str | None = None, presenter: bool = False) -> None:
        super().__init__()
        self.lesson = lesson
        self.language = language
        self.presenter = presenter
        self._progress: ProgressStore | None = None
        self.register_theme(MONO)
        if theme is None:
            theme = "mipviz-mono" if os.environ.get("NO_COLOR") else "textual-dark"
        self.theme = theme
        localise_bindings(self, language)

    def on_mount(self) -> None:
        if self.lesson is None:
            from mipviz.ui.picker import PickerScreen

            self.push_screen(PickerScreen(self.language))
        else:
            self.open_lesson(self.lesson)
        self._check_size(self.size.width, self.size.height)

    def open_lesson(self, lesson: str) -> None:
        from mipviz.ui.screen import LessonScreen

        self.push_screen(LessonScreen(lesson, self.language, self.presenter, self.progress))
        self._check_size(self.size.width, self.size.height)  # stays on top while too small

    @property
    def progress(self) -> ProgressStore:
        """The learner's progress file, read once per app (first use, not at start-up)."""
        if self._progress is None:
            from mipviz.lesson.progress import ProgressStore

            self._progress = ProgressStore()
        return self._progress

    # ------------------------------------------------------------------ terminal size
    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Below the smallest drawable size, a message asks for more room (the screens
        below are not laid out meanwhile); it goes away when the terminal grows."""
        top = self.screen_stack[-1] if self.screen_stack else None
        if too_small(width, height):
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            elif top is not None:
                self.push_screen(TooSmallScreen(self.language))
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    # ------------------------------------------------------------------ language
    def set_language(self, language: str) -> None:
        """The chrome in *language* from now on (the lesson screen re-runs its lesson)."""
        self.language = language
        localise_bindings(self, language)
        for screen in self.screen_stack:
            localise_bindings(screen, language)
        self.screen.refresh_bindings()

    def action_switch_language(self) -> None:
        """L: English ↔ Japanese, live. On the picker, the picker again in that language."""
        from mipviz.ui.screen import LessonScreen

        language = "ja" if self.language == "en" else "en"
        screen = self.screen
        if isinstance(screen, LessonScreen):
            screen.action_switch_language()
            return
        self.set_language(language)
        from mipviz.ui.picker import PickerScreen

        if isinstance(screen, PickerScreen):
            self.switch_screen(PickerScreen(language))
        self.notify(tr("ui.notify.language", language,
                       language=msg(f"common.language.{language}")), timeout=2)

    # ------------------------------------------------------------------ palette and themes
    def watch_theme(self, theme: str) -> None:
        self.set_class(theme == "mipviz-mono", "-mono")

    def action_cycle_theme(self) -> None:
        index = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(index + 1) % len(THEMES)]
        self.notify(tr("ui.notify.theme", self.language, name=self.theme), timeout=2)

    def action_command_palette(self) -> None:
        """The palette, its placeholder in the screen's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(
                id="--command-palette",
                placeholder=tr("ui.palette.placeholder", self.language)))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        save_screenshot(self, self.language)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, keys, maximise, screenshot, quit) and mipviz's, all in
        the screen's language; Screenshot saves where :func:`save_screenshot` says."""
        from mipviz.ui.screen import LessonScreen

        language = self.language

        def t(message_id: str, **params: object) -> str:
            return tr(message_id, language, **params)

        yield SystemCommand(t("ui.cmd.theme"), t("ui.cmd.theme.help"), self.action_cycle_theme)
        yield SystemCommand(t("ui.cmd.language"), t("ui.cmd.language.help"),
                            self.action_switch_language)
        if screen.query("HelpPanel"):
            yield SystemCommand(t("ui.cmd.keys"), t("ui.cmd.keys.hide"),
                                self.action_hide_help_panel)
        else:
            yield SystemCommand(t("ui.cmd.keys"), t("ui.cmd.keys.show"),
                                self.action_show_help_panel)
        yield SystemCommand(t("ui.cmd.screenshot"),
                            t("ui.cmd.screenshot.help", folder=str(screenshot_folders()[0])),
                            lambda: self.set_timer(0.1, self.action_screenshot))
        if isinstance(screen, LessonScreen):
            for action in ("forward", "back", "next_message", "previous_message",
                           "toggle_play", "faster", "slower", "jump", "first", "last", "move",
                           "zoom", "hide", "show_all", "reveal", "help"):
                yield SystemCommand(t(f"ui.cmd.{action}"), t(f"ui.cmd.{action}.help"),
                                    getattr(screen, f"action_{action}"))
            yield SystemCommand(t("ladder.filter_command"), t("ladder.filter_help"),
                                screen.action_ladder_filter)
            for number, name in enumerate(("map", "ladder", "inspector", "state",
                                           "narration"), start=1):
                yield SystemCommand(t("ui.cmd.focus_pane", number=number,
                                      name=t(f"ui.pane.{name}")), str(number),
                                    lambda name=name: screen.action_focus_pane(name))
        yield SystemCommand(t("ui.cmd.quit"), t("ui.cmd.quit.help"), self.action_quit)
