"""`mipviz handovers` on a lesson with ``[[comparison]]``: the same move, side by side (S23).

One column per run (mipviz.lesson.comparison), one row per handover phase that any of them has,
in :data:`mipviz.analysis.handovers.PHASES` order, then the total to the first packet, the
packets lost and the packets buffered. Text is bilingual; ``--format json`` prints an object
``{"lesson", "runs": [{"label", "lesson", "node", "handover", "problem"}]}`` whose
``handover`` is the record ``mipviz handovers`` prints for that run (or null).
"""

from __future__ import annotations

import json
from typing import Any

from mipviz.analysis.handovers import PHASES, Handover, to_json
from mipviz.i18n import msg, render, tr
from mipviz.lesson.comparison import ComparedRun


def rows(results: list[ComparedRun], language: str) -> list[list[str]]:
    """The comparison as a table of strings: a header row, then one row per measure."""
    header = [tr("comparison.row.lesson", language)] + [r.run.label.get(language)
                                                        for r in results]
    table = [header, [""] + [r.lesson_id for r in results]]
    present = [name for name in PHASES if any(
        r.handover is not None and r.handover.phase(name) is not None for r in results)]
    for name in present:
        row = [render(msg(f"handover.phase.{name}"), language)]
        for result in results:
            row.append(_phase_cell(result.handover, name, language))
        table.append(row)
    table.append([tr("comparison.row.total", language)] + [
        _ms(r.handover.total) if r.handover is not None else tr("comparison.cell.none",
                                                                 language) for r in results])
    table.append([tr("comparison.row.lost", language)] + [_flows(r.handover, "lost", language)
                                                          for r in results])
    table.append([tr("comparison.row.buffered", language)] + [
        _flows(r.handover, "buffered", language) for r in results])
    return table


def _phase_cell(handover: Handover | None, name: str, language: str) -> str:
    none = tr("comparison.cell.none", language)
    if handover is None:
        return none
    phases = [p for p in handover.phases if p.name == name]
    if not phases:
        return none
    total = sum(p.duration or 0 for p in phases)
    text = _ms(total)
    if any(p.outcome != "done" for p in phases):
        text = tr("comparison.cell.failed", language, value=text)
    return text


def _ms(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:.1f} ms"


def _flows(handover: Handover | None, what: str, language: str) -> str:
    if handover is None:
        return tr("comparison.cell.none", language)
    counts = dict(getattr(handover, what))
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "0"


def text(lesson_id: str, results: list[ComparedRun], language: str,
         width: int | None = None, heading: bool = True) -> str:
    """The comparison as text. With ``width`` (the terminal UI's dialog), columns that do not
    fit beside the phase names go into further tables below, each repeating the phase names and
    keeping only the rows one of its columns has, so every protocol is readable unscrolled
    sideways. ``heading=False`` leaves out the first line (the dialog has its own title)."""
    from mipviz.commands.handovers import _table

    lines = [tr("comparison.heading", language, lesson=lesson_id)] if heading else []
    table = rows(results, language)
    for number, group in enumerate(_column_groups(table, width)):
        if number:
            lines.append("")
        part = [[row[0]] + [row[i] for i in group] for row in table]
        none = tr("comparison.cell.none", language)
        part = (part[:2] + [row for row in part[2:-3] if any(cell != none for cell in row[1:])]
                + part[-3:])  # the phases one of these runs has, then total, lost, buffered
        lines.extend("  " + line for line in _table(part, right=tuple(range(1, len(group) + 1))))
    for result in results:
        if result.problem is not None:
            lines.append("  " + tr("comparison.problem", language,
                                   label=result.run.label.get(language),
                                   problem=result.problem))
    lines.append("  " + tr("comparison.note", language))
    return "\n".join(lines)


def _column_groups(table: list[list[str]], width: int | None) -> list[list[int]]:
    """The run columns (1…n) in groups whose table, indented by 2, fits ``width`` cells (at
    least one column a group); one group when ``width`` is None."""
    from mipviz.commands.handovers import _cells

    columns = list(range(1, len(table[0])))
    if width is None:
        return [columns]
    used = 2 + max(_cells(row[0]) for row in table)
    groups: list[list[int]] = [[]]
    for column in columns:
        need = 2 + max(_cells(row[column]) for row in table)
        if groups[-1] and used + need > width:
            groups.append([])
            used = 2 + max(_cells(row[0]) for row in table)
        groups[-1].append(column)
        used += need
    # As many tables as needed, but balanced (3 + 3 rather than 5 + 1) where that fits too.
    size = -(-len(columns) // len(groups))
    even = [columns[i:i + size] for i in range(0, len(columns), size)]
    phase = 2 + max(_cells(row[0]) for row in table)
    if len(even) == len(groups) and all(
            phase + sum(2 + max(_cells(row[c]) for row in table) for c in group) <= width
            for group in even):
        return even
    return groups


def records(lesson_id: str, results: list[ComparedRun], language: str) -> dict[str, Any]:
    from mipviz.commands.handovers import phase_label

    runs = []
    for result in results:
        record: dict[str, Any] | None = None
        if result.handover is not None:
            record = to_json([result.handover])[0]
            for phase_record, phase in zip(record["phases"], result.handover.phases,
                                           strict=True):
                phase_record["label"] = render(phase_label(phase), language)
        runs.append({"label": result.run.label.get(language), "lesson": result.lesson_id,
                     "node": result.run.node, "handover": record, "problem": result.problem})
    return {"lesson": lesson_id, "runs": runs}


def as_json(lesson_id: str, results: list[ComparedRun], language: str) -> str:
    return json.dumps(records(lesson_id, results, language), ensure_ascii=False, indent=2)
