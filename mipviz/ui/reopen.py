"""The small choice a finished lesson opens with: start over, review the quizzes missed, or
just look (issue 9: a finished lesson no longer silently reopens at step 0)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mipviz.i18n import tr
from mipviz.ui.dialogs import _Dialog


class ReopenScreen(_Dialog[str | None]):
    """Dismisses with "start-over", "review" or "look" (Esc: "look")."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "look", "Close")]

    def __init__(self, language: str, score: dict[str, int], missed: int) -> None:
        super().__init__()
        self.language = language
        self.score = score
        self.missed = missed

    def compose(self) -> ComposeResult:
        language = self.language
        options = [Option(Content(tr("reopen.start_over", language)), id="start-over")]
        if self.missed:
            options.append(Option(Content(tr("reopen.review", language, count=self.missed)),
                                  id="review"))
        options.append(Option(Content(tr("reopen.look", language)), id="look"))
        with Vertical(id="reopen-box", classes="dialog"):
            yield Static(Content(tr("reopen.title", language)), classes="dialog-title")
            yield Static(Content(tr("score.line", language, **self.score)), id="reopen-score")
            yield OptionList(*options, id="reopen-choices")
            yield Static(Content(tr("reopen.keys", language)), id="reopen-keys")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_key(self, event: events.Key) -> None:
        choices = self.query_one(OptionList)
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= choices.option_count:
            event.stop()
            choices.highlighted = int(character) - 1
            choices.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(event.option.id)

    def action_look(self) -> None:
        self.close("look")
