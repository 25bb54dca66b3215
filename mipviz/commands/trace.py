"""`mipviz trace ID|PATH [--format text|jsonl]`: run a lesson headless, one record per step."""

from __future__ import annotations

import argparse
import json
import sys

from mipviz.commands._run import CommandError, load_and_run
from mipviz.lesson.runner import LessonRun
from mipviz.records import step_record
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
    for line in quizzes.get(0, ()):
        out.write(line + "\n")
    for step in lesson_run.timeline:
        record = step_record(step)
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        where = f"{record['tx'] or ''}->{record['rx'] or '*'}" if step.frame else step.kind
        line = f"{step.index:5d} {step.seconds:9.3f}s {step.link or '-':10} {where:14} "
        line += record["summary"]
        if step.narration:
            out.write(f"      # {step.narration}\n")
        out.write(line + "\n")
        for event in step.events:
            out.write(f"{'':33}{event}\n")
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
        lines.setdefault(position, []).append(
            f"      ? quiz ({quiz.kind}): {quiz.question.get(language)} -> {answer}")
    return lines
