"""Address arithmetic: EUI-64 interface identifiers, multicast groups, anycast (RFC 4291, 2526)."""

from __future__ import annotations

import hashlib
from ipaddress import IPv6Address, IPv6Network

ALL_NODES = IPv6Address("ff02::1")
ALL_ROUTERS = IPv6Address("ff02::2")
UNSPECIFIED = IPv6Address("::")
LINK_LOCAL_PREFIX = IPv6Network("fe80::/64")

# RFC 2526 §3: the Mobile IPv6 Home-Agents anycast address uses subnet-router anycast ID 126,
# giving the interface identifier fdff:ffff:ffff:fffe for a /64 (RFC 6275 §10.5).
HOME_AGENTS_ANYCAST_IID = 0xFDFF_FFFF_FFFF_FFFE


def mac_to_bytes(mac: str) -> bytes:
    return bytes(int(part, 16) for part in mac.split(":"))


def bytes_to_mac(raw: bytes) -> str:
    return ":".join(f"{b:02x}" for b in raw)


def derived_mac(*names: str) -> str:
    """A stable, locally administered unicast MAC for a node's interface (no randomness).

    Bit 0x02 of the first octet marks it locally administered, 0x01 cleared keeps it unicast
    (IEEE 802). Deterministic so the same lesson always gives the same bytes.
    """
    digest = hashlib.sha1("/".join(names).encode()).digest()
    first = (digest[0] & 0xFC) | 0x02
    return bytes_to_mac(bytes([first]) + digest[1:6])


def eui64_interface_identifier(mac: str) -> int:
    """Modified EUI-64 from a 48-bit MAC (RFC 4291 Appendix A): insert ff:fe, flip the U/L bit."""
    raw = mac_to_bytes(mac)
    eui = bytes([raw[0] ^ 0x02]) + raw[1:3] + b"\xff\xfe" + raw[3:6]
    return int.from_bytes(eui, "big")


def slaac_address(prefix: IPv6Network, mac: str) -> IPv6Address:
    """Stateless autoconfiguration (RFC 4862 §5.5.3): /64 prefix + modified EUI-64 IID."""
    if prefix.prefixlen != 64:
        raise ValueError(f"SLAAC needs a /64 prefix, got {prefix}")
    return IPv6Address(int(prefix.network_address) | eui64_interface_identifier(mac))


def link_local_address(mac: str) -> IPv6Address:
    return slaac_address(LINK_LOCAL_PREFIX, mac)


_SOLICITED_NODE_PREFIX = int(IPv6Address("ff02::1:ff00:0"))  # parsed once, not per call


def solicited_node_multicast(address: IPv6Address) -> IPv6Address:
    """ff02::1:ffXX:XXXX from the low 24 bits (RFC 4291 §2.7.1)."""
    return IPv6Address(_SOLICITED_NODE_PREFIX | (int(address) & 0xFFFFFF))


def multicast_mac(group: IPv6Address) -> str:
    """33:33 + the low 32 bits of the group (RFC 2464 §7)."""
    return bytes_to_mac(b"\x33\x33" + group.packed[12:])


def home_agents_anycast(prefix: IPv6Network) -> IPv6Address:
    return IPv6Address(int(prefix.network_address) | HOME_AGENTS_ANYCAST_IID)


def is_multicast_mac(mac: str) -> bool:
    return int(mac[:2], 16) & 0x01 == 1


def is_unicast_routable(address: IPv6Address) -> bool:
    """RFC 6275 §9.3.1: a home address must be a global unicast address."""
    return not (
        address.is_multicast
        or address.is_link_local
        or address.is_loopback
        or address.is_unspecified
    )
