"""PMIPv6 signalling over an IPv4 transport network, UDP port 5436 (RFC 5844 4).

Both encapsulations are read: the RFC's (``IPv4 | UDP | IPv6 | MH``) and the one Wireshark
dissects on port 5436 (``IPv4 | UDP | MH``). IPv4 addresses appear as IPv4-mapped IPv6
addresses (RFC 4291 2.5.5.2).
"""

from __future__ import annotations

import ipaddress
import json
import struct
from pathlib import Path

import pytest
from test_capture_frames import (
    LMA,
    MAG,
    address,
    ethernet,
    needs_tshark,
    pcap,
    tshark_fields,
    write,
)
from test_capture_replay import SECOND, _pba, _pbu

from mipviz.capture.names import MH_TYPE_NAMES
from mipviz.capture.packet import SKIP, WALK, classify
from mipviz.capture.record import capture_record
from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import open_captures, survey
from mipviz.cli import main
from mipviz.wire.checksum import ones_complement_sum

MAG4, LMA4 = "192.0.2.1", "198.51.100.1"
PORT = 5436


def ipv4(source: str, destination: str, protocol: int, payload: bytes, ttl: int = 64) -> bytes:
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, ttl, protocol,
                         0, ipaddress.IPv4Address(source).packed,
                         ipaddress.IPv4Address(destination).packed)
    checksum = ~ones_complement_sum(header) & 0xFFFF
    return header[:10] + struct.pack("!H", checksum) + header[12:] + payload


def udp(source: str, destination: str, payload: bytes, port: int = PORT,
        checksum: bool = True) -> bytes:
    """RFC 768, checksummed over the IPv4 pseudo-header."""
    length = 8 + len(payload)
    header = struct.pack("!HHHH", port, port, length, 0)
    if checksum:
        pseudo = (ipaddress.IPv4Address(source).packed + ipaddress.IPv4Address(destination).packed
                  + struct.pack("!BBH", 0, 17, length))
        value = ~ones_complement_sum(pseudo + header + payload) & 0xFFFF or 0xFFFF
        header = header[:6] + struct.pack("!H", value)
    return header + payload


def over_ipv4(packet: bytes, source: str, destination: str, inner_ipv6: bool) -> bytes:
    """An Ethernet frame: IPv4 | UDP 5436 | the IPv6 packet (RFC 5844) or its MH alone."""
    payload = packet if inner_ipv6 else packet[40:]
    return ethernet(ipv4(source, destination, 17, udp(source, destination, payload)),
                    ethertype=0x0800)


def pbu4(sequence: int, inner_ipv6: bool = False) -> bytes:
    return over_ipv4(_pbu(sequence), MAG4, LMA4, inner_ipv6)


def pba4(sequence: int, inner_ipv6: bool = False) -> bytes:
    return over_ipv4(_pba(sequence), LMA4, MAG4, inner_ipv6)


def _mapped(text: str) -> str:
    return f"::ffff:{text}"


def _survey(tmp_path: Path, frames: list[bytes], name: str = "pmip4.pcap"):
    path = write(tmp_path, name, pcap([(i * SECOND, f) for i, f in enumerate(frames)]))
    return path, survey(open_captures([path]))


def test_classify_walks_only_port_5436() -> None:
    assert classify(1, pbu4(1)) == (WALK, -1)
    other = ethernet(ipv4(MAG4, LMA4, 17, udp(MAG4, LMA4, b"x" * 12, port=53)),
                     ethertype=0x0800)
    assert classify(1, other) == (SKIP, -1)


def test_proxy_binding_update_in_udp_has_lma_and_mag_roles(tmp_path: Path) -> None:
    path, found = _survey(tmp_path, [pbu4(1), pba4(1)])
    roles = {node.role: node for node in found.roles.nodes.values()}
    assert roles["local-mobility-anchor"].addresses == [address(_mapped(LMA4))]
    assert roles["mobile-access-gateway"].addresses == [address(_mapped(MAG4))]
    assert roles["mobile-node"].identifier == "mn1@example.net"
    pbu, pba = list(observe(found))
    assert pbu.summary == "IPv4 UDP 5436 → 5436: Proxy Binding Update seq 1 A P lifetime 900s"
    assert pba.summary.startswith("IPv4 UDP 5436 → 5436: Proxy Binding Acknowledgement status 0")
    assert (pbu.tx, pbu.rx, pba.tx, pba.rx) == ("MAG", "LMA", "LMA", "MAG")
    assert pbu.mh == "Binding Update"  # Wireshark names the MH type, not the P flag
    assert pbu.checksum_ok is None  # no IPv6 pseudo-header for an MH straight in UDP
    assert not any("checksum" in problem for problem in pbu.problems)
    record = capture_record(pbu)
    assert (record["src"], record["dst"], record["tunnel"]) == (
        _mapped(MAG4), _mapped(LMA4), 0)
    assert any("LMA: binding cache add MN (NAI mn1@example.net)" in str(event)
               for event in pba.events)
    entry = build_timeline([path]).state_at("LMA", 2).binding_cache[0]
    assert entry.prefixes == ("2001:db8:5::/64",)


def test_rfc_5844_form_carries_the_ipv6_packet(tmp_path: Path) -> None:
    _, found = _survey(tmp_path, [pbu4(1, inner_ipv6=True), pba4(1, inner_ipv6=True)])
    nodes = {node.role: node for node in found.roles.nodes.values()}
    # the IPv4 and the IPv6 address of each end are one node (RFC 5844 4)
    assert sorted(nodes["mobile-access-gateway"].addresses) == sorted(
        [address(_mapped(MAG4)), address(MAG)])
    assert sorted(nodes["local-mobility-anchor"].addresses) == sorted(
        [address(_mapped(LMA4)), address(LMA)])
    pbu, _ = list(observe(found))
    assert pbu.summary == "IPv4 UDP 5436 → 5436: Proxy Binding Update seq 1 A P lifetime 900s"
    assert pbu.checksum_ok is True
    record = capture_record(pbu)
    assert (record["tunnel"], record["inner_src"], record["inner_dst"]) == (1, MAG, LMA)


def test_broken_udp_is_shown_as_what_it_is(tmp_path: Path) -> None:
    good = pbu4(1)
    cut = good[: 14 + 20 + 5]
    cut = cut[:16] + struct.pack("!H", 25) + cut[18:]  # IPv4 Total Length: 5 octets of UDP
    bad_checksum = bytearray(good)
    bad_checksum[14 + 20 + 6] ^= 0xFF
    other = ethernet(ipv4(MAG4, LMA4, 17, udp(MAG4, LMA4, b"x" * 12, port=53)),
                     ethertype=0x0800)
    _, found = _survey(tmp_path, [cut, bytes(bad_checksum), other])
    short, wrong, plain = list(observe(found))
    assert "RFC 768: UDP header cut short (5 of 8 octets)" in short.problems
    assert short.summary.startswith("IPv4 UDP 5436 → 5436: ")
    assert any(p.startswith("RFC 768: UDP checksum 0x") for p in wrong.problems)
    assert wrong.summary.endswith("Proxy Binding Update seq 1 A P lifetime 900s")
    assert plain.summary == "IPv4" and plain.problems == []


# (frame, why mipviz and tshark differ on ``mh``)
TSHARK_DIFFERENCES = {
    3: "RFC 5844 4 carries the IPv6 packet in the UDP payload; Wireshark reads port 5436's "
       "payload as a Mobility Header directly, so it takes the IPv6 header for one (type 0)",
}


@needs_tshark
def test_dump_agrees_with_tshark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frames = [pbu4(1), pba4(1), pbu4(2, inner_ipv6=True)]
    path = write(tmp_path, "pmip4.pcap", pcap([(i, f) for i, f in enumerate(frames)]))
    rows = tshark_fields(path, "mip6.mhtype", "ip.src", "udp.dstport")
    assert main(["dump", str(path), "--format", "jsonl"]) == 0
    ours = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    differences = []
    for number, (mine, (mh_type, source, port)) in enumerate(zip(ours, rows, strict=True), 1):
        theirs = MH_TYPE_NAMES[int(mh_type)] if mh_type else None
        if (mine["mh"] != theirs) != (number in TSHARK_DIFFERENCES):
            differences.append(f"frame {number}: mipviz {mine['mh']!r}, tshark {theirs!r}")
        assert mine["src"] == _mapped(source) and port == str(PORT)
    assert differences == []


def test_the_same_ipv4_packet_on_two_links_counts_once(tmp_path: Path) -> None:
    """A PBU captured on both sides of a router is one message, not a repeated sequence."""
    from test_capture_frames import pcapng

    path = write(tmp_path, "two.pcapng", pcapng([(1, "a"), (1, "b")], [
        (0, 0, pbu4(1), None), (1, 10, pbu4(1), None),
        (0, 1000, pba4(1), None), (1, 1010, pba4(1), None)]))
    steps = list(observe(survey(open_captures([path]))))
    assert not any("not increased" in problem for step in steps for problem in step.problems)
    assert sum("proxy registration" in str(event) for step in steps
               for event in step.events) == 1
