"""Reading and checking ``[challenge]``: a lesson as a level to solve (docs/lesson-format.md,
"Challenges"; the model and the judge are :mod:`mipviz.lesson.challenge`)::

    [challenge]
    goal = { en = "Make the CN's packets reach the MN without the HA.", ja = "..." }
    hint = { en = "Which of the MN's settings decides ...?", ja = "..." }
    allow = ["route-optimisation", "move"]

    [[challenge.check]]
    on = { message = "Echo Request", to = "MN", link = "visited", tunnel = 0 }

    [[challenge.solution]]
    act = "route-optimisation"
    node = "MN"
    on = true

Checks use the ``on`` table of ``[[explain]]`` (same keys, same rules) plus ``status``,
``after``, ``at_least``, ``absent`` and ``hint``. The solution's actions are checked like a
learner's would be: known nodes of the right role, known links, offered kinds. Nothing runs.
"""

from __future__ import annotations

from typing import cast

from mipviz.lesson._explain import _trigger
from mipviz.lesson._fields import Table
from mipviz.lesson._report import quote
from mipviz.lesson._says import say, why_texts
from mipviz.lesson._topology import MOVABLE_ROLES, Topology
from mipviz.lesson.challenge import ACT_KINDS, MAX_WAIT, Act, ActKind, ChallengeSpec, GoalCheck

_WHY = why_texts()
_C = {name: say(f"challenge.{name}")() for name in ("one_check", "nth", "status_only",
                                                      "absent")}
_ACT_KINDS = say("challenge.act_kinds")
_UNKNOWN_ACT = say("challenge.unknown_act")
_TWICE = say("listed_twice")
_NOT_USED_BY_ACT = say("challenge.not_used_by_act")
_NOT_ALLOWED = say("challenge.not_allowed")

CHALLENGE_KEYS = ("goal", "hint", "allow", "check", "solution")
CHECK_KEYS = ("on", "status", "after", "at_least", "absent", "hint")
# The keys each kind of solution action adds to "act" (and "at", for the timed ones).
ACT_KEYS: dict[str, tuple[str, ...]] = {
    "move": ("node", "to", "at"),
    "route-optimisation": ("node", "on", "at"),
    "place": ("node", "to", "mode"),
    "fail": ("node", "at"),
    "restore": ("node", "at"),
    "wait": ("seconds",),
}
ALL_ACT_KEYS = ("act", *dict.fromkeys(sum(ACT_KEYS.values(), ())))
ACT_ORDER = ALL_ACT_KEYS  # the order docs/lesson-format.md lists them in
_ROLES: dict[str, tuple[tuple[str, ...], str]] = {
    "move": (MOVABLE_ROLES, _WHY["move_role"]),
    "route-optimisation": (("mobile-node",), "only a mobile node runs route optimisation"),
    "place": (("attacker",), "only an attacker is placed"),
}


def read_challenge(root: Table, topology: Topology) -> ChallengeSpec | None:
    """The ``[challenge]`` table, or None when the lesson has none (or it is wrong: then the
    problems are on *root*'s reporter and the lesson is not built)."""
    table = root.table("challenge")
    if table is None:
        return None
    table.check_keys(CHALLENGE_KEYS)
    goal = table.text("goal", required=True, why=_WHY["goal"])
    hint = table.text("hint", required=True, why=_WHY["hint"])
    allow = _read_allow(table)
    checks = [_read_check(t, topology) for t in table.tables(
        "check", required=True, why=_WHY["check"])]
    if table.data.get("check") == []:
        table.error("check", _C["one_check"])
    solution = [_read_act(t, topology, allow) for t in table.tables(
        "solution", required=True, why=_WHY["solution"])]
    if goal is None or hint is None or None in checks or None in solution:
        return None
    return ChallengeSpec(goal, hint, tuple(c for c in checks if c is not None),
                         tuple(a for a in solution if a is not None), allow, table.line())


def _read_allow(table: Table) -> tuple[str, ...]:
    why = 'the actions the learner is offered, e.g. allow = ["move", "wait"]'
    value = table.data.get("allow")
    if value is None:
        table.missing("allow", why)
        return ()
    if not isinstance(value, list) or not value:
        table.error("allow", _ACT_KINDS(why=why))
        return ()
    kinds: list[str] = []
    for index, kind in enumerate(value):
        if kind not in ACT_KINDS:
            table.report.error((*table.at("allow"), index),
                               _UNKNOWN_ACT(kind=quote(kind), choices=", ".join(ACT_KINDS)))
        elif kind in kinds:
            table.report.error((*table.at("allow"), index), _TWICE(value=quote(kind)))
        else:
            kinds.append(kind)
    return tuple(kinds)


def _read_check(table: Table, topology: Topology) -> GoalCheck | None:
    before = len(table.report.problems)
    table.check_keys(CHECK_KEYS)
    on = table.table("on", required=True,
                     why=_WHY["on"])
    trigger = _trigger(on, topology) if on is not None else None
    if on is not None and on.has("nth"):
        on.error("nth", _C["nth"])
    status = table.integer("status", None, minimum=0, maximum=255)
    if status is not None and trigger is not None and trigger.message not in (
            "Binding Acknowledgement", "Binding Error"):
        table.error("status", _C["status_only"])
    after = table.number("after", 0.0, minimum=0.0)
    at_least = table.integer("at_least", 1, minimum=1)
    absent = table.boolean("absent", False)
    if absent and table.has("at_least"):
        table.error("absent", _C["absent"])
    hint = table.text("hint")
    if trigger is None or len(table.report.problems) > before:
        return None
    return GoalCheck(trigger, status, after, at_least, absent, hint, table.line())


def _read_act(table: Table, topology: Topology, allow: tuple[str, ...]) -> Act | None:
    before = len(table.report.problems)
    kind = table.choice("act", ACT_KINDS, "action kind", required=True,
                        why=f"one of: {', '.join(ACT_KINDS)}")
    if kind is None:
        table.check_keys(ALL_ACT_KEYS)
        return None
    allowed = ("act", *ACT_KEYS[kind])
    table.check_keys(allowed, {key: _NOT_USED_BY_ACT(kind=quote(kind)) for key in ALL_ACT_KEYS
                               if key not in allowed})
    if allow and kind not in allow:
        table.error("act", _NOT_ALLOWED(kind=quote(kind)))
    name: str | None = None
    if kind != "wait":
        roles, role_why = _ROLES.get(kind, ((), ""))
        node = topology.node_ref(table, "node", roles, required=True,
                                 why=f"act {quote(kind)} needs a node", role_why=role_why)
        name = node.spec.name if node is not None else None
    to: str | None = None
    if kind in ("move", "place"):
        link = topology.link_ref(table, "to", required=True,
                                 why=f"act {quote(kind)} needs the link")
        to = link.spec.name if link is not None else None
    mode = table.choice("mode", ("eavesdropper", "off-path"), "attacker mode",
                        required=kind == "place", why=_WHY["place"])
    seconds = table.number("seconds", 0.0, above=0.0, maximum=MAX_WAIT,
                           required=kind == "wait", why=_WHY["wait"])
    act = Act(cast(ActKind, kind), node=name, to=to, on=table.boolean("on", True), mode=mode,
              at=table.number("at", 0.0, minimum=0.0), seconds=seconds, line=table.line())
    return act if len(table.report.problems) == before else None
