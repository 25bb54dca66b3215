"""One browser's mipviz: the process textual-serve starts for each websocket.

``python -m mipviz.web.session --lang ja [LESSON_PATH]`` runs the UI (the lesson picker, or
the lesson) under Textual's web driver, which textual-serve selects through the environment.
Each session keeps its progress in a directory of its own, removed when the tab closes: the
served students do not share (or overwrite) the lecturer's progress file, nor each other's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Sequence

from mipviz.lesson.languages import LANGUAGES
from mipviz.lesson.progress import ENV_DATA_DIR


def command(python: str, language: str, lesson: str | None) -> str:
    """The shell command textual-serve runs per browser (``exec``: no shell stays between)."""
    import shlex

    words = [python, "-m", "mipviz.web.session", "--lang", language]
    if lesson is not None:
        words.append(lesson)
    return "exec " + " ".join(shlex.quote(word) for word in words)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mipviz.web.session")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("lesson", nargs="?", help="a checked lesson file; none: the picker")
    args = parser.parse_args(argv)
    data = tempfile.mkdtemp(prefix="mipviz-session-")
    os.environ[ENV_DATA_DIR] = data
    try:
        from mipviz.ui.app import MipvizApp

        MipvizApp(args.lesson, args.lang).run()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
