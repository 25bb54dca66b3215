"""A map of hundreds of nodes (issue 14 item 4: a replay of the signalling mix, 400 mobile
nodes) draws no node over another: every node is either shown once, clear of every other
claim, or counted in the "+N more nodes" summary, in English and Japanese; and the fast
placement searches (Canvas.free_starts, the rows skipped by longest_free) find exactly what
probing every start with Canvas.is_free finds."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from rich.style import Style

from mipviz.ui.canvas import Canvas
from mipviz.ui.placement import nearest_free
from mipviz.ui.topology import draw_map

ROOT = Path(__file__).resolve().parents[1]
NO_STYLE = Style()


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import signalling_bench as sb
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from mipviz.ui.replay import ReplayController

    path = tmp_path_factory.mktemp("crowded") / "signalling.pcap"
    sb.write_capture(path, sb.Generator(400, 0.85).generate(8000), sb.LINKTYPE_ETHERNET)
    views = {}
    for language in ("en", "ja"):
        controller = ReplayController([str(path)], language)
        prepared = controller.prepare()
        controller.cursor = prepared.total // 2
        views[language] = controller.view()
    return views


def _count(rows: list[str], language: str) -> int:
    pattern = r"\+(\d+)(?: more nodes)?" if language == "en" else r"(?:ほか|\+)(\d+)"
    found = [int(m.group(1)) for row in rows for m in re.finditer(pattern, row)]
    assert len(found) <= 1, found
    return found[0] if found else 0


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(("width", "height"), [(160, 50), (78, 22), (38, 9), (12, 4)])
def test_every_node_is_shown_once_or_counted(crowded: dict[str, object], language: str,
                                             width: int, height: int) -> None:
    view = crowded[language]
    names = [node.name for node in view.prepared.lesson.topology.nodes]  # type: ignore[attr-defined]
    assert len(names) >= 400
    canvas = Canvas(width, height)
    draw_map(canvas, view, lambda _name: NO_STYLE)  # type: ignore[arg-type]
    assert canvas.overlaps() == []
    rows = canvas.text_rows()
    text = "\n".join(rows)
    shown = [name for name in names if f"[{name}]" in text]
    assert all(text.count(f"[{name}]") == 1 for name in shown)
    counted = _count(rows, language)
    assert len(shown) + counted == len(names), (len(shown), counted, len(names))
    if width >= 78:
        assert counted == 0 or counted < len(names) - 100  # a roomy map shows most of them
    if width <= 78:
        assert counted > 0  # too small for 400 boxes: the summary says how many are missing
        word = "more nodes" if language == "en" else "ほか"
        assert word in text or f"+{counted}" in text  # the short form on a narrow map


def _probed(canvas: Canvas, x: int, y: int, width: int) -> tuple[int, int] | None:
    """nearest_free as it was: every start of every row probed with is_free."""
    best: tuple[float, int, int] | None = None
    for row in range(canvas.height):
        for start in range(0, canvas.width - width + 1):
            if canvas.is_free(start, start + width, row):
                distance = abs(start + width // 2 - x) + 2.5 * abs(row - y)
                if best is None or distance < best[0]:
                    best = (distance, start, row)
    return None if best is None else (best[1], best[2])


def test_fast_searches_find_what_probing_every_start_finds() -> None:
    rng = random.Random(14)
    for _ in range(600):
        width, height = rng.randint(1, 40), rng.randint(1, 6)
        canvas = Canvas(width, height)
        claims = [canvas.claim(rng.randint(-3, width), rng.randint(0, height - 1),
                               "x" * rng.randint(1, 5), f"o{n}", "node")
                  for n in range(rng.randint(0, 12))]
        if claims and rng.random() < 0.3:
            canvas.release(claims[0])
        for y in range(height):
            assert canvas.longest_free(y) == max(
                (len(run) for run in "".join(
                    "." if canvas.owner_at(x, y) is None else "#"
                    for x in range(width)).split("#")), default=0)
            for size in range(1, 8):
                expected = [s for s in range(width) if canvas.is_free(s, s + size, y)]
                assert [s for a, b in canvas.free_starts(y, size)
                        for s in range(a, b + 1)] == expected
        for _ in range(4):
            x, y, size = rng.randint(-4, width + 4), rng.randint(-2, height + 2), \
                rng.randint(1, 9)
            assert nearest_free(canvas, x, y, size) == _probed(canvas, x, y, size)
