"""Classic pcap writing and pcap/pcapng reading, in plain Python (no scapy, no wall clock).

The writer emits the libpcap format: magic 0xa1b2c3d4 (microsecond timestamps), version 2.4,
snaplen 65535, one link type for the file (1 = Ethernet), records in the order given. The
file is written to a temporary name beside the target and renamed over it only when complete,
so a failure never leaves half a file (DESIGN.md: "nothing half-written").

The reader accepts both byte orders, microsecond and nanosecond pcap, and pcapng (Section
Header, Interface Description, Enhanced/Simple/obsolete Packet blocks); timestamps come back
in microseconds. It raises :class:`PcapFormatError` when the file is not a capture at all, and
also, after every good record has been yielded, at the first record that is cut short or
makes no sense.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_IPV6 = 229
SNAPLEN = 65535
_MAXIMUM_RECORD = 256 * 1024 * 1024  # anything larger is a corrupt length, not a packet

_PCAP_MAGIC_MICROSECONDS = 0xA1B2C3D4
_PCAP_MAGIC_NANOSECONDS = 0xA1B23C4D
_PCAPNG_SECTION_HEADER = 0x0A0D0D0A
_PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D


class PcapFormatError(ValueError):
    """The file is not a readable pcap/pcapng capture, or a record in it is broken."""


def write_pcap(
    path: str | os.PathLike[str],
    records: Iterable[tuple[int, bytes]],
    linktype: int = LINKTYPE_ETHERNET,
) -> None:
    """Write ``(time in microseconds, frame octets)`` records to a classic pcap file, atomically.

    Times are virtual: the same records always give the same file, octet for octet. Raises
    ValueError for a negative time or a link type that does not fit 32 bits, and
    :class:`mipviz.safe_files.FileRefused` / ``WriteFailed`` (OSErrors naming ``path``) for
    a target that is not a regular file or cannot be written; the target is then left
    untouched. The file gets the umask's mode, as any new file.
    """
    if not 0 <= linktype <= 0xFFFFFFFF:
        raise ValueError(f"link type {linktype} does not fit 32 bits")
    from mipviz.safe_files import write_all_or_nothing

    write_all_or_nothing([(path, lambda handle: write_pcap_records(handle, records, linktype))])


def write_pcap_records(handle: BinaryIO, records: Iterable[tuple[int, bytes]],
                       linktype: int = LINKTYPE_ETHERNET) -> None:
    """The pcap file of ``records`` written to ``handle`` (see :func:`write_pcap`); for a
    caller that writes it together with another file (an export and its key log)."""
    if not 0 <= linktype <= 0xFFFFFFFF:
        raise ValueError(f"link type {linktype} does not fit 32 bits")
    handle.write(struct.pack("<IHHiIII", _PCAP_MAGIC_MICROSECONDS, 2, 4, 0, 0, SNAPLEN,
                             linktype))
    for index, (time_us, frame) in enumerate(records, start=1):
        if not isinstance(time_us, int) or time_us < 0:
            raise ValueError(f"record {index}: time {time_us!r} µs is not a "
                             "non-negative integer")
        data = bytes(frame)
        captured = data[:SNAPLEN]
        seconds, microseconds = divmod(time_us, 1_000_000)
        if seconds > 0xFFFFFFFF:
            raise ValueError(f"record {index}: time {time_us} µs is beyond 2106")
        handle.write(struct.pack("<IIII", seconds, microseconds, len(captured), len(data)))
        handle.write(captured)


def read_pcap(path: str | os.PathLike[str]) -> Iterator[tuple[int, int, bytes]]:
    """Yield ``(time in microseconds, link type, frame octets)`` for each record of a capture.

    Classic pcap and pcapng are both accepted. The link type's upper bits (the FCS length and
    flags some writers put there, e.g. 0x300000E5) are masked off: 0x300000E5 reads as 229.
    """
    data = Path(path).read_bytes()
    if len(data) < 4:
        raise PcapFormatError(f"{path}: {len(data)} octets, too short to be a capture")
    magic_little = int.from_bytes(data[:4], "little")
    if magic_little == _PCAPNG_SECTION_HEADER:
        yield from _read_pcapng(data, str(path))
    else:
        yield from _read_classic(data, str(path))


def _read_classic(data: bytes, name: str) -> Iterator[tuple[int, int, bytes]]:
    for order in ("<", ">"):
        magic = struct.unpack(order + "I", data[:4])[0]
        if magic in (_PCAP_MAGIC_MICROSECONDS, _PCAP_MAGIC_NANOSECONDS):
            break
    else:
        raise PcapFormatError(f"{name}: not a pcap or pcapng file (magic {data[:4].hex()})")
    if len(data) < 24:
        raise PcapFormatError(f"{name}: pcap file header truncated ({len(data)} of 24 octets)")
    linktype = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    divisor = 1000 if magic == _PCAP_MAGIC_NANOSECONDS else 1
    offset, index = 24, 0
    while offset < len(data):
        index += 1
        if offset + 16 > len(data):
            raise PcapFormatError(f"{name}: record {index} header truncated at offset {offset}")
        seconds, fraction, captured, _original = struct.unpack(
            order + "IIII", data[offset : offset + 16])
        offset += 16
        if captured > _MAXIMUM_RECORD:
            raise PcapFormatError(f"{name}: record {index} claims {captured} octets")
        if offset + captured > len(data):
            raise PcapFormatError(
                f"{name}: record {index} claims {captured} octets but only "
                f"{len(data) - offset} remain")
        yield seconds * 1_000_000 + fraction // divisor, linktype, data[offset : offset + captured]
        offset += captured


def _read_pcapng(data: bytes, name: str) -> Iterator[tuple[int, int, bytes]]:
    """pcapng (draft-ietf-opsawg-pcapng): sections, interfaces and packet blocks."""
    offset, order = 0, "<"
    interfaces: list[tuple[int, int, int]] = []  # (link type, units per second, snaplen)
    index = 0
    while offset < len(data):
        if offset + 12 > len(data):
            raise PcapFormatError(f"{name}: pcapng block truncated at offset {offset}")
        block_type = struct.unpack(order + "I", data[offset : offset + 4])[0]
        if block_type == _PCAPNG_SECTION_HEADER:
            byte_order_magic = data[offset + 8 : offset + 12]
            if byte_order_magic == _PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "little"):
                order = "<"
            elif byte_order_magic == _PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "big"):
                order = ">"
            else:
                raise PcapFormatError(f"{name}: pcapng section header with a bad byte-order "
                                      "magic")
            interfaces = []
        length = struct.unpack(order + "I", data[offset + 4 : offset + 8])[0]
        if length < 12 or length % 4 or offset + length > len(data):
            raise PcapFormatError(f"{name}: pcapng block of length {length} at offset {offset}")
        body = data[offset + 8 : offset + length - 4]
        if block_type == 1:  # Interface Description Block
            if len(body) < 8:
                raise PcapFormatError(f"{name}: pcapng interface block too short")
            linktype, _reserved, snaplen = struct.unpack(order + "HHI", body[:8])
            interfaces.append((linktype, _timestamp_units(body[8:], order), snaplen))
        elif block_type in (6, 3, 2):  # Enhanced, Simple, obsolete Packet Block
            index += 1
            yield _pcapng_packet(block_type, body, order, interfaces, name, index)
        offset += length


def _pcapng_packet(
    block_type: int, body: bytes, order: str, interfaces: list[tuple[int, int, int]],
    name: str, index: int,
) -> tuple[int, int, bytes]:
    if block_type == 3:  # Simple Packet Block: interface 0, no timestamp
        if not interfaces or len(body) < 4:
            raise PcapFormatError(f"{name}: packet {index}: simple packet block without "
                                  "interface")
        original = struct.unpack(order + "I", body[:4])[0]
        captured = min(original, interfaces[0][2] or original, len(body) - 4)
        return 0, interfaces[0][0] & 0x0FFFFFFF, body[4 : 4 + captured]
    if len(body) < 20:
        raise PcapFormatError(f"{name}: packet {index}: packet block too short")
    if block_type == 6:
        interface, high, low, captured, _original = struct.unpack(order + "IIIII", body[:20])
    else:
        interface, _drops, high, low, captured, _original = struct.unpack(
            order + "HHIIII", body[:20])
    if interface >= len(interfaces):
        raise PcapFormatError(f"{name}: packet {index} names interface {interface}, "
                              f"only {len(interfaces)} described")
    if 20 + captured > len(body):
        raise PcapFormatError(f"{name}: packet {index} claims {captured} octets but its block "
                              f"holds {len(body) - 20}")
    linktype, units, _snaplen = interfaces[interface]
    ticks = (high << 32) | low
    return ticks * 1_000_000 // units, linktype & 0x0FFFFFFF, body[20 : 20 + captured]


def _timestamp_units(options: bytes, order: str) -> int:
    """Ticks per second from an interface's if_tsresol option (code 9), default 10**6."""
    offset = 0
    while offset + 4 <= len(options):
        code, length = struct.unpack(order + "HH", options[offset : offset + 4])
        if code == 0:
            break
        if code == 9 and length >= 1 and offset + 5 <= len(options):
            resolution = options[offset + 4]
            exponent = resolution & 0x7F
            return 1 << exponent if resolution & 0x80 else int(10**exponent)
        offset += 4 + ((length + 3) // 4) * 4
    return 1_000_000
