"""Neighbor Discovery's host constants (RFC 4861 §10), defined once for every node role.

RFC 4861 §10 lists them as protocol constants; mipviz keeps the defaults. ``RETRANS_TIMER`` is
also how long Duplicate Address Detection waits after its one Neighbor Solicitation (RFC 4862
§5.1 and §5.4: DupAddrDetectTransmits = 1, each probe answered within RetransTimer), so the
mobile node's and the home agent's DAD, a PMIPv6 host's and the mobile node's wait for its home
agent's proxy answer on returning home (RFC 6275 §11.5.5) all last exactly this long.
"""

from __future__ import annotations

from mipviz.engine.simulation import seconds

__all__ = ["MAX_RTR_SOLICITATION_DELAY", "RETRANS_TIMER"]

# RFC 4861 §10, host constants: a host delays its first Router Solicitation by a random time
# of up to this (§6.3.7), so that hosts attaching together do not all solicit at once.
MAX_RTR_SOLICITATION_DELAY = seconds(1)
# RFC 4861 §10, node constants: RETRANS_TIMER 1,000 ms, the time between retransmitted
# Neighbor Solicitations and the time DAD waits for an answer to one.
RETRANS_TIMER = seconds(1)
