"""ESP opened before the learner's eyes (RFC 4303 §3.4, RFC 3602, RFC 2404): the SPI and
sequence number, the ICV recomputed with the SA's authentication key over the ESP header and
ciphertext, then the payload decrypted with AES-CBC and its trailer (Padding, Pad Length,
Next Header) read — with the keys of the run (``export --keylog`` writes them for Wireshark).

Deliberately this package's own few lines (hmac and the AES block cipher), not the engine's
:mod:`mipviz.engine.esp`: the explanation checks the bytes on the wire independently.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.explain.model import Explanation, Line, hex_lines
from mipviz.explain.secrets import EspKey, RunSecrets
from mipviz.i18n import msg

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step

ETHERNET_HEADER, IPV6_HEADER, ESP = 14, 40, 50
EXTENSIONS = (0, 43, 60)
BLOCK, ICV = 16, 12
_MH_NAMES = {0: "Binding Refresh Request", 1: "Home Test Init", 2: "Care-of Test Init",
             3: "Home Test", 4: "Care-of Test", 5: "Binding Update",
             6: "Binding Acknowledgement", 7: "Binding Error"}


@dataclass(frozen=True, slots=True)
class OpenedEsp:
    """An ESP header found in a frame and what its SA's keys made of it."""

    offset: int  # of the ESP header in the frame
    field: int  # of the Next Header field that says 50
    end: int  # of the IPv6 packet in the frame
    spi: int
    sequence: int
    iv: bytes
    received_icv: bytes
    computed_icv: bytes | None  # None without the SA's keys
    next_header: int | None = None
    pad_length: int | None = None
    plaintext: bytes | None = None

    @property
    def icv_ok(self) -> bool:
        return self.computed_icv is not None and hmac.compare_digest(self.computed_icv,
                                                                     self.received_icv)


def find_esp(frame: bytes) -> tuple[int, int, int] | None:
    """(offset of the ESP header, of the Next Header field naming it, end of the packet)."""
    if len(frame) < ETHERNET_HEADER + IPV6_HEADER or frame[12:14] != b"\x86\xdd":
        return None
    start = ETHERNET_HEADER
    end = min(len(frame), start + IPV6_HEADER + int.from_bytes(frame[start + 4:start + 6],
                                                                "big"))
    field, offset, next_header = start + 6, start + IPV6_HEADER, frame[start + 6]
    while next_header in EXTENSIONS and offset + 2 <= end:
        field, next_header = offset, frame[offset]
        offset += 8 * (frame[offset + 1] + 1)
    if next_header != ESP or offset + 8 > end:
        return None
    return offset, field, end


def open_esp(frame: bytes, keys: Mapping[int, EspKey]) -> OpenedEsp | None:
    """The ESP of ``frame`` checked and, if its ICV is right, decrypted; None without ESP."""
    found = find_esp(frame)
    if found is None:
        return None
    offset, field, end = found
    header = frame[offset:offset + 8]
    spi, sequence = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    body = frame[offset + 8:end]
    if len(body) < BLOCK + BLOCK + ICV:
        return OpenedEsp(offset, field, end, spi, sequence, b"", b"", None)
    iv, ciphertext, received = body[:BLOCK], body[BLOCK:-ICV], body[-ICV:]
    key = keys.get(spi)
    if key is None:
        return OpenedEsp(offset, field, end, spi, sequence, iv, received, None)
    computed = hmac.new(key.authentication_key, header + iv + ciphertext,
                        hashlib.sha1).digest()[:ICV]
    opened = OpenedEsp(offset, field, end, spi, sequence, iv, received, computed)
    if not opened.icv_ok or len(ciphertext) % BLOCK:
        return opened
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(key.encryption_key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    pad_length, next_header = padded[-2], padded[-1]
    return OpenedEsp(offset, field, end, spi, sequence, iv, received, computed, next_header,
                     pad_length, padded[:max(0, len(padded) - 2 - pad_length)])


def plain_frame(frame: bytes, opened: OpenedEsp) -> bytes | None:
    """``frame`` as it would be without ESP: the headers before it, then what it carried, the
    Next Header and Payload Length fields set to match (for the RR explanation)."""
    if opened.plaintext is None or opened.next_header is None:
        return None
    rebuilt = bytearray(frame[:opened.offset] + opened.plaintext)
    rebuilt[opened.field] = opened.next_header
    length = len(rebuilt) - ETHERNET_HEADER - IPV6_HEADER
    rebuilt[ETHERNET_HEADER + 4:ETHERNET_HEADER + 6] = length.to_bytes(2, "big")
    return bytes(rebuilt)


def _carries(opened: OpenedEsp) -> str:
    data = opened.plaintext or b""
    if opened.next_header == 135 and len(data) >= 3:
        return f"Mobility Header: {_MH_NAMES.get(data[2], f'type {data[2]}')}"
    if opened.next_header == 41 and len(data) >= 40:
        inner = f"IPv6 {IPv6Address(data[8:24])} → {IPv6Address(data[24:40])}"
        if data[6] == 135 and len(data) >= 43:
            return f"{inner}, Mobility Header: {_MH_NAMES.get(data[42], f'type {data[42]}')}"
        return f"{inner}, next header {data[6]}"
    return f"next header {opened.next_header}"


def explain(step: Step, secrets: RunSecrets) -> Explanation | None:
    if step.frame_bytes is None:
        return None
    opened = open_esp(step.frame_bytes, secrets.esp)
    if opened is None:
        return None
    base = opened.offset
    lines = [Line(msg("explain.esp.spi"), (f"0x{opened.spi:08x}",), span=(base, 4)),
             Line(msg("explain.esp.sequence"), (str(opened.sequence),), span=(base + 4, 4))]
    if opened.computed_icv is None:
        lines.append(Line(msg("explain.esp.no_key", spi=f"0x{opened.spi:08x}")))
        return Explanation(msg("explain.esp.title"), tuple(lines))
    lines.append(Line(msg("explain.esp.iv"), hex_lines(opened.iv), span=(base + 8, BLOCK)))
    lines.append(Line(msg("explain.esp.icv.computed"), hex_lines(opened.computed_icv),
                      depth=1))
    lines.append(Line(msg("explain.esp.icv.received"), hex_lines(opened.received_icv),
                      span=(opened.end - ICV, ICV), verdict=opened.icv_ok))
    if opened.plaintext is not None:
        lines.append(Line(msg("explain.esp.trailer", pad_length=opened.pad_length,
                              next_header=opened.next_header)))
        lines.append(Line(msg("explain.esp.plaintext"), hex_lines(opened.plaintext)))
        lines.append(Line(msg("explain.esp.carries", what=_carries(opened))))
    lines.append(Line(msg("explain.verdict.equal" if opened.icv_ok else "explain.verdict.differs"),
                      verdict=opened.icv_ok))
    return Explanation(msg("explain.esp.title"), tuple(lines), opened.icv_ok)
