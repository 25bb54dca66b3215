"""ESP-protected Mobile IPv6 signalling in a capture (RFC 4303, RFC 2410, RFC 3776/4877,
RFC 6275 5.1): NULL encryption decoded as Wireshark's heuristic does, encrypted ESP shown as
what it is with what it probably carries labelled as an inference, broken ESP as broken.

The frames are built octet by octet: a BU/BA is built in the clear (with its checksum, which
ESP does not change) and its Mobility Header moved behind an ESP header and trailer.
"""

from __future__ import annotations

import json
import struct
import subprocess
from pathlib import Path

import pytest
from test_capture_frames import (
    CN,
    COA,
    HA,
    HOA,
    ethernet,
    ipv6,
    mobility_header,
    needs_tshark,
    pcap,
    tshark_fields,
    with_checksum,
    write,
)
from test_capture_replay import SECOND, ba_from_ha, bu_to_ha

from mipviz.capture.esp import read_esp
from mipviz.capture.names import MH_TYPE_NAMES
from mipviz.capture.packet import WALK, classify
from mipviz.capture.record import capture_record
from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import open_captures, survey
from mipviz.cli import main

ESP = 50
NULL_HEURISTIC = ("-o", "esp.enable_null_encryption_decode_heuristic:TRUE")


def esp(next_header: int, payload: bytes, spi: int = 0x1000, sequence: int = 1,
        icv: int = 12, block: int = 4) -> bytes:
    """RFC 4303 2: SPI, Sequence Number, payload, default padding 1, 2, 3, ..., Pad Length,
    Next Header, then an ICV of ``icv`` octets (its value is not checked by anyone here)."""
    padding = (-(len(payload) + 2)) % block
    return (struct.pack("!II", spi, sequence) + payload + bytes(range(1, padding + 1))
            + bytes([padding, next_header]) + b"\xaa" * icv)


def _behind_esp(packet: bytes, spi: int, sequence: int, icv: int) -> bytes:
    """``IPv6 | 24-octet HAO or RH2 | MH`` -> ``IPv6 | HAO or RH2 | ESP | MH`` (transport mode)."""
    header = bytearray(packet[40:64])
    header[0] = ESP
    payload = bytes(header) + esp(135, packet[64:], spi, sequence, icv)
    return packet[:4] + struct.pack("!H", len(payload)) + packet[6:40] + payload


def esp_bu(sequence: int, lifetime: int = 105, icv: int = 12, esp_sequence: int = 1) -> bytes:
    return _behind_esp(bu_to_ha(sequence, lifetime), 0x1000, esp_sequence, icv)


def esp_ba(sequence: int, icv: int = 12, esp_sequence: int = 1) -> bytes:
    return _behind_esp(ba_from_ha(sequence), 0x2000, esp_sequence, icv)


def encrypted(packet: bytes, fill: int = 0x5A) -> bytes:
    """The same packet with everything after the ESP header replaced (as a cipher would)."""
    return packet[:72] + bytes([fill]) * (len(packet) - 72)


def esp_tunnel_hoti() -> bytes:
    """RFC 6275 5.2.5 / RFC 3776 3.2: a HoTI (HoA -> CN) in an ESP tunnel CoA -> HA."""
    hoti = with_checksum(ipv6(HOA, CN, 135, mobility_header(1, bytes(2) + b"\x11" * 8)))
    return ipv6(COA, HA, ESP, esp(41, hoti, 0x3000, 5))


def _steps(tmp_path: Path, frames: list[bytes], name: str = "esp.pcap") -> list:
    path = write(tmp_path, name, pcap([(i * SECOND, ethernet(f)) for i, f in enumerate(frames)]))
    return list(observe(survey(open_captures([path]))))


# -- the ESP header and the NULL heuristic --------------------------------------------------------


@pytest.mark.parametrize("icv", [12, 16, 24, 32, 0])
def test_null_encryption_found_for_each_icv_length(icv: int) -> None:
    packet = esp_bu(7, icv=icv)
    found = read_esp(packet, 64, len(packet), 0)
    assert (found.spi, found.sequence, found.next_header, found.icv_length) == (
        0x1000, 1, 135, icv)
    assert found.payload_end == 64 + 8 + len(bu_to_ha(7)) - 64


def test_encrypted_payload_is_not_taken_for_null_encryption() -> None:
    packet = encrypted(esp_bu(7))
    found = read_esp(packet, 64, len(packet), 0)
    assert (found.spi, found.sequence, found.null_encryption) == (0x1000, 1, False)


def test_esp_is_walked_in_pass_one() -> None:
    """An ESP packet may hold NULL-encrypted signalling: the index must not skip it."""
    assert classify(1, ethernet(ipv6(COA, HA, ESP, esp(135, b"\x3b\x00" + bytes(6)))))[0] == WALK


# -- NULL encryption: decoded like any other message ----------------------------------------------


def test_null_encrypted_binding_update_and_acknowledgement(tmp_path: Path) -> None:
    steps = _steps(tmp_path, [esp_bu(7), esp_ba(7, icv=16)])
    bu, ba = steps
    assert bu.summary == ("Binding Update seq 7 A H lifetime 420s "
                          "(ESP SPI 0x00001000 seq 1, NULL encryption)")
    assert ba.summary.startswith("Binding Acknowledgement status 0")
    assert ba.summary.endswith("(ESP SPI 0x00002000 seq 1, NULL encryption)")
    assert (bu.mh, ba.mh) == ("Binding Update", "Binding Acknowledgement")
    assert (bu.checksum_ok, ba.checksum_ok) == (True, True)
    assert bu.problems == [] and ba.problems == []
    assert (bu.tx, bu.rx, ba.tx, ba.rx) == ("MN", "HA", "HA", "MN")
    record = capture_record(bu)
    assert (record["hao"], record["mh"], record["tunnel"]) == (HOA, "Binding Update", 0)


def test_roles_and_bindings_from_null_encrypted_signalling(tmp_path: Path) -> None:
    path = write(tmp_path, "esp.pcap", pcap([
        (0, ethernet(esp_bu(7))), (SECOND, ethernet(esp_ba(7, esp_sequence=1))),
        (2 * SECOND, ethernet(esp_bu(8, lifetime=0, esp_sequence=2)))]))
    found = survey(open_captures([path]))
    nodes = found.roles.nodes
    assert {name: node.role for name, node in nodes.items()} == {
        "MN": "mobile-node", "HA": "home-agent"}
    steps = list(observe(found))
    assert any("HA: binding cache add 2001:db8:1::100 -> 2001:db8:2::100" in str(event)
               for event in steps[1].events)
    timeline = build_timeline([path])
    assert len(timeline.state_at("HA", 2).binding_cache) == 1
    assert any("BU seq 8" in str(event) for event in steps[2].events)


def test_null_encrypted_tunnel_mode_home_test_init(tmp_path: Path) -> None:
    (step,) = _steps(tmp_path, [esp_tunnel_hoti()])
    assert step.summary == ("ESP tunnel: Home Test Init (ESP SPI 0x00003000 seq 5, "
                            "NULL encryption)")
    assert step.mh == "Home Test Init" and step.checksum_ok is True
    record = capture_record(step)
    assert (record["tunnel"], record["inner_src"], record["inner_dst"]) == (1, HOA, CN)


# -- encrypted: what it is, and what it probably is -----------------------------------------------


def test_encrypted_binding_update_is_an_inference_not_an_error(tmp_path: Path) -> None:
    bu, ba = _steps(tmp_path, [encrypted(esp_bu(7)), encrypted(esp_ba(7), 0x33)])
    assert bu.summary == ("ESP SPI 0x00001000 seq 1 (encrypted), probably a Binding Update, "
                          "ESP-protected (inferred)")
    assert ba.summary == ("ESP SPI 0x00002000 seq 1 (encrypted), probably a Binding "
                          "Acknowledgement, ESP-protected (inferred)")
    assert bu.problems == [] and ba.problems == []
    assert bu.mh is None and bu.checksum_ok is None
    (note,) = [str(event) for event in bu.events]
    assert "contents encrypted: the message inside cannot be read" in note
    assert "an inference, not a decode" in note
    assert (bu.tx, bu.rx) == ("MN", "HA")


def test_encrypted_esp_without_mobility_shape_says_only_what_it_is(tmp_path: Path) -> None:
    (step,) = _steps(tmp_path, [ipv6(CN, HOA, ESP, struct.pack("!II", 0xBEEF, 9) + bytes(40))])
    assert step.summary == "ESP SPI 0x0000beef seq 9 (encrypted)"
    assert step.problems == []


def test_cut_short_and_snapshot_truncated_esp(tmp_path: Path) -> None:
    short = esp_bu(7)[:68]
    snapshot = esp_bu(7)
    path = write(tmp_path, "cut.pcap", pcap([ethernet(short)]))
    (step,) = list(observe(survey(open_captures([path]))))
    assert step.summary == "ESP (header cut short)"
    assert "RFC 4303 2: ESP header cut short (4 of 8 octets)" in step.problems
    # a snapshot length of 100 keeps the ESP header but not the trailer: not malformed
    frame = ethernet(snapshot)
    header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 100, 1)
    path = write(tmp_path, "snap.pcap", header + struct.pack("<IIII", 0, 0, 100, len(frame))
                 + frame[:100])
    (step,) = list(observe(survey(open_captures([path]))))
    assert step.summary.startswith("ESP SPI 0x00001000 seq 1 (encrypted)")
    assert not any("ESP" in problem for problem in step.problems)
    assert any("cannot be read" in str(event) for event in step.events)


# -- tshark agrees on what is inside --------------------------------------------------------------

# (frame, why mipviz and tshark differ on ``mh``)
TSHARK_DIFFERENCES = {
    4: "NULL encryption with no ICV (NULL integrity, which RFC 4303 3.2 forbids but labs "
       "configure): mipviz tries ICV length 0, tshark 4.0 tries only 12, 16, 24 and 32",
}


@needs_tshark
def test_dump_agrees_with_tshark_null_heuristic(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    frames = [esp_bu(7), esp_ba(7), esp_bu(8, icv=16), esp_bu(9, icv=0), encrypted(esp_bu(10)),
              esp_tunnel_hoti()]
    path = write(tmp_path, "esp.pcap", pcap([(i, ethernet(f)) for i, f in enumerate(frames)]))
    command = ["tshark", "-r", str(path), *NULL_HEURISTIC, "-T", "fields", "-E",
               "occurrence=l", "-e", "mip6.mhtype", "-e", "esp.spi", "-e", "esp.sequence"]
    rows = [line.split("\t") for line in subprocess.run(
        command, capture_output=True, text=True, check=True).stdout.splitlines()]
    assert main(["dump", str(path), "--format", "jsonl"]) == 0
    ours = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(ours) == len(rows) == len(frames)
    differences = []
    for number, (mine, (mh_type, spi, sequence)) in enumerate(zip(ours, rows, strict=True), 1):
        theirs = MH_TYPE_NAMES[int(mh_type)] if mh_type else None
        if (mine["mh"] != theirs) != (number in TSHARK_DIFFERENCES):
            differences.append(f"frame {number}: mipviz {mine['mh']!r}, tshark {theirs!r}")
        # the summary names the SPI and sequence number as tshark's esp.spi/esp.sequence
        assert f"ESP SPI 0x{int(spi, 16):08x} seq {sequence}" in mine["summary"]
    assert differences == []


@needs_tshark
def test_builders_make_what_tshark_reads(tmp_path: Path) -> None:
    path = write(tmp_path, "esp.pcap", pcap([ethernet(esp_bu(7)), ethernet(esp_tunnel_hoti()),
                                             ethernet(encrypted(esp_bu(7)))]))
    assert tshark_fields(path, "frame.protocols") == [
        ["eth:ethertype:ipv6:ipv6.dstopts:esp"], ["eth:ethertype:ipv6:esp"],
        ["eth:ethertype:ipv6:ipv6.dstopts:esp"]]
    command = ["tshark", "-r", str(path), *NULL_HEURISTIC, "-T", "fields",
               "-e", "frame.protocols", "-e", "mip6.mhtype", "-e", "_ws.expert"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert output.splitlines()[:2] == [
        "eth:ethertype:ipv6:ipv6.dstopts:esp:mipv6\t5\t",
        "eth:ethertype:ipv6:esp:ipv6:mipv6\t1\t"]
