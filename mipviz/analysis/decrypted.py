"""A run's Timeline with its ESP opened, for the analyses that read the wire model.

RFC 6275 §5.1 sends the home registration (BU/BA) and the tunnelled HoTI/HoT inside ESP when
the home agent has ``ipsec = "esp"`` (:mod:`mipviz.engine.ipsec`): the frames' model then
shows an :class:`~mipviz.model.messages.EncapsulatingSecurityPayload` where the Mobility
Header was, and :mod:`mipviz.analysis.handovers` would find no home registration. The run
knows its SAs' keys (:class:`~mipviz.explain.secrets.RunSecrets`, what ``export --keylog``
writes): :func:`decrypted_timeline` opens each ESP frame with them exactly as
:mod:`mipviz.explain.esp` does for the learner (the ICV first, RFC 4303 §3.4.4), and gives
the frame the model of the packet without ESP (:func:`~mipviz.explain.esp.plain_frame`,
decoded by :func:`mipviz.wire.decode_frame`). A frame whose ICV does not verify, or that has
no SA, keeps its model. Nothing else of the Timeline changes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from mipviz.model.messages import EncapsulatingSecurityPayload, IPv6Packet

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline
    from mipviz.explain.secrets import EspKey


def decrypted_timeline(timeline: Timeline, keys: Mapping[int, EspKey]) -> Timeline:
    """``timeline`` (a shallow copy) with every ESP frame its SA opens shown decrypted."""
    steps = [_opened(step, keys) for step in timeline.steps] if keys else None
    if steps is None or all(new is old for new, old in zip(steps, timeline.steps,
                                                           strict=True)):
        return timeline
    copied = copy.copy(timeline)
    copied.steps = steps
    return copied


def _opened(step: Step, keys: Mapping[int, EspKey]) -> Step:
    frame = step.frame
    if frame is None or step.frame_bytes is None:
        return step
    packet: IPv6Packet = frame.packet
    while isinstance(packet.payload, IPv6Packet):  # ESP may be inside a tunnel
        packet = packet.payload
    esp = packet.payload
    if not isinstance(esp, EncapsulatingSecurityPayload) or esp.spi not in keys:
        return step
    from mipviz.explain.esp import open_esp, plain_frame
    from mipviz.wire import decode_frame

    opened = open_esp(step.frame_bytes, keys)
    plain = plain_frame(step.frame_bytes, opened) if opened is not None and opened.icv_ok \
        else None
    if plain is None:
        return step
    return replace(step, frame=decode_frame(plain).frame)
