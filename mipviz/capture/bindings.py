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
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook, node_label

MICROSECONDS = 1_000_000
MATCH_WINDOW = 64  # an acknowledgement answers one of the last updates of its stream
# A stream keeps at most this many updates: only its last MATCH_WINDOW can still be answered,
# and only its last can be found never answered (finish), so older ones are let go (a long
# capture of one mobile node refreshing its binding would otherwise keep every update).
KEPT_UPDATES = 4 * MATCH_WINDOW
EXPIRY_COMPACTION = 4096  # fewest pending expiries worth sweeping for stale ones
MAX_DELETE_BCE_TIMEOUT = 10  # seconds, RFC 6275 12: a deregistered entry kept (invalid)


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

    @property
    def deregistration(self) -> bool:
        return self.lifetime == 0 or self.care_of_address == self.home_address


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
        pending = PendingUpdate(
            signal.ordinal, signal.time, fields["sequence"], identity, home, care_of,
            signal.wire_source, signal.wire_destination, flags, fields["lifetime_seconds"],
            prefixes, fast, inferred_proxy=inferred)
        stream = self.streams.get((identity, signal.wire_destination))
        if stream is None:
            stream = self.streams[(identity, signal.wire_destination)] = []
        pending.position = len(stream)
        pending.serial = self.dropped.get((identity, signal.wire_destination), 0) + len(stream)
        if stream and not sequence_newer(pending.sequence, stream[-1].sequence):
            rule = "RFC 5213 5.3.1" if proxy else "RFC 6275 9.5.1"
            self.book.problem(signal.ordinal,
                              f"{rule}: Binding Update sequence number {pending.sequence} not "
                              f"increased (the previous one to this peer was "
                              f"{stream[-1].sequence}, step {stream[-1].ordinal})")
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
                         " (no acknowledgement requested)")

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
        self.book.problem(signal.ordinal, (
            f"RFC 5213 8.1: Binding Update from the MAG {name} carries a Mobile Node Identifier "
            "option but not the P flag (Proxy Registration Flag): taken as a Proxy Binding "
            "Update, as pre-RFC PMIPv6 sent it"))
        return True

    def _sender_list(self, signal: Signal, pending: PendingUpdate) -> None:
        """The update enters the sender's Binding Update List (RFC 6275 §11.1)."""
        book = self.book
        sender = self._sender_name(pending)
        receiver = node_label(self.roles, pending.receiver_address)
        home_registration = "H" in pending.flags or "P" in pending.flags
        if pending.deregistration:
            state = "deregistering" if home_registration else "deleting"
            what = ("deregistration (lifetime 0)" if pending.lifetime == 0
                    else "deregistration (care-of address = home address)")
        else:
            state = "registering" if home_registration else "binding"
            if home_registration and self._refreshes(sender, pending):
                state = "refreshing"  # the same care-of address again (RFC 6275 11.7.1)
            what = ("proxy registration" if "P" in pending.flags
                    else "home registration" if "H" in pending.flags
                    else "local (MAP) registration" if "M" in pending.flags
                    else "fast handover" if pending.fast else "correspondent registration")
        who = self._identity_text(pending)
        book.event(signal.ordinal, sender or address_text(pending.sender_address), "send",
                   f"{what}: BU seq {pending.sequence} to {receiver}, {who} -> "
                   f"{address_text(pending.care_of_address)}, lifetime {pending.lifetime} s")
        if sender is None:
            return
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

    def acknowledge(self, signal: Signal, message: MobilityMessage) -> None:
        fields = message.fields
        if "sequence" not in fields:
            return
        pending = self._match(signal, fields["sequence"], fields["status"])
        receiver = node_label(self.roles, signal.destination)
        names = FBACK_STATUS_NAMES if message.mh_type == 9 else BA_STATUS_NAMES
        status = fields["status"]
        status_text = f"status {status} ({names.get(status, 'unassigned')})"
        if pending is None:
            self.book.event(signal.ordinal, receiver, "note",
                            f"{message.name} {status_text} seq {fields['sequence']} matches no "
                            "Binding Update in the capture")
            return
        self._check_pair(signal, message, pending)
        sender = self._sender_name(pending)
        binder = node_label(self.roles, pending.receiver_address)
        if status >= 128:
            self.book.event(signal.ordinal, binder, "drop", f"rejected BU seq "
                            f"{pending.sequence}: {status_text}")
            if status == 135:
                text = (f"{status_text}: resynchronise to the last accepted sequence number "
                        f"{fields['sequence']}")
                state = "registering"
            else:
                text, state = status_text, ("failed" if "H" in pending.flags else "refused")
            self.book.event(signal.ordinal, sender, "note", f"BA from {binder}: {text}")
            if sender is not None:
                self.book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                            {"state": state}, signal.ordinal)
            return
        granted = fields["lifetime_seconds"]
        self._accept(signal.ordinal, signal.time, pending, granted, "")
        if sender is None:
            return
        if pending.deregistration:
            self.book.remove_list_entry(sender, pending.receiver_address, pending.identity,
                                        signal.ordinal)
            self.book.event(signal.ordinal, sender, "cache",
                            f"BA from {binder}: deregistration accepted, binding update list "
                            "entry removed")
            return
        state = "registered" if ("H" in pending.flags or "P" in pending.flags) else "bound"
        # RFC 6275 11.7.3: the list entry's lifetime counts from when the BU was sent, not
        # from the BA (the time between them is taken off the granted lifetime)
        expires = pending.time + granted * MICROSECONDS
        self.book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                    {"state": state, "lifetime": granted, "expires": expires},
                                    signal.ordinal)
        self.book.event(signal.ordinal, sender, "cache",
                        f"BA from {binder}: {status_text}, binding valid for {granted} s")
        self._expire_later(expires, sender, "list", (pending.receiver_address,
                                                     pending.identity))
        if "R" in pending.flags and "R" not in message.flags and message.mh_type == 6:
            self.book.event(signal.ordinal, sender, "note",
                            "accepted without the R flag: this home agent does not support "
                            "mobile routers (RFC 3963), so no prefix is forwarded")

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
            had = ("lacked it too: a proxy registration told by its Mobile Node Identifier"
                   if pending.inferred_proxy else "had it")
            problem(ordinal, "RFC 5213 8.2: Proxy Binding Acknowledgement without the P flag "
                             f"(the Proxy Binding Update at step {pending.ordinal} {had})")
        if "R" in flags and "R" not in pending.flags:
            problem(ordinal, "RFC 3963 4.2: R flag in a Binding Acknowledgement to a Binding "
                             "Update without it")
        if ("K" in flags and not {"H", "P", "M"} & set(pending.flags)
                and message.fields["status"] < 128):
            problem(ordinal, "RFC 6275 6.1.8: K flag in a correspondent's Binding "
                             "Acknowledgement (correspondents always clear it)")
        granted = message.fields["lifetime_seconds"]
        if message.fields["status"] < 128 and granted > pending.lifetime:
            problem(ordinal, f"RFC 6275 6.1.8: granted lifetime {granted} s exceeds the "
                             f"{pending.lifetime} s requested at step {pending.ordinal}")
        home = pending.home_address
        if (home is not None and signal.wire_destination != home
                and signal.routing_header is None and "P" not in pending.flags):
            problem(ordinal, "RFC 6275 6.1.8: Binding Acknowledgement to a care-of address "
                             "without a Type 2 Routing Header carrying the home address")

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
            self.book.event(ordinal, label, "cache", f"binding cache delete {who}"
                            + ("" if existed else " (no entry was shown)") + note)
            if binder is not None:
                for prefix in pending.prefixes:
                    self.book.remove_route(binder, prefix, ordinal)
            return
        care_of = address_text(pending.care_of_address)
        verb = "update" if binder is not None and self.book.has_cache_entry(binder, key) else "add"
        self.book.event(ordinal, label, "cache",
                        f"binding cache {verb} {who} -> {care_of}, lifetime {granted} s{note}")
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
            self.book.set_route(binder, prefix, f"tunnel to {care_of}", ordinal)
            self.book.event(ordinal, label, "cache", f"route {prefix} via tunnel to {care_of}")
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
        self.book.event(ordinal, label, "cache",
                        f"binding cache delete {who}: entry invalid, freed after "
                        f"MAX_DELETE_BCE_TIMEOUT ({MAX_DELETE_BCE_TIMEOUT} s, RFC 6275 "
                        f"10.3.2){note}")
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
            described = f"{'NAI' if kind == 'nai' else 'prefix'} {value}"
            return f"{name} ({described})" if name else described
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
            found.append(f"RFC 5213 8.6: link-layer address in a Mobility Header Link-Layer "
                         f"Address option (type 7, option-code {code}, RFC 5568 6.4.3) where "
                         "RFC 5213 has the Mobile Node Link-layer Identifier option (type 25): "
                         "a pre-RFC PMIPv6 encoding")
        elif kind in _RFC4285_LENGTHS:
            least, most, rule = _RFC4285_LENGTHS[kind]
            if length < least or (most is not None and length > most):
                want = f"{least}" if least == most else f"at least {least}"
                found.append(f"{rule}: option type {kind} of length {length} in a Proxy "
                             f"Binding Update, must be {want} (a pre-RFC number or length?)")
        elif kind not in _PBU_OPTIONS:
            found.append(f"RFC 5213 8.1: option type {kind} (length {length}) is not an option "
                         "of a Proxy Binding Update (a pre-RFC number?)")
    return found


def _unacknowledged(pending: PendingUpdate) -> str:
    if "P" in pending.flags:
        return ("RFC 5213 5.3.1: the capture shows no Proxy Binding Acknowledgement for this "
                "Proxy Binding Update")
    if "H" in pending.flags and pending.deregistration:
        return ("RFC 6275 10.3.2: the capture shows no Binding Acknowledgement for this "
                "deregistration (the home agent must answer it)")
    if "H" in pending.flags:
        return ("RFC 6275 10.3.1: the capture shows no Binding Acknowledgement for this home "
                "registration (the home agent must answer it)")
    if pending.fast:
        return ("RFC 5568 6.3.1: the capture shows no Fast Binding Acknowledgment for this "
                "Fast Binding Update")
    return ("RFC 6275 9.5.4: the capture shows no Binding Acknowledgement although the A flag "
            "asks for one")
