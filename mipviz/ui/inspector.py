"""The packet inspector: the current frame as a tree of headers and fields, what changed at
this hop shown before → after, and a hex pane lighting the selected field's bytes.

Field offsets come from :func:`mipviz.wire.dissect` (scapy lives in mipviz.wire only); the
frame was already encoded by the engine, so scapy is loaded by the time this runs.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from mipviz.i18n import render, tr
from mipviz.ui.fieldtree import FieldSelected, FieldTree, Row
from mipviz.ui.gloss import gloss
from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.engine.timeline import Event, Step
    from mipviz.explain import ExplainContext, Explanation
    from mipviz.ui.controller import View
    from mipviz.wire.dissect import DissectedField

CHANGE_KINDS = ("swap", "encapsulate", "decapsulate")
ADDRESS_FIELDS = ("src", "dst", "addresses", "hoa")


def _row_shape(width: int) -> tuple[int, bool]:
    """Octets per row and whether the ASCII column fits: 16 + ASCII, 8 + ASCII, or 8."""
    if width >= 6 + 16 * 3 + 17:
        return 16, True
    return 8, width >= 6 + 8 * 3 + 9


class HexPane(LinesWidget):
    """The frame's octets, 8 or 16 a row, the selected field's octets lit."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"hex--offset", "hex--selected", "hex--changed"}
    # (repainted by invalidate: only the rows that differ)
    frame_bytes: reactive[bytes] = reactive(b"", repaint=False)
    selected: reactive[tuple[int, int]] = reactive((0, 0), repaint=False)

    def watch_frame_bytes(self) -> None:
        self.invalidate()

    def watch_selected(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text] | list[list[Segment]]:
        data = self.frame_bytes
        if not data:
            return [Text("(no frame at this step)")]
        per_row, ascii_column = _row_shape(width)
        start, length = self.selected
        lit = self.get_component_rich_style("hex--selected", partial=True)
        dim = self.get_component_rich_style("hex--offset", partial=True)
        first = 0  # the first row shown: the selected octets stay in view
        if length and height > 0 and start // per_row >= height:
            first = min(start // per_row, max(0, (len(data) - 1) // per_row - height + 1))
        # Only the rows that fit are made (a 1,280-octet frame has 80 rows, a pane shows a
        # few), as segments in runs of one style: a Text of three spans an octet, rendered
        # on every step, was most of this pane's cost (issue 14: 60 frames a second).
        stop = min(len(data), (first + max(height, 0)) * per_row)
        return [_hex_row(data, row, per_row, ascii_column, start, start + length, dim,
                         dim + lit) for row in range(first * per_row, stop, per_row)]

    def _build_text(self, width: int, height: int) -> list[Text]:
        """The rows as Text, as :meth:`build` drew them before (kept to test it against)."""
        data = self.frame_bytes
        per_row, ascii_column = _row_shape(width)
        start, length = self.selected
        lit = self.get_component_rich_style("hex--selected", partial=True)
        dim = self.get_component_rich_style("hex--offset", partial=True)
        lines: list[Text] = []
        first = 0
        if length and height > 0 and start // per_row >= height:
            first = min(start // per_row, max(0, (len(data) - 1) // per_row - height + 1))
        for row in range(first * per_row, len(data), per_row):
            text = Text(f"{row:04x}  ", dim, no_wrap=True, overflow="crop")
            chunk = data[row:row + per_row]
            for column, octet in enumerate(chunk):
                position = row + column
                style: Style | None = lit if start <= position < start + length else None
                text.append(f"{octet:02x}", style)
                text.append(" ", style if start <= position + 1 < start + length else None)
            if not ascii_column:
                lines.append(text)
                continue
            text.append(" " * (3 * (per_row - len(chunk)) + 1))
            for column, octet in enumerate(chunk):
                position = row + column
                char = chr(octet) if 32 <= octet < 127 else "·"
                text.append(char, lit if start <= position < start + length else dim)
            lines.append(text)
        return lines


def _hex_row(data: bytes, row: int, per_row: int, ascii_column: bool, start: int, end: int,
             dim: Style, lit: Style) -> list[Segment]:
    """One row of :class:`HexPane`: the offset, the octets (``start``..``end`` lit, and the
    space between two lit octets) and, when there is room, the printable characters."""
    chunk = data[row:row + per_row]
    segments = [Segment(f"{row:04x}  ", dim)]
    hex_text = " ".join(f"{octet:02x}" for octet in chunk) + " "
    low, high = max(start, row), min(end, row + len(chunk))
    if low < high:  # the lit octets of this row: columns low..high, spaces between them
        # the space after the last lit octet is lit when the next octet (maybe the next
        # row's first) is lit too
        begin, lit_end = 3 * (low - row), 3 * (high - row) - 1 + (1 if high < end else 0)
        segments += [Segment(hex_text[:begin], dim), Segment(hex_text[begin:lit_end], lit),
                     Segment(hex_text[lit_end:], dim)]
    else:
        segments.append(Segment(hex_text, dim))
    if not ascii_column:
        return segments
    segments.append(Segment(" " * (3 * (per_row - len(chunk)) + 1), dim))
    chars = "".join(chr(octet) if 32 <= octet < 127 else "·" for octet in chunk)
    if low < high:
        segments += [Segment(chars[:low - row], dim), Segment(chars[low - row:high - row], lit),
                     Segment(chars[high - row:], dim)]
    else:
        segments.append(Segment(chars, dim))
    return segments


class PacketInspector(Vertical):
    """Tree of the current frame (attributes down: ``view``): the headers that matter at this
    step open, Ethernet and padding folded, minor fields on one row, and what the step
    computes (Return Routability, S18; the care-of address in bits, S07) in its own section."""

    view: reactive[View | None] = reactive(None, layout=False, repaint=False)

    def compose(self) -> ComposeResult:
        yield FieldTree(id="packet-tree")
        yield HexPane(id="hex")
        problems = Static("", id="packet-problems")
        problems.display = False
        yield problems

    def watch_view(self, view: View | None) -> None:
        if view is None or not self.is_mounted:
            return
        step = view.step
        language = view.prepared.language
        key = (step.index if step is not None else 0, id(view.prepared), language)
        if getattr(self, "_shown", None) == key:
            return
        self._shown = key
        tree = self.query_one("#packet-tree", FieldTree)
        hex_pane = self.query_one("#hex", HexPane)
        problems = self.query_one("#packet-problems", Static)
        if step is None or step.frame_bytes is None:
            what = "explain.inspector.no_frame" if step else "explain.inspector.before_first"
            rows = [Row(0, Text(tr(what, language)))]
            rows.extend(Row(1, Text(f"{event.node}: {event.render(language)}"))
                        for event in (step.events if step else ()))
            tree.rows = tuple(rows)
            hex_pane.frame_bytes = b""
            self._problems(problems, "")
            return
        from mipviz.explain import explain_step  # (not needed before the first frame)
        from mipviz.wire.dissect import dissect  # not mipviz.wire.dissect: the module

        changes = [event for event in step.events if event.kind in CHANGE_KINDS]
        explanations = explain_step(step, self._explainer(view))
        tree.rows = tuple(self._rows(step, dissect(step.frame_bytes), changes, language,
                                        explanations))
        hex_pane.frame_bytes = step.frame_bytes
        hex_pane.selected = (0, 0)
        self._problems(problems, "\n".join(f"⚠ {render(p, language)}" for p in step.problems))

    def _explainer(self, view: View) -> ExplainContext:
        """Built once per engine run (a rerun after a move is a new one)."""
        from mipviz.explain import ExplainContext

        cached = getattr(self, "_explain_context", None)
        if cached is None or cached[0] is not view.prepared:
            secrets = getattr(view.prepared, "secrets", None)
            cached = (view.prepared, ExplainContext.build(view.prepared.timeline, secrets))
            self._explain_context = cached
        return cached[1]

    def _problems(self, widget: Static, text: str) -> None:
        if getattr(self, "_problem_text", "") != text:
            self._problem_text = text
            widget.update(text)
            widget.display = bool(text)  # an empty line would take a row from the tree

    def _styles(self) -> tuple[Style, Style, Style]:
        """The mark for what changed, and the styles of a ✓ and a ✗ verdict (per theme: the
        theme's CSS variables are generated afresh on each call, milliseconds a step)."""
        mono = self.app.has_class("-mono")
        key = (self.app.theme, mono)
        cached: tuple[object, tuple[Style, Style, Style]] | None = getattr(
            self, "_verdict_styles", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        styles: tuple[Style, Style, Style]
        if mono:
            mark = Style(bold=True, underline=True)
            styles = mark, Style(bold=True), Style(bold=True, reverse=True)
        else:
            variables = self.app.get_css_variables()
            warning, success, error = (variables.get(name)
                                       for name in ("warning", "success", "error"))
            styles = (Style(bold=True, color=warning) if warning else Style(bold=True),
                      Style(bold=True, color=success) if success else Style(bold=True),
                      Style(bold=True, color=error) if error else Style(bold=True))
        self._verdict_styles = (key, styles)
        return styles

    def _rows(self, step: Step, layers: tuple[DissectedField, ...], changes: list[Event],
              language: str = "en", explanations: tuple[Explanation, ...] = ()) -> list[Row]:
        mark, good, bad = self._styles()
        rows: list[Row] = []
        if changes:
            rows.append(Row(0, Text(tr("explain.inspector.changed", language), mark), None, True))
            for event in changes:
                line = Text(f"{event.node}: ", mark)
                text = event.render(language)
                line.append(f"{event.before} → {event.after}" if event.before else text)
                rows.append(Row(1, line, None, bool(event.before), folded=True))
                if event.before:
                    rows.append(Row(2, Text(text, "italic")))
        after_mobility = [e for e in explanations if not e.title.id.startswith("explain.eui64")]
        pointers = []  # (row position, explanation): a line at the top, Enter goes below
        for explanation in after_mobility:
            pointers.append((len(rows), explanation))
            rows.append(Row(0, self._pointer(explanation, language, good, bad)))
        for explanation in explanations:
            if explanation not in after_mobility:  # the address formed: the point of this step
                self._explanation(rows, explanation, language, good, bad)
        targets: dict[int, int] = {}
        packet = step.packet
        depth = packet.tunnel_depth if packet is not None else 0
        ipv6_seen = 0
        for layer in layers:
            title = Text(layer.name, "bold")
            # a lesson's frame knows its tunnel depth: the outer/inner marks below say it
            glossed = (gloss(layer, language)
                       if not (depth and layer.name == "Internet Protocol Version 6") else None)
            if glossed:
                title.append(f" 〈{glossed}〉", mark)
            if layer.name == "Internet Protocol Version 6":
                ipv6_seen += 1
                if depth and ipv6_seen == 1:
                    title.append(tr("explain.inspector.outer", language), mark)
                elif depth and ipv6_seen > 1:
                    title.append(tr("explain.inspector.inner", language), mark)
            if layer.value:
                title.append(f"  {layer.value}")
            rows.append(Row(0, title, (layer.offset, layer.length), bool(layer.children),
                            folded=layer.name in FOLDED_LAYERS))
            self._fields(rows, 1, layer.children, changes, mark, language)
            if layer.name.startswith("Mobility Header"):
                for position, explanation in pointers:
                    targets[position] = len(rows)
                    self._explanation(rows, explanation, language, good, bad)
        for position, explanation in pointers:
            if position not in targets:  # no Mobility Header layer: at the end
                targets[position] = len(rows)
                self._explanation(rows, explanation, language, good, bad)
        for position, target in targets.items():
            rows[position] = dataclasses.replace(rows[position], jump=target)
        return rows

    @staticmethod
    def _pointer(explanation: Explanation, language: str, good: Style, bad: Style) -> Text:
        verdict = {True: "explain.inspector.equal", False: "explain.inspector.differs",
                   None: "explain.inspector.open"}[explanation.verdict]
        text = Text("§ ", "bold")
        text.append(tr("explain.inspector.rr", language), "bold")
        text.append(" ")
        text.append(tr(verdict, language),
                    good if explanation.verdict else bad if explanation.verdict is False else "")
        text.append(tr("explain.inspector.below", language), "italic")
        return text

    @staticmethod
    def _explanation(rows: list[Row], explanation: Explanation, language: str, good: Style,
                     bad: Style) -> None:
        """The title, each labelled value with its value on the rows below it (so bits and
        hex line up), the parts of an input under it; values on the wire light their bytes."""
        verdict_style = {True: good, False: bad, None: Style(bold=True)}
        rows.append(Row(0, Text("§ " + render(explanation.title, language),
                                verdict_style[explanation.verdict]), None, True, wrap=True))
        lines = explanation.lines
        for number, line in enumerate(lines):
            depth = 1 + line.depth
            deeper = number + 1 < len(lines) and lines[number + 1].depth > line.depth
            label = Text(render(line.label, language),
                         verdict_style[line.verdict] if line.verdict is not None else "")
            rows.append(Row(depth, label, line.span, bool(line.value) or deeper, wrap=True))
            rows.extend(Row(depth + 1, Text(value), line.span, wrap=True)
                        for value in line.value)

    def _fields(self, rows: list[Row], depth: int, fields: tuple[DissectedField, ...],
                changes: list[Event], mark: Style, language: str = "en") -> None:
        packed: list[DissectedField] = []
        for field in fields:
            if _minor(field) and (not packed or _packed_width([*packed, field]) <= PACKED_WIDTH):
                packed.append(field)
                continue
            self._pack(rows, depth, packed)
            packed = [field] if _minor(field) else []
            if packed:
                continue
            if field.children and field.value.endswith("item(s)"):
                self._fields(rows, depth, field.children, changes, mark, language)  # its items
                continue
            label = Text(f"{field.name} = " if field.value else field.name)
            glossed = gloss(field, language) if field.children else None
            if glossed:
                label.append(f" 〈{glossed}〉", mark)
            label.append(field.value)
            if field.name in ADDRESS_FIELDS:
                for event in changes:
                    if event.before and event.after and (event.before in field.value
                                                         or event.after in field.value):
                        label.stylize(mark)
                        label.append(f"   ⇄ {event.node}: {event.before} → {event.after}", mark)
                        break
            rows.append(Row(depth, label, (field.offset, field.length), bool(field.children),
                            folded=field.name in FOLDED_LAYERS))
            self._fields(rows, depth + 1, field.children, changes, mark, language)
        self._pack(rows, depth, packed)

    @staticmethod
    def _pack(rows: list[Row], depth: int, fields: list[DissectedField]) -> None:
        """Minor fields on one row (``version 6 · tc 0 · plen 56``), lighting all their bytes."""
        if not fields:
            return
        start = min(f.offset for f in fields)
        end = max(f.offset + f.length for f in fields)
        rows.append(Row(depth, Text(_packed_text(fields), "dim"), (start, end - start)))

    def on_field_selected(self, message: FieldSelected) -> None:
        self.query_one("#hex", HexPane).selected = message.span


# Headers folded unless the learner opens them: the link layer never changes what a mobility
# step teaches, and padding is padding. The rest opens (RFC 6275's headers: the Routing Header,
# the Home Address option, the Mobility Header and its options, both IPv6 headers of a tunnel).
FOLDED_LAYERS = frozenset({"Ethernet II", "PadN", "Pad1", "PadN Option", "Pad1 Option"})
# Fields that stay on a row of their own: the addresses and what a mobility message carries.
KEPT_FIELDS = frozenset({*ADDRESS_FIELDS, "prefix", "lladdr", "tgt", "target", "cookie", "token",
                         "authenticator", "seq", "index", "hni", "coni", "status", "mhtime",
                         "routerlifetime", "validlifetime", "preferredlifetime", "type",
                         "otype", "mhtype", "code", "id", "data", "load", "flags"})
PACKED_WIDTH = 74


def _minor(field: DissectedField) -> bool:
    return (not field.children and field.name not in KEPT_FIELDS
            and len(field.name) + len(field.value) <= 34)


def _packed_text(fields: list[DissectedField]) -> str:
    return " · ".join(f"{field.name} {field.value}" for field in fields)


def _packed_width(fields: list[DissectedField]) -> int:
    return len(_packed_text(fields))
