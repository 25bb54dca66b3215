"""Mobility options: the TLVs after a Mobility Header message's fixed part.

Format (RFC 6275 §6.2.1): Type (8), Length (8, octets after the Length field), data; Pad1
(type 0) is a single octet. Checked here, each finding naming its rule:

* an option running past the end of the Mobility Header (RFC 6275 §6.2.1);
* a fixed-size option with the wrong Length (RFC 6275 §6.2.4-6.2.6, RFC 3963 §4.3,
  RFC 5213 §8.3-8.8, RFC 5648 §6.1);
* the "xn+y" alignment of RFC 6275 §6.2 and the documents that define each option;
* the Binding Authorization Data option not being last (RFC 6275 §6.2.7);
* an RFC 6275 option in a message it is not defined for (receivers skip it, §9.2);
* the pre-RFC type 17 for the FMIPv6 IPv6 Address/Prefix option (RFC 5568 §6.4.2 printed 17;
  its IANA section assigns 34, and 17 is DNS-UPDATE-TYPE of RFC 5026; PROTOCOL.md §23.17).
"""

from __future__ import annotations

import socket

from mipviz.capture.names import (
    ACCESS_TECHNOLOGY_NAMES,
    HANDOFF_INDICATOR_NAMES,
    MH_TYPE_NAMES,
    option_name,
)
from mipviz.capture.says import say

_OPTION_CUT_SHORT = say("capture.option.cut_short")
_OPTION_PAST_END = say("capture.option.past_end")
_AUTHORIZATION_NOT_LAST = say("capture.option.authorization_not_last")
_TYPE_17 = say("capture.option.type_17")()
_OR = say("capture.option.or")
_OPTION_LENGTH = say("capture.option.length")
_OPTION_ALIGNMENT = say("capture.option.alignment")
_OPTION_NOT_DEFINED = say("capture.option.not_defined")

PAD1 = 0
PADN = 1
BINDING_REFRESH_ADVICE = 2
ALTERNATE_CARE_OF_ADDRESS = 3
NONCE_INDICES = 4
BINDING_AUTHORIZATION_DATA = 5
MOBILE_NETWORK_PREFIX = 6
LINK_LAYER_ADDRESS = 7
MOBILE_NODE_IDENTIFIER = 8
DNS_UPDATE = 17
HOME_NETWORK_PREFIX = 22
HANDOFF_INDICATOR = 23
ACCESS_TECHNOLOGY_TYPE = 24
LINK_LOCAL_ADDRESS = 26
TIMESTAMP = 27
IPV6_ADDRESS_PREFIX = 34
BINDING_IDENTIFIER = 35

FMIPV6_MESSAGES = frozenset({8, 9, 14, 15})

# (Length values allowed, defining section)
_LENGTHS: dict[int, tuple[frozenset[int], str]] = {
    BINDING_REFRESH_ADVICE: (frozenset({2}), "RFC 6275 6.2.4"),
    ALTERNATE_CARE_OF_ADDRESS: (frozenset({16}), "RFC 6275 6.2.5"),
    NONCE_INDICES: (frozenset({4}), "RFC 6275 6.2.6"),
    MOBILE_NETWORK_PREFIX: (frozenset({18}), "RFC 3963 4.3"),
    HOME_NETWORK_PREFIX: (frozenset({18}), "RFC 5213 8.3"),
    HANDOFF_INDICATOR: (frozenset({2}), "RFC 5213 8.4"),
    ACCESS_TECHNOLOGY_TYPE: (frozenset({2}), "RFC 5213 8.5"),
    LINK_LOCAL_ADDRESS: (frozenset({16}), "RFC 5213 8.7"),
    TIMESTAMP: (frozenset({8}), "RFC 5213 8.8"),
    BINDING_IDENTIFIER: (frozenset({4, 8, 20}), "RFC 5648 6.1"),
}
# Alignment "xn+y" as (x, y, defining section), offsets from the start of the MH.
_ALIGNMENT: dict[int, tuple[int, int, str]] = {
    BINDING_REFRESH_ADVICE: (2, 0, "RFC 6275 6.2.4"),
    ALTERNATE_CARE_OF_ADDRESS: (8, 6, "RFC 6275 6.2.5"),
    NONCE_INDICES: (2, 0, "RFC 6275 6.2.6"),
    BINDING_AUTHORIZATION_DATA: (8, 2, "RFC 6275 6.2.7"),
    MOBILE_NETWORK_PREFIX: (8, 4, "RFC 3963 4.3"),
    HOME_NETWORK_PREFIX: (8, 4, "RFC 5213 8.3"),
    LINK_LOCAL_ADDRESS: (8, 6, "RFC 5213 8.7"),
    TIMESTAMP: (8, 2, "RFC 5213 8.8"),
}
# RFC 6275 §6.2.4-6.2.7 (and RFC 3963): the messages each core option is defined for.
_VALID_IN: dict[int, tuple[frozenset[int], str]] = {
    BINDING_REFRESH_ADVICE: (frozenset({6}), "RFC 6275 6.2.4"),
    ALTERNATE_CARE_OF_ADDRESS: (frozenset({5, 8, 14}), "RFC 6275 6.2.5"),
    NONCE_INDICES: (frozenset({5}), "RFC 6275 6.2.6"),
    BINDING_AUTHORIZATION_DATA: (frozenset({5, 6}), "RFC 6275 6.2.7"),
    MOBILE_NETWORK_PREFIX: (frozenset({5, 6}), "RFC 3963 4.3"),
}
_ADDRESS_CODE_NAMES = {1: "Old Care-of Address", 2: "New Care-of Address",
                       3: "NAR's IP address", 4: "NAR's prefix"}


class MobilityOption:
    """One option: its type, its offset in the Mobility Header, and its data octets."""

    __slots__ = ("offset", "type", "value")

    def __init__(self, option_type: int, offset: int, value: bytes) -> None:
        self.type = option_type
        self.offset = offset
        self.value = value

    @property
    def name(self) -> str:
        return option_name(self.type)

    def address(self) -> bytes | None:
        """The IPv6 address an address-carrying option holds, if well formed."""
        value = self.value
        if self.type in (ALTERNATE_CARE_OF_ADDRESS, LINK_LOCAL_ADDRESS) and len(value) == 16:
            return value
        if self.type == IPV6_ADDRESS_PREFIX and len(value) == 18:
            return value[2:]
        return None

    def binding_identifier(self) -> tuple[int, int, bytes | None] | None:
        """(BID, status, care-of address or None) of a Binding Identifier option (RFC 5648
        6.1: BID, status, flags, then an IPv6 care-of address when the length is 20; an
        IPv4 one, length 8, is not an IPv6 binding and is left as None)."""
        value = self.value
        if self.type != BINDING_IDENTIFIER or len(value) < 4:
            return None
        care_of = value[4:20] if len(value) == 20 else None
        return int.from_bytes(value[:2], "big"), value[2], care_of

    def prefix(self) -> tuple[bytes, int] | None:
        """(prefix, length) of a Mobile Network Prefix or Home Network Prefix option."""
        if self.type in (MOBILE_NETWORK_PREFIX, HOME_NETWORK_PREFIX) and len(self.value) == 18:
            return self.value[2:18], self.value[1]
        return None

    def describe(self) -> str:
        """Wireshark-like text: ``Alternate Care-of Address: 2001:db8:2::100``."""
        return f"{self.name}: {self.detail()}" if self.detail() else self.name

    def detail(self) -> str:
        value, kind = self.value, self.type
        if kind == PADN:
            return f"{len(value)} octets"
        if kind == BINDING_REFRESH_ADVICE and len(value) == 2:
            interval = int.from_bytes(value, "big")
            return f"refresh interval {interval} ({interval * 4} seconds)"
        if kind == NONCE_INDICES and len(value) == 4:
            return (f"home nonce index {int.from_bytes(value[:2], 'big')}, care-of nonce index "
                    f"{int.from_bytes(value[2:], 'big')}")
        if kind == BINDING_AUTHORIZATION_DATA:
            return f"authenticator {value.hex()}"
        prefix = self.prefix()
        if prefix is not None:
            return f"{address_text(prefix[0])}/{prefix[1]}"
        if kind == IPV6_ADDRESS_PREFIX and len(value) >= 2:
            code = _ADDRESS_CODE_NAMES.get(value[0], f"code {value[0]}")
            address = address_text(value[2:18]) if len(value) == 18 else value[2:].hex()
            return f"{code} {address}/{value[1]}"
        found = self.address()
        if found is not None:
            return address_text(found)
        if kind == MOBILE_NODE_IDENTIFIER and value:
            identifier = value[1:].decode("utf-8", "backslashreplace")
            return f"NAI {identifier}" if value[0] == 1 else f"subtype {value[0]} {identifier}"
        if kind == HANDOFF_INDICATOR and len(value) == 2:
            return HANDOFF_INDICATOR_NAMES.get(value[1], f"value {value[1]}")
        if kind == ACCESS_TECHNOLOGY_TYPE and len(value) == 2:
            return ACCESS_TECHNOLOGY_NAMES.get(value[1], f"value {value[1]}")
        if kind == TIMESTAMP and len(value) == 8:
            stamp = int.from_bytes(value, "big")
            return f"{stamp >> 16}.{(stamp & 0xFFFF) * 1_000_000 // 65536:06d} s since 1970"
        if kind == LINK_LAYER_ADDRESS and value:
            return f"option-code {value[0]} {':'.join(f'{b:02x}' for b in value[1:])}"
        if kind == BINDING_IDENTIFIER and len(value) >= 4:
            text = f"BID {int.from_bytes(value[:2], 'big')} status {value[2]}"
            if len(value) == 20:
                text += f" care-of address {address_text(value[4:20])}"
            return text
        return value.hex() if value else ""


def address_text(address: bytes) -> str:
    """RFC 5952 text of a 16-octet address (``inet_ntop`` is ~10x faster than ipaddress)."""
    return socket.inet_ntop(socket.AF_INET6, address)


def parse_options(
    data: bytes, mh_start: int, start: int, end: int, mh_type: int, problems: list[str],
    whole: bool = True,
) -> list[MobilityOption]:
    """The options between ``start`` and ``end`` of the Mobility Header at ``mh_start``.

    ``whole`` is False when the capture kept only part of the header: an option cut at ``end``
    is then not reported.
    """
    options: list[MobilityOption] = []
    offset = start
    after_authorization = False
    while offset < end:
        option_type = data[offset]
        if option_type == PAD1:
            offset += 1
            continue
        if offset + 2 > end:
            if whole:
                problems.append(_OPTION_CUT_SHORT(name=option_name(option_type)))
            break
        length = data[offset + 1]
        if offset + 2 + length > end:
            if whole:
                problems.append(_OPTION_PAST_END(name=option_name(option_type), kind=option_type,
                                                 length=length))
            break
        position = offset - mh_start
        option = MobilityOption(option_type, position, data[offset + 2 : offset + 2 + length])
        options.append(option)
        if option_type != PADN:
            if after_authorization:
                problems.append(_AUTHORIZATION_NOT_LAST(name=option_name(option_type)))
                after_authorization = False
            _check(option, length, position, mh_type, problems)
            if option_type == BINDING_AUTHORIZATION_DATA:
                after_authorization = True
        offset += 2 + length
    return options


def _check(option: MobilityOption, length: int, position: int, mh_type: int,
           problems: list[str]) -> None:
    kind = option.type
    if kind == DNS_UPDATE and mh_type in FMIPV6_MESSAGES:
        problems.append(_TYPE_17)
        return
    allowed = _LENGTHS.get(kind)
    if allowed is not None and length not in allowed[0]:
        first, *others = sorted(allowed[0])
        expected: str = str(first)
        for value in others:
            expected = _OR(left=expected, right=value)
        problems.append(_OPTION_LENGTH(rule=allowed[1], name=option.name, length=length,
                                       expected=expected))
    alignment = _ALIGNMENT.get(kind)
    if alignment is not None and position % alignment[0] != alignment[1]:
        problems.append(_OPTION_ALIGNMENT(rule=alignment[2], name=option.name,
                                          position=position, factor=alignment[0],
                                          remainder=alignment[1]))
    valid = _VALID_IN.get(kind)
    if valid is not None and mh_type in MH_TYPE_NAMES and mh_type not in valid[0]:
        problems.append(_OPTION_NOT_DEFINED(rule=valid[1], name=option.name,
                                            message=MH_TYPE_NAMES[mh_type]))
