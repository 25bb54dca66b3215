"""Text from outside (a capture, a lesson) made safe to write to a terminal.

A capture is untrusted bytes: a PMIPv6 Mobile Node Identifier (RFC 4283 §3), a
pcapng comment or interface name (draft-ietf-opsawg-pcapng §3.5, §4.2) can hold
ESC sequences that retitle, clear or reprogram the user's terminal, a CR that
overwrites what was printed, or a bidirectional override that reorders what the
reader sees.  Every string that comes from outside goes through ``visible``
at the edge where it meets a terminal; ``visible`` is idempotent on text that
holds none of these characters, so ordinary output is unchanged.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

__all__ = ["VisibleWriter", "is_visible", "json_visible", "visible", "visible_lines"]

# C0 controls (TAB included: it moves the cursor), DEL, C1 controls (NEL U+0085
# included), the Unicode line and paragraph separators, the bidirectional
# embeddings/overrides U+202A-U+202E and isolates U+2066-U+2069, and lone
# surrogates (what ``surrogateescape`` leaves for undecodable bytes).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        # surrogateescape's stand-in for the undecodable byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False, tab_as_space: bool = False) -> str:
    """``text`` with every control, separator, bidi override and lone surrogate
    written as a visible escape (``\\x1b``, ``\\u202e``); other text unchanged.

    ``newlines`` keeps ``\\n`` (paragraphs of lesson text in the TUI); ``tab_as_space``
    turns a tab into one space (a widget cannot know how wide a terminal draws it) instead
    of ``\\x09``. A backslash is left as it is: the output is for a person to read, not to
    be parsed back, and doubling every backslash would change ordinary text.
    """
    if tab_as_space:
        text = text.replace("\t", " ")
    if newlines:
        return visible_lines(text)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when ``visible(text) == text`` (nothing in it needs escaping)."""
    return _UNSAFE.search(text) is None


# What json.dumps(ensure_ascii=False) leaves raw (it escapes only C0, '"' and '\\'):
# DEL, C1 (NEL U+0085 splits a line for str.splitlines and many readers), U+2028/U+2029
# (line breaks for JavaScript and Python alike), the bidi controls and lone surrogates.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_visible(encoded: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with the characters
    it leaves raw written as ``\\uXXXX`` escapes: the same JSON value, one line per record
    for any line splitter, nothing a terminal acts on.

    Outside strings JSON text is ASCII, so every such character is inside a string, where
    ``\\uXXXX`` means the same character (RFC 8259 section 7).
    """
    if not _JSON_RAW.search(encoded):
        return encoded
    return _JSON_RAW.sub(_json_escape, encoded)


_UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible_lines(text: str) -> str:
    """``visible`` of each line of ``text``, the newlines between them kept: for output
    whose own layout is lines (a trace, a list of problems)."""
    if not _UNSAFE_BUT_NEWLINE.search(text):
        return text
    return "\n".join(map(visible, text.split("\n")))


class VisibleWriter:
    """A text stream that writes what it is given through :func:`visible_lines` (or, for a
    stream of JSON lines, :func:`json_visible`): put at the edge of a command whose output
    holds text from a lesson or a capture. Everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO, json_lines: bool = False) -> None:
        self._stream = stream
        self._clean = json_visible if json_lines else visible_lines

    def write(self, text: str) -> int:
        self._stream.write(self._clean(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
