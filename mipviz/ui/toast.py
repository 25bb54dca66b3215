"""Toast text that wraps where the language allows (JIS X 4051 for Japanese), not where Rich
folds it. Rich wraps only at spaces, so a Japanese toast — one long "word" — was cut at the
toast's edge, inside an ASCII token such as ``[[comparison]]`` ("（[[" | "comparison]]"). The
text is broken here with :func:`mipviz.i18n.linebreak.wrap` at the toast's width instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mipviz.i18n.linebreak import wrap

if TYPE_CHECKING:
    from textual.screen import Screen

# Textual's Toast: width 60, max-width 50% of the screen, padding 1 on each side and a one-cell
# border on the left, the toast rack's scrollbar; cells in hand so Rich never folds a line again.
_TOAST_WIDTH, _TOAST_FRAME = 60, 6


def toast_text(screen: Screen[Any], text: str) -> str:
    """*text* broken into lines that fit a toast on *screen*."""
    width = min(_TOAST_WIDTH, screen.app.size.width // 2) - _TOAST_FRAME
    return "\n".join(wrap(text, max(10, width)))
