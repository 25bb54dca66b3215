"""The mobile node's Binding Update List entries while they live (RFC 6275 §11.1), and the
timing constants both home registration and correspondent registration use.

Each entry is snapshotted by value into :class:`mipviz.engine.timeline.BindingUpdateListEntry`
for the Timeline; its ``state`` follows the tables in :mod:`mipviz.engine.states`.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address

from mipviz.engine.simulation import Timer, seconds

INITIAL_BINDACK_TIMEOUT = seconds(1)  # RFC 6275 §12
INITIAL_BINDACK_TIMEOUT_FIRST_REG = seconds(1.5)  # RFC 6275 §13
MAX_BINDACK_TIMEOUT = seconds(32)
MAX_TOKEN_LIFETIME = seconds(210)
MAX_RR_BINDING_LIFETIME = 420
MAX_RO_FAILURE = 3


@dataclass(eq=False)
class BindingUpdateListRecord:
    """A Binding Update List entry while it lives (snapshotted as BindingUpdateListEntry)."""

    peer: str
    peer_address: IPv6Address
    home_registration: bool
    sequence: int
    state: str = "idle"
    care_of_address: IPv6Address | None = None
    lifetime: int = 0
    expires: int = 0
    sent_at: int = 0
    retransmissions: int = 0
    timeout: int = INITIAL_BINDACK_TIMEOUT
    timer: Timer | None = None
    refresh_timer: Timer | None = None
    # Return Routability (RFC 6275 §11.6); tokens are kept with the time they arrived
    home_cookie: bytes | None = None
    careof_cookie: bytes | None = None
    home_token: tuple[bytes, int, int] | None = None  # (token, nonce index, received at)
    careof_token: tuple[bytes, int, int, IPv6Address] | None = None  # + the CoA it is for
    kbm: bytes | None = None
    failures: int = 0

    def stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
