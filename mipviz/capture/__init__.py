"""mipviz.capture: captured pcap/pcapng files → a Timeline of observed steps (no scapy).

The pieces, in the order data flows through them:

* :mod:`~mipviz.capture.reader` streams records out of pcap and pcapng files;
  :mod:`~mipviz.capture.linklayer` finds the IPv6 packet in each frame;
* :mod:`~mipviz.capture.packet` walks the IPv6 header chain (HAO, RH2, nested tunnels), into
  NULL-encrypted ESP (:mod:`~mipviz.capture.esp`) and PMIPv6 over IPv4 UDP
  (:mod:`~mipviz.capture.ipv4`); :mod:`~mipviz.capture.protected` says what encrypted ESP
  probably carries;
  :mod:`~mipviz.capture.checksums` verifies the upper-layer checksum as the receiver would;
* :mod:`~mipviz.capture.mobility` (+ :mod:`~mipviz.capture.mobility_options`) and
  :mod:`~mipviz.capture.icmpv6` decode the signalling of RFC 6275, NEMO, PMIPv6, FMIPv6,
  HMIPv6, DHAAD and Mobile Prefix Discovery, each malformation a problem naming its rule;
* pass 1, :mod:`~mipviz.capture.survey`: index the capture, collect the
  :mod:`~mipviz.capture.signals`, infer the :mod:`~mipviz.capture.roles`, replay the
  :mod:`~mipviz.capture.bindings` (the receiver's :mod:`~mipviz.capture.binding_cache`, the
  sender's :mod:`~mipviz.capture.update_list`, the :mod:`~mipviz.capture.pending` updates)
  into the :mod:`~mipviz.capture.state` book and :mod:`~mipviz.capture.narrate` the rest;
* pass 2, :mod:`~mipviz.capture.replay`: every packet as a step (its
  :mod:`~mipviz.capture.content` and :mod:`~mipviz.capture.summary`), the Timeline for the UI,
  the JSON record (:mod:`~mipviz.capture.record`), in parallel ranges for big captures
  (:mod:`~mipviz.capture.fanout`).

``mipviz dump`` is :mod:`mipviz.commands.dump` (a big capture in bounded memory:
:mod:`~mipviz.capture.streamed`); ``mipviz replay`` steps through the steps of
:mod:`~mipviz.capture.window`, made a window at a time, and through those of
:mod:`~mipviz.capture.replayed_windows` for a capture too big to keep (node states and notes
from the :mod:`~mipviz.capture.checkpoints` journal, in flat memory).
"""

from __future__ import annotations

from mipviz.capture.reader import CaptureFormatError, open_capture, read_records

__all__ = ["CaptureFormatError", "open_capture", "read_records"]
