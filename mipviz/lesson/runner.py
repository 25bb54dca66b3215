"""Run a lesson's script against the engine and return the whole Timeline.

Script entries run in order; only ``wait`` and ``run-until`` let virtual time pass. A lesson
that runs too long ends with a recorded problem at the step limit rather than hanging (the
Python Tutor rule: a limit is a final record, not a crash).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from ipaddress import IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine.network import Network
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import Step, Timeline
from mipviz.lesson._explain import Explainer
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.schema import ActionSpec, Lesson, Text

if TYPE_CHECKING:
    from mipviz.explain.secrets import RunSecrets

DEFAULT_STEP_LIMIT = 500_000
# Virtual seconds run after the script when an intervention lies beyond its end.
AFTER_INTERVENTION = 10.0

# (virtual µs, the action applied at that instant): a script action, or a callable on the
# Network (a challenge's route-optimisation switch, mipviz.lesson.challenge)
Intervention = tuple[int, "ActionSpec | Callable[[Network], object]"]


@dataclass
class LessonRun:
    lesson: Lesson
    network: Network
    problems: list[str] = field(default_factory=list)
    pending: list[Intervention] = field(default_factory=list)  # interventions not yet applied
    # Each narrated step's texts, in every language the lesson has (step index -> paragraphs,
    # in order): the action's `say` on the first step it produced, then the `[[explain]]`
    # entries that step triggered. Step.narration holds them rendered in the run's language.
    narrations: dict[int, tuple[Text, ...]] = field(default_factory=dict)

    def narration(self, index: int, language: str = "en") -> str | None:
        """Step *index*'s narration in *language* (Markdown paragraphs), or None."""
        texts = self.narrations.get(index)
        return "\n\n".join(text.get(language) for text in texts) if texts else None

    @property
    def timeline(self) -> Timeline:
        return self.network.timeline

    def secrets(self) -> RunSecrets:
        """The correspondents' Kcn and nonces (what ``export --keylog`` writes) and the nodes'
        MACs, as plain data for the explanations (mipviz.explain), read once the run is over."""
        from mipviz.explain.secrets import capture

        return capture(self.network)


def run_lesson(
    lesson: Lesson,
    *,
    language: str = "en",
    step_limit: int = DEFAULT_STEP_LIMIT,
    interventions: Sequence[Intervention] = (),
    on_action: Callable[[int, int], object] | None = None,
    run_on: float = 0.0,
) -> LessonRun:
    """Run *lesson*'s script. Each of *interventions* (free exploration: "move the MN at
    3.2 s") is applied when virtual time reaches its instant, splitting any wait that spans
    it, so a run with interventions is the plain run up to the first of them (the past stays)
    and deterministic after it. *on_action(number, steps_so_far)* is called before each
    script action (the UI places quizzes with it). *run_on* virtual seconds run after
    all that (a challenge's "wait": let a binding expire)."""
    network = Network(engine_topology(lesson.topology), lesson.seed)
    run = LessonRun(lesson, network)
    run.pending = sorted(interventions, key=lambda item: item[0])
    sim = network.sim
    explainer = Explainer(lesson.explains)
    sim.step_listeners.append(explainer)
    said: dict[int, list[Text]] = {}
    unsaid: list[Text] = []  # said by actions that produced no step yet: they introduce the next
    for number, action in enumerate(lesson.script, start=1):
        if on_action is not None:
            on_action(number, len(sim.timeline))
        if len(sim.timeline) >= step_limit:
            run.problems.append(
                f"{lesson.path}: step limit of {step_limit} reached at "
                f"script[{number}]; the rest of the script was not run"
            )
            break
        sim.begin_action()
        first = len(sim.timeline) + 1
        if action.say is not None:
            unsaid.append(action.say)
        _perform(run, action, number, step_limit)
        sim.flush_action()
        if len(sim.timeline) >= first and unsaid:
            # An action's narration belongs to the first step it produced, not to the instant
            # the previous action ended (issue 9 item 3).
            said.setdefault(first, []).extend(unsaid)
            unsaid = []
    if run.pending and len(sim.timeline) < step_limit:
        end = max(sim.now, run.pending[-1][0]) + seconds(AFTER_INTERVENTION)
        _advance(run, end, _limit(sim.timeline, step_limit))
    if run_on > 0 and len(sim.timeline) < step_limit:
        _advance(run, sim.now + seconds(run_on), _limit(sim.timeline, step_limit))
    sim.step_listeners.remove(explainer)
    if unsaid and len(sim.timeline):  # narration after the last step: it closes the lesson
        said.setdefault(len(sim.timeline), []).extend(unsaid)
    run.problems.extend(explainer.missing(lesson.path))
    _attach_narration(run, said, explainer.placed, language)
    return run


def _attach_narration(run: LessonRun, said: dict[int, list[Text]],
                      explained: dict[int, list[Text]], language: str) -> None:
    """Give each narrated step its texts: the action's first, then the explanations."""
    steps = run.timeline.steps
    for index in sorted(set(said) | set(explained)):
        texts = tuple(said.get(index, ())) + tuple(explained.get(index, ()))
        run.narrations[index] = texts
        step = steps[index - 1]
        steps[index - 1] = replace(step, narration=run.narration(index, language))


def _advance(run: LessonRun, time: int, stop: Callable[[], bool]) -> bool:
    """``sim.run_until(time, stop)``, applying the interventions due on the way."""
    sim = run.network.sim
    while run.pending and run.pending[0][0] <= time:
        at, action = run.pending.pop(0)
        if sim.run_until(max(at, sim.now), stop=stop):
            run.pending.insert(0, (at, action))
            return True
        sim.begin_action()
        _apply(run.network, action)
        sim.flush_action()
    return sim.run_until(time, stop=stop)


def _apply(network: Network, action: ActionSpec | Callable[[Network], object]) -> None:
    """An intervention: only node moves, failures and restores make sense mid-run."""
    if callable(action):
        action(network)
    elif action.action == "move" and action.node and action.to:
        network.move(action.node, action.to, action.l2_delay,
                     link_layer_hint=action.link_layer_hint)
    elif action.action == "l2-trigger" and action.node and action.to:
        network.l2_trigger(action.node, action.to)
    elif action.action == "fail" and action.node:
        network.fail(action.node)
    elif action.action == "restore" and action.node:
        network.restore(action.node)


def _perform(run: LessonRun, action: ActionSpec, number: int, step_limit: int) -> None:
    network = run.network
    sim = network.sim
    where = f"{run.lesson.path}:{action.line}: script[{number}]"
    if action.action == "move":
        assert action.node is not None and action.to is not None
        network.move(action.node, action.to, action.l2_delay,
                     link_layer_hint=action.link_layer_hint)
    elif action.action == "l2-trigger":  # RFC 5568 §3.1
        assert action.node is not None and action.to is not None
        network.l2_trigger(action.node, action.to)
    elif action.action == "start-flow":
        assert action.flow and action.source and action.destination
        network.start_flow(
            action.flow,
            action.source,
            action.destination,
            action.kind,
            action.interval,
            action.count,
        )
    elif action.action == "stop-flow":
        assert action.flow is not None
        network.stop_flow(action.flow)
    elif action.action == "attack":
        assert action.node is not None
        network.attack(action.node)
    elif action.action == "fail":
        assert action.node is not None
        network.fail(action.node)
    elif action.action == "restore":
        assert action.node is not None
        network.restore(action.node)
    elif action.action == "renumber":
        assert action.link is not None and action.prefix is not None
        network.renumber(action.link, IPv6Network(action.prefix))
    elif action.action == "wait":
        sim.flush_action()
        limit = _limit(sim.timeline, step_limit)
        _advance(run, sim.now + seconds(action.seconds), limit)
    elif action.action == "run-until":
        until = action.until
        assert until is not None
        seen: list[Step] = []

        def listener(step: Step) -> None:
            if any(
                e.kind == until.event and (until.node is None or e.node == until.node)
                for e in step.events
            ):
                seen.append(step)

        sim.flush_action()
        sim.step_listeners.append(listener)
        limit = _limit(sim.timeline, step_limit)
        try:
            _advance(run, sim.now + seconds(until.timeout), lambda: bool(seen) or limit())
        finally:
            sim.step_listeners.remove(listener)
        if not seen:
            on = f" on {until.node}" if until.node else ""
            run.problems.append(
                f"{where}: run-until {until.event}{on} did not happen within {until.timeout:g} s"
            )


def _limit(timeline: Timeline, step_limit: int):  # type: ignore[no-untyped-def]
    return lambda: len(timeline) >= step_limit
