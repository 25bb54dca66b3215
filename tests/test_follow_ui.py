"""Follow the lecturer (issue 13) in Textual's Pilot: a follower app fed by a real publisher
on loopback, and a sharing presenter read by raw sockets, in one event loop."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from ui_helpers import _cache_lesson_runs, status, sync, wait_ready

from mipviz.follow.lessons import octets_of, own_copy
from mipviz.follow.protocol import LessonOffer, Position, sha256_of
from mipviz.follow.publisher import Publisher, listen
from mipviz.ui.follow import FollowApp, FollowScreen
from mipviz.ui.share import SharingApp, SharingScreen

__all__ = ["_cache_lesson_runs"]
pytestmark = pytest.mark.timeout(120)

LESSON = "home-registration"


def _offer() -> LessonOffer:
    path = own_copy(LESSON)
    assert path is not None
    octets = octets_of(path)
    assert octets is not None
    return LessonOffer(LESSON, sha256_of(octets), octets.decode())


async def _until(condition: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def _follower_ready(pilot: Any) -> FollowScreen:
    screen = await wait_ready(pilot)
    assert isinstance(screen, FollowScreen)
    return screen


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MIPVIZ_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@sync
async def test_a_follower_follows_steps_and_reveals_and_steps_away_on_its_own(
        _own_data_dir: Path) -> None:
    publisher = Publisher(listen("127.0.0.1", 0))
    await publisher.start()
    offer = _offer()
    publisher.set_lesson(offer)
    publisher.publish(Position(LESSON, offer.sha256, 3))
    app = FollowApp("127.0.0.1", publisher.address[1], "ja")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _follower_ready(pilot)
        controller = screen.controller
        await _until(lambda: controller.cursor == 3)
        assert "講師に追従中" in status(screen) and "ステップ 3/" in status(screen)
        assert "b 講師に戻る" in _footer(app)

        # a quiz: the answer hidden until the lecturer reveals it
        prepared = controller.prepared
        assert prepared is not None
        quiz = next(q for q in prepared.quizzes if q.spec.kind == "choice")
        publisher.publish(Position(LESSON, offer.sha256, quiz.position))
        await _until(lambda: controller.cursor == quiz.position)
        await pilot.pause()
        feedback = screen.query_one("#quiz-feedback", Static)
        assert screen.query_one("#quiz-question", Static).display
        assert not feedback.display
        publisher.publish(Position(LESSON, offer.sha256, quiz.position, (quiz.number,)))
        await _until(lambda: feedback.display)
        assert "答え" in str(feedback.render())

        # the follower's own step: on its own, the lecturer's next step does not move it
        await pilot.press("right")
        assert controller.cursor == quiz.position + 1
        assert not screen.following and not controller.presenter
        publisher.publish(Position(LESSON, offer.sha256, 20))
        await _until(lambda: "講師はステップ 20" in status(screen))
        assert controller.cursor == quiz.position + 1

        # its own quiz, graded for it (and kept out of the progress file)
        await pilot.press("b")
        assert controller.cursor == 20 and screen.following
        publisher.publish(Position(LESSON, offer.sha256, quiz.position))
        await _until(lambda: controller.cursor == quiz.position)
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.following
        await pilot.press(str(quiz.spec.correct))
        await pilot.pause()
        state = controller.quiz_states[quiz.number]
        assert state.solved and state.outcome == "first"
        assert not (_own_data_dir / "progress.json").exists()
        await pilot.press("b")
        assert screen.following and controller.cursor == quiz.position

        # the lecturer is lost: said on the status line; the follower keeps working
        await publisher.close()
        await _until(lambda: "講師との接続が切れました" in status(screen), 15)
        await pilot.press("right")
        assert controller.cursor == quiz.position + 1
        again = Publisher(listen("127.0.0.1", publisher.address[1]))
        await again.start()
        again.set_lesson(offer)
        again.publish(Position(LESSON, offer.sha256, 30))
        await _until(lambda: "講師との接続が切れました" not in status(screen), 15)
        await pilot.press("b")
        await _until(lambda: controller.cursor == 30)
        await again.close()


@sync
async def test_a_follower_follows_a_lecturer_who_moved_a_node() -> None:
    publisher = Publisher(listen("127.0.0.1", 0))
    await publisher.start()
    offer = _offer()
    publisher.set_lesson(offer)
    app = FollowApp("127.0.0.1", publisher.address[1], "en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _follower_ready(pilot)
        moves = ((1_000_000, "MN", "visited"),)
        publisher.publish(Position(LESSON, offer.sha256, 12, moves=moves))
        controller = screen.controller

        def moved() -> bool:
            prepared = controller.prepared
            return prepared is not None and bool(prepared.interventions) \
                and controller.cursor == 12

        await _until(moved, 60)
        assert "FOLLOWING" in status(screen)
    await publisher.close()


def _footer(app: Any) -> str:
    import re

    text = re.sub(r"<[^>]+>", "", app.export_screenshot())
    return text.replace("&#160;", " ")


# -- the presenter ---------------------------------------------------------------------------


async def _read_positions(reader: asyncio.StreamReader, out: list[dict[str, Any]]) -> None:
    while True:
        line = await reader.readline()
        if not line:
            return
        out.append(json.loads(line))


@sync
async def test_the_sharing_presenter_publishes_steps_reveals_and_panes_despite_garbage(
) -> None:
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = SharingApp(LESSON, "en", sock, f"127.0.0.1:{port}")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_ready(pilot)
        assert isinstance(screen, SharingScreen)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        seen: list[dict[str, Any]] = []
        reading = asyncio.ensure_future(_read_positions(reader, seen))
        await _until(lambda: any(line["type"] == "position" for line in seen))
        assert seen[0]["type"] == "lesson" and seen[0]["id"] == LESSON
        assert f"sharing at 127.0.0.1:{port}, 1 following" in status(screen)

        # garbage from another client: dropped, the presenter steps on, untouched
        _, liar = await asyncio.open_connection("127.0.0.1", port)
        liar.write(b"\x16\x03\x01" + bytes(range(256)) * 40)
        await _until(lambda: app.publisher.dropped == 1)
        for _ in range(3):
            await pilot.press("right")
        assert screen.controller.cursor == 3
        await _until(lambda: seen[-1].get("step") == 3)

        prepared = screen.controller.prepared
        assert prepared is not None
        quiz = next(q for q in prepared.quizzes if q.spec.kind == "choice")
        screen.controller.jump(quiz.position)
        screen.refresh_view()
        await pilot.press("r")
        await _until(lambda: seen[-1].get("revealed") == [quiz.number])
        await pilot.press("3")
        await _until(lambda: seen[-1].get("pane") == "inspector")
        assert seen[-1]["step"] == quiz.position
        writer.close()
        liar.close()
        reading.cancel()


@sync
async def test_a_toast_that_expired_before_it_was_shown_does_not_hang_the_app() -> None:
    """mipviz.ui.compat: a timer due in the past (a toast built after its notification's
    timeout, on a loaded machine) fires at once; Textual's own looped forever."""
    from mipviz.ui.app import MipvizApp

    app = MipvizApp(None)
    fired: list[bool] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_timer(-2.5, lambda: fired.append(True))
        await _until(lambda: fired, 10)
        await pilot.press("down")  # still answering keys


@sync
async def test_a_follower_answers_a_text_quiz_at_the_lecturers_step_on_its_own() -> None:
    publisher = Publisher(listen("127.0.0.1", 0))
    await publisher.start()
    offer = _offer()
    publisher.set_lesson(offer)
    app = FollowApp("127.0.0.1", publisher.address[1], "en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _follower_ready(pilot)
        controller = screen.controller
        prepared = controller.prepared
        assert prepared is not None
        quiz = next(q for q in prepared.quizzes if q.spec.kind == "text")
        publisher.publish(Position(LESSON, offer.sha256, quiz.position))
        await _until(lambda: controller.cursor == quiz.position)
        await pilot.pause()
        question = " ".join(str(screen.query_one("#quiz-question", Static).render()).split())
        assert "the lecturer reveals the answer; Enter answers it yourself" in question
        assert "Quiz r reveals" not in question  # the presenter's own key
        assert not screen.query_one("#quiz-input").display  # the room answers aloud
        await pilot.press("enter")  # the follower's own answer, at the lecturer's step
        await pilot.pause()
        assert not screen.following and controller.cursor == quiz.position
        box = screen.query_one("#quiz-input")
        assert box.display and box.has_focus
        await pilot.press(*quiz.spec.answers[0], "enter")
        await pilot.pause()
        assert controller.quiz_states[quiz.number].solved
    await publisher.close()


@sync
async def test_a_follower_started_before_the_lecturer_waits_and_says_so() -> None:
    from browser_helpers import free_port

    from mipviz.ui.follow import WaitingScreen

    port = free_port()
    app = FollowApp("127.0.0.1", port, "ja")
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(lambda: isinstance(app.screen, WaitingScreen)
                     and "接続できません" in app.screen.text, 15)
        publisher = Publisher(listen("127.0.0.1", port))
        await publisher.start()
        offer = _offer()
        publisher.set_lesson(offer)
        publisher.publish(Position(LESSON, offer.sha256, 7))
        screen = await _follower_ready(pilot)
        await _until(lambda: screen.controller.cursor == 7)
        await publisher.close()
