"""The handout's points: one per narrated step of the lesson, each with the quizzes asked there,
and which of them get a screen.

A lesson narrates a step with its action's ``say`` and with the ``[[explain]]`` entries that step
triggered (:attr:`LessonRun.narrations`). A quiz belongs to the point the UI shows it with
(:meth:`mipviz.ui.controller.Controller.current_quiz`: the latest narration at most one step
after the quiz is asked), so the page pairs text and question exactly as the screen does.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.lesson.quiz import QuizSpec
    from mipviz.lesson.runner import LessonRun

MAX_SCREENS = 40  # a handout stays printable: every point keeps its text, at most 40 screens


@dataclass(frozen=True, slots=True)
class Quiz:
    """A lesson quiz and where the UI asks it: after step ``position`` (0: before any)."""

    number: int  # the script action it belongs to, from 1
    position: int
    spec: QuizSpec


@dataclass(slots=True)
class Point:
    """One narrated step (``step`` 0: quizzes asked before any narration)."""

    step: int
    narration: str | None  # Markdown, in the handout's language
    quizzes: list[Quiz] = field(default_factory=list)
    screen: str | None = None  # the screen's file, relative to the handout, once chosen
    shot_at: int = -1  # the step its screen shows (see _shot_at); -1 until placed

    def __post_init__(self) -> None:
        if self.shot_at < 0:
            self.shot_at = self.step


def lesson_points(run: LessonRun, quiz_starts: dict[int, int], language: str) -> list[Point]:
    """The points of *run* in order. *quiz_starts* maps a script action's number to the
    steps recorded before it ran (``run_lesson``'s ``on_action``)."""
    total = len(run.timeline)
    points = [Point(index, run.narration(index, language)) for index in sorted(run.narrations)]
    steps = [point.step for point in points]
    for number, action in enumerate(run.lesson.script, start=1):
        if action.quiz is None:
            continue
        quiz = Quiz(number, quiz_starts.get(number, total), action.quiz)
        at = bisect.bisect_right(steps, quiz.position + 1)
        if at == 0:  # asked before any narration: a point of its own at the start
            if not points or points[0].step != 0:
                points.insert(0, Point(0, None))
                steps.insert(0, 0)
            at = 1
        points[at - 1].quizzes.append(quiz)
    for point in points:
        point.shot_at = _shot_at(point, run)
    return points


def _shot_at(point: Point, run: LessonRun) -> int:
    """The step a point's screen shows: the narrated step, with its first quiz on screen as
    the learner saw it. A quiz asked after that step moves the screen to where it is asked;
    a "predict the next packet" quiz whose answer is the narrated step's own frame moves it
    back to just before (the screen must not show the answer)."""
    if not point.quizzes:
        return point.step
    quiz = point.quizzes[0]
    if quiz.position > point.step:
        return quiz.position
    if quiz.spec.kind == "predict" and quiz.position < point.step:
        shown = run.timeline.steps[quiz.position:point.step]
        if any(step.frame is not None and step.tx == quiz.spec.node for step in shown):
            return quiz.position
    return point.step


def choose_screens(points: list[Point], limit: int = MAX_SCREENS) -> list[Point]:
    """The points that get a screen, in order: all of them up to *limit*; beyond it every
    point with a quiz (the question on screen matters most), then the rest spread evenly
    over the lesson, the first and the last point always among them."""
    if len(points) <= limit:
        return list(points)
    chosen = {i for i, point in enumerate(points) if point.quizzes}
    if len(chosen) >= limit:
        return [points[i] for i in sorted(chosen)[:limit]]
    room = limit - len(chosen)
    others = [i for i in range(len(points)) if i not in chosen]
    if room == 1:
        picks = [others[0]]
    else:
        picks = [others[round(k * (len(others) - 1) / (room - 1))] for k in range(room)]
    chosen.update(picks)
    return [points[i] for i in sorted(chosen)]
