"""Problems found in a lesson file, and the collector that gives each one its file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mipviz.i18n import render
from mipviz.i18n.catalogs.replay_text import MESSAGES as _TEXTS
from mipviz.i18n.said import Said, phrase
from mipviz.lesson._locate import KeyPath, locate

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KEYED = phrase("lesson.problem.keyed", _TEXTS)
_DID_YOU_MEAN = phrase("lesson.problem.did_you_mean", _TEXTS)
_ONE_OF = phrase("lesson.problem.one_of", _TEXTS)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a lesson file.

    ``path`` is the file as the caller named it, ``line`` is 1-based (0 when the problem is
    about the file as a whole, e.g. it cannot be read), ``message`` starts with the key the
    problem is about (``script[3].action: unknown action "mvoe" ...``) and ``key`` is that key
    alone (``""`` for the whole document). ``message`` is English (a
    :class:`~mipviz.i18n.said.Said` where the loader's text is bilingual): :meth:`render`
    gives the same ``file:line: key:`` prefix with the message in another language.
    """

    path: str
    line: int
    message: str
    key: str = ""

    def __str__(self) -> str:
        return self.render("en")

    def render(self, language: str = "en") -> str:
        """``file:line: key: message`` with the message in ``language`` (the prefix is data)."""
        message = render(self.message, language)
        if self.line:
            return f"{self.path}:{self.line}: {message}"
        return f"{self.path}: {message}"


class LessonError(Exception):
    """A lesson file could not be loaded; ``problems`` lists every reason, in line order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def format_key(path: KeyPath) -> str:
    """``("script", 3, "action")`` -> ``script[3].action`` (quoted where TOML would quote)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            text += f".{name}" if text else name
    return text


def quote(value: object) -> str:
    """A value as it would be written in TOML, for messages: strings in double quotes."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def one_of(choices: Iterable[str]) -> str:
    """``(expected one of: a, b, c)``."""
    return _ONE_OF(choices=", ".join(choices))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean "x"?`` for the closest of *choices*, or ``""`` if none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return suggest(close[0]) if close else ""


def suggest(word: str) -> str:
    """``; did you mean "word"?``."""
    return _DID_YOU_MEAN(word=quote(word))


class Reporter:
    """Collects :class:`Problem` values for one file, placing each by its key path."""

    def __init__(self, file: str, lines: dict[KeyPath, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, where: KeyPath) -> int:
        """The line of *where*, or of the nearest enclosing key the file spells out."""
        return locate(self.lines, where)

    def error(self, where: KeyPath, message: str) -> None:
        """Record that the value at *where* (a key path into the document) is wrong.

        A message that already starts with its key (``key: ...``, as the limits' catalog
        texts do) is kept as it is."""
        key = format_key(where)
        text: str = message
        if key and not (isinstance(message, Said) and message.startswith(key + ": ")):
            text = _KEYED(key=key, message=message)
        self.problems.append(Problem(self.file, self.line(where), text, key))

    def sorted_problems(self) -> list[Problem]:
        """The problems in line order (stable: same-line problems keep their finding order)."""
        return sorted(self.problems, key=lambda problem: problem.line)
