"""Japanese quiz feedback is joined as Japanese is written: no ASCII space after 。/？/！ and no
ASCII ? ending a Japanese sentence (the walkthrough read "できません。 もう一度…" and
"…でしょう? もう一度…")."""

from __future__ import annotations

from mipviz.i18n.sentences import tidy
from mipviz.ui.controller import Controller


def _hint_feedback(lesson: str, quiz: int, wrong: str, language: str) -> str:
    controller = Controller(lesson, language)
    controller.prepare()
    state = controller.answer(quiz, wrong)
    assert not state.solved
    return state.feedback


def test_a_japanese_hint_runs_straight_into_try_again() -> None:
    # quiz 9's hint ends in 。, quiz 7's in an ASCII ?
    assert "方向です。もう一度答えてください。" in _hint_feedback(
        "route-optimisation", 9, "1", "ja")
    feedback = _hint_feedback("route-optimisation", 7, "1", "ja")
    assert "戻るでしょう？もう一度答えてください。" in feedback
    assert "? " not in feedback and "。 " not in feedback


def test_english_feedback_keeps_its_spaces() -> None:
    feedback = _hint_feedback("route-optimisation", 7, "1", "en")
    assert "Care-of Test? Try again." in feedback


def test_the_rule_leaves_code_and_ascii_questions_alone() -> None:
    assert tidy("見て `a? b` です。 次", "ja") == "見て `a? b` です。次"
    assert tidy("HA? 値は 5? です", "ja") == "HA? 値は 5? です"
    assert tidy("でしょう? 次に", "en") == "でしょう? 次に"
