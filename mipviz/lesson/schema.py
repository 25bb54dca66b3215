"""The lesson format, version 1, as typed values (the loader builds these from TOML).

Field-by-field documentation with examples is in ``docs/lesson-format.md``. Every piece of
text a learner reads is a :class:`Text`: one string per language, English the fallback.
Nothing here executes anything; a lesson is data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mipviz.lesson.languages import LANGUAGES as LANGUAGES  # re-exported
from mipviz.lesson.quiz import QuizSpec

if TYPE_CHECKING:
    from mipviz.lesson.challenge import ChallengeSpec

FORMAT_VERSION = 1

Role = Literal[
    "router", "home-agent", "mobile-node", "mobile-router", "correspondent", "host", "attacker"
]
ROLES: tuple[str, ...] = (
    "router",
    "home-agent",
    "mobile-node",
    "mobile-router",
    "correspondent",
    "host",
    "attacker",
)
NEMO_MODES: tuple[str, ...] = ("implicit", "explicit")  # RFC 3963 §5.2
PREFIX_TABLES: tuple[str, ...] = ("auto", "none")

ActionKind = Literal[
    "move", "start-flow", "stop-flow", "wait", "run-until", "attack", "fail", "restore", "say",
    "renumber",
]
ACTIONS: tuple[str, ...] = (
    "move",
    "start-flow",
    "stop-flow",
    "wait",
    "run-until",
    "attack",
    "fail",
    "restore",
    "say",
    "renumber",  # a link gains a new prefix, its old one is deprecated (RFC 4192)
)

FlowKind = Literal["echo", "udp"]
FLOW_KINDS: tuple[str, ...] = ("echo", "udp")
AttackerMode = Literal["off-path", "eavesdropper"]
ATTACKER_MODES: tuple[str, ...] = ("off-path", "eavesdropper")


# Lecture topics a lesson may list in `topics`: the IDs of the lecture outline (S01..S28).
TOPIC_IDS: tuple[str, ...] = tuple(f"S{number:02d}" for number in range(1, 29))

# "documentation": every prefix inside 2001:db8::/32 (RFC 3849);
# "lecture": 2001:db8::/32 or the retired 6bone space 3ffe::/16 the 2003 deck uses.
Addressing = Literal["documentation", "lecture"]
ADDRESSING: tuple[str, ...] = ("documentation", "lecture")

# Event kinds a `run-until` can wait for (the engine emits these; see mipviz.engine.events).
EVENT_KINDS: tuple[str, ...] = (
    "moved",
    "movement-detected",
    "care-of-address-configured",
    "returned-home",
    "binding-update-sent",
    "binding-update-received",
    "binding-acknowledgement-received",
    "binding-created",
    "binding-refreshed",
    "binding-deleted",
    "binding-expired",
    "return-routability-complete",
    "route-optimised",
    "binding-refresh-request-received",
    "binding-error-received",
    "data-delivered",
    "attack-succeeded",
    "attack-failed",
)


@dataclass(frozen=True, slots=True)
class Text:
    """Learner-facing text in one or more languages; ``get`` falls back to English."""

    by_language: tuple[tuple[str, str], ...]

    def get(self, language: str = "en") -> str:
        table = dict(self.by_language)
        return table.get(language) or table.get("en") or next(iter(table.values()), "")

    @staticmethod
    def plain(text: str) -> Text:
        return Text((("en", text),))


@dataclass(frozen=True, slots=True)
class LinkSpec:
    name: str
    prefix: str  # e.g. "2001:db8:1::/64"
    delay: float = 0.001  # seconds, one-way
    line: int = 0


@dataclass(frozen=True, slots=True)
class InterfaceSpec:
    link: str
    address: str | None = None  # None: SLAAC with an EUI-64 interface identifier
    mac: str | None = None  # None: derived deterministically from node and link names
    line: int = 0


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """One node. Which fields apply depends on ``role`` (docs/lesson-format.md)."""

    name: str
    role: Role
    interfaces: tuple[InterfaceSpec, ...]
    position: tuple[float, float] | None = None
    label: Text | None = None
    # routers and home agents
    advertise: bool = True
    ra_interval: float = 0.0  # seconds between unsolicited RAs; 0 = only answer solicitations
    home_agent_lifetime: int = 1800
    mobile_router_support: bool = True  # home agents: accept R=1 registrations (RFC 3963)
    prefix_table: str = "auto"  # home agents: "auto" knows every MR's prefixes, "none" none
    home_agent_preference: int = 0  # home agents: HA Information option (RFC 6275 §7.4)
    # mobile nodes
    home_link: str | None = None
    home_address: str | None = None
    home_agent: str | None = None  # node name of the home agent; None: found by DHAAD
    route_optimization: bool = True
    binding_lifetime: int = 420  # seconds requested in home registrations (multiple of 4)
    # mobile routers (also the mobile-node keys): the first interface is the egress one,
    # the others the ingress links carrying the Mobile Network Prefixes (RFC 3963 §3)
    nemo_mode: str = "implicit"
    announced_prefixes: tuple[str, ...] | None = None  # explicit mode: MNP options sent
    # correspondents
    max_nonce_lifetime: int = 240
    nonce_interval: int = 30
    # attackers
    mode: AttackerMode | None = None
    victim: str | None = None  # the mobile node whose home address is attacked
    target: str | None = None  # the correspondent fooled into a binding
    line: int = 0


@dataclass(frozen=True, slots=True)
class TopologySpec:
    links: tuple[LinkSpec, ...]
    nodes: tuple[NodeSpec, ...]


@dataclass(frozen=True, slots=True)
class UntilSpec:
    event: str
    node: str | None = None
    timeout: float = 60.0


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One `[[script]]` entry. Actions run in order; time advances only by wait/run-until."""

    action: ActionKind
    node: str | None = None  # move, attack, fail, restore
    to: str | None = None  # move: the link to attach to
    link_layer_hint: bool = True  # move: False = the node learns of it from missed RAs only
    link: str | None = None  # renumber: the link
    prefix: str | None = None  # renumber: its new prefix
    flow: str | None = None  # start-flow / stop-flow: the flow's name
    source: str | None = None  # start-flow
    destination: str | None = None  # start-flow
    kind: FlowKind = "echo"  # start-flow
    interval: float = 1.0  # start-flow: seconds between packets
    count: int = 0  # start-flow: 0 = until stopped
    seconds: float = 0.0  # wait
    until: UntilSpec | None = None  # run-until
    say: Text | None = None
    quiz: QuizSpec | None = None  # asked just before the action runs (mipviz.lesson.quiz)
    line: int = 0


# What else an `[[explain]]` may wait for, besides EVENT_KINDS: the engine's notes of
# tunnelling, address swaps and drops (mipviz.engine: home_agent, mobile_node, correspondent).
EXPLAIN_EVENT_KINDS: tuple[str, ...] = (
    *EVENT_KINDS,
    "encapsulate",
    "decapsulate",
    "swap",
    "drop",
    "packets-lost",  # a flow's delivery after a gap: the engine's "N packet(s) lost" note
)

# Message names an `[[explain]]` may wait for: the innermost packet's message, named as
# Wireshark names it (the Mobility Header types of RFC 6275 §6.1 and RFC 5568, then ICMPv6).
ICMPV6_MESSAGES: tuple[str, ...] = (
    "Echo Request",
    "Echo Reply",
    "Router Solicitation",
    "Router Advertisement",
    "Neighbor Solicitation",
    "Neighbor Advertisement",
    "Destination Unreachable",
    "Parameter Problem",
    "Home Agent Address Discovery Request",  # RFC 6275 §6.5-6.8
    "Home Agent Address Discovery Reply",
    "Mobile Prefix Solicitation",
    "Mobile Prefix Advertisement",
    "UDP",
)


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """When an explanation appears: the *nth* step carrying *message* (optionally sent by
    *sender*, received by *receiver*, with *node* at either end, on *link*, inside *tunnel*
    IPv6-in-IPv6 headers) or noting *event* (optionally at *node*)."""

    message: str | None = None
    event: str | None = None
    node: str | None = None
    sender: str | None = None  # TOML key `from`
    receiver: str | None = None  # TOML key `to`
    link: str | None = None
    tunnel: int | None = None  # number of outer IPv6 headers; None: any
    nth: int = 1


@dataclass(frozen=True, slots=True)
class ExplainSpec:
    """One `[[explain]]` entry: *say* shown on the step where *on* first (or nth) happens."""

    on: TriggerSpec
    say: Text
    line: int = 0


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    title: Text
    topics: tuple[str, ...]
    topology: TopologySpec
    script: tuple[ActionSpec, ...]
    summary: Text | None = None
    seed: int = 1
    addressing: Addressing = "documentation"  # see ADDRESSING
    path: str = ""
    explains: tuple[ExplainSpec, ...] = ()  # narration tied to a message or an event
    challenge: ChallengeSpec | None = None  # a level to solve (mipviz.lesson.challenge)
