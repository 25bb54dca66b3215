"""The state book of a replayed capture: each node's binding cache, binding update list and
mobility routes as they change, plus the events and problems noted at each step.

Entries are kept as plain field dictionaries while the replay runs; :meth:`StateBook.seal`
turns the nodes a step changed into frozen :class:`~mipviz.engine.timeline.NodeState`
snapshots (by value, the Python Tutor model of CONVENTIONS.md), with addresses as
``IPv6Address`` and times in microseconds since the first packet, like a lesson's Timeline.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv6Address
from typing import Any

from mipviz.capture.roles import Node, Roles, address_text
from mipviz.capture.says import say
from mipviz.engine.timeline import (
    BindingCacheEntry,
    BindingUpdateListEntry,
    Event,
    NodeState,
)
from mipviz.i18n import Msg

_ListKey = tuple[bytes, bytes | str]
# Notes made again and again (a retransmitted Binding Update is sent, refused or answered
# the same way each time) share one Event or string among their steps; remembering the
# latest this many is enough to find the repeats and keeps the memory bounded.
SHARED_NOTES = 4096
_EXPIRED = say("capture.expired")
_FREED = say("capture.freed")
_EXPIRED_CACHE = say("capture.expired.cache")
_EXPIRED_LIST = say("capture.expired.list")


def node_label(roles: Roles, address: bytes) -> str:
    """The node's name when the address is known, else the address itself."""
    return roles.owner.get(address) or address_text(address)


class StateBook:
    """Mutable replay state plus, per step (``ordinal``), what happened and who changed."""

    def __init__(self, roles: Roles, base_time: int, snapshots: bool = True) -> None:
        self.roles = roles
        self.base_time = base_time
        self.snapshots = snapshots  # False: note what happened, keep no NodeState versions
        self.caches: dict[str, dict[bytes | str, dict[str, Any]]] = {}
        self.lists: dict[str, dict[_ListKey, dict[str, Any]]] = {}
        self.routes: dict[str, dict[str, str]] = {}
        self.events: dict[int, list[Event]] = {}
        self.problems: dict[int, list[str]] = {}
        self._changed: dict[int, set[str]] = {}
        self.versions: dict[str, tuple[list[int], list[NodeState]]] = {}
        self._addresses: dict[bytes, IPv6Address] = {}
        self._initial: dict[str, NodeState] = {}
        # per node and entry: the entry's values and the frozen entry last built of them
        self._last_entries: dict[tuple[str, str, object], tuple[tuple[Any, ...], object]] = {}
        self._last_routes: dict[str, tuple[tuple[str, str], ...]] = {}
        self._shared_events: dict[tuple[str, str, str | Msg], Event] = {}
        self._shared_texts: dict[str, str] = {}
        self._shared_lists: dict[tuple[int, ...], list[Event]] = {}
        self._sealed = 0  # the latest step sealed

    def address(self, address: bytes) -> IPv6Address:
        found = self._addresses.get(address)
        if found is None:
            found = self._addresses[address] = IPv6Address(address)
        return found

    # -- notes ----------------------------------------------------------------------------------

    def event(self, ordinal: int, node: str | None, kind: str, text: str | Msg) -> None:
        key = (node or "?", kind, text)
        shared = self._shared_events
        made = shared.get(key)
        if made is None:  # Event is frozen: one object can stand for every step it happens at
            if len(shared) >= SHARED_NOTES:
                shared.clear()
            made = shared[key] = Event(*key)
        events = self.events
        found = events.get(ordinal)
        if found is None:  # a list made with its one note has no room for more (most steps)
            events[ordinal] = [made]
        elif ordinal <= self._sealed:  # its list may be shared (see seal()): its own copy
            events[ordinal] = [*found, made]
        else:
            found.append(made)

    def problem(self, ordinal: int, text: str) -> None:
        found = self.problems.get(ordinal)
        if found is not None and text in found:
            return
        shared = self._shared_texts.get(text)
        if shared is None:
            if len(self._shared_texts) >= SHARED_NOTES:
                self._shared_texts.clear()
            shared = self._shared_texts[text] = text
        if found is None:
            self.problems[ordinal] = [shared]
        else:
            found.append(shared)

    def _touch(self, node: str, ordinal: int) -> None:
        self._changed.setdefault(ordinal, set()).add(node)

    # -- binding cache --------------------------------------------------------------------------

    def has_cache_entry(self, node: str, key: bytes | str) -> bool:
        return key in self.caches.get(node, {})

    def set_cache_entry(self, node: str, key: bytes | str, fields: dict[str, Any],
                        ordinal: int) -> None:
        self.caches.setdefault(node, {})[key] = fields
        self._touch(node, ordinal)

    def change_cache_entry(self, node: str, key: bytes | str, changes: dict[str, Any],
                           ordinal: int) -> None:
        entry = self.caches.get(node, {}).get(key)
        if entry is not None:
            entry.update(changes)
            self._touch(node, ordinal)

    def drop_cache_field(self, node: str, key: bytes | str, name: str) -> None:
        """Drop one field of an entry (no change shown by itself: the step's others are)."""
        entry = self.caches.get(node, {}).get(key)
        if entry is not None:
            entry.pop(name, None)

    def remove_cache_entry(self, node: str, key: bytes | str, ordinal: int) -> bool:
        if self.caches.get(node, {}).pop(key, None) is None:
            return False
        self._touch(node, ordinal)
        return True

    def set_route(self, node: str, prefix: str, via: str, ordinal: int) -> None:
        self.routes.setdefault(node, {})[prefix] = via
        self._touch(node, ordinal)

    def remove_route(self, node: str, prefix: str, ordinal: int) -> None:
        if self.routes.get(node, {}).pop(prefix, None) is not None:
            self._touch(node, ordinal)

    # -- binding update list --------------------------------------------------------------------

    def set_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                       fields: dict[str, Any], ordinal: int) -> None:
        self.lists.setdefault(node, {})[(peer, identity)] = fields
        self._touch(node, ordinal)

    def change_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                          changes: dict[str, Any], ordinal: int) -> None:
        entry = self.lists.get(node, {}).get((peer, identity))
        if entry is not None:
            entry.update(changes)
            self._touch(node, ordinal)

    def remove_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                          ordinal: int) -> None:
        if self.lists.get(node, {}).pop((peer, identity), None) is not None:
            self._touch(node, ordinal)

    # -- expiry ---------------------------------------------------------------------------------

    def _table(self, node: str, kind: str) -> dict[Any, dict[str, Any]]:
        if kind in ("cache", "freed"):
            return self.caches.get(node, {})
        return self.lists.get(node, {})

    def expiry_of(self, node: str, kind: str, key: object) -> int | None:
        """When the ``kind`` ("cache" or "list") entry ``key`` of ``node`` expires now (None:
        there is no such entry); an expiry planned for another time is a stale one.
        ``kind`` "freed": when a deregistered cache entry is freed (RFC 6275 10.3.2)."""
        entry = self._table(node, kind).get(key)
        return None if entry is None else entry.get("freed" if kind == "freed" else "expires")

    def expire(self, node: str, kind: str, key: object, expires: int, ordinal: int) -> None:
        """Remove an entry whose lifetime ran out, unless a later update renewed it (or,
        ``kind`` "freed", a deregistered entry whose MAX_DELETE_BCE_TIMEOUT is over)."""
        table = self._table(node, kind)
        entry = table.get(key)
        if entry is None or entry.get("freed" if kind == "freed" else "expires") != expires:
            return
        if kind == "cache" and "freed" in entry:
            return  # deregistered: freed when its MAX_DELETE_BCE_TIMEOUT is over, not before
        del table[key]
        if kind == "freed":
            self.event(ordinal, node, "cache",
                       _FREED(home=address_text(entry["home_address"])))
            self._touch(node, ordinal)
            return
        if kind == "cache":
            for prefix in entry.get("prefixes", ()):
                self.routes.get(node, {}).pop(prefix, None)
            what = _EXPIRED_CACHE(home=address_text(entry["home_address"]))
        else:
            what = _EXPIRED_LIST(peer=entry["peer"])
        self.event(ordinal, node, "cache", _EXPIRED(what=what, lifetime=entry["lifetime"]))
        self._touch(node, ordinal)

    # -- snapshots ------------------------------------------------------------------------------

    def seal(self, ordinal: int) -> None:
        """Record a by-value NodeState for every node step ``ordinal`` changed.

        The replay notes no more events at a sealed step (event() would copy the list first),
        so its list of events is shared with a recent step that noted the same events (a
        retransmission handled the same way): the lists of :attr:`events` are for reading.
        Problems are not shared: the end of the replay adds "never acknowledged" to earlier
        steps."""
        self._sealed = max(self._sealed, ordinal)
        found = self.events.get(ordinal)
        if found is not None:
            # Events are shared objects (see event()), so the same ids are the same events;
            # the list kept as the value holds them, so no id is reused while remembered.
            key = tuple(map(id, found))
            shared = self._shared_lists.get(key)
            if shared is None:
                if len(self._shared_lists) >= SHARED_NOTES:
                    self._shared_lists.clear()
                self._shared_lists[key] = found
            elif shared is not found:
                self.events[ordinal] = shared
        changed = self._changed.pop(ordinal, ())
        if not self.snapshots:
            return
        for name in sorted(changed):
            if name not in self.roles.nodes:
                continue
            indices, states = self.versions.setdefault(name, ([], []))
            indices.append(ordinal)
            states.append(self.snapshot(name))

    def snapshot(self, name: str) -> NodeState:
        cache = self._cache_of(name)
        entries = self._list_of(name)
        care_of = next((entry.care_of_address for entry in entries if entry.home_registration),
                       None)
        initial = self._initial.get(name)
        if initial is None:
            initial = self._initial[name] = initial_state(self.roles.nodes[name])
        routes = tuple(sorted(self.routes.get(name, {}).items()))
        if routes == self._last_routes.get(name):  # unchanged: the same tuple as before
            routes = self._last_routes[name]
        self._last_routes[name] = routes
        return replace(initial, binding_cache=cache, binding_update_list=entries,
                       routes=routes, care_of_address=care_of)

    def _cache_of(self, name: str) -> tuple[BindingCacheEntry, ...]:
        return tuple(row for key, entry in self.caches.get(name, {}).items()
                     for row in self._cache_rows(name, key, entry))

    def _list_of(self, name: str) -> tuple[BindingUpdateListEntry, ...]:
        return tuple(self._list_entry(name, key, entry)
                     for key, entry in self.lists.get(name, {}).items())

    # A node's state is recorded by value at every step that changes it, but a step changes
    # one entry: the entries it did not change are the objects of the version before (they
    # are frozen), not copies — about a tenth of a replay's memory on a long capture.

    def _cache_rows(self, name: str, key: object,
                    entry: dict[str, Any]) -> tuple[BindingCacheEntry, ...]:
        """The entry as shown: one row per (home address, BID) while it holds RFC 5648
        bindings and is valid (as the engine's home agent shows them), else itself."""
        bindings = entry.get("bindings")
        if not bindings or entry.get("state", "valid") != "valid":
            return (self._cache_entry(name, key, entry),)
        return tuple(self._cache_entry(name, (key, bid), {**entry, **bindings[bid],
                                                          "binding_id": bid})
                     for bid in sorted(bindings))

    def _cache_entry(self, name: str, key: object, entry: dict[str, Any]) -> BindingCacheEntry:
        values = (entry["home_address"], entry["care_of_address"], entry["lifetime"],
                  entry["expires"], entry["sequence"], entry["home_registration"],
                  entry["mobile_router"], tuple(entry["prefixes"]),
                  entry.get("state", "valid"), entry.get("binding_id", 0))
        last = self._last_entries.get((name, "cache", key))
        if last is not None and last[0] == values:
            return last[1]  # type: ignore[return-value]
        address = self.address
        built = BindingCacheEntry(
            home_address=address(values[0]), care_of_address=address(values[1]),
            lifetime=values[2], expires=values[3] - self.base_time, sequence=values[4],
            home_registration=values[5], mobile_router=values[6], prefixes=values[7],
            state=values[8], binding_id=values[9])
        self._last_entries[(name, "cache", key)] = (values, built)
        return built

    def _list_entry(self, name: str, key: object,
                    entry: dict[str, Any]) -> BindingUpdateListEntry:
        values = (entry["peer"], entry["peer_address"], entry["home_address"],
                  entry["care_of_address"], entry["lifetime"], entry["expires"],
                  entry["sequence"], entry["state"], entry["home_registration"])
        last = self._last_entries.get((name, "list", key))
        if last is not None and last[0] == values:
            return last[1]  # type: ignore[return-value]
        address = self.address
        built = BindingUpdateListEntry(
            peer=values[0], peer_address=address(values[1]), home_address=address(values[2]),
            care_of_address=address(values[3]), lifetime=values[4],
            expires=values[5] - self.base_time if values[5] else 0, sequence=values[6],
            state=values[7], home_registration=values[8])
        self._last_entries[(name, "list", key)] = (values, built)
        return built


def initial_state(
    node: Node,
    cache: tuple[BindingCacheEntry, ...] = (),
    entries: tuple[BindingUpdateListEntry, ...] = (),
    routes: tuple[tuple[str, str], ...] = (),
    care_of: IPv6Address | None = None,
) -> NodeState:
    """A node's NodeState; with the defaults, its state before the first packet."""
    return NodeState(
        name=node.name, role=node.role, links=tuple(node.links),
        addresses=tuple(IPv6Address(address) for address in node.addresses),
        home_address=IPv6Address(node.home_address) if node.home_address else None,
        care_of_address=care_of, binding_cache=cache, binding_update_list=entries,
        routes=routes)
