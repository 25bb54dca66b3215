"""Play at a speed, every step painted (issue 14: 60 frames a second, the status line's count).

A plain interval timer steps on whether or not the last step reached the screen: when a frame
takes longer than a tick (a loaded machine, a heavy step), two steps go by between two paints
and the status line's step count skips a number; ticks that come while the event loop is busy
are dropped, and the play falls behind its speed. :class:`Pacer` keeps the play on its
schedule (steps due = elapsed time × speed) but never takes a step before the one before it
was painted: a tick that finds the last step still on its way waits for the paint, and a
step that is due then is taken right after it, so a slow frame delays the next step instead
of hiding one. More than a second behind (the machine stalled), it goes on from where it is
rather than racing to catch up.

"Painted" is told by the status line itself (:class:`StatusLine`: Textual renders a widget's
lines only to composite them on screen): a callback after the next refresh can run before the
panes have even asked to be repainted. A status line that is not drawn (a pane zoomed over
it, a dialog over the screen) is not waited for; nor, past :data:`UNPAINTED_WAIT`, one that
does not tell.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.message_pump import MessagePump
    from textual.strip import Strip
    from textual.timer import Timer

SLACK = 0.01  # of a step: a tick that fires a hair early still takes its step
UNPAINTED_WAIT = 0.25  # seconds a step waits for a status line that is not drawn


class StatusLine(Static):
    """The screen's status line (the step count): calls ``on_paint`` when it is drawn."""

    on_paint: Callable[[], object] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self.on_paint is not None:
            self.on_paint()
        return lines


class Pacer:
    """Calls ``step`` ``speed`` times a second on *owner*'s event loop, each call after the
    previous one's step was painted on *shown* (the status line). ``stop`` ends it (``step``
    may call it)."""

    def __init__(self, owner: MessagePump, speed: float, step: Callable[[], object],
                 shown: StatusLine, clock: Callable[[], float] = time.monotonic) -> None:
        self._owner = owner
        self._shown = shown
        shown.on_paint = self._painted
        self._speed = speed
        self._step = step
        self._clock = clock
        self._start = clock()
        self._taken = 0  # steps taken since _start
        self._painting = 0.0  # when the last step was taken, until it is on screen (0: it is)
        self._stopped = False
        self._timer: Timer = owner.set_interval(1 / speed, self._due)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        if self._shown.on_paint == self._painted:
            self._shown.on_paint = None

    def _drawn(self) -> bool:
        """Whether the status line is on screen to be painted (not under a zoomed pane, its
        screen not under another)."""
        shown = self._shown
        return shown.is_attached and shown.screen.is_current and shown.is_on_screen

    def behind(self) -> int:
        """Steps due by now and not taken yet."""
        return int((self._clock() - self._start) * self._speed + SLACK) - self._taken

    def _due(self) -> None:
        if self._stopped:
            return
        if self._painting and self._clock() - self._painting < UNPAINTED_WAIT \
                and self._drawn():
            return  # the paint takes the step that is due
        due = self.behind()
        if due <= 0:
            return
        if due > self._speed:  # a stall: one step now, the schedule from here
            self._start = self._clock() - 1 / self._speed
            self._taken = 0
        self._taken += 1
        self._painting = self._clock()
        self._step()

    def _painted(self) -> None:
        """The status line is being drawn (in Textual's refresh): the step is on screen. The
        next one, if due, is taken once the refresh is over."""
        if self._painting and not self._stopped:
            self._painting = 0.0
            if self.behind() > 0:
                self._owner.call_later(self._due)
