"""`mipviz export -o X.pcapng`: one interface per link, each frame on its link's interface
with what the nodes did as its comment, read back by tshark (Wireshark's dissector), by the
capture reader and by `mipviz dump`; the classic pcap export unchanged, octet for octet.

tshark must be installed (CI installs it): these tests fail, not skip, without it.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from mipviz import cli, wire
from mipviz.capture.reader import open_capture, read_records
from mipviz.capture.replay import build_timeline
from mipviz.commands.export import capture_format, capture_links, write_captures
from mipviz.lesson.runner import LessonRun
from mipviz.wire.pcapng import LinkInterface, write_pcapng_records
from tests.conftest import bundled_lesson_ids, lesson_run

TSHARK = shutil.which("tshark")


def _tshark(*args: str) -> str:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    # errors="replace": tshark's expert summary cuts a long comment at a fixed octet count,
    # sometimes inside a UTF-8 sequence (the "→" of our comments).
    return subprocess.run([TSHARK, *args], capture_output=True, check=True, encoding="utf-8",
                          errors="replace").stdout


def _frames(run: LessonRun) -> list:  # type: ignore[type-arg]
    return [step for step in run.timeline if step.frame_bytes is not None]


@pytest.fixture(scope="module", params=bundled_lesson_ids())
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[LessonRun, Path]:
    run = lesson_run(request.param)
    path = tmp_path_factory.mktemp(request.param) / "lesson.pcapng"
    assert write_captures(run, [(path, "pcapng")]) == len(_frames(run))
    return run, path


# -- tshark ------------------------------------------------------------------------------------


def test_tshark_finds_no_malformed_packet_and_no_expert_item(
        exported: tuple[LessonRun, Path]) -> None:
    """The standard of tests/test_export_tshark.py: nothing at Note, Warn or Error (a
    packet comment is an expert item of its own, "Comment", below Note: those are ours)."""
    run, path = exported
    # The export holds one copy of an ESP packet per link it crosses: Wireshark's ESP sequence
    # analysis would call the later copies repeats (as in tests/test_export_tshark.py).
    expert = _tshark("-r", str(path), "-o", "esp.do_esp_sequence_analysis:FALSE", "-q", "-z",
                     "expert,note")
    bad = [line for line in expert.splitlines()
           if any(word in line for word in ("Error", "Warn", "Note", "Malformed"))]
    assert bad == [], expert
    comments = _tshark("-r", str(path), "-q", "-z", "expert,comment")
    assert comments.count("Comment") >= len(_frames(run))  # one per frame, and the heading


def test_tshark_shows_each_frame_on_its_link_with_its_notes(
        exported: tuple[LessonRun, Path]) -> None:
    run, path = exported
    rows = _tshark("-r", str(path), "-T", "fields", "-E", "separator=|", "-e",
                   "frame.interface_id", "-e", "frame.interface_name", "-e",
                   "frame.interface_description", "-e", "frame.time_epoch",
                   "-e", "frame.comment").splitlines()
    frames = _frames(run)
    assert len(rows) == len(frames)
    prefixes = {link.name: link.prefix for link in run.lesson.topology.links}
    order = [link.name for link in run.lesson.topology.links]
    total = len(run.timeline)
    for row, step in zip(rows, frames, strict=True):
        interface, name, description, epoch, comment = row.split("|", 4)  # "|" in notes
        assert name == step.link, step.index
        assert int(interface) == order.index(step.link)
        assert description == f"mipviz link {step.link}: {prefixes[step.link]}"
        # tshark shows the comment's newlines as the two characters \n
        lines = comment.split("\\n")
        assert lines[0].startswith(f"Step {step.index}/{total} on {step.link}: "), lines[0]
        assert lines[1:] == ([str(event) for event in step.events] if step.events
                             else ["(no node noted anything about this frame)"])
        assert round(float(epoch) * 1_000_000) == step.time  # the engine's µs


def test_capinfos_counts_each_links_frames_on_its_interface(tmp_path: Path) -> None:
    """capinfos (wireshark-common, installed with tshark) reads the Section Header and every
    Interface Description Block: the application, each link's name, description and
    microsecond resolution, and as many packets on each as the engine sent over that link."""
    capinfos = shutil.which("capinfos")
    assert capinfos is not None, "capinfos comes with tshark (wireshark-common)"
    run = lesson_run("route-optimisation")
    path = tmp_path / "ro.pcapng"
    write_captures(run, [(path, "pcapng")])
    text = subprocess.run([capinfos, str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "Capture application: mipviz, lesson route-optimisation" in text
    assert "Number of interfaces in file: 4" in text
    blocks = text.split("Interface #")[1:]
    for number, (block, link) in enumerate(zip(blocks, run.lesson.topology.links,
                                               strict=True)):
        assert block.startswith(f"{number} info:")
        assert f"Name = {link.name}\n" in block
        assert f"Description = mipviz link {link.name}: {link.prefix}\n" in block
        assert "Time precision = microseconds (6)" in block
        crossed = sum(1 for step in _frames(run) if step.link == link.name)
        assert f"Number of packets = {crossed}\n" in block


# -- the file's blocks -------------------------------------------------------------------------


def test_the_reader_gets_every_interface_name_description_and_prefix(tmp_path: Path) -> None:
    run = lesson_run("network-mobility")
    path = tmp_path / "nemo.pcapng"
    write_captures(run, [(path, "pcapng")])
    info = open_capture(path)
    assert info.format == "pcapng"
    assert [(i.name, i.prefixes, i.ticks_per_second) for i in info.interfaces] == [
        (link.name, (link.prefix,), 1_000_000) for link in run.lesson.topology.links]
    assert info.interfaces[0].description == "mipviz link home: 2001:db8:1::/64"
    frames = _frames(run)
    records = list(read_records(path))
    assert len(records) == len(frames)
    for record, step in zip(records, frames, strict=True):
        assert record.problem is None
        assert info.interfaces[record.interface].name == step.link
        assert record.time == step.time and record.data == step.frame_bytes
        assert record.comment is not None and record.comment.startswith(f"Step {step.index}/")


def _blocks(data: bytes) -> list[tuple[int, bytes]]:
    """(block type, body) of each block; every length a multiple of 4, said twice."""
    offset, blocks = 0, []
    while offset < len(data):
        kind, length = struct.unpack_from("<II", data, offset)
        assert length % 4 == 0
        assert struct.unpack_from("<I", data, offset + length - 4)[0] == length
        blocks.append((kind, data[offset + 8:offset + length - 4]))
        offset += length
    assert offset == len(data)
    return blocks


def test_blocks_are_padded_and_their_lengths_agree() -> None:
    import io

    out = io.BytesIO()
    write_pcapng_records(out, [LinkInterface("a", ("2001:db8:1::/64",)), LinkInterface("bb")],
                         [(1_500_000, 1, b"\x01\x02\x03", "é"), (2**33, 0, b"", None)])
    blocks = _blocks(out.getvalue())
    assert [kind for kind, _ in blocks] == [0x0A0D0D0A, 1, 1, 6, 6]
    first = blocks[3][1]
    assert struct.unpack_from("<IIIII", first) == (1, 0, 1_500_000, 3, 3)
    assert first[20:24] == b"\x01\x02\x03\x00"  # the frame, padded to 32 bits
    assert first[24:28] == struct.pack("<HH", 1, 2) and first[28:30] == "é".encode()
    assert first[-4:] == b"\x00\x00\x00\x00"  # opt_endofopt
    high, low = struct.unpack_from("<II", blocks[4][1], 4)
    assert (high << 32) | low == 2**33
    assert len(blocks[4][1]) == 20  # no frame, no comment: no options at all
    idb = blocks[1][1]
    assert struct.pack("<HH", 5, 17) + bytes.fromhex("20010db8000100000000000000000000") + \
        b"\x40" in idb  # if_IPv6addr 2001:db8:1::/64
    assert struct.pack("<HHB", 9, 1, 6) in idb  # if_tsresol: microseconds


def test_a_comment_longer_than_an_option_is_cut_at_a_character() -> None:
    import io

    out = io.BytesIO()
    write_pcapng_records(out, [LinkInterface("a")], [(0, 0, b"x", "あ" * 30_000)])
    body = _blocks(out.getvalue())[2][1]
    code, length = struct.unpack_from("<HH", body, 24)
    value = body[28:28 + length].decode("utf-8")  # whole characters only
    assert code == 1 and 0xFFFF - 3 <= length <= 0xFFFF
    assert value.endswith(" …") and value[:-2] == "あ" * (len(value) - 2)


def test_bad_records_are_refused() -> None:
    import io

    with pytest.raises(ValueError, match="interface 2 names no link"):
        write_pcapng_records(io.BytesIO(), [LinkInterface("a")], [(0, 2, b"", None)])
    with pytest.raises(ValueError, match="time -1"):
        write_pcapng_records(io.BytesIO(), [LinkInterface("a")], [(-1, 0, b"", None)])


# -- the command ------------------------------------------------------------------------------


def test_the_name_or_the_flag_chooses_the_format() -> None:
    assert capture_format("x.pcapng") == "pcapng"
    assert capture_format("X.PCAPNG") == "pcapng"
    assert capture_format("x.pcap") == "pcap"
    assert capture_format("x.cap") == "pcap"
    assert capture_format("x.pcap", "pcapng") == "pcapng"
    assert capture_format("x.pcapng", "pcap") == "pcap"


def test_the_pcap_export_is_unchanged_octet_for_octet(tmp_path: Path) -> None:
    """`-o X.pcap` (and `--format pcap` whatever the name) writes what the classic writer
    writes: magic a1b2c3d4, link type 1, the frames, nothing else."""
    run = lesson_run("route-optimisation")
    reference = tmp_path / "reference.pcap"
    wire.write_pcap(reference, [(s.time, s.frame_bytes) for s in _frames(run)])
    named, flagged = tmp_path / "ro.pcap", tmp_path / "ro.pcapng"
    assert cli.main(["export", "route-optimisation", "-o", str(named)]) == 0
    assert cli.main(["export", "route-optimisation", "-o", str(flagged),
                     "--format", "pcap"]) == 0
    assert named.read_bytes() == reference.read_bytes() == flagged.read_bytes()
    assert named.read_bytes()[:4] == bytes.fromhex("d4c3b2a1")
    assert struct.unpack_from("<I", named.read_bytes(), 20)[0] == 1


def test_the_pcapng_export_is_deterministic_and_says_what_it_wrote(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.pcapng", tmp_path / "b.pcapng"
    assert cli.main(["export", "route-optimisation", "-o", str(first)]) == 0
    assert f"on 4 links to {first}" in capsys.readouterr().err
    assert cli.main(["export", "route-optimisation", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[:4] == bytes.fromhex("0a0d0d0a")
    flagged = tmp_path / "c.pcap"
    assert cli.main(["export", "route-optimisation", "-o", str(flagged),
                     "--format", "pcapng"]) == 0
    assert flagged.read_bytes() == first.read_bytes()


def test_comments_follow_the_language(tmp_path: Path) -> None:
    path = tmp_path / "ja.pcapng"
    assert cli.main(["export", "home-registration", "-o", str(path), "--lang", "ja"]) == 0
    comments = [record.comment or "" for record in read_records(path)]
    assert comments[0].startswith("ステップ ")
    assert any("バインディングキャッシュ" in comment or "キャッシュ" in comment
               for comment in comments)
    english = tmp_path / "en.pcapng"
    assert cli.main(["export", "home-registration", "-o", str(english)]) == 0
    assert [r.data for r in read_records(path)] == [r.data for r in read_records(english)]


def test_pcapng_and_key_log_are_one_unit(tmp_path: Path) -> None:
    """A key log that cannot be written leaves no pcapng (issue 15: both or neither), and
    an existing pcapng is not replaced."""
    target = tmp_path / "ro.pcapng"
    target.write_bytes(b"before")
    keys = tmp_path / "missing-directory" / "keys.txt"
    assert cli.main(["export", "route-optimisation", "-o", str(target), "--keylog",
                     str(keys)]) == 1
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["ro.pcapng"]  # no temporary left
    good = tmp_path / "keys.txt"
    assert cli.main(["export", "route-optimisation", "-o", str(target), "--keylog",
                     str(good)]) == 0
    assert target.read_bytes()[:4] == bytes.fromhex("0a0d0d0a")
    assert good.read_text().startswith("CN_KEY ")


def test_a_special_file_is_refused_before_the_lesson_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "link.pcapng"
    link.symlink_to(tmp_path / "elsewhere.pcapng")
    assert cli.main(["export", "route-optimisation", "-o", str(link)]) == 1
    assert str(link) in capsys.readouterr().err
    assert not (tmp_path / "elsewhere.pcapng").exists()
    assert cli.main(["export", "route-optimisation", "-o", "/dev/null", "--format",
                     "pcapng"]) == 1
    assert "/dev/null" in capsys.readouterr().err
    assert cli.main(["export", "route-optimisation", "-o", str(tmp_path)]) == 1


def test_every_link_of_the_topology_is_an_interface_even_one_no_frame_crosses() -> None:
    run = lesson_run("nemo-modes")
    links = [link.name for link in capture_links(run)]
    assert links == [link.name for link in run.lesson.topology.links]
    crossed = {step.link for step in _frames(run)}
    assert set(links) - crossed  # ferry: no frame, still described


# -- dump --------------------------------------------------------------------------------------


def test_dump_names_each_link_and_adds_the_interface_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = lesson_run("route-optimisation")
    path = tmp_path / "ro.pcapng"
    write_captures(run, [(path, "pcapng")])
    assert cli.main(["dump", str(path)]) == 0
    text = capsys.readouterr().out
    assert "# link ro/visited: mipviz link visited: 2001:db8:2::/64\n" in text
    assert "# link ro/home: mipviz link home: 2001:db8:1::/64\n" in text
    frames = _frames(run)
    first = text.splitlines()[text.splitlines().index(next(
        line for line in text.splitlines() if line.startswith("    1 ")))]
    assert f"ro/{frames[0].link}" in first
    assert f"# Step {frames[0].index}/{len(run.timeline)} on {frames[0].link}: " in text
    assert "\\x0a" not in text  # the comment's lines are lines, not escapes
    assert cli.main(["dump", str(path), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["interface"] for r in records] == [step.link for step in frames]
    assert [r["link"] for r in records] == [f"ro/{step.link}" for step in frames]
    assert list(records[0])[:4] == ["step", "time", "link", "interface"]


def test_dump_of_a_pcap_has_no_interface_key(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ro.pcap"
    write_captures(lesson_run("home-registration"), [(path, "pcap")])
    assert cli.main(["dump", str(path), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and not any("interface" in r for r in records)


def test_the_renderer_writes_what_the_record_says(tmp_path: Path) -> None:
    from mipviz.capture.interfaces import interface_names
    from mipviz.capture.record import LineRenderer, capture_record, record_line
    from mipviz.capture.replay import observe
    from mipviz.capture.survey import open_captures, survey

    path = tmp_path / "nested.pcapng"
    write_captures(lesson_run("nested-nemo"), [(path, "pcapng")])
    captures = open_captures([path])
    found = survey(captures)
    names = interface_names(captures)
    renderer = LineRenderer(names)
    for observed in observe(found):
        assert renderer.line(observed) == record_line(
            capture_record(observed, interfaces=names)) + "\n"


def test_a_file_describing_thousands_of_links_is_read_in_bounded_time(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """5,000 interfaces, each with prefixes and a hostile name: dump and the replay's
    timeline take at most 1,000 of them, and no control character reaches the terminal."""
    import io
    import time

    frame = lesson_run("home-registration").timeline.steps[1].frame_bytes or b""
    links = [LinkInterface(f"l{n}\x1b[2J", tuple(f"2001:db8:{n:x}:{k}::/64" for k in range(3)))
             for n in range(5_000)]
    out = io.BytesIO()
    write_pcapng_records(out, links, [(n, n, frame, None) for n in range(0, 5_000, 50)])
    path = tmp_path / "many.pcapng"
    path.write_bytes(out.getvalue())
    started = time.process_time()
    assert cli.main(["dump", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.count("\n# link ") == 1_000 and "\x1b" not in text
    timeline = build_timeline([path])
    assert len(timeline.interface_links) == 1_000
    assert time.process_time() - started < 20
