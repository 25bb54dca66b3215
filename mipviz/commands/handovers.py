"""`mipviz handovers ID|PATH [--format text|json] [--lang en|ja]`: each move's phases (S23).

Runs the lesson headless and measures every handover with
:func:`mipviz.analysis.handovers.find_handovers`: the phases from the link change to the first
packet at the new address, their times in virtual seconds (those ``mipviz trace`` prints), the
total, and the packets each flow lost.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence

from mipviz.analysis import handover_domains as domains
from mipviz.analysis.handovers import Handover, Phase, find_handovers, flow_names, to_json
from mipviz.commands._run import CommandError, load_and_run
from mipviz.engine.timeline import MICROSECONDS
from mipviz.i18n import Msg, msg, render, tr


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", "en") or "en"
    try:
        lesson_run = load_and_run(args.lesson, language)
    except CommandError as error:
        print(f"mipviz handovers: {error}", file=sys.stderr)
        return 1
    if lesson_run.lesson.comparison:  # [[comparison]]: the same move, side by side
        return _comparison(lesson_run, args, language)
    handovers = find_handovers(lesson_run.timeline, flow_names(lesson_run.lesson),
                               lesson_run.secrets().esp)  # BU/BA inside ESP read too
    if (getattr(args, "format", "text") or "text") == "json":
        records = to_json(handovers)
        for record, handover in zip(records, handovers, strict=True):
            for phase_record, phase in zip(record["phases"], handover.phases, strict=True):
                phase_record["label"] = render(phase_label(phase), language)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not handovers:
        print(tr("handover.none", language, lesson=lesson_run.lesson.id))
        return 0
    print("\n\n".join(text_report(handover, number, language)
                      for number, handover in enumerate(handovers, start=1)))
    return 0


def _comparison(lesson_run: object, args: argparse.Namespace, language: str) -> int:
    from mipviz.commands import comparison
    from mipviz.lesson.comparison import run_comparison

    lesson = lesson_run.lesson  # type: ignore[attr-defined]
    results = run_comparison(lesson, language, own=lesson_run)
    if (getattr(args, "format", "text") or "text") == "json":
        print(comparison.as_json(lesson.id, results, language))
    else:
        print(comparison.text(lesson.id, results, language))
    return 0


def phase_label(phase: Phase) -> Msg:
    """The phase's name in words, with its correspondent and a failed/unfinished mark."""
    label = msg(f"handover.phase.{phase.name}")
    if phase.peer is not None:
        label = msg("handover.with-peer", phase=label, peer=phase.peer)
    return label


def outcome_label(phase: Phase) -> Msg | None:
    return None if phase.outcome == "done" else msg(f"handover.outcome.{phase.outcome}")


def text_report(handover: Handover, number: int, language: str) -> str:
    """One handover as a heading, a table of phases, the total and the losses."""
    lines = [tr("handover.heading", language, number=number, node=handover.node,
                source=handover.from_link or "—", target=handover.to_link,
                time=_seconds(handover.start), step=handover.step)]
    header = [tr(f"handover.column.{name}", language)
              for name in ("phase", "start", "end", "duration", "steps")]
    rows = [header]
    for phase in handover.phases:
        label = render(phase_label(phase), language)
        outcome = outcome_label(phase)
        if outcome is not None:
            label += f" ({render(outcome, language)})"
        rows.append([label, _seconds(phase.start), _seconds(phase.end),
                     "" if phase.duration is None else
                     tr("common.milliseconds", language, value=milliseconds(phase.duration)),
                     f"{phase.first_step}–{phase.last_step or '?'}"])
    lines.extend("  " + line for line in _table(rows, right=(1, 2, 3)))
    lines.extend("  " + render(note, language)  # HMIPv6, PMIPv6: who signalled
                 for note in domains.notes([phase.name for phase in handover.phases]))
    total = handover.total
    if total is None:
        lines.append("  " + tr("handover.incomplete", language, node=handover.node))
    elif handover.first_packet is not None:
        lines.append("  " + tr("handover.total", language, total=_seconds(total),
                               step=handover.first_packet_step))
    else:
        lines.append("  " + tr("handover.total.no-traffic", language, total=_seconds(total)))
    if handover.lost:
        flows = [msg("handover.lost.flow", flow=name, count=count)
                 for name, count in handover.lost.items()]
        lines.append("  " + tr("handover.lost", language, flows=flows))
    else:
        lines.append("  " + tr("handover.lost.none", language, node=handover.node))
    if any(handover.buffered.values()):  # FMIPv6: kept by an access router, not lost
        flows = [msg("handover.lost.flow", flow=name, count=count)
                 for name, count in handover.buffered.items()]
        lines.append("  " + tr("handover.buffered", language, flows=flows))
    return "\n".join(lines)


def milliseconds(value: int) -> str:
    """µs as milliseconds, to the microsecond, without trailing zeros (1003, 268.459)."""
    return f"{value / 1000:.3f}".rstrip("0").rstrip(".")


def _seconds(value: int | None) -> str:
    return "—" if value is None else f"{value / MICROSECONDS:.3f}"


def _cells(text: str) -> int:
    """Terminal cells: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(_cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _cells(cell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append("  ".join(cells).rstrip())
    return out
