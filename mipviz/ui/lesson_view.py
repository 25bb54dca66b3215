"""What the lesson screen is shown, by value: one engine run as the UI holds it
(:class:`Prepared`), where each quiz is asked and what it holds back (:class:`PlacedQuiz`), a
learner's progress on a quiz (:class:`QuizState`), and everything the panes draw at one cursor
position (:class:`View`) — plus numbering a run's steps into messages. The
:class:`~mipviz.ui.controller.Controller` makes them; widgets only read them.

Importing this module loads neither the engine nor scapy nor networkx.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mipviz.engine.timeline import NodeState, Step, Timeline
    from mipviz.explain.secrets import RunSecrets
    from mipviz.lesson.quiz import QuizSpec
    from mipviz.lesson.runner import Intervention
    from mipviz.lesson.schema import Lesson
    from mipviz.ui.layout import Layout


@dataclass(frozen=True, slots=True)
class PlacedQuiz:
    """A lesson quiz and where it is asked: after step ``position`` (0 = before any step)."""

    number: int  # the script action it belongs to, from 1
    position: int
    spec: QuizSpec
    # The last step the learner may see before answering (None: the quiz holds nothing): a
    # gating quiz holds at its position, a "predict" quiz on the step before the frame that
    # answers it, so the answer is never on screen while it is asked (issue 9).
    hold: int | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Prepared:
    """What one engine run gives the UI; replaced as a whole after a free-exploration move."""

    lesson: Lesson
    language: str
    timeline: Timeline
    layout: Layout
    message_of: Sequence[int]  # message number of each step (steps[i] -> message_of[i])
    message_starts: Sequence[int]  # first step index of each message number
    narration_steps: Sequence[int]  # indices of the steps that carry narration, sorted
    quizzes: tuple[PlacedQuiz, ...]
    problems: tuple[str, ...]
    interventions: tuple[Intervention, ...] = ()
    secrets: RunSecrets | None = None  # the CNs' Kcn and nonces, the MACs (mipviz.explain)
    # Free exploration: the first step after the first move the learner made (0: none). The
    # script's narration and quizzes after it were written for the original run.
    moved_step: int = 0

    @property
    def total(self) -> int:
        return len(self.timeline)

    def stale(self, step: int) -> bool:
        """Whether the script's text at *step* describes a future the learner changed."""
        return 0 < self.moved_step <= step


@dataclass(frozen=True, slots=True)
class QuizState:
    """A learner's progress on one quiz: attempts so far, solved, and the last feedback."""

    attempts: int = 0
    solved: bool = False
    feedback: str = ""  # Markdown, in the lesson's language
    last_answer: str = ""
    outcome: str | None = None  # one of mipviz.lesson.quiz.OUTCOMES once answered or skipped
    at: int = -1  # the cursor when it was last graded (its feedback is news there)

    @property
    def answered(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True, slots=True, eq=False)
class View:
    """Everything the panes show at one cursor position, by value."""

    prepared: Prepared
    cursor: int
    playing: bool
    speed: float
    selected_node: str | None
    narration: str | None  # the latest narration at or before the cursor (Markdown)
    narration_step: int  # which step it came from (0: none)
    quiz: PlacedQuiz | None
    quiz_state: QuizState | None
    states: dict[str, NodeState] = field(default_factory=dict)
    presenter: bool = False
    following: bool = False  # a follower of a sharing lecturer (mipviz.ui.follow): the
    # lecturer, not this screen, reveals the answers
    revealed: str | None = None  # presenter: the quiz's answer, once revealed (Markdown)
    held: bool = False  # the quiz on screen holds the cursor here until answered or skipped

    @property
    def step(self) -> Step | None:
        return self.prepared.timeline[self.cursor] if self.cursor >= 1 else None

    @property
    def total(self) -> int:
        return self.prepared.total

    @property
    def time(self) -> int:
        step = self.step
        return step.time if step is not None else 0


def placed_quiz(number: int, position: int, spec: QuizSpec, timeline: Timeline) -> PlacedQuiz:
    """Where quiz *number* is asked and what it holds back (see :attr:`PlacedQuiz.hold`)."""
    from mipviz.lesson.grading import answer_step

    hold: int | None = position if spec.gate else None
    answer = answer_step(spec, timeline, position)
    if answer is not None and not spec.gate:
        hold = max(position, answer - 1)
    return PlacedQuiz(number, position, spec, hold)


def _message_key(step: Step) -> Any:
    """What stays the same across the hops of one packet: the innermost packet's addresses
    and upper layer (routers change the hop limit, tunnel ends add or remove headers)."""
    packet = step.packet
    if packet is None:
        return ("step", step.index)
    inner = packet.innermost
    return (inner.source, inner.destination, inner.payload)


def number_messages(steps: list[Step]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Number the messages: a step continues an open message when it carries the same packet
    and its sender is where that message's last hop arrived (a forwarder)."""
    message_of: list[int] = []
    starts: list[int] = []
    open_: dict[Any, tuple[int, str | None]] = {}  # key -> (message number, last receiver)
    for step in steps:
        key = _message_key(step)
        known = open_.get(key)
        if known is not None and step.tx is not None and known[1] == step.tx:
            number = known[0]
        else:
            number = len(starts)
            starts.append(step.index)
        open_[key] = (number, step.rx)
        message_of.append(number)
    return tuple(message_of), tuple(starts)
