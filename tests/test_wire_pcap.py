"""pcap writing (classic libpcap, deterministic, atomic) and pcap/pcapng reading."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_wire_golden import CASES

from mipviz.wire import PcapFormatError, read_pcap, write_pcap

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "captures"
FRAMES = [(1_000_000 * index + 250, wire) for index, (_, _, wire) in enumerate(CASES)]


def test_file_and_record_headers_are_exact(tmp_path: Path) -> None:
    target = tmp_path / "two.pcap"
    write_pcap(target, [(0, b"\x01\x02"), (3_000_123, b"\x03")])
    assert target.read_bytes().hex() == (
        # magic a1b2c3d4 (written little-endian), v2.4, thiszone 0, sigfigs 0,
        # snaplen 65535, linktype 1 (Ethernet)
        "d4c3b2a1" "0200" "0400" "00000000" "00000000" "ffff0000" "01000000"
        # record: 0 s, 0 µs, 2 captured, 2 on the wire
        "00000000" "00000000" "02000000" "02000000" "0102"
        # record: 3 s, 123 µs
        "03000000" "7b000000" "01000000" "01000000" "03")


def test_round_trip_and_determinism(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pcap", tmp_path / "b.pcap"
    write_pcap(first, FRAMES)
    write_pcap(second, iter(FRAMES))
    assert first.read_bytes() == second.read_bytes()
    assert [(t, data) for t, _, data in read_pcap(first)] == FRAMES
    assert {linktype for _, linktype, _ in read_pcap(first)} == {1}


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.pcap"
    target.write_bytes(b"previous")

    def records() -> Iterator[tuple[int, bytes]]:
        yield 0, b"\x00"
        raise RuntimeError("engine failed mid-run")

    with pytest.raises(RuntimeError):
        write_pcap(target, records())
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pcap"]
    with pytest.raises(ValueError, match="non-negative"):
        write_pcap(tmp_path / "new.pcap", [(-1, b"")])
    assert not (tmp_path / "new.pcap").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pcap"]


def test_reads_every_shared_capture() -> None:
    counts = {path.name: len(list(read_pcap(path))) for path in
              [CAPTURES / "zeek" / "mip6_bu.pcap",
               CAPTURES / "tcpdump" / "ipv6_mobility_1.pcap",
               CAPTURES / "scapy-vectors" / "scapy-inet6-uts-mip6-vectors.pcap"]}
    assert counts == {"mip6_bu.pcap": 1, "ipv6_mobility_1.pcap": 16,
                      "scapy-inet6-uts-mip6-vectors.pcap": 18}
    linktypes = {linktype for _, linktype, _ in
                 read_pcap(CAPTURES / "tcpdump" / "ipv6_mobility_1.pcap")}
    assert linktypes == {229}


def test_not_a_capture_and_truncated_records(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pcap"
    junk.write_bytes(b"this is not a capture at all")
    with pytest.raises(PcapFormatError, match="not a pcap"):
        list(read_pcap(junk))
    good = tmp_path / "good.pcap"
    write_pcap(good, FRAMES[:3])
    cut = tmp_path / "cut.pcap"
    cut.write_bytes(good.read_bytes()[:-5])
    records = []
    with pytest.raises(PcapFormatError, match="record 3 claims"):
        for record in read_pcap(cut):
            records.append(record)
    assert len(records) == 2  # the good records came out before the error


def test_reads_pcapng_written_by_tshark(tmp_path: Path) -> None:
    editcap = shutil.which("editcap") or shutil.which("tshark")
    assert editcap, "tshark (Wireshark) must be installed: CI installs it"
    classic, next_generation = tmp_path / "in.pcap", tmp_path / "out.pcapng"
    write_pcap(classic, FRAMES)
    if editcap.endswith("editcap"):
        command = [editcap, "-F", "pcapng", str(classic), str(next_generation)]
    else:
        command = [editcap, "-r", str(classic), "-F", "pcapng", "-w", str(next_generation)]
    subprocess.run(command, check=True, capture_output=True)
    assert next_generation.read_bytes()[:4] == bytes.fromhex("0a0d0d0a")
    assert [(t, data) for t, _, data in read_pcap(next_generation)] == FRAMES
