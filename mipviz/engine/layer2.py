"""Layer-2 handover time: a mobile node off every link for a while before it attaches again.

A script's ``move`` with ``l2_delay`` (docs/lesson-format.md) detaches the node at once and
attaches it to the new link that much later, so the time the link layer needs (scanning,
authentication, association) is part of the handover the analysis measures (lecture S23). The
old link's routers learn nothing from it: what is sent to the node meanwhile is lost, unless a
protocol keeps it (FMIPv6's PAR and NAR, :mod:`mipviz.engine.access_router`).
"""

from __future__ import annotations

from functools import partial

from mipviz.engine.link import Link
from mipviz.engine.mobile_node import MobileNode
from mipviz.engine.pmip_access import PlainMobileHost
from mipviz.i18n import msg

Mover = MobileNode | PlainMobileHost


def detach(node: Mover) -> None:
    """The link goes down: the node's interface leaves its link (the event ``link-down``)."""
    interface = node.interface
    if interface.link is None:
        return
    old = interface.link.name
    if isinstance(node, PlainMobileHost):  # a PMIPv6 host: its MAG hears the link go down
        node.leaving(interface.link)
    interface.link.detach(interface)
    interface.link = None
    node.detached_from = old  # type: ignore[union-attr]  # for move_to's note
    node.note("link-down", msg("fmipv6.layer2.link_down", old=old))
    node.changed()


def move_later(node: Mover, link: Link, delay: int, *,
               link_layer_hint: bool = True) -> None:
    """Detach now, attach to ``link`` after ``delay`` virtual µs (``delay`` > 0)."""
    detach(node)
    node.sim.call_later(delay, partial(node.move_to, link, link_layer_hint=link_layer_hint),
                        owner=node)
