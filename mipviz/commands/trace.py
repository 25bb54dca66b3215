"""`mipviz trace ID|PATH [--format text|jsonl] [--lang en|ja]`: run a lesson headless, one
record per step.

``--lang`` chooses the language of everything a person reads: the narration, the engine's notes
(rendered from their messages, mipviz.i18n), a step's kind and the quiz lines. The JSON
record's keys, addresses and a frame's Wireshark-like summary are the same in every language.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata

from mipviz.commands._run import CommandError, load_and_run
from mipviz.explain.text import trace_lines_for
from mipviz.i18n import tr
from mipviz.lesson.runner import LessonRun
from mipviz.records import home_agents_lists, step_record
from mipviz.text_safety import VisibleWriter


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", "en") or "en"
    action_starts: dict[int, int] = {}
    try:
        lesson_run = load_and_run(args.lesson, language,
                                  lambda number, steps: action_starts.setdefault(number, steps))
    except CommandError as error:
        print(f"mipviz trace: {error}", file=sys.stderr)
        return 1
    # lesson text (titles, narration, quiz) may hold controls: shown escaped, never raw
    out = VisibleWriter(sys.stdout, json_lines=getattr(args, "format", "text") == "jsonl")
    fmt = getattr(args, "format", "text") or "text"
    quizzes = _quiz_lines(lesson_run, action_starts, language) if fmt == "text" else {}
    explained = trace_lines_for(lesson_run, language) if fmt == "text" else None  # S07, S18
    for line in quizzes.get(0, ()):
        out.write(line + "\n")
    for step in lesson_run.timeline:
        record = step_record(step, language)
        if fmt == "jsonl":
            lists = home_agents_lists(step, lesson_run.timeline)
            if lists:  # an added key, only where a home agent's list changed
                record["home_agents_list"] = lists
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        where = (f"{record['tx'] or ''}->{record['rx'] or '*'}" if step.frame
                 else _step_kind(step.kind, language))
        line = f"{step.index:5d} {step.seconds:9.3f}s {step.link or '-':10} {_pad(where, 14)} "
        line += record["summary"]
        if step.narration:
            out.write(f"      # {step.narration}\n")
        out.write(line + "\n")
        for event in record["events"]:
            out.write(f"{'':33}{event}\n")
        for explain_line in explained(step) if explained is not None else ():
            out.write(explain_line + "\n")
        for quiz_line in quizzes.get(step.index, ()):
            out.write(quiz_line + "\n")
    return 0


def _quiz_lines(lesson_run: LessonRun, starts: dict[int, int],
                language: str) -> dict[int, list[str]]:
    """Each quiz, answered correctly (by the engine's own frame for a prediction), printed
    after the step at which it is asked."""
    from mipviz.lesson.grading import expected_answer

    lines: dict[int, list[str]] = {}
    timeline = lesson_run.timeline
    for number, action in enumerate(lesson_run.lesson.script, start=1):
        quiz = action.quiz
        if quiz is None:
            continue
        position = starts.get(number, len(timeline))
        answer = expected_answer(quiz, timeline, position)
        if quiz.kind == "choice" and 1 <= quiz.correct <= len(quiz.choices):
            answer = f"{quiz.correct}. {quiz.choices[quiz.correct - 1].get(language)}"
        kind = tr(f"trace.quiz_kind.{quiz.kind}", language)
        lines.setdefault(position, []).append("      " + tr(
            "trace.quiz", language, kind=kind, question=quiz.question.get(language),
            answer=answer))
    return lines


def _step_kind(kind: str, language: str) -> str:
    """"action" or "timer" (a step without a frame) in ``language``."""
    return tr(f"trace.step_kind.{kind}", language) if kind in ("action", "timer") else kind


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Japanese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)
