"""Infer who is who in a capture from its mobility signalling.

Each signal is evidence: a home-registration Binding Update (H flag) names its destination a
home agent and its home address a mobile node whose care-of address is the Alternate Care-of
Address or the IPv6 source (RFC 6275 §11.7.1); the R flag makes it a mobile router with the
Mobile Network Prefixes it lists (RFC 3963 §6.1); the P flag (or PMIPv6 options) makes the
source a mobile access gateway and the destination a local mobility anchor (RFC 5213 §6.9);
the M flag makes the destination a MAP (RFC 5380); an FBU's destination is the previous access
router and a HI's destination the new one (RFC 5568); a DHAAD Reply lists home agents
(RFC 6275 §6.6); a Router Advertisement with the H flag comes from one (§7.1). A BU without H
goes to a correspondent; HoTI/CoTI go to one, HoT/CoT/BRR come from one (§5.2.5).

Addresses shown to belong together (a home address and its care-of addresses, a router's
link-local and global addresses) are merged into one node. A node's role is the strongest
of its claims; nodes are named by role in order of first appearance: ``HA``, ``MN``, ``CN``,
or ``HA1``, ``HA2``, ... when there are several. Nothing here assumes the capture conforms:
conflicting evidence just leaves a node with more than one role.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from ipaddress import IPv6Network

from mipviz.capture.icmpv6 import HOME_AGENTS_ANYCAST_IDENTIFIER
from mipviz.capture.mobility_options import HOME_NETWORK_PREFIX, MOBILE_NETWORK_PREFIX
from mipviz.capture.signals import DataFacts, Signal

HOME_AGENT = "home-agent"
MOBILE_NODE = "mobile-node"
MOBILE_ROUTER = "mobile-router"
CORRESPONDENT = "correspondent"
LOCAL_MOBILITY_ANCHOR = "local-mobility-anchor"
MOBILE_ACCESS_GATEWAY = "mobile-access-gateway"
MOBILITY_ANCHOR_POINT = "mobility-anchor-point"
PREVIOUS_ACCESS_ROUTER = "previous-access-router"
NEW_ACCESS_ROUTER = "new-access-router"
LOCAL_FIXED_NODE = "local-fixed-node"  # a host in a mobile network (RFC 3963 §2, RFC 4885)

# Strongest first: a node claimed as both HA and CN is shown as an HA.
ROLE_PRIORITY = (HOME_AGENT, LOCAL_MOBILITY_ANCHOR, MOBILITY_ANCHOR_POINT,
                 PREVIOUS_ACCESS_ROUTER, NEW_ACCESS_ROUTER, MOBILE_ROUTER, MOBILE_NODE,
                 MOBILE_ACCESS_GATEWAY, CORRESPONDENT, LOCAL_FIXED_NODE)
ROLE_NAMES = {HOME_AGENT: "HA", MOBILE_NODE: "MN", MOBILE_ROUTER: "MR", CORRESPONDENT: "CN",
              LOCAL_MOBILITY_ANCHOR: "LMA", MOBILE_ACCESS_GATEWAY: "MAG",
              MOBILITY_ANCHOR_POINT: "MAP", PREVIOUS_ACCESS_ROUTER: "PAR",
              NEW_ACCESS_ROUTER: "NAR", LOCAL_FIXED_NODE: "LFN"}
STRONG, WEAK = 2, 1


@dataclass(slots=True)
class Node:
    """One inferred node: its name, role(s) and addresses (16-octet ``bytes``)."""

    name: str
    role: str
    roles: tuple[str, ...]
    addresses: list[bytes]
    home_address: bytes | None = None
    care_of_addresses: list[bytes] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    identifier: str | None = None  # PMIPv6 Mobile Node Identifier (an NAI)
    links: list[str] = field(default_factory=list)
    first_seen: int = 0


@dataclass(slots=True)
class Roles:
    nodes: dict[str, Node]
    owner: dict[bytes, str]  # address -> node name
    by_identifier: dict[str, str]  # PMIPv6 identifier or home network prefix -> node name
    link_prefixes: dict[str, list[str]] = field(default_factory=dict)  # advertised on-link

    def name_of(self, address: bytes | None) -> str | None:
        return self.owner.get(address) if address is not None else None


# Copies of a packet are seen close together (pass 1 shares a decode only within two
# generations of mipviz.capture.survey.RECENT_PACKETS steps), so remembering this many
# messages finds them while keeping the memory bounded.
WEIGHED_MESSAGES = 8192


def _nameable(address: bytes) -> bool:
    """Unspecified, multicast and Home-Agents anycast addresses belong to no single node."""
    return (len(address) == 16 and address != bytes(16) and address[0] != 0xFF
            and address[8:] != HOME_AGENTS_ANYCAST_IDENTIFIER)


class _Evidence:
    """Claims (address, role, weight), same-node pairs and facts, with union-find."""

    def __init__(self) -> None:
        self.parent: dict[bytes | str, bytes | str] = {}
        self.first: dict[bytes | str, int] = {}
        self.claims: dict[bytes | str, dict[str, int]] = {}
        self.home: dict[bytes | str, bytes] = {}
        self.care_of: dict[bytes | str, list[bytes]] = {}
        self.prefixes: dict[bytes | str, list[str]] = {}
        self.links: dict[bytes | str, list[str]] = {}

    def _add(self, key: bytes | str, ordinal: int) -> bool:
        if isinstance(key, bytes) and not _nameable(key):
            return False
        if key not in self.parent:
            self.parent[key] = key
            self.first[key] = ordinal
        return True

    def find(self, key: bytes | str) -> bytes | str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def claim(self, key: bytes | str | None, role: str, weight: int, ordinal: int,
              link: str | None = None) -> None:
        if key is None:
            return
        if key not in self.parent and not self._add(key, ordinal):
            return  # (_add, only for a key not seen yet: the claims of a capture repeat)
        roles = self.claims.get(key)
        if roles is None:
            roles = self.claims[key] = {}
        known = roles.get(role)
        if known is None or weight > known:
            roles[role] = max(known or 0, weight)
        if link is not None:
            links = self.links.get(key)
            if links is None:
                self.links[key] = [link]
            elif link not in links:
                links.append(link)

    def same(self, first: bytes | str | None, second: bytes | str | None, ordinal: int) -> None:
        if first is None or second is None or first == second:
            return
        if not (self._add(first, ordinal) and self._add(second, ordinal)):
            return
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[root_second] = root_first

    def home_of(self, home: bytes, care_of: bytes | None, ordinal: int) -> None:
        if not self._add(home, ordinal):
            return
        self.home[home] = home
        if care_of is not None and care_of != home and _nameable(care_of):
            known = self.care_of.setdefault(home, [])
            if care_of not in known:
                known.append(care_of)
            self.same(home, care_of, ordinal)


def infer_roles(signals: Iterable[Signal], facts: DataFacts) -> Roles:
    """Nodes and address ownership from every signal and data fact of a capture."""
    inference = RoleInference()
    for signal in signals:
        inference.add(signal)
    return inference.roles(facts)


class RoleInference:
    """:func:`infer_roles` a signal at a time, for a pass that keeps no signals (its memory
    is bounded by the addresses seen, not the packets)."""

    __slots__ = ("evidence", "weighed")

    def __init__(self) -> None:
        self.evidence = _Evidence()
        self.weighed: dict[tuple[object, ...], None] = {}

    def add(self, signal: Signal) -> None:
        """Weigh the next signal of the capture, in step order."""
        if signal.repeat_of is not None:  # a further hop says nothing new
            return
        # Nor does the same decoded message again on the same link (a copy or retransmission
        # of one packet, which pass 1 decodes once): every claim keeps its first step and its
        # strongest weight, and every address pair is joined already. The key holds the
        # message itself, so no other message can take its id while it is remembered.
        key = (signal.message, signal.link, signal.source, signal.destination,
               signal.wire_source, signal.wire_destination, signal.outer, signal.routing_header)
        weighed = self.weighed
        if key in weighed:
            return
        if len(weighed) >= WEIGHED_MESSAGES:
            weighed.clear()
        weighed[key] = None
        _evidence_from_signal(self.evidence, signal)

    def roles(self, facts: DataFacts) -> Roles:
        """The roles, once every signal has been added (``facts``: the data facts)."""
        _evidence_from_data(self.evidence, facts)
        roles = _resolve(self.evidence)
        roles.link_prefixes = {link: list(prefixes)
                               for link, prefixes in facts.link_prefixes.items()}
        return roles


def _evidence_from_signal(evidence: _Evidence, signal: Signal) -> None:
    claim, same, ordinal, link = evidence.claim, evidence.same, signal.ordinal, signal.link
    source, destination = signal.source, signal.destination
    message = signal.mobility
    if message is not None:
        kind, flags = message.mh_type, message.flags
        if kind == 5:
            care_of = message.alternate_care_of_address() or signal.wire_source
            proxy = "P" in flags or any(o.type in (8, 22, 23, 24) for o in message.options)
            if proxy:
                claim(destination, LOCAL_MOBILITY_ANCHOR, STRONG, ordinal, link)
                claim(signal.wire_source, MOBILE_ACCESS_GATEWAY, STRONG, ordinal, link)
                _same_over_ipv4(evidence, signal)
                key = _pmip_key(message.mobile_node_identifier(),
                                message.prefixes(HOME_NETWORK_PREFIX))
                if key is not None:
                    claim(key, MOBILE_NODE, STRONG, ordinal)
                    evidence.prefixes.setdefault(key, message.prefixes(HOME_NETWORK_PREFIX))
                return
            if "M" in flags:
                claim(destination, MOBILITY_ANCHOR_POINT, STRONG, ordinal, link)
            elif "H" in flags:
                claim(destination, HOME_AGENT, STRONG, ordinal, link)
            else:
                claim(destination, CORRESPONDENT, STRONG, ordinal, link)
            role = MOBILE_ROUTER if "R" in flags else MOBILE_NODE
            claim(source, role, STRONG, ordinal, link)
            evidence.home_of(source, care_of, ordinal)
            same(source, signal.wire_source, ordinal)
            if "R" in flags:
                known = evidence.prefixes.setdefault(source, [])
                known.extend(p for p in message.prefixes(MOBILE_NETWORK_PREFIX) if p not in known)
        elif kind == 6:
            if "P" in flags:
                claim(signal.wire_source, LOCAL_MOBILITY_ANCHOR, STRONG, ordinal, link)
                claim(signal.wire_destination, MOBILE_ACCESS_GATEWAY, STRONG, ordinal, link)
                _same_over_ipv4(evidence, signal)
            else:
                # Only a home agent sets K or sends a Binding Refresh Advice (RFC 6275 6.1.8,
                # 6.2.4); without either, a correspondent is the likelier sender.
                home_agent = "K" in flags or message.option(2) is not None
                claim(signal.wire_source, HOME_AGENT if home_agent else CORRESPONDENT, WEAK,
                      ordinal, link)
                claim(destination, MOBILE_NODE, WEAK, ordinal, link)
                if signal.routing_header is not None:
                    evidence.home_of(destination, signal.wire_destination, ordinal)
        elif kind in (1, 2):  # HoTI, CoTI: mobile node -> correspondent
            claim(destination, CORRESPONDENT, STRONG, ordinal, link)
            claim(source, MOBILE_NODE, WEAK, ordinal, link)
            if kind == 1 and signal.outer is not None:
                evidence.home_of(source, signal.outer[0], ordinal)
                claim(signal.outer[1], HOME_AGENT, STRONG, ordinal, link)
        elif kind in (0, 3, 4):  # BRR, HoT, CoT: correspondent -> mobile node
            claim(source, CORRESPONDENT, STRONG if kind else WEAK, ordinal, link)
            claim(destination, MOBILE_NODE, WEAK, ordinal, link)
            if kind == 3 and signal.outer is not None:
                evidence.home_of(destination, signal.outer[1], ordinal)
                claim(signal.outer[0], HOME_AGENT, STRONG, ordinal, link)
        elif kind in (8, 10):  # FBU / FNA: mobile node -> PAR / NAR
            role = PREVIOUS_ACCESS_ROUTER if kind == 8 else NEW_ACCESS_ROUTER
            claim(signal.wire_destination, role, STRONG, ordinal, link)
            claim(source, MOBILE_NODE, WEAK, ordinal, link)
            evidence.home_of(source, signal.wire_source, ordinal)
            evidence.home_of(source, message.alternate_care_of_address(), ordinal)
        elif kind == 9:
            claim(signal.wire_source, PREVIOUS_ACCESS_ROUTER, STRONG, ordinal, link)
        elif kind in (14, 15):  # HI: PAR -> NAR; HAck: NAR -> PAR
            first, second = PREVIOUS_ACCESS_ROUTER, NEW_ACCESS_ROUTER
            if kind == 15:
                first, second = second, first
            claim(signal.wire_source, first, STRONG, ordinal, link)
            claim(signal.wire_destination, second, STRONG, ordinal, link)
        elif kind == 12:
            claim(signal.wire_source, HOME_AGENT, STRONG, ordinal, link)
        return
    icmp = signal.icmp
    if icmp is None:
        return
    kind = icmp.icmp_type
    if kind == 144:
        claim(signal.wire_source, MOBILE_NODE, WEAK, ordinal, link)
    elif kind == 145:
        claim(signal.wire_source, HOME_AGENT, STRONG, ordinal, link)
        for address in icmp.fields.get("home_agent_addresses", ()):
            claim(address, HOME_AGENT, STRONG, ordinal)
            same(signal.wire_source, address, ordinal)
    elif kind in (146, 147):
        agent = signal.wire_destination if kind == 146 else signal.wire_source
        mobile = source if kind == 146 else destination
        care_of = signal.wire_source if kind == 146 else signal.wire_destination
        claim(agent, HOME_AGENT, STRONG, ordinal, link)
        claim(mobile, MOBILE_NODE, WEAK, ordinal, link)
        if mobile != care_of:
            evidence.home_of(mobile, care_of, ordinal)
    elif kind == 134:  # Router Advertisement with the H flag (RFC 6275 7.1)
        claim(signal.wire_source, HOME_AGENT, STRONG, ordinal, link)
        for _, option in icmp.options:
            if "R" in option.get("flags", ()) and "address" in option:
                same(signal.wire_source, option["address"], ordinal)
    elif kind == 154:
        subtype = icmp.fields.get("subtype")
        router = signal.wire_destination if subtype == 2 else signal.wire_source
        # RFC 5568 6.1: RtSolPr and PrRtAdv may use the PAR's link-local address, which names
        # its interface, not the router the FBU and HI name by its global address: naming it
        # would split one PAR in two (nothing in a capture ties the two addresses together).
        if router[:2] != b"\xfe\x80":
            claim(router, PREVIOUS_ACCESS_ROUTER, STRONG, ordinal, link)


_IPV4_MAPPED = bytes(10) + b"\xff\xff"


def _same_over_ipv4(evidence: _Evidence, signal: Signal) -> None:
    """RFC 5844 4: a PBU/PBA sent in IPv4 UDP is an IPv6 packet from the MAG's (LMA's) IPv6
    address inside an IPv4 packet from its IPv4 address: both belong to the same node."""
    if signal.outer is not None and signal.outer[0][:12] == _IPV4_MAPPED:
        evidence.same(signal.wire_source, signal.outer[0], signal.ordinal)
        evidence.same(signal.wire_destination, signal.outer[1], signal.ordinal)


def _pmip_key(identifier: str | None, prefixes: list[str]) -> str | None:
    if identifier:
        return f"nai:{identifier}"
    return f"hnp:{prefixes[0]}" if prefixes else None


def _evidence_from_data(evidence: _Evidence, facts: DataFacts) -> None:
    for (home, care_of, peer), ordinal in facts.route_optimised.items():
        evidence.claim(home, MOBILE_NODE, WEAK, ordinal)
        evidence.home_of(home, care_of, ordinal)
        evidence.claim(peer, CORRESPONDENT, WEAK, ordinal)
    for (home, care_of, peer), ordinal in facts.protected.items():
        evidence.claim(home, MOBILE_NODE, WEAK, ordinal)
        evidence.home_of(home, care_of, ordinal)
        evidence.claim(peer, HOME_AGENT, WEAK, ordinal)  # ESP with a HAO/RH2: MN-HA traffic
    homes = set(evidence.home)
    in_mobile_network = _mobile_networks(evidence)
    for (outer_source, outer_destination, inner_source, inner_destination), ordinal in (
            facts.tunnels.items()):
        if inner_source in homes and outer_source != inner_source:  # reverse tunnel MN -> HA
            evidence.home_of(inner_source, outer_source, ordinal)
            evidence.claim(inner_destination, CORRESPONDENT, WEAK, ordinal)
        elif inner_destination in homes and outer_destination != inner_destination:
            evidence.home_of(inner_destination, outer_destination, ordinal)
            evidence.claim(inner_source, CORRESPONDENT, WEAK, ordinal)
        else:
            # A host behind a mobile router: its packets cross the MR-HA tunnel with an
            # address in a registered Mobile Network Prefix (RFC 3963 §5.5, §6.2).
            for host, peer in ((inner_source, inner_destination),
                               (inner_destination, inner_source)):
                if in_mobile_network(host):
                    evidence.claim(host, LOCAL_FIXED_NODE, WEAK, ordinal)
                    if not in_mobile_network(peer):
                        evidence.claim(peer, CORRESPONDENT, WEAK, ordinal)


def _mobile_networks(evidence: _Evidence) -> Callable[[bytes], bool]:
    """Whether an address is in a Mobile Network Prefix some mobile router registered."""
    networks = []
    for key, prefixes in evidence.prefixes.items():
        if isinstance(key, bytes):  # a mobile router's (PMIPv6 home network prefixes: str)
            for prefix in prefixes:
                try:
                    network = IPv6Network(prefix, strict=False)
                except ValueError:
                    continue
                networks.append((int(network.network_address), 128 - network.prefixlen))
    return lambda address: any(int.from_bytes(address) >> shift == base >> shift
                               for base, shift in networks)


def _resolve(evidence: _Evidence) -> Roles:
    groups: dict[bytes | str, list[bytes | str]] = {}
    for key in evidence.parent:
        groups.setdefault(evidence.find(key), []).append(key)
    drafts = []
    for members in groups.values():
        weights: dict[str, int] = {}
        for member in members:
            for role, weight in evidence.claims.get(member, {}).items():
                weights[role] = max(weights.get(role, 0), weight)
        if not weights:
            continue  # an address seen only as a care-of address of nobody we know
        ranked = sorted(weights, key=lambda r: (-weights[r], ROLE_PRIORITY.index(r)))
        members.sort(key=lambda member: evidence.first[member])
        drafts.append((min(evidence.first[m] for m in members), ranked, members))
    drafts.sort(key=lambda draft: draft[0])
    counts: dict[str, int] = {}
    for _, ranked, _ in drafts:
        counts[ranked[0]] = counts.get(ranked[0], 0) + 1
    seen: dict[str, int] = {}
    nodes: dict[str, Node] = {}
    owner: dict[bytes, str] = {}
    by_identifier: dict[str, str] = {}
    for first, ranked, members in drafts:
        role = ranked[0]
        seen[role] = seen.get(role, 0) + 1
        name = ROLE_NAMES[role] + (str(seen[role]) if counts[role] > 1 else "")
        addresses = [m for m in members if isinstance(m, bytes)]
        node = Node(name, role, tuple(ranked), addresses, first_seen=first)
        for member in members:
            node.links.extend(x for x in evidence.links.get(member, ()) if x not in node.links)
            if member in evidence.home and node.home_address is None:
                node.home_address = evidence.home[member]
                node.care_of_addresses = list(evidence.care_of.get(member, []))
            node.prefixes.extend(p for p in evidence.prefixes.get(member, ())
                                 if p not in node.prefixes)
            if isinstance(member, str):
                by_identifier[member] = name
                if member.startswith("nai:"):
                    node.identifier = member[4:]
        nodes[name] = node
        for address in addresses:
            owner[address] = name
    return Roles(nodes, owner, by_identifier)


def address_text(address: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET6, address)
