"""A frame's IPv6 header chain, parsed from its bytes (RFC 8200 §4, RFC 6275 §6).

Deliberately this package's own few lines rather than the engine's codec or scapy: the
explanation checks the bytes on the wire, so it must not share the code that produced them.
Offsets are from the frame's first octet (Ethernet II framing, as the engine writes it).
A Mobility Header inside ESP (RFC 6275 §5.1: BU/BA between MN and HA, HoTI/HoT on the MN–HA
leg) is found by opening the ESP with the run's keys (:mod:`mipviz.explain.esp`); its offsets
are then in the decrypted frame, not on the wire (``decrypted``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.explain.secrets import EspKey

ETHERNET_HEADER = 14
ETHERTYPE_IPV6 = 0x86DD
IPV6_HEADER = 40
HOP_BY_HOP, ROUTING, DESTINATION_OPTIONS, IPV6_IN_IPV6, MOBILITY = 0, 43, 60, 41, 135
HOME_ADDRESS_OPTION = 201
MH_BINDING_UPDATE, MH_BINDING_ACK = 5, 6
OPTION_NONCE_INDICES, OPTION_BAD, OPTION_ALTERNATE_COA = 4, 5, 3


@dataclass(frozen=True, slots=True)
class MobilityFrame:
    """The innermost packet's addresses and its Mobility Header (``mh`` from ``mh_offset``)."""

    source: IPv6Address
    destination: IPv6Address
    home_address_option: IPv6Address | None
    routing_header: IPv6Address | None  # the Type 2 Routing Header's home address
    mh_offset: int
    mh: bytes
    decrypted: bool = False  # found inside ESP: mh_offset is in the decrypted frame

    @property
    def mh_type(self) -> int:
        return self.mh[2]

    def options(self, first: int) -> list[tuple[int, int, bytes]]:
        """The mobility options from ``first`` (offset in the MH): (type, offset, value)."""
        found: list[tuple[int, int, bytes]] = []
        position = first
        while position < len(self.mh):
            kind = self.mh[position]
            if kind == 0:  # Pad1: a single octet
                position += 1
                continue
            if position + 2 > len(self.mh):
                break
            length = self.mh[position + 1]
            found.append((kind, position + 2, self.mh[position + 2:position + 2 + length]))
            position += 2 + length
        return found


def mobility_frame(frame: bytes,
                   esp: Mapping[int, EspKey] | None = None) -> MobilityFrame | None:
    """The Mobility Header of ``frame`` with its packet's addresses, or None. With ``esp``
    (SPI → keys) a Mobility Header inside ESP is found too, once its ICV verifies."""
    found = _mobility_frame(frame)
    if found is not None or not esp:
        return found
    from mipviz.explain.esp import open_esp, plain_frame

    opened = open_esp(frame, esp)
    plain = plain_frame(frame, opened) if opened is not None and opened.icv_ok else None
    inner = _mobility_frame(plain) if plain is not None else None
    return replace(inner, decrypted=True) if inner is not None else None


def _mobility_frame(frame: bytes) -> MobilityFrame | None:
    if len(frame) < ETHERNET_HEADER + IPV6_HEADER:
        return None
    if int.from_bytes(frame[12:14], "big") != ETHERTYPE_IPV6:
        return None
    offset = ETHERNET_HEADER
    while True:  # one IPv6 header, then its extension headers; again for each tunnel level
        if offset + IPV6_HEADER > len(frame) or frame[offset] >> 4 != 6:
            return None
        next_header = frame[offset + 6]
        source = IPv6Address(frame[offset + 8:offset + 24])
        destination = IPv6Address(frame[offset + 24:offset + 40])
        offset += IPV6_HEADER
        home_address: IPv6Address | None = None
        routing: IPv6Address | None = None
        while next_header in (HOP_BY_HOP, ROUTING, DESTINATION_OPTIONS):
            if offset + 2 > len(frame):
                return None
            length = (frame[offset + 1] + 1) * 8
            header = frame[offset:offset + length]
            if next_header == DESTINATION_OPTIONS:
                home_address = _home_address_option(header) or home_address
            elif next_header == ROUTING and len(header) >= 24 and header[2] == 2:
                routing = IPv6Address(header[8:24])
            next_header = header[0]
            offset += length
        if next_header == IPV6_IN_IPV6:
            continue
        if next_header != MOBILITY or offset + 8 > len(frame):
            return None
        length = (frame[offset + 1] + 1) * 8
        if offset + length > len(frame):
            return None
        return MobilityFrame(source, destination, home_address, routing, offset,
                             frame[offset:offset + length])


def _home_address_option(header: bytes) -> IPv6Address | None:
    position = 2
    while position < len(header):
        kind = header[position]
        if kind == 0:
            position += 1
            continue
        if position + 2 > len(header):
            return None
        length = header[position + 1]
        if kind == HOME_ADDRESS_OPTION and length == 16:
            return IPv6Address(header[position + 2:position + 18])
        position += 2 + length
    return None
