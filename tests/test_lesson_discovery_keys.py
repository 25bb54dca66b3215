"""The lesson keys of home agent discovery, renumbering and silent moves are checked with
`file:line: key: message` problems (docs/lesson-format.md), and drive the engine."""

from __future__ import annotations

import pytest
from discovery_harness import discovery_text

from mipviz.lesson._report import LessonError
from mipviz.lesson.loader import parse_lesson


def _problems(text: str) -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, "x.toml")
    return [str(p) for p in caught.value.problems]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_valid_discovery_lesson_loads() -> None:
    lesson = parse_lesson(discovery_text(), "x.toml")
    mn = next(n for n in lesson.topology.nodes if n.name == "MN")
    assert mn.home_agent is None
    ha1 = next(n for n in lesson.topology.nodes if n.name == "HA1")
    assert ha1.home_agent_preference == 10


def test_home_agent_preference_is_a_signed_16_bit_value() -> None:
    text = discovery_text(pref1=40000)
    line = _line(text, "home_agent_preference = 40000")
    assert any(p.startswith(f"x.toml:{line}: ") and "home_agent_preference" in p
               and "32767" in p for p in _problems(text))


def test_discovery_needs_a_home_agent_on_the_home_link() -> None:
    text = discovery_text().replace('role = "home-agent"', 'role = "router"').replace(
        "home_agent_lifetime = 9\n", "").replace("home_agent_preference = 10\n", "").replace(
        "home_agent_preference = 0\n", "")
    problems = _problems(text)
    assert any("home_link" in p and "no home agent has an interface on home link" in p
               and p.startswith("x.toml:") for p in problems), problems


SCRIPT = """
[[script]]
action = "renumber"
link = "{link}"
prefix = "{prefix}"
"""


@pytest.mark.parametrize(("link", "prefix", "expected"), [
    ("home", "2001:db8:5::/48", "is not a /64"),
    ("home", "2001:db8:2::/64", "overlaps link \"visited\""),
    ("home", "2001:db8:5::", "has no prefix length"),
    ("nowhere", "2001:db8:5::/64", "nowhere"),
])
def test_renumber_is_checked(link: str, prefix: str, expected: str) -> None:
    text = discovery_text() + SCRIPT.format(link=link, prefix=prefix)
    problems = _problems(text)
    assert any(expected in p and p.startswith("x.toml:") and "script[0]" in p
               for p in problems), problems


def test_link_layer_hint_must_be_a_boolean() -> None:
    text = discovery_text() + '\n[[script]]\naction = "move"\nnode = "MN"\nto = "visited"\n' \
        'link_layer_hint = "no"\n'
    line = _line(text, 'link_layer_hint = "no"')
    problems = _problems(text)
    assert any(p.startswith(f"x.toml:{line}: script[0].link_layer_hint") for p in problems), \
        problems
