"""A small, fast tree of header fields: rows with a depth, a label and a byte range.

Textual's Tree re-lays out the whole screen whenever it is rebuilt; the inspector rebuilds
its tree on every step, so this draws only the visible rows of a flat list, with its own
cursor (↑/↓, Enter folds a header) and scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from mipviz.i18n.linebreak import wrap_offsets
from mipviz.ui.lines import LinesWidget


@dataclass(frozen=True, slots=True)
class Row:
    depth: int
    label: Text
    span: tuple[int, int] | None = None  # (offset, length) in the frame's bytes
    has_children: bool = False
    folded: bool = False  # shown folded until the learner opens it
    jump: int | None = None  # Enter on this row goes to that row (a pointer to a section)
    wrap: bool = False  # too wide for the pane: continued on the lines below, never cut


class FieldSelected(Message):
    """The cursor is on a field: light its bytes."""

    def __init__(self, span: tuple[int, int]) -> None:
        super().__init__()
        self.span = span


class FieldTree(LinesWidget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "cursor(-10)", show=False),
        Binding("pagedown", "cursor(10)", show=False),
        Binding("enter", "fold", "Fold", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"fieldtree--cursor", "fieldtree--guide"}
    # (repainted by invalidate: only the lines that differ)
    rows: reactive[tuple[Row, ...]] = reactive((), always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        self._top = 0
        self._folded: set[int] = set()  # indices of folded rows (reset with new rows)
        self._visible: list[int] = []

    def watch_rows(self, rows: tuple[Row, ...]) -> None:
        self._folded = {index for index, row in enumerate(rows) if row.folded and row.has_children}
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self._top = 0
        self._recompute()
        if self.cursor not in self._visible and self._visible:
            self.cursor = self._visible[0]

    def _recompute(self) -> None:
        visible: list[int] = []
        hidden_below: int | None = None
        for index, row in enumerate(self.rows):
            if hidden_below is not None and row.depth > hidden_below:
                continue
            hidden_below = None
            visible.append(index)
            if index in self._folded:
                hidden_below = row.depth
        self._visible = visible
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text]:
        visible = self._visible
        if not visible:
            return []
        position = self._cursor_position() if self.has_focus else self._top
        if position < self._top:
            self._top = position
        elif position >= self._top + height:
            self._top = position - height + 1
        self._top = max(0, min(self._top, max(0, len(visible) - height)))
        cursor_style = self.get_component_rich_style("fieldtree--cursor", partial=True)
        guide = self.get_component_rich_style("fieldtree--guide", partial=True)
        while True:
            lines: list[Text] = []
            cursor_line = -1
            for index in visible[self._top:self._top + height]:
                if index == self.cursor:
                    cursor_line = len(lines)
                lines.extend(self._row_lines(index, width, guide, cursor_style))
                if len(lines) >= height:
                    break
            # a wrapped row takes several lines: scroll on until the cursor's row is shown
            if not self.has_focus or cursor_line < height or self._top >= position:
                return lines[:height]
            self._top += 1

    def _row_lines(self, index: int, width: int, guide: Style, cursor_style: Style) -> list[Text]:
        """The row's line, and its continuation lines when it wraps (``Row.wrap``)."""
        row = self.rows[index]
        line = Text("  " * row.depth, guide, no_wrap=True, overflow="ellipsis")
        if row.has_children:
            line.append("▸ " if index in self._folded else "▾ ", guide)
        else:
            line.append("  ")
        indent = 2 * row.depth + 2
        parts = ([row.label] if not row.wrap or indent + row.label.cell_len <= width
                 else [row.label[start:end]
                       for start, end in wrap_offsets(row.label.plain, width - indent)])
        line.append_text(parts[0] if parts else row.label)
        shown = [line, *(Text(" " * indent, guide, no_wrap=True, overflow="ellipsis") + part
                         for part in parts[1:])]
        if index == self.cursor and self.has_focus:
            for each in shown:
                each.stylize(cursor_style)
        return shown

    def _cursor_position(self) -> int:
        try:
            return self._visible.index(self.cursor)
        except ValueError:
            return 0

    def action_cursor(self, delta: int) -> None:
        if not self._visible:
            return
        position = max(0, min(self._cursor_position() + delta, len(self._visible) - 1))
        self.cursor = self._visible[position]
        self._selected()
        self.invalidate()

    def action_fold(self) -> None:
        row = self.rows[self.cursor] if self.cursor < len(self.rows) else None
        if row is not None and row.jump is not None and row.jump < len(self.rows):
            self.cursor = row.jump  # the section it points at, shown from the top
            self._folded.discard(row.jump)
            self._recompute()
            self._top = self._cursor_position()
            self._selected()
            return
        if row is None or not row.has_children:
            return
        self._folded ^= {self.cursor}
        self._recompute()

    def _selected(self) -> None:
        if self.cursor < len(self.rows):
            span = self.rows[self.cursor].span
            if span is not None:
                self.post_message(FieldSelected(span))

    def on_focus(self) -> None:
        self._selected()
        self.invalidate()

    def on_blur(self) -> None:
        self.invalidate()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        position = self._top + offset.y
        if 0 <= position < len(self._visible):
            if self.cursor == self._visible[position]:
                self.action_fold()
            self.cursor = self._visible[position]
            self._selected()
            self.invalidate()
