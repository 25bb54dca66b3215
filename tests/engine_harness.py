"""A small harness for multi-node engine scenarios (tests/test_engine_*.py).

A scenario is a lesson topology written as TOML (checked by the real loader), built into a
:class:`~mipviz.engine.network.Network` and driven step by step from the test: move a node,
let virtual time pass, wait for an event, inspect the frames on the wire and the nodes' state
as a learner would see them in the timeline.

The standard network (addresses from PROTOCOL.md §15.4's example)::

        home 2001:db8:1::/64            visited 2001:db8:2::/64     visited2 2001:db8:4::/64
    MN (HoA ::100)   HA ::1              R2 ::1                      R4 ::1
                      \\                  |                          /
                       +--------- core 2001:db8:ff::/64 ------------+
                                          |
                                          R3 --- cn-net 2001:db8:3::/64 --- CN ::1 (H ::5)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from ipaddress import IPv6Address
from itertools import pairwise
from typing import Any

from mipviz.engine.messages import (
    AlternateCareofAddress,
    BindingAuthorizationData,
    IPv6Packet,
    NonceIndices,
)
from mipviz.engine.network import Network
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import BindingCacheEntry, BindingUpdateListEntry, Event, NodeState, Step
from mipviz.lesson.engine_topology import engine_topology
from mipviz.lesson.loader import parse_lesson

HOA = IPv6Address("2001:db8:1::100")
HA_ADDRESS = IPv6Address("2001:db8:1::1")
CN_ADDRESS = IPv6Address("2001:db8:3::1")
HOST_ADDRESS = IPv6Address("2001:db8:3::5")
MN_MAC = "02:00:00:00:01:00"
# Prefix + modified EUI-64 of MN_MAC, written out by hand (RFC 4291 App. A: 02 -> 00, ff:fe).
COA = IPv6Address("2001:db8:2::ff:fe00:100")
COA2 = IPv6Address("2001:db8:4::ff:fe00:100")

# Lesson TOML pieces, as str.format templates (``{{``/``}}`` are TOML's braces), shared with
# tests/discovery_harness.py: the same link prefixes, access router, CN-side router and CN.


def header(scenario: str, topic: str) -> str:
    """The lesson keys before the topology; ``{seed}`` is left to fill."""
    return (f'\nformat_version = 1\nid = "{scenario}"\ntitle = "{scenario.replace("-", " ")}"\n'
            f'topics = ["{topic}"]\nseed = {{seed}}\n')


def links(*names: str) -> str:
    """``[[topology.links]]`` tables for *names*, with the standard prefixes."""
    return "".join(f'\n[[topology.links]]\nname = "{name}"\nprefix = "{PREFIXES[name]}"\n'
                   for name in names)


PREFIXES = {"home": "2001:db8:1::/64", "visited": "2001:db8:2::/64",
            "visited2": "2001:db8:4::/64", "cn-net": "2001:db8:3::/64",
            "mnp": "2001:db8:10::/64", "core": "2001:db8:ff::/64"}

# R2 on the visited link (``{r2}``: keys a test adds to it)
VISITED_ROUTER = """
[[topology.nodes]]
name = "R2"
role = "router"
interfaces = [
    {{ link = "visited", address = "2001:db8:2::1" }},
    {{ link = "core", address = "2001:db8:ff::2" }},
]
{r2}
"""

# R3 between the core and the correspondent's link
CN_ROUTER = """
[[topology.nodes]]
name = "R3"
role = "router"
interfaces = [
    {{ link = "cn-net", address = "2001:db8:3::2" }},
    {{ link = "core", address = "2001:db8:ff::3" }},
]
"""

CORRESPONDENT = """
[[topology.nodes]]
name = "CN"
role = "correspondent"
link = "cn-net"
address = "2001:db8:3::1"
"""

_HEADER = header("engine-scenario", "S08") + links(
    "home", "visited", "visited2", "cn-net", "core") + """
[[topology.nodes]]
name = "HA"
role = "home-agent"
interfaces = [
    {{ link = "home", address = "2001:db8:1::1" }},
    {{ link = "core", address = "2001:db8:ff::1" }},
]
{ha}
""" + VISITED_ROUTER + """
[[topology.nodes]]
name = "R4"
role = "router"
interfaces = [
    {{ link = "visited2", address = "2001:db8:4::1" }},
    {{ link = "core", address = "2001:db8:ff::4" }},
]
""" + CN_ROUTER + """
[[topology.nodes]]
name = "MN"
role = "mobile-node"
link = "home"
mac = "02:00:00:00:01:00"
home_link = "home"
home_address = "2001:db8:1::100"
home_agent = "HA"
route_optimization = {route_optimization}
binding_lifetime = {binding_lifetime}
""" + CORRESPONDENT + """{cn}

[[topology.nodes]]
name = "H"
role = "host"
link = "cn-net"
address = "2001:db8:3::5"
"""


def lesson_text(*, seed: int = 1, route_optimization: bool = True, binding_lifetime: int = 420,
                cn: str = "", r2: str = "", ha: str = "", extra: str = "") -> str:
    """The standard topology as lesson TOML; ``cn``/``r2``/``ha`` add keys to those nodes,
    ``extra`` adds whole tables (more nodes)."""
    return _HEADER.format(seed=seed, route_optimization=str(route_optimization).lower(),
                          binding_lifetime=binding_lifetime, cn=cn, r2=r2, ha=ha) + extra


def build(**options: Any) -> Scenario:
    """Build the standard network (see :func:`lesson_text` for the options)."""
    lesson = parse_lesson(lesson_text(**options), "engine-scenario.toml")
    return Scenario(Network(engine_topology(lesson.topology), lesson.seed))


@dataclass
class Scenario:
    """A network plus the questions a test asks of its timeline."""

    net: Network

    # ------------------------------------------------------------------ driving
    @property
    def now(self) -> float:
        return self.net.sim.now / 1_000_000

    def node(self, name: str) -> Any:
        return self.net.node(name)

    def act(self, action: Callable[[], object]) -> None:
        """Run a script-like action at the current instant, recorded as the runner does."""
        self.net.sim.begin_action()
        action()
        self.net.sim.flush_action()

    def move(self, node: str, link: str) -> None:
        self.act(lambda: self.net.move(node, link))

    def run(self, duration: float) -> None:
        self.net.sim.run_until(self.net.sim.now + seconds(duration))

    def run_until(self, kind: str, node: str | None = None, timeout: float = 30.0,
                  where: Callable[[Event], bool] = lambda event: True) -> Step:
        """Run until a step holds an event ``kind`` (of ``node``); fail the test otherwise."""
        start = len(self.timeline)

        def seen() -> bool:
            return any(self._match(e, kind, node, where)
                       for s in self.timeline.steps[start:] for e in s.events)

        self.net.sim.run_until(self.net.sim.now + seconds(timeout), stop=seen)
        for step in self.timeline.steps[start:]:
            if any(self._match(e, kind, node, where) for e in step.events):
                return step
        raise AssertionError(f"no {kind} event{' on ' + node if node else ''} within "
                             f"{timeout} s (now {self.now:g} s)")

    @staticmethod
    def _match(event: Event, kind: str, node: str | None,
               where: Callable[[Event], bool]) -> bool:
        return event.kind == kind and (node is None or event.node == node) and where(event)

    def register(self, link: str = "visited") -> Step:
        """Move the MN to ``link`` and wait for its home registration's BA."""
        self.move("MN", link)
        return self.run_until("binding-acknowledgement-received", "MN", timeout=10)

    # ------------------------------------------------------------------ reading the timeline
    @property
    def timeline(self) -> Any:
        return self.net.timeline

    def mark(self) -> int:
        """The index of the last step so far (steps after it are 'since' this mark)."""
        return len(self.timeline)

    def steps(self, since: int = 0) -> list[Step]:
        return self.timeline.steps[since:]

    def events(self, kind: str | None = None, node: str | None = None,
               since: int = 0) -> list[tuple[Step, Event]]:
        return [(s, e) for s in self.steps(since) for e in s.events
                if (kind is None or e.kind == kind) and (node is None or e.node == node)]

    def texts(self, node: str | None = None, since: int = 0) -> list[str]:
        return [e.text for _, e in self.events(node=node, since=since)]

    def frames(self, payload: type | tuple[type, ...] | None = None, *, tx: str | None = None,
               link: str | None = None, since: int = 0,
               where: Callable[[Step], bool] = lambda step: True) -> list[Step]:
        """Frame steps whose innermost payload is a ``payload`` (sent by ``tx`` on ``link``)."""
        found = []
        for step in self.steps(since):
            if step.frame is None:
                continue
            if (tx is not None and step.tx != tx) or (link is not None and step.link != link):
                continue
            if payload is not None and not isinstance(innermost(step).payload, payload):
                continue
            if where(step):
                found.append(step)
        return found

    def state(self, node: str, at: int | None = None) -> NodeState:
        return self.timeline.state_at(node, self.mark() if at is None else at)

    def cache_entry(self, node: str, home_address: IPv6Address = HOA,
                    at: int | None = None) -> BindingCacheEntry | None:
        return next((e for e in self.state(node, at).binding_cache
                     if e.home_address == home_address), None)

    def bul_entry(self, peer: str, at: int | None = None) -> BindingUpdateListEntry | None:
        return next((e for e in self.state("MN", at).binding_update_list if e.peer == peer),
                    None)


LINK_DELAY = 1000  # µs: every link's default one-way delay (0.001 s)


def sent_at(step: Step) -> int:
    """When a frame left its sender: a step is recorded when the frame *arrives*."""
    return step.time - LINK_DELAY


def innermost(step: Step) -> IPv6Packet:
    assert step.packet is not None
    return step.packet.innermost


def option(message: Any, kind: type) -> Any:
    return next((o for o in message.options if isinstance(o, kind)), None)


def careof_option(message: Any) -> IPv6Address | None:
    found = option(message, AlternateCareofAddress)
    return None if found is None else found.address


def nonce_indices(message: Any) -> NonceIndices | None:
    return option(message, NonceIndices)


def authenticator(message: Any) -> bytes | None:
    last = message.options[-1] if message.options else None
    return last.authenticator if isinstance(last, BindingAuthorizationData) else None


def gaps(times: list[int]) -> list[float]:
    return [round((b - a) / 1_000_000, 6) for a, b in pairwise(times)]


# ---------------------------------------------------------------------- independent RR maths
# Written from RFC 6275 §5.2.5 / PROTOCOL.md §15.2 with hashlib/hmac, not with mipviz.engine.rr,
# so a mistake there cannot cancel out here.
def keygen_token(kcn: bytes, address: IPv6Address, nonce: bytes, suffix: int) -> bytes:
    return hmac.new(kcn, address.packed + nonce + bytes([suffix]), hashlib.sha1).digest()[:8]


def kbm(home_token: bytes, careof_token: bytes | None = None) -> bytes:
    return hashlib.sha1(home_token + (careof_token or b"")).digest()


def nonce_value(cn: Any, index: int) -> bytes:
    return next(n.value for n in cn.nonces.all() if n.index == index)


def walk(packet: IPv6Packet) -> Iterator[IPv6Packet]:
    """The packet and every packet tunnelled inside it, outermost first."""
    current: Any = packet
    while isinstance(current, IPv6Packet):
        yield current
        current = current.payload
