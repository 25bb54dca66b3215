"""Load and check lesson files (TOML, ``format_version = 1``; docs/lesson-format.md).

:func:`load_lesson` returns a :class:`~mipviz.lesson.schema.Lesson` or raises
:class:`LessonError` listing *every* problem found, each naming the file, the line and the key::

    lessons/x.toml:14: script[3].action: unknown action "mvoe" (expected one of: move, ...)

:func:`check_lesson` returns the same problems as a list and never raises. Reading a lesson
never executes anything in it: a lesson is data.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from mipviz.i18n.catalogs.replay_text import MESSAGES as _TEXTS
from mipviz.i18n.said import phrase, trim
from mipviz.lesson import _limits
from mipviz.lesson._challenge import read_challenge
from mipviz.lesson._explain import read_explains
from mipviz.lesson._fields import Table, describe
from mipviz.lesson._locate import key_lines
from mipviz.lesson._report import (
    LessonError,
    Problem,
    Reporter,
    did_you_mean,
    quote,
    suggest,
)
from mipviz.lesson._script import read_script
from mipviz.lesson._topology import read_topology
from mipviz.lesson.comparison import read_comparison
from mipviz.lesson.schema import (
    ADDRESSING,
    FORMAT_VERSION,
    TOPIC_IDS,
    Addressing,
    Lesson,
)

__all__ = [
    "LESSON_KEYS",
    "LessonError",
    "Problem",
    "check_lesson",
    "check_lessons",
    "load_lesson",
    "parse_lesson",
]

LESSON_KEYS = (
    "format_version",
    "id",
    "title",
    "summary",
    "topics",
    "seed",
    "addressing",
    "topology",
    "script",
    "explain",
    "challenge",
    "comparison",
)
LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_SYNTAX_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_DUPLICATE_ID = phrase("lesson.problem.duplicate_id", _TEXTS)
_NOT_UTF8 = phrase("lesson.problem.not_utf8", _TEXTS)
_SYNTAX = phrase("lesson.problem.syntax", _TEXTS)
_BAD_ID = phrase("lesson.problem.bad_id", _TEXTS)
_TITLE_WHY = phrase("lesson.problem.title_why", _TEXTS)()
_PUT_FORMAT_VERSION = phrase("lesson.problem.put_format_version", _TEXTS)
_EXPECTED_VERSION = phrase("lesson.problem.expected_version", _TEXTS)
_TOO_NEW = phrase("lesson.problem.too_new", _TEXTS)
_MUST_BE = phrase("lesson.problem.must_be", _TEXTS)
_TOPICS_WHY = phrase("lesson.problem.topics_why", _TEXTS)()
_TOPICS_ARRAY = phrase("lesson.problem.topics_array", _TEXTS)
_AT_LEAST_ONE_TOPIC = phrase("lesson.problem.at_least_one_topic", _TEXTS)
_TOPIC_ID = phrase("lesson.problem.topic_id", _TEXTS)
_UNKNOWN_TOPIC = phrase("lesson.problem.unknown_topic", _TEXTS)
_LISTED_TWICE = phrase("lesson.problem.listed_twice", _TEXTS)


def load_lesson(path: str | os.PathLike[str]) -> Lesson:
    """Read and check the lesson file at *path*; raise :class:`LessonError` if anything is wrong."""
    result = _read(path)
    if result.lesson is None:
        raise LessonError(result.problems)
    return result.lesson


def check_lesson(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the lesson file at *path*, in line order; empty when it is valid.

    Never raises: an unreadable file or a TOML syntax error is a problem like any other.
    """
    return _read(path).problems


def parse_lesson(text: str, path: str = "<string>") -> Lesson:
    """Check lesson TOML given as *text*; *path* names it in problems and gives the default id."""
    result = _parse(text, path)
    if result.lesson is None:
        raise LessonError(result.problems)
    return result.lesson


def check_lessons(paths: Iterable[str | os.PathLike[str]]) -> list[Problem]:
    """:func:`check_lesson` for each file, plus lesson ids used by more than one of them."""
    problems: list[Problem] = []
    first_with_id: dict[str, str] = {}
    for path in paths:
        result = _read(path)
        problems.extend(result.problems)
        if result.lesson is None:
            continue
        other = first_with_id.setdefault(result.lesson.id, str(path))
        if other != str(path):
            problems.append(
                Problem(
                    str(path),
                    result.id_line,
                    _DUPLICATE_ID(id=quote(result.lesson.id), other=other),
                    "id",
                )
            )
    return problems


@dataclass(frozen=True, slots=True)
class _Result:
    lesson: Lesson | None
    problems: list[Problem]
    id_line: int = 1


def _read(path: str | os.PathLike[str]) -> _Result:
    file = os.fspath(path)
    from mipviz.safe_files import FileRefused, read_regular

    try:  # a regular file only, at most 4 MB: a FIFO or /dev/zero is refused at once
        raw = read_regular(file, _limits.MAX_OCTETS)
    except FileRefused as error:
        return _Result(None, [Problem(file, 0, trim(error.message, f"{file}: "))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = _NOT_UTF8(byte=f"0x{raw[error.start]:02x}")
        return _Result(None, [Problem(file, line, message)])
    return _parse(text, file)


def _parse(text: str, file: str) -> _Result:
    nested = _limits.nesting_problem(text, file)  # before tomllib, which recurses per level
    if nested is not None:
        return _Result(None, [nested])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _syntax_error(str(error), text)
        return _Result(None, [Problem(file, line, _SYNTAX(message=message))])
    report = Reporter(file, key_lines(text))
    if _limits.check_limits(data, report):  # sizes first: the checks below assume them
        return _Result(None, report.sorted_problems())
    root = Table(data, (), report)
    if not _check_format_version(root):
        return _Result(None, report.sorted_problems())
    root.check_keys(LESSON_KEYS)

    lesson_id = root.string("id", Path(file).stem)
    if root.has("id") and not LESSON_ID.fullmatch(lesson_id):
        root.error("id", _BAD_ID(id=quote(lesson_id)))
    title = root.text("title", required=True, why=_TITLE_WHY)
    summary = root.text("summary")
    topics = _read_topics(root)
    seed = root.integer("seed", 1, minimum=0)
    addressing = cast(Addressing | None, root.choice("addressing", ADDRESSING, "addressing"))
    if not root.has("addressing"):
        addressing = "documentation"
    topology = read_topology(root, addressing)
    topology.check()
    script = read_script(root, topology)
    explains = read_explains(root, topology)
    challenge = read_challenge(root, topology)
    comparison = read_comparison(root, file)  # runs compared side by side (lecture S23)
    topology.check_autoconfiguration()

    id_line = report.line(("id",))
    if report.problems or title is None:
        return _Result(None, report.sorted_problems(), id_line)
    lesson = Lesson(
        id=lesson_id,
        title=title,
        topics=topics,
        topology=topology.spec,
        script=script,
        summary=summary,
        seed=seed,
        addressing=addressing or "documentation",
        path=file,
        explains=explains,
        challenge=challenge,
        comparison=comparison,
    )
    return _Result(lesson, [], id_line)


def _syntax_error(message: str, text: str) -> tuple[int, str]:
    """tomllib's "Invalid value (at line 3, column 7)" -> (3, "Invalid value (column 7)")."""
    match = _SYNTAX_POSITION.search(message)
    if match is None:
        return 1, message
    base = message[: match.start()]
    if match.group(1) is None:  # "at end of document"
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return max(1, last_line), f"{base} (at end of file)"
    return int(match.group(1)), f"{base} (column {match.group(2)})"


def _check_format_version(root: Table) -> bool:
    """Report a missing or wrong format_version; False if the file is too new to read at all."""
    if not root.has("format_version"):
        root.missing("format_version", _PUT_FORMAT_VERSION(version=FORMAT_VERSION))
        return True
    version = root.data["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        root.error("format_version", _EXPECTED_VERSION(version=FORMAT_VERSION,
                                                      found=describe(version)))
    elif version > FORMAT_VERSION:
        root.error("format_version", _TOO_NEW(version=version, reads=FORMAT_VERSION))
        return False
    elif version != FORMAT_VERSION:
        root.error("format_version", _MUST_BE(expected=FORMAT_VERSION, value=version))
    return True


def _read_topics(root: Table) -> tuple[str, ...]:
    why = _TOPICS_WHY
    if not root.has("topics"):
        root.missing("topics", why)
        return ()
    value = root.data["topics"]
    if not isinstance(value, list):
        root.error("topics", _TOPICS_ARRAY(found=describe(value)))
        return ()
    if not value:
        root.error("topics", _AT_LEAST_ONE_TOPIC(why=why))
    topics: list[str] = []
    for index, topic in enumerate(value):
        where = ("topics", index)
        if not isinstance(topic, str):
            root.report.error(where, _TOPIC_ID(found=describe(topic)))
        elif topic not in TOPIC_IDS:
            root.report.error(where, _UNKNOWN_TOPIC(topic=quote(topic), hint=_topic_hint(topic)))
        elif topic in topics:
            root.report.error(where, _LISTED_TWICE(value=quote(topic)))
        else:
            topics.append(topic)
    return tuple(topics)


def _topic_hint(topic: str) -> str:
    digits = re.fullmatch(r"[Ss]?0*(\d+)", topic.strip())
    if digits is None:
        return did_you_mean(topic, TOPIC_IDS)
    spelled = f"S{int(digits.group(1)):02d}"
    return suggest(spelled) if spelled in TOPIC_IDS else ""
