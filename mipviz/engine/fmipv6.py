"""FMIPv6 (RFC 5568) on the mobile node, and what a network needs to run it.

:class:`FastHandoverMobileNode` is a :class:`~mipviz.engine.mobile_node.MobileNode` that, told by
its link layer that an access point is coming (an L2 trigger the lesson scripts, RFC 5568 §3.1),

* asks its access router (the PAR) with a RtSolPr for the access point's router and receives
  the NAR's address and prefix in a PrRtAdv (§6.1), then forms the new care-of address (NCoA)
  while still on the old link;
* predictive mode (§3.1, §5.1): sends the FBU from the old link (source = PCoA, Alternate CoA =
  NCoA) and learns from the FBack that the PAR will tunnel its traffic to the NCoA; after the
  move it announces itself with an Unsolicited Neighbor Advertisement (UNA, §6.5) and the NAR
  delivers what it buffered;
* reactive mode (§3.3, §5.2): moves first, sends UNA then the FBU from the NCoA; the PAR sends
  what it kept since the MN's link went down, and tunnels from then on;

and in both modes uses the NCoA at once, with no Router Solicitation, no movement detection and
no duplicate address detection (the NAR checked the address in answering the HI), sends the
ordinary home Binding Update with it, and until the home agent acknowledges it reverse-tunnels
its packets through the PAR as from the PCoA (§5.1: the PAR–NCoA tunnel is bidirectional).
Return Routability with correspondents follows as in RFC 6275.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar, Literal

from mipviz.engine import fmipv6_states as fs
from mipviz.engine.access_router import AccessRouter, Neighbour
from mipviz.engine.addressing import ALL_NODES, slaac_address
from mipviz.engine.binding_update_list import (
    INITIAL_BINDACK_TIMEOUT,
    INITIAL_BINDACK_TIMEOUT_FIRST_REG,
)
from mipviz.engine.codec import mobility_header_bytes
from mipviz.engine.link import Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Received
from mipviz.engine.timeline import MICROSECONDS, BindingUpdateListEntry, NodeState
from mipviz.i18n import msg
from mipviz.model import fmipv6_messages as f
from mipviz.model.messages import (
    AlternateCareofAddress,
    DestinationOptionsHeader,
    HomeAddressOption,
    IPv6Packet,
    MobilityMessage,
    MobilityOption,
    NeighborAdvertisement,
    RouterAdvertisement,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

FastHandoverMode = Literal["predictive", "reactive"]
FBU_LIFETIME = 8  # seconds the PAR keeps tunnelling (RFC 5568 leaves it to the MN)
SPI_BASE = 0x100


def badf_authenticator(key: bytes, pcoa: IPv6Address, par: IPv6Address,
                       message: f.FastBindingUpdate) -> bytes:
    """First(96, HMAC_SHA1(key, PCoA | PAR | MH Data)), MH Data being the FBU's Mobility
    Header with checksum and authenticator zero (RFC 5568 §6.4's BADF, computed like RFC 6275
    §5.2.6's authenticator; mipviz's reading where the RFC leaves the octets open)."""
    zeroed = dataclasses.replace(message, options=tuple(
        dataclasses.replace(o, authenticator=bytes(12))
        if isinstance(o, f.FastBindingAuthorizationData) else o for o in message.options))
    data = pcoa.packed + par.packed + mobility_header_bytes(zeroed)
    return hmac.new(key, data, hashlib.sha1).digest()[:12]


def security_association(node_name: str, index: int) -> tuple[int, bytes]:
    """The SPI and key an FMIPv6 mobile node shares with the access routers (configured)."""
    return SPI_BASE + index, hashlib.sha1(f"mipviz fmipv6 {node_name}".encode()).digest()


@dataclass
class FastHandover:
    """What the MN knows of its fast handover (RFC 5568 §3)."""

    state: str = "idle"
    identifier: int = 0
    target: str | None = None  # the link the L2 trigger named
    access_point: str | None = None  # its access point's link-layer address
    par: IPv6Address | None = None
    pcoa: IPv6Address | None = None
    nar: IPv6Address | None = None
    prefix: IPv6Network | None = None
    ncoa: IPv6Address | None = None
    sequence: int = 0
    tunnel: bool = False  # the PAR tunnels PCoA <-> NCoA (FBack accepted)
    sent_at: int | None = None  # when the FBU left (µs)
    expires: int = 0  # the fast binding's end, once acknowledged (µs)
    binding: str = "registering"  # the list entry's state: registering, registered, failed


class FastHandoverMobileNode(MobileNode):
    """A mobile node with FMIPv6 (RFC 5568), predictive or reactive."""

    role: ClassVar[str] = "mobile-node"

    def __init__(self, sim: Simulation, name: str, *, fast_handover: FastHandoverMode,
                 spi: int, key: bytes, **settings: object) -> None:
        super().__init__(sim, name, **settings)  # type: ignore[arg-type]
        self.mode: FastHandoverMode = fast_handover
        self.spi, self.key = spi, key
        self.fast = FastHandover(identifier=sim.rng.randrange(1 << 16))
        self._fbu_sequence = sim.rng.randrange(1 << 16)
        self._router_address: IPv6Address | None = None  # the current router's, from its RA
        self._icmp_handlers[f.ProxyRouterAdvertisement] = self._on_prrtadv  # type: ignore[assignment]

    def state(self) -> NodeState:
        """The Binding Update List also holds the fast binding with the PAR, from the FBU on
        (RFC 5568 §6.3.1: the PCoA bound to the NCoA for the FBU's lifetime)."""
        state = super().state()
        fast = self.fast
        if fast.sent_at is None or fast.par is None or fast.pcoa is None or fast.ncoa is None:
            return state
        if fast.expires and fast.expires <= self.sim.now:
            return state
        entry = BindingUpdateListEntry(
            peer=str(fast.par), peer_address=fast.par, home_address=fast.pcoa,
            care_of_address=fast.ncoa, lifetime=FBU_LIFETIME, expires=fast.expires,
            sequence=fast.sequence, state=fast.binding, home_registration=True)
        return dataclasses.replace(state, binding_update_list=(*state.binding_update_list,
                                                               entry))

    # ------------------------------------------------------------------ state table
    def _fast_input(self, event: str) -> bool:
        following = fs.step(fs.MN_TRANSITIONS, self.fast.state, event)
        if following is None:
            self.note("drop", msg("fmipv6.not_accepted", event=event, state=self.fast.state))
            return False
        self.fast.state = following
        return True

    # ------------------------------------------------------------------ anticipation
    def _on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        """Remember the router's global address (R flag, RFC 6275 §7.2): the PAR of the next
        handover, the FBU's destination."""
        for prefix in message.prefixes:
            if prefix.router_address and prefix.address is not None:
                self._router_address = prefix.address
        super()._on_router_advertisement(received, message)

    def l2_trigger(self, link: Link, access_point: str) -> None:
        """RFC 5568 §3.1: the link layer found ``link``'s access point: ask the PAR (RtSolPr)."""
        interface = self.interface
        if self.at_home or self.care_of_address is None or self.default_router is None or \
                interface.link is None or interface.link is link:
            self.note("note", msg("fmipv6.mn.trigger_ignored", name=link.name))
            return
        if not self._fast_input("l2-trigger"):
            return
        self.fast = FastHandover(state=self.fast.state, identifier=(self.fast.identifier + 1)
                                 & 0xFFFF, target=link.name, access_point=access_point,
                                 par=self._router_address, pcoa=self.care_of_address)
        self.note("l2-trigger", msg("fmipv6.mn.trigger", name=link.name, mac=access_point))
        self.changed()
        self.send_on_link(interface, IPv6Packet(
            self.care_of_address, self.default_router, f.RouterSolicitationForProxy(
                self.fast.identifier,
                (f.LinkLayerAddressOption(f.LLA_NEW_ACCESS_POINT, access_point),
                 f.LinkLayerAddressOption(f.LLA_SOURCE, interface.mac))), hop_limit=255))

    def _on_prrtadv(self, received: Received, message: f.ProxyRouterAdvertisement) -> None:
        """RFC 5568 §6.1.2: the NAR's address and prefix: form the NCoA now (§3.1)."""
        if message.identifier != self.fast.identifier or self.fast.state != "soliciting":
            self.note("drop", msg("fmipv6.mn.prrtadv_unexpected",
                                  identifier=message.identifier))
            return
        prefix_option = f.option(message.options, f.IPAddressPrefixOption, f.NAR_PREFIX)
        address_option = f.option(message.options, f.IPAddressPrefixOption, f.NAR_ADDRESS)
        if message.code != 0 or not isinstance(prefix_option, f.IPAddressPrefixOption) or \
                not isinstance(address_option, f.IPAddressPrefixOption):
            self.note("note", msg("fmipv6.mn.no_router_information", code=message.code))
            self.fast.state = "idle"
            return
        prefix = IPv6Network((prefix_option.address, prefix_option.prefix_length))
        supplied = f.option(message.options, f.IPAddressPrefixOption, f.NEW_CARE_OF_ADDRESS)
        ncoa = supplied.address if isinstance(supplied, f.IPAddressPrefixOption) else \
            slaac_address(prefix, self.interface.mac)
        self.fast.prefix, self.fast.nar, self.fast.ncoa = prefix, address_option.address, ncoa
        self._fast_input("prrtadv")
        self.note("fmipv6-ncoa-formed", msg("fmipv6.mn.ncoa", prefix=prefix, ncoa=ncoa,
                                            nar=address_option.address, mac=self.interface.mac),
                  before=str(self.care_of_address), after=str(ncoa))
        self.changed()
        if self.mode == "predictive":
            self._send_fbu(from_new_link=False)

    def _send_fbu(self, *, from_new_link: bool) -> None:
        """RFC 5568 §6.3.1: A = H = 1, lifetime in seconds, HAO = PCoA, BADF last; from the old
        link with source PCoA and the NCoA in an Alternate Care-of Address option, from the new
        link with source NCoA."""
        fast = self.fast
        if fast.par is None or fast.pcoa is None or fast.ncoa is None:
            self.note("note", msg("fmipv6.mn.no_par"))
            return
        if not self._fast_input("fbu"):
            return
        self._fbu_sequence = (self._fbu_sequence + 1) & 0xFFFF
        fast.sequence = self._fbu_sequence
        options: tuple[MobilityOption, ...] = () if from_new_link else (
            AlternateCareofAddress(fast.ncoa),)
        unsigned = f.FastBindingUpdate(fast.sequence, FBU_LIFETIME, options=(
            *options, f.FastBindingAuthorizationData(self.spi, bytes(12))))
        authenticator = badf_authenticator(self.key, fast.pcoa, fast.par, unsigned)
        fbu = dataclasses.replace(unsigned, options=(
            *options, f.FastBindingAuthorizationData(self.spi, authenticator)))
        source = fast.ncoa if from_new_link else fast.pcoa
        fast.sent_at, fast.expires, fast.binding = self.sim.now, 0, "registering"
        self.note("fmipv6-fbu-sent", msg("fmipv6.mn.fbu_new_link" if from_new_link
                                         else "fmipv6.mn.fbu_old_link", pcoa=fast.pcoa,
                                         ncoa=fast.ncoa, par=fast.par, sequence=fast.sequence))
        self.changed()
        self.transmit_packet(IPv6Packet(source, fast.par, fbu, extension_headers=(
            DestinationOptionsHeader((HomeAddressOption(fast.pcoa),)),)))

    # ------------------------------------------------------------------ FBack
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, f.FastBindingAcknowledgment):
            self._on_fback(received, message)
            return
        super().on_mobility(received, message)

    def _on_fback(self, received: Received, message: f.FastBindingAcknowledgment) -> None:
        fast = self.fast
        if message.sequence != fast.sequence or received.packet.source != fast.par:
            self.note("drop", msg("fmipv6.mn.fback_unmatched", sequence=message.sequence))
            return
        if message.status >= 128:
            if self._fast_input("fback-rejected"):
                self.note("fmipv6-fback-received", msg("fmipv6.mn.fback_rejected",
                                                       status=message.status))
                fast.tunnel = False
                fast.binding = "failed"
                self.changed()
                if fast.state == "refused":
                    fast.ncoa = None  # plain Mobile IPv6 on the next move (§5.1)
            return
        supplied = f.option(message.options, f.MobilityIPv6AddressPrefix, f.NEW_CARE_OF_ADDRESS)
        if message.status == f.FBACK_ACCEPTED_USE_SUPPLIED_NCOA and \
                isinstance(supplied, f.MobilityIPv6AddressPrefix) and \
                supplied.address != fast.ncoa:
            self.note("fmipv6-ncoa-formed", msg("fmipv6.mn.ncoa_supplied",
                                                ncoa=supplied.address),
                      before=str(fast.ncoa), after=str(supplied.address))
            if fast.state == "attached" and fast.ncoa is not None:
                self.interface.remove_address(fast.ncoa)
                self.interface.add_address(supplied.address)
                self.care_of_address = supplied.address
            fast.ncoa = supplied.address
        if not self._fast_input("fback-accepted"):
            return
        fast.tunnel = True
        fast.binding = "registered"
        if fast.sent_at is not None:
            fast.expires = fast.sent_at + message.lifetime * MICROSECONDS
        self.note("fmipv6-fback-received", msg("fmipv6.mn.fback", status=message.status,
                                               link=self.interface.link.name
                                               if self.interface.link else "-"))
        self.changed()

    # ------------------------------------------------------------------ arrival
    def _after_attach(self) -> None:
        """On the NAR's link with an NCoA ready: UNA instead of RS/RA and DAD (RFC 5568 §3)."""
        fast = self.fast
        link = self.interface.link
        if link is None or fast.ncoa is None or fast.prefix is None or \
                link.prefix != fast.prefix or fast.state not in ("prepared", "fbu-sent",
                                                                 "confirmed"):
            super()._after_attach()
            return
        self._fast_input("attach")
        ncoa = fast.ncoa
        self.current_prefix = fast.prefix
        self.at_home = False
        self.on_link_prefixes = [fast.prefix]
        self.default_router = fast.nar
        self.note("fmipv6-attached", msg("fmipv6.mn.attached", ncoa=ncoa, name=link.name))
        una = NeighborAdvertisement(target=ncoa, router=False, solicited=False, override=False,
                                    target_link_layer=self.interface.mac)
        self.send_on_link(self.interface, IPv6Packet(ncoa, ALL_NODES, una, hop_limit=255))
        if self.mode == "reactive":
            self._send_fbu(from_new_link=True)
        self._use_ncoa(ncoa)

    def _use_ncoa(self, ncoa: IPv6Address) -> None:
        """The NCoA is the care-of address now: the NAR vouched for it in its HAck (RFC 5568
        §6.2.2), so there is no DAD wait; then the ordinary home registration (RFC 6275 §11.7.1,
        as :meth:`MobileNode._dad_complete` does after DAD)."""
        self._pending_care_of = None
        self.care_of_address = ncoa
        self.interface.add_address(ncoa)
        self.note("care-of-address-configured", msg("fmipv6.mn.ncoa_in_use", address=ncoa))
        self.changed()
        self._move_entry(self.home, "move")
        self.home.retransmissions = 0
        self.home.timeout = (INITIAL_BINDACK_TIMEOUT_FIRST_REG if self.home.expires <= self.sim.now
                             else INITIAL_BINDACK_TIMEOUT)
        self._send_home_binding_update()
        for entry in self.correspondents.values():
            if self._move_entry(entry, "move"):
                entry.careof_token = None  # a new care-of address needs a new care-of test

    # ------------------------------------------------------------------ data path
    def output(self, packet: IPv6Packet) -> None:
        """Until the home agent is told of the NCoA, send through the PAR as from the PCoA
        (§5.1). Once the home BU has left, the reverse tunnel goes from the NCoA straight to the
        home agent: it follows the BU on the same path, so the binding is there when it arrives
        (packets through the PAR, as from the PCoA, would then be refused, RFC 6275 §10.4.5)."""
        fast = self.fast
        waiting = (fast.state == "attached" and packet.source == self.home_address
                   and not self.at_home and not self.tunnel_ready() and fast.ncoa is not None
                   and not isinstance(packet.payload, MOBILITY_HEADER_TYPES))
        if waiting and self.home.state == "registering" and \
                self.home.care_of_address == fast.ncoa:
            self._reverse_tunnel(packet)
            return
        if (waiting and fast.tunnel and fast.pcoa is not None and fast.par is not None
                and fast.ncoa is not None):
            inner = IPv6Packet(fast.pcoa, self.home.peer_address, packet)
            self.note("encapsulate", msg("fmipv6.mn.reverse", ncoa=fast.ncoa, par=fast.par,
                                         pcoa=fast.pcoa),
                      before=str(packet.source), after=str(fast.ncoa))
            self.transmit_packet(IPv6Packet(fast.ncoa, fast.par, inner))
            return
        super().output(packet)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """RFC 5568 §5.1: the PAR's tunnel to the NCoA brings the packets sent to the PCoA."""
        outer = received.packet
        fast = self.fast
        if fast.par is not None and outer.source == fast.par and \
                inner.destination == fast.pcoa and outer.destination == fast.ncoa:
            self.note("decapsulate", msg("fmipv6.mn.from_par", pcoa=fast.pcoa),
                      before=str(outer.destination), after=str(inner.destination))
            self.deliver(received.interface, inner, tunnel=outer)
            return
        super().on_tunnelled(received, inner)


# ------------------------------------------------------------------ building a network
def connect_access_routers(nodes: Mapping[str, object]) -> None:
    """Tell every access router of the others (AP-ID -> NAR) and give every FMIPv6 mobile
    node's security association to all of them."""
    routers = [node for node in nodes.values() if isinstance(node, AccessRouter)]
    known: list[Neighbour] = []
    for router in routers:
        interface = router.access_interface()
        if interface is None or interface.link is None:
            continue
        known.append(Neighbour(router.name, interface.global_addresses()[0],
                               interface.link.prefix, interface.mac))
    for router in routers:
        router.neighbours = {n.mac: n for n in known if n.name != router.name}
        for node in nodes.values():
            if isinstance(node, FastHandoverMobileNode):
                router.security_associations[node.spi] = node.key


def access_point_of(nodes: Mapping[str, object], link: Link) -> str | None:
    """The link-layer address of the access point on ``link``: its access router's interface
    (the access point and the router are one box in mipviz's networks)."""
    for node in nodes.values():
        if isinstance(node, AccessRouter):
            interface = node.access_interface()
            if interface is not None and interface.link is link:
                return interface.mac
    return None


def l2_trigger(nodes: Mapping[str, object], node_name: str, link: Link) -> None:
    """The script's L2 trigger: ``node_name``'s link layer has found ``link``'s access point."""
    node = nodes.get(node_name)
    access_point = access_point_of(nodes, link)
    if isinstance(node, FastHandoverMobileNode) and access_point is not None:
        node.l2_trigger(link, access_point)
    elif isinstance(node, MobileNode):
        node.note("note", msg("fmipv6.mn.no_fast_handover", name=link.name))
