"""The handover, measured (lecture S23): every move of a mobile node or router, phase by phase.

From a run's Timeline alone — the frames on its steps, the structured event kinds and the node
states — this finds each layer-2 move (an event of kind ``moved``) and measures what follows on
the new link until traffic reaches the node again:

``link-attach``
    the layer-2 handover to the first Router Solicitation: RFC 4861 §6.3.7 delays it by a
    random time of up to MAX_RTR_SOLICITATION_DELAY (1 s);
``movement-detection``
    Router Solicitation → the Router Advertisement that shows the move (RFC 6275 §11.5.1);
``dad``
    duplicate address detection of the new care-of address (RFC 4862 §5.4): the Neighbor
    Solicitation from the unspecified address → the address is valid (event
    ``care-of-address-configured``);
``ha-address-resolution``
    back home only: the Neighbor Solicitation from the unspecified address for the node's own
    home address, which the home agent answers by proxy with its link-layer address, sent
    instead of DAD for the home address (RFC 6275 §11.5.5; before issue 11 the engine asked
    for the home agent's address itself, which is still recognised);
``home-registration`` / ``home-deregistration``
    the Binding Update to the home agent → its accepting Binding Acknowledgement (§11.7.1,
    §11.7.3; lifetime 0 when back home, §11.5.5);
``first-packet``
    the acknowledgement → the first packet of a flow that reaches the node on its new link;
``return-routability`` (per correspondent)
    the first Home/Care-of Test Init → the last Test that answers them (§5.2.5, §11.6);
``correspondent-registration`` (per correspondent)
    the Binding Update to the correspondent → its Binding Acknowledgement (§11.7.2).

With a layer-2 delay (a ``move`` with ``l2_delay``) the handover starts when the link goes down
and a ``link-change`` phase leads; with FMIPv6 (RFC 5568) the ``una`` phase replaces movement
detection and DAD, and the preparation before the link change, the reactive fast binding and
the NAR's release of its buffer are measured too (:mod:`mipviz.analysis.fast_handovers`).

A phase spans the steps that make it up: it starts at the step of its first frame (or event)
and ends at the step of its last, so its times are exactly those ``mipviz trace`` prints (a
frame's step is its arrival on the link). Phases of the node's own attachment follow one
another; Return Routability and the correspondent registration may run alongside. The total
runs from the move to the first packet delivered at the new address (or, with no traffic, to
the end of the last phase). Packets lost per flow are counted as the engine's flow notes count
them: at the flow's first delivery after the handover, the sequence numbers missing since the
one delivered before, less those that still arrive later (packets an FMIPv6 PAR kept can be
overtaken by the new path: late, not lost).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from ipaddress import IPv6Address
from typing import TYPE_CHECKING, Any

from mipviz.analysis import fast_handovers as fast
from mipviz.analysis import handover_domains as domains
from mipviz.engine.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    EchoReply,
    EchoRequest,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    NeighborAdvertisement,
    NeighborSolicitation,
    ParameterProblem,
    RouterAdvertisement,
    RouterSolicitation,
    UDPDatagram,
)
from mipviz.engine.timeline import MICROSECONDS, Step, Timeline

if TYPE_CHECKING:
    from mipviz.explain.secrets import EspKey
    from mipviz.lesson.schema import Lesson

UNSPECIFIED = IPv6Address("::")
PHASES = ("link-change", "fast-handover-preparation", "link-attach", "movement-detection",
          "una", "dad", "ha-address-resolution", "home-registration", "home-deregistration",
          "first-packet", "return-routability", "correspondent-registration", "fast-binding",
          "buffered-delivery", *domains.PHASES)
# Phases of the node's own attachment, in the order they follow one another.
SEQUENTIAL = ("link-change", "link-attach", "movement-detection", "una", "dad",
              "ha-address-resolution", "home-registration", "home-deregistration",
              "first-packet", *domains.PHASES)


@dataclass(frozen=True, slots=True)
class Phase:
    name: str  # one of PHASES
    start: int  # virtual µs, the time of step ``first_step``
    end: int | None  # None: not finished when the run ended
    first_step: int
    last_step: int | None
    peer: str | None = None  # the correspondent, for return-routability and its registration
    outcome: str = "done"  # "done" | "failed" (refused, not understood) | "unfinished"

    @property
    def duration(self) -> int | None:
        return None if self.end is None else self.end - self.start


@dataclass(frozen=True, slots=True)
class Handover:
    node: str
    from_link: str
    to_link: str
    step: int  # the step of the move
    start: int  # virtual µs of the move
    phases: tuple[Phase, ...]
    first_packet: int | None  # the first flow packet through the new address (µs), if any
    first_packet_step: int | None
    lost: Mapping[str, int] = field(default_factory=dict)  # flow name -> packets lost
    # flow name -> packets an FMIPv6 access router kept for the node and delivered later
    buffered: Mapping[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """The node is reachable at its new address: every phase of its own attachment done."""
        own = [phase for phase in self.phases if phase.name in SEQUENTIAL]
        return bool(own) and all(phase.outcome == "done" for phase in own)

    @property
    def end(self) -> int | None:
        """The first packet, or with no traffic the end of the last phase; None if the node
        never became reachable at its new address."""
        if not self.complete:
            return None
        if self.first_packet is not None:
            return self.first_packet
        return max(phase.end for phase in self.phases if phase.end is not None)

    @property
    def total(self) -> int | None:
        end = self.end
        return None if end is None else end - self.start

    @property
    def span_end(self) -> int:
        """The latest instant any phase reaches (what a time-scaled bar must show)."""
        times = [self.start, *(p.end if p.end is not None else p.start for p in self.phases)]
        if self.first_packet is not None:
            times.append(self.first_packet)
        return max(times)

    def phase(self, name: str) -> Phase | None:
        return next((phase for phase in self.phases if phase.name == name), None)


def flow_names(lesson: Lesson) -> dict[int, str]:
    """Flow number -> name, numbered as :meth:`mipviz.engine.network.Network.start_flow`
    numbers them (the echo identifier, or the UDP source port minus 40000)."""
    started: dict[str, int] = {}
    names: dict[int, str] = {}
    for action in lesson.script:
        if action.action == "start-flow" and action.flow:
            number = len(started) + 1
            started[action.flow] = number
            names[number] = action.flow
    return names


def find_handovers(timeline: Timeline, flows: Mapping[int, str] | None = None,
                   esp: Mapping[int, EspKey] | None = None) -> list[Handover]:
    """Every move in ``timeline``, measured. ``flows`` names the flows by number (see
    :func:`flow_names`); unnamed ones are called ``flow N``. ``esp``: the run's SA keys
    (``RunSecrets.esp``), to read the BU/BA and HoTI/HoT sent inside ESP (RFC 6275 §5.1;
    :mod:`mipviz.analysis.decrypted`)."""
    if esp:
        from mipviz.analysis.decrypted import decrypted_timeline

        timeline = decrypted_timeline(timeline, esp)
    steps = timeline.steps
    moves = [(step, event.node) for step in steps for event in step.events
             if event.kind == "moved"]
    if not moves:
        return []
    deliveries = _deliveries(steps)
    result = []
    for position, (step, node) in enumerate(moves):
        later = [s.index for s, n in moves[position + 1:] if n == node]
        window_end = later[0] - 1 if later else len(steps)
        result.append(_measure(timeline, step, node, window_end, deliveries, flows or {}))
    return result


# ------------------------------------------------------------------------------ measuring


def _measure(timeline: Timeline, moved: Step, node: str, window_end: int,
             deliveries: Mapping[int, list[_Delivery]], flows: Mapping[int, str]) -> Handover:
    prior = fast.before_move(timeline, moved, node)
    down = fast.link_down(prior, node)  # a layer-2 delay: the handover starts at link loss
    before = timeline.state_at(node, (down or moved).index - 1)
    after = timeline.state_at(node, moved.index)
    new_link = after.links[0] if after.links else ""
    old_link = before.links[0] if before.links else ""
    home_agent = next((entry.peer_address for entry in before.binding_update_list
                       if entry.home_registration), None)
    # Back home, the NS that finds the home agent targets the home address (§11.5.5).
    resolved = {a for a in (home_agent, after.home_address) if a is not None}
    window = timeline.steps[moved.index:window_end]  # the steps after the move
    on_link = [s for s in window if s.frame is not None and s.link == new_link]

    phases: list[Phase] = []
    if down is not None:
        phases.append(_phase("link-change", down, moved))
    prepared = fast.preparation(prior, node)
    if prepared is not None:
        trigger, fback, refused = prepared
        phases.append(_phase("fast-handover-preparation", trigger, fback,
                             outcome="failed" if refused else "done"))
    announced = fast.una([moved, *on_link], node)  # sent as the node attaches
    solicitation = _first(on_link, lambda s, p: s.tx == node and
                          isinstance(p.payload, RouterSolicitation))
    if announced is not None and (solicitation is None or announced.index < solicitation.index):
        return _measure_fast(timeline, moved, down, node, window, on_link, phases, announced,
                             deliveries, flows, old_link, new_link, prior)
    detected = _first(window, lambda s, p: _has_event(s, node, "movement-detected"),
                      frames_only=False)
    if detected is None:  # back home: the Router Advertisement with the home prefix
        detected = _first(on_link, lambda s, p: s.rx in (node, None) and s.tx != node and
                          isinstance(p.payload, RouterAdvertisement),
                          after=solicitation.index if solicitation else 0)
    if solicitation is not None and (detected is None or solicitation.index < detected.index):
        phases.append(_phase("link-attach", moved, solicitation))
    # PMIPv6: the MAG registers the node (PBU → PBA) and then advertises its prefix; that RA
    # is what the node detects, so it replaces the plain RS → RA phase (RFC 5213 §6.9.2).
    proxied = domains.proxy_registration(timeline, window, node, new_link,
                                         (solicitation or moved).index - 1)
    for found in proxied:
        phases.append(_phase(found.name, found.first, found.last,
                             outcome="failed" if found.failed else "done"))
    if proxied:
        detected = proxied[-1].last if not proxied[-1].failed else None
    elif detected is not None:
        phases.append(_phase("movement-detection", solicitation or moved, detected))
    last = detected or solicitation or moved

    addresses = _addresses(timeline)
    dad = _first(on_link, lambda s, p: s.tx == node and p.source == UNSPECIFIED and
                 isinstance(p.payload, NeighborSolicitation) and
                 p.payload.target not in resolved, after=last.index)
    if dad is not None:
        configured = _first(window, lambda s, p: _has_event(s, node, "care-of-address-configured"),
                            frames_only=False, after=dad.index - 1)
        phases.append(_phase("dad", dad, configured))
        last = configured or dad
    resolution = None
    if home_agent is not None:
        resolution = _first(on_link, lambda s, p: s.tx == node and p.source == UNSPECIFIED and
                            isinstance(p.payload, NeighborSolicitation) and
                            p.payload.target in resolved, after=last.index)
    if resolution is not None:
        solicited = _innermost(resolution)
        target = solicited.payload.target if solicited is not None and isinstance(
            solicited.payload, NeighborSolicitation) else None
        answer = _first(on_link, lambda s, p: s.rx in (node, None) and s.tx != node and
                        isinstance(p.payload, NeighborAdvertisement) and
                        p.payload.target == target, after=resolution.index)
        phases.append(_phase("ha-address-resolution", resolution, answer))
        last = answer or resolution

    reachable: Step | None = last if not (proxied and detected is None) else None
    # HMIPv6: the local BU to the MAP (RFC 5380 §6.1) comes first; a home registration follows
    # only when the regional care-of address changed.
    local = domains.local_registration(window, node, last.index - 1)
    if local is not None:
        phases.append(_phase(local.name, local.first, local.last,
                             outcome="failed" if local.failed else "done"))
        reachable = local.last if not local.failed else None
        last = local.last or local.first
    update = _first(window, lambda s, p: s.tx == node and isinstance(p.payload, BindingUpdate)
                    and p.payload.home_registration, after=last.index - 1)
    if update is not None:
        packet = _innermost(update)
        assert packet is not None and isinstance(packet.payload, BindingUpdate)
        agent = packet.destination
        name = "home-deregistration" if packet.payload.lifetime == 0 else "home-registration"
        answers = [s for s in window if s.index > update.index and s.rx == node and
                   (p := _innermost(s)) is not None and p.source == agent and
                   isinstance(p.payload, BindingAcknowledgement)]
        accepted = next((s for s in answers if _status(s) < 128), None)
        if accepted is not None:
            phases.append(_phase(name, update, accepted))
            reachable = accepted
        elif answers:  # refused (RFC 6275 §6.1.8 status >= 128) and never accepted after
            phases.append(_phase(name, update, answers[-1], outcome="failed"))
            reachable = None
        else:
            phases.append(_phase(name, update, None))
            reachable = None  # not registered: nothing reaches the new address through the HA
    first = None
    if reachable is not None:
        # The first packet of a flow to or from the node on its new link once it is reachable
        # (a one-way flow out of a mobile network only ever leaves).
        first = _first(on_link, lambda s, p: node in (s.rx, s.tx) and
                       isinstance(p.payload, EchoRequest | EchoReply | UDPDatagram),
                       after=reachable.index)
        if first is not None and reachable is not moved:
            phases.append(_phase("first-packet", reachable, first))
    phases.extend(_correspondents(window, node, addresses))
    phases.sort(key=lambda phase: (phase.start, PHASES.index(phase.name)))
    lost = _lost(window, node, first, deliveries, flows)
    return Handover(node=node, from_link=old_link, to_link=new_link, step=moved.index,
                    start=(down or moved).time, phases=tuple(phases),
                    first_packet=first.time if first else None,
                    first_packet_step=first.index if first else None, lost=lost,
                    buffered=fast.buffered([*prior, *window[:_until(first, window)]],
                                           _flow_packet, dict(flows)))


def _until(first: Step | None, window: Sequence[Step]) -> int:
    """How many steps of ``window`` come up to the first packet (all of them without one)."""
    if first is None:
        return len(window)
    return next((n + 1 for n, step in enumerate(window) if step.index == first.index),
                len(window))


def _measure_fast(timeline: Timeline, moved: Step, down: Step | None, node: str,
                  window: Sequence[Step], on_link: Sequence[Step], phases: list[Phase],
                  announced: Step, deliveries: Mapping[int, list[_Delivery]],
                  flows: Mapping[int, str], old_link: str, new_link: str,
                  prior: Sequence[Step]) -> Handover:
    """An FMIPv6 arrival (RFC 5568): UNA, the NAR's buffer, the home registration."""
    phases.append(_phase("una", moved, announced))
    released = fast.buffered_delivery([moved, *window], announced, node)
    if released is not None:
        phases.append(_phase("buffered-delivery", announced, released))
    binding = fast.fast_binding(window, node)
    if binding is not None:
        sent, answer = binding
        answered = _innermost(answer) if answer is not None else None
        refused = answered is not None and getattr(answered.payload, "status", 0) >= 128
        phases.append(_phase("fast-binding", sent, answer,
                             outcome="failed" if refused else "done"))
    reachable: Step = announced
    update = _first(window, lambda s, p: s.tx == node and isinstance(p.payload, BindingUpdate)
                    and p.payload.home_registration, after=announced.index - 1)
    if update is not None:
        packet = _innermost(update)
        assert packet is not None
        agent = packet.destination
        answers = [s for s in window if s.index > update.index and s.rx == node and
                   (p := _innermost(s)) is not None and p.source == agent and
                   isinstance(p.payload, BindingAcknowledgement)]
        accepted = next((s for s in answers if _status(s) < 128), None)
        phases.append(_phase("home-registration", update, accepted or
                             (answers[-1] if answers else None),
                             outcome="done" if accepted or not answers else "failed"))
    # Reached as soon as the NAR releases its buffer (or the UNA, with nothing buffered): the
    # PAR's tunnel carries the flow before the home agent knows the NCoA.
    first = _first(on_link, lambda s, p: node in (s.rx, s.tx) and
                   isinstance(p.payload, EchoRequest | EchoReply | UDPDatagram),
                   after=reachable.index)
    if first is not None:
        phases.append(_phase("first-packet", announced, first))
    phases.extend(_correspondents(window, node, _addresses(timeline)))
    phases.sort(key=lambda phase: (phase.start, PHASES.index(phase.name)))
    lost = _lost(window, node, first, deliveries, flows)
    return Handover(node=node, from_link=old_link, to_link=new_link, step=moved.index,
                    start=(down or moved).time, phases=tuple(phases),
                    first_packet=first.time if first else None,
                    first_packet_step=first.index if first else None, lost=lost,
                    buffered=fast.buffered([*prior, *window[:_until(first, window)]],
                                           _flow_packet, dict(flows)))


def _correspondents(window: Sequence[Step], node: str,
                    addresses: Mapping[IPv6Address, str]) -> list[Phase]:
    """The first Return Routability round and correspondent registration with each peer."""
    phases: list[Phase] = []
    peers: list[IPv6Address] = []
    for step in window:
        packet = _innermost(step)
        if packet is not None and step.tx == node and \
                isinstance(packet.payload, HomeTestInit | CareofTestInit | BindingUpdate) and \
                not (isinstance(packet.payload, BindingUpdate) and
                     (packet.payload.home_registration or domains.is_local_update(packet))) \
                and packet.destination not in peers:
            peers.append(packet.destination)
    for peer in peers:
        name = addresses.get(peer, str(peer))
        init = _first(window, lambda s, p, peer=peer: s.tx == node and p.destination == peer
                      and isinstance(p.payload, HomeTestInit | CareofTestInit))
        update = _first(window, lambda s, p, peer=peer: s.tx == node and p.destination == peer
                        and isinstance(p.payload, BindingUpdate))
        if init is not None and (update is None or init.index < update.index):
            phases.append(_return_routability(window, node, peer, name, init, update))
        if update is not None:
            answer = _first(window, lambda s, p, peer=peer: s.rx == node and p.source == peer and
                            isinstance(p.payload, BindingAcknowledgement), after=update.index)
            refused = answer is not None and _status(answer) >= 128
            phases.append(_phase("correspondent-registration", update, answer, name,
                                 outcome="failed" if refused else "done"))
    return phases


def _return_routability(window: Sequence[Step], node: str, peer: IPv6Address, name: str,
                        init: Step, update: Step | None) -> Phase:
    """From the first Init to the Test that answers the last kind of Init sent (only the home
    test is needed to delete a binding from home, §11.6.1)."""
    sent: set[type] = set()
    answered: set[type] = set()
    answers = {HomeTest: HomeTestInit, CareofTest: CareofTestInit}
    for step in window:
        if step.index < init.index or (update is not None and step.index > update.index):
            continue
        packet = _innermost(step)
        if packet is None:
            continue
        if step.tx == node and packet.destination == peer and \
                isinstance(packet.payload, HomeTestInit | CareofTestInit):
            sent.add(type(packet.payload))
        elif step.rx == node and packet.source == peer and \
                isinstance(packet.payload, HomeTest | CareofTest):
            answered.add(answers[type(packet.payload)])
            if sent <= answered:
                return _phase("return-routability", init, step, name)
        elif step.rx == node and packet.source == peer and \
                isinstance(packet.payload, ParameterProblem):
            # The peer does not understand the Mobility Header (§11.6.1): no route optimisation.
            return _phase("return-routability", init, step, name, outcome="failed")
    return _phase("return-routability", init, None, name)


# ------------------------------------------------------------------------------ losses


@dataclass(frozen=True, slots=True)
class _Delivery:
    step: int
    time: int
    sequence: int
    missing: int  # what the engine's flow note says was lost before this delivery


def _deliveries(steps: Iterable[Step]) -> dict[int, list[_Delivery]]:
    """Each flow's deliveries (steps with a ``data-delivered`` event, the flow and sequence
    read from the frame), with the missing count computed as Flow._delivered computes it."""
    out: dict[int, list[_Delivery]] = {}
    seen: dict[int, set[int]] = {}
    for step in steps:
        if not any(event.kind == "data-delivered" for event in step.events):
            continue
        found = _flow_packet(step)
        if found is None:
            continue
        number, sequence = found
        delivered = seen.setdefault(number, set())
        if sequence in delivered:
            continue
        missing = sequence - 1 - max((s for s in delivered if s < sequence), default=0)
        if not delivered:
            missing = 0  # the engine notes a loss only between two deliveries
        delivered.add(sequence)
        out.setdefault(number, []).append(_Delivery(step.index, step.time, sequence, missing))
    return out


def _lost(window: Sequence[Step], node: str, first: Step | None,
          deliveries: Mapping[int, list[_Delivery]], flows: Mapping[int, str]) -> dict[str, int]:
    """Per flow through ``node`` during the handover (the move to its first packet): the loss
    the engine notes at the flow's first delivery from that packet on, or, if the flow never
    delivers again, its packets seen since the move and never delivered."""
    end = first.index if first is not None else (window[-1].index if window else 0)
    seen: dict[int, set[int]] = {}
    for step in window:
        if step.index <= end and node in (step.tx, step.rx):
            found = _flow_packet(step)
            if found is not None:
                seen.setdefault(found[0], set())
    for step in window:  # every packet of those flows since the move, wherever it was
        found = _flow_packet(step)
        if found is not None and found[0] in seen:
            seen[found[0]].add(found[1])
    lost: dict[str, int] = {}
    last = window[-1].index if window else 0
    for number in sorted(seen):
        name = flows.get(number, f"flow {number}")
        later = [d for d in deliveries.get(number, ()) if end <= d.step <= last]
        if first is not None and later:
            # Packets an FMIPv6 access router kept arrive after the first one through the new
            # path (RFC 5568 §5.2, reactive): late, not lost.
            first_after = later[0]
            late = {d.sequence for d in later[1:]
                    if first_after.sequence - first_after.missing <= d.sequence
                    < first_after.sequence}
            lost[name] = first_after.missing - len(late)
            continue
        done = {d.sequence for d in deliveries.get(number, ())}
        lost[name] = len(seen[number] - done)
    return lost


def _flow_packet(step: Step) -> tuple[int, int] | None:
    """(flow number, sequence) of a flow's packet on this step (mipviz.engine.flows)."""
    packet = _innermost(step)
    if packet is None:
        return None
    payload = packet.payload
    if isinstance(payload, EchoRequest | EchoReply):
        return payload.identifier, payload.sequence
    if isinstance(payload, UDPDatagram):
        # Here, not at the top: the flows module brings the whole simulation with it, which
        # the UI's handover bar (built before step 1 is shown) does not otherwise need.
        from mipviz.engine.flows import UDP_SOURCE_PORT_BASE

        if payload.source_port <= UDP_SOURCE_PORT_BASE:
            return None
        try:
            return payload.source_port - UDP_SOURCE_PORT_BASE, \
                int(payload.payload.rsplit(b"#", 1)[1])
        except (IndexError, ValueError):
            return None
    return None


# ------------------------------------------------------------------------------ helpers


def _innermost(step: Step) -> IPv6Packet | None:
    if step.frame is None:
        return None
    return step.frame.packet.innermost


def _has_event(step: Step, node: str, kind: str) -> bool:
    return any(event.node == node and event.kind == kind for event in step.events)


def _first(steps: Sequence[Step], test: Any, *, after: int = 0,
           frames_only: bool = True) -> Step | None:
    """The first step after index ``after`` for which ``test(step, innermost packet)``."""
    for step in steps:
        if step.index <= after:
            continue
        packet = _innermost(step)
        if packet is None and frames_only:
            continue
        if test(step, packet):
            return step
    return None


def _phase(name: str, first: Step, last: Step | None, peer: str | None = None,
           outcome: str = "done") -> Phase:
    if last is None:
        outcome = "unfinished"
    return Phase(name, first.time, last.time if last is not None else None, first.index,
                 last.index if last is not None else None, peer, outcome)


def _status(step: Step) -> int:
    packet = _innermost(step)
    assert packet is not None and isinstance(packet.payload, BindingAcknowledgement)
    return packet.payload.status


def _addresses(timeline: Timeline) -> dict[IPv6Address, str]:
    """Address -> node name, from the node states (home addresses included)."""
    out: dict[IPv6Address, str] = {}
    for name, state in timeline.initial_states.items():
        for address in state.addresses:
            out.setdefault(address, name)
        if state.home_address is not None:
            out.setdefault(state.home_address, name)
    return out


# ------------------------------------------------------------------------------ output


def seconds(value: int | None) -> float | None:
    return None if value is None else round(value / MICROSECONDS, 6)


def to_json(handovers: Sequence[Handover]) -> list[dict[str, Any]]:
    """The ``mipviz handovers --format json`` records (DESIGN.md): times in virtual seconds."""
    return [{
        "node": handover.node,
        "from": handover.from_link,
        "to": handover.to_link,
        "step": handover.step,
        "start": seconds(handover.start),
        "phases": [{"name": phase.name, "start": seconds(phase.start),
                    "end": seconds(phase.end), "duration": seconds(phase.duration),
                    "first_step": phase.first_step, "last_step": phase.last_step,
                    "peer": phase.peer, "outcome": phase.outcome} for phase in handover.phases],
        "first_packet": seconds(handover.first_packet),
        "complete": handover.complete,
        "total": seconds(handover.total),
        "lost": dict(handover.lost),
        "buffered": dict(handover.buffered),
    } for handover in handovers]
