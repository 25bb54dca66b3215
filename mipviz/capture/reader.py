"""Streaming pcap and pcapng reader in plain Python (no scapy, never the whole file in memory).

Formats:

* classic libpcap (both byte orders, microsecond magic 0xa1b2c3d4 and nanosecond magic
  0xa1b23c4d): a 24-octet file header whose last field is the link type, then 16-octet record
  headers (seconds, fraction, captured length, original length) each followed by its octets;
* pcapng (draft-ietf-opsawg-pcapng): blocks of (type, total length, body, total length).
  Section Header Blocks set the byte order and reset the interfaces; Interface Description
  Blocks give each interface its link type, snapshot length, name (``if_name``), timestamp
  resolution (``if_tsresol``) and offset (``if_tsoffset``); Enhanced, Simple and the obsolete
  Packet Blocks carry the frames, with their ``opt_comment`` comments. Other blocks (name
  resolution, statistics, decryption secrets, custom) are skipped by their length.

The upper four bits of a link type are masked off (``& 0x0FFFFFFF``): some writers keep the
FCS length and flags there, e.g. 0x300000E5 is link type 229.

Records are read one at a time through a buffered file, so memory use does not depend on the
file's size. :func:`open_capture` raises :class:`CaptureFormatError` when the file is not a
capture at all (DESIGN.md: exit 1); a record that is cut short or makes no sense is *yielded*
as a :class:`Record` whose ``problem`` says what is wrong, and reading stops there when the
rest of the file cannot be framed any more.
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

PCAP_MAGIC_MICROSECONDS = 0xA1B2C3D4
PCAP_MAGIC_NANOSECONDS = 0xA1B23C4D
PCAPNG_SECTION_HEADER = 0x0A0D0D0A
PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D
LINKTYPE_MASK = 0x0FFFFFFF
# Anything longer is a corrupt length rather than a frame (libpcap's own limit is 256 KiB
# for most link types; jumbo and USB captures stay well below this).
MAXIMUM_RECORD_OCTETS = 16 * 1024 * 1024
_BUFFER_OCTETS = 1 << 20
LATEST_TIME = 1 << 62  # µs: any time beyond this (~146,000 years) is a broken timestamp

_BLOCK_INTERFACE_DESCRIPTION = 1
_BLOCK_PACKET_OBSOLETE = 2
_BLOCK_SIMPLE_PACKET = 3
_BLOCK_ENHANCED_PACKET = 6
new_record = tuple.__new__


class CaptureFormatError(ValueError):
    """The file is not a readable pcap or pcapng capture (or cannot be opened at all)."""


class Record(NamedTuple):
    """One captured frame, or the place where the file stopped making sense.

    ``time`` is in microseconds since the epoch; ``number`` counts records from 1 in their file;
    ``offset`` is where the record (pcap) or block (pcapng) starts in the file. ``problem`` is
    None for a good record; otherwise ``data`` holds whatever octets could be read.
    """

    number: int
    time: int
    linktype: int
    interface: int
    data: bytes
    original_length: int
    offset: int
    comment: str | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Interface:
    """A capture interface: classic pcap has exactly one, pcapng one per Interface Block."""

    linktype: int
    snaplen: int
    name: str | None = None
    ticks_per_second: int = 1_000_000
    offset_seconds: int = 0
    description: str | None = None  # if_description
    prefixes: tuple[str, ...] = ()  # each if_IPv6addr as a prefix, e.g. "2001:db8:1::/64"


@dataclass(slots=True)
class ReadState:
    """What a pcapng read depends on besides the file position: the current section's byte
    order and interfaces (updated by the reader at Section Header and Interface Description
    Blocks only, never per packet). Classic pcap needs only its file header."""

    order: str = "<"
    interfaces: list[Interface] = field(default_factory=list)

    def resume_at(self, record: Record) -> Resume:
        """Where to read again to get ``record`` first (with what the reader knew then)."""
        return Resume(record.offset, record.number, self.order, tuple(self.interfaces))


class Resume(NamedTuple):
    """A place to resume reading: the record (pcap) or block (pcapng) at ``offset`` is read
    first and numbered ``number``; pcapng also needs its section's ``order`` and
    ``interfaces`` (see :class:`ReadState`)."""

    offset: int
    number: int
    order: str = "<"
    interfaces: tuple[Interface, ...] = ()


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """What the file header says: the format, the byte order and the first interfaces."""

    path: str
    format: str  # "pcap" | "pcap-ns" | "pcapng"
    big_endian: bool
    interfaces: tuple[Interface, ...]


def open_capture(path: str | os.PathLike[str]) -> CaptureInfo:
    """Check that ``path`` is a pcap or pcapng file and describe it, reading only its header."""
    name = str(path)
    from mipviz.safe_files import FileRefused, check_regular

    try:  # a FIFO would block the open, /dev/zero read for ever: refused at once
        check_regular(path)
    except FileRefused as error:
        raise CaptureFormatError(str(error)) from None
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            if len(head) >= 4 and int.from_bytes(head[:4], "little") == PCAPNG_SECTION_HEADER:
                _check_pcapng_header(head, name)
                interfaces = _first_pcapng_interfaces(handle, name)
                big = head[8:12] == PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "big")
                return CaptureInfo(name, "pcapng", big, interfaces)
    except OSError as error:
        raise CaptureFormatError(f"{name}: cannot read: {error.strerror or error}") from None
    order, nanoseconds = _classic_order(head, name)
    _, _, _, _, snaplen, linktype = struct.unpack(order + "HHiIII", head[4:24])
    return CaptureInfo(name, "pcap-ns" if nanoseconds else "pcap", order == ">",
                       (Interface(linktype & LINKTYPE_MASK, snaplen),))


def _classic_order(head: bytes, name: str) -> tuple[str, bool]:
    if len(head) < 4:
        raise CaptureFormatError(f"{name}: {len(head)} octets, too short to be a capture")
    for order in ("<", ">"):
        magic = struct.unpack(order + "I", head[:4])[0]
        if magic in (PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS):
            if len(head) < 24:
                raise CaptureFormatError(
                    f"{name}: pcap file header truncated ({len(head)} of 24 octets)")
            return order, magic == PCAP_MAGIC_NANOSECONDS
    raise CaptureFormatError(f"{name}: not a pcap or pcapng file (starts with {head[:4].hex()})")


def _check_pcapng_header(head: bytes, name: str) -> None:
    if len(head) < 12 or head[8:12] not in (
        PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "little"), PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "big")
    ):
        raise CaptureFormatError(f"{name}: pcapng section header without a byte-order magic")


def _first_pcapng_interfaces(handle: BinaryIO, name: str) -> tuple[Interface, ...]:
    handle.seek(0)
    interfaces: list[Interface] = []
    for record in _read_pcapng(handle, name, interfaces_out=interfaces, stop_at_packet=True):
        del record
    return tuple(interfaces)


def read_records(path: str | os.PathLike[str], state: ReadState | None = None,
                 resume: Resume | None = None) -> Iterator[Record]:
    """Yield every record of a pcap or pcapng file, streaming (see the module docstring).

    ``state``, when given, follows the read (see :class:`ReadState`: with it,
    ``state.resume_at(record)`` bookmarks a record); ``resume`` starts at a bookmarked record
    instead of the first, giving exactly the records a whole read gives from there."""
    name = str(path)
    open_capture(path)
    with open(path, "rb", buffering=_BUFFER_OCTETS) as handle:
        head = handle.read(4)
        handle.seek(0)
        if int.from_bytes(head, "little") == PCAPNG_SECTION_HEADER:
            yield from _read_pcapng(handle, name, state=state, resume=resume)
        else:
            yield from _read_classic(handle, name, resume)


def record_offsets(path: str | os.PathLike[str], offset: int) -> array[int]:
    """The file offsets of the records of :func:`read_records` that start before ``offset``.
    A classic pcap file is walked by its record headers alone, seeking over the frames (a
    worker finds where its part of the file starts, see :mod:`mipviz.capture.pipeline`);
    pcapng is read."""
    offsets = array("q")
    info = open_capture(path)
    if info.format == "pcapng":
        for record in read_records(path):
            if record.offset >= offset:
                break
            offsets.append(record.offset)
        return offsets
    unpack_header = struct.Struct(">IIII" if info.big_endian else "<IIII").unpack
    size = os.path.getsize(path)
    position = 24
    with open(path, "rb") as handle:
        while position < offset and position < size:
            handle.seek(position)
            header = handle.read(16)
            offsets.append(position)
            if len(header) < 16:
                break  # read_records yields the cut-short header as its last record
            captured = unpack_header(header)[2]
            if captured > MAXIMUM_RECORD_OCTETS:
                break  # ... and so a record with a length that makes no sense
            position += 16 + captured
    return offsets


def _read_classic(handle: BinaryIO, name: str, resume: Resume | None = None) -> Iterator[Record]:
    header = handle.read(24)
    order, nanoseconds = _classic_order(header, name)
    linktype = struct.unpack(order + "I", header[20:24])[0] & LINKTYPE_MASK
    divisor = 1000 if nanoseconds else 1
    unpack_header = struct.Struct(order + "IIII").unpack
    read = handle.read
    offset, number = 24, 0
    if resume is not None:
        handle.seek(resume.offset)
        offset, number = resume.offset, resume.number - 1
    while True:
        record_header = read(16)
        if not record_header:
            return
        number += 1
        if len(record_header) < 16:
            yield Record(number, 0, linktype, 0, b"", 0, offset, None,
                         f"pcap record {number}: header cut short ({len(record_header)} of 16 "
                         "octets at the end of the file)")
            return
        seconds, fraction, captured, original = unpack_header(record_header)
        time = seconds * 1_000_000 + fraction // divisor
        if captured > MAXIMUM_RECORD_OCTETS:
            yield Record(number, time, linktype, 0, b"", original, offset, None,
                         f"pcap record {number}: captured length {captured} is not credible; "
                         "the rest of the file cannot be read")
            return
        data = read(captured)
        if len(data) == captured and captured <= original:
            # tuple.__new__ skips NamedTuple's Python-level __new__ (the hot path of a replay)
            yield new_record(Record, (number, time, linktype, 0, data, original, offset, None,
                                      None))
            offset += 16 + captured
            continue
        if len(data) < captured:
            yield Record(number, time, linktype, 0, data, original, offset, None,
                         f"pcap record {number}: claims {captured} octets but the file ends "
                         f"after {len(data)}")
            return
        yield Record(number, time, linktype, 0, data, original, offset, None,
                     f"pcap record {number}: captured length {captured} exceeds the original "
                     f"length {original}")
        offset += 16 + captured


def _read_pcapng(
    handle: BinaryIO,
    name: str,
    interfaces_out: list[Interface] | None = None,
    stop_at_packet: bool = False,
    state: ReadState | None = None,
    resume: Resume | None = None,
) -> Iterator[Record]:
    """Blocks of a pcapng file; ``interfaces_out`` collects the interfaces of the first section.
    ``state`` and ``resume``: see :func:`read_records`."""
    read = handle.read
    order = "<"
    interfaces: list[Interface] = interfaces_out if interfaces_out is not None else []
    sections = 0
    offset, number = 0, 0
    if resume is not None:
        handle.seek(resume.offset)
        offset, number, order = resume.offset, resume.number - 1, resume.order
        interfaces, sections = list(resume.interfaces), 1
    if state is not None:
        state.order, state.interfaces = order, interfaces
    while True:
        block_header = read(8)
        if not block_header:
            return
        if len(block_header) < 8:
            yield Record(number + 1, 0, 0, 0, b"", 0, offset, None,
                         f"pcapng block at offset {offset} cut short by the end of the file")
            return
        if int.from_bytes(block_header[:4], "little") == PCAPNG_SECTION_HEADER:
            magic = read(4)
            if magic == PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "big"):
                order = ">"
            elif magic == PCAPNG_BYTE_ORDER_MAGIC.to_bytes(4, "little"):
                order = "<"
            else:
                yield Record(number + 1, 0, 0, 0, b"", 0, offset, None,
                             f"pcapng section header at offset {offset} has no byte-order "
                             "magic; the rest of the file cannot be read")
                return
            sections += 1
            if sections > 1 and interfaces_out is not None:
                return
            interfaces = [] if interfaces_out is None else interfaces
            if state is not None:
                state.order, state.interfaces = order, interfaces
            block_type, length = struct.unpack(order + "II", block_header)
            body = magic + read(max(length - 16, 0))
        else:
            block_type, length = struct.unpack(order + "II", block_header)
            body = b""
            if length >= 12:
                body = read(length - 12)
        if length < 12 or length % 4 or length > MAXIMUM_RECORD_OCTETS:
            yield Record(number + 1, 0, 0, 0, b"", 0, offset, None,
                         f"pcapng block at offset {offset} has length {length}; the rest of "
                         "the file cannot be read")
            return
        trailer = read(4)
        if len(body) < length - 12 or len(trailer) < 4:
            yield Record(number + 1, 0, 0, 0, body, 0, offset, None,
                         f"pcapng block at offset {offset} claims {length} octets but the file "
                         "ends first")
            return
        if block_type == _BLOCK_INTERFACE_DESCRIPTION:
            interfaces.append(_interface(body, order))
        elif block_type in (_BLOCK_ENHANCED_PACKET, _BLOCK_SIMPLE_PACKET, _BLOCK_PACKET_OBSOLETE):
            if stop_at_packet:
                return
            number += 1
            yield _packet(block_type, body, order, interfaces, number, offset)
        offset += length


def _interface(body: bytes, order: str) -> Interface:
    """An Interface Description Block: link type, snaplen, then options (name, description,
    IPv6 prefixes, resolution, offset)."""
    if len(body) < 8:
        return Interface(0xFFFFFFF, 0, "(truncated interface block)")
    linktype, _reserved, snaplen = struct.unpack(order + "HHI", body[:8])
    name: str | None = None
    description: str | None = None
    prefixes: list[str] = []
    ticks, offset_seconds = 1_000_000, 0
    for code, value in _options(body[8:], order):
        if code == 2:  # if_name
            name = value.decode("utf-8", "backslashreplace").rstrip("\x00")
        elif code == 3:  # if_description
            description = value.decode("utf-8", "backslashreplace").rstrip("\x00")
        elif code == 5 and len(value) == 17 and value[16] <= 128 and len(prefixes) < 64:
            # if_IPv6addr (a few per interface; a hostile block may hold thousands)
            prefixes.append(_prefix_text(value[:16], value[16]))
        elif code == 9 and value:  # if_tsresol
            exponent = value[0] & 0x7F
            ticks = 1 << exponent if value[0] & 0x80 else 10**exponent
        elif code == 14 and len(value) == 8:  # if_tsoffset
            offset_seconds = struct.unpack(order + "q", value)[0]
    return Interface(linktype & LINKTYPE_MASK, snaplen, name, max(ticks, 1), offset_seconds,
                     description, tuple(prefixes))


def _prefix_text(address: bytes, length: int) -> str:
    """An if_IPv6addr option as a prefix: the address with its host bits cleared, "/length"."""
    from ipaddress import IPv6Network

    return str(IPv6Network((address, length), strict=False))


def _options(data: bytes, order: str) -> Iterator[tuple[int, bytes]]:
    """pcapng options: (code, length, value padded to 4 octets) until opt_endofopt (0)."""
    offset = 0
    while offset + 4 <= len(data):
        code, length = struct.unpack(order + "HH", data[offset : offset + 4])
        if code == 0:
            return
        value = data[offset + 4 : offset + 4 + length]
        yield code, value
        offset += 4 + (length + 3) // 4 * 4


def _packet(
    block_type: int, body: bytes, order: str, interfaces: list[Interface], number: int,
    offset: int,
) -> Record:
    if block_type == _BLOCK_SIMPLE_PACKET:  # interface 0, no timestamp
        if len(body) < 4:
            return Record(number, 0, 0, 0, b"", 0, offset, None,
                          f"pcapng simple packet block {number} too short")
        original = struct.unpack(order + "I", body[:4])[0]
        if not interfaces:
            return Record(number, 0, 0, 0, body[4:], original, offset, None,
                          f"pcapng packet {number} comes before any interface description")
        snaplen = interfaces[0].snaplen or original
        data = body[4 : 4 + min(original, snaplen)]
        return Record(number, 0, interfaces[0].linktype, 0, data, original, offset)
    if len(body) < 20:
        return Record(number, 0, 0, 0, b"", 0, offset, None,
                      f"pcapng packet block {number} too short ({len(body)} octets)")
    if block_type == _BLOCK_ENHANCED_PACKET:
        interface, high, low, captured, original = struct.unpack(order + "IIIII", body[:20])
    else:
        interface, _drops, high, low, captured, original = struct.unpack(order + "HHIIII",
                                                                          body[:20])
    if interface >= len(interfaces):
        return Record(number, 0, 0, interface, body[20:20 + captured], original, offset, None,
                      f"pcapng packet {number} names interface {interface} but only "
                      f"{len(interfaces)} are described")
    description = interfaces[interface]
    ticks = (high << 32) | low
    time = (ticks * 1_000_000 // description.ticks_per_second
            + description.offset_seconds * 1_000_000)
    data = body[20 : 20 + captured]
    problem = None
    if not -LATEST_TIME <= time <= LATEST_TIME:
        problem = (f"pcapng packet {number}: timestamp {ticks} with its interface's resolution "
                   "and offset is beyond any date; shown as time 0")
        time = 0
    if len(data) < captured:
        problem = (f"pcapng packet {number} claims {captured} octets but its block holds "
                   f"{len(data)}")
    comment = None
    options_start = 20 + (captured + 3) // 4 * 4
    if options_start < len(body):
        for code, value in _options(body[options_start:], order):
            if code == 1:  # opt_comment
                text = value.decode("utf-8", "backslashreplace")
                comment = text if comment is None else f"{comment}; {text}"
    return Record(number, time, description.linktype, interface, data, original, offset,
                  comment, problem)


def interface_names(path: str | os.PathLike[str]) -> tuple[Interface, ...]:
    """The interfaces of a capture's first section (a classic pcap file has one)."""
    return open_capture(Path(path)).interfaces
