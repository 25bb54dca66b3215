"""``mipviz handout``: a lesson as a page a student takes home, readable with no network.

The folder it writes::

    index.html        the page: each narration point's screen, text and quiz (answer folded),
                      the whole sequence chart, the Return Routability values, the files
    screens/001.svg   the mipviz screen at each point (Textual's own SVG screenshots)
    sequence.svg      the sequence chart at the end of the lesson
    lesson.pcap       every frame on every link (``mipviz export``)
    lesson.pcapng     the same frames, one interface per link, each frame's notes as its
                      comment (``mipviz export -o X.pcapng``), in the handout's language
    keys.txt          the correspondents' secrets (``mipviz export --keylog``)

The lesson runs twice, deterministically: once headless for the capture, the key log, the text
and the Return Routability values (RFC 6275 §5.2.5-§5.2.6, recomputed by
:mod:`mipviz.explain`), once in the real app for the screens.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mipviz.handout import outdir
from mipviz.handout.page import PageData, RrBlock, render_page
from mipviz.handout.points import Point, choose_screens, lesson_points

if TYPE_CHECKING:
    from mipviz.lesson.runner import LessonRun

__all__ = ["Handout", "build_handout"]


@dataclass(frozen=True, slots=True)
class Handout:
    index: Path
    points: int
    screens: int
    frames: int
    seconds: float


def build_handout(source: str, directory: Path, language: str = "en") -> Handout:
    """Write the handout of lesson *source* (an id or a path) into *directory*.

    Raises :class:`mipviz.commands._run.CommandError` for a bad lesson,
    :class:`mipviz.handout.outdir.OutputError` for a folder that is not a handout's,
    :class:`mipviz.handout.screens.ScreenError` when the screen cannot be shown,
    :class:`mipviz.safe_files.FileRefused` / ``WriteFailed`` or ``OSError`` when a file
    cannot be written."""
    from mipviz.commands._run import load_and_run
    from mipviz.commands.export import key_log_text, write_captures
    from mipviz.handout import screens
    from mipviz.handout.mermaid import sequence_diagram
    from mipviz.safe_files import write_all_or_nothing

    started = time.perf_counter()
    starts: dict[int, int] = {}
    run = load_and_run(source, language,
                       lambda number, steps: starts.setdefault(number, steps))
    outdir.prepare(directory, language)
    points = lesson_points(run, starts, language)
    chosen = choose_screens(points)
    title = run.lesson.title.get(language)
    shots = screens.take(source, language, [point.shot_at for point in chosen], title)
    svgs = {outdir.SEQUENCE: shots.ladder}
    for number, point in enumerate(chosen, start=1):
        point.screen = outdir.screen_name(number)
        svgs[point.screen] = shots.screens[point.shot_at]
    screens.write_screens(directory, svgs)
    frames = write_captures(run, [(directory / outdir.CAPTURE, "pcap"),
                                  (directory / outdir.CAPTURE_NG, "pcapng")],
                            directory / outdir.KEYS, language)
    key_log = key_log_text(run)
    page = render_page(PageData(
        lesson=run.lesson,
        language=language,
        version=_version(),
        timeline=run.timeline,
        points=points,
        ladder_rows=shots.ladder_rows,
        mermaid=sequence_diagram(run.lesson, run.timeline, language),
        rr=_rr_blocks(run, language),
        frames=frames,
        key_log=key_log,
        expected=_expected_answers(run, points),
    ))
    index = directory / outdir.INDEX
    octets = page.encode("utf-8")
    write_all_or_nothing([(index, lambda handle: handle.write(octets))])
    return Handout(index, len(points), len(chosen), frames, time.perf_counter() - started)


def _rr_blocks(run: LessonRun, language: str) -> list[RrBlock]:
    """Every Return Routability computation of the run, where it is used (as ``trace``
    prints them): the tokens a CN answers with, the tokens taken, each BU's authenticator."""
    from mipviz.explain import rr
    from mipviz.explain.context import ExplainContext, used_at
    from mipviz.explain.text import text_lines

    timeline = run.timeline
    context = ExplainContext.build(timeline, run.secrets())
    blocks: list[RrBlock] = []
    for step in timeline.steps:
        if not used_at(step, timeline, context):
            continue
        explanation = rr.explain(step, context.secrets, context.index)
        if explanation is not None:
            blocks.append(RrBlock(step.index, step.summary_in(language),
                                  tuple(text_lines(explanation, language))))
    return blocks


def _expected_answers(run: LessonRun, points: list[Point]) -> dict[int, str]:
    from mipviz.lesson.grading import expected_answer

    return {quiz.number: expected_answer(quiz.spec, run.timeline, quiz.position)
            for point in points for quiz in point.quizzes}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mipviz")
    except PackageNotFoundError:
        return "(not installed)"

