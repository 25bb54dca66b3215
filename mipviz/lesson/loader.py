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

from mipviz.lesson import _limits
from mipviz.lesson._challenge import read_challenge
from mipviz.lesson._explain import read_explains
from mipviz.lesson._fields import Table, describe
from mipviz.lesson._locate import key_lines
from mipviz.lesson._report import LessonError, Problem, Reporter, did_you_mean, quote
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
                    f"id: {quote(result.lesson.id)} is already the id of {other}; "
                    "lesson ids must be unique",
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
        return _Result(None, [Problem(file, 0, error.message.removeprefix(f"{file}: "))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
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
        return _Result(None, [Problem(file, line, f"TOML syntax error: {message}")])
    report = Reporter(file, key_lines(text))
    if _limits.check_limits(data, report):  # sizes first: the checks below assume them
        return _Result(None, report.sorted_problems())
    root = Table(data, (), report)
    if not _check_format_version(root):
        return _Result(None, report.sorted_problems())
    root.check_keys(LESSON_KEYS)

    lesson_id = root.string("id", Path(file).stem)
    if root.has("id") and not LESSON_ID.fullmatch(lesson_id):
        root.error(
            "id", f"{quote(lesson_id)} must hold only a-z, 0-9 and '-' (like home-registration)"
        )
    title = root.text("title", required=True, why="the lesson's name, shown in the lesson list")
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
        root.missing(
            "format_version", f"put format_version = {FORMAT_VERSION} at the top of the file"
        )
        return True
    version = root.data["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        root.error(
            "format_version", f"expected the integer {FORMAT_VERSION}, found {describe(version)}"
        )
    elif version > FORMAT_VERSION:
        root.error(
            "format_version",
            f"this lesson is format_version {version}, but this mipviz reads format_version "
            f"{FORMAT_VERSION}; upgrade mipviz to open it",
        )
        return False
    elif version != FORMAT_VERSION:
        root.error("format_version", f"must be {FORMAT_VERSION}, not {version}")
    return True


def _read_topics(root: Table) -> tuple[str, ...]:
    why = 'the lecture topics this lesson teaches, e.g. topics = ["S08", "S09"]'
    if not root.has("topics"):
        root.missing("topics", why)
        return ()
    value = root.data["topics"]
    if not isinstance(value, list):
        root.error("topics", f"expected an array of topic IDs, found {describe(value)}")
        return ()
    if not value:
        root.error("topics", f"must list at least one topic ({why})")
    topics: list[str] = []
    for index, topic in enumerate(value):
        where = ("topics", index)
        if not isinstance(topic, str):
            root.report.error(where, f'expected a topic ID like "S08", found {describe(topic)}')
        elif topic not in TOPIC_IDS:
            root.report.error(
                where,
                f"unknown topic {quote(topic)} (topics are S01 to S28, from the lecture outline)"
                + _topic_hint(topic),
            )
        elif topic in topics:
            root.report.error(where, f"{quote(topic)} is listed twice")
        else:
            topics.append(topic)
    return tuple(topics)


def _topic_hint(topic: str) -> str:
    digits = re.fullmatch(r"[Ss]?0*(\d+)", topic.strip())
    if digits is None:
        return did_you_mean(topic, TOPIC_IDS)
    spelled = f"S{int(digits.group(1)):02d}"
    return f"; did you mean {quote(spelled)}?" if spelled in TOPIC_IDS else ""
