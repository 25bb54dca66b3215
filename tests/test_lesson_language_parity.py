"""Every Japanese lesson text carries all the content of its English text (issue 10 item 2):
the same addresses, numbers, Wireshark message names and lecture topic IDs, at a length that
fits a translation (Japanese is denser than English, but not three times), in the deck's
vocabulary (shared/seed/GLOSSARY.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from mipviz.lesson._explain import MESSAGES
from mipviz.lesson.catalog import list_lessons
from mipviz.lesson.loader import load_lesson
from mipviz.lesson.schema import Lesson, Text
from tests.conftest import bundled_lesson_ids

ADDRESS = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9a-fA-F]{1,4}:){1,7}(?::|[0-9a-fA-F]{1,4})?"
                     r"(?:[0-9a-fA-F:]*)(?:/\d{1,3})?")
NUMBER = re.compile(r"(?<![0-9A-Za-z_.:#])\d+(?:\.\d+)?(?![0-9A-Za-z_:])")
TOPIC = re.compile(r"\bS(?:0[1-9]|1\d|2[0-8])\b")
# Words the deck does not use, with the deck's word (GLOSSARY.md).
NOT_THE_DECKS = ("移動ノード", "通信相手", "ホーム登録", "移動ルータ", "逆方向トンネル",
                 "逆トンネル", "鍵生成トークン", "ノンス", "ハンドオーバー",
                 "バインディング更新要求", "気付アドレス")


def _texts(lesson: Lesson) -> Iterator[tuple[str, Text]]:
    yield "title", lesson.title
    if lesson.summary is not None:
        yield "summary", lesson.summary
    for number, action in enumerate(lesson.script):
        if action.say is not None:
            yield f"script[{number}].say", action.say
        quiz = action.quiz
        if quiz is None:
            continue
        for key, text in (("question", quiz.question), ("hint", quiz.hint),
                          ("explanation", quiz.explanation)):
            if text is not None:
                yield f"script[{number}].quiz.{key}", text
        for index, choice in enumerate(quiz.choices):
            yield f"script[{number}].quiz.choices[{index}]", choice
    for number, explain in enumerate(lesson.explains):
        yield f"explain[{number}].say", explain.say


def content(text: str) -> dict[str, set[str]]:
    """What must survive translation: addresses, numbers, message names, topic IDs."""
    addresses = {_address(match.group(0)) for match in ADDRESS.finditer(text)
                 if match.group(0).count(":") >= 2}
    rest = ADDRESS.sub(" ", text)
    messages = set()
    for name in sorted(MESSAGES, key=len, reverse=True):
        if name in rest:
            messages.add(name)
            rest = rest.replace(name, " ")
    topics = set(TOPIC.findall(rest))
    rest = TOPIC.sub(" ", rest)
    return {"addresses": addresses, "numbers": set(NUMBER.findall(rest)),
            "messages": messages, "topics": topics}


def _address(text: str) -> str:
    """'2001:db8:1::100:' at the end of a sentence is 2001:db8:1::100."""
    text = text.lower()
    return text[:-1] if text.endswith(":") and not text.endswith("::") else text


def _lesson(lesson_id: str) -> Lesson:
    return load_lesson(next(i.path for i in list_lessons() if i.id == lesson_id))


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_every_japanese_text_carries_the_english_content(lesson_id: str) -> None:
    problems = []
    for where, text in _texts(_lesson(lesson_id)):
        languages = dict(text.by_language)
        en, ja = languages.get("en", ""), languages.get("ja", "")
        if not ja:
            problems.append(f"{where}: no Japanese")
            continue
        expected, found = content(en), content(ja)
        for kind in expected:
            lacking = expected[kind] - found[kind]
            if lacking:
                problems.append(f"{where}: ja lacks {kind} {sorted(lacking)}")
        if len(en) >= 60:
            ratio = len(ja) / len(en)
            if not 0.25 <= ratio <= 1.3:
                problems.append(f"{where}: ja is {ratio:.2f} times the English length")
    assert problems == []


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_japanese_uses_the_decks_vocabulary(lesson_id: str) -> None:
    found = [(where, word) for where, text in _texts(_lesson(lesson_id))
             for word in NOT_THE_DECKS if word in text.get("ja")]
    assert found == []


def test_content_extraction_sees_what_a_translation_must_keep() -> None:
    got = content("The HA tunnels it to 2001:db8:2::ff:fe00:100 for 116 s (S13): a "
                  "Home Test, not a Home Test Init; HMAC_SHA1 keeps 64-bit.")
    assert got == {"addresses": {"2001:db8:2::ff:fe00:100"}, "numbers": {"116", "64"},
                   "messages": {"Home Test", "Home Test Init"}, "topics": {"S13"}}
    assert content("64ビット")["numbers"] == {"64"}
