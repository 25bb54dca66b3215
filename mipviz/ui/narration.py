"""The narration and quiz pane: what the lesson said so far, and the quiz for this point.

The narration is a log: what was said earlier stays above the current text, dimmed, so the
learner can scroll back over it; after a free move (``m``) the script's text from the move on
is marked as no longer applying. Lesson text is Markdown by contract and is drawn from plain
text (:mod:`mipviz.ui.lesson_text`), never parsed as console markup, with control characters
made visible, and wrapped here at the pane's width (Japanese by the kinsoku rules).

Choices are an OptionList (number keys pick one), free-text and "predict" answers an Input;
either posts :class:`QuizAnswered` up to the screen, which asks the controller to grade it.
While a quiz is on screen the screen carries the class ``-quiz`` (and ``-short`` on a short
terminal), which gives this pane the room to show the question, the choices and the feedback
without scrolling (app.tcss).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static

from mipviz.i18n import tr
from mipviz.ui.lesson_text import wrapped

if TYPE_CHECKING:
    from textual.widget import Widget

    from mipviz.ui.controller import View

LOG_LIMIT = 40  # earlier narrations kept above the current one
TALL = 45  # terminal rows from which the narration pane needs no extra room for a quiz
SHORT = 32  # terminal rows below which a quiz on screen hides the Packet and Bindings panes


class QuizAnswered(Message):
    def __init__(self, number: int, answer: str) -> None:
        super().__init__()
        self.number = number
        self.answer = answer


class QuizChoices(OptionList):
    """The choices of a multiple-choice quiz: ↑↓ and Enter, or the choice's number."""

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # Enter on the list chooses something visible

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= self.option_count:
            event.stop()
            event.prevent_default()
            self.highlighted = int(character) - 1
            self.action_select()


class NarrationPane(VerticalScroll):
    view: reactive[View | None] = reactive(None, layout=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield Static("", id="narration-text")
        yield Static("", id="quiz-question", classes="quiz")
        yield QuizChoices(id="quiz-choices", classes="quiz")
        yield Input(id="quiz-input", classes="quiz")
        yield Static("", id="quiz-feedback", classes="quiz")

    def on_mount(self) -> None:
        self._narration_key: object = None
        self._quiz_key: object = None
        self._log_lines = 0  # lines of earlier narration above the current one
        self._choice_texts: list[str] = []
        self._question_source = ("", "")  # (title line, question Markdown)
        self._feedback_source = ""
        self._narration_source = ""
        self._pending_scroll: Callable[[], None] | None = None
        for widget in self.query(".quiz"):
            widget.display = False

    # ------------------------------------------------------------------ text
    def _width(self) -> int:
        # the widgets' padding (2) and a vertical scrollbar, shown or not (1)
        return max(8, self.size.width - 3)

    def show_narration(self, text: str) -> None:
        """Show the narration (Markdown) for this point, below the narration so far."""
        self._narration_source = text
        self._draw_narration()

    def _draw_narration(self) -> None:
        width = self._width()
        view = self.view
        parts: list[Content] = []
        self._log_lines = 0
        if view is not None and view.narration_step:
            prepared = view.prepared
            steps = prepared.narration_steps
            position = bisect.bisect_left(steps, view.narration_step)
            for step in steps[max(0, position - LOG_LIMIT):position]:
                said = prepared.timeline[step].narration or ""
                label = tr("narration.earlier", prepared.language, step=step)
                parts.append(wrapped(f"{label}: {said}", width, "dim"))
                parts.append(Content(""))
            self._log_lines = sum(len(p.plain.split("\n")) for p in parts)
            if prepared.stale(view.narration_step):
                parts.append(wrapped(tr("narration.stale", prepared.language,
                                        step=prepared.moved_step), width, "bold $warning"))
                parts.append(wrapped(self._narration_source, width, "dim italic"))
            else:
                parts.append(wrapped(self._narration_source, width))
        else:
            parts.append(wrapped(self._narration_source, width))
        self.query_one("#narration-text", Static).update(Content("\n").join(parts))

    def _draw_quiz(self) -> None:
        width = self._width()
        title, question = self._question_source
        self.query_one("#quiz-question", Static).update(
            Content("\n").join([wrapped(title, width, "bold"), wrapped(question, width)]))
        self.query_one("#quiz-feedback", Static).update(wrapped(self._feedback_source, width))
        choices = self.query_one("#quiz-choices", QuizChoices)
        if self._choice_texts:
            highlighted = choices.highlighted
            choices.clear_options()
            choices.add_options([wrapped(text, max(4, width - 4))
                                 for text in self._choice_texts])
            if highlighted is not None and highlighted < choices.option_count:
                choices.highlighted = highlighted

    def on_resize(self, event: events.Resize) -> None:
        if self.is_mounted:
            if self._pending_scroll is not None:
                self.call_after_refresh(self._pending_scroll)
            self.show_narration(self._narration_source)
            self._draw_quiz()
            self._place_screen_class(self.view)

    # ------------------------------------------------------------------ view
    def watch_view(self, view: View | None) -> None:
        if view is None or not self.is_mounted:
            return
        language = view.prepared.language
        key = (view.narration_step, id(view.prepared))
        if key != self._narration_key:
            self._narration_key = key
            text = view.narration or (
                tr("narration.start", language) if view.cursor == 0 else "")
            if view.cursor == 0 and view.prepared.lesson.summary is not None:
                text = f"**{view.prepared.lesson.title.get(language)}**\n\n" \
                       f"{view.prepared.lesson.summary.get(language)}\n\n{text}"
            self.show_narration(text)
            if view.quiz is None:
                self._after_layout(self._scroll_current)
        quiz = view.quiz
        state = view.quiz_state
        focused = self.screen.focused if self.is_attached else None
        in_quiz = focused is not None and focused.has_class("quiz")
        quiz_key = (quiz.number if quiz else None, state, id(view.prepared), view.revealed,
                    view.presenter,  # a follower steps away: the same quiz, now its own
                    view.held, in_quiz)
        self._place_screen_class(view)
        if quiz_key == self._quiz_key:
            return
        self._quiz_key = quiz_key
        question = self.query_one("#quiz-question", Static)
        choices = self.query_one("#quiz-choices", QuizChoices)
        answer = self.query_one("#quiz-input", Input)
        feedback = self.query_one("#quiz-feedback", Static)
        if quiz is None:
            for widget in (question, choices, answer, feedback):
                widget.display = False
            self._choice_texts = []
            return
        spec = quiz.spec
        title = tr(f"quiz.title.{spec.kind}", language)
        answered = state is not None and state.answered
        if view.held:
            title += tr("quiz.title.held" if spec.kind == "predict" and not spec.gate
                        else "quiz.title.gate", language)
        if view.presenter:
            keys = "" if view.revealed else tr(
                "follow.quiz.keys" if view.following else "quiz.keys.presenter", language)
        elif in_quiz:
            keys = tr("quiz.keys.focused", language)
        elif answered:
            keys = ""
        elif spec.kind == "choice":
            keys = tr("quiz.keys.choice", language, count=len(spec.choices))
        else:
            keys = tr("quiz.keys.text", language)
        self._question_source = (f"{title}  *{keys}*" if keys else title,
                                 spec.question.get(language))
        question.display = True
        if spec.kind == "choice":
            texts = [f"{n}. {c.get(language)}" for n, c in enumerate(spec.choices, start=1)]
            if texts != self._choice_texts:
                self._choice_texts = texts
                choices.clear_options()
            if state is not None and state.last_answer.isdigit():
                choices.highlighted = int(state.last_answer) - 1
            # once answered, the feedback names the right choice: the list makes room for
            # it (Enter brings the list back to answer again)
            show = in_quiz or not answered or view.presenter
            if not show and choices.has_focus:
                self.focus()  # never hide the focused widget: Textual would focus another pane
            choices.display = show
            answer.display = False
        else:
            self._choice_texts = []
            choices.display = False
            answer.display = not view.presenter  # the room answers aloud
            answer.placeholder = tr("quiz.placeholder", language)
            if state is None:
                answer.value = ""
        if view.presenter:  # the answer stays hidden until the presenter reveals it
            self._feedback_source = view.revealed or ""
            feedback.display = view.revealed is not None
        else:
            self._feedback_source = state.feedback if state is not None else ""
            feedback.display = state is not None
        self._draw_quiz()
        self._after_layout(self._scroll_quiz)

    def _place_screen_class(self, view: View | None) -> None:
        """Room for the quiz: the screen's ``-quiz`` (and ``-short``) classes (app.tcss)."""
        if not self.is_attached or view is None:
            return
        screen = self.screen
        state = view.quiz_state
        focused = screen.focused
        # room while the quiz is open, being answered, or its feedback is news (the step it
        # was answered at); once the learner steps on, the panes come back
        room = view.quiz is not None and (
            state is None or not state.answered or state.at == view.cursor
            or (focused is not None and focused.has_class("quiz")))
        # a tall screen's narration pane holds the quiz as it is (the Packet pane keeps room)
        screen.set_class(room and self.app.size.height < TALL, "-quiz")
        screen.set_class(self.app.size.height < SHORT, "-short")

    def _after_layout(self, scroll: Callable[[], None]) -> None:
        """Scroll once the new text is laid out: after the next refresh, and again whenever
        the layout changes the pane's size or its content's (a pane that grew with the
        screen's -quiz class, feedback that grew, are laid out a frame or two later)."""
        self._pending_scroll = scroll
        self.call_after_refresh(scroll)

    def watch_virtual_size(self, _old: object, _new: object) -> None:
        scroll = getattr(self, "_pending_scroll", None)
        if scroll is not None:
            self.call_after_refresh(scroll)

    def _scroll_current(self) -> None:
        """Bring the current narration into view (the log stays above it)."""
        self.scroll_to(y=self._log_lines, animate=False)

    def _scroll_quiz(self) -> None:
        """Show the whole quiz block (question to feedback) when it fits, the question's
        start when it does not; as much of the current narration above it as fits."""
        widgets = [w for w in self.query(".quiz") if w.display]
        if not widgets:
            return
        top = widgets[0].virtual_region.y
        bottom = max(w.virtual_region.bottom for w in widgets)
        height = self.scrollable_content_region.height
        target = min(max(self._log_lines, bottom - height), top)
        self.scroll_to(y=max(target, 0), animate=False)

    def answer_widget(self) -> Widget | None:
        """The quiz's answer box or choice list, shown, for Enter to focus (None: no quiz)."""
        view = self.view
        if view is None or view.quiz is None:
            return None
        if view.quiz.spec.kind == "choice":
            choices = self.query_one("#quiz-choices", QuizChoices)
            choices.display = True
            self.call_after_refresh(self._scroll_quiz)
            return choices
        answer = self.query_one("#quiz-input", Input)
        return answer if answer.display else None

    def choose(self, number: int) -> bool:
        """Answer the multiple-choice quiz on screen with choice *number* (1-based), as if
        chosen in its list; False when it has no such choice."""
        choices = self.answer_widget()
        if not isinstance(choices, QuizChoices) or not 1 <= number <= choices.option_count:
            return False
        self.display = True
        choices.focus()
        choices.highlighted = number - 1
        choices.action_select()
        return True

    # ------------------------------------------------------------------ answers up
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
