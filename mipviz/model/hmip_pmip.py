"""The typed view of HMIPv6 (RFC 5380) and Proxy Mobile IPv6 (RFC 5213) additions.

HMIPv6 adds one Neighbor Discovery option, the MAP option (type 23, RFC 5380 §5), and the M
flag of the local Binding Update (§4); PMIPv6 adds the P flag of the Proxy Binding Update and
Acknowledgement (RFC 5213 §8.1-8.2) and the mobility options below (§8.3-8.8; the Mobile Node
Identifier option is RFC 4283's). Units are semantic, as in :mod:`mipviz.model.messages`:
lifetimes in seconds, addresses as :mod:`ipaddress` objects; the timestamp is kept as the 64
raw bits RFC 5213 §8.8 defines (48 bits of seconds since 1970, 16 bits of 1/65536 s), so that
what the LMA compares is exactly what crossed the wire.

This module imports nothing of mipviz: :mod:`mipviz.model.messages` imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network

# --------------------------------------------------------------------------------------------
# HMIPv6: the MAP option (ND type 23, RFC 5380 §5)


@dataclass(frozen=True, slots=True)
class MapOption:
    """MAP option in a Router Advertisement (RFC 5380 §5): how the MN discovers its MAP."""

    distance: int  # Dist, 1..15: hops to the MAP, 1 when it is on the same link (0 MUST NOT)
    preference: int  # Pref, 0..15: 15 is the highest
    address: IPv6Address  # one of the MAP's global addresses
    valid_lifetime: int = 86400  # seconds
    rcoa_allocated: bool = False  # R: the MAP allocates the RCoA (RFC 4877 §9)


# --------------------------------------------------------------------------------------------
# PMIPv6 mobility options (RFC 5213 §8.3-8.8, RFC 4283)

MN_IDENTIFIER_NAI = 1  # RFC 4283 §3: subtype 1, the Network Access Identifier (RFC 4282)


@dataclass(frozen=True, slots=True)
class MobileNodeIdentifier:
    """Mobile Node Identifier option, type 8 (RFC 4283 §3); subtype 1 = NAI."""

    identifier: bytes
    subtype: int = MN_IDENTIFIER_NAI


@dataclass(frozen=True, slots=True)
class HomeNetworkPrefixOption:
    """Home Network Prefix option, type 22 (RFC 5213 §8.3), at 8n+4. ``::/0`` is ALL_ZERO: the
    MAG asks the LMA to assign the prefix."""

    prefix: IPv6Network


ALL_ZERO_PREFIX = IPv6Network("::/0")

# Handoff Indicator values (RFC 5213 §8.4)
HANDOFF_NEW_INTERFACE = 1
HANDOFF_BETWEEN_INTERFACES = 2
HANDOFF_BETWEEN_MAGS = 3
HANDOFF_UNKNOWN = 4
HANDOFF_NOT_CHANGED = 5
HANDOFF_INDICATOR_NAMES: dict[int, str] = {
    HANDOFF_NEW_INTERFACE: "Attachment over a new interface",
    HANDOFF_BETWEEN_INTERFACES: "Handoff between two different interfaces of the mobile node",
    HANDOFF_BETWEEN_MAGS: "Handoff between mobile access gateways for the same interface",
    HANDOFF_UNKNOWN: "Handoff state unknown",
    HANDOFF_NOT_CHANGED: "Handoff state not changed (Re-registration)",
}


@dataclass(frozen=True, slots=True)
class HandoffIndicator:
    """Handoff Indicator option, type 23 (RFC 5213 §8.4), no alignment requirement."""

    value: int


# Access Technology Type values (RFC 5213 §8.5)
ACCESS_TECHNOLOGY_802_3 = 3
ACCESS_TECHNOLOGY_NAMES: dict[int, str] = {
    1: "Virtual", 2: "PPP", 3: "IEEE 802.3", 4: "IEEE 802.11a/b/g", 5: "IEEE 802.16e",
}


@dataclass(frozen=True, slots=True)
class AccessTechnologyType:
    """Access Technology Type option, type 24 (RFC 5213 §8.5)."""

    value: int


@dataclass(frozen=True, slots=True)
class Timestamp:
    """Timestamp option, type 27 (RFC 5213 §8.8), at 8n+2: a 64-bit NTP-like value, 48 bits
    of seconds since 1970-01-01 and 16 bits of 1/65536 seconds."""

    value: int

    @property
    def seconds(self) -> float:
        return self.value / 65536


def timestamp_of(microseconds_since_epoch: int) -> Timestamp:
    """The Timestamp option for a clock reading in µs since 1970 (RFC 5213 §8.8)."""
    return Timestamp(microseconds_since_epoch * 65536 // 1_000_000)


PMIP_OPTIONS: tuple[type, ...] = (
    MobileNodeIdentifier, HomeNetworkPrefixOption, HandoffIndicator, AccessTechnologyType,
    Timestamp,
)

# PBA Status values (RFC 5213 §8.9)
PROXY_REG_NOT_ENABLED = 152
NOT_LMA_FOR_THIS_MOBILE_NODE = 153
MAG_NOT_AUTHORIZED_FOR_PROXY_REG = 154
NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX = 155
TIMESTAMP_MISMATCH = 156
TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157
MISSING_HOME_NETWORK_PREFIX_OPTION = 158
BCE_PBU_PREFIX_SET_DO_NOT_MATCH = 159
MISSING_MN_IDENTIFIER_OPTION = 160
MISSING_HANDOFF_INDICATOR_OPTION = 161
MISSING_ACCESS_TECH_TYPE_OPTION = 162
