"""The one owner of a lesson run in the UI: it runs the engine, holds the cursor, and hands
widgets immutable :class:`~mipviz.ui.lesson_view.View` snapshots.

Widgets never touch engine objects: they get a View (attributes down) and post intents
(messages up) that the screen turns into calls here. Everything heavy (loading the lesson,
running the engine, laying out the map, rerunning after a free-exploration move) happens in
:meth:`Controller.prepare`, which the app calls from a worker thread; the cursor moves are
cheap (the Python Tutor model: the whole run is recorded, the viewer moves an index).

Importing this module loads neither the engine nor scapy nor networkx.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mipviz.i18n import msg

# the values it hands out (mipviz.ui.lesson_view), also importable from here as before
from mipviz.ui.lesson_view import (
    PlacedQuiz,
    Prepared,
    QuizState,
    View,
    number_messages,
    placed_quiz,
)

if TYPE_CHECKING:
    from mipviz.lesson.cache import CachedRun, Source
    from mipviz.lesson.progress import ProgressStore
    from mipviz.lesson.runner import Intervention
    from mipviz.lesson.schema import Lesson

__all__ = ["SPEEDS", "Controller", "PlacedQuiz", "Prepared", "QuizState", "View"]

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # steps per second while playing


class Controller:
    """Owns the lesson, the engine run, the cursor, play state and quiz progress."""

    def __init__(self, source: str | Path, language: str = "en",
                 presenter: bool = False, progress: ProgressStore | None = None) -> None:
        self.source = source
        self.language = language
        self.presenter = presenter  # a lecturer: answers hidden until revealed, no gates
        # The learner's saved progress (none in presenter mode: a lecture is not a learner).
        self.progress = None if presenter else progress
        self.resumed = 0  # the step a reopened lesson resumed at (0: started afresh)
        self.revealed: set[int] = set()  # quiz numbers whose answer the presenter revealed
        self.following = False  # presenter mode, driven by a lecturer's position (follow)
        self.prepared: Prepared | None = None
        self.cursor = 0
        self.playing = False
        self.speed_index = 2
        self.selected_node: str | None = None
        self.quiz_states: dict[int, QuizState] = {}
        self._source: Source | None = None  # the lesson file as read (the cache's key)
        self._read_lesson: Lesson | None = None  # the lesson those octets give
        self.finished = False  # reopened a finished lesson: the screen offers what next

    # ------------------------------------------------------------------ heavy (worker thread)
    def prepare(self, progress: Callable[[Any], object] = lambda _: None) -> Prepared:
        """Load and run the lesson, lay out its map; safe to call from a worker thread."""
        from mipviz.lesson import cache

        progress(msg("ui.loading.reading"))
        path = _find(self.source)
        self._source = cache.Source.read(path)
        kept = self._cached(self.language)
        if kept is not None:  # opened before, same file, same code: the run is on disk
            self._read_lesson = kept.lesson
            self.prepared = self._assemble(kept, ())
        else:
            self._read_lesson = _parse(path, self._source)
            self.prepared = self._run(self._read_lesson, progress)
        self._resume()
        return self.prepared

    def prepare_kept(self) -> Prepared | None:
        """:meth:`prepare`, when the run is kept (mipviz.lesson.cache) and there is no
        engine to run: cheap enough for the UI thread. None otherwise (then call
        :meth:`prepare` in a worker), also for a controller that prepares in its own way
        (a replayed capture has no kept runs)."""
        from mipviz.lesson import cache

        if type(self).prepare is not Controller.prepare:
            return None
        try:
            path = _find(self.source)
        except (LookupError, OSError):
            return None  # prepare, in the worker, says what is wrong
        self._source = cache.Source.read(path)
        kept = self._cached(self.language)
        if kept is None:
            return None
        self._read_lesson = kept.lesson
        self.prepared = self._assemble(kept, ())
        self._resume()
        return self.prepared

    def warm_up(self) -> None:
        """Load what stepping needs and a kept run did not (scapy, for the packet pane's
        header tree, and its explanations): called in a worker once the first step is
        painted, so that the first step forward is not kept waiting by an import."""
        import mipviz.explain.context  # the packet pane's recomputations (RR, CoA, ESP)
        import mipviz.wire.dissect  # noqa: F401

    def _cached(self, language: str) -> CachedRun | None:
        """The kept run of the lesson file as read, in *language*, if there is one."""
        from mipviz.lesson.cache import RunCache

        return RunCache().load(self._source.key(language)) if self._source else None

    def _resume(self) -> None:
        """Reopening a lesson started before: its answers stand, and the cursor goes to the
        furthest step reached; when the end was reached with quizzes unanswered, to the
        first of them. A finished lesson (end reached, every quiz answered) opens at step 0
        with :attr:`finished` set: the screen asks whether to start over or review."""
        from mipviz.i18n import tr
        from mipviz.lesson.quiz import AFTER_HINT, FIRST

        prepared = self._require()
        if self.progress is None:
            return
        lesson = prepared.lesson.id
        self.progress.asked(lesson, [quiz.number for quiz in prepared.quizzes])
        entry = self.progress.get(lesson)
        if entry is None or not entry.started:
            return
        numbers = {quiz.number for quiz in prepared.quizzes}
        for number, outcome in entry.outcomes().items():
            if number in numbers:
                self.quiz_states[number] = QuizState(
                    0, outcome in (FIRST, AFTER_HINT),
                    tr("quiz.answered_before", self.language), "", outcome)
        if entry.done:
            self.finished = True
        elif 0 < entry.furthest < prepared.total:
            self.jump(entry.furthest)
            self.resumed = self.cursor
        elif entry.furthest >= prepared.total:
            missing = self.unanswered()
            if missing:
                self.jump(missing[0].position)
                self.resumed = self.cursor

    def unanswered(self) -> list[PlacedQuiz]:
        """The lesson's quizzes not yet answered or skipped, in order."""
        prepared = self._require()
        return [q for q in prepared.quizzes
                if not self.quiz_states.get(q.number, QuizState()).answered]

    def missed(self) -> list[PlacedQuiz]:
        """The quizzes not answered right at the first try (for a review)."""
        from mipviz.lesson.quiz import FIRST

        prepared = self._require()
        return [q for q in prepared.quizzes
                if self.quiz_states.get(q.number, QuizState()).outcome != FIRST]

    def start_over(self) -> None:
        """Forget this lesson's progress and go to step 0."""
        prepared = self._require()
        if self.progress is not None:
            self.progress.restart(prepared.lesson.id)
            self.progress.asked(prepared.lesson.id, [q.number for q in prepared.quizzes])
            self.progress.save()
        self.quiz_states.clear()
        self.finished = False
        self.cursor = 0

    def review(self) -> PlacedQuiz | None:
        """Ask the missed quizzes again (the score keeps their first outcome) and go to the
        first of them; None when none was missed."""
        missed = self.missed()
        self.finished = False
        for quiz in missed:
            self.quiz_states.pop(quiz.number, None)
        if not missed:
            return None
        self.cursor = 0
        self.jump(missed[0].position)
        return missed[0]

    def score(self) -> dict[str, int]:
        """How many of this lesson's quizzes ended each way (OUTCOMES), and "open"."""
        from mipviz.lesson.quiz import OUTCOMES

        counts = dict.fromkeys((*OUTCOMES, "open"), 0)
        for quiz in self._require().quizzes:
            outcome = self.quiz_states.get(quiz.number, QuizState()).outcome
            counts[outcome or "open"] += 1
        return counts

    def record_progress(self) -> bool:
        """Note the cursor in the learner's progress; True when that is news (save it)."""
        if self.progress is None or self.prepared is None:
            return False
        return self.progress.reached(self.prepared.lesson.id, self.cursor, self.total)

    def _run(self, lesson: Lesson, progress: Callable[[Any], object],
             interventions: tuple[Intervention, ...] = (), run_on: float = 0.0) -> Prepared:
        from mipviz.lesson.cache import CachedRun, RunCache
        from mipviz.lesson.runner import run_lesson

        progress(msg("ui.loading.running"))
        action_starts: dict[int, int] = {}
        run = run_lesson(
            lesson,
            language=self.language,
            interventions=interventions,
            on_action=lambda number, steps: action_starts.setdefault(number, steps),
            run_on=run_on,  # a challenge attempt's "wait" (mipviz.ui.challenge)
        )
        kept = CachedRun(lesson, run.timeline, action_starts, tuple(run.problems),
                         run.secrets())
        source = self._source
        if not interventions and not run_on and source is not None \
                and lesson is self._read_lesson:
            # Only the plain run of the file as read is kept: a free-exploration rerun, a
            # challenge attempt or a lesson changed in code (tests, benchmarks) has no file
            # to stand for it.
            RunCache().store(source.key(self.language), kept)
        progress(msg("ui.loading.layout"))
        return self._assemble(kept, interventions)

    def _assemble(self, kept: CachedRun, interventions: tuple[Intervention, ...]) -> Prepared:
        """What the panes need from a run, fresh or kept: the map's layout, the messages,
        where the quizzes are asked."""
        from mipviz.ui.layout import compute_layout

        lesson, timeline, action_starts = kept.lesson, kept.timeline, kept.action_starts
        layout = compute_layout(lesson.topology, lesson.seed)
        message_of, message_starts = number_messages(timeline.steps)
        quizzes = tuple(
            placed_quiz(number, action_starts.get(number, len(timeline)), action.quiz, timeline)
            for number, action in enumerate(lesson.script, start=1)
            if action.quiz is not None
        )
        moved_step = 0
        if interventions:
            first = min(time for time, _ in interventions)
            times = [step.time for step in timeline.steps]
            start = bisect.bisect_left(times, first)
            # the step of the move itself (other steps may share its instant, before it)
            moved_step = next((step.index for step in timeline.steps[start:]
                               if any(event.kind == "moved" for event in step.events)),
                              start + 1)
        return Prepared(
            lesson=lesson,
            language=self.language,
            timeline=timeline,
            layout=layout,
            message_of=message_of,
            message_starts=message_starts,
            narration_steps=tuple(s.index for s in timeline.steps if s.narration),
            quizzes=quizzes,
            problems=kept.problems,
            interventions=interventions,
            secrets=kept.secrets,
            moved_step=moved_step,
        )

    def rerun_moved(self, node: str, link: str, at: int) -> Prepared:
        """Free exploration: the run with *node* moved to *link* at step *at*'s virtual time,
        on top of the moves made so far. Deterministic and identical up to that step (the
        past stays). Heavy, and changes nothing here: call it from a worker thread, then
        :meth:`adopt` the result on the UI thread."""
        from mipviz.lesson.schema import ActionSpec

        prepared = self._require()
        time = prepared.timeline[at].time if 1 <= at <= prepared.total else 0
        interventions = (*prepared.interventions, (time, ActionSpec("move", node=node, to=link)))
        return self._run(prepared.lesson, lambda _: None, interventions)

    def rerun_language(self) -> Prepared:
        """The same run (the moves made so far included) in ``self.language``: heavy, for a
        worker thread; :meth:`adopt` the result (the cursor stays)."""
        prepared = self._require()
        plain = not prepared.interventions and prepared.lesson is self._read_lesson
        kept = self._cached(self.language) if plain else None
        if kept is not None:
            self._read_lesson = kept.lesson
            return self._assemble(kept, ())
        return self._run(prepared.lesson, lambda _: None, prepared.interventions)

    def adopt(self, prepared: Prepared) -> None:
        """Show *prepared* (a rerun) from now on; the cursor stays where it was."""
        self.prepared = prepared
        self.cursor = min(self.cursor, prepared.total)

    # ------------------------------------------------------------------ cursor (cheap)
    def _require(self) -> Prepared:
        if self.prepared is None:
            raise RuntimeError("the lesson has not been prepared yet")
        return self.prepared

    @property
    def total(self) -> int:
        return self.prepared.total if self.prepared is not None else 0

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def _holds(self) -> list[PlacedQuiz]:
        """Quizzes that hold the timeline until answered or skipped, in order of their hold.
        The presenter is never held, nor is a quiz the learner's free move made stale."""
        prepared = self.prepared
        if prepared is None or self.presenter:
            return []
        return sorted((quiz for quiz in prepared.quizzes if quiz.hold is not None
                       and not prepared.stale(quiz.position)
                       and not self.quiz_states.get(quiz.number, QuizState()).answered),
                      key=lambda quiz: quiz.hold or 0)

    def gate(self) -> PlacedQuiz | None:
        """The quiz holding the cursor where it is (not answered, its hold reached)."""
        return next((q for q in self._holds() if q.position <= self.cursor == q.hold), None)

    def jump(self, index: int) -> bool:
        """Move the cursor to *index* (clamped). A forward move stops at the hold of a quiz
        not yet answered (→, ], End, g, play and a click on the ladder all come here);
        False when the cursor could not move at all."""
        index = max(0, min(index, self.total))
        if index > self.cursor:
            for quiz in self._holds():
                hold = quiz.hold if quiz.hold is not None else index
                if self.cursor <= hold < index:
                    index = hold
                    break
        moved = index != self.cursor
        self.cursor = index
        return moved

    def forward(self) -> bool:
        return self.jump(self.cursor + 1)

    def back(self) -> bool:
        return self.jump(self.cursor - 1)

    def first(self) -> bool:
        return self.jump(0)

    def last(self) -> bool:
        return self.jump(self.total)

    def next_message(self) -> bool:
        """To the first hop of the next message (other hops of this packet are skipped)."""
        prepared = self._require()
        current = prepared.message_of[self.cursor - 1] if self.cursor >= 1 else -1
        if current + 1 >= len(prepared.message_starts):
            return self.last()
        return self.jump(prepared.message_starts[current + 1])

    def previous_message(self) -> bool:
        """To the first hop of this message, or of the previous one when already there."""
        prepared = self._require()
        if self.cursor < 1:
            return False
        current = prepared.message_of[self.cursor - 1]
        start = prepared.message_starts[current]
        if start < self.cursor:
            return self.jump(start)
        return self.jump(prepared.message_starts[current - 1] if current > 0 else 0)

    def toggle_play(self) -> bool:
        self.playing = not self.playing and self.cursor < self.total and self.gate() is None
        return self.playing

    def tick(self) -> bool:
        """One step of play; stops at the end or at a gating quiz."""
        if not self.playing:
            return False
        if self.cursor >= self.total or not self.forward():
            self.playing = False
        return self.playing

    def faster(self) -> float:
        self.speed_index = min(self.speed_index + 1, len(SPEEDS) - 1)
        return self.speed

    def slower(self) -> float:
        self.speed_index = max(self.speed_index - 1, 0)
        return self.speed

    def select_node(self, name: str | None) -> None:
        self.selected_node = name

    # ------------------------------------------------------------------ quizzes
    def current_quiz(self) -> PlacedQuiz | None:
        """The quiz on screen: the latest asked at or before the cursor, unless narration
        that came after it has moved the lesson on."""
        prepared = self._require()
        shown: PlacedQuiz | None = None
        for quiz in prepared.quizzes:
            if quiz.position <= self.cursor and not prepared.stale(quiz.position):
                shown = quiz
        if shown is None:
            return None
        if shown.hold is not None and self.cursor <= shown.hold and not self.presenter \
                and not self.quiz_states.get(shown.number, QuizState()).answered:
            return shown  # it holds the timeline: it stays on screen until answered
        position = bisect.bisect_right(prepared.narration_steps, self.cursor)
        latest = prepared.narration_steps[position - 1] if position else 0
        return shown if latest <= shown.position + 1 else None

    def reveal(self) -> PlacedQuiz | None:
        """Presenter: show the answer and explanation of the quiz on screen."""
        quiz = self.current_quiz() if self.prepared is not None else None
        if quiz is not None:
            self.revealed.add(quiz.number)
        return quiz

    def _expected(self, quiz: PlacedQuiz) -> str:
        """The right answer as the learner reads it (a choice by its number and text)."""
        from mipviz.lesson.grading import expected_answer

        spec = quiz.spec
        expected = expected_answer(spec, self._require().timeline, quiz.position)
        if spec.kind == "choice" and 1 <= spec.correct <= len(spec.choices):
            expected = f"{spec.correct}. {spec.choices[spec.correct - 1].get(self.language)}"
        return expected

    def _with_explanation(self, text: str, quiz: PlacedQuiz) -> str:
        if quiz.spec.explanation is not None:
            text += "\n\n" + quiz.spec.explanation.get(self.language)
        return text

    def revealed_text(self, quiz: PlacedQuiz) -> str:
        """The answer to *quiz* (and its explanation) as the presenter reveals it."""
        from mipviz.i18n import tr
        from mipviz.i18n.sentences import tidy

        return tidy(self._with_explanation(
            tr("quiz.answer", self.language, answer=self._expected(quiz)), quiz), self.language)

    def answer(self, number: int, answer: str) -> QuizState:
        """Grade *answer* to quiz *number*: the hint after a first wrong answer, then the
        answer and the explanation. The first answer's outcome is the score's."""
        from mipviz.i18n import render, tr
        from mipviz.lesson.grading import grade
        from mipviz.lesson.quiz import AFTER_HINT, FIRST, REVEALED

        prepared = self._require()
        quiz = next(q for q in prepared.quizzes if q.number == number)
        state = self.quiz_states.get(number, QuizState())
        verdict = grade(quiz.spec, answer, prepared.timeline, quiz.position)
        language = self.language
        attempts = state.attempts + 1
        if verdict.correct:
            outcome = state.outcome or (FIRST if attempts == 1 else AFTER_HINT)
            text = self._with_explanation(tr("quiz.correct", language), quiz)
            new = QuizState(attempts, True, text, answer, outcome)
        else:
            reason = render(verdict.reason, language)
            text = (tr("quiz.not_quite_because", language, reason=reason) if reason
                    else tr("quiz.not_quite", language))
            if attempts == 1 and quiz.spec.hint is not None and state.outcome is None:
                text += "\n\n" + tr("quiz.hint", language, hint=quiz.spec.hint.get(language))
                new = QuizState(attempts, False, text, answer, None)
            else:
                text += " " + tr("quiz.answer", language, answer=self._expected(quiz))
                text = self._with_explanation(text, quiz) + " " + tr("quiz.retry", language)
                new = QuizState(attempts, False, text, answer, state.outcome or REVEALED)
        self._record(quiz, new)
        return self.quiz_states[number]

    def skip(self, number: int | None = None) -> QuizState | None:
        """Skip the quiz on screen (or quiz *number*): counted as skipped, the answer and
        explanation shown, and the timeline no longer held by it. None: nothing to skip."""
        from mipviz.i18n import tr
        from mipviz.lesson.quiz import SKIPPED

        prepared = self._require()
        quiz = self.current_quiz() if number is None else next(
            (q for q in prepared.quizzes if q.number == number), None)
        if quiz is None or self.presenter:
            return None
        state = self.quiz_states.get(quiz.number, QuizState())
        if state.answered:
            return None
        text = self._with_explanation(
            tr("quiz.skipped", self.language, answer=self._expected(quiz)), quiz)
        new = QuizState(state.attempts, False, text, "", SKIPPED)
        self._record(quiz, new)
        return self.quiz_states[quiz.number]

    def _record(self, quiz: PlacedQuiz, state: QuizState) -> None:
        from dataclasses import replace

        from mipviz.i18n.sentences import tidy

        # the feedback is pieced together from templates and the lesson's own sentences
        state = replace(state, at=self.cursor, feedback=tidy(state.feedback, self.language))
        self.quiz_states[quiz.number] = state
        if self.progress is not None:
            self.progress.answered(self._require().lesson.id, quiz.number, state.solved,
                                   state.outcome)

    # ------------------------------------------------------------------ snapshots
    def view(self) -> View:
        prepared = self._require()
        self.cursor = max(0, min(self.cursor, prepared.total))
        position = bisect.bisect_right(prepared.narration_steps, self.cursor)
        narration_step = prepared.narration_steps[position - 1] if position else 0
        narration = prepared.timeline[narration_step].narration if narration_step else None
        quiz = self.current_quiz()
        timeline = prepared.timeline
        return View(
            prepared=prepared,
            cursor=self.cursor,
            playing=self.playing,
            speed=self.speed,
            selected_node=self.selected_node,
            narration=narration,
            narration_step=narration_step,
            quiz=quiz,
            quiz_state=self.quiz_states.get(quiz.number) if quiz is not None else None,
            states={name: timeline.state_at(name, self.cursor) for name in
                    timeline.initial_states},
            presenter=self.presenter,
            following=self.following and self.presenter,
            revealed=self.revealed_text(quiz) if quiz is not None and quiz.number
            in self.revealed else None,
            held=quiz is not None and self.gate() is quiz,
        )


def _find(source: str | Path) -> Path:
    """The lesson file: a path as given, else a bundled lesson's (by id or file stem)."""
    from mipviz.lesson.catalog import find_lesson

    return find_lesson(source)


def _parse(path: Path, source: Source | None) -> Lesson:
    """The lesson from the octets the cache key was made of (so that what is kept is what
    was run), or from the file when it could not be read (the loader says why)."""
    from mipviz.lesson.loader import load_lesson, parse_lesson

    if source is None:
        return load_lesson(path)
    try:
        text = source.octets.decode("utf-8-sig")
    except UnicodeDecodeError:
        return load_lesson(path)  # the loader's message names the byte and the line
    return parse_lesson(text, source.path)
