"""Sliding-window rate limits for signalling a node must not send too often.

RFC 6275 §11.8: a mobile node MUST NOT send Mobility Header messages of one type to one
destination more often than MAX_UPDATE_RATE (3) times a second. RFC 6275 §9.3.3: Binding Error
messages are rate-limited as ICMPv6 errors are (RFC 4443 §2.4 f, which leaves the numbers to
the implementation; mipviz uses the same 3 per second per destination).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable

from mipviz.engine.simulation import seconds

MAX_UPDATE_RATE = 3  # messages per second (RFC 6275 §12)
WINDOW = seconds(1)


class RateLimiter:
    """At most ``limit`` sends per ``window`` µs for each key."""

    def __init__(self, limit: int = MAX_UPDATE_RATE, window: int = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._sent: dict[Hashable, deque[int]] = {}

    def wait(self, key: Hashable, now: int) -> int:
        """0 when a send is allowed now, else the µs until the oldest send leaves the window."""
        sent = self._sent.get(key)
        if sent is None:
            return 0
        while sent and now - sent[0] >= self.window:
            sent.popleft()
        if len(sent) < self.limit:
            return 0
        return sent[0] + self.window - now

    def record(self, key: Hashable, now: int) -> None:
        self._sent.setdefault(key, deque()).append(now)

    def allow(self, key: Hashable, now: int) -> bool:
        """Record and allow a send, or refuse it (nothing recorded)."""
        if self.wait(key, now):
            return False
        self.record(key, now)
        return True
