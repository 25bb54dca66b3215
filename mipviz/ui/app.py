"""The mipviz Textual app: the lesson picker, or one lesson's screen.

Kept light to import (the budget is the first paint): the engine, scapy and networkx load in
the lesson screen's worker thread, after the first frame is on screen.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from mipviz.ui import compat  # noqa: F401  (Textual work-arounds, before any screen)

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

    def on_mount(self) -> None:
        if self.lesson is None:
            from mipviz.ui.picker import PickerScreen

            self.push_screen(PickerScreen(self.language))
        else:
            self.open_lesson(self.lesson)

    def open_lesson(self, lesson: str) -> None:
        from mipviz.ui.screen import LessonScreen

        self.push_screen(LessonScreen(lesson, self.language, self.presenter, self.progress))

    @property
    def progress(self) -> ProgressStore:
        """The learner's progress file, read once per app (first use, not at start-up)."""
        if self._progress is None:
            from mipviz.lesson.progress import ProgressStore

            self._progress = ProgressStore()
        return self._progress

    def watch_theme(self, theme: str) -> None:
        self.set_class(theme == "mipviz-mono", "-mono")

    def action_cycle_theme(self) -> None:
        index = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(index + 1) % len(THEMES)]
        self.notify(f"theme: {self.theme}", timeout=2)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from mipviz.ui.screen import LessonScreen

        yield SystemCommand("Next colour theme", "dark, light, monochrome",
                            self.action_cycle_theme)
        if isinstance(screen, LessonScreen):
            for title, help_text, action in (
                ("Step forward", "→ / l", "forward"),
                ("Step back", "← / h", "back"),
                ("Next message", "]: skip the other hops of this packet", "next_message"),
                ("Previous message", "[", "previous_message"),
                ("Play / pause", "space", "toggle_play"),
                ("Faster", "+", "faster"),
                ("Slower", "-", "slower"),
                ("Jump to step…", "g", "jump"),
                ("First step", "Home", "first"),
                ("Last step", "End", "last"),
                ("Move a node…", "m: free exploration", "move"),
                ("Zoom the focused pane", "z", "zoom"),
                ("Hide the focused pane", "x", "hide"),
                ("Show every pane", "a", "show_all"),
                ("Reveal the answer", "r: presenter mode", "reveal"),
                ("Help", "?", "help"),
            ):
                yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))
            from mipviz.i18n import tr

            yield SystemCommand(tr("ladder.filter_command", self.language),
                                tr("ladder.filter_help", self.language),
                                screen.action_ladder_filter)
            for number, name in enumerate(("map", "ladder", "inspector", "state",
                                           "narration"), start=1):
                yield SystemCommand(f"Focus pane {number}: {name}", str(number),
                                    lambda name=name: screen.action_focus_pane(name))
