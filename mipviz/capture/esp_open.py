"""Open an ESP packet of a capture with the SAs of a Wireshark ``esp_sa`` table (RFC 4303
§3.4.4: the ICV is checked first, then the payload is decrypted).

A packet under an SA (matched by SPI and addresses, :mod:`mipviz.capture.esp_sa`) is
``SPI | Sequence Number | IV | ciphertext | ICV`` (RFC 3602 §3 for AES-CBC; NULL encryption
has no IV, RFC 2410). The ICV is the first octets of the HMAC over everything from the SPI to
the end of the ciphertext (RFC 4303 §2.8, §3.3.4; RFC 2404 §2). Only when it is right is the
payload decrypted, and the trailer (RFC 4303 §2.4: Padding, Pad Length, Next Header) read.
A wrong key, or altered octets, is an "ICV mismatch": said, and nothing decrypted. The
anti-replay window (§3.4.3) is not applied: a capture holds a packet once per link it
crosses, and a reader must show every copy.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mipviz.capture.esp_sa import AUTHENTICATION, EspKeyring, SaEntry

_DEFAULT_PADDING = tuple(bytes(range(1, length + 1)) for length in range(256))


@dataclass(frozen=True, slots=True)
class Opened:
    """The packet under ``sa``: its Next Header and plain payload (trailer removed)."""

    sa: SaEntry
    next_header: int
    payload: bytes


@dataclass(frozen=True, slots=True)
class NotOpened:
    """The SPI matched an SA but the packet did not open: ``reason`` ``icv`` (no matching
    SA's ICV is right), ``length`` (not a whole number of blocks) or ``padding``."""

    sa: SaEntry
    reason: str


def open_esp(keyring: EspKeyring, data: bytes, start: int, end: int, source: bytes,
             destination: bytes) -> Opened | NotOpened | None:
    """The ESP packet at ``data[start:end]`` sent from ``source`` to ``destination``
    opened; None when no SA of the table is for it."""
    if end - start < 8:
        return None
    spi = int.from_bytes(data[start : start + 4], "big")
    failure: NotOpened | None = None
    for sa in keyring.candidates(spi, source, destination):
        result = _open(sa, data, start, end)
        if isinstance(result, Opened):
            return result
        if failure is None or failure.reason != "icv":
            failure = result
    return failure


def _open(sa: SaEntry, data: bytes, start: int, end: int) -> Opened | NotOpened:
    icv_length = sa.icv_length
    block = sa.block
    body_start = start + 8
    body_end = end - icv_length
    body = body_end - body_start
    alignment = block or 4  # RFC 4303 §2.4: NULL encryption still aligns to 4 octets
    if body < block + max(block, 4) or (body - block) % alignment:
        return NotOpened(sa, "length")
    digest = AUTHENTICATION[sa.authentication][0]
    if digest is not None:
        expected = hmac.new(sa.authentication_key, data[start:body_end], digest).digest()
        if not hmac.compare_digest(expected[:icv_length], data[body_end:end]):
            return NotOpened(sa, "icv")
    if block:
        iv = data[body_start : body_start + block]
        decryptor = Cipher(algorithms.AES(sa.encryption_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(data[body_start + block : body_end]) + decryptor.finalize()
    else:
        padded = data[body_start:body_end]
    pad_length, next_header = padded[-2], padded[-1]
    payload_end = len(padded) - 2 - pad_length
    # §2.4: the receiver SHOULD check the default padding; without an ICV it is the only
    # sign that the key was right
    if payload_end < 0 or padded[payload_end:-2] != _DEFAULT_PADDING[pad_length]:
        return NotOpened(sa, "padding")
    return Opened(sa, next_header, padded[:payload_end])

