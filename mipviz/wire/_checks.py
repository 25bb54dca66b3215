"""Checks that a model value has a faithful wire encoding (shared by the encoders; no scapy).

Each raises ValueError naming the field, so an engine bug surfaces where the frame is built.
"""

from __future__ import annotations

import re

from mipviz.wire import layout

_MAC = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")


def require(condition: bool, message: str) -> None:
    """Raise ValueError(message) unless ``condition``."""
    if not condition:
        raise ValueError(message)


def unsigned(value: int, bits: int, what: str) -> int:
    """``value`` if it fits an unsigned field of ``bits`` bits, else ValueError."""
    require(
        isinstance(value, int) and 0 <= value < (1 << bits),
        f"{what} {value!r} does not fit a {bits}-bit unsigned field",
    )
    return int(value)


def mac_address(value: str, what: str) -> str:
    """A MAC in the model's canonical form ``aa:bb:cc:dd:ee:ff`` (lower case), else ValueError."""
    require(
        isinstance(value, str) and _MAC.fullmatch(value) is not None,
        f"{what} {value!r} is not a MAC address written like 02:00:5e:00:53:01 (lower case)",
    )
    return value


def lifetime_units(seconds: int, what: str) -> int:
    """Seconds → the 4-second units of a BU/BA lifetime or refresh interval (RFC 6275 §6.1.7)."""
    require(
        isinstance(seconds, int)
        and 0 <= seconds <= layout.MAXIMUM_LIFETIME_SECONDS
        and seconds % 4 == 0,
        f"{what} {seconds!r} s must be a multiple of 4 s between 0 and "
        f"{layout.MAXIMUM_LIFETIME_SECONDS} s (the wire counts 4-second units)",
    )
    return seconds // 4


def octets(value: bytes, length: int, what: str) -> bytes:
    """``value`` if it is exactly ``length`` octets, else ValueError."""
    require(
        isinstance(value, bytes) and len(value) == length,
        f"{what} must be {length} octets, got {value!r}",
    )
    return value
