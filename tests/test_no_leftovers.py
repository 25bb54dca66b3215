"""No worker outlives its parent, and small captures fork none (issue 15)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture import fanout, forks, pipeline
from mipviz.cli import main

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not forks.can_fork(), reason="needs fork")


def _big(path: Path, packets: int) -> Path:
    frames = [ethernet(bu_to_ha(7)), ethernet(ba_from_ha(7))]
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for number in range(packets):
            data = frames[number % 2]
            seconds, micros = divmod(number * 1000, 1_000_000)
            out.write(struct.pack("<IIII", seconds, micros, len(data), len(data)) + data)
    return path


def _running_with(marker: str) -> list[int]:
    """Processes whose command line names ``marker`` (a path unique to this test)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in command and "dump" in command:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("two_files", [False, True], ids=["split", "merged"])
def test_dump_into_head_leaves_no_worker(tmp_path: Path, two_files: bool) -> None:
    """`mipviz dump big.pcap | head -1`: the reader leaves, every worker stops."""
    first = _big(tmp_path / "big-a.pcap", 120_000)
    paths = [str(first)]
    if two_files:
        second = tmp_path / "big-b.pcap"
        second.write_bytes(first.read_bytes())
        paths.append(str(second))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    dump = subprocess.Popen([sys.executable, "-m", "mipviz", "dump", *paths],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert dump.stdout is not None
    dump.stdout.readline()
    time.sleep(1.0)  # the workers have forked by now
    dump.stdout.close()  # head -1 exits
    dump.wait(timeout=60)
    time.sleep(0.3)  # a worker killed with its parent is gone by now; an orphan runs on
    assert _running_with(str(tmp_path)) == []


def test_a_worker_dies_with_its_parent(tmp_path: Path) -> None:
    """A forked worker whose parent is killed (kill -9: no cleanup runs) goes too."""
    marker = tmp_path / "alive"
    code = f"""
import os, sys, time
from mipviz.capture.forks import die_with_parent
parent = os.getpid()
if os.fork() == 0:
    die_with_parent(parent)
    for _ in range(600):
        open({str(marker)!r}, "w").write(str(os.getpid()))
        time.sleep(0.05)
    os._exit(0)
time.sleep(60)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(marker.read_text() or "0")
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        status = Path(f"/proc/{child}/status").read_text() if Path(
            f"/proc/{child}").exists() else ""
        if "State:\tZ" in status:
            break
        time.sleep(0.05)
    alive = Path(f"/proc/{child}/status")
    assert not alive.exists() or "State:\tZ" in alive.read_text()


def test_a_small_capture_forks_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """survey_and_emit passed workers=2 to emit, which then forked for 2 packets."""
    path = write(tmp_path, "reg.pcap", pcap([(0, ethernet(bu_to_ha(7))),
                                             (1_000_000, ethernet(ba_from_ha(7)))]))
    forked: list[int] = []
    monkeypatch.setattr(pipeline, "default_workers", lambda: 2)
    monkeypatch.setattr(fanout, "default_workers", lambda: 2)
    real_fork = os.fork

    def fork() -> int:
        forked.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    assert main(["dump", str(path)]) == 0
    assert "Binding Update seq 7" in capsys.readouterr().out
    assert forked == []
