"""docs/lesson-format.md documents exactly the keys the loader accepts, and the event kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mipviz.lesson._challenge import ACT_ORDER, CHALLENGE_KEYS, CHECK_KEYS
from mipviz.lesson._explain import EXPLAIN_KEYS, ON_KEYS
from mipviz.lesson._nodes import INTERFACE_KEYS, LINK_KEYS, NODE_KEYS, ROLE_KEYS
from mipviz.lesson._quiz import COMMON_KEYS as QUIZ_KEYS
from mipviz.lesson._quiz import KIND_KEYS as QUIZ_KIND_KEYS
from mipviz.lesson._script import ACTION_KEYS, COMMON_KEYS, UNTIL_KEYS
from mipviz.lesson.comparison import COMPARISON_KEYS
from mipviz.lesson.loader import LESSON_KEYS, check_lesson
from mipviz.lesson.schema import ACTIONS, EVENT_KINDS, ROLES

DOC = Path(__file__).resolve().parents[1] / "docs" / "lesson-format.md"

EXPECTED: dict[str, tuple[str, ...]] = {
    "lesson": LESSON_KEYS,
    "link": LINK_KEYS,
    "node": NODE_KEYS,
    "interface": INTERFACE_KEYS,
    "action": COMMON_KEYS,
    "until": UNTIL_KEYS,
    **{f"role {role}": keys for role, keys in ROLE_KEYS.items() if keys},
    **{f"action {action}": keys for action, keys in ACTION_KEYS.items()},
    "explain": EXPLAIN_KEYS,
    "explain on": ON_KEYS,
    "challenge": CHALLENGE_KEYS,
    "challenge check": CHECK_KEYS,
    "challenge solution": ACT_ORDER,
    "comparison": COMPARISON_KEYS,
    "quiz": QUIZ_KEYS,
    **{f"quiz {kind}": keys for kind, keys in QUIZ_KIND_KEYS.items()},
}


def _documented_tables() -> dict[str, list[str]]:
    """marker -> first-column backticked names of the table that follows `<!-- MARKER -->`."""
    tables: dict[str, list[str]] = {}
    marker = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"<!-- (keys|list): (.+) -->", line.strip())
        if found:
            marker = found.group(2) if found.group(1) == "keys" else f"list {found.group(2)}"
            tables[marker] = []
        elif marker is not None and line.startswith("|"):
            name = re.match(r"\| `([^`]+)` \|", line)
            if name:
                tables[marker].append(name.group(1))
        elif marker is not None and tables[marker] and not line.strip():
            marker = None
    return tables


@pytest.mark.parametrize("marker", sorted(EXPECTED))
def test_each_key_table_lists_exactly_the_accepted_keys(marker: str) -> None:
    assert _documented_tables().get(marker, []) == list(EXPECTED[marker])


def test_no_undocumented_key_table() -> None:
    documented = {marker for marker in _documented_tables() if not marker.startswith("list ")}
    # The say action adds no keys; its (empty) table is still there, under its marker.
    assert documented == set(EXPECTED)


def test_every_role_action_and_event_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert _documented_tables()["list events"] == list(EVENT_KINDS)
    for role in ROLES:
        assert f"**`{role}`**" in text
    for action in ACTIONS:
        assert f"**`{action}`**" in text


def test_the_whole_lesson_example_in_the_doc_is_valid(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"## A whole lesson\n\n```toml\n(.*?)```", text, re.S)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), encoding="utf-8")
    assert check_lesson(path) == []
