"""The handout's folder: new, empty, or a previous handout (rewritten); anything else is
refused, so ``-o ~/Documents`` never scatters files among a person's own."""

from __future__ import annotations

import re
from pathlib import Path

from mipviz.i18n import tr

INDEX = "index.html"
SEQUENCE = "sequence.svg"
CAPTURE = "lesson.pcap"
CAPTURE_NG = "lesson.pcapng"  # one interface per link (issue 13 item 4)
KEYS = "keys.txt"
SCREENS = "screens"
HANDOUT_FILES = frozenset({INDEX, SEQUENCE, CAPTURE, CAPTURE_NG, KEYS})
SCREEN_NAME = re.compile(r"\d{3,}\.svg")


class OutputError(Exception):
    """The folder cannot take a handout (the message says why, in the reader's language)."""


def screen_name(number: int) -> str:
    """``screens/001.svg`` for the first screen."""
    return f"{SCREENS}/{number:03d}.svg"


def prepare(directory: Path, language: str) -> None:
    """Make *directory* ready: created if new; a previous handout's screens removed (a new
    handout may have fewer); refused when it holds anything a handout does not write."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(tr("handout.not_a_directory", language, path=directory))
    foreign = foreign_entries(directory) if directory.is_dir() else []
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise OutputError(tr("handout.foreign_files", language, path=directory, names=shown))
    screens = directory / SCREENS
    if screens.is_dir():
        for old in screens.iterdir():
            old.unlink()
    screens.mkdir(parents=True, exist_ok=True)


def foreign_entries(directory: Path) -> list[str]:
    """The names in *directory* that a handout did not write, sorted."""
    out: list[str] = []
    for entry in sorted(directory.iterdir()):
        if entry.name == SCREENS and entry.is_dir() and not entry.is_symlink():
            out.extend(f"{SCREENS}/{inner.name}" for inner in sorted(entry.iterdir())
                       if not (SCREEN_NAME.fullmatch(inner.name) and inner.is_file()))
        elif entry.name not in HANDOUT_FILES or not entry.is_file() or entry.is_symlink():
            out.append(entry.name)
    return out
