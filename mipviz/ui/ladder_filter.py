"""What the sequence chart shows: every step, only the mobility signalling (RFC 6275 §6.1
Mobility Header messages), everything but Neighbor Discovery (RFC 4861 §4: RS, RA, NS, NA,
Redirect), or one node's traffic. The learner cycles it with ``f``; it stays while stepping.

A step's kind comes from its decoded packet when there is one (a lesson's steps, a decoded
replay step), else from its summary, which names the message the way Wireshark does (a
replay's steps before decoding), so a filter never has to decode a capture to skip a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mipviz.i18n import tr

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step
    from mipviz.ui.controller import View

KINDS = ("all", "mobility", "no_nd", "node")

# Message names as the summaries (and Wireshark) spell them.
MOBILITY_NAMES = ("Binding Update", "Binding Acknowledgement", "Binding Refresh Request",
                  "Binding Error", "Home Test Init", "Home Test", "Care-of Test Init",
                  "Care-of Test", "Mobility Header")
ND_NAMES = ("Router Solicitation", "Router Advertisement", "Neighbor Solicitation",
            "Neighbor Advertisement", "Redirect")
ND_TYPES = (133, 134, 135, 136, 137)
TUNNEL_PREFIX = "IPv6-in-IPv6: "


def classify(step: Step) -> str:
    """``"mobility"``, ``"nd"``, ``"other"`` (another frame) or ``"event"`` (no frame)."""
    packet = step.packet
    if packet is not None:
        from mipviz.engine import messages as m

        payload = packet.innermost.payload
        mobility = (m.BindingRefreshRequest, m.HomeTestInit, m.CareofTestInit, m.HomeTest,
                    m.CareofTest, m.BindingUpdate, m.BindingAcknowledgement, m.BindingError,
                    m.UnknownMobilityMessage)
        if isinstance(payload, mobility):
            return "mobility"
        if isinstance(payload, m.EncapsulatingSecurityPayload):
            # ESP between MN and HA (mipviz.engine.ipsec): the summary says what it carries.
            inner = step.summary.partition(": ")[2]
            return "mobility" if inner.startswith(MOBILITY_NAMES) else "other"
        nd = (m.RouterSolicitation, m.RouterAdvertisement, m.NeighborSolicitation,
              m.NeighborAdvertisement)
        if isinstance(payload, nd) or (isinstance(payload, m.UnknownICMPv6)
                                       and payload.icmp_type in ND_TYPES):
            return "nd"
        return "other"
    if step.kind != "frame" and step.frame_bytes is None:
        return "event"
    summary = step.summary.removeprefix("⊂⊃ ")
    while summary.startswith(TUNNEL_PREFIX):  # the tunnelled packet's own kind
        summary = summary[len(TUNNEL_PREFIX):]
    if summary.startswith(MOBILITY_NAMES):
        return "mobility"
    if summary.startswith(ND_NAMES):
        return "nd"
    return "other"


@dataclass(frozen=True, slots=True)
class LadderFilter:
    kind: str = "all"
    node: str | None = None  # for "node"

    def matches(self, step: Step) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "node":
            return (self.node in (step.tx, step.rx)
                    or any(event.node == self.node for event in step.events))
        kind = classify(step)
        if self.kind == "mobility":
            return kind == "mobility" or (kind == "event" and any(
                event.kind == "moved" for event in step.events))
        return kind != "nd"  # "no_nd"

    def describe(self, language: str, short: bool = False) -> str:
        """What the filter shows, in words (*short*: for a narrow header)."""
        key = ("ladder.filter.short." if short and self.kind != "all" else "ladder.filter.")
        if self.kind == "node":
            return tr(key + "node", language, node=self.node or "?")
        return tr(key + self.kind, language)


def next_filter(current: LadderFilter, view: View | None) -> LadderFilter:
    """The filter after *current* in the cycle; one node's traffic is the node selected on
    the map, else the first mobile node (the one a lesson is about)."""
    kind = KINDS[(KINDS.index(current.kind) + 1) % len(KINDS)]
    if kind != "node":
        return LadderFilter(kind)
    node = view.selected_node if view is not None else None
    if node is None and view is not None:
        nodes = view.prepared.lesson.topology.nodes
        mobile = [n.name for n in nodes
                  if n.role in ("mobile-node", "mobile-router", "mobile-host")]
        node = next(iter(mobile + [n.name for n in nodes]), None)
    return LadderFilter("node", node) if node is not None else LadderFilter("all")
