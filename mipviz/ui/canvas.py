"""A character canvas: text and lines drawn into a grid of cells, then read out as rich Text.

Lines are drawn with :meth:`Canvas.line`; text that a reader must be able to read (a node, a
label, a direction mark) is *claimed* with :meth:`Canvas.claim`, which records which owner
holds each cell. A line never overwrites a claimed cell, and :meth:`Canvas.is_free` lets a
label placer find room that no other claim holds, so the record is both what keeps labels
apart and what a test reads to prove it (:meth:`Canvas.overlaps`). A wide (East Asian)
character takes two cells: the second holds "" so the row keeps its width.
Pure Python and rich only, no Textual, so it renders the same in tests and on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# Line characters by direction of travel: plain links, and tunnels (a different line style).
_PLAIN = {"h": "─", "v": "│", "d": "╲", "u": "╱"}
_TUNNEL = {"h": "═", "v": "║", "d": "╲", "u": "╱"}
_DOTTED = {"h": "┄", "v": "┆", "d": "╲", "u": "╱"}
LINE_SETS = {"plain": _PLAIN, "tunnel": _TUNNEL, "dotted": _DOTTED}


@dataclass(frozen=True, slots=True)
class Claim:
    """Cells ``x0 <= x < x1`` of row ``y`` held by one owner (a node, a label, a mark)."""

    owner: str  # "node:MN", "role:MN", "link:home", "frame", ...
    kind: str  # "node" | "label" | "mark"
    x0: int
    x1: int
    y: int
    text: str


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self._chars = [[" "] * self.width for _ in range(self.height)]
        self._styles: list[list[Style | None]] = [[None] * self.width for _ in
                                                  range(self.height)]
        self._owned: list[list[str | None]] = [[None] * self.width for _ in
                                               range(self.height)]
        self.claims: list[Claim] = []
        # per row, its longest run of unclaimed cells (None: not known since its last claim):
        # a placer skips a row where no start can be free without probing each one
        self._longest: list[int | None] = [self.width] * self.height
        self.dropped: list[str] = []  # owners of labels a placer found no room for

    def put(self, x: int, y: int, text: str, style: Style | None = None) -> tuple[int, int]:
        """Write *text* from (x, y), clipped; returns the (start, end) columns written."""
        if not 0 <= y < self.height:
            return (x, x)
        chars, styles = self._chars[y], self._styles[y]
        column = x
        for char in text:
            size = cell_len(char)
            if column >= 0 and column + size <= self.width:
                chars[column] = char
                styles[column] = style
                if size == 2:
                    chars[column + 1] = ""
                    styles[column + 1] = style
            elif 0 <= column < self.width:
                chars[column] = " "
            column += size
        return (max(0, x), min(self.width, column))

    def claim(self, x: int, y: int, text: str, owner: str, kind: str = "label",
              style: Style | None = None) -> Claim:
        """Write *text* at (x, y) and record *owner* as holding its cells."""
        x0, x1 = self.put(x, y, text, style)
        if 0 <= y < self.height:
            row = self._owned[y]
            for column in range(x0, x1):
                row[column] = owner
            self._longest[y] = None
            if kind == "label":  # a blank either side: a line running on would join the words
                for column in (x0 - 1, x1):
                    if 0 <= column < self.width and row[column] is None:
                        self._chars[y][column] = " "
                        self._styles[y][column] = None
        claim = Claim(owner, kind, x0, x1, y, text)
        self.claims.append(claim)
        return claim

    def release(self, claim: Claim) -> None:
        """Take back *claim*: its cells blank and unclaimed again (a node given up so that the
        count of the nodes with no room can be shown in its place)."""
        self.claims.remove(claim)
        if 0 <= claim.y < self.height:
            for column in range(claim.x0, claim.x1):
                self._owned[claim.y][column] = None
                self._chars[claim.y][column] = " "
                self._styles[claim.y][column] = None
            self._longest[claim.y] = None

    def is_free(self, x0: int, x1: int, y: int, halo: int = 1) -> bool:
        """Whether cells x0..x1-1 of row y are inside the canvas and unclaimed, with *halo*
        unclaimed cells either side (so two labels never run together)."""
        if not (0 <= y < self.height and x0 >= 0 and x1 <= self.width and x0 < x1):
            return False
        return not any(self._owned[y][max(0, x0 - halo):min(self.width, x1 + halo)])

    def longest_free(self, y: int) -> int:
        """The longest run of unclaimed cells on row *y* (0 outside the canvas): no text wider
        than it is free anywhere on the row."""
        if not 0 <= y < self.height:
            return 0
        known = self._longest[y]
        if known is None:
            known = run = 0
            for owner in self._owned[y]:
                run = run + 1 if owner is None else 0
                known = max(known, run)
            self._longest[y] = known
        return known

    def free_starts(self, y: int, width: int, halo: int = 1) -> list[tuple[int, int]]:
        """The columns where :meth:`is_free` holds for *width* cells on row *y*, as inclusive
        ranges (first, last) left to right: read from the row's runs of unclaimed cells in one
        pass, so a search over the whole canvas need not probe every start."""
        if not 0 <= y < self.height or width < 1:
            return []
        row, limit = self._owned[y], self.width
        out: list[tuple[int, int]] = []
        column = 0
        while column < limit:
            if row[column] is not None:
                column += 1
                continue
            run_start = column
            while column < limit and row[column] is None:
                column += 1
            # the run is [run_start, column): a halo inside it unless it touches an edge
            first = run_start + halo if run_start > 0 else 0
            last = column - width - halo if column < limit else limit - width
            if first <= last:
                out.append((first, last))
        return out

    def owner_at(self, x: int, y: int) -> str | None:
        return self._owned[y][x] if 0 <= x < self.width and 0 <= y < self.height else None

    def overlaps(self) -> list[tuple[int, int, list[str]]]:
        """Every cell that two or more claims hold, with their owners (empty when the
        placement is honest): read from the claims, not from the ownership grid."""
        holders: dict[tuple[int, int], list[str]] = {}
        for claim in self.claims:
            for column in range(claim.x0, claim.x1):
                holders.setdefault((column, claim.y), []).append(claim.owner)
        return [(x, y, owners) for (x, y), owners in sorted(holders.items())
                if len(owners) > 1]

    def text_rows(self) -> list[str]:
        """The canvas as plain text, one string per row (for tests and tools)."""
        return ["".join(row) for row in self._chars]

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
            if 0 <= x < self.width and 0 <= y < self.height and self._owned[y][x] is None:
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
