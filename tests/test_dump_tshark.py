"""`mipviz dump --format jsonl` agrees with tshark on ``mh``, ``hao``, ``rh2`` and ``tunnel`` for
every shared capture tshark can read, and for a lesson's own capture.

tshark's fields: ``mip6.mhtype`` (the innermost Mobility Header type), the first
``ipv6.opt.mipv6.home_address`` and ``ipv6.routing.mipv6.home_address``, and the number of
``ipv6`` layers in ``frame.protocols`` before any ICMPv6 (whose error messages quote a packet).
Where mipviz and tshark read a malformed packet differently on purpose, the difference is
listed in DISAGREEMENTS with the reason; the test fails if such a difference goes away too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_capture_frames import pcapng, write

from mipviz.capture.names import MH_TYPE_NAMES
from mipviz.capture.reader import read_records
from mipviz.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "captures"
CAPTURES = sorted(SHARED.glob("*/*.pcap")) if SHARED.is_dir() else []
FIELDS = ("frame.protocols", "mip6.mhtype", "ipv6.opt.mipv6.home_address",
          "ipv6.routing.mipv6.home_address")

# (capture name, frame, field): why mipviz and tshark differ there.
DISAGREEMENTS = {
    ("ipv6-mobility-dst-opts.pcap", 3, "hao"):
        "the Home Address option has length 1: tshark still reads 16 octets as an address, "
        "mipviz reports 'RFC 6275 6.3: Home Address option length 1, must be 16' and no HAO",
}

pytestmark = pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")


def _tshark(path: Path) -> list[dict[str, object]]:
    command = ["tshark", "-r", str(path), "-T", "fields", "-E", "separator=|",
               "-E", "occurrence=f"]
    for field in FIELDS:
        command += ["-e", field]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    rows = []
    for line in result.stdout.splitlines():
        protocols, mh_type, home, routing = line.split("|")
        layers = protocols.split(":")
        if "icmpv6" in layers:
            layers = layers[: layers.index("icmpv6")]
        count = layers.count("ipv6")
        rows.append({
            "mh": MH_TYPE_NAMES.get(int(mh_type), f"Unknown ({mh_type})") if mh_type else None,
            "hao": home or None,
            "rh2": routing or None,
            "tunnel": max(count - 1, 0),
        })
    return rows


def _dump(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["dump", *map(str, paths), "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _compare(path: Path, capsys: pytest.CaptureFixture[str],
             names: list[tuple[str, int]] | None = None) -> list[str]:
    """Differences between mipviz and tshark; ``names`` maps each frame to (capture, frame)."""
    theirs = _tshark(path)
    ours = _dump([path], capsys)
    assert len(ours) == len(theirs)
    differences = []
    for number, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        name, frame = names[number - 1] if names else (path.name, number)
        for field in ("mh", "hao", "rh2", "tunnel"):
            if (mine[field] != reference[field]) != ((name, frame, field) in DISAGREEMENTS):
                differences.append(f"{name} frame {frame} {field}: mipviz {mine[field]!r}, "
                                   f"tshark {reference[field]!r}")
    return differences


@pytest.mark.skipif(not CAPTURES, reason="shared captures not beside the clone")
def test_shared_captures_agree_with_tshark(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """All shared captures at once, as the interfaces of one pcapng (one tshark run)."""
    interfaces: list[tuple[int, str | None]] = []
    packets: list[tuple[int, int, bytes, str | None]] = []
    names: list[tuple[str, int]] = []
    for path in CAPTURES:
        records = list(read_records(path))
        interfaces.append((records[0].linktype, path.name))
        for record in records:
            if record.problem is None:
                packets.append((len(interfaces) - 1, record.time, record.data, None))
                names.append((path.name, record.number))
    merged = write(tmp_path, "shared.pcapng", pcapng(interfaces, packets))
    assert _compare(merged, capsys, names) == []


def test_lesson_capture_agrees_with_tshark(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import lesson_run

    from mipviz.wire import write_pcap

    run = lesson_run("route-optimisation")
    path = tmp_path / "route-optimisation.pcap"
    write_pcap(path, [(step.time, step.frame_bytes) for step in run.timeline
                      if step.frame_bytes is not None])
    assert _compare(path, capsys) == []
    records = _dump([path], capsys)
    assert {record["tunnel"] for record in records} == {0, 1}
    assert any(record["rh2"] for record in records) and any(record["hao"] for record in records)
