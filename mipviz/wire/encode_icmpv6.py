"""ICMPv6 model → scapy layers (RFC 4443, RFC 4861 with the RFC 6275 §7 extensions).

Router Advertisement options are emitted in a fixed order: Source Link-Layer Address, Prefix
Information (each), Advertisement Interval, Home Agent Information. Every field is explicit:
scapy's RA defaults to preference High and its Home Agent Information lifetime to 1 s.
"""

from __future__ import annotations

from mipviz.model import fmipv6_messages as f
from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire import fmipv6, hmip_pmip, layout
from mipviz.wire._addresses import address_text
from mipviz.wire._checks import mac_address, require, unsigned
from mipviz.wire._scapy import explicit

ICMPv6Model = (
    m.EchoRequest | m.EchoReply | m.RouterSolicitation | m.RouterAdvertisement
    | m.NeighborSolicitation | m.NeighborAdvertisement | m.ParameterProblem
    | m.DestinationUnreachable | m.UnknownICMPv6
    | f.RouterSolicitationForProxy | f.ProxyRouterAdvertisement
    | m.HomeAgentAddressDiscoveryRequest | m.HomeAgentAddressDiscoveryReply
    | m.MobilePrefixSolicitation | m.MobilePrefixAdvertisement
)

# ICMPv6 types that have a model class, so UnknownICMPv6 may not carry them.
MODELLED_TYPES: dict[int, str] = {
    layout.ICMPV6_DESTINATION_UNREACHABLE: "DestinationUnreachable",
    layout.ICMPV6_PARAMETER_PROBLEM: "ParameterProblem",
    layout.ICMPV6_ECHO_REQUEST: "EchoRequest",
    layout.ICMPV6_ECHO_REPLY: "EchoReply",
    layout.ICMPV6_ROUTER_SOLICITATION: "RouterSolicitation",
    layout.ICMPV6_ROUTER_ADVERTISEMENT: "RouterAdvertisement",
    layout.ICMPV6_NEIGHBOR_SOLICITATION: "NeighborSolicitation",
    layout.ICMPV6_NEIGHBOR_ADVERTISEMENT: "NeighborAdvertisement",
    144: "HomeAgentAddressDiscoveryRequest",  # RFC 6275 §6.5-6.8: mipviz.wire.encode_discovery
    145: "HomeAgentAddressDiscoveryReply",
    146: "MobilePrefixSolicitation",
    147: "MobilePrefixAdvertisement",
}


def _link_layer_option(mac: str, target: bool) -> s.Packet:
    address = mac_address(mac, "link-layer address option")
    if target:
        return explicit(s.ICMPv6NDOptDstLLAddr(type=2, len=1, lladdr=address))
    return explicit(s.ICMPv6NDOptSrcLLAddr(type=1, len=1, lladdr=address))


def _prefix_information(option: m.PrefixInformation) -> s.Packet:
    prefix = option.prefix
    if option.router_address:
        address = option.address
        if address is None or address not in prefix:
            raise ValueError(
                f"PrefixInformation {prefix} with router_address needs the router's full "
                f"address inside the prefix in 'address', got {address}")
        field = address_text(address)
    else:
        require(option.address is None,
                f"PrefixInformation {prefix}: 'address' is only sent with router_address (R)")
        field = address_text(prefix.network_address)
    return explicit(s.ICMPv6NDOptPrefixInfo(
        type=3, len=4, prefixlen=prefix.prefixlen,
        L=int(option.on_link), A=int(option.autonomous), R=int(option.router_address),
        res1=0,
        validlifetime=unsigned(option.valid_lifetime, 32, "valid_lifetime"),
        preferredlifetime=unsigned(option.preferred_lifetime, 32, "preferred_lifetime"),
        res2=0, prefix=field))


def _home_agent_information(option: m.HomeAgentInformation) -> s.Packet:
    preference = option.preference
    require(isinstance(preference, int) and -32768 <= preference <= 32767,
            f"Home Agent Preference {preference!r} is not a signed 16-bit value")
    return explicit(s.ICMPv6NDOptHAInfo(
        type=8, len=1,
        # RFC 3963 §4.5: the first bit of the Reserved field is the R (mobile router) flag.
        res=0x8000 if option.mobile_router_support else 0,
        pref=preference & 0xFFFF,
        lifetime=unsigned(option.lifetime, 16, "Home Agent Lifetime")))


def _chain(first: s.Packet, options: list[s.Packet]) -> s.Packet:
    layer = first
    for option in options:
        layer.add_payload(option)
        layer = option
    return first


def _router_advertisement(message: m.RouterAdvertisement) -> s.Packet:
    options: list[s.Packet] = []
    if message.source_link_layer is not None:
        options.append(_link_layer_option(message.source_link_layer, target=False))
    options += [_prefix_information(prefix) for prefix in message.prefixes]
    if message.advertisement_interval is not None:
        options.append(explicit(s.ICMPv6NDOptAdvInterval(
            type=7, len=1, res=0,
            advint=unsigned(message.advertisement_interval, 32, "advertisement_interval"))))
    if message.home_agent_information is not None:
        options.append(_home_agent_information(message.home_agent_information))
    options += [hmip_pmip.map_option_layer(option) for option in message.map_options]
    advertisement = explicit(s.ICMPv6ND_RA(
        type=134, code=0, cksum=None,
        chlim=unsigned(message.cur_hop_limit, 8, "cur_hop_limit"),
        M=int(message.managed), O=int(message.other), H=int(message.home_agent),
        prf=0, P=0, res=0,
        routerlifetime=unsigned(message.router_lifetime, 16, "router_lifetime"),
        reachabletime=unsigned(message.reachable_time, 32, "reachable_time"),
        retranstimer=unsigned(message.retrans_timer, 32, "retrans_timer")))
    return _chain(advertisement, options)


def _with_invoking_packet(layer: s.Packet, invoking_packet: bytes) -> s.Packet:
    require(isinstance(invoking_packet, bytes), "invoking_packet must be bytes")
    if invoking_packet:
        layer.add_payload(explicit(s.Raw(load=invoking_packet)))
    return layer


def icmpv6_layers(message: ICMPv6Model) -> s.Packet:
    """The scapy ICMPv6 message (with its ND options chained after it); checksum left to scapy."""
    if isinstance(message, m.EchoRequest | m.EchoReply):
        cls = s.ICMPv6EchoRequest if isinstance(message, m.EchoRequest) else s.ICMPv6EchoReply
        require(isinstance(message.data, bytes), "echo data must be bytes")
        return explicit(cls(
            type=128 if isinstance(message, m.EchoRequest) else 129, code=0, cksum=None,
            id=unsigned(message.identifier, 16, "echo identifier"),
            seq=unsigned(message.sequence, 16, "echo sequence"), data=message.data))
    if isinstance(message, m.RouterSolicitation):
        solicitation = explicit(s.ICMPv6ND_RS(type=133, code=0, cksum=None, res=0))
        if message.source_link_layer is None:
            return solicitation
        return _chain(solicitation, [_link_layer_option(message.source_link_layer, False)])
    if isinstance(message, m.RouterAdvertisement):
        return _router_advertisement(message)
    if isinstance(message, m.NeighborSolicitation):
        neighbor = explicit(s.ICMPv6ND_NS(type=135, code=0, cksum=None, res=0,
                                          tgt=address_text(message.target)))
        if message.source_link_layer is None:
            return neighbor
        return _chain(neighbor, [_link_layer_option(message.source_link_layer, False)])
    if isinstance(message, m.NeighborAdvertisement):
        advertisement = explicit(s.ICMPv6ND_NA(
            type=136, code=0, cksum=None, R=int(message.router), S=int(message.solicited),
            O=int(message.override), res=0, tgt=address_text(message.target)))
        if message.target_link_layer is None:
            return advertisement
        return _chain(advertisement, [_link_layer_option(message.target_link_layer, True)])
    if isinstance(message, m.ParameterProblem):
        problem = explicit(s.ICMPv6ParamProblem(
            type=4, code=unsigned(message.code, 8, "Parameter Problem code"), cksum=None,
            ptr=unsigned(message.pointer, 32, "Parameter Problem pointer")))
        return _with_invoking_packet(problem, message.invoking_packet)
    if isinstance(message, m.DestinationUnreachable):
        unreachable = explicit(s.ICMPv6DestUnreach(
            type=1, code=unsigned(message.code, 8, "Destination Unreachable code"),
            cksum=None, length=0, unused=0))
        return _with_invoking_packet(unreachable, message.invoking_packet)
    if isinstance(message, m.HomeAgentAddressDiscoveryRequest | m.HomeAgentAddressDiscoveryReply
                  | m.MobilePrefixSolicitation | m.MobilePrefixAdvertisement):
        from mipviz.wire.encode_discovery import discovery_layers

        return discovery_layers(message)
    if isinstance(message, m.UnknownICMPv6):
        icmp_type = unsigned(message.icmp_type, 8, "UnknownICMPv6 icmp_type")
        require(icmp_type not in MODELLED_TYPES,
                f"UnknownICMPv6 type {icmp_type}: use {MODELLED_TYPES.get(icmp_type)}")
        require(isinstance(message.data, bytes), "UnknownICMPv6 data must be bytes")
        return explicit(s.ICMPv6Unknown(type=icmp_type,
                                        code=unsigned(message.code, 8, "ICMPv6 code"),
                                        cksum=None, msgbody=message.data))
    fast = fmipv6.icmpv6_layers(message)  # RFC 5568: RtSolPr, PrRtAdv (type 154)
    if fast is not None:
        return fast
    raise ValueError(f"not an ICMPv6 message: {message!r}")
