"""`mipviz export ID|PATH -o OUT.pcap [--keylog KEYS.txt]`: every frame on every link."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from mipviz.commands._run import CommandError, load_and_run
from mipviz.lesson.runner import LessonRun


def run(args: argparse.Namespace) -> int:
    try:
        lesson_run = load_and_run(args.lesson)
    except CommandError as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    output = Path(args.output)
    try:
        frames = write_capture(output, lesson_run)
        keylog = getattr(args, "keylog", None)
        if keylog:
            write_atomically(Path(keylog), key_log_text(lesson_run))
    except OSError as error:
        print(f"mipviz export: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {frames} frames to {output}", file=sys.stderr)
    return 0


def write_capture(output: Path, lesson_run: LessonRun) -> int:
    """Every frame of *lesson_run* on every link, to *output*; returns the frame count.
    (``mipviz handout`` writes its capture with this too.)"""
    from mipviz import wire

    records = [(step.time, step.frame_bytes) for step in lesson_run.timeline
               if step.frame_bytes is not None]
    wire.write_pcap(output, records)
    return len(records)


def key_log_text(lesson_run: LessonRun) -> str:
    """The correspondents' secrets, one ``CN_KEY``/``CN_NONCE`` line each (``--keylog``)."""
    return "".join(line + "\n" for line in lesson_run.network.key_log())


def write_atomically(path: Path, text: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
