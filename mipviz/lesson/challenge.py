"""Challenge levels: a goal stated up front, the learner's actions, and the engine as the judge.

A lesson with a ``[challenge]`` table is a level to solve, not only to watch (issue 10 item 4,
after Learn Git Branching's levels). An *attempt* is the lesson's own script plus the
learner's actions (:class:`Act`), replayed deterministically from the start: placing an
attacker changes the topology before the run; moving a node, switching its route
optimisation and failing or restoring a node happen at a virtual instant (the runner's
interventions, the same mechanism as the UI's free-exploration move); waiting lets time run
on after the script. The goal is a list of :class:`GoalCheck` predicates over the resulting
Timeline's steps and engine events; :func:`judge` evaluates them, and a wrong attempt earns
the first unmet check's hint (or the challenge's).

Nothing here knows about the UI; ``mipviz challenge`` and the TUI both call
:func:`run_attempt` and :func:`judge`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from mipviz.i18n import Msg, msg
from mipviz.lesson.schema import AttackerMode, InterfaceSpec, Lesson, NodeSpec, Text, TriggerSpec

if TYPE_CHECKING:
    from mipviz.engine.network import Network
    from mipviz.engine.timeline import Step, Timeline
    from mipviz.lesson.runner import Intervention, LessonRun

ActKind = Literal["move", "route-optimisation", "place", "fail", "restore", "wait"]
# What a learner may do in a challenge (docs/lesson-format.md, "Challenges").
ACT_KINDS: tuple[str, ...] = ("move", "route-optimisation", "place", "fail", "restore", "wait")
# The waits the UI offers (seconds of virtual time after the script).
WAIT_CHOICES: tuple[float, ...] = (10.0, 30.0, 60.0, 120.0)
MAX_WAIT = 3600.0  # a longer wait is a typo, and would run the engine for minutes


class ChallengeError(ValueError):
    """An action that cannot be applied to this lesson (unknown node, link, kind)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True, slots=True)
class Act:
    """One learner action. ``at`` is virtual seconds from the start (move, route-optimisation,
    fail, restore); ``place`` happens before the run, ``wait`` after the script."""

    kind: ActKind
    node: str | None = None
    to: str | None = None  # move, place: a link name
    on: bool = True  # route-optimisation: switched on (True) or off
    mode: str | None = None  # place: "eavesdropper" or "off-path"
    at: float = 0.0
    seconds: float = 0.0  # wait
    line: int = 0

    def describe(self) -> Msg:
        """The action in words, for the solution and the attempt list."""
        if self.kind == "move":
            return msg("challenge.act.move", node=self.node, link=self.to, at=f"{self.at:g}")
        if self.kind == "route-optimisation":
            state = msg("challenge.act.on" if self.on else "challenge.act.off")
            return msg("challenge.act.route_optimisation", node=self.node, state=state,
                       at=f"{self.at:g}")
        if self.kind == "place":
            return msg("challenge.act.place", node=self.node, link=self.to,
                       mode=msg(f"challenge.mode.{self.mode or 'off-path'}"))
        if self.kind in ("fail", "restore"):
            return msg(f"challenge.act.{self.kind}", node=self.node, at=f"{self.at:g}")
        return msg("challenge.act.wait", seconds=f"{self.seconds:g}")


@dataclass(frozen=True, slots=True)
class GoalCheck:
    """One predicate of the goal: steps matching *on* (an ``[[explain]]`` trigger), carrying
    *status* if given (a Binding Acknowledgement's or Binding Error's Status), at or after
    *after* virtual seconds: at least *at_least* of them, or none when *absent*."""

    on: TriggerSpec
    status: int | None = None
    after: float = 0.0
    at_least: int = 1
    absent: bool = False
    hint: Text | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class ChallengeSpec:
    """A lesson's ``[challenge]`` table."""

    goal: Text  # stated up front
    hint: Text  # after a wrong attempt, unless the unmet check has its own
    checks: tuple[GoalCheck, ...]
    solution: tuple[Act, ...]  # the minimal solution, shown on request
    allow: tuple[str, ...]  # the action kinds the learner is offered
    line: int = 0


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: GoalCheck
    count: int
    met: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    met: bool
    results: tuple[CheckResult, ...]
    hint: Text | None  # None when the goal is met

    def text(self, language: str = "en") -> str:
        """"Goal met." or "Not yet: <hint>", in *language*."""
        from mipviz.i18n import render

        if self.met:
            return render(msg("challenge.verdict.met"), language)
        hint = self.hint.get(language) if self.hint is not None else ""
        return render(msg("challenge.verdict.not_yet", hint=hint), language)


# ---------------------------------------------------------------------------- judging
def _status(step: Step) -> int | None:
    from mipviz.engine.messages import IPv6Packet

    packet = step.packet
    while packet is not None and isinstance(packet.payload, IPv6Packet):
        packet = packet.payload
    status = getattr(packet.payload, "status", None) if packet is not None else None
    return status if isinstance(status, int) else None


def count_matches(check: GoalCheck, timeline: Timeline) -> int:
    """How many of *timeline*'s steps satisfy *check* (its ``at_least``/``absent`` aside)."""
    from mipviz.engine.simulation import seconds
    from mipviz.lesson._explain import matches

    after = seconds(check.after)
    return sum(1 for step in timeline if step.time >= after and matches(check.on, step)
               and (check.status is None or _status(step) == check.status))


def judge(spec: ChallengeSpec, timeline: Timeline) -> Verdict:
    """Evaluate every check of *spec* over *timeline*: the goal is met when all hold."""
    results = []
    for check in spec.checks:
        count = count_matches(check, timeline)
        met = count == 0 if check.absent else count >= check.at_least
        results.append(CheckResult(check, count, met))
    unmet = next((r for r in results if not r.met), None)
    hint = None if unmet is None else (unmet.check.hint or spec.hint)
    return Verdict(unmet is None, tuple(results), hint)


# ---------------------------------------------------------------------------- attempting
def validate(lesson: Lesson, act: Act) -> None:
    """Raise :class:`ChallengeError` if *act* cannot apply to *lesson*."""
    nodes = {node.name: node for node in lesson.topology.nodes}
    links = {link.name for link in lesson.topology.links}
    challenge = lesson.challenge
    if challenge is not None and act.kind not in challenge.allow:
        raise ChallengeError(msg("challenge.error.not_allowed", kind=act.kind,
                                 allowed=", ".join(challenge.allow)))
    if act.kind == "wait":
        if not 0 < act.seconds <= MAX_WAIT:
            raise ChallengeError(msg("challenge.error.wait", max=f"{MAX_WAIT:g}"))
        return
    node = nodes.get(act.node or "")
    if node is None:
        raise ChallengeError(msg("challenge.error.node", node=act.node or "",
                                 nodes=", ".join(nodes)))
    wanted = {"move": ("mobile-node", "mobile-router"), "route-optimisation": ("mobile-node",),
              "place": ("attacker",)}.get(act.kind)
    if wanted is not None and node.role not in wanted:
        raise ChallengeError(msg("challenge.error.role", node=node.name, kind=act.kind,
                                 roles=", ".join(wanted)))
    if act.kind in ("move", "place") and act.to not in links:
        raise ChallengeError(msg("challenge.error.link", link=act.to or "",
                                 links=", ".join(sorted(links))))
    if act.kind == "place" and act.mode not in ("eavesdropper", "off-path"):
        raise ChallengeError(msg("challenge.error.mode", mode=act.mode or ""))
    if act.at < 0:
        raise ChallengeError(msg("challenge.error.at"))


def _placed(lesson: Lesson, acts: Sequence[Act]) -> Lesson:
    """The lesson with each ``place`` applied: the attacker on its link, in its mode (the
    address comes from SLAAC on that link, RFC 4862, since the lesson's own may not fit)."""
    placements = {act.node: act for act in acts if act.kind == "place"}
    if not placements:
        return lesson

    def moved(node: NodeSpec) -> NodeSpec:
        act = placements.get(node.name)
        if act is None or act.to is None:
            return node
        mode: AttackerMode = "eavesdropper" if act.mode == "eavesdropper" else "off-path"
        return replace(node, interfaces=(InterfaceSpec(act.to, line=node.line),), mode=mode)

    topology = replace(lesson.topology, nodes=tuple(moved(n) for n in lesson.topology.nodes))
    return replace(lesson, topology=topology)


def _switch_route_optimisation(node_name: str, on: bool) -> Callable[[Network], None]:
    def apply(network: Network) -> None:
        from mipviz.engine.mobile_node import MobileNode

        node = network.node(node_name)
        if isinstance(node, MobileNode):
            node.route_optimization = on  # RFC 6275 §11.3.1: route optimisation is optional
            node.note("note", msg("challenge.note.route_optimisation", node=node_name,
                                  state=msg("challenge.act.on" if on else "challenge.act.off")))
            node.changed()
    return apply


def plan(lesson: Lesson, acts: Sequence[Act]) -> tuple[Lesson, list[Intervention], float]:
    """What the runner needs for an attempt: the lesson with the attackers placed, the timed
    actions as interventions, and how long to run on after the script."""
    from mipviz.engine.simulation import seconds
    from mipviz.lesson.schema import ActionSpec

    for act in acts:
        validate(lesson, act)
    interventions: list[Intervention] = []
    for act in acts:
        time = seconds(act.at)
        if act.kind == "move":
            interventions.append((time, ActionSpec("move", node=act.node, to=act.to)))
        elif act.kind in ("fail", "restore"):
            interventions.append((time, ActionSpec(act.kind, node=act.node)))
        elif act.kind == "route-optimisation":
            assert act.node is not None
            interventions.append((time, _switch_route_optimisation(act.node, act.on)))
    run_on = sum(act.seconds for act in acts if act.kind == "wait")
    return _placed(lesson, acts), interventions, run_on


def run_attempt(lesson: Lesson, acts: Sequence[Act], *, language: str = "en") -> LessonRun:
    """The lesson's script with the learner's *acts*, replayed from the start."""
    from mipviz.lesson.runner import run_lesson

    placed, interventions, run_on = plan(lesson, acts)
    return run_lesson(placed, language=language, interventions=interventions, run_on=run_on)


def attempt(lesson: Lesson, acts: Sequence[Act], *,
            language: str = "en") -> tuple[LessonRun, Verdict]:
    """Run an attempt and judge it against the lesson's challenge."""
    if lesson.challenge is None:
        raise ChallengeError(msg("challenge.error.none", lesson=lesson.id))
    run = run_attempt(lesson, acts, language=language)
    return run, judge(lesson.challenge, run.timeline)


def parse_act(text: str) -> Act:
    """``mipviz challenge --try`` syntax: ``move:MN:visited@2``, ``ro:MN:on@0``,
    ``place:Eve:cn-net:eavesdropper``, ``fail:MN@5``, ``restore:MN@40``, ``wait:30``."""
    body, _, at_text = text.partition("@")
    parts = body.split(":")
    try:
        at = float(at_text) if at_text else 0.0
        kind = parts[0]
        if kind == "move" and len(parts) == 3:
            return Act("move", node=parts[1], to=parts[2], at=at)
        if kind in ("ro", "route-optimisation") and len(parts) == 3 \
                and parts[2] in ("on", "off"):
            return Act("route-optimisation", node=parts[1], on=parts[2] == "on", at=at)
        if kind == "place" and len(parts) == 4:
            return Act("place", node=parts[1], to=parts[2], mode=parts[3])
        if kind in ("fail", "restore") and len(parts) == 2:
            return Act(kind, node=parts[1], at=at)  # type: ignore[arg-type]
        if kind == "wait" and len(parts) == 2:
            return Act("wait", seconds=float(parts[1]))
    except ValueError:
        pass
    raise ChallengeError(msg("challenge.error.syntax", text=text))


def format_act(act: Act) -> str:
    """The inverse of :func:`parse_act`."""
    at = f"@{act.at:g}" if act.at else ""
    if act.kind == "move":
        return f"move:{act.node}:{act.to}{at}"
    if act.kind == "route-optimisation":
        return f"ro:{act.node}:{'on' if act.on else 'off'}{at}"
    if act.kind == "place":
        return f"place:{act.node}:{act.to}:{act.mode}"
    if act.kind in ("fail", "restore"):
        return f"{act.kind}:{act.node}{at}"
    return f"wait:{act.seconds:g}"


__all__ = ["ACT_KINDS", "Act", "ChallengeError", "ChallengeSpec", "CheckResult", "GoalCheck",
           "Verdict", "attempt", "count_matches", "format_act", "judge", "parse_act",
           "plan", "run_attempt", "validate"]
