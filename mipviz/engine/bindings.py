"""The Binding Cache (RFC 6275 §9.1) as its own type, shared by home agents and correspondents.

Pure bookkeeping with virtual time passed in: no timers, no packets. The owner schedules
expiry and calls :meth:`BindingCache.expire`; ``tests/test_binding_cache.py`` checks it against
a reference model with Hypothesis.
"""

from __future__ import annotations

import bisect
import dataclasses
from ipaddress import IPv6Address

from mipviz.engine.timeline import MICROSECONDS, BindingCacheEntry

SEQUENCE_MODULUS = 1 << 16
MAX_LIFETIME = 0xFFFF * 4  # seconds (RFC 6275 §6.1.7: 16 bits of 4-second units)


def sequence_newer(candidate: int, last: int) -> bool:
    """RFC 6275 §9.5.1: ``candidate`` is newer than ``last`` modulo 2**16 (half the space)."""
    return 1 <= (candidate - last) % SEQUENCE_MODULUS <= 0x7FFF


class BindingCache:
    def __init__(self, capacity: int | None = None) -> None:
        self.capacity = capacity
        self._entries: dict[IPv6Address, BindingCacheEntry] = {}
        # The entries in home-address order, kept sorted as they change, and the snapshot
        # tuple built from them until the next change: a node's state is recorded after every
        # step that changes it, and sorting 1,000 IPv6Address keys each time dominated a
        # 1,000-mobile-node run (benchmarks/README.md).
        self._sorted_keys: list[IPv6Address] = []
        self._sorted_values: list[BindingCacheEntry] = []
        self._snapshot: tuple[BindingCacheEntry, ...] | None = ()

    def _store(self, home_address: IPv6Address, entry: BindingCacheEntry) -> None:
        index = bisect.bisect_left(self._sorted_keys, home_address)
        if home_address in self._entries:
            self._sorted_values[index] = entry
        else:
            self._sorted_keys.insert(index, home_address)
            self._sorted_values.insert(index, entry)
        self._entries[home_address] = entry
        self._snapshot = None

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, home_address: IPv6Address) -> BindingCacheEntry | None:
        """The entry, whatever its state (for sequence checks and deregistration)."""
        return self._entries.get(home_address)

    def lookup(self, home_address: IPv6Address, now: int) -> BindingCacheEntry | None:
        """A valid, unexpired entry usable for forwarding or route optimisation."""
        entry = self._entries.get(home_address)
        if entry is None or entry.state != "valid" or entry.expires <= now:
            return None
        return entry

    def sequence_acceptable(self, home_address: IPv6Address, sequence: int) -> bool:
        """Any sequence number is acceptable without an entry (RFC 6275 §9.5.1)."""
        entry = self._entries.get(home_address)
        return entry is None or sequence_newer(sequence, entry.sequence)

    def has_room_for(self, home_address: IPv6Address) -> bool:
        return (self.capacity is None or home_address in self._entries
                or len(self._entries) < self.capacity)

    def update(self, home_address: IPv6Address, care_of_address: IPv6Address, sequence: int,
               lifetime: int, now: int, *, home_registration: bool,
               mobile_router: bool = False, prefixes: tuple[str, ...] = ()) -> BindingCacheEntry:
        """Create or replace the entry for ``home_address`` (RFC 6275 §9.5.2, §10.3.1)."""
        entry = BindingCacheEntry(
            home_address=home_address,
            care_of_address=care_of_address,
            lifetime=lifetime,
            expires=now + lifetime * MICROSECONDS,
            sequence=sequence,
            home_registration=home_registration,
            mobile_router=mobile_router,
            prefixes=prefixes,
        )
        self._store(home_address, entry)
        return entry

    def mark_deleting(self, home_address: IPv6Address, sequence: int) -> BindingCacheEntry | None:
        """Keep the entry (invalid) for MAX_DELETE_BCE_TIMEOUT (RFC 6275 §10.3.2)."""
        entry = self._entries.get(home_address)
        if entry is None:
            return None
        entry = dataclasses.replace(entry, state="deleting", sequence=sequence, lifetime=0)
        self._store(home_address, entry)
        return entry

    def delete(self, home_address: IPv6Address) -> BindingCacheEntry | None:
        entry = self._entries.pop(home_address, None)
        if entry is not None:
            index = bisect.bisect_left(self._sorted_keys, home_address)
            del self._sorted_keys[index]
            del self._sorted_values[index]
            self._snapshot = None
        return entry

    def expire(self, now: int) -> list[BindingCacheEntry]:
        gone = [e for e in self._entries.values() if e.state == "valid" and e.expires <= now]
        for entry in gone:
            self.delete(entry.home_address)
        return gone

    def snapshot(self) -> tuple[BindingCacheEntry, ...]:
        """Every entry in home-address order (the same tuple until the cache changes)."""
        if self._snapshot is None:
            self._snapshot = tuple(self._sorted_values)
        return self._snapshot
