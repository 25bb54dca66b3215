"""The packet inspector: the current frame as a tree of headers and fields, what changed at
this hop shown before → after, and a hex pane lighting the selected field's bytes.

Field offsets come from :func:`mipviz.wire.dissect` (scapy lives in mipviz.wire only); the
frame was already encoded by the engine, so scapy is loaded by the time this runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from mipviz.ui.fieldtree import FieldSelected, FieldTree, Row
from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.engine.timeline import Event, Step
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
    frame_bytes: reactive[bytes] = reactive(b"")
    selected: reactive[tuple[int, int]] = reactive((0, 0))

    def watch_frame_bytes(self) -> None:
        self.invalidate()

    def watch_selected(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text]:
        data = self.frame_bytes
        if not data:
            return [Text("(no frame at this step)")]
        per_row, ascii_column = _row_shape(width)
        start, length = self.selected
        lit = self.get_component_rich_style("hex--selected", partial=True)
        dim = self.get_component_rich_style("hex--offset", partial=True)
        lines: list[Text] = []
        for row in range(0, len(data), per_row):
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


class PacketInspector(Vertical):
    """Tree of the current frame (attributes down: ``view``)."""

    view: reactive[View | None] = reactive(None, layout=False)

    def compose(self) -> ComposeResult:
        yield FieldTree(id="packet-tree")
        yield HexPane(id="hex")
        yield Static("", id="packet-problems")

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
            rows = [Row(0, Text("no frame at this step" if step else "before the first step"))]
            rows.extend(Row(1, Text(f"{event.node}: {event.render(language)}"))
                        for event in (step.events if step else ()))
            tree.rows = tuple(rows)
            hex_pane.frame_bytes = b""
            self._problems(problems, "")
            return
        from mipviz.wire.dissect import dissect  # not mipviz.wire.dissect: the module

        changes = [event for event in step.events if event.kind in CHANGE_KINDS]
        tree.rows = tuple(self._rows(step, dissect(step.frame_bytes), changes, language))
        hex_pane.frame_bytes = step.frame_bytes
        hex_pane.selected = (0, 0)
        self._problems(problems, "\n".join(f"⚠ {p}" for p in step.problems))

    def _problems(self, widget: Static, text: str) -> None:
        if getattr(self, "_problem_text", "") != text:
            self._problem_text = text
            widget.update(text)

    def _rows(self, step: Step, layers: tuple[DissectedField, ...],
              changes: list[Event], language: str = "en") -> list[Row]:
        warning = self.app.get_css_variables().get("warning")
        mark = Style(bold=True, color=warning) if warning else Style(bold=True)
        if self.app.has_class("-mono"):
            mark = Style(bold=True, underline=True)
        rows: list[Row] = []
        if changes:
            rows.append(Row(0, Text("What changed at this hop", mark), None, True))
            for event in changes:
                line = Text(f"{event.node}: ", mark)
                text = event.render(language)
                line.append(f"{event.before} → {event.after}" if event.before else text)
                rows.append(Row(1, line))
                rows.append(Row(1, Text(text, "italic")))
        packet = step.packet
        depth = packet.tunnel_depth if packet is not None else 0
        ipv6_seen = 0
        for layer in layers:
            title = Text(layer.name, "bold")
            if layer.name == "Internet Protocol Version 6":
                ipv6_seen += 1
                if depth and ipv6_seen == 1:
                    title.append("  (outer header: the tunnel)", mark)
                elif depth and ipv6_seen > 1:
                    title.append("  (inner packet)", mark)
            if layer.value:
                title.append(f"  {layer.value}")
            rows.append(Row(0, title, (layer.offset, layer.length), bool(layer.children)))
            self._fields(rows, 1, layer.children, changes, mark)
        return rows

    def _fields(self, rows: list[Row], depth: int, fields: tuple[DissectedField, ...],
                changes: list[Event], mark: Style) -> None:
        for field in fields:
            label = Text(f"{field.name} = ")
            label.append(field.value)
            if field.name in ADDRESS_FIELDS:
                for event in changes:
                    if event.before and event.after and (event.before in field.value
                                                         or event.after in field.value):
                        label.stylize(mark)
                        label.append(f"   ⇄ {event.node}: {event.before} → {event.after}", mark)
                        break
            rows.append(Row(depth, label, (field.offset, field.length), bool(field.children)))
            self._fields(rows, depth + 1, field.children, changes, mark)

    def on_field_selected(self, message: FieldSelected) -> None:
        self.query_one("#hex", HexPane).selected = message.span
