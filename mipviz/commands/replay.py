"""`mipviz replay CAPTURE...`: the lesson screen over one or more captures.

Every file is checked to be a capture before the UI starts: a file that is not (or cannot be
read) is a message on stderr and exit 1. Broken packets are steps like any other, shown as
what they are (exit 0).
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from mipviz.capture.esp_sa import EspSaError, load_esp_sa
    from mipviz.capture.reader import CaptureFormatError
    from mipviz.capture.survey import open_captures
    from mipviz.text_safety import visible

    paths = args.capture if isinstance(args.capture, list) else [args.capture]
    esp_sa = getattr(args, "esp_sa", None)
    try:
        keys = load_esp_sa(esp_sa) if esp_sa is not None else None
        open_captures(paths)
    except (CaptureFormatError, EspSaError, OSError) as error:
        print(f"mipviz replay: {visible(str(error))}", file=sys.stderr)
        return 1
    from mipviz.ui.replay import ReplayApp

    ReplayApp([str(path) for path in paths], language=getattr(args, "lang", "en") or "en",
              esp_keys=keys).run()
    return 0
