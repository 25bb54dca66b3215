"""The registration phases of HMIPv6 and PMIPv6 handovers, for :mod:`mipviz.analysis.handovers`.

``local-registration``
    HMIPv6 (RFC 5380 §6.1): the mobile node's local Binding Update (M flag) to its MAP → the
    MAP's acknowledgement. Inside a MAP domain it is the whole registration: no Binding Update
    goes to the home agent while the regional care-of address stays the same.
``proxy-registration``
    PMIPv6 (RFC 5213 §6.9.1.1): the new MAG's Proxy Binding Update (P flag) → the LMA's
    Proxy Binding Acknowledgement. The mobile node sends nothing; the phase is the network's.
``router-advertisement``
    PMIPv6 (§6.9.2): the PBA → the MAG's Router Advertisement with the home network prefix
    reaching the mobile node, which then finds its prefix (and its address) unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    IPv6Packet,
    RouterAdvertisement,
)
from mipviz.engine.timeline import Step, Timeline
from mipviz.i18n import Msg, msg

PHASES = ("local-registration", "proxy-registration", "router-advertisement")


@dataclass(frozen=True, slots=True)
class Found:
    """A phase's first and last steps (``last`` None: unfinished) and whether it failed."""

    name: str
    first: Step
    last: Step | None
    failed: bool = False


def _innermost(step: Step) -> IPv6Packet | None:
    return None if step.frame is None else step.frame.packet.innermost


def _first(steps: Sequence[Step], after: int,
           test: Callable[[Step, IPv6Packet], bool]) -> Step | None:
    for step in steps:
        packet = _innermost(step)
        if step.index > after and packet is not None and test(step, packet):
            return step
    return None


def is_local_update(packet: IPv6Packet) -> bool:
    return isinstance(packet.payload, BindingUpdate) and packet.payload.map_registration


def is_proxy_update(packet: IPv6Packet) -> bool:
    return isinstance(packet.payload, BindingUpdate) and packet.payload.proxy_registration


def local_registration(window: Sequence[Step], node: str, after: int) -> Found | None:
    """The local BU the node sends after step ``after``, and the MAP's BA that accepts it."""
    update = _first(window, after, lambda s, p: s.tx == node and is_local_update(p))
    if update is None:
        return None
    packet = _innermost(update)
    assert packet is not None
    anchor, sequence = packet.destination, packet.payload.sequence  # type: ignore[union-attr]
    answer = _first(window, update.index, lambda s, p: s.rx == node and p.source == anchor and
                    isinstance(p.payload, BindingAcknowledgement) and
                    p.payload.sequence == sequence)
    failed = answer is not None and _status(answer) >= 128
    return Found("local-registration", update, answer, failed)


def proxy_registration(timeline: Timeline, window: Sequence[Step], node: str, link: str,
                       after: int) -> list[Found]:
    """The PBU a MAG on ``link`` sends after step ``after`` (a registration, not the old MAG's
    deregistration), the LMA's PBA to it, then the RA that brings the node its prefix."""
    def on_link(name: str | None, index: int) -> bool:
        return name is not None and link in timeline.state_at(name, index).links

    update = _first(window, after, lambda s, p: is_proxy_update(p) and
                    p.payload.lifetime > 0 and on_link(s.tx, s.index))  # type: ignore[union-attr]
    if update is None:
        return []
    packet = _innermost(update)
    assert packet is not None
    gateway, sequence = update.tx, packet.payload.sequence  # type: ignore[union-attr]
    answer = _first(window, update.index, lambda s, p: s.rx == gateway and
                    isinstance(p.payload, BindingAcknowledgement) and
                    p.payload.proxy_registration and p.payload.sequence == sequence)
    found = [Found("proxy-registration", update, answer,
                   answer is not None and _status(answer) >= 128)]
    if answer is not None and not found[0].failed:
        advertisement = _first(window, answer.index, lambda s, p: s.rx == node and
                               s.link == link and isinstance(p.payload, RouterAdvertisement)
                               and bool(p.payload.prefixes))
        found.append(Found("router-advertisement", answer, advertisement))
    return found


def _status(step: Step) -> int:
    packet = _innermost(step)
    assert packet is not None and isinstance(packet.payload, BindingAcknowledgement)
    return packet.payload.status


def notes(phase_names: Sequence[str]) -> list[Msg]:
    """What the phases say about who signalled (for the text report)."""
    found: list[Msg] = []
    if "local-registration" in phase_names and "home-registration" not in phase_names:
        found.append(msg("handover.note.no-home-bu"))
    if "proxy-registration" in phase_names:
        found.append(msg("handover.note.network-based"))
    return found
