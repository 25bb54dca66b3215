"""Fuzz the lesson loader (issue 15): Hypothesis-generated TOML documents and seeded
mutations of every bundled lesson. Every case either loads or is refused with problems that
each read ``file:line: ...``; nothing else may come out (no RecursionError, OverflowError,
MemoryError, ...), and no case may take more than a few seconds.

Bounded in time: each family stops at its case count or its time budget, whichever comes
first, and the figures are printed (pytest -s) for the closing note of issue 15.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mipviz.lesson.loader import LessonError, parse_lesson

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("*.toml"))
PROBLEM = re.compile(r"fuzz\.toml(:\d+)?: \S")
SEED = 20261203
CASE_SECONDS = 3.0

KEYS = ["format_version", "id", "title", "summary", "topics", "seed", "addressing", "topology",
        "script", "links", "nodes", "name", "prefix", "delay", "role", "link", "address",
        "interfaces", "position", "action", "seconds", "interval", "count", "flow", "source",
        "destination", "say", "quiz", "until", "timeout", "ra_interval", "en", "ja", "kind"]
HOSTILE_TEXT = ["\x1b]0;pwned\x07", "[/]", "[@click=app.quit]q[/]", "\u202e", "\x85", "%eth0",
                "2001:db8:1::1%eth0", "S04", "home-agent", "mobile-node", "wait", "start-flow"]
NUMBERS = [0, 1, -1, 10**100, -(10**100), 2**63, 2**64, 10**40, 1e-9, 1e-7, 1e300, 1e308,
           -1e308, float("inf"), float("nan"), 65536, 70000, 0.5, 3600.0001]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML basic-string escapes too
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _document(data: dict[str, Any]) -> str:
    """TOML text: scalars as ``key = value``, tables as headers, arrays of tables as
    ``[[key]]`` blocks (the forms the lessons use), the rest inline."""
    lines = [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in data.items()
             if not isinstance(v, dict | list) or (isinstance(v, list) and not (
                 v and all(isinstance(item, dict) for item in v)))]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(key)}]")
            lines.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        elif isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
            for item in value:
                lines.append(f"[[{json.dumps(key)}]]")
                lines.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


scalars = st.one_of(
    st.sampled_from(NUMBERS), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.sampled_from(HOSTILE_TEXT), st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=25,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
    lambda data: {"format_version": 1, **data})

_FIGURES: dict[str, tuple[int, float]] = {}


def _load(text: str) -> None:
    """parse_lesson: a lesson or LessonError whose every problem names file and line."""
    started = time.perf_counter()
    try:
        parse_lesson(text, "fuzz.toml")
    except LessonError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM.match(str(problem)), str(problem)
    assert time.perf_counter() - started < CASE_SECONDS


GENERATED = 600


@settings(max_examples=GENERATED, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(documents)
def test_generated_documents_never_escape_the_loader(data: dict[str, Any]) -> None:
    _load(_document(data))


def _mutations(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    choice = rng.randrange(9)
    index = rng.randrange(len(lines))
    if choice == 0:  # a number replaced by an extreme one
        numbers = list(re.finditer(r"(?<![\w.])\d+(\.\d+)?(?![\w.:])", text))
        if numbers:
            found = rng.choice(numbers)
            return text[: found.start()] + _toml_value(rng.choice(NUMBERS)) + text[found.end():]
    if choice == 1:  # a string replaced by hostile text
        strings = list(re.finditer(r'"[^"\n\\]*"', text))
        if strings:
            found = rng.choice(strings)
            return text[: found.start()] + json.dumps(rng.choice(HOSTILE_TEXT)) + \
                text[found.end():]
    if choice == 2:  # a line deleted
        del lines[index]
    elif choice == 3:  # a line doubled
        lines.insert(index, lines[index])
    elif choice == 4:  # truncated
        return text[: rng.randrange(len(text))]
    elif choice == 5:  # an octet flipped (may not decode: tested as text anyway)
        position = rng.randrange(len(text))
        return text[:position] + chr(rng.randrange(32, 127)) + text[position + 1:]
    elif choice == 6:  # deep nesting put in a value
        depth = rng.choice([5, 40, 1000, 5000])
        lines.insert(index, "x = " + "[" * depth + "]" * depth)
    elif choice == 7:  # lines of two lessons spliced
        return "\n".join(lines[:index] + rng.choice(BUNDLED).split("\n")[index:])
    else:  # a key renamed to another lesson key
        line = lines[index]
        if "=" in line:
            lines[index] = rng.choice(KEYS) + " =" + line.split("=", 1)[1]
    return "\n".join(lines)


BUNDLED = [path.read_text(encoding="utf-8") for path in LESSONS]
MUTATIONS = 2000
MUTATION_BUDGET = 20.0


def test_mutated_bundled_lessons_never_escape_the_loader() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    cases = 0
    while cases < MUTATIONS and time.perf_counter() - started < MUTATION_BUDGET:
        text = rng.choice(BUNDLED)
        for _ in range(rng.randrange(1, 4)):
            text = _mutations(text, rng)
        _load(text)
        cases += 1
    elapsed = time.perf_counter() - started
    print(f"\nlesson loader fuzz: {cases} mutations of {len(BUNDLED)} bundled lessons "
          f"in {elapsed:.1f} s")
    assert cases >= 500  # the budget was not all spent on a few slow cases
