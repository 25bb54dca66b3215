"""`mipviz handout ID|PATH -o DIR [--lang en|ja]`: the lesson as an offline page to hand out
(:mod:`mipviz.handout`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mipviz.i18n import tr


def run(args: argparse.Namespace) -> int:
    from mipviz.commands._run import CommandError
    from mipviz.handout import build_handout
    from mipviz.handout.outdir import OutputError
    from mipviz.handout.screens import ScreenError
    from mipviz.safe_files import FileRefused, WriteFailed

    language = getattr(args, "lang", "en") or "en"
    directory = Path(args.output)
    try:
        handout = build_handout(args.lesson, directory, language)
    except (CommandError, OutputError, FileRefused, WriteFailed) as error:
        return _fail(str(error))
    except ScreenError as error:
        return _fail(tr("handout.screens_failed", language, reason=error))
    except OSError as error:
        return _fail(f"cannot write {error.filename}: {error.strerror}")
    print(tr("handout.wrote", language, path=handout.index, points=handout.points,
             screens=handout.screens, frames=handout.frames,
             seconds=f"{handout.seconds:.1f}"), file=sys.stderr)
    return 0


def _fail(message: str) -> int:
    print(f"mipviz handout: {message}", file=sys.stderr)
    return 1
