"""ESP packet processing (RFC 4303 §3.3, §3.4) with one real cipher suite: AES-CBC with a
128-bit key (RFC 3602) for confidentiality and HMAC-SHA1-96 (RFC 2404) for integrity — the
suite RFC 8221 §5 keeps as a MUST- for ESP, and the one Wireshark opens with ``esp_sa``.

A :class:`SecurityAssociation` is one direction of traffic (RFC 4301 §4.1). Its keys and its
SPI come from the lesson run's seed, not from IKE (RFC 6275 §5.1 allows manual keying; RFC
4877 would run IKEv2): the same lesson gives the same octets. The IVs are random per packet
(RFC 3602 §3: unpredictable), drawn from the SA's own seeded generator so the engine's main
random sequence is untouched.

Outbound (§3.3): the payload, then the trailer — Padding 1, 2, 3, ... (§2.4) to the cipher's
16-octet block with Pad Length and Next Header — is encrypted under a fresh IV, and the ICV
is the first 96 bits of HMAC-SHA1 over SPI | Sequence Number | IV | ciphertext (§2.8, §3.3.4).
The Sequence Number starts at 1 and is never reused under one SA (§3.3.3).

Inbound (§3.4): the SPI finds the SA; the Sequence Number is checked against the anti-replay
window (§3.4.3, 64 packets) before and after the ICV, which is checked before anything is
decrypted; the window moves only for a packet whose ICV is right. A failure is a discard with
its reason — never an answer (§3.4.4: auditable event).
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass, field
from ipaddress import IPv6Address
from typing import Literal

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mipviz.model.messages import EncapsulatingSecurityPayload

BLOCK = 16  # AES block and IV length (RFC 3602 §2.1, §3)
ENCRYPTION_KEY_LENGTH = 16  # AES-128
AUTHENTICATION_KEY_LENGTH = 20  # HMAC-SHA1 (RFC 2404 §3)
ICV_LENGTH = 12  # HMAC-SHA1-96
REPLAY_WINDOW = 64  # RFC 4303 §3.4.3: 32 minimum, 64 recommended
# Wireshark's names for this suite in its esp_sa table (epan/dissectors/packet-ipsec.c).
WIRESHARK_ENCRYPTION = "AES-CBC [RFC3602]"
WIRESHARK_AUTHENTICATION = "HMAC-SHA-1-96 [RFC2404]"

Mode = Literal["transport", "tunnel"]


class EspRejected(Exception):
    """An inbound ESP packet discarded; ``reason`` is a message id of the ipsec catalog."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass
class SecurityAssociation:
    """One direction of MN–HA traffic. ``home_address`` is the selector the SA is bound to
    (RFC 3776 §4: the home address, even when the packet's source is the care-of address);
    ``sender``/``receiver`` are node names, ``purpose`` what the policy uses it for."""

    spi: int
    mode: Mode
    sender: str
    receiver: str
    home_address: IPv6Address
    home_agent: IPv6Address
    purpose: str
    encryption_key: bytes
    authentication_key: bytes
    iv_source: random.Random = field(repr=False)
    next_sequence: int = 1  # outbound: the number the next packet gets
    highest: int = 0  # inbound: the highest sequence number accepted so far
    window: int = 0  # inbound: bit i set = (highest - i) was received

    # ------------------------------------------------------------------ outbound (§3.3)
    def seal(self, next_header: int, plaintext: bytes) -> EncapsulatingSecurityPayload:
        sequence = self.next_sequence
        if sequence > 0xFFFFFFFF:  # §3.3.3: the counter must not cycle; a new SA is needed
            raise OverflowError(f"ESP SA 0x{self.spi:08x}: sequence numbers exhausted")
        self.next_sequence += 1
        pad_length = (-(len(plaintext) + 2)) % BLOCK
        padded = plaintext + bytes(range(1, pad_length + 1)) + bytes((pad_length, next_header))
        iv = self.iv_source.randbytes(BLOCK)
        encryptor = Cipher(algorithms.AES(self.encryption_key), modes.CBC(iv)).encryptor()
        ciphertext = encryptor.update(padded) + encryptor.finalize()
        header = self.spi.to_bytes(4, "big") + sequence.to_bytes(4, "big")
        icv = self._icv(header + iv + ciphertext)
        return EncapsulatingSecurityPayload(self.spi, sequence, iv + ciphertext + icv)

    def _icv(self, authenticated: bytes) -> bytes:
        return hmac.new(self.authentication_key, authenticated, hashlib.sha1).digest()[
            :ICV_LENGTH]

    # ------------------------------------------------------------------ inbound (§3.4)
    def open(self, esp: EncapsulatingSecurityPayload) -> tuple[int, bytes]:
        """(Next Header, payload) of a packet under this SA, or :class:`EspRejected`."""
        sequence = esp.sequence
        self._check_window(sequence)
        data = esp.data
        if len(data) < BLOCK + BLOCK + ICV_LENGTH or (len(data) - ICV_LENGTH) % BLOCK:
            raise EspRejected("ipsec.reject.length", spi=f"0x{esp.spi:08x}", length=len(data))
        header = esp.spi.to_bytes(4, "big") + sequence.to_bytes(4, "big")
        body, icv = data[:-ICV_LENGTH], data[-ICV_LENGTH:]
        if not hmac.compare_digest(self._icv(header + body), icv):
            raise EspRejected("ipsec.reject.icv", spi=f"0x{esp.spi:08x}", sequence=sequence)
        iv, ciphertext = body[:BLOCK], body[BLOCK:]
        decryptor = Cipher(algorithms.AES(self.encryption_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        pad_length, next_header = padded[-2], padded[-1]
        end = len(padded) - 2 - pad_length
        if end < 0 or padded[end:-2] != bytes(range(1, pad_length + 1)):
            # §2.4: a receiver SHOULD check the default padding (integrity already held).
            raise EspRejected("ipsec.reject.padding", spi=f"0x{esp.spi:08x}")
        self._advance_window(sequence)
        return next_header, padded[:end]

    def _check_window(self, sequence: int) -> None:
        if sequence == 0:
            raise EspRejected("ipsec.reject.replay", spi=f"0x{self.spi:08x}", sequence=0,
                              highest=self.highest)
        if sequence > self.highest:
            return
        behind = self.highest - sequence
        if behind >= REPLAY_WINDOW or self.window >> behind & 1:
            raise EspRejected("ipsec.reject.replay", spi=f"0x{self.spi:08x}",
                              sequence=sequence, highest=self.highest)

    def _advance_window(self, sequence: int) -> None:
        if sequence > self.highest:
            shift = sequence - self.highest
            self.window = ((self.window << shift) | 1) & ((1 << REPLAY_WINDOW) - 1)
            self.highest = sequence
        else:
            self.window |= 1 << (self.highest - sequence)


def new_security_association(rng: random.Random, *, spi: int, mode: Mode, sender: str,
                             receiver: str, home_address: IPv6Address,
                             home_agent: IPv6Address, purpose: str) -> SecurityAssociation:
    """An SA with fresh keys from ``rng`` (manual keying from the lesson's seed)."""
    encryption_key = rng.randbytes(ENCRYPTION_KEY_LENGTH)
    authentication_key = rng.randbytes(AUTHENTICATION_KEY_LENGTH)
    return SecurityAssociation(
        spi=spi, mode=mode, sender=sender, receiver=receiver, home_address=home_address,
        home_agent=home_agent, purpose=purpose, encryption_key=encryption_key,
        authentication_key=authentication_key,
        iv_source=random.Random(rng.getrandbits(64)))
