"""`[[explain]]`: narration on the step where a message or an event happens (issue 9 item 3)."""

from __future__ import annotations

from pathlib import Path

from mipviz.lesson.loader import check_lesson, load_lesson
from mipviz.lesson.runner import run_lesson

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


def _with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "x.toml"
    text = (LESSONS / "01-home-registration.toml").read_text(encoding="utf-8")
    start = text.index("[[explain]]")
    path.write_text(text[:start] + extra, encoding="utf-8")
    return path


def test_an_explanation_lands_on_the_step_of_its_message(tmp_path: Path) -> None:
    path = _with(tmp_path, '[[explain]]\non = { message = "Binding Acknowledgement", to = "MN" }\n'
                           'say = { en = "BA arrives", ja = "BA が届く" }\n')
    run = run_lesson(load_lesson(path))
    assert run.problems == []
    [step] = [s for s in run.timeline if s.narration and "BA arrives" in s.narration]
    assert step.rx == "MN" and "Binding Acknowledgement" in step.summary
    assert run.narration(step.index, "ja") == "BA が届く"


def test_nth_picks_a_later_occurrence_and_a_missing_one_is_reported(tmp_path: Path) -> None:
    path = _with(tmp_path,
                 '[[explain]]\non = { event = "drop", node = "HA", nth = 2 }\nsay = "2nd"\n'
                 '[[explain]]\non = { message = "Home Test", node = "MN" }\nsay = "never"\n')
    run = run_lesson(load_lesson(path))
    drops = [s.index for s in run.timeline if any(e.kind == "drop" for e in s.events)]
    assert run.timeline.steps[drops[1] - 1].narration == "2nd"
    assert len(run.problems) == 1 and "explain[1]" in run.problems[0]
    assert "Home Test" in run.problems[0] and "never happened" in run.problems[0]


def test_bad_explanations_are_reported_with_line_and_key(tmp_path: Path) -> None:
    path = _with(tmp_path, '[[explain]]\non = { message = "Home Tst", node = "MNx", tunnel = -1 }\n'
                           'say = "x"\n[[explain]]\non = { event = "drop", from = "HA" }\n')
    messages = [str(p) for p in check_lesson(path)]
    assert any('explain[0].on.message: unknown message "Home Tst"' in m and
               'did you mean "Home Test"' in m for m in messages)
    assert any("explain[0].on.node: no node named" in m for m in messages)
    assert any("explain[0].on.tunnel: must be at least 0" in m for m in messages)
    assert any('explain[1].on.from: only with "message"' in m for m in messages)
    assert any("explain[1]: missing key \"say\"" in m for m in messages)
    assert all(m.startswith(f"{path}:") for m in messages)


def test_an_action_narrates_its_first_step_not_the_previous_action_end(tmp_path: Path) -> None:
    run = run_lesson(load_lesson(LESSONS / "01-home-registration.toml"))
    moved = next(s for s in run.timeline if s.kind == "action" and "moved" in s.summary)
    assert moved.narration is not None and "visited link" in moved.narration
