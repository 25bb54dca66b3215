"""ICMPv6 octets → model (RFC 4443; RFC 4861 with the RFC 6275 §7 extensions).

Neighbor Discovery validity checks of RFC 4861 §6.1 and §7.1 that concern the format are
reported: hop limit 255, code 0, option lengths non-zero and inside the message, the defined
length of each option the model carries. Options the model does not carry (MTU, Route
Information, ...) are skipped silently, as RFC 4861 §4.6 has receivers do.
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

from mipviz.model import messages as m
from mipviz.model.hmip_pmip import MapOption
from mipviz.wire import _scapy as s
from mipviz.wire import fmipv6, hmip_pmip, layout
from mipviz.wire._addresses import parse_address
from mipviz.wire._scapy import dissect_as

# (scapy class, minimum length, model name) per ICMPv6 type the model knows
_TYPES: dict[int, tuple[type[s.Packet], int, str]] = {
    layout.ICMPV6_DESTINATION_UNREACHABLE: (s.ICMPv6DestUnreach, 8, "Destination Unreachable"),
    layout.ICMPV6_PARAMETER_PROBLEM: (s.ICMPv6ParamProblem, 8, "Parameter Problem"),
    layout.ICMPV6_ECHO_REQUEST: (s.ICMPv6EchoRequest, 8, "Echo Request"),
    layout.ICMPV6_ECHO_REPLY: (s.ICMPv6EchoReply, 8, "Echo Reply"),
    layout.ICMPV6_ROUTER_SOLICITATION: (s.ICMPv6ND_RS, 8, "Router Solicitation"),
    layout.ICMPV6_ROUTER_ADVERTISEMENT: (s.ICMPv6ND_RA, 16, "Router Advertisement"),
    layout.ICMPV6_NEIGHBOR_SOLICITATION: (s.ICMPv6ND_NS, 24, "Neighbor Solicitation"),
    layout.ICMPV6_NEIGHBOR_ADVERTISEMENT: (s.ICMPv6ND_NA, 24, "Neighbor Advertisement"),
}
_ND_SECTIONS = {133: "6.1.1", 134: "6.1.2", 135: "7.1.1", 136: "7.1.2"}
# The options each ND message's model carries.
_ND_OPTIONS: dict[int, frozenset[int]] = {
    133: frozenset({layout.ND_SOURCE_LINK_LAYER_ADDRESS}),
    134: frozenset({layout.ND_SOURCE_LINK_LAYER_ADDRESS, layout.ND_PREFIX_INFORMATION,
                    layout.ND_ADVERTISEMENT_INTERVAL, layout.ND_HOME_AGENT_INFORMATION,
                    layout.ND_MAP}),
    135: frozenset({layout.ND_SOURCE_LINK_LAYER_ADDRESS}),
    136: frozenset({layout.ND_TARGET_LINK_LAYER_ADDRESS}),
}
_ND_OPTION_CLASSES: dict[int, type[s.Packet]] = {
    layout.ND_SOURCE_LINK_LAYER_ADDRESS: s.ICMPv6NDOptSrcLLAddr,
    layout.ND_TARGET_LINK_LAYER_ADDRESS: s.ICMPv6NDOptDstLLAddr,
    layout.ND_PREFIX_INFORMATION: s.ICMPv6NDOptPrefixInfo,
    layout.ND_ADVERTISEMENT_INTERVAL: s.ICMPv6NDOptAdvInterval,
    layout.ND_HOME_AGENT_INFORMATION: s.ICMPv6NDOptHAInfo,
    layout.ND_MAP: s.ICMPv6NDOptMAP,
}


def decode_icmpv6(
    layer: s.Packet | None, body: bytes, hop_limit: int, source: IPv6Address,
    problems: list[str],
) -> m.Payload:
    """The ICMPv6 message in ``body``; ``hop_limit`` and ``source`` feed the RFC 4861 checks."""
    if len(body) < 4:
        problems.append(f"ICMPv6 message truncated: {len(body)} octets, the header alone is 4")
        return m.UnknownPayload(layout.ICMPV6, body)
    icmp_type, code = body[0], body[1]
    if icmp_type == fmipv6.ICMPV6_FMIPV6:  # RFC 5568: RtSolPr, PrRtAdv
        return fmipv6.decode_icmpv6(layer, body, hop_limit, problems,
                                    lambda: m.UnknownICMPv6(icmp_type, code, body[4:]))
    if 144 <= icmp_type <= 147:  # RFC 6275 §6.5-6.8
        from mipviz.wire.decode_discovery import decode_discovery

        return decode_discovery(layer, body, problems)
    if icmp_type not in _TYPES:
        return m.UnknownICMPv6(icmp_type, code, body[4:])
    cls, minimum, name = _TYPES[icmp_type]
    if len(body) < minimum:
        problems.append(f"ICMPv6 {name} truncated: {len(body)} of at least {minimum} octets")
        return m.UnknownICMPv6(icmp_type, code, body[4:])
    message = dissect_as(layer, cls, body)
    if message is None:
        problems.append(f"ICMPv6 {name}: scapy could not dissect it")
        return m.UnknownICMPv6(icmp_type, code, body[4:])
    if icmp_type in (layout.ICMPV6_ECHO_REQUEST, layout.ICMPV6_ECHO_REPLY):
        if code:
            problems.append(f"RFC 4443 4.1: {name} code {code}, must be 0")
        model = m.EchoRequest if icmp_type == layout.ICMPV6_ECHO_REQUEST else m.EchoReply
        return model(int(message.id), int(message.seq), body[8:])
    if icmp_type == layout.ICMPV6_PARAMETER_PROBLEM:
        return m.ParameterProblem(code, int(message.ptr), body[8:])
    if icmp_type == layout.ICMPV6_DESTINATION_UNREACHABLE:
        return m.DestinationUnreachable(code, body[8:])
    section = _ND_SECTIONS[icmp_type]
    if hop_limit != 255:
        problems.append(f"RFC 4861 {section}: {name} with hop limit {hop_limit}, must be 255")
    if code:
        problems.append(f"RFC 4861 {section}: {name} code {code}, must be 0")
    options = _nd_options(message, body, minimum, icmp_type, name, problems)
    if icmp_type == layout.ICMPV6_ROUTER_SOLICITATION:
        return m.RouterSolicitation(_link_layer(options, layout.ND_SOURCE_LINK_LAYER_ADDRESS))
    if icmp_type == layout.ICMPV6_NEIGHBOR_SOLICITATION:
        return m.NeighborSolicitation(
            parse_address(message.tgt),
            _link_layer(options, layout.ND_SOURCE_LINK_LAYER_ADDRESS))
    if icmp_type == layout.ICMPV6_NEIGHBOR_ADVERTISEMENT:
        return m.NeighborAdvertisement(
            parse_address(message.tgt), router=bool(message.R), solicited=bool(message.S),
            override=bool(message.O),
            target_link_layer=_link_layer(options, layout.ND_TARGET_LINK_LAYER_ADDRESS))
    if not source.is_link_local:
        problems.append(
            f"RFC 4861 6.1.2: Router Advertisement source {source} is not link-local")
    return _router_advertisement(message, options, problems)


def _nd_options(
    message: s.Packet, body: bytes, start: int, icmp_type: int, name: str,
    problems: list[str],
) -> list[tuple[int, s.Packet]]:
    """(type, scapy option) for each well-formed option the model carries, in wire order."""
    scapy_options: dict[int, s.Packet] = {}
    position, layer = start, message.payload
    while isinstance(layer, s.Packet) and not isinstance(layer, s.NoPayload):
        scapy_options[position] = layer
        position += len(layer.raw_packet_cache or b"")
        layer = layer.payload
    wanted = _ND_OPTIONS[icmp_type]
    found: list[tuple[int, s.Packet]] = []
    offset, end = start, len(body)
    while offset < end:
        if offset + 2 > end:
            problems.append(f"RFC 4861 4.6: {name} option at offset {offset} truncated")
            break
        option_type, units = body[offset], body[offset + 1]
        if units == 0:
            problems.append(
                f"RFC 4861 4.6: {name} option type {option_type} at offset {offset} has "
                "length 0")
            break
        size = 8 * units
        if offset + size > end:
            problems.append(
                f"RFC 4861 4.6: {name} option type {option_type} at offset {offset} with "
                f"{size} octets runs past the end ({end - offset} octets left)")
            break
        if option_type in wanted:
            expected = layout.ND_OPTION_UNITS[option_type]
            option_name = layout.ND_OPTION_NAMES[option_type]
            if units != expected:
                problems.append(f"{name}: {option_name} option length {units} (×8 octets), "
                                f"must be {expected}")
            else:
                option = dissect_as(scapy_options.get(offset), _ND_OPTION_CLASSES[option_type],
                                    body[offset : offset + size])
                if option is not None:
                    found.append((option_type, option))
        offset += size
    return found


def _link_layer(options: list[tuple[int, s.Packet]], option_type: int) -> str | None:
    for found_type, option in options:
        if found_type == option_type:
            return str(option.lladdr).lower()
    return None


def _router_advertisement(
    message: s.Packet, options: list[tuple[int, s.Packet]], problems: list[str]
) -> m.RouterAdvertisement:
    prefixes: list[m.PrefixInformation] = []
    interval: int | None = None
    home_agent: m.HomeAgentInformation | None = None
    maps: list[MapOption] = []
    for option_type, option in options:
        if option_type == layout.ND_PREFIX_INFORMATION:
            prefix = _prefix_information(option, problems)
            if prefix is not None:
                prefixes.append(prefix)
        elif option_type == layout.ND_MAP:  # RFC 5380 §5 (HMIPv6)
            maps.append(hmip_pmip.decode_map_option(option, problems))
        elif option_type == layout.ND_ADVERTISEMENT_INTERVAL and interval is None:
            interval = int(option.advint)
        elif option_type == layout.ND_HOME_AGENT_INFORMATION and home_agent is None:
            preference = int(option.pref)
            lifetime = int(option.lifetime)
            if lifetime == 0:
                problems.append("RFC 6275 7.4: Home Agent Lifetime 0 must not be used")
            home_agent = m.HomeAgentInformation(
                preference=preference - 0x10000 if preference & 0x8000 else preference,
                lifetime=lifetime, mobile_router_support=bool(int(option.res) & 0x8000))
    if home_agent is not None and not int(message.H):
        problems.append("RFC 6275 7.4: Home Agent Information option in a Router "
                        "Advertisement without the Home Agent (H) flag")
    return m.RouterAdvertisement(
        router_lifetime=int(message.routerlifetime), home_agent=bool(message.H),
        managed=bool(message.M), other=bool(message.O), cur_hop_limit=int(message.chlim),
        reachable_time=int(message.reachabletime), retrans_timer=int(message.retranstimer),
        source_link_layer=_link_layer(options, layout.ND_SOURCE_LINK_LAYER_ADDRESS),
        prefixes=tuple(prefixes), advertisement_interval=interval,
        home_agent_information=home_agent, map_options=tuple(maps))


def _prefix_information(option: s.Packet, problems: list[str]) -> m.PrefixInformation | None:
    length = int(option.prefixlen)
    if length > 128:
        problems.append(f"RFC 4861 4.6.2: Prefix Information prefix length {length} exceeds 128")
        return None
    field = parse_address(option.prefix)
    prefix = IPv6Network((field, length), strict=False)
    router_address = bool(option.R)
    if not router_address and prefix.network_address != field:
        problems.append(
            f"RFC 4861 4.6.2: Prefix Information {field}/{length} has bits set after the "
            "prefix length without the Router Address (R) flag (RFC 6275 7.2)")
    return m.PrefixInformation(
        prefix=prefix, on_link=bool(option.L), autonomous=bool(option.A),
        router_address=router_address, valid_lifetime=int(option.validlifetime),
        preferred_lifetime=int(option.preferredlifetime),
        address=field if router_address else None)
