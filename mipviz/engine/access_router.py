"""An access router with FMIPv6 (RFC 5568): the previous (PAR) and new (NAR) router of a fast
handover, one class for both roles, since every access router is the PAR of the mobile nodes
leaving it and the NAR of those arriving.

PAR (RFC 5568 §5.1-5.2): answers RtSolPr with PrRtAdv ([AP-ID, AR-Info]: the NAR's link-layer
address, address and prefix); on an authorised FBU sends HI to the NAR, and on its HAck sends
FBack on both links and tunnels what arrives for the PCoA to the NCoA (IPv6-in-IPv6, RFC 2473),
and takes the MN's packets out of the reverse tunnel from the NCoA. A PAR that answered a
RtSolPr keeps packets for the PCoA once the MN's link goes down ("holding", the reactive case),
and sends them on when the FBU arrives from the new link.

NAR (§5, §6.2.1-6.2.2): checks the NCoA of a HI (in use on its link: it assigns another, HAck
code 2), buffers packets for it while the HI's U flag asks, and delivers them when the MN
announces itself with an Unsolicited Neighbor Advertisement (UNA, O = 0, §6.5).

The access routers know each other (a PAR maps the new access point's link-layer address to
its NAR): :func:`mipviz.engine.fmipv6.connect_access_routers` tells them at build time, the
way RFC 5568 §1 leaves such knowledge to configuration. The FBU's BADF is checked against the
security association the MN shares with its access routers (RFC 5568 §6.4: SEND or another
scheme distributes its key; mipviz configures it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, ClassVar, cast

from mipviz.engine import fmipv6_states as fs
from mipviz.engine.link import Interface
from mipviz.engine.node import Received, replace
from mipviz.engine.router import Router
from mipviz.engine.simulation import Timer, seconds
from mipviz.engine.timeline import MICROSECONDS, BindingCacheEntry, NodeState
from mipviz.i18n import msg
from mipviz.model import fmipv6_messages as f
from mipviz.model.messages import (
    AlternateCareofAddress,
    HomeAddressOption,
    IPv6Packet,
    MobilityMessage,
    MobilityOption,
    NeighborAdvertisement,
    PrefixInformation,
    RouterAdvertisement,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

BUFFER_LIFETIME = seconds(3)  # mipviz's choice: how long a NAR or PAR keeps packets
MAX_BUFFERED = 64  # packets per NCoA (or PCoA) at most; more are dropped (§5.4)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """Another access router, as this one is configured to know it."""

    name: str
    address: IPv6Address  # its address on its access link (the NAR's IP address)
    prefix: IPv6Network  # its access link's prefix
    mac: str  # its interface on the access link: the access point's LLA (AP-ID)


@dataclass
class ParEntry:
    """The PAR's fast binding for one PCoA (RFC 5568 §5.1)."""

    pcoa: IPv6Address
    state: str = "idle"
    ncoa: IPv6Address | None = None
    nar: Neighbour | None = None
    mn_mac: str | None = None
    fbu_sequence: int = 0
    hi_sequence: int = 0
    lifetime: int = 0
    expires: int = 0
    predictive: bool = True
    held: list[IPv6Packet] = field(default_factory=list)
    timer: Timer | None = None


@dataclass
class NarEntry:
    """The NAR's entry for one NCoA (RFC 5568 §5, §6.2.2)."""

    ncoa: IPv6Address
    state: str = "idle"
    pcoa: IPv6Address | None = None
    par: IPv6Address | None = None
    buffer: list[IPv6Packet] = field(default_factory=list)
    timer: Timer | None = None


class AccessRouter(Router):
    role: ClassVar[str] = "access-router"

    def __init__(self, sim: Simulation, name: str, *, advertise: bool = True,
                 ra_interval: int = 0, accept_handovers: bool = True) -> None:
        super().__init__(sim, name, advertise=advertise, ra_interval=ra_interval)
        self.accept_handovers = accept_handovers
        self.neighbours: dict[str, Neighbour] = {}  # access point LLA -> NAR
        self.security_associations: dict[int, bytes] = {}  # SPI -> key (BADF)
        self.par: dict[IPv6Address, ParEntry] = {}
        self.nar: dict[IPv6Address, NarEntry] = {}
        self._hi_sequence = sim.rng.randrange(1 << 16)
        self._icmp_handlers[f.RouterSolicitationForProxy] = self._on_rtsolpr  # type: ignore[assignment]

    # ------------------------------------------------------------------ state shown
    def state(self) -> NodeState:
        """PAR fast bindings as cache rows (PCoA -> NCoA, from the FBack on: what a capture
        shows, mipviz.capture.bindings), NAR buffers as routes."""
        cache = tuple(
            BindingCacheEntry(home_address=e.pcoa, care_of_address=e.ncoa or e.pcoa,
                              lifetime=e.lifetime, expires=e.expires, sequence=e.fbu_sequence,
                              home_registration=True)  # the FBU's H flag (RFC 5568 §6.3.1)
            for _, e in sorted(self.par.items()) if e.state in fs.PAR_TUNNELS)
        routes = tuple((f"{e.ncoa}/128", f"buffer {len(e.buffer)} ({e.state})")
                       for _, e in sorted(self.nar.items()) if e.state != "idle")
        return dataclasses.replace(super().state(), binding_cache=cache, routes=routes)

    def access_interface(self) -> Interface | None:
        """The interface on its access link (the one it advertises on with a /64)."""
        for interface in self.interfaces:
            if interface.link is not None and interface.link.prefix.prefixlen == 64 and \
                    interface.global_addresses():
                return interface
        return None

    def router_advertisement(self, interface: Interface) -> RouterAdvertisement:
        """RFC 6275 §7.2: the R flag gives the mobile nodes the router's global address, which
        the FBU is sent to (RFC 5568 §6.3.1: Destination = the PAR's IP address)."""
        advertisement = super().router_advertisement(interface)
        addresses = interface.global_addresses()
        if not addresses or interface.link is None:
            return advertisement
        prefixes = tuple(PrefixInformation(prefix=p.prefix, router_address=True,
                                           address=addresses[0])
                         if p.prefix == interface.link.prefix else p
                         for p in advertisement.prefixes)
        return dataclasses.replace(advertisement, prefixes=prefixes)

    # ------------------------------------------------------------------ PAR: RtSolPr -> PrRtAdv
    def _on_rtsolpr(self, received: Received, message: f.RouterSolicitationForProxy) -> None:
        """RFC 5568 §6.1.1-6.1.2: resolve the new access point to its NAR; answer PrRtAdv."""
        pcoa = received.packet.source
        wanted = f.option(message.options, f.LinkLayerAddressOption, f.LLA_NEW_ACCESS_POINT)
        source = f.option(message.options, f.LinkLayerAddressOption, f.LLA_SOURCE)
        neighbour = self.neighbours.get(wanted.address) if isinstance(
            wanted, f.LinkLayerAddressOption) else None
        entry = self.par.setdefault(pcoa, ParEntry(pcoa))
        if isinstance(source, f.LinkLayerAddressOption):
            entry.mn_mac = source.address
            received.interface.neighbor_cache[pcoa] = source.address
        if neighbour is None:
            self.note("note", msg("fmipv6.par.unknown_access_point",
                                  access_point=getattr(wanted, "address", "-")))
            options: tuple[f.LinkLayerAddressOption | f.IPAddressPrefixOption, ...] = ()
            code = 2  # no new router information
        else:
            self._par_input(entry, "rtsolpr")
            entry.nar = neighbour
            options = (f.LinkLayerAddressOption(f.LLA_NEW_ACCESS_POINT, neighbour.mac),
                       f.LinkLayerAddressOption(f.LLA_NAR, neighbour.mac),
                       f.IPAddressPrefixOption(f.NAR_ADDRESS, neighbour.address),
                       f.IPAddressPrefixOption(f.NAR_PREFIX, neighbour.prefix.network_address,
                                               neighbour.prefix.prefixlen))
            code = 0
            self.note("fmipv6-proxy-advertisement",
                      msg("fmipv6.par.prrtadv", nar=neighbour.name, prefix=neighbour.prefix,
                          address=neighbour.address))
        self.changed()
        self.send_on_link(received.interface, IPv6Packet(
            received.interface.link_local, pcoa,
            f.ProxyRouterAdvertisement(message.identifier, code, options), hop_limit=255))

    # ------------------------------------------------------------------ mobility messages
    def on_home_address_option(self, interface: Interface, packet: IPv6Packet,
                               option: HomeAddressOption, position: int) -> IPv6Packet | None:
        """RFC 5568 §6.3.1: the FBU carries a HAO with the PCoA; an access router with FMIPv6
        takes it (the swap makes the PCoA the source, as RFC 6275 §9.3.1 would)."""
        if isinstance(packet.payload, f.FastBindingUpdate):
            return replace(packet, source=option.home_address)
        return super().on_home_address_option(interface, packet, option, position)

    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, f.FastBindingUpdate):
            self._on_fbu(received, message)
        elif isinstance(message, f.HandoverInitiate):
            self._on_hi(received, message)
        elif isinstance(message, f.HandoverAcknowledge):
            self._on_hack(received, message)
        else:
            super().on_mobility(received, message)

    def _on_fbu(self, received: Received, message: f.FastBindingUpdate) -> None:
        """RFC 5568 §5.1 (predictive: from the PCoA) and §5.2 (reactive: from the NCoA)."""
        from mipviz.engine.fmipv6 import badf_authenticator

        pcoa = received.packet.source  # after the HAO swap
        wire_source = received.on_wire.source
        badf = f.option(message.options, f.FastBindingAuthorizationData)
        key = self.security_associations.get(badf.spi) if isinstance(
            badf, f.FastBindingAuthorizationData) else None
        if key is None or not isinstance(badf, f.FastBindingAuthorizationData) or \
                badf_authenticator(key, pcoa, received.on_wire.destination, message) \
                != badf.authenticator:
            self.note("drop", msg("fmipv6.par.fbu_not_authorised", pcoa=pcoa))
            return
        alternate = next((o.address for o in message.options
                          if isinstance(o, AlternateCareofAddress)), None)
        ncoa = alternate if wire_source == pcoa else wire_source
        entry = self.par.setdefault(pcoa, ParEntry(pcoa))
        before = entry.state
        if not self._par_input(entry, "fbu"):
            return
        if ncoa is None:
            self.note("drop", msg("fmipv6.par.fbu_without_ncoa", pcoa=pcoa))
            return
        nar = next((n for n in self.neighbours.values() if ncoa in n.prefix), None)
        entry.ncoa, entry.nar, entry.fbu_sequence = ncoa, nar, message.sequence
        entry.predictive = wire_source == pcoa
        entry.lifetime = message.lifetime
        self.note("fmipv6-fbu-received",
                  msg("fmipv6.par.fbu" if entry.predictive else "fmipv6.par.fbu_reactive",
                      pcoa=pcoa, ncoa=ncoa, sequence=message.sequence))
        self.changed()
        if before == "forwarding":
            self._send_fback(entry, f.FBACK_ACCEPTED)
            return
        if nar is None:
            self._par_input(entry, "hack-rejected")
            self._send_fback(entry, f.FBACK_REASON_UNSPECIFIED)
            return
        self._hi_sequence = (self._hi_sequence + 1) & 0xFFFF
        entry.hi_sequence = self._hi_sequence
        options: list[MobilityOption] = []
        access = self.access_interface()
        if entry.mn_mac is None and access is not None:
            entry.mn_mac = access.neighbor_cache.get(pcoa)
        if entry.mn_mac is not None:
            options.append(f.MobilityLinkLayerAddress(f.MH_LLA_MOBILE_NODE, entry.mn_mac))
        options += [f.MobilityIPv6AddressPrefix(f.OLD_CARE_OF_ADDRESS, pcoa),
                    f.MobilityIPv6AddressPrefix(f.NEW_CARE_OF_ADDRESS, ncoa)]
        code = f.HI_FROM_PCOA if entry.predictive else f.HI_NOT_FROM_PCOA
        self.note("fmipv6-handover-initiated", msg("fmipv6.par.hi", nar=nar.name,
                                                   sequence=entry.hi_sequence, code=code))
        self.send_packet(IPv6Packet(self._own_address(), nar.address, f.HandoverInitiate(
            entry.hi_sequence, code, assigned_address=False, buffer=True,
            options=tuple(options))))

    def _on_hack(self, received: Received, message: f.HandoverAcknowledge) -> None:
        entry = next((e for e in self.par.values() if e.state == "initiating"
                      and e.hi_sequence == message.sequence), None)
        if entry is None:
            self.note("drop", msg("fmipv6.par.hack_unmatched", sequence=message.sequence))
            return
        if message.code >= 128:
            self._par_input(entry, "hack-rejected")
            self.note("fmipv6-handover-acknowledged", msg("fmipv6.par.hack_rejected",
                                                          code=message.code))
            status = message.code if message.code in (129, 130) else f.FBACK_REASON_UNSPECIFIED
            self._send_fback(entry, status)
            entry.held.clear()
            return
        status = f.FBACK_ACCEPTED
        assigned = f.option(message.options, f.MobilityIPv6AddressPrefix, f.NEW_CARE_OF_ADDRESS)
        if message.code == f.HACK_ACCEPTED_NCOA_ASSIGNED and \
                isinstance(assigned, f.MobilityIPv6AddressPrefix):
            entry.ncoa = assigned.address
            status = f.FBACK_ACCEPTED_USE_SUPPLIED_NCOA
        self._par_input(entry, "hack-accepted")
        entry.expires = self.sim.now + entry.lifetime * MICROSECONDS
        if entry.timer is not None:
            entry.timer.cancel()
        entry.timer = self.sim.call_later(entry.lifetime * MICROSECONDS, self._par_expired,
                                          entry, owner=self)
        self.note("fmipv6-handover-acknowledged", msg("fmipv6.par.hack_accepted",
                                                      code=message.code, pcoa=entry.pcoa,
                                                      ncoa=entry.ncoa))
        self.changed()
        self._send_fback(entry, status)
        held, entry.held = entry.held, []
        if held:
            self.note("fmipv6-recovered", msg("fmipv6.par.recovered", count=len(held),
                                              ncoa=entry.ncoa))
        for packet in held:
            self._tunnel(entry, packet)

    def _send_fback(self, entry: ParEntry, status: int) -> None:
        """RFC 5568 §6.3.2: to the PCoA on the old link (predictive) and to the NCoA, through
        the NAR, which keeps it for the MN's arrival."""
        options: tuple[MobilityOption, ...] = ()
        if status == f.FBACK_ACCEPTED_USE_SUPPLIED_NCOA and entry.ncoa is not None:
            options = (f.MobilityIPv6AddressPrefix(f.NEW_CARE_OF_ADDRESS, entry.ncoa),)
        fback = f.FastBindingAcknowledgment(status, entry.fbu_sequence, entry.lifetime,
                                            options=options)
        self.note("fmipv6-fback-sent", msg("fmipv6.par.fback", status=status,
                                           sequence=entry.fbu_sequence))
        own = self._own_address()
        if entry.predictive:
            self.send_packet(IPv6Packet(own, entry.pcoa, fback))
        if entry.ncoa is not None and (status < 128 or not entry.predictive):
            self.send_packet(IPv6Packet(own, entry.ncoa, fback))

    def _par_expired(self, entry: ParEntry) -> None:
        entry.timer = None
        if self._par_input(entry, "lifetime-expired"):
            self.note("note", msg("fmipv6.par.expired", pcoa=entry.pcoa))
            entry.held.clear()
            self.changed()

    def _par_input(self, entry: ParEntry, event: str) -> bool:
        following = fs.step(fs.PAR_TRANSITIONS, entry.state, event)
        if following is None:
            self.note("drop", msg("fmipv6.not_accepted", event=event, state=entry.state))
            return False
        entry.state = following
        return True

    # ------------------------------------------------------------------ NAR: HI, UNA
    def _on_hi(self, received: Received, message: f.HandoverInitiate) -> None:
        """RFC 5568 §6.2.1-6.2.2: accept, check the NCoA on the link, buffer (U flag)."""
        par = received.packet.source
        ncoa_option = f.option(message.options, f.MobilityIPv6AddressPrefix,
                               f.NEW_CARE_OF_ADDRESS)
        pcoa_option = f.option(message.options, f.MobilityIPv6AddressPrefix,
                               f.OLD_CARE_OF_ADDRESS)
        mac = f.option(message.options, f.MobilityLinkLayerAddress)
        interface = self.access_interface()
        if not self.accept_handovers or interface is None or \
                not isinstance(ncoa_option, f.MobilityIPv6AddressPrefix):
            self.note("fmipv6-handover-refused", msg("fmipv6.nar.refused", par=par))
            self._send_hack(par, message.sequence, f.HACK_ADMINISTRATIVELY_PROHIBITED)
            return
        ncoa = ncoa_option.address
        code, options = f.HACK_ACCEPTED_NCOA_VALID, cast(tuple[MobilityOption, ...], ())
        owner = interface.link.owner_of(ncoa) if interface.link is not None else None
        if owner is not None and (not isinstance(mac, f.MobilityLinkLayerAddress)
                                  or owner.mac != mac.address):
            # In use on this link by someone else: assign one (code 2, §6.2.2).
            assigned = self._assign_address(interface, ncoa)
            self.note("fmipv6-ncoa-assigned", msg("fmipv6.nar.ncoa_in_use", ncoa=ncoa,
                                                  assigned=assigned))
            ncoa, code = assigned, f.HACK_ACCEPTED_NCOA_ASSIGNED
            options = (f.MobilityIPv6AddressPrefix(f.NEW_CARE_OF_ADDRESS, assigned),)
        entry = self.nar.setdefault(ncoa, NarEntry(ncoa))
        if not self._nar_input(entry, "hi"):
            return
        entry.par = par
        if isinstance(pcoa_option, f.MobilityIPv6AddressPrefix):
            entry.pcoa = pcoa_option.address
        if isinstance(mac, f.MobilityLinkLayerAddress) and entry.state == "attached":
            interface.neighbor_cache.setdefault(ncoa, mac.address)
        if entry.state == "buffering":
            self._arm_buffer_timer(entry)
        self.note("fmipv6-hi-accepted", msg("fmipv6.nar.hi_accepted", ncoa=ncoa, code=code,
                                            buffering=entry.state == "buffering"))
        self.changed()
        self._send_hack(par, message.sequence, code, options)

    def _assign_address(self, interface: Interface, taken: IPv6Address) -> IPv6Address:
        assert interface.link is not None
        base = int(interface.link.prefix.network_address)
        candidate = int(taken)
        while True:
            candidate = base + ((candidate - base + 0x100) & 0xFFFF_FFFF_FFFF_FFFF)
            address = IPv6Address(candidate)
            if interface.link.owner_of(address) is None and address not in self.nar:
                return address

    def _send_hack(self, par: IPv6Address, sequence: int, code: int,
                   options: tuple[MobilityOption, ...] = ()) -> None:
        self.send_packet(IPv6Packet(self._own_address(), par,
                                    f.HandoverAcknowledge(sequence, code, options)))

    def _arm_buffer_timer(self, entry: NarEntry) -> None:
        if entry.timer is not None:
            entry.timer.cancel()
        entry.timer = self.sim.call_later(BUFFER_LIFETIME, self._buffer_expired, entry,
                                          owner=self)

    def _buffer_expired(self, entry: NarEntry) -> None:
        entry.timer = None
        if entry.state == "buffering" and self._nar_input(entry, "buffer-expired"):
            self.note("drop", msg("fmipv6.nar.buffer_expired", count=len(entry.buffer),
                                  ncoa=entry.ncoa))
            entry.buffer.clear()
            self.changed()

    def _nar_input(self, entry: NarEntry, event: str) -> bool:
        following = fs.step(fs.NAR_TRANSITIONS, entry.state, event)
        if following is None:
            self.note("drop", msg("fmipv6.not_accepted", event=event, state=entry.state))
            return False
        entry.state = following
        return True

    def _on_neighbor_advertisement(self, received: Received,
                                   message: NeighborAdvertisement) -> None:
        """RFC 5568 §6.5: an unsolicited NA with O = 0 from the NCoA announces the MN; it makes
        a neighbour entry (unlike RFC 4861 §7.2.5's rule) and releases the buffer."""
        packet = received.packet
        una = (not message.solicited and not message.override and packet.source ==
               message.target and message.target_link_layer is not None and
               received.interface is self.access_interface())
        if not una:
            super()._on_neighbor_advertisement(received, message)
            return
        ncoa = message.target
        assert message.target_link_layer is not None
        received.interface.neighbor_cache[ncoa] = message.target_link_layer
        entry = self.nar.setdefault(ncoa, NarEntry(ncoa))
        if not self._nar_input(entry, "una"):
            return
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        buffered, entry.buffer = entry.buffer, []
        self.note("fmipv6-una-received", msg("fmipv6.nar.una", ncoa=ncoa,
                                             mac=message.target_link_layer,
                                             count=len(buffered)))
        self.changed()
        for held in buffered:
            self.note("fmipv6-buffer-delivered", msg("fmipv6.nar.delivered",
                                                     destination=held.destination))
            self.transmit_packet(held, received.interface, ncoa)

    # ------------------------------------------------------------------ data path
    def forward(self, interface: Interface, packet: IPv6Packet) -> None:
        destination = packet.destination
        nar_entry = self.nar.get(destination)
        if nar_entry is not None and nar_entry.state in fs.NAR_BUFFERS:
            forwarded = self.next_hop_copy(packet)
            if forwarded is not None:
                self._keep(nar_entry.buffer, forwarded, "fmipv6.nar.buffered")
            return
        par_entry = self.par.get(destination)
        if par_entry is not None:
            if par_entry.state in fs.PAR_TUNNELS:
                forwarded = self.next_hop_copy(packet)
                if forwarded is not None:
                    self._tunnel(par_entry, forwarded)
                return
            if par_entry.state == "anticipating" and self._gone(par_entry):
                self._par_input(par_entry, "link-down")
                self.note("note", msg("fmipv6.par.link_down", pcoa=par_entry.pcoa))
                par_entry.timer = self.sim.call_later(BUFFER_LIFETIME, self._par_expired,
                                                      par_entry, owner=self)
            if par_entry.state in fs.PAR_HOLDS:
                forwarded = self.next_hop_copy(packet)
                if forwarded is not None:
                    self._keep(par_entry.held, forwarded, "fmipv6.par.held")
                return
        super().forward(interface, packet)

    def _gone(self, entry: ParEntry) -> bool:
        """The MN left this link: what its access point's link-down trigger would say."""
        interface = self.access_interface()
        return interface is not None and interface.link is not None and \
            interface.link.owner_of(entry.pcoa) is None

    def _keep(self, queue: list[IPv6Packet], packet: IPv6Packet, message_id: str) -> None:
        if len(queue) >= MAX_BUFFERED:
            self.note("drop", msg("fmipv6.buffer_full", destination=packet.destination))
            return
        queue.append(packet)
        self.note("fmipv6-buffered", msg(message_id, destination=packet.destination,
                                         count=len(queue)))
        self.changed()

    def _tunnel(self, entry: ParEntry, packet: IPv6Packet) -> None:
        """RFC 5568 §5.1: PCoA traffic in an IPv6-in-IPv6 tunnel from the PAR to the NCoA."""
        assert entry.ncoa is not None
        outer = IPv6Packet(self._own_address(), entry.ncoa, packet)
        self.note("encapsulate", msg("fmipv6.par.tunnel", pcoa=entry.pcoa, ncoa=entry.ncoa),
                  before=str(packet.destination), after=str(entry.ncoa))
        self.send_packet(outer)

    def on_tunnelled(self, received: Received, inner: IPv6Packet) -> None:
        """The MN's reverse tunnel from the NCoA (RFC 5568 §5.1): forward what is inside."""
        outer = received.packet
        entry = self.par.get(inner.source)
        if entry is None or entry.ncoa != outer.source or entry.state not in fs.PAR_TUNNELS:
            super().on_tunnelled(received, inner)
            return
        self.note("decapsulate", msg("fmipv6.par.reverse", ncoa=outer.source,
                                     destination=inner.destination),
                  before=str(outer.destination), after=str(inner.destination))
        super().forward(received.interface, inner)

    def _own_address(self) -> IPv6Address:
        interface = self.access_interface()
        if interface is not None:
            return interface.global_addresses()[0]
        return self.primary_address()
