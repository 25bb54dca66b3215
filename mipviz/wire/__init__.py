"""mipviz.wire: model frames ↔ real bytes (scapy), checksums, pcap files, one-line summaries.

This package is the only part of mipviz that imports scapy, and only its codec modules do
(:mod:`mipviz.wire.encode`, :mod:`mipviz.wire.decode` and their helpers, through
:mod:`mipviz.wire._scapy`). Every name here is therefore loaded lazily, on first use:
importing ``mipviz.wire`` loads nothing, using :func:`describe`, the checksum verifiers or
the pcap functions does not load scapy, nor do :func:`encode_frame`, :func:`decode_frame` and
:func:`mobility_header_bytes` for the frames :mod:`mipviz.wire.struct_encode` and
:mod:`mipviz.wire.struct_decode` cover (a common lesson's); the first frame they decline, or
the first call to :func:`dissect`, does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mipviz.wire.checksum import upper_layer_checksum_ok, verify_mobility_header_checksum
    from mipviz.wire.dissect import DissectedField, dissect
    from mipviz.wire.frame_decode import decode_frame
    from mipviz.wire.frame_encode import encode_frame, mobility_header_bytes
    from mipviz.wire.pcap import LINKTYPE_ETHERNET, PcapFormatError, read_pcap, write_pcap
    from mipviz.wire.summary import BA_STATUS_NAMES, BE_STATUS_NAMES, describe

__all__ = [
    "BA_STATUS_NAMES",
    "BE_STATUS_NAMES",
    "LINKTYPE_ETHERNET",
    "DissectedField",
    "PcapFormatError",
    "decode_frame",
    "describe",
    "dissect",
    "encode_frame",
    "mobility_header_bytes",
    "read_pcap",
    "upper_layer_checksum_ok",
    "verify_mobility_header_checksum",
    "write_pcap",
]

# Every name is loaded on first use, not only the codec's: the scapy-free capture decoder
# imports mipviz.wire.layout and mipviz.wire.checksum, and loading this package must not
# bring in the summaries (and through them the engine's message model) that it never uses.
_LAZY = {
    "upper_layer_checksum_ok": "mipviz.wire.checksum",
    "verify_mobility_header_checksum": "mipviz.wire.checksum",
    "LINKTYPE_ETHERNET": "mipviz.wire.pcap",
    "PcapFormatError": "mipviz.wire.pcap",
    "read_pcap": "mipviz.wire.pcap",
    "write_pcap": "mipviz.wire.pcap",
    "BA_STATUS_NAMES": "mipviz.wire.summary",
    "BE_STATUS_NAMES": "mipviz.wire.summary",
    "describe": "mipviz.wire.summary",
    # struct first; scapy (mipviz.wire.encode/decode) only for a frame struct declines
    "encode_frame": "mipviz.wire.frame_encode",
    "mobility_header_bytes": "mipviz.wire.frame_encode",
    "decode_frame": "mipviz.wire.frame_decode",
    "dissect": "mipviz.wire.dissect",  # fields with byte offsets, for the packet inspector
    "DissectedField": "mipviz.wire.dissect",
}


def __getattr__(name: str) -> Any:
    """Load a name's module on first use (PEP 562)."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value
