"""Typed reads from parsed TOML that report problems instead of raising.

Every getter takes the key, checks the value's TOML type and range, and returns either the
value or the caller's *default*: when the key is missing (reporting it if it was required) and
when the value is wrong (always reporting it). Callers therefore always get something of the
right type to keep checking with, and the loader builds a :class:`~mipviz.lesson.schema.Lesson`
only if nothing was reported.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

from mipviz.i18n.catalogs.replay_text import MESSAGES as _TEXTS
from mipviz.i18n.said import Phrase, phrase
from mipviz.lesson._locate import KeyPath
from mipviz.lesson._report import Reporter, did_you_mean, one_of, quote
from mipviz.lesson.schema import LANGUAGES, Text

D = TypeVar("D")


def _say(name: str) -> Phrase:
    return phrase(f"lesson.problem.{name}", _TEXTS)


_A_BOOLEAN, _AN_INTEGER, _A_FLOAT, _A_STRING = (
    _say(name) for name in ("a_boolean", "an_integer", "a_float", "a_string"))
_AN_ARRAY, _A_TABLE, _A_DATE_TIME = (_say(name)() for name in ("an_array", "a_table",
                                                               "a_date_time"))
_WHAT = {name: _say(f"what.{name}")() for name in (
    "boolean", "string", "integer", "number", "text", "table", "tables")}
_UNKNOWN_KEY = _say("unknown_key")
_MISSING = _say("missing")
_MISSING_WHY = _say("missing_why")
_EXPECTED = _say("expected")
_NOT_EMPTY = _say("not_empty")()
_AT_LEAST = _say("at_least")
_AT_MOST = _say("at_most")
_FINITE = _say("finite")
_GREATER = _say("greater")
_UNKNOWN_CHOICE = _say("unknown_choice")
_UNKNOWN_LANGUAGE = _say("unknown_language")
_ENGLISH_REQUIRED = _say("english_required")()


def describe(value: object) -> str:
    """A TOML value's type in words, with the value when it is short: 'an integer (3)'."""
    if isinstance(value, bool):
        return _A_BOOLEAN(value=quote(value))
    if isinstance(value, int):
        return _AN_INTEGER(value=value)
    if isinstance(value, float):
        return _A_FLOAT(value=value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _A_STRING(value=quote(shown))
    if isinstance(value, list):
        return _AN_ARRAY
    if isinstance(value, dict):
        return _A_TABLE
    if isinstance(value, datetime.date | datetime.time):
        return _A_DATE_TIME
    return type(value).__name__


class Table:
    """A TOML table being checked: its data, its key path, and where problems go.

    Keys are strings for a TOML table; an array can be wrapped too (keyed by index, as the
    quiz's ``choices`` are) so that its elements are read and reported like a table's values.
    """

    def __init__(self, data: Mapping[Any, Any], where: KeyPath, report: Reporter) -> None:
        self.data = data
        self.where = where
        self.report = report

    def at(self, key: str | int) -> KeyPath:
        """The key path of *key* inside this table."""
        return (*self.where, key)

    def has(self, key: str) -> bool:
        return key in self.data

    def line(self) -> int:
        return self.report.line(self.where)

    def error(self, key: str | int | None, message: str) -> None:
        """Report a problem with *key* (or with the table itself when *key* is None)."""
        self.report.error(self.where if key is None else self.at(key), message)

    def check_keys(
        self, allowed: Collection[str], misplaced: Mapping[str, str] | None = None
    ) -> None:
        """Report every key not in *allowed*: with *misplaced*'s message if it has one for the
        key (a real key used in the wrong place), else as unknown, with the closest match."""
        for key in self.data:
            if key in allowed:
                continue
            if misplaced and key in misplaced:
                self.error(key, misplaced[key])
            else:
                self.error(key, _UNKNOWN_KEY(hint=did_you_mean(key, sorted(allowed))))

    def missing(self, key: str | int, why: str = "") -> None:
        self.error(None, _MISSING_WHY(key=quote(key), why=why) if why
                   else _MISSING(key=quote(key)))

    def _typed(
        self, key: str | int, types: tuple[type, ...], what: str, required: bool, why: str
    ) -> Any:
        """The value at *key* if present and of one of *types* (bool never counts as int)."""
        if key not in self.data:
            if required:
                self.missing(key, why)
            return None
        value = self.data[key]
        if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
            return value
        self.error(key, _EXPECTED(what=what, found=describe(value)))
        return None

    def string(
        self,
        key: str | int,
        default: D = None,  # type: ignore[assignment]
        *,
        required: bool = False,
        why: str = "",
    ) -> str | D:
        """A non-empty string."""
        value = self._typed(key, (str,), _WHAT["string"], required, why)
        if value is None:
            return default
        if not value.strip():
            self.error(key, _NOT_EMPTY)
            return default
        return str(value)

    def integer(
        self,
        key: str,
        default: D,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = False,
        why: str = "",
    ) -> int | D:
        """An integer within [minimum, maximum]."""
        value = self._typed(key, (int,), _WHAT["integer"], required, why)
        if value is None:
            return default
        if minimum is not None and value < minimum:
            self.error(key, _AT_LEAST(minimum=minimum, value=value))
            return default
        if maximum is not None and value > maximum:
            self.error(key, _AT_MOST(maximum=maximum, value=value))
            return default
        return int(value)

    def number(
        self,
        key: str,
        default: D,
        *,
        minimum: float | None = None,
        above: float | None = None,
        maximum: float | None = None,
        required: bool = False,
        why: str = "",
    ) -> float | D:
        """A finite integer or float, at least *minimum* / greater than *above*."""
        value = self._typed(key, (int, float), _WHAT["number"], required, why)
        if value is None:
            return default
        if not math.isfinite(value):
            self.error(key, _FINITE(value=value))
        elif minimum is not None and value < minimum:
            self.error(key, _AT_LEAST(minimum=f"{minimum:g}", value=value))
        elif above is not None and value <= above:
            self.error(key, _GREATER(above=f"{above:g}", value=value))
        elif maximum is not None and value > maximum:
            self.error(key, _AT_MOST(maximum=f"{maximum:g}", value=value))
        else:
            return float(value)
        return default

    def boolean(self, key: str, default: bool) -> bool:
        value = self._typed(key, (bool,), _WHAT["boolean"], False, "")
        return default if value is None else bool(value)

    def choice(
        self,
        key: str,
        choices: Iterable[str],
        what: str,
        default: D = None,  # type: ignore[assignment]
        *,
        required: bool = False,
        why: str = "",
    ) -> str | D:
        """One of *choices*; an unknown one is reported with the list and the closest match."""
        value = self.string(key, None, required=required, why=why)
        if value is None:
            return default
        options = tuple(choices)
        if value not in options:
            self.error(key, _UNKNOWN_CHOICE(what=what, value=quote(value), choices=one_of(options),
                                            hint=did_you_mean(value, options)))
            return default
        return value

    def text(self, key: str | int, *, required: bool = False, why: str = "") -> Text | None:
        """Learner-facing text: a string, or a table of languages with at least ``en``."""
        value = self._typed(key, (str, dict), _WHAT["text"], required, why)
        if value is None:
            return None
        if isinstance(value, str):
            return Text.plain(value) if self.string(key) is not None else None
        table = Table(value, self.at(key), self.report)
        for code in value:
            if code not in LANGUAGES:
                table.error(code, _UNKNOWN_LANGUAGE(choices=one_of(LANGUAGES)))
        if "en" not in value:
            table.missing("en", _ENGLISH_REQUIRED)
        entries = [(code, table.string(code)) for code in LANGUAGES if code in value]
        if "en" not in value or len(value) != len(entries):
            return None
        texts = tuple((code, text) for code, text in entries if text is not None)
        return Text(texts) if len(texts) == len(entries) else None

    def table(self, key: str, *, required: bool = False, why: str = "") -> Table | None:
        value = self._typed(key, (dict,), _WHAT["table"], required, why)
        return None if value is None else Table(value, self.at(key), self.report)

    def tables(self, key: str, *, required: bool = False, why: str = "") -> list[Table]:
        """An array of tables (``[[key]]`` blocks or ``key = [{...}, ...]``)."""
        value = self._typed(key, (list,), _WHAT["tables"], required, why)
        if value is None:
            return []
        found = []
        for index, element in enumerate(value):
            if isinstance(element, dict):
                found.append(Table(element, (*self.at(key), index), self.report))
            else:
                self.report.error((*self.at(key), index),
                                  _EXPECTED(what=_WHAT["table"], found=describe(element)))
        return found
