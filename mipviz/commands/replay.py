"""`mipviz replay CAPTURE...`: the lesson screen over one or more captures.

Every file is checked to be a capture before the UI starts: a file that is not (or cannot be
read) is a message on stderr and exit 1. Broken packets are steps like any other, shown as
what they are (exit 0).
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from mipviz.capture.reader import CaptureFormatError
    from mipviz.capture.survey import open_captures

    paths = args.capture if isinstance(args.capture, list) else [args.capture]
    try:
        open_captures(paths)
    except (CaptureFormatError, OSError) as error:
        print(f"mipviz replay: {error}", file=sys.stderr)
        return 1
    from mipviz.ui.replay import ReplayApp

    ReplayApp([str(path) for path in paths],
              language=getattr(args, "lang", "en") or "en").run()
    return 0
