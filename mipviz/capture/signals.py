"""The mobility signalling found in a capture, one :class:`Signal` per packet that carries it.

A signal is a Mobility Header message (RFC 6275 §6.1, RFC 3963, RFC 5213, RFC 5568, ...) or one
of the ICMPv6 messages of mobility (DHAAD, Mobile Prefix Discovery, FMIPv6, a Router
Advertisement with the Home Agent flag), together with the addresses as each end sees them:

* ``source``: the home address from a Home Address option, else the innermost IPv6 source
  (RFC 6275 §9.3.1: the HAO is swapped in before the upper layer sees the packet);
* ``destination``: the home address of a Type 2 Routing Header, else the innermost IPv6
  destination (RFC 6275 §11.3.3);
* ``wire_source``/``wire_destination``: the innermost IPv6 header as sent;
* ``outer``: the (source, destination) of the IPv6 header that encapsulates the message
  when it was tunnelled (a HoTI/HoT through the home agent, RFC 6275 §5.2.5): the innermost
  tunnel, the home agent's even inside an HMIPv6 MN–MAP tunnel.

Data packets with a HAO, an RH2 or a tunnel are not signals, but they show who is a mobile
node and who talks to it; :class:`DataFacts` keeps a bounded summary of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from mipviz.capture.icmpv6 import MOBILITY_ICMPV6_TYPES, IcmpMessage, decode_icmpv6
from mipviz.capture.mobility import MobilityMessage, decode_mobility_header
from mipviz.capture.packet import MOBILITY_PROTOCOLS, PacketView
from mipviz.wire.layout import ESP, ICMPV6

MAXIMUM_FLOWS = 20_000  # distinct tunnel/route-optimised address tuples remembered
MAXIMUM_LINKS = 1_000  # links whose advertised prefixes are remembered ...
MAXIMUM_LINK_PREFIXES = 16  # ... and prefixes per link


@dataclass(slots=True)
class Signal:
    ordinal: int  # the packet's step number in the (merged) capture, from 1
    time: int  # µs since the epoch
    link: str
    source: bytes
    destination: bytes
    wire_source: bytes
    wire_destination: bytes
    outer: tuple[bytes, bytes] | None
    home_address_option: bytes | None
    routing_header: bytes | None
    message: MobilityMessage | IcmpMessage
    repeat_of: int | None = None  # the step where this very packet was seen one hop earlier

    def seen_again(self, ordinal: int, time: int, link: str) -> Signal:
        """The same packet at another step (its message is shared, not decoded again)."""
        return Signal(ordinal, time, link, self.source, self.destination, self.wire_source,
                      self.wire_destination, self.outer, self.home_address_option,
                      self.routing_header, self.message)

    @property
    def mobility(self) -> MobilityMessage | None:
        return self.message if isinstance(self.message, MobilityMessage) else None

    @property
    def icmp(self) -> IcmpMessage | None:
        return self.message if isinstance(self.message, IcmpMessage) else None


@dataclass(slots=True)
class DataFacts:
    """Address tuples of data packets that show mobility, bounded by :data:`MAXIMUM_FLOWS`.

    ``route_optimised``: (home address, care-of address, correspondent) from a HAO or an RH2;
    ``protected``: the same from a HAO or an RH2 in front of encrypted ESP, whose peer is most
    likely the home agent (RFC 6275 5.1, RFC 3776 3.1: only MN-HA signalling is sent so);
    ``tunnels``: (outer source, outer destination, inner source, inner destination).
    """

    route_optimised: dict[tuple[bytes, bytes, bytes], int] = field(default_factory=dict)
    tunnels: dict[tuple[bytes, bytes, bytes, bytes], int] = field(default_factory=dict)
    # link -> the on-link prefixes its routers advertise (Prefix Information with the L flag,
    # RFC 4861 4.6.2), in the order first seen: what the map labels each link with
    link_prefixes: dict[str, list[str]] = field(default_factory=dict)

    def add_router_advertisement(self, link: str, message: IcmpMessage) -> None:
        """Note the on-link prefixes of a Router Advertisement seen on ``link``."""
        known = self.link_prefixes.get(link)
        for name, option in message.options:
            prefix = option.get("prefix")
            if name != "Prefix information" or prefix is None or "L" not in option["flags"]:
                continue
            if known is None:
                if len(self.link_prefixes) >= MAXIMUM_LINKS:
                    return
                known = self.link_prefixes[link] = []
            if prefix not in known and len(known) < MAXIMUM_LINK_PREFIXES:
                known.append(prefix)
    protected: dict[tuple[bytes, bytes, bytes], int] = field(default_factory=dict)

    def add(self, view: PacketView, ordinal: int) -> None:
        layers = view.layers
        inner_source, inner_destination, _ = layers[-1]
        table = self.protected if view.protocol == ESP else self.route_optimised
        if view.home_address is not None:
            _remember(table, (view.home_address, inner_source, inner_destination), ordinal)
        if view.routing_address is not None:
            _remember(table, (view.routing_address, inner_destination, inner_source), ordinal)
        if len(layers) > 1:
            outer_source, outer_destination, _ = layers[0]
            _remember(self.tunnels, (outer_source, outer_destination, inner_source,
                                     inner_destination), ordinal)


    def merge(self, other: DataFacts) -> None:
        """Add the facts of a later range of steps (the earliest step of each is kept)."""
        for link, prefixes in other.link_prefixes.items():
            known = self.link_prefixes.setdefault(link, [])
            known.extend(prefix for prefix in prefixes if prefix not in known)
        for key, ordinal in other.route_optimised.items():
            _remember(self.route_optimised, key, ordinal)
        for tunnel, ordinal in other.tunnels.items():
            _remember(self.tunnels, tunnel, ordinal)
        for key, ordinal in other.protected.items():
            _remember(self.protected, key, ordinal)

    def add_tunnel(self, data: bytes, offset: int, ordinal: int) -> None:
        """A plain IPv6-in-IPv6 packet found by :func:`mipviz.capture.packet.classify`."""
        _remember(self.tunnels, (data[offset + 8 : offset + 24], data[offset + 24 : offset + 40],
                                 data[offset + 48 : offset + 64],
                                 data[offset + 64 : offset + 80]), ordinal)


_Key = TypeVar("_Key", tuple[bytes, bytes, bytes], tuple[bytes, bytes, bytes, bytes])


def _remember(table: dict[_Key, int], key: _Key, ordinal: int) -> None:
    if key not in table and len(table) < MAXIMUM_FLOWS:
        table[key] = ordinal


def decode_signal(
    view: PacketView, data: bytes, ordinal: int, time: int, link: str
) -> Signal | None:
    """The signal a parsed packet carries, or None for a data packet."""
    protocol = view.protocol
    if protocol in MOBILITY_PROTOCOLS:
        message: MobilityMessage | IcmpMessage = decode_mobility_header(
            data, view.upper_offset, view.upper_end, protocol, view.truncated)
    elif protocol == ICMPV6 and view.upper_type(data) in MOBILITY_ICMPV6_TYPES:
        message = decode_icmpv6(data, view.upper_offset, view.upper_end,
                                view.layers[-1][1])
        if message.icmp_type == 134 and "H" not in message.fields.get("flags", ()):
            return None  # an ordinary Router Advertisement
    else:
        return None
    if view.plain is not None and view.esp is not None and protocol in MOBILITY_PROTOCOLS:
        message.fields["esp_spi"] = view.esp.spi  # opened with --esp-sa: it was protected
    wire_source, wire_destination, _ = view.layers[-1]
    # The header that encapsulates the message, the innermost tunnel: under HMIPv6 a Home Test
    # Init travels RCoA → HA inside LCoA → MAP (RFC 5380 §6.1), and the home agent is the
    # former's end, not the outermost header's.
    outer = (view.layers[-2][0], view.layers[-2][1]) if len(view.layers) > 1 else None
    return Signal(
        ordinal, time, link,
        view.home_address if view.home_address is not None else wire_source,
        view.routing_address if view.routing_address is not None else wire_destination,
        wire_source, wire_destination, outer, view.home_address, view.routing_address, message)
