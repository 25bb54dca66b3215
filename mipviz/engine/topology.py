"""The engine's own description of a network to build: links, nodes and their settings.

:class:`~mipviz.engine.network.Network` builds from a :class:`Topology`. Lessons describe their
networks in TOML (:mod:`mipviz.lesson.schema`, with source lines, map positions and labels for
people); :func:`mipviz.lesson.engine_topology.engine_topology` turns that into this, so lessons
drive the engine and the engine knows nothing of lessons. Values are in the engine's units:
addresses and prefixes as :mod:`ipaddress` objects, times in virtual microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import Literal

Role = Literal[
    "router", "home-agent", "mobile-node", "mobile-router", "correspondent", "host", "attacker",
    "map", "lma", "mag", "mobile-host",  # HMIPv6 (RFC 5380), PMIPv6 (RFC 5213)
    "access-router",  # FMIPv6 (RFC 5568): a PAR or NAR
]
FastHandover = Literal["none", "predictive", "reactive"]  # RFC 5568 modes
NemoMode = Literal["implicit", "explicit"]  # RFC 3963 §5.2
AttackerMode = Literal["off-path", "eavesdropper", "home-registration"]
IpsecMode = Literal["none", "esp", "esp-all"]  # home agents: mipviz.engine.ipsec
MOBILE_ROLES: tuple[str, ...] = ("mobile-node", "mobile-router")


@dataclass(frozen=True, slots=True)
class LinkConfig:
    name: str
    prefix: IPv6Network
    delay: int = 1000  # one-way, virtual µs


@dataclass(frozen=True, slots=True)
class InterfaceConfig:
    link: str
    address: IPv6Address | None = None  # None: SLAAC with a modified EUI-64 identifier
    mac: str | None = None  # None: derived from the node and link names


@dataclass(frozen=True, slots=True)
class NodeConfig:
    """One node; which settings apply depends on ``role``. A mobile router's first interface is
    its egress one, the others the ingress links of its Mobile Network Prefixes (RFC 3963 §3)."""

    name: str
    role: Role
    interfaces: tuple[InterfaceConfig, ...]
    # routers and home agents (RFC 4861 §6.2.1; RFC 6275 §7.4)
    advertise: bool = True
    ra_interval: int = 0  # µs between unsolicited RAs; 0 = only answer solicitations
    home_agent_lifetime: int = 1800  # seconds
    mobile_router_support: bool = True  # RFC 3963: accept R = 1 registrations
    binding_refresh_interval: int = 0  # seconds; home agents: BRA in BAs (RFC 6275 §6.2.4)
    home_agent_preference: int = 0  # RFC 6275 §7.4: HA Information option, DHAAD order
    prefix_table: Literal["auto", "none"] = "auto"  # the MNPs each mobile router may register
    accept_handovers: bool = True  # access routers: accept HI as NAR (RFC 5568 §6.2.2)
    ipsec: IpsecMode = "none"  # home agents: ESP with their mobile nodes (RFC 6275 §5.1)
    # mobile nodes and mobile routers
    home_link: str | None = None
    home_address: IPv6Address | None = None  # None: SLAAC on the home link
    home_agent: str | None = None  # node name; None: found by DHAAD (RFC 6275 §11.4.1)
    route_optimization: bool = True
    binding_lifetime: int = 420  # seconds
    nemo_mode: NemoMode = "implicit"
    announced_prefixes: tuple[IPv6Network, ...] | None = None  # explicit mode: MNP options
    egress_interfaces: int = 1  # 2: Wi-Fi and cellular, RFC 5648 (engine/multihomed_router.py)
    fast_handover: FastHandover = "none"  # mobile nodes: FMIPv6 (RFC 5568)
    # correspondents (RFC 6275 §5.2.7)
    max_nonce_lifetime: int = 240  # seconds
    nonce_interval: int = 30  # seconds
    # attackers (RFC 6275 §15.4)
    mode: AttackerMode | None = None
    victim: str | None = None  # the mobile node whose home address is attacked
    target: str | None = None  # the correspondent fooled into a binding
    # HMIPv6 (RFC 5380, mipviz.engine.hmipv6) and PMIPv6 (RFC 5213, mipviz.engine.pmipv6)
    hmipv6: bool = False  # mobile nodes: HMIPv6-aware
    map: str | None = None  # routers: the MAP whose option they relay in RAs
    map_preference: int = 10  # MAPs: Pref of the MAP option
    valid_prefixes: tuple[IPv6Network, ...] | None = None  # MAPs: allowed LCoA prefixes
    lma: str | None = None  # MAGs and mobile hosts: the LMA
    identifier: str | None = None  # mobile hosts: the MN-ID (an NAI)
    home_network_prefix: IPv6Network | None = None  # mobile hosts: the prefix the LMA gives
    requested_prefix: IPv6Network | None = None  # mobile hosts: the prefix the MAGs ask for
    clock_offset: int = 0  # MAGs: µs their clock is off the domain's (Timestamp option)


@dataclass(frozen=True, slots=True)
class Topology:
    links: tuple[LinkConfig, ...]
    nodes: tuple[NodeConfig, ...]
