"""The shape of an explanation: a title, a verdict, and labelled values in grouped hex."""

from __future__ import annotations

from dataclasses import dataclass

from mipviz.i18n import Msg

OCTETS_PER_LINE = 16  # a value longer than this continues on the next line


def group_hex(data: bytes, group: int = 2) -> str:
    """``data`` in hex, ``group`` octets (4 hex digits) per group: ``2001 0db8 0001``."""
    text = data.hex()
    width = 2 * group
    return " ".join(text[i:i + width] for i in range(0, len(text), width))


def hex_lines(data: bytes) -> tuple[str, ...]:
    """Grouped hex, at most :data:`OCTETS_PER_LINE` octets a line (empty data: ``—``)."""
    if not data:
        return ("—",)
    return tuple(group_hex(data[i:i + OCTETS_PER_LINE])
                 for i in range(0, len(data), OCTETS_PER_LINE))


def bits(data: bytes) -> str:
    """Each octet as 8 bits, octets separated by a space: ``00000010 00000000``."""
    return " ".join(f"{octet:08b}" for octet in data)


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled value. ``value`` holds one or more display lines (hex or bits);
    ``depth`` 1 marks a part of the input above it; ``span`` is where the value sits in the
    frame's bytes (the inspector lights it), when it is on the wire."""

    label: Msg
    value: tuple[str, ...] = ()
    depth: int = 0
    span: tuple[int, int] | None = None
    verdict: bool | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """What one step computes: ``verdict`` True/False when a recomputation was compared with
    the bytes on the wire, None when there was nothing to compare."""

    title: Msg
    lines: tuple[Line, ...]
    verdict: bool | None = None
