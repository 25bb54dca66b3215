"""``[[explain]]``: narration tied to a message or an engine event rather than to a script action.

An explanation appears on the step where what it explains happens (issue 9 item 3: one
explanation per packet, never before it is on screen)::

    [[explain]]
    on = { message = "Home Test", to = "MN" }
    say = { en = "The Home Test reaches the MN through the HA's tunnel ...", ja = "..." }

Reading (:func:`read_explains`) checks every key against the topology; matching
(:class:`Explainer`) runs as a step listener while the lesson runs and counts occurrences so
that ``nth`` picks the second Home Test Init of a refresh. Nothing here knows about the UI.
"""

from __future__ import annotations

from collections.abc import Iterable

from mipviz.engine.timeline import Step
from mipviz.iana import MH_TYPE_NAMES
from mipviz.lesson._fields import Table
from mipviz.lesson._report import quote
from mipviz.lesson._says import say, why_texts
from mipviz.lesson._topology import Topology
from mipviz.lesson.schema import (
    EXPLAIN_EVENT_KINDS,
    ICMPV6_MESSAGES,
    ExplainSpec,
    Text,
    TriggerSpec,
)

_WHY = why_texts()
_E = {name: say(f"explain.{name}")() for name in ("one_of", "only_message")}

EXPLAIN_KEYS = ("on", "say")
ON_KEYS = ("message", "event", "node", "from", "to", "link", "tunnel", "nth")
MESSAGE_KEYS = ("from", "to", "link", "tunnel")  # only with `message`
MESSAGES: tuple[str, ...] = tuple(MH_TYPE_NAMES.values()) + ICMPV6_MESSAGES


def read_explains(root: Table, topology: Topology) -> tuple[ExplainSpec, ...]:
    """Every ``[[explain]]`` entry; problems go to *root*'s reporter."""
    found = []
    for table in root.tables("explain"):
        table.check_keys(EXPLAIN_KEYS)
        say = table.text("say", required=True, why=_WHY["explain_say"])
        on = table.table("on", required=True,
                         why=_WHY["explain_on"])
        trigger = _trigger(on, topology) if on is not None else None
        if say is not None and trigger is not None:
            found.append(ExplainSpec(trigger, say, table.line()))
    return tuple(found)


def _trigger(on: Table, topology: Topology) -> TriggerSpec | None:
    problems_before = len(on.report.problems)
    on.check_keys(ON_KEYS)
    has_message, has_event = on.has("message"), on.has("event")
    if has_message == has_event:
        on.error(None, _E["one_of"])
        return None
    message = on.choice("message", MESSAGES, "message") if has_message else None
    event = on.choice("event", EXPLAIN_EVENT_KINDS, "event") if has_event else None
    if has_event:
        for key in MESSAGE_KEYS:
            if on.has(key):
                on.error(key, _E["only_message"])
    node = topology.node_ref(on, "node")
    sender = topology.node_ref(on, "from")
    receiver = topology.node_ref(on, "to")
    link = topology.link_ref(on, "link")
    tunnel = on.integer("tunnel", None, minimum=0, maximum=8)
    nth = on.integer("nth", 1, minimum=1)
    if len(on.report.problems) > problems_before:
        return None
    return TriggerSpec(
        message=message,
        event=event,
        node=node.spec.name if node else None,
        sender=sender.spec.name if sender else None,
        receiver=receiver.spec.name if receiver else None,
        link=link.spec.name if link else None,
        tunnel=tunnel,
        nth=nth,
    )


def message_name(step: Step) -> str | None:
    """The innermost packet's message, as :data:`MESSAGES` names it; None without a frame."""
    from mipviz.engine.messages import MH_TYPE_NUMBERS, IPv6Packet, UnknownMobilityMessage

    packet = step.packet
    if packet is None:
        return None
    while isinstance(packet.payload, IPv6Packet):
        packet = packet.payload
    payload = packet.payload
    if isinstance(payload, UnknownMobilityMessage):
        return MH_TYPE_NAMES.get(payload.mh_type, f"Unknown ({payload.mh_type})")
    number = MH_TYPE_NUMBERS.get(type(payload))
    if number is not None:
        return MH_TYPE_NAMES[number]
    return _ICMP_NAMES.get(type(payload).__name__)


_ICMP_NAMES = {
    "EchoRequest": "Echo Request",
    "EchoReply": "Echo Reply",
    "RouterSolicitation": "Router Solicitation",
    "RouterAdvertisement": "Router Advertisement",
    "NeighborSolicitation": "Neighbor Solicitation",
    "NeighborAdvertisement": "Neighbor Advertisement",
    "DestinationUnreachable": "Destination Unreachable",
    "ParameterProblem": "Parameter Problem",
    "HomeAgentAddressDiscoveryRequest": "Home Agent Address Discovery Request",
    "HomeAgentAddressDiscoveryReply": "Home Agent Address Discovery Reply",
    "MobilePrefixSolicitation": "Mobile Prefix Solicitation",
    "MobilePrefixAdvertisement": "Mobile Prefix Advertisement",
    "UDPDatagram": "UDP",
    "RouterSolicitationForProxy": "Router Solicitation for Proxy Advertisement",  # RFC 5568
    "ProxyRouterAdvertisement": "Proxy Router Advertisement",
}


def _tunnel_depth(step: Step) -> int:
    from mipviz.engine.messages import IPv6Packet

    depth, packet = 0, step.packet
    while packet is not None and isinstance(packet.payload, IPv6Packet):
        depth, packet = depth + 1, packet.payload
    return depth


def _lost_note(kind: str, text: object) -> bool:
    """The flow's "N packet(s) lost" note (kind "note" in mipviz.engine.flows)."""
    return kind == "packets-lost" or (kind == "note" and "packet(s) lost" in str(text))


def matches(trigger: TriggerSpec, step: Step) -> bool:
    """Whether *step* is one occurrence of *trigger* (``nth`` aside)."""
    if trigger.event is not None:
        for event in step.events:
            if trigger.node is not None and event.node != trigger.node:
                continue
            if trigger.event == "packets-lost":
                if _lost_note(event.kind, event.text):
                    return True
            elif event.kind == trigger.event:
                return True
        return False
    if step.frame is None or message_name(step) != trigger.message:
        return False
    if trigger.node is not None and trigger.node not in (step.tx, step.rx):
        return False
    if trigger.sender is not None and step.tx != trigger.sender:
        return False
    if trigger.receiver is not None and step.rx != trigger.receiver:
        return False
    if trigger.link is not None and step.link != trigger.link:
        return False
    return trigger.tunnel is None or _tunnel_depth(step) == trigger.tunnel


class Explainer:
    """Counts each explanation's occurrences as steps are recorded; remembers where each one
    landed (step index) so the runner can attach its text."""

    def __init__(self, explains: Iterable[ExplainSpec]) -> None:
        self.explains = tuple(explains)
        self._seen = [0] * len(self.explains)
        self.placed: dict[int, list[Text]] = {}
        self.unplaced = set(range(len(self.explains)))

    def __call__(self, step: Step) -> None:
        for number in sorted(self.unplaced):
            spec = self.explains[number]
            if matches(spec.on, step):
                self._seen[number] += 1
                if self._seen[number] == spec.on.nth:
                    self.placed.setdefault(step.index, []).append(spec.say)
                    self.unplaced.discard(number)

    def missing(self, path: str) -> list[str]:
        """One problem per explanation that never found its step."""
        problems = []
        for number in sorted(self.unplaced):
            spec = self.explains[number]
            on = spec.on
            what = (f"message {quote(on.message)}" if on.message else f"event {quote(on.event)}")
            where = "".join(f" {key} {value}" for key, value in (
                ("node", on.node), ("from", on.sender), ("to", on.receiver),
                ("on link", on.link), ("tunnel", on.tunnel)) if value is not None)
            nth = f" (occurrence {on.nth}, seen {self._seen[number]})" if on.nth > 1 else ""
            problems.append(f"{path}:{spec.line}: explain[{number}]: {what}{where} never "
                            f"happened{nth}; the explanation was not shown")
        return problems


__all__ = ["EXPLAIN_KEYS", "MESSAGES", "ON_KEYS", "Explainer", "matches", "message_name",
           "read_explains"]
