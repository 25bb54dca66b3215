"""Movement detection by missed Router Advertisements (RFC 6275 §7.3, §11.5.1).

A router that includes the Advertisement Interval option promises its next unsolicited RA
within that many milliseconds. A mobile node that hears nothing from its default router for
that long takes it as a hint that the router is gone — or that the node itself is on another
link, when no layer-2 indication told it so. It then does what it does after attaching to a
link: Optimistic DAD for its link-local address and a Router Solicitation (RFC 4429, 4861
§6.3.7); an RA with a new prefix then means a move.

The watch allows 10 % over the interval (scheduling jitter; §7.5 has routers add 20 ms to
intervals under 200 ms for the same reason).
"""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import TYPE_CHECKING

from mipviz.engine.simulation import Timer
from mipviz.i18n import msg
from mipviz.model.messages import RouterAdvertisement

if TYPE_CHECKING:
    from mipviz.engine.mobile_node import MobileNode

SLACK_PERCENT = 10


def advertisement_interval_option(ra_interval: int) -> int | None:
    """The option's value in ms for a router sending RAs every ``ra_interval`` µs (None: no
    unsolicited RAs, no option). RFC 6275 §7.3: MaxRtrAdvInterval; §7.5: routers SHOULD add
    20 ms to values under 200 ms, for scheduling granularity."""
    if not ra_interval:
        return None
    milliseconds = ra_interval // 1000
    return milliseconds + 20 if milliseconds < 200 else milliseconds


class AdvertisementIntervalWatch:
    def __init__(self, node: MobileNode) -> None:
        self.node = node
        self.router: IPv6Address | None = None
        self.interval = 0  # ms
        self._timer: Timer | None = None

    def heard(self, source: IPv6Address, message: RouterAdvertisement) -> None:
        """An RA arrived (after the node updated its default router)."""
        node = self.node
        if message.advertisement_interval is None or source != node.default_router:
            return
        self.router, self.interval = source, message.advertisement_interval
        if self._timer is not None:
            self._timer.cancel()
        wait = message.advertisement_interval * 1000 * (100 + SLACK_PERCENT) // 100
        self._timer = node.sim.call_later(wait, self._missed, source, owner=node)

    def forget(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.router = None

    def _missed(self, router: IPv6Address) -> None:
        self._timer = None
        node = self.node
        if router != self.router:
            return
        self.router = None
        node.note("note", msg("engine.discovery.advertisement_interval_missed",
                                       router=router, interval=self.interval))
        node._optimistic_start()
