"""Japanese line breaking (issue 10): between characters, kinsoku shori, and never inside an
ASCII word or an IPv6 address; in the narration pane at several widths."""

from __future__ import annotations

import re

import pytest

from mipviz.i18n.linebreak import NO_END, NO_START, cell_width, wrap
from mipviz.ui.app import MipvizApp
from tests.ui_helpers import _cache_lesson_runs, sync, wait_ready

__all__ = ["_cache_lesson_runs"]

PARAGRAPH = (
    "経路最適化された通信: CN は気付アドレス 2001:db8:2::ff:fe00:100 宛に送り、ホームアドレスを"
    "タイプ2ルーティングヘッダに入れます。MN の IP 層が元に戻します(S13)。MN の応答は"
    "「ホームアドレスオプション」付きで、CN が送信元をホームアドレスに戻します(S14)。"
    "鍵生成には MAX_TOKEN_LIFETIME(210秒)より新しい署名用トークンを使います。"
)
WORDS = re.compile(r"[!-~]+")  # the ASCII words and addresses of the paragraph


def _check(lines: list[str], text: str, width: int) -> None:
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    for number, line in enumerate(lines):
        assert cell_width(line) <= width, (width, line)
        if number:
            assert line[0] not in NO_START, (width, line)
        if number < len(lines) - 1:
            assert line[-1] not in NO_END, (width, line)
    for word in WORDS.findall(text):  # an ASCII word or address that fits is never split
        if cell_width(word) <= width:
            assert any(word in line for line in lines), (width, word)


@pytest.mark.parametrize("width", [12, 17, 20, 24, 31, 38, 45, 57, 76])
def test_kinsoku_and_whole_words_at_every_width(width: int) -> None:
    lines = wrap(PARAGRAPH, width)
    _check(lines, PARAGRAPH, width)
    # Japanese breaks between characters: lines are filled, not cut only at spaces
    assert len(lines) <= cell_width(PARAGRAPH) // (width // 2) + 2


def test_english_breaks_at_spaces_only() -> None:
    text = "The MN answers with a new Binding Update. Its keygen tokens are younger than MAX"
    lines = wrap(text, 30)
    assert all(len(line) <= 30 for line in lines)
    assert " ".join(lines) == text


def test_a_line_never_starts_with_a_closing_mark_even_when_it_would_fit() -> None:
    # at width 10 the "。" would begin the second line: the character before it goes along
    text = "あいうえおかきくけこ。さしすせそ"
    lines = wrap(text, 20)
    assert lines[0] == "あいうえおかきくけ" and lines[1].startswith("こ。")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
@sync
async def test_the_narration_pane_wraps_japanese_by_the_rules(size: tuple[int, int]) -> None:
    app = MipvizApp("route-optimisation", language="ja")
    async with app.run_test(size=size) as pilot:
        screen = await wait_ready(pilot)
        prepared = screen.controller.prepared
        assert prepared is not None
        checked = 0
        for step in prepared.narration_steps[:6]:
            screen.controller.cursor = step
            screen.refresh_view()
            await pilot.pause()
            text = screen.query_one("#narration-text")
            width = text.content_region.width
            lines = str(text.render()).split("\n")
            for number, line in enumerate(lines):
                assert cell_width(line) <= width, line
                if number and lines[number - 1] and line:
                    assert line[0] not in NO_START, line
                    assert lines[number - 1][-1] not in NO_END, lines[number - 1]
                checked += 1
            for address in re.findall(r"2001:db8:[0-9a-f:]+", prepared.timeline[step].narration
                                      or ""):
                if len(address) <= width:
                    assert any(address in line for line in lines), address
        assert checked > 10


ORPHANED = ("MN は HA に登録済みで、CN はまだバインディングを持っていません。アドレスは文書用の "
            "2001:db8::/32 で、スライドの 6bone の 3ffe: プレフィックス(廃止済み)ではありません。")


def _lesson_paragraphs() -> list[str]:
    import tomllib
    from pathlib import Path

    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("ja"), str):
                found.extend(p for p in value["ja"].split("\n") if p.strip())
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted((Path(__file__).parents[1] / "lessons").glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def test_a_paragraph_does_not_end_on_a_few_characters() -> None:
    """At the narration pane's width at 80x24 (35 cells), greedy breaking left "せん。"
    alone on the last line; the last break moves back to the phrase boundary."""
    lines = wrap(ORPHANED, 35)
    _check(lines, ORPHANED, 35)
    assert lines[-1] != "せん。"
    assert cell_width(lines[-1]) > 6
    assert lines[-1].endswith("ありません。")


@pytest.mark.parametrize("width", [35, 36, 56, 76])
def test_bundled_lessons_rarely_end_a_paragraph_on_a_short_line(
        width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Against greedy breaking (the same code without the last-line rule), at the narration
    pane's widths: kinsoku holds, and at most a third of the short endings are left (those
    where the line before would be less than half full, or the moved part would not fit)."""
    from mipviz.i18n import linebreak

    paragraphs = _lesson_paragraphs()
    assert len(paragraphs) > 300

    def short_endings() -> list[list[str]]:
        found = []
        for paragraph in paragraphs:
            lines = wrap(paragraph, width)
            _check(lines, paragraph, width)
            if len(lines) > 1 and cell_width(lines[-1]) <= 6:
                found.append(lines[-2:])
        return found

    now = short_endings()
    linebreak._phrase_boundaries.cache_clear()
    monkeypatch.setattr(linebreak, "_no_orphan", lambda *arguments: None)
    greedy = short_endings()
    assert len(now) * 3 <= len(greedy) or len(now) <= 1, (now, len(greedy))


def test_a_number_stays_with_its_counter_word() -> None:
    # nested-nemo step 60 at 80x24 (a 36-cell narration line) read "…消失しました。1" | "回消失、…"
    text = ("PAN が列車経由で位置登録している間に ping #3 が消失しました。"
            "1 回消失、4.014 秒間届きませんでした。")
    for width in range(14, 60):
        lines = wrap(text, width)
        _check(lines, text, width)
        assert not any(line.endswith(("1", "4.014")) for line in lines[:-1]), (width, lines)
    # where nothing else fits, the number may still leave its counter rather than be cut
    assert wrap("123456789012 回", 12) == ["123456789012", "回"]
