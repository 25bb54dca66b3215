"""Decode the ICMPv6 messages mobility uses, and the ND options it added (no scapy).

* Dynamic Home Agent Address Discovery: Request 144 and Reply 145 (RFC 6275 §6.5, §6.6), with
  the NEMO R flag (RFC 3963 §4.5) as the first bit after the Identifier;
* Mobile Prefix Solicitation 146 and Advertisement 147 (RFC 6275 §6.7, §6.8);
* FMIPv6 154: RtSolPr (subtype 2) and PrRtAdv (subtype 3) with the IP Address/Prefix (17),
  Link-layer Address (19) and NAACK (20) options (RFC 5568 §6.1, §6.4);
* Router Advertisements with the Home Agent (H) flag, the Prefix Information R flag, the
  Advertisement Interval (7) and Home Agent Information (8) options (RFC 6275 §7) and the
  HMIPv6 MAP option (23, RFC 5380);
* and, for the summary line, Echo, Neighbor Solicitation/Advertisement and the error messages.
"""

from __future__ import annotations

from typing import Any

from mipviz.capture.mobility_options import address_text
from mipviz.capture.says import say
from mipviz.wire.layout import ND_OPTION_NAMES

DHAAD_REQUEST = 144
DHAAD_REPLY = 145
MOBILE_PREFIX_SOLICITATION = 146
MOBILE_PREFIX_ADVERTISEMENT = 147
FMIPV6 = 154
ROUTER_ADVERTISEMENT = 134
MOBILITY_ICMPV6_TYPES = frozenset({DHAAD_REQUEST, DHAAD_REPLY, MOBILE_PREFIX_SOLICITATION,
                                   MOBILE_PREFIX_ADVERTISEMENT, FMIPV6, ROUTER_ADVERTISEMENT})
HOME_AGENTS_ANYCAST_IDENTIFIER = bytes.fromhex("fdfffffffffffffe")  # RFC 2526: ID 126

_DISCOVERY_CUT_SHORT = say("capture.icmp.discovery_cut_short")
_ND_PAST_END = say("capture.icmp.nd_past_end")
_RULES = {name: say(f"capture.icmp.{name}")() for name in (
    "not_anycast", "address_list", "nd_length_0", "ha_lifetime_0", "map_dist_0")}


class IcmpMessage:
    """An ICMPv6 message: type, code, spelled-out fields, ND options and problems."""

    __slots__ = ("code", "fields", "icmp_type", "options", "problems")

    def __init__(self, icmp_type: int, code: int) -> None:
        self.icmp_type = icmp_type
        self.code = code
        self.fields: dict[str, Any] = {}
        self.options: list[tuple[str, dict[str, Any]]] = []
        self.problems: list[str] = []


def decode_icmpv6(data: bytes, start: int, end: int, destination: bytes) -> IcmpMessage:
    """Decode the ICMPv6 message at ``data[start:end]``; ``destination`` is the IPv6 one."""
    if end - start < 4:
        message = IcmpMessage(data[start] if end > start else -1, -1)
        return message
    message = IcmpMessage(data[start], data[start + 1])
    body = data[start:end]
    kind = message.icmp_type
    fields = message.fields
    if kind in (128, 129) and len(body) >= 8:
        fields.update(identifier=int.from_bytes(body[4:6], "big"),
                      sequence=int.from_bytes(body[6:8], "big"))
    elif kind in (135, 136) and len(body) >= 24:
        fields["target"] = body[8:24]
        if kind == 136:
            fields["flags"] = _letters(body[4], (("R", 0x80), ("S", 0x40), ("O", 0x20)))
    elif kind == 4 and len(body) >= 8:
        fields["pointer"] = int.from_bytes(body[4:8], "big")
    elif kind in (DHAAD_REQUEST, DHAAD_REPLY, MOBILE_PREFIX_SOLICITATION):
        _discovery(message, body, destination)
    elif kind == MOBILE_PREFIX_ADVERTISEMENT and len(body) >= 8:
        fields.update(identifier=int.from_bytes(body[4:6], "big"),
                      flags=_letters(body[6], (("M", 0x80), ("O", 0x40))))
        _nd_options(message, body, 8)
    elif kind == FMIPV6 and len(body) >= 8:
        fields.update(subtype=body[4], identifier=int.from_bytes(body[6:8], "big"))
        _nd_options(message, body, 8)
    elif kind == ROUTER_ADVERTISEMENT and len(body) >= 16:
        fields.update(flags=_letters(body[5], (("M", 0x80), ("O", 0x40), ("H", 0x20))),
                      router_lifetime=int.from_bytes(body[6:8], "big"))
        _nd_options(message, body, 16)
    elif kind == 133:
        _nd_options(message, body, 8)
    return message


def _letters(octet: int, bits: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(letter for letter, mask in bits if octet & mask)


def _discovery(message: IcmpMessage, body: bytes, destination: bytes) -> None:
    if len(body) < 8:
        message.problems.append(_DISCOVERY_CUT_SHORT(present=len(body)))
        return
    message.fields["identifier"] = int.from_bytes(body[4:6], "big")
    if message.icmp_type in (DHAAD_REQUEST, DHAAD_REPLY):
        message.fields["flags"] = ("R",) if body[6] & 0x80 else ()  # RFC 3963 4.5 / 4.6
    if message.icmp_type == DHAAD_REQUEST and not _is_anycast(destination):
        message.problems.append(_RULES["not_anycast"])
    if message.icmp_type == DHAAD_REPLY:
        count = (len(body) - 8) // 16
        if (len(body) - 8) % 16:
            message.problems.append(_RULES["address_list"])
        message.fields["home_agent_addresses"] = [body[8 + 16 * i : 24 + 16 * i]
                                                  for i in range(count)]


def _is_anycast(address: bytes) -> bool:
    """The Mobile IPv6 Home-Agents anycast address of a /64 (RFC 2526, RFC 6275 §10.5)."""
    return address[8:] == HOME_AGENTS_ANYCAST_IDENTIFIER


def _nd_options(message: IcmpMessage, body: bytes, offset: int) -> None:
    """Neighbor Discovery options (RFC 4861 §4.6): type, length in units of 8 octets."""
    while offset + 2 <= len(body):
        option_type, units = body[offset], body[offset + 1]
        if units == 0:
            message.problems.append(_RULES["nd_length_0"])
            return
        option = body[offset : offset + units * 8]
        if len(option) < units * 8:
            message.problems.append(_ND_PAST_END(name=ND_OPTION_NAMES.get(option_type, "ND")))
            return
        name = ND_OPTION_NAMES.get(option_type, f"ND option {option_type}")
        message.options.append((name, _nd_option(message, option_type, option)))
        offset += units * 8


def _nd_option(message: IcmpMessage, option_type: int, option: bytes) -> dict[str, Any]:
    if option_type in (1, 2, 19) and len(option) >= 8:
        start = 3 if option_type == 19 else 2
        fields: dict[str, Any] = {"link_layer": ":".join(f"{b:02x}" for b in option[start:8])}
        if option_type == 19:
            fields["option_code"] = option[2]
        return fields
    if option_type == 3 and len(option) >= 32:
        return {"prefix": f"{address_text(option[16:32])}/{option[2]}",
                "flags": _letters(option[3], (("L", 0x80), ("A", 0x40), ("R", 0x20))),
                "address": option[16:32]}
    if option_type == 7 and len(option) >= 8:
        return {"interval_ms": int.from_bytes(option[4:8], "big")}
    if option_type == 8 and len(option) >= 8:
        lifetime = int.from_bytes(option[6:8], "big")
        if lifetime == 0:
            message.problems.append(_RULES["ha_lifetime_0"])
        return {"preference": int.from_bytes(option[4:6], "big", signed=True),
                "lifetime": lifetime, "flags": ("R",) if option[2] & 0x80 else ()}
    if option_type == 17 and len(option) >= 24:
        return {"option_code": option[2],
                "prefix": f"{address_text(option[8:24])}/{option[3]}", "address": option[8:24]}
    if option_type == 23 and len(option) >= 24:
        distance = option[2] >> 4
        if distance == 0:
            message.problems.append(_RULES["map_dist_0"])
        return {"distance": distance, "preference": option[2] & 0x0F,
                "flags": ("R",) if option[3] & 0x80 else (),
                "valid_lifetime": int.from_bytes(option[4:8], "big"),
                "address": option[8:24]}
    return {}
