"""Lesson text (Markdown by contract) as Textual Content, wrapped to a width.

Lessons use a small inline subset of Markdown: ``**bold**``, ``*italic*``, `` `code` ``, and
paragraphs separated by a blank line (a single newline is a line break). That subset is all
this module reads; everything else is shown literally. Nothing here parses console markup:
Content is built from the plain text with style spans, so ``[red]``, ``[/]`` or
``[@click=app.quit]q[/]`` in a lesson are characters on the screen, never a colour, a crash
or a clickable action (issue 15). Control characters become visible escapes first
(:func:`mipviz.text_safety.visible`). Lines are broken by :mod:`mipviz.i18n.linebreak`, so
Japanese follows kinsoku and an address is never split, which Textual's own wrapping (at
spaces only) cannot do.
"""

from __future__ import annotations

import re

from textual.content import Content, Span

from mipviz.i18n.linebreak import wrap_offsets
from mipviz.text_safety import visible

__all__ = ["inline", "wrapped"]

_INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|(?<![\w*])\*(?P<i>[^*\s][^*]*?)\*(?!\w)|`(?P<c>[^`]+)`")
STYLES = {"b": "bold", "i": "italic", "c": "bold"}


def inline(text: str, style: str = "") -> Content:
    """One line or paragraph of lesson Markdown as Content (markers removed, spans styled)."""
    text = visible(text, newlines=True, tab_as_space=True)
    plain: list[str] = []
    spans: list[Span] = []
    at = 0
    length = 0
    for match in _INLINE.finditer(text):
        before = text[at:match.start()]
        plain.append(before)
        length += len(before)
        kind = match.lastgroup or "b"
        inner = match.group(kind)
        spans.append(Span(length, length + len(inner), STYLES[kind]))
        plain.append(inner)
        length += len(inner)
        at = match.end()
    plain.append(text[at:])
    if style:
        spans.insert(0, Span(0, length + len(text) - at, style))
    return Content("".join(plain), spans)


def wrapped(markdown: str, width: int, style: str = "") -> Content:
    """*markdown* as Content broken into lines of at most *width* cells (paragraphs kept
    apart by a blank line)."""
    lines: list[Content] = []
    paragraphs = re.split(r"\n[ \t]*\n", markdown.strip())
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append(Content(""))
        for line in paragraph.split("\n"):
            content = inline(line.strip(), style)
            plain = content.plain
            offsets = wrap_offsets(plain, width)
            if not offsets:
                lines.append(Content(""))
            for start, end in offsets:
                lines.append(content[start:end])
    return Content("\n").join(lines)
