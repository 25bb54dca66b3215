"""Reading and checking ``[[script]]``: the actions a lesson runs, in order.

Besides each action's own keys, the script is followed the way the runner will follow it, so
that what depends on earlier actions is checked too: a ``stop-flow`` must name a flow that an
earlier ``start-flow`` started and that is still running; ``restore`` must follow a ``fail``
of the same node. Nothing is run: this only reads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from mipviz.lesson._fields import Table
from mipviz.lesson._locate import KeyPath
from mipviz.lesson._nodes import Node, _parse_prefix, read_name
from mipviz.lesson._quiz import read_quiz
from mipviz.lesson._report import did_you_mean, format_key, quote
from mipviz.lesson._topology import MOVABLE_ROLES, Topology
from mipviz.lesson.schema import (
    ACTIONS,
    EVENT_KINDS,
    FLOW_KINDS,
    ActionKind,
    ActionSpec,
    FlowKind,
    UntilSpec,
)

COMMON_KEYS = ("action", "say", "quiz")
# The keys each action adds to COMMON_KEYS (docs/lesson-format.md, "Actions").
ACTION_KEYS: dict[str, tuple[str, ...]] = {
    "move": ("node", "to", "link_layer_hint"),
    "start-flow": ("flow", "source", "destination", "kind", "interval", "count"),
    "stop-flow": ("flow",),
    "wait": ("seconds",),
    "run-until": ("until",),
    "attack": ("node",),
    "fail": ("node",),
    "restore": ("node",),
    "say": (),
    "renumber": ("link", "prefix"),
}
# Of those, the ones the action cannot do without (and a "say" action needs `say`).
REQUIRED_KEYS = {**ACTION_KEYS, "start-flow": ("flow", "source", "destination"),
                 "move": ("node", "to")}
ALL_ACTION_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(ACTION_KEYS.values(), ())))
UNTIL_KEYS = ("event", "node", "timeout")


class _Run:
    """What the script has set up so far, as the runner would see it after each action."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.flows: dict[str, KeyPath] = {}  # running flow -> the start-flow that started it
        self.failed: dict[str, KeyPath] = {}  # failed node -> the fail action


def read_script(root: Table, topology: Topology) -> tuple[ActionSpec, ...]:
    """Read every ``[[script]]`` entry; problems go to *root*'s reporter."""
    run = _Run(topology)
    return tuple(_read_action(table, run) for table in root.tables("script"))


def _read_action(table: Table, run: _Run) -> ActionSpec:
    action = table.choice("action", ACTIONS, "action", required=True)
    if action is None:
        table.check_keys(ALL_ACTION_KEYS)
        return ActionSpec("say", say=table.text("say"), line=table.line())
    allowed = COMMON_KEYS + ACTION_KEYS[action]
    table.check_keys(
        allowed,
        {
            key: f"not used by action {quote(action)} (it is for: {', '.join(_actions_using(key))})"
            for key in ALL_ACTION_KEYS
            if key not in allowed
        },
    )
    spec = ActionSpec(
        cast(ActionKind, action),
        say=table.text("say", required=action == "say", why='a "say" action shows this text'),
        quiz=read_quiz(table, run.topology),
        line=table.line(),
    )
    reader = _READERS.get(action)
    return reader(table, spec, run) if reader else spec


def _actions_using(key: str) -> list[str]:
    return [action for action, keys in ACTION_KEYS.items() if key in keys]


def _needed(action: str) -> str:
    return f"action {quote(action)} needs " + ", ".join(REQUIRED_KEYS[action])


def _move(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    why = _needed("move")
    node = run.topology.node_ref(
        table, "node", MOVABLE_ROLES, required=True, why=why, role_why="only those move"
    )
    to = run.topology.link_ref(table, "to", required=True, why=why)
    if node is not None and to is not None:
        run.topology.needs_autoconfiguration(
            to.spec.name, f"{format_key(table.where)} moves {node.spec.name} there", table.at("to")
        )
    return replace(spec, node=_name(node), to=to.spec.name if to else None,
                   link_layer_hint=table.boolean("link_layer_hint", True))


def _start_flow(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    why = _needed("start-flow")
    flow = read_name(table, "flow", why=why)
    if flow is not None and flow in run.flows:
        table.error(
            "flow",
            f"flow {quote(flow)} is already running (started by {_at(table, run.flows[flow])}); "
            "stop it first or choose another name",
        )
    elif flow is not None:
        run.flows[flow] = table.where
    source = run.topology.node_ref(table, "source", required=True, why=why)
    destination = run.topology.node_ref(table, "destination", required=True, why=why)
    if source is not None and source is destination:
        table.error("destination", "is the source too; a flow goes from one node to another")
    kind = table.choice("kind", FLOW_KINDS, "flow kind", "echo")
    return replace(
        spec,
        flow=flow,
        source=_name(source),
        destination=_name(destination),
        kind=cast(FlowKind, kind),
        interval=table.number("interval", 1.0, above=0.0),
        count=table.integer("count", 0, minimum=0),
    )


def _stop_flow(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    flow = table.string("flow", required=True, why=_needed("stop-flow"))
    if flow is not None and run.flows.pop(flow, None) is None:
        running = sorted(run.flows)
        if running:
            table.error(
                "flow",
                f"no flow named {quote(flow)} is running here (running: {', '.join(running)})"
                + did_you_mean(flow, running),
            )
        else:
            table.error(
                "flow",
                f'no flow named {quote(flow)} is running here; an earlier "start-flow" starts it',
            )
    return replace(spec, flow=flow)


def _wait(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    seconds = table.number("seconds", 0.0, above=0.0, required=True, why=_needed("wait"))
    return replace(spec, seconds=seconds)


def _run_until(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    until = table.table("until", required=True, why='e.g. until = { event = "binding-created" }')
    if until is None:
        return spec
    until.check_keys(UNTIL_KEYS)
    event = until.choice("event", EVENT_KINDS, "event", required=True, why="the event to wait for")
    node = run.topology.node_ref(until, "node")
    timeout = until.number("timeout", 60.0, above=0.0)
    return replace(spec, until=UntilSpec(event or "", _name(node), timeout))


def _attack(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    node = run.topology.node_ref(
        table,
        "node",
        ("attacker",),
        required=True,
        why=_needed("attack"),
        role_why="an attack action starts an attacker's attack",
    )
    return replace(spec, node=_name(node))


def _fail(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    node = run.topology.node_ref(table, "node", required=True, why=_needed("fail"))
    if node is not None:
        name = node.spec.name
        if name in run.failed:
            table.error("node", f"{name} has already failed ({_at(table, run.failed[name])})")
        run.failed[name] = table.where
    return replace(spec, node=_name(node))


def _restore(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    node = run.topology.node_ref(table, "node", required=True, why=_needed("restore"))
    if node is not None and run.failed.pop(node.spec.name, None) is None:
        table.error(
            "node",
            f'{node.spec.name} has not failed here; "restore" undoes an earlier "fail" of it',
        )
    return replace(spec, node=_name(node))


def _name(node: Node | None) -> str | None:
    return node.spec.name if node is not None else None


def _at(table: Table, where: KeyPath) -> str:
    """'script[3] on line 35'."""
    return f"{format_key(where)} on line {table.report.line(where)}"


def _renumber(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    """RFC 4192: the link gains a new /64 prefix (a home link's MNs learn of it by Mobile
    Prefix Discovery, RFC 6275 §10.6); it must not be any link's prefix already."""
    why = _needed("renumber")
    link = run.topology.link_ref(table, "link", required=True, why=why)
    text = table.string("prefix", required=True, why=why)
    prefix = _parse_prefix(table, text) if text is not None else None
    if prefix is not None:
        if prefix.prefixlen != 64:
            table.error("prefix", f"{prefix} is not a /64 (addresses are formed with a 64-bit "
                        "interface identifier, RFC 4862)")
        taken = [other.spec.name for other in run.topology.links
                 if other.network is not None and other.network.overlaps(prefix)]
        if taken:
            table.error("prefix", f"{prefix} overlaps link {quote(taken[0])}'s prefix")
    return replace(spec, link=link.spec.name if link else None,
                   prefix=str(prefix) if prefix is not None else None)


_READERS = {
    "renumber": _renumber,
    "move": _move,
    "start-flow": _start_flow,
    "stop-flow": _stop_flow,
    "wait": _wait,
    "run-until": _run_until,
    "attack": _attack,
    "fail": _fail,
    "restore": _restore,
}
