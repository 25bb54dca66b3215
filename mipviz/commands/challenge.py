"""`mipviz challenge ID|PATH [--try ACTION ...] [--solution] [--lang en|ja]`: attempt a
challenge level headless (docs/lesson-format.md, "Challenges").

Prints the goal, then, for the attempt (the given actions, the minimal solution with
``--solution``, or none), each check with how many steps matched, and the verdict with the
hint. Exit code: 0 goal met, 3 goal not met, 1 bad input (the lesson or an action).
"""

from __future__ import annotations

import argparse
import sys

from mipviz.i18n import msg, render, tr

EXIT_NOT_MET = 3


def run(args: argparse.Namespace) -> int:
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.challenge import ChallengeError, attempt, format_act, parse_act
    from mipviz.lesson.loader import LessonError, load_lesson

    language = getattr(args, "lang", "en") or "en"
    try:
        lesson = load_lesson(find_lesson(args.lesson))
        challenge = lesson.challenge
        if challenge is None:
            raise ChallengeError(msg("challenge.error.none", lesson=lesson.id))
        acts = (list(challenge.solution) if args.solution
                else [parse_act(text) for text in args.try_ or ()])
        lesson_run, verdict = attempt(lesson, acts, language=language)
    except ChallengeError as error:
        print(f"mipviz challenge: {render(error.message, language)}", file=sys.stderr)
        return 1
    except (LessonError, LookupError, ValueError, OSError) as error:
        print(f"mipviz challenge: {error}", file=sys.stderr)
        return 1
    out = sys.stdout
    out.write(tr("challenge.goal", language, goal=challenge.goal.get(language)) + "\n")
    if args.solution:
        out.write(tr("challenge.solution", language) + "\n")
    for act in acts:
        out.write(f"  {format_act(act):34} {render(act.describe(), language)}\n")
    for number, result in enumerate(verdict.results, start=1):
        on = result.check.on
        what = " ".join(f"{key} {value}" for key, value in (
            ("message", on.message), ("event", on.event), ("node", on.node),
            ("from", on.sender), ("to", on.receiver), ("link", on.link),
            ("tunnel", on.tunnel), ("status", result.check.status),
            ("after", result.check.after or None),
            ("absent", True if result.check.absent else None)) if value is not None)
        state = tr("challenge.check.met" if result.met else "challenge.check.unmet", language)
        out.write(tr("challenge.check.line", language, number=number, what=what,
                     count=result.count, state=state) + "\n")
    for problem in lesson_run.problems:
        print(f"warning: {problem}", file=sys.stderr)
    out.write(verdict.text(language) + "\n")
    return 0 if verdict.met else EXIT_NOT_MET
