"""The engine's notes are messages (mipviz.i18n.Msg) rendered per language at the edge: the
English is what it always was (tests/golden/*.txt keep it), and `mipviz trace --lang ja` shows
every note in Japanese (issue 10, item 1)."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from mipviz.commands import trace
from mipviz.engine.timeline import Event
from mipviz.i18n import catalog, msg
from mipviz.records import step_record
from tests.conftest import bundled_lesson_ids, lesson_run

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
LEFTOVER = re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*\}")  # a placeholder no parameter filled
ENGINE = Path(__file__).resolve().parents[1] / "mipviz" / "engine"
EVENT_INDENT = " " * 33  # trace's event lines (mipviz/commands/trace.py)


def _trace(lesson_id: str, language: str, fmt: str = "text") -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert trace.run(argparse.Namespace(lesson=lesson_id, format=fmt, lang=language)) == 0
    return out.getvalue()


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_japanese_trace_shows_the_engines_notes_in_japanese(lesson_id: str) -> None:
    lines = _trace(lesson_id, "ja").splitlines()
    events = [line for line in lines if line.startswith(EVENT_INDENT)]
    english = [line.strip() for line in events if not JAPANESE.search(line)]
    assert events
    assert len(english) <= 0.05 * len(events), english[:5]
    quizzes = [line for line in lines if line.startswith("      ? ")]
    assert all("クイズ" in line for line in quizzes)
    # Steps without a frame (script actions, timers) are summed up by their notes: Japanese too.
    actions = [line for line in lines if re.match(r"\s*\d+\s+\S+s\s+-\s+(操作|タイマー)", line)]
    assert actions and all(JAPANESE.search(line) for line in actions)


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_every_note_renders_whole_in_both_languages(lesson_id: str) -> None:
    for step in lesson_run(lesson_id).timeline:
        for event in step.events:
            for language in ("en", "ja"):
                text = event.render(language)
                assert text and not LEFTOVER.search(text), (step.index, language, text)
        for language in ("en", "ja"):
            assert not LEFTOVER.search(step.summary_in(language))


def test_english_rendering_is_the_note_as_it_was_written() -> None:
    event = Event("MN", "note", msg("engine.mobile_node.care_address_64_eui",
                                    network_address="2001:db8:2::", iid_text="0000:00ff:fe00:0100",
                                    mac="02:00:00:00:01:00", address="2001:db8:2::ff:fe00:100"))
    assert str(event) == ("MN: care-of address = 2001:db8:2::/64 + EUI-64 0000:00ff:fe00:0100 "
                          "(MAC 02:00:00:00:01:00, U/L bit flipped, ff:fe inserted) = "
                          "2001:db8:2::ff:fe00:100")
    assert event.text == event.render("en") == str(event)[len("MN: "):]
    assert event.render("ja").startswith("気付けアドレス = 2001:db8:2::/64")
    # A nested phrase (the path a packet took) is translated with its sentence.
    delivered = Event("CN", "data-delivered", msg(
        "engine.flows.delivered", name="ping", sequence=1, path=msg("engine.flows.path.tunnel"),
        measured=msg("engine.flows.measured", latency="8", crossings=8)))
    assert delivered.text == ("flow ping: #1 delivered through the home agent's tunnel after 8 ms "
                              "over 8 link crossings")
    assert "ホームエージェントのトンネルを通って" in delivered.render("ja")
    # A replayed capture's notes are plain text, the same in every language.
    plain = Event("HA", "note", "BU seq 1 to HA")
    assert plain.text == plain.render("ja") == "BU seq 1 to HA"


def test_jsonl_in_japanese_keeps_the_keys_and_the_data() -> None:
    english = [json.loads(line) for line in _trace("route-optimisation", "en", "jsonl").splitlines()]
    japanese = [json.loads(line) for line in _trace("route-optimisation", "ja", "jsonl").splitlines()]
    assert len(english) == len(japanese)
    for en, ja in zip(english, japanese, strict=True):
        assert list(en) == list(ja)
        assert len(en["events"]) == len(ja["events"])
        for key in en.keys() - {"events", "summary", "narration"}:
            assert en[key] == ja[key], key
        for en_event, ja_event in zip(en["events"], ja["events"], strict=True):
            assert en_event.split(": ")[0] == ja_event.split(": ")[0]  # the node
            assert JAPANESE.search(ja_event), ja_event
    step = lesson_run("route-optimisation").timeline[3]
    assert step_record(step) == step_record(step, "en")


def test_every_engine_message_id_exists() -> None:
    """Ids chosen by a condition (``msg(A if x else B)``) are not literal call arguments, so the
    catalog test does not see them: every ``"engine.…"`` string in the engine must exist."""
    named = {match.group(1) for path in ENGINE.glob("*.py")
             for match in re.finditer(r'"(engine\.[\w.\-]+)"', path.read_text(encoding="utf-8"))}
    assert len(named) > 100
    assert sorted(named - set(catalog())) == []


def test_no_engine_note_is_formatted_english() -> None:
    """Every note goes through msg(): a note(..., f"...") would be English on a Japanese screen."""
    offenders = []
    for path in ENGINE.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bnote\(\s*(\w+, )?\"[\w-]+\",\s*f?\"", line) or re.search(
                    r"Event\([^)]*, \"\w+\",\s*f?\"", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
