"""The handover phases FMIPv6 (RFC 5568) and a layer-2 delay add, for
:mod:`mipviz.analysis.handovers`.

``link-change``
    the layer-2 handover: the node's link goes down (event ``link-down``, a ``move`` with
    ``l2_delay``) → it is attached to the new link (event ``moved``);
``fast-handover-preparation``
    before the link change: the L2 trigger → the RtSolPr/PrRtAdv exchange, the NCoA formed, the
    FBU from the old link, HI/HAck between the access routers → the FBack on the old link
    (RFC 5568 §3.1); failed when the FBack refuses; reactive (no FBU from the old link), the
    L2 trigger → the PrRtAdv;
``una``
    on the new link: attached → the Unsolicited Neighbor Advertisement that announces the NCoA
    (§6.5), instead of movement detection and DAD;
``fast-binding``
    reactive mode: the FBU from the new link → its FBack (§3.3);
``buffered-delivery``
    the NAR releasing what it buffered for the NCoA, the UNA → the last buffered packet
    delivered.

Packets buffered are counted per flow: the flow packets an access router kept for the node
(event ``fmipv6-buffered``, at the NAR or, reactive, at the PAR) from the L2 trigger on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mipviz.model import fmipv6_messages as f
from mipviz.model.messages import IPv6Packet, NeighborAdvertisement

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline

PHASES = ("link-change", "fast-handover-preparation", "una", "fast-binding",
          "buffered-delivery")


def _events(step: Step, node: str | None, kind: str) -> bool:
    return any(event.kind == kind and (node is None or event.node == node)
               for event in step.events)


def before_move(timeline: Timeline, moved: Step, node: str) -> list[Step]:
    """The steps since the node's previous move (or the start), up to this one."""
    steps = timeline.steps[:moved.index - 1]
    start = 0
    for position in range(len(steps) - 1, -1, -1):
        if _events(steps[position], node, "moved"):
            start = position + 1
            break
    return list(steps[start:])


def link_down(prior: Sequence[Step], node: str) -> Step | None:
    """The step on which the node's link went down before this move (layer-2 delay)."""
    found = [step for step in prior if _events(step, node, "link-down")]
    return found[-1] if found else None


def preparation(prior: Sequence[Step], node: str) -> tuple[Step, Step | None, bool] | None:
    """(the L2 trigger, the FBack on the old link or None, refused) of this handover."""
    triggers = [step for step in prior if _events(step, node, "l2-trigger")]
    if not triggers:
        return None
    trigger = triggers[-1]
    advertised: Step | None = None
    for step in prior:
        if step.index <= trigger.index or step.rx != node:
            continue
        packet = _innermost(step)
        if packet is not None and isinstance(packet.payload, f.FastBindingAcknowledgment):
            return trigger, step, packet.payload.status >= 128
        if packet is not None and isinstance(packet.payload, f.ProxyRouterAdvertisement) and \
                advertised is None:
            advertised = step
    # Reactive: no FBU from the old link, so the preparation ends with the NCoA (PrRtAdv).
    return trigger, advertised, False


def una(on_link: Sequence[Step], node: str) -> Step | None:
    """The Unsolicited Neighbor Advertisement of the node on its new link (RFC 5568 §6.5)."""
    for step in on_link:
        packet = _innermost(step)
        if step.tx == node and packet is not None and \
                isinstance(packet.payload, NeighborAdvertisement) and \
                not packet.payload.override and not packet.payload.solicited and \
                packet.source == packet.payload.target:
            return step
    return None


def fast_binding(window: Sequence[Step], node: str) -> tuple[Step, Step | None] | None:
    """The FBU the node sent from the new link and the FBack that answers it (reactive)."""
    sent = _first(window, lambda s, p: s.tx == node and isinstance(p.payload,
                                                                  f.FastBindingUpdate))
    if sent is None:
        return None
    answer = _first(window, lambda s, p: s.rx == node and
                    isinstance(p.payload, f.FastBindingAcknowledgment), after=sent.index)
    return sent, answer


def buffered_delivery(window: Sequence[Step], start: Step, node: str) -> Step | None:
    """The arrival of the last packet the NAR released when the UNA on ``start`` reached it:
    it notes one ``fmipv6-buffer-delivered`` per packet, then sends them in that order."""
    released = [event for step in window if step.index >= start.index
                for event in step.events if event.kind == "fmipv6-buffer-delivered"]
    if not released:
        return None
    nar = released[0].node
    sent = [step for step in window if step.index > start.index and step.tx == nar
            and step.rx == node and step.frame is not None]
    return sent[len(released) - 1] if len(sent) >= len(released) else None


def buffered(steps: Sequence[Step], flow_packet: Callable[[Step], tuple[int, int] | None],
             names: dict[int, str]) -> dict[str, int]:
    """Per flow, the packets an access router kept (buffered or held) for the node."""
    kept: dict[int, set[int]] = {}
    for step in steps:
        if not _events(step, None, "fmipv6-buffered"):
            continue
        found = flow_packet(step)
        if found is not None:
            kept.setdefault(found[0], set()).add(found[1])
    return {names.get(number, f"flow {number}"): len(sequences)
            for number, sequences in sorted(kept.items())}


def _innermost(step: Step) -> IPv6Packet | None:
    return None if step.frame is None else step.frame.packet.innermost


def _first(steps: Sequence[Step], test: Callable[[Step, IPv6Packet], bool], *,
           after: int = 0) -> Step | None:
    for step in steps:
        if step.index <= after:
            continue
        packet = _innermost(step)
        if packet is not None and test(step, packet):
            return step
    return None
