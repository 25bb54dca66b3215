"""Return Routability and route optimisation at the mobile node (RFC 6275 §5.2, §11.6, §11.7.2).

The correspondent side of the Binding Update List: deciding to route-optimise, the HoTI/CoTI
tests with their cookies and retransmissions, the BU with Nonce Indices and the Binding
Authorization Data, the BA, the Binding Refresh Request, Binding Errors and a correspondent
without Mobile IPv6 (ICMPv6 Parameter Problem code 1). :class:`MobileNode` inherits it.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv6Address
from typing import Any

from mipviz.engine import authentication, rr, states
from mipviz.engine.binding_update_list import (
    INITIAL_BINDACK_TIMEOUT,
    MAX_BINDACK_TIMEOUT,
    MAX_RO_FAILURE,
    MAX_RR_BINDING_LIFETIME,
    MAX_TOKEN_LIFETIME,
    BindingUpdateListRecord,
)
from mipviz.engine.node import Node, Received
from mipviz.engine.rate_limit import RateLimiter
from mipviz.engine.timeline import MICROSECONDS
from mipviz.i18n import msg
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingError,
    BindingRefreshRequest,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    DestinationOptionsHeader,
    HomeAddressOption,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    NonceIndices,
    ParameterProblem,
)


class ReturnRoutability(Node):
    """The correspondent registrations of a mobile node (a base of :class:`MobileNode`)."""

    # Provided by MobileNode.
    home_address: IPv6Address
    care_of_address: IPv6Address | None
    at_home: bool
    route_optimization: bool
    home: BindingUpdateListRecord
    correspondents: dict[IPv6Address, BindingUpdateListRecord]
    update_rate: RateLimiter

    def _reverse_tunnel(self, packet: IPv6Packet) -> None:
        raise NotImplementedError

    def tunnel_ready(self) -> bool:
        raise NotImplementedError

    def _held_by_update_rate(self, entry: BindingUpdateListRecord,
                             send: Callable[..., None], *args: Any) -> bool:
        """§11.8: no more than MAX_UPDATE_RATE BUs a second to one destination. A BU over the
        limit is held and ``send(*args)`` runs again when the window allows it."""
        key = (entry.peer_address, "binding-update")
        wait = self.update_rate.wait(key, self.sim.now)
        if wait == 0:
            self.update_rate.record(key, self.sim.now)
            return False
        entry.stop_timer()
        self.note("note", msg("engine.rfc.max_update_rate_held", peer=entry.peer,
                              wait=f"{wait / MICROSECONDS:g}"))
        entry.timer = self.sim.call_later(wait, send, *args, owner=self)
        return True

    def _move_entry(self, entry: BindingUpdateListRecord, event: str) -> bool:
        table = states.HOME_TRANSITIONS if entry.home_registration else \
            states.CORRESPONDENT_TRANSITIONS
        target = states.transition(table, entry.state, event)
        if target is None:
            return False
        if target != entry.state:
            self.changed()
        entry.state = target
        return True

    def _arm_retransmission(self, entry: BindingUpdateListRecord,
                            callback: Callable[[BindingUpdateListRecord], None]) -> None:
        entry.stop_timer()
        entry.timer = self.sim.call_later(entry.timeout, callback, entry, owner=self)

    def _consider_route_optimisation(self, correspondent: IPv6Address) -> None:
        if not self.route_optimization or self.at_home or correspondent.is_link_local:
            return
        if correspondent == self.home.peer_address:
            return
        entry = self.correspondents.get(correspondent)
        if entry is None:
            name = self.sim.name_of(correspondent) or str(correspondent)
            entry = BindingUpdateListRecord(name, correspondent, False,
                                            self.sim.rng.randrange(1 << 16))
            self.correspondents[correspondent] = entry
        if entry.state != "idle":
            return
        self._move_entry(entry, "start-rr")
        self.note("note", msg("engine.route_optimisation.traffic_goes_through_home",
                              peer=entry.peer))
        if self.home.state in ("registered", "refreshing"):
            self._start_return_routability(entry)

    def _start_return_routability(self, entry: BindingUpdateListRecord) -> None:
        """§11.6.1: HoTI through the tunnel and CoTI direct, in parallel; reuse fresh tokens."""
        entry.stop_timer()
        if not self.at_home and not self.tunnel_ready():
            # The HoTI goes through the tunnel, which is not up (after a move, until the BA):
            # the home registration's BA starts the test again.
            return
        now = self.sim.now
        if entry.home_token is not None and now - entry.home_token[2] > MAX_TOKEN_LIFETIME:
            entry.home_token = None
        if entry.careof_token is not None and (
                now - entry.careof_token[2] > MAX_TOKEN_LIFETIME
                or entry.careof_token[3] != self.care_of_address):
            entry.careof_token = None
        deleting = entry.state == "deleting"
        if entry.home_token is None:
            entry.home_cookie = self.sim.rng.randbytes(rr.COOKIE_LENGTH)
            hoti = IPv6Packet(self.home_address, entry.peer_address,
                              HomeTestInit(entry.home_cookie))
            self.note("note", msg("engine.route_optimisation.hoti_home_init_cookie",
                                  peer=entry.peer, home_cookie=entry.home_cookie.hex()))
            if self.at_home or self.care_of_address is None:
                self.transmit_packet(hoti)
            else:
                self._reverse_tunnel(hoti)
        if entry.careof_token is None and not deleting and self.care_of_address is not None:
            entry.careof_cookie = self.sim.rng.randbytes(rr.COOKIE_LENGTH)
            self.note("note", msg("engine.route_optimisation.coti_care_init_cookie",
                                  peer=entry.peer, careof_cookie=entry.careof_cookie.hex()))
            self.transmit_packet(IPv6Packet(self.care_of_address, entry.peer_address,
                                             CareofTestInit(entry.careof_cookie)))
        self.changed()
        self._maybe_send_correspondent_bu(entry)
        if entry.state in ("return-routability", "deleting") and entry.timer is None:
            entry.timeout = INITIAL_BINDACK_TIMEOUT
            self._arm_retransmission(entry, self._correspondent_timeout)

    def _correspondent_timeout(self, entry: BindingUpdateListRecord) -> None:
        entry.timer = None
        if not self._move_entry(entry, "timeout"):
            return
        if not self.at_home and not self.tunnel_ready():
            return  # between a move and its BA: not the correspondent's failure (BA restarts)
        entry.failures += 1
        if entry.failures >= MAX_RO_FAILURE:
            self._move_entry(entry, "refused")
            self.note("note", msg("engine.route_optimisation.no_answer_after_tries",
                                  peer=entry.peer, failures=entry.failures))
            return
        entry.timeout = min(entry.timeout * 2, MAX_BINDACK_TIMEOUT)
        if entry.state == "binding":
            self._send_correspondent_bu(entry)
        else:
            self._start_return_routability(entry)
        if entry.timer is None:
            self._arm_retransmission(entry, self._correspondent_timeout)

    def _maybe_send_correspondent_bu(self, entry: BindingUpdateListRecord) -> None:
        deleting = entry.state == "deleting"
        if entry.home_token is None or (entry.careof_token is None and not deleting):
            return
        if not deleting:
            self._move_entry(entry, "tokens-complete")
        self.note("return-routability-complete",
                  msg("engine.route_optimisation.rr_complete_home_token" if deleting
                      else "engine.route_optimisation.rr_complete_both_tokens", peer=entry.peer))
        self._send_correspondent_bu(entry)

    def _send_correspondent_bu(self, entry: BindingUpdateListRecord) -> None:
        """§11.7.2: BU with Nonce Indices and the Binding Authorization Data last."""
        assert entry.home_token is not None
        deleting = entry.state == "deleting"
        if not deleting and not self.at_home and self.care_of_address is None:
            return  # moved: no care-of address to bind yet (a new one restarts RR)
        if self._held_by_update_rate(entry, self._send_correspondent_bu, entry):
            return
        home_token, home_index, _ = entry.home_token
        careof_token = None if deleting or entry.careof_token is None else entry.careof_token[0]
        careof_index = 0 if deleting or entry.careof_token is None else entry.careof_token[1]
        entry.kbm = rr.binding_management_key(home_token, careof_token)
        careof = self.home_address if deleting else self.care_of_address
        assert careof is not None
        remaining = max(0, (self.home.expires - self.sim.now) // MICROSECONDS)
        lifetime = 0 if deleting else min(MAX_RR_BINDING_LIFETIME, remaining) // 4 * 4
        entry.sequence = (entry.sequence + 1) & 0xFFFF
        entry.sent_at = self.sim.now
        entry.care_of_address = careof
        entry.lifetime = lifetime
        bu = BindingUpdate(sequence=entry.sequence, lifetime=lifetime, acknowledge=True,
                           options=(NonceIndices(home_index, careof_index),))
        bu = authentication.sign(bu, entry.kbm, careof, entry.peer_address)
        self.note("binding-update-sent", msg("engine.route_optimisation.bu_seq_kbm_sha1",
                                             sequence=entry.sequence, peer=entry.peer,
                                             careof_token='' if deleting else ' | care-of token',
                                             kbm=entry.kbm.hex(),
                                             authenticator=bu.options[-1].authenticator.hex()))  # type: ignore[union-attr]
        self.changed()
        if self.at_home or (deleting and self.care_of_address is None):
            packet = IPv6Packet(self.home_address, entry.peer_address, bu)
        else:
            assert self.care_of_address is not None
            packet = IPv6Packet(self.care_of_address, entry.peer_address, bu, extension_headers=(
                DestinationOptionsHeader((HomeAddressOption(self.home_address),)),))
        self.transmit_packet(packet)
        self._arm_retransmission(entry, self._correspondent_timeout)

    # ================================================================== messages from CNs
    def _on_home_test(self, received: Received, message: HomeTest,
                      entry: BindingUpdateListRecord | None) -> None:
        """§11.6.2: only from a CN we are testing, via the tunnel, with our cookie."""
        tunnelled = received.tunnel is not None or self.at_home
        if entry is None or not tunnelled or message.home_init_cookie != entry.home_cookie \
                or entry.home_token is not None or not self._move_entry(entry, "hot"):
            self.note("drop", msg("engine.route_optimisation.home_test_not_expected"))
            return
        entry.home_token = (message.home_keygen_token, message.home_nonce_index, self.sim.now)
        self.note("note", msg("engine.route_optimisation.home_keygen_token_nonce",
                              home_keygen_token=message.home_keygen_token.hex(),
                              home_nonce_index=message.home_nonce_index))
        self.changed()
        self._maybe_send_correspondent_bu(entry)

    def _on_careof_test(self, received: Received, message: CareofTest,
                        entry: BindingUpdateListRecord | None) -> None:
        if entry is None or received.packet.destination != self.care_of_address or \
                message.careof_init_cookie != entry.careof_cookie or \
                entry.careof_token is not None or not self._move_entry(entry, "cot"):
            self.note("drop", msg("engine.route_optimisation.care_test_not_expected"))
            return
        assert self.care_of_address is not None
        entry.careof_token = (message.careof_keygen_token, message.careof_nonce_index,
                              self.sim.now, self.care_of_address)
        self.note("note", msg("engine.route_optimisation.care_keygen_token_nonce",
                              careof_keygen_token=message.careof_keygen_token.hex(),
                              careof_nonce_index=message.careof_nonce_index))
        self.changed()
        self._maybe_send_correspondent_bu(entry)

    def _on_correspondent_ba(self, received: Received, message: BindingAcknowledgement,
                             entry: BindingUpdateListRecord) -> None:
        """§11.7.3: match the sequence number, verify the authenticator (not for 136-138)."""
        if message.sequence != entry.sequence and message.status != 135:
            self.note("drop", msg("engine.route_optimisation.ba_seq_does_not",
                                  sequence=message.sequence, expected=entry.sequence))
            return
        if message.status in (136, 137, 138):
            self.note("binding-acknowledgement-received",
                      msg("engine.route_optimisation.ba_status_nonces_expired", peer=entry.peer,
                          status=message.status))
            if message.status in (136, 138):
                entry.home_token = None
            if message.status in (137, 138):
                entry.careof_token = None
            entry.stop_timer()
            if self._move_entry(entry, "nonce-expired"):
                self._start_return_routability(entry)
            return
        careof = entry.care_of_address or self.home_address
        if entry.kbm is None or not authentication.verify(message, entry.kbm, careof,
                                                          entry.peer_address):
            self.note("drop", msg("engine.route_optimisation.ba_authenticator_does_not"))
            return
        self.note("binding-acknowledgement-received",
                  msg("engine.route_optimisation.ba_status_lifetime_authenticator",
                      peer=entry.peer, status=message.status, lifetime=message.lifetime))
        entry.stop_timer()
        if message.status == 135:
            entry.sequence = message.sequence
            if self._move_entry(entry, "ba-out-of-window"):
                self._send_correspondent_bu(entry)
            return
        if message.status >= 128:
            self._move_entry(entry, "ba-rejected")
            return
        was = entry.state
        if not self._move_entry(entry, "ba-accepted"):
            return
        if was == "deleting":
            entry.expires = 0
            entry.care_of_address = None
            self.note("binding-deleted", msg("engine.route_optimisation.binding_deleted",
                                             peer=entry.peer))
            return
        entry.lifetime = message.lifetime
        entry.expires = entry.sent_at + message.lifetime * MICROSECONDS
        entry.failures = 0
        self.note("route-optimised", msg("engine.route_optimisation.route_optimisation_place_data",
                                         peer=entry.peer))
        self.changed()
        if entry.refresh_timer is not None:
            entry.refresh_timer.cancel()
        entry.refresh_timer = self.sim.call_later(entry.expires - self.sim.now,
                                                  self._correspondent_expired, entry,
                                                  entry.expires, owner=self)

    def _correspondent_expired(self, entry: BindingUpdateListRecord, expires: int) -> None:
        if entry.expires == expires and self._move_entry(entry, "lifetime-expired"):
            self.note("binding-expired",
                      msg("engine.route_optimisation.binding_expired_back_tunnel", peer=entry.peer))

    def _on_binding_refresh_request(self, message: BindingRefreshRequest,
                                    entry: BindingUpdateListRecord | None,
                                    source: IPv6Address) -> None:
        self.note("binding-refresh-request-received",
                  msg("engine.route_optimisation.binding_refresh_request", source=source))
        if entry is not None and self._move_entry(entry, "brr"):
            self._start_return_routability(entry)

    def _on_binding_error(self, message: BindingError, entry: BindingUpdateListRecord | None,
                          source: IPv6Address) -> None:
        self.note("binding-error-received", msg("engine.route_optimisation.binding_error_status",
                                                status=message.status, source=source))
        if entry is not None and message.status == 1 and self._move_entry(entry,
                                                                           "binding-error"):
            entry.stop_timer()
            entry.expires = 0  # §11.3.6: the entry is removed; no binding runs on at the CN
            self.note("note", msg("engine.route_optimisation.lost_our_binding_back",
                                  peer=entry.peer))

    def _on_parameter_problem(self, received: Received, message: ParameterProblem) -> None:
        """§11.4.1 (RFC 6275 §11.3.5): code 1 means the peer has no Mobile IPv6: stop RO."""
        peer = received.packet.source
        entry = self.correspondents.get(peer)
        if message.code == 1 and entry is not None and self._move_entry(entry, "refused"):
            entry.stop_timer()
            self.note("note", msg("engine.route_optimisation.does_not_understand_mobility",
                                  peer=entry.peer))
        elif message.code == 2:
            self.note("note", msg("engine.route_optimisation.does_not_understand_home", peer=peer))
