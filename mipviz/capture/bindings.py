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

The two ends are modules of their own: :mod:`mipviz.capture.binding_cache` (the receiver's
cache and the expiries), :mod:`mipviz.capture.update_list` (the sender's list), and
:mod:`mipviz.capture.pending` (the updates in flight); :class:`BindingReplay` matches the
acknowledgements to the updates and drives both (their names are importable from here).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mipviz.capture.binding_cache import (
    EXPIRY_COMPACTION,
    MAX_DELETE_BCE_TIMEOUT,
    BindingCacheReplay,
)
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.mobility_options import HOME_NETWORK_PREFIX, MOBILE_NETWORK_PREFIX
from mipviz.capture.multiple_care_of import binding_identifiers
from mipviz.capture.names import BA_STATUS_NAMES, FBACK_STATUS_NAMES
from mipviz.capture.pending import (
    MICROSECONDS,
    PendingUpdate,
    _same_answer_tunnelled,
    _same_update_decapsulated,
    sequence_newer,
    unacknowledged,
)
from mipviz.capture.roles import Roles, address_text
from mipviz.capture.says import say
from mipviz.capture.senders import Stations, mac_text
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook, node_label
from mipviz.capture.update_list import UpdateListReplay
from mipviz.i18n import msg
from mipviz.i18n.catalogs.replay_bid import MESSAGES as _REPLAY_BID
from mipviz.i18n.said import phrase

__all__ = ["EXPIRY_COMPACTION", "KEPT_UPDATES", "MATCH_WINDOW", "MAXIMUM_PROTECTED_HOMES",
           "MAX_DELETE_BCE_TIMEOUT", "MICROSECONDS", "BindingReplay", "PendingUpdate",
           "pre_rfc_options", "sequence_newer"]

_NOT_INCREASED = say("capture.bu.not_increased")
_MAG_WITHOUT_P = say("capture.bu.mag_without_p")
_NO_ACK_REQUESTED = say("capture.cache.no_ack")()
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
_LINK_LAYER = say("capture.pbu.link_layer")
_OPTION_LENGTH = say("capture.pbu.option_length")
_AT_LEAST = say("capture.pbu.at_least")
_NOT_AN_OPTION = say("capture.pbu.not_an_option")
_ANOTHER_STATION = phrase("capture.replay_bid.another_station", _REPLAY_BID)
_BINDING_LOST = phrase("capture.replay_bid.binding_lost", _REPLAY_BID)

MATCH_WINDOW = 64  # an acknowledgement answers one of the last updates of its stream
# A stream keeps at most this many updates: only its last MATCH_WINDOW can still be answered,
# and only its last can be found never answered (finish), so older ones are let go (a long
# capture of one mobile node refreshing its binding would otherwise keep every update).
KEPT_UPDATES = 4 * MATCH_WINDOW
MAXIMUM_PROTECTED_HOMES = 65_536  # MN-HA pairs remembered as ESP-protected (bounded)



















class BindingReplay(BindingCacheReplay, UpdateListReplay):
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
        self.stations = Stations()
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
        if not proxy and not fast:
            pending.bids = tuple((bid, care_of) for bid, _, care_of
                                 in binding_identifiers(message))
            if home is not None:
                self._tell_station(signal, message, pending)
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

    def _tell_station(self, signal: Signal, message: MobilityMessage,
                      pending: PendingUpdate) -> None:
        """Mark a BU another station sent in the mobile node's name (capture.senders)."""
        assert pending.home_address is not None
        mac = message.link_source
        known = self.stations.another_station(
            pending.home_address, mac, signal.link, pending.care_of_address,
            [care_of for _, care_of in pending.bids if care_of is not None])
        if known is None or mac is None:
            return
        pending.foreign = True
        self.book.event(signal.ordinal, address_text(pending.sender_address), "note",
                        _ANOTHER_STATION(home=address_text(pending.home_address),
                                         mac=mac_text(mac), link=signal.link,
                                         known=mac_text(known)))

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
        tunnelled = signal.outer is not None
        if pending.answered is not None and _same_answer_tunnelled(pending.answered, signal,
                                                                  tunnelled, fields["status"]):
            return  # the same BA one hop on, into or out of a tunnel (a MAP's, a parent MR's)
        pending.answered = (signal.time, tunnelled, fields["status"])
        self._check_pair(signal, message, pending)
        sender = None if pending.foreign else self._sender_name(pending)
        binder = node_label(self.roles, pending.receiver_address)
        if status >= 128:
            self.book.event(signal.ordinal, binder, "drop",
                            _REJECTED(sequence=pending.sequence, status=status_text))
            if status == 135:  # sent again with a newer number (RFC 6275 9.5.1, 11.7.1)
                text = _RESYNCHRONISE(status=status_text, sequence=fields["sequence"])
                state = "registering" if pending.agent_registration else "binding"
            else:
                text, state = status_text, ("failed" if "H" in pending.flags else "refused")
            self.book.event(signal.ordinal, sender or address_text(pending.sender_address),
                            "note", _BA_FROM(binder=binder, text=text))
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
        refused = {bid for bid, bid_status, _ in binding_identifiers(message)
                   if bid_status >= 128}
        self._accept(signal.ordinal, signal.time, pending, granted, "", refused)
        if pending.names_bids_only:
            return  # the sender's list entry holds the home registration (see names_bids_only)
        if sender is not None and "P" in pending.flags:  # the HNP the LMA assigned (§6.1)
            self.book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                        {"home_address": pending.listed_address},
                                        signal.ordinal)
        if sender is None:
            return
        if pending.deregistration:
            self.book.remove_list_entry(sender, pending.receiver_address, pending.identity,
                                        signal.ordinal)
            self.book.event(signal.ordinal, sender, "cache", _DEREGISTERED(binder=binder))
            return
        state = "registered" if pending.agent_registration else "bound"
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

    def binding_error(self, signal: Signal, message: MobilityMessage) -> None:
        """RFC 6275 11.3.6: a Binding Error with status 1 (a packet with a Home Address option
        and no binding, 9.3.1) tells the mobile node its correspondent holds no binding: its
        list entry for it ends (it would run Return Routability again). Only a Binding Error
        sent to the mobile node's own addresses counts (capture.senders: not a forger's)."""
        home = message.fields.get("home_address")
        if message.fields.get("status") != 1 or not isinstance(home, bytes):
            return
        sender = self.roles.name_of(home)
        entry = self.book.lists.get(sender or "", {}).get((signal.wire_source, home))
        if (sender is None or entry is None or entry["home_registration"]
                or not self.stations.reaches(home, signal.wire_destination)):
            return
        self.book.remove_list_entry(sender, signal.wire_source, home, signal.ordinal)
        self.book.event(signal.ordinal, sender, "cache", _BINDING_LOST(
            peer=entry["peer"], home=address_text(home)))

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


    def finish(self) -> None:
        """Flag updates the capture never shows acknowledged (RFC 6275 §9.5.4, §10.3)."""
        for stream in self.streams.values():
            for pending in stream:
                if pending.matched or pending.superseded or "A" not in pending.flags:
                    continue
                if pending is not stream[-1]:
                    continue  # a later retransmission or refresh took over
                self.book.problem(pending.ordinal, unacknowledged(pending))


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

