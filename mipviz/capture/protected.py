"""How a packet carried in ESP (RFC 4303) or in IPv4 UDP (RFC 5844) is described: the
encapsulations in front of its summary, the ESP header it travelled in and, when ESP hides the
message, what the packet's structure says it most likely is.

RFC 6275 §5.1 and RFC 3776 §3 (RFC 4877 §4 for IKEv2) protect exactly the signalling between a
mobile node and its home agent with ESP, and give it a recognisable shape:

* a Binding Update goes from a care-of address to the home agent with a Home Address option in
  front of the ESP header (transport mode);
* a Binding Acknowledgement comes from the home agent to the care-of address with a Type 2
  Routing Header in front of the ESP header;
* HoTI/HoT and, optionally, all traffic travel in an ESP tunnel between the care-of address
  and the home agent.

Mobile Prefix Solicitations/Advertisements share the first two shapes, so what is said is
"probably", and every such sentence says it is an inference, not a decode.
"""

from __future__ import annotations

from collections.abc import Mapping

from mipviz.capture.esp import ESP_HEADER_LENGTH, EspHeader
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.packet import PacketView
from mipviz.capture.roles import HOME_AGENT, MOBILE_NODE, MOBILE_ROUTER, ROLE_NAMES
from mipviz.capture.says import say
from mipviz.engine.timeline import Event
from mipviz.i18n import msg, render
from mipviz.wire.layout import ESP

_HOME_AGENT = ROLE_NAMES[HOME_AGENT]
_MOBILE = frozenset({ROLE_NAMES[MOBILE_NODE], ROLE_NAMES[MOBILE_ROUTER]})

_CUT_SHORT = say("capture.esp.cut_short")
_CUT_SHORT_NOTE = say("capture.esp.cut_short_note")()
_TRUNCATED = say("capture.esp.truncated")()
_ENCRYPTED = say("capture.esp.encrypted")()
_NOTE = say("capture.esp.note")
_PROBABLY = say("capture.esp.probably")
_GUESSES = {kind: say(f"capture.esp.guess.{kind}")() for kind in ("bu", "ba", "tunnel")}
_REASONS = {kind: say(f"capture.esp.reason.{kind}")() for kind in ("bu", "ba", "tunnel")}


def encapsulation_prefix(view: PacketView) -> str:
    """``IPv4 UDP 5436 → 5436: ``, ``ESP tunnel: ``, ``IPv6-in-IPv6: `` for each header the
    message is carried in, outermost first."""
    text = ""
    first = 1
    if view.ipv4 is not None:
        text = view.ipv4.label() + ": "
        first = 2  # the IPv6 packet inside the UDP payload is that encapsulation's
    esp = view.esp
    for index in range(first, len(view.layers)):
        tunnel = esp is not None and esp.tunnel_mode and esp.layer == index - 1
        text += "ESP tunnel: " if tunnel else "IPv6-in-IPv6: "
    return text


def _role_name(owner: Mapping[bytes, str], address: bytes | None) -> str | None:
    """The role part of a node's name (``HA`` for ``HA2``): names are made from
    :data:`mipviz.capture.roles.ROLE_NAMES` and a number when a role has several nodes."""
    name = owner.get(address) if address is not None else None
    return name.rstrip("0123456789") if name is not None else None


def describe_protected(view: PacketView, summary: str, prefix: str, problems: list[str],
                       owner: Mapping[bytes, str], texts: Mapping[bytes, str],
                       message: object = None) -> tuple[str, list[Event]]:
    """The summary and note events of a packet with an ESP header (``view.esp``); adds to
    ``problems`` only what is wrong with the ESP header itself."""
    esp = view.esp
    assert esp is not None
    if esp.opened is not None:  # an SA of the --esp-sa table was for it
        return _described_with_sa(view, esp, summary, prefix, problems, owner, texts, message)
    if view.protocol != ESP or esp.null_encryption:  # NULL encryption: the message was read
        return f"{summary} ({esp.label()}, NULL encryption)", []
    source = view.layers[esp.layer][0]
    sender = owner.get(source) or texts[source]
    if esp.spi is None:
        problems.append(_CUT_SHORT(present=view.upper_end - view.upper_offset,
                                   need=ESP_HEADER_LENGTH))
        return prefix + esp.label(), [Event(sender, "note", _CUT_SHORT_NOTE)]
    what = _TRUNCATED if view.truncated else _ENCRYPTED
    guess, reason = _probably(view, esp, owner)
    text = f"{prefix}{esp.label()} (encrypted)"
    note = _NOTE(label=esp.label(), what=what)
    if guess is not None:
        text += f", probably {guess} (inferred)"
        note = _PROBABLY(note=note, guess=guess, reason=reason)
    return text, [Event(sender, "note", note)]


def _described_with_sa(view: PacketView, esp: EspHeader, summary: str, prefix: str,
                       problems: list[str], owner: Mapping[bytes, str],
                       texts: Mapping[bytes, str], message: object
                       ) -> tuple[str, list[Event]]:
    """A packet opened with the SA table (RFC 4303 §3.4.4), or whose ICV did not verify."""
    from mipviz.capture.esp_open import Opened  # only with an SA table (it loads cryptography)

    opened = esp.opened
    source = view.layers[esp.layer][0]
    sender = owner.get(source) or texts[source]
    spi = f"0x{esp.spi:08x}"
    sa = opened.sa  # type: ignore[attr-defined]
    where = f"{sa.line}"
    if isinstance(opened, Opened):
        suite = f"{sa.encryption}, {sa.authentication}"
        events = [Event(sender, "note", msg("esp_replay.decrypted", spi=spi,
                                            sequence=esp.sequence, suite=suite, line=where))]
        alternate = (message.alternate_care_of_address()
                     if isinstance(message, MobilityMessage) else None)
        if alternate is not None:  # RFC 6275 §11.7.1: ESP does not cover the IPv6 source
            events.append(Event(sender, "note", msg(
                "esp_replay.alternate_care_of", address=texts[alternate],
                source=texts[view.layers[esp.layer][0]])))
        return f"{summary} ({esp.label()}, decrypted with the SA)", events
    reason = opened.reason  # type: ignore[attr-defined]
    message = msg(_FAILED_MESSAGE[reason], spi=spi, sequence=esp.sequence, line=where)
    problems.append(render(message, "en"))  # a capture's problems are English, as the rest
    return f"{prefix}{esp.label()} (not decrypted: {_FAILED[reason]})", [
        Event(sender, "note", msg("esp_replay.not_opened", spi=spi, sequence=esp.sequence,
                                  reason=msg(_REASON_MESSAGE[reason])))]


_FAILED = {"icv": "ICV mismatch", "length": "bad length", "padding": "bad padding"}
_REASON_MESSAGE = {"icv": "esp_replay.reason.icv", "length": "esp_replay.reason.length",
                   "padding": "esp_replay.reason.padding"}
_FAILED_MESSAGE = {"icv": "esp_replay.failed.icv", "length": "esp_replay.failed.length",
                   "padding": "esp_replay.failed.padding"}


def _probably(view: PacketView, esp: EspHeader, owner: Mapping[bytes, str]
              ) -> tuple[str | None, str]:
    """What an encrypted ESP packet most likely carries, from its shape (module docstring)."""
    source, destination, _ = view.layers[esp.layer]
    if view.home_address is not None and _role_name(owner, destination) == _HOME_AGENT:
        return _GUESSES["bu"], _REASONS["bu"]
    if view.routing_address is not None and _role_name(owner, source) == _HOME_AGENT:
        return _GUESSES["ba"], _REASONS["ba"]
    ends = {_role_name(owner, source), _role_name(owner, destination)}
    if view.home_address is None and view.routing_address is None and _HOME_AGENT in ends and (
            ends & _MOBILE):
        return _GUESSES["tunnel"], _REASONS["tunnel"]
    return None, ""
