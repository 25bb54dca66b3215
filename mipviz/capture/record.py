"""The JSON-lines step record of DESIGN.md for an observed packet of a capture.

The keys and their meaning are those of :func:`mipviz.records.step_record` (the lessons'
records), built here from the light parse instead of the engine's model: ``src``/``dst`` are
the outermost IPv6 addresses, ``inner_src``/``inner_dst`` the innermost, ``tunnel`` the number
of IPv6-in-IPv6 encapsulations, ``hao``/``rh2`` the first Home Address option and Type 2
Routing Header address from the outside in, ``mh`` Wireshark's name of the innermost Mobility
Header type. A pcapng packet comment adds a ``comment`` key, and a packet on a pcapng
interface that has a name (``if_name``) an ``interface`` key after ``link``: that name alone
(``link`` keeps the file's name in front of it, e.g. ``"ro/visited"`` and ``"visited"``; a
``mipviz export`` pcapng names each interface after its link). Records are only ever
extended by adding keys.

:func:`capture_record` builds the dictionary; :class:`LineRenderer` writes the same record as
JSON text directly, character for character what ``json.dumps`` of the dictionary gives, at a
fraction of the cost (a dump writes one per packet, and the part that depends only on the
packet's octets is rendered once per packet, not once per hop).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # C-accelerated, as json.dumps(ensure_ascii=False)
from typing import Any

from mipviz.capture.content import AddressTexts, Content
from mipviz.capture.replay import Observed
from mipviz.engine.timeline import MICROSECONDS, Event
from mipviz.i18n import render
from mipviz.text_safety import json_visible

_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def capture_record(observed: Observed, texts: AddressTexts | None = None,
                   interfaces: dict[str, str] | None = None,
                   language: str = "en") -> dict[str, Any]:
    """The record of one observed packet, every key present (null where not applicable).
    ``interfaces``: link name -> its pcapng interface's name (the ``interface`` key);
    ``problems`` and ``events`` in ``language`` (the keys and every other value are the same
    in every language, as ``mipviz trace --lang``'s)."""
    if texts is None:
        texts = AddressTexts()
    view = observed.view
    layers = view.layers
    record: dict[str, Any] = {
        "step": observed.step,
        "time": observed.time / MICROSECONDS,
        "link": observed.link,
    }
    interface = (interfaces or {}).get(observed.link or "")
    if interface is not None:
        record["interface"] = interface
    record |= {
        "tx": observed.tx,
        "rx": observed.rx,
        "src": texts[layers[0][0]] if layers else None,
        "dst": texts[layers[0][1]] if layers else None,
        "summary": observed.summary,
        "mh": observed.mh,
        "hao": texts[view.home_address] if view.home_address is not None else None,
        "rh2": texts[view.routing_address] if view.routing_address is not None else None,
        "tunnel": view.tunnel,
        "inner_src": texts[layers[-1][0]] if layers else None,
        "inner_dst": texts[layers[-1][1]] if layers else None,
        "checksum_ok": observed.checksum_ok,
        "problems": [render(problem, language) for problem in observed.problems],
        "events": [f"{event.node}: {event.render(language)}" for event in observed.events],
        "bytes": observed.data.hex(),
    }
    if observed.comment is not None:
        record["comment"] = observed.comment
    return record


def record_line(record: dict[str, Any]) -> str:
    """One JSON line, in the same form as ``mipviz trace --format jsonl``."""
    return json_visible(_ENCODER.encode(record))


_BOOLEAN = {True: "true", False: "false", None: "null"}


def _event_text(event: Event) -> str:
    message = event.message  # Event.text without the property call: plain str in English
    return encode_basestring(event.node + ": " + (message if type(message) is str
                                                  else event.text))


class LineRenderer:
    """``record_line(capture_record(observed)) + "\\n"`` for each observed packet, built
    directly.

    ``json_visible`` escapes single characters, so escaping each string part of a line gives
    what escaping the whole line gives; the parts a packet's hops share are escaped once
    (kept with the content) and the octets' hex, the step and the time, ASCII by
    construction, are never searched."""

    def __init__(self, interfaces: dict[str, str] | None = None) -> None:
        self.names: dict[str | None, str] = {None: "null"}  # quoted and escaped
        # link -> its quoted name and, on a named pcapng interface, the "interface" key
        # after it (one lookup a line, as the link's name alone would cost)
        self.links: dict[str | None, str] = {None: "null"}
        self.interfaces = interfaces or {}
        self.addresses: dict[bytes | None, str] = {None: "null"}
        self.texts = AddressTexts()

    def _name(self, value: str | None) -> str:
        text = self.names.get(value)
        if text is None:
            text = self.names[value] = json_visible(encode_basestring(value or ""))
        return text

    def _link(self, link: str | None) -> str:
        text = self._name(link)
        interface = self.interfaces.get(link or "")
        if interface is not None:
            text += f', "interface": {json_visible(encode_basestring(interface))}'
        self.links[link] = text
        return text

    def _address(self, address: bytes | None) -> str:
        text = self.addresses.get(address)
        if text is None:
            assert address is not None  # None is in the table
            text = self.addresses[address] = encode_basestring(self.texts[address])
        return text

    def _content(self, content: Content) -> tuple[str, ...]:
        """The packet's part of the line: from ``tx`` to ``checksum_ok``, its own problems
        and events (kept on the content, so every hop of the packet reuses it), escaped."""
        view = content.view
        layers = view.layers
        known, address, names, name = self.addresses.get, self._address, self.names.get, \
            self._name
        if layers:
            outer, inner = layers[0], layers[-1]
            source = known(outer[0]) or address(outer[0])
            destination = known(outer[1]) or address(outer[1])
            inner_source = known(inner[0]) or address(inner[0])
            inner_destination = known(inner[1]) or address(inner[1])
        else:
            source = destination = inner_source = inner_destination = "null"
        home, routing = view.home_address, view.routing_address
        middle = (
            f'"tx": {names(content.tx) or name(content.tx)}, '
            f'"rx": {names(content.rx) or name(content.rx)}, '
            f'"src": {source}, "dst": {destination}, '
            f'"summary": {json_visible(encode_basestring(content.summary))}, '
            f'"mh": {names(content.mh) or name(content.mh)}, '
            f'"hao": {known(home) or address(home)}, "rh2": {known(routing) or address(routing)}, '
            f'"tunnel": {max(len(layers) - 1, 0)}, "inner_src": {inner_source}, '
            f'"inner_dst": {inner_destination}, "checksum_ok": {_BOOLEAN[content.checksum_ok]}')
        problems = content.problems
        events = content.events
        rendered = (middle,
                    json_visible(", ".join(map(encode_basestring, problems))) if problems else "",
                    json_visible(", ".join(map(_event_text, events))) if events else "")
        content.rendered = rendered
        return rendered

    def line(self, observed: Observed) -> str:
        return self.line_of(observed.step, observed.time, observed.link, observed.data,
                            observed.content, observed.early, observed.noted,
                            observed.noted_events, observed.hop, observed.comment)

    def line_of(self, step: int, time: int, link: str | None, data: bytes, content: Content,
                early: list[str] | None = None, noted: list[str] | None = None,
                noted_events: list[Event] | None = None, hop: str | None = None,
                comment: str | None = None) -> str:
        """The line of a step given as :class:`Observed`'s arguments (see
        :func:`mipviz.capture.replay.observe_as`): no Observed object is made."""
        middle, problems, events = content.rendered or self._content(content)
        # json_visible: what encode_basestring leaves raw (U+0085, U+2028, bidi controls)
        # from a capture's strings is escaped, so a record is one line for any splitter.
        if early or noted:
            problems = ", ".join(filter(None, (
                json_visible(", ".join(map(encode_basestring, early or ()))), problems,
                json_visible(", ".join(map(encode_basestring, noted or ()))))))
        if noted_events:
            parts = [json_visible(_event_text(noted_events[0]) if len(noted_events) == 1
                                  else ", ".join(map(_event_text, noted_events))), events]
            if hop is not None:
                parts.append(json_visible(encode_basestring(f"{content.tx or 'capture'}: {hop}")))
            events = ", ".join(filter(None, parts))
        elif hop is not None:  # a further hop of a packet: most steps of a capture
            hop_text = json_visible(encode_basestring(f"{content.tx or 'capture'}: {hop}"))
            events = f"{events}, {hop_text}" if events else hop_text
        quoted_link = self.links.get(link) or self._link(link)
        tail = ("}\n" if comment is None
                else f', "comment": {json_visible(encode_basestring(comment))}}}\n')
        return (f'{{"step": {step}, "time": {time / 1_000_000!r}, "link": {quoted_link}, '
                f'{middle}, "problems": [{problems}], "events": [{events}], '
                f'"bytes": "{data.hex()}"{tail}')
