"""`mipviz dump CAPTURE... [--format text|jsonl] [--lang en|ja]`: decode captures headless, one
record per packet.

``--lang`` chooses the language of what a person reads: the text's header and notes, and in
jsonl the ``problems`` and ``events`` strings (the keys and every other value, the summary
included, are the same in every language, as ``mipviz trace --lang``'s). English, the
default, is written by the fast renderer; another language renders each record's notes.

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
from collections.abc import Callable

from mipviz.capture.content import AddressTexts
from mipviz.capture.esp_sa import EspSaError, load_esp_sa
from mipviz.capture.interfaces import interface_names
from mipviz.capture.pipeline import survey_and_emit
from mipviz.capture.reader import CaptureFormatError
from mipviz.capture.record import LineRenderer, capture_record, record_line
from mipviz.capture.replay import Observed
from mipviz.capture.roles import address_text
from mipviz.capture.signals import MAXIMUM_LINK_PREFIXES, MAXIMUM_LINKS
from mipviz.capture.survey import Survey, open_captures
from mipviz.i18n import render, tr
from mipviz.i18n.catalogs.replay_text import MESSAGES as TEXTS
from mipviz.i18n.said import english_only
from mipviz.text_safety import visible


def run(args: argparse.Namespace) -> int:
    paths = args.capture if isinstance(args.capture, list) else [args.capture]
    # The replay allocates millions of short-lived, acyclic objects: the cycle collector would
    # only spend time (a fifth of the run) finding nothing, so it is paused while dumping.
    collecting = gc.isenabled()
    gc.disable()
    try:
        language = getattr(args, "lang", "en") or "en"
        esp_sa = getattr(args, "esp_sa", None)
        if language != "en":
            return _dump(paths, getattr(args, "format", "text") or "text", esp_sa, language)
        with english_only():  # the notes need not keep their messages (no cost per packet)
            return _dump(paths, getattr(args, "format", "text") or "text", esp_sa)
    finally:
        if collecting:
            gc.enable()


def _dump(paths: list[str], output_format: str, esp_sa: str | None = None,
          language: str = "en") -> int:
    try:
        keys = load_esp_sa(esp_sa) if esp_sa is not None else None
    except (EspSaError, OSError) as error:
        print(f"mipviz dump: {visible(str(error))}", file=sys.stderr)
        return 1
    try:
        captures = open_captures(paths, keys)
        if output_format == "jsonl" and language == "en":
            survey_and_emit(captures, LineRenderer(interface_names(captures)).line_of,
                            sys.stdout)
        elif output_format == "jsonl":
            texts, names = AddressTexts(), interface_names(captures)
            survey_and_emit(captures, lambda *step: record_line(capture_record(
                Observed(*step), texts, names, language)) + "\n", sys.stdout)
        else:
            survey_and_emit(captures, lambda *step: _text_lines(Observed(*step), language),
                            sys.stdout, _text_header_in(language))
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


def _text_header_in(language: str) -> Callable[[Survey], str]:
    return lambda found: _text_header(found, language)


def _text_header(found: Survey, language: str = "en") -> str:
    files = visible(", ".join(found.captures.paths))
    unit = tr("dump.packet" if found.packets == 1 else "dump.packets", language)
    lines = [tr("dump.header", language, files=files, packets=found.packets, unit=unit) + "\n"]
    for link, interface in _described_links(found):  # a pcapng file's links, named
        lines.append(visible(tr("dump.link", language, link=link, interface=interface)) + "\n")
    for node in found.roles.nodes.values():
        addresses = ", ".join(address_text(address) for address in node.addresses)
        extra = (tr("dump.node.prefixes", language, prefixes=", ".join(node.prefixes))
                 if node.prefixes else "")
        identifier = f" {node.identifier}" if node.identifier else ""
        role_id = f"capture.role.{node.role}"
        role = tr(role_id, language) if role_id in TEXTS else node.role
        lines.append(visible(tr("dump.node", language, name=node.name, role=role,
                                identifier=identifier, addresses=addresses, prefixes=extra))
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


def _text_lines(observed: Observed, language: str = "en") -> str:
    where = f"{observed.tx or '?'}->{observed.rx or '?'}"
    checksum = ("" if observed.checksum_ok is not False
                else " [bad checksum]" if language == "en" else tr("dump.bad_checksum", language))
    text = (f"{observed.step:5d} {observed.time / 1_000_000:10.6f}s "
            f"{visible(observed.link or '-'):12} {where:12} {visible(observed.summary)}"
            f"{checksum}\n")
    if observed.comment:  # a comment of several lines (a mipviz export's) line by line
        for line in observed.comment.split("\n"):
            text += f"{'':20}# {visible(line)}\n"
    for problem in observed.problems:
        text += f"{'':20}! {visible(render(problem, language))}\n"
    for event in observed.events:
        text += f"{'':20}{visible(f'{event.node}: {event.render(language)}')}\n"
    return text
