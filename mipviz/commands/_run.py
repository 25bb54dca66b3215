"""Load and run a lesson for a headless command, turning failures into CLI errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine loads when a lesson runs: `mipviz lesson` only refuses paths
    from mipviz.lesson.runner import LessonRun


class CommandError(Exception):
    """Bad input: the message goes to stderr and the command exits 1."""


def refuse_special_path(id_or_path: str) -> None:
    """Raise :class:`~mipviz.safe_files.FileRefused` (an OSError) at once when
    ``id_or_path`` is a path to something that is not a regular file (a directory, a FIFO, a
    device, a symlink loop), rather than "no lesson file" or a read that blocks."""
    import os

    from mipviz.safe_files import check_regular

    if ("/" in id_or_path or os.sep in id_or_path or id_or_path.endswith(".toml")) \
            and os.path.lexists(id_or_path):
        check_regular(id_or_path)


def load_and_run(id_or_path: str, language: str = "en",
                 on_action: Callable[[int, int], object] | None = None) -> LessonRun:
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import LessonError, load_lesson
    from mipviz.lesson.runner import run_lesson

    try:
        refuse_special_path(id_or_path)
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
