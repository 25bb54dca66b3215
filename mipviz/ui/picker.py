"""The lesson picker (`mipviz` with no arguments): the bundled lessons, the first one selected."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mipviz.ui.footer import FittingFooter

if TYPE_CHECKING:
    from mipviz.lesson.progress import ProgressStore


class PickerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("t", "app.cycle_theme", "Theme", show=False),
        # shown: the picker has no --lang of its own, so L is how a learner finds Japanese
        Binding("L", "app.switch_language", "日本語"),
    ]

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        from mipviz.ui.chrome import localise_bindings

        localise_bindings(self, language)  # the footer in the picker's language

    def compose(self) -> ComposeResult:
        from mipviz.i18n import tr
        from mipviz.lesson.catalog import list_lessons

        lessons = list_lessons()
        store = getattr(self.app, "progress", None)
        language = self.language
        with Vertical(id="picker"):
            yield Static(Content(tr("picker.title", language)), id="picker-title")
            yield Static(Content(tr("picker.hint", language)), id="picker-hint")
            options = [
                Option(_prompt(info.title.get(language), store, info.id, language,
                               f"{info.id} · {' '.join(info.topics)}"), id=info.id)
                for info in lessons
            ]
            yield OptionList(*options, id="lessons")
            if not lessons:
                yield Static(Content(tr("picker.none", language)))
        yield FittingFooter()

    def on_mount(self) -> None:
        store = getattr(self.app, "progress", None)
        if store is not None and store.problem is not None:
            from mipviz.i18n import render, tr

            # as the lesson screen tells it: in the picker's language, the path never markup
            self.notify(render(store.problem, self.language),
                        title=tr("ui.notify.progress", self.language), severity="warning",
                        timeout=10, markup=False)
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


def _prompt(title: str, store: ProgressStore | None, lesson: str, language: str,
            detail: str) -> Content:
    """A lesson's line: its title (plain text: a lesson is data, never console markup), how
    far the learner got and the quiz score, and its id and topics, dimmed."""
    from mipviz.text_safety import visible

    line = Content.assemble(Content(visible(title, tab_as_space=True)),
                            _mark(store, lesson, language))
    detail_text = visible(detail, newlines=True, tab_as_space=True)
    return Content("\n").join([line, Content.styled("  " + detail_text, "dim")])


def _mark(store: ProgressStore | None, lesson: str, language: str = "en") -> Content:
    """After a lesson's title: ✓ done or how far the learner got, and the quiz score."""
    from mipviz.i18n import tr

    entry = store.get(lesson) if store is not None else None
    if entry is None or not entry.started:
        return Content("")
    if entry.done:
        mark = Content.styled("  " + tr("progress.done", language), "bold")
    elif entry.ended:
        mark = Content.styled("  " + tr("progress.end_unanswered", language,
                                        count=entry.unanswered), "italic")
    else:
        mark = Content.styled("  " + tr("progress.started", language, step=entry.furthest,
                                        total=entry.total), "italic")
    score = entry.score()
    if any(score.values()):
        mark = Content.assemble(mark, Content.styled(
            "  · " + tr("score.line", language, **score), "dim"))
    return mark
