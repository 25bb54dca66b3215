"""Quizzes that test understanding (issue 9 items 5, 6, 8): a predict quiz holds the timeline
before its answering frame, skipping counts, feedback is readable at 80x24 and 120x40, number
keys pick a choice, the focus goes back to stepping, the score and a true "done", and text
from a lesson is never console markup or raw control characters (issue 15)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from mipviz.lesson.progress import ENV_DATA_DIR, LessonProgress, ProgressStore
from mipviz.lesson.quiz import FIRST, REVEALED, SKIPPED
from mipviz.ui.app import MipvizApp
from mipviz.ui.controller import Controller, PlacedQuiz
from mipviz.ui.ladder import JumpTo
from mipviz.ui.narration import QuizAnswered
from mipviz.ui.picker import PickerScreen
from mipviz.ui.reopen import ReopenScreen
from mipviz.ui.screen import LessonScreen, StepShown
from tests.test_ui_keys import Recorder
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lessons" / "quizzes"
PREDICT_LESSON = "route-optimisation"
CHOICE_LESSON = "home-registration"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "data"))


def _held_predict(controller: Controller) -> PlacedQuiz:
    """A predict quiz that holds the timeline on the step just before its answering frame."""
    from mipviz.lesson.grading import answer_step

    prepared = controller.prepared
    assert prepared is not None
    return next(q for q in prepared.quizzes if q.spec.kind == "predict" and q.hold is not None
                and answer_step(q.spec, prepared.timeline, q.position) == q.hold + 1)


def _export(app: MipvizApp) -> str:
    import re

    text = re.sub(r"<[^>]+>", "", app.export_screenshot())
    return text.replace("&#160;", " ").replace("&nbsp;", " ")


def _fully_visible(widget: Widget, pane: Widget, size: tuple[int, int]) -> bool:
    """*widget* lies inside *pane*'s visible (scrolled) area, and the pane on the screen."""
    top = pane.scroll_y  # type: ignore[attr-defined]
    height = pane.scrollable_content_region.height  # type: ignore[attr-defined]
    region = widget.virtual_region
    screen_region = pane.region
    return (top <= region.y and region.bottom <= top + height and region.height > 0
            and screen_region.x >= 0 and screen_region.y >= 0
            and screen_region.right <= size[0] and screen_region.bottom <= size[1])


async def _settle(pilot: Any, ready: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until *ready* holds (the scroll-into-view runs after a refresh), at most *timeout*.

    A fixed pause was flaky on a loaded two-core machine; the assertion that follows still fails
    when the screen never gets there.
    """
    deadline = time.monotonic() + timeout
    await pilot.pause(0.1)
    while not ready() and time.monotonic() < deadline:
        await pilot.pause(0.05)


@sync
async def test_a_predict_quiz_holds_every_way_forward_until_skipped() -> None:
    recorder = Recorder()
    app = MipvizApp(PREDICT_LESSON)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        quiz = _held_predict(controller)
        assert quiz.hold is not None
        answer = quiz.hold + 1
        # the answering frame is the node's next frame, one step after the hold
        assert controller.prepared.timeline[answer].tx == quiz.spec.node  # type: ignore[union-attr]
        for earlier in controller.prepared.quizzes:  # type: ignore[union-attr]
            if earlier.position < quiz.position:
                controller.skip(earlier.number)
        await pilot.press("g", *str(quiz.hold + 5), "enter")  # g: stops at the hold
        assert controller.cursor == quiz.hold
        assert controller.view().quiz == quiz and controller.view().held
        for keys in (("right",), ("l",), ("right_square_bracket",), ("end",),
                     ("g", *str(answer), "enter")):
            await pilot.press(*keys)
            assert controller.cursor == quiz.hold, keys
        screen.post_message(JumpTo(answer + 3))  # a click on the sequence chart
        await pilot.pause()
        assert controller.cursor == quiz.hold
        await pilot.press("space")  # play stops at once
        await pilot.pause(0.3)
        assert controller.cursor == quiz.hold and not controller.playing
        assert answer not in [m.index for m in recorder.of(StepShown)]
        # s: skipped, counted, the answer and explanation shown; the timeline goes on
        await pilot.press("s")
        state = controller.quiz_states[quiz.number]
        assert state.outcome == SKIPPED and "Answer:" in state.feedback
        skipped = sum(1 for q in controller.prepared.quizzes  # type: ignore[union-attr]
                      if q.position <= quiz.position)
        assert controller.score()["skipped"] == skipped
        await pilot.press("right")
        assert controller.cursor == answer
        saved = json.loads((Path(os.environ[ENV_DATA_DIR]) / "progress.json").read_text())
        assert saved["lessons"][PREDICT_LESSON]["outcomes"][str(quiz.number)] == SKIPPED


@sync
async def test_the_presenter_is_never_held_by_a_predict_quiz() -> None:
    app = MipvizApp(PREDICT_LESSON, presenter=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        quiz = _held_predict(screen.controller)
        assert quiz.hold is not None
        screen.controller.jump(quiz.hold)
        await pilot.press("right")
        assert screen.controller.cursor == quiz.hold + 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@sync
async def test_feedback_is_visible_without_scrolling(size: tuple[int, int]) -> None:
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=size) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        quiz = next(q for q in controller.prepared.quizzes  # type: ignore[union-attr]
                    if q.spec.kind == "choice")
        screen._moved(controller.jump(quiz.position))
        pane = screen.query_one("#narration")
        question = screen.query_one("#quiz-question")
        choices = screen.query_one("#quiz-choices")
        feedback = screen.query_one("#quiz-feedback")
        await _settle(pilot, lambda: _fully_visible(question, pane, size)
                      and _fully_visible(choices, pane, size))
        assert _fully_visible(question, pane, size) and _fully_visible(choices, pane, size)
        wrong = next(n for n in range(1, 4) if n != quiz.spec.correct)
        await pilot.press("enter", str(wrong))  # the hint
        await _settle(pilot, lambda: "Hint:" in str(controller.quiz_states[quiz.number].feedback)
                      and all(_fully_visible(w, pane, size) for w in (question, choices, feedback)))
        text = _export(app)
        assert "Hint:" in text
        for widget in (question, choices, feedback):
            assert _fully_visible(widget, pane, size), (widget.id, widget.virtual_region,
                                                        pane.scroll_y, pane.size)
        await pilot.press(str(wrong))  # the answer and the explanation
        await _settle(pilot, lambda: not choices.display
                      and all(_fully_visible(w, pane, size) for w in (question, feedback)))
        assert controller.quiz_states[quiz.number].outcome == REVEALED
        text = _export(app)
        assert "Answer:" in text
        # the feedback names the right choice; the list makes room for it
        assert not choices.display
        for widget in (question, feedback):
            assert _fully_visible(widget, pane, size), (widget.id, widget.virtual_region,
                                                        pane.scroll_y, pane.size)
        await pilot.press("enter")  # to answer again: the list is back, in view
        await _settle(pilot, lambda: screen.focused is choices
                      and _fully_visible(choices, pane, size))
        assert screen.focused is choices
        assert _fully_visible(choices, pane, size)


@sync
async def test_number_keys_pick_a_choice_and_the_focus_returns_to_stepping() -> None:
    recorder = Recorder()
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        quiz = next(q for q in controller.prepared.quizzes  # type: ignore[union-attr]
                    if q.spec.kind == "choice")
        screen._moved(controller.jump(quiz.position))
        await pilot.pause()
        await pilot.press("enter")
        choices = screen.query_one("#quiz-choices")
        assert screen.focused is choices
        assert choices.highlighted == 0  # Enter on the list shows where it is
        assert screen.check_action("unfocus_input", ()) is True  # the footer offers Esc
        assert "Leave answer box" in _export(app)
        await pilot.press(str(quiz.spec.correct))  # not "focus pane 2"
        assert [m.answer for m in recorder.of(QuizAnswered)] == [str(quiz.spec.correct)]
        assert screen.focused is screen.query_one("#narration")
        assert controller.quiz_states[quiz.number].outcome == FIRST
        before = controller.cursor
        await pilot.press("right")
        assert controller.cursor == before + 1


@sync
async def test_a_choice_number_answers_before_enter_as_the_quiz_title_says() -> None:
    """`1–3 or Enter: answer`: a number pressed with the quiz merely on screen answers it
    (it once focused pane 1 to 3 instead, and nothing a learner could see happened)."""
    recorder = Recorder()
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        quiz = next(q for q in controller.prepared.quizzes  # type: ignore[union-attr]
                    if q.spec.kind == "choice")
        screen._moved(controller.jump(quiz.position))
        await pilot.pause()
        assert screen.focused is not screen.query_one("#quiz-choices")
        wrong = 1 if quiz.spec.correct != 1 else 2
        await pilot.press(str(wrong))
        state = controller.quiz_states[quiz.number]
        assert not state.solved and "Hint:" in state.feedback
        assert "Hint:" in _export(app)  # the hint is on the 80x24 screen
        await pilot.press(str(quiz.spec.correct))
        assert controller.quiz_states[quiz.number].solved
        assert [m.answer for m in recorder.of(QuizAnswered)] == [str(wrong),
                                                                   str(quiz.spec.correct)]
        await pilot.press("1")  # answered: the number keys focus the panes again
        assert screen.focused is screen.query_one("#map")


@sync
async def test_the_score_and_done_need_every_quiz_answered(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    controller = Controller(CHOICE_LESSON, progress=store)
    prepared = controller.prepare()
    first, *rest = prepared.quizzes
    controller.answer(first.number, str(first.spec.correct) if first.spec.kind == "choice"
                      else "x")
    controller.cursor = prepared.total  # the end reached...
    controller.record_progress()
    entry = store.get(prepared.lesson.id)
    assert entry is not None and entry.ended and not entry.done  # ...but quizzes unanswered
    for quiz in rest:
        controller.skip(quiz.number)
    assert entry.done
    assert entry.score()[SKIPPED] == len(rest)


def test_an_old_progress_file_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "lessons": {
        "home-registration": {"furthest": 67, "total": 67, "quizzes": {"1": True, "2": False}}}}))
    store = ProgressStore(path)
    assert store.problem is None
    entry = store.get("home-registration")
    assert entry is not None and entry.done  # old files: the end reached
    assert entry.outcomes() == {1: FIRST}
    entry.asked = (1, 2, 3)
    assert not entry.done and entry.unanswered == 2
    again = LessonProgress.from_json(json.loads(json.dumps(entry.to_json())))
    assert again == entry


@sync
async def test_the_picker_shows_the_score() -> None:
    store = ProgressStore()
    store.reached(CHOICE_LESSON, 10, 67)
    store.answered(CHOICE_LESSON, 1, True, FIRST)
    store.answered(CHOICE_LESSON, 2, False, SKIPPED)
    store.save()
    app = MipvizApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        text = _export(app)
        assert "1 right first time" in text and "1 skipped" in text


async def _wait_offer(pilot: Pilot[None]) -> None:
    for _ in range(3000):
        if isinstance(pilot.app.screen, ReopenScreen):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("no offer to start over or review")


@sync
async def test_a_finished_lesson_reopens_with_a_choice() -> None:
    store = ProgressStore()
    controller = Controller(CHOICE_LESSON, progress=store)
    prepared = controller.prepare()
    for quiz in prepared.quizzes:
        controller.skip(quiz.number) if quiz.spec.kind != "choice" else \
            controller.answer(quiz.number, str(quiz.spec.correct))
    controller.cursor = prepared.total
    controller.record_progress()
    store.save()
    missed = [q for q in prepared.quizzes if q.spec.kind != "choice"]
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_offer(pilot)
        assert f"Review the {len(missed)} quiz(zes) missed" in _export(app)
        await pilot.press("2")  # review
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert screen.controller.cursor == missed[0].position
        assert screen.controller.view().quiz == missed[0]
        assert "reviewing" in str(screen.query_one("#status").render())
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_offer(pilot)
        await pilot.press("1")  # start over
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.controller.cursor == 0 and not app.screen.controller.quiz_states
    entry = ProgressStore().get(CHOICE_LESSON)
    assert entry is None or not entry.started


@sync
async def test_after_a_free_move_the_script_no_longer_applies() -> None:
    app = MipvizApp(CHOICE_LESSON)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        prepared = controller.prepared
        assert prepared is not None
        first = prepared.quizzes[0]
        at = first.position - 3
        controller.jump(at)
        moved = controller.rerun_moved("MN", "cn-net", at)
        controller.adopt(moved)
        assert moved.moved_step == at + 1
        later = next(s for s in moved.narration_steps if s > at)
        controller.cursor = later
        screen.refresh_view()
        await pilot.pause(0.2)
        view = controller.view()
        assert view.quiz is None and controller.gate() is None  # its quizzes are withdrawn
        assert "No longer applies" in _export(app)


@sync
async def test_lesson_text_is_never_markup_nor_raw_control_characters() -> None:
    app = MipvizApp(str(FIXTURES / "hostile.toml"))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        text = _export(app)
        assert "[red]red[/red]" in text and "[@click=app.quit]q[/]" in text  # literal
        assert "\\x1b]0;pwned\\x07" in text and "\x1b" not in text and "\x07" not in text
        screen.controller.jump(1)
        screen.refresh_view()
        await pilot.pause(0.2)
        text = _export(app)
        assert "[@click=app.quit]click me[/]" in text and "\\u202eabc" in text
        assert "[b]not bold[/b]" in text
        assert "\x1b" not in text and "\u202e" not in text
        for widget_id in ("narration-text", "quiz-question", "quiz-feedback", "status"):
            content = screen.query_one(f"#{widget_id}").render()
            spans = getattr(content, "spans", [])
            assert not any("@click" in str(s.style) or "link" in str(s.style) for s in spans)
        await pilot.press("enter", "1")  # a wrong answer: the hint, with its markup literal
        await pilot.pause(0.2)
        assert "Hint [/] \\x07" in _export(app)
        await pilot.press("q")


@sync
async def test_a_tall_screen_keeps_the_packet_pane_while_a_quiz_is_open() -> None:
    app = MipvizApp(PREDICT_LESSON)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        quiz = _held_predict(screen.controller)
        assert quiz.hold is not None
        screen._moved(screen.controller.jump(quiz.hold))
        pane = screen.query_one("#narration")
        await _settle(pilot, lambda: all(_fully_visible(screen.query_one(w), pane, (160, 50))
                                         for w in ("#quiz-question", "#quiz-input")))
        assert not screen.has_class("-quiz")
        for widget_id in ("#quiz-question", "#quiz-input"):
            assert _fully_visible(screen.query_one(widget_id), pane, (160, 50))
