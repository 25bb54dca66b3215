"""`mipviz serve [--host 127.0.0.1] [--port 8000] [--lesson ID | --follow HOST:PORT] [--lang en|ja]
[--font FILE]`.

The terminal UI in a web browser, for a lecture room: every browser tab that opens the URL
gets its own mipviz process (the lesson picker, or ``--lesson``), keyboard and mouse as in a
terminal. Nothing on the page comes from outside the served host (mipviz.web.site). The server
listens on loopback unless ``--host`` says otherwise (``--host 0.0.0.0`` for a classroom).
With ``--follow HOST:PORT`` every tab follows that lecturer (``mipviz lesson ID --presenter
--share``), as ``mipviz follow`` does in a terminal. The lesson is found and checked before the
server starts, so a bad one is a message and exit 1,
not a broken page in every student's browser.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from mipviz.i18n import render, tr


def run(args: argparse.Namespace) -> int:
    language: str = args.lang
    if not 0 < args.port < 65536:
        return _fail(tr("serve.bad-port", language, port=args.port))
    lesson = None
    follow = getattr(args, "follow", None)
    if follow is not None:
        from mipviz.follow.protocol import parse_address, show_address

        if args.lesson is not None:
            return _fail(tr("serve.follow-or-lesson", language))
        try:
            follow = show_address(*parse_address(follow))
        except ValueError as error:
            return _fail(tr("follow.bad-address", language, address=follow, reason=str(error)))
    elif args.lesson is not None:
        lesson = _checked_lesson(args.lesson)
        if lesson is None:
            return 1
    try:
        from mipviz.web.server import MipvizServer
    except ModuleNotFoundError as error:
        if error.name not in ("textual_serve", "aiohttp", "aiohttp_jinja2"):
            raise
        return _fail(tr("serve.needs-textual-serve", language, error=str(error)))
    from mipviz.web import session
    from mipviz.web.fonts import find_japanese_font
    from mipviz.web.site import build_site

    font = find_japanese_font(args.font)
    if font.problem is not None:
        if args.font is not None:
            return _fail(render(font.problem, language))
        print(render(font.problem, language), file=sys.stderr)
    notes = () if font.path is None else (tr("serve.font", language, path=str(font.path)),)
    with tempfile.TemporaryDirectory(prefix="mipviz-serve-") as root:
        site = build_site(Path(root), font, language)
        server = MipvizServer(session.command(sys.executable, language, lesson, follow),
                              args.host, args.port, site, language, notes)
        try:
            server.serve()
        except OSError as error:  # the port is taken, or the host is not an address here
            return _fail(tr("serve.cannot-listen", language, host=args.host, port=args.port,
                            reason=error.strerror or str(error)))
    print(tr("serve.stopped", language))
    return 0


def _checked_lesson(name: str) -> str | None:
    """The lesson file for ``name`` when it exists and has no problem; else say why, None."""
    from mipviz.lesson.catalog import LessonNotFoundError, find_lesson
    from mipviz.lesson.loader import check_lesson

    try:
        path = find_lesson(name)
    except LessonNotFoundError as error:
        _fail(str(error))
        return None
    problems = check_lesson(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    return None if problems else str(Path(path).resolve())


def _fail(message: str) -> int:
    print(f"mipviz: {message}", file=sys.stderr)
    return 1
