"""Challenge levels in the terminal UI: the goal banner, the action menu (``c``), the verdict
after each attempt, and the minimal solution on request (counted).

The learner collects actions (timed ones at the step under the cursor), then *tries*: the
lesson is replayed with them in a worker thread (:func:`mipviz.lesson.challenge.plan`, the
same run as ``mipviz challenge``), the new run replaces the old one on screen (the lesson
screen's rerun message, as a free-exploration move does) and the engine's verdict goes to the
banner. The screen's hooks are ``action_challenge`` (key ``c``) and :func:`mount_banner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from mipviz.i18n import render, tr
from mipviz.lesson.challenge import WAIT_CHOICES, Act, Verdict
from mipviz.ui.dialogs import _Dialog

if TYPE_CHECKING:
    from mipviz.lesson.schema import Lesson
    from mipviz.ui.controller import View
    from mipviz.ui.screen import LessonScreen

# What the menu may return besides an action.
TRY, UNDO, RESET, SOLUTION = "try", "undo", "reset", "solution"


@dataclass
class Session:
    """One learner's work on a level: the actions collected, the attempts and the verdict."""

    acts: list[Act] = field(default_factory=list)
    attempts: int = 0
    solutions_shown: int = 0
    verdict: Verdict | None = None
    running: bool = False


_SESSIONS: WeakKeyDictionary[object, Session] = WeakKeyDictionary()


def session_of(screen: object) -> Session:
    return _SESSIONS.setdefault(screen, Session())


def offered(lesson: Lesson, view: View) -> list[Act]:
    """The actions the menu offers at the cursor: only kinds the challenge allows, timed
    ones at the cursor's virtual time."""
    challenge = lesson.challenge
    if challenge is None:
        return []
    at = round(view.time / 1_000_000, 3)
    nodes = lesson.topology.nodes
    links = [link.name for link in lesson.topology.links]
    acts: list[Act] = []
    for kind in challenge.allow:
        if kind == "move":
            acts += [Act("move", node=n.name, to=link, at=at) for n in nodes
                     if n.role in ("mobile-node", "mobile-router") for link in links
                     if link not in view.states[n.name].links]
        elif kind == "route-optimisation":
            acts += [Act("route-optimisation", node=n.name, on=on, at=at) for n in nodes
                     if n.role == "mobile-node" for on in (True, False)]
        elif kind == "place":
            acts += [Act("place", node=n.name, to=link, mode=mode) for n in nodes
                     if n.role == "attacker" for link in links
                     for mode in ("eavesdropper", "off-path")]
        elif kind in ("fail", "restore"):
            acts += [Act(kind, node=n.name, at=at) for n in nodes  # type: ignore[arg-type]
                     if n.role not in ("router",) and view.states[n.name].failed
                     == (kind == "restore")]
        elif kind == "wait":
            acts += [Act("wait", seconds=seconds) for seconds in WAIT_CHOICES]
    return acts


def banner_text(lesson: Lesson, session: Session, language: str) -> str:
    """The goal, the actions so far, and the last verdict (Rich markup)."""
    challenge = lesson.challenge
    assert challenge is not None
    # the goal is the lesson file's text: never read as markup (a "[/b]" in it shows as is)
    goal = _escape(challenge.goal.get(language))
    lines = [f"[b]{tr('challenge.goal', language, goal=goal)}[/b]"]
    if session.acts:
        lines.append(tr("ui.challenge.actions", language, actions="; ".join(
            render(act.describe(), language) for act in session.acts)))
    if session.running:
        lines.append(tr("ui.challenge.running", language))
    elif session.verdict is not None:
        colour = "green" if session.verdict.met else "yellow"
        lines.append(f"[{colour}]" + tr("challenge.attempts", language,
                                         number=session.attempts) + ": "
                     + _escape(session.verdict.text(language)) + f"[/{colour}]")
    else:
        lines.append(tr("ui.challenge.press_c", language))
    if session.solutions_shown:
        lines.append(tr("ui.challenge.solution_shown", language, count=session.solutions_shown))
    return "\n".join(lines)


def solution_text(lesson: Lesson, language: str) -> str:
    challenge = lesson.challenge
    assert challenge is not None
    steps = [render(act.describe(), language) for act in challenge.solution]
    return tr("challenge.solution", language) + " " + (
        "; ".join(steps) if steps else tr("challenge.solution.none", language))


def _escape(text: str) -> str:
    """*text* shown as it is in Rich markup (a backslash before a ``[`` kept, too)."""
    from rich.markup import escape

    return escape(text)


class ChallengeBanner(Static):
    """The goal, stated up front, over the panes; updated after each attempt."""

    class Judged(Message):
        """From the attempt's worker thread: the verdict is in (post_message is thread-safe)."""

    def __init__(self, screen: LessonScreen) -> None:
        super().__init__("", id="challenge-banner")
        self.lesson_screen = screen

    def on_challenge_banner_judged(self, message: Judged) -> None:
        self.update_text()

    def update_text(self) -> None:
        controller = self.lesson_screen.controller
        lesson = self.base_lesson()
        if lesson is not None:
            self.update(banner_text(lesson, session_of(self.lesson_screen),
                                    controller.language))

    def base_lesson(self) -> Lesson | None:
        return _BASE.get(self.lesson_screen)


_BASE: WeakKeyDictionary[object, Lesson] = WeakKeyDictionary()


def is_challenge(screen: object) -> bool:
    """Whether *screen* shows a challenge level (its banner mounted), so key ``c`` applies."""
    return screen in _BASE


async def mount_banner(screen: LessonScreen) -> None:
    """Show the goal over the panes when the lesson is a challenge (the screen's hook)."""
    prepared = screen.controller.prepared
    if prepared is None or prepared.lesson.challenge is None:
        return
    _BASE[screen] = prepared.lesson  # attempts replace the lesson with placed attackers
    banner = ChallengeBanner(screen)  # its box, and its short-terminal look: app.tcss
    banner.border_title = tr("ui.challenge.title", screen.controller.language)
    await screen.mount(banner, before="#panes")
    banner.update_text()


class ChallengeScreen(_Dialog["Act | str | None"]):
    """The action menu: offered actions, then try / undo / start over / show the solution."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, Act | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="challenge-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*[label for label, _ in self.options], id="challenge-choices")

    def on_mount(self) -> None:
        # inline styles: the app's ".dialog OptionList" width is made for short move choices
        self.query_one("#challenge-dialog").styles.width = "90%"
        choices = self.query_one("#challenge-choices", OptionList)
        choices.styles.width = "100%"
        choices.styles.max_height = "70vh"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(self.options[event.option_index][1])

    def action_cancel(self) -> None:
        self.close(None)


def open_menu(screen: LessonScreen) -> None:
    """Key ``c``: the action menu of a challenge level (a note when the lesson is none)."""
    controller = screen.controller
    language = controller.language
    lesson = _BASE.get(screen)
    if controller.prepared is None or lesson is None or lesson.challenge is None:
        screen.notify(tr("ui.challenge.not_a_challenge", language), timeout=3)
        return
    session = session_of(screen)
    view = controller.view()
    options: list[tuple[str, Act | str]] = [(tr("ui.challenge.try", language,
                                                count=len(session.acts)), TRY)]
    options += [("+ " + render(act.describe(), language), act)
                for act in offered(lesson, view) if act not in session.acts]
    if session.acts:
        options += [(tr("ui.challenge.undo", language), UNDO),
                    (tr("ui.challenge.reset", language), RESET)]
    options.append((tr("ui.challenge.show_solution", language), SOLUTION))
    title = tr("challenge.goal", language, goal=lesson.challenge.goal.get(language))

    def done(choice: Act | str | None) -> None:
        if choice is None:
            return
        if isinstance(choice, Act):
            session.acts.append(choice)
        elif choice == UNDO and session.acts:
            session.acts.pop()
        elif choice == RESET:
            session.acts.clear()
        elif choice == SOLUTION:
            session.solutions_shown += 1
            screen.notify(solution_text(lesson, language), title=tr(
                "ui.challenge.title", language), timeout=15, markup=False)
        elif choice == TRY:
            _try(screen, lesson, session)
        _banner(screen).update_text()

    screen.app.push_screen(ChallengeScreen(title, options), done)


def _banner(screen: LessonScreen) -> ChallengeBanner:
    return screen.query_one("#challenge-banner", ChallengeBanner)


def _try(screen: LessonScreen, lesson: Lesson, session: Session) -> None:
    """Replay the lesson with the session's actions in a worker; adopt the run and judge it."""
    from mipviz.lesson.challenge import ChallengeError, judge, plan

    try:
        placed, interventions, run_on = plan(lesson, session.acts)
    except ChallengeError as error:
        screen.notify(render(error.message, screen.controller.language), severity="error",
                      markup=False)
        return
    session.running = True
    banner = _banner(screen)
    acts = tuple(session.acts)

    def work() -> None:
        prepared = screen.controller._run(placed, lambda _: None, tuple(interventions), run_on)
        assert lesson.challenge is not None
        verdict = judge(lesson.challenge, prepared.timeline)
        session.running = False
        if tuple(session.acts) == acts:  # the learner has not changed the attempt meanwhile
            session.attempts += 1
            session.verdict = verdict
        screen.post_message(screen._Rerun(prepared))
        banner.post_message(ChallengeBanner.Judged())

    screen.run_worker(work, thread=True, exclusive=True, group="engine")
