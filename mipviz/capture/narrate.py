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
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook, node_label

_CORE_TYPES = frozenset(range(8))
COOKIES_KEPT = 65536


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
            self.book.problem(signal.ordinal, f"RFC 6275 6.1: a {message.name} must not carry "
                                              "a Home Address option (only a Binding Update "
                                              "may)")
        if signal.routing_header is not None and message.mh_type != 6:
            self.book.problem(signal.ordinal, f"RFC 6275 6.1: a {message.name} must not carry "
                                              "a Type 2 Routing Header (only a Binding "
                                              "Acknowledgement may)")

    def mobility(self, signal: Signal, message: MobilityMessage) -> None:
        sender = node_label(self.roles, signal.source)
        receiver = node_label(self.roles, signal.destination)
        fields, kind, event = message.fields, message.mh_type, self.book.event
        ordinal = signal.ordinal
        via = " through the home agent's tunnel" if signal.outer is not None else ""
        if kind == 0:
            event(ordinal, sender, "send", f"asks {receiver} to refresh its binding (Binding "
                                           "Refresh Request)")
        elif kind in (1, 2) and ("home_init_cookie" in fields or "care_of_init_cookie" in fields):
            cookie = fields.get("home_init_cookie", fields.get("care_of_init_cookie", b""))
            self.cookies[(kind, cookie)] = ordinal
            event(ordinal, sender, "send", f"return routability: {message.name} to {receiver}"
                                           f"{via}, cookie {cookie.hex()}")
        elif kind in (3, 4) and ("home_init_cookie" in fields or "care_of_init_cookie" in fields):
            side = "home" if kind == 3 else "care_of"
            cookie = fields[f"{side}_init_cookie"]
            asked = self.cookies.get((kind - 2, cookie))
            event(ordinal, sender, "send",
                  f"return routability: {message.name} to {receiver}{via}, "
                  f"{side.replace('_', '-')} keygen token {fields[f'{side}_keygen_token'].hex()}, "
                  f"nonce index {fields[f'{side}_nonce_index']}")
            if asked is None:
                event(ordinal, receiver, "drop",
                      f"no {MH_TYPE_NAMES[kind - 2]} in the capture has cookie {cookie.hex()}: "
                      "the mobile node discards this test (RFC 6275 11.6.2)")
            else:
                event(ordinal, receiver, "note", f"answers the {MH_TYPE_NAMES[kind - 2]} of "
                                                 f"step {asked}")
        elif kind == 7 and "status" in fields:
            status = fields["status"]
            event(ordinal, sender, "send",
                  f"Binding Error to {receiver}: status {status} "
                  f"({BE_STATUS_NAMES.get(status, 'unassigned')}), home address "
                  f"{address_text(fields['home_address'])}")
        elif kind == 14 and "sequence" in fields:
            self.handovers[fields["sequence"]] = ordinal
            event(ordinal, sender, "send", f"fast handover: Handover Initiate seq "
                                           f"{fields['sequence']} code {fields['code']} to "
                                           f"{receiver}")
        elif kind == 15 and "sequence" in fields:
            asked = self.handovers.get(fields["sequence"])
            code = fields["code"]
            text = (f"fast handover: Handover Acknowledge seq {fields['sequence']}: "
                    f"{HACK_CODE_NAMES.get(code, f'code {code}')}")
            text += f" (answers step {asked})" if asked else " (no Handover Initiate matches)"
            event(ordinal, sender, "send", text)
        elif kind not in (5, 6, 8, 9):
            event(ordinal, sender, "send", f"{message.name} to {receiver}")

    def icmp(self, signal: Signal, message: IcmpMessage) -> None:
        sender = node_label(self.roles, signal.source)
        receiver = node_label(self.roles, signal.destination)
        fields, kind, ordinal = message.fields, message.icmp_type, signal.ordinal
        event = self.book.event
        identifier = fields.get("identifier")
        if kind in (144, 146) and identifier is not None:
            self.requests[(kind, identifier)] = ordinal
            what = ("looks for its home agents: Home Agent Address Discovery Request"
                    if kind == 144 else "asks for its home prefixes: Mobile Prefix Solicitation")
            event(ordinal, sender, "send", f"{what} id {identifier} to {receiver}")
        elif kind in (145, 147) and identifier is not None:
            asked = self.requests.get((kind - 1, identifier))
            if kind == 145:
                agents = ", ".join(address_text(a) for a in fields.get("home_agent_addresses",
                                                                        ()))
                text = f"Home Agent Address Discovery Reply id {identifier}: {agents or 'none'}"
            else:
                prefixes = ", ".join(option["prefix"] for _, option in message.options
                                     if "prefix" in option)
                text = f"Mobile Prefix Advertisement id {identifier}: {prefixes or 'no prefix'}"
                if signal.routing_header is None:
                    self.book.problem(ordinal, "RFC 6275 11.4.3: a Mobile Prefix Advertisement "
                                               "without a Type 2 Routing Header is discarded "
                                               "by the mobile node")
            text += f" (answers step {asked})" if asked else " (unsolicited or unmatched)"
            event(ordinal, sender, "send", text)
        elif kind == 134:
            text = "Router Advertisement with the Home Agent (H) flag (RFC 6275 7.1)"
            for name, option in message.options:
                if name == "Home Agent Information":
                    text += (f", preference {option['preference']}, lifetime "
                             f"{option['lifetime']} s")
            event(ordinal, sender, "send", text)
        elif kind == 154:
            subtype = fields.get("subtype")
            name = FMIPV6_SUBTYPE_NAMES.get(subtype or -1, f"subtype {subtype}")
            event(ordinal, sender, "send", f"fast handover: {name} id {identifier} to {receiver}")
