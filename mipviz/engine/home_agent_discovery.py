"""Dynamic Home Agent Address Discovery (RFC 6275 §10.5, §11.4.1; RFC 3963 §7) and home-agent
fail-over, for both ends.

:class:`HomeAgentDiscoveryResponder` is a home agent's part: it keeps the Home Agents List from
the Router Advertisements of every home agent on the home link (:mod:`.home_agents_list`),
answers the Mobile IPv6 Home-Agents anycast address of the home prefix (RFC 2526) and replies
to a request with the home agents in order of preference.

:class:`HomeAgentDiscoveryClient` is a mobile node's: configured with its home prefix only, the
node asks for its home agent from its care-of address before its first Binding Update
(INITIAL_DHAAD_TIMEOUT 3 s, doubling, DHAAD_RETRIES 4), registers with the first home agent of
the reply, tries the next when a first registration draws no Binding Acknowledgement
(waiting InitialBindackTimeoutFirstReg), and when an established home agent stops answering —
the §11.8 back-off has reached MAX_BINDACK_TIMEOUT with no answer — runs discovery again and
registers with whichever home agent the link now offers.

The role classes keep only hooks (``HomeAgent.__init__``, ``MobileNode._send_home_binding_update``
and ``MobileNode._home_timeout``); the behaviour is here.
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING

from mipviz.engine.binding_update_list import (
    INITIAL_BINDACK_TIMEOUT_FIRST_REG,
    MAX_BINDACK_TIMEOUT,
    BindingUpdateListRecord,
)
from mipviz.engine.home_agents_list import HomeAgentsList
from mipviz.engine.node import Received
from mipviz.engine.simulation import Timer, seconds
from mipviz.engine.timeline import MICROSECONDS
from mipviz.i18n import msg
from mipviz.model.discovery_messages import (
    HomeAgentAddressDiscoveryReply,
    HomeAgentAddressDiscoveryRequest,
)
from mipviz.model.messages import IPv6Packet, RouterAdvertisement

if TYPE_CHECKING:
    from mipviz.engine.home_agent import HomeAgent
    from mipviz.engine.mobile_node import MobileNode

INITIAL_DHAAD_TIMEOUT = seconds(3)  # RFC 6275 §12
MAX_REPLY_ADDRESSES = (1280 - 40 - 8) // 16  # §10.5: 77 addresses fill the minimum MTU
DHAAD_RETRIES = 4  # RFC 6275 §12: retransmissions after the first request
# RFC 2526 §3: the Mobile IPv6 Home-Agents anycast ID (126) in a 64-bit interface identifier
# with the universal/local bit cleared: fdff:ffff:ffff:fffe.
HOME_AGENTS_ANYCAST_IID = 0xFDFF_FFFF_FFFF_FFFE


def home_agents_anycast(prefix: IPv6Network) -> IPv6Address:
    """The Mobile IPv6 Home-Agents anycast address of a /64 home prefix (RFC 2526, §10.5)."""
    return IPv6Address(int(prefix.network_address) | HOME_AGENTS_ANYCAST_IID)


def _seconds(value: int) -> str:
    return f"{value / MICROSECONDS:g}"


# =============================================================================== home agent
class HomeAgentDiscoveryResponder:
    """A home agent's Home Agents List and DHAAD replies (RFC 6275 §10.5, §10.5.1)."""

    def __init__(self, home_agent: HomeAgent) -> None:
        self.home_agent = home_agent
        self.home_agents = HomeAgentsList()
        self._expiry: Timer | None = None
        home_agent._icmp_handlers[RouterAdvertisement] = self.on_router_advertisement  # type: ignore[assignment]
        home_agent._icmp_handlers[HomeAgentAddressDiscoveryRequest] = self.on_request  # type: ignore[assignment]

    def attach(self) -> None:
        """Once the home interface is known: answer the Home-Agents anycast address on it."""
        interface = self.home_agent.home_interface
        if interface is not None and interface.link is not None:
            interface.anycast.add(home_agents_anycast(interface.link.prefix))

    def on_router_advertisement(self, received: Received, message: RouterAdvertisement) -> None:
        """§10.5.1: another home agent's RA on the home link (H flag) updates its entry."""
        ha = self.home_agent
        if received.interface is not ha.home_interface:
            return
        sender = received.packet.source
        before = self.home_agents.get(sender)
        what, entry = self.home_agents.learn(sender, message, ha.sim.now)
        if what == "ignored":
            return
        if (what == "updated" and entry is not None and before is not None
                and (before.preference, before.lifetime, before.global_addresses)
                == (entry.preference, entry.lifetime, entry.global_addresses)):
            self._schedule_expiry()  # a plain refresh: the lifetime starts again, silently
            ha.changed()  # (its state shows the lifetime left)
            return
        if entry is None:
            ha.note("note", msg("engine.discovery.home_agents_list_removed", home_agent=sender))
        else:
            address = entry.global_addresses[0] if entry.global_addresses else sender
            ha.note("note", msg("engine.discovery.home_agents_list_added" if what == "added"
                                else "engine.discovery.home_agents_list_updated",
                                home_agent=address, preference=entry.preference,
                                lifetime=entry.lifetime))
        self._schedule_expiry()
        ha.changed()

    def _schedule_expiry(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        due = self.home_agents.next_expiry()
        if due is not None:
            ha = self.home_agent
            self._expiry = ha.sim.call_later(max(0, due - ha.sim.now), self._expire, owner=ha)

    def _expire(self) -> None:
        self._expiry = None
        ha = self.home_agent
        for entry in self.home_agents.expire(ha.sim.now):
            address = entry.global_addresses[0] if entry.global_addresses else entry.link_local
            ha.note("note", msg("engine.discovery.home_agents_list_expired", home_agent=address,
                                lifetime=entry.lifetime))
            ha.changed()
        self._schedule_expiry()

    def _ordered(self, mobile_routers_only: bool) -> tuple[IPv6Address, ...]:
        """The reply's addresses. The home agent counts itself, as its own RA describes it
        now (§10.5.1), without keeping an entry for itself that would need refreshing."""
        ha = self.home_agent
        interface = ha.home_interface
        own = None
        if interface is not None and ha.advertise and \
                self.home_agents.get(interface.link_local) is None:
            own = interface.link_local
            self.home_agents.learn(own, ha.router_advertisement(interface), ha.sim.now)
        try:
            return self.home_agents.ordered_addresses(
                ha.sim.now, ha.sim.rng, mobile_routers_only=mobile_routers_only)
        finally:
            if own is not None:
                self.home_agents.remove(own)

    def on_request(self, received: Received, message: HomeAgentAddressDiscoveryRequest) -> None:
        """§10.5: reply to the request's source with the home agents, most preferred first
        (equal preferences in random order); RFC 3963 §7.2: with R, only those supporting
        mobile routers."""
        ha = self.home_agent
        addresses = self._ordered(message.mobile_router)
        ha.note("note", msg("engine.discovery.request_answered" if addresses else
                            "engine.discovery.request_no_home_agent",
                            source=received.packet.source,
                            home_agents=", ".join(str(a) for a in addresses),
                            mobile_router=msg("engine.discovery.mobile_routers_only")
                            if message.mobile_router else ""))
        # §10.5: the list is cut so the reply fits the IPv6 minimum MTU (1280 octets).
        reply = HomeAgentAddressDiscoveryReply(message.identifier,
                                               addresses[:MAX_REPLY_ADDRESSES],
                                               mobile_router=message.mobile_router)
        ha.output(IPv6Packet(ha.home_agent_address, received.packet.source, reply))


# =============================================================================== mobile node
class HomeAgentDiscoveryClient:
    """A mobile node that knows its home prefix, not its home agent (RFC 6275 §11.4.1)."""

    def __init__(self, node: MobileNode) -> None:
        self.node = node
        self.candidates: tuple[IPv6Address, ...] = ()
        self.current: IPv6Address | None = None
        self.confirmed = False  # the current home agent has accepted a registration
        self.identifier: int | None = None
        self.attempts = 0
        self.timeout = INITIAL_DHAAD_TIMEOUT
        self._timer: Timer | None = None
        node._icmp_handlers[HomeAgentAddressDiscoveryReply] = self.on_reply  # type: ignore[assignment]

    @property
    def running(self) -> bool:
        return self.identifier is not None

    # ------------------------------------------------------------------ hooks of the node
    def holds_binding_update(self) -> bool:
        """Called before a home BU: True while no home agent is known (discovery runs)."""
        if self.current is not None:
            return False
        if not self.running:
            self.start()
        return True

    def on_binding_acknowledgement_timeout(self, entry: BindingUpdateListRecord) -> bool:
        """Called when a home BU's retransmission timer fires; True when this took over."""
        node = self.node
        if entry.state == "deregistering" or self.current is None:
            return False
        if not self.confirmed and entry.state == "registering":
            rest = self.candidates[self.candidates.index(self.current) + 1:] \
                if self.current in self.candidates else ()
            if rest:
                node.note("note", msg("engine.discovery.next_candidate", home_agent=self.current,
                                      wait=_seconds(entry.timeout), next=rest[0]))
                self._use(rest[0], entry)
                return True
        if entry.timeout >= MAX_BINDACK_TIMEOUT:
            # §11.8: the back-off has reached MAX_BINDACK_TIMEOUT and still no BA. The
            # home agent is taken for gone: ask the home link again (§11.4.1).
            node.note("note", msg("engine.discovery.home_agent_given_up", home_agent=self.current,
                                  wait=_seconds(entry.timeout),
                                  retransmissions=entry.retransmissions))
            entry.stop_timer()
            self.current = None
            self.confirmed = False
            self.start()
            return True
        return False

    def on_accepted(self) -> None:
        self.confirmed = True

    # ------------------------------------------------------------------ the exchange
    def start(self) -> None:
        node = self.node
        self.attempts = 0
        self.timeout = INITIAL_DHAAD_TIMEOUT
        self.identifier = node.sim.rng.randrange(1 << 16)
        self._send()

    def _send(self) -> None:
        node = self.node
        careof = node.care_of_address
        if careof is None or self.identifier is None:
            self.identifier = None
            return
        anycast = home_agents_anycast(node.home_prefix)
        mobile_router = node.role == "mobile-router"
        node.note("note", msg("engine.discovery.request_sent_again" if self.attempts else
                              "engine.discovery.request_sent", anycast=anycast,
                              home_prefix=node.home_prefix, attempt=self.attempts,
                              mobile_router=msg("engine.discovery.mobile_router_flag")
                              if mobile_router else ""))
        node.transmit_packet(IPv6Packet(careof, anycast, HomeAgentAddressDiscoveryRequest(
            self.identifier, mobile_router=mobile_router)))
        if self._timer is not None:
            self._timer.cancel()
        self._timer = node.sim.call_later(self.timeout, self._no_reply, owner=node)

    def _no_reply(self) -> None:
        self._timer = None
        node = self.node
        if self.identifier is None:
            return
        if self.attempts >= DHAAD_RETRIES:
            node.note("drop", msg("engine.discovery.no_home_agent_answered",
                                  attempts=self.attempts + 1))
            self.identifier = None
            return
        self.attempts += 1
        self.timeout *= 2
        self._send()

    def on_reply(self, received: Received, message: HomeAgentAddressDiscoveryReply) -> None:
        node = self.node
        if message.identifier != self.identifier:
            node.note("drop", msg("engine.discovery.reply_not_ours",
                                  identifier=f"0x{message.identifier:04x}"))
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not message.home_agents:
            node.note("drop", msg("engine.discovery.reply_empty"))
            self._no_reply()
            return
        self.identifier = None
        self.candidates = message.home_agents
        node.note("note", msg("engine.discovery.reply_received",
                              home_agents=", ".join(str(a) for a in message.home_agents),
                              home_agent=message.home_agents[0]))
        entry = node.home
        entry.timeout = INITIAL_BINDACK_TIMEOUT_FIRST_REG
        entry.retransmissions = 0
        self._use(message.home_agents[0], entry)

    def _use(self, address: IPv6Address, entry: BindingUpdateListRecord) -> None:
        """Register with ``address``: a first registration (§11.7.1), whatever came before."""
        node = self.node
        self.current = address
        self.confirmed = False
        entry.stop_timer()
        entry.peer_address = address
        entry.peer = node.sim.name_of(address) or str(address)
        node._move_entry(entry, "move")
        entry.timeout = INITIAL_BINDACK_TIMEOUT_FIRST_REG
        entry.retransmissions = 0
        node.changed()
        node._send_home_binding_update()
