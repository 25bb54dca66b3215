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

__all__ = ["is_visible", "visible"]

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


def visible(text: str) -> str:
    """``text`` with every control, separator, bidi override and lone surrogate
    written as a visible escape (``\\x1b``, ``\\u202e``); other text unchanged.

    A backslash is left as it is: the output is for a person to read, not to be
    parsed back, and doubling every backslash would change ordinary text.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when ``visible(text) == text`` (nothing in it needs escaping)."""
    return _UNSAFE.search(text) is None
