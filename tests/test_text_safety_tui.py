"""mipviz.text_safety.visible as the TUI uses it (newlines kept, tabs as spaces): no
control character reaches a terminal raw (issue 15)."""

from __future__ import annotations

import pytest

from mipviz.text_safety import is_visible, visible
from mipviz.ui.lesson_text import inline, wrapped


@pytest.mark.parametrize(("raw", "shown"), [
    ("\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07"),  # OSC: a title change
    ("\u001b[2J", "\\x1b[2J"),  # CSI: clear the screen
    ("a\u0000b", "a\\x00b"),
    ("over\rwrite", "over\\x0dwrite"),
    ("next\u0085line", "next\\x85line"),
    ("\u202eabc", "\\u202eabc"),  # right-to-left override
    ("\u2066x\u2069", "\\u2066x\\u2069"),
    ("sep\u2028arator", "sep\\u2028arator"),
    ("tab\there", "tab here"),
    ("日本語 and ASCII", "日本語 and ASCII"),
])
def test_control_characters_become_visible_escapes(raw: str, shown: str) -> None:
    assert visible(raw, newlines=True, tab_as_space=True) == shown
    assert is_visible(visible(raw))
    assert all(ord(ch) >= 0x20 or ch == "\n" for ch in visible(raw, newlines=True))


def test_newlines_are_kept_only_when_asked() -> None:
    assert visible("a\nb", newlines=True) == "a\nb"
    assert visible("a\nb", newlines=False) == "a\\x0ab"


def test_lesson_markdown_is_never_console_markup() -> None:
    content = inline("**bold** [red]x[/] [@click=app.quit]q[/] `code` *it*")
    assert content.plain == "bold [red]x[/] [@click=app.quit]q[/] code it"
    assert [str(span.style) for span in content.spans] == ["bold", "bold", "italic"]
    assert "[/]" in wrapped("[/] \u001b[31m", 20).plain
