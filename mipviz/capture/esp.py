"""The Encapsulating Security Payload in a capture (RFC 4303), and NULL encryption found by
looking (RFC 2410).

RFC 6275 §5.1 and RFC 3776/4877 protect the signalling between a mobile node and its home
agent with ESP: the Binding Update and Acknowledgement in transport mode (``IPv6 | HAO or RH2 |
ESP | MH``), HoTI/HoT in tunnel mode (``IPv6 | ESP | IPv6 | MH``). What a capture shows of ESP
is its header (RFC 4303 §2: SPI, Sequence Number) and octets nobody can read without the keys,
except when the Security Association uses NULL encryption (RFC 2410), common in labs: then the
payload is the plain message, followed by the trailer (RFC 4303 §2.4-2.8: Padding, Pad Length,
Next Header) and the Integrity Check Value, whose length the capture does not say.

:func:`read_esp` finds NULL encryption as Wireshark's "Attempt to detect/decode NULL encrypted
ESP payloads" preference (``esp.enable_null_encryption_decode_heuristic``) does: for each
likely ICV length, the trailer must hold a Pad Length and a Next Header that agree with the
octets before them, the padding must be RFC 4303 §2.4's default 1, 2, 3, ..., and the payload
must look like what the Next Header says (a Mobility Header whose own length fills it exactly,
an IPv6 packet whose Payload Length does). Nothing else is guessed; a payload that passes none
of these is what it most likely is, encrypted.
"""

from __future__ import annotations

from mipviz.wire.layout import ICMPV6, IPV6_IN_IPV6, MOBILITY_HEADER, UDP

ESP_HEADER_LENGTH = 8  # SPI (4) + Sequence Number (4), RFC 4303 §2
# HMAC-SHA1-96 and HMAC-MD5-96 (12, RFC 2404/2403), HMAC-SHA-256-128 (16, RFC 4868), the
# SHA-384/512 ones (24, 32, RFC 4868) as Wireshark tries them, then none at all (NULL
# integrity: RFC 4303 §3.2 forbids it with NULL encryption, but labs configure it).
ICV_LENGTHS = (12, 16, 24, 32, 0)
# RFC 4303 §2.4: "the Padding bytes are initialized with a series of (unsigned, 1-byte)
# integer values. The first padding byte ... is numbered 1"
_DEFAULT_PADDING = tuple(bytes(range(1, length + 1)) for length in range(256))


class EspHeader:
    """One ESP header: ``spi`` and ``sequence`` (None when the header is cut short), the
    ``layer`` (index into :attr:`PacketView.layers`) of the IPv6 header that carries it and,
    when NULL encryption was found, the trailer: ``next_header``, ``payload_end`` (the end of
    the plain payload in the frame), ``pad_length`` and ``icv_length``."""

    __slots__ = ("icv_length", "layer", "next_header", "opened", "pad_length",
                 "payload_end", "sequence", "spi")

    def __init__(self, spi: int | None, sequence: int | None, layer: int) -> None:
        self.spi = spi
        self.sequence = sequence
        self.layer = layer
        self.next_header: int | None = None
        self.payload_end = 0
        self.pad_length = 0
        self.icv_length = 0
        # with an SA table (mipviz.capture.esp_open): Opened, NotOpened, or None (no SA)
        self.opened: object | None = None

    @property
    def null_encryption(self) -> bool:
        return self.next_header is not None

    @property
    def decrypted_next_header(self) -> int | None:
        """The Next Header of a packet opened with its SA, else None."""
        return getattr(self.opened, "next_header", None)

    @property
    def tunnel_mode(self) -> bool:
        """RFC 4303 §3.1.2: the payload is a whole IP packet."""
        return IPV6_IN_IPV6 in (self.next_header, self.decrypted_next_header)

    def label(self) -> str:
        """``ESP SPI 0x00001000 seq 3`` (Wireshark's ``esp.spi``, ``esp.sequence``)."""
        if self.spi is None or self.sequence is None:
            return "ESP (header cut short)"
        return f"ESP SPI 0x{self.spi:08x} seq {self.sequence}"


def read_esp(data: bytes, start: int, end: int, layer: int, whole: bool = True) -> EspHeader:
    """The ESP header at ``data[start:end]`` (``end``: the end of the IPv6 packet), with its
    trailer when NULL encryption is recognised. ``whole`` is False when the capture did not
    keep the whole packet: the trailer is then missing and nothing inside is looked for."""
    if end - start < ESP_HEADER_LENGTH:
        return EspHeader(None, None, layer)
    esp = EspHeader(int.from_bytes(data[start : start + 4], "big"),
                    int.from_bytes(data[start + 4 : start + 8], "big"), layer)
    if whole:
        _find_null_encryption(esp, data, start + ESP_HEADER_LENGTH, end)
    return esp


def _find_null_encryption(esp: EspHeader, data: bytes, payload: int, end: int) -> None:
    for icv_length in ICV_LENGTHS:
        trailer = end - icv_length - 2
        if trailer < payload:
            continue
        pad_length, next_header = data[trailer], data[trailer + 1]
        payload_end = trailer - pad_length
        if payload_end < payload or data[payload_end:trailer] != _DEFAULT_PADDING[pad_length]:
            continue
        if _plausible(next_header, data, payload, payload_end):
            esp.next_header = next_header
            esp.payload_end = payload_end
            esp.pad_length = pad_length
            esp.icv_length = icv_length
            return


def _plausible(next_header: int, data: bytes, start: int, end: int) -> bool:
    """Does ``data[start:end]`` look like a message of protocol ``next_header``? Only the
    protocols mobility signalling is carried in are accepted, each by a check that random
    (encrypted) octets pass rarely: a length field that must match the payload exactly."""
    length = end - start
    if next_header == MOBILITY_HEADER:  # RFC 6275 §6.1.1: Header Len in 8-octet units
        return length >= 8 and (data[start + 1] + 1) * 8 == length
    if next_header == IPV6_IN_IPV6:  # tunnel mode: an IPv6 header and its Payload Length
        return (length >= 40 and data[start] >> 4 == 6
                and int.from_bytes(data[start + 4 : start + 6], "big") + 40 == length)
    if next_header == UDP:  # RFC 768 Length
        return length >= 8 and int.from_bytes(data[start + 4 : start + 6], "big") == length
    if next_header == ICMPV6:  # an informational message (RFC 4443 §2.1), MPS/MPA included
        return length >= 8 and data[start] >= 128
    return False
