"""Grading quiz answers: by rule for free text, by the engine's actual frame for predictions.

Pure functions over a quiz, an answer and the Timeline; nothing here knows about the UI, so
``mipviz trace`` uses the same code to print every quiz with its right answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, ip_address
from typing import TYPE_CHECKING

from mipviz.i18n import Msg, msg

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline
    from mipviz.lesson.quiz import QuizSpec


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    expected: str  # the right answer, as text
    reason: Msg | str = ""  # why a wrong answer is wrong, when that helps


def next_frame(timeline: Timeline, position: int, node: str) -> Step | None:
    """The first frame *node* sends after step *position*."""
    for step in timeline.steps[position:]:
        if step.frame is not None and step.tx == node:
            return step
    return None


def answer_step(quiz: QuizSpec, timeline: Timeline, position: int) -> int | None:
    """The index of the step whose frame answers a "predict" quiz asked after step
    *position* (the learner must not see it before answering); None for other kinds, or
    when the node sends nothing more."""
    if quiz.kind != "predict" or quiz.node is None:
        return None
    step = next_frame(timeline, position, quiz.node)
    return step.index if step is not None else None


def predicted_value(step: Step, field: str) -> str | None:
    """The value of one of :data:`~mipviz.lesson.quiz.PREDICT_FIELDS` in *step*'s frame."""
    from mipviz.records import step_record

    record = step_record(step)
    key = {
        "source": "src",
        "destination": "dst",
        "inner-source": "inner_src",
        "inner-destination": "inner_dst",
        "home-address-option": "hao",
        "routing-header": "rh2",
        "mobility-header": "mh",
    }[field]
    value = record[key]
    return None if value is None else str(value)


def expected_answer(quiz: QuizSpec, timeline: Timeline, position: int) -> str:
    """The right answer as text (for ``trace``, and to tell a learner after two tries)."""
    if quiz.kind == "choice":
        return str(quiz.correct)
    if quiz.kind == "text":
        return quiz.answers[0] if quiz.answers else ""
    step = next_frame(timeline, position, quiz.node or "")
    if step is None:
        return "(no such frame: the node sends nothing more)"
    value = predicted_value(step, quiz.field or "destination")
    return value if value is not None else "none"


def grade(quiz: QuizSpec, answer: str, timeline: Timeline, position: int) -> Verdict:
    answer = answer.strip()
    expected = expected_answer(quiz, timeline, position)
    if quiz.kind == "choice":
        ok = answer.isdigit() and int(answer) == quiz.correct
        return Verdict(ok, expected)
    accepted = quiz.answers if quiz.kind == "text" else (expected,)
    for candidate in accepted:
        if same_answer(answer, candidate):
            return Verdict(True, expected)
    reason: Msg | str = ""
    if _address(answer) is None and any(_address(c) is not None for c in accepted):
        reason = msg("quiz.not_an_address", answer=answer) if answer else msg("quiz.no_answer")
    return Verdict(False, expected, reason)


def same_answer(answer: str, expected: str) -> bool:
    """IPv6 addresses compare as addresses (any valid spelling); other text ignoring case."""
    left, right = _address(answer), _address(expected)
    if left is not None or right is not None:
        return left is not None and left == right
    return " ".join(answer.split()).casefold() == " ".join(expected.split()).casefold()


def _address(text: str) -> IPv6Address | None:
    try:
        value = ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    return value if isinstance(value, IPv6Address) else None
