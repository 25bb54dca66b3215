"""Presenter mode (`mipviz lesson ID --presenter`): answers hidden until revealed, no gates."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from mipviz.cli import build_parser
from mipviz.ui.app import MipvizApp
from mipviz.ui.screen import LessonScreen
from tests.ui_helpers import _cache_lesson_runs, status, sync, wait_ready

__all__ = ["_cache_lesson_runs"]


def _export(app: MipvizApp) -> str:
    """Everything visible on screen, as plain text (the SVG screenshot without its tags)."""
    import re

    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg)
    return text.replace("&#160;", " ").replace("&nbsp;", " ")


def test_the_command_line_takes_presenter() -> None:
    args = build_parser().parse_args(["lesson", "home-registration", "--presenter"])
    assert args.presenter is True


@sync
async def test_presenter_hides_the_answer_until_r_reveals_it() -> None:
    app = MipvizApp("home-registration", presenter=True)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        assert isinstance(screen, LessonScreen)
        assert "PRESENTER" in status(screen)
        assert screen.has_class("-presenter")
        controller = screen.controller
        prepared = controller.prepared
        assert prepared is not None
        quiz = next(q for q in prepared.quizzes if q.spec.kind == "choice")
        controller.jump(quiz.position)
        screen.refresh_view()
        await pilot.pause()
        assert controller.current_quiz() == quiz
        feedback = screen.query_one("#quiz-feedback", Static)
        correct = quiz.spec.choices[quiz.spec.correct - 1].get("en")
        assert not feedback.display
        before = _export(app)
        assert "r reveals the answer" in before  # the quiz is on screen...
        assert "Answer:" not in before  # ...and its answer is not
        assert not controller.view().revealed
        await pilot.press("r")
        await pilot.pause()
        assert feedback.display
        shown = _export(app)
        assert "Answer:" in shown
        assert f"{quiz.spec.correct}. {correct}" in str(feedback.render())


@sync
async def test_presenter_is_not_held_by_a_gating_quiz() -> None:
    app = MipvizApp("home-registration", presenter=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        assert prepared is not None
        gates = [q for q in prepared.quizzes if q.spec.gate]
        assert gates, "the lesson has a gating quiz"
        await pilot.press("end")
        assert screen.controller.cursor == prepared.total
        assert screen.controller.gate() is None


@sync
async def test_reveal_outside_presenter_mode_reveals_nothing() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "PRESENTER" not in status(screen)
        assert not screen.controller.revealed
        view: Any = screen.controller.view()
        assert view.revealed is None


@sync
async def test_the_presenters_footer_shows_r_while_a_quiz_is_on_screen() -> None:
    # at 80x24 only the quiz's title mentioned r: the footer had no reveal key
    from mipviz.ui.footer import FittingFooter

    def footer_keys(screen: LessonScreen) -> list[str]:
        return [key for key, *_ in screen.query_one(FittingFooter)._keys()]

    for presenter in (True, False):
        app = MipvizApp("home-registration", presenter=presenter)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_ready(pilot)
            assert "r" not in footer_keys(screen)  # no quiz at step 0
            prepared = screen.controller.prepared
            assert prepared is not None
            screen.controller.jump(prepared.quizzes[0].position)
            screen.refresh_view()
            screen.refresh_bindings()
            await pilot.pause()
            assert ("r" in footer_keys(screen)) is presenter
            if presenter:
                await pilot.press("r")
                await pilot.pause()
                assert screen.controller.view().revealed
