"""Model → bytes: frames built by scapy, byte-exact to RFC 6275 and PROTOCOL.md.

The frames a simulation sends most are built by :mod:`mipviz.wire.struct_encode` instead,
octet for octet the same (tests/test_wire_struct_codec.py); :func:`scapy_encode_frame` is the
scapy build every other frame gets and the reference those tests compare against. The entry
points (:func:`encode_frame`, :func:`mobility_header_bytes`) live in the scapy-free
:mod:`mipviz.wire.frame_encode`, which imports this module only for a frame ``struct`` declines.

Each layer is built with every field set explicitly, because scapy's defaults are not
RFC-neutral (PROTOCOL.md §23.1: BU flags default to K|H|A, Nonce Indices and Binding
Authorization Data lengths to 16, RA preference to High). Padding options are placed by
:func:`mipviz.wire.layout.plan_padding` (UMIP's ``optpad``; RFC 6275 §6.2 alignment), not by
scapy's autopad, except for a Destination Options header holding only a Home Address option,
where scapy's autopad yields exactly PadN(4) + HAO (PROTOCOL.md §7.1) and lets scapy see the
HAO when it computes the upper-layer checksum.

Upper-layer checksums are computed by scapy during the build with the RFC 6275 pseudo-header
(home address from the HAO, home address from the Type 2 Routing Header). Every built frame is
then re-verified with :mod:`mipviz.wire.checksum`; in the rare layouts where scapy misses the
HAO (a HAO sharing its header with other options) the layer is rebuilt with the checksum our
own implementation computed.

Models the codec cannot turn into bytes that decode back to the same model raise ValueError
naming the field (for instance a lifetime that is not a multiple of 4 seconds).
"""

from __future__ import annotations

import struct
from typing import Any

from mipviz.model import fmipv6_messages as f
from mipviz.model import messages as m
from mipviz.wire import _scapy as s
from mipviz.wire import encode_bid, fmipv6, hmip_pmip, layout
from mipviz.wire._addresses import address_text
from mipviz.wire._checks import lifetime_units, mac_address, octets, require, unsigned
from mipviz.wire._scapy import explicit
from mipviz.wire.checksum import find_upper_layer_checksum
from mipviz.wire.encode_icmpv6 import icmpv6_layers
from mipviz.wire.esp import esp_layer

# The entry points (struct first, this module's scapy build on first need) and their memo
# caches live in mipviz.wire.frame_encode; re-exported so that both names reach one cache.
from mipviz.wire.frame_encode import (  # noqa: F401
    HOP_LIMIT_OFFSET,
    _encode_frame,
    _encode_hop,
    _encode_ipv6_cached,
    encode_frame,
    mobility_header_bytes,
)


def padding_layers(count: int) -> list[s.Packet]:
    """Pad1 or PadN layers for ``count`` octets (RFC 6275 §6.2.1, RFC 8200 §4.2)."""
    if count == 0:
        return []
    if count == 1:
        return [explicit(s.Pad1(otype=0))]
    return [explicit(s.PadN(otype=1, optlen=count - 2, optdata=bytes(count - 2)))]


# --------------------------------------------------------------------------------------------
# Mobility options and messages (RFC 6275 §6.1-6.2, RFC 3963 §4)


def _mobility_option(option: m.MobilityOption) -> tuple[s.Packet, tuple[int, int] | None, int]:
    """The scapy layer for one option, its alignment and its size in octets."""
    align = layout.MOBILITY_OPTION_ALIGNMENT.get
    if isinstance(option, m.BindingRefreshAdvice):
        units = lifetime_units(option.refresh_interval, "Binding Refresh Advice refresh_interval")
        layer: s.Packet = s.MIP6OptBRAdvice(otype=2, olen=2, rinter=units)
    elif isinstance(option, m.AlternateCareofAddress):
        layer = s.MIP6OptAltCoA(otype=3, olen=16, acoa=address_text(option.address))
    elif isinstance(option, m.NonceIndices):
        layer = s.MIP6OptNonceIndices(
            otype=4,
            olen=4,
            hni=unsigned(option.home_nonce_index, 16, "home_nonce_index"),
            coni=unsigned(option.careof_nonce_index, 16, "careof_nonce_index"),
        )
    elif isinstance(option, m.BindingAuthorizationData):
        authenticator = option.authenticator
        require(
            isinstance(authenticator, bytes) and len(authenticator) <= 255,
            f"Binding Authorization Data authenticator must be at most 255 octets: "
            f"{authenticator!r}",
        )
        if len(authenticator) == 12:
            layer = s.MIP6OptBindingAuthData(
                otype=5, olen=12, authenticator=int.from_bytes(authenticator, "big")
            )
        else:  # scapy's class has a fixed 96-bit field; other lengths are generic TLVs
            layer = s.MIP6OptUnknown(otype=5, olen=len(authenticator), odata=authenticator)
    elif isinstance(option, m.MobileNetworkPrefix):
        layer = s.MIP6OptMobNetPrefix(
            otype=6,
            olen=18,
            reserved=0,
            plen=option.prefix.prefixlen,
            prefix=address_text(option.prefix.network_address),
        )
    elif isinstance(option, m.BindingIdentifier):  # RFC 5648 §6.1: alignment by its length
        return encode_bid.binding_identifier_layer(option)
    elif isinstance(option, hmip_pmip.PMIP_OPTIONS):  # RFC 5213 §8.3-8.8, RFC 4283
        layer, alignment, size = hmip_pmip.option_layer(option)
        return explicit(layer), alignment, size
    elif isinstance(option, m.UnknownMobilityOption):
        _check_unknown_mobility_option(option)
        layer = s.MIP6OptUnknown(
            otype=option.option_type, olen=len(option.data), odata=option.data
        )
    else:
        fast = fmipv6.option_layer(option)  # RFC 5568's options
        if fast is None:
            raise ValueError(f"not a mobility option: {option!r}")
        return fast
    otype = int(layer.otype)
    size = 2 + int(layer.olen)
    alignment = align(otype) if not isinstance(option, m.UnknownMobilityOption) else None
    return explicit(layer), alignment, size


def _check_unknown_mobility_option(option: m.UnknownMobilityOption) -> None:
    option_type, data = option.option_type, option.data
    unsigned(option_type, 8, "UnknownMobilityOption option_type")
    require(isinstance(data, bytes) and len(data) <= 255,
            f"UnknownMobilityOption data must be at most 255 octets: {data!r}")
    require(option_type not in (layout.MOBILITY_PAD1, layout.MOBILITY_PADN),
            "padding is not modelled: the codec inserts Pad1/PadN itself")
    require(
        option_type != layout.BINDING_AUTHORIZATION_DATA
        and layout.MOBILITY_OPTION_LENGTH.get(option_type) != len(data),
        f"UnknownMobilityOption type {option_type} with {len(data)} octets is a well-formed "
        f"{layout.MOBILITY_OPTION_NAMES.get(option_type, '')} option: use its model class",
    )


def mobility_options_layers(
    options: tuple[m.MobilityOption, ...], start: int
) -> tuple[list[s.Packet], int]:
    """Options with the padding RFC 6275 §6.2 alignment requires; returns layers and end offset.

    ``start`` is the options' offset from the start of the Mobility Header.
    """
    built = [_mobility_option(option) for option in options]
    pads, trailing = layout.plan_padding(start, [(align, size) for _, align, size in built])
    layers: list[s.Packet] = []
    end = start
    for pad, (layer, _, size) in zip(pads, built, strict=True):
        layers += padding_layers(pad)
        layers.append(layer)
        end += pad + size
    layers += padding_layers(trailing)
    return layers, end + trailing


def mobility_header_layer(message: m.MobilityMessage, checksum: int | None) -> s.Packet:
    """The scapy Mobility Header for ``message``; ``checksum`` None lets scapy compute it."""
    if isinstance(message, m.UnknownMobilityMessage):
        return _unknown_mobility_message(message, checksum)
    fast = fmipv6.mobility_header_layer(message, checksum, mobility_options_layers)
    if fast is not None:  # RFC 5568: FBU, FBack, HI, HAck
        return fast
    mh_type = m.mh_type_of(message)
    layers, end = mobility_options_layers(message.options, layout.MH_OPTIONS_OFFSET[mh_type])
    require(end <= 2048, f"Mobility Header of {end} octets exceeds Header Len's 2048")
    common: dict[str, Any] = {"nh": layout.MH_PAYLOAD_PROTO, "len": end // 8 - 1,
                              "mhtype": mh_type, "res": 0, "cksum": checksum,
                              "options": layers}
    if isinstance(message, m.BindingRefreshRequest):
        layer: s.Packet = s.MIP6MH_BRR(res2=0, autopad=0, **common)
    elif isinstance(message, m.HomeTestInit | m.CareofTestInit):
        cookie = (message.home_init_cookie if isinstance(message, m.HomeTestInit)
                  else message.careof_init_cookie)
        cls = s.MIP6MH_HoTI if isinstance(message, m.HomeTestInit) else s.MIP6MH_CoTI
        layer = cls(reserved=b"\x00\x00", cookie=octets(cookie, 8, "init cookie"),
                    autopad=0, **common)
    elif isinstance(message, m.HomeTest):
        layer = s.MIP6MH_HoT(
            index=unsigned(message.home_nonce_index, 16, "home_nonce_index"),
            cookie=octets(message.home_init_cookie, 8, "home_init_cookie"),
            token=octets(message.home_keygen_token, 8, "home_keygen_token"),
            autopad=0, **common)
    elif isinstance(message, m.CareofTest):
        layer = s.MIP6MH_CoT(
            index=unsigned(message.careof_nonce_index, 16, "careof_nonce_index"),
            cookie=octets(message.careof_init_cookie, 8, "careof_init_cookie"),
            token=octets(message.careof_keygen_token, 8, "careof_keygen_token"),
            autopad=0, **common)
    elif isinstance(message, m.BindingUpdate):
        # scapy's 7-bit flags field holds A H L K M R P from its most significant bit down.
        flags = (0x40 * message.acknowledge + 0x20 * message.home_registration
                 + 0x10 * message.link_local_compatibility + 0x08 * message.key_management
                 + 0x04 * message.map_registration + 0x02 * message.mobile_router
                 + 0x01 * message.proxy_registration)
        layer = s.MIP6MH_BU(
            seq=unsigned(message.sequence, 16, "Binding Update sequence"),
            flags=flags, reserved=0,
            mhtime=lifetime_units(message.lifetime, "Binding Update lifetime"),
            autopad=0, **common)
    elif isinstance(message, m.BindingAcknowledgement):
        # scapy's 3-bit flags field holds K R P from its most significant bit down.
        flags = (0x4 * message.key_management + 0x2 * message.mobile_router
                 + 0x1 * message.proxy_registration)
        layer = s.MIP6MH_BA(
            status=unsigned(message.status, 8, "Binding Acknowledgement status"),
            flags=flags, res2=0,
            seq=unsigned(message.sequence, 16, "Binding Acknowledgement sequence"),
            mhtime=lifetime_units(message.lifetime, "Binding Acknowledgement lifetime"),
            autopad=0, **common)
    elif isinstance(message, m.BindingError):
        layer = s.MIP6MH_BE(
            status=unsigned(message.status, 8, "Binding Error status"),
            reserved=0, ha=address_text(message.home_address), **common)
    else:
        raise ValueError(f"not a mobility message: {message!r}")
    return explicit(layer)


def _unknown_mobility_message(
    message: m.UnknownMobilityMessage, checksum: int | None
) -> s.Packet:
    mh_type, data = message.mh_type, message.data
    unsigned(mh_type, 8, "UnknownMobilityMessage mh_type")
    total = 6 + len(data)
    require(
        isinstance(data, bytes) and total % 8 == 0 and 8 <= total <= 2048,
        f"UnknownMobilityMessage data must make the Mobility Header a multiple of 8 octets "
        f"(len(data) ≡ 2 mod 8), got {len(data)} octets",
    )
    minimum = layout.MH_MINIMUM_LENGTH.get(mh_type, fmipv6.MINIMUM_LENGTH.get(mh_type))
    require(
        minimum is None or total < minimum,
        f"UnknownMobilityMessage with MH type {mh_type} and {total} octets would decode as "
        f"{m.MH_TYPE_NAMES.get(mh_type)}: use its model class",
    )
    return explicit(s.MIP6MH_Generic(nh=layout.MH_PAYLOAD_PROTO, len=total // 8 - 1,
                                     mhtype=mh_type, res=0, cksum=checksum, msg=data))


# --------------------------------------------------------------------------------------------
# IPv6 and extension headers (RFC 8200, RFC 6275 §6.3-6.4, RFC 2473)


def _destination_options(header: m.DestinationOptionsHeader, next_header: int) -> s.Packet:
    options = header.options
    if len(options) == 1 and isinstance(options[0], m.HomeAddressOption):
        hao = explicit(s.HAO(otype=layout.OPTION_HOME_ADDRESS, optlen=16,
                             hoa=address_text(options[0].home_address)))
        return explicit(s.IPv6ExtHdrDestOpt(nh=next_header, len=2, autopad=1, options=[hao]))
    built: list[tuple[s.Packet, tuple[int, int] | None, int]] = []
    for option in options:
        if isinstance(option, m.HomeAddressOption):
            layer: s.Packet = s.HAO(otype=layout.OPTION_HOME_ADDRESS, optlen=16,
                                    hoa=address_text(option.home_address))
            built.append((explicit(layer), (8, 6), 18))
        elif isinstance(option, m.TunnelEncapsulationLimit):
            limit = unsigned(option.limit, 8, "Tunnel Encapsulation Limit")
            layer = s.HBHOptUnknown(otype=layout.OPTION_TUNNEL_ENCAPSULATION_LIMIT, optlen=1,
                                    optdata=bytes((limit,)))
            built.append((explicit(layer), None, 3))
        elif isinstance(option, m.UnknownDestinationOption):
            _check_unknown_destination_option(option)
            layer = s.HBHOptUnknown(otype=option.option_type, optlen=len(option.data),
                                    optdata=option.data)
            built.append((explicit(layer), None, 2 + len(option.data)))
        else:
            raise ValueError(f"not a destination option: {option!r}")
    pads, trailing = layout.plan_padding(2, [(align, size) for _, align, size in built])
    layers: list[s.Packet] = []
    end = 2
    for pad, (layer, _, size) in zip(pads, built, strict=True):
        layers += padding_layers(pad)
        layers.append(layer)
        end += pad + size
    layers += padding_layers(trailing)
    end += trailing
    require(end <= 2048, f"Destination Options header of {end} octets is too long")
    return explicit(s.IPv6ExtHdrDestOpt(nh=next_header, len=end // 8 - 1, autopad=0,
                                        options=layers))


def _check_unknown_destination_option(option: m.UnknownDestinationOption) -> None:
    option_type, data = option.option_type, option.data
    unsigned(option_type, 8, "UnknownDestinationOption option_type")
    require(isinstance(data, bytes) and len(data) <= 255,
            f"UnknownDestinationOption data must be at most 255 octets: {data!r}")
    require(option_type not in (layout.OPTION_PAD1, layout.OPTION_PADN),
            "padding is not modelled: the codec inserts Pad1/PadN itself")
    require(not (option_type == layout.OPTION_HOME_ADDRESS and len(data) == 16),
            "a 16-octet option 0xC9 is a Home Address option: use HomeAddressOption")
    require(not (option_type == layout.OPTION_TUNNEL_ENCAPSULATION_LIMIT and len(data) == 1),
            "a 1-octet option 4 is a Tunnel Encapsulation Limit: use TunnelEncapsulationLimit")


def _routing_header_type2(header: m.RoutingHeaderType2, next_header: int) -> s.Packet:
    return explicit(s.IPv6ExtHdrRouting(
        nh=next_header, len=2, type=2,
        segleft=unsigned(header.segments_left, 8, "Type 2 Routing Header segments_left"),
        reserved=0, addresses=[address_text(header.home_address)]))


def _check_unknown_payload(payload: m.UnknownPayload) -> None:
    next_header, data = payload.next_header, payload.data
    unsigned(next_header, 8, "UnknownPayload next_header")
    require(isinstance(data, bytes), f"UnknownPayload data must be bytes: {data!r}")
    modelled = {layout.UDP: "UDPDatagram", layout.ICMPV6: "an ICMPv6 model class",
                layout.MOBILITY_HEADER: "a mobility message class",
                layout.MOBILITY_HEADER_DRAFT: "a mobility message class (135, not 62)",
                layout.IPV6_IN_IPV6: "IPv6Packet", layout.DESTINATION_OPTIONS:
                "DestinationOptionsHeader"}
    require(next_header not in modelled,
            f"UnknownPayload with next header {next_header}: use {modelled.get(next_header)}")
    require(not (next_header == layout.ROUTING and len(data) > 2 and data[2] == 2),
            "UnknownPayload with a Type 2 Routing Header: use RoutingHeaderType2")
    require(not (next_header == layout.ESP and len(data) >= 8),
            "UnknownPayload with next header 50: use EncapsulatingSecurityPayload")


def _payload_layers(payload: m.Payload) -> tuple[s.Packet | None, int, s.Packet | None]:
    """(first layer, its Next Header value, the layer whose checksum scapy computes)."""
    if isinstance(payload, m.IPv6Packet):
        inner, checksummed = ipv6_layers(payload)
        return inner, layout.IPV6_IN_IPV6, checksummed
    if isinstance(payload, m.UDPDatagram):
        data = payload.payload
        require(isinstance(data, bytes), "UDPDatagram payload must be bytes")
        udp = explicit(s.UDP(sport=unsigned(payload.source_port, 16, "UDP source_port"),
                             dport=unsigned(payload.destination_port, 16,
                                            "UDP destination_port"),
                             len=8 + len(data), chksum=None))
        if data:
            udp.add_payload(explicit(s.Raw(load=data)))
        return udp, layout.UDP, udp
    if isinstance(payload, m.EncapsulatingSecurityPayload):
        return esp_layer(payload), layout.ESP, None
    if isinstance(payload, m.UnknownPayload):
        _check_unknown_payload(payload)
        raw = explicit(s.Raw(load=payload.data)) if payload.data else None
        return raw, payload.next_header, None
    if isinstance(payload, m.EchoRequest | m.EchoReply | m.RouterSolicitation
                  | m.RouterAdvertisement | m.NeighborSolicitation | m.NeighborAdvertisement
                  | m.ParameterProblem | m.DestinationUnreachable | m.UnknownICMPv6
                  | f.RouterSolicitationForProxy | f.ProxyRouterAdvertisement
                  | m.HomeAgentAddressDiscoveryRequest | m.HomeAgentAddressDiscoveryReply
                  | m.MobilePrefixSolicitation | m.MobilePrefixAdvertisement):
        icmp = icmpv6_layers(payload)
        return icmp, layout.ICMPV6, icmp
    mobility = mobility_header_layer(payload, checksum=None)
    return mobility, layout.MOBILITY_HEADER, mobility


def ipv6_layers(packet: m.IPv6Packet) -> tuple[s.Packet, s.Packet | None]:
    """The IPv6 header, its extension headers in model order and the payload, chained."""
    upper, upper_next_header, checksummed = _payload_layers(packet.payload)
    headers = packet.extension_headers
    numbers = [layout.ROUTING if isinstance(h, m.RoutingHeaderType2)
               else layout.DESTINATION_OPTIONS for h in headers] + [upper_next_header]
    layers: list[s.Packet] = []
    for index, header in enumerate(headers):
        if isinstance(header, m.RoutingHeaderType2):
            layers.append(_routing_header_type2(header, numbers[index + 1]))
        elif isinstance(header, m.DestinationOptionsHeader):
            layers.append(_destination_options(header, numbers[index + 1]))
        else:
            raise ValueError(f"not an extension header: {header!r}")
    first = explicit(s.IPv6(
        version=6,
        tc=unsigned(packet.traffic_class, 8, "traffic_class"),
        fl=unsigned(packet.flow_label, 20, "flow_label"),
        plen=None, nh=numbers[0],
        hlim=unsigned(packet.hop_limit, 8, "hop_limit"),
        src=address_text(packet.source), dst=address_text(packet.destination)))
    chain: s.Packet = first
    for layer in layers:
        chain.add_payload(layer)
        chain = layer
    if upper is not None:
        chain.add_payload(upper)
    return first, checksummed


# --------------------------------------------------------------------------------------------
# Ethernet


def scapy_encode_frame(frame: m.EthernetFrame) -> bytes:
    """The frame built with scapy (the reference the ``struct`` encoder is checked against)."""
    ether = explicit(s.Ether(dst=mac_address(frame.destination_mac, "destination_mac"),
                             src=mac_address(frame.source_mac, "source_mac"),
                             type=layout.ETHERTYPE_IPV6))
    first, checksummed = ipv6_layers(frame.packet)
    ether.add_payload(first)
    try:
        data = bytes(ether)
    except struct.error as error:  # an IPv6 payload over 65 535 octets, in practice
        raise ValueError(f"frame cannot be encoded: {error}") from error
    if checksummed is not None:
        check = find_upper_layer_checksum(data[layout.ETHERNET_HEADER_LENGTH:])
        if check is not None and not check.ok:
            # scapy missed the HAO or routing header: use our RFC 6275 checksum instead.
            field = "chksum" if isinstance(checksummed, s.UDP) else "cksum"
            setattr(checksummed, field, check.expected)
            data = bytes(ether)
    return data
