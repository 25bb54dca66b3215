"""A character canvas: text and lines drawn into a grid of cells, then read out as rich Text.

Later drawing wins, so a map draws lines first, then link labels, then nodes. Pure Python
and rich only, no Textual, so it renders the same in tests and on screen.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# Line characters by direction of travel: plain links, and tunnels (a different line style).
_PLAIN = {"h": "─", "v": "│", "d": "╲", "u": "╱"}
_TUNNEL = {"h": "═", "v": "║", "d": "╲", "u": "╱"}
_DOTTED = {"h": "┄", "v": "┆", "d": "╲", "u": "╱"}
LINE_SETS = {"plain": _PLAIN, "tunnel": _TUNNEL, "dotted": _DOTTED}


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self._chars = [[" "] * self.width for _ in range(self.height)]
        self._styles: list[list[Style | None]] = [[None] * self.width for _ in
                                                  range(self.height)]

    def put(self, x: int, y: int, text: str, style: Style | None = None) -> tuple[int, int]:
        """Write *text* from (x, y), clipped; returns the (start, end) columns written."""
        if not 0 <= y < self.height:
            return (x, x)
        start = x
        for offset, char in enumerate(text):
            column = x + offset
            if 0 <= column < self.width:
                self._chars[y][column] = char
                self._styles[y][column] = style
        return (max(0, start), min(self.width, x + len(text)))

    def put_centered(self, x: int, y: int, text: str, style: Style | None = None) -> int:
        """Write *text* centred on column x, kept inside the canvas; returns its first column."""
        start = max(0, min(x - len(text) // 2, self.width - len(text)))
        self.put(start, y, text, style)
        return start

    def line(self, start: tuple[int, int], end: tuple[int, int], kind: str = "plain",
             style: Style | None = None) -> list[tuple[int, int]]:
        """A straight line of box characters (Bresenham); returns the cells it covers."""
        chars = LINE_SETS.get(kind, _PLAIN)
        (x0, y0), (x1, y1) = start, end
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx = 1 if x0 < x1 else -1
        sy = 1 if y0 < y1 else -1
        error = dx + dy
        cells: list[tuple[int, int]] = []
        x, y = x0, y0
        while True:
            cells.append((x, y))
            if x == x1 and y == y1:
                break
            doubled = 2 * error
            if doubled >= dy:
                error += dy
                x += sx
            if doubled <= dx:
                error += dx
                y += sy
        for index, (x, y) in enumerate(cells):
            previous = cells[index - 1] if index else cells[min(1, len(cells) - 1)]
            step_x, step_y = x - previous[0], y - previous[1]
            if step_y == 0:
                char = chars["h"]
            elif step_x == 0:
                char = chars["v"]
            else:
                char = chars["d"] if (step_x > 0) == (step_y > 0) else chars["u"]
            if 0 <= x < self.width and 0 <= y < self.height:
                self._chars[y][x] = char
                self._styles[y][x] = style
        return cells

    def restyle(self, cells: list[tuple[int, int]], style: Style) -> None:
        for x, y in cells:
            if 0 <= x < self.width and 0 <= y < self.height:
                self._styles[y][x] = style

    def segments(self) -> list[list[Segment]]:
        """One list of segments per row: a segment per run of one style."""
        out: list[list[Segment]] = []
        for chars, styles in zip(self._chars, self._styles, strict=True):
            row: list[Segment] = []
            run_start = 0
            for column in range(1, self.width + 1):
                if column == self.width or styles[column] is not styles[run_start]:
                    row.append(Segment("".join(chars[run_start:column]), styles[run_start]))
                    run_start = column
            out.append(row)
        return out

    def lines(self) -> list[Text]:
        out: list[Text] = []
        for chars, styles in zip(self._chars, self._styles, strict=True):
            text = Text(no_wrap=True, overflow="crop")
            run_start = 0
            for column in range(1, self.width + 1):
                if column == self.width or styles[column] is not styles[run_start]:
                    text.append("".join(chars[run_start:column]), styles[run_start])
                    run_start = column
            out.append(text)
        return out
