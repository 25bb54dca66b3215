"""A correspondent node that supports route optimisation (RFC 6275 §5.2, §9).

It answers HoTI/CoTI statelessly with keygen tokens, verifies BUs with the Binding
Authorization Data, keeps a Binding Cache, sends route-optimised packets with a Type 2 Routing
Header, swaps the Home Address option on arrival, and sends a Binding Refresh Request when an
entry in use nears expiry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from ipaddress import IPv6Address
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine import authentication, rr
from mipviz.engine.addressing import is_unicast_routable
from mipviz.engine.bindings import BindingCache
from mipviz.engine.link import Interface
from mipviz.engine.node import MOBILITY_HEADER_TYPES, Node, Received, replace
from mipviz.engine.rate_limit import RateLimiter
from mipviz.engine.simulation import seconds
from mipviz.engine.timeline import MICROSECONDS, NodeState
from mipviz.i18n import msg
from mipviz.model.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingAuthorizationData,
    BindingError,
    BindingRefreshRequest,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    HomeAddressOption,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    MobilityMessage,
    NonceIndices,
    RoutingHeaderType2,
    UnknownMobilityMessage,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

MAX_RR_BINDING_LIFETIME = 420  # seconds (RFC 6275 §12)
CN_BRR_TIME_THRESH = seconds(60)  # UMIP: only refresh entries used in the last 60 s
BRR_LEAD = seconds(20)  # ask this long before expiry

BA_STATUS_ACCEPTED = 0
BA_REGISTRATION_NOT_SUPPORTED = 131
BA_SEQUENCE_OUT_OF_WINDOW = 135
BA_EXPIRED_HOME_NONCE = 136
BA_EXPIRED_CAREOF_NONCE = 137
BA_EXPIRED_NONCES = 138
BE_UNKNOWN_BINDING = 1
BE_UNRECOGNIZED_MH_TYPE = 2


def hexs(value: bytes) -> str:
    return value.hex()


class CorrespondentNode(Node):
    role: ClassVar[str] = "correspondent"

    def __init__(self, sim: Simulation, name: str, *, max_nonce_lifetime: int = 240,
                 nonce_interval: int = 30) -> None:
        super().__init__(sim, name)
        first_kcn = sim.rng.randbytes(rr.KCN_LENGTH)
        self.nonces = rr.NonceTable(sim.rng.randbytes, seconds(nonce_interval),
                                    seconds(max_nonce_lifetime), first_kcn)
        # §5.2.8 / §9.5.3: the nonce index combinations of bindings since deleted, which a
        # replayed BU could otherwise use to recreate a binding (no sequence number survives
        # the deletion).
        self.spent_nonces: dict[IPv6Address, set[tuple[int, int]]] = {}
        self._bound_nonces: dict[IPv6Address, set[tuple[int, int]]] = {}
        self.binding_error_rate = RateLimiter()  # §9.3.3, like ICMPv6 errors (RFC 4443 §2.4 f)
        self.binding_cache = BindingCache()
        self.last_used: dict[IPv6Address, int] = {}
        self._expiry_timers: dict[IPv6Address, object] = {}
        self._mobility_handlers: dict[type, Callable[[Received, MobilityMessage], None]] = {
            HomeTestInit: self._on_home_test_init,  # type: ignore[dict-item]
            CareofTestInit: self._on_careof_test_init,  # type: ignore[dict-item]
            BindingUpdate: self._on_binding_update,  # type: ignore[dict-item]
        }

    @property
    def kcn(self) -> bytes:
        """The node key now in use: the latest nonce's (§5.2.7)."""
        return self.nonces.latest_kcn()

    def state(self) -> NodeState:
        base = super().state()
        return dataclasses.replace(base, binding_cache=self.binding_cache.snapshot())

    # ------------------------------------------------------------------ data path (§9.3)
    def output(self, packet: IPv6Packet) -> None:
        """RFC 6275 §9.3.2: with a binding for the destination, send to the care-of address
        and carry the home address in a Type 2 Routing Header."""
        entry = self.binding_cache.lookup(packet.destination, self.sim.now)
        # RFC 6275 §6.1: Mobility Header messages never use the Binding Cache or an RH2 (only
        # the BA, built explicitly), so a BRR goes to the home address, through the HA.
        if entry is None or isinstance(packet.payload, MOBILITY_HEADER_TYPES):
            self.transmit_packet(packet)
            return
        self.last_used[entry.home_address] = self.sim.now
        routed = replace(
            packet, destination=entry.care_of_address,
            extension_headers=(RoutingHeaderType2(entry.home_address), *packet.extension_headers),
        )
        self.note("swap", msg("engine.correspondent.binding_cache_hit_destination",
                              home_address=entry.home_address,
                              care_of_address=entry.care_of_address),
                  before=str(entry.home_address), after=str(entry.care_of_address))
        self.transmit_packet(routed)

    def on_home_address_option(self, interface: Interface, packet: IPv6Packet,
                               option: HomeAddressOption, position: int) -> IPv6Packet | None:
        """RFC 6275 §9.3.1: swap the HAO into the source, if a binding vouches for it."""
        home_address = option.home_address
        if not is_unicast_routable(home_address):
            self.note("drop", msg("engine.correspondent.home_address_option_not",
                                  home_address=home_address))
            return None
        care_of_address = packet.source
        signalling = isinstance(packet.payload, BindingUpdate)
        entry = self.binding_cache.lookup(home_address, self.sim.now)
        if not signalling and (entry is None or entry.care_of_address != care_of_address):
            self.note("drop", msg("engine.correspondent.home_address_option_without",
                                  home_address=home_address, care_of_address=care_of_address))
            self._send_binding_error(packet.source, home_address, BE_UNKNOWN_BINDING)
            return None
        if not signalling:
            self.last_used[home_address] = self.sim.now
            self.note("swap", msg("engine.correspondent.home_address_option_swap",
                                  care_of_address=care_of_address,
                                  home_address=home_address), before=str(care_of_address),
                      after=str(home_address))
        return replace(packet, source=home_address)

    # ------------------------------------------------------------------ mobility messages
    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, UnknownMobilityMessage):
            self.note("drop", msg("engine.correspondent.unknown_mh_type_binding",
                                  mh_type=message.mh_type))
            self._send_binding_error(received.on_wire.source, IPv6Address("::"),
                                     BE_UNRECOGNIZED_MH_TYPE)
            return
        handler = self._mobility_handlers.get(type(message))
        if handler is None:
            self.note("drop", msg("engine.correspondent.not_correspondent_ignored",
                                  message_type=type(message).__name__))
            return
        handler(received, message)

    def _on_home_test_init(self, received: Received, message: HomeTestInit) -> None:
        """RFC 6275 §9.4.1: HoT to the HoTI's source, token over that (home) address."""
        if received.home_address_option is not None:
            self.note("drop", msg("engine.correspondent.hoti_home_address_option"))
            return
        home_address = received.packet.source
        nonce = self.nonces.current(self.sim.now)
        token = rr.home_keygen_token(nonce.kcn, home_address, nonce.value)
        self.note("note", msg("engine.correspondent.home_keygen_token_first",
                              home_address=home_address, index=nonce.index, token=hexs(token)))
        reply = HomeTest(nonce.index, message.home_init_cookie, token)
        self.send_packet(IPv6Packet(received.packet.destination, home_address, reply))

    def _on_careof_test_init(self, received: Received, message: CareofTestInit) -> None:
        """RFC 6275 §9.4.2: CoT to the CoTI's source, token over that (care-of) address."""
        if received.home_address_option is not None:
            self.note("drop", msg("engine.correspondent.coti_home_address_option"))
            return
        careof_address = received.packet.source
        nonce = self.nonces.current(self.sim.now)
        token = rr.careof_keygen_token(nonce.kcn, careof_address, nonce.value)
        self.note("note", msg("engine.correspondent.care_keygen_token_first",
                              careof_address=careof_address, index=nonce.index,
                              token=hexs(token)))
        reply = CareofTest(nonce.index, message.careof_init_cookie, token)
        self.send_packet(IPv6Packet(received.packet.destination, careof_address, reply))

    def _on_binding_update(self, received: Received, message: BindingUpdate) -> None:
        """RFC 6275 §9.5.1 checks in order, then §9.5.2 / §9.5.3 and §9.5.4."""
        packet = received.packet
        home_address = packet.source  # after the HAO swap
        careof_address = received.on_wire.source
        self.note("binding-update-received", msg("engine.correspondent.bu_seq",
                                                 sequence=message.sequence,
                                                 home_address=home_address))
        for option in message.options:
            if isinstance(option, AlternateCareofAddress):
                careof_address = option.address
        correspondent = packet.destination
        if not is_unicast_routable(home_address):
            self.note("drop", msg("engine.correspondent.bu_non_unicast_home"))
            return
        if message.home_registration:
            self.note("drop", msg("engine.correspondent.bu_h_set_node"))
            self._send_ba(received, message, BA_REGISTRATION_NOT_SUPPORTED, 0, careof_address)
            return
        nonce_indices = next((o for o in message.options if isinstance(o, NonceIndices)), None)
        bad = message.options[-1] if message.options else None
        if nonce_indices is None or not isinstance(bad, BindingAuthorizationData):
            self.note("drop", msg("engine.correspondent.bu_without_nonce_indices"))
            return
        deleting = message.lifetime == 0 or careof_address == home_address
        home_nonce = self.nonces.valid(nonce_indices.home_nonce_index, self.sim.now)
        careof_nonce = (None if deleting
                        else self.nonces.valid(nonce_indices.careof_nonce_index, self.sim.now))
        if home_nonce is None or (careof_nonce is None and not deleting):
            status = (BA_EXPIRED_NONCES if home_nonce is None and careof_nonce is None
                      and not deleting else
                      BA_EXPIRED_HOME_NONCE if home_nonce is None else BA_EXPIRED_CAREOF_NONCE)
            self.note("drop", msg("engine.correspondent.nonce_index_expired_or", status=status))
            self._send_ba(received, message, status, 0, careof_address)
            return
        home_token = rr.home_keygen_token(home_nonce.kcn, home_address, home_nonce.value)
        careof_token = (None if deleting or careof_nonce is None else
                        rr.careof_keygen_token(careof_nonce.kcn, careof_address,
                                               careof_nonce.value))
        kbm = rr.binding_management_key(home_token, careof_token)
        mac_careof = home_address if deleting else careof_address
        if not authentication.verify(message, kbm, mac_careof, correspondent):
            self.note("drop", msg("engine.correspondent.binding_authorization_data_authenticator"))
            return
        self.note("note", msg("engine.correspondent.authenticator_verified_kbm", kbm=hexs(kbm)))
        combination = (nonce_indices.home_nonce_index, nonce_indices.careof_nonce_index)
        if not deleting and combination in self.spent_nonces.get(home_address, ()):
            # A binding made with these nonces was deleted: this BU may be a replay (§5.2.8).
            # Expired-nonce status: a genuine mobile node fetches fresh tokens.
            self.note("drop", msg("engine.rfc.nonce_combination_spent",
                                  home_index=combination[0], careof_index=combination[1],
                                  status=BA_EXPIRED_NONCES))
            self._send_ba(received, message, BA_EXPIRED_NONCES, 0, careof_address)
            return
        if not self.binding_cache.sequence_acceptable(home_address, message.sequence):
            last = self.binding_cache.get(home_address)
            last_sequence = last.sequence if last is not None else message.sequence
            self.note("drop", msg("engine.correspondent.sequence_number_not_newer",
                                  sequence=message.sequence, last_sequence=last_sequence))
            self._send_ba(received, message, BA_SEQUENCE_OUT_OF_WINDOW, 0, careof_address,
                          kbm=kbm, mac_careof=mac_careof, sequence=last_sequence)
            return
        if deleting:
            spent = self.spent_nonces.setdefault(home_address, set())
            spent |= self._bound_nonces.pop(home_address, set())
            # Fresh tokens after a deletion come from a new nonce (and Kcn, §5.2.7), so a
            # genuine new binding never needs a spent combination.
            self.nonces.renew()
            removed = self.binding_cache.delete(home_address)
            if removed is not None:
                self.note("binding-deleted", msg("engine.correspondent.binding_cache_delete",
                                                 home_address=home_address))
            self.changed()
            lifetime = 0
        else:
            lifetime = min(message.lifetime, MAX_RR_BINDING_LIFETIME)
            existed = self.binding_cache.lookup(home_address, self.sim.now) is not None
            entry = self.binding_cache.update(
                home_address, careof_address, message.sequence, lifetime, self.sim.now,
                home_registration=False,
            )
            self.last_used.setdefault(home_address, self.sim.now)
            self._bound_nonces.setdefault(home_address, set()).add(combination)
            self.note("binding-refreshed" if existed else "binding-created",
                      msg("engine.correspondent.binding_cache_update" if existed
                          else "engine.correspondent.binding_cache_add",
                          home_address=home_address, careof_address=careof_address,
                          lifetime=lifetime))
            self.changed()
            self._schedule_refresh(entry.home_address, entry.expires)
        if message.acknowledge:
            self._send_ba(received, message, BA_STATUS_ACCEPTED, lifetime, careof_address,
                          kbm=kbm, mac_careof=mac_careof)

    # ------------------------------------------------------------------ replies
    def _send_ba(self, received: Received, bu: BindingUpdate, status: int, lifetime: int,
                 careof_address: IPv6Address, *, kbm: bytes | None = None,
                 mac_careof: IPv6Address | None = None, sequence: int | None = None) -> None:
        """RFC 6275 §9.5.4: to the BU's source; RH2 when the BU had a HAO; BAD unless 136-138."""
        ba = BindingAcknowledgement(status=status, sequence=bu.sequence if sequence is None
                                    else sequence, lifetime=lifetime)
        correspondent = received.packet.destination
        if kbm is not None and mac_careof is not None:
            ba = authentication.sign(ba, kbm, mac_careof, correspondent)
        headers: tuple[RoutingHeaderType2, ...] = ()
        if received.home_address_option is not None:
            headers = (RoutingHeaderType2(received.home_address_option),)
        self.transmit_packet(IPv6Packet(correspondent, received.on_wire.source, ba,
                                         extension_headers=headers))

    def _send_binding_error(self, destination: IPv6Address, home_address: IPv6Address,
                            status: int) -> None:
        if destination.is_multicast or destination.is_unspecified:
            return
        if not self.binding_error_rate.allow(destination, self.sim.now):
            self.note("drop", msg("engine.rfc.binding_error_rate_limited",
                                  destination=destination))
            return
        error = BindingError(status=status, home_address=home_address)
        self.transmit_packet(IPv6Packet(self.primary_address(), destination, error))

    # ------------------------------------------------------------------ refresh (§9.5.5)
    def _schedule_refresh(self, home_address: IPv6Address, expires: int) -> None:
        previous = self._expiry_timers.pop(home_address, None)
        if previous is not None:
            previous.cancel()  # type: ignore[attr-defined]
        when = max(0, expires - BRR_LEAD - self.sim.now)
        self._expiry_timers[home_address] = self.sim.call_later(
            when, self._near_expiry, home_address, expires, owner=self)

    def _near_expiry(self, home_address: IPv6Address, expires: int) -> None:
        entry = self.binding_cache.get(home_address)
        if entry is None or entry.expires != expires:
            return
        used = self.last_used.get(home_address, -CN_BRR_TIME_THRESH)
        if self.sim.now - used <= CN_BRR_TIME_THRESH:
            self.note("note", msg("engine.correspondent.binding_expires_use_binding",
                                  home_address=home_address,
                                  expires=(expires - self.sim.now) // MICROSECONDS))
            self.send_packet(IPv6Packet(self.primary_address(), home_address,
                                        BindingRefreshRequest()))  # via the HA (§6.1)
        self._expiry_timers[home_address] = self.sim.call_later(
            expires - self.sim.now, self._expire, home_address, expires, owner=self)

    def _expire(self, home_address: IPv6Address, expires: int) -> None:
        entry = self.binding_cache.get(home_address)
        if entry is None or entry.expires != expires:
            return
        self.binding_cache.delete(home_address)
        self.note("binding-expired", msg("engine.correspondent.binding_cache_entry_expired",
                                         home_address=home_address))
        self.changed()

    # ------------------------------------------------------------------ key log
    def key_log_lines(self) -> list[str]:
        """DESIGN.md key-log lines for this node's Kcn and every nonce it issued.

        The first line is ``CN_KEY <cn> <Kcn>`` as DESIGN.md has it: the key of the first nonce.
        A Kcn refreshed with a later nonce (§5.2.7) follows that nonce's ``CN_NONCE`` line as
        ``CN_KEY <cn> <Kcn> <nonce index>``; a nonce with no such line uses the first key."""
        address = self.primary_address()
        nonces = self.nonces.all()
        first = nonces[0].kcn if nonces else self.kcn
        lines = [f"CN_KEY {address} {first.hex()}"]
        for n in nonces:
            lines.append(f"CN_NONCE {address} {n.index} {n.value.hex()}")
            if n.kcn != first:
                lines.append(f"CN_KEY {address} {n.kcn.hex()} {n.index}")
        return lines

