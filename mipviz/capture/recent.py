"""A mapping that remembers only its latest keys, for pairings whose memory must stay
bounded on a capture of any size (mipviz.capture.streamed replays one in bounded memory)."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Latest(OrderedDict[K, V]):
    """A dict that keeps the ``limit`` keys set most recently: setting one more forgets the
    one set longest ago (setting a key again makes it the latest)."""

    def __init__(self, limit: int = 65536) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        if key in self:
            self.move_to_end(key)
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)
