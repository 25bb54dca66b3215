"""Wireshark-like one-line summaries of captured packets (the ``summary`` of a step record).

The wording follows Wireshark's Info column and :mod:`mipviz.wire.summary` (the lessons'
summaries), with what a learner of mobility needs added: the BU's sequence number, flags and
lifetime in seconds, the BA's status with its name, "Proxy" for PMIPv6 (P flag) and
"IPv6-in-IPv6: " once per tunnel.
"""

from __future__ import annotations

from mipviz.capture.icmpv6 import IcmpMessage
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.mobility_options import address_text
from mipviz.capture.names import (
    BA_STATUS_NAMES,
    BE_STATUS_NAMES,
    FBACK_STATUS_NAMES,
    FMIPV6_SUBTYPE_NAMES,
    HACK_CODE_NAMES,
    ICMPV6_TYPE_NAMES,
)
from mipviz.capture.packet import IPV4_IN_IPV6, MOBILITY_PROTOCOLS, PacketView
from mipviz.wire.layout import ESP, FRAGMENT, ICMPV6, NO_NEXT_HEADER, TCP, UDP

_PROTOCOL_NAMES = {0: "Hop-by-Hop Options", 6: "TCP", 17: "UDP", 41: "IPv6", 43: "Routing",
                   44: "Fragment", 50: "ESP", 51: "AH", 58: "ICMPv6", 59: "No Next Header",
                   60: "Destination Options", 89: "OSPF", 103: "PIM", 112: "VRRP", 132: "SCTP",
                   135: "Mobility Header", 62: "Mobility Header (pre-RFC number 62)"}
_TCP_FLAGS = (("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("PSH", 0x08), ("ACK", 0x10),
              ("URG", 0x20))


def mobility_summary(message: MobilityMessage) -> str:
    """``Binding Update seq 7 A H lifetime 420s``, ``Home Test Init``, ..."""
    fields, kind = message.fields, message.mh_type
    name = message.name
    if kind in (5, 6) and message.proxy:
        name = f"Proxy {name}"
    if kind in (5, 8) and "sequence" in fields:
        parts = [name, f"seq {fields['sequence']}", *message.flags,
                 f"lifetime {fields['lifetime_seconds']}s"]
        text = " ".join(parts)
    elif kind in (6, 9) and "status" in fields:
        names = FBACK_STATUS_NAMES if kind == 9 else BA_STATUS_NAMES
        status = fields["status"]
        text = (f"{name} status {status} ({names.get(status, 'unassigned')}) seq "
                f"{fields['sequence']}")
        if message.flags:
            text += " " + " ".join(message.flags)
        if status < 128:
            text += f" lifetime {fields['lifetime_seconds']}s"
    elif kind == 7 and "status" in fields:
        status = fields["status"]
        text = (f"{name} status {status} ({BE_STATUS_NAMES.get(status, 'unassigned')}) home "
                f"address {address_text(fields['home_address'])}")
    elif kind in (3, 4) and ("home_nonce_index" in fields or "care_of_nonce_index" in fields):
        index = fields.get("home_nonce_index", fields.get("care_of_nonce_index"))
        text = f"{name} nonce index {index}"
    elif kind in (14, 15) and "sequence" in fields:
        code = fields["code"]
        described = HACK_CODE_NAMES.get(code, f"code {code}") if kind == 15 else f"code {code}"
        text = f"{name} seq {fields['sequence']} {described}"
    elif kind == 13 and "sequence" in fields:
        which = "Response" if "R" in message.flags else "Request"
        text = f"{name} {which} seq {fields['sequence']}"
    elif kind == 16 and "sequence" in fields:
        text = f"{name} {fields['revocation_type']} seq {fields['sequence']}"
    else:
        text = name
    return text


def icmp_summary(message: IcmpMessage, data: bytes, view: PacketView) -> str:
    kind, fields = message.icmp_type, message.fields
    name = ICMPV6_TYPE_NAMES.get(kind, f"ICMPv6 type {kind} code {message.code}")
    identifier = fields.get("identifier")
    if kind in (128, 129) and "sequence" in fields:
        return f"{name} id=0x{identifier:04x}, seq={fields['sequence']}"
    if kind == 135 and "target" in fields:
        return f"{name} for {address_text(fields['target'])}"
    if kind == 136 and "target" in fields:
        flags = {"R": "rtr", "S": "sol", "O": "ovr"}
        marks = ", ".join(flags[letter] for letter in fields.get("flags", ()))
        return f"{name} {address_text(fields['target'])}" + (f" ({marks})" if marks else "")
    if kind == 154:
        subtype = fields.get("subtype")
        name = f"FMIPv6 {FMIPV6_SUBTYPE_NAMES.get(subtype or -1, f'subtype {subtype}')}"
    if kind == 134 and "H" in fields.get("flags", ()):
        name += " (Home Agent)"
    if kind == 147:
        prefixes = [option["prefix"] for _, option in message.options if "prefix" in option]
        if prefixes:
            return f"{name} id={identifier}: {', '.join(prefixes)}"
    if kind == 145:
        agents = [address_text(a) for a in fields.get("home_agent_addresses", ())]
        return f"{name} id={identifier}: {', '.join(agents) or 'no home agent'}"
    if identifier is not None and kind in (144, 146, 147, 154):
        return f"{name} id={identifier}"
    return name


def transport_summary(view: PacketView, data: bytes) -> str:
    """UDP, TCP, ESP, fragments and anything else that is not mobility signalling."""
    protocol, start, end = view.protocol, view.upper_offset, view.upper_end
    if view.fragment and protocol not in {UDP, TCP, ICMPV6} | MOBILITY_PROTOCOLS:
        return "IPv6 fragment"
    if protocol == UDP and end - start >= 8:
        source, destination = (int.from_bytes(data[start + i : start + i + 2], "big")
                               for i in (0, 2))
        length = int.from_bytes(data[start + 4 : start + 6], "big")
        return f"UDP {source} → {destination} Len={max(length - 8, 0)}"
    if protocol == TCP and end - start >= 14:
        source, destination = (int.from_bytes(data[start + i : start + i + 2], "big")
                               for i in (0, 2))
        flags = [name for name, mask in _TCP_FLAGS if data[start + 13] & mask]
        return f"TCP {source} → {destination} [{', '.join(flags)}]"
    if protocol == ESP and end - start >= 8:
        spi = int.from_bytes(data[start : start + 4], "big")
        sequence = int.from_bytes(data[start + 4 : start + 8], "big")
        return f"ESP SPI 0x{spi:08x} seq {sequence} (encrypted)"
    if protocol == NO_NEXT_HEADER:
        return "IPv6 no next header"
    if protocol == IPV4_IN_IPV6:
        return "IPv4 in IPv6"
    if protocol == FRAGMENT:
        return "IPv6 fragment"
    if protocol is None:
        return "IPv6 (header chain cut short)"
    return f"IPv6 {_PROTOCOL_NAMES.get(protocol, f'next header {protocol}')}"


def tunnel_prefix(view: PacketView) -> str:
    return "IPv6-in-IPv6: " * view.tunnel
