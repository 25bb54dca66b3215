"""Find the IPv6 packet inside a captured frame, for each supported link type.

Link types are the tcpdump.org LINKTYPE_ values (https://www.tcpdump.org/linktypes.html):

* 0 NULL / BSD loopback: a 4-octet address family in the *capturing host's* byte order
  (IPv6 is 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on Darwin, 10 on Linux);
* 108 LOOP (OpenBSD loopback): the same family in network byte order;
* 1 Ethernet: destination, source, EtherType, with any number of 802.1Q / 802.1ad / QinQ
  tags (EtherTypes 0x8100, 0x88A8, 0x9100) before the EtherType 0x86DD;
* 101 raw IP, 228 raw IPv4, 229 raw IPv6: no link header at all;
* 113 Linux cooked capture (SLL, 16-octet header, protocol at octet 14);
* 276 Linux cooked capture v2 (SLL2, 20-octet header, protocol at octet 0).

IPv6 carried in IPv4 (protocol 41, RFC 4213 "6in4", used by DSMIPv6 and PMIPv6 over IPv4
transport) is followed into. Every other link type gets a message naming it.
"""

from __future__ import annotations

from mipviz.capture.says import Said, say
from mipviz.wire.layout import ETHERTYPE_IPV6

ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_ARP = 0x0806
VLAN_ETHERTYPES = frozenset({0x8100, 0x88A8, 0x9100})

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LOOP = 108
LINKTYPE_LINUX_SLL = 113
LINKTYPE_IPV4 = 228
LINKTYPE_IPV6 = 229
LINKTYPE_LINUX_SLL2 = 276

LINKTYPE_NAMES: dict[int, str] = {
    0: "BSD loopback (NULL)",
    1: "Ethernet",
    3: "AX.25",
    6: "IEEE 802.5 Token Ring",
    8: "SLIP",
    9: "PPP",
    10: "FDDI",
    50: "PPP in HDLC-like framing",
    51: "PPPoE",
    100: "ATM RFC 1483 LLC/SNAP",
    101: "raw IP",
    104: "Cisco HDLC",
    105: "IEEE 802.11",
    107: "Frame Relay",
    108: "OpenBSD loopback",
    113: "Linux cooked capture (SLL)",
    119: "Prism 802.11",
    127: "802.11 radiotap",
    147: "user-defined (147)",
    187: "Bluetooth HCI H4",
    192: "PPI",
    195: "IEEE 802.15.4",
    197: "Endace ERF",
    201: "Bluetooth HCI H4 with direction",
    220: "USB (Linux, memory-mapped)",
    228: "raw IPv4",
    229: "raw IPv6",
    239: "Netlink",
    249: "USBPcap",
    252: "Wireshark upper PDU",
    274: "Linux vsock",
    276: "Linux cooked capture v2 (SLL2)",
}
SUPPORTED_LINKTYPES = frozenset({LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LOOP,
                                 LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6,
                                 LINKTYPE_LINUX_SLL2})
_BSD_AF_INET6 = frozenset({10, 24, 28, 30})
_AF_INET = 2
_ETHERTYPE_NAMES = {ETHERTYPE_IPV4: "IPv4", ETHERTYPE_ARP: "ARP", 0x8035: "RARP",
                    0x88CC: "LLDP", 0x8863: "PPPoE discovery", 0x8864: "PPPoE session",
                    0x888E: "EAPOL", 0x8847: "MPLS", 0x88E5: "MACsec", 0x8809: "Slow protocols"}


class Malformed(Said):
    """A note that is a problem (a cut-short or impossible link header, an unsupported link
    type), as opposed to a description of a frame that is simply not IPv6 ("ARP"); bilingual
    (a :class:`~mipviz.i18n.said.Said`) where its phrase kept its message."""

    __slots__ = ()


def _malformed(text: str) -> Malformed:
    made = Malformed(text)
    said = getattr(text, "said", None)
    if said is not None:
        made.said = said
    return made


_UNSUPPORTED = say("capture.link.unsupported")
_CUT_SHORT = say("capture.link.cut_short")
_VLAN_CUT_SHORT = say("capture.link.vlan_cut_short")()
_NO_IP = say("capture.link.no_ip")()
_IP_VERSION = say("capture.link.ip_version")
_IPV4_CUT_SHORT = say("capture.link.ipv4_cut_short")()


class Ipv4Packet(str):
    """The note for an IPv4 packet that does not carry IPv6 (its text is ``"IPv4"``), with the
    ``offset`` of its header, for :mod:`mipviz.capture.ipv4` to look into (RFC 5844)."""

    def __new__(cls, offset: int) -> Ipv4Packet:
        note = super().__new__(cls, "IPv4")
        note.offset = offset
        return note

    offset: int


def linktype_name(linktype: int) -> str:
    """``"SLIP"`` for 8, ``"link type 4242"`` for a number nobody has named."""
    return LINKTYPE_NAMES.get(linktype, f"link type {linktype}")


def unsupported_message(linktype: int) -> str:
    return _UNSUPPORTED(linktype=linktype, name=linktype_name(linktype))


def find_ipv6(linktype: int, data: bytes) -> tuple[int, str | None]:
    """Where the IPv6 header starts in ``data`` (-1 if there is none) and, if not, why not.

    The reason is a short description such as ``"ARP"`` or a problem such as
    ``"Ethernet header cut short"``; it is None when an IPv6 packet was found.
    """
    if linktype == LINKTYPE_ETHERNET:
        return _ethernet(data)
    if linktype in (LINKTYPE_RAW, LINKTYPE_IPV6, LINKTYPE_IPV4):
        return _ip(data, 0)
    if linktype == LINKTYPE_LINUX_SLL:
        if len(data) < 16:
            return -1, _malformed(_CUT_SHORT(header="Linux cooked", present=len(data),
                                             need=16))
        return _by_ethertype(data, int.from_bytes(data[14:16], "big"), 16)
    if linktype == LINKTYPE_LINUX_SLL2:
        if len(data) < 20:
            return -1, _malformed(_CUT_SHORT(header="Linux cooked v2", present=len(data),
                                             need=20))
        return _by_ethertype(data, int.from_bytes(data[0:2], "big"), 20)
    if linktype in (LINKTYPE_NULL, LINKTYPE_LOOP):
        if len(data) < 4:
            return -1, _malformed(_CUT_SHORT(header="loopback", present=len(data), need=4))
        family_big = int.from_bytes(data[:4], "big")
        family_little = int.from_bytes(data[:4], "little")
        if linktype == LINKTYPE_LOOP:
            family_little = family_big
        if family_big in _BSD_AF_INET6 or family_little in _BSD_AF_INET6:
            return _ip(data, 4)
        if _AF_INET in (family_big, family_little):
            return _ip(data, 4)
        return -1, f"loopback address family {family_little}"
    return -1, _malformed(unsupported_message(linktype))


def _ethernet(data: bytes) -> tuple[int, str | None]:
    if len(data) < 14:
        return -1, _malformed(_CUT_SHORT(header="Ethernet", present=len(data), need=14))
    ethertype = (data[12] << 8) | data[13]
    offset = 14
    while ethertype in VLAN_ETHERTYPES:  # 802.1Q / 802.1ad tags, possibly stacked
        if len(data) < offset + 4:
            return -1, _malformed(_VLAN_CUT_SHORT)
        ethertype = (data[offset + 2] << 8) | data[offset + 3]
        offset += 4
    if ethertype == ETHERTYPE_IPV6:
        return offset, None
    return _by_ethertype(data, ethertype, offset)


def _by_ethertype(data: bytes, ethertype: int, offset: int) -> tuple[int, str | None]:
    if ethertype == ETHERTYPE_IPV6:
        return offset, None
    if ethertype == ETHERTYPE_IPV4:
        return _ip(data, offset)
    if ethertype < 0x0600:
        return -1, "IEEE 802.3 frame with an LLC header (not IP)"
    name = _ETHERTYPE_NAMES.get(ethertype)
    return -1, name if name else f"EtherType 0x{ethertype:04x}"


def _ip(data: bytes, offset: int) -> tuple[int, str | None]:
    """Raw IP: IPv6 as is; IPv4 only when it carries IPv6 (protocol 41, RFC 4213)."""
    if len(data) <= offset:
        return -1, _malformed(_NO_IP)
    version = data[offset] >> 4
    if version == 6:
        return offset, None
    if version != 4:
        return -1, _malformed(_IP_VERSION(version=version))
    if len(data) < offset + 20:
        return -1, _malformed(_IPV4_CUT_SHORT)
    header_length = (data[offset] & 0x0F) * 4
    fragment = int.from_bytes(data[offset + 6 : offset + 8], "big") & 0x1FFF
    if data[offset + 9] == 41 and header_length >= 20 and not fragment:
        return offset + header_length, None
    return -1, Ipv4Packet(offset)
