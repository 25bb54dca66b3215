"""The deck's Japanese word for a header the packet pane shows by Wireshark's English name.

The inspector keeps Wireshark's names (as the deck does, and as a learner will see them in
Wireshark); on a Japanese screen the main headers also say what they are in the lecture's words
(shared/seed/GLOSSARY.md): a Binding Update with the H flag is 位置登録, a BA 登録確認, a BRR
登録更新要求, the Return Routability tests リターンルータビリティ, an RH2 or a Home Address
option carries the ホームアドレス for 経路最適化, an IPv6 header carrying IPv6 is the tunnel's
カプセル化 (RFC 2473). English screens show no gloss: the name is the English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mipviz.i18n import tr

if TYPE_CHECKING:
    from mipviz.wire.dissect import DissectedField

_MOBILITY = {
    "Mobility Header: Binding ACK": "gloss.ba",
    "Mobility Header: Binding Refresh Request": "gloss.brr",
    "Mobility Header: Home Test Init": "gloss.hoti",
    "Mobility Header: Care-of Test Init": "gloss.coti",
    "Mobility Header: Home Test": "gloss.hot",
    "Mobility Header: Care-of Test": "gloss.cot",
    "Home Address Option": "gloss.hao",
    "ICMPv6 Neighbor Discovery - Router Solicitation": "gloss.rs",
    "ICMPv6 Neighbor Discovery - Router Advertisement": "gloss.ra",
    "ICMPv6 Neighbor Discovery - Neighbor Solicitation": "gloss.ns",
    "ICMPv6 Neighbor Discovery - Neighbor Advertisement": "gloss.na",
}


def gloss(field: DissectedField, language: str) -> str | None:
    """The gloss of a header row (None: none, or an English screen)."""
    if language == "en":
        return None
    name = field.name
    message_id = _MOBILITY.get(name)
    if name == "Mobility Header: Binding Update":
        message_id = "gloss.bu.home" if "H" in _value(field, "flags") else "gloss.bu"
    elif name == "Routing Header" and _value(field, "type") == "2":
        message_id = "gloss.rh2"
    elif name == "Destination Options" and any(
            child.name == "Home Address Option" for child in _children(field)):
        message_id = "gloss.hao"
    elif name == "Internet Protocol Version 6" and field.value.endswith("(41)"):
        message_id = "gloss.tunnel"  # its next header is IPv6: RFC 2473 encapsulation
    return tr(message_id, language) if message_id else None


def _value(field: DissectedField, name: str) -> str:
    return next((child.value for child in field.children if child.name == name), "")


def _children(field: DissectedField) -> list[DissectedField]:
    found = []
    for child in field.children:
        found.append(child)
        found.extend(child.children)
    return found
