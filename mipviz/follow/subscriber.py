"""The follower's side: connect to the presenter, read its lesson and positions, say when the
lecturer is lost, and connect again (forever, until the follower quits).

It runs as a task in Textual's event loop and reports through one callback with
:class:`Connected`, :class:`Lost`, a :class:`~mipviz.follow.protocol.LessonOffer` or a
:class:`~mipviz.follow.protocol.Position`. A presenter that sends something the protocol does
not allow is treated as lost (and tried again): nothing it sends reaches the UI unchecked.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass

from mipviz.follow.protocol import (
    LOST_AFTER,
    MAX_PRESENTER_LINE,
    Beat,
    Hello,
    LessonOffer,
    Position,
    decode_from_presenter,
    encode,
)

CONNECT_TIMEOUT = 5.0
RETRY_FIRST = 0.5  # seconds before connecting again; doubled each failure up to RETRY_MOST
RETRY_MOST = 4.0
GRACE = 0.5  # seconds more, to read what arrived while this process was busy


@dataclass(frozen=True, slots=True)
class Connected:
    """The lecturer is reachable (again)."""


@dataclass(frozen=True, slots=True)
class Lost:
    """The lecturer cannot be reached, or went silent; why, in English (for the log)."""

    reason: str


Event = Connected | Lost | LessonOffer | Position


class Subscriber:
    """Follow the presenter at ``host:port``; :meth:`run` until cancelled."""

    def __init__(self, host: str, port: int, report: Callable[[Event], object],
                 language: str = "en") -> None:
        self.host = host
        self.port = port
        self.report = report
        self.language = language
        self.connected = False

    async def run(self) -> None:
        delay = RETRY_FIRST
        while True:
            try:
                await self._session()
                reason = "the lecturer closed the connection"
            except asyncio.CancelledError:
                raise
            except Exception as error:  # refused, reset, silent, or sent garbage
                reason = f"{type(error).__name__}: {error}"
            if self.connected:
                delay = RETRY_FIRST  # it worked a moment ago: try again soon
            self.connected = False
            self.report(Lost(reason))
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MOST)

    async def _session(self) -> None:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, limit=MAX_PRESENTER_LINE),
            CONNECT_TIMEOUT)
        try:
            with contextlib.suppress(OSError):
                writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP,
                                                           socket.TCP_NODELAY, 1)
            writer.write(encode(Hello(self.language)))
            self.connected = True
            self.report(Connected())
            while True:
                line = await _next_line(reader)
                if not line.endswith(b"\n"):
                    return  # end of stream (a cut line is not a record)
                record = decode_from_presenter(line)
                if not isinstance(record, Beat):
                    self.report(record)
        finally:
            writer.close()


async def _next_line(reader: asyncio.StreamReader) -> bytes:
    """The presenter's next line; TimeoutError after LOST_AFTER seconds of silence. This
    process's own stall (a long repaint on a loaded machine) is not the lecturer's silence:
    when the time is up, what arrived meanwhile is read first (the loop polls the socket once
    more) before the lecturer is given up."""
    try:
        return await asyncio.wait_for(reader.readline(), LOST_AFTER)
    except TimeoutError:
        return await asyncio.wait_for(reader.readline(), GRACE)
