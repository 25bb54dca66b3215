"""Line breaking for English and Japanese text at a given cell width.

English breaks at spaces. Japanese has no spaces: a line may break between any two characters
(JIS X 4051), except where kinsoku shori forbids it — no line starts with a closing bracket or
a mark such as 。、）」』！？ or a small kana, and no line ends with an opening bracket （「『.
Inside Japanese text, an ASCII word (a message name, ``MAX_TOKEN_LIFETIME``) or an IPv6 address
(``2001:db8:2::ff:fe00:100``) is never split: it is one unit, as in English. A number stays
with the counter word or particle after it (``3 回消失``, ``レッスン 20 に``), space or not.

Where a line may break, it prefers to break between phrases (文節) rather than in the middle of
a word (``バインディング|更新`` rather than ``バイン|ディング``). Phrase boundaries come from
BudouX (Google's small machine-learnt Japanese phrase segmenter, the one Chrome uses for
``word-break: auto-phrase``): no dictionary to install, pure Python, a few tens of kB of model.
If it is missing, breaks fall back to any allowed character boundary.

Rich and Textual wrap only at whitespace and fold a longer "word" at an arbitrary cell, which
for Japanese (one long word per sentence) puts 。 at the start of a line. So the UI wraps lesson
text itself with :func:`wrap_offsets` at the pane's width and hands Textual lines that fit.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["NO_END", "NO_START", "cell_width", "wrap", "wrap_offsets"]

# Characters that must not begin a line (行頭禁則): closing brackets, punctuation, iteration
# marks, small kana and the prolonged sound mark.
NO_START = frozenset(
    "。、，．・：；？！）」』】〕〉》］｝〟’”ゝゞヽヾー々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ")]},.:;!?％%"
)
# Characters that must not end a line (行末禁則): opening brackets.
NO_END = frozenset("（「『【〔〈《［｛〝‘“([{")


def cell_width(text: str) -> int:
    """Terminal cells of *text*: East Asian wide and fullwidth characters take two."""
    return sum(_char_width(ch) for ch in text)


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _is_cjk(ch: str) -> bool:
    return _char_width(ch) == 2


def _is_kana_or_kanji(ch: str) -> bool:
    """Hiragana, katakana (with ー) or a kanji (with 々): the start of a counter word (回, 秒,
    個, 番目) or a particle (に, と) that belongs to the number before it."""
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or ch == "々")


def _ends_in_digit(text: str, index: int) -> bool:
    """``text[:index]``, spaces dropped, ends in a digit (ASCII or full-width): Japanese writes
    ``3 回`` with a space, and the space is no place to break either."""
    at = index - 1
    while at >= 0 and text[at] == " ":
        at -= 1
    return at >= 0 and (text[at] in "0123456789" or "０" <= text[at] <= "９")


def _word_char(ch: str) -> bool:
    """Part of an unbreakable ASCII-ish word (letters, digits, and the punctuation inside
    addresses, identifiers and formulas: ``2001:db8::1``, ``HMAC_SHA1(Kcn,``)."""
    return not ch.isspace() and not _is_cjk(ch)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    try:
        import budoux
    except ImportError:  # optional: character breaks only
        return None
    return budoux.load_default_japanese_parser()


@lru_cache(maxsize=512)
def _phrase_boundaries(text: str) -> frozenset[int]:
    if not any(_is_cjk(ch) for ch in text):  # first: English text never loads budoux
        return frozenset()
    parser = _parser()
    if parser is None:
        return frozenset()
    offsets, at = set(), 0
    for phrase in parser.parse(text):
        at += len(phrase)
        offsets.add(at)
    return frozenset(offsets)


def _break_kind(text: str, index: int, phrases: frozenset[int], counters: bool = True) -> int:
    """May a line break before ``text[index]``? 0: no; 1: yes, inside a phrase; 2: yes, at a
    space or a phrase boundary (preferred). ``counters=False``: the last resort before folding,
    where a number may leave its counter word."""
    before, after = text[index - 1], text[index]
    if after.isspace():
        return 0  # break after the spaces, not before them
    if counters and _is_kana_or_kanji(after) and _ends_in_digit(text, index):
        return 0  # a number stays with its counter or particle: 「3 回」「1 回消失」「20 に」
    if before.isspace():
        kind = 2
    elif _word_char(before) and _word_char(after):
        return 0  # inside an ASCII word or an address
    elif _is_cjk(before) or _is_cjk(after):
        kind = 2 if index in phrases else 1
    else:
        return 0
    if after in NO_START:
        return 0
    last = text[:index].rstrip()
    if last and last[-1] in NO_END:
        return 0
    return kind


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """The lines of one paragraph of *text* (no newlines) at *width* cells, as ``(start,
    end)`` offsets into *text*; spaces at the end of a line are left out of it.

    Greedy: each line takes as much as fits, ending at a phrase boundary or space when one
    leaves the line at least half full, else at the last allowed character boundary. A unit
    that cannot fit (an address wider than the pane) is folded at the width: losing the
    rule is better than losing the text.
    """
    width = max(1, width)
    phrases = _phrase_boundaries(text)
    lines: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length and text[start].isspace():
        start += 1
    while start < length:
        used, index = 0, start
        preferred = allowed = -1
        while index < length:
            w = _char_width(text[index])
            if index > start:
                kind = _break_kind(text, index, phrases)
                if kind:
                    allowed = index
                    if kind == 2:
                        preferred = index
            if used + w > width and not text[index].isspace():
                break
            used += w
            index += 1
        if index >= length:
            end = length
        elif preferred > start and cell_width(text[start:preferred].rstrip()) * 2 >= width:
            end = preferred
        elif allowed > start:
            end = allowed
        elif (loose := _last_loose_break(text, start, index, phrases)) > start:
            end = loose  # a number and its counter word part rather than a word be cut
        else:  # fold, after a ':' or '/' of an address when one fits
            cut = max(text.rfind(":", start, index), text.rfind("/", start, index))
            end = cut + 1 if cut > start else max(index, start + 1)
        line_end = end
        while line_end > start and text[line_end - 1].isspace():
            line_end -= 1
        lines.append((start, line_end))
        start = end
        while start < length and text[start].isspace():
            start += 1
    if phrases and len(lines) > 1:
        _no_orphan(text, width, phrases, lines)
    return lines


def _last_loose_break(text: str, start: int, stop: int, phrases: frozenset[int]) -> int:
    """The last break at ``start + 1`` … ``stop`` allowed when a number may leave its counter
    word, or -1."""
    for index in range(min(stop, len(text) - 1), start, -1):
        if _break_kind(text, index, phrases, counters=False):
            return index
    return -1


def _no_orphan(text: str, width: int, phrases: frozenset[int],
               lines: list[tuple[int, int]]) -> None:
    """Japanese: a paragraph should not end on a line of a few cells (``せん。``, ``す。``, a
    lone short phrase): the last break moves back to the phrase boundary before, when the
    last line then still fits and the one before stays at least half full (else to a
    character boundary that at least doubles the last line). Kinsoku holds: only breaks
    :func:`_break_kind` allows are used."""
    (before_start, _), (last_start, last_end) = lines[-2], lines[-1]
    last = cell_width(text[last_start:last_end])
    if last > max(6, width // 5):
        return
    fallback = -1
    for index in range(last_start - 1, before_start, -1):
        kind = _break_kind(text, index, phrases)
        if not kind:
            continue
        moved = cell_width(text[index:last_end].strip())
        kept = cell_width(text[before_start:index].rstrip())
        if moved > width or kept * 2 < width:
            break  # further back only moves more and keeps less
        if kind == 2:
            fallback = index
            break
        if fallback < 0 and moved >= 2 * last:
            fallback = index
    if fallback < 0:
        return
    end = fallback
    while end > before_start and text[end - 1].isspace():
        end -= 1
    start = fallback
    while start < last_end and text[start].isspace():
        start += 1
    lines[-2:] = [(before_start, end), (start, last_end)]


def wrap(text: str, width: int) -> list[str]:
    """*text* broken into lines of at most *width* cells (newlines in it are kept as breaks)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        spans = wrap_offsets(paragraph, width)
        out.extend(paragraph[a:b] for a, b in spans) if spans else out.append("")
    return out
