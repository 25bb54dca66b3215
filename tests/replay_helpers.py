"""Shared by the replay UI tests and benchmark: the shared captures and a big generated one."""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from mipviz.capture.reader import read_records
from mipviz.ui.replay import ReplayScreen

CAPTURES = Path(__file__).resolve().parents[1].parent / "shared" / "captures"


def write_big_capture(path: Path, packets: int, source: Path | None = None) -> Path:
    """A classic pcap of ``packets`` frames: the frames of ``source`` (default: tcpdump's
    ipv6_mobility_1.pcap) again and again, one millisecond apart."""
    source = source or CAPTURES / "tcpdump" / "ipv6_mobility_1.pcap"
    records = list(read_records(source))
    linktype = records[0].linktype
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for number in range(packets):
            data = records[number % len(records)].data
            seconds, micros = divmod(number * 1000, 1_000_000)
            out.write(struct.pack("<IIII", seconds, micros, len(data), len(data)))
            out.write(data)
    return path


async def wait_shown(pilot: Pilot[Any], indexed: bool = True,
                     timeout: float = 60.0) -> ReplayScreen:
    """Wait until the replay screen shows frames (``indexed``: the whole capture)."""
    app = pilot.app
    for _ in range(int(timeout / 0.01)):
        screen = app.screen
        if isinstance(screen, ReplayScreen) and screen.ready and (screen.indexed or not indexed):
            await pilot.pause()
            return screen
        await asyncio.sleep(0.01)
    raise AssertionError("the replay screen did not show the capture")
