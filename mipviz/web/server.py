"""textual-serve's Server, saying in the lecturer's language where to point a browser."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys

from aiohttp import web
from textual_serve.server import Server

from mipviz.i18n import tr
from mipviz.web.site import Site

WILDCARDS = ("0.0.0.0", "::", "")


def browser_url(host: str, port: int) -> str:
    """The URL to open for a server bound to ``host``: a wildcard is reached on loopback."""
    if host in WILDCARDS:
        host = "127.0.0.1"
    if ":" in host:  # an IPv6 literal goes in brackets (RFC 3986, section 3.2.2)
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class MipvizServer(Server):
    """One mipviz process per browser tab, the page and its assets from ``site``."""

    def __init__(self, command: str, host: str, port: int, site: Site, language: str,
                 notes: tuple[str, ...] = ()) -> None:
        super().__init__(command, host=host, port=port, title="mipviz",
                         statics_path=site.statics, templates_path=site.templates)
        self.language = language
        self.notes = notes  # lines to print after the URL (the font in use)
        self._sessions: set[asyncio.Task[object]] = set()  # one per open websocket

    def initialize_logging(self) -> None:
        """Warnings and errors only: no access log line per asset a browser loads."""
        logging.basicConfig(level=logging.WARNING, format="mipviz serve: %(message)s",
                            stream=sys.stderr)

    async def on_startup(self, app: web.Application) -> None:
        print(tr("serve.open", self.language, url=browser_url(self.host, self.port)),
              flush=True)
        if self.host in WILDCARDS:
            other = f"http://{socket.gethostname()}:{self.port}/"
            print(tr("serve.other-machines", self.language, url=other), flush=True)
        for note in self.notes:
            print(note, flush=True)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's session handler, each one remembered until it ends."""
        task = asyncio.current_task()
        if task is None:  # not in a task: nothing to end on shutdown
            return await super().handle_websocket(request)
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every session now (textual-serve then tells its process to quit and
        waits for it) rather than wait for each browser to go away."""
        for task in list(self._sessions):
            task.cancel()
        if self._sessions:
            await asyncio.wait(list(self._sessions), timeout=10)
