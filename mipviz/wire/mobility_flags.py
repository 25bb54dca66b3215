"""A Binding Update or Binding Acknowledgement from its fixed fields, the flags read out of
the flag word as both decoders see it (no scapy here): RFC 6275 §6.1.7 (BU: A H L K, the 16-bit
word at MH offset 8) and §6.1.8 (BA: K, the octet at MH offset 7), RFC 3963 §4.1-4.2 (R),
RFC 5380 §7.1 (M), RFC 5213 §8.1-8.2 (P). Lifetimes are on the wire in units of 4 seconds.

Shared by the scapy decoder (:mod:`mipviz.wire.decode_mobility`), which rebuilds the word from
scapy's split fields, and the ``struct`` one (:mod:`mipviz.wire.struct_decode`), which reads
it whole, so that one set of flag names makes both messages.
"""

from __future__ import annotations

from mipviz.model import messages as m
from mipviz.wire import layout


def binding_update(sequence: int, lifetime_units: int, word: int,
                   options: tuple[m.MobilityOption, ...]) -> m.BindingUpdate:
    return m.BindingUpdate(
        sequence=sequence, lifetime=4 * lifetime_units,
        acknowledge=bool(word & layout.BU_FLAG_A),
        home_registration=bool(word & layout.BU_FLAG_H),
        link_local_compatibility=bool(word & layout.BU_FLAG_L),
        key_management=bool(word & layout.BU_FLAG_K),
        mobile_router=bool(word & layout.BU_FLAG_R), options=options,
        map_registration=bool(word & layout.BU_FLAG_M),
        proxy_registration=bool(word & layout.BU_FLAG_P))


def binding_acknowledgement(status: int, sequence: int, lifetime_units: int, octet: int,
                            options: tuple[m.MobilityOption, ...]
                            ) -> m.BindingAcknowledgement:
    return m.BindingAcknowledgement(
        status=status, sequence=sequence, lifetime=4 * lifetime_units,
        key_management=bool(octet & layout.BA_FLAG_K),
        mobile_router=bool(octet & layout.BA_FLAG_R), options=options,
        proxy_registration=bool(octet & layout.BA_FLAG_P))
