"""Bytes from a capture never reach the terminal raw (issue 15).

A capture is crafted whose every string field holds what a terminal acts on: ESC, a CSI
(clear screen), an OSC (set the window title, ended by BEL), NUL, CR, LF, NEL (U+0085), a
bidirectional override (U+202E) and octets that are not UTF-8, in the PMIPv6 Mobile Node
Identifier option (RFC 4283 3), the pcapng packet comments (opt_comment) and the
interface names (if_name). ``mipviz dump`` shows them as visible escapes in text and as
JSON escapes in jsonl, one record per line.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

from test_capture_frames import (
    LMA,
    MAG,
    _block,
    _pcapng_option,
    binding_update,
    ethernet,
    ipv6,
    option,
    prefix_option,
    with_checksum,
    write,
)

REPO = Path(__file__).resolve().parents[1]
HOSTILE = ("\x1b]0;pwned\x07" "\x1b[2J" "nul\x00" "cr\r" "lf\n" "nel\x85" "rlo\u202e"
           ).encode() + b"\xff\xfe\x9b"


def _pbu(identifier: bytes) -> bytes:
    options = (option(8, b"\x01" + identifier) + prefix_option(22, "2001:db8:5::/64")
               + option(23, b"\x00\x01") + option(24, b"\x00\x04"))
    return with_checksum(ipv6(MAG, LMA, 135, binding_update(1, 0x8200, 225, options)))


def hostile_pcapng() -> bytes:
    """Two interfaces named with hostile octets, one PBU on each with a hostile comment."""
    out = bytearray(_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                           + _pcapng_option(1, HOSTILE) + bytes(4)))
    for name in (b"eth0" + HOSTILE, b"\x1b[31mred" + HOSTILE):
        out += _block(1, struct.pack("<HHI", 1, 0, 0) + _pcapng_option(2, name) + bytes(4))
    for interface in (0, 1):
        frame = ethernet(_pbu(b"mn" + HOSTILE))
        padded = frame + bytes((-len(frame)) % 4)
        options = _pcapng_option(1, b"note " + HOSTILE) + bytes(4)
        time = interface * 1_000_000
        out += _block(6, struct.pack("<IIIII", interface, time >> 32, time & 0xFFFFFFFF,
                                     len(frame), len(frame)) + padded + options)
    return bytes(out)


def _dump(path: Path, *arguments: str) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "mipviz", "dump", str(path), *arguments],
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def _controls(output: bytes) -> set[int]:
    """Octets below 0x20 other than the newline ending each line, DEL, and the C1 range
    (U+0080-U+009F, UTF-8 C2 80-C2 9F) anywhere in ``output``."""
    found = {octet for octet in output if octet < 0x20 and octet != 0x0A} | (
        {0x7F} if 0x7F in output else set())
    text = output.decode("utf-8")
    found |= {ord(c) for c in text if 0x80 <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e"}
    return found


def test_text_dump_writes_no_control_characters(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.pcapng", hostile_pcapng())
    output = _dump(path)
    assert _controls(output) == set()
    text = output.decode("utf-8")
    # the header names the MN by its identifier, escaped; the undecodable octets in hex
    assert ("mn\\x1b]0;pwned\\x07\\x1b[2Jnul\\x00cr\\x0dlf\\x0anel\\x85rlo\\u202e"
            "\\xff\\xfe\\x9b") in text
    # the comment and the interface name (the link) are escaped too
    assert "# note \\x1b]0;pwned" in text
    assert "hostile/eth0\\x1b]0;pwned" in text
    # every line is a header line, a step line or an indented note: LF inside a string
    # cannot have started a line of its own
    for line in text.splitlines():
        assert line.startswith(("#", " ")), line


def test_jsonl_dump_escapes_as_json_one_record_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, "hostile.pcapng", hostile_pcapng())
    output = _dump(path, "--format", "jsonl")
    assert _controls(output) == set()
    text = output.decode("utf-8")
    assert text.count("\n") == 2
    assert len(text.splitlines()) == 2  # str.splitlines splits at U+0085 and U+2028 too
    records = [json.loads(line) for line in text.split("\n") if line]
    assert records[0]["comment"] == "note " + HOSTILE.decode("utf-8", "backslashreplace")
    assert "\u202e" in records[0]["comment"] and "\x85" in records[0]["comment"]
    assert records[0]["link"].startswith("hostile/eth0\x1b]0;pwned\x07")
    assert "\\u202e" in text and "\\u0085" in text and "\\u001b" in text


def test_error_messages_do_not_echo_controls(tmp_path: Path) -> None:
    path = write(tmp_path, "bad\x1b]0;pwned\x07.pcap", b"not a capture at all" * 4)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "mipviz", "dump", str(path)],
                          capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 1
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr
    assert b"bad\\x1b]0;pwned\\x07.pcap" in done.stderr


def test_trace_shows_lesson_controls_escaped(tmp_path: Path) -> None:
    """A lesson's say text with an OSC title change and a CR is printed escaped by `trace`,
    in text and jsonl (where JSON escapes it and U+2028 cannot split a record)."""
    lesson = (REPO / "lessons/01-home-registration.toml").read_text(encoding="utf-8")
    assert 'say = { en = "' in lesson
    lesson = lesson.replace('say = { en = "',
                            'say = { en = "\\u001b]0;pwned\\u0007 over\\rwritten\\u2028\\u0085 ', 1)
    path = write(tmp_path, "hostile.toml", lesson.encode())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for fmt in ("text", "jsonl"):
        done = subprocess.run([sys.executable, "-m", "mipviz", "trace", str(path),
                               "--format", fmt], capture_output=True, env=env, timeout=60,
                              check=False)
        assert done.returncode == 0, done.stderr.decode()
        assert _controls(done.stdout) == set(), fmt
        assert b"pwned" in done.stdout
        if fmt == "jsonl":
            text = done.stdout.decode()
            assert len(text.splitlines()) == text.count("\n")
            assert any("\x1b]0;pwned" in str(json.loads(line).get("narration"))
                       for line in text.splitlines())


def _pcapng_with(identifier: bytes, comment: bytes, name: bytes) -> bytes:
    out = bytearray(_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + bytes(4)))
    for interface_name in (name, b"second"):
        out += _block(1, struct.pack("<HHI", 1, 0, 0) + _pcapng_option(2, interface_name)
                      + bytes(4))
    frame = ethernet(_pbu(identifier))
    padded = frame + bytes((-len(frame)) % 4)
    out += _block(6, struct.pack("<IIIII", 0, 0, 0, len(frame), len(frame)) + padded
                  + _pcapng_option(1, comment) + bytes(4))
    return bytes(out)


def test_any_octets_in_capture_strings_stay_visible(tmp_path: Path) -> None:
    """Random octets (Hypothesis) in the MN Identifier, the comment and the interface name:
    text and jsonl dumps never carry a control character, jsonl stays one record a line."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from mipviz.capture.record import LineRenderer
    from mipviz.capture.replay import Observed, observe_as
    from mipviz.capture.survey import open_captures, survey
    from mipviz.commands.dump import _text_header, _text_lines

    octets = st.binary(min_size=1, max_size=40)

    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(octets, octets, octets)
    def check(identifier: bytes, comment: bytes, name: bytes) -> None:
        path = write(tmp_path, "fuzz.pcapng", _pcapng_with(identifier, comment, name))
        found = survey(open_captures([path]))
        text = _text_header(found) + "".join(
            observe_as(found, lambda *step: _text_lines(Observed(*step)), 1, found.packets))
        lines = "".join(observe_as(found, LineRenderer().line_of, 1, found.packets))
        for output in (text, lines):
            assert _controls(output.encode("utf-8", "surrogateescape")) == set()
        assert len(lines.splitlines()) == found.packets == lines.count("\n")
        for line in lines.splitlines():
            json.loads(line)

    check()


def test_lesson_problems_before_the_ui_are_escaped(tmp_path: Path) -> None:
    """`mipviz lesson BAD.toml`: the problems go to stderr before the UI starts; a key
    holding an OSC sequence is shown escaped."""
    path = write(tmp_path, "bad.toml", b'format_version = 1\n"k\\u001b]0;pwned\\u0007" = 1\n')
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "mipviz", "lesson", str(path)],
                          capture_output=True, env=env, timeout=60, check=False,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr
    assert b"k\\x1b]0;pwned\\x07" in done.stderr
