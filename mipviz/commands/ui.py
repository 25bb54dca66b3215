"""`mipviz` and `mipviz lesson ID|PATH [--lang en|ja] [--presenter] [--share]`: the terminal UI.

The lesson is found and checked here, before the app starts, so a bad lesson is a clear
`file:line` message and exit 1 rather than a broken screen. A lesson whose run is kept
(mipviz.lesson.cache: these very octets, this code, this language) was checked when it ran,
so it is not parsed again here: the screen shows the kept run.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path


def run_picker(args: argparse.Namespace) -> int:
    from mipviz.ui.app import MipvizApp

    MipvizApp(None, getattr(args, "lang", "en") or "en").run()
    return 0


def run_lesson(args: argparse.Namespace) -> int:
    from mipviz.commands._run import refuse_special_path
    from mipviz.lesson.catalog import LessonNotFoundError, find_lesson
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
    if not _kept(path, args.lang):
        from mipviz.lesson.loader import check_lesson

        problems = check_lesson(path)
        if problems:
            for problem in problems:
                print(visible_lines(str(problem)), file=sys.stderr)
            return 1
    if getattr(args, "share", False):
        from mipviz.commands import follow

        return follow.run_share(args, path)
    from mipviz.ui.app import MipvizApp

    # Start-up allocates much and frees little: the cycle collector would only rescan it
    # (~8 % of the time to step 1). The lesson screen freezes what start-up made and turns
    # the collector back on once the first step is painted.
    gc.disable()
    MipvizApp(str(path), args.lang, presenter=getattr(args, "presenter", False)).run()
    return 0


def _kept(path: Path, language: str) -> bool:
    """A run of this lesson file exactly as it is now is in the cache (so it is valid)."""
    from mipviz.lesson.cache import RunCache, Source

    source = Source.read(path)
    return source is not None and RunCache().has(source.key(language))
