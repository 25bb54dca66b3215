"""The message catalogs (mipviz.i18n): every message exists in English and Japanese with the
same placeholders, the Japanese is Japanese in the deck's vocabulary, and every id the code
names exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from mipviz.i18n import MissingMessage, catalog, msg, render, tr

PACKAGE = Path(__file__).resolve().parents[1] / "mipviz"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# GLOSSARY.md: words the deck does not use for these concepts (one term per concept).
NOT_THE_DECKS_WORDS = ("移動ノード", "通信相手", "ホーム登録", "移動ルータ", "逆方向トンネル",
                       "逆トンネル", "鍵生成トークン", "ノンス", "ハンドオーバー",
                       "バインディング更新要求")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_and_the_same_placeholders() -> None:
    problems = []
    for message_id, templates in catalog().items():
        if set(templates) != {"en", "ja"}:
            problems.append(f"{message_id}: languages {sorted(templates)}")
            continue
        if _placeholders(templates["en"]) != _placeholders(templates["ja"]):
            problems.append(f"{message_id}: placeholders differ")
    assert problems == []


def test_japanese_texts_are_japanese_in_the_decks_words() -> None:
    problems = []
    for message_id, templates in catalog().items():
        ja = templates.get("ja", "")
        # A template of symbols and placeholders only ("{a} → {b}") needs no Japanese.
        bare = re.sub(r"\{[^}]*\}", "", templates.get("en", ""))
        if re.search(r"[A-Za-z]{3,}", bare) and not JAPANESE.search(ja) and ja != templates["en"]:
            problems.append(f"{message_id}: no Japanese in {ja!r}")
        problems.extend(f"{message_id}: {word!r} (GLOSSARY.md)" for word in NOT_THE_DECKS_WORDS
                        if word in ja)
    assert problems == []


def _ids_named_in_code() -> set[tuple[str, str]]:
    named = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
                    and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                    in {"msg", "tr"} and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                named.add((str(path.relative_to(PACKAGE.parent)), node.args[0].value))
    return named


def test_every_id_the_code_names_exists() -> None:
    missing = sorted(f"{where}: {message_id}" for where, message_id in _ids_named_in_code()
                     if message_id not in catalog())
    assert missing == []


def test_rendering() -> None:
    assert tr("common.seconds", "ja", value=3) == "3 秒"
    assert render(msg("common.seconds", value=msg("common.language.ja")), "en") == "Japanese s"
    assert render("2001:db8::1", "ja") == "2001:db8::1"
    assert str(msg("common.language.en")) == "English"
    with pytest.raises(MissingMessage):
        render(msg("no.such.message"), "en")
