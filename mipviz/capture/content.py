"""What a packet's IPv6 octets alone say: summary, Mobility Header type, checksum verdict,
the problems in its headers and what a tunnel, a Home Address option or a Type 2 Routing
Header on a data packet shows (RFC 2473, RFC 6275 §6.3, §6.4).

A :class:`Content` is the same for every hop of one packet (only the hop limit differs), so
pass 2 works it out once per packet and reuses it when the packet is seen again.
"""

from __future__ import annotations

from mipviz.capture.checksums import verify_checksum
from mipviz.capture.icmpv6 import IcmpMessage, decode_icmpv6
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.mobility_options import address_text
from mipviz.capture.names import mh_type_name
from mipviz.capture.packet import MOBILITY_PROTOCOLS, PacketView
from mipviz.capture.protected import describe_protected, encapsulation_prefix
from mipviz.capture.says import say
from mipviz.capture.summary import icmp_summary, mobility_summary, transport_summary
from mipviz.engine.timeline import Event
from mipviz.wire.layout import ICMPV6

_ECHO = {128: "Echo (ping) request", 129: "Echo (ping) reply"}
DATA_EVENT_CACHE = 4096
_TUNNEL = say("capture.data.tunnel")
_HAO = say("capture.data.hao")
_RH2 = say("capture.data.rh2")


class Content:
    """See the module docstring. ``tx``/``rx`` name the owners of the outermost addresses;
    ``linktype`` is the frame's (to dissect its octets again); ``rendered`` is free for a
    renderer to keep its text of the content in."""

    __slots__ = ("checksum_ok", "events", "linktype", "mh", "problems", "rendered", "rx",
                 "summary", "tx", "view")

    def __init__(self, view: PacketView, summary: str, mh: str | None = None,
                 checksum_ok: bool | None = None, problems: list[str] | None = None,
                 events: list[Event] | None = None, tx: str | None = None,
                 rx: str | None = None) -> None:
        self.view = view
        self.summary = summary
        self.mh = mh
        self.checksum_ok = checksum_ok
        self.problems: list[str] = problems if problems is not None else []
        self.events: list[Event] = events if events is not None else []
        self.tx = tx
        self.rx = rx
        self.rendered: tuple[str, ...] | None = None
        self.linktype = 1


class AddressTexts(dict[bytes, str]):
    """RFC 5952 text of addresses, computed once each (captures repeat a few addresses)."""

    def __missing__(self, address: bytes) -> str:
        text = self[address] = address_text(address)
        return text


def packet_content(
    view: PacketView, data: bytes, message: MobilityMessage | IcmpMessage | None,
    owner: dict[bytes, str], texts: AddressTexts,
    cache: dict[tuple[bytes | None, ...], list[Event]],
) -> Content:
    """The Content of a parsed packet with at least one IPv6 header; ``message``: the
    signalling it carries, as pass 1 decoded it (see :meth:`SignalIndex.message`)."""
    layers = view.layers
    problems = list(view.problems)
    prefix = ("IPv6-in-IPv6: " * (len(layers) - 1) if view.esp is None and view.ipv4 is None
              else encapsulation_prefix(view))  # ESP tunnel, IPv4 UDP (RFC 4303, 5844)
    protocol = view.protocol
    mh = None
    upper = view.upper_offset
    if message is not None:
        if isinstance(message, MobilityMessage):
            summary = prefix + mobility_summary(message)
            if message.mh_type >= 0:
                mh = mh_type_name(message.mh_type)
        else:
            summary = prefix + icmp_summary(message, data, view)
        problems.extend(message.problems)
    elif protocol == ICMPV6 and view.upper_end >= upper + 8 and data[upper] in _ECHO:
        summary = (f"{prefix}{_ECHO[data[upper]]} id=0x{data[upper + 4]:02x}"
                   f"{data[upper + 5]:02x}, seq={(data[upper + 6] << 8) | data[upper + 7]}")
    elif protocol == ICMPV6 and view.upper_end > upper:
        icmp = decode_icmpv6(data, upper, view.upper_end, layers[-1][1])
        summary = prefix + icmp_summary(icmp, data, view)
        problems.extend(icmp.problems)
    elif protocol in MOBILITY_PROTOCOLS:  # too short for pass 1 to call it a signal
        summary = prefix + "Mobility Header"
    else:
        summary = prefix + transport_summary(view, data)
    if view.draft_options:
        summary += " + pre-RFC " + ", ".join(view.draft_options) + " option"
    checksum_ok, checksum_problem = verify_checksum(view, data, not view.truncated)
    if checksum_problem is not None:
        problems.append(checksum_problem)
    events: list[Event] = []
    home, routing = view.home_address, view.routing_address
    if view.esp is not None:  # name the ESP header; say what encrypted contents probably are
        summary, events = describe_protected(view, summary, prefix, problems, owner, texts,
                                             message)
    if message is None and not events and (len(layers) > 1 or home is not None
                                           or routing is not None):
        key = (layers[0][0], layers[0][1], layers[-1][0], layers[-1][1], home, routing)
        events = cache.get(key) or []
        if not events:
            if len(cache) >= DATA_EVENT_CACHE:
                cache.clear()
            events = cache[key] = data_events(view, owner, texts)
    return Content(view, summary, mh, checksum_ok, problems, events,
                   owner.get(layers[0][0]), owner.get(layers[0][1]))


def data_events(view: PacketView, owner: dict[bytes, str], texts: AddressTexts) -> list[Event]:
    """What a mobility data packet shows: tunnelling (RFC 2473), HAO and RH2 (RFC 6275 §6)."""
    layers = view.layers
    events = []
    inner_source, inner_destination, _ = layers[-1]
    if len(layers) > 1:
        outer_source, outer_destination, _ = layers[0]
        entry = owner.get(outer_source) or texts[outer_source]
        events.append(Event(entry, "encapsulate",
                            _TUNNEL(inner_source=texts[inner_source],
                                    inner_destination=texts[inner_destination],
                                    outer_destination=texts[outer_destination]),
                            before=texts[inner_destination], after=texts[outer_destination]))
    if view.home_address is not None:
        home = view.home_address
        events.append(Event(owner.get(home) or texts[home], "swap",
                            _HAO(source=texts[inner_source], home=texts[home]),
                            before=texts[inner_source], after=texts[home]))
    if view.routing_address is not None:
        home = view.routing_address
        sender = owner.get(inner_source) or texts[inner_source]
        events.append(Event(sender, "swap",
                            _RH2(destination=texts[inner_destination], home=texts[home]),
                            before=texts[inner_destination], after=texts[home]))
    return events
