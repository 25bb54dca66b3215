"""Small modal screens: help (every key and a legend of the symbols), jump to step N, move a
node (free exploration). Every text in the screen's language (mipviz.i18n, ``ui.help.*``)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from mipviz.i18n import tr
from mipviz.ui.chrome import localise_bindings

ResultT = TypeVar("ResultT")


def help_text(language: str) -> str:
    """The help: every key, then what each symbol on the map and the chart means."""
    return (tr("ui.help.keys", language) + "\n" + tr("ui.help.legend", language)
            + "\n[dim]" + tr("ui.help.close", language) + "[/dim]")


class _Dialog(ModalScreen[ResultT]):
    _dismissed_once = False

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        localise_bindings(self, language)

    def close(self, result: ResultT) -> None:
        """Dismiss once: keys already queued for this screen must not pop the one below."""
        if self.is_current and not self._dismissed_once:
            self._dismissed_once = True
            self.dismiss(result)


class HelpScreen(_Dialog[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("up,k", "scroll('up')", show=False),
        Binding("down,j", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        # the title scrolls with the text: the scroll's max-height (100%) is the box's, so a
        # row above it pushed its last rows and its scrollbar out of the box at 80x24
        with Vertical(id="help-box", classes="dialog"), VerticalScroll(id="help-scroll"):
            yield Static(tr("ui.help.title", self.language), classes="dialog-title")
            yield Static(help_text(self.language), id="help-text")

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#help-scroll", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.close(None)


class JumpScreen(_Dialog[int | None]):
    """Ask for a step number; dismisses with it, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # noqa: RUF012

    def __init__(self, total: int, language: str = "en") -> None:
        super().__init__(language)
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(tr("ui.jump.title", self.language, total=self.total),
                         classes="dialog-title")
            yield Input(placeholder=tr("ui.jump.placeholder", self.language), id="jump-input",
                        type="integer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.close(int(event.value))
        except ValueError:
            self.close(None)

    def action_cancel(self) -> None:
        self.close(None)


class MoveScreen(_Dialog[tuple[str, str] | None]):
    """Choose a node and the link to move it to; dismisses with (node, link), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # noqa: RUF012

    def __init__(self, choices: list[tuple[str, str]], time_text: str,
                 language: str = "en") -> None:
        super().__init__(language)
        self.choices = choices
        self.time_text = time_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(tr("ui.move.title", self.language, time=self.time_text),
                         classes="dialog-title", markup=False)
            if self.choices:
                yield OptionList(*[f"{node} → {link}" for node, link in self.choices],
                                 id="move-choices")
            else:
                yield Static(tr("ui.move.none", self.language))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.close(None)
