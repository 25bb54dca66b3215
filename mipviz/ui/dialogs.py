"""Small modal screens: help (every key), jump to step N, move a node (free exploration)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

HELP = """\
[b]Moving through the lesson[/b]
  → or l        step forward (one frame crossing one link)
  ← or h        step back
  ] / \\[         next / previous message (skips the other hops of a packet)
  space         play / pause          + / -   faster / slower
  g             jump to step N        Home / End   first / last step
[b]Exploring[/b]
  m             move a node to another link here (the future is recomputed)
  c             challenge: act, try the attempt, show the solution
  click         a row of the sequence chart jumps to it; a node shows its state
[b]Panes[/b]
  tab           next pane             1-5   map, sequence, packet, state, narration
  z             zoom the pane         x     hide the pane      a   show every pane
  t             next colour theme (dark, light, monochrome)
[b]Other[/b]
  ctrl+p        command palette (everything is there)
  Enter         answer the quiz       r     reveal it (presenter)
  ?             this help             q     quit
[dim]Esc closes this help.[/dim]"""


ResultT = TypeVar("ResultT")


class _Dialog(ModalScreen[ResultT]):
    _dismissed_once = False

    def close(self, result: ResultT) -> None:
        """Dismiss once: keys already queued for this screen must not pop the one below."""
        if self.is_current and not self._dismissed_once:
            self._dismissed_once = True
            self.dismiss(result)


class HelpScreen(_Dialog[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            yield Static(HELP, id="help-text")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.close(None)


class JumpScreen(_Dialog[int | None]):
    """Ask for a step number; dismisses with it, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # noqa: RUF012

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Jump to step (0-{self.total})", classes="dialog-title")
            yield Input(placeholder="step number", id="jump-input", type="integer")

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

    def __init__(self, choices: list[tuple[str, str]], time_text: str) -> None:
        super().__init__()
        self.choices = choices
        self.time_text = time_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Move a node at {self.time_text} (the future is recomputed; "
                         "the past stays)", classes="dialog-title")
            if self.choices:
                yield OptionList(*[f"{node} → {link}" for node, link in self.choices],
                                 id="move-choices")
            else:
                yield Static("No node in this lesson can move.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.close(None)
