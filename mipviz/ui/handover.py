"""The handover bar (lecture S23): one move's phases drawn to scale in virtual time.

A self-contained widget: the screen calls :meth:`HandoverBar.update` with the run's handovers
(:func:`handovers_for` measures and caches them), the cursor's virtual time and the language.
It shows the handover the learner is in (the latest that began at or before that time, else the
first), one row per lane of phases — the node's own attachment, then Return Routability and the
correspondent registration where they overlap it — each phase a coloured segment named inside
it as far as it fits, and under it a time axis with the current instant marked ``▲``. A lesson
without moves hides the bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from mipviz.i18n import msg, render, tr
from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.analysis.handovers import Handover, Phase
    from mipviz.ui.controller import Prepared

MICROSECONDS = 1_000_000
# One background per phase; the name (or its tag) is written inside, so colour is never the
# only cue (the mono theme).
COLOURS = {
    "link-attach": "grey50", "movement-detection": "dodger_blue2", "dad": "dark_goldenrod",
    "ha-address-resolution": "dark_cyan", "home-registration": "green4",
    "home-deregistration": "green4", "first-packet": "magenta3",
    "return-routability": "dark_orange3", "correspondent-registration": "purple4",
    # FMIPv6 and the layer-2 delay (mipviz.analysis.fast_handovers)
    "link-change": "grey35", "fast-handover-preparation": "turquoise4", "una": "deep_sky_blue4",
    "fast-binding": "dark_olive_green3", "buffered-delivery": "plum4",
}
FAILED = "red3"
COMPACT_BELOW = 36  # screen rows: below this the bar is one row

_cache: tuple[object, list[Handover]] | None = None


def handovers_for(prepared: Prepared) -> list[Handover]:
    """The handovers of ``prepared``'s run, measured once per run (a rerun after a free-
    exploration move is a new run). A replayed capture's timeline has no moves to measure."""
    global _cache
    from mipviz.engine.timeline import Timeline

    timeline = prepared.timeline
    if _cache is not None and _cache[0] is timeline:
        return _cache[1]
    handovers: list[Handover] = []
    if type(timeline) is Timeline:
        from mipviz.analysis.handovers import find_handovers, flow_names

        secrets = getattr(prepared, "secrets", None)  # the SA keys: BU/BA inside ESP
        handovers = find_handovers(timeline, flow_names(prepared.lesson),
                                   secrets.esp if secrets is not None else None)
    _cache = (timeline, handovers)
    return handovers


class HandoverBar(LinesWidget):
    DEFAULT_CSS = """
    HandoverBar {
        height: auto;
        max-height: 5;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 0;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"handover--axis", "handover--now"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.handovers: Sequence[Handover] = ()
        self.current_time = 0
        self.language = "en"
        self.display = False

    def update(self, handovers: Sequence[Handover], current_time: int,
               language: str = "en") -> None:
        """Show ``handovers`` (all of one run) with ``current_time`` (virtual µs) marked."""
        if (handovers is self.handovers and current_time == self.current_time
                and language == self.language):
            return
        rows = self._rows()
        self.handovers, self.current_time, self.language = handovers, current_time, language
        if self.display != bool(handovers):
            self.display = bool(handovers)
        if self._rows() != rows:  # another handover with more or fewer lanes
            self.refresh(layout=True)
        shown = self.shown
        if shown is not None:
            number = list(handovers).index(shown) + 1
            # set only when they change: each setting repaints the whole bar, border and all
            title = tr("handover.bar.title", language, number=number, count=len(handovers),
                       node=shown.node, source=shown.from_link or "—", target=shown.to_link)
            if self.border_title != title:
                self.border_title = title
            subtitle = _subtitle(shown, current_time, language)
            if self.border_subtitle != subtitle:
                self.border_subtitle = subtitle
        self.invalidate()

    @property
    def shown(self) -> Handover | None:
        """The latest handover begun at or before the current time, else the first."""
        if not self.handovers:
            return None
        begun = [h for h in self.handovers if h.start <= self.current_time]
        return begun[-1] if begun else self.handovers[0]

    @property
    def compact(self) -> bool:
        """On a short screen (80x24) one row: the attachment's lane with the time marked in it,
        so the panes above and below keep their rows."""
        return self.screen.size.height < COMPACT_BELOW

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self._rows()

    def _rows(self) -> int:
        shown = self.shown
        if shown is None:
            return 0
        return 1 if self.compact else len(_lanes(shown.phases)) + 1

    def build(self, width: int, height: int) -> list[Text]:
        shown = self.shown
        if shown is None or width < 4:
            return []
        axis_style = self.get_component_rich_style("handover--axis", partial=True)
        now_style = self.get_component_rich_style("handover--now", partial=True)
        lines = bar_lines(shown, self.current_time, width, self.language, axis_style,
                          now_style)
        if self.compact:
            return [mark_now(lines[0], shown, self.current_time, width, now_style)]
        return lines


def bar_lines(handover: Handover, now: int, width: int, language: str,
              axis_style: Style | str = "dim", now_style: Style | str = "bold reverse",
              ) -> list[Text]:
    """The bar as Text lines: one per lane of phases, then the axis with ``now`` marked.

    Only what has happened by ``now`` is drawn (a phase in progress up to ``now``, none that
    has not begun), on the scale of the whole handover: the bar fills as the learner steps,
    and never tells what comes next before it is on screen."""
    start = handover.start
    span = max(1, handover.span_end - start)

    def column(time: int) -> int:
        return min(width - 1, max(0, (time - start) * width // span))

    lines = []
    for lane in _lanes(handover.phases):
        cells: list[tuple[str, Style | str]] = [("·", axis_style)] * width
        taken = 0  # cells before this are the previous phase's: a phase never overdraws one
        drawn: list[tuple[Phase, int, int, bool]] = []  # (phase, first cell, cells, ended)
        for phase in lane:
            if phase.start > now:
                break
            first = min(max(column(phase.start), taken), width - 1)
            end = phase.end if phase.end is not None else handover.span_end
            end = min(end, now)
            stop = min(width, max(first + 1, -(-(end - start) * width // span)))
            length, taken = stop - first, stop
            drawn.append((phase, first, length, phase.end is not None and phase.end <= now))
        # labelled from the right, so the next segment's first cell is known (a label may
        # fill this segment only when that cell is blank), then painted from the left
        segments: list[list[tuple[str, Style | str]]] = []
        next_first, next_cell = width, " "
        for phase, first, length, ended in reversed(drawn):
            colour = FAILED if phase.outcome != "done" and ended else \
                COLOURS.get(phase.name, "grey50")
            style = Style.parse(f"bold white on {colour}")
            touching = first + length == next_first and next_cell != " "
            segments.append(_centred(_fit(phase, length, language, ended, touching), length,
                                     style))
            next_first, next_cell = first, segments[-1][0][0]
        for (_, first, length, _), glyphs in zip(drawn, reversed(segments), strict=True):
            cells[first:first + length] = glyphs
        lines.append(_text(cells))
    lines.append(_axis(handover, now, width, column, axis_style, now_style))
    return lines


def _axis(handover: Handover, now: int, width: int, column: Callable[[int], int],
          axis_style: Style | str, now_style: Style | str) -> Text:
    """The start time at the left, the span's end at the right, ``▲`` and the time under the
    current instant (``◂``/``▸`` at an edge when the cursor is before or after this handover)."""
    cells: list[tuple[str, Style | str]] = [(" ", axis_style)] * width
    left = f"{handover.start / MICROSECONDS:.3f}"
    right = f"{handover.span_end / MICROSECONDS:.3f}"
    if len(left) + len(right) + 1 <= width:
        cells[:len(left)] = [(c, axis_style) for c in left]
        if now >= handover.span_end:  # the end is not told before it happens
            cells[width - len(right):] = [(c, axis_style) for c in right]
    time = f"{now / MICROSECONDS:.3f}"
    if now < handover.start:
        label, at = "◂" + time, 0
    elif now > handover.span_end:
        label, at = time + "▸", width - len(time) - 1
    else:
        at = column(now)
        label = "▲" + time
        if at + len(label) > width:  # the marker stays at its column, the time to its left
            label, at = time + "▲", at - len(time)
    at = max(0, at)
    label = label[:width - at]
    cells[at:at + len(label)] = [(c, now_style) for c in label]
    return _text(cells)


def mark_now(line: Text, handover: Handover, now: int, width: int,
             now_style: Style | str = "bold reverse") -> Text:
    """``line`` with the cell of ``now`` drawn as ``▲`` (``◂``/``▸`` before or after)."""
    span = max(1, handover.span_end - handover.start)
    if now < handover.start:
        at, marker = 0, "◂"
    elif now > handover.span_end:
        at, marker = width - 1, "▸"
    else:
        at, marker = min(width - 1, (now - handover.start) * width // span), "▲"
    plain = line.plain
    offset = 0  # the character index of cell ``at`` (wide characters take two cells)
    cells = 0
    while offset < len(plain) and cells + cell_len(plain[offset]) <= at:
        cells += cell_len(plain[offset])
        offset += 1
    size = cell_len(plain[offset]) if offset < len(plain) else 1
    marked = line[:offset]
    marked.append(marker + " " * (size - 1), now_style)
    marked.append_text(line[offset + 1:])
    return marked


def _centred(label: str, length: int, style: Style) -> list[tuple[str, Style | str]]:
    """``label`` centred in ``length`` cells; a wide character fills two (the second empty)."""
    glyphs: list[tuple[str, Style | str]] = []
    for char in label:
        glyphs.append((char, style))
        if _cells(char) == 2:
            glyphs.append(("", style))
    pad = length - len(glyphs)
    if pad < 0:
        glyphs, pad = [], length
    before = pad // 2
    return [(" ", style)] * before + glyphs + [(" ", style)] * (pad - before)


def _text(cells: Sequence[tuple[str, Style | str]]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    for char, style in cells:
        if char:
            text.append(char, style)
    return text


def _fit(phase: Phase, cells: int, language: str, ended: bool = True,
         touching: bool = False) -> str:
    """The phase's name if it fits in its segment (with a cell either side), else its tag,
    else nothing: the colour and the legend of `mipviz handovers` still say what it is. A label
    may fill its segment to the last cell only when no label follows at once (``touching``):
    colour does not show everywhere (the mono theme, a copied screen), and two labels ran
    together ("…care-of addresshome registration…")."""
    name = render(msg(f"handover.phase.{phase.name}"), language)
    if phase.outcome != "done" and ended:
        name += " ✗"
    for candidate in (name, render(msg(f"handover.tag.{phase.name}"), language)):
        size = _cells(candidate)
        if size + 2 <= cells or (size == cells and not touching):
            return candidate
    return ""


def _cells(text: str) -> int:
    return cell_len(text)


def _lanes(phases: Sequence[Phase]) -> list[list[Phase]]:
    """Phases in rows so that none overlaps another in its row (first fit, in start order)."""
    lanes: list[list[Phase]] = []
    for phase in sorted(phases, key=lambda p: p.start):
        for lane in lanes:
            end = lane[-1].end
            if end is not None and end <= phase.start:
                lane.append(phase)
                break
        else:
            lanes.append([phase])
    return lanes or [[]]


def _subtitle(handover: Handover, now: int, language: str) -> str:
    """The total and the losses, once the handover is over at ``now``; before its start,
    that it has not begun (not "in progress": the mobile node has not moved yet)."""
    if now < handover.start:
        return tr("handover.bar.not-begun", language)
    if now < handover.span_end:
        return tr("handover.bar.in-progress", language)
    total = handover.total
    parts = [tr("handover.bar.incomplete", language) if total is None else
             tr("handover.bar.total", language, total=f"{total / MICROSECONDS:.3f}")]
    if handover.lost:
        for name, count in handover.lost.items():  # "ping: 3 packets lost", not "lost ping 3"
            wording = "none" if count == 0 else "one" if count == 1 else "many"
            parts.append(tr(f"polish.bar.lost.{wording}", language, flow=name, count=count))
    return " · ".join(parts)
