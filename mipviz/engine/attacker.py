"""Attackers on Return Routability (RFC 6275 §5.2.1, §15.4; lecture S17, S19).

* ``off-path``: forges a BU claiming the victim's home address points at the attacker. It can
  run the care-of test for its own address, but never sees the Home Test (that goes to the home
  address, through the victim's home agent), so it must guess the home keygen token: the
  correspondent's authenticator check fails and it silently discards the BU.
* ``eavesdropper``: sits on a link of the correspondent–home agent path (promiscuous). It sends
  a HoTI with the victim's home address as source and a CoTI from its own address, *reads* the
  HoT as it crosses its link, and so can compute Kbm: the correspondent accepts the forged BU
  and starts sending the victim's traffic to the attacker — the limit the lecture names (S19).
"""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import TYPE_CHECKING, ClassVar

from mipviz.engine import authentication, rr
from mipviz.engine.link import Interface
from mipviz.engine.node import Node, Received, replace
from mipviz.engine.simulation import seconds
from mipviz.i18n import msg
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    DestinationOptionsHeader,
    EthernetFrame,
    HomeAddressOption,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    MobilityMessage,
    NonceIndices,
    RoutingHeaderType2,
)

if TYPE_CHECKING:
    from mipviz.engine.simulation import Simulation

ATTACK_TIMEOUT = seconds(3)
_MODE_NAMES = {"off-path": msg("engine.attacker.mode.off-path"),
               "eavesdropper": msg("engine.attacker.mode.eavesdropper"),
               "home-registration": msg("ipsec.attacker.mode")}


class Attacker(Node):
    role: ClassVar[str] = "attacker"

    def __init__(self, sim: Simulation, name: str, *, mode: str, victim_home_address: IPv6Address,
                 target: IPv6Address) -> None:
        super().__init__(sim, name)
        self.mode = mode
        self.victim_home_address = victim_home_address
        self.target = target
        self._home_cookie: bytes | None = None
        self._careof_cookie: bytes | None = None
        self._home_token: tuple[bytes, int] | None = None
        self._careof_token: tuple[bytes, int] | None = None
        self._sequence = sim.rng.randrange(1 << 16)
        self._bu_sent = False
        self._succeeded = False

    @property
    def own_address(self) -> IPv6Address:
        return self.primary_address()

    def attack(self) -> None:
        """Start the attack (a script action)."""
        if self.mode == "home-registration":  # a forged BU to the victim's HA (ipsec.py)
            from mipviz.engine.ipsec import forge_home_registration

            forge_home_registration(self)
            self.sim.call_later(ATTACK_TIMEOUT, self._judge, owner=self)
            return
        self.note("note", msg("engine.attacker.attack_care_test_attacker",
                              victim_home_address=self.victim_home_address, target=self.target,
                              mode=_MODE_NAMES[self.mode]))
        self._careof_cookie = self.sim.rng.randbytes(rr.COOKIE_LENGTH)
        self.transmit_packet(IPv6Packet(self.own_address, self.target,
                                         CareofTestInit(self._careof_cookie)))
        if self.mode == "eavesdropper":
            self._home_cookie = self.sim.rng.randbytes(rr.COOKIE_LENGTH)
            self.note("note", msg("engine.attacker.hoti_spoofed_source_hot",
                                  victim_home_address=self.victim_home_address))
            self.transmit_packet(IPv6Packet(self.victim_home_address, self.target,
                                             HomeTestInit(self._home_cookie)))
        self.sim.call_later(ATTACK_TIMEOUT, self._judge, owner=self)

    # ------------------------------------------------------------------ listening
    def overhear(self, interface: Interface, frame: EthernetFrame) -> None:
        packet = frame.packet
        message = packet.payload
        if isinstance(message, HomeTest) and packet.destination == self.victim_home_address \
                and message.home_init_cookie == self._home_cookie and self._home_token is None:
            self._home_token = (message.home_keygen_token, message.home_nonce_index)
            self.note("note", msg("engine.attacker.overheard_home_test_home",
                                  victim_home_address=self.victim_home_address,
                                  home_keygen_token=message.home_keygen_token.hex()))
            self._maybe_forge()

    def on_mobility(self, received: Received, message: MobilityMessage) -> None:
        if isinstance(message, CareofTest) and message.careof_init_cookie == self._careof_cookie:
            self._careof_token = (message.careof_keygen_token, message.careof_nonce_index)
            self.note("note", msg("engine.attacker.care_keygen_token_its",
                                  careof_keygen_token=message.careof_keygen_token.hex()))
            if self.mode == "off-path":
                guess = self.sim.rng.randbytes(rr.TOKEN_LENGTH)
                self._home_token = (guess, message.careof_nonce_index)
                self.note("note", msg("engine.attacker.never_sees_home_test", guess=guess.hex()))
            self._maybe_forge()
        elif (isinstance(message, BindingAcknowledgement) and message.status == 135
              and self.mode == "home-registration" and not self._bu_sent):
            from mipviz.engine.ipsec import forge_home_registration

            self._bu_sent = True  # the BA taught it the sequence number: one more try
            forge_home_registration(self, sequence=(message.sequence + 1) & 0xFFFF)
        elif isinstance(message, BindingAcknowledgement) and message.status < 128:
            self._succeeded = True
            self.note("attack-succeeded", msg("engine.attacker.accepted_forged_binding_traffic",
                                              target=self.target,
                                              victim_home_address=self.victim_home_address))

    def on_routing_header_type2(self, interface: Interface, packet: IPv6Packet,
                                header: RoutingHeaderType2) -> IPv6Packet | None:
        """Accept what the fooled correspondent sends to the victim's home address."""
        if header.home_address != self.victim_home_address:
            return None
        return replace(packet, destination=header.home_address)

    def owns(self, address: IPv6Address) -> bool:
        return (address == self.victim_home_address and self._succeeded) or super().owns(address)

    def _maybe_forge(self) -> None:
        if self._bu_sent or self._home_token is None or self._careof_token is None:
            return
        self._bu_sent = True
        kbm = rr.binding_management_key(self._home_token[0], self._careof_token[0])
        self._sequence = (self._sequence + 1) & 0xFFFF
        bu = BindingUpdate(sequence=self._sequence, lifetime=420, acknowledge=True,
                           options=(NonceIndices(self._home_token[1], self._careof_token[1]),))
        bu = authentication.sign(bu, kbm, self.own_address, self.target)
        self.note("note", msg("engine.attacker.forged_bu_kbm",
                              victim_home_address=self.victim_home_address,
                              own_address=self.own_address, kbm=kbm.hex()))
        self.transmit_packet(IPv6Packet(self.own_address, self.target, bu, extension_headers=(
            DestinationOptionsHeader((HomeAddressOption(self.victim_home_address),)),)))

    def _judge(self) -> None:
        if not self._succeeded:
            self.note("attack-failed", msg("engine.attacker.no_binding_acknowledgement_discarded",
                                           target=self.target))
