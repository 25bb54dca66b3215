"""One browser's mipviz: the process textual-serve starts for each websocket.

``python -m mipviz.web.session --lang ja [LESSON_PATH]`` runs the UI (the lesson picker, or
the lesson) under Textual's web driver, which textual-serve selects through the environment.
A session ends with its tab (textual-serve sends it "quit") and with the server: even a
server killed outright takes its sessions along (Linux's parent-death signal), so no student's
process outlives the lecture. Each session keeps its progress in a directory of its own,
removed when the tab closes: the served students do not share (or overwrite) the lecturer's
progress file, nor each other's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence

from mipviz.lesson.languages import LANGUAGES
from mipviz.lesson.progress import ENV_DATA_DIR


def command(python: str, language: str, lesson: str | None, follow: str | None = None) -> str:
    """The shell command textual-serve runs per browser (``exec``: no shell stays between).
    With ``follow`` (``HOST:PORT``), every tab follows that lecturer (mipviz.ui.follow)."""
    import shlex

    words = [python, "-m", "mipviz.web.session", "--lang", language]
    if follow is not None:
        words += ["--follow", follow]
    elif lesson is not None:
        words.append(lesson)
    return "exec " + " ".join(shlex.quote(word) for word in words)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mipviz.web.session")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("lesson", nargs="?", help="a checked lesson file; none: the picker")
    parser.add_argument("--follow", metavar="HOST:PORT", help="follow this lecturer")
    args = parser.parse_args(argv)
    if not _end_with_the_server():
        return 0
    data = tempfile.mkdtemp(prefix="mipviz-session-")
    os.environ[ENV_DATA_DIR] = data
    try:
        if args.follow is not None:
            from mipviz.follow.protocol import parse_address
            from mipviz.ui.follow import FollowApp

            FollowApp(*parse_address(args.follow), args.lang).run()
        else:
            from mipviz.ui.app import MipvizApp

            MipvizApp(args.lesson, args.lang).run()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


def _end_with_the_server() -> bool:
    """Ask Linux for SIGTERM when the server dies (Textual's web driver exits cleanly on it);
    False when the server is already gone."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1  # prctl(2)
        # Without prctl, the server's own shutdown still ends its sessions.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    return parent != 1 and os.getppid() == parent


if __name__ == "__main__":
    raise SystemExit(main())
