"""A Binding Update in flight: seen in the capture, its acknowledgement not yet matched
(RFC 6275 §6.1.7, §11.7.1), and how the replay names what it binds.

Both ends of a binding follow from these: the receiver's binding cache when the update is
accepted (:mod:`mipviz.capture.binding_cache`), the sender's binding update list at once
(:mod:`mipviz.capture.update_list`); :mod:`mipviz.capture.bindings` matches the
acknowledgements to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address

from mipviz.capture.roles import Roles, address_text
from mipviz.capture.says import say
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook

_NAI = say("capture.identity.nai")
_PREFIX = say("capture.identity.prefix")
_NAMED = say("capture.identity.named")
_UNACKNOWLEDGED = {name: say(f"capture.unacknowledged.{name}")() for name in (
    "proxy", "deregistration", "home", "fast", "asked")}

MICROSECONDS = 1_000_000


@dataclass(slots=True)
class PendingUpdate:
    """A Binding Update seen in the capture, until an acknowledgement is matched to it."""

    ordinal: int
    time: int
    sequence: int
    identity: bytes | str  # the home address, or a PMIPv6 "nai:"/"hnp:" key
    home_address: bytes | None
    care_of_address: bytes
    sender_address: bytes
    receiver_address: bytes
    flags: tuple[str, ...]
    lifetime: int  # seconds requested
    prefixes: tuple[str, ...]
    fast: bool  # an FMIPv6 Fast Binding Update
    position: int = 0  # index in its stream (updates from one sender to one receiver)
    serial: int = 0  # how many updates its stream had before it, those let go included
    matched: bool = False
    superseded: bool = False
    inferred_proxy: bool = False  # a proxy registration without the P flag (pre-RFC PMIPv6)
    tunnelled: bool = False  # seen inside an IPv6-in-IPv6 tunnel (an HMIPv6 MN–MAP tunnel)
    answered: tuple[int, bool, int] | None = None  # the accepting BA: time, tunnelled, status
    # RFC 5648: the Binding Identifier options, (BID, care-of address or None: the source)
    bids: tuple[tuple[int, bytes | None], ...] = ()
    foreign: bool = False  # sent by another station than the mobile node (capture.senders)

    @property
    def names_bids_only(self) -> bool:
        """An RFC 5648 update naming its bindings by BID alone (no care-of address in any
        option): the individual registration of one interface from its own care-of address,
        or the deregistration of some BIDs (§5.3, §5.7). It changes those (home address,
        BID) bindings, not the home registration the sender's list entry holds."""
        return bool(self.bids) and all(care_of is None for _, care_of in self.bids)

    @property
    def agent_registration(self) -> bool:
        """A registration with an agent that then serves the address: a home (H) or proxy (P)
        registration, or an HMIPv6 local one (M): the MAP is "a local HA" for the regional
        care-of address (RFC 5380 §4, §10), registered and refreshed as a home registration is
        (registering, registered, refreshing; RFC 6275 §11.7.1)."""
        return bool({"H", "P", "M"} & set(self.flags))

    @property
    def deregistration(self) -> bool:
        return self.lifetime == 0 or self.care_of_address == self.home_address

    @property
    def listed_address(self) -> bytes:
        """The address the sender's list entry binds: the home address, or for a proxy
        registration the mobile node's home network prefix (RFC 5213 §6.1: the MAG's entry
        names the HNP; ``::`` while the PBU asks for one with ALL_ZERO, §6.9.1.1 (3)), as the
        LMA's cache does; the care-of address when neither is known."""
        if self.home_address is not None:
            return self.home_address
        if self.prefixes:
            return IPv6Address(self.prefixes[0].split("/")[0]).packed
        return self.care_of_address


def _same_update_decapsulated(last: PendingUpdate, update: PendingUpdate) -> bool:
    """``update`` is ``last`` again, tunnelled on one hop and not on the next: an HMIPv6 mobile
    node tunnels its home registration to its MAP, which decapsulates and forwards it (RFC 5380
    §6.1). A retransmission would carry a new sequence number (RFC 6275 §11.8)."""
    return (last.sequence == update.sequence and last.lifetime == update.lifetime
            and last.care_of_address == update.care_of_address
            and last.flags == update.flags and last.tunnelled != update.tunnelled
            and 0 <= update.time - last.time <= MICROSECONDS)


def _same_answer_tunnelled(answered: tuple[int, bool, int], signal: Signal, tunnelled: bool,
                           status: int) -> bool:
    """A BA matched to an update already answered is the same BA again when it is now seen
    inside a tunnel and was not before (or the reverse), within a second, with the same
    status: an agent on the way tunnels it on, which the hop-by-hop sighting does not see as
    one packet — a MAP the correspondent's BA for the regional care-of address to the on-link
    one (RFC 5380 §6.1), a parent mobile router's home agent a nested mobile router's BA
    (RFC 3963 nested mobile networks, lesson nested-nemo)."""
    time, was_tunnelled, was_status = answered
    return (was_tunnelled != tunnelled and was_status == status
            and 0 <= signal.time - time <= MICROSECONDS)


def sequence_newer(value: int, last: int) -> bool:
    """RFC 6275 §9.5.1: ``value`` is newer iff 1 <= (value - last) mod 2**16 <= 32767."""
    return 1 <= (value - last) % 65536 <= 32767


class UpdateNames:
    """What the replayers of :mod:`mipviz.capture.bindings` share: the roles, the book, and
    the names an update's sender and identity are shown by."""

    roles: Roles
    book: StateBook

    def _sender_name(self, pending: PendingUpdate) -> str | None:
        if isinstance(pending.identity, bytes) and "P" not in pending.flags:
            return self.roles.name_of(pending.identity) or self.roles.name_of(
                pending.sender_address)
        return self.roles.name_of(pending.sender_address)

    def _identity_text(self, pending: PendingUpdate) -> str:
        if isinstance(pending.identity, str):
            kind, _, value = pending.identity.partition(":")
            name = self.roles.by_identifier.get(pending.identity)
            described = (_NAI if kind == "nai" else _PREFIX)(value=value)
            return _NAMED(name=name, described=described) if name else described
        return address_text(pending.identity)



def unacknowledged(pending: PendingUpdate) -> str:
    """The problem of an update the capture never shows acknowledged (RFC 6275 §9.5.4,
    §10.3.1, §10.3.2)."""
    if "P" in pending.flags:
        return _UNACKNOWLEDGED["proxy"]
    if "H" in pending.flags and pending.deregistration:
        return _UNACKNOWLEDGED["deregistration"]
    if "H" in pending.flags:
        return _UNACKNOWLEDGED["home"]
    if pending.fast:
        return _UNACKNOWLEDGED["fast"]
    return _UNACKNOWLEDGED["asked"]

