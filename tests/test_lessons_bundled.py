"""The bundled lessons as a whole: valid, bilingual, covering every lecture topic that must be
shown happening (../shared/seed/OUTLINE.md), and running to the end of their scripts."""

from __future__ import annotations

import pytest

from mipviz.lesson.catalog import bundled_lessons_dir, list_lessons
from mipviz.lesson.loader import check_lessons, load_lesson
from tests.conftest import bundled_lesson_ids, lesson_run

NARRATIVE = {"S01", "S20", "S21", "S22", "S24", "S25", "S28"}  # OUTLINE.md "(narrative)"
ALL_TOPICS = {f"S{n:02d}" for n in range(1, 29)}


def test_bundled_lessons_check_clean() -> None:
    assert check_lessons(sorted(bundled_lessons_dir().glob("*.toml"))) == []


def test_every_shown_topic_is_taught() -> None:
    taught = {topic for info in list_lessons() for topic in info.topics}
    assert taught >= ALL_TOPICS - NARRATIVE


def test_first_lesson_is_home_registration() -> None:
    assert list_lessons()[0].id == "home-registration"


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_lesson_is_bilingual(lesson_id: str) -> None:
    info = next(i for i in list_lessons() if i.id == lesson_id)
    lesson = load_lesson(info.path)
    texts = [lesson.title, *(a.say for a in lesson.script if a.say is not None)]
    if lesson.summary is not None:
        texts.append(lesson.summary)
    for text in texts:
        languages = dict(text.by_language)
        assert languages.get("en") and languages.get("ja"), (lesson_id, languages)


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_lesson_runs_to_the_end_without_problems(lesson_id: str) -> None:
    run = lesson_run(lesson_id)
    assert run.problems == []
    assert len(run.timeline) > 20
    narrated = [s for s in run.timeline if s.narration]
    assert narrated, "a lesson speaks to the learner"
    problems = [p for s in run.timeline for p in s.problems]
    assert problems == [], "every frame the engine puts on a link is well formed"


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_lesson_asks_at_least_one_quiz(lesson_id: str) -> None:
    info = next(i for i in list_lessons() if i.id == lesson_id)
    assert any(action.quiz is not None for action in load_lesson(info.path).script)


def test_every_quiz_kind_is_used() -> None:
    kinds = {action.quiz.kind for info in list_lessons()
             for action in load_lesson(info.path).script if action.quiz is not None}
    assert kinds == {"choice", "text", "predict"}


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_lesson_has_a_predict_the_next_packet_quiz(lesson_id: str) -> None:
    lesson = lesson_run(lesson_id).lesson
    kinds = [a.quiz.kind for a in lesson.script if a.quiz is not None]
    assert "predict" in kinds, "every lesson asks the learner to predict a packet (issue 10)"


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_narration_is_kept_in_every_language(lesson_id: str) -> None:
    run = lesson_run(lesson_id)
    assert run.narrations, "the run keeps each narrated step's texts"
    for index in run.narrations:
        english, japanese = run.narration(index, "en"), run.narration(index, "ja")
        assert run.timeline.steps[index - 1].narration == english
        assert japanese and japanese != english
