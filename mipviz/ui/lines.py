"""A widget base for the panes that redraw on every step: the Line API, with the lines built
once per (step, size) and handed to Textual as ready strips.

Returning rich ``Text`` from ``render()`` makes Textual convert every styled span on every
paint; the map and the chart have hundreds of spans, and the step budget is 30 ms at 160x50.
Subclasses implement :meth:`build` and call :meth:`invalidate` when their input changes.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


def text_segments(text: Text, console: Console) -> list[Segment]:
    """*text* as segments on one line: its spans, over its own base style (which
    ``Text.render`` leaves to the console's render loop)."""
    base = console.get_style(text.style) if text.style else None
    return list(Segment.apply_style(text.render(console, end=""), base))


class LinesWidget(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] = []
        self._built_for: tuple[int, Size] | None = None
        self._generation = 0

    def build(
        self, width: int, height: int
    ) -> list[Text] | list[list[Segment]] | list[Text | list[Segment]] | RenderableType:
        """The lines to show (Text or segments, one per line), or a renderable to lay out."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        """Lines drawn in the old theme's colours are drawn again (``t``): without this the
        panes kept the dark theme's colours until the next step. A subclass's cache of drawn
        rows (``_row_cache``) holds styles too."""
        cache = getattr(self, "_row_cache", None)
        if isinstance(cache, dict):
            cache.clear()
        self.invalidate()

    def invalidate(self) -> None:
        self._generation += 1
        self.refresh()

    def render_line(self, y: int) -> Strip:
        size = self.content_size
        key = (self._generation, size)
        if self._built_for != key:
            self._built_for = key
            self._strips = self._make_strips(size.width, size.height)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(size.width, self.rich_style)

    def _make_strips(self, width: int, height: int) -> list[Strip]:
        if width <= 0 or height <= 0:
            return []
        built = self.build(width, height)
        base = self.rich_style
        console = self.app.console
        strips: list[Strip] = []
        if isinstance(built, list):
            for line in built[:height]:
                segments = line if isinstance(line, list) else text_segments(line, console)
                strips.append(Strip(Segment.apply_style(segments, base))
                              .adjust_cell_length(width, base))
            return strips
        options = console.options.update_width(width)
        for line in console.render_lines(built, options, style=base, pad=True)[:height]:
            strips.append(Strip(line).adjust_cell_length(width, base))
        return strips
