"""The care-of address assembled bit by bit (S07): RFC 4862 §5.5.3 stateless
autoconfiguration, a 64-bit prefix from the Router Advertisement followed by the modified
EUI-64 interface identifier of RFC 4291 Appendix A (the MAC split in two, ff:fe inserted, the
universal/local bit, bit 6 of the first octet, inverted).

The step where a node forms an address is found from its own record (an event whose
``before`` is a /64 prefix and ``after`` an address in it, the receiving node's); the
identifier is recomputed here from the node's MAC, and the verdict says whether prefix |
identifier is the address the node formed.
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING

from mipviz.explain.model import Explanation, Line, bits
from mipviz.explain.secrets import RunSecrets
from mipviz.i18n import msg

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step

GAP = " ".join(["········"] * 2)  # where ff:fe goes, under the MAC's bits


def formed_address(step: Step) -> tuple[IPv6Network, IPv6Address] | None:
    for event in step.events:
        if event.node != step.rx or not event.before or not event.after:
            continue
        try:
            prefix = IPv6Network(event.before, strict=False)
            address = IPv6Address(event.after)
        except ValueError:
            continue
        if prefix.prefixlen == 64 and address in prefix:
            return prefix, address
    return None


def _mac_bytes(mac: str) -> bytes | None:
    try:
        raw = bytes(int(part, 16) for part in mac.split(":"))
    except ValueError:
        return None
    return raw if len(raw) == 6 else None


def _choose_mac(step: Step, secrets: RunSecrets) -> bytes | None:
    candidates = [raw for raw in (_mac_bytes(mac) for mac in secrets.macs.get(step.rx or "", ()))
                  if raw is not None]
    if step.frame_bytes is not None and step.frame_bytes[:6] in candidates:
        return step.frame_bytes[:6]  # the interface the RA arrived on
    return candidates[0] if len(candidates) == 1 else None


def explain(step: Step, secrets: RunSecrets) -> Explanation | None:
    formed = formed_address(step)
    if formed is None:
        return None
    prefix, address = formed
    title = msg("explain.eui64.title", node=step.rx or "")
    mac = _choose_mac(step, secrets)
    if mac is None:
        return Explanation(title, (Line(msg("explain.eui64.no_mac")),))
    eui = mac[:3] + b"\xff\xfe" + mac[3:]
    modified = bytes([eui[0] ^ 0x02]) + eui[1:]
    prefix_bytes = prefix.network_address.packed[:8]
    result = IPv6Address(prefix_bytes + modified)
    equal = result == address
    mac_text = ":".join(f"{octet:02x}" for octet in mac)
    frame = step.frame_bytes or b""
    prefix_at = frame.find(prefix.network_address.packed)
    mac_span = (0, 6) if frame[:6] == mac else None
    flipped = " " * 6 + "^"  # 0x02 of the first octet: its seventh bit from the left
    identifier = ":".join(modified[i:i + 2].hex() for i in range(0, 8, 2))
    full = ":".join(result.packed[i:i + 2].hex() for i in range(0, 16, 2))
    lines = (
        Line(msg("explain.eui64.mac", mac=mac_text),
             (bits(mac[:3]) + " " + GAP + " " + bits(mac[3:]),), span=mac_span),
        Line(msg("explain.eui64.inserted"), (bits(eui),)),
        Line(msg("explain.eui64.flipped", before=f"{eui[0]:02x}", after=f"{modified[0]:02x}",
                 identifier=identifier), (bits(modified), flipped)),
        Line(msg("explain.eui64.prefix", prefix=str(prefix)),
             (bits(prefix_bytes), bits(modified)),
             span=(prefix_at, 8) if prefix_at >= 0 else None),
        Line(msg("explain.eui64.equal" if equal else "explain.eui64.differs", full=full,
                 address=str(address)), verdict=equal),
    )
    return Explanation(title, lines, equal)
