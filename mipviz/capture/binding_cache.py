"""The receiver's side of a binding: its Binding Cache (RFC 6275 §9.1, §10.1), changed when
it accepts an update (a Binding Acknowledgement with status < 128, §6.1.8), deleted by
lifetime 0 (§9.5.3) or kept invalid for MAX_DELETE_BCE_TIMEOUT (§10.3.2), and the expiries
of both ends' entries when their lifetime runs out (§9.5.2, §11.7.1), shown at the first
packet after. NEMO: a mobile router's accepted prefixes become routes (RFC 3963 §6.2);
PMIPv6: the LMA's cache is keyed by the mobile node's identifier (RFC 5213 §5.3)."""

from __future__ import annotations

import heapq
from ipaddress import IPv6Address
from typing import Any

from mipviz.capture.multiple_care_of import deregister_bids, register_bids
from mipviz.capture.pending import MICROSECONDS, PendingUpdate, UpdateNames
from mipviz.capture.roles import address_text
from mipviz.capture.says import say
from mipviz.i18n.catalogs.proxy_lists import MESSAGES as _PROXY_LISTS
from mipviz.i18n.said import phrase

_DELETE = say("capture.cache.delete")
_DELETE_INVALID = say("capture.cache.delete_invalid")
_NOT_SHOWN = say("capture.cache.not_shown")()
_ADD = say("capture.cache.add")
_UPDATE = say("capture.cache.update")
_ROUTE_VIA = say("capture.route.via")
_ROUTE_SET = say("capture.route.set")
_LATE_DEREGISTRATION = phrase("capture.proxy_lists.late_deregistration", _PROXY_LISTS)
_PROXY_DELETE_INVALID = phrase("capture.proxy_lists.delete_invalid", _PROXY_LISTS)

EXPIRY_COMPACTION = 4096  # fewest pending expiries worth sweeping for stale ones
MAX_DELETE_BCE_TIMEOUT = 10  # seconds, RFC 6275 12: a deregistered entry kept (invalid)


class BindingCacheReplay(UpdateNames):
    """Accepted updates into the receiver's Binding Cache, and the expiries of both ends'
    entries (see the module docstring)."""

    # (expires, order planned, node, "cache" / "freed" / "list", entry key), a heap
    expiries: list[tuple[int, int, str, str, object]]
    _counter: int
    _sweep_at: int

    # -- binding cache --------------------------------------------------------------------------

    def _accept(self, ordinal: int, time: int, pending: PendingUpdate, granted: int,
                note: str, refused: set[int] | frozenset[int] = frozenset()) -> None:
        binder = self.roles.name_of(pending.receiver_address)
        who = self._identity_text(pending)
        label = binder or address_text(pending.receiver_address)
        key = pending.identity
        proxy = "P" in pending.flags
        if (pending.bids and pending.lifetime == 0 and binder is not None
                and deregister_bids(self.book, ordinal, binder, label, pending, who)):
            return
        if (pending.deregistration and proxy and binder is not None
                and self.book.caches.get(binder, {}).get(key, {}).get("care_of_address",
                                                                       pending.care_of_address)
                != pending.care_of_address):
            # RFC 5213 §5.3.5: only the MAG the session is bound to may end it; a late
            # deregistration from the previous MAG, after the handoff, changes nothing
            self.book.event(ordinal, label, "note", _LATE_DEREGISTRATION(who=who))
            return
        if (pending.deregistration and ("H" in pending.flags or proxy) and binder is not None
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
        fields: dict[str, Any] = {
            "home_address": home or pending.care_of_address,
            "care_of_address": pending.care_of_address, "lifetime": granted,
            "expires": expires, "sequence": pending.sequence,
            "home_registration": pending.agent_registration,
            "mobile_router": "R" in pending.flags, "prefixes": pending.prefixes,
        }
        if pending.bids:
            register_bids(self.book, binder, key, fields, pending, granted, expires, refused)
            care_of = address_text(fields["care_of_address"])
        self.book.set_cache_entry(binder, key, fields, ordinal)
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
        if "P" in pending.flags:
            # RFC 5213 §5.3.5: the LMA keeps the entry MinDelayBeforeBCEDelete (10 s, as long
            # as MAX_DELETE_BCE_TIMEOUT) for the new MAG's PBU: that is now its lifetime left
            self.book.caches[binder][key]["expires"] = freed
        deleted = _PROXY_DELETE_INVALID if "P" in pending.flags else _DELETE_INVALID
        self.book.event(ordinal, label, "cache", deleted(
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
