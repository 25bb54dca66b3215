"""The streaming pcap/pcapng reader and the link layers (mipviz.capture.reader, .linklayer)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from test_capture_frames import CN, HA, ethernet, ipv6, pcap, pcapng, write

from mipviz.capture.linklayer import find_ipv6, linktype_name
from mipviz.capture.packet import parse_frame
from mipviz.capture.reader import CaptureFormatError, open_capture, read_records

PACKET = ipv6(HA, CN, 59, b"")
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "captures"


@pytest.mark.parametrize("big_endian", [False, True])
@pytest.mark.parametrize("nanoseconds", [False, True])
def test_classic_pcap_both_byte_orders_and_resolutions(tmp_path: Path, big_endian: bool,
                                                         nanoseconds: bool) -> None:
    path = write(tmp_path, "a.pcap", pcap([(1_500_000, ethernet(PACKET)), (2_000_001, b"x")],
                                          big_endian=big_endian, nanoseconds=nanoseconds))
    records = list(read_records(path))
    assert [(r.number, r.time, r.linktype, r.problem) for r in records] == [
        (1, 1_500_000, 1, None), (2, 2_000_001, 1, None)]
    assert records[0].data == ethernet(PACKET)
    assert open_capture(path).format == ("pcap-ns" if nanoseconds else "pcap")


def test_pcapng_interfaces_names_and_comments(tmp_path: Path) -> None:
    path = write(tmp_path, "b.pcapng", pcapng(
        [(1, "eth0"), (229, "tun0")],
        [(0, 10, ethernet(PACKET), "first"), (1, 20, PACKET, None), (0, 30, b"", "empty")]))
    info = open_capture(path)
    assert info.format == "pcapng"
    assert [(i.linktype, i.name) for i in info.interfaces] == [(1, "eth0"), (229, "tun0")]
    records = list(read_records(path))
    assert [(r.interface, r.linktype, r.time, r.comment) for r in records] == [
        (0, 1, 10, "first"), (1, 229, 20, None), (0, 1, 30, "empty")]
    assert records[1].data == PACKET


def test_linktype_upper_bits_are_masked(tmp_path: Path) -> None:
    path = write(tmp_path, "c.pcap", pcap([PACKET], linktype=0x300000E5))
    assert [r.linktype for r in read_records(path)] == [229]


@pytest.mark.parametrize("content", [b"", b"\x00", b"not a capture at all, just text\n",
                                     bytes.fromhex("d4c3b2a1") + bytes(10)])
def test_not_a_capture_is_refused_with_a_reason(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "bad.pcap", content)
    with pytest.raises(CaptureFormatError, match=r"bad\.pcap"):
        open_capture(path)


def test_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(CaptureFormatError, match="cannot read"):
        open_capture(tmp_path / "nowhere.pcap")


def test_truncated_record_is_reported_and_reading_stops(tmp_path: Path) -> None:
    whole = pcap([ethernet(PACKET), ethernet(PACKET)])
    path = write(tmp_path, "cut.pcap", whole[:-10])
    records = list(read_records(path))
    assert records[0].problem is None
    assert "file ends" in (records[1].problem or "")
    assert len(records[1].data) == len(ethernet(PACKET)) - 10


def test_lying_record_length_stops_reading(tmp_path: Path) -> None:
    data = bytearray(pcap([PACKET, PACKET], linktype=229))
    struct.pack_into("<I", data, 24 + 8, 0x7FFFFFFF)  # captured length of record 1
    records = list(read_records(write(tmp_path, "lie.pcap", bytes(data))))
    assert len(records) == 1 and "not credible" in (records[0].problem or "")


def test_broken_pcapng_block_is_reported(tmp_path: Path) -> None:
    whole = pcapng([(1, None)], [(0, 1, ethernet(PACKET), None)])
    records = list(read_records(write(tmp_path, "cut.pcapng", whole[:-6])))
    assert records and records[-1].problem is not None


def test_reader_streams_without_reading_the_file_whole(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.pcap", pcap([ethernet(PACKET)] * 2000))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    assert sum(1 for _ in read_records(path)) == 2000


def _sll(packet: bytes) -> bytes:
    return struct.pack("!HHH8sH", 0, 1, 6, bytes(8), 0x86DD) + packet


def _sll2(packet: bytes) -> bytes:
    return struct.pack("!HHIHBB8s", 0x86DD, 0, 2, 1, 0, 6, bytes(8)) + packet


@pytest.mark.parametrize(("linktype", "frame", "offset"), [
    (1, ethernet(PACKET), 14),
    (1, ethernet(PACKET, vlan=7), 18),
    (1, bytes(12) + struct.pack("!HHHHH", 0x88A8, 3, 0x8100, 7, 0x86DD) + PACKET, 22),
    (101, PACKET, 0),
    (229, PACKET, 0),
    (113, _sll(PACKET), 16),
    (276, _sll2(PACKET), 20),
    (0, struct.pack("<I", 30) + PACKET, 4),  # Darwin AF_INET6, host (little-endian) order
    (0, struct.pack(">I", 24) + PACKET, 4),  # NetBSD AF_INET6 from a big-endian host
    (108, struct.pack(">I", 24) + PACKET, 4),
])
def test_ipv6_is_found_in_every_supported_link_type(linktype: int, frame: bytes,
                                                    offset: int) -> None:
    assert find_ipv6(linktype, frame) == (offset, None)
    view = parse_frame(linktype, frame)
    assert view.layers and view.layers[0][:2] == (PACKET[8:24], PACKET[24:40])


def test_ipv6_in_ipv4_is_followed_into() -> None:
    ipv4 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(PACKET), 0, 0, 64, 41, 0,
                       bytes(4), bytes(4)) + PACKET
    assert find_ipv6(228, ipv4) == (20, None)
    assert find_ipv6(1, ethernet(ipv4, ethertype=0x0800)) == (34, None)


def test_unknown_linktype_is_named() -> None:
    offset, note = find_ipv6(8, PACKET)
    assert offset == -1 and note is not None
    assert "link type 8 (SLIP) is not supported" in note
    assert linktype_name(4242) == "link type 4242"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared captures not beside the clone")
def test_shared_capture_with_high_linktype_bits_reads_as_raw_ipv6() -> None:
    records = list(read_records(SHARED / "tcpdump" / "ipv6-mobility-header-oobr.pcap"))
    assert [r.linktype for r in records] == [229]
