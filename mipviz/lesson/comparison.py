"""The same move, compared (lecture S23): a lesson's ``[[comparison]]`` entries name the runs to
put side by side — this lesson's own run, and other lessons (one per protocol) that make the
same move on the same topology skeleton (docs/lesson-format.md, "Comparison").

Each entry is data: a label, the lesson to run (a bundled lesson id or file stem, or a path
relative to this lesson's file; none = this lesson itself), the mobile node whose handover is
measured and which of its moves. A new protocol joins the comparison by adding an entry (and
its lesson), not code. :func:`run_comparison` runs every entry headless and measures it with
:func:`mipviz.analysis.handovers.find_handovers`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mipviz.lesson._fields import Table
from mipviz.lesson._nodes import NAME, NAME_RULE
from mipviz.lesson._report import quote
from mipviz.lesson.schema import Text

if TYPE_CHECKING:
    from mipviz.analysis.handovers import Handover
    from mipviz.lesson.schema import Lesson

COMPARISON_KEYS = ("label", "lesson", "node", "move")
MAX_RUNS = 12


@dataclass(frozen=True, slots=True)
class ComparisonRun:
    """One column of the comparison."""

    label: Text
    lesson: str | None = None  # None: the comparing lesson's own run
    node: str | None = None  # None: the first node with a move
    move: int = 1  # which of the node's moves (1 = the first)
    line: int = 0


def read_comparison(root: Table, lesson_file: str) -> tuple[ComparisonRun, ...]:
    """The ``[[comparison]]`` entries; problems go to *root*'s reporter."""
    runs: list[ComparisonRun] = []
    tables = root.tables("comparison")
    if root.has("comparison") and root.data.get("comparison") == []:
        root.error("comparison", "must list at least one run")
    if len(tables) > MAX_RUNS:
        root.error("comparison", f"{len(tables)} runs; at most {MAX_RUNS} fit side by side")
    labels: dict[str, int] = {}
    for table in tables:
        table.check_keys(COMPARISON_KEYS)
        label = table.text("label", required=True, why="the column's heading, e.g. "
                           '{ en = "FMIPv6 (predictive)", ja = "FMIPv6（予測）" }')
        lesson = table.string("lesson")
        if lesson is not None and _resolve(lesson, lesson_file) is None:
            table.error("lesson", f"no lesson {quote(lesson)}: give a bundled lesson id or a "
                        "path relative to this file")
        node = table.string("node")
        if node is not None and not NAME.fullmatch(node):
            table.error("node", f"{quote(node)} {NAME_RULE}")
        move = table.integer("move", 1, minimum=1)
        if label is not None:
            english = label.get("en")
            if english in labels:
                table.error("label", f"{quote(english)} is already the label of comparison"
                            f"[{labels[english]}]")
            labels[english] = len(runs) + 1
            runs.append(ComparisonRun(label, lesson, node, move, table.line()))
    return tuple(runs)


def _resolve(reference: str, lesson_file: str) -> Path | None:
    """The lesson file ``reference`` names: relative to ``lesson_file``, else bundled."""
    from mipviz.lesson.catalog import LessonNotFoundError, find_lesson

    if reference.endswith(".toml") or "/" in reference or os.sep in reference:
        candidate = Path(lesson_file).parent / reference
        return candidate if candidate.is_file() else None
    try:
        return find_lesson(reference)
    except (LessonNotFoundError, OSError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class ComparedRun:
    """A run of the comparison, measured: the handover, or why there is none."""

    run: ComparisonRun
    lesson_id: str
    handover: Handover | None
    problem: str | None = None


def run_comparison(lesson: Lesson, language: str = "en",
                   own: object | None = None) -> list[ComparedRun]:
    """Run and measure every entry of ``lesson.comparison``. ``own`` is this lesson's
    :class:`~mipviz.lesson.runner.LessonRun` when the caller already has it."""
    from mipviz.analysis.handovers import find_handovers, flow_names
    from mipviz.lesson.loader import LessonError, load_lesson
    from mipviz.lesson.runner import LessonRun, run_lesson

    results: list[ComparedRun] = []
    for entry in lesson.comparison:
        if entry.lesson is None:
            target = lesson
            measured = own if isinstance(own, LessonRun) else run_lesson(lesson,
                                                                        language=language)
        else:
            path = _resolve(entry.lesson, lesson.path)
            if path is None:
                results.append(ComparedRun(entry, entry.lesson, None,
                                           f"no lesson {quote(entry.lesson)}"))
                continue
            try:
                target = load_lesson(path)
            except LessonError as error:
                results.append(ComparedRun(entry, entry.lesson, None, str(error)))
                continue
            if target.comparison and any(run.lesson is not None for run in target.comparison):
                results.append(ComparedRun(entry, target.id, None,
                                           f"{target.id} is itself a comparison"))
                continue
            measured = run_lesson(target, language=language)
        handovers = find_handovers(measured.timeline, flow_names(target))
        chosen = [h for h in handovers if entry.node is None or h.node == entry.node]
        if len(chosen) < entry.move:
            who = entry.node or "any node"
            results.append(ComparedRun(entry, target.id, None,
                                       f"{target.id}: {who} makes no move number {entry.move}"))
            continue
        results.append(ComparedRun(entry, target.id, chosen[entry.move - 1]))
    return results
