"""The sequence (ladder) chart: one column per node, one arrow per frame (per hop) so far,
labelled the way Wireshark labels it, tunnelled frames drawn with a double line, the current
step marked.

Only the rows on screen are built, so a step at 1,000 costs what a step at 10 does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive

from mipviz.ui.lines import LinesWidget, text_segments

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step
    from mipviz.ui.controller import View

WIDE_PREFIX = 15  # "  123   12.345 ": step and virtual time
NARROW_PREFIX = 6  # "  123 ": step only, below WIDE_FROM columns
WIDE_FROM = 70


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
    view: reactive[View | None] = reactive(None, layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._top = 1  # first step index shown
        self._prefix = WIDE_PREFIX
        self._rows: list[int] = []
        self._styles: dict[tuple[str, str], Style] = {}
        # Rows already drawn, by (run, step, width, layout, current): only the newest rows
        # and the two whose highlight moved are drawn again on a step.
        self._row_cache: dict[tuple[object, ...], list[Segment]] = {}

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
        rows = height - 1
        # The messages so far (a "predict the next packet" quiz must not see the future):
        # the current step is the last row, and the chart scrolls with the cursor.
        self._top = max(1, view.cursor - rows + 1)
        area = max(len(names) * 4, min(len(names) * 9, int((width - prefix) * 0.45)))
        area = min(area, max(len(names) * 2, width - prefix - 8))
        columns = {name: prefix + 2 + round(i * (area - 4) / max(1, len(names) - 1))
                   for i, name in enumerate(names)}
        label_at = prefix + area + 1
        lines: list[Text | list[Segment]] = [self._header(names, columns, width, label_at)]
        self._rows = []
        timeline = view.prepared.timeline
        for index in range(self._top, view.cursor + 1):
            key = (id(timeline), index, width, label_at, index == view.cursor, self.app.theme)
            row = self._row_cache.get(key)
            if row is None:
                if len(self._row_cache) > 4096:
                    self._row_cache.clear()
                text = self._row(timeline[index], view, columns, width, label_at)
                row = text_segments(text, self.app.console)
                self._row_cache[key] = row
            lines.append(row)
            self._rows.append(index)
        return lines

    def _header(self, names: list[str], columns: dict[str, int], width: int,
                label_at: int) -> Text:
        chars = [" "] * width
        titles = (("step", 1), ("time s", 8)) if self._prefix == WIDE_PREFIX else (("#", 4),)
        for title, at in titles:
            for offset, char in enumerate(title):
                if at + offset < width:
                    chars[at + offset] = char
        for name in names:
            start = max(0, columns[name] - len(name) // 2)
            room = min((abs(columns[other] - columns[name]) for other in names
                        if other != name), default=10)
            for offset, char in enumerate(name[:max(2, min(10, room - 1))]):
                if start + offset < width:
                    chars[start + offset] = char
        if label_at + 7 < width:
            chars[label_at:label_at + 7] = list("message")
        return Text("".join(chars), self._style("header"), no_wrap=True, overflow="crop")

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
        label = step.summary
        if tunnelled:
            label = "⊂⊃ " + label
        if step.problems:
            label = "⚠ " + label
        for offset, char in enumerate(label):
            if label_at + offset < width:
                chars[label_at + offset] = char
        text = Text("".join(chars), no_wrap=True, overflow="crop")
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
        if offset is None or offset.y < 1:
            return
        row = offset.y - 1
        if row < len(self._rows):
            self.post_message(JumpTo(self._rows[row]))
