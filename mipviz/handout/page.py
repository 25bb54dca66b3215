"""The handout's ``index.html``: one self-contained page, its style inline, its images files in
its own folder, no script, no outside URL. Every text from the lesson is escaped (or rendered
by :mod:`mipviz.handout.markup`, which escapes); headings are in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from mipviz.handout.markup import inline_html, to_html
from mipviz.handout.outdir import CAPTURE, CAPTURE_NG, KEYS, SEQUENCE
from mipviz.handout.points import MAX_SCREENS, Point, Quiz
from mipviz.i18n import tr
from mipviz.i18n.sentences import tidy

if TYPE_CHECKING:
    from mipviz.engine.timeline import Timeline
    from mipviz.lesson.schema import Lesson


@dataclass(frozen=True, slots=True)
class RrBlock:
    """One step's Return Routability values, as ``mipviz trace`` prints them."""

    step: int
    summary: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageData:
    lesson: Lesson
    language: str
    version: str
    timeline: Timeline
    points: list[Point]
    ladder_rows: int
    mermaid: str
    rr: list[RrBlock]
    frames: int
    key_log: str
    expected: dict[int, str]  # quiz number -> the right answer, as text


def render_page(data: PageData) -> str:
    language = data.language
    lesson = data.lesson
    title = lesson.title.get(language)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
    ]
    if lesson.summary is not None:
        parts.append(f'<p class="summary">{inline_html(lesson.summary.get(language))}</p>')
    if lesson.topics:
        topics = tr("handout.topics", language, topics=", ".join(lesson.topics))
        parts.append(f'<p class="topics">{escape(topics)}</p>')
    generated = tr("handout.generated", language, lesson=lesson.id, version=data.version)
    parts.append(f'<p class="generated">{escape(generated)}</p>')
    parts.extend(_contents(language))
    parts.append("</header>")
    parts.append("<main>")
    parts.append(f'<h2 id="points">{escape(tr("handout.points", language))}</h2>')
    for number, point in enumerate(data.points, start=1):
        parts.extend(_point(data, number, point))
    parts.extend(_sequence(data))
    parts.extend(_rr_and_files(data))
    parts.append("</main>")
    parts.append("</body>")
    parts.append("</html>")
    return "\n".join(parts) + "\n"


def _contents(language: str) -> list[str]:
    entries = (("points", "handout.points"), ("sequence", "handout.sequence"),
               ("mermaid", "handout.mermaid"), ("rr", "handout.rr"),
               ("files", "handout.files"))
    items = "".join(f'<li><a href="#{anchor}">{escape(tr(message, language))}</a></li>'
                    for anchor, message in entries)
    return [f'<nav><h2>{escape(tr("handout.contents", language))}</h2><ol>{items}</ol></nav>']


def _point(data: PageData, number: int, point: Point) -> list[str]:
    language = data.language
    total = len(data.timeline)
    if point.step >= 1:
        seconds = f"{data.timeline[point.step].seconds:.3f}"
        heading = tr("handout.point", language, number=number, step=point.step, total=total,
                     time=seconds)
    else:
        heading = tr("handout.point_start", language, number=number)
    out = [f'<section class="point" id="point-{number}">', f"<h3>{escape(heading)}</h3>"]
    if point.screen is not None:
        alt = tr("handout.screen_alt", language, step=point.shot_at)
        out.append(f'<figure><a href="{escape(point.screen)}"><img src="{escape(point.screen)}"'
                   f' alt="{escape(alt)}"></a></figure>')
    else:
        out.append(f'<p class="no-screen">'
                   f'{escape(tr("handout.no_screen", language, limit=MAX_SCREENS))}</p>')
    if point.narration:
        out.append(f'<div class="narration">{to_html(point.narration)}</div>')
    for quiz in point.quizzes:
        out.extend(_quiz(data, quiz))
    out.append("</section>")
    return out


def _quiz(data: PageData, quiz: Quiz) -> list[str]:
    language = data.language
    spec = quiz.spec
    kind = "handout.quiz.predict" if spec.kind == "predict" else "handout.quiz"
    out = ['<div class="quiz">', f"<h4>{escape(tr(kind, language))}</h4>",
           f'<p class="question">{inline_html(spec.question.get(language))}</p>']
    if spec.kind == "choice" and spec.choices:
        items = "".join(f"<li>{inline_html(choice.get(language))}</li>"
                        for choice in spec.choices)
        out.append(f"<ol>{items}</ol>")
    if spec.kind == "predict":
        out.append("<p>" + escape(tr("handout.quiz.predict_field", language,
                                     field=spec.field or "destination",
                                     node=spec.node or "")) + "</p>")
    if spec.hint is not None:
        hint = inline_html(tidy(spec.hint.get(language), language))
        out.append(f'<details class="hint"><summary>{escape(tr("handout.hint", language))}'
                   f"</summary><p>{hint}</p></details>")
    if spec.kind == "choice" and 1 <= spec.correct <= len(spec.choices):
        answer = (f"{spec.correct}. "
                  f"{inline_html(spec.choices[spec.correct - 1].get(language))}")
    else:
        answer = f"<code>{escape(data.expected.get(quiz.number, ''))}</code>"
    out.append(f'<details class="answer"><summary>{escape(tr("handout.answer", language))}'
               f"</summary><p><strong>{escape(tr('handout.answer_is', language))}</strong> "
               f"{answer}</p>")
    if spec.explanation is not None:
        out.append(to_html(spec.explanation.get(language)))
    out.append("</details>")
    out.append("</div>")
    return out


def _sequence(data: PageData) -> list[str]:
    language = data.language
    total = len(data.timeline)
    out = ['<section class="sequence">',
           f'<h2 id="sequence">{escape(tr("handout.sequence", language))}</h2>']
    if data.ladder_rows < total:
        out.append("<p>" + escape(tr("handout.sequence_cut", language, rows=data.ladder_rows,
                                     total=total)) + "</p>")
    alt = tr("handout.sequence_alt", language)
    out.append(f'<figure class="ladder"><a href="{SEQUENCE}"><img src="{SEQUENCE}" '
               f'alt="{escape(alt)}"></a></figure>')
    out.append(f'<h3 id="mermaid">{escape(tr("handout.mermaid", language))}</h3>')
    out.append(f'<pre class="mermaid">{escape(data.mermaid)}</pre>')
    out.append("</section>")
    return out


def _rr_and_files(data: PageData) -> list[str]:
    language = data.language
    out = ['<section class="rr-and-files">', '<div class="rr">',
           f'<h2 id="rr">{escape(tr("handout.rr", language))}</h2>']
    if not data.rr:
        out.append(f"<p>{escape(tr('handout.rr_none', language))}</p>")
    for block in data.rr:
        heading = tr("handout.rr_step", language, step=block.step, summary=block.summary)
        out.append(f"<h4>{escape(heading)}</h4>")
        out.append(f'<pre class="values">{escape(chr(10).join(block.lines))}</pre>')
    out.append("</div>")
    out.append('<aside class="files">')
    out.append(f'<h2 id="files">{escape(tr("handout.files", language))}</h2>')
    capture = tr("handout.capture", language, file="\0", frames=data.frames)
    out.append("<p>" + escape(capture).replace("\0", f'<a href="{CAPTURE}">{CAPTURE}</a>')
               + "</p>")
    linked = tr("pcapng.handout", language, file="\0")
    out.append("<p>" + escape(linked).replace("\0", f'<a href="{CAPTURE_NG}">{CAPTURE_NG}</a>')
               + "</p>")
    keys = tr("handout.keys", language, file="\0")
    out.append("<p>" + escape(keys).replace("\0", f'<a href="{KEYS}">{KEYS}</a>') + "</p>")
    log = data.key_log.strip() or tr("handout.keys_empty", language)
    out.append(f'<pre class="keys">{escape(log)}</pre>')
    out.append(f"<p>{escape(tr('handout.read_capture', language))}</p>")
    out.append(f"<pre>tshark -r {CAPTURE}\nwireshark {CAPTURE_NG}\n"
               f"tshark -r {CAPTURE_NG} -T fields -e frame.interface_name -e frame.comment\n"
               f"mipviz replay {CAPTURE_NG}</pre>")
    out.append("</aside>")
    out.append("</section>")
    return out


STYLE = """
:root { color-scheme: light; --ink: #1b1f23; --muted: #57606a; --rule: #d0d7de;
  --panel: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 1.5rem; color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Noto Sans JP",
  "Hiragino Sans", "Yu Gothic", sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 .4rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem;
  margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
h4 { font-size: 1rem; margin: .8rem 0 .3rem; }
.summary { font-size: 1.05rem; }
.topics, .generated, .no-screen { color: var(--muted); font-size: .9rem; }
nav ol { columns: 2; }
a { color: var(--accent); }
figure { margin: .5rem 0; }
figure img { display: block; width: 100%; height: auto; border: 1px solid var(--rule);
  border-radius: 6px; background: #1e1e1e; }
.point { border-top: 1px solid var(--rule); padding-top: .3rem; }
.narration { font-size: 1rem; }
.quiz { background: var(--panel); border-left: 4px solid var(--accent); padding: .4rem .9rem;
  margin: .8rem 0; border-radius: 4px; }
.quiz .question { font-weight: 600; }
details { margin: .4rem 0; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
code, pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK JP", "Noto Sans Mono",
  Menlo, Consolas, monospace; font-size: .85rem; }
/* Japanese values line up only in a font whose kana and kanji are exactly two Latin cells */
:lang(ja) code, :lang(ja) pre { font-family: "Noto Sans Mono CJK JP", "Source Han Code JP",
  "IPAGothic", "Osaka-Mono", "MS Gothic", monospace; }
pre { background: var(--panel); border: 1px solid var(--rule); border-radius: 4px;
  padding: .6rem .8rem; overflow-x: auto; white-space: pre; }
.link .url, .url { color: var(--muted); font-size: .9em; }
.rr-and-files { display: grid; grid-template-columns: minmax(0, 1fr) 17rem;
  gap: 1.5rem; align-items: start; }
.files { position: sticky; top: 1rem; }
pre.values { font-size: .8rem; }
.files pre.keys { white-space: pre-wrap; word-break: break-all; }
@media (max-width: 1000px) { .rr-and-files { display: block; } nav ol { columns: 1; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .point, .quiz, figure { break-inside: avoid; }
  .sequence { break-before: page; }
  .rr-and-files { display: block; }
  .files { position: static; }
  a { color: inherit; text-decoration: none; }
  pre { white-space: pre-wrap; word-break: break-all; }
}
"""
