"""`mipviz` and `mipviz lesson ID|PATH [--lang en|ja] [--presenter]`: open the terminal UI.

The lesson is found and checked here, before the app starts, so a bad lesson is a clear
`file:line` message and exit 1 rather than a broken screen.
"""

from __future__ import annotations

import argparse
import sys


def run_picker(args: argparse.Namespace) -> int:
    from mipviz.ui.app import MipvizApp

    MipvizApp(None, getattr(args, "lang", "en") or "en").run()
    return 0


def run_lesson(args: argparse.Namespace) -> int:
    from mipviz.commands._run import refuse_special_path
    from mipviz.lesson.catalog import LessonNotFoundError, find_lesson
    from mipviz.lesson.loader import check_lesson
    from mipviz.safe_files import FileRefused

    try:
        refuse_special_path(args.lesson)
        path = find_lesson(args.lesson)
    except (LessonNotFoundError, FileRefused) as error:
        print(f"mipviz: {error}", file=sys.stderr)
        return 1
    problems = check_lesson(path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    from mipviz.ui.app import MipvizApp

    MipvizApp(str(path), args.lang, presenter=getattr(args, "presenter", False)).run()
    return 0
