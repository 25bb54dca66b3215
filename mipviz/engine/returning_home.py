"""Returning home (RFC 6275 §11.5.5): what a mobile node does when it finds itself on its home
link again — learn the home agent's link-layer address while the HA still defends the home
address by proxy, send the deregistration Binding Update (lifetime 0) from the home address,
then the correspondents' deletion BUs, and reclaim the home address with unsolicited Neighbor
Advertisements once the home agent acknowledges.

The functions are bound as methods of :class:`mipviz.engine.mobile_node.MobileNode`; they live
here so that the mobile node's module keeps to movement, registration and the data path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mipviz.engine.addressing import ALL_NODES, UNSPECIFIED, solicited_node_multicast
from mipviz.engine.binding_update_list import INITIAL_BINDACK_TIMEOUT
from mipviz.engine.neighbor_discovery import RETRANS_TIMER
from mipviz.i18n import msg
from mipviz.model.messages import IPv6Packet, NeighborAdvertisement, NeighborSolicitation

if TYPE_CHECKING:
    from mipviz.engine.mobile_node import MobileNode
    from mipviz.model.messages import RouterAdvertisement


def return_home(self: MobileNode, message: RouterAdvertisement) -> None:
    """§11.5.5: a Router Advertisement with the home prefix: the mobile node is home again.
    Learn the home agent's link-layer address, then deregister (the correspondents after)."""
    if self._returning:
        return
    self.note("note", msg("engine.mobile_node.router_advertisement_carries_home",
                          home_prefix=self.home_prefix))
    self.at_home = True
    self.current_prefix = self.home_prefix
    self.interface.add_address(self.home_address)
    if self.home.state == "failed":  # a refused registration: no binding to end
        self._move_entry(self.home, "return-home")
    if self.home.state == "idle":
        self.note("returned-home", msg("engine.mobile_node.home_no_binding_remove"))
        return
    self._returning = True
    self._deregistration_sent = False
    # The list entries keep their state until the deregistration BU is sent
    # (_send_deregistration): the entry records the BU sent (§11.1, §11.7.1), and none is
    # sent yet. A BU still awaiting its BA is not retransmitted from home.
    self.home.stop_timer()
    if self.home.refresh_timer is not None:
        self.home.refresh_timer.cancel()
        self.home.refresh_timer = None
    self.home.retransmissions = 0
    self.home.timeout = INITIAL_BINDACK_TIMEOUT
    # §11.5.5: learn the HA's link-layer address with an NS from the unspecified address
    # whose target is our own home address, to its solicited-node group: the HA, still
    # defending it by proxy, answers with a multicast NA carrying its link-layer address.
    # No DAD for the home address while the HA defends it.
    ha = self.home.peer_address
    self.interface.neighbor_cache.pop(ha, None)
    self.note("note", msg("engine.rfc.returning_home_ns", home_address=self.home_address))
    self.send_on_link(self.interface, IPv6Packet(
        UNSPECIFIED, solicited_node_multicast(self.home_address),
        NeighborSolicitation(target=self.home_address), hop_limit=255))
    # as long as a DAD probe waits for its answer (RetransTimer, RFC 4861 §10)
    self.sim.call_later(RETRANS_TIMER, self._no_proxy_answer, owner=self)
    # The correspondents' deletion BUs leave from the home address, so they wait for the
    # deregistration BU (_send_deregistration); so do their entries' changes. Nothing is
    # retransmitted from the care-of address meanwhile.
    for entry in self.correspondents.values():
        entry.stop_timer()

def no_proxy_answer(self: MobileNode) -> None:
    """No NA within RetransTimer: the HA does not defend the home address (it lost the
    binding). Its link-layer address came with its RA; deregister all the same."""
    if self._returning and not self._deregistration_sent:
        self.note("note", msg("engine.rfc.no_proxy_answer"))
        self._send_deregistration()

def send_deregistration(self: MobileNode) -> None:
    """§11.5.5, §11.7.1: the lifetime-0 BU to the home agent, from the home address; once it
    has left, the correspondents' deletion BUs follow (home test only)."""
    entry = self.home
    if self._returning and not self._deregistration_sent:
        self._move_entry(entry, "return-home")  # §11.5.5: the BU that ends the binding
    if entry.state != "deregistering":
        return
    if self._held_by_update_rate(entry, self._send_deregistration):
        return
    entry.sequence = (entry.sequence + 1) & 0xFFFF
    entry.sent_at = self.sim.now
    entry.care_of_address = self.home_address
    entry.lifetime = 0  # §11.7.1: the entry records the lifetime the BU asks for
    self.changed()
    bu = self._home_registration_bu(0, self.home_address)
    self.note("binding-update-sent", msg("engine.mobile_node.deregistration_bu_seq_lifetime",
                                         sequence=entry.sequence,
                                         home_address=self.home_address))
    self.transmit_packet(IPv6Packet(self.home_address, entry.peer_address, bu))
    self._arm_retransmission(entry, self._home_timeout)
    if not self._deregistration_sent:
        # §11.5.5: the home address may be used on the home link once this BU is sent;
        # now the correspondents' bindings can be deleted (home test only).
        self._deregistration_sent = True
        for correspondent in self.correspondents.values():
            if self._move_entry(correspondent, "return-home") and \
                    correspondent.state == "deleting":
                correspondent.careof_token = None
                self._start_return_routability(correspondent)

def finish_return_home(self: MobileNode) -> None:
    """After BA status 0: reclaim the home address with unsolicited NAs (§11.5.5 step 5)."""
    self._returning = False
    if self.care_of_address is not None:
        self.interface.remove_address(self.care_of_address)
    self.care_of_address = None
    self.home.care_of_address = None
    self.home.expires = 0
    if self.home.refresh_timer is not None:
        self.home.refresh_timer.cancel()
    self.note("returned-home", msg("engine.mobile_node.deregistered_used_home_link",
                                   home_address=self.home_address))
    self.changed()
    # One unsolicited NA for each home address, the link-local one included (§11.5.5).
    for address in (self.home_address, self.interface.link_local):
        self.send_on_link(self.interface, IPv6Packet(
            address, ALL_NODES,
            NeighborAdvertisement(target=address, router=self.is_router, solicited=False,
                                  override=True, target_link_layer=self.interface.mac),
            hop_limit=255))
