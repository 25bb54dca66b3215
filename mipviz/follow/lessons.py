"""Which lesson file a follower runs: its own bundled copy when it is the lecturer's, octet
for octet (its kept run is then reused), else the lecturer's copy as sent.

A follower whose copy differs (another mipviz version, a lesson edited before class) or who
has no such lesson would otherwise see other steps under the same numbers; the status line
says which copy is shown. The lecturer's copy is written under the user's cache directory,
named by its digest (so a kept run of it is found next time), and read back by the
ordinary loader, with its limits: a lesson is data, never code.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mipviz.follow.protocol import LessonOffer, sha256_of
from mipviz.i18n import Msg, msg

_BUNDLED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


@dataclass(frozen=True, slots=True)
class Resolved:
    """The file to open (None: none can be), and what to tell the follower about it."""

    path: Path | None
    note: Msg | None = None


def own_copy(lesson_id: str) -> Path | None:
    """This machine's bundled lesson of that id (never a path named by the other side)."""
    if not _BUNDLED_ID.fullmatch(lesson_id):
        return None
    from mipviz.lesson.catalog import LessonNotFoundError, bundled_lessons_dir, find_lesson

    try:
        path = find_lesson(lesson_id).resolve()
    except (LessonNotFoundError, OSError):
        return None
    return path if path.parent == bundled_lessons_dir().resolve() else None


def octets_of(path: Path) -> bytes | None:
    from mipviz.lesson.cache import Source

    source = Source.read(path)
    return source.octets if source is not None else None


def resolve(offer: LessonOffer) -> Resolved:
    """The follower's file for the lecturer's lesson ``offer``."""
    own = own_copy(offer.id)
    octets = octets_of(own) if own is not None else None
    if own is not None and octets is not None and sha256_of(octets) == offer.sha256:
        return Resolved(own)
    if offer.text is None or sha256_of(offer.text.encode("utf-8")) != offer.sha256:
        reason = "follow.lesson.differs-unsent" if own is not None else "follow.lesson.missing"
        return Resolved(None, msg(reason, lesson=offer.id))
    try:
        path = _write_copy(offer)
    except OSError as error:
        return Resolved(None, msg("follow.lesson.cannot-write", lesson=offer.id,
                                  reason=error.strerror or str(error)))
    note = "follow.lesson.theirs-differs" if own is not None else "follow.lesson.theirs"
    return Resolved(path, msg(note, lesson=offer.id))


def copies_dir() -> Path:
    from mipviz.lesson.cache import cache_dir

    return cache_dir().parent / "follow"


def _write_copy(offer: LessonOffer) -> Path:
    """``<cache>/follow/<sha256>/<id>.toml``, written once (atomically), private."""
    assert offer.text is not None
    folder = copies_dir() / offer.sha256
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = offer.id if _BUNDLED_ID.fullmatch(offer.id) else "lesson"
    path = folder / f"{name}.toml"
    data = offer.text.encode("utf-8")
    if path.is_file() and not path.is_symlink() and octets_of(path) == data:
        return path
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path
