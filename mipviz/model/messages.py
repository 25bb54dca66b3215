"""The typed view of every frame: frozen dataclasses in semantic units.

The engine's nodes build and inspect these objects; :mod:`mipviz.wire` turns them into bytes
with scapy and back, at every link crossing. Fields are named as RFC 6275 names them and carry
semantic units: lifetimes in seconds (the wire's 4-second units are the codec's business),
addresses as :class:`ipaddress.IPv6Address`, cookies, tokens and authenticators as ``bytes``.

Padding options (Pad1/PadN) are not modelled: the codec inserts them exactly where RFC 6275
§6.2 alignment rules require and checks them on decode.

This module imports nothing else from mipviz but :mod:`mipviz.iana`, so the engine and
:mod:`mipviz.wire` both stand on it (:mod:`mipviz.model`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv6Address, IPv6Network
from typing import TypeAlias

from mipviz.iana import MH_TYPE_NAMES as MH_TYPE_NAMES  # re-exported: one table
from mipviz.model import fmipv6_messages as fmip  # RFC 5568 (FMIPv6): its own module
from mipviz.model.discovery_messages import (  # re-exported: in the ICMPv6 union below
    HomeAgentAddressDiscoveryReply as HomeAgentAddressDiscoveryReply,
)
from mipviz.model.discovery_messages import (
    HomeAgentAddressDiscoveryRequest as HomeAgentAddressDiscoveryRequest,
)
from mipviz.model.discovery_messages import (
    MobilePrefixAdvertisement as MobilePrefixAdvertisement,
)
from mipviz.model.discovery_messages import (
    MobilePrefixSolicitation as MobilePrefixSolicitation,
)
from mipviz.model.hmip_pmip import (  # HMIPv6 (RFC 5380) and PMIPv6 (RFC 5213) additions
    AccessTechnologyType,
    HandoffIndicator,
    HomeNetworkPrefixOption,
    MapOption,
    MobileNodeIdentifier,
    Timestamp,
)
from mipviz.model.multihoming_messages import (  # re-exported: in the options union below
    BindingIdentifier as BindingIdentifier,
)

# --------------------------------------------------------------------------------------------
# Mobility options (RFC 6275 §6.2, RFC 3963 §4.3)


@dataclass(frozen=True, slots=True)
class BindingRefreshAdvice:
    """Binding Refresh Advice (type 2, RFC 6275 §6.2.4); only in a BA from the HA."""

    refresh_interval: int  # seconds, a multiple of 4


@dataclass(frozen=True, slots=True)
class AlternateCareofAddress:
    """Alternate Care-of Address (type 3, RFC 6275 §6.2.5)."""

    address: IPv6Address


@dataclass(frozen=True, slots=True)
class NonceIndices:
    """Nonce Indices (type 4, RFC 6275 §6.2.6); only in a BU to a correspondent."""

    home_nonce_index: int
    careof_nonce_index: int


@dataclass(frozen=True, slots=True)
class BindingAuthorizationData:
    """Binding Authorization Data (type 5, RFC 6275 §6.2.7); always the last option.

    Wireshark names it "Authorization Data". ``authenticator`` is 12 octets for Return
    Routability (the first 96 bits of HMAC_SHA1(Kbm, ...), RFC 6275 §5.2.6).
    """

    authenticator: bytes


@dataclass(frozen=True, slots=True)
class MobileNetworkPrefix:
    """Mobile Network Prefix (type 6, RFC 3963 §4.3); NEMO explicit mode, may repeat."""

    prefix: IPv6Network


@dataclass(frozen=True, slots=True)
class UnknownMobilityOption:
    """An option this engine does not interpret; skipped by receivers (RFC 6275 §6.2.1)."""

    option_type: int
    data: bytes


MobilityOption: TypeAlias = (
    BindingRefreshAdvice
    | AlternateCareofAddress
    | NonceIndices
    | BindingAuthorizationData
    | MobileNetworkPrefix
    | BindingIdentifier
    | MobileNodeIdentifier
    | HomeNetworkPrefixOption
    | HandoffIndicator
    | AccessTechnologyType
    | Timestamp
    | fmip.MobilityLinkLayerAddress
    | fmip.MobilityIPv6AddressPrefix
    | fmip.FastBindingAuthorizationData
    | UnknownMobilityOption
)

# --------------------------------------------------------------------------------------------
# Mobility Header messages (RFC 6275 §6.1, RFC 3963 §4)


@dataclass(frozen=True, slots=True)
class BindingRefreshRequest:
    """BRR, MH type 0 (RFC 6275 §6.1.2)."""

    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class HomeTestInit:
    """HoTI, MH type 1 (RFC 6275 §6.1.3)."""

    home_init_cookie: bytes  # 8 octets
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class CareofTestInit:
    """CoTI, MH type 2 (RFC 6275 §6.1.4)."""

    careof_init_cookie: bytes  # 8 octets
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class HomeTest:
    """HoT, MH type 3 (RFC 6275 §6.1.5)."""

    home_nonce_index: int
    home_init_cookie: bytes  # 8 octets
    home_keygen_token: bytes  # 8 octets
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class CareofTest:
    """CoT, MH type 4 (RFC 6275 §6.1.6)."""

    careof_nonce_index: int
    careof_init_cookie: bytes  # 8 octets
    careof_keygen_token: bytes  # 8 octets
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class BindingUpdate:
    """BU, MH type 5 (RFC 6275 §6.1.7; R flag RFC 3963 §4.1).

    ``lifetime`` is in seconds; on the wire it is carried in 4-second units, so it must be a
    multiple of 4 (at most 262 140 s).
    """

    sequence: int
    lifetime: int
    acknowledge: bool = False  # A
    home_registration: bool = False  # H
    link_local_compatibility: bool = False  # L
    key_management: bool = False  # K
    mobile_router: bool = False  # R (NEMO)
    options: tuple[MobilityOption, ...] = ()
    map_registration: bool = False  # M (RFC 5380 §4: a local BU to a MAP)
    proxy_registration: bool = False  # P (RFC 5213 §8.1: a Proxy Binding Update)


@dataclass(frozen=True, slots=True)
class BindingAcknowledgement:
    """BA, MH type 6 (RFC 6275 §6.1.8; R flag RFC 3963 §4.2). ``lifetime`` in seconds."""

    status: int
    sequence: int
    lifetime: int
    key_management: bool = False  # K
    mobile_router: bool = False  # R (NEMO)
    options: tuple[MobilityOption, ...] = ()
    proxy_registration: bool = False  # P (RFC 5213 §8.2: a Proxy Binding Acknowledgement)


@dataclass(frozen=True, slots=True)
class BindingError:
    """BE, MH type 7 (RFC 6275 §6.1.9)."""

    status: int
    home_address: IPv6Address
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class UnknownMobilityMessage:
    """An MH type this engine does not implement; a receiver answers with BE status 2."""

    mh_type: int
    data: bytes  # the message data after the 6-octet common header


MobilityMessage: TypeAlias = (
    BindingRefreshRequest
    | HomeTestInit
    | CareofTestInit
    | HomeTest
    | CareofTest
    | BindingUpdate
    | BindingAcknowledgement
    | BindingError
    | fmip.FastBindingUpdate
    | fmip.FastBindingAcknowledgment
    | fmip.HandoverInitiate
    | fmip.HandoverAcknowledge
    | UnknownMobilityMessage
)

MH_TYPE_NUMBERS: dict[type, int] = {
    BindingRefreshRequest: 0,
    HomeTestInit: 1,
    CareofTestInit: 2,
    HomeTest: 3,
    CareofTest: 4,
    BindingUpdate: 5,
    BindingAcknowledgement: 6,
    BindingError: 7,
    **fmip.FMIPV6_MH_TYPES,
}


def mh_type_of(message: MobilityMessage) -> int:
    """The MH Type number of ``message`` (RFC 6275 §6.1, IANA registry)."""
    if isinstance(message, UnknownMobilityMessage):
        return message.mh_type
    return MH_TYPE_NUMBERS[type(message)]


# --------------------------------------------------------------------------------------------
# ICMPv6 (RFC 4443, RFC 4861 with RFC 6275 §7 extensions)


@dataclass(frozen=True, slots=True)
class EchoRequest:
    identifier: int
    sequence: int
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class EchoReply:
    identifier: int
    sequence: int
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class PrefixInformation:
    """Prefix Information option (RFC 4861 §4.6.2) with the R flag of RFC 6275 §7.2.

    With ``router_address`` set, ``prefix.network_address`` is replaced on the wire by the
    router's full global address, given in ``address``.
    """

    prefix: IPv6Network
    on_link: bool = True  # L
    autonomous: bool = True  # A
    router_address: bool = False  # R
    valid_lifetime: int = 86400
    preferred_lifetime: int = 14400
    address: IPv6Address | None = None  # the full address when router_address is set


@dataclass(frozen=True, slots=True)
class HomeAgentInformation:
    """Home Agent Information option, ND type 8 (RFC 6275 §7.4)."""

    preference: int = 0
    lifetime: int = 1800  # seconds
    mobile_router_support: bool = False  # R, RFC 3963 §4.5


@dataclass(frozen=True, slots=True)
class RouterSolicitation:
    source_link_layer: str | None = None


@dataclass(frozen=True, slots=True)
class RouterAdvertisement:
    """RA (RFC 4861 §4.2) with the Home Agent (H) flag and options of RFC 6275 §7.1, §7.3-7.4."""

    router_lifetime: int
    home_agent: bool = False  # H
    managed: bool = False  # M
    other: bool = False  # O
    cur_hop_limit: int = 64
    reachable_time: int = 0
    retrans_timer: int = 0
    source_link_layer: str | None = None
    prefixes: tuple[PrefixInformation, ...] = ()
    advertisement_interval: int | None = None  # milliseconds, ND option 7
    home_agent_information: HomeAgentInformation | None = None
    map_options: tuple[MapOption, ...] = ()  # ND option 23 (RFC 5380 §5)


@dataclass(frozen=True, slots=True)
class NeighborSolicitation:
    target: IPv6Address
    source_link_layer: str | None = None


@dataclass(frozen=True, slots=True)
class NeighborAdvertisement:
    target: IPv6Address
    router: bool = False  # R
    solicited: bool = False  # S
    override: bool = True  # O
    target_link_layer: str | None = None


@dataclass(frozen=True, slots=True)
class ParameterProblem:
    """ICMPv6 Parameter Problem (RFC 4443 §3.4); code 1 = unrecognised Next Header, 2 = option."""

    code: int
    pointer: int
    invoking_packet: bytes


@dataclass(frozen=True, slots=True)
class DestinationUnreachable:
    code: int
    invoking_packet: bytes


@dataclass(frozen=True, slots=True)
class UnknownICMPv6:
    icmp_type: int
    code: int
    data: bytes


ICMPv6Message: TypeAlias = (
    EchoRequest
    | EchoReply
    | RouterSolicitation
    | RouterAdvertisement
    | NeighborSolicitation
    | NeighborAdvertisement
    | ParameterProblem
    | DestinationUnreachable
    | fmip.RouterSolicitationForProxy
    | fmip.ProxyRouterAdvertisement
    | HomeAgentAddressDiscoveryRequest  # RFC 6275 §6.5-6.8 (mipviz.model.discovery_messages)
    | HomeAgentAddressDiscoveryReply
    | MobilePrefixSolicitation
    | MobilePrefixAdvertisement
    | UnknownICMPv6
)


@dataclass(frozen=True, slots=True)
class UDPDatagram:
    source_port: int
    destination_port: int
    payload: bytes = b""


@dataclass(frozen=True, slots=True)
class EncapsulatingSecurityPayload:
    """ESP, Next Header 50 (RFC 4303 §2): the SPI and Sequence Number in the clear, then
    ``data`` — the IV, the encrypted payload with its trailer (Padding, Pad Length, Next
    Header) and the Integrity Check Value — which only the Security Association's keys open
    (:mod:`mipviz.engine.esp`). RFC 6275 §5.1 and RFC 3776 protect the signalling between a
    mobile node and its home agent with it."""

    spi: int
    sequence: int
    data: bytes


@dataclass(frozen=True, slots=True)
class UnknownPayload:
    """An upper layer the engine does not interpret (still real bytes)."""

    next_header: int
    data: bytes


# --------------------------------------------------------------------------------------------
# IPv6 extension headers


@dataclass(frozen=True, slots=True)
class HomeAddressOption:
    """Home Address destination option, type 201 = 0xC9 (RFC 6275 §6.3)."""

    home_address: IPv6Address


@dataclass(frozen=True, slots=True)
class TunnelEncapsulationLimit:
    """Tunnel Encapsulation Limit destination option, type 4 (RFC 2473 §5.1)."""

    limit: int


@dataclass(frozen=True, slots=True)
class UnknownDestinationOption:
    option_type: int
    data: bytes


DestinationOption: TypeAlias = (
    HomeAddressOption | TunnelEncapsulationLimit | UnknownDestinationOption
)


@dataclass(frozen=True, slots=True)
class DestinationOptionsHeader:
    """Destination Options header, Next Header 60 (RFC 8200 §4.6)."""

    options: tuple[DestinationOption, ...]

    @property
    def home_address_option(self) -> HomeAddressOption | None:
        for option in self.options:
            if isinstance(option, HomeAddressOption):
                return option
        return None


@dataclass(frozen=True, slots=True)
class RoutingHeaderType2:
    """Type 2 Routing Header (RFC 6275 §6.4): one address, the home address."""

    home_address: IPv6Address
    segments_left: int = 1


ExtensionHeader: TypeAlias = DestinationOptionsHeader | RoutingHeaderType2

# --------------------------------------------------------------------------------------------
# IPv6 and Ethernet


@dataclass(frozen=True, slots=True)
class IPv6Packet:
    """An IPv6 packet. ``payload`` is another IPv6Packet for IPv6-in-IPv6 (RFC 2473)."""

    source: IPv6Address
    destination: IPv6Address
    payload: Payload
    hop_limit: int = 64
    extension_headers: tuple[ExtensionHeader, ...] = ()
    traffic_class: int = 0
    flow_label: int = 0

    @property
    def home_address_option(self) -> HomeAddressOption | None:
        for header in self.extension_headers:
            if isinstance(header, DestinationOptionsHeader):
                option = header.home_address_option
                if option is not None:
                    return option
        return None

    @property
    def routing_header_type2(self) -> RoutingHeaderType2 | None:
        for header in self.extension_headers:
            if isinstance(header, RoutingHeaderType2):
                return header
        return None

    @property
    def innermost(self) -> IPv6Packet:
        packet = self
        while isinstance(packet.payload, IPv6Packet):
            packet = packet.payload
        return packet

    @property
    def tunnel_depth(self) -> int:
        depth, packet = 0, self
        while isinstance(packet.payload, IPv6Packet):
            depth, packet = depth + 1, packet.payload
        return depth


# RFC 2473 §6.6: the recommended default Tunnel Encapsulation Limit. A tunnel entry point that
# would nest a packet deeper discards it instead (§4.1.1), so a routing loop through tunnels — a
# mobile router moved into its own mobile network — ends instead of growing forever.
TUNNEL_ENCAPSULATION_LIMIT = 4


Payload: TypeAlias = (
    MobilityMessage | ICMPv6Message | UDPDatagram | UnknownPayload | IPv6Packet
    | EncapsulatingSecurityPayload
)


@dataclass(frozen=True, slots=True)
class EthernetFrame:
    """An Ethernet II frame carrying IPv6 (EtherType 0x86DD). MACs as ``aa:bb:cc:dd:ee:ff``."""

    source_mac: str
    destination_mac: str
    packet: IPv6Packet


@dataclass(frozen=True, slots=True)
class DecodedFrame:
    """What a receiver gets from :func:`mipviz.wire.decode_frame`: the model plus verdicts.

    ``checksum_ok`` is the innermost upper-layer checksum (MH, ICMPv6 or UDP), verified with the
    RFC 6275 pseudo-header rules (home address from the HAO, final destination from the RH2);
    None when there is no checksummed upper layer. ``problems`` name each malformation found.
    """

    frame: EthernetFrame
    checksum_ok: bool | None
    problems: tuple[str, ...] = field(default=())
