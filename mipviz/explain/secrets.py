"""The correspondents' Return Routability secrets, captured once after a run as plain data.

``mipviz export --keylog`` writes the same facts (DESIGN.md key-log lines ``CN_KEY`` and
``CN_NONCE``): each correspondent's Kcn (20 octets, RFC 6275 §5.2.1) and every nonce it issued
with its 16-bit index (§5.2.2). The explanation reads these values, never the engine's objects.
Nonces rotate (a new one every nonce interval), so each keeps the virtual time it was created.
The interface MACs are kept too: the care-of address is built from one (S07). So are the ESP
Security Associations between mobile nodes and home agents (``export --keylog`` writes them
as Wireshark's ``esp_sa`` table): the explanation opens ESP with their keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv6Address
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.engine.network import Network


@dataclass(frozen=True, slots=True)
class IssuedNonce:
    index: int
    value: bytes
    created: int  # virtual µs


@dataclass(frozen=True, slots=True)
class CorrespondentSecret:
    node: str
    kcn: bytes
    nonces: tuple[IssuedNonce, ...] = ()

    def nonce(self, index: int) -> IssuedNonce | None:
        return next((n for n in self.nonces if n.index == index), None)

    def current_nonce(self, time: int) -> IssuedNonce | None:
        """The nonce a HoTI/CoTI arriving at ``time`` is answered with (the newest issued)."""
        issued = [n for n in self.nonces if n.created <= time]
        return max(issued, key=lambda n: n.created) if issued else None


def _empty() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class EspKey:
    """One ESP SA's keys (AES-CBC-128, HMAC-SHA1-96) and its mode."""

    spi: int
    mode: str  # "transport" | "tunnel"
    encryption_key: bytes
    authentication_key: bytes


def _no_keys() -> Mapping[int, EspKey]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class RunSecrets:
    """``correspondents``: CN address -> its Kcn and nonces; ``macs``: node -> its MACs."""

    correspondents: Mapping[IPv6Address, CorrespondentSecret] = field(
        default_factory=lambda: MappingProxyType({}))
    macs: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)
    esp: Mapping[int, EspKey] = field(default_factory=_no_keys)  # SPI -> keys

    def for_address(self, address: IPv6Address) -> CorrespondentSecret | None:
        return self.correspondents.get(address)


def capture(network: Network) -> RunSecrets:
    """Read the secrets out of a finished run (the only place that touches engine objects)."""
    from mipviz.engine.correspondent import CorrespondentNode

    correspondents: dict[IPv6Address, CorrespondentSecret] = {}
    macs: dict[str, tuple[str, ...]] = {}
    for name, node in network.sim.nodes.items():
        macs[name] = tuple(interface.mac for interface in node.interfaces)
        if isinstance(node, CorrespondentNode):
            nonces = tuple(IssuedNonce(n.index, n.value, n.created) for n in node.nonces.all())
            correspondents[node.primary_address()] = CorrespondentSecret(name, node.kcn, nonces)
    esp = {record.spi: EspKey(record.spi, record.mode, record.encryption_key,
                              record.authentication_key)
           for record in network.security_associations()}
    return RunSecrets(MappingProxyType(correspondents), MappingProxyType(macs),
                      MappingProxyType(esp))


def parse_esp_sa(text: str) -> dict[int, EspKey]:
    """The ``esp_sa`` table ``export --keylog`` writes, read back (mode is not in it: the
    Next Header inside tells)."""
    keys: dict[int, EspKey] = {}
    for line in text.splitlines():
        fields = [part.strip().strip('"') for part in line.split(",")]
        if len(fields) != 8:
            continue
        spi = int(fields[3], 16)
        keys[spi] = EspKey(spi, "", bytes.fromhex(fields[5].removeprefix("0x")),
                           bytes.fromhex(fields[7].removeprefix("0x")))
    return keys


def parse_key_log(text: str) -> RunSecrets:
    """The key log ``export --keylog`` writes, read back (for checking, and by tests)."""
    kcns: dict[IPv6Address, bytes] = {}
    nonces: dict[IPv6Address, list[IssuedNonce]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        try:
            if parts[0] == "CN_KEY" and len(parts) == 3:
                kcns[IPv6Address(parts[1])] = bytes.fromhex(parts[2])
            elif parts[0] == "CN_NONCE" and len(parts) == 4:
                nonces.setdefault(IPv6Address(parts[1]), []).append(
                    IssuedNonce(int(parts[2]), bytes.fromhex(parts[3]), 0))
            else:
                raise ValueError(f"unknown record {parts[0]!r}")
        except ValueError as error:
            raise ValueError(f"key log line {number}: {error}") from None
    return RunSecrets(MappingProxyType({
        address: CorrespondentSecret(str(address), kcn, tuple(nonces.get(address, ())))
        for address, kcn in kcns.items()}))
