"""Whose Binding Update is it? The station that has been a mobile node, told by its frames.

A Binding Update names its home address in a Home Address option (RFC 6275 §6.3), which any
station can write: a forger on another link sends one in the mobile node's name (lesson
``attacks``; RFC 6275 §15.1 — the correspondent or home agent tells them apart by Return
Routability or IPsec, keys the capture does not hold). The replay attributes a BU to the node
that owns its home address (:mod:`mipviz.capture.roles`), so a forged BU would also enter the
*mobile node's* Binding Update List, which the mobile node never did.

The frames show more than the addresses: the Ethernet source of the frame the BU was first
seen in is its sender's own interface, on its own link. :class:`Stations` remembers, per home
address, the interfaces (MACs), links and care-of addresses of the Binding Updates that were
the mobile node's, starting with the first; a later BU is another station's when

* its MAC is not one of them — a mobile node keeps its MAC when it moves;
* *and* it was first seen on another link — several routers on one capture point's link
  (a capture at the home agent only) forward one mobile node's BUs with several MACs;
* *and* its care-of address is not one the mobile node registered itself — a mobile router
  with two interfaces (RFC 5648, a BID option naming the second one's care-of address) sends
  from the second interface's MAC.

Such a BU still reaches its receiver, whose cache changes as it accepts it; only the mobile
node's list is left alone. Without Ethernet framing (raw IP, Linux cooked captures) nothing is
inferred. A forger whose BU comes first is taken for the mobile node (the first is trusted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

MAXIMUM_STATIONS = 65_536  # home addresses remembered (bounded)
MAXIMUM_PER_STATION = 64  # MACs, links and care-of addresses remembered per home address


@dataclass(slots=True)
class Station:
    """What the BUs that were a home address's mobile node's were sent from."""

    macs: list[bytes] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    care_ofs: list[bytes] = field(default_factory=list)

    def learn(self, mac: bytes, link: str, care_ofs: list[bytes]) -> None:
        _keep(self.macs, mac)
        _keep(self.links, link)
        for address in care_ofs:
            _keep(self.care_ofs, address)


def _keep(kept: list[T], value: T) -> None:
    if value not in kept and len(kept) < MAXIMUM_PER_STATION:
        kept.append(value)


class Stations:
    """Per home address, the station that has been its mobile node (see the module doc)."""

    def __init__(self) -> None:
        self.known: dict[bytes, Station] = {}

    def another_station(self, home: bytes, mac: bytes | None, link: str, care_of: bytes,
                        registered: list[bytes]) -> bytes | None:
        """The mobile node's MAC when this BU (from ``mac`` on ``link``, for ``care_of``,
        naming the care-of addresses ``registered``) is another station's, else None (and
        the BU's interface is learnt as the mobile node's)."""
        if mac is None:
            return None
        station = self.known.get(home)
        if station is None:
            if len(self.known) >= MAXIMUM_STATIONS:
                return None
            station = self.known[home] = Station()
        elif (mac not in station.macs and link not in station.links
              and care_of not in station.care_ofs):
            return station.macs[0]
        station.learn(mac, link, [care_of, *registered])
        return None

    def reaches(self, home: bytes, address: bytes) -> bool:
        """``address`` is the home address or a care-of address the mobile node of ``home``
        registered itself (a forger's own care-of address is not)."""
        station = self.known.get(home)
        return address == home or (station is not None and address in station.care_ofs)


def mac_text(mac: bytes) -> str:
    return ":".join(f"{octet:02x}" for octet in mac)
