"""The lesson picker (`mipviz` with no arguments): the bundled lessons, the first one selected."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option


class PickerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("t", "app.cycle_theme", "Theme", show=False),
    ]

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        from mipviz.lesson.catalog import list_lessons

        lessons = list_lessons()
        with Vertical(id="picker"):
            yield Static("mipviz — Mobile IPv6, one packet at a time", id="picker-title")
            yield Static("Choose a lesson and press Enter.", id="picker-hint")
            options = [
                Option(f"{info.title.get(self.language)}\n  [dim]{info.id} · "
                       f"{' '.join(info.topics)}[/dim]", id=info.id)
                for info in lessons
            ]
            yield OptionList(*options, id="lessons")
            if not lessons:
                yield Static("No lessons found.")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#lessons", OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and self.is_current:
            self.app.open_lesson(event.option.id)  # type: ignore[attr-defined]

    def action_help(self) -> None:
        from mipviz.ui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen())
