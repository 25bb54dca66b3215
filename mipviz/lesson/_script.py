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
from mipviz.lesson._says import say, why_texts
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

_WHY = why_texts()

_MOVES_THERE = say("moves_there")
_NOT_USED_BY_ACTION = say("not_used_by_action")
_FLOW_RUNNING = say("flow_running")
_SOURCE_TOO = say("source_too")()
_NO_FLOW_RUNNING = say("no_flow_running")
_NO_FLOW_STARTED = say("no_flow_started")
_ALREADY_FAILED = say("already_failed")
_NOT_FAILED = say("not_failed")
_ON_LINE = say("on_line")
_NOT_SLASH_64 = say("not_slash_64")
_OVERLAPS_LINK = say("overlaps_link")
_FAST_ONLY = say("fast_only")()
_NO_FMIPV6 = say("no_fmipv6")
_NO_ACCESS_ROUTER = say("no_access_router")

COMMON_KEYS = ("action", "say", "quiz")
# The keys each action adds to COMMON_KEYS (docs/lesson-format.md, "Actions").
ACTION_KEYS: dict[str, tuple[str, ...]] = {
    "move": ("node", "to", "link_layer_hint", "l2_delay"),
    "l2-trigger": ("node", "to"),  # RFC 5568 §3.1 (FMIPv6)
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
            key: _NOT_USED_BY_ACTION(action=quote(action),
                                     users=", ".join(_actions_using(key)))
            for key in ALL_ACTION_KEYS
            if key not in allowed
        },
    )
    spec = ActionSpec(
        cast(ActionKind, action),
        say=table.text("say", required=action == "say", why=_WHY["say"]),
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
        table, "node", MOVABLE_ROLES, required=True, why=why, role_why=_WHY["move_role"]
    )
    to = run.topology.link_ref(table, "to", required=True, why=why)
    # A multihomed mobile router may move its Wi-Fi onto a link no router serves: out of
    # coverage, its cellular link carries on (RFC 5648; docs/lesson-format.md, "move").
    if node is not None and to is not None and node.spec.egress_interfaces == 1:
        run.topology.needs_autoconfiguration(
            to.spec.name, _MOVES_THERE(where=format_key(table.where), name=node.spec.name),
            table.at("to")
        )
    l2_delay = table.number("l2_delay", 0.0, minimum=0.0, maximum=10.0)
    return replace(spec, node=_name(node), to=to.spec.name if to else None,
                   link_layer_hint=table.boolean("link_layer_hint", True), l2_delay=l2_delay)


def _l2_trigger(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    """RFC 5568 §3.1: a fast-handover mobile node learns of the access point on ``to``."""
    why = _needed("l2-trigger")
    node = run.topology.node_ref(table, "node", ("mobile-node",), required=True, why=why,
                                 role_why=_FAST_ONLY)
    to = run.topology.link_ref(table, "to", required=True, why=why)
    if node is not None and node.spec.fast_handover == "none":
        table.error("node", _NO_FMIPV6(name=node.spec.name))
    if to is not None and not any(
            other.role == "access-router" and any(i.link == to.spec.name
                                                  for i in other.spec.interfaces)
            for other in run.topology.nodes):
        table.error("to", _NO_ACCESS_ROUTER(link=to.spec.name))
    return replace(spec, node=_name(node), to=to.spec.name if to else None)


def _start_flow(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    why = _needed("start-flow")
    flow = read_name(table, "flow", why=why)
    if flow is not None and flow in run.flows:
        table.error("flow", _FLOW_RUNNING(flow=quote(flow), at=_at(table, run.flows[flow])))
    elif flow is not None:
        run.flows[flow] = table.where
    source = run.topology.node_ref(table, "source", required=True, why=why)
    destination = run.topology.node_ref(table, "destination", required=True, why=why)
    if source is not None and source is destination:
        table.error("destination", _SOURCE_TOO)
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
                _NO_FLOW_RUNNING(flow=quote(flow), running=", ".join(running),
                                 hint=did_you_mean(flow, running)),
            )
        else:
            table.error(
                "flow",
                _NO_FLOW_STARTED(flow=quote(flow)),
            )
    return replace(spec, flow=flow)


def _wait(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    seconds = table.number("seconds", 0.0, above=0.0, required=True, why=_needed("wait"))
    return replace(spec, seconds=seconds)


def _run_until(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    until = table.table("until", required=True, why=_WHY["until"])
    if until is None:
        return spec
    until.check_keys(UNTIL_KEYS)
    event = until.choice("event", EVENT_KINDS, "event", required=True, why=_WHY["until_event"])
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
        role_why=_WHY["attack_role"],
    )
    return replace(spec, node=_name(node))


def _fail(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    node = run.topology.node_ref(table, "node", required=True, why=_needed("fail"))
    if node is not None:
        name = node.spec.name
        if name in run.failed:
            table.error("node", _ALREADY_FAILED(name=name, at=_at(table, run.failed[name])))
        run.failed[name] = table.where
    return replace(spec, node=_name(node))


def _restore(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    node = run.topology.node_ref(table, "node", required=True, why=_needed("restore"))
    if node is not None and run.failed.pop(node.spec.name, None) is None:
        table.error(
            "node",
            _NOT_FAILED(name=node.spec.name),
        )
    return replace(spec, node=_name(node))


def _name(node: Node | None) -> str | None:
    return node.spec.name if node is not None else None


def _at(table: Table, where: KeyPath) -> str:
    """'script[3] on line 35'."""
    return _ON_LINE(where=format_key(where), line=table.report.line(where))


def _renumber(table: Table, spec: ActionSpec, run: _Run) -> ActionSpec:
    """RFC 4192: the link gains a new /64 prefix (a home link's MNs learn of it by Mobile
    Prefix Discovery, RFC 6275 §10.6); it must not be any link's prefix already."""
    why = _needed("renumber")
    link = run.topology.link_ref(table, "link", required=True, why=why)
    text = table.string("prefix", required=True, why=why)
    prefix = _parse_prefix(table, text) if text is not None else None
    if prefix is not None:
        if prefix.prefixlen != 64:
            table.error("prefix", _NOT_SLASH_64(prefix=prefix))
        taken = [other.spec.name for other in run.topology.links
                 if other.network is not None and other.network.overlaps(prefix)]
        if taken:
            table.error("prefix", _OVERLAPS_LINK(prefix=prefix, link=quote(taken[0])))
    return replace(spec, link=link.spec.name if link else None,
                   prefix=str(prefix) if prefix is not None else None)


_READERS = {
    "renumber": _renumber,
    "move": _move,
    "l2-trigger": _l2_trigger,
    "start-flow": _start_flow,
    "stop-flow": _stop_flow,
    "wait": _wait,
    "run-until": _run_until,
    "attack": _attack,
    "fail": _fail,
    "restore": _restore,
}
