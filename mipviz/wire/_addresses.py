"""Memoised IPv6 address ↔ text conversions (scapy's address fields take and give text).

A simulation sends the same few addresses over and over; ``ipaddress`` formatting and parsing
cost several microseconds each, so both directions are cached. Both are pure functions of
immutable values.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv6Address


@lru_cache(maxsize=8192)
def address_text(address: IPv6Address) -> str:
    """``str(address)``, memoised (compressed RFC 5952 form, as scapy accepts it)."""
    return str(address)


@lru_cache(maxsize=8192)
def parse_address(text: str) -> IPv6Address:
    """``IPv6Address(text)``, memoised."""
    return IPv6Address(text)
