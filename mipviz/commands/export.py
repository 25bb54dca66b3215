"""`mipviz export ID|PATH -o OUT.pcap [--keylog KEYS.txt]`: every frame on every link.

The pcap and the key log are one unit: both are written or neither (a key log that cannot
be written leaves no pcap behind, and an existing pair is not half replaced). Only regular
files are written: a device, a FIFO, a directory or a symbolic link at either path is
refused before anything is run (issue 15: ``-o /dev/full`` as root replaced the device).
Every message names the path the user gave.

A run with IPsec between mobile node and home agent (a home agent's ``ipsec = "esp"``) also
writes, next to the key log, its Security Associations as Wireshark's ``esp_sa`` table
(:func:`esp_sa_path`: ``KEYS.esp_sa``), one quoted line per SA, ready for
``tshark -o esp.enable_encryption_decode:TRUE -o "uat:esp_sa:LINE"`` or to copy into
Wireshark's profile file ``esp_sa`` (docs/ipsec.md). The key log itself is unchanged.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import BinaryIO

from mipviz.commands._run import CommandError, load_and_run
from mipviz.lesson.runner import LessonRun
from mipviz.safe_files import FileRefused, WriteFailed, check_writable_target


def run(args: argparse.Namespace) -> int:
    keylog = getattr(args, "keylog", None)
    try:  # refused at once, before the lesson is run
        for target in (args.output, keylog, keylog and esp_sa_path(keylog)):
            if target:
                check_writable_target(target)
    except FileRefused as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    try:
        lesson_run = load_and_run(args.lesson)
    except CommandError as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    try:
        frames = write_capture(lesson_run, args.output, keylog)
    except (FileRefused, WriteFailed) as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    print(f"wrote {frames} frames to {args.output}", file=sys.stderr)
    return 0


def write_capture(lesson_run: LessonRun, output: str | os.PathLike[str],
                  keylog: str | os.PathLike[str] | None = None) -> int:
    """Every frame of *lesson_run* to the pcap *output* and, given *keylog*, the key log,
    both or neither (``mipviz handout`` writes its capture with this too). Returns the
    number of frames; raises FileRefused or WriteFailed."""
    from mipviz.safe_files import write_all_or_nothing
    from mipviz.wire.pcap import write_pcap_records

    records = [(step.time, step.frame_bytes) for step in lesson_run.timeline
               if step.frame_bytes is not None]
    entries: list[tuple[str | os.PathLike[str], Callable[[BinaryIO], object]]] = [
        (output, lambda handle: write_pcap_records(handle, records))]
    if keylog:
        text = key_log_text(lesson_run).encode("utf-8")

        def write_keys(handle: BinaryIO) -> None:
            handle.write(text)

        entries.append((keylog, write_keys))
        associations = esp_sa_text(lesson_run).encode("utf-8")
        if associations:
            def write_associations(handle: BinaryIO) -> None:
                handle.write(associations)

            entries.append((esp_sa_path(keylog), write_associations))
    write_all_or_nothing(entries)
    return len(records)


def esp_sa_path(keylog: str | os.PathLike[str]) -> str:
    """Where the ESP SA table goes: the key log's name with the suffix ``.esp_sa``."""
    path = os.fspath(keylog)
    stem, suffix = os.path.splitext(path)
    return (stem if suffix and suffix != ".esp_sa" else path) + ".esp_sa"


def esp_sa_text(lesson_run: LessonRun) -> str:
    """The run's ESP SAs as Wireshark ``esp_sa`` lines; empty without IPsec."""
    records = lesson_run.network.security_associations()
    return "".join(record.wireshark_uat() + "\n" for record in records)


def key_log_text(lesson_run: LessonRun) -> str:
    """The correspondents' secrets, one ``CN_KEY``/``CN_NONCE`` line each (``--keylog``)."""
    return "".join(line + "\n" for line in lesson_run.network.key_log())
