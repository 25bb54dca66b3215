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
    from mipviz.text_safety import visible_lines

    # before the UI owns the terminal, messages go to stderr as text: a path or a key from
    # the file is shown with its control characters escaped (mipviz.cli does this for the
    # other commands)
    try:
        refuse_special_path(args.lesson)
        path = find_lesson(args.lesson)
    except (LessonNotFoundError, FileRefused) as error:
        print(visible_lines(f"mipviz: {error}"), file=sys.stderr)
        return 1
    problems = check_lesson(path)
    if problems:
        for problem in problems:
            print(visible_lines(str(problem)), file=sys.stderr)
        return 1
    from mipviz.ui.app import MipvizApp

    MipvizApp(str(path), args.lang, presenter=getattr(args, "presenter", False)).run()
    return 0
