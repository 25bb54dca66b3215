"""Label placement with collision avoidance: each label goes where it is free, in order of
importance; one that finds no room is moved, then shortened, then dropped.

A :class:`Label` lists the places it may go (best first) and the forms it may take (whole
first, then shorter ones, made with :mod:`mipviz.ui.textfit`). :func:`place` takes the labels
most important first and, for each, tries its whole form at every place, then each shorter
form at every place, and claims the first free run of cells on the canvas (free of every
claim, with a blank cell either side, so labels never touch). A label with no room left is
recorded in ``canvas.dropped``: the least important labels are the ones dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style

from mipviz.ui.canvas import Canvas, Claim

Spot = tuple[int, int, str]  # x, y, and how the text sits on x: "c" centred, "l" from, "r" to


@dataclass(frozen=True, slots=True)
class Label:
    owner: str
    forms: Sequence[str]  # whole first, then shorter
    spots: Sequence[Spot]  # best first
    priority: float  # lower is more important: placed first, dropped last
    style: Style | None = None
    kind: str = "label"


def spots_around(x: int, y: int, rows: Iterable[int], shifts: Iterable[int],
                 align: str = "c") -> list[Spot]:
    """Places near (x, y): each row offset in turn, and along it each column shift."""
    shifts = tuple(shifts)
    return [(x + dx, y + dy, align) for dy in rows for dx in shifts]


def start_of(x: int, width: int, align: str, canvas_width: int) -> int:
    """The first column of text *width* cells wide sitting on x, kept inside the canvas."""
    start = x - width // 2 if align == "c" else x if align == "l" else x - width + 1
    return max(0, min(start, canvas_width - width))


def place_one(canvas: Canvas, label: Label) -> Claim | None:
    """Claim room for *label*: move (every spot), then shorten (every form); None: no room."""
    seen: set[tuple[int, int, int]] = set()
    rows = {y for _, y, _ in label.spots}
    for form in label.forms:
        width = cell_len(form)
        if not form or width > canvas.width:
            continue
        # rows with no unclaimed run this wide cannot hold the form at any spot: skipped
        # unprobed (on a crowded map most labels find no room, and probing was most of it)
        open_rows = {y for y in rows if canvas.longest_free(y) >= width}
        if not open_rows:
            continue
        last = canvas.width - width
        for x, y, align in label.spots:
            if y not in open_rows:
                continue
            # start_of, inlined: this loop runs for every spot of every label
            start = x - width // 2 if align == "c" else x if align == "l" else x - width + 1
            start = 0 if start < 0 else last if start > last else start
            if (start, y, width) in seen:
                continue
            seen.add((start, y, width))
            if canvas.is_free(start, start + width, y):
                return canvas.claim(start, y, form, label.owner, label.kind, label.style)
    return None


def place(canvas: Canvas, labels: Iterable[Label]) -> dict[str, Claim]:
    """Place *labels* most important first; returns the claim of each label placed."""
    placed: dict[str, Claim] = {}
    for label in sorted(labels, key=lambda item: item.priority):
        claim = place_one(canvas, label)
        if claim is None:
            canvas.dropped.append(label.owner)
        else:
            placed[label.owner] = claim
    return placed


def nearest_free(canvas: Canvas, x: int, y: int, width: int) -> tuple[int, int] | None:
    """The free start (column, row) for *width* cells nearest to centring on (x, y), searched
    ring by ring over the whole canvas: where a node goes when its own spot is taken."""
    best: tuple[float, int, int] | None = None
    target = x - width // 2  # the start that centres the text on x
    for row in range(canvas.height):
        for first, last in canvas.free_starts(row, width):
            # within a range of free starts the nearest to centring is the target, clamped;
            # ties keep the earliest (row, start), as a probe of every start in order would
            start = min(max(target, first), last)
            distance = abs(start + width // 2 - x) + 2.5 * abs(row - y)  # a row is ~2.5 columns
            if best is None or distance < best[0]:
                best = (distance, start, row)
    return None if best is None else (best[1], best[2])
