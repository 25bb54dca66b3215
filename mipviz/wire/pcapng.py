"""pcapng writing in plain Python (no scapy, no wall clock): one interface per link.

The format is draft-ietf-opsawg-pcapng (the "PCAP Next Generation Dump File Format"), little
endian, one section:

* a Section Header Block (§4.1: type 0x0A0D0D0A, byte-order magic 0x1A2B3C4D, version 1.0,
  section length -1 = not given) with ``shb_userappl`` naming mipviz;
* one Interface Description Block per link (§4.2: link type 1 = Ethernet, snaplen 65535)
  with ``if_name`` (code 2) the link's name, ``if_description`` (code 3) its name and
  prefixes in words, one ``if_IPv6addr`` (code 5: 16 address octets and a prefix length) per
  prefix, and ``if_tsresol`` (code 9) 6 = microseconds, the engine's unit;
* one Enhanced Packet Block per frame (§4.3), on its link's interface, timestamp in
  microseconds (upper and lower 32 bits), with ``opt_comment`` (code 1, UTF-8) saying what
  the nodes did with the frame.

Options are (code, length, value padded to 32 bits) and end with ``opt_endofopt`` (§3.5).
An option value is at most 65,535 octets: a longer comment is cut at a character boundary
and says so. Times are virtual: the same records always give the same file, octet for octet.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv6Network
from typing import BinaryIO

from mipviz.wire.pcap import LINKTYPE_ETHERNET, SNAPLEN

_SECTION_HEADER = 0x0A0D0D0A
_BYTE_ORDER_MAGIC = 0x1A2B3C4D
_INTERFACE_DESCRIPTION = 1
_ENHANCED_PACKET = 6

OPT_ENDOFOPT = 0
OPT_COMMENT = 1
SHB_USERAPPL = 4
IF_NAME = 2
IF_DESCRIPTION = 3
IF_IPV6ADDR = 5
IF_TSRESOL = 9
_MAXIMUM_OPTION = 0xFFFF
_CUT = " …"


@dataclass(frozen=True, slots=True)
class LinkInterface:
    """One link as a pcapng interface: its name and its on-link prefixes (text, e.g.
    ``"2001:db8:1::/64"``)."""

    name: str
    prefixes: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """``if_description``: what Wireshark shows as the interface's description."""
        if not self.prefixes:
            return f"mipviz link {self.name}"
        return f"mipviz link {self.name}: {', '.join(self.prefixes)}"


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + b"\x00" * (-len(value) % 4)


def _options(options: Sequence[bytes]) -> bytes:
    return b"".join(options) + _option(OPT_ENDOFOPT, b"") if options else b""


def _block(block_type: int, body: bytes) -> bytes:
    length = 12 + len(body)
    return struct.pack("<II", block_type, length) + body + struct.pack("<I", length)


def text_option(code: int, text: str) -> bytes:
    """A UTF-8 option; text longer than an option can hold is cut at a character boundary
    and ends with " …" (an option's length is 16 bits)."""
    value = text.encode("utf-8")
    if len(value) > _MAXIMUM_OPTION:
        room = _MAXIMUM_OPTION - len(_CUT.encode("utf-8"))
        value = value[:room].decode("utf-8", "ignore").encode("utf-8") + _CUT.encode("utf-8")
    return _option(code, value)


def section_header(application: str) -> bytes:
    """The Section Header Block (§4.1), little endian, section length not given."""
    body = struct.pack("<IHHq", _BYTE_ORDER_MAGIC, 1, 0, -1)
    return _block(_SECTION_HEADER, body + _options([text_option(SHB_USERAPPL, application)]))


def interface_description(link: LinkInterface, linktype: int = LINKTYPE_ETHERNET) -> bytes:
    """An Interface Description Block (§4.2) for ``link``."""
    options = [text_option(IF_NAME, link.name), text_option(IF_DESCRIPTION, link.description)]
    for prefix in link.prefixes:
        network = IPv6Network(prefix, strict=False)
        options.append(_option(IF_IPV6ADDR, network.network_address.packed
                               + bytes([network.prefixlen])))
    options.append(_option(IF_TSRESOL, bytes([6])))  # 10**-6 s: the engine's microseconds
    return _block(_INTERFACE_DESCRIPTION,
                  struct.pack("<HHI", linktype, 0, SNAPLEN) + _options(options))


def enhanced_packet(interface: int, time_us: int, frame: bytes, comment: str | None) -> bytes:
    """An Enhanced Packet Block (§4.3) on ``interface`` at ``time_us`` µs."""
    captured = frame[:SNAPLEN]
    body = struct.pack("<IIIII", interface, time_us >> 32, time_us & 0xFFFFFFFF,
                       len(captured), len(frame))
    body += captured + b"\x00" * (-len(captured) % 4)
    if comment:
        body += _options([text_option(OPT_COMMENT, comment)])
    return _block(_ENHANCED_PACKET, body)


def write_pcapng_records(
    handle: BinaryIO,
    links: Sequence[LinkInterface],
    records: Iterable[tuple[int, int, bytes, str | None]],
    application: str = "mipviz",
) -> None:
    """Write a pcapng file to ``handle``: ``links`` become interfaces 0, 1, … in order; each
    record is ``(time in µs, interface index, frame octets, comment or None)``.

    Raises ValueError for a negative or non-integer time, a time beyond 64 bits, or an
    interface index that names no link (nothing about the file is then promised: callers
    write through :func:`mipviz.safe_files.write_all_or_nothing`, which keeps the target as
    it was)."""
    handle.write(section_header(application))
    for link in links:
        handle.write(interface_description(link))
    for index, (time_us, interface, frame, comment) in enumerate(records, start=1):
        if not isinstance(time_us, int) or not 0 <= time_us < 1 << 64:
            raise ValueError(f"record {index}: time {time_us!r} µs is not a non-negative "
                             "64-bit integer")
        if not 0 <= interface < len(links):
            raise ValueError(f"record {index}: interface {interface} names no link "
                             f"({len(links)} described)")
        handle.write(enhanced_packet(interface, time_us, bytes(frame), comment))
