"""The JSON-lines step record of DESIGN.md ("JSON-lines step record"), built from a Step.

Every key is always present; null where it does not apply. Other tools parse this: extend it
only by adding keys. The language changes only the text a person reads (``events``, and the
``summary`` of a step without a frame, which is its first events); keys, addresses and the
frame's Wireshark-like summary are the same in every language.
"""

from __future__ import annotations

from typing import Any

from mipviz.engine.messages import (
    MH_TYPE_NAMES,
    IPv6Packet,
    mh_type_of,
)
from mipviz.engine.node import MOBILITY_HEADER_TYPES
from mipviz.engine.timeline import Step


def _walk(packet: IPv6Packet) -> list[IPv6Packet]:
    layers = [packet]
    while isinstance(layers[-1].payload, IPv6Packet):
        layers.append(layers[-1].payload)
    return layers


def step_record(step: Step, language: str = "en") -> dict[str, Any]:
    """``step`` as a JSON-lines record, its events rendered in ``language``."""
    packet = step.packet
    record: dict[str, Any] = {
        "step": step.index,
        "time": step.time / 1_000_000,
        "link": step.link,
        "tx": step.tx,
        "rx": step.rx,
        "src": None,
        "dst": None,
        "summary": step.summary_in(language),
        "mh": None,
        "hao": None,
        "rh2": None,
        "tunnel": 0,
        "inner_src": None,
        "inner_dst": None,
        "checksum_ok": step.checksum_ok,
        "problems": list(step.problems),
        "events": [f"{event.node}: {event.render(language)}" for event in step.events],
        "bytes": step.frame_bytes.hex() if step.frame_bytes is not None else None,
    }
    if step.narration is not None:
        record["narration"] = step.narration
    if packet is None:
        return record
    layers = _walk(packet)
    innermost = layers[-1]
    record.update(
        src=str(packet.source),
        dst=str(packet.destination),
        tunnel=len(layers) - 1,
        inner_src=str(innermost.source),
        inner_dst=str(innermost.destination),
    )
    for layer in layers:
        hao = layer.home_address_option
        if hao is not None and record["hao"] is None:
            record["hao"] = str(hao.home_address)
        rh2 = layer.routing_header_type2
        if rh2 is not None and record["rh2"] is None:
            record["rh2"] = str(rh2.home_address)
    if isinstance(innermost.payload, MOBILITY_HEADER_TYPES):
        number = mh_type_of(innermost.payload)  # type: ignore[arg-type]
        record["mh"] = MH_TYPE_NAMES.get(number, f"Unknown ({number})")
    return record
