"""Finding lessons: the bundled ones by id, any other by its path.

An installed wheel carries the repository's ``lessons/`` directory as the package data
``mipviz/_bundled_lessons`` (pyproject's ``force-include``); a source checkout or editable
install reads ``<repo>/lessons`` directly. Lesson files are named ``NN-slug.toml`` so that file
order is teaching order; a lesson's id is its ``id`` key (the file stem when absent).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mipviz.lesson._report import did_you_mean, quote
from mipviz.lesson.schema import LANGUAGES, Text

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # .../mipviz


class LessonNotFoundError(LookupError):
    """No bundled lesson has the id, and no file has the path, that was asked for."""


@dataclass(frozen=True, slots=True)
class LessonInfo:
    """What a lesson list shows, read without checking the whole lesson."""

    id: str
    title: Text
    topics: tuple[str, ...]
    path: Path


def bundled_lessons_dir() -> Path:
    """Where the bundled lessons are: the installed package data, else the checkout's."""
    installed = _PACKAGE_DIR / "_bundled_lessons"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "lessons"


def list_lessons(directory: Path | None = None) -> list[LessonInfo]:
    """The lessons in *directory* (default: the bundled ones), sorted by file name.

    This reads only ``id``, ``title`` and ``topics``. A file that cannot be read or parsed is
    still listed, under its file stem, so that opening it shows what is wrong with it; use
    :func:`mipviz.lesson.loader.check_lesson` to find out.
    """
    directory = bundled_lessons_dir() if directory is None else directory
    if not directory.is_dir():
        return []
    return [_info(path) for path in sorted(directory.glob("*.toml"))]


def find_lesson(id_or_path: str | os.PathLike[str]) -> Path:
    """The file of a bundled lesson id (or file stem), or *id_or_path* as a path to a file.

    A value that ends in ``.toml`` or contains a path separator is always a path. Raises
    :class:`LessonNotFoundError` naming the available ids when nothing matches.
    """
    text = os.fspath(id_or_path)
    path = Path(text)
    looks_like_path = text.endswith(".toml") or os.sep in text or "/" in text
    if looks_like_path:
        if path.is_file():
            return path
        raise LessonNotFoundError(f"no lesson file {text}")
    found = _find_bundled(text)
    if found is not None:
        return found
    if path.is_file():
        return path
    ids = [lesson.id for lesson in list_lessons()]
    available = f"available: {', '.join(ids)}" if ids else "no lessons are bundled"
    raise LessonNotFoundError(f"no lesson {quote(text)} ({available}){did_you_mean(text, ids)}")


def _find_bundled(text: str) -> Path | None:
    """The first bundled lesson, in file order, whose id or file stem is *text*.

    What ``list_lessons`` would find, without parsing every file (the UI's start-up waits
    for this): a file is parsed only when its octets could spell the id, that is when they
    contain *text*, or a TOML escape that could encode it.
    """
    directory = bundled_lessons_dir()
    if not directory.is_dir():
        return None
    needle = text.encode("utf-8", "surrogateescape")
    for path in sorted(directory.glob("*.toml")):
        if path.stem == text:
            return path
        try:
            raw = path.read_bytes()
        except OSError:
            continue  # unreadable: listed under its stem, which is not *text*
        if (needle in raw or b"\\u" in raw or b"\\U" in raw) and _info(path).id == text:
            return path
    return None


def _info(path: Path) -> LessonInfo:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not lesson_id:
        lesson_id = path.stem
    topics = data.get("topics")
    return LessonInfo(
        lesson_id,
        _title(data.get("title")) or Text.plain(lesson_id),
        tuple(t for t in topics if isinstance(t, str)) if isinstance(topics, list) else (),
        path,
    )


def _title(value: object) -> Text | None:
    if isinstance(value, str) and value.strip():
        return Text.plain(value)
    if isinstance(value, dict):
        entries = tuple(
            (code, text)
            for code, text in value.items()
            if code in LANGUAGES and isinstance(text, str) and text.strip()
        )
        return Text(entries) if entries else None
    return None
