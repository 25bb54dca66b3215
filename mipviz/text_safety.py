"""One function between outside text and a terminal: control characters made visible.

Lesson files and captures are data written by someone else. Text from them that reaches a
terminal (the TUI, ``trace``, ``dump``, error messages) must never carry a raw ESC, CSI or OSC
sequence (a title change, a cleared screen), a BEL, a NUL, a carriage return that overwrites
what was printed, or a bidirectional override (U+202E) that makes the text read differently
from what it is. :func:`visible` replaces each such character by a visible escape (``\\x1b``,
``\\u202e``), so the learner sees exactly what the file holds and nothing acts on the terminal.

Console markup is a separate matter: text shown by Textual/Rich must also never be parsed as
markup (``[@click=app.quit]``). Widgets that show lesson text build their Content from plain
text (``Content(text)``), never with ``from_markup``; :func:`visible` only handles the bytes.

Imports nothing but the standard library, so every layer may use it.
"""

from __future__ import annotations

import re

__all__ = ["is_safe", "visible"]

# C0 controls but newline and tab, DEL, the C1 controls (U+0085 NEL included), the Unicode
# line and paragraph separators, and the bidirectional embeddings, overrides and isolates
# (Unicode TR9; the "Trojan Source" characters) with the implicit marks.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_UNSAFE_NO_NEWLINE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True, tabs: bool = False) -> str:
    """*text* with every control character shown as a visible escape.

    ``newlines`` keeps ``\\n`` (paragraphs in lesson text); ``tabs=False`` turns a tab into a
    space (a terminal expands it to an unknown width). Any other character of Unicode category
    Cc, the separators U+2028/U+2029 and the bidi controls become ``\\xNN`` / ``\\uNNNN``.
    """
    if not tabs:
        text = text.replace("\t", " ")
    pattern = _UNSAFE if newlines else _UNSAFE_NO_NEWLINE
    return pattern.sub(_escape, text)


def is_safe(text: str, *, newlines: bool = True) -> bool:
    """True when :func:`visible` would leave *text* unchanged (tabs aside)."""
    pattern = _UNSAFE if newlines else _UNSAFE_NO_NEWLINE
    return pattern.search(text.replace("\t", " ")) is None
