"""What each node did with the signalling that does not change a binding directly.

Return Routability (RFC 6275 §5.2.5: HoTI/CoTI out, HoT/CoT back, matched by cookie; a test
whose cookie matches nothing is discarded, §11.6.2), Binding Refresh Requests and Binding
Errors (§6.1.2, §6.1.9), Dynamic Home Agent Address Discovery and Mobile Prefix Discovery
(§6.5-6.8, matched by Identifier), Router Advertisements from home agents (§7.1), FMIPv6
handover signalling (RFC 5568) and the other Mobility Header types become events; the header
rules of RFC 6275 §6.1 (only a BU carries a Home Address option, only a BA a Type 2 Routing
Header) and §11.4.3 (an MPA carries an RH2) become problems.
"""

from __future__ import annotations

from mipviz.capture.icmpv6 import IcmpMessage
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.names import (
    BE_STATUS_NAMES,
    FMIPV6_SUBTYPE_NAMES,
    HACK_CODE_NAMES,
    MH_TYPE_NAMES,
)
from mipviz.capture.recent import Latest
from mipviz.capture.roles import Roles, address_text
from mipviz.capture.says import say
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook, node_label

_CORE_TYPES = frozenset(range(8))
COOKIES_KEPT = 65536
_HAO_FORBIDDEN = say("capture.header.hao_forbidden")
_RH2_FORBIDDEN = say("capture.header.rh2_forbidden")
_VIA_TUNNEL = say("capture.via_tunnel")()
_BRR = say("capture.brr")
_RR_INIT = say("capture.rr.init")
_RR_TEST = say("capture.rr.test")
_SIDES = {"home": say("capture.side.home")(), "care_of": say("capture.side.care_of")()}
_RR_UNMATCHED = say("capture.rr.unmatched")
_RR_ANSWERS = say("capture.rr.answers")
_BE = say("capture.be")
_UNASSIGNED = say("capture.unassigned")()
_HI = say("capture.fast.hi")
_HACK = say("capture.fast.hack")
_CODE = say("capture.fast.code")
_NO_HI = say("capture.fast.no_hi")()
_ANSWERS_STEP = say("capture.answers_step")
_UNMATCHED = say("capture.unmatched")()
_MH_OTHER = say("capture.mh.other")
_DHAAD_REQUEST = say("capture.dhaad.request")
_MPS = say("capture.mps")
_DHAAD_REPLY = say("capture.dhaad.reply")
_MPA = say("capture.mpa")
_NONE = say("capture.none")()
_NO_PREFIX = say("capture.no_prefix")()
_MPA_NO_RH2 = say("capture.mpa.no_rh2")()
_RA = say("capture.ra.home_agent")()
_RA_INFORMATION = say("capture.ra.information")
_FAST_OTHER = say("capture.fast.other")


class Narrator:
    """Turns non-binding signals into events and problems, keeping what pairs them up."""

    def __init__(self, roles: Roles, book: StateBook) -> None:
        self.roles = roles
        self.book = book
        # (HoTI/CoTI type, cookie) -> step, for the latest COOKIES_KEPT tests sent (a HoT or
        # CoT answers within a round trip; every cookie kept would grow with the capture)
        self.cookies: dict[tuple[int, bytes], int] = Latest(COOKIES_KEPT)
        self.requests: dict[tuple[int, int], int] = {}  # (ICMPv6 type, identifier) -> step
        self.handovers: dict[int, int] = {}  # HI sequence number -> step

    def headers(self, signal: Signal, message: MobilityMessage) -> None:
        """RFC 6275 §6.1: which Mobility Header messages may carry a HAO or an RH2."""
        if message.mh_type not in _CORE_TYPES:
            return
        if signal.home_address_option is not None and message.mh_type != 5:
            self.book.problem(signal.ordinal, _HAO_FORBIDDEN(name=message.name))
        if signal.routing_header is not None and message.mh_type != 6:
            self.book.problem(signal.ordinal, _RH2_FORBIDDEN(name=message.name))

    def mobility(self, signal: Signal, message: MobilityMessage) -> None:
        owner = self.roles.owner  # node_label, inline: every message of a capture comes here
        sender = owner.get(signal.source) or address_text(signal.source)
        receiver = owner.get(signal.destination) or address_text(signal.destination)
        fields, kind, event = message.fields, message.mh_type, self.book.event
        ordinal = signal.ordinal
        via = _VIA_TUNNEL if signal.outer is not None else ""
        if kind == 0:
            event(ordinal, sender, "send", _BRR(receiver=receiver))
        elif kind in (1, 2) and ("home_init_cookie" in fields or "care_of_init_cookie" in fields):
            cookie = fields.get("home_init_cookie", fields.get("care_of_init_cookie", b""))
            self.cookies[(kind, cookie)] = ordinal
            event(ordinal, sender, "send", _RR_INIT(name=message.name, receiver=receiver,
                                                    via=via, cookie=cookie.hex()))
        elif kind in (3, 4) and ("home_init_cookie" in fields or "care_of_init_cookie" in fields):
            side = "home" if kind == 3 else "care_of"
            cookie = fields[f"{side}_init_cookie"]
            asked = self.cookies.get((kind - 2, cookie))
            event(ordinal, sender, "send",
                  _RR_TEST(name=message.name, receiver=receiver, via=via, side=_SIDES[side],
                           token=fields[f"{side}_keygen_token"].hex(),
                           index=fields[f"{side}_nonce_index"]))
            if asked is None:
                event(ordinal, receiver, "drop",
                      _RR_UNMATCHED(asked=MH_TYPE_NAMES[kind - 2], cookie=cookie.hex()))
            else:
                event(ordinal, receiver, "note",
                      _RR_ANSWERS(asked=MH_TYPE_NAMES[kind - 2], step=asked))
        elif kind == 7 and "status" in fields:
            status = fields["status"]
            event(ordinal, sender, "send",
                  _BE(receiver=receiver, status=status,
                      name=BE_STATUS_NAMES.get(status, _UNASSIGNED),
                      home=address_text(fields["home_address"])))
        elif kind == 14 and "sequence" in fields:
            self.handovers[fields["sequence"]] = ordinal
            event(ordinal, sender, "send", _HI(sequence=fields["sequence"], code=fields["code"],
                                               receiver=receiver))
        elif kind == 15 and "sequence" in fields:
            asked = self.handovers.get(fields["sequence"])
            code = fields["code"]
            event(ordinal, sender, "send", _HACK(
                sequence=fields["sequence"], code=HACK_CODE_NAMES.get(code) or _CODE(code=code),
                answers=_ANSWERS_STEP(step=asked) if asked else _NO_HI))
        elif kind not in (5, 6, 8, 9):
            event(ordinal, sender, "send", _MH_OTHER(name=message.name, receiver=receiver))

    def icmp(self, signal: Signal, message: IcmpMessage) -> None:
        sender = node_label(self.roles, signal.source)
        receiver = node_label(self.roles, signal.destination)
        fields, kind, ordinal = message.fields, message.icmp_type, signal.ordinal
        event = self.book.event
        identifier = fields.get("identifier")
        if kind in (144, 146) and identifier is not None:
            self.requests[(kind, identifier)] = ordinal
            asking = _DHAAD_REQUEST if kind == 144 else _MPS
            event(ordinal, sender, "send", asking(identifier=identifier, receiver=receiver))
        elif kind in (145, 147) and identifier is not None:
            asked = self.requests.get((kind - 1, identifier))
            answers = _ANSWERS_STEP(step=asked) if asked else _UNMATCHED
            if kind == 145:
                agents = ", ".join(address_text(a) for a in fields.get("home_agent_addresses",
                                                                        ()))
                text = _DHAAD_REPLY(identifier=identifier, agents=agents or _NONE,
                                    answers=answers)
            else:
                prefixes = ", ".join(option["prefix"] for _, option in message.options
                                     if "prefix" in option)
                text = _MPA(identifier=identifier, prefixes=prefixes or _NO_PREFIX,
                            answers=answers)
                if signal.routing_header is None:
                    self.book.problem(ordinal, _MPA_NO_RH2)
            event(ordinal, sender, "send", text)
        elif kind == 134:
            text = _RA
            for name, option in message.options:
                if name == "Home Agent Information":
                    text = _RA_INFORMATION(text=text, preference=option["preference"],
                                           lifetime=option["lifetime"])
            event(ordinal, sender, "send", text)
        elif kind == 154:
            subtype = fields.get("subtype")
            name = FMIPV6_SUBTYPE_NAMES.get(subtype or -1, f"subtype {subtype}")
            event(ordinal, sender, "send", _FAST_OTHER(name=name, identifier=identifier,
                                                       receiver=receiver))
