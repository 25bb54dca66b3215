"""Fitting text into cells without lying: one function shortens text, one elides an address.

A label cut at the edge of its room must say it was cut (an ellipsis), and an IPv6 address
must never be cut so that what is left still reads as an address (``2001:db8:2::ff:fe00:``
is a different, valid-looking address, RFC 4291 §2.2). :func:`elide_address` keeps both ends
and replaces the middle groups by ``…`` (``2001:db8:2:…:fe00:100``); :func:`truncate` never
ends inside an address-looking token: it drops the whole token instead. Widths are terminal
cells (a Japanese character takes two), as :func:`rich.cells.cell_len` counts them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len

ELLIPSIS = "…"

# An IPv6 address or prefix as text (and, harmlessly, a MAC address): hex groups with at
# least two colons, an optional /length.
ADDRESS_TOKEN = re.compile(r"[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*(?:/\d{1,3})?")


def fit_cells(text: str, width: int) -> str:
    """The longest start of *text* that takes at most *width* cells (no ellipsis)."""
    if cell_len(text) <= width:
        return text
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:index]
    return text


def truncate(text: str, width: int) -> str:
    """*text* in at most *width* cells: whole if it fits, else cut with a visible ``…``.

    The cut never falls inside an address: an address it would split is dropped whole (the
    ellipsis then stands where it began), so no partial address is ever shown."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    kept = fit_cells(text, width - 1)
    cut = len(kept)
    for match in ADDRESS_TOKEN.finditer(text):
        # inside an address, or right after it ("2001:db8:1::1…" would read as cut too)
        if match.start() < cut <= match.end():
            kept = text[: match.start()]
            break
    stripped = kept.rstrip()
    last = list(ADDRESS_TOKEN.finditer(stripped))
    if stripped != kept and last and last[-1].end() == len(stripped):
        return stripped + " " + ELLIPSIS  # a whole address, then a space: not a cut one
    return stripped + ELLIPSIS


def elide_address(address: str, width: int) -> str | None:
    """*address* (an IPv6 address or prefix, as text) in at most *width* cells: whole, or
    with middle groups replaced by ``…`` keeping the first and last groups (the prefix a
    reader recognises and the interface identifier that tells hosts apart), or None when
    even ``2001:…:100`` does not fit (then show nothing rather than a wrong address). A
    prefix (``2001:db8:3::/64``) is shown whole or not at all: cut, it names another one."""
    if cell_len(address) <= width:
        return address
    if "/" in address:  # a prefix: its point is its leading groups, nothing to keep at the end
        return None
    groups = address.split(":")
    best: str | None = None
    best_key = (-1, -1)
    for head in range(1, len(groups)):
        for tail in range(1, len(groups) - head):
            start = ":".join(groups[:head]).rstrip(":")
            end = ":".join(groups[len(groups) - tail:]).lstrip(":")
            if not start or not end or "::" in start or "::" in end:
                continue  # a "::" in a fragment would read as a different address
            text = f"{start}:{ELLIPSIS}:{end}"
            kept = (head + tail, tail)
            if cell_len(text) <= width and kept > best_key:
                best, best_key = text, kept
    return best


@lru_cache(maxsize=4096)  # the map asks again for the same addresses on every step
def address_variants(address: str, width: int) -> tuple[str, ...]:
    """Every form of *address* that fits *width*, longest first: whole, then elided with one
    group fewer at a time. For a label placer that tries the longest form that has room."""
    out: list[str] = []
    room = min(width, cell_len(address))
    while room > 0:
        text = elide_address(address, room)
        if text is None:
            break
        if text not in out:
            out.append(text)
        room = cell_len(text) - 1
    return tuple(out)


@lru_cache(maxsize=4096)
def shortened(text: str, width: int, minimum: int = 6) -> tuple[str, ...]:
    """Forms of *text* that fit *width*, longest first: whole (if it fits), then cut with an
    ellipsis to about three quarters, a half, and *minimum* cells of the room."""
    full = cell_len(text)
    out: list[str] = []
    for room in (full, min(full - 1, width), full * 3 // 4, full // 2, minimum):
        if room > width or room < min(minimum, full):
            continue
        form = truncate(text, room)
        if form and form != ELLIPSIS and form not in out:
            out.append(form)
    return tuple(out)
