"""Load and run a lesson for a headless command, turning failures into CLI errors."""

from __future__ import annotations

import sys
from collections.abc import Callable

from mipviz.lesson.runner import LessonRun, run_lesson


class CommandError(Exception):
    """Bad input: the message goes to stderr and the command exits 1."""


def load_and_run(id_or_path: str, language: str = "en",
                 on_action: Callable[[int, int], object] | None = None) -> LessonRun:
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import LessonError, load_lesson

    try:
        path = find_lesson(id_or_path)
    except (LookupError, ValueError, OSError) as error:
        raise CommandError(str(error)) from None
    try:
        lesson = load_lesson(path)
    except LessonError as error:
        raise CommandError(str(error)) from None
    run = run_lesson(lesson, language=language, on_action=on_action)
    for problem in run.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return run
