"""What the panes show (inspector, state, map, ladder), quizzes in the UI, and grading rules."""

from __future__ import annotations

import subprocess
import sys

from mipviz.lesson.grading import grade, same_answer
from mipviz.lesson.quiz import QuizSpec
from mipviz.lesson.schema import Text
from mipviz.ui.app import MipvizApp
from mipviz.ui.narration import QuizAnswered
from tests.test_ui_keys import Recorder
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]


def _lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [strip.text.rstrip() for strip in widget._strips]


@sync
async def test_inspector_shows_the_rh2_swap_before_and_after_and_lights_bytes() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        swap = next(s for s in prepared.timeline if any(e.kind == "swap" for e in s.events))
        screen.controller.jump(swap.index)
        screen.refresh_view()
        await pilot.pause()
        tree = screen.query_one("#packet-tree")
        text = "\n".join(row.label.plain for row in tree.rows)
        assert "What changed at this hop" in text
        assert "MN: 2001:db8:2::ff:fe00:100 → 2001:db8:1::100" in text
        assert "Type 2 Routing Header" in text
        assert "Mobility Header: Binding ACK" in text
        await pilot.press("3")  # focus the packet pane: its tree
        tree.focus()
        await pilot.press("down", "down", "down")
        hex_pane = screen.query_one("#hex")
        row = tree.rows[tree.cursor]
        assert row.span is not None and hex_pane.selected == row.span


@sync
async def test_tunnelled_frames_are_marked_in_inspector_ladder_and_map() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        tunnelled = next(s for s in prepared.timeline
                         if s.packet is not None and s.packet.tunnel_depth)
        screen.controller.quiz_states.clear()
        screen.controller.cursor = tunnelled.index
        screen.refresh_view()
        await pilot.pause()
        rows = [row.label.plain for row in screen.query_one("#packet-tree").rows]
        assert any("(outer header: the tunnel)" in r for r in rows)
        assert any("(inner packet)" in r for r in rows)
        assert "⊂⊃ IPv6-in-IPv6" in _lines(screen.query_one("#ladder"))[-1]
        assert any("═" in line or "║" in line for line in _lines(screen.query_one("#map")))
        assert any("⊂tunnel⊃" in line for line in _lines(screen.query_one("#map")))


@sync
async def test_state_pane_highlights_the_new_binding_and_counts_down() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        added = next(s for s in prepared.timeline
                     if any(e.kind == "binding-created" for e in s.events))
        screen.controller.jump(added.index)
        screen.refresh_view()
        await pilot.pause()
        state = screen.query_one("#state")
        lines = _lines(state)
        assert "HA binding cache" in lines
        entry = next(strip for strip in state._strips if "2001:db8:1::100" in strip.text)
        assert any(segment.style and segment.style.bold for segment in entry)  # highlighted
        assert "420s" in entry.text
        screen.controller.jump(added.index + 1)
        screen.refresh_view()
        await pilot.pause()
        later = next(line for line in _lines(state) if "2001:db8:1::100" in line)
        assert "420s" in later or "419s" in later


@sync
async def test_map_shows_roles_addresses_and_the_moving_node() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        text = "\n".join(_lines(screen.query_one("#map")))
        for expected in ("[HA] home agent", "[MN] mobile node", "HoA 2001:db8:1::100",
                         "home 2001:db8:1::/64", "at home"):
            assert expected in text
        screen.controller.jump(30)
        screen.refresh_view()
        await pilot.pause()
        text = "\n".join(_lines(screen.query_one("#map")))
        assert "CoA 2001:db8:2::ff:fe00:100" in text


@sync
async def test_map_and_ladder_are_readable_at_80x24() -> None:
    app = MipvizApp("route-optimisation")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        for quiz in screen.controller.prepared.quizzes:  # a predict quiz holds step 12 back
            if quiz.position < 12:
                screen.controller.skip(quiz.number)
        screen.controller.jump(12)
        screen.refresh_view()
        await pilot.pause()
        text = "\n".join(_lines(screen.query_one("#map")))
        for name in ("[HA]", "[MN]", "[CN]", "[R3]"):
            assert name in text
        ladder = _lines(screen.query_one("#ladder"))
        assert ladder[-1].lstrip().startswith("12")
        assert "step 12/" in str(screen.query_one("#status").render())


@sync
async def test_quizzes_hint_then_explanation_retry_and_gate() -> None:
    recorder = Recorder()
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50), message_hook=recorder) as pilot:
        screen = await wait_ready(pilot)
        controller = screen.controller
        choice, text, predict = controller.prepared.quizzes[:3]
        # multiple choice: shown at its position, answered through the option list
        controller.jump(choice.position)
        screen.refresh_view()
        await pilot.pause()
        assert screen.query_one("#quiz-choices").display
        await pilot.press("enter")  # focus the quiz
        screen.query_one("#quiz-choices").highlighted = 0
        await pilot.press("enter")  # a wrong answer: the hint
        state = controller.quiz_states[choice.number]
        assert not state.solved and "Hint:" in state.feedback
        screen.query_one("#quiz-choices").highlighted = 2
        await pilot.press("enter")  # wrong again: the answer and the explanation
        state = controller.quiz_states[choice.number]
        assert "**Answer:** `2. It stays the same" in state.feedback
        assert "permanent identifier" in state.feedback
        # the answer shown: the focus went back to stepping; Enter comes back to the quiz
        assert screen.focused is screen.query_one("#narration")
        await pilot.press("enter")
        screen.query_one("#quiz-choices").highlighted = 1
        await pilot.press("enter")  # retry: right
        assert controller.quiz_states[choice.number].solved
        answers = [(m.number, m.answer) for m in recorder.of(QuizAnswered)]
        assert answers == [(choice.number, "1"), (choice.number, "3"), (choice.number, "2")]
        # free text: any spelling of the address
        await pilot.press("escape")
        controller.jump(text.position)
        screen.refresh_view()
        await pilot.pause()
        await pilot.press("enter")
        assert screen.focused is screen.query_one("#quiz-input")
        await pilot.press(*"2001:DB8:2:0:0:FF:FE00:100", "enter")
        assert controller.quiz_states[text.number].solved
        # predict, gated: the learner cannot step past it until it is answered
        await pilot.press("escape")
        controller.jump(predict.position)
        screen.refresh_view()
        await pilot.press("right")
        assert controller.cursor == predict.position
        await pilot.press("enter", *"2001:db8:2::ff:fe00:100", "enter")
        state = controller.quiz_states[predict.number]
        assert not state.solved and "Does the CN know" in state.feedback
        await pilot.press("ctrl+a", "ctrl+k", *"2001:db8:1:0::100", "enter")
        assert controller.quiz_states[predict.number].solved
        await pilot.press("escape", "right")
        assert controller.cursor == predict.position + 1


def test_grading_rules() -> None:
    text = QuizSpec("text", Text.plain("?"), answers=("2001:db8:1::100",))
    assert grade(text, "2001:0DB8:0001:0000:0000:0000:0000:0100", None, 0).correct  # type: ignore[arg-type]
    assert not grade(text, "2001:db8:1::101", None, 0).correct  # type: ignore[arg-type]
    verdict = grade(text, "home address", None, 0)  # type: ignore[arg-type]
    assert not verdict.correct and "not an IPv6 address" in str(verdict.reason)
    assert same_answer(" Binding  Update ", "binding update")
    assert not same_answer("2001:db8::1", "Binding Update")


def test_importing_the_app_loads_no_engine_scapy_or_networkx() -> None:
    code = "import mipviz.ui.app, sys; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout.split())
    assert not {"scapy", "networkx", "mipviz.engine.network", "mipviz.lesson.runner"} & loaded


@sync
async def test_a_node_that_moves_is_drawn_moving_at_its_moved_step() -> None:
    app = MipvizApp("home-registration")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        moved = next(s for s in prepared.timeline
                     if any(e.kind == "moved" and e.node == "MN" for e in s.events))

        async def map_at(index: int) -> str:
            screen.controller.jump(index)
            screen.refresh_view()
            await pilot.pause()
            return "\n".join(_lines(screen.query_one("#map")))

        during = await map_at(moved.index)
        assert "(MN)" in during  # a ghost where it was
        assert "MN: home → visited" in during  # the trail's caption
        assert "┄" in during and ">" in during  # a dotted trail with arrows toward visited
        assert during.count("[MN] mobile node") == 1  # the node itself, on its new link
        assert "away, no care-of address yet" in during and "at home" not in during
        assert await map_at(moved.index) == during  # the same step draws the same
        for other in (moved.index - 1, moved.index + 1):
            text = await map_at(other)
            assert "(MN)" not in text and "home → visited" not in text
