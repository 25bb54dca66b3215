"""Quizzes that can be answered by looking: ``mipviz check`` runs the lesson and finds them.

A quiz tests understanding only if its answer is not on the screen where it is asked (issue
9). Asked "after step N" means the screen shows step N: its frame in the Packet pane, the
nodes' addresses on the map. Two leaks are caught, each reported as ``file:line: message`` at
the quiz's line:

* a ``predict`` quiz whose answer is already in the frame on screen: that frame was sent by
  the same node and carries the predicted value in the same field (the quiz is placed after
  the frame it is about, e.g. after the correspondent's Binding Acknowledgement to the
  care-of address, when it asks where the correspondent's next frame goes);
* a ``text`` quiz whose answer is an IPv6 address already shown, on the map (a node's
  address, home address or care-of address) or in the frame on screen.

A ``predict`` quiz's own answering frame is never shown before it is answered: the UI holds
the timeline on the step before it (:mod:`mipviz.ui.controller`).
"""

from __future__ import annotations

from ipaddress import IPv6Address, ip_address
from typing import TYPE_CHECKING

from mipviz.i18n import tr
from mipviz.lesson._report import Problem
from mipviz.lesson.grading import expected_answer, next_frame, predicted_value

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline
    from mipviz.lesson.quiz import QuizSpec
    from mipviz.lesson.schema import Lesson

__all__ = ["quiz_leaks"]

_FRAME_FIELDS = ("source", "destination", "inner-source", "inner-destination",
                 "home-address-option", "routing-header")


def quiz_leaks(lesson: Lesson) -> list[Problem]:
    """Every quiz of *lesson* whose answer is visible where it is asked (runs the engine)."""
    from mipviz.lesson.runner import run_lesson

    starts: dict[int, int] = {}
    run = run_lesson(lesson, on_action=lambda number, steps: starts.setdefault(number, steps))
    timeline = run.timeline
    problems: list[Problem] = []
    for number, action in enumerate(lesson.script, start=1):
        quiz = action.quiz
        if quiz is None:
            continue
        position = starts.get(number, len(timeline))
        message = _leak(quiz, timeline, position)
        if message is not None:
            key = f"script[{number}].quiz"
            problems.append(Problem(lesson.path, quiz.line or action.line,
                                    f"{key}: {message}", key))
    return problems


def _leak(quiz: QuizSpec, timeline: Timeline, position: int) -> str | None:
    current = timeline[position] if 1 <= position <= len(timeline) else None
    if quiz.kind == "predict" and quiz.node and quiz.field:
        if next_frame(timeline, position, quiz.node) is None:
            return tr("check.no_frame", "en", node=quiz.node, step=position)
        expected = expected_answer(quiz, timeline, position)
        if current is not None and current.frame is not None \
                and _sent_by(current, quiz.node, timeline, position) \
                and _same(predicted_value(current, quiz.field), expected):
            return tr("check.predict_visible", "en", step=position, node=quiz.node,
                      field=quiz.field, answer=expected)
    elif quiz.kind == "text":
        for answer in quiz.answers:
            address = _address(answer)
            if address is None:
                continue
            where = _shown(address, timeline, position, current)
            if where is not None:
                return tr("check.address_visible", "en", answer=answer, step=position,
                          where=where)
    return None


def _sent_by(step: Step, node: str, timeline: Timeline, position: int) -> bool:
    """Whether *step*'s frame is one *node* sent (at any hop: routers forward it)."""
    if step.tx == node:
        return True
    packet = step.packet
    if packet is None:
        return False
    state = timeline.state_at(node, position)
    mine = {*state.addresses, *(a for a in (state.home_address, state.care_of_address) if a)}
    return packet.source in mine or packet.innermost.source in mine


def _shown(address: IPv6Address, timeline: Timeline, position: int,
           current: Step | None) -> str | None:
    for name in timeline.initial_states:
        state = timeline.state_at(name, position)
        if address in state.addresses or address in (state.home_address,
                                                     state.care_of_address):
            return tr("check.where.map", "en", node=name)
    if current is not None and current.frame is not None:
        for field in _FRAME_FIELDS:
            if _same(predicted_value(current, field), str(address)):
                return tr("check.where.frame", "en")
    return None


def _same(value: str | None, expected: str) -> bool:
    if value is None:
        return False
    left, right = _address(value), _address(expected)
    return left == right if left is not None and right is not None else value == expected


def _address(text: str) -> IPv6Address | None:
    try:
        value = ip_address(text.strip())
    except ValueError:
        return None
    return value if isinstance(value, IPv6Address) else None
