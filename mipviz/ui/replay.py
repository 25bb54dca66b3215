"""`mipviz replay CAPTURE...`: the lesson screen over a capture's Timeline.

Adapters only (the lesson screen and its panes are reused as they are):

* :class:`~mipviz.ui.replay_steps.DecodedTimeline` (its own module) decodes a step's frame
  when a pane asks for it (the capture Timeline keeps bytes only) and gives each step a
  narration made of its pcapng comment, its problems and what the nodes did;
* :class:`ReplayController` turns a Timeline into what the panes read (a topology of the
  inferred nodes, a simple deterministic layout, no quizzes);
* :class:`ReplayScreen` shows the first packets at once (a preview Timeline) and indexes the
  whole capture in a worker, with a progress bar, then swaps the full Timeline in.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from dataclasses import replace
from ipaddress import IPv6Address, IPv6Network
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from mipviz.capture.replay import ReplayTimeline
from mipviz.capture.window import StepWindows
from mipviz.i18n import render, tr
from mipviz.ui.app import MipvizApp
from mipviz.ui.controller import Controller, Prepared
from mipviz.ui.inspector import PacketInspector
from mipviz.ui.layout import Layout
from mipviz.ui.narration import NarrationPane
from mipviz.ui.replay_steps import DecodedTimeline, dissect_captured, load_decoder
from mipviz.ui.screen import LessonScreen

if TYPE_CHECKING:
    from mipviz.capture.esp_sa import EspKeyring
    from mipviz.capture.roles import Node
    from mipviz.capture.survey import CaptureSet
    from mipviz.lesson.schema import Lesson
    from mipviz.ui.controller import View

# -- what the panes read ---------------------------------------------------------------------


def replay_lesson(name: str, timeline: ReplayTimeline, complete: bool,
                  language: str = "en") -> Lesson:
    """A lesson-shaped description of the capture (the panes read the topology from it)."""
    from mipviz.lesson.schema import InterfaceSpec, Lesson, LinkSpec, NodeSpec, Text, TopologySpec

    links: dict[str, None] = dict.fromkeys(timeline.interface_links)  # a pcapng's links
    for node in timeline.nodes.values():
        links.update(dict.fromkeys(node.links))
    advertised = timeline.link_prefixes
    shown = timeline.link_shown if isinstance(timeline, DecodedTimeline) else str
    topology = TopologySpec(
        links=tuple(LinkSpec(shown(link), _prefix_label(advertised.get(link, ())))
                    for link in links),
        nodes=tuple(NodeSpec(node.name, node.role,  # type: ignore[arg-type]
                             tuple(InterfaceSpec(shown(link))
                                   for link in _home_first(node, advertised)))
                    for node in timeline.nodes.values()))
    packets = tr("ui.replay.packets_all" if complete else "ui.replay.packets_first", language,
                 count=len(timeline))
    summary = tr("ui.replay.summary", language, packets=packets, nodes=len(timeline.nodes))
    title = name if complete else tr("ui.replay.indexing", language, name=name)
    return Lesson("replay", Text.plain(title), (), topology, (), Text.plain(summary))


def _home_first(node: Node, prefixes: dict[str, list[str]]) -> list[str]:
    """A node's links, its home link first: for a mobile node or router, the link whose
    prefix holds its home address (where the map puts it at home, and from where it is
    shown moved away), when a link's prefix is known."""
    links = list(node.links)
    if node.home_address is None:
        return links
    home = IPv6Address(node.home_address)
    for link, advertised in prefixes.items():
        if any(home in IPv6Network(prefix, strict=False) for prefix in advertised):
            return [link, *(other for other in links if other != link)]
    return links


def _prefix_label(prefixes: Sequence[str]) -> str:
    """The link's label on the map: its advertised on-link prefixes, two at most."""
    more = f" +{len(prefixes) - 2}" if len(prefixes) > 2 else ""
    return ", ".join(prefixes[:2]) + more


def simple_layout(lesson: Lesson) -> Layout:
    """Links on a row across the middle; each node above or below its first link, spread
    out; nodes seen on no link along the bottom. Deterministic, and needs no networkx."""
    topology = lesson.topology
    links = {link.name: ((i + 1) / (len(topology.links) + 1), 0.5)
             for i, link in enumerate(topology.links)}
    by_link: dict[str, list[str]] = {}
    loose: list[str] = []
    for node in topology.nodes:
        if node.interfaces and node.interfaces[0].link in links:
            by_link.setdefault(node.interfaces[0].link, []).append(node.name)
        else:
            loose.append(node.name)
    nodes: dict[str, tuple[float, float]] = {}
    home_links: dict[str, str] = {}
    offsets: dict[str, tuple[float, float]] = {}
    width = 0.9 / max(1, len(topology.links))
    for link, names in by_link.items():
        lx, ly = links[link]
        # two rows (above, below) for a few nodes; four for many, so labels do not overlap
        rows = (-0.4, 0.4) if len(names) <= 6 else (-0.42, 0.42, -0.2, 0.2)
        columns = -(-len(names) // len(rows))
        for i, name in enumerate(names):
            column, row = divmod(i, len(rows))
            # with four rows, the inner rows' nodes sit between the outer rows' nodes
            within = 0.5 if len(rows) == 2 else 0.25 if row < 2 else 0.75
            dx = width * ((column + within) / columns - 0.5) if columns > 1 else 0.0
            dy = rows[row]
            nodes[name] = (min(1.0, max(0.0, lx + dx)), min(1.0, max(0.0, ly + dy)))
            home_links[name] = link
            offsets[name] = (dx, dy)
    for i, name in enumerate(loose):
        nodes[name] = ((i + 1) / (len(loose) + 1), 1.0)
    return Layout(nodes, links, home_links, offsets)


class ReplayController(Controller):
    """The controller of a replay: the capture's Timeline instead of a lesson run."""

    def __init__(self, paths: list[str], language: str = "en",
                 esp_keys: EspKeyring | None = None) -> None:
        super().__init__(display_name(paths), language)
        self.paths = paths
        self.esp_keys = esp_keys  # --esp-sa (mipviz.capture.esp_sa)
        self.complete = False
        self.decode = False  # scapy is loaded after the first frame (see load_decoder)

    def captures(self) -> CaptureSet:
        from mipviz.capture.survey import open_captures

        return open_captures(self.paths, self.esp_keys)

    def prepare_preview(self) -> Prepared:
        """The first packets (fast, whatever the capture's size); the cursor on the first."""
        from mipviz.capture.preview import preview_timeline

        timeline, self.complete = preview_timeline(self.captures())
        self.prepared = self.prepared_of(timeline, self.complete)
        self.cursor = min(1, self.prepared.total)
        return self.prepared

    def estimated_packets(self) -> int:
        """How many packets the captures hold, judged from the preview (after
        :meth:`prepare_preview`): the files' sizes over the preview's octets per packet."""
        import os

        prepared = self._require()
        steps = prepared.timeline.steps
        retained = steps.found.retained if isinstance(steps, StepWindows) else None
        sizes = sum(os.path.getsize(path) for path in self.paths)
        if not retained:
            return max(1, prepared.total)
        read: dict[int, int] = {}  # per file: the octets up to the end of its last packet
        for source, record, _, _ in retained:
            read[source] = record.offset + len(record.data) + 16  # 16: a record header
        per_packet = sum(read.values()) / len(retained)
        return max(prepared.total, round(sizes / max(per_packet, 1.0)))

    def prepare_full(self, progress: Any = None) -> Prepared:
        """Every packet (heavy: call from a worker thread, then :meth:`adopt` it);
        ``progress`` gets the packets read by pass 1. The steps themselves are made when
        shown, a window at a time (:mod:`mipviz.capture.window`); a capture too big to keep
        for pass 2 (over 32 MB) keeps no signal, note or node state per step either, each
        window's made again from a journal on disk (:mod:`mipviz.capture.replayed_windows`)."""
        import gc

        from mipviz.capture.replayed_windows import checkpointed_timeline
        from mipviz.capture.survey import _retainable, survey
        from mipviz.capture.window import windowed_timeline

        # Pass 1 allocates millions of short-lived acyclic objects: the cycle collector would
        # spend a third of the time finding nothing (as in `mipviz dump`), so it waits; what
        # pass 1 keeps lives as long as the replay, so it is frozen out of later collections
        # (each would otherwise walk all of it: ~1 s on a 1,000,000-packet capture).
        collecting = gc.isenabled()
        gc.disable()
        captures = self.captures()
        try:
            if not _retainable(captures):  # too big to keep: flat memory, node states per window
                return self.prepared_of(checkpointed_timeline(captures, progress), True)
            found = survey(captures, progress)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        return self.prepared_of(windowed_timeline(found), True)

    def prepare(self, progress: Any = lambda _: None) -> Prepared:
        load_decoder()
        self.decode = True
        self.prepared = self.prepare_full()
        self.complete = True
        return self.prepared

    def decoding(self) -> Prepared:
        """The prepared replay again, its steps decoded from now on (after
        :func:`load_decoder`; the cursor stays)."""
        prepared = self.prepared
        assert prepared is not None
        timeline = prepared.timeline
        assert isinstance(timeline, ReplayTimeline)
        return replace(prepared, timeline=DecodedTimeline.of(timeline, True, self.language))

    def rerun_language(self) -> Prepared:
        """The replay in ``self.language`` (its narration is made when a step is shown)."""
        prepared = self._require()
        timeline = prepared.timeline
        assert isinstance(timeline, ReplayTimeline)
        return self.prepared_of(timeline, self.complete)

    def prepared_of(self, timeline: ReplayTimeline, complete: bool) -> Prepared:
        decoded = DecodedTimeline.of(timeline, self.decode, self.language,
                                     one_file=len(self.paths) == 1)
        lesson = replay_lesson(str(self.source), decoded, complete, self.language)
        # messages are found in the capture's windows (next_message, previous_message);
        # every step has its narration
        return Prepared(lesson=lesson, language=self.language, timeline=decoded,
                        layout=simple_layout(lesson), message_of=(), message_starts=(),
                        narration_steps=range(1, len(decoded) + 1), quizzes=(), problems=())

    def _windows(self) -> StepWindows:
        steps = self._require().timeline.steps
        assert isinstance(steps, StepWindows)
        return steps

    def next_message(self) -> bool:
        """To the first hop of the next packet (further hops of this one are skipped)."""
        later = self._windows().next_message(self.cursor)
        return self.jump(later) if later is not None else self.last()

    def previous_message(self) -> bool:
        """To the first hop of this packet, or of the previous one when already there."""
        if self.cursor < 1:
            return False
        windows = self._windows()
        start = windows.message_start(self.cursor)
        return self.jump(start if start < self.cursor else windows.previous_message(start))


def display_name(paths: list[str]) -> str:
    names = [Path(path).name for path in paths]
    return names[0] if len(names) == 1 else f"{names[0]} + {len(names) - 1} more"


# -- the screen ------------------------------------------------------------------------------


class ReplayInspector(PacketInspector):
    """The packet inspector over captured bytes of any link type: never a traceback."""

    def watch_view(self, view: View | None) -> None:
        timeline = view.prepared.timeline if view is not None else None
        step = view.step if view is not None else None
        if (view is None or not self.is_mounted or step is None or step.frame_bytes is None
                or not isinstance(timeline, ReplayTimeline)):
            super().watch_view(view)
            return
        from rich.text import Text
        from textual.widgets import Static

        from mipviz.ui.fieldtree import FieldTree, Row
        from mipviz.ui.inspector import CHANGE_KINDS, HexPane

        language = view.prepared.language
        key = (step.index, id(view.prepared), language)
        if getattr(self, "_shown", None) == key:
            return
        self._shown = key
        changes = [event for event in step.events if event.kind in CHANGE_KINDS]
        rows: tuple[Row, ...]
        if not getattr(timeline, "decode", True):  # scapy still loading: say so, briefly
            rows = (Row(0, Text(step.summary)),
                    Row(0, Text(tr("ui.replay.dissector_loading", language),
                                style="italic")))
        else:
            try:
                layers = dissect_captured(step.frame_bytes, timeline.link_type(step.index))
                rows = tuple(self._rows(step, layers, changes, language))
            except Exception as error:  # shown as what it is, never a traceback
                rows = (Row(0, Text(tr("ui.replay.cannot_dissect", language, error=error))),)
        if not rows:
            rows = (Row(0, Text(tr("ui.replay.octets", language, summary=step.summary,
                                   octets=len(step.frame_bytes)))),)
        self.query_one("#packet-tree", FieldTree).rows = rows
        hex_pane = self.query_one("#hex", HexPane)
        hex_pane.frame_bytes = step.frame_bytes
        hex_pane.selected = (0, 0)
        self._problems(self.query_one("#packet-problems", Static),
                       "\n".join(f"⚠ {render(p, language)}" for p in step.problems))


class ReplayNarration(NarrationPane):
    """The narration pane of a replay: every step has a narration of its own (its summary,
    problems, what the nodes did), so it is drawn as one Rich Markdown renderable rather
    than Textual's Markdown widget, which mounts a widget per block on every step."""

    def compose(self) -> ComposeResult:
        yield Static("", id="narration-text")
        yield from islice(super().compose(), 1, None)  # the quiz widgets (never shown)

    def show_narration(self, text: str) -> None:
        self.query_one("#narration-text", Static).update(_markdown(text))


_MARKDOWN: list[Any] = []  # Rich's Markdown of "" and the parser it uses, made once


def _markdown(text: str) -> Any:
    """``rich.markdown.Markdown(text)`` without building a markdown-it parser for every step
    (Rich makes one per Markdown, compiling its rules: about a quarter of a replay step's
    CPU, issue 14's 60 frames a second): a copy of one Markdown, re-parsed with one parser
    made the way Rich makes it."""
    if not _MARKDOWN:
        from markdown_it import MarkdownIt
        from rich.markdown import Markdown as RichMarkdown

        _MARKDOWN.extend((RichMarkdown(""),
                          MarkdownIt().enable("strikethrough").enable("table")))
    template, parser = _MARKDOWN
    made = copy.copy(template)
    made.markup = text
    made.parsed = parser.parse(text)
    return made


class _Cancelled(Exception):
    pass


class ReplayScreen(LessonScreen):
    """The lesson screen over a capture: first packets at once, the rest indexed behind."""

    # nodes cannot be moved in a capture: not offered in the footer (m still says why)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "move", "Move node", show=False, priority=True)]

    DEFAULT_CSS: ClassVar[str] = """
    ReplayScreen #indexing { height: 1; dock: bottom; margin-bottom: 2; }
    ReplayScreen #indexing.-done { display: none; }
    """

    def __init__(self, paths: list[str], language: str = "en",
                 esp_keys: EspKeyring | None = None) -> None:
        super().__init__(display_name(paths), language)
        self.controller: ReplayController = ReplayController(paths, language, esp_keys)
        self.indexed = False  # the whole capture is on screen
        self._shown_first = threading.Event()  # the preview is on screen: index the rest

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield ProgressBar(id="indexing", show_eta=False)

    class _Decoding(Message):
        """scapy is loaded: decode the frames from now on."""

    class _Indexed(Message):
        def __init__(self, packets: int, total: int | None) -> None:
            super().__init__()
            self.packets = packets
            self.total = total

    @work(thread=True, exclusive=True, group="engine")
    def _prepare(self) -> None:
        worker = get_current_worker()
        try:
            self.controller.prepare_preview()
        except Exception as error:
            self.post_message(self._Progress("", error=str(error)))
            return
        self.post_message(self._Progress("", done=True))
        # Indexing holds the GIL most of the time: let the first frame be painted first.
        while not self._shown_first.wait(0.1):
            if worker.is_cancelled:
                return
        load_decoder()
        self.controller.decode = True  # what is indexed from now on is decoded when shown
        if self.controller.complete:  # the preview was the whole capture
            self.post_message(self._Rerun(self.controller.decoding()))
            return
        self.post_message(self._Decoding())
        # The number of packets is not known before they are read: estimated from the files'
        # sizes and the preview's octets per packet (reading the files once more to count
        # them would cost a tenth of the indexing), and raised if the estimate runs out.
        total = self.controller.estimated_packets()

        def progress(packets: int) -> None:
            nonlocal total
            if worker.is_cancelled:
                raise _Cancelled
            if packets >= total:
                total = packets + packets // 10
            self.post_message(self._Indexed(packets, total))

        self.post_message(self._Indexed(0, total))
        try:
            prepared = self.controller.prepare_full(progress)
        except _Cancelled:
            return
        except Exception as error:
            self.post_message(self._Progress("", error=self.tr("ui.replay.indexing_failed",
                                                                   error=error)))
            return
        self.post_message(self._Rerun(prepared))

    def pane_types(self) -> dict[str, type[Widget]]:
        return {**super().pane_types(), "inspector": ReplayInspector,
                "narration": ReplayNarration}

    async def _ready(self) -> None:
        await super()._ready()  # titled "… (indexing…)" until the whole capture is in
        self.call_after_refresh(self._shown_first.set)

    def on_replay_screen__decoding(self, message: _Decoding) -> None:
        if self.controller.prepared is not None:
            self.controller.adopt(self.controller.decoding())
            self.refresh_view()

    def on_replay_screen__indexed(self, message: _Indexed) -> None:
        self.query_one("#indexing", ProgressBar).update(total=message.total,
                                                        progress=message.packets)

    def on_lesson_screen__rerun(self, message: Any) -> None:
        message.prevent_default()  # the lesson screen's own handler would adopt it again
        self.controller.adopt(message.prepared)
        self.controller.complete = True
        self.indexed = True
        self.title_text = str(self.controller.source)
        self.query_one("#indexing", ProgressBar).add_class("-done")
        self.refresh_view()

    def action_move(self) -> None:
        self.notify(self.tr("ui.replay.no_move"), timeout=3)

    def _relanguage(self) -> None:  # type: ignore[override]
        """A replay's texts are made when a step is shown: no worker (which would cancel
        the indexing), the steps already shown made again in the new language."""
        self.controller.adopt(self.controller.rerun_language())
        self._retitle()
        self.refresh_view()


class ReplayApp(MipvizApp):
    """The app of ``mipviz replay``: one replay screen."""

    def __init__(self, paths: list[str], theme: str | None = None,
                 language: str = "en", esp_keys: EspKeyring | None = None) -> None:
        super().__init__(display_name(paths), language, theme)
        self.paths = paths
        self.esp_keys = esp_keys

    def open_lesson(self, lesson: str) -> None:
        self.push_screen(ReplayScreen(self.paths, self.language, self.esp_keys))
        self._check_size(self.size.width, self.size.height)
