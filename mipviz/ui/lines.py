"""A widget base for the panes that redraw on every step: the Line API, with the lines built
once per (step, size) and handed to Textual as ready strips.

Returning rich ``Text`` from ``render()`` makes Textual convert every styled span on every
paint; the map and the chart have hundreds of spans, and the step budget is 30 ms at 160x50.
Subclasses implement :meth:`build` and call :meth:`invalidate` when their input changes.

A step changes few of a pane's lines (the map's frame and its label, a lifetime counting down,
the handover bar's time axis), so :meth:`invalidate` builds the new lines at once and has
Textual repaint only those that differ from what is on screen: a line is converted to a strip
once per content (:class:`StripCache`), and an unchanged line is the very strip already shown.
Textual then neither re-renders the pane's other lines nor composites them again (issue 14:
60 frames a second).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget


def text_segments(text: Text, console: Console) -> list[Segment]:
    """*text* as segments on one line: its spans, over its own base style (which
    ``Text.render`` leaves to the console's render loop)."""
    base = console.get_style(text.style) if text.style else None
    return list(Segment.apply_style(text.render(console, end=""), base))


def line_key(line: Text | list[Segment]) -> Hashable:
    """What a line's strip depends on, for :class:`StripCache` (a Text's spans and styles, or
    the segments themselves)."""
    if isinstance(line, list):
        return tuple(line)
    return (line.plain, line.style, tuple(line.spans), line.end, line.overflow, line.no_wrap,
            line.justify)


class StripCache:
    """The strips of the lines drawn lately, by content, for one width and base style. Kept to
    the lines of the last few hundred frames: past ``limit`` entries, only the lines of the
    frame being made are kept."""

    def __init__(self, limit: int = 2048) -> None:
        self.limit = limit
        self._for: tuple[int, Style] | None = None
        self._strips: dict[Hashable, Strip] = {}

    def strips(self, lines: Sequence[Text | list[Segment]], width: int, base: Style,
               console: Console) -> list[Strip]:
        if self._for != (width, base):
            self._for = (width, base)
            self._strips = {}
        cache = self._strips
        out: list[Strip] = []
        keys: list[Hashable] = []
        for line in lines:
            key = line_key(line)
            strip = cache.get(key)
            if strip is None:
                segments = line if isinstance(line, list) else text_segments(line, console)
                strip = Strip(Segment.apply_style(segments, base)).adjust_cell_length(width,
                                                                                       base)
                cache[key] = strip
            keys.append(key)
            out.append(strip)
        if len(cache) > self.limit:
            self._strips = dict(zip(keys, out, strict=True))
        return out


class LinesWidget(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] = []
        self._built_for: tuple[int, Size] | None = None
        self._generation = 0
        self._strip_cache = StripCache()
        self._rebuild_pending = False

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
        # built when painted, not now: the widget's styles are the new theme's by then
        self._built_for = None
        self.invalidate()

    def invalidate(self) -> None:
        """The input changed: the lines are built again once the caller is done (after the
        message being handled, so that what it changes after this call is drawn too), and
        Textual repaints those that differ."""
        if not self.is_mounted:
            self._generation += 1
            self.refresh()
        elif not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_next(self._rebuild)

    def _rebuild(self) -> None:
        """Build the lines and repaint those that differ from the lines on screen (all of
        them when the pane was not drawn at this size yet: then built when painted)."""
        self._rebuild_pending = False
        self._generation += 1
        size = self.content_size
        if not self.display or self._built_for is None or self._built_for[1] != size \
                or size.width <= 0 or size.height <= 0:
            self.refresh()
            return
        shown = self._strips
        self._built_for = (self._generation, size)
        self._strips = strips = self._make_strips(size.width, size.height)
        changed = [y for y in range(max(len(shown), len(strips)))
                   if y >= len(shown) or y >= len(strips) or shown[y] is not strips[y]]
        if len(changed) >= size.height:
            self.refresh()
        elif changed:
            self.refresh(*_runs(changed, size.width))

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
            return self._strip_cache.strips(built[:height], width, base, console)
        options = console.options.update_width(width)
        for line in console.render_lines(built, options, style=base, pad=True)[:height]:
            strips.append(Strip(line).adjust_cell_length(width, base))
        return strips


def _runs(lines: list[int], width: int) -> list[Region]:
    """Rows *lines* (ascending) as regions of consecutive rows, *width* wide."""
    regions: list[Region] = []
    start = previous = lines[0]
    for y in lines[1:]:
        if y != previous + 1:
            regions.append(Region(0, start, width, previous - start + 1))
            start = y
        previous = y
    regions.append(Region(0, start, width, previous - start + 1))
    return regions
