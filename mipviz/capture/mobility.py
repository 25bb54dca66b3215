"""Decode a Mobility Header message and check it against the RFCs (no scapy).

Common header (RFC 6275 §6.1.1): Payload Proto (must be 59), Header Len (8-octet units after
the first 8), MH Type, Reserved, Checksum, then the message. The fixed part of each type:

====  =====================================  ===========================================
type  message                                fixed part after octet 6 (options start)
====  =====================================  ===========================================
0     Binding Refresh Request (6275 6.1.2)   reserved (8)
1/2   Home/Care-of Test Init (6.1.3, 6.1.4)  reserved, init cookie (16)
3/4   Home/Care-of Test (6.1.5, 6.1.6)       nonce index, init cookie, keygen token (24)
5     Binding Update (6.1.7); PMIPv6 Proxy   sequence, flags A H L K M R P F T B, lifetime
      BU with P (RFC 5213 8.1); HMIPv6 local in 4 s units (12)
      BU with M (RFC 5380 5.1)
6     Binding Acknowledgement (6.1.8)        status, flags K R P T B, sequence, lifetime (12)
7     Binding Error (6.1.9)                  status, reserved, home address (24)
8     Fast Binding Update (RFC 5568 6.3.1)   as BU, lifetime in seconds (12)
9     Fast Binding Acknowledgment (6.3.2)    as BA, lifetime in seconds (12)
10    Fast Neighbor Advertisement (6.3.3)    reserved (8)
11    Experimental (RFC 5096)                message data (6)
12    Home Agent Switch (RFC 5142)           count, reserved, home agent addresses (8+16n)
13    Heartbeat (RFC 5847)                   reserved, U R flags, 32-bit sequence (12)
14    Handover Initiate (RFC 5568 6.2.1)     sequence, S U flags, code (10)
15    Handover Acknowledge (RFC 5568 6.2.2)  sequence, reserved, code (10)
16    Binding Revocation (RFC 5846)          type, trigger/status, sequence, flags (12)
17    Localized Routing Initiation (6705)    sequence, reserved, lifetime (12)
18    Localized Routing Ack. (RFC 6705)      sequence, U flag, status, lifetime (12)
====  =====================================  ===========================================

The decoder never raises and never reads past the octets present: a field the capture did not
keep is left out, and the problem says what is missing.
"""

from __future__ import annotations

from typing import Any

from mipviz.capture.mobility_options import (
    ACCESS_TECHNOLOGY_TYPE,
    ALTERNATE_CARE_OF_ADDRESS,
    BINDING_AUTHORIZATION_DATA,
    HANDOFF_INDICATOR,
    HOME_NETWORK_PREFIX,
    MOBILE_NETWORK_PREFIX,
    MOBILE_NODE_IDENTIFIER,
    MobilityOption,
    address_text,
    parse_options,
)
from mipviz.capture.names import mh_type_name
from mipviz.capture.says import say

_PRE_RFC_PROTOCOL = say("capture.mh.pre_rfc_protocol")
_MH_CUT_SHORT = say("capture.mh.cut_short")
_PAYLOAD_PROTO = say("capture.mh.payload_proto")
_UNKNOWN_TYPE = say("capture.mh.unknown_type")
_HEADER_LEN_BELOW = say("capture.mh.header_len_below")
_HEADER_LEN_PAST = say("capture.mh.header_len_past")
_FIXED_CUT_SHORT = say("capture.mh.fixed_cut_short")
_SWITCH_COUNT = say("capture.mh.switch_count")
_PBU_WITHOUT = say("capture.mh.pbu_without")
_BA_AUTHORIZATION = say("capture.mh.ba_authorization")
_BE_UNASSIGNED = say("capture.mh.be_unassigned")
_RULES = {name: say(f"capture.mh.{name}")() for name in (
    "pmip_without_p", "r_without_h", "prefix_without_r", "k_to_correspondent", "pbu_without_a",
    "map_alternate_care_of", "fbu_flags")}

BINDING_REFRESH_REQUEST = 0
HOME_TEST_INIT = 1
CARE_OF_TEST_INIT = 2
HOME_TEST = 3
CARE_OF_TEST = 4
BINDING_UPDATE = 5
BINDING_ACKNOWLEDGEMENT = 6
BINDING_ERROR = 7
FAST_BINDING_UPDATE = 8
FAST_BINDING_ACKNOWLEDGMENT = 9
HOME_AGENT_SWITCH = 12
HEARTBEAT = 13
HANDOVER_INITIATE = 14
HANDOVER_ACKNOWLEDGE = 15
BINDING_REVOCATION = 16
LOCALIZED_ROUTING_INITIATION = 17
LOCALIZED_ROUTING_ACKNOWLEDGMENT = 18

# Minimum total length in octets (RFC 6275 9.2 for 0-7; the fixed parts for the others).
MINIMUM_LENGTH = {0: 8, 1: 16, 2: 16, 3: 24, 4: 24, 5: 16, 6: 16, 7: 24, 8: 16, 9: 16,
                  10: 8, 11: 8, 12: 24, 13: 16, 14: 16, 15: 16, 16: 16, 17: 16, 18: 16}
OPTIONS_OFFSET = {0: 8, 1: 16, 2: 16, 3: 24, 4: 24, 5: 12, 6: 12, 7: 24, 8: 12, 9: 12,
                  10: 8, 11: 6, 12: 8, 13: 12, 14: 10, 15: 10, 16: 12, 17: 12, 18: 12}
BU_FLAG_BITS = (("A", 0x8000), ("H", 0x4000), ("L", 0x2000), ("K", 0x1000), ("M", 0x0800),
                ("R", 0x0400), ("P", 0x0200), ("F", 0x0100), ("T", 0x0080), ("B", 0x0040))
BA_FLAG_BITS = (("K", 0x80), ("R", 0x40), ("P", 0x20), ("T", 0x10), ("B", 0x08))
_FBU_FLAG_BITS = BU_FLAG_BITS[:4]  # RFC 5568 6.3.1: A H L K
_FBA_FLAG_BITS = BA_FLAG_BITS[:1]  # RFC 5568 6.3.2: K
_PMIP_OPTIONS = {MOBILE_NODE_IDENTIFIER: "Mobile Node Identifier",
                 HOME_NETWORK_PREFIX: "Home Network Prefix",
                 HANDOFF_INDICATOR: "Handoff Indicator",
                 ACCESS_TECHNOLOGY_TYPE: "Access Technology Type"}


class MobilityMessage:
    """A decoded Mobility Header message: its type, fields, options and problems.

    ``fields`` keys are spelled out: ``sequence``, ``flags`` (a tuple of flag letters),
    ``lifetime_seconds``, ``status``, ``home_address`` (16 octets), ``home_init_cookie``...
    """

    __slots__ = ("fields", "header_length", "link_source", "mh_type", "options",
                 "payload_proto", "problems", "truncated")

    def __init__(self, mh_type: int) -> None:
        self.mh_type = mh_type
        self.payload_proto = 59
        self.header_length = 0
        self.fields: dict[str, Any] = {}
        self.options: list[MobilityOption] = []
        self.problems: list[str] = []
        self.truncated = False  # the capture kept only part of it
        # the Ethernet source address of the frame it was first seen in (its sender's own
        # interface: later hops share this decode), None when the capture has no Ethernet
        self.link_source: bytes | None = None

    @property
    def name(self) -> str:
        return mh_type_name(self.mh_type)

    @property
    def flags(self) -> tuple[str, ...]:
        flags: tuple[str, ...] = self.fields.get("flags", ())
        return flags

    @property
    def sequence(self) -> int | None:
        value: int | None = self.fields.get("sequence")
        return value

    @property
    def proxy(self) -> bool:
        """A PMIPv6 Proxy Binding Update/Acknowledgement (RFC 5213 8.1, 8.2: the P flag)."""
        return "P" in self.flags

    def option(self, option_type: int) -> MobilityOption | None:
        for option in self.options:
            if option.type == option_type:
                return option
        return None

    def alternate_care_of_address(self) -> bytes | None:
        option = self.option(ALTERNATE_CARE_OF_ADDRESS)
        return option.address() if option is not None else None

    def prefixes(self, option_type: int = MOBILE_NETWORK_PREFIX) -> list[str]:
        """Prefixes of the MNP (NEMO) or HNP (PMIPv6) options as ``address/length`` text."""
        found = []
        for option in self.options:
            if option.type == option_type:
                prefix = option.prefix()
                if prefix is not None:
                    found.append(f"{address_text(prefix[0])}/{prefix[1]}")
        return found

    def mobile_node_identifier(self) -> str | None:
        option = self.option(MOBILE_NODE_IDENTIFIER)
        if option is None or len(option.value) < 2:
            return None
        return option.value[1:].decode("utf-8", "backslashreplace")  # \xff, not U+FFFD


def decode_mobility_header(
    data: bytes, start: int, end: int, protocol: int = 135, truncated: bool = False
) -> MobilityMessage:
    """Decode the Mobility Header at ``data[start:end]`` (``end`` = the octets present).

    ``truncated`` says the capture kept less than the frame: octets missing at the end are
    then not reported as the sender's fault.
    """
    present = end - start
    mh_type = data[start + 2] if present >= 3 else -1
    message = MobilityMessage(mh_type)
    problems = message.problems
    if protocol != 135:
        problems.append(_PRE_RFC_PROTOCOL(protocol=protocol))
    if present < 6:
        message.truncated = truncated
        if not truncated:
            problems.append(_MH_CUT_SHORT(present=present))
        return message
    message.payload_proto = data[start]
    total = (data[start + 1] + 1) * 8
    message.header_length = total
    if message.payload_proto != 59:
        problems.append(_PAYLOAD_PROTO(proto=message.payload_proto))
    minimum = MINIMUM_LENGTH.get(mh_type)
    if minimum is None:
        problems.append(_UNKNOWN_TYPE(mh_type=mh_type))
    elif total < minimum:
        problems.append(_HEADER_LEN_BELOW(length=data[start + 1], total=total, minimum=minimum,
                                          name=message.name))
    # Octets the capture did not keep are the capture's cut, not the sender's fault.
    message.truncated = total > present and truncated
    if total > present and not truncated:
        problems.append(_HEADER_LEN_PAST(total=total, present=present))
    stop = start + min(total, present)
    _FIXED.get(mh_type, _nothing)(message, data, start, stop)
    options_start = start + OPTIONS_OFFSET.get(mh_type, 6)
    if mh_type == HOME_AGENT_SWITCH:
        options_start = start + 8 + 16 * len(message.fields.get("home_agent_addresses", ()))
    if minimum is not None and options_start < stop and mh_type != 11:
        message.options = parse_options(data, start, options_start, stop, mh_type, problems,
                                        whole=not message.truncated)
    _check_message(message)
    return message


def _nothing(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    return None


def _short(message: MobilityMessage, stop: int, start: int, need: int) -> bool:
    if stop - start < need:
        if not message.truncated:
            message.problems.append(_FIXED_CUT_SHORT(name=message.name, present=stop - start,
                                                     need=need))
        return True
    return False


def _flags(word: int, bits: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(letter for letter, mask in bits if word & mask)


# The flag letters of each BU/BA flags word met so far, one table per set of flag bits: a
# capture repeats a few combinations, and the same tuple then stands for every message with
# them (a table holds at most 2**16 words).
_BU_FLAGS: dict[int, tuple[str, ...]] = {}
_FBU_FLAGS: dict[int, tuple[str, ...]] = {}
_BA_FLAGS: dict[int, tuple[str, ...]] = {}
_FBA_FLAGS: dict[int, tuple[str, ...]] = {}


def _flags_of(word: int, bits: tuple[tuple[str, int], ...],
              known: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """:func:`_flags`, remembered in ``known`` (the table of ``bits``)."""
    found = known.get(word)
    if found is None:
        found = known[word] = _flags(word, bits)
    return found


def _test_init(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 16):
        return
    key = "home_init_cookie" if message.mh_type == HOME_TEST_INIT else "care_of_init_cookie"
    message.fields[key] = data[start + 8 : start + 16]


_TEST_KEYS = {HOME_TEST: ("home_nonce_index", "home_init_cookie", "home_keygen_token"),
              CARE_OF_TEST: ("care_of_nonce_index", "care_of_init_cookie",
                             "care_of_keygen_token")}


def _test(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 24):
        return
    index, cookie, token = _TEST_KEYS[message.mh_type]
    message.fields.update({
        index: (data[start + 6] << 8) | data[start + 7],
        cookie: data[start + 8 : start + 16],
        token: data[start + 16 : start + 24],
    })


def _binding_update(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 12):
        return
    lifetime = (data[start + 10] << 8) | data[start + 11]
    unit = 1 if message.mh_type == FAST_BINDING_UPDATE else 4  # RFC 5568: seconds
    bits, known = ((BU_FLAG_BITS, _BU_FLAGS) if message.mh_type == BINDING_UPDATE
                   else (_FBU_FLAG_BITS, _FBU_FLAGS))
    message.fields.update({
        "sequence": (data[start + 6] << 8) | data[start + 7],
        "flags": _flags_of((data[start + 8] << 8) | data[start + 9], bits, known),
        "lifetime": lifetime,
        "lifetime_seconds": lifetime * unit,
    })


def _binding_acknowledgement(message: MobilityMessage, data: bytes, start: int,
                             stop: int) -> None:
    if _short(message, stop, start, 12):
        return
    lifetime = (data[start + 10] << 8) | data[start + 11]
    unit = 1 if message.mh_type == FAST_BINDING_ACKNOWLEDGMENT else 4
    bits, known = ((BA_FLAG_BITS, _BA_FLAGS) if message.mh_type == BINDING_ACKNOWLEDGEMENT
                   else (_FBA_FLAG_BITS, _FBA_FLAGS))
    message.fields.update({
        "status": data[start + 6],
        "flags": _flags_of(data[start + 7], bits, known),
        "sequence": (data[start + 8] << 8) | data[start + 9],
        "lifetime": lifetime,
        "lifetime_seconds": lifetime * unit,
    })


def _binding_error(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 24):
        return
    message.fields.update({"status": data[start + 6],
                           "home_address": data[start + 8 : start + 24]})


def _experimental(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    message.fields["data"] = data[start + 6 : stop]


def _home_agent_switch(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 8):
        return
    count = data[start + 6]
    available = (stop - start - 8) // 16
    if count > available:
        message.problems.append(_SWITCH_COUNT(count=count, available=available))
    message.fields["home_agent_addresses"] = [
        data[start + 8 + 16 * index : start + 24 + 16 * index]
        for index in range(min(count, available))]


def _heartbeat(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 12):
        return
    message.fields.update({
        "flags": _flags(data[start + 7], (("U", 0x02), ("R", 0x01))),
        "sequence": int.from_bytes(data[start + 8 : start + 12], "big"),
    })


def _handover(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 10):
        return
    message.fields.update({"sequence": int.from_bytes(data[start + 6 : start + 8], "big"),
                           "code": data[start + 9]})
    if message.mh_type == HANDOVER_INITIATE:
        message.fields["flags"] = _flags(data[start + 8], (("S", 0x80), ("U", 0x40)))


def _binding_revocation(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 12):
        return
    kind = data[start + 6]
    message.fields.update({
        "revocation_type": {1: "Indication", 2: "Acknowledgement"}.get(kind, f"type {kind}"),
        "trigger" if kind == 1 else "status": data[start + 7],
        "sequence": int.from_bytes(data[start + 8 : start + 10], "big"),
    })


def _localized_routing(message: MobilityMessage, data: bytes, start: int, stop: int) -> None:
    if _short(message, stop, start, 12):
        return
    message.fields.update({"sequence": int.from_bytes(data[start + 6 : start + 8], "big"),
                           "lifetime_seconds": int.from_bytes(data[start + 10 : start + 12],
                                                              "big")})
    if message.mh_type == LOCALIZED_ROUTING_ACKNOWLEDGMENT:
        message.fields.update({"flags": ("U",) if data[start + 8] & 0x80 else (),
                               "status": data[start + 9]})


_FIXED = {
    1: _test_init, 2: _test_init, 3: _test, 4: _test, 5: _binding_update,
    6: _binding_acknowledgement, 7: _binding_error, 8: _binding_update,
    9: _binding_acknowledgement, 11: _experimental, 12: _home_agent_switch, 13: _heartbeat,
    14: _handover, 15: _handover, 16: _binding_revocation, 17: _localized_routing,
    18: _localized_routing,
}


_CHECKED_TYPES = frozenset({BINDING_UPDATE, BINDING_ACKNOWLEDGEMENT, FAST_BINDING_UPDATE,
                            BINDING_ERROR})


def _check_message(message: MobilityMessage) -> None:
    """Rules about one message on its own (pairs of messages are checked in bindings.py)."""
    mh_type = message.mh_type
    if mh_type not in _CHECKED_TYPES:  # the rules below are about these types only
        return
    flags, problems = message.flags, message.problems
    if mh_type == BINDING_UPDATE and "flags" in message.fields:
        present = {option.type for option in message.options}
        if "P" in flags:
            for option_type, name in _PMIP_OPTIONS.items():
                if option_type not in present:
                    problems.append(_PBU_WITHOUT(name=name))
        elif present & _PMIP_OPTIONS.keys() - {MOBILE_NODE_IDENTIFIER}:
            problems.append(_RULES["pmip_without_p"])
        if "R" in flags and "H" not in flags:
            problems.append(_RULES["r_without_h"])
        if MOBILE_NETWORK_PREFIX in present and "R" not in flags:
            problems.append(_RULES["prefix_without_r"])
        if "K" in flags and "H" not in flags and "P" not in flags and "M" not in flags:
            problems.append(_RULES["k_to_correspondent"])
        if "P" in flags and "A" not in flags:
            problems.append(_RULES["pbu_without_a"])
        if "M" in flags and ALTERNATE_CARE_OF_ADDRESS in present:
            problems.append(_RULES["map_alternate_care_of"])
    elif message.mh_type == BINDING_ACKNOWLEDGEMENT and "status" in message.fields:
        status = message.fields["status"]
        has_authorization = message.option(BINDING_AUTHORIZATION_DATA) is not None
        if 136 <= status <= 138 and has_authorization:
            problems.append(_BA_AUTHORIZATION(status=status))
    elif message.mh_type == FAST_BINDING_UPDATE and "flags" in message.fields:
        if "A" not in flags or "H" not in flags:
            problems.append(_RULES["fbu_flags"])
    elif message.mh_type == BINDING_ERROR and message.fields.get("status") not in (None, 1, 2):
        problems.append(_BE_UNASSIGNED(status=message.fields["status"]))
