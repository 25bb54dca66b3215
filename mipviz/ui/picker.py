"""The lesson picker (`mipviz` with no arguments): the bundled lessons, the first one selected."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from mipviz.lesson.progress import ProgressStore


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
        store = getattr(self.app, "progress", None)
        with Vertical(id="picker"):
            yield Static("mipviz — Mobile IPv6, one packet at a time", id="picker-title")
            yield Static("Choose a lesson and press Enter.", id="picker-hint")
            options = [
                Option(f"{info.title.get(self.language)}{_mark(store, info.id)}\n  [dim]"
                       f"{info.id} · {' '.join(info.topics)}[/dim]", id=info.id)
                for info in lessons
            ]
            yield OptionList(*options, id="lessons")
            if not lessons:
                yield Static("No lessons found.")
        yield Footer()

    def on_mount(self) -> None:
        store = getattr(self.app, "progress", None)
        if store is not None and store.problem is not None:
            self.notify(store.problem, title="progress", severity="warning", timeout=10)
            store.problem = None
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

        self.app.push_screen(HelpScreen(self.language))


def _mark(store: ProgressStore | None, lesson: str) -> str:
    """After a lesson's title: ✓ done, or how far the learner got."""
    entry = store.get(lesson) if store is not None else None
    if entry is None or not entry.started:
        return ""
    if entry.done:
        return "  [b]✓ done[/b]"
    return f"  [i]started: step {entry.furthest}/{entry.total}[/i]"
