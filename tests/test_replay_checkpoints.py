"""The replay UI's Timeline of a big capture (mipviz.capture.replayed_windows): its steps,
notes and node states made per window from checkpoints and a journal must be those of the
whole replay kept in memory (mipviz.capture.replay.timeline_of), however the user gets to a
step: End, Home, a jump, or stepping one by one."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from mipviz.capture.replay import ReplayTimeline, timeline_of
from mipviz.capture.replayed_windows import (
    CheckpointedWindows,
    checkpoint_spacing,
    checkpointed_timeline,
)
from mipviz.capture.survey import open_captures, survey
from mipviz.capture.window import WINDOW

REPO = Path(__file__).resolve().parents[1]


def _generator() -> object:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import signalling_bench

    return signalling_bench


def _write(path: Path, packets: list[tuple[int, bytes]]) -> Path:
    """A classic Ethernet pcap of (µs, IPv6 packet)."""
    bench = _generator()
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for number, (micros, data) in enumerate(packets):
            framed = bench.ethernet(data, number)  # type: ignore[attr-defined]
            seconds, micros = divmod(micros, 1_000_000)
            out.write(struct.pack("<IIII", 1_700_000_000 + seconds, micros, len(framed),
                                  len(framed)))
            out.write(framed)
    return path


def _same(full: ReplayTimeline, lazy: ReplayTimeline, step: int) -> None:
    assert lazy.steps[step - 1] == full.steps[step - 1], f"step {step}"
    for name in full.initial_states:
        assert lazy.state_at(name, step) == full.state_at(name, step), f"{name} at {step}"


@pytest.fixture(scope="module")
def signalling(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = _generator()
    path = tmp_path_factory.mktemp("checkpoints") / "signalling.pcap"
    generator = bench.Generator(30, 0.85)  # type: ignore[attr-defined]
    bench.write_capture(path, generator.generate(12_000), 1)  # type: ignore[attr-defined]
    return path


def test_jumps_and_steps_show_what_the_whole_replay_shows(signalling: Path) -> None:
    full = timeline_of(survey(open_captures([signalling]), workers=1))
    lazy = checkpointed_timeline(open_captures([signalling]), every=2)
    steps = lazy.steps
    assert isinstance(steps, CheckpointedWindows)
    assert steps.replayed.journal.checkpoints == 6  # 12 windows, a checkpoint every 2
    total = len(full)
    assert len(lazy) == total == 12_000
    assert lazy.nodes.keys() == full.nodes.keys()
    # End, Home, then a step in the middle of a window after a checkpoint's
    for step in (total, 1, 3 * WINDOW + 500, total - 1, 0):
        if step:
            _same(full, lazy, step)
    assert all(lazy.state_at(name, 0) == full.state_at(name, 0) for name in full.initial_states)
    assert any(full.state_at(name, total).binding_cache for name in full.initial_states)
    for step in range(1, total + 1):  # then one by one, as → shows them
        _same(full, lazy, step)


def test_an_expiry_at_a_further_hop_leaves_the_shown_state_to_the_next_version(
        tmp_path: Path) -> None:
    """RFC 6275 §9.5.2: the binding expires at its lifetime's end; the replay places the
    expiry at the first step that reaches it, here a further hop of a message, a step that
    makes no version: the home agent's cache is shown with the entry until it changes
    again. A window after it starts from that shown state, whether from a checkpoint made
    after it or from one before it with the journal applied."""
    bench = _generator()
    generator = bench.Generator(1, 0.0)  # type: ignore[attr-defined]
    node = generator.nodes[0]
    generator._emit("BU", generator.binding_update(node, node.home_agent, 0xE000, 1), hops=2)
    generator._emit("BA", generator.binding_ack(node, node.home_agent, 0, 1), hops=2)
    while len(generator.packets) < 4001:
        generator.data(node)
    del generator.packets[4001:]
    generator.binding_error(node)  # steps 4002 and 4003: the second one hop later
    while len(generator.packets) < 7003:
        generator.data(node)
    # step n at (n - 1) ms: the BA (step 3, 2 ms) granted 4 s, which end at step 4003
    path = _write(tmp_path / "expiry.pcap",
                  [(1000 * number, data) for number, data in enumerate(generator.packets)])
    full = timeline_of(survey(open_captures([path]), workers=1))
    home_agent = next(name for name in full.initial_states
                      if full.state_at(name, 100).binding_cache)
    assert full.state_at(home_agent, 5000).binding_cache  # shown until a next version: none
    assert 4003 not in full._versions[home_agent][0]
    for every in (1, 3):  # checkpoints at windows 4, 5, 6; or 3 and 6 (the journal from 3)
        lazy = checkpointed_timeline(open_captures([path]), every=every)
        for step in (len(full), 5000, 4500, 4003, 4002, 3000, 1):
            _same(full, lazy, step)


def test_checkpoints_stay_few_on_any_capture() -> None:
    assert checkpoint_spacing(1_000_000) == 4  # every 4,096 steps
    assert checkpoint_spacing(10_000_000) == 5  # 9,766 windows: at most 2,048 checkpoints
    assert -(-10_000_000 // WINDOW) / checkpoint_spacing(10_000_000) <= 2048


def test_the_replay_ui_shows_a_capture_too_big_to_keep_as_it_shows_a_small_one(
        signalling: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mipviz replay`` of a capture over 32 MB takes the journal's way (made to here on a
    small one): End, Home and a jump show the steps, narration and node states the
    in-memory replay shows."""
    import mipviz.capture.survey as survey_module
    from mipviz.ui.replay import ReplayController

    kept = ReplayController([str(signalling)]).prepare_full().timeline
    monkeypatch.setattr(survey_module, "_retainable", lambda captures: False)
    big = ReplayController([str(signalling)]).prepare_full().timeline
    assert isinstance(big.steps, CheckpointedWindows)
    assert not isinstance(kept.steps, CheckpointedWindows)
    for step in (len(kept), 1, 7_777, 7_776):
        assert big[step] == kept[step]
        assert big.states_at(step) == kept.states_at(step)
