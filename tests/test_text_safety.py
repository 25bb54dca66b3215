"""mipviz.text_safety.visible: nothing raw from outside reaches a terminal."""

from __future__ import annotations

import pytest

from mipviz.text_safety import is_visible, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x00b", "a\\x00b"),
        ("line\r\nnext", "line\\x0d\\x0anext"),
        ("tab\there", "tab\\x09here"),
        ("del\x7f", "del\\x7f"),
        ("nel\x85", "nel\\x85"),
        ("csi\x9b", "csi\\x9b"),
        ("ls\u2028ps\u2029", "ls\\u2028ps\\u2029"),
        ("abc\u202etxt.exe", "abc\\u202etxt.exe"),
        ("\u2066iso\u2069", "\\u2066iso\\u2069"),
        (b"node\xff\x02".decode("utf-8", "surrogateescape"), "node\\xff\\x02"),
        ("\ud800", "\\ud800"),
    ],
)
def test_controls_become_visible_escapes(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert is_visible(visible(raw))
    assert all(ord(c) >= 0x20 for c in visible(raw))


@pytest.mark.parametrize(
    "text", ["", "mobile-node", "モバイルノード 2001:db8::1", "a\\x1b", "é ü ß"]
)
def test_ordinary_text_unchanged(text: str) -> None:
    assert visible(text) == text
    assert is_visible(text)
