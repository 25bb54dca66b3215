"""The replay's steps as the panes read them: each captured frame decoded when shown (the
capture Timeline keeps octets only), its narration made of its pcapng comment, problems and
what the nodes did, and a single pcapng file's links by their interfaces' names. No Textual
here: :mod:`mipviz.ui.replay` puts these on the lesson screen."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mipviz.capture.replay import ReplayTimeline
from mipviz.engine.timeline import NodeState, Step
from mipviz.i18n import render, tr

if TYPE_CHECKING:
    from mipviz.engine.model import EthernetFrame
    from mipviz.wire.dissect import DissectedField

__all__ = [
    "DecodedTimeline",
    "display_frame",
    "dissect_captured",
    "load_decoder",
    "narration_of",
    "shown_links",
]

_ETHERNET_IPV6 = b"\x00" * 12 + b"\x86\xdd"


# -- decoding what is shown ------------------------------------------------------------------


def display_frame(data: bytes, linktype: int) -> EthernetFrame | None:
    """The model frame of captured ``data`` for the panes, or None when there is no IPv6
    packet in it. Never raises (a frame that cannot be decoded is shown by its bytes)."""
    from mipviz.capture.linklayer import find_ipv6
    from mipviz.wire import decode_frame

    try:
        if linktype in (1, 101, 229):
            return decode_frame(data, linktype).frame
        offset, _ = find_ipv6(linktype, data)
        if offset < 0:
            return None
        return decode_frame(_ETHERNET_IPV6 + data[offset:], 1).frame
    except Exception:  # decode_frame promises not to raise; a replay must not die if it does
        return None


def dissect_captured(data: bytes, linktype: int) -> tuple[DissectedField, ...]:
    """The inspector's tree of captured ``data``; offsets are the captured octets' own."""
    from mipviz.capture.linklayer import find_ipv6, linktype_name
    from mipviz.wire.dissect import DissectedField, dissect

    if linktype == 1:
        return dissect(data)
    offset, reason = find_ipv6(linktype, data)
    name = f"{linktype_name(linktype)} header"
    if offset < 0:
        return (DissectedField(name, f"link type {linktype}: {reason or 'no IPv6 packet'}",
                               0, len(data)),)
    layers = dissect(_ETHERNET_IPV6 + data[offset:])
    shifted = tuple(_shift(layer, offset - len(_ETHERNET_IPV6)) for layer in layers[1:])
    header = DissectedField(name, f"link type {linktype}", 0, offset)
    return ((header,) if offset else ()) + shifted


def _shift(item: DissectedField, by: int) -> DissectedField:
    return replace(item, offset=item.offset + by,
                   children=tuple(_shift(child, by) for child in item.children))


def narration_of(step: Step, language: str = "en") -> str:
    """Markdown for the narration pane: the step's comment, problems and events."""
    where = " → ".join(name for name in (step.tx, step.rx) if name) or "?"
    lines = [tr("ui.replay.step", language, index=step.index, link=step.link or "?",
                where=where, summary=step.summary), ""]
    if step.narration:  # each line of the comment its own paragraph of the quote
        # said whose words these are: an export's "Step 52/168" beside the replay's "step 51"
        lines += [tr("polish.replay.comment", language), ""]
        quoted = [part for line in step.narration.splitlines() for part in (f"> {line}", ">")]
        lines += [*quoted[:-1], ""]
    if step.problems:
        lines += [tr("ui.replay.problems", language), ""]
        lines += [f"- ⚠ {render(problem, language)}" for problem in step.problems] + [""]
    if step.events:
        lines += [tr("ui.replay.events", language), ""]
        lines += [f"- {event.node}: {event.render(language)}" for event in step.events]
    return "\n".join(lines)


def load_decoder() -> None:
    """Import scapy and the codec (about 0.4 s): called from the replay's worker once the
    first frame is painted, so the first frame never waits for it."""
    import importlib

    for module in ("mipviz.wire.decode", "mipviz.wire.dissect"):
        importlib.import_module(module)


@dataclass
class DecodedTimeline(ReplayTimeline):
    """A ReplayTimeline whose steps, read by index, carry their decoded frame (for the
    ladder, map and inspector) and a narration of their own. Decoded steps are memoised.

    With ``decode`` False (scapy not loaded yet) the steps carry no decoded frame: the panes
    show each step's summary, addresses, narration and octets, and the screen swaps in a
    decoding copy (:meth:`of`) once :func:`load_decoder` has run."""

    decode: bool = True
    language: str = "en"
    # a link's name as the panes show it (see shown_links); the steps and states keep theirs
    links_shown: dict[str, str] = field(default_factory=dict)
    _shown: dict[int, Step] = field(default_factory=dict, repr=False)
    _states: dict[int, tuple[NodeState, NodeState]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, timeline: ReplayTimeline, decode: bool = True, language: str = "en",
           one_file: bool = False) -> DecodedTimeline:
        """``timeline`` for the panes; ``one_file``: its links may be shown by their
        interface's name alone (:func:`shown_links`)."""
        links = (timeline.links_shown if isinstance(timeline, DecodedTimeline)
                 else shown_links(timeline) if one_file else {})
        return cls(timeline.initial_states, timeline.steps, timeline._versions,
                   timeline.link_types, timeline.nodes, timeline.link_prefixes,
                   timeline.interface_links, decode=decode, language=language,
                   links_shown=links)

    def link_shown(self, link: str) -> str:
        return self.links_shown.get(link, link)

    def __getitem__(self, index: int) -> Step:
        shown = self._shown.get(index)
        if shown is None:
            step = self.steps[index - 1]
            frame = None
            if step.frame_bytes and self.decode:
                frame = display_frame(step.frame_bytes, self.link_type(index))
            if len(self._shown) > 4096:
                self._shown.clear()
            if step.link in self.links_shown:
                step = replace(step, link=self.links_shown[step.link])
            narration = narration_of(step, self.language)
            if step.summary and self._further_hop(index):
                # a packet seen before, one link further: the ladder's row says so, rather
                # than repeating the first hop's arrow as if it were another message
                step = replace(step, summary=f"↳ {step.link or '?'}: {step.summary}")
            shown = self._shown[index] = replace(step, frame=frame, narration=narration)
        return shown

    def _further_hop(self, index: int) -> bool:
        """Whether step ``index`` is a further sighting of a packet (known once the capture
        is indexed: the preview's steps do not say)."""
        sighting = getattr(self.steps, "sighting", None)
        return bool(sighting is not None and sighting(index))

    def state_at(self, node: str, index: int) -> NodeState:
        """The node's state, its links by the names the panes show."""
        state = super().state_at(node, index)
        if not self.links_shown or not state.links:
            return state
        known = self._states.get(id(state))
        if known is None or known[0] is not state:
            if len(self._states) > 4096:
                self._states.clear()
            known = self._states[id(state)] = (state, replace(
                state, links=tuple(self.link_shown(link) for link in state.links)))
        return known[1]

    def states_at(self, index: int) -> dict[str, NodeState]:
        return {name: self.state_at(name, index) for name in self.initial_states}


def shown_links(timeline: ReplayTimeline) -> dict[str, str]:
    """The links of one pcapng file by its interfaces' own names: ``ro/visited`` is shown
    ``visited``, as the lesson exported to ``ro.pcapng`` named it. Only when every link the
    replay knows is such an interface of the file and the short names stay distinct (the
    records of ``dump`` keep the file's name in front, for merging several files)."""
    described = timeline.interface_links
    if not described or any("/" not in link for link in described):
        return {}
    stems = {link.split("/", 1)[0] for link in described}
    if len(stems) != 1:
        return {}
    start = len(stems.pop()) + 1
    short = {link: link[start:] for link in described}
    known = set(timeline.link_prefixes)
    for node in timeline.nodes.values():
        known.update(node.links)
    if not known <= set(short) or len(set(short.values())) != len(short):
        return {}
    return short
