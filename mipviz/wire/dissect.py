"""A frame's bytes as a tree of named fields, each with its byte offset and length.

The packet inspector lights the bytes of the field a learner selects; only scapy knows where
each of its fields sits, so this walks scapy's dissection of the frame field by field,
re-serialising each field (``Field.addfield``) to learn how many bits it took. Bit fields
(IPv6 version, traffic class, flow label; Mobility Header flags) share octets: each reports
the octets it touches. Sub-packets (extension header options, mobility options, ND options)
become children. Never raises: bytes scapy cannot place become a "Raw" layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mipviz.wire._scapy import Ether, NoPayload, Packet

ESP = 50  # Next Header of the Encapsulating Security Payload (RFC 4303)
# Wireshark-like names for scapy's layer names (the rest keep scapy's own).
_LAYER_NAMES: dict[str, str] = {
    "Ethernet": "Ethernet II",
    "IPv6": "Internet Protocol Version 6",
    "IPv6 Extension Header - Destination Options Header": "Destination Options",
    "IPv6 Option Header Routing": "Routing Header",
    "IPv6 Option Header Routing Type 2": "Type 2 Routing Header",
    "Home Address Option": "Home Address Option",
}


@dataclass(frozen=True, slots=True)
class DissectedField:
    """One header or field: ``offset`` and ``length`` in octets from the frame's start."""

    name: str
    value: str
    offset: int
    length: int
    children: tuple[DissectedField, ...] = ()


def dissect(frame_bytes: bytes) -> tuple[DissectedField, ...]:
    """One :class:`DissectedField` per layer of the Ethernet frame, fields as children."""
    return _dissect_cached(bytes(frame_bytes))


@lru_cache(maxsize=4096)
def _dissect_cached(frame_bytes: bytes) -> tuple[DissectedField, ...]:
    try:
        packet = Ether(frame_bytes)
    except Exception:  # scapy raises assorted errors on hostile input
        return (DissectedField("Raw", frame_bytes.hex(), 0, len(frame_bytes)),)
    layers: list[DissectedField] = []
    offset = 0
    layer: Any = packet
    while layer is not None and not isinstance(layer, NoPayload) and offset < len(frame_bytes):
        try:
            children, length = _fields(layer, offset)
        except Exception:
            length = len(frame_bytes) - offset
            children = ()
            layers.append(DissectedField("Raw", frame_bytes[offset:].hex(), offset, length))
            break
        name = _layer_name(str(layer.name))
        if name == "Raw" and layers and _names_esp(layer.underlayer):
            layers.append(_esp(frame_bytes, offset))
            break
        layers.append(DissectedField(name, _summary(layer), offset, max(length, 0), children))
        offset += length
        layer = layer.payload
    return tuple(layers)


def _names_esp(layer: Any) -> bool:
    """Whether the header before this one says Next Header 50 (ESP, RFC 4303)."""
    try:
        return layer is not None and int(layer.nh) == ESP
    except (AttributeError, TypeError, ValueError):
        return False


def _esp(frame_bytes: bytes, offset: int) -> DissectedField:
    """The ESP header as Wireshark shows it without keys: SPI, Sequence Number, then octets
    only the SA opens (the inspector's explanation opens them with the run's keys)."""
    data = frame_bytes[offset:]
    if len(data) < 8:
        return DissectedField("Raw", data.hex(), offset, len(data))
    spi, sequence = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:8], "big")
    return DissectedField(
        "Encapsulating Security Payload", f"SPI=0x{spi:08x} seq {sequence}", offset, len(data),
        (DissectedField("spi", f"0x{spi:08x}", offset, 4),
         DissectedField("seq", str(sequence), offset + 4, 4),
         DissectedField("encrypted (IV, payload, trailer, ICV)", _grouped(data[8:]),
                        offset + 8, len(data) - 8)))


def _layer_name(name: str) -> str:
    if name.startswith("IPv6 Mobility Header - "):
        return "Mobility Header: " + name.removeprefix("IPv6 Mobility Header - ")
    return _LAYER_NAMES.get(name, name)


def _bits(built: Any) -> int:
    if isinstance(built, tuple):  # a partial octet: (octets, bits done, value)
        return len(built[0]) * 8 + int(built[1])
    return len(built) * 8


def _fields(layer: Packet, base: int) -> tuple[tuple[DissectedField, ...], int]:
    """The fields of one layer (not its payload) and the layer's header length in octets."""
    built: Any = b""
    fields: list[DissectedField] = []
    for field in layer.fields_desc:
        start = _bits(built)
        value = layer.getfieldval(field.name)
        built = field.addfield(layer, built, value)
        end = _bits(built)
        if end == start:
            continue  # a conditional field that is absent
        offset = base + start // 8
        length = max(1, (end + 7) // 8 - start // 8)
        if isinstance(value, list) and value and all(isinstance(v, Packet) for v in value):
            fields.append(DissectedField(field.name, f"{len(value)} item(s)", offset, length,
                                         _packets(value, offset)))
        elif isinstance(value, Packet):
            fields.append(DissectedField(field.name, str(value.name), offset, length,
                                         _packets([value], offset)))
        else:
            fields.append(DissectedField(field.name, _text(field, layer, value, end - start),
                                         offset, length))
    return tuple(fields), _bits(built) // 8


def _packets(packets: list[Packet], base: int) -> tuple[DissectedField, ...]:
    out: list[DissectedField] = []
    offset = base
    for packet in packets:
        children, length = _fields(packet, offset)
        total = len(bytes(packet))
        out.append(DissectedField(str(packet.name), _summary(packet), offset, total, children))
        offset += max(total, length)
    return tuple(out)


def _text(field: Any, layer: Packet, value: Any, width: int) -> str:
    """scapy's own rendering, except octet strings and wide integers (cookies, keygen tokens,
    the 96-bit authenticator): hex in 4-digit groups, never ``b'...'`` or a decimal number."""
    if isinstance(value, (bytes, bytearray)):
        return _grouped(bytes(value))
    if isinstance(value, int) and width > 32 and width % 8 == 0 and value >= 0:
        return _grouped(value.to_bytes(width // 8, "big"))
    try:
        return str(field.i2repr(layer, value))
    except Exception:
        return repr(value)


def _grouped(data: bytes) -> str:
    text = data.hex()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4)) or "(none)"


def _summary(layer: Packet) -> str:
    try:
        return str(layer.mysummary()) if type(layer).mysummary is not Packet.mysummary else ""
    except Exception:
        return ""
