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
from mipviz.engine.timeline import Step, Timeline


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


def home_agents_lists(step: Step, timeline: Timeline) -> dict[str, list[dict[str, Any]]]:
    """The Home Agents List (RFC 6275 §10.5.1) of each home agent whose list ``step``
    changed, for the record's optional ``home_agents_list`` key: node name -> its entries
    (``address``: the first global address, else the link-local one; ``link_local``;
    ``preference``; ``lifetime`` in seconds as advertised; ``expires``: virtual seconds;
    ``mobile_router_support``: RFC 3963 §7.3)."""
    lists: dict[str, list[dict[str, Any]]] = {}
    for name in step.changed:
        now = timeline.state_at(name, step.index).home_agents_list
        if now == timeline.state_at(name, step.index - 1).home_agents_list:
            continue
        lists[name] = [{
            "address": str(entry.global_addresses[0] if entry.global_addresses
                           else entry.link_local),
            "link_local": str(entry.link_local),
            "preference": entry.preference,
            "lifetime": entry.lifetime,
            "expires": entry.expires / 1_000_000,
            "mobile_router_support": entry.mobile_router_support,
        } for entry in now]
    return lists
