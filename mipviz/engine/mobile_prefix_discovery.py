"""Mobile Prefix Solicitation and Advertisement (RFC 6275 §10.6, §11.4.3), and a home link
that is renumbered: a new prefix is added while the old one is deprecated (RFC 4192).

The home agent (:class:`MobilePrefixAgent`) answers a Mobile Prefix Solicitation — sent from the
care-of address with a Home Address option, which it accepts only from a registered care-of
address — with an Advertisement of the home link's prefixes, sent to the care-of address with a
Type 2 Routing Header. When the home link's prefixes change it sends each registered mobile
node an unsolicited Advertisement, retransmitted (PREFIX_ADV_TIMEOUT 3 s, doubling,
PREFIX_ADV_RETRIES 3) until a Solicitation from that node acknowledges it (§10.6.2).

The mobile node (:class:`MobilePrefixClient`) accepts an Advertisement only from the home agent
it registered with, carrying a Type 2 Routing Header, with the Identifier of its latest
Solicitation (§11.4.3); an unsolicited one is discarded and answered with a Solicitation. From
an accepted Advertisement with a new home prefix it forms its new home address (the new prefix
and the interface identifier of the old home address) and registers it with a first
registration; the old home address is deprecated and its binding left to run out.

IPsec: RFC 6275 §10.6 and §11.4.3 say these messages SHOULD be protected by ESP between the
mobile node and the home agent. This module does not add it; it is assumed (the engine's ESP
lives with the IPsec work).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine.binding_update_list import INITIAL_BINDACK_TIMEOUT_FIRST_REG
from mipviz.engine.node import Received
from mipviz.engine.renumbering import link_prefixes, prefix_information
from mipviz.engine.simulation import Timer, seconds
from mipviz.engine.timeline import BindingUpdateListEntry
from mipviz.i18n import msg
from mipviz.model.discovery_messages import (
    MobilePrefixAdvertisement,
    MobilePrefixSolicitation,
)
from mipviz.model.messages import (
    DestinationOptionsHeader,
    HomeAddressOption,
    IPv6Packet,
    PrefixInformation,
    RoutingHeaderType2,
)

if TYPE_CHECKING:
    from mipviz.engine.home_agent import HomeAgent
    from mipviz.engine.mobile_node import MobileNode

STATUS_PREFIX_DISCOVERY_NECESSARY = 1  # BA status, RFC 6275 §6.1.8
PREFIX_ADV_TIMEOUT = seconds(3)  # RFC 6275 §12
PREFIX_ADV_RETRIES = 3  # RFC 6275 §12
INITIAL_SOLICIT_TIMER = seconds(3)  # RFC 6275 §12
SOLICIT_RETRIES = 3  # mipviz's choice: §11.4.3 sets no limit


@dataclass
class _Unsolicited:
    """An unsolicited Advertisement waiting for the mobile node's Solicitation (§10.6.2)."""

    care_of_address: IPv6Address
    identifier: int
    attempts: int = 0
    timeout: int = PREFIX_ADV_TIMEOUT
    timer: Timer | None = None


def home_link_prefixes(home_agent: HomeAgent) -> tuple[PrefixInformation, ...]:
    """The home link's prefixes as its RAs advertise them (deprecated ones preferred 0)."""
    interface = home_agent.home_interface
    if interface is None or interface.link is None:
        return ()
    link = interface.link
    return tuple(prefix_information(link, prefix) for prefix in link_prefixes(link))


def is_home_prefix(home_agent: HomeAgent, address: IPv6Address) -> bool:
    """Whether ``address`` is on one of the home link's prefixes (RFC 6275 §10.3.1 check)."""
    interface = home_agent.home_interface
    return interface is not None and interface.link is not None and any(
        address in prefix for prefix in link_prefixes(interface.link))


# =============================================================================== home agent
class MobilePrefixAgent:
    def __init__(self, home_agent: HomeAgent) -> None:
        self.home_agent = home_agent
        self._unsolicited: dict[IPv6Address, _Unsolicited] = {}  # by home address
        home_agent._icmp_handlers[MobilePrefixSolicitation] = self.on_solicitation  # type: ignore[assignment]

    def accepts_home_address_option(self, packet: IPv6Packet, home_address: IPv6Address) -> bool:
        """RFC 6275 §9.3.1: a Home Address option on a Solicitation is honoured only for a
        home address registered with this care-of address (the source)."""
        entry = self.home_agent.binding_cache.lookup(home_address, self.home_agent.sim.now)
        return entry is not None and entry.care_of_address == packet.source

    def accepted_status(self, home_address: IPv6Address) -> int:
        """The BA status of an accepted registration: 0, or 1 "accepted but prefix discovery
        necessary" (§6.1.8, §10.6.1) when the home address lies in a deprecated prefix."""
        interface = self.home_agent.home_interface
        if interface is not None and interface.link is not None and any(
                home_address in prefix for prefix in interface.link.deprecated_prefixes):
            self.home_agent.note("note", msg("engine.discovery.status_1",
                                             home_address=home_address))
            return STATUS_PREFIX_DISCOVERY_NECESSARY
        return 0

    def on_solicitation(self, received: Received, message: MobilePrefixSolicitation) -> None:
        """§10.6.1: answer with the home link's prefixes, to the care-of address, with an RH2
        carrying the home address. A Solicitation also acknowledges an unsolicited
        Advertisement (§10.6.2)."""
        ha = self.home_agent
        home_address = received.home_address_option
        if home_address is None:
            ha.note("drop", msg("engine.discovery.solicitation_without_hao",
                                source=received.packet.source))
            return
        pending = self._unsolicited.pop(home_address, None)
        if pending is not None and pending.timer is not None:
            pending.timer.cancel()
        ha.note("note", msg("engine.discovery.solicitation_answered", home_address=home_address,
                            identifier=f"0x{message.identifier:04x}",
                            acknowledged=msg("engine.discovery.solicitation_acknowledges")
                            if pending is not None else ""))
        self._send(received.on_wire.source, home_address, message.identifier)

    def _send(self, care_of: IPv6Address, home_address: IPv6Address, identifier: int) -> None:
        ha = self.home_agent
        advertisement = MobilePrefixAdvertisement(identifier, prefixes=home_link_prefixes(ha))
        ha.transmit_packet(IPv6Packet(ha.home_agent_address, care_of, advertisement,
                                      extension_headers=(RoutingHeaderType2(home_address),)))

    def prefixes_changed(self) -> None:
        """§10.6.2: tell every registered mobile node, with an unsolicited Advertisement."""
        ha = self.home_agent
        ha.note("note", msg("engine.discovery.home_prefixes_changed", prefixes=", ".join(
            str(p.prefix) for p in home_link_prefixes(ha))))
        for entry in ha.binding_cache.snapshot():
            if entry.state == "valid" and entry.home_registration \
                    and entry.expires > ha.sim.now:
                pending = _Unsolicited(entry.care_of_address, ha.sim.rng.randrange(1 << 16))
                self._unsolicited[entry.home_address] = pending
                self._send_unsolicited(entry.home_address)

    def _send_unsolicited(self, home_address: IPv6Address) -> None:
        ha = self.home_agent
        pending = self._unsolicited.get(home_address)
        if pending is None:
            return
        entry = ha.binding_cache.lookup(home_address, ha.sim.now)
        if entry is None:  # §10.6.2: stop when the binding is gone
            self._unsolicited.pop(home_address, None)
            return
        ha.note("note", msg("engine.discovery.unsolicited_advertisement_sent_again"
                            if pending.attempts else
                            "engine.discovery.unsolicited_advertisement_sent",
                            home_address=home_address, attempt=pending.attempts))
        self._send(entry.care_of_address, home_address, pending.identifier)
        if pending.attempts >= PREFIX_ADV_RETRIES:
            self._unsolicited.pop(home_address, None)
            return
        pending.timer = ha.sim.call_later(pending.timeout, self._retransmit, home_address,
                                          owner=ha)

    def _retransmit(self, home_address: IPv6Address) -> None:
        pending = self._unsolicited.get(home_address)
        if pending is None:
            return
        pending.attempts += 1
        pending.timeout *= 2
        self._send_unsolicited(home_address)


# =============================================================================== mobile node
class MobilePrefixClient:
    def __init__(self, node: MobileNode) -> None:
        self.node = node
        self.identifier: int | None = None
        self.answered: set[int] = set()
        self.attempts = 0
        self.timeout = INITIAL_SOLICIT_TIMER
        self._timer: Timer | None = None
        # §11.4.3: the entries of former home addresses, left to run out after renumbering
        self.former_entries: tuple[BindingUpdateListEntry, ...] = ()
        node._icmp_handlers[MobilePrefixAdvertisement] = self.on_advertisement  # type: ignore[assignment]

    def _retire(self, former: BindingUpdateListEntry) -> None:
        """Keep the old home address's entry until its binding's lifetime ends."""
        node = self.node
        self.former_entries = (*self.former_entries, dataclasses.replace(
            former, state="registered"))
        node.sim.call_later(former.expires - node.sim.now, self._former_ends, former.home_address,
                            former.expires, owner=node)

    def _former_ends(self, home_address: IPv6Address, expires: int) -> None:
        node = self.node
        kept = tuple(e for e in self.former_entries
                     if e.home_address != home_address or e.expires != expires)
        if kept == self.former_entries:
            return
        self.former_entries = kept
        node.note("binding-expired", msg("engine.lifetimes.former_home_entry_expired",
                                         home_address=home_address, home_agent=node.home.peer))
        node.changed()

    def solicit(self) -> None:
        """§11.4.3: a Solicitation from the care-of address, HAO = home address, to the HA,
        retransmitted from INITIAL_SOLICIT_TIMER (3 s) with exponential back-off until an
        Advertisement answers; mipviz stops after SOLICIT_RETRIES resends."""
        self.attempts = 0
        self.timeout = INITIAL_SOLICIT_TIMER
        self._send()

    def _resend(self) -> None:
        self._timer = None
        if self.identifier is None or self.attempts >= SOLICIT_RETRIES:
            self.identifier = None
            return
        self.attempts += 1
        self.timeout *= 2
        self._send()

    def _send(self) -> None:
        node = self.node
        careof = node.care_of_address
        if careof is None or node.at_home or not node.tunnel_ready():
            return
        self.identifier = node.sim.rng.randrange(1 << 16)
        node.note("note", msg("engine.discovery.solicitation_sent",
                              home_agent=node.home.peer_address,
                              identifier=f"0x{self.identifier:04x}"))
        node.transmit_packet(IPv6Packet(
            careof, node.home.peer_address, MobilePrefixSolicitation(self.identifier),
            extension_headers=(DestinationOptionsHeader((HomeAddressOption(node.home_address),)),)))
        if self._timer is not None:
            self._timer.cancel()
        self._timer = node.sim.call_later(self.timeout, self._resend, owner=node)

    def on_advertisement(self, received: Received, message: MobilePrefixAdvertisement) -> None:
        node = self.node
        source = received.packet.source
        if source != node.home.peer_address or not received.routing_header_type2:
            node.note("drop", msg("engine.discovery.advertisement_refused", source=source))
            return
        if message.identifier != self.identifier or message.identifier in self.answered:
            # §11.4.3: treated as unsolicited: discarded, and answered with a Solicitation
            # (which is what acknowledges it to the home agent).
            node.note("drop", msg("engine.discovery.unsolicited_advertisement_discarded",
                                  identifier=f"0x{message.identifier:04x}"))
            self.solicit()
            return
        self.answered.add(message.identifier)
        self.identifier = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        node.note("note", msg("engine.discovery.advertisement_accepted", prefixes=", ".join(
            f"{p.prefix} ({'deprecated' if p.preferred_lifetime == 0 else 'preferred'})"
            for p in message.prefixes)))
        current = next((p for p in message.prefixes if node.home_address in p.prefix), None)
        if current is not None and current.preferred_lifetime > 0:
            return
        new = next((p for p in message.prefixes if p.preferred_lifetime > 0 and p.autonomous
                    and p.prefix.prefixlen == 64), None)
        if new is None:
            return
        self._renumber(new.prefix)

    def _renumber(self, prefix: IPv6Network) -> None:
        """§11.4.3 / RFC 4862 §5.5.3: the new home address keeps the interface identifier.

        The old home address's binding is not deregistered: it runs on at the home agent
        until its lifetime ends, and so does its Binding Update List entry (§11.1, §11.7.3),
        kept by value in :attr:`former_entries` and no longer refreshed. The new home address
        starts with a first registration holding no binding yet."""
        node = self.node
        old = node.home_address
        identifier = int(old) & ((1 << 64) - 1)
        new = IPv6Address(int(prefix.network_address) | identifier)
        node.note("note", msg("engine.discovery.new_home_address", old=old, new=new,
                              prefix=prefix), before=str(old), after=str(new))
        entry = node.home
        entry.stop_timer()
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
            entry.refresh_timer = None
        if entry.state in ("registered", "refreshing") and entry.expires > node.sim.now:
            self._retire(node._snapshot(entry))  # still under the old home address
        entry.expires = 0
        node.home_address = new
        node.home_prefix = prefix
        node.changed()
        node._move_entry(entry, "move")
        entry.timeout = INITIAL_BINDACK_TIMEOUT_FIRST_REG
        entry.retransmissions = 0
        node._send_home_binding_update()
