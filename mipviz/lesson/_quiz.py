"""Reading and checking a script action's ``[script.quiz]`` table (docs/lesson-format.md,
"Quizzes"). Problems go to the reporter with the key path and line, like every other key."""

from __future__ import annotations

from typing import Any

from mipviz.lesson._fields import Table
from mipviz.lesson._report import quote
from mipviz.lesson._says import why_texts
from mipviz.lesson._topology import Topology
from mipviz.lesson.quiz import PREDICT_FIELDS, QUIZ_KINDS, QuizSpec
from mipviz.lesson.schema import Text

_WHY = why_texts()

COMMON_KEYS = ("kind", "question", "hint", "explanation", "gate")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("choices", "answer"),
    "text": ("answer",),
    "predict": ("node", "field"),
}
ALL_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(KIND_KEYS.values(), ())))


def read_quiz(action: Table, topology: Topology) -> QuizSpec | None:
    """The quiz of one script action, or None when it has none (or it has problems)."""
    table = action.table("quiz")
    if table is None:
        return None
    kind = table.choice("kind", QUIZ_KINDS, "quiz kind", required=True,
                        why=_WHY["quiz_kind"])
    allowed = COMMON_KEYS + (KIND_KEYS[kind] if kind else ())
    table.check_keys(
        allowed if kind else ALL_KEYS,
        {key: f"not used by a {quote(kind)} quiz (it is for: "
              f"{', '.join(k for k, keys in KIND_KEYS.items() if key in keys)})"
         for key in ALL_KEYS if kind and key not in allowed},
    )
    question = table.text("question", required=True, why=_WHY["question"])
    hint = table.text("hint")
    explanation = table.text("explanation")
    gate = table.boolean("gate", False)
    spec: dict[str, Any] | None = {}
    if kind == "choice":
        spec = _choice(table)
    elif kind == "text":
        spec = _text(table)
    elif kind == "predict":
        spec = _predict(table, topology)
    if kind is None or question is None or spec is None:
        return None
    return QuizSpec(kind, question, hint=hint, explanation=explanation, gate=gate,
                    line=table.line(), **spec)


def _choice(table: Table) -> dict[str, Any] | None:
    values = table.data.get("choices")
    if values is None:
        table.missing("choices", _WHY["choices"])
        return None
    if not isinstance(values, list) or len(values) < 2:
        table.error("choices", "expected an array of at least two choices (each a Text)")
        return None
    holder = Table(dict(enumerate(values)), table.at("choices"), table.report)
    choices = [holder.text(index, required=True) for index in range(len(values))]
    answer = table.integer("answer", None, minimum=1, maximum=len(values), required=True,
                           why=_WHY["correct"])
    if answer is None or any(choice is None for choice in choices):
        return None
    texts: tuple[Text, ...] = tuple(c for c in choices if c is not None)
    return {"choices": texts, "correct": answer}


def _text(table: Table) -> dict[str, Any] | None:
    value = table.data.get("answer")
    if value is None:
        table.missing("answer", _WHY["answer"])
        return None
    answers = [value] if isinstance(value, str) else value
    if not isinstance(answers, list) or not answers or not all(
            isinstance(a, str) and a.strip() for a in answers):
        table.error("answer", "expected a non-empty string or an array of them")
        return None
    return {"answers": tuple(answers)}


def _predict(table: Table, topology: Topology) -> dict[str, Any] | None:
    node = topology.node_ref(table, "node", required=True,
                             why=_WHY["predict_node"])
    field = table.choice("field", PREDICT_FIELDS, "frame field", required=True,
                         why=_WHY["predict_field"])
    if node is None or field is None:
        return None
    return {"node": node.spec.name, "field": field}
