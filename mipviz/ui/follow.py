"""``mipviz follow HOST:PORT``: a student's screen that follows the lecturer's.

The follower runs the lecturer's lesson itself (at its own size, in its own language) and
moves to each position the lecturer publishes, with presenter-mode quizzes: the answer is
hidden until the lecturer reveals it. Any stepping key steps away: the follower is then on
its own (its own quizzes, graded for it, held by their gates; kept in memory, never in the
progress file, so nothing overwrites the lecturer's or the student's own lessons), while the
status line says where the lecturer is; ``b`` goes back to the lecturer. A lecturer that
cannot be reached is said on the status line; the follower keeps working and reconnects.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from mipviz.follow.protocol import LessonOffer, Move, Position, show_address
from mipviz.follow.subscriber import Connected, Event, Lost, Subscriber
from mipviz.i18n import Msg, render, tr
from mipviz.ui.app import MipvizApp
from mipviz.ui.chrome import localise_bindings
from mipviz.ui.screen import PANES, LessonScreen, _plain, status_text
from mipviz.ui.share import moves_of

if TYPE_CHECKING:
    from mipviz.ui.controller import Prepared

__all__ = ["FollowApp", "FollowScreen", "WaitingScreen"]


class WaitingScreen(Screen[None]):
    """Before the lecturer's lesson is open: connecting, lost, or why it cannot be shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", priority=True),
    ]
    DEFAULT_CSS: ClassVar[str] = """
    WaitingScreen { align: center middle; }
    WaitingScreen #waiting { width: auto; max-width: 90%; height: auto; }
    """

    def __init__(self, language: str, text: str) -> None:
        super().__init__()
        self.language = language
        self.text = text
        localise_bindings(self, language)

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(_plain(self.text), id="waiting")
        yield Footer()

    def say(self, text: str) -> None:
        self.text = text
        if self.is_mounted:
            self.query_one("#waiting", Static).update(_plain(text))


class FollowScreen(LessonScreen):
    """The lesson screen of a follower: it follows the lecturer until a key steps away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "rejoin", "Back to lecturer", priority=True),
    ]
    DEFAULT_CSS: ClassVar[str] = """
    FollowScreen.-own #status { background: $accent 30%; }
    FollowScreen.-lost #status { background: $error 50%; }
    /* toasts above the footer and the status line (Textual: above the footer only), never
       over the step count the status line shows */
    FollowScreen ToastRack { margin-bottom: 2; }
    """

    def __init__(self, source: str, language: str, address: str, note: Msg | None = None,
                 connected: bool = True) -> None:
        super().__init__(source, language, presenter=False, progress=None)
        self.controller.following = True  # its quizzes say who reveals the answers
        self.address = address
        self.following = True
        self.connected = connected
        self.lesson_note = note  # which copy of the lesson is shown, when not this machine's
        self.lecturer: Position | None = None
        self._moving_to: tuple[Move, ...] | None = None  # a rerun with these moves is under way
        # b first in the footer: a narrow terminal's footer is cut at its right edge
        table = self._bindings.key_to_bindings
        first = {key: table[key] for key in table if key == "b"}
        table_order = {**first, **{key: value for key, value in table.items() if key != "b"}}
        table.clear()
        table.update(table_order)

    async def _ready(self) -> None:
        await super()._ready()
        self.controller.presenter = self.following
        if self.lecturer is not None:
            self._follow()
        if self.lesson_note is not None:
            self.notify(render(self.lesson_note, self.language), timeout=8, markup=False)

    # ------------------------------------------------------------------ the lecturer
    def lecturer_at(self, position: Position) -> None:
        """The lecturer's new position: go there when following, else show it."""
        self.lecturer = position
        if self.following:
            self._follow()
        else:
            self.show_status()

    def set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        self.notify(self.tr("follow.notify.back" if connected else "follow.notify.lost",
                            address=self.address),
                    severity="information" if connected else "warning", timeout=4)
        self.show_status()

    def _follow(self) -> None:
        position = self.lecturer
        prepared = self.controller.prepared
        if position is None or not self.ready or prepared is None:
            return
        if moves_of(prepared) != position.moves:  # the lecturer moved a node by hand
            if self._moving_to != position.moves:
                self._moving_to = position.moves
                self._rerun_with(prepared, position.moves)
            return
        controller = self.controller
        controller.playing = False
        self._restart_timer(False)
        controller.revealed = set(position.revealed)
        controller.cursor = max(0, min(position.step, controller.total))
        self.refresh_view()
        if position.pane in PANES:
            pane = self._focused_pane()
            if pane is None or pane.id != position.pane:
                target = self.query_one(f"#{position.pane}")
                if target.display:
                    target.focus()

    def _rerun_with(self, prepared: Prepared, moves: tuple[Move, ...]) -> None:
        from mipviz.lesson.schema import ActionSpec

        interventions = tuple((time, ActionSpec("move", node=node, to=link))
                              for time, node, link in moves)
        self._run_moves(prepared, interventions)

    class _Moved(Message):
        """A rerun with the lecturer's moves is ready (from the worker thread)."""

        def __init__(self, prepared: Prepared) -> None:
            super().__init__()
            self.prepared = prepared

    def _run_moves(self, prepared: Prepared, interventions: tuple[object, ...]) -> None:
        def work() -> None:
            rerun = self.controller._run(prepared.lesson, lambda _: None,
                                         interventions)  # type: ignore[arg-type]
            if not get_current_worker().is_cancelled:
                self.post_message(self._Moved(rerun))

        self.run_worker(work, thread=True, exclusive=True, group="engine")

    def on_follow_screen__moved(self, message: _Moved) -> None:
        self._moving_to = None
        self.controller.adopt(message.prepared)
        self._retitle()
        if self.following:
            self._follow()
        else:
            self.refresh_view()

    # ------------------------------------------------------------------ own / following
    def step_away(self) -> None:
        """A key of the follower's own: from now on the follower is on its own."""
        if self.following and self.ready:
            self.following = False
            self.controller.presenter = False
            self.refresh_bindings()

    def action_rejoin(self) -> None:
        """b: back to where the lecturer is, following again."""
        if not self.ready:
            return
        if self.following:
            self.notify(self.tr("follow.notify.already"), timeout=2)
            return
        self.following = True
        self.controller.presenter = True
        if self.focused is not None and self.focused.has_class("quiz"):
            self.set_focus(self.query_one("#narration"))
        if self.lecturer is not None:
            self._follow()
        else:
            self.refresh_view()
        self.refresh_bindings()

    def action_forward(self) -> None:
        self.step_away()
        super().action_forward()

    def action_back(self) -> None:
        self.step_away()
        super().action_back()

    def action_next_message(self) -> None:
        self.step_away()
        super().action_next_message()

    def action_previous_message(self) -> None:
        self.step_away()
        super().action_previous_message()

    def action_first(self) -> None:
        self.step_away()
        super().action_first()

    def action_last(self) -> None:
        self.step_away()
        super().action_last()

    def action_toggle_play(self) -> None:
        self.step_away()
        super().action_toggle_play()

    def action_jump(self) -> None:
        self.step_away()
        super().action_jump()

    def action_move(self) -> None:
        self.step_away()
        super().action_move()

    def action_answer_quiz(self) -> None:
        self.step_away()  # answering the quiz on screen: the follower's own answer, graded
        self.refresh_view()
        super().action_answer_quiz()

    def action_skip_quiz(self) -> None:
        self.step_away()
        super().action_skip_quiz()

    def action_reveal(self) -> None:
        self.notify(self.tr("follow.notify.reveal"), timeout=3)

    def on_jump_to(self, message: Message) -> None:
        self.step_away()  # LessonScreen.on_jump_to (called next, by Textual) moves the cursor

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer_quiz", "skip_quiz") and self.ready and self.following:
            quiz = self.controller.current_quiz()
            if action == "skip_quiz" or quiz is None:
                return False
            state = self.controller.quiz_states.get(quiz.number)
            return not (state is not None and state.solved)  # Enter: answer it yourself
        if action == "rejoin":
            return self.ready
        return super().check_action(action, parameters)

    # ------------------------------------------------------------------ status line
    def refresh_view(self) -> None:
        super().refresh_view()
        self.show_status()

    def show_status(self) -> None:
        if not self.ready or not self.is_attached:
            return
        view = dataclasses.replace(self.controller.view(), presenter=False)
        if not self.connected:
            mode = self.tr("follow.status.lost", address=self.address)
        elif self.following:
            mode = self.tr("follow.status.following", address=self.address)
        elif self.lecturer is not None:
            mode = self.tr("follow.status.own", step=self.lecturer.step)
        else:
            mode = self.tr("follow.status.own-waiting")
        self.set_class(not self.connected, "-lost")
        self.set_class(self.connected and not self.following, "-own")
        note = render(self.status_note, self.language)
        self.query_one("#status", Static).update(
            _plain(f" {mode} │" + status_text(view, self.title_text, note)), layout=False)


class FollowApp(MipvizApp):
    """A follower: a waiting screen, then the lecturer's lesson as it arrives."""

    def __init__(self, host: str, port: int, language: str = "en",
                 theme: str | None = None) -> None:
        # "lesson" set so that MipvizApp.on_mount calls open_lesson, here the waiting screen
        super().__init__("follow", language, theme)
        self.address = show_address(host, port)
        self.subscriber = Subscriber(host, port, self.follow_event, language)
        self.offer: LessonOffer | None = None
        self.position: Position | None = None
        self.connected = False
        self.waiting: WaitingScreen | None = None
        self.follow_screen: FollowScreen | None = None

    def open_lesson(self, lesson: str) -> None:
        self.waiting = WaitingScreen(self.language,
                                     tr("follow.waiting.connecting", self.language,
                                        address=self.address))
        self.push_screen(self.waiting)
        self.run_worker(self.subscriber.run(), group="follow", exit_on_error=False)

    def follow_event(self, event: Event) -> None:
        """What the subscriber heard (called in this app's loop)."""
        if isinstance(event, Connected | Lost):
            self.connected = isinstance(event, Connected)
            if self.follow_screen is not None:
                self.follow_screen.set_connected(self.connected)
            elif self.waiting is not None:
                self.waiting.say(tr("follow.waiting.connected" if self.connected
                                    else "follow.waiting.lost", self.language,
                                    address=self.address))
        elif isinstance(event, LessonOffer):
            self._lesson(event)
        else:
            self.position = event
            screen = self.follow_screen
            if screen is not None and self.offer is not None \
                    and event.sha256 == self.offer.sha256:
                screen.lecturer_at(event)

    def _lesson(self, offer: LessonOffer) -> None:
        if self.offer is not None and offer.sha256 == self.offer.sha256 \
                and self.follow_screen is not None:
            return  # the same lesson, said again on reconnecting
        from mipviz.follow.lessons import resolve

        resolved = resolve(offer)
        if resolved.path is None:
            assert resolved.note is not None
            if self.waiting is not None:
                self.waiting.say(render(resolved.note, self.language))
            return
        self.offer = offer
        screen = FollowScreen(str(resolved.path), self.language, self.address, resolved.note,
                              self.connected)
        if self.position is not None and self.position.sha256 == offer.sha256:
            screen.lecturer = self.position
        old, self.follow_screen = self.follow_screen, screen
        if old is None:
            self.push_screen(screen)
        else:  # the lecturer opened another lesson: this one replaces the old one
            while len(self.screen_stack) > 2 and self.screen is not old:
                self.pop_screen()
            self.switch_screen(screen)
        self._check_size(self.size.width, self.size.height)
