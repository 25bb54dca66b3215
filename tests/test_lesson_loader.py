"""The lesson loader: valid lessons become typed values; every problem names file, line, key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mipviz.lesson._locate import key_lines, locate
from mipviz.lesson.loader import (
    LessonError,
    Problem,
    check_lesson,
    check_lessons,
    load_lesson,
    parse_lesson,
)
from mipviz.lesson.schema import InterfaceSpec, Text, UntilSpec

FIXTURES = Path(__file__).parent / "fixtures" / "lessons"
INVALID = FIXTURES / "invalid"
INVALID_NAMES = sorted(path.stem for path in INVALID.glob("*.toml"))


# -- valid lessons -----------------------------------------------------------------------------


def test_minimal_lesson_takes_every_default() -> None:
    lesson = load_lesson(FIXTURES / "minimal.toml")
    assert lesson.id == "minimal"  # the file stem
    assert lesson.title == Text.plain("Minimal")
    assert lesson.topics == ("S04",)
    assert (lesson.seed, lesson.addressing, lesson.summary) == (1, "documentation", None)
    assert lesson.path == str(FIXTURES / "minimal.toml")
    (home,) = lesson.topology.links
    assert (home.name, home.prefix, home.delay, home.line) == ("home", "2001:db8:1::/64", 0.001, 6)
    agent, mobile = lesson.topology.nodes
    assert agent.interfaces == (InterfaceSpec("home", "2001:db8:1::1", None, 13),)
    assert (agent.advertise, agent.ra_interval, agent.home_agent_lifetime) == (True, 0.0, 1800)
    assert mobile.interfaces == (InterfaceSpec("home", None, None, 19),)
    assert (mobile.home_link, mobile.home_agent, mobile.home_address) == ("home", "HA", None)
    assert (mobile.route_optimization, mobile.binding_lifetime) == (True, 420)
    (wait,) = lesson.script
    assert (wait.action, wait.seconds, wait.line) == ("wait", 1.0, 23)
    assert wait.say is not None and wait.say.get("ja").startswith("The mobile node is at home")


def test_full_lesson_reads_every_key() -> None:
    lesson = load_lesson(FIXTURES / "full.toml")
    assert lesson.id == "full-example"
    assert lesson.title.get("ja") == "全部まとめて"
    assert lesson.title.get("en") == "Everything at once"
    assert lesson.summary is not None and lesson.summary.get().startswith("Home registration")
    assert (lesson.seed, lesson.addressing) == (7, "lecture")
    links = {link.name: link for link in lesson.topology.links}
    assert links["visited"].prefix == "3ffe:501:ffff:100::/64"
    assert (links["home"].delay, links["core"].delay) == (0.002, 0.0)
    nodes = {node.name: node for node in lesson.topology.nodes}
    agent = nodes["HA"]
    assert agent.interfaces == (
        InterfaceSpec("home", "2001:db8:1::1", None, 34),
        InterfaceSpec("core", "2001:db8:ff::1", "02:00:00:00:ff:01", 35),
    )
    assert agent.position == (10.0, 4.0)
    assert agent.label is not None and agent.label.get("ja") == "ホームエージェント"
    assert agent.ra_interval == 3.0
    assert nodes["R1"].position == (30.5, 4.0)
    mobile = nodes["MN"]
    assert (mobile.home_address, mobile.interfaces[0].mac) == (
        "2001:db8:1::100",
        "02:00:00:00:00:01",
    )
    assert (nodes["CN"].max_nonce_lifetime, nodes["CN"].nonce_interval) == (240, 30)
    assert nodes["H"].interfaces == (InterfaceSpec("cn-net", None, None, 77),)
    eve = nodes["Eve"]
    assert (eve.role, eve.mode, eve.victim, eve.target) == ("attacker", "eavesdropper", "MN", "CN")
    actions = [action.action for action in lesson.script]
    assert actions == [
        "say", "start-flow", "move", "run-until", "wait", "stop-flow", "attack", "fail", "restore"
    ]  # fmt: skip
    say, flow, move, until, wait, *_ = lesson.script
    assert say.say is not None and say.say.get("ja") == "MN はホームリンクにいます。"
    assert (flow.flow, flow.source, flow.destination, flow.kind) == ("ping", "CN", "MN", "echo")
    assert (flow.interval, flow.count) == (0.5, 0)
    assert (move.node, move.to) == ("MN", "visited")
    assert until.until == UntilSpec("binding-acknowledgement-received", "MN", 10.0)
    assert wait.seconds == 2.5
    assert lesson.script[-1].say == Text.plain("The home agent is back.")


def test_addresses_and_macs_are_normalised() -> None:
    text = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")
    text = text.replace(
        'address = "2001:db8:1::1"', 'address = "2001:DB8:1:0:0:0:0:1"\nmac = "02-AB-00-00-00-01"'
    )
    (agent, _) = parse_lesson(text, "x.toml").topology.nodes
    assert agent.interfaces[0].address == "2001:db8:1::1"
    assert agent.interfaces[0].mac == "02:ab:00:00:00:01"


def test_parse_lesson_names_the_text_by_the_path_given() -> None:
    text = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")
    assert parse_lesson(text, "somewhere/else.toml").id == "else"
    with pytest.raises(LessonError) as caught:
        parse_lesson(text.replace('"S04"', '"S99"'), "inline.toml")
    assert str(caught.value).startswith("inline.toml:4: topics[0]: unknown topic")


# -- invalid lessons: exact messages -----------------------------------------------------------


@pytest.mark.parametrize("name", INVALID_NAMES)
def test_invalid_fixture_reports_exactly_the_expected_problems(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each invalid/NAME.toml has NAME.expected: `file:line: message` lines, in this order."""
    monkeypatch.chdir(INVALID)
    expected = (INVALID / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert [str(problem) for problem in check_lesson(f"{name}.toml")] == expected


@pytest.mark.parametrize("name", INVALID_NAMES)
def test_load_lesson_raises_with_the_same_problems(name: str) -> None:
    path = INVALID / f"{name}.toml"
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert caught.value.problems == check_lesson(path)
    assert str(caught.value) == "\n".join(str(problem) for problem in check_lesson(path))


def test_every_expected_file_has_its_fixture() -> None:
    assert sorted(path.stem for path in INVALID.glob("*.expected")) == INVALID_NAMES


def test_problems_are_in_line_order_and_carry_their_key() -> None:
    problems = check_lesson(INVALID / "script.toml")
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    first = problems[0]
    assert (first.line, first.key) == (23, "script[0].action")
    assert first.message.startswith('script[0].action: unknown action "mvoe"')


def test_unreadable_paths_are_problems_not_exceptions(tmp_path: Path) -> None:
    assert check_lesson(tmp_path / "missing.toml") == [
        Problem(str(tmp_path / "missing.toml"), 0, "cannot read: No such file or directory")
    ]
    (problem,) = check_lesson(tmp_path)
    # issue 15: a directory is named for what it is, at once
    assert problem.line == 0 and problem.message == "not a regular file (a directory)"
    assert str(problem) == f"{tmp_path}: {problem.message}"


def test_a_newer_format_version_is_the_only_problem_reported() -> None:
    (problem,) = check_lesson(INVALID / "format-version-newer.toml")
    assert "this mipviz reads format_version 1" in problem.message


def test_syntax_error_at_end_of_file_points_at_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "open.toml"
    path.write_text('format_version = 1\ntitle = "x"\nlist = [1,\n', encoding="utf-8")
    (problem,) = check_lesson(path)
    assert problem.line in (3, 4)
    assert problem.message.startswith("TOML syntax error: ")
    assert "(at line" not in problem.message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")
    text = text.replace('title = "Minimal"', 'id = "same"\ntitle = "Minimal"')
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = check_lessons([tmp_path / "a.toml", tmp_path / "b.toml"])
    assert [str(problem) for problem in problems] == [
        f'{tmp_path / "b.toml"}:3: id: "same" is already the id of {tmp_path / "a.toml"}; '
        "lesson ids must be unique"
    ]


def test_a_missing_id_defaults_to_the_file_stem_and_is_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "Odd Name.toml"
    path.write_text((FIXTURES / "minimal.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_lesson(path).id == "Odd Name"


# -- the line locator ------------------------------------------------------------------------

TRICKY = '''\
a = 1
"quoted.key" = 2
s = """
[[script]]
x = 1 \\"""
"""
[t]
arr = [
  { k = 1 },  # a comment, with [brackets] and = signs
  [1, 2],
  'lit',
]
dotted.inner = 3
[[script]]
action = "wait"
[[script]]
[script.until]
event = "x"
[[a2.b]]
[[a2.b]]
c.d = 3
lit = \'\'\'it's\'\'\'
after = 4
'''


def test_key_lines_follow_headers_arrays_and_multiline_values() -> None:
    lines = key_lines(TRICKY)
    assert lines[("a",)] == 1
    assert lines[("quoted.key",)] == 2
    assert lines[("s",)] == 3
    assert ("script", 0, "x") not in lines  # that was inside a string
    assert lines[("t",)] == 7
    assert lines[("t", "arr", 0)] == 9
    assert lines[("t", "arr", 0, "k")] == 9
    assert lines[("t", "arr", 1)] == 10
    assert lines[("t", "arr", 1, 1)] == 10
    assert lines[("t", "arr", 2)] == 11
    assert lines[("t", "dotted", "inner")] == 13
    assert lines[("script", 0)] == 14
    assert lines[("script", 0, "action")] == 15
    assert lines[("script", 1)] == 16
    assert lines[("script", 1, "until")] == 17
    assert lines[("script", 1, "until", "event")] == 18
    assert lines[("a2", "b", 0)] == 19
    assert lines[("a2", "b", 1, "c", "d")] == 21
    assert lines[("a2", "b", 1, "lit")] == 22
    assert lines[("a2", "b", 1, "after")] == 23


def test_locate_falls_back_to_the_nearest_enclosing_key() -> None:
    lines = key_lines(TRICKY)
    assert locate(lines, ("script", 1, "until", "missing")) == 17
    assert locate(lines, ("script", 0, "node")) == 14
    assert locate(lines, ("nowhere", 3)) == 1
    assert locate(lines, ()) == 1


# -- robustness: nothing in a lesson file makes the loader raise --------------------------------

FULL_LINES = (FIXTURES / "full.toml").read_text(encoding="utf-8").splitlines()
ODD_VALUES = [
    '"x"', '""', "0", "-1", "1e400", "0.5", "nan", "true", "[]", "{}", '["a", 1]', "[[1], {}]",
    '{ en = "" }', '{ ja = "日本" }', '"2001:db8::1"', '"3ffe::/16"', '"S28"', '"MN"', '"home"',
    "1979-05-27T07:32:00Z",
]  # fmt: skip
ASSIGNMENTS = [index for index, line in enumerate(FULL_LINES) if re.match(r"^\w+ = ", line)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(ASSIGNMENTS), st.sampled_from(ODD_VALUES)), max_size=4),
    st.lists(st.integers(0, len(FULL_LINES) - 1), max_size=3),
)
def test_mutated_lessons_give_problems_never_exceptions(
    replacements: list[tuple[int, str]], deletions: list[int]
) -> None:
    lines = list(FULL_LINES)
    for index, value in replacements:
        lines[index] = lines[index].split(" = ", 1)[0] + " = " + value
    for index in sorted(set(deletions), reverse=True):
        del lines[index]
    text = "\n".join(lines) + "\n"
    try:
        lesson = parse_lesson(text, "fuzz.toml")
    except LessonError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == "fuzz.toml"
            assert 1 <= problem.line <= len(lines) + 1
            assert problem.message
    else:
        assert lesson.title.get()
