"""IPsec between a mobile node and its home agent (RFC 6275 §5.1, §10.3.1, §11.3.2; RFC 3776
§4-5; RFC 4877 §4), switched on per home agent (a lesson's ``ipsec = "esp"``).

Each mobile node (or mobile router) of such a home agent shares four manually keyed Security
Associations with it (RFC 3776 §5.2.1; keys and SPIs from the run's seed, no IKE):

====  ==================  =========  ==================================================
SA    direction           mode       what the Security Policy Database sends through it
====  ==================  =========  ==================================================
1     MN → HA             transport  Mobility Headers from the home address to the HA:
                                     the Binding Update (``IPv6 | HAO | ESP | MH``)
2     HA → MN             transport  Mobility Headers from the HA to the home address:
                                     the Binding Acknowledgement (``IPv6 | RH2 | ESP | MH``)
3     MN → HA             tunnel     the reverse-tunnelled Home Test Init (outer CoA → HA,
                                     ``IPv6 | ESP | IPv6 | MH``); with ``"esp-all"`` every
                                     packet in the reverse tunnel
4     HA → MN             tunnel     the tunnelled Home Test (outer HA → CoA); with
                                     ``"esp-all"`` every packet in the tunnel
====  ==================  =========  ==================================================

The selectors use the **home address**, never the care-of address (RFC 3776 §4.1, §5.2.1):
for the Binding Update the source selector is the address in the Home Address option, for
the Binding Acknowledgement the destination selector is the address in the Type 2 Routing
Header — both are the home address. So the SAs survive every handover; and because ESP
does not cover the IPv6 source, the care-of address being registered travels inside the
protected Mobility Header, in the Alternate Care-of Address option (RFC 6275 §6.2.5,
§11.7.1), which :class:`~mipviz.engine.mobile_node.MobileNode` always sends to its HA.

Inbound, the home agent accepts a home registration only through SA 1 of the home address it
names (RFC 6275 §10.3.1: "the Binding Update MUST be protected"; RFC 3776 §4.1: the SA must
be the one for that home address), and a tunnelled HoTI only through SA 3; the mobile node
accepts its BA and HoT only through SAs 2 and 4. Everything else is silently discarded with
its reason recorded. What IPsec does *not* cover: the HoTI/HoT between the home agent and the
correspondent, and the CoTI/CoT — Return Routability's own business (RFC 6275 §5.2, §15.4).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.esp import (
    WIRESHARK_AUTHENTICATION,
    WIRESHARK_ENCRYPTION,
    EspRejected,
    SecurityAssociation,
    new_security_association,
)
from mipviz.i18n import Msg, msg
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    EncapsulatingSecurityPayload,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    MobilityMessage,
    Payload,
)

if TYPE_CHECKING:
    from mipviz.engine.node import Node, Received

MODES = ("none", "esp", "esp-all")
IPV6_IN_IPV6 = 41
_MH_TYPES: tuple[type, ...] = MobilityMessage.__args__


@dataclass(frozen=True, slots=True)
class SecurityAssociationRecord:
    """What ``export --keylog`` writes of an SA: Wireshark's ``esp_sa`` table fields
    (protocol, source, destination, SPI, encryption and its key, authentication and its
    key). A care-of address end is ``*``: the SA is bound to the home address and holds for
    every care-of address the mobile node registers (RFC 3776 §4.1)."""

    spi: int
    source: str
    destination: str
    encryption_key: bytes
    authentication_key: bytes
    mode: str
    purpose: str

    def wireshark_uat(self) -> str:
        return ",".join(f'"{value}"' for value in (
            "IPv6", self.source, self.destination, f"0x{self.spi:08x}", WIRESHARK_ENCRYPTION,
            f"0x{self.encryption_key.hex()}", WIRESHARK_AUTHENTICATION,
            f"0x{self.authentication_key.hex()}"))


class IpsecEndpoint:
    """One node's end of its MN–HA Security Associations: its SPD decisions, its SAs."""

    def __init__(self, node: Node, protect_all: bool) -> None:
        self.node = node
        self.protect_all = protect_all
        self.outbound_sas: list[SecurityAssociation] = []
        self.inbound_sas: dict[int, SecurityAssociation] = {}
        self.home_agent_side = False

    # ------------------------------------------------------------------ outbound (SPD)
    def outbound(self, packet: IPv6Packet) -> IPv6Packet:
        """``packet`` as the SPD sends it: through an SA if a policy selects it."""
        payload = packet.payload
        if isinstance(payload, IPv6Packet):
            sa = self._tunnel_sa(packet, payload)
            return packet if sa is None else self._seal_tunnel(packet, payload, sa)
        if isinstance(payload, _MH_TYPES):
            sa = self._transport_sa(packet)
            return packet if sa is None else self._seal_transport(packet, sa)
        return packet

    def _transport_sa(self, packet: IPv6Packet) -> SecurityAssociation | None:
        for sa in self.outbound_sas:
            if sa.mode != "transport":
                continue
            if self.home_agent_side:
                rh2 = packet.routing_header_type2
                final = rh2.home_address if rh2 is not None else packet.destination
                if packet.source == sa.home_agent and final == sa.home_address:
                    return sa
            else:
                hao = packet.home_address_option
                home = hao.home_address if hao is not None else packet.source
                if home == sa.home_address and packet.destination == sa.home_agent:
                    return sa
        return None

    def _tunnel_sa(self, outer: IPv6Packet, inner: IPv6Packet) -> SecurityAssociation | None:
        for sa in self.outbound_sas:
            if sa.mode != "tunnel":
                continue
            if self.home_agent_side:
                selected = outer.source == sa.home_agent and inner.destination == sa.home_address
                wanted = isinstance(inner.payload, HomeTest)
            else:
                selected = outer.destination == sa.home_agent and inner.source == sa.home_address
                wanted = isinstance(inner.payload, HomeTestInit)
            if selected and (wanted or self.protect_all):
                return sa
        return None

    def _seal_transport(self, packet: IPv6Packet, sa: SecurityAssociation) -> IPv6Packet:
        """RFC 4303 §3.1.1: ESP after the Routing header and the Destination Options header
        that holds the HAO, before the upper layer — whose octets (checksum computed with the
        home address, RFC 6275 §6.1) are what gets encrypted."""
        from mipviz.engine.codec import upper_layer

        next_header, plaintext = upper_layer(packet)
        esp = sa.seal(next_header, plaintext)
        clear = ("ipsec.clear.hao" if packet.home_address_option is not None else
                 "ipsec.clear.rh2" if packet.routing_header_type2 is not None else
                 "ipsec.clear.header")
        self.node.note("esp-protected", msg(
            "ipsec.sent.transport", spi=f"0x{sa.spi:08x}", sequence=esp.sequence,
            message=_name(packet.payload), home_address=sa.home_address, clear=msg(clear)))
        return IPv6Packet(packet.source, packet.destination, esp, packet.hop_limit,
                          packet.extension_headers, packet.traffic_class, packet.flow_label)

    def _seal_tunnel(self, outer: IPv6Packet, inner: IPv6Packet,
                     sa: SecurityAssociation) -> IPv6Packet:
        """RFC 4303 §3.1.2: the whole inner packet is the ESP payload (Next Header 41)."""
        from mipviz.engine.codec import packet_bytes

        esp = sa.seal(IPV6_IN_IPV6, packet_bytes(inner))
        self.node.note("esp-protected", msg(
            "ipsec.sent.tunnel", spi=f"0x{sa.spi:08x}", sequence=esp.sequence,
            message=_name(inner.payload), source=inner.source, destination=inner.destination,
            outer_source=outer.source, outer_destination=outer.destination))
        return IPv6Packet(outer.source, outer.destination, esp, outer.hop_limit,
                          outer.extension_headers, outer.traffic_class, outer.flow_label)

    # ------------------------------------------------------------------ inbound
    def inbound(self, received: Received, esp: EncapsulatingSecurityPayload) -> None:
        """RFC 4303 §3.4: find the SA, check, decrypt, then process what it carried."""
        import dataclasses

        node = self.node
        sa = self.inbound_sas.get(esp.spi)
        if sa is None:
            node.note("drop", msg("ipsec.reject.no_sa", spi=f"0x{esp.spi:08x}"))
            return
        try:
            next_header, plaintext = sa.open(esp)
        except EspRejected as rejected:
            node.note("drop", msg(rejected.reason, **rejected.params))
            return
        if sa.mode == "tunnel":
            inner = self._inner_packet(next_header, plaintext, sa)
            if inner is None:
                return
            node.note("esp-verified", msg(
                "ipsec.received.tunnel", spi=f"0x{sa.spi:08x}", sequence=esp.sequence,
                message=_name(inner.payload), source=inner.source,
                destination=inner.destination))
            node.on_tunnelled(dataclasses.replace(received, esp=sa.spi), inner)
            return
        from mipviz.engine.codec import reopen_transport

        payload = reopen_transport(received.on_wire, next_header, plaintext)
        if payload is None:
            node.note("drop", msg("ipsec.reject.inner", spi=f"0x{sa.spi:08x}"))
            return
        node.note("esp-verified", msg(
            "ipsec.received.transport", spi=f"0x{sa.spi:08x}", sequence=esp.sequence,
            message=_name(payload)))
        opened = dataclasses.replace(received.packet, payload=payload)
        node.dispatch(dataclasses.replace(received, packet=opened, esp=sa.spi))

    def _inner_packet(self, next_header: int, plaintext: bytes,
                      sa: SecurityAssociation) -> IPv6Packet | None:
        from mipviz.engine.codec import decode_packet

        inner = decode_packet(plaintext) if next_header == IPV6_IN_IPV6 else None
        if inner is None:
            self.node.note("drop", msg("ipsec.reject.inner", spi=f"0x{sa.spi:08x}"))
            return None
        # RFC 4301 §5.2 step 4: the inner header must match the SA's selectors.
        home = inner.destination if self.home_agent_side is False else inner.source
        if home != sa.home_address:
            self.node.note("drop", msg("ipsec.reject.selector", spi=f"0x{sa.spi:08x}",
                                       address=home, home_address=sa.home_address))
            return None
        return inner

    # ------------------------------------------------------------------ inbound policy
    def allows_mobility(self, received: Received, message: MobilityMessage) -> bool:
        """RFC 6275 §10.3.1, §11.7.3 with RFC 3776 §4.1: BU and BA between the pair only
        through their SA; anything else unaffected."""
        if self.home_agent_side:
            if not (isinstance(message, BindingUpdate) and message.home_registration):
                return True
            home_address = received.packet.source
        else:
            if not isinstance(message, BindingAcknowledgement) or not any(
                    sa.home_agent == received.packet.source for sa in self.outbound_sas):
                return True
            home_address = received.packet.destination
        return self._protected(received, home_address, "transport",
                               m_name=_name(message))

    def allows_tunnelled(self, received: Received, inner: IPv6Packet) -> bool:
        """RFC 6275 §10.4.6, §11.3.2 (with RFC 3776 §4.2): HoTI and HoT on the MN–HA leg only
        through the tunnel-mode SA; with ``esp-all`` every tunnelled packet."""
        if self.home_agent_side:
            wanted = isinstance(inner.payload, HomeTestInit)
            home_address = inner.source
        else:
            wanted = isinstance(inner.payload, HomeTest)
            home_address = inner.destination
        if not (wanted or self.protect_all):
            return True
        if not any(sa.home_address == home_address for sa in self.inbound_sas.values()):
            return True
        return self._protected(received, home_address, "tunnel", m_name=_name(inner.payload))

    def _protected(self, received: Received, home_address: IPv6Address, mode: str, *,
                   m_name: Msg | str) -> bool:
        spi = received.esp
        sa = None if spi is None else self.inbound_sas.get(spi)
        if sa is None:
            self.node.note("drop", msg("ipsec.reject.unprotected", message=m_name,
                                       home_address=home_address,
                                       source=received.on_wire.source))
            return False
        if sa.home_address != home_address or sa.mode != mode:
            self.node.note("drop", msg("ipsec.reject.selector", spi=f"0x{sa.spi:08x}",
                                       address=home_address, home_address=sa.home_address))
            return False
        return True


def _name(payload: Payload) -> Msg | str:
    from mipviz.wire.summary import describe_payload

    return describe_payload(payload)


# ---------------------------------------------------------------------------- set-up
def configure(nodes: dict[str, Node], seed: int, policies: Mapping[str, str]) -> None:
    """Give every home agent named in ``policies`` (name → "esp" or "esp-all") and each of
    its mobile nodes their endpoints and the four SAs per pair (module docstring)."""
    from mipviz.engine.home_agent import HomeAgent
    from mipviz.engine.mobile_node import MobileNode

    if any(mode != "none" for mode in policies.values()) and nodes:
        sim = next(iter(nodes.values())).sim
        sim.esp_summary = lambda frame: summary(nodes, frame)
    number = 0  # across home agents, so that an SPI names one SA in the whole run
    for ha_name, mode in policies.items():
        home_agent = nodes.get(ha_name)
        if mode == "none" or not isinstance(home_agent, HomeAgent):
            continue
        protect_all = mode == "esp-all"
        ha_end = IpsecEndpoint(home_agent, protect_all)
        ha_end.home_agent_side = True
        home_agent.ipsec = ha_end
        mobiles = [n for n in nodes.values()
                   if isinstance(n, MobileNode) and n.home.peer == ha_name]
        for mobile in mobiles:
            number += 1
            rng = random.Random(f"mipviz-esp/{seed}/{ha_name}/{mobile.name}")
            mn_end = IpsecEndpoint(mobile, protect_all)
            mobile.ipsec = mn_end
            ha_address = mobile.home.peer_address
            base = 0x1000 * number  # readable SPIs: 0x1001-0x1004 for the first pair, ...
            for offset, (mode_, sender, receiver, purpose) in enumerate((
                    ("transport", mobile, home_agent, "binding-update"),
                    ("transport", home_agent, mobile, "binding-acknowledgement"),
                    ("tunnel", mobile, home_agent, "home-test-init"),
                    ("tunnel", home_agent, mobile, "home-test")), start=1):
                sa = new_security_association(
                    rng, spi=base + offset, mode=mode_,  # type: ignore[arg-type]
                    sender=sender.name, receiver=receiver.name,
                    home_address=mobile.home_address, home_agent=ha_address,
                    purpose=purpose)
                sending, receiving = (mn_end, ha_end) if sender is mobile else (ha_end, mn_end)
                sending.outbound_sas.append(sa)
                receiving.inbound_sas[sa.spi] = _mirror(sa)


def summary(nodes: Mapping[str, Node], frame: object) -> str | None:
    """``ESP (SPI=…) seq N: <what it carries>`` for an ESP frame of the run (Wireshark's Info
    with the keys loaded), None for any other frame or an SPI the run does not know."""
    import dataclasses

    from mipviz.engine.codec import decode_packet, reopen_transport
    from mipviz.wire.summary import describe_payload

    packet = getattr(frame, "packet", None)
    esp = getattr(packet, "payload", None)
    if not isinstance(esp, EncapsulatingSecurityPayload) or packet is None:
        return None
    sa = next((end.inbound_sas[esp.spi] for end in _endpoints(nodes)
               if esp.spi in end.inbound_sas), None)
    if sa is None:
        return None
    try:  # a copy: the receiver's own replay window is its business
        next_header, plaintext = dataclasses.replace(sa, highest=0, window=0).open(esp)
    except EspRejected:
        return None
    if next_header == IPV6_IN_IPV6:
        opened = decode_packet(plaintext)
        if opened is None:
            return None
        return f"{describe_payload(esp)}: {describe_payload(opened.payload)} (tunnel mode)"
    inner = reopen_transport(packet, next_header, plaintext)
    return None if inner is None else f"{describe_payload(esp)}: {describe_payload(inner)}"


def _endpoints(nodes: Mapping[str, Node]) -> list[IpsecEndpoint]:
    return [node.ipsec for node in nodes.values() if node.ipsec is not None]


def _mirror(sa: SecurityAssociation) -> SecurityAssociation:
    """The receiving end's copy of ``sa``: the same keys, its own replay window."""
    import dataclasses

    return dataclasses.replace(sa, iv_source=random.Random(0), next_sequence=1, highest=0,
                               window=0)


def security_associations(nodes: dict[str, Node]) -> list[SecurityAssociationRecord]:
    """Every SA of the run, once, as ``export --keylog`` writes it (sender's copy)."""
    records: list[SecurityAssociationRecord] = []
    for node in nodes.values():
        endpoint: IpsecEndpoint | None = getattr(node, "ipsec", None)
        if endpoint is None:
            continue
        for sa in endpoint.outbound_sas:
            home_agent = str(sa.home_agent)
            # The outer addresses Wireshark matches on: transport mode to or from the care-of
            # address (or the home address at home), tunnel mode between CoA and HA — any
            # address on the mobile node's side, the HA's own on the other.
            to_agent = sa.purpose in ("binding-update", "home-test-init")
            records.append(SecurityAssociationRecord(
                sa.spi, "*" if to_agent else home_agent, home_agent if to_agent else "*",
                sa.encryption_key, sa.authentication_key, sa.mode, sa.purpose))
    return sorted(records, key=lambda record: record.spi)


# ---------------------------------------------------------------------------- the attack
def forge_home_registration(attacker: Node, sequence: int | None = None) -> None:
    """An attacker's home registration for its victim's home address, pointing at itself:
    ``IPv6(attacker → HA) | HAO(victim) | BU(H, A, ACoA = attacker)``, with no ESP — it has
    no SA. Without IPsec the home agent would bind the victim's home address to the
    attacker (RFC 6275 §15.1): a status 135 even tells it the sequence number to use next
    (``sequence``); with it the BU is discarded silently (RFC 6275 §10.3.1)."""
    from mipviz.model.messages import (
        AlternateCareofAddress,
        DestinationOptionsHeader,
        HomeAddressOption,
    )

    own = attacker.primary_address()
    victim: IPv6Address = attacker.victim_home_address  # type: ignore[attr-defined]
    target: IPv6Address = attacker.target  # type: ignore[attr-defined]
    if sequence is None:
        sequence = attacker.sim.rng.randrange(1 << 16)
    bu = BindingUpdate(sequence=sequence, lifetime=420, acknowledge=True,
                       home_registration=True, options=(AlternateCareofAddress(own),))
    attacker.note("note", msg("ipsec.attacker.forged", victim=victim, target=target, own=own,
                              sequence=sequence))
    attacker.transmit_packet(IPv6Packet(own, target, bu, extension_headers=(
        DestinationOptionsHeader((HomeAddressOption(victim),)),)))
