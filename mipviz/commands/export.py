"""`mipviz export ID|PATH -o OUT.pcap [--keylog KEYS.txt]`: every frame on every link."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from mipviz.commands._run import CommandError, load_and_run


def run(args: argparse.Namespace) -> int:
    try:
        lesson_run = load_and_run(args.lesson)
    except CommandError as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    from mipviz import wire

    records = [(step.time, step.frame_bytes) for step in lesson_run.timeline
               if step.frame_bytes is not None]
    output = Path(args.output)
    try:
        wire.write_pcap(output, records)
        keylog = getattr(args, "keylog", None)
        if keylog:
            _write_atomically(Path(keylog), "".join(
                line + "\n" for line in lesson_run.network.key_log()))
    except OSError as error:
        print(f"mipviz export: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {len(records)} frames to {output}", file=sys.stderr)
    return 0


def _write_atomically(path: Path, text: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
