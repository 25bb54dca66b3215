"""The lesson screen: five panes over one controller, the keys, play, and the status line.

The first paint shows only a progress line: the lesson is loaded, run and laid out in a
worker thread, and the panes (with their heavier imports) are mounted when it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from mipviz.i18n import Msg, msg, render, tr
from mipviz.ui.chrome import localise_bindings, pane_title
from mipviz.ui.collector import release, settle
from mipviz.ui.controller import Controller
from mipviz.ui.footer import FittingFooter
from mipviz.ui.handover import HandoverBar, handovers_for
from mipviz.ui.narration import NarrationPane
from mipviz.ui.pacing import Pacer, StatusLine

if TYPE_CHECKING:
    from textual.widget import Widget

    from mipviz.lesson.progress import ProgressStore
    from mipviz.ui.controller import Prepared, View

PANES = ("map", "ladder", "inspector", "state", "narration")
WARM_UP_DELAY = 1.0  # seconds after step 1 is painted (the frame still being written out)
NAVIGATION = {"forward", "back", "next_message", "previous_message", "toggle_play",
              "faster", "slower", "first", "last", "jump", "move", "zoom", "hide", "show_all",
              "focus_pane", "quit", "help", "cycle_theme", "reveal", "reveal_quiz",
              "switch_language",
              "ladder_filter", "skip_quiz", "challenge"}


def _plain(text: str) -> Content:
    """Text from a lesson file (its title, a problem) as literal characters: never console
    markup, control characters made visible (issue 15)."""
    from mipviz.text_safety import visible

    return Content(visible(text, newlines=True, tab_as_space=True))


class StepShown(Message):
    """Posted each time the screen shows a new cursor position (for tests and tools)."""

    def __init__(self, index: int, total: int) -> None:
        super().__init__()
        self.index = index
        self.total = total


def status_text(view: View, title: str, note: str = "") -> str:
    language = view.prepared.language
    speed = f"{view.speed:g}"
    play = tr("ui.status.playing" if view.playing else "ui.status.paused", language,
              speed=speed)
    mode = tr("ui.status.presenter", language) + " │ " if view.presenter else ""
    step = tr("ui.status.step", language, cursor=view.cursor, total=view.total)
    time = tr("ui.status.time", language, seconds=f"{view.time / 1_000_000:.3f}")
    return f" {mode}{step} │ {time} │ {play} │ {title}" + (f" │ {note}" if note else "")


class LessonScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # first, so that the footer shows it first while the answer box has the focus
        Binding("escape", "unfocus_input", "Leave answer box"),
        Binding("right,l", "forward", "Step", priority=True),
        Binding("left,h", "back", "Back", priority=True),
        Binding("right_square_bracket", "next_message", "Next msg", priority=True),
        Binding("left_square_bracket", "previous_message", "Prev msg", show=False,
                priority=True),
        Binding("space", "toggle_play", "Play", priority=True),
        Binding("plus,equals_sign", "faster", "Faster", show=False, priority=True),
        Binding("minus", "slower", "Slower", show=False, priority=True),
        Binding("g", "jump", "Go to", priority=True),
        Binding("home", "first", "First", show=False, priority=True),
        Binding("end", "last", "Last", show=False, priority=True),
        Binding("m", "move", "Move node", priority=True),
        Binding("c", "challenge", "Challenge", priority=True),  # mipviz.ui.challenge
        Binding("C", "compare", "Compare", show=False, priority=True),  # mipviz.ui.comparison
        Binding("z", "zoom", "Zoom", show=False, priority=True),
        Binding("x", "hide", "Hide pane", show=False, priority=True),
        Binding("a", "show_all", "All panes", show=False, priority=True),
        Binding("1", "focus_pane('map')", show=False, priority=True),
        Binding("2", "focus_pane('ladder')", show=False, priority=True),
        Binding("3", "focus_pane('inspector')", show=False, priority=True),
        Binding("4", "focus_pane('state')", show=False, priority=True),
        Binding("5", "focus_pane('narration')", show=False, priority=True),
        Binding("t", "cycle_theme", "Theme", show=False, priority=True),
        Binding("f", "ladder_filter", "Filter", show=False, priority=True),
        Binding("L", "switch_language", "日本語", priority=True),
        # r twice: in the footer while a presenter has a quiz to reveal (the first, which
        # check_action disables otherwise), and the one that says why nothing is revealed
        Binding("r", "reveal_quiz", "Reveal", priority=True),
        Binding("r", "reveal", "Reveal", show=False, priority=True),
        Binding("s", "skip_quiz", "Skip quiz", priority=True),
        Binding("question_mark", "help", "Help", priority=True),
        Binding("q", "quit", "Quit", priority=True),
        Binding("enter", "answer_quiz", "Answer quiz"),
    ]

    def __init__(self, source: str, language: str = "en", presenter: bool = False,
                 progress: ProgressStore | None = None) -> None:
        super().__init__()
        self.controller = Controller(source, language, presenter, progress)
        localise_bindings(self, language)
        self._unsaved = False  # the furthest step moved on since the progress was saved
        self.status_note: Msg | str = ""  # said once on the status line ("resumed at …")
        self.set_class(presenter, "-presenter")
        self._play_timer: Pacer | None = None
        self.ready = False
        self.title_text = str(source)
        self._footer_keys: object = ()

    def compose(self) -> ComposeResult:
        yield Static(" " + self.tr("ui.loading.opening", title=self.title_text), id="loading",
                     markup=False)
        yield StatusLine(" " + self.tr("ui.status.loading"), id="status", markup=False)
        yield FittingFooter()

    @property
    def language(self) -> str:
        return self.controller.language

    def tr(self, message_id: str, /, **params: object) -> str:
        """A message of the catalogs in this screen's language."""
        return tr(message_id, self.language, **params)

    async def on_mount(self) -> None:
        if self.controller.prepare_kept() is not None:
            # A kept run (mipviz.lesson.cache) is read in a few milliseconds: here, on this
            # thread, so that the first frame already shows step 1. A worker thread would
            # only add hand-offs of the interpreter lock, which a loaded machine makes slow.
            await self._ready()
            self._styled_at_mount = True
        else:
            self._prepare()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler: the first resume, when the panes were mounted
        (and styled) a moment ago, need not style all of them again (~13 ms before step 1).
        Any later resume (after a dialog, a theme change) restyles as usual."""
        if getattr(self, "_styled_at_mount", False) and not getattr(self, "_resumed", False):
            event.refresh_styles = False
        self._resumed = True

    class _Progress(Message):
        """From the worker thread (post_message is thread-safe; call_from_thread would block
        forever if the app quit while the engine was running)."""

        def __init__(self, text: Msg | str, done: bool = False,
                     error: str | None = None) -> None:
            super().__init__()
            self.text = text
            self.done = done
            self.error = error

    @work(thread=True, exclusive=True, group="engine")
    def _prepare(self) -> None:
        try:
            self.controller.prepare(lambda text: self.post_message(self._Progress(text)))
        except Exception as error:  # a bad lesson: say what and where, keep the app alive
            from mipviz.lesson._report import LessonError

            text = ("\n".join(problem.render(self.language) for problem in error.problems)
                    if isinstance(error, LessonError) else str(error))
            self.post_message(self._Progress("", error=text))
            return
        self.post_message(self._Progress("", done=True))

    async def on_lesson_screen__progress(self, message: _Progress) -> None:
        if message.error is not None:
            self._failed(message.error)
        elif message.done:
            await self._ready()
        elif not self.ready:
            self._progress(message.text)

    def _progress(self, text: Msg | str) -> None:
        what = render(text, self.language)
        self.query_one("#loading", Static).update(
            _plain(" " + self.tr("ui.loading.progress", title=self.title_text, what=what)))
        self.query_one("#status", Static).update(
            _plain(" " + self.tr("ui.status.preparing", what=what)))

    def _failed(self, message: str) -> None:
        self.query_one("#loading", Static).update(
            _plain(" " + self.tr("ui.loading.failed", title=self.title_text, error=message)))
        self.query_one("#status", Static).update(" " + self.tr("ui.status.failed"))

    def pane_types(self) -> dict[str, type[Widget]]:
        """The widget class of each pane (a replay shows captured bytes its own way)."""
        from mipviz.ui.inspector import PacketInspector
        from mipviz.ui.ladder import LadderChart
        from mipviz.ui.narration import NarrationPane
        from mipviz.ui.state import StatePane
        from mipviz.ui.topology import TopologyMap

        return {"map": TopologyMap, "ladder": LadderChart, "inspector": PacketInspector,
                "state": StatePane, "narration": NarrationPane}

    async def _ready(self) -> None:
        prepared = self.controller.prepared
        assert prepared is not None
        self.title_text = prepared.lesson.title.get(prepared.language)
        panes: dict[str, Widget] = {name: kind(id=name)
                                    for name, kind in self.pane_types().items()}
        for name, pane in panes.items():
            pane.border_title = pane_title(name, PANES.index(name) + 1, self.language)
            pane.add_class("pane", update=False)  # styled once, when mounted below
            pane.can_focus = True
        if self.controller.presenter:
            # A projector: the bindings under the chart, so that the packet and the narration
            # (what the room reads) keep the right-hand column (issue 9: all five at once).
            left = Vertical(panes["map"], panes["ladder"], panes["state"],
                            HandoverBar(id="handover"), id="left")
            right = Vertical(panes["inspector"], panes["narration"], id="right")
        else:
            left = Vertical(panes["map"], panes["ladder"], id="left")
            right = Vertical(panes["inspector"], panes["state"], HandoverBar(id="handover"),
                             panes["narration"], id="right")
        await self.query_one("#loading").remove()
        await self.mount(Horizontal(left, right, id="panes"), before="#status")
        if prepared.lesson.challenge is not None:  # (its module is not light to import)
            from mipviz.ui.challenge import mount_banner

            await mount_banner(self)  # a challenge level's goal, stated up front
        self.ready = True
        for problem in prepared.problems:
            self.notify(render(problem, self.language), title=self.tr("ui.notify.lesson_problem"),
                        severity="warning", timeout=8, markup=False)
        self._after_resume()
        self._report_progress_problem()
        self.set_interval(1.0, self.save_progress)
        self.refresh_view()
        self.refresh_bindings()  # the footer shows the keys that work now
        self.call_after_refresh(self._first_painted)

    def _first_painted(self) -> None:
        """The first step is on screen. ``mipviz lesson`` paused the cycle collector for
        start-up (it allocates much and frees little): what start-up made lives as long as
        the lesson, so it is frozen out of later collections, which resume. Then what
        stepping needs is loaded in the background (a kept run did not load scapy)."""
        import gc

        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        # A moment later: the frame is still on its way to the terminal (the driver's
        # writer thread), and an import holds the interpreter lock for long stretches.
        self.set_timer(WARM_UP_DELAY, self._warm_up)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        self.controller.warm_up()

    def _after_resume(self) -> None:
        """Say where a reopened lesson resumed; offer a finished one a fresh start or a
        review of the quizzes missed."""
        controller = self.controller
        language = controller.language
        if controller.finished:
            from mipviz.ui.reopen import ReopenScreen

            score = controller.score()
            self.app.push_screen(ReopenScreen(language, score, len(controller.missed())),
                                 self._reopen_chosen)
        elif controller.resumed:
            self.status_note = tr("progress.resumed", language, step=controller.resumed)

    def _reopen_chosen(self, choice: str | None) -> None:
        controller = self.controller
        language = controller.language
        if choice == "start-over":
            controller.start_over()
            self.status_note = tr("progress.started_over", language)
            controller.resumed = 0
        elif choice == "review":
            first = controller.review()
            if first is None:
                self.status_note = tr("progress.no_missed", language)
            else:
                self.status_note = tr("progress.review", language,
                                      count=len(controller.missed()), step=first.position)
                controller.resumed = controller.cursor
        else:
            controller.finished = False
        self.refresh_view()

    def save_progress(self) -> None:
        """Write the furthest step reached, when it moved (at most once a second, and when
        the screen goes away: a write per step would cost the step budget)."""
        store = self.controller.progress
        if self._unsaved and store is not None:
            self._unsaved = False
            store.save()
            self._report_progress_problem()

    def _report_progress_problem(self) -> None:
        store = self.controller.progress
        if store is not None and store.problem is not None:
            self.notify(render(store.problem, self.language), title=self.tr("ui.notify.progress"),
                        severity="warning", timeout=10, markup=False)
            store.problem = None

    def on_unmount(self) -> None:
        self.save_progress()
        release()  # the run shown here is collected as usual again (mipviz.ui.collector)

    # ------------------------------------------------------------------ rendering
    def refresh_view(self) -> None:
        if not self.ready or not self.is_attached:
            return
        view = self.controller.view()
        settle(view.prepared)  # a new run: out of the collector's rescans (mipviz.ui.collector)
        if self.controller.record_progress():
            self._unsaved = True
        if self.status_note and view.cursor != self.controller.resumed:
            self.status_note = ""  # said once
        for name in PANES:
            self.query_one(f"#{name}").view = view  # type: ignore[attr-defined]
        self.query_one("#handover", HandoverBar).update(
            handovers_for(view.prepared), view.time, view.prepared.language)
        self.query_one("#status", Static).update(
            _plain(status_text(view, self.title_text, render(self.status_note, self.language))),
            layout=False)
        state = view.quiz_state
        keys = (view.quiz.number if view.quiz else None, state.answered if state else None,
                state.solved if state else None)
        if keys != self._footer_keys:  # the quiz keys (Enter, s, Esc) come and go
            self._footer_keys = keys
            self.refresh_bindings()
        self.post_message(StepShown(view.cursor, view.total))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys are the learner's answer while they type one: let the Input have them."""
        if action in NAVIGATION and isinstance(self.focused, Input):
            return False
        in_quiz = self.focused is not None and self.focused.has_class("quiz")
        if action == "challenge":  # only a challenge level has c's menu: no footer key else
            from mipviz.ui.challenge import is_challenge

            return self.ready and is_challenge(self)
        if action == "reveal_quiz":  # r in the presenter's footer while a quiz is on screen
            return (self.ready and self.controller.presenter and not in_quiz
                    and self.controller.current_quiz() is not None)
        if action == "focus_pane" and (in_quiz or self._numbers_answer()):
            return False  # the number keys pick a choice (QuizChoices, or on_key below)
        if action in ("unfocus_input", "skip_quiz", "answer_quiz") and self.ready:
            # shown in the footer only when they apply
            view_quiz = self.controller.current_quiz()
            if action == "unfocus_input":
                return in_quiz
            if view_quiz is None or self.controller.presenter:
                return False
            state = self.controller.quiz_states.get(view_quiz.number)
            if action == "answer_quiz":  # a quiz not yet right may be answered again
                return not in_quiz and not (state is not None and state.solved)
            return not (state is not None and state.answered)
        return self.ready or action in {"quit", "help", "cycle_theme", "unfocus_input"}

    def _numbers_answer(self) -> bool:
        """A multiple-choice quiz on screen, not yet right: its title says `1–N or Enter:
        answer`, so a choice's number answers it even before Enter focuses the choices."""
        if not self.ready or self.controller.presenter:
            return False
        quiz = self.controller.current_quiz()
        if quiz is None or quiz.spec.kind != "choice":
            return False
        state = self.controller.quiz_states.get(quiz.number)
        return not (state is not None and state.solved)

    def on_key(self, event: events.Key) -> None:
        """↑/↓ scroll the Bindings pane when it has the focus (→/← always step); a choice's
        number answers the quiz on screen."""
        digit = event.character or ""
        if digit.isdigit() and self._numbers_answer() \
                and self.query_one("#narration", NarrationPane).choose(int(digit)):
            event.stop()
            return
        pane = self.focused
        if event.key in ("up", "down", "pageup", "pagedown") and pane is not None \
                and pane.id == "state" and hasattr(pane, "scroll_lines"):
            page = max(1, pane.content_size.height - 2)
            pane.scroll_lines({"up": -1, "down": 1, "pageup": -page, "pagedown": page}
                              [event.key])
            event.stop()

    def _moved(self, moved: bool) -> None:
        if not moved and self.controller.gate() is not None:
            self._notify_held()
        self.refresh_view()

    def _notify_held(self) -> None:
        """The timeline is held by the quiz on screen: flash its question (a toast would
        cover the narration pane, where the quiz is); a toast only when that is hidden."""
        self.app.bell()
        narration = self.query_one("#narration")
        if narration.display and self.maximized in (None, narration):
            question = self.query_one("#quiz-question")
            question.add_class("-flash")
            self.set_timer(1.0, lambda: question.remove_class("-flash"))
            return
        language = self.controller.language
        self.notify(tr("quiz.held", language), title=tr("quiz.toast.title", language),
                    timeout=3)

    # ------------------------------------------------------------------ actions
    def action_forward(self) -> None:
        self._moved(self.controller.forward())

    def action_back(self) -> None:
        self._moved(self.controller.back())

    def action_next_message(self) -> None:
        self._moved(self.controller.next_message())

    def action_previous_message(self) -> None:
        self._moved(self.controller.previous_message())

    def action_first(self) -> None:
        self._moved(self.controller.first())

    def action_last(self) -> None:
        self._moved(self.controller.last())

    def action_toggle_play(self) -> None:
        playing = self.controller.toggle_play()
        if not playing and self.controller.gate() is not None:
            self._notify_held()
        self._restart_timer(playing)
        self.refresh_view()

    def _restart_timer(self, playing: bool) -> None:
        if self._play_timer is not None:
            self._play_timer.stop()
            self._play_timer = None
        if playing:
            # each step painted before the next (mipviz.ui.pacing): the count never skips
            self._play_timer = Pacer(self, self.controller.speed, self._tick,
                                     self.query_one("#status", StatusLine))

    def _tick(self) -> None:
        if not self.controller.tick():
            self._restart_timer(False)
            if self.controller.gate() is not None:
                self._notify_held()
        self.refresh_view()

    def action_faster(self) -> None:
        self.controller.faster()
        self._restart_timer(self.controller.playing)
        self.refresh_view()

    def action_slower(self) -> None:
        self.controller.slower()
        self._restart_timer(self.controller.playing)
        self.refresh_view()

    def action_jump(self) -> None:
        from mipviz.ui.dialogs import JumpScreen

        def done(index: int | None) -> None:
            if index is not None:
                self._moved(self.controller.jump(index))

        self.app.push_screen(JumpScreen(self.controller.total, self.language), done)

    def action_move(self) -> None:
        from mipviz.ui.dialogs import MoveScreen

        prepared = self.controller.prepared
        if prepared is None:
            return
        view = self.controller.view()
        links = [link.name for link in prepared.lesson.topology.links]
        choices = [
            (node.name, link)
            for node in prepared.lesson.topology.nodes
            if node.role in ("mobile-node", "mobile-router", "mobile-host")
            for link in links
            if link not in view.states[node.name].links
        ]

        def done(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.notify(self.tr("ui.notify.moving", node=choice[0], link=choice[1],
                                    time=when), timeout=3, markup=False)
                self._rerun(*choice, self.controller.cursor)

        when = tr("common.seconds", self.language, value=f"{view.time / 1e6:.3f}")
        self.app.push_screen(MoveScreen(choices, when, self.language), done)

    @work(thread=True, exclusive=True, group="engine")
    def _rerun(self, node: str, link: str, at: int) -> None:
        prepared = self.controller.rerun_moved(node, link, at)
        if not get_current_worker().is_cancelled:  # a later move superseded this one
            self.post_message(self._Rerun(prepared))

    class _Rerun(Message):
        def __init__(self, prepared: Prepared) -> None:
            super().__init__()
            self.prepared = prepared

    def on_lesson_screen__rerun(self, message: _Rerun) -> None:
        self.controller.adopt(message.prepared)
        self._retitle()
        self.refresh_view()

    def _retitle(self) -> None:
        """Pane titles and the lesson's title in the language of what is shown."""
        prepared = self.controller.prepared
        if not self.ready or prepared is None:
            return
        self.title_text = prepared.lesson.title.get(prepared.language)
        for number, name in enumerate(PANES, start=1):
            self.query_one(f"#{name}").border_title = pane_title(name, number,
                                                                 prepared.language)

    # ------------------------------------------------------------------ language
    def action_switch_language(self) -> None:
        """L: the screen in the other language, live. The lesson is run again in it (the
        engine is deterministic: the same steps, with the narration and notes in the new
        language) with the moves made so far; the cursor and the quiz answers stay."""
        if not self.ready:
            return
        language = "ja" if self.language == "en" else "en"
        self.controller.language = language
        self.app.set_language(language)  # type: ignore[attr-defined]
        localise_bindings(self, language)
        self.refresh_bindings()
        self.notify(self.tr("ui.notify.language",
                            language=msg(f"common.language.{language}")), timeout=2)
        self._relanguage()

    @work(thread=True, exclusive=True, group="engine")
    def _relanguage(self) -> None:
        prepared = self.controller.rerun_language()
        if not get_current_worker().is_cancelled:
            self.post_message(self._Rerun(prepared))

    def action_challenge(self) -> None:
        from mipviz.ui.challenge import open_menu

        open_menu(self)

    def action_compare(self) -> None:
        from mipviz.ui.comparison import open_comparison

        open_comparison(self)

    def action_reveal(self) -> None:
        """Presenter: reveal the answer and explanation of the quiz on screen."""
        if not self.controller.presenter:
            self.notify(self.tr("ui.notify.reveal_presenter_only"), timeout=3)
            return
        if self.controller.reveal() is None:
            self.notify(self.tr("ui.notify.no_quiz"), timeout=2)
        self.refresh_view()

    def action_reveal_quiz(self) -> None:
        self.action_reveal()

    def action_help(self) -> None:
        from mipviz.ui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.language))

    def action_quit(self) -> None:
        self.save_progress()
        self.app.exit()

    def action_cycle_theme(self) -> None:
        self.app.action_cycle_theme()  # type: ignore[attr-defined]

    def action_answer_quiz(self) -> None:
        """Enter: put the focus on the quiz on screen, ready for an answer."""
        if not self.ready:
            return
        widget = self.query_one("#narration", NarrationPane).answer_widget()
        if widget is not None:
            self.query_one("#narration").display = True
            widget.focus()
            widget.scroll_visible()

    def action_unfocus_input(self) -> None:
        """Esc: leave the quiz's answer box or choices; the keys step again."""
        if self.focused is not None and self.focused.has_class("quiz"):
            self.set_focus(self.query_one("#narration"))

    def _focused_pane(self) -> Widget | None:
        node = self.focused
        while node is not None and not (hasattr(node, "has_class") and node.has_class("pane")):
            node = node.parent  # type: ignore[assignment]
        return node

    def action_focus_pane(self, name: str) -> None:
        if self.ready:
            pane = self.query_one(f"#{name}")
            pane.display = True
            pane.focus()

    def action_ladder_filter(self) -> None:
        """Cycle the Sequence pane's display filter (owned by the ladder widget)."""
        if self.ready:
            from mipviz.ui.ladder import LadderChart

            shown = self.query_one("#ladder", LadderChart).cycle_filter()
            language = self.controller.language
            self.notify(tr("ladder.filter_changed", language,
                           filter=shown.describe(language)), timeout=2)

    def action_zoom(self) -> None:
        if not self.ready:
            return
        if self.maximized is not None:
            self.minimize()
            return
        pane = self._focused_pane() or self.query_one("#map")
        self.maximize(pane, container=False)

    def action_hide(self) -> None:
        pane = self._focused_pane() if self.ready else None
        if pane is not None:
            if self.maximized is not None:
                self.minimize()
            pane.display = False
            self.focus_next()

    def action_show_all(self) -> None:
        if self.ready:
            for pane in self.query(".pane"):
                pane.display = True

    # ------------------------------------------------------------------ messages up
    def on_jump_to(self, message: Message) -> None:
        self._moved(self.controller.jump(message.index))  # type: ignore[attr-defined]

    def on_node_clicked(self, message: Message) -> None:
        node = message.node  # type: ignore[attr-defined]
        self.controller.select_node(None if self.controller.selected_node == node else node)
        self.refresh_view()

    def on_quiz_answered(self, message: Message) -> None:
        """Grade the answer; the feedback is in the quiz block (no toast over it)."""
        state = self.controller.answer(message.number, message.answer)  # type: ignore[attr-defined]
        if state.answered:  # right, or the answer shown: the keys step again
            self.set_focus(self.query_one("#narration"))
        self.refresh_view()

    def action_skip_quiz(self) -> None:
        """s: skip the quiz on screen (counted as skipped); the timeline goes on."""
        if not self.ready:
            return
        if self.controller.skip() is None:
            self.notify(tr("quiz.nothing_to_skip", self.controller.language), timeout=2)
            return
        if self.focused is not None and self.focused.has_class("quiz"):
            self.set_focus(self.query_one("#narration"))
        self.refresh_view()
