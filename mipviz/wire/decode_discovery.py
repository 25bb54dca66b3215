"""Home agent and mobile prefix discovery octets → model (RFC 6275 §6.5-6.8, RFC 3963 §7).

Format checks a receiver makes are reported as problems: code 0, a reply's address list a
whole number of addresses (§6.6), an advertisement's options well formed and Prefix
Information only (§6.8: other options are skipped).
"""

from __future__ import annotations

from ipaddress import IPv6Address

from mipviz.model import discovery_messages as d
from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire import layout
from mipviz.wire._scapy import dissect_as
from mipviz.wire.decode_icmpv6 import _prefix_information

_NAMES = {number: name for cls, number in d.DISCOVERY_TYPES.items()
          for kind, name in d.DISCOVERY_NAMES.items() if kind is cls}
_SECTIONS = {144: "6.5", 145: "6.6", 146: "6.7", 147: "6.8"}
_MINIMUM = 8  # every one of them: type, code, checksum, identifier, flags/reserved


def decode_discovery(layer: s.Packet | None, body: bytes, problems: list[str]) -> m.Payload:
    """The discovery message in ``body`` (ICMPv6 type 144-147)."""
    icmp_type, code = body[0], body[1]
    name, section = _NAMES[icmp_type], _SECTIONS[icmp_type]
    if len(body) < _MINIMUM:
        problems.append(f"ICMPv6 {name} truncated: {len(body)} of at least {_MINIMUM} octets")
        return m.UnknownICMPv6(icmp_type, code, body[4:])
    if code:
        problems.append(f"RFC 6275 {section}: {name} code {code}, must be 0")
    identifier = int.from_bytes(body[4:6], "big")
    mobile_router = bool(body[6] & 0x80)
    if icmp_type == d.ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REQUEST:
        return d.HomeAgentAddressDiscoveryRequest(identifier, mobile_router)
    if icmp_type == d.ICMPV6_HOME_AGENT_ADDRESS_DISCOVERY_REPLY:
        listed = body[8:]
        if len(listed) % 16:
            problems.append(f"RFC 6275 6.6: {name} address list of {len(listed)} octets is "
                            "not a whole number of addresses")
        addresses = tuple(IPv6Address(listed[i:i + 16])
                          for i in range(0, len(listed) // 16 * 16, 16))
        return d.HomeAgentAddressDiscoveryReply(identifier, addresses, mobile_router)
    if icmp_type == d.ICMPV6_MOBILE_PREFIX_SOLICITATION:
        return d.MobilePrefixSolicitation(identifier)
    return d.MobilePrefixAdvertisement(
        identifier, managed=bool(body[6] & 0x80), other=bool(body[6] & 0x40),
        prefixes=_prefixes(body, name, problems))


def _prefixes(body: bytes, name: str, problems: list[str]) -> tuple[m.PrefixInformation, ...]:
    found: list[m.PrefixInformation] = []
    offset, end = _MINIMUM, len(body)
    while offset < end:
        if offset + 2 > end:
            problems.append(f"RFC 4861 4.6: {name} option at offset {offset} truncated")
            break
        option_type, units = body[offset], body[offset + 1]
        if units == 0 or offset + 8 * units > end:
            problems.append(f"RFC 4861 4.6: {name} option type {option_type} at offset "
                            f"{offset} has a bad length ({units})")
            break
        size = 8 * units
        if option_type == layout.ND_PREFIX_INFORMATION:
            if units != layout.ND_OPTION_UNITS[option_type]:
                problems.append(f"{name}: Prefix information option length {units} (×8 "
                                "octets), must be 4")
            else:
                option = dissect_as(None, s.ICMPv6NDOptPrefixInfo, body[offset:offset + size])
                prefix = _prefix_information(option, problems) if option is not None else None
                if prefix is not None:
                    found.append(prefix)
        offset += size
    return tuple(found)
