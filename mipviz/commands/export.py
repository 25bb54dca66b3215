"""`mipviz export ID|PATH -o OUT.pcap|OUT.pcapng [--format pcap|pcapng] [--keylog KEYS.txt]
[--lang en|ja]`: every frame on every link.

A ``.pcap`` is classic pcap with one Ethernet link type (unchanged, octet for octet); a
``.pcapng`` (or ``--format pcapng``) keeps the topology: one interface per link, named after
it with its prefix, each frame on its link's interface with what the nodes did as its comment
(:mod:`mipviz.wire.pcapng`; the comments in ``--lang``).

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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, BinaryIO

from mipviz.commands._run import CommandError, load_and_run
from mipviz.i18n import tr
from mipviz.lesson.runner import LessonRun
from mipviz.safe_files import FileRefused, WriteFailed, check_writable_target

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step
    from mipviz.wire.pcapng import LinkInterface


_NO_LINK = "?"  # the interface of a frame that names no link (none does in a lesson's run)


def capture_format(output: str | os.PathLike[str], requested: str | None = None) -> str:
    """"pcapng" when asked for, or when the file is named ``*.pcapng``; otherwise "pcap"."""
    if requested:
        return requested
    return "pcapng" if os.fspath(output).lower().endswith(".pcapng") else "pcap"


def run(args: argparse.Namespace) -> int:
    keylog = getattr(args, "keylog", None)
    language = getattr(args, "lang", None) or "en"
    fmt = capture_format(args.output, getattr(args, "format", None))
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
        frames = write_captures(lesson_run, [(args.output, fmt)], keylog, language)
    except (FileRefused, WriteFailed) as error:
        print(f"mipviz export: {error}", file=sys.stderr)
        return 1
    if fmt == "pcapng":
        print(tr("pcapng.wrote", language, frames=frames, path=args.output,
                 links=len(capture_links(lesson_run))), file=sys.stderr)
    else:
        print(f"wrote {frames} frames to {args.output}", file=sys.stderr)
    return 0


def write_capture(lesson_run: LessonRun, output: str | os.PathLike[str],
                  keylog: str | os.PathLike[str] | None = None) -> int:
    """Every frame of *lesson_run* to the pcap *output* and, given *keylog*, the key log,
    both or neither. Returns the number of frames; raises FileRefused or WriteFailed."""
    return write_captures(lesson_run, [(output, "pcap")], keylog)


def write_captures(lesson_run: LessonRun,
                   outputs: Sequence[tuple[str | os.PathLike[str], str]],
                   keylog: str | os.PathLike[str] | None = None, language: str = "en") -> int:
    """Every frame of *lesson_run* to each ``(path, "pcap" | "pcapng")`` of *outputs* and,
    given *keylog*, the key log: all of them or none (``mipviz handout`` writes its pcap,
    pcapng and key log with this). A pcapng's comments are in *language*. Returns the
    number of frames; raises FileRefused or WriteFailed."""
    from mipviz.safe_files import write_all_or_nothing
    from mipviz.wire.pcap import write_pcap_records

    steps = [step for step in lesson_run.timeline if step.frame_bytes is not None]
    entries: list[tuple[str | os.PathLike[str], Callable[[BinaryIO], object]]] = []
    for output, fmt in outputs:
        if fmt == "pcapng":
            entries.append((output, _pcapng_writer(lesson_run, steps, language)))
        else:
            records = [(step.time, step.frame_bytes) for step in steps]
            entries.append((output, lambda handle, records=records:  # type: ignore[misc]
                            write_pcap_records(handle, records)))
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
    return len(steps)


def capture_links(lesson_run: LessonRun) -> list[LinkInterface]:
    """The pcapng interfaces of a run: every link of the topology in its order (with its
    prefix), then any other link a frame crossed (none in a well-formed run)."""
    from mipviz.wire.pcapng import LinkInterface

    links = [LinkInterface(link.name, (link.prefix,) if link.prefix else ())
             for link in lesson_run.lesson.topology.links]
    known = {link.name for link in links}
    for step in lesson_run.timeline:
        if step.frame_bytes is not None and (step.link or _NO_LINK) not in known:
            known.add(step.link or _NO_LINK)
            links.append(LinkInterface(step.link or _NO_LINK))
    return links


def frame_comment(step: Step, total: int, language: str = "en") -> str:
    """A frame's pcapng comment: where it was (step, link, sender and receiver), then one
    line per note of what the nodes did with it, in *language*."""
    where = dict(step=step.index, total=total, link=step.link or "?", tx=step.tx or "?")
    lines = [tr("pcapng.comment.hop", language, rx=step.rx, **where) if step.rx
             else tr("pcapng.comment.multicast", language, **where)]
    lines += [f"{event.node}: {event.render(language)}" for event in step.events]
    if not step.events:
        lines.append(tr("pcapng.comment.no_events", language))
    return "\n".join(lines)


def _pcapng_writer(lesson_run: LessonRun, steps: Sequence[Step], language: str
                   ) -> Callable[[BinaryIO], object]:
    from mipviz.wire.pcapng import write_pcapng_records

    links = capture_links(lesson_run)
    interface = {link.name: index for index, link in enumerate(links)}
    total = len(lesson_run.timeline)
    records = [(step.time, interface[step.link or _NO_LINK], step.frame_bytes or b"",
                frame_comment(step, total, language)) for step in steps]
    application = f"mipviz, lesson {lesson_run.lesson.id}"  # no version: the same octets
    return lambda handle: write_pcapng_records(handle, links, records, application)


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
