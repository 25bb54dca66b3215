"""Quizzes in a lesson: the typed form of a ``[script.quiz]`` table (docs/lesson-format.md).

A quiz belongs to a script action and is asked just before that action runs, so a
"predict the next packet" quiz is asked before the packet exists. Three kinds:

* ``choice``: multiple choice; ``answer`` is the number of the right choice, from 1;
* ``text``: a free-text answer checked by rule; an IPv6 address matches the same address in
  any valid spelling (RFC 4291 §2.2, RFC 5952), anything else matches ignoring case and
  surrounding spaces;
* ``predict``: the learner predicts a field of the next frame that ``node`` sends, and the
  engine's actual frame grades it (see :mod:`mipviz.lesson.grading`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.lesson.schema import Text

QUIZ_KINDS: tuple[str, ...] = ("choice", "text", "predict")

# What a "predict" quiz may ask about the next frame a node sends.
PREDICT_FIELDS: tuple[str, ...] = (
    "source",  # outermost IPv6 source address
    "destination",  # outermost IPv6 destination address
    "inner-source",  # innermost (after any IPv6-in-IPv6 tunnel) source address
    "inner-destination",
    "home-address-option",  # the address in the Home Address destination option
    "routing-header",  # the address in the Type 2 Routing Header
    "mobility-header",  # the Mobility Header type, as Wireshark names it ("Binding Update")
)


@dataclass(frozen=True, slots=True)
class QuizSpec:
    kind: str  # one of QUIZ_KINDS
    question: Text
    choices: tuple[Text, ...] = ()  # choice
    correct: int = 0  # choice: the right choice, from 1
    answers: tuple[str, ...] = ()  # text: every accepted answer
    node: str | None = None  # predict: whose next frame
    field: str | None = None  # predict: one of PREDICT_FIELDS
    hint: Text | None = None  # shown after the first wrong answer
    explanation: Text | None = None  # shown once answered (right, or wrong twice)
    gate: bool = False  # the learner cannot step past the quiz before answering it
    line: int = 0


# How a quiz ended for the learner (the score, per lesson; mipviz.lesson.progress).
FIRST = "first"  # right at the first answer
AFTER_HINT = "hint"  # right after the hint
REVEALED = "revealed"  # the answer was shown (wrong again, or no hint to give)
SKIPPED = "skipped"  # skipped with the skip key
OUTCOMES: tuple[str, ...] = (FIRST, AFTER_HINT, REVEALED, SKIPPED)
