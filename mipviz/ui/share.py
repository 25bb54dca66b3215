"""``mipviz lesson ID --presenter --share``: the presenter's screen, publishing its position.

The screen is the presenter's lesson screen; each time it shows something new (a step, a
revealed answer, a pane focused, a node moved by hand) it hands its position to the
:class:`~mipviz.follow.publisher.Publisher`, which runs in this app's event loop and never
makes the presenter wait. The status line says where followers connect and how many do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.widget import Widget

from mipviz.follow.protocol import MAX_PRESENTER_LINE, LessonOffer, Move, Position, sha256_of
from mipviz.follow.publisher import Publisher
from mipviz.i18n import render, tr
from mipviz.ui.app import MipvizApp
from mipviz.ui.screen import LessonScreen, _plain, status_text

if TYPE_CHECKING:
    import socket

    from mipviz.ui.controller import Prepared


def moves_of(prepared: Prepared) -> tuple[Move, ...]:
    """The nodes moved by hand in this run (free exploration), as the protocol sends them."""
    from mipviz.lesson.schema import ActionSpec

    return tuple((int(time), str(spec.node), str(spec.to))
                 for time, spec in prepared.interventions
                 if isinstance(spec, ActionSpec) and spec.action == "move"
                 and spec.node is not None and spec.to is not None)


def lesson_offer(prepared: Prepared, path: Path) -> LessonOffer | None:
    """The lesson as followers get it: its id, the digest of its octets, and its text."""
    from mipviz.follow.lessons import octets_of

    octets = octets_of(path)
    if octets is None:
        return None
    try:
        text: str | None = octets.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and len(text) * 2 > MAX_PRESENTER_LINE:
        text = None  # a follower would refuse the line: it must have its own copy
    return LessonOffer(prepared.lesson.id, sha256_of(octets), text)


class SharingScreen(LessonScreen):
    """The presenter's lesson screen, its position published on every change."""

    def __init__(self, source: str, language: str, publisher: Publisher, address: str) -> None:
        super().__init__(source, language, presenter=True)
        self.publisher = publisher
        self.address = address
        self.offer: LessonOffer | None = None
        self._last: Position | None = None

    async def _ready(self) -> None:
        prepared = self.controller.prepared
        assert prepared is not None
        from mipviz.lesson.catalog import find_lesson

        self.offer = lesson_offer(prepared, find_lesson(self.controller.source))
        if self.offer is not None:
            self.publisher.set_lesson(self.offer)
        await super()._ready()

    def position(self) -> Position | None:
        prepared = self.controller.prepared
        if self.offer is None or prepared is None:
            return None
        pane = self._focused_pane()
        return Position(self.offer.id, self.offer.sha256, self.controller.cursor,
                        tuple(sorted(self.controller.revealed)),
                        pane.id if pane is not None else None, moves_of(prepared))

    def refresh_view(self) -> None:
        super().refresh_view()
        self.publish()

    def watch_focused(self, _focused: Widget | None) -> None:
        self.publish()

    def publish(self) -> None:
        """Hand the position to the followers when it changed (never waits)."""
        if not self.ready or not self.is_attached:
            return
        position = self.position()
        if position is not None and position != self._last:
            self._last = position
            self.publisher.publish(position)
        self.show_status()

    def show_status(self) -> None:
        if not self.ready or not self.is_attached:
            return
        view = self.controller.view()
        note = tr("follow.share.status", self.language, address=self.address,
                  count=self.publisher.followers)
        said = render(self.status_note, self.language)
        self.query_one("#status").update(  # type: ignore[attr-defined]
            _plain(status_text(view, self.title_text, f"{note} │ {said}" if said else note)),
            layout=False)


class SharingApp(MipvizApp):
    """The presenter's app: the lesson screen above, the publisher in the same event loop."""

    def __init__(self, lesson: str, language: str, sock: socket.socket, address: str) -> None:
        super().__init__(lesson, language, presenter=True)
        self.address = address
        self.publisher = Publisher(sock, on_change=self._followers_changed)

    @on(events.Mount)
    async def _start_publishing(self) -> None:
        # before MipvizApp.on_mount (Textual calls both, this class's first) opens the lesson
        await self.publisher.start()

    @on(events.Unmount)
    async def _stop_publishing(self) -> None:
        await self.publisher.close()

    def open_lesson(self, lesson: str) -> None:
        self.push_screen(SharingScreen(lesson, self.language, self.publisher, self.address))
        self._check_size(self.size.width, self.size.height)

    def _followers_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SharingScreen):
                screen.show_status()
