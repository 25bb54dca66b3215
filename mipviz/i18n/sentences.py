"""Joining Japanese sentences: the one rule for text mipviz puts together from pieces.

English sentences are joined with a space ("Not quite. **Hint:** … Try again."). Japanese is
written without spaces between sentences: after 。, ？ or ！ the next sentence follows at once
(JIS X 4051 gives the full-width mark its own trailing space). A template such as
``{hint} もう一度答えてください。`` or a lesson author's ``…でしょう? このレッスンは…`` leaves an
ASCII space (and an ASCII ``?``/``!``) in Japanese text, which a learner reads as a stray gap.
:func:`tidy` makes an ASCII ``?``/``!`` that ends Japanese text full-width and drops the ASCII
spaces after a full-width sentence mark. Code spans (```...```) are left exactly as written.
"""

from __future__ import annotations

import re

__all__ = ["tidy"]

# A wide character (kana, kanji, full-width punctuation) or a closing bracket after one:
# an ASCII ? or ! here ends a Japanese sentence.
_JA_BEFORE = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
_ASCII_MARK = re.compile(rf"(?<={_JA_BEFORE})([?!])(?=\s|$|\*)")
_FULL = {"?": "？", "!": "！"}
_SPACE_AFTER_MARK = re.compile(r"([。？！]) +(?=\S)")
_CODE = re.compile(r"(`[^`]*`)")


def tidy(text: str, language: str) -> str:
    """*text* with its Japanese sentences joined as Japanese is written (``language`` "ja");
    any other language's text unchanged."""
    if language != "ja":
        return text
    parts = _CODE.split(text)
    for index in range(0, len(parts), 2):  # the even parts are outside code spans
        part = _ASCII_MARK.sub(lambda m: _FULL[m.group(1)], parts[index])
        parts[index] = _SPACE_AFTER_MARK.sub(r"\1", part)
    return "".join(parts)
