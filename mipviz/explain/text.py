"""Explanations as plain text lines, for ``mipviz trace`` (text format) and anyone reading."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mipviz.explain.model import Explanation
from mipviz.i18n import render

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step
    from mipviz.lesson.runner import LessonRun

LABEL_WIDTH = 58
TRACE_INDENT = 6  # as the narration and quiz lines


def text_lines(explanation: Explanation, language: str, indent: int = 0) -> list[str]:
    """``title`` then ``label  value`` lines; a value's later lines align under its first;
    the parts of an input are indented under it. A gutter (``│``) marks the lines as the
    explanation's, so a value's continuation never reads as the trace's next event line."""
    pad = " " * indent
    lines = [f"{pad}§ {render(explanation.title, language)}"]
    labels = ["│ " + "  " * line.depth + render(line.label, language)
              for line in explanation.lines]
    width = max([LABEL_WIDTH - 20] + [_display_width(label) + 2
                                      for label, line in zip(labels, explanation.lines, strict=True)
                                      if line.value])  # every value in one column: bits line up
    for label, line in zip(labels, explanation.lines, strict=True):
        if not line.value:
            lines.append(pad + label)
            continue
        first, *rest = line.value
        lines.append(pad + label + " " * (width - _display_width(label)) + first)
        lines.extend(pad + "│" + " " * (width - 1) + more for more in rest)
    return lines


def _display_width(text: str) -> int:
    """Terminal cells: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def trace_lines_for(run: LessonRun, language: str) -> Callable[[Step], list[str]]:
    """For ``mipviz trace``: each step's explanations, printed once, where they are used."""
    from mipviz.explain.context import ExplainContext, explain_step, used_at

    timeline = run.timeline
    context = ExplainContext.build(timeline, run.secrets())

    def lines(step: Step) -> list[str]:
        if not used_at(step, timeline, context):
            return []
        return [text for explanation in explain_step(step, context)
                for text in text_lines(explanation, language, indent=TRACE_INDENT)]

    return lines
