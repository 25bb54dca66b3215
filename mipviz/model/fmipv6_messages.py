"""The FMIPv6 messages and options (RFC 5568), as frozen dataclasses in semantic units.

Mobility Header messages: Fast Binding Update (MH type 8, §6.3.1), Fast Binding Acknowledgment
(9, §6.3.2), Handover Initiate (14, §6.2.1) and Handover Acknowledge (15, §6.2.2). ICMPv6
type 154 messages: Router Solicitation for Proxy Advertisement (subtype 2, §6.1.1) and Proxy
Router Advertisement (subtype 3, §6.1.2). The Unsolicited Neighbor Advertisement (§6.5) is an
ordinary Neighbor Advertisement with O = 0, so it needs no class of its own.

Lifetimes of FBU and FBack are in seconds on the wire as well (RFC 5568 §6.3.1; PROTOCOL.md
§23 item 6: Wireshark multiplies them by 4 anyway). Like :mod:`mipviz.model.messages`, padding
is the codec's business. This module imports nothing from mipviz, so :mod:`mipviz.model.messages`
can list these classes in its unions.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.model.messages import MobilityOption

# Option-Codes of the Mobility Header IPv6 Address/Prefix option (34) and of the ND IP
# Address/Prefix option (17), RFC 5568 §6.4.1-6.4.2.
OLD_CARE_OF_ADDRESS = 1
NEW_CARE_OF_ADDRESS = 2
NAR_ADDRESS = 3
NAR_PREFIX = 4
# Option-Codes of the ND Link-layer Address option (19), RFC 5568 §6.4.3.
LLA_WILDCARD = 0
LLA_NEW_ACCESS_POINT = 1
LLA_MOBILE_NODE = 2
LLA_NAR = 3
LLA_SOURCE = 4
# Mobility Header Link-Layer Address option (7): Option-Code 2 is the MN's (RFC 5568 §6.4.4).
MH_LLA_MOBILE_NODE = 2

# FBack statuses (RFC 5568 §6.3.2) and HAck codes (§6.2.2).
FBACK_ACCEPTED = 0
FBACK_ACCEPTED_USE_SUPPLIED_NCOA = 1
FBACK_REASON_UNSPECIFIED = 128
FBACK_ADMINISTRATIVELY_PROHIBITED = 129
FBACK_INSUFFICIENT_RESOURCES = 130
FBACK_INCORRECT_INTERFACE_IDENTIFIER_LENGTH = 131
HACK_ACCEPTED_NCOA_VALID = 0
HACK_ACCEPTED_NCOA_NOT_VALID = 1
HACK_ACCEPTED_NCOA_ASSIGNED = 2
HACK_ACCEPTED_USE_PCOA = 3
HACK_NOT_ACCEPTED = 128
HACK_ADMINISTRATIVELY_PROHIBITED = 129
HACK_INSUFFICIENT_RESOURCES = 130
# HI codes (§6.2.1): 0 = the FBU came from the PCoA (predictive), 1 = it did not (reactive).
HI_FROM_PCOA = 0
HI_NOT_FROM_PCOA = 1


# --------------------------------------------------------------------------------------------
# Mobility options (RFC 5568 §6.4)


@dataclass(frozen=True, slots=True)
class MobilityLinkLayerAddress:
    """Mobility Header Link-Layer Address option, type 7 (RFC 5568 §6.4.4)."""

    option_code: int  # 2: the MN's link-layer address
    address: str  # aa:bb:cc:dd:ee:ff


@dataclass(frozen=True, slots=True)
class MobilityIPv6AddressPrefix:
    """Mobility Header IPv6 Address/Prefix option, type 34 (RFC 5568 §6.4.2; the RFC's text
    says 17, its IANA section and Wireshark 34: PROTOCOL.md §23 item 17)."""

    option_code: int  # OLD_CARE_OF_ADDRESS, NEW_CARE_OF_ADDRESS, NAR_ADDRESS, NAR_PREFIX
    address: IPv6Address
    prefix_length: int = 128


@dataclass(frozen=True, slots=True)
class FastBindingAuthorizationData:
    """Binding Authorization Data for FMIPv6 (BADF), type 21 (RFC 5568 §6.4): the SPI of
    the security association the MN shares with the PAR and a 96-bit authenticator. It is
    always the last option."""

    spi: int
    authenticator: bytes  # 12 octets


FMIPV6_MOBILITY_OPTIONS = (MobilityLinkLayerAddress, MobilityIPv6AddressPrefix,
                           FastBindingAuthorizationData)

# --------------------------------------------------------------------------------------------
# Mobility Header messages


@dataclass(frozen=True, slots=True)
class FastBindingUpdate:
    """FBU, MH type 8 (RFC 5568 §6.3.1): the BU format; A and H MUST be set; lifetime in
    seconds."""

    sequence: int
    lifetime: int
    acknowledge: bool = True  # A
    home_registration: bool = True  # H
    link_local_compatibility: bool = False  # L
    key_management: bool = False  # K
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class FastBindingAcknowledgment:
    """FBack, MH type 9 (RFC 5568 §6.3.2); lifetime in seconds."""

    status: int
    sequence: int
    lifetime: int
    key_management: bool = False  # K
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class HandoverInitiate:
    """HI, MH type 14 (RFC 5568 §6.2.1): PAR -> NAR."""

    sequence: int
    code: int  # HI_FROM_PCOA or HI_NOT_FROM_PCOA
    assigned_address: bool = False  # S: the NAR should assign (return) an NCoA
    buffer: bool = False  # U: buffer packets for the MN
    options: tuple[MobilityOption, ...] = ()


@dataclass(frozen=True, slots=True)
class HandoverAcknowledge:
    """HAck, MH type 15 (RFC 5568 §6.2.2): NAR -> PAR."""

    sequence: int
    code: int
    options: tuple[MobilityOption, ...] = ()


FMIPV6_MH_TYPES: dict[type, int] = {
    FastBindingUpdate: 8,
    FastBindingAcknowledgment: 9,
    HandoverInitiate: 14,
    HandoverAcknowledge: 15,
}

# --------------------------------------------------------------------------------------------
# ICMPv6 type 154 and its ND options (RFC 5568 §6.1, §6.4.1, §6.4.3)


@dataclass(frozen=True, slots=True)
class LinkLayerAddressOption:
    """ND Link-layer Address option, type 19 (RFC 5568 §6.4.3)."""

    option_code: int
    address: str


@dataclass(frozen=True, slots=True)
class IPAddressPrefixOption:
    """ND IP Address/Prefix option, type 17 (RFC 5568 §6.4.1)."""

    option_code: int
    address: IPv6Address
    prefix_length: int = 128


@dataclass(frozen=True, slots=True)
class RouterSolicitationForProxy:
    """RtSolPr, ICMPv6 154 subtype 2 (RFC 5568 §6.1.1): MN -> PAR."""

    identifier: int
    options: tuple[LinkLayerAddressOption | IPAddressPrefixOption, ...] = ()


@dataclass(frozen=True, slots=True)
class ProxyRouterAdvertisement:
    """PrRtAdv, ICMPv6 154 subtype 3 (RFC 5568 §6.1.2): PAR -> MN. Code 0: use the
    [AP-ID, AR-Info] tuples; 1: an unsolicited handover trigger; 2: no new router information."""

    identifier: int
    code: int = 0
    options: tuple[LinkLayerAddressOption | IPAddressPrefixOption, ...] = ()


FMIPV6_ICMP_SUBTYPES: dict[type, int] = {RouterSolicitationForProxy: 2,
                                         ProxyRouterAdvertisement: 3}


def option(options: tuple[object, ...], cls: type, code: int | None = None) -> object | None:
    """The first option of class ``cls`` (and Option-Code ``code``) in ``options``."""
    for candidate in options:
        if isinstance(candidate, cls) and (code is None or
                                           getattr(candidate, "option_code", None) == code):
            return candidate
    return None
