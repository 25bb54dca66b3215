"""Pass 2: every captured packet as an observed step, and the Timeline the replay UI steps.

Each packet is parsed again (pass 1 kept only its time), summarised, its innermost checksum
verified (:mod:`mipviz.capture.content`), and given what pass 1 learned: the names of its
sender and receiver, what the nodes did (binding cache changes, Return Routability,
tunnelling, Home Address option and Type 2 Routing Header use) and every departure from the
RFCs. The same IPv6 packet seen again with a lower hop limit or on another link is a further
hop of the same packet: it says so, and its decode is reused.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from mipviz.capture.content import AddressTexts, Content, packet_content
from mipviz.capture.interfaces import interface_links
from mipviz.capture.linklayer import SUPPORTED_LINKTYPES, find_ipv6, linktype_name
from mipviz.capture.packet import PacketView, parse_frame
from mipviz.capture.roles import Node
from mipviz.capture.says import say
from mipviz.capture.state import initial_state
from mipviz.capture.survey import (
    RECENT_PACKETS,
    Progress,
    Retained,
    Survey,
    open_captures,
    records_at,
    survey,
    warm_up_from,
)
from mipviz.engine.timeline import Event, NodeState, Step, Timeline


class Observed:
    """One packet of the capture as a step.

    ``content`` is what the packet's octets say (shared by the hops of one packet); the rest
    belongs to this step: ``early`` problems of the record itself (a cut-short file, the
    snapshot length), ``noted``/``noted_events`` from the replay of the signalling, ``hop``
    when the packet was seen before.
    """

    __slots__ = ("comment", "content", "data", "early", "hop", "link", "noted", "noted_events",
                 "step", "time")

    def __init__(self, step: int, time: int, link: str | None, data: bytes, content: Content,
                 early: list[str] | None = None, noted: list[str] | None = None,
                 noted_events: list[Event] | None = None, hop: str | None = None,
                 comment: str | None = None) -> None:
        self.step = step
        self.time = time  # µs since the first packet
        self.link = link
        self.data = data
        self.content = content
        self.early = early
        self.noted = noted
        self.noted_events = noted_events
        self.hop = hop
        self.comment = comment

    @property
    def view(self) -> PacketView:
        return self.content.view

    @property
    def summary(self) -> str:
        return self.content.summary

    @property
    def mh(self) -> str | None:
        return self.content.mh

    @property
    def checksum_ok(self) -> bool | None:
        return self.content.checksum_ok

    @property
    def tx(self) -> str | None:
        return self.content.tx

    @property
    def rx(self) -> str | None:
        return self.content.rx

    @property
    def problems(self) -> list[str]:
        return [*(self.early or ()), *self.content.problems, *(self.noted or ())]

    @property
    def events(self) -> list[Event]:
        events = [*(self.noted_events or ()), *self.content.events]
        if self.hop is not None:
            events.append(Event(self.tx or "capture", "note", self.hop))
        return events


def observe(found: Survey, first: int = 1, last: int | None = None) -> Iterator[Observed]:
    """Pass 2 over the captures of ``found`` (see the module docstring): steps ``first`` to
    ``last`` (default: all). A range gives exactly the steps the whole run would give: what
    the steps before it must be remembered for (the same packet seen again) is rebuilt from
    the generation of steps before it, which are read again but not yielded."""
    return observe_as(found, Observed, first, last)


_Built = TypeVar("_Built")


def observe_as(found: Survey, build: Callable[..., _Built], first: int = 1,
               last: int | None = None, sightings: list[int] | None = None) -> Iterator[_Built]:
    """:func:`observe`, each step handed to ``build`` with the arguments of
    :class:`Observed` instead (a renderer can make its text without the object).
    ``sightings``, when given, gets for each step yielded the step where the same packet was
    seen before (0: a packet not seen before), for grouping the hops of one message."""
    captures, owner, book = found.captures, found.roles.owner, found.book
    signals, base = found.signals, found.base_time
    noted_problems, noted_events = book.problems.get, book.events.get
    texts = AddressTexts()
    # The packets seen in the current and the previous generation of steps (see _Hops).
    current: dict[bytes, _Seen] = {}  # this generation's sightings, by key
    previous: dict[bytes, _Seen] = {}  # the generation before's
    generation = 0
    cache: dict[tuple[bytes | None, ...], list[Event]] = {}
    links: dict[tuple[int, int], str] = {}
    warm = warm_up_from(first)
    last = found.packets if last is None else last
    # start at the warm-up step, not the capture's first (a bookmark seeks straight to it)
    packets: Iterable[Retained]
    if found.retained:
        start = max(warm, found.retained_from)
        packets = islice(found.retained, start - found.retained_from, None)
    else:
        start = warm
        packets = ((source, record, None, None) for source, record in records_at(found, warm))
    ordinal = start - 1
    recent = RECENT_PACKETS  # (read once: tests set it small)
    message_of, esp_keys = signals.message, captures.esp_keys
    # a survey that keeps no signals decodes each step's message when its content is made
    # (mipviz.capture.replayed_windows): the same message, decoded from the same octets
    decode_message = getattr(signals, "message_of", None)
    for source, record, parsed, key in packets:
        ordinal += 1
        if ordinal < warm:
            continue
        if ordinal > last:
            return
        _, time, linktype, interface, data, original, _, comment, problem = record
        link = links.get((source, interface))
        if link is None:
            link = links[(source, interface)] = captures.link_name(source, interface)
        early = None if problem is None else [problem]
        # the key of the same packet one hop later: the IPv6 packet without its hop limit
        if parsed is not None:
            offset = parsed.ip_offset
        elif linktype == 1 and data[12:14] == b"\x86\xdd":  # untagged Ethernet: usual
            offset = 14
        elif linktype == 276 and data[:2] == b"\x86\xdd" and len(data) >= 20:
            offset = 20  # Linux cooked v2 (SLL2) carrying IPv6, as find_ipv6 finds it
        else:
            offset = find_ipv6(linktype, data)[0]
        framing = (offset, len(data), original, linktype)
        earlier = None
        if key is None and offset >= 0 and len(data) >= offset + 40:
            end = offset + 40 + ((data[offset + 4] << 8) | data[offset + 5])
            key = data[offset : offset + 7] + data[offset + 8 : end]
        if key is not None:
            earlier = current.get(key)
            if earlier is None:
                earlier = previous.get(key)
        content: Content | None
        if earlier is not None and earlier[3] == framing and earlier[2] is not None:
            content = earlier[2]  # a further hop of a packet decoded already
        else:
            view = parsed or parse_frame(linktype, data, original, esp_keys)
            if not view.layers:
                if ordinal >= first:
                    content = Content(view, _no_ipv6_summary(linktype, data, view),
                                      problems=list(view.problems))
                    content.linktype = linktype
                    if sightings is not None:
                        sightings.append(0)
                    yield build(ordinal, time - base, link, data, content, early, None, None,
                                None, comment)
                continue
            if ordinal < first:  # warming up: remember the packet; its decode is not needed
                content = None
            else:
                payload = data if view.plain is None else view.plain
                content = packet_content(view, payload, message_of(ordinal)
                                         if decode_message is None else
                                         decode_message(view, payload, ordinal, time, link),
                                         owner, texts, cache)
                content.linktype = linktype
        if content is not None and content.view.truncated:
            early = [*(early or ()), _SNAPSHOT_LENGTH(kept=len(data), original=original)]
        hop = None
        if key is not None:
            if ordinal // recent != generation:  # a new generation begins
                previous = current if ordinal // recent == generation + 1 else {}
                current = {}
                generation = ordinal // recent
            hop_limit = data[offset + 7]
            current[key] = (ordinal, link, content, framing, hop_limit)
            if earlier is not None:
                hop = _Hops.note(earlier, link, hop_limit)
        if ordinal >= first:
            assert content is not None  # only a warm-up step is not decoded
            if sightings is not None:
                sightings.append(earlier[0] if earlier is not None else 0)
            yield build(ordinal, time - base, link, data, content, early,
                        noted_problems(ordinal), noted_events(ordinal), hop, comment)


def _no_ipv6_summary(linktype: int, data: bytes, view: PacketView) -> str:
    if linktype not in SUPPORTED_LINKTYPES:
        return f"{linktype_name(linktype)} frame (link type {linktype}), not decoded"
    if not data:
        return "empty frame (0 octets captured)"
    return view.note or "IPv6 header missing"


_SNAPSHOT_LENGTH = say("capture.snapshot_length")
_HOP_LINK = say("capture.hop.link")
_HOP_FURTHER = say("capture.hop.further")
_HOP_COPY = say("capture.hop.copy")

# (step, link, decoded content, (IPv6 offset, captured length, original length, link type),
#  hop limit): a later sighting reuses the content only if it is framed the same way
_Seen = tuple[int, str | None, Content | None, tuple[int, int, int, int], int]


class _Hops:
    """Recognise the same IPv6 packet seen again (another link, or one hop later).

    The key is the outermost IPv6 packet without its hop limit (as
    :func:`mipviz.capture.packet.packet_key`). A further hop of a packet framed the same way
    reuses its decode: every field of its record but the step, link and events is the same
    (a packet only remembered while warming up for a range was not decoded: its later hop is
    decoded instead, to the same record). A packet is remembered while its step is in the
    current or the previous generation of :data:`RECENT_PACKETS` steps, so what is remembered
    at a step depends only on the steps of those two generations (a range of steps can be
    produced on its own, see :func:`observe`). :func:`observe_as` keeps the two generations
    in its own locals (two lookups a packet are its hot path);
    :func:`~mipviz.capture.survey.warm_up_from` says where a range starts.
    """

    @staticmethod
    def note(earlier: _Seen, link: str, hop_limit: int) -> str:
        """How a sighting on ``link`` with ``hop_limit`` relates to the ``earlier`` one."""
        earlier_step, earlier_link, earlier_hop_limit = earlier[0], earlier[1], earlier[4]
        if earlier_link != link:
            return _HOP_LINK(step=earlier_step, link=earlier_link, before=earlier_hop_limit,
                             after=hop_limit)
        if hop_limit < earlier_hop_limit:
            return _HOP_FURTHER(step=earlier_step, before=earlier_hop_limit, after=hop_limit)
        return _HOP_COPY(step=earlier_step)


@dataclass
class ReplayTimeline(Timeline):
    """The Timeline of a replayed capture. Its steps' ``frame`` is None (dissect
    ``frame_bytes`` when shown, e.g. with :func:`mipviz.wire.decode_frame`); a capture's frames
    are not all Ethernet, so each step's link type is kept here, and so are the nodes the
    replay inferred (their roles, addresses and prefixes, for drawing the topology)."""

    link_types: array[int] = field(default_factory=lambda: array("I"))
    nodes: dict[str, Node] = field(default_factory=dict)
    link_prefixes: dict[str, list[str]] = field(default_factory=dict)  # advertised, per link
    # the links a pcapng file describes (one per named interface), in its order: drawn even
    # where no node was seen
    interface_links: tuple[str, ...] = ()

    def link_type(self, index: int) -> int:
        """The link type of step ``index`` (1-based), e.g. 1 Ethernet, 229 raw IPv6."""
        return self.link_types[index - 1]

    def state_at(self, node: str, index: int) -> NodeState:
        # steps made a window at a time with their node states (a capture too big to keep
        # every version: mipviz.capture.replayed_windows) answer for them
        made = getattr(self.steps, "state_after", None)
        return super().state_at(node, index) if made is None else made(node, index)


def build_timeline(
    paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None
) -> ReplayTimeline:
    """The replay Timeline of one or more captures: one ``frame`` Step per captured packet,
    node states as the nodes must have held them (raises CaptureFormatError when a file is not
    a capture at all). ``progress`` is called with the packets read so far while indexing."""
    return timeline_of(survey(open_captures(paths), progress))


def timeline_of(found: Survey, progress: Progress | None = None) -> ReplayTimeline:
    """The replay Timeline of what pass 1 found (every packet it read, as a step);
    ``progress`` is called every 10,000 steps with the steps made so far."""
    nodes = found.roles.nodes
    timeline = ReplayTimeline({name: initial_state(node) for name, node in nodes.items()},
                              nodes=dict(nodes), link_prefixes=link_prefixes(found),
                              interface_links=tuple(interface_links(found.captures)))
    changes: dict[int, dict[str, NodeState]] = {}
    for name, (indices, states) in found.book.versions.items():
        for index, state in zip(indices, states, strict=True):
            changes.setdefault(index, {})[name] = state
    for observed in observe(found):
        changed = changes.get(observed.step, {})
        timeline.append(step_of(observed, tuple(sorted(changed))), changed)
        timeline.link_types.append(observed.content.linktype)
        if progress is not None and not observed.step % 10_000:
            progress(observed.step)
    return timeline


def link_prefixes(found: Survey) -> dict[str, list[str]]:
    """Each link's prefixes for its label: those its pcapng interface description gives
    (``if_IPv6addr``), then those its routers were seen advertising."""
    merged = {link: list(prefixes) for link, prefixes in interface_links(found.captures).items()
              if prefixes}
    for link, prefixes in found.roles.link_prefixes.items():
        known = merged.setdefault(link, [])
        known.extend(prefix for prefix in prefixes if prefix not in known)
    return merged


def step_of(observed: Observed, changed: tuple[str, ...] = ()) -> Step:
    """The engine's Step for an observed packet (``frame`` is left to a lazy scapy decode)."""
    return Step(
        index=observed.step, time=observed.time, kind="frame", link=observed.link,
        tx=observed.tx, rx=observed.rx, frame_bytes=observed.data, frame=None,
        checksum_ok=observed.checksum_ok, problems=tuple(observed.problems),
        events=tuple(observed.events), changed=changed, summary=observed.summary,
        narration=observed.comment)
