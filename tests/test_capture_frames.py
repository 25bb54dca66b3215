"""Byte builders for capture tests (IPv6, HAO, RH2, Mobility Header, ICMPv6, pcap, pcapng),
and tests that the builders make what tshark reads as intended.

No public capture of NEMO, PMIPv6, FMIPv6 or HMIPv6 signalling exists (captures/README.md),
so the replay tests build those messages octet by octet from their RFC formats here.
"""

from __future__ import annotations

import ipaddress
import shutil
import struct
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from mipviz.wire.checksum import compute_checksum, find_upper_layer_checksum

HA = "2001:db8:1::1"
HOA = "2001:db8:1::100"
COA = "2001:db8:2::100"
CN = "2001:db8:3::1"
MAG = "2001:db8:20::1"
LMA = "2001:db8:30::1"


def address(text: str) -> bytes:
    return ipaddress.IPv6Address(text).packed


def ipv6(source: str, destination: str, next_header: int, payload: bytes, hop_limit: int = 64,
         flow_label: int = 0) -> bytes:
    first = (6 << 28) | flow_label
    return (struct.pack("!IHBB", first, len(payload), next_header, hop_limit)
            + address(source) + address(destination) + payload)


def destination_options_hao(home: str, next_header: int) -> bytes:
    """RFC 6275 6.3: NH, Hdr Ext Len 2, PadN(4), HAO (type 201, length 16) at 8n+6."""
    return bytes([next_header, 2, 1, 2, 0, 0, 0xC9, 16]) + address(home)


def routing_header_type2(home: str, next_header: int) -> bytes:
    """RFC 6275 6.4: NH, Hdr Ext Len 2, Routing Type 2, Segments Left 1, reserved, address."""
    return bytes([next_header, 2, 2, 1, 0, 0, 0, 0]) + address(home)


def pad_options(options: bytes, start: int = 0) -> bytes:
    """Pad a mobility message so that its whole length is a multiple of 8 (PadN/Pad1)."""
    length = start + len(options)
    padding = (-length) % 8
    if padding == 1:
        return options + b"\x00"
    if padding:
        return options + bytes([1, padding - 2]) + bytes(padding - 2)
    return options


def mobility_header(mh_type: int, body: bytes, payload_proto: int = 59) -> bytes:
    """RFC 6275 6.1.1 common header around ``body`` (message data + options, padded)."""
    body = pad_options(body, 6)
    header_length = (6 + len(body)) // 8 - 1
    return bytes([payload_proto, header_length, mh_type, 0, 0, 0]) + body


def option(option_type: int, value: bytes) -> bytes:
    return bytes([option_type, len(value)]) + value


def binding_update(sequence: int, flags: int, lifetime: int, options: bytes = b"") -> bytes:
    return mobility_header(5, struct.pack("!HHH", sequence, flags, lifetime) + options)


def binding_acknowledgement(status: int, flags: int, sequence: int, lifetime: int,
                            options: bytes = b"") -> bytes:
    return mobility_header(6, struct.pack("!BBHH", status, flags, sequence, lifetime) + options)


def prefix_option(option_type: int, prefix: str) -> bytes:
    network = ipaddress.IPv6Network(prefix)
    return option(option_type, bytes([0, network.prefixlen]) + network.network_address.packed)


def with_checksum(packet: bytes) -> bytes:
    """Fill in the innermost upper-layer checksum with RFC 6275's pseudo-header rules."""
    found = find_upper_layer_checksum(packet)
    assert found is not None
    field = found.offset + {135: 4, 62: 4, 58: 2, 17: 6, 6: 16}[found.protocol]
    data = bytearray(packet)
    data[field : field + 2] = b"\x00\x00"
    message = bytes(data[found.offset : found.offset + found.length])
    value = compute_checksum(found.source, found.destination, found.protocol, message)
    data[field : field + 2] = value.to_bytes(2, "big")
    return bytes(data)


def ethernet(packet: bytes, vlan: int | None = None, ethertype: int = 0x86DD) -> bytes:
    header = bytes.fromhex("020000000002") + bytes.fromhex("020000000001")
    if vlan is not None:
        header += struct.pack("!HH", 0x8100, vlan)
    return header + struct.pack("!H", ethertype) + packet


def pcap(frames: Iterable[bytes | tuple[int, bytes]], linktype: int = 1,
         big_endian: bool = False, nanoseconds: bool = False) -> bytes:
    order = ">" if big_endian else "<"
    magic = 0xA1B23C4D if nanoseconds else 0xA1B2C3D4
    out = bytearray(struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, 65535, linktype))
    for index, item in enumerate(frames):
        time, frame = item if isinstance(item, tuple) else (index * 1_000_000, item)
        seconds, micro = divmod(time, 1_000_000)
        fraction = micro * 1000 if nanoseconds else micro
        out += struct.pack(order + "IIII", seconds, fraction, len(frame), len(frame)) + frame
    return bytes(out)


def _block(block_type: int, body: bytes) -> bytes:
    body += bytes((-len(body)) % 4)
    length = len(body) + 12
    return struct.pack("<II", block_type, length) + body + struct.pack("<I", length)


def _pcapng_option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + bytes((-len(value)) % 4)


def pcapng(interfaces: Sequence[tuple[int, str | None]],
           packets: Iterable[tuple[int, int, bytes, str | None]]) -> bytes:
    """A pcapng section: interfaces (link type, name); packets (interface, µs, frame, comment)."""
    out = bytearray(_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                           + _pcapng_option(1, b"made by mipviz tests") + bytes(4)))
    for linktype, name in interfaces:
        options = _pcapng_option(2, name.encode()) if name else b""
        out += _block(1, struct.pack("<HHI", linktype, 0, 0) + options + bytes(4))
    for interface, time, frame, comment in packets:
        options = (_pcapng_option(1, comment.encode()) + bytes(4)) if comment else b""
        padded = frame + bytes((-len(frame)) % 4)
        out += _block(6, struct.pack("<IIIII", interface, time >> 32, time & 0xFFFFFFFF,
                                     len(frame), len(frame)) + padded + options)
    return bytes(out)


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# -- checks that the builders make what tshark reads --------------------------------------------

needs_tshark = pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")


def tshark_fields(path: Path, *fields: str) -> list[list[str]]:
    command = ["tshark", "-r", str(path), "-T", "fields"]
    for field in fields:
        command += ["-e", field]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in output.splitlines()]


def home_registration() -> bytes:
    """A NEMO home registration: BU A|H|R seq 7, HAO, ACoA and a Mobile Network Prefix."""
    options = (bytes([1, 0]) + option(3, address(COA)) + bytes([1, 2, 0, 0])
               + prefix_option(6, "2001:db8:100::/64"))
    message = binding_update(7, 0x8000 | 0x4000 | 0x0400, 105, options)
    return with_checksum(ipv6(COA, HA, 60, destination_options_hao(HOA, 135) + message))


@needs_tshark
def test_builders_make_what_tshark_reads(tmp_path: Path) -> None:
    path = write(tmp_path, "nemo.pcap", pcap([ethernet(home_registration())]))
    rows = tshark_fields(path, "mip6.mhtype", "mip6.nemo.bu.r_flag", "mip6.nemo.mnp.mnp",
                         "ipv6.opt.mipv6.home_address", "_ws.expert")
    assert rows == [["5", "1", "2001:db8:100::", HOA, ""]]
