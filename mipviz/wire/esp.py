"""The Encapsulating Security Payload on the wire (RFC 4303 §2): model ↔ octets.

What crosses the link is the 32-bit SPI, the 32-bit Sequence Number and then octets only the
Security Association's keys open (IV, ciphertext with its trailer, ICV); the codec carries
them as they are. Sealing and opening them is :mod:`mipviz.engine.esp`'s job, not the
codec's: the wire knows no keys.
"""

from __future__ import annotations

from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire._checks import require, unsigned
from mipviz.wire._scapy import explicit

ESP_HEADER_LENGTH = 8  # SPI (4) + Sequence Number (4), RFC 4303 §2


def esp_layer(payload: m.EncapsulatingSecurityPayload) -> s.Packet:
    """The ESP header and what follows it, as one raw layer (Next Header 50 precedes it)."""
    spi = unsigned(payload.spi, 32, "ESP SPI")  # 1-255 are reserved (RFC 4303 §2.1)
    sequence = unsigned(payload.sequence, 32, "ESP sequence")
    require(isinstance(payload.data, bytes), "ESP data must be bytes")
    return explicit(s.Raw(load=spi.to_bytes(4, "big") + sequence.to_bytes(4, "big")
                          + payload.data))


def decode_esp(body: bytes, problems: list[str]) -> m.Payload:
    """The ESP header of ``body`` (everything after the header that named Next Header 50)."""
    if len(body) < ESP_HEADER_LENGTH:
        problems.append(f"ESP header truncated: {len(body)} of 8 octets present")
        return m.UnknownPayload(50, body)
    spi = int.from_bytes(body[0:4], "big")
    if spi < 256:
        problems.append(f"RFC 4303 2.1: ESP SPI {spi} is reserved")
    return m.EncapsulatingSecurityPayload(spi, int.from_bytes(body[4:8], "big"), body[8:])
