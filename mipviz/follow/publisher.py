"""The presenter's side: an asyncio TCP server, in Textual's own event loop, that hands every
follower the lesson and then the latest position.

The presenter's screen calls :meth:`Publisher.publish` on each change; that only stores the
encoded line and wakes each follower's writer: it never waits on a socket. Each follower has
its own writer task holding at most one pending position (a newer one replaces it), so a slow
follower skips positions rather than queueing them, and the kernel's and asyncio's buffers
hold at most one line beyond their watermark. A follower whose socket accepts nothing for
:data:`STALL` seconds, or that sends anything but a short hello
(:func:`mipviz.follow.protocol.decode_from_follower`), is dropped; no follower can raise into
the presenter's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Any

from mipviz.follow.protocol import (
    BEAT,
    MAX_FOLLOWER_LINE,
    MAX_FOLLOWER_LINES,
    Beat,
    LessonOffer,
    Position,
    ProtocolError,
    decode_from_follower,
    encode,
)

STALL = 30.0  # seconds a follower may take to accept one line before it is dropped
MAX_FOLLOWERS = 1000  # one more is refused at once (file descriptors are finite)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound now (before the UI takes the terminal) so that a port in
    use is a message and exit 1, not a broken screen. OSError when it cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class _Follower:
    """One connected follower: its pending line and the tasks that serve it."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.pending: bytes | None = None
        self.wake = asyncio.Event()
        self.language = "en"

    def offer(self, line: bytes) -> None:
        self.pending = line  # the latest only: an older position not yet sent is dropped
        self.wake.set()


class Publisher:
    """Publish one presenter's lesson and position to every follower that connects."""

    def __init__(self, sock: socket.socket, on_change: Callable[[], object] = lambda: None
                 ) -> None:
        self._sock = sock
        host, port = sock.getsockname()[:2]
        self.address: tuple[str, int] = (str(host), int(port))  # kept: the socket closes
        self._server: asyncio.Server | None = None
        self._followers: set[_Follower] = set()
        self._lesson: bytes | None = None
        self._position: bytes | None = None
        self._seq = 0
        self._on_change = on_change  # the follower count changed (the status line shows it)
        self._tasks: set[asyncio.Task[Any]] = set()  # one per connected follower
        self.dropped = 0  # followers dropped for garbage, too much, or a stalled socket

    @property
    def followers(self) -> int:
        return len(self._followers)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, sock=self._sock,
                                                  limit=MAX_FOLLOWER_LINE)

    async def close(self) -> None:
        """Stop listening and let every follower's task end by itself (its socket closed):
        a task cancelled later, when the loop shuts down, would be logged as an error."""
        if self._server is not None:
            self._server.close()
        for follower in list(self._followers):
            follower.writer.close()
            follower.wake.set()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=5)
        self._followers.clear()

    def set_lesson(self, offer: LessonOffer) -> None:
        """The lesson every follower gets first (and, when it changes, again)."""
        self._lesson = encode(offer)
        for follower in self._followers:
            follower.offer(self._lesson + (self._position or b""))

    def publish(self, position: Position) -> None:
        """The presenter's new position, for every follower. Never blocks, never raises."""
        self._seq += 1
        self._position = encode(_numbered(position, self._seq))
        for follower in self._followers:
            follower.offer(self._position)

    # ------------------------------------------------------------------ one follower
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self._followers) >= MAX_FOLLOWERS:
            writer.close()
            return
        follower = _Follower(writer)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        with contextlib.suppress(OSError):  # a position reaches the follower at once
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._followers.add(follower)
        self._on_change()
        follower.offer((self._lesson or b"") + (self._position or b""))
        listening: asyncio.Future[Any] = asyncio.ensure_future(self._listen(follower, reader))
        try:
            await self._write(follower, listening)
        except asyncio.CancelledError:
            raise
        except Exception:  # garbage, too much, a reset or a stalled socket: this one goes
            self.dropped += 1
        finally:
            listening.cancel()
            self._followers.discard(follower)
            writer.close()
            self._on_change()

    async def _write(self, follower: _Follower, listening: asyncio.Future[Any]) -> None:
        """Send the pending line whenever there is one, a beat when there was none for
        BEAT seconds; return when the follower has gone (or has been found out)."""
        while not listening.done():
            waking: asyncio.Future[Any] = asyncio.ensure_future(follower.wake.wait())
            await asyncio.wait({waking, listening}, timeout=BEAT,
                               return_when=asyncio.FIRST_COMPLETED)
            waking.cancel()
            if listening.done():
                listening.result()  # its ProtocolError or OSError: the follower is dropped
                return
            if follower.writer.is_closing():  # the presenter is closing
                return
            follower.wake.clear()
            line, follower.pending = follower.pending, None
            follower.writer.write(line if line is not None else encode(Beat()))
            await asyncio.wait_for(follower.writer.drain(), STALL)

    async def _listen(self, follower: _Follower, reader: asyncio.StreamReader) -> None:
        """Read the follower's hellos; anything else raises (and so drops it)."""
        for _ in range(MAX_FOLLOWER_LINES):
            line = await reader.readline()  # ValueError past MAX_FOLLOWER_LINE octets
            if not line:
                return  # the follower closed: the writer ends too
            if not line.endswith(b"\n"):
                return
            follower.language = decode_from_follower(line).language
        extra = await reader.read(1)
        if extra:
            raise ProtocolError(f"more than {MAX_FOLLOWER_LINES} lines from a follower")


def _numbered(position: Position, seq: int) -> Position:
    from dataclasses import replace

    return replace(position, seq=seq)
