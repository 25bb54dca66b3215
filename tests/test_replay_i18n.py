"""A replayed capture's narration in Japanese: every note the replay screen and `mipviz dump`
show (what the nodes did, the departures from the RFCs, the hops) reads in Japanese with
--lang ja, while English stays the default, byte for byte (tests/test_dump_golden.py) and the
jsonl record keeps its keys (DESIGN.md)."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

from mipviz.capture.replay import observe, step_of
from mipviz.capture.says import Said, say
from mipviz.capture.survey import open_captures, survey
from mipviz.i18n import render, tr
from mipviz.ui.replay_steps import narration_of
from tests.test_dump_golden import FIXTURES, SHARED, dump_output

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
NOTE = " " * 20  # dump's text indents a step's notes by 20 columns
# One capture someone else made (departures of every kind) and exported lessons (RR, tunnels,
# NEMO prefixes, a Binding Error).
CAPTURES = sorted(FIXTURES.glob("*.pcap"))
if SHARED.is_dir():  # every capture others made: each one's departures, in Japanese
    CAPTURES += sorted(SHARED.glob("*/*.pcap"))


def _notes(path: Path, language: str) -> list[str]:
    found = []
    for observed in observe(survey(open_captures([path]))):
        found += [render(problem, language) for problem in observed.problems]
        found += [event.render(language) for event in observed.events]
    return found


@pytest.mark.parametrize("path", CAPTURES, ids=lambda path: path.name)
def test_every_note_is_japanese(path: Path) -> None:
    english, japanese = _notes(path, "en"), _notes(path, "ja")
    assert len(japanese) == len(english) > 0
    assert [note for note in japanese if not JAPANESE.search(note)] == []
    assert [note for note in english if JAPANESE.search(note)] == []


@pytest.mark.parametrize("path", CAPTURES, ids=lambda path: path.name)
def test_dump_text_in_japanese(path: Path) -> None:
    lines = dump_output(path, "text", "ja").splitlines()
    notes = [line for line in lines if line.startswith(NOTE)]
    assert notes, "no notes to check"
    assert [line for line in notes if not JAPANESE.search(line)] == []
    assert "パケット" in lines[0]
    english = dump_output(path, "text").splitlines()
    assert len(english) == len(lines)  # the same notes, one line each
    # a step's own line (number, time, link, who, Wireshark-like summary) is the same
    assert [line for line in lines if not line.startswith((NOTE, "#"))] == [
        line.replace(" [bad checksum]", " [チェックサム誤り]")
        for line in english if not line.startswith((NOTE, "#"))]


def test_dump_jsonl_in_japanese_keeps_the_record() -> None:
    path = FIXTURES / "route-optimisation.pcap"
    english = [json.loads(line) for line in dump_output(path, "jsonl").splitlines()]
    japanese = [json.loads(line) for line in dump_output(path, "jsonl", "ja").splitlines()]
    assert len(english) == len(japanese) == 166
    for en, ja in zip(english, japanese, strict=True):
        assert list(en) == list(ja)  # the same keys in the same order
        assert {key: value for key, value in en.items() if key not in ("events", "problems")} \
            == {key: value for key, value in ja.items() if key not in ("events", "problems")}
        assert len(en["events"]) == len(ja["events"])
        assert all(JAPANESE.search(event) for event in ja["events"])
        # each event still starts with the node that acted
        assert [event.split(": ")[0] for event in en["events"]] == [
            event.split(": ")[0] for event in ja["events"]]


def test_replay_screen_narration_in_japanese() -> None:
    path = FIXTURES / "binding-error.pcap"
    shown = 0
    for observed in observe(survey(open_captures([path]))):
        step = step_of(observed)
        text = narration_of(step, "ja")
        for line in text.splitlines()[1:]:
            if line.startswith("- "):
                assert JAPANESE.search(line), line
                shown += 1
    assert shown > 20


def test_said_is_the_english_string_and_survives_a_fork() -> None:
    """Forked dump workers get the notes pickled: a Said arrives as a Said."""
    made = say("capture.ba.valid")(binder="HA", granted=120, status=say("capture.status")(
        status=0, name="Binding Update accepted"))
    assert made == "BA from HA: status 0 (Binding Update accepted), binding valid for 120 s"
    assert isinstance(made, str) and json.dumps(made) == json.dumps(str(made))
    back = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is Said and back == made
    assert render(back, "ja") == ("HA から登録確認（BA）：ステータス 0（Binding Update "
                                  "accepted）、バインディングは 120 秒有効")
    assert render(made, "en") is made


def _tree(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(row.label.plain for row in screen.query_one("#packet-tree").rows)


def test_replay_screen_in_japanese_glosses_headers_and_l_switches_back() -> None:
    """`mipviz replay --lang ja`: the narration and the packet pane's glosses are Japanese;
    L switches to English at the same step (and the glosses go: the names are English)."""
    import asyncio

    from mipviz.ui.replay import ReplayApp
    from tests.replay_helpers import wait_shown
    from tests.ui_helpers import status

    async def run() -> None:
        app = ReplayApp([str(FIXTURES / "route-optimisation.pcap")], language="ja")
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await wait_shown(pilot)
            await pilot.press(*["right"] * 4)  # from step 1 to 5: the MN's home registration BU
            for _ in range(200):  # the packet pane fills once scapy has loaded
                await pilot.pause(0.05)
                if "Mobility Header" in _tree(screen):
                    break
            tree = _tree(screen)
            assert "Mobility Header: Binding Update 〈位置登録（BU）〉" in tree
            assert "Destination Options 〈ホームアドレス〉" in tree
            narration = screen.controller.view().narration or ""
            assert "位置登録：HA へ BU（シーケンス番号 31191）" in narration
            assert "ステップ 5" in status(screen) or "5/166" in status(screen)
            await pilot.press("L")
            for _ in range(200):
                await pilot.pause(0.05)
                if "home registration: BU seq 31191" in (screen.controller.view().narration
                                                         or ""):
                    break
            assert "home registration: BU seq 31191" in screen.controller.view().narration
            assert "〈" not in _tree(screen)

    asyncio.run(run())


def test_glosses_for_route_optimisation_headers() -> None:
    from mipviz.capture.reader import read_records
    from mipviz.ui.gloss import gloss
    from mipviz.wire.dissect import dissect

    found: dict[str, set[str]] = {}

    def walk(fields) -> None:  # type: ignore[no-untyped-def]
        for field in fields:
            glossed = gloss(field, "ja")
            if glossed:
                found.setdefault(field.name, set()).add(glossed)
            assert gloss(field, "en") is None
            walk(field.children)

    for record in read_records(FIXTURES / "route-optimisation.pcap"):
        walk(dissect(record.data))
    assert found["Mobility Header: Binding Update"] == {"位置登録（BU）",
                                                         "経路最適化のバインディング更新（BU）"}
    assert found["Mobility Header: Binding ACK"] == {"登録確認（BA）"}
    assert found["Routing Header"] == {"経路最適化：ホームアドレス"}
    assert found["Home Address Option"] == {"ホームアドレス"}
    assert found["Internet Protocol Version 6"] == {"トンネル：カプセル化（IPv6-in-IPv6）"}
    for name, word in (("Home Test Init", "HoTI"), ("Care-of Test Init", "CoTI"),
                       ("Home Test", "HoT"), ("Care-of Test", "CoT")):
        assert found[f"Mobility Header: {name}"] == {f"リターンルータビリティ（RR）：{word}"}
    assert found["ICMPv6 Neighbor Discovery - Router Advertisement"] == {"ルータ広告（RA）"}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_exports_comment_is_told_apart_from_the_replays_own_step(
        tmp_path: Path, language: str) -> None:
    """An exported lesson's frame comment starts "Step 52/168" (the lesson's numbering) while
    the replay counts "step 51": the narration says the quote is the file's, before it."""
    import subprocess
    import sys

    out = tmp_path / "lesson.pcapng"
    subprocess.run([sys.executable, "-m", "mipviz", "export", "home-registration", "-o",
                    str(out), "--lang", language], check=True, capture_output=True)
    label = tr("polish.replay.comment", language)
    quoted = 0
    for observed in observe(survey(open_captures([out]))):
        lines = narration_of(step_of(observed), language).splitlines()
        first_quote = next(i for i, line in enumerate(lines) if line.startswith("> "))
        assert lines[first_quote - 2] == label, lines[:first_quote]
        quoted += 1
    assert quoted > 50
