"""Bytes → model, the codec's entry point: ``struct`` first, scapy only on first need.

:mod:`mipviz.wire.struct_decode` reads octets in exactly the form the encoder builds (it keeps a
reading only if :mod:`mipviz.wire.struct_encode` gives back the same octets), with the same
model and problems as scapy's reading. Importing scapy costs about 0.2 s of CPU, so this module
never imports it: :mod:`mipviz.wire.decode` (scapy) is imported the first time a frame falls
outside that form, and reads it exactly as before (issue 14 item 1).

Memoisation (by frame octets; a forwarded packet's later hops reuse the first hop's reading)
lives here, so both paths share it; :mod:`mipviz.wire.decode` re-exports these names.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv6Address

from mipviz.model import messages as m
from mipviz.wire import layout, struct_decode

LINKTYPE_ETHERNET = 1
_UNSPECIFIED = IPv6Address(0)
_NO_MAC = "00:00:00:00:00:00"


def _mac(octets: bytes) -> str:
    return ":".join(f"{octet:02x}" for octet in octets)


def _placeholder(data: bytes) -> m.IPv6Packet:
    """What stands for a packet that is not IPv6 at all: unspecified addresses, raw octets."""
    return m.IPv6Packet(_UNSPECIFIED, _UNSPECIFIED,
                        m.UnknownPayload(layout.NO_NEXT_HEADER, bytes(data)), hop_limit=0)


def _decode(data: bytes, linktype: int, *, use_struct: bool = True) -> m.DecodedFrame:
    """The frame and its verdicts. A frame in exactly the form the encoder builds is read by
    :mod:`mipviz.wire.struct_decode` (the same model and problems, without scapy); any other
    octets, or ``use_struct=False`` (the reference the tests compare against), go to scapy."""
    fast = (struct_decode.decode_frame(data)
            if use_struct and linktype == LINKTYPE_ETHERNET else None)
    if fast is not None:
        # Octets the encoder gives back exactly carry the checksum it computed with
        # find_upper_layer_checksum (every upper layer struct_decode reads has one): found ==
        # expected, so the verdict is True and there is no checksum problem to add.
        return m.DecodedFrame(fast[0], True, fast[1])
    from mipviz.wire.decode import scapy_decode  # scapy, on first need

    return scapy_decode(data, linktype)


@lru_cache(maxsize=4096)
def _decode_cached(data: bytes, linktype: int) -> m.DecodedFrame:
    return _decode(data, linktype)


_HOP_LIMIT = layout.ETHERNET_HEADER_LENGTH + 7  # the outer IPv6 Hop Limit octet in a frame
_NEXT_HEADER = layout.ETHERNET_HEADER_LENGTH + 6
# RS, RA, NS, NA, Redirect and FMIPv6's 154 (RFC 5568 6.1): Hop Limit 255 is checked
_NEIGHBOR_DISCOVERY = frozenset((*range(133, 138), 154))


def _hop_invariant(data: bytes) -> bool:
    """Whether decoding ``data`` depends on neither its MACs nor its outer Hop Limit: an
    Ethernet IPv6 frame whose outer upper layer is not Neighbor Discovery (RFC 4861 checks the
    Hop Limit of those) and carries no extension header in front of one."""
    first = layout.ETHERNET_HEADER_LENGTH + 40
    if len(data) <= first or data[12:14] != b"\x86\xdd":
        return False
    if data[layout.ETHERNET_HEADER_LENGTH] >> 4 != 6:  # not IPv6 after all
        return False
    next_header = data[_NEXT_HEADER]
    if next_header == 58:
        return data[first] not in _NEIGHBOR_DISCOVERY
    return next_header in (6, 17, 41, 59, 135)


@lru_cache(maxsize=8192)
def _decode_hop_cached(ipv6_with_hop_limit_0: bytes) -> m.DecodedFrame:
    return _decode(b"\x00" * 12 + b"\x86\xdd" + ipv6_with_hop_limit_0, LINKTYPE_ETHERNET)


def _decode_hop(data: bytes) -> m.DecodedFrame:
    """A forwarded packet's later hops reuse the first hop's dissection: only the MACs and the
    outer Hop Limit differ, and nothing decoded from the rest depends on them."""
    ipv6 = bytearray(data[layout.ETHERNET_HEADER_LENGTH:])
    hop_limit = ipv6[7]
    ipv6[7] = 0
    decoded = _decode_hop_cached(bytes(ipv6))
    packet = decoded.frame.packet
    frame = m.EthernetFrame(
        _mac(data[6:12]), _mac(data[0:6]),
        m.IPv6Packet(packet.source, packet.destination, packet.payload, hop_limit,
                     packet.extension_headers, packet.traffic_class, packet.flow_label))
    return m.DecodedFrame(frame, decoded.checksum_ok, decoded.problems)


def decode_frame(data: bytes, linktype: int = LINKTYPE_ETHERNET) -> m.DecodedFrame:
    """Dissect an Ethernet II frame carrying IPv6 and convert it to the model. Never raises.

    ``linktype`` is the pcap link type of ``data``: 1 (Ethernet, the engine's frames) or, for
    captures, 101/229 (raw IP/IPv6), in which case the model frame gets all-zero MACs.

    Unknown or malformed parts become ``UnknownPayload``, ``UnknownMobilityMessage``,
    ``UnknownMobilityOption``, ``UnknownDestinationOption`` or ``UnknownICMPv6`` holding their
    octets, and ``problems`` names each issue. Padding options are validated and dropped.
    ``checksum_ok`` is the innermost MH/ICMPv6/UDP/TCP checksum verdict under the RFC 6275
    pseudo-header rules (None when there is none). Results are memoised by frame octets.
    """
    try:
        data = bytes(data)
        if linktype == LINKTYPE_ETHERNET and _hop_invariant(data):
            return _decode_hop(data)
        return _decode_cached(data, linktype)
    except Exception as error:  # the last line of defence: the decoder itself failed
        frame = m.EthernetFrame(_NO_MAC, _NO_MAC, _placeholder(bytes(data)))
        return m.DecodedFrame(
            frame, None, (f"internal decoder error ({type(error).__name__}: {error})",))
