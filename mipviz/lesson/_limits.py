"""Limits that keep a lesson file from crashing, hanging or exhausting the loader and engine.

A lesson is data from anyone (issue 15): the loader must answer every file with a lesson or
``file:line: key: message``, quickly. Three guards, in the order the loader applies them:

1. :data:`MAX_OCTETS`: at most 4 MB is read, from a regular file only
   (:func:`mipviz.safe_files.read_regular`).
2. :func:`nesting_problem`: before :mod:`tomllib` (which recurses once per level and so
   raises RecursionError about 1,000 levels down) the text is scanned for how deeply its
   arrays, inline tables, table headers and dotted keys nest. Linear, no recursion.
3. :func:`check_limits`: on the parsed document, before any other check: string and array
   lengths, integers too large for any value (``10**100`` cannot even be compared with a
   float), the range of every number the engine turns into time, a count or a position,
   addresses with a zone index, and what the flows would cost to simulate.

Ranges are the engine's: time is kept in whole microseconds (RFC-free, the simulator's
resolution), so an interval below 1 µs is a loop that never advances the clock.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from mipviz.i18n.catalogs.errors import MESSAGES as ERRORS
from mipviz.i18n.said import Phrase, phrase
from mipviz.lesson._report import Problem, Reporter, format_key

MAX_OCTETS = 4 * 1024 * 1024
MAX_DEPTH = 32  # the bundled lessons nest 6 deep
MAX_STRING = 20_000  # characters; the longest bundled text is ~400
MAX_ARRAY = 2_000  # elements of any one array (script actions, nodes, links, choices, ...)
MAX_INTEGER = 2**63  # no lesson value needs more; a bigger int cannot become a float
MAX_SCRIPT_SECONDS = 86_400.0  # one simulated day: every wait and timeout added up
MAX_FLOW_PACKETS = 20_000  # packets all the flows of a lesson may send
RESOLUTION = 1e-6  # the engine's clock ticks in microseconds

# key -> (least, greatest, unit, zero allowed below the resolution)
_RANGES: dict[str, tuple[float, float, str]] = {
    "seed": (0, 2**32 - 1, ""),
    "delay": (0.0, 60.0, " s"),
    "seconds": (RESOLUTION, 3600.0, " s"),
    "timeout": (RESOLUTION, 3600.0, " s"),
    "interval": (RESOLUTION, 3600.0, " s"),
    "count": (0, MAX_FLOW_PACKETS, ""),
    "ra_interval": (0.0, 1800.0, " s"),
    "position": (-10_000.0, 10_000.0, ""),
}
_ZONE = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:/\d+)?%")
_STRUCTURE = re.compile(r"""[\[\]{}\n=.,#"']""")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^\\]|\\.)*?"""""?', re.DOTALL)
_ML_LITERAL = re.compile(r"'''.*?'''''?", re.DOTALL)
_LEADING_KEY = re.compile(r"\s*\[*\s*([A-Za-z0-9_-]+)")


def nesting_problem(text: str, file: str) -> Problem | None:
    """A problem if ``text`` nests deeper than :data:`MAX_DEPTH` anywhere, else None.

    Counts what tomllib recurses on: each array ``[`` and inline table ``{`` in a value,
    each part of a dotted key and of a table header. Strings and comments are skipped.
    It over-counts rather than under-counts on text that is not valid TOML (tomllib then
    reports the syntax error only if the nesting was fine).
    """
    position, end = 0, len(text)
    table_depth = 0  # parts of the last [header] (+1 inside an [[array of tables]])
    levels: list[int] = [0]  # per open bracket: the depth its keys add
    dots = 0  # dots in the key being read
    in_value = False  # after '=' on a top-level line
    statement = 0  # where the current top-level statement began
    while True:
        match = _STRUCTURE.search(text, position)
        if match is None:
            return None
        char, position = match.group(), match.start()
        if char in "\"'":
            pattern = ((_ML_BASIC if text.startswith('"""', position) else _BASIC) if char == '"'
                       else (_ML_LITERAL if text.startswith("'''", position) else _LITERAL))
            found = pattern.match(text, position)
            position = found.end() if found else position + 1
            continue
        position += 1
        if char == "#":
            newline = text.find("\n", position)
            position = end if newline < 0 else newline
        elif char == "\n":
            dots = 0
            if len(levels) == 1:
                in_value, statement, levels[0] = False, position, 0
        elif char == ".":
            dots += 1
        elif char == "=":
            levels[-1] += dots + 1
            dots = 0
            in_value = True
        elif char == ",":
            dots = 0
            levels[-1] = 0
        elif char in "[{":
            if char == "[" and len(levels) == 1 and not in_value:  # a table header
                close = text.find("\n", position)
                header = text[position : end if close < 0 else close]
                array = header.startswith("[")
                table_depth = header.split("]", 1)[0].count(".") + 1 + int(array)
                if table_depth > MAX_DEPTH:
                    return _nested(text, file, position, statement)
                position += len(header)
                continue
            levels.append(0)
            dots = 0
            depth = table_depth + sum(levels) + len(levels) - 1
            if depth > MAX_DEPTH:
                return _nested(text, file, position, statement)
        elif char in "]}":
            if len(levels) > 1:
                levels.pop()
            dots = 0
        if dots + table_depth + sum(levels) + len(levels) > MAX_DEPTH:
            return _nested(text, file, position, statement)


def _nested(text: str, file: str, position: int, statement: int) -> Problem:
    line = text.count("\n", 0, position) + 1
    found = _LEADING_KEY.match(text, statement)
    key = found.group(1) if found else "(document)"
    return Problem(file, line, phrase("errors.lesson.nested", ERRORS)(key=key, limit=MAX_DEPTH),
                   key)


def check_limits(data: Mapping[str, Any], report: Reporter) -> bool:
    """Report every value past a limit. True when the loader must stop here (a size or an
    integer its other checks cannot handle: a float comparison with 10**100 raises); the
    range problems of values the loader's own checks accept are reported and the loader
    goes on (False), so that a file's other problems are listed with them."""
    ranges = Reporter(report.file, report.lines)
    _walk(data, (), report, ranges)
    if report.problems:
        return True
    report.problems.extend(ranges.problems)
    if not ranges.problems:  # the budget adds up values only once each is in its range
        _check_budget(data, report)
    return False


def _walk(value: Any, where: tuple[str | int, ...], report: Reporter, ranges: Reporter) -> None:
    # An explicit stack: depth is bounded by nesting_problem, but a walk needs no recursion.
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, where)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            stack.extend((item, (*where, key)) for key, item in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_ARRAY:
                report.error(where, _message("errors.lesson.array_long", where,
                                             length=len(value), limit=MAX_ARRAY))
                continue
            name = _key_name(where)
            if name in _RANGES and name == "position":
                for index, item in enumerate(value):
                    _number(item, (*where, index), "position", ranges)
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
        elif isinstance(value, str):
            if len(value) > MAX_STRING:
                report.error(where, _message("errors.lesson.string_long", where,
                                             length=len(value), limit=MAX_STRING))
            elif "%" in value and _ZONE.match(value):
                report.error(where, _message("errors.lesson.zone", where, value=value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, int) and abs(value) >= MAX_INTEGER:
                shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}..."
                report.error(where, _message("errors.lesson.integer_huge", where, value=shown))
                continue
            name = where[-1] if where and isinstance(where[-1], str) else None
            if name in _RANGES and name != "position":
                _number(value, where, name, ranges)


def _key_name(where: tuple[str | int, ...]) -> str | None:
    return where[-1] if where and isinstance(where[-1], str) else None


def _number(value: Any, where: tuple[str | int, ...], name: str, report: Reporter) -> None:
    """The range check of one number under ``name``: only what the loader's own checks let
    through (they report a negative delay, a zero interval, a wrong type, NaN, in their
    words)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) >= MAX_INTEGER:
        return  # reported by _walk
    if not math.isfinite(value) or (value <= 0 and name in ("seconds", "timeout", "interval")) or (
            value < 0 and name in ("seed", "delay", "count", "ra_interval")) or (
            name == "ra_interval" and value > 1800):
        return
    least, greatest, unit = _RANGES[name]
    if not least <= value <= greatest:
        if name in ("seconds", "timeout", "interval") and 0 < value < least:
            report.error(where, _message("errors.lesson.resolution", where, value=f"{value:g}"))
            return
        report.error(where, _message("errors.lesson.range", where, minimum=f"{least:g}",
                                     maximum=f"{greatest:g}", unit=unit, value=f"{value:g}"))
    elif name == "delay" and 0 < value < RESOLUTION:
        report.error(where, _message("errors.lesson.resolution", where, value=f"{value:g}"))
    elif name == "ra_interval" and 0 < value < 0.03:
        report.error(where, _message("errors.lesson.ra_interval", where, value=f"{value:g}"))


def _message(message_id: str, where: tuple[str | int, ...], **params: Any) -> str:
    """The message with its key in front (``key: ...``, as its catalog text starts), bilingual
    (a :class:`~mipviz.i18n.said.Said`, which Reporter.error keeps as it is)."""
    made = _PHRASES.get(message_id)
    if made is None:
        made = _PHRASES[message_id] = phrase(message_id, ERRORS)
    return made(key=format_key(where), **params)


_PHRASES: dict[str, Phrase] = {}


def _check_budget(data: Mapping[str, Any], report: Reporter) -> None:
    """What the script would cost to simulate: its simulated time (every wait and
    run-until timeout added up) and the packets its flows would send in that time."""
    script = data.get("script")
    if not isinstance(script, list):
        return
    remaining = 0.0
    for action in script:
        if isinstance(action, dict):
            remaining += _seconds_of(action)
    if remaining > MAX_SCRIPT_SECONDS:
        report.error(("script",), _message(
            "errors.lesson.script_duration", ("script",), seconds=f"{remaining:g}",
            limit=f"{MAX_SCRIPT_SECONDS:g}"))
        return
    packets = 0.0
    for index, action in enumerate(script):
        if not isinstance(action, dict):
            continue
        if action.get("action") == "start-flow":
            interval = action.get("interval", 1.0)
            count = action.get("count", 0)
            if not isinstance(interval, int | float) or isinstance(interval, bool) \
                    or interval <= 0 or not isinstance(count, int):
                continue  # the loader's own checks report it
            most = remaining / interval + 1  # sent at once, then every interval
            sent = most if count == 0 else min(count, most)
            packets += sent
            if packets > MAX_FLOW_PACKETS:
                where = ("script", index, "interval" if "interval" in action else "action")
                report.error(where, _message(
                    "errors.lesson.flow_budget", where, packets=f"{sent:.0f}",
                    interval=f"{interval:g}", seconds=f"{remaining:g}",
                    limit=MAX_FLOW_PACKETS))
                return
        remaining -= _seconds_of(action)


def _seconds_of(action: Mapping[str, Any]) -> float:
    """The simulated seconds an action may take (a wait, a run-until's timeout)."""
    if action.get("action") == "wait":
        seconds = action.get("seconds")
    elif action.get("action") == "run-until":
        until = action.get("until")
        seconds = until.get("timeout", 60.0) if isinstance(until, dict) else 0.0
    else:
        return 0.0
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) \
            and math.isfinite(seconds) and seconds > 0:
        return float(seconds)
    return 0.0
