"""The Home Agents List a home agent keeps of every home agent on its home link
(RFC 6275 §10.5.1), and the order it answers a DHAAD request in (§10.5).

Each entry is learnt from a Router Advertisement with the Home Agent (H) flag: the sender's
link-local address (the key), its global addresses (Prefix Information options with the
Router Address (R) flag, §7.2), and the preference and lifetime of its Home Agent Information
option (§7.4) — preference 0 and the Router Lifetime when the option is absent. An RA without
the H flag, or with a Home Agent Lifetime of 0, removes the entry; so does its lifetime
running out. Pure data: times are virtual microseconds, the random order among equal
preferences comes from the caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from ipaddress import IPv6Address
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an annotation only: the messages module costs a capture dump ~0.1 s
    from mipviz.model.messages import RouterAdvertisement

MICROSECONDS = 1_000_000


@dataclass(frozen=True, slots=True)
class HomeAgentsListEntry:
    link_local: IPv6Address
    global_addresses: tuple[IPv6Address, ...]
    preference: int  # signed 16-bit, higher is better
    lifetime: int  # seconds, as advertised
    expires: int  # virtual µs
    mobile_router_support: bool = False  # RFC 3963 §7.3 (HA Information R flag)


class HomeAgentsList:
    """RFC 6275 §10.5.1 conceptual data structure, keyed by link-local address."""

    def __init__(self) -> None:
        self._entries: dict[IPv6Address, HomeAgentsListEntry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, link_local: IPv6Address) -> HomeAgentsListEntry | None:
        return self._entries.get(link_local)

    def remove(self, link_local: IPv6Address) -> None:
        self._entries.pop(link_local, None)

    def entries(self, now: int) -> tuple[HomeAgentsListEntry, ...]:
        """The live entries (expired ones are gone as of ``now``)."""
        self.expire(now)
        return tuple(self._entries.values())

    def learn(self, link_local: IPv6Address, advertisement: RouterAdvertisement,
              now: int) -> tuple[str, HomeAgentsListEntry | None]:
        """Apply one RA from ``link_local``; returns what happened ("added", "updated",
        "removed", "ignored") and the entry as it now stands (None when removed/ignored)."""
        if not advertisement.home_agent:
            return ("removed", None) if self._entries.pop(link_local, None) else ("ignored", None)
        information = advertisement.home_agent_information
        preference = information.preference if information is not None else 0
        lifetime = information.lifetime if information is not None else \
            advertisement.router_lifetime
        if lifetime == 0:
            return ("removed", None) if self._entries.pop(link_local, None) else ("ignored", None)
        addresses = tuple(p.address for p in advertisement.prefixes
                          if p.router_address and p.address is not None)
        known = self._entries.get(link_local)
        if not addresses and known is not None:
            addresses = known.global_addresses  # §10.5.1: keep what an earlier RA told
        entry = HomeAgentsListEntry(
            link_local, addresses, preference, lifetime, now + lifetime * MICROSECONDS,
            information is not None and information.mobile_router_support)
        self._entries[link_local] = entry
        return ("updated" if known is not None else "added"), entry

    def expire(self, now: int) -> tuple[HomeAgentsListEntry, ...]:
        """Remove and return the entries whose lifetime has run out by ``now``."""
        gone = tuple(e for e in self._entries.values() if e.expires <= now)
        for entry in gone:
            del self._entries[entry.link_local]
        return gone

    def snapshot(self) -> tuple[HomeAgentsListEntry, ...]:
        """Every entry as it stands, by link-local address (no expiry: a state snapshot)."""
        return tuple(self._entries[key] for key in sorted(self._entries))

    def next_expiry(self) -> int | None:
        return min((e.expires for e in self._entries.values()), default=None)

    def ordered_addresses(self, now: int, rng: random.Random, *,
                          mobile_routers_only: bool = False) -> tuple[IPv6Address, ...]:
        """§10.5: one global address per home agent, by decreasing preference, home agents of
        equal preference in random order (load sharing); RFC 3963 §7.2: only those that
        support mobile routers when asked for them."""
        entries = [e for e in self.entries(now) if e.global_addresses
                   and (e.mobile_router_support or not mobile_routers_only)]
        entries.sort(key=lambda e: e.link_local)  # a deterministic start for the shuffle
        rng.shuffle(entries)
        entries.sort(key=lambda e: -e.preference)  # stable: the shuffle orders equals
        return tuple(e.global_addresses[0] for e in entries)
