"""The lesson's sequence chart as a Mermaid ``sequenceDiagram``: text to paste into notes or
docs (the handout shows it; it loads no Mermaid script).

One participant per node, in the lesson's order (the chart's columns); one arrow per frame
crossing one link, labelled ``step: summary`` as the ladder labels it. A frame inside an
IPv6-in-IPv6 tunnel (RFC 2473; RFC 6275 §10.4.1) is dotted and marked ``⊂⊃``; a multicast frame
(no single receiver) is an open arrow to each node on its link; a step without a frame (a
move, a flow's end) is a note over its node.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline
    from mipviz.lesson.schema import Lesson

# Mermaid reads `;` as a statement end and `#` as the start of an entity code; `<`/`>` it
# would take as HTML. Its own entity codes spell them safely.
_ESCAPES = {";": "#59;", "#": "#35;", "<": "#lt;", ">": "#gt;", "\n": " ", "\r": " "}

# A node's name is its participant id when Mermaid can read it as one; else P1, P2, ... with
# the name as the label. (Its keywords cannot be ids.)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_KEYWORDS = frozenset({"participant", "actor", "as", "note", "over", "left", "right", "of",
                       "loop", "alt", "else", "opt", "par", "and", "rect", "end", "critical",
                       "break", "box", "activate", "deactivate", "autonumber", "create",
                       "destroy", "title", "links", "link", "properties", "details"})


def mermaid_text(text: str) -> str:
    """*text* safe as a Mermaid message, note or participant label."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def sequence_diagram(lesson: Lesson, timeline: Timeline, language: str = "en") -> str:
    """The whole run of *lesson* as a Mermaid ``sequenceDiagram`` (newline-terminated)."""
    names = [node.name for node in lesson.topology.nodes]
    ids = {name: name if _IDENTIFIER.fullmatch(name) and name.lower() not in _KEYWORDS
           else f"P{number}" for number, name in enumerate(names, start=1)}
    lines = ["sequenceDiagram"]
    lines.extend(f"    participant {ids[name]}" if ids[name] == name
                 else f"    participant {ids[name]} as {mermaid_text(name)}" for name in names)
    for step in timeline.steps:
        lines.extend(_step_lines(step, timeline, ids, language))
    return "\n".join(lines) + "\n"


def _step_lines(step: Step, timeline: Timeline, ids: dict[str, str],
                language: str) -> list[str]:
    label = mermaid_text(f"{step.index}: {_label(step, language)}")
    if step.frame is None or step.tx not in ids:
        node = step.events[0].node if step.events else None
        return [f"    Note over {ids[node]}: {label}"] if node in ids else []
    source = ids[step.tx]
    packet = step.packet
    line = "--" if packet is not None and packet.tunnel_depth > 0 else "-"
    if step.rx in ids:
        return [f"    {source}{line}>>{ids[step.rx]}: {label}"]
    members = [name for name in ids if name != step.tx and step.link is not None
               and step.link in timeline.state_at(name, step.index).links]
    if not members:
        return [f"    Note over {source}: {label}"]
    return [f"    {source}{line}){ids[name]}: {label}" for name in members]


def _label(step: Step, language: str) -> str:
    packet = step.packet
    label = step.summary_in(language)
    if packet is not None and packet.tunnel_depth > 0:
        label = "⊂⊃ " + label
    if step.problems:
        label = "⚠ " + label
    return label
