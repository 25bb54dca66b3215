"""Return Routability cryptography, exactly as RFC 6275 §5.2.5 and §5.2.6 define it.

All inputs are raw octets; addresses are their 16-octet packed form. PROTOCOL.md §15.4 is the
project's regression vector (tests/test_rr_vector.py reproduces it byte for byte).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv6Address

KCN_LENGTH = 20  # octets, HMAC_SHA1 key (RFC 6275 §5.2.1)
NONCE_LENGTH = 8  # 64 bits recommended (RFC 6275 §5.2.2)
COOKIE_LENGTH = 8
TOKEN_LENGTH = 8  # First(64, ...)
AUTHENTICATOR_LENGTH = 12  # First(96, ...)

HOME_SUFFIX = b"\x00"
CAREOF_SUFFIX = b"\x01"


def home_keygen_token(kcn: bytes, home_address: IPv6Address, nonce: bytes) -> bytes:
    """First(64, HMAC_SHA1(Kcn, home address | nonce | 0))  (RFC 6275 §5.2.5)."""
    digest = hmac.new(kcn, home_address.packed + nonce + HOME_SUFFIX, hashlib.sha1).digest()
    return digest[:TOKEN_LENGTH]


def careof_keygen_token(kcn: bytes, careof_address: IPv6Address, nonce: bytes) -> bytes:
    """First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))  (RFC 6275 §5.2.5)."""
    digest = hmac.new(kcn, careof_address.packed + nonce + CAREOF_SUFFIX, hashlib.sha1).digest()
    return digest[:TOKEN_LENGTH]


def binding_management_key(home_token: bytes, careof_token: bytes | None) -> bytes:
    """Kbm = SHA1(home token | care-of token), or SHA1(home token) for a deletion (§5.2.5)."""
    return hashlib.sha1(home_token + (careof_token or b"")).digest()


def authenticator(kbm: bytes, careof_address: IPv6Address, correspondent: IPv6Address,
                  mh_data: bytes) -> bytes:
    """First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data))  (§5.2.6).

    ``mh_data`` is the Mobility Header as sent with the checksum zeroed, up to but not
    including the 12-octet authenticator value (PROTOCOL.md §15.3).
    """
    digest = hmac.new(kbm, careof_address.packed + correspondent.packed + mh_data, hashlib.sha1)
    return digest.digest()[:AUTHENTICATOR_LENGTH]


def authenticator_input(mobility_header: bytes) -> bytes:
    """MH[0 .. len-12) with the checksum field (octets 4-5) zeroed."""
    data = bytearray(mobility_header[:-AUTHENTICATOR_LENGTH])
    data[4:6] = b"\x00\x00"
    return bytes(data)


@dataclass(frozen=True, slots=True)
class Nonce:
    index: int
    value: bytes
    created: int  # virtual µs
    kcn: bytes = b""  # the node key generated with this nonce (RFC 6275 §5.2.7)


class NonceTable:
    """A correspondent's nonces (RFC 6275 §5.2.7): a new one every ``interval``, each valid for
    ``max_lifetime`` after creation (MAX_NONCE_LIFETIME = 240 s by default).

    Kcn is refreshed with every new nonce and shares its index, so a nonce index names both
    the nonce and the key the tokens were made with; an old Kcn lives exactly as long as its
    nonce (§5.2.7). The first nonce uses ``first_kcn``.
    """

    def __init__(self, generate: Callable[[int], bytes], interval: int,
                 max_lifetime: int, first_kcn: bytes | None = None) -> None:
        self._generate = generate
        self.interval = interval
        self.max_lifetime = max_lifetime
        self._first_kcn = first_kcn
        self._nonces: dict[int, Nonce] = {}
        self._current: Nonce | None = None
        self._stale = False

    def current(self, now: int) -> Nonce:
        if self._current is None or self._stale or now - self._current.created >= self.interval:
            index = 1 if self._current is None else (self._current.index % 0xFFFF) + 1
            value = self._generate(NONCE_LENGTH)
            kcn = (self._first_kcn if self._current is None and self._first_kcn is not None
                   else self._generate(KCN_LENGTH))
            self._current = Nonce(index, value, now, kcn)
            self._nonces[index] = self._current
            self._stale = False
        return self._current

    def latest_kcn(self) -> bytes:
        """The Kcn of the newest nonce (the first Kcn before any nonce exists)."""
        if self._current is not None:
            return self._current.kcn
        return self._first_kcn or b""

    def renew(self) -> None:
        """Start a new nonce (and Kcn) at the next :meth:`current`, before the interval ends."""
        self._stale = self._current is not None

    def valid(self, index: int, now: int) -> Nonce | None:
        nonce = self._nonces.get(index)
        if nonce is None or now - nonce.created > self.max_lifetime:
            return None
        return nonce

    def all(self) -> list[Nonce]:
        return sorted(self._nonces.values(), key=lambda n: n.index)
