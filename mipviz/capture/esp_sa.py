"""The ESP Security Associations of a capture, read from a Wireshark ``esp_sa`` table.

Wireshark keeps the SAs it decrypts ESP with (RFC 4303) in a user table (UAT) named
``esp_sa``, one SA a line, each field a double-quoted string separated by commas (its
``uat_save`` writes ``"`` and ``\\`` and non-printable octets as ``\\xNN``), in this order
(epan/dissectors/packet-ipsec.c):

    protocol, source, destination, SPI, encryption, encryption key, authentication,
    authentication key

``protocol`` is ``IPv6``, ``IPv4`` or ``Any``; an address is one address or ``*`` (any); the
SPI is ``0x...`` hexadecimal, a decimal number or ``*``; a key is ``0x...`` hexadecimal or
else the octets of the string. ``mipviz export --keylog K.txt`` writes exactly these lines to
``K.esp_sa`` (docs/ipsec.md). The algorithm names are Wireshark's own (its enum strings);
those mipviz can open are AES-CBC (RFC 3602) and NULL encryption (RFC 2410) with
HMAC-SHA-1-96 (RFC 2404), HMAC-MD5-96 (RFC 2403), HMAC-SHA-256/384/512 (RFC 4868) or NULL
authentication. Every other name Wireshark writes is refused by name; anything else is
refused as unknown. The file is read through :mod:`mipviz.safe_files` (a regular file, at
most :data:`MAXIMUM_OCTETS`), every bad line is ``FILE:line: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from ipaddress import AddressValueError, IPv6Address

from mipviz.i18n import tr
from mipviz.safe_files import read_regular
from mipviz.text_safety import visible

MAXIMUM_OCTETS = 1024 * 1024  # an SA table is a few lines; a bigger file is not one
MAXIMUM_LINE = 2048  # eight fields, the longest key 64 octets in hexadecimal
MAXIMUM_ENTRIES = 4096

# Wireshark's encryption names -> (cipher, block and IV octets, allowed key lengths)
ENCRYPTION = {
    "NULL": ("null", 0, (0,)),
    "AES-CBC [RFC3602]": ("aes-cbc", 16, (16, 24, 32)),
}
# Wireshark's authentication names -> (hash name for hmac, ICV octets)
AUTHENTICATION = {
    "NULL": (None, 0),
    "HMAC-SHA-1-96 [RFC2404]": ("sha1", 12),
    "HMAC-MD5-96 [RFC2403]": ("md5", 12),
    "HMAC-SHA-256-128 [RFC4868]": ("sha256", 16),
    "HMAC-SHA-384-192 [RFC4868]": ("sha384", 24),
    "HMAC-SHA-512-256 [RFC4868]": ("sha512", 32),
}
# Names Wireshark writes that mipviz does not decrypt (said so, rather than "unknown")
UNSUPPORTED = frozenset({
    "TripleDES-CBC [RFC2451]", "AES-CTR [RFC3686]", "DES-CBC [RFC2405]",
    "CAST5-CBC [RFC2144]", "BLOWFISH-CBC [RFC2451]", "TWOFISH-CBC",
    "AES-GCM with 8 octet ICV [RFC4106]", "AES-GCM with 12 octet ICV [RFC4106]",
    "AES-GCM with 16 octet ICV [RFC4106]", "NULL encryption with AES-GMAC [RFC4543]",
    "ChaCha20 with Poly1305 [RFC7634]",
    "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", "MAC-RIPEMD-160-96 [RFC2857]",
    "ANY 64 bit authentication [no checking]", "ANY 96 bit authentication [no checking]",
    "ANY 128 bit authentication [no checking]", "ANY 192 bit authentication [no checking]",
    "ANY 256 bit authentication [no checking]",
})


class EspSaError(ValueError):
    """A bad SA table; ``str()`` is ``FILE:line: message`` (or ``FILE: message``)."""


@dataclass(frozen=True, slots=True)
class SaEntry:
    """One line of the table: ``source``/``destination`` None for ``*``, ``spi`` None for
    ``*``, ``protocol`` None for ``Any``."""

    line: int
    protocol: str | None
    source: bytes | None
    destination: bytes | None
    spi: int | None
    encryption: str
    encryption_key: bytes
    authentication: str
    authentication_key: bytes

    @property
    def block(self) -> int:
        return ENCRYPTION[self.encryption][1]

    @property
    def icv_length(self) -> int:
        return AUTHENTICATION[self.authentication][1]

    def matches(self, spi: int, source: bytes, destination: bytes) -> bool:
        return ((self.spi is None or self.spi == spi)
                and (self.source is None or self.source == source)
                and (self.destination is None or self.destination == destination)
                and self.protocol != "IPv4")


@dataclass(slots=True)
class EspKeyring:
    """The SAs of one table, looked up by SPI (wildcard SPIs after the exact ones)."""

    path: str
    entries: list[SaEntry] = field(default_factory=list)
    _by_spi: dict[int, list[SaEntry]] = field(default_factory=dict)
    _any_spi: list[SaEntry] = field(default_factory=list)

    def add(self, entry: SaEntry) -> None:
        self.entries.append(entry)
        if entry.spi is None:
            self._any_spi.append(entry)
        else:
            self._by_spi.setdefault(entry.spi, []).append(entry)

    def candidates(self, spi: int, source: bytes, destination: bytes) -> list[SaEntry]:
        """The SAs a packet with this SPI between these addresses may be under, in the
        table's order (Wireshark takes the first that matches; mipviz tries each ICV)."""
        return [entry for entry in (*self._by_spi.get(spi, ()), *self._any_spi)
                if entry.matches(spi, source, destination)]


def load_esp_sa(path: str | os.PathLike[str]) -> EspKeyring:
    """Read the table at ``path`` (raises :class:`~mipviz.safe_files.FileRefused` for what
    is not a readable regular file, :class:`EspSaError` for a bad line)."""
    name = os.fspath(path)
    octets = read_regular(path, MAXIMUM_OCTETS)
    return parse_esp_sa(octets, name)


def parse_esp_sa(octets: bytes, name: str) -> EspKeyring:
    shown = visible(name)
    if b"\0" in octets:
        raise EspSaError(tr("esp_replay.sa.binary", path=shown))
    try:
        text = octets.decode("utf-8")
    except UnicodeDecodeError as error:
        at = octets[: error.start].count(b"\n") + 1
        raise EspSaError(tr("esp_replay.sa.not_utf8", path=shown, line=at)) from None
    keyring = EspKeyring(name)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > MAXIMUM_LINE:
            raise EspSaError(tr("esp_replay.sa.line_too_long", path=shown, line=number,
                                limit=MAXIMUM_LINE))
        if len(keyring.entries) >= MAXIMUM_ENTRIES:
            raise EspSaError(tr("esp_replay.sa.too_many", path=shown, line=number,
                                limit=MAXIMUM_ENTRIES))
        try:
            keyring.add(_entry(number, _fields(line)))
        except _Bad as bad:
            raise EspSaError(tr("esp_replay.sa.bad_line", path=shown, line=number,
                                message=str(bad))) from None
    if not keyring.entries:
        raise EspSaError(tr("esp_replay.sa.empty", path=shown))
    return keyring


class _Bad(ValueError):
    pass


def _fields(line: str) -> list[str]:
    """The UAT fields of a line: ``"..."`` strings with ``\\xNN``, ``\\\\`` and ``\\"``
    escapes, separated by commas (blanks around them allowed)."""
    fields: list[str] = []
    index, length = 0, len(line)
    while True:
        while index < length and line[index] in " \t":
            index += 1
        if index >= length or line[index] != '"':
            raise _Bad(tr("esp_replay.sa.expected_quote", field=len(fields) + 1))
        index += 1
        value: list[str] = []
        while True:
            if index >= length:
                raise _Bad(tr("esp_replay.sa.unterminated", field=len(fields) + 1))
            char = line[index]
            if char == '"':
                index += 1
                break
            if char == "\\":
                escape = line[index + 1 : index + 2]
                if escape == "x" and _is_hex(line[index + 2 : index + 4]):
                    value.append(chr(int(line[index + 2 : index + 4], 16)))
                    index += 4
                    continue
                if escape in ('"', "\\"):
                    value.append(escape)
                    index += 2
                    continue
                raise _Bad(tr("esp_replay.sa.bad_escape", field=len(fields) + 1))
            value.append(char)
            index += 1
        fields.append("".join(value))
        while index < length and line[index] in " \t":
            index += 1
        if index >= length:
            return fields
        if line[index] != ",":
            raise _Bad(tr("esp_replay.sa.expected_comma", field=len(fields)))
        index += 1


def _is_hex(text: str) -> bool:
    return len(text) == 2 and all(char in "0123456789abcdefABCDEF" for char in text)


def _entry(number: int, fields: list[str]) -> SaEntry:
    if len(fields) != 8:
        raise _Bad(tr("esp_replay.sa.field_count", count=len(fields)))
    protocol, source, destination, spi, encryption, encryption_key, authentication, \
        authentication_key = fields
    if protocol not in ("IPv6", "IPv4", "Any"):
        raise _Bad(tr("esp_replay.sa.protocol", value=visible(protocol)))
    for name in (encryption, authentication):
        if name in UNSUPPORTED:
            raise _Bad(tr("esp_replay.sa.unsupported", name=visible(name)))
    if encryption not in ENCRYPTION:
        raise _Bad(tr("esp_replay.sa.unknown_encryption", name=visible(encryption)))
    if authentication not in AUTHENTICATION:
        raise _Bad(tr("esp_replay.sa.unknown_authentication", name=visible(authentication)))
    key = _key(encryption_key)
    allowed = ENCRYPTION[encryption][2]
    if len(key) not in allowed:
        raise _Bad(tr("esp_replay.sa.key_length", name=encryption, length=len(key),
                      allowed="/".join(str(size) for size in allowed)))
    return SaEntry(number, None if protocol == "Any" else protocol, _address(source),
                   _address(destination), _spi(spi), encryption, key, authentication,
                   _key(authentication_key))


def _address(text: str) -> bytes | None:
    if text == "*":
        return None
    try:
        return IPv6Address(text).packed
    except AddressValueError:
        raise _Bad(tr("esp_replay.sa.address", value=visible(text))) from None


def _spi(text: str) -> int | None:
    if text == "*":
        return None
    try:
        value = int(text[2:], 16) if text[:2].lower() == "0x" else int(text, 10)
    except ValueError:
        raise _Bad(tr("esp_replay.sa.spi", value=visible(text))) from None
    if not 0 < value <= 0xFFFFFFFF or text.strip() != text:
        raise _Bad(tr("esp_replay.sa.spi", value=visible(text)))
    return value


def _key(text: str) -> bytes:
    """``0x`` and hexadecimal digits, else the string's own octets (as Wireshark takes a
    key that does not start with ``0x``)."""
    if text[:2].lower() == "0x":
        try:
            return bytes.fromhex(text[2:])
        except ValueError:
            raise _Bad(tr("esp_replay.sa.key_hex", value=visible(text[:40]))) from None
    return text.encode("latin-1", "replace")
