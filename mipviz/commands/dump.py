"""`mipviz dump CAPTURE... [--format text|jsonl]`: decode captures headless, one record per packet.

Several captures of the same run, taken at different points, are merged by timestamp into one
sequence of steps (the same packet seen at two points is two hops). Exit codes (DESIGN.md):
0 for any file that is a capture, however broken its packets (each record says what is wrong
with its packet); 1 when a file is not a readable capture at all, with the reason on stderr
and nothing on stdout.
"""

from __future__ import annotations

import argparse
import gc
import sys

from mipviz.capture.interfaces import interface_names
from mipviz.capture.pipeline import survey_and_emit
from mipviz.capture.reader import CaptureFormatError
from mipviz.capture.record import LineRenderer
from mipviz.capture.replay import Observed
from mipviz.capture.roles import address_text
from mipviz.capture.signals import MAXIMUM_LINK_PREFIXES, MAXIMUM_LINKS
from mipviz.capture.survey import Survey, open_captures
from mipviz.text_safety import visible


def run(args: argparse.Namespace) -> int:
    paths = args.capture if isinstance(args.capture, list) else [args.capture]
    # The replay allocates millions of short-lived, acyclic objects: the cycle collector would
    # only spend time (a fifth of the run) finding nothing, so it is paused while dumping.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _dump(paths, getattr(args, "format", "text") or "text")
    finally:
        if collecting:
            gc.enable()


def _dump(paths: list[str], output_format: str) -> int:
    try:
        captures = open_captures(paths)
        if output_format == "jsonl":
            survey_and_emit(captures, LineRenderer(interface_names(captures)).line_of,
                            sys.stdout)
        else:
            survey_and_emit(captures, lambda *step: _text_lines(Observed(*step)), sys.stdout,
                            _text_header)
    except CaptureFormatError as error:
        print(f"mipviz dump: {visible(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # the reader left (`mipviz dump F | head`): mipviz.cli.main ends quietly
    except OSError as error:
        print(f"mipviz dump: {visible(str(error))}", file=sys.stderr)
        return 1
    return 0


# Every string below that came from a capture (a link named after a pcapng interface, an MN
# Identifier in a summary or an event, a pcapng comment) or from the command line (a path)
# goes through ``visible``: no control character reaches the terminal raw, and a newline
# inside one cannot break the one-line-per-record layout.


def _text_header(found: Survey) -> str:
    files = visible(", ".join(found.captures.paths))
    plural = "s" if found.packets != 1 else ""
    lines = [f"# {files}: {found.packets} packet{plural}\n"]
    for link, interface in _described_links(found):  # a pcapng file's links, named
        lines.append(visible(f"# link {link}: {interface}") + "\n")
    for node in found.roles.nodes.values():
        addresses = ", ".join(address_text(address) for address in node.addresses)
        extra = f"; prefixes {', '.join(node.prefixes)}" if node.prefixes else ""
        identifier = f" {node.identifier}" if node.identifier else ""
        lines.append(visible(f"# {node.name}: {node.role}{identifier} {addresses}{extra}")
                     + "\n")
    return "".join(lines)


def _described_links(found: Survey) -> list[tuple[str, str]]:
    """Each named pcapng interface as (link name, what its block says: description and
    prefixes), in file order."""
    captures = found.captures
    described: list[tuple[str, str]] = []
    for source, info in enumerate(captures.infos):
        if info.format != "pcapng":
            continue
        for index, interface in enumerate(info.interfaces):
            if interface.name is None:
                continue
            if len(described) >= MAXIMUM_LINKS:  # a hostile file may describe millions
                return described
            parts = [interface.description or interface.name]
            parts += [prefix for prefix in interface.prefixes[:MAXIMUM_LINK_PREFIXES]
                      if prefix not in parts[0]]
            described.append((captures.link_name(source, index), ", ".join(parts)))
    return described


def _text_lines(observed: Observed) -> str:
    where = f"{observed.tx or '?'}->{observed.rx or '?'}"
    checksum = {True: "", False: " [bad checksum]", None: ""}[observed.checksum_ok]
    text = (f"{observed.step:5d} {observed.time / 1_000_000:10.6f}s "
            f"{visible(observed.link or '-'):12} {where:12} {visible(observed.summary)}"
            f"{checksum}\n")
    if observed.comment:  # a comment of several lines (a mipviz export's) line by line
        for line in observed.comment.split("\n"):
            text += f"{'':20}# {visible(line)}\n"
    for problem in observed.problems:
        text += f"{'':20}! {visible(problem)}\n"
    for event in observed.events:
        text += f"{'':20}{visible(str(event))}\n"
    return text
