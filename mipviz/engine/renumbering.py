"""A link renumbered while the network runs (RFC 4192): it gains a new prefix, the old one is
deprecated (advertised with a preferred lifetime of 0, RFC 4862 §5.5.4) but still routed, so
addresses on it keep working while nodes move to the new one.

Routers advertise every prefix of their links (:func:`advertised_prefixes`); the network adds a
route for the new prefix wherever the old one is routed (:func:`renumber`); home agents on the
link then tell their registered mobile nodes (:mod:`mipviz.engine.mobile_prefix_discovery`).
"""

from __future__ import annotations

from ipaddress import IPv6Network
from typing import TYPE_CHECKING

from mipviz.model.messages import PrefixInformation

if TYPE_CHECKING:
    from mipviz.engine.link import Link
    from mipviz.engine.router import Router

VALID_LIFETIME = 86400  # RFC 4861 §6.2.1 AdvValidLifetime default
PREFERRED_LIFETIME = 14400  # AdvPreferredLifetime default
DEPRECATED_VALID_LIFETIME = 7200  # RFC 4862 §5.5.3 e): two hours left once deprecated


def link_prefixes(link: Link) -> tuple[IPv6Network, ...]:
    return (link.prefix, *link.extra_prefixes)


def prefix_information(link: Link, prefix: IPv6Network) -> PrefixInformation:
    if prefix in link.deprecated_prefixes:
        return PrefixInformation(prefix, valid_lifetime=DEPRECATED_VALID_LIFETIME,
                                 preferred_lifetime=0)
    return PrefixInformation(prefix, valid_lifetime=VALID_LIFETIME,
                             preferred_lifetime=PREFERRED_LIFETIME)


def advertised_prefixes(link: Link) -> tuple[PrefixInformation, ...]:
    """Every prefix of ``link`` as its routers' RAs carry it (the defaults for a link never
    renumbered, as before)."""
    if not link.extra_prefixes:
        return (PrefixInformation(prefix=link.prefix),)
    return tuple(prefix_information(link, prefix) for prefix in link_prefixes(link))


def renumber(link: Link, prefix: IPv6Network, routers: list[Router]) -> None:
    """Add ``prefix`` to ``link``, deprecate the prefixes it had, route it like them."""
    link.deprecated_prefixes.update(link_prefixes(link))
    link.extra_prefixes.append(prefix)
    for router in routers:
        for known, interface, next_hop in list(router.routes):
            if known == link.prefix:
                router.add_route(prefix, interface, next_hop)
                break
