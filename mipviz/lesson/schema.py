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
    from mipviz.lesson.comparison import ComparisonRun

FORMAT_VERSION = 1

Role = Literal[
    "router", "home-agent", "mobile-node", "mobile-router", "correspondent", "host", "attacker",
    "map", "lma", "mag", "mobile-host",
    "access-router",
]
ROLES: tuple[str, ...] = (
    "router",
    "home-agent",
    "mobile-node",
    "mobile-router",
    "correspondent",
    "host",
    "attacker",
    "map",  # HMIPv6 Mobility Anchor Point (RFC 5380)
    "lma",  # PMIPv6 Local Mobility Anchor (RFC 5213)
    "mag",  # PMIPv6 Mobile Access Gateway (RFC 5213)
    "mobile-host",  # a plain IPv6 host that moves (a PMIPv6 mobile node)
    "access-router",  # an access router with FMIPv6: PAR and NAR (RFC 5568)
)
FAST_HANDOVERS: tuple[str, ...] = ("none", "predictive", "reactive")  # RFC 5568 §3
NEMO_MODES: tuple[str, ...] = ("implicit", "explicit")  # RFC 3963 §5.2
PREFIX_TABLES: tuple[str, ...] = ("auto", "none")
IPSEC_MODES: tuple[str, ...] = ("none", "esp", "esp-all")  # home agents (mipviz.engine.ipsec)

ActionKind = Literal[
    "move", "start-flow", "stop-flow", "wait", "run-until", "attack", "fail", "restore", "say",
    "renumber", "l2-trigger",
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
    "l2-trigger",  # RFC 5568 §3.1: the link layer names the coming access point
)

FlowKind = Literal["echo", "udp"]
FLOW_KINDS: tuple[str, ...] = ("echo", "udp")
AttackerMode = Literal["off-path", "eavesdropper", "home-registration"]
ATTACKER_MODES: tuple[str, ...] = ("off-path", "eavesdropper", "home-registration")


# Lecture topics a lesson may list in `topics`: the IDs of the lecture outline (S01..S28).
TOPIC_IDS: tuple[str, ...] = tuple(f"S{number:02d}" for number in range(1, 29))

# "documentation": every prefix inside 2001:db8::/32 (RFC 3849);
# "lecture": 2001:db8::/32 or the retired 6bone space 3ffe::/16 the 2003 deck uses.
Addressing = Literal["documentation", "lecture"]
ADDRESSING: tuple[str, ...] = ("documentation", "lecture")

# FMIPv6 (RFC 5568) events: the engine's access routers and fast-handover mobile nodes note
# these (mipviz.engine.access_router, mipviz.engine.fmipv6), and the layer-2 move its link-down.
FMIPV6_EVENT_KINDS: tuple[str, ...] = (
    "link-down",
    "l2-trigger",
    "fmipv6-proxy-advertisement",
    "fmipv6-ncoa-formed",
    "fmipv6-fbu-sent",
    "fmipv6-fbu-received",
    "fmipv6-handover-initiated",
    "fmipv6-hi-accepted",
    "fmipv6-handover-refused",
    "fmipv6-ncoa-assigned",
    "fmipv6-handover-acknowledged",
    "fmipv6-fback-sent",
    "fmipv6-fback-received",
    "fmipv6-buffered",
    "fmipv6-attached",
    "fmipv6-una-received",
    "fmipv6-buffer-delivered",
    "fmipv6-recovered",
)

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
    *FMIPV6_EVENT_KINDS,
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
    accept_handovers: bool = True  # access routers: accept HI as the NAR (RFC 5568 §6.2.2)
    home_agent_preference: int = 0  # home agents: HA Information option (RFC 6275 §7.4)
    ipsec: str = "none"  # home agents: "esp" protects MN–HA signalling (RFC 6275 §5.1)
    # mobile nodes
    fast_handover: str = "none"  # FAST_HANDOVERS: FMIPv6 mode (RFC 5568 §3)
    home_link: str | None = None
    home_address: str | None = None
    home_agent: str | None = None  # node name of the home agent; None: found by DHAAD
    route_optimization: bool = True
    binding_lifetime: int = 420  # seconds requested in home registrations (multiple of 4)
    # mobile routers (also the mobile-node keys): the first interface is the egress one,
    # the others the ingress links carrying the Mobile Network Prefixes (RFC 3963 §3)
    nemo_mode: str = "implicit"
    announced_prefixes: tuple[str, ...] | None = None  # explicit mode: MNP options sent
    egress_interfaces: int = 1  # 2: the second interface is a cellular egress (RFC 5648)
    # correspondents
    max_nonce_lifetime: int = 240
    nonce_interval: int = 30
    # attackers
    mode: AttackerMode | None = None
    victim: str | None = None  # the mobile node whose home address is attacked
    target: str | None = None  # the correspondent fooled into a binding
    # HMIPv6 (RFC 5380) and PMIPv6 (RFC 5213)
    hmipv6: bool = False  # mobile nodes
    map: str | None = None  # routers: the MAP whose option they relay
    map_preference: int = 10  # MAPs
    valid_prefixes: tuple[str, ...] | None = None  # MAPs: the prefixes LCoAs may come from
    lma: str | None = None  # MAGs, mobile hosts
    identifier: str | None = None  # mobile hosts: the MN-ID (an NAI)
    home_network_prefix: str | None = None  # mobile hosts
    requested_prefix: str | None = None  # mobile hosts: what the MAGs ask the LMA for
    clock_offset: float = 0.0  # MAGs: seconds their clock is off
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
    to: str | None = None  # move, l2-trigger: the link (to attach to / whose access point)
    l2_delay: float = 0.0  # move: seconds off every link before attaching (layer 2)
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
    "esp-protected",  # mipviz.engine.ipsec: a packet sent through an ESP SA
    "esp-verified",  # an ESP packet's ICV checked and its payload decrypted
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
    "Router Solicitation for Proxy Advertisement",  # FMIPv6, ICMPv6 154 (RFC 5568 §6.1)
    "Proxy Router Advertisement",
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
    comparison: tuple[ComparisonRun, ...] = ()  # runs compared side by side (lesson.comparison)
