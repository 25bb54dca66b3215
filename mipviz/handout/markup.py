"""Lesson text (Markdown, untrusted: a lesson file may come from anyone) as safe HTML for an
offline page.

CommonMark with raw HTML off, so a ``<script>`` in a lesson is text; a link keeps its words and
shows its address as text (the page links nowhere outside its folder), an image shows its alt
text (nothing is fetched). Everything else is escaped by markdown-it-py itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("link_close", _link_close)
    parser.add_render_rule("image", _image)
    return parser


def to_html(markdown: str) -> str:
    """Block Markdown (paragraphs, lists, code) as HTML."""
    return str(_parser().render(markdown))


def inline_html(markdown: str) -> str:
    """One line of Markdown (a quiz question, a choice) as inline HTML."""
    return str(_parser().renderInline(markdown))


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    env.setdefault("links", []).append(str(tokens[idx].attrGet("href") or ""))
    return '<span class="link">'


def _link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    href = env.get("links", [""]).pop() if env.get("links") else ""
    words = tokens[idx - 1].content if idx and tokens[idx - 1].type == "text" else ""
    if not href or words == href:  # an autolink: its words are the address
        return "</span>"
    return f'</span> <span class="url">⟨{html.escape(href)}⟩</span>'


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-alt">[{html.escape(alt)}]</span>'
