"""Rebuild the binding caches and binding update lists the captured nodes must have held.

The capture shows messages, not state; the state follows from the rules:

* a Binding Update (RFC 6275 §6.1.7) enters the sender's Binding Update List (§11.1) at once,
  waiting for its acknowledgement when the A flag is set;
* the receiver's Binding Cache (§9.1, §10.1) changes when it *accepts* the update, which a
  Binding Acknowledgement with status < 128 shows (§6.1.8); a BU without the A flag to a
  correspondent is taken as accepted when it is seen (§9.5.1);
* lifetime 0, or a care-of address equal to the home address, deletes (§9.5.3, §10.3.2);
* entries expire when their lifetime runs out (§9.5.2), shown at the first packet after;
* NEMO: a mobile router's accepted prefixes become routes through its tunnel (RFC 3963 §6.2);
* PMIPv6: the LMA's cache is keyed by the mobile node's identifier and its home network
  prefixes point at the MAG's proxy care-of address (RFC 5213 §5.3); HMIPv6: the MAP binds the
  regional care-of address to the on-link one (RFC 5380); FMIPv6: the previous access router
  binds the previous care-of address to the new one (RFC 5568 §5.1).

Acknowledgements are matched to updates by sequence number and addresses, not by scapy's
``answers()`` (CONVENTIONS.md: it tests the wrong bit). Departures found on the way become
problems that name the rule: a sequence number that does not increase (§9.5.1), a Proxy BA
without P (RFC 5213 §8.2), an R flag that appears from nowhere (RFC 3963), an update the
capture never shows acknowledged (§10.3.1, §10.3.2, §9.5.4).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import Any

from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.mobility_options import HOME_NETWORK_PREFIX, MOBILE_NETWORK_PREFIX
from mipviz.capture.names import BA_STATUS_NAMES, FBACK_STATUS_NAMES
from mipviz.capture.roles import Roles, address_text
from mipviz.capture.says import say
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook, node_label
from mipviz.i18n import msg

_NOT_INCREASED = say("capture.bu.not_increased")
_MAG_WITHOUT_P = say("capture.bu.mag_without_p")
_NO_ACK_REQUESTED = say("capture.cache.no_ack")()
_WHAT = {name: say(f"capture.bu.what.{name}")() for name in (
    "deregistration_zero", "deregistration_home", "proxy", "home", "local", "fast",
    "correspondent")}
_BU_SENT = say("capture.bu.sent")
_STATUS = say("capture.status")
_UNASSIGNED = say("capture.unassigned")()
_BA_UNMATCHED = say("capture.ba.unmatched")
_REJECTED = say("capture.bu.rejected")
_RESYNCHRONISE = say("capture.ba.resynchronise")
_BA_FROM = say("capture.ba.from")
_DEREGISTERED = say("capture.ba.deregistered")
_VALID = say("capture.ba.valid")
_WITHOUT_R = say("capture.ba.without_r")()
_PBA_WITHOUT_P = say("capture.pba.without_p")
_HAD_IT = say("capture.pba.had_it")()
_LACKED_IT = say("capture.pba.lacked_it")()
_R_FLAG = say("capture.ba.r_flag")()
_K_FLAG = say("capture.ba.k_flag")()
_LIFETIME_EXCEEDS = say("capture.ba.lifetime_exceeds")
_NO_RH2 = say("capture.ba.no_rh2")()
_DELETE = say("capture.cache.delete")
_DELETE_INVALID = say("capture.cache.delete_invalid")
_NOT_SHOWN = say("capture.cache.not_shown")()
_ADD = say("capture.cache.add")
_UPDATE = say("capture.cache.update")
_ROUTE_VIA = say("capture.route.via")
_ROUTE_SET = say("capture.route.set")
_NAI = say("capture.identity.nai")
_PREFIX = say("capture.identity.prefix")
_NAMED = say("capture.identity.named")
_LINK_LAYER = say("capture.pbu.link_layer")
_OPTION_LENGTH = say("capture.pbu.option_length")
_AT_LEAST = say("capture.pbu.at_least")
_NOT_AN_OPTION = say("capture.pbu.not_an_option")
_UNACKNOWLEDGED = {name: say(f"capture.unacknowledged.{name}")() for name in (
    "proxy", "deregistration", "home", "fast", "asked")}

MICROSECONDS = 1_000_000
MATCH_WINDOW = 64  # an acknowledgement answers one of the last updates of its stream
# A stream keeps at most this many updates: only its last MATCH_WINDOW can still be answered,
# and only its last can be found never answered (finish), so older ones are let go (a long
# capture of one mobile node refreshing its binding would otherwise keep every update).
KEPT_UPDATES = 4 * MATCH_WINDOW
EXPIRY_COMPACTION = 4096  # fewest pending expiries worth sweeping for stale ones
MAX_DELETE_BCE_TIMEOUT = 10  # seconds, RFC 6275 12: a deregistered entry kept (invalid)
MAXIMUM_PROTECTED_HOMES = 65_536  # MN-HA pairs remembered as ESP-protected (bounded)


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

    @property
    def deregistration(self) -> bool:
        return self.lifetime == 0 or self.care_of_address == self.home_address


def _same_update_decapsulated(last: PendingUpdate, update: PendingUpdate) -> bool:
    """``update`` is ``last`` again, tunnelled on one hop and not on the next: an HMIPv6 mobile
    node tunnels its home registration to its MAP, which decapsulates and forwards it (RFC 5380
    §6.1). A retransmission would carry a new sequence number (RFC 6275 §11.8)."""
    return (last.sequence == update.sequence and last.lifetime == update.lifetime
            and last.care_of_address == update.care_of_address
            and last.flags == update.flags and last.tunnelled != update.tunnelled
            and 0 <= update.time - last.time <= MICROSECONDS)


def sequence_newer(value: int, last: int) -> bool:
    """RFC 6275 §9.5.1: ``value`` is newer iff 1 <= (value - last) mod 2**16 <= 32767."""
    return 1 <= (value - last) % 65536 <= 32767


class BindingReplay:
    """Replays Binding Updates and Acknowledgements into a :class:`StateBook`."""

    def __init__(self, roles: Roles, book: StateBook) -> None:
        self.roles = roles
        self.book = book
        self.streams: dict[tuple[bytes | str, bytes], list[PendingUpdate]] = {}
        self.settled: dict[tuple[bytes | str, bytes], int] = {}  # stream -> first unsettled
        self.dropped: dict[tuple[bytes | str, bytes], int] = {}  # stream -> updates let go
        # (receiver, sequence number) -> the kept updates with it, oldest first: what _match
        # looks for, found without walking every stream to the receiver (a home agent with N
        # mobile nodes has N streams: walking them made each BA cost O(N x MATCH_WINDOW))
        self.by_sequence: dict[tuple[bytes, int], list[PendingUpdate]] = {}
        # (receiver, one of the update's addresses) -> the kept updates with it, oldest first:
        # what a BA with status 135 (any sequence number) looks for
        self.by_address: dict[tuple[bytes, bytes], list[PendingUpdate]] = {}
        self.expiries: list[tuple[int, int, str, str, object]] = []
        # (home address, home agent) -> the SPI its home registrations were opened under
        self.protected_homes: dict[tuple[bytes, bytes], int] = {}
        self._counter = 0
        self._sweep_at = EXPIRY_COMPACTION

    # -- updates --------------------------------------------------------------------------------

    def update(self, signal: Signal, message: MobilityMessage) -> None:
        fields = message.fields
        if "sequence" not in fields:
            return
        flags = message.flags
        fast = message.mh_type == 8
        proxy = "P" in flags
        inferred = not proxy and not fast and self._proxy_without_p(signal, message)
        if inferred:  # told as what it is: the departures are problems of their own
            proxy, flags = True, (*flags, "P")
            for departure in pre_rfc_options(message):
                self.book.problem(signal.ordinal, departure)
        if proxy:
            identifier = message.mobile_node_identifier()
            hnps = message.prefixes(HOME_NETWORK_PREFIX)
            identity: bytes | str = (f"nai:{identifier}" if identifier
                                     else f"hnp:{hnps[0]}" if hnps else signal.wire_source)
            home: bytes | None = None
            care_of = signal.wire_source
            prefixes = tuple(hnps)
        else:
            home = signal.source
            identity = home
            care_of = message.alternate_care_of_address() or signal.wire_source
            prefixes = tuple(message.prefixes(MOBILE_NETWORK_PREFIX)) if "R" in flags else ()
        if "H" in flags and not proxy and not fast and self._unprotected(signal, message):
            return
        pending = PendingUpdate(
            signal.ordinal, signal.time, fields["sequence"], identity, home, care_of,
            signal.wire_source, signal.wire_destination, flags, fields["lifetime_seconds"],
            prefixes, fast, inferred_proxy=inferred)
        pending.tunnelled = signal.outer is not None
        stream = self.streams.get((identity, signal.wire_destination))
        if stream and _same_update_decapsulated(stream[-1], pending):
            return  # the same BU one hop on, out of the MN–MAP tunnel (RFC 5380 §6.1)
        if stream is None:
            stream = self.streams[(identity, signal.wire_destination)] = []
        pending.position = len(stream)
        pending.serial = self.dropped.get((identity, signal.wire_destination), 0) + len(stream)
        if stream and not sequence_newer(pending.sequence, stream[-1].sequence):
            rule = "RFC 5213 5.3.1" if proxy else "RFC 6275 9.5.1"
            self.book.problem(signal.ordinal, _NOT_INCREASED(
                rule=rule, sequence=pending.sequence, previous=stream[-1].sequence,
                step=stream[-1].ordinal))
        stream.append(pending)
        for index, entry in self._indices(pending):
            same = index.get(entry)
            if same is None:
                index[entry] = [pending]
            else:
                same.append(pending)
        if len(stream) > KEPT_UPDATES:
            key = (identity, signal.wire_destination)
            self.dropped[key] = self.dropped.get(key, 0) + len(stream) - MATCH_WINDOW
            for gone in stream[: len(stream) - MATCH_WINDOW]:
                for index, entry in self._indices(gone):
                    same = index[entry]
                    del same[next(at for at, kept in enumerate(same) if kept is gone)]
                    if not same:
                        del index[entry]
            del stream[: len(stream) - MATCH_WINDOW]
        self._sender_list(signal, pending)
        if "A" not in flags and not proxy and not fast:
            self._accept(signal.ordinal, signal.time, pending, pending.lifetime,
                         _NO_ACK_REQUESTED)

    def _indices(self, pending: PendingUpdate) -> Iterator[tuple[dict[Any, list[PendingUpdate]],
                                                                   tuple[bytes, Any]]]:
        """The index entries an update is kept under (see ``by_sequence``, ``by_address``)."""
        receiver = pending.receiver_address
        yield self.by_sequence, (receiver, pending.sequence)
        addresses = {pending.care_of_address, pending.sender_address}
        if pending.home_address is not None:
            addresses.add(pending.home_address)
        for address in addresses:
            yield self.by_address, (receiver, address)

    def _proxy_without_p(self, signal: Signal, message: MobilityMessage) -> bool:
        """RFC 5213 6.9.1.5, 8.1: a Binding Update from a node inferred to be a mobile
        access gateway, naming a mobile node by its identifier (RFC 4283), is a proxy
        registration whatever its P flag says (pre-RFC PMIPv6 implementations left it
        clear); the missing flag is flagged."""
        if message.mobile_node_identifier() is None:
            return False
        name = self.roles.name_of(signal.wire_source)
        node = self.roles.nodes.get(name) if name is not None else None
        if node is None or "mobile-access-gateway" not in (node.role, *node.roles):
            return False
        self.book.problem(signal.ordinal, _MAG_WITHOUT_P(name=name))
        return True

    def _sender_list(self, signal: Signal, pending: PendingUpdate) -> None:
        """The update enters the sender's Binding Update List (RFC 6275 §11.1)."""
        book = self.book
        sender = self._sender_name(pending)
        receiver = node_label(self.roles, pending.receiver_address)
        home_registration = "H" in pending.flags or "P" in pending.flags
        if pending.deregistration:
            state = "deregistering" if home_registration else "deleting"
            what = _WHAT["deregistration_zero" if pending.lifetime == 0
                         else "deregistration_home"]
        else:
            state = "registering" if home_registration else "binding"
            if home_registration and self._refreshes(sender, pending):
                state = "refreshing"  # the same care-of address again (RFC 6275 11.7.1)
            what = _WHAT["proxy" if "P" in pending.flags
                         else "home" if "H" in pending.flags
                         else "local" if "M" in pending.flags
                         else "fast" if pending.fast else "correspondent"]
        who = self._identity_text(pending)
        book.event(signal.ordinal, sender or address_text(pending.sender_address), "send",
                   _BU_SENT(what=what, sequence=pending.sequence, receiver=receiver, who=who,
                            care_of=address_text(pending.care_of_address),
                            lifetime=pending.lifetime))
        if sender is None:
            return
        if home_registration:
            self._drop_abandoned(sender, pending, signal.ordinal)
        # a binding the sender holds still runs until the new one is acknowledged
        held = book.lists.get(sender, {}).get((pending.receiver_address, pending.identity))
        book.set_list_entry(sender, pending.receiver_address, pending.identity, {
            "peer": receiver, "peer_address": pending.receiver_address,
            "home_address": pending.home_address or pending.care_of_address,
            "care_of_address": pending.care_of_address, "lifetime": pending.lifetime,
            "expires": held["expires"] if held is not None else 0,
            "sequence": pending.sequence, "state": state,
            "home_registration": home_registration,
        }, signal.ordinal)

    def _drop_abandoned(self, sender: str, pending: PendingUpdate, ordinal: int) -> None:
        """A home registration for the same home address sent to another home agent ends
        the sender's entries there that hold no binding (never acknowledged, or run out:
        RFC 6275 11.1): the node gave up on that home agent (11.8, 11.4.1). An entry that
        still holds a binding runs on until its lifetime ends."""
        for (peer, identity), entry in list(self.book.lists.get(sender, {}).items()):
            if (identity == pending.identity and peer != pending.receiver_address
                    and entry["home_registration"] and entry["expires"] == 0
                    and entry["state"] in ("registering", "refreshing")):
                self.book.remove_list_entry(sender, peer, identity, ordinal)
                self.book.event(ordinal, sender, "cache", msg(
                    "capture.lifetimes.list_entry_given_up",
                    peer=f"{entry['peer']} ({address_text(peer)})",
                    home_agent=address_text(pending.receiver_address)))

    def _refreshes(self, sender: str | None, pending: PendingUpdate) -> bool:
        """A home registration that renews the binding the sender holds: its list entry is
        registered (or already refreshing) for the same care-of address."""
        if sender is None:
            return False
        entry = self.book.lists.get(sender, {}).get((pending.receiver_address,
                                                     pending.identity))
        return (entry is not None and entry["state"] in ("registered", "refreshing")
                and entry["care_of_address"] == pending.care_of_address)

    # -- acknowledgements ---------------------------------------------------------------------

    def _unprotected(self, signal: Signal, message: MobilityMessage) -> bool:
        """A home registration sent in the clear where this home address's registrations
        with this home agent were seen inside ESP (opened with ``--esp-sa``): the home agent
        discards it (RFC 6275 §5.1, §10.3.1; RFC 3776 §4), so it is not replayed."""
        key = (signal.source, signal.wire_destination)
        spi = message.fields.get("esp_spi")
        if spi is not None:
            if len(self.protected_homes) < MAXIMUM_PROTECTED_HOMES:
                self.protected_homes[key] = spi
            return False
        known = self.protected_homes.get(key)
        if known is None:
            return False
        self.book.event(signal.ordinal, node_label(self.roles, signal.wire_destination),
                        "drop", msg("esp_replay.unprotected",
                                    sequence=message.fields["sequence"],
                                    home_address=address_text(signal.source),
                                    spi=f"0x{known:08x}"))
        return True

    def acknowledge(self, signal: Signal, message: MobilityMessage) -> None:
        fields = message.fields
        if "sequence" not in fields:
            return
        pending = self._match(signal, fields["sequence"], fields["status"])
        receiver = node_label(self.roles, signal.destination)
        names = FBACK_STATUS_NAMES if message.mh_type == 9 else BA_STATUS_NAMES
        status = fields["status"]
        status_text = _STATUS(status=status, name=names.get(status, _UNASSIGNED))
        if pending is None:
            self.book.event(signal.ordinal, receiver, "note", _BA_UNMATCHED(
                name=message.name, status=status_text, sequence=fields["sequence"]))
            return
        self._check_pair(signal, message, pending)
        sender = self._sender_name(pending)
        binder = node_label(self.roles, pending.receiver_address)
        if status >= 128:
            self.book.event(signal.ordinal, binder, "drop",
                            _REJECTED(sequence=pending.sequence, status=status_text))
            if status == 135:
                text = _RESYNCHRONISE(status=status_text, sequence=fields["sequence"])
                state = "registering"
            else:
                text, state = status_text, ("failed" if "H" in pending.flags else "refused")
            self.book.event(signal.ordinal, sender, "note", _BA_FROM(binder=binder, text=text))
            if sender is not None:
                self.book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                            {"state": state}, signal.ordinal)
            return
        granted = fields["lifetime_seconds"]
        if "P" in pending.flags:
            # RFC 5213 §5.3.6: the PBA carries the prefix the LMA assigned, which the PBU may
            # have asked for with ALL_ZERO (§6.9.1.1 (3)).
            assigned = tuple(p for p in message.prefixes(HOME_NETWORK_PREFIX) if p != "::/0")
            if assigned:
                pending.prefixes = assigned
        self._accept(signal.ordinal, signal.time, pending, granted, "")
        if sender is None:
            return
        if pending.deregistration:
            self.book.remove_list_entry(sender, pending.receiver_address, pending.identity,
                                        signal.ordinal)
            self.book.event(signal.ordinal, sender, "cache", _DEREGISTERED(binder=binder))
            return
        state = "registered" if ("H" in pending.flags or "P" in pending.flags) else "bound"
        # RFC 6275 11.7.3: the list entry's lifetime counts from when the BU was sent, not
        # from the BA (the time between them is taken off the granted lifetime)
        expires = pending.time + granted * MICROSECONDS
        self.book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                    {"state": state, "lifetime": granted, "expires": expires},
                                    signal.ordinal)
        self.book.event(signal.ordinal, sender, "cache",
                        _VALID(binder=binder, status=status_text, granted=granted))
        self._expire_later(expires, sender, "list", (pending.receiver_address,
                                                     pending.identity))
        if "R" in pending.flags and "R" not in message.flags and message.mh_type == 6:
            self.book.event(signal.ordinal, sender, "note", _WITHOUT_R)

    def _match(self, signal: Signal, sequence: int, status: int) -> PendingUpdate | None:
        """The BU this BA answers: sent to the BA's source, from the BA's destination; the
        latest such among the last MATCH_WINDOW updates of each stream to that source, with
        the BA's sequence number (any, for status 135: the BA then tells the number to
        resynchronise to, RFC 6275 9.5.1)."""
        wanted = {signal.wire_destination, signal.destination}
        best: PendingUpdate | None = None
        # the indices keep updates in the order of their steps: the first found is the latest
        streams, let_go = self.streams, self.dropped
        if status == 135:
            candidates = [self.by_address.get((signal.wire_source, address), ())
                          for address in wanted]
        else:
            candidates = [self.by_sequence.get((signal.wire_source, sequence), ())]
        for updates in candidates:
            for pending in reversed(updates):
                key = (pending.identity, pending.receiver_address)
                if pending.serial < let_go.get(key, 0) + len(streams[key]) - MATCH_WINDOW:
                    continue  # no longer among the stream's last MATCH_WINDOW updates
                if (pending.care_of_address in wanted or pending.sender_address in wanted
                        or pending.home_address in wanted):
                    if best is None or pending.ordinal > best.ordinal:
                        best = pending
                    break
        if best is not None:
            best.matched = True
            key = (best.identity, best.receiver_address)
            stream = self.streams[key]
            dropped = self.dropped.get(key, 0)  # positions count from the stream's first update
            # Updates before the one answered, not answered themselves, were retransmissions
            # or refreshes that this one superseded; each is visited once over the replay.
            for position in range(max(self.settled.get(key, 0), dropped), best.position):
                if not stream[position - dropped].matched:
                    stream[position - dropped].superseded = True
            self.settled[key] = max(self.settled.get(key, 0), best.position + 1)
        return best

    def _check_pair(self, signal: Signal, message: MobilityMessage,
                    pending: PendingUpdate) -> None:
        problem, ordinal = self.book.problem, signal.ordinal
        flags = message.flags
        if message.mh_type != 6:
            return
        if "P" in pending.flags and "P" not in flags:
            had = _LACKED_IT if pending.inferred_proxy else _HAD_IT
            problem(ordinal, _PBA_WITHOUT_P(step=pending.ordinal, had=had))
        if "R" in flags and "R" not in pending.flags:
            problem(ordinal, _R_FLAG)
        if ("K" in flags and not {"H", "P", "M"} & set(pending.flags)
                and message.fields["status"] < 128):
            problem(ordinal, _K_FLAG)
        granted = message.fields["lifetime_seconds"]
        if message.fields["status"] < 128 and granted > pending.lifetime:
            problem(ordinal, _LIFETIME_EXCEEDS(granted=granted, requested=pending.lifetime,
                                               step=pending.ordinal))
        home = pending.home_address
        if (home is not None and signal.wire_destination != home
                and signal.routing_header is None and "P" not in pending.flags):
            problem(ordinal, _NO_RH2)

    # -- binding cache --------------------------------------------------------------------------

    def _accept(self, ordinal: int, time: int, pending: PendingUpdate, granted: int,
                note: str) -> None:
        binder = self.roles.name_of(pending.receiver_address)
        who = self._identity_text(pending)
        label = binder or address_text(pending.receiver_address)
        key = pending.identity
        if (pending.deregistration and "H" in pending.flags and binder is not None
                and self.book.has_cache_entry(binder, key)):
            self._mark_deleting(ordinal, time, binder, label, pending, who, note)
            return
        if pending.deregistration or granted == 0:
            existed = binder is not None and self.book.remove_cache_entry(binder, key, ordinal)
            self.book.event(ordinal, label, "cache", _DELETE(
                who=who, shown="" if existed else _NOT_SHOWN, note=note))
            if binder is not None:
                for prefix in pending.prefixes:
                    self.book.remove_route(binder, prefix, ordinal)
            return
        care_of = address_text(pending.care_of_address)
        verb = (_UPDATE if binder is not None and self.book.has_cache_entry(binder, key)
                else _ADD)
        self.book.event(ordinal, label, "cache",
                        verb(who=who, care_of=care_of, granted=granted, note=note))
        if binder is None:
            return
        expires = time + granted * MICROSECONDS
        home = pending.home_address
        if home is None and pending.prefixes:
            home = IPv6Address(pending.prefixes[0].split("/")[0]).packed
        self.book.set_cache_entry(binder, key, {
            "home_address": home or pending.care_of_address,
            "care_of_address": pending.care_of_address, "lifetime": granted,
            "expires": expires, "sequence": pending.sequence,
            "home_registration": "H" in pending.flags or "P" in pending.flags,
            "mobile_router": "R" in pending.flags, "prefixes": pending.prefixes,
        }, ordinal)
        for prefix in pending.prefixes:
            self.book.set_route(binder, prefix, _ROUTE_VIA(care_of=care_of), ordinal)
            self.book.event(ordinal, label, "cache", _ROUTE_SET(prefix=prefix, care_of=care_of))
        self._expire_later(expires, binder, "cache", key)

    def _mark_deleting(self, ordinal: int, time: int, binder: str, label: str,
                       pending: PendingUpdate, who: str, note: str) -> None:
        """RFC 6275 10.3.2: a home agent that accepts a deregistration marks the entry
        invalid (no more interception, its prefix routes gone) and frees it only after
        MAX_DELETE_BCE_TIMEOUT, so that a late tunnelled packet cannot recreate state."""
        key = pending.identity
        self.book.change_cache_entry(binder, key, {
            "state": "deleting", "lifetime": 0, "sequence": pending.sequence}, ordinal)
        for prefix in pending.prefixes or self.book.caches[binder][key]["prefixes"]:
            self.book.remove_route(binder, prefix, ordinal)
        freed = time + MAX_DELETE_BCE_TIMEOUT * MICROSECONDS
        self.book.caches[binder][key]["freed"] = freed
        self.book.event(ordinal, label, "cache", _DELETE_INVALID(
            who=who, seconds=MAX_DELETE_BCE_TIMEOUT, note=note))
        self._expire_later(freed, binder, "freed", key)

    # -- expiry and the end of the capture ------------------------------------------------------

    def _expire_later(self, expires: int, node: str, kind: str, key: object) -> None:
        self._counter += 1
        heapq.heappush(self.expiries, (expires, self._counter, node, kind, key))
        if len(self.expiries) >= self._sweep_at:
            self._sweep_expiries()

    def _sweep_expiries(self) -> None:
        """Forget the expiries of entries renewed or removed since they were planned: the book
        would ignore them (:meth:`StateBook.expire`), and a binding refreshed for hours would
        otherwise leave one behind per refresh. Their order, by time then by when they were
        planned, is unchanged."""
        expiry_of = self.book.expiry_of
        self.expiries = [item for item in self.expiries
                         if expiry_of(item[2], item[3], item[4]) == item[0]]
        heapq.heapify(self.expiries)
        self._sweep_at = max(EXPIRY_COMPACTION, 2 * len(self.expiries))

    def expire_until(self, time: int, ordinal: int) -> None:
        """Remove entries whose lifetime ran out by ``time``, noting it at step ``ordinal``."""
        while self.expiries and self.expiries[0][0] <= time:
            expires, _, node, kind, key = heapq.heappop(self.expiries)
            self.book.expire(node, kind, key, expires, ordinal)

    def next_expiry(self) -> int | None:
        return self.expiries[0][0] if self.expiries else None

    def finish(self) -> None:
        """Flag updates the capture never shows acknowledged (RFC 6275 §9.5.4, §10.3)."""
        for stream in self.streams.values():
            for pending in stream:
                if pending.matched or pending.superseded or "A" not in pending.flags:
                    continue
                if pending is not stream[-1]:
                    continue  # a later retransmission or refresh took over
                self.book.problem(pending.ordinal, _unacknowledged(pending))

    # -- names ----------------------------------------------------------------------------------

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


# RFC 5213 8.1: the options a Proxy Binding Update carries (with padding, the
# authentication and replay protection options of RFC 4285, RFC 5844's IPv4 options 29-32,
# RFC 5845's GRE key 33 and RFC 5648's Binding Identifier 35).
_PBU_OPTIONS = frozenset({0, 1, 8, 9, 10, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 33, 35})
# RFC 4285 5 and 6: Mobility Message Authentication (subtype, SPI, authenticator) and
# Mobility Message Replay Protection (a 64-bit timestamp).
_RFC4285_LENGTHS = {9: (5, None, "RFC 4285 5"), 10: (8, 8, "RFC 4285 6")}


def pre_rfc_options(message: MobilityMessage) -> list[str]:
    """Departures of a Proxy Binding Update's options from RFC 5213 (and RFC 4285): the
    encodings of pre-RFC PMIPv6 (a Mobility Header Link-Layer Address option where RFC 5213
    has the Mobile Node Link-layer Identifier option, option numbers and lengths of the
    drafts)."""
    found = []
    for option in message.options:
        kind, length = option.type, len(option.value)
        if kind == 7:  # RFC 5568 6.4.3
            code = option.value[0] if option.value else None
            found.append(_LINK_LAYER(code=code))
        elif kind in _RFC4285_LENGTHS:
            least, most, rule = _RFC4285_LENGTHS[kind]
            if length < least or (most is not None and length > most):
                want = f"{least}" if least == most else _AT_LEAST(least=least)
                found.append(_OPTION_LENGTH(rule=rule, kind=kind, length=length, want=want))
        elif kind not in _PBU_OPTIONS:
            found.append(_NOT_AN_OPTION(kind=kind, length=length))
    return found


def _unacknowledged(pending: PendingUpdate) -> str:
    if "P" in pending.flags:
        return _UNACKNOWLEDGED["proxy"]
    if "H" in pending.flags and pending.deregistration:
        return _UNACKNOWLEDGED["deregistration"]
    if "H" in pending.flags:
        return _UNACKNOWLEDGED["home"]
    if pending.fast:
        return _UNACKNOWLEDGED["fast"]
    return _UNACKNOWLEDGED["asked"]
