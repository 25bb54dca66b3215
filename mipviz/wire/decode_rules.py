"""Receiver rules on the extension headers of one IPv6 packet (no scapy here).

Shared by the scapy decoder (:mod:`mipviz.wire.decode`) and the ``struct`` one
(:mod:`mipviz.wire.struct_decode`), so both say the same sentence for the same octets.
"""

from __future__ import annotations

from mipviz.model import messages as m

_KNOWN_MOBILITY_MESSAGES = (
    m.BindingRefreshRequest, m.HomeTestInit, m.CareofTestInit, m.HomeTest, m.CareofTest,
    m.BindingUpdate, m.BindingAcknowledgement, m.BindingError,
)


def home_address_count(options: list[m.DestinationOption], headers: list[m.ExtensionHeader],
                       problems: list[str]) -> None:
    """RFC 6275 §6.3: at most one Home Address option in a packet (``headers``: the
    extension headers of the same packet before this Destination Options header)."""
    home_addresses = sum(isinstance(o, m.HomeAddressOption) for o in options)
    if home_addresses > 1:
        problems.append(
            f"RFC 6275 6.3: {home_addresses} Home Address options in one packet, at most "
            "one allowed")
    if home_addresses and any(isinstance(h, m.DestinationOptionsHeader)
                              and h.home_address_option for h in headers):
        problems.append("RFC 6275 6.3: more than one Home Address option in a packet")


def placement(headers: list[m.ExtensionHeader], payload: m.Payload,
              problems: list[str]) -> None:
    """RFC 6275 §6.1 and §6.3 placement rules for the HAO and the Type 2 Routing Header."""
    hao_positions = [i for i, h in enumerate(headers)
                     if isinstance(h, m.DestinationOptionsHeader) and h.home_address_option]
    routing_positions = [i for i, h in enumerate(headers)
                         if isinstance(h, m.RoutingHeaderType2)]
    if hao_positions and routing_positions and hao_positions[0] < routing_positions[-1]:
        problems.append(
            "RFC 6275 6.3: the Home Address option must follow the Routing header")
    if not isinstance(payload, _KNOWN_MOBILITY_MESSAGES):
        return
    name = m.MH_TYPE_NAMES[m.mh_type_of(payload)]
    if routing_positions and not isinstance(payload, m.BindingAcknowledgement):
        problems.append(
            f"RFC 6275 6.1: a {name} must not carry a Type 2 Routing Header")
    if hao_positions and not isinstance(payload, m.BindingUpdate):
        problems.append(
            f"RFC 6275 6.1: a {name} must not carry a Home Address option")


def segments_left(value: int, problems: list[str]) -> None:
    """RFC 6275 §6.4: a Type 2 Routing Header's Segments Left is 1."""
    if value != 1:
        problems.append(
            f"RFC 6275 6.4: Type 2 Routing Header Segments Left {value}, must be 1")
