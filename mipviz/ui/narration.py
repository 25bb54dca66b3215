"""The narration and quiz pane: the lesson's text for this point (Markdown), and its quiz.

Choices are an OptionList, free-text and "predict" answers an Input; either posts
:class:`QuizAnswered` up to the screen, which asks the controller to grade it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Markdown, OptionList, Static

if TYPE_CHECKING:
    from mipviz.ui.controller import View

KIND_TITLES = {"choice": "Quiz", "text": "Quiz", "predict": "Predict the next packet"}


def _bold(text: str) -> str:
    """Lesson text's Markdown **bold** as Textual markup; everything else escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"[b]\1[/b]", escape(text))


class QuizAnswered(Message):
    def __init__(self, number: int, answer: str) -> None:
        super().__init__()
        self.number = number
        self.answer = answer


class NarrationPane(VerticalScroll):
    view: reactive[View | None] = reactive(None, layout=False)

    def compose(self) -> ComposeResult:
        yield Markdown("", id="narration-text")
        yield Static("", id="quiz-question", classes="quiz")
        yield OptionList(id="quiz-choices", classes="quiz")
        yield Input(placeholder="your answer, then Enter", id="quiz-input", classes="quiz")
        yield Markdown("", id="quiz-feedback", classes="quiz")

    def on_mount(self) -> None:
        self._narration_key: object = None
        self._quiz_key: object = None
        for widget in self.query(".quiz"):
            widget.display = False

    def show_narration(self, text: str) -> None:
        """Show the narration (Markdown) for this point."""
        self.query_one("#narration-text", Markdown).update(text)

    def watch_view(self, view: View | None) -> None:
        if view is None or not self.is_mounted:
            return
        language = view.prepared.language
        key = (view.narration_step, id(view.prepared))
        if key != self._narration_key:
            self._narration_key = key
            text = view.narration or (
                "*Step through the lesson with → (or l). ? shows every key.*"
                if view.cursor == 0 else "")
            if view.cursor == 0 and view.prepared.lesson.summary is not None:
                text = f"**{view.prepared.lesson.title.get(language)}**\n\n" \
                       f"{view.prepared.lesson.summary.get(language)}\n\n{text}"
            self.show_narration(text)
        quiz = view.quiz
        state = view.quiz_state
        quiz_key = (quiz.number if quiz else None, state, id(view.prepared), view.revealed)
        if quiz_key == self._quiz_key:
            return
        self._quiz_key = quiz_key
        question = self.query_one("#quiz-question", Static)
        choices = self.query_one("#quiz-choices", OptionList)
        answer = self.query_one("#quiz-input", Input)
        feedback = self.query_one("#quiz-feedback", Markdown)
        if quiz is None:
            for widget in (question, choices, answer, feedback):
                widget.display = False
            return
        spec = quiz.spec
        title = KIND_TITLES.get(spec.kind, "Quiz")
        gate = " (answer to go on)" if spec.gate and not (state and state.solved) \
            and not view.presenter else ""
        how = "" if state and state.solved else "  [dim]Enter to answer[/dim]"
        if view.presenter:
            how = "" if view.revealed else "  [dim]r reveals the answer[/dim]"
        question.update(Content.from_markup(
            f"[b]{title}{gate}[/b]{how}\n" + _bold(spec.question.get(language))))
        question.display = True
        if spec.kind == "choice":
            choices.clear_options()
            choices.add_options([f"{n}. {c.get(language)}"
                                 for n, c in enumerate(spec.choices, start=1)])
            choices.display = True
            answer.display = False
        else:
            choices.display = False
            answer.display = not view.presenter  # the room answers aloud
            if state is None:
                answer.value = ""
        if view.presenter:  # the answer stays hidden until the presenter reveals it
            feedback.display = view.revealed is not None
            if view.revealed is not None:
                feedback.update(view.revealed)
            return
        feedback.display = state is not None
        if state is not None:
            feedback.update(state.feedback)
        if state is None:  # a new quiz: bring it into view
            self.call_after_refresh(self.scroll_end, animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.view
        if view is not None and view.quiz is not None:
            self.post_message(QuizAnswered(view.quiz.number, str(event.option_index + 1)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        view = self.view
        if view is not None and view.quiz is not None:
            self.post_message(QuizAnswered(view.quiz.number, event.value))
