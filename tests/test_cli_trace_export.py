"""`mipviz trace` and `mipviz export` as DESIGN.md's command-line contract gives them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mipviz import wire
from mipviz.cli import main

RECORD_KEYS = {"step", "time", "link", "tx", "rx", "src", "dst", "summary", "mh", "hao", "rh2",
               "tunnel", "inner_src", "inner_dst", "checksum_ok", "problems", "events", "bytes"}


def test_trace_jsonl_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "route-optimisation", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["step"] for r in records] == list(range(1, len(records) + 1))
    for record in records:
        assert set(record) >= RECORD_KEYS, record
        assert set(record) - RECORD_KEYS <= {"narration", "home_agents_list"}
    names = {r["mh"] for r in records if r["mh"]}
    assert {"Home Test Init", "Care-of Test Init", "Home Test", "Care-of Test",
            "Binding Update", "Binding Acknowledgement", "Binding Refresh Request"} <= names
    bu_to_ha = next(r for r in records if r["mh"] == "Binding Update" and r["tunnel"] == 0
                    and r["dst"] == "2001:db8:1::1")
    assert bu_to_ha["hao"] == "2001:db8:1::100" and bu_to_ha["checksum_ok"] is True
    ba = next(r for r in records if r["mh"] == "Binding Acknowledgement")
    assert ba["rh2"] == "2001:db8:1::100" and ba["dst"] != ba["rh2"]
    hoti = next(r for r in records if r["mh"] == "Home Test Init" and r["tunnel"] == 1)
    assert hoti["inner_src"] == "2001:db8:1::100" and hoti["inner_dst"] == "2001:db8:3::1"
    assert hoti["src"] != hoti["inner_src"]
    frames = [r for r in records if r["bytes"]]
    assert all(wire.decode_frame(bytes.fromhex(r["bytes"])).problems == () for r in frames)
    assert any("Return Routability" in e for r in records for e in r["events"])


def test_trace_text_shows_narration_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "home-registration"]) == 0
    out = capsys.readouterr().out
    assert "# IPv6 gives every device its own global address" in out
    assert "Binding Update seq" in out and "HA: binding cache add 2001:db8:1::100" in out
    assert "IPv6-in-IPv6: Echo (ping) request" in out


def test_trace_japanese_narration(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "home-registration", "--lang", "ja"]) == 0
    assert "ホームリンク" in capsys.readouterr().out


def test_export_writes_pcap_and_keylog(tmp_path: Path) -> None:
    pcap, keys = tmp_path / "ro.pcap", tmp_path / "keys.txt"
    assert main(["export", "route-optimisation", "-o", str(pcap), "--keylog", str(keys)]) == 0
    frames = list(wire.read_pcap(pcap))
    assert len(frames) > 100
    lines = keys.read_text().splitlines()
    assert lines[0].startswith("CN_KEY 2001:db8:3::1 ") and len(lines[0].split()[2]) == 40
    # then each nonce, and a Kcn refreshed with a later nonce as "CN_KEY <cn> <Kcn> <index>"
    assert all(line.split()[0] in ("CN_NONCE", "CN_KEY") and len(line.split()) == 4
               for line in lines[1:])


def test_export_bad_input_exits_1_and_writes_nothing(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "no-such-lesson", "-o", str(tmp_path / "x.pcap")]) == 1
    assert "no-such-lesson" in capsys.readouterr().err
    assert not (tmp_path / "x.pcap").exists()
    missing_dir = tmp_path / "missing" / "x.pcap"
    assert main(["export", "home-registration", "-o", str(missing_dir)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_trace_of_a_broken_lesson_names_file_and_line(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format_version = 1\ntitle = "x"\ntopics = ["S99"]\n')
    assert main(["trace", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:3" in err
