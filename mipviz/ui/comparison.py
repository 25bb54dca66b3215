"""The same move, compared, in the terminal UI (lecture S23): key ``C`` in a lesson with
``[[comparison]]`` (lesson 20) opens this dialog, which runs every compared lesson headless
(in a thread: a few hundred milliseconds) and shows the table ``mipviz handovers`` prints — one
column per protocol, one row per handover phase, then the total, packets lost and buffered — in
the screen's language, so the learner sees which phase each protocol removes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from mipviz.i18n import tr
from mipviz.ui.dialogs import _Dialog

if TYPE_CHECKING:
    from mipviz.lesson.comparison import ComparedRun
    from mipviz.lesson.schema import Lesson


def comparison_text(lesson: Lesson, language: str, width: int | None = None) -> str:
    """The comparison as plain text (the same as ``mipviz handovers LESSON``; with ``width``,
    the columns that do not fit go into further tables below)."""
    from mipviz.commands import comparison
    from mipviz.lesson.comparison import run_comparison

    return comparison.text(lesson.id, run_comparison(lesson, language), language, width)


class ComparisonScreen(_Dialog[None]):
    DEFAULT_CSS = """
    ComparisonScreen { align: center middle; }
    #comparison-box {
        width: 95%; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    #comparison-scroll { width: 100%; height: 21; overflow-x: auto; }
    #comparison-text { width: auto; }
    """
    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,C", "dismiss", "Close"),
        Binding("up,k", "scroll('up')", show=False),
        Binding("down,j", "scroll('down')", show=False),
        Binding("left,h", "scroll('left')", show=False),
        Binding("right,l", "scroll('right')", show=False),
    ]

    def __init__(self, lesson: Lesson, language: str = "en") -> None:
        super().__init__(language)
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        with Vertical(id="comparison-box"):  # not .dialog: that one is as wide as its title
            yield Static(tr("comparison.ui.title", self.language), classes="dialog-title")
            with VerticalScroll(id="comparison-scroll"):
                yield Static(tr("comparison.ui.running", self.language), id="comparison-text")
            yield Static(Text(tr("comparison.ui.close", self.language), style="dim"))

    def on_mount(self) -> None:
        self.run_worker(self._measure, thread=True, exclusive=True)

    def _measure(self) -> None:
        from mipviz.lesson.comparison import run_comparison

        results = run_comparison(self.lesson, self.language)
        self.app.call_from_thread(self._show, results)

    def _show(self, results: list[ComparedRun]) -> None:
        self._results = results
        self._render_table()

    def on_resize(self) -> None:
        self._render_table()

    def _render_table(self) -> None:
        """The table for the dialog's width: the runs that do not fit side by side go into
        further tables below (scroll with ↑/↓), so no column is hidden off to the right; the
        scroll area grows with the table up to what the screen holds."""
        from mipviz.commands import comparison

        results = getattr(self, "_results", None)
        if results is None or not self.is_attached:
            return
        box_width = self.app.size.width * 95 // 100 - 4  # the box's border and padding
        text = comparison.text(self.lesson.id, results, self.language, width=box_width - 1,
                               heading=False)  # the dialog's title already says it
        self.query_one("#comparison-text", Static).update(Text(text, no_wrap=True))
        scroll = self.query_one("#comparison-scroll", VerticalScroll)
        room = self.app.size.height * 90 // 100 - 4  # title, the closing line, the border
        scroll.styles.height = max(5, min(text.count("\n") + 1, room))

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#comparison-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.close(None)


def open_comparison(screen: object) -> None:
    """``C`` on the lesson screen: the comparison dialog, or a note that there is none."""
    from mipviz.ui.screen import LessonScreen

    assert isinstance(screen, LessonScreen)
    prepared = screen.controller.prepared
    lesson = prepared.lesson if prepared is not None else None
    if lesson is None or not lesson.comparison:
        from mipviz.ui.toast import toast_text

        screen.notify(toast_text(screen, tr("comparison.ui.none", screen.language)), timeout=3)
        return
    screen.app.push_screen(ComparisonScreen(lesson, screen.language))
