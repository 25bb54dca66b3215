"""`mipviz check` runs each lesson and rejects a quiz answerable by looking (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mipviz import cli
from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.leaks import quiz_leaks
from mipviz.lesson.loader import load_lesson

LEAKY = Path(__file__).resolve().parent / "fixtures" / "lessons" / "quizzes" / "leaky.toml"


def test_check_rejects_quizzes_whose_answer_is_on_screen(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(LEAKY)]) == 1
    err = capsys.readouterr().err.splitlines()
    text_quiz = next(n for n, line in enumerate(LEAKY.read_text().splitlines(), start=1)
                     if line.startswith('question = "What is the MN\'s care-of'))
    predict = next(n for n, line in enumerate(LEAKY.read_text().splitlines(), start=1)
                   if 'field = "source"' in line)
    assert err[0].startswith(f"{LEAKY}:{text_quiz - 2}: script[4].quiz: the answer "
                             "2001:db8:2::ff:fe00:100 is already on screen")
    assert "on the map, MN's address" in err[0]
    assert err[1].startswith(f"{LEAKY}:{predict - 4}: script[5].quiz: a predict quiz asked "
                             "after step 11, whose frame (step 11, MN source ")
    assert err[-1] == "checked 1 lesson file: 2 problems in 1 file"


def test_a_predict_quiz_asked_before_its_frame_passes() -> None:
    lesson = load_lesson(find_lesson("home-registration"))
    predict = next(n for n, action in enumerate(lesson.script, start=1)
                   if action.quiz is not None and action.quiz.kind == "predict")
    assert not [p for p in quiz_leaks(lesson) if p.key == f"script[{predict}].quiz"]
