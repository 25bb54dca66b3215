"""The handover, measured (S23): mipviz.analysis.handovers against the trace records, the
`mipviz handovers` command, and the UI's bar.

The expected phases are found again here from the JSON-lines step records (DESIGN.md) — the
summaries, Mobility Header names, tx/rx and event texts a reader of `mipviz trace` sees — not
from the analysis' own frame objects, so a wrong boundary in either shows as a difference.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from typing import Any

import pytest
from rich.cells import cell_len

from mipviz.analysis.handovers import PHASES, SEQUENTIAL, Handover, find_handovers, flow_names
from mipviz.cli import main
from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.loader import load_lesson
from mipviz.lesson.runner import LessonRun, run_lesson
from mipviz.records import step_record
from mipviz.ui.handover import HandoverBar, bar_lines

LESSONS = ("home-registration", "returning-home", "home-agent-failure", "network-mobility")
LOSS = re.compile(r"^(\S+): flow (\S+): (\d+) packet\(s\) lost")
DELIVERED = re.compile(r"^(\S+): flow (\S+): #\d+ delivered")
SENT = re.compile(r"^(\S+): flow (\S+): (echo|udp) #\d+ to")


@cache
def _run(lesson_id: str) -> LessonRun:
    return run_lesson(load_lesson(find_lesson(lesson_id)))


_run_of: dict[int, LessonRun] = {}


@cache
def _records(lesson_id: str) -> tuple[dict[str, Any], ...]:
    records = tuple(step_record(step) for step in _run(lesson_id).timeline)
    _run_of[id(records)] = _run(lesson_id)
    return records


@cache
def _handovers(lesson_id: str) -> tuple[Handover, ...]:
    run = _run(lesson_id)
    return tuple(find_handovers(run.timeline, flow_names(run.lesson)))


def _first(records: Any, after: int, test: Any) -> dict[str, Any] | None:
    return next((r for r in records if r["step"] > after and test(r)), None)


def _expected(records: tuple[dict[str, Any], ...], handover: Handover) -> dict[str, Any]:
    """The sequential phases of one move, found from the trace records alone."""
    node, link = handover.node, handover.to_link
    moved = records[handover.step - 1]
    assert any(e.startswith(f"{node}: moved from") for e in moved["events"])
    later = [r for r in records if r["step"] > moved["step"] and not any(
        e.startswith(f"{node}: moved from") for e in r["events"])]
    nxt = next((r["step"] for r in records if r["step"] > moved["step"] and any(
        e.startswith(f"{node}: moved from") for e in r["events"])), len(records) + 1)
    later = [r for r in later if r["step"] < nxt]
    phases: dict[str, tuple[float, float]] = {}
    rs = _first(later, 0, lambda r: r["tx"] == node and r["link"] == link
                and r["summary"].startswith("Router Solicitation"))
    ra = _first(later, rs["step"], lambda r: r["rx"] in (node, None) and r["link"] == link
                and r["summary"].startswith("Router Advertisement"))
    phases["link-attach"] = (moved["time"], rs["time"])
    phases["movement-detection"] = (rs["time"], ra["time"])
    last = ra
    homes = [r["hao"] for r in records[:moved["step"]] if r["tx"] == node and
             r["mh"] == "Binding Update" and " H " in r["summary"] + " " and r["hao"]]
    home = homes[-1] if homes else None
    ns = _first(later, ra["step"], lambda r: r["tx"] == node and r["src"] == "::" and
                r["summary"].startswith("Neighbor Solicitation") and r["link"] == link)
    # back home: the NS targets the home address, the HA answers by proxy (RFC 6275 §11.5.5)
    if ns is not None and ns["summary"] == f"Neighbor Solicitation for {home}":
        na = _first(later, ns["step"], lambda r: r["link"] == link and r["tx"] != node and
                    r["summary"].startswith(f"Neighbor Advertisement {home} "))
        phases["ha-address-resolution"] = (ns["time"], na["time"])
        last = na
    elif ns is not None:
        valid = _first(later, ns["step"] - 1, lambda r: any(
            e.startswith(f"{node}: care-of address") and "is valid" in e for e in r["events"]))
        phases["dad"] = (ns["time"], valid["time"])
        last = valid
    bu = _first(later, last["step"] - 1, lambda r: r["tx"] == node and
                r["mh"] == "Binding Update" and " H " in r["summary"] + " ")
    ba = _first(later, bu["step"], lambda r: r["rx"] == node and
                r["mh"] == "Binding Acknowledgement" and "status 0 " in r["summary"] and
                r["inner_src"] == bu["inner_dst"])
    name = "home-deregistration" if "lifetime 0s" in bu["summary"] else "home-registration"
    phases[name] = (bu["time"], ba["time"])
    packet = _first(later, ba["step"], lambda r: node in (r["tx"], r["rx"]) and
                    r["link"] == link and ("Echo (ping)" in r["summary"] or
                                           "UDP" in r["summary"]))
    lost: dict[str, int] = {}
    if packet is not None:
        phases["first-packet"] = (ba["time"], packet["time"])
        running = {m.group(2) for r in later if r["step"] <= packet["step"]
                   for m in map(SENT.match, r["events"]) if m}
        flows_seen = {name for name in flow_names(_run_of[id(records)].lesson).values()
                      if name not in running}
        for record in later:
            if record["step"] < packet["step"]:
                continue
            for event in record["events"]:
                delivered = DELIVERED.match(event)
                if delivered and delivered.group(2) not in flows_seen:
                    flows_seen.add(delivered.group(2))
                    notes = [LOSS.match(e) for e in record["events"]]
                    counts = [int(m.group(3)) for m in notes
                              if m and m.group(2) == delivered.group(2)]
                    lost[delivered.group(2)] = counts[0] if counts else 0
    return {"phases": phases, "packet": packet, "lost": lost, "moved": moved}


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_phases_are_the_step_times_of_the_frames_that_make_them(lesson_id: str) -> None:
    records = _records(lesson_id)
    handovers = _handovers(lesson_id)
    moves = [r for r in records if any(" moved from " in e for e in r["events"])]
    assert [h.step for h in handovers] == [r["step"] for r in moves]
    for handover in handovers:
        expected = _expected(records, handover)
        measured = {p.name: [p.start / 1e6, p.end / 1e6] for p in handover.phases
                    if p.name in SEQUENTIAL and p.end is not None}
        assert sorted(measured) == sorted(expected["phases"])
        for name, (start, end) in expected["phases"].items():
            assert measured[name] == pytest.approx([start, end]), name
        for phase in handover.phases:  # a duration is the difference of its steps' times
            assert phase.end is not None and phase.duration == phase.end - phase.start
            assert records[phase.first_step - 1]["time"] == pytest.approx(phase.start / 1e6)
            assert records[phase.last_step - 1]["time"] == pytest.approx(phase.end / 1e6)
        assert handover.total == pytest.approx(
            (expected["packet"]["time"] - expected["moved"]["time"]) * 1e6)
        assert dict(handover.lost) == expected["lost"]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_attachment_phases_follow_one_another_in_order(lesson_id: str) -> None:
    for handover in _handovers(lesson_id):
        own = [p for p in handover.phases if p.name in SEQUENTIAL]
        names = [p.name for p in own]
        assert names == sorted(names, key=SEQUENTIAL.index)
        assert names[0] == "link-attach" and names[-1] == "first-packet"
        for earlier, later in itertools.pairwise(own):
            assert earlier.end is not None and earlier.end <= later.start
            assert earlier.last_step <= later.first_step
        assert own[0].start == handover.start
        assert own[-1].end == handover.first_packet == handover.start + handover.total


def test_home_registration_figures() -> None:
    """The figures the lesson can quote (S23): 2.504 s, DAD 1 s, BU → BA 1.003 s, 2 pings."""
    (handover,) = _handovers("home-registration")
    durations = {p.name: p.duration for p in handover.phases}
    assert durations == {"link-attach": 268_459, "movement-detection": 62_823, "dad": 1_000_000,
                         "home-registration": 1_003_000, "first-packet": 168_718}
    assert handover.total == 2_504_000
    assert handover.lost == {"ping": 2}
    assert handover.complete


def test_returning_home_deregisters_without_dad_and_the_cn_binding_goes_in_parallel() -> None:
    first, back = _handovers("returning-home")
    assert [p.name for p in first.phases][-2:] == ["return-routability",
                                                   "correspondent-registration"]
    names = [p.name for p in back.phases]
    assert "dad" not in names and "home-deregistration" in names
    assert "ha-address-resolution" in names
    cn = back.phase("correspondent-registration")
    dereg = back.phase("home-deregistration")
    assert cn is not None and dereg is not None and cn.peer == "CN"
    # alongside the home deregistration, but only after its BU (RFC 6275 §11.5.5: the home
    # address is not used on the home link before the deregistration BU is sent)
    assert dereg.first_step < cn.first_step and dereg.start <= cn.start < dereg.end < cn.end


def test_a_refused_registration_is_a_failed_phase_and_the_handover_never_completes() -> None:
    bus, ferry = find_handovers(_run_nemo_modes().timeline)
    assert bus.complete
    registration = ferry.phase("home-registration")
    assert registration is not None and registration.outcome == "failed"
    assert ferry.total is None and not ferry.complete and ferry.first_packet is None


@cache
def _run_nemo_modes() -> LessonRun:
    return _run("nemo-modes")


def test_a_correspondent_that_does_not_understand_the_mobility_header_fails_rr() -> None:
    (handover,) = find_handovers(_run("reverse-tunnelling").timeline)
    rr = handover.phase("return-routability")
    assert rr is not None and rr.outcome == "failed" and rr.peer == "CN"
    assert handover.complete  # the tunnel still carries the traffic


# ------------------------------------------------------------------------------ the command


def test_json_lists_each_handover_with_its_phases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handovers", "home-registration", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and len(records) == 1
    (record,) = records
    assert {"node", "from", "to", "phases", "total", "lost"} <= set(record)
    assert (record["node"], record["from"], record["to"]) == ("MN", "home", "visited")
    assert record["total"] == 2.504 and record["lost"] == {"ping": 2}
    for phase in record["phases"]:
        assert {"name", "start", "end"} <= set(phase)
        assert phase["name"] in PHASES
        assert isinstance(phase["start"], float) and isinstance(phase["end"], float)
        assert phase["end"] - phase["start"] == pytest.approx(phase["duration"])
    assert [p["name"] for p in record["phases"]] == [
        "link-attach", "movement-detection", "dad", "home-registration", "first-packet"]


def test_text_is_a_table_in_english_and_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handovers", "home-registration"]) == 0
    english = capsys.readouterr().out
    assert "Handover 1: MN moves from home to visited at 2.500 s (step 19)" in english
    assert re.search(r"DAD of the care-of address\s+2\.832\s+3\.832\s+1000 ms\s+23–27", english)
    assert "total: 2.504 s" in english and "packets lost: ping 2" in english
    assert main(["handovers", "home-registration", "--lang", "ja"]) == 0
    japanese = capsys.readouterr().out
    assert "ハンドオーバ 1" in japanese and "位置登録（BU → BA）" in japanese
    assert "合計" in japanese and "2.504 秒" in japanese and "ping 2 個" in japanese
    assert "Handover" not in japanese


def test_bad_lessons_exit_1_with_a_message(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Any) -> None:
    assert main(["handovers", "no-such-lesson"]) == 1
    assert "mipviz handovers: " in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("format_version = 1\nid = [\n", encoding="utf-8")
    assert main(["handovers", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.toml" in err and "Traceback" not in err
    assert main(["handovers", "home-registration", "--format", "xml"]) == 2


# ------------------------------------------------------------------------------ the bar


# the FMIPv6 lessons: their phases (preparation, buffered delivery) once had colours Rich
# cannot parse, and the lesson screen crashed at the end of the handover
@pytest.mark.parametrize("lesson_id", ["returning-home", "network-mobility", "nemo-modes",
                                       "fmipv6-predictive", "fmipv6-reactive"])
def test_bar_lines_fill_the_width_exactly_in_both_languages(lesson_id: str) -> None:
    for handover in find_handovers(_run(lesson_id).timeline):
        for now in (handover.start - 1, handover.start, (handover.start + handover.span_end)
                    // 2, handover.span_end, handover.span_end + 10**6):
            for width in (20, 37, 60, 118):
                for language in ("en", "ja"):
                    lines = bar_lines(handover, now, width, language)
                    assert [cell_len(line.plain) for line in lines] == [width] * len(lines)


@pytest.mark.parametrize("lesson_id", ["nested-nemo", "home-registration", "fmipv6-predictive"])
def test_two_phase_labels_never_run_together(lesson_id: str) -> None:
    # nested-nemo at 160x50 (a 78-cell bar) read "…DAD of the care-of addresshome registration…":
    # where one phase's segment meets the next, a blank cell parts their labels
    from itertools import groupby

    for handover in find_handovers(_run(lesson_id).timeline):
        for width in (37, 60, 78, 118):
            for language in ("en", "ja"):
                for line in bar_lines(handover, handover.span_end, width, language)[:-1]:
                    styles: list[object] = [None] * len(line.plain)
                    for span in line.spans:
                        styles[span.start:span.end] = [span.style] * (span.end - span.start)
                    segments, at = [], 0
                    for _, run in groupby(styles):
                        segments.append(line.plain[at:at + len(list(run))])
                        at += len(segments[-1])
                    for left, right in itertools.pairwise(segments):
                        assert left[-1] in " ·" or right[0] in " ·", (width, left, right)
    (handover,) = _handovers("nested-nemo")
    bar = bar_lines(handover, handover.span_end, 78, "en")[0].plain
    assert "addresshome" not in bar and " DAD " in bar and " home registration (BU → BA) " in bar


def test_bar_shows_only_what_has_happened() -> None:
    (handover,) = _handovers("home-registration")
    dad = handover.phase("dad")
    assert dad is not None
    during = "\n".join(line.plain for line in bar_lines(handover, dad.start + 900_000, 120,
                                                           "en"))
    assert "DAD" in during and "home registration" not in during
    assert "5.004" not in during  # the end is not told before it happens
    after = "\n".join(line.plain for line in bar_lines(handover, handover.span_end, 120, "en"))
    assert "home registration (BU → BA)" in after and "5.004" in after.splitlines()[-1]


def test_the_bar_counts_losses_in_words_in_both_languages() -> None:
    # the subtitle read "lost ping 0": losses say how many packets, none as none
    from mipviz.ui.handover import _subtitle

    cases = {("fmipv6-predictive", "en"): "ping: none lost",
             ("fmipv6-predictive", "ja"): "ping: 損失なし",
             ("hmipv6", "en"): "ping: 17 packets lost", ("hmipv6", "ja"): "ping: 17 個損失"}
    for (lesson_id, language), wording in cases.items():
        handover = _handovers(lesson_id)[0]
        subtitle = _subtitle(handover, handover.span_end, language)
        assert subtitle.endswith(" · " + wording), subtitle
        assert "lost ping" not in subtitle and "損失 ping" not in subtitle


def test_the_bar_is_hidden_without_handovers() -> None:
    bar = HandoverBar()
    bar.update([], 0, "en")
    assert bar.display is False


def test_pilot_the_bar_marks_the_current_time() -> None:
    import asyncio

    from mipviz.ui.app import MipvizApp
    from tests.ui_helpers import wait_ready

    async def scenario() -> None:
        app = MipvizApp("home-registration", presenter=True)  # no quiz gates on the way
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await wait_ready(pilot)
            bar = screen.query_one("#handover", HandoverBar)
            assert bar.display and bar.region.height >= 3
            (handover,) = handovers = bar.handovers
            assert len(handovers) == 1
            # before the move: not "in progress", the MN has not left home yet
            assert screen.controller.view().time < handover.start
            assert str(bar.border_subtitle) == "not begun yet"
            dad = handover.phase("dad")
            assert dad is not None
            screen.controller.jump(dad.last_step)
            screen.refresh_view()
            await pilot.pause()
            lines = [strip.text for strip in bar._strips]
            assert "▲3.832" in lines[-1]
            assert "DAD of the care-of address" in lines[0]
            assert "home registration" not in lines[0]
            assert "Handover 1/1: MN home → visited" in str(bar.border_title)
            assert str(bar.border_subtitle) == "in progress"
            screen.controller.jump(len(screen.controller.prepared.timeline))
            screen.refresh_view()
            await pilot.pause()
            assert str(bar.border_subtitle) == "2.504 s · ping: 2 packets lost"
            assert "◂" not in bar._strips[-1].text and "▸" in bar._strips[-1].text

    asyncio.run(scenario())


def test_the_home_registration_inside_esp_is_measured_with_the_runs_keys(
        capsys: pytest.CaptureFixture[str]) -> None:
    """ipsec-home-agent sends its BU/BA (and the tunnelled HoTI/HoT) inside ESP (RFC 6275
    5.1): the analysis opens them with the run's SA keys (mipviz.analysis.decrypted), so the
    home registration phase runs from the first hop of the encrypted BU to the last hop of the
    encrypted BA, as the trace's ``ipsec.sent`` / ``ipsec.received`` notes place them, and
    Return Routability starts at the HoTI inside ESP. Without the keys there is no phase."""
    run = _run("ipsec-home-agent")
    records = [step_record(step) for step in run.timeline]
    sent = next(r["step"] for r in records if any(
        e.startswith("MN: ESP transport mode, SPI 0x00001001 seq 1") for e in r["events"]))
    received = next(r["step"] for r in records if any(
        e.startswith("MN: ESP SPI 0x00001002 seq 1: sequence number new, ICV verified")
        for e in r["events"]))
    hoti = next(r["step"] for r in records if any(
        e.startswith("MN: ESP tunnel mode, SPI 0x00001003 seq 1") for e in r["events"]))
    (handover,) = find_handovers(run.timeline, flow_names(run.lesson), run.secrets().esp)
    registration = handover.phase("home-registration")
    assert registration is not None and registration.outcome == "done"
    assert (registration.first_step, registration.last_step) == (sent, received)
    rr = handover.phase("return-routability")
    assert rr is not None and rr.first_step == hoti
    (unkeyed,) = find_handovers(run.timeline, flow_names(run.lesson))
    assert unkeyed.phase("home-registration") is None
    assert main(["handovers", "ipsec-home-agent"]) == 0
    assert "home registration (BU → BA)" in capsys.readouterr().out
