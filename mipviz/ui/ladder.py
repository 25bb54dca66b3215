"""The sequence (ladder) chart: one column per node, one arrow per frame (per hop) so far,
labelled the way Wireshark labels it, tunnelled frames drawn with a double line, the current
step marked.

Only the rows on screen are built, so a step at 1,000 costs what a step at 10 does. Column
headers never run together (a name too long for its column is cut with ``…``, and when the
columns are close the names alternate over two header rows); a message label is cut with
``…`` (:func:`mipviz.ui.textfit.truncate`, which never leaves a partial address). A display
filter (:mod:`mipviz.ui.ladder_filter`) hides rows; the current step is always shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive

from mipviz.i18n import tr
from mipviz.ui.ladder_filter import LadderFilter, next_filter
from mipviz.ui.lines import LinesWidget, text_segments
from mipviz.ui.short_names import shorten
from mipviz.ui.textfit import truncate

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step
    from mipviz.ui.controller import View

WIDE_PREFIX = 15  # "  123   12.345 ": step and virtual time
NARROW_PREFIX = 6  # "  123 ": step only, below WIDE_FROM columns
WIDE_FROM = 70
SCAN_LIMIT = 20_000  # steps looked at (back from the cursor) to fill a filtered chart


class JumpTo(Message):
    """The learner clicked a row of the chart: move the cursor to that step."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class LadderChart(LinesWidget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ladder--header",
        "ladder--current",
        "ladder--arrow",
        "ladder--tunnel",
        "ladder--note",
        "ladder--problem",
    }
    view: reactive[View | None] = reactive(None, layout=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._top = 1  # first step index shown
        self._prefix = WIDE_PREFIX
        self._rows: list[int] = []
        self._styles: dict[tuple[str, str], Style] = {}
        # Rows already drawn, by (run, step, width, layout, current): only the newest rows
        # and the two whose highlight moved are drawn again on a step.
        self._row_cache: dict[tuple[object, ...], list[Segment]] = {}
        self._header_rows = 1
        self.label_at = 0  # the column where message labels start
        self.filter = LadderFilter()

    def cycle_filter(self) -> LadderFilter:
        """The next display filter (all, mobility only, no Neighbor Discovery, one node's
        traffic); kept while stepping. Returns it (the screen says which it is)."""
        self.filter = next_filter(self.filter, self.view)
        self.invalidate()
        return self.filter

    def _shown(self, view: View, rows: int) -> list[int]:
        """The step indices on the chart, oldest first, ending at the cursor (always shown,
        so the learner sees where they are even on a step the filter hides)."""
        if self.filter.kind == "all":
            return list(range(max(1, view.cursor - rows + 1), view.cursor + 1))
        if view.cursor < 1 or rows < 1:
            return []
        steps = view.prepared.timeline.steps  # raw steps: a replay's are not decoded here
        out = [view.cursor]
        index = view.cursor - 1
        while index >= 1 and len(out) < rows and view.cursor - index < SCAN_LIMIT:
            if self.filter.matches(steps[index - 1]):
                out.append(index)
            index -= 1
        return out[::-1]

    def _style(self, name: str) -> Style:
        key = (name, self.app.theme)
        if key not in self._styles:
            self._styles[key] = self.get_component_rich_style(f"ladder--{name}", partial=True)
        return self._styles[key]

    def watch_view(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text | list[Segment]]:
        view = self.view
        if view is None or width < 10 or height < 2:
            return []
        names = [node.name for node in view.prepared.lesson.topology.nodes]
        prefix = WIDE_PREFIX if width >= WIDE_FROM else NARROW_PREFIX
        self._prefix = prefix
        area = max(len(names) * 4, min(len(names) * 9, int((width - prefix) * 0.45)))
        area = min(area, max(len(names) * 2, width - prefix - 8))
        columns = {name: prefix + 2 + round(i * (area - 4) / max(1, len(names) - 1))
                   for i, name in enumerate(names)}
        label_at = prefix + area + 1
        self.label_at = label_at
        header = self._header(names, columns, width, label_at, view.prepared.language)
        self._header_rows = len(header)
        lines: list[Text | list[Segment]] = list(header)
        # The messages so far (a "predict the next packet" quiz must not see the future):
        # the current step is the last row, and the chart scrolls with the cursor.
        self._rows = self._shown(view, height - len(header))
        self._top = self._rows[0] if self._rows else max(1, view.cursor)
        timeline = view.prepared.timeline
        for index in self._rows:
            key = (id(timeline), index, width, label_at, index == view.cursor, self.app.theme)
            row = self._row_cache.get(key)
            if row is None:
                if len(self._row_cache) > 4096:
                    self._row_cache.clear()
                text = self._row(timeline[index], view, columns, width, label_at)
                row = text_segments(text, self.app.console)
                self._row_cache[key] = row
            lines.append(row)
        return lines

    def _header(self, names: list[str], columns: dict[str, int], width: int,
                label_at: int, language: str) -> list[Text]:
        """One header row, or two when the names do not fit their columns side by side
        (alternate names on each row, so each has twice the room); a name still too long is
        cut with an ellipsis. A blank cell always separates two names."""
        rows = 1 if _fit_names(names, columns, 1, self._prefix, label_at) else 2
        placed = _fit_names(names, columns, rows, self._prefix, label_at, force=True) or {}
        out: list[Text] = []
        for row in range(rows):
            chars = [" "] * width
            if row == 0:
                wide = self._prefix == WIDE_PREFIX
                titles = (((tr("ladder.step", language), 1), (tr("ladder.time", language), 8))
                          if wide else ((tr("ladder.step_short", language), 4),))
                for title, at in titles:
                    room = (8 if at == 1 else self._prefix) - at - 1
                    _write(chars, at, truncate(title, room))
                if self.filter.kind == "all":
                    title = tr("ladder.message", language)
                else:
                    title = tr("ladder.filtered", language,
                               filter=self.filter.describe(language))
                    if cell_len(title) > width - label_at:
                        title = tr("ladder.filtered", language,
                                   filter=self.filter.describe(language, short=True))
                _write(chars, label_at, truncate(title, width - label_at))
            for name, (start, text, on_row) in placed.items():
                if on_row == row and name:
                    _write(chars, start, text)
            out.append(Text("".join(chars), self._style("header"), no_wrap=True,
                            overflow="crop"))
        return out

    def _row(self, step: Step, view: View, columns: dict[str, int], width: int,
             label_at: int) -> Text:
        chars = [" "] * width
        for at in columns.values():
            if at < width:
                chars[at] = "│"
        prefix = f"{step.index:>5} {step.seconds:>8.3f} "
        if self._prefix != WIDE_PREFIX:
            prefix = f"{step.index:>5} "
        chars[: min(len(prefix), width)] = list(prefix[:width])
        packet = step.packet
        tunnelled = packet is not None and packet.tunnel_depth > 0
        arrow_span: tuple[int, int] | None = None
        if step.frame is not None and step.tx in columns:
            start = columns[step.tx]
            targets = [step.rx] if step.rx in columns else self._link_members(step, view)
            ends = [columns[t] for t in targets if t in columns and t != step.tx]
            end = max(ends, key=lambda e: abs(e - start)) if ends else start
            if end != start:
                line = "═" if tunnelled else "─"
                low, high = sorted((start, end))
                for x in range(low + 1, high):
                    if x < width:
                        chars[x] = line
                if end < width:
                    chars[end] = ">" if end > start else "<"
                if step.rx is None and end < width - 1:
                    chars[end + (1 if end > start else -1)] = "*"
                arrow_span = (low, high + 1)
        elif step.events:
            event_at = columns.get(step.events[0].node)
            if event_at is not None and event_at < width:
                chars[event_at] = "•"
        label = step.summary_in(view.prepared.language)
        if tunnelled:
            label = "⊂⊃ " + label
        if step.problems:
            label = "⚠ " + label
        room = width - label_at
        text = Text("".join(chars[:label_at]) + truncate(shorten(label, room), room),
                    no_wrap=True, overflow="crop")
        if arrow_span is not None:
            text.stylize(self._style("tunnel" if tunnelled else "arrow"), *arrow_span)
        elif step.frame is None:
            text.stylize(self._style("note"), label_at, width)
        if step.problems:
            text.stylize(self._style("problem"), label_at, label_at + 1)
        if step.index == view.cursor:
            text.stylize(self._style("current"), 0, width)
        return text

    @staticmethod
    def _link_members(step: Step, view: View) -> list[str]:
        return [name for name, state in view.states.items() if step.link in state.links]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self._header_rows:
            return
        row = offset.y - self._header_rows
        if row < len(self._rows):
            self.post_message(JumpTo(self._rows[row]))


def _write(chars: list[str], at: int, text: str) -> None:
    """*text* into a row of cells from column *at* (a wide character takes two cells)."""
    column = at
    for char in text:
        size = cell_len(char)
        if column + size > len(chars):
            break
        chars[column] = char
        if size == 2:
            chars[column + 1] = ""
        column += size


def _fit_names(names: list[str], columns: dict[str, int], rows: int, prefix: int,
               label_at: int, force: bool = False
               ) -> dict[str, tuple[int, str, int]] | None:
    """Where each column's name goes over *rows* header rows (alternating): (first column,
    text, row). None when a name would have to be cut and *force* is false."""
    out: dict[str, tuple[int, str, int]] = {}
    for i, name in enumerate(names):
        row = i % rows
        at = columns[name]
        # the room either side: half way to the next name on this row, or to the titles
        left = at - prefix if i < rows else (at - columns[names[i - rows]]) // 2
        right = label_at - 1 - at if i + rows >= len(names) else \
            (columns[names[i + rows]] - at) // 2
        room = max(1, 2 * min(left, right) - 1)
        text = name if cell_len(name) <= room else truncate(name, room)
        if text != name and not force:
            return None
        start = at - cell_len(text) // 2
        out[name] = (start, text, row)
    return out
