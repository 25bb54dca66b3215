"""What pass 1 keeps, kept compactly: signals (mipviz.capture.signal_index) read as the dict
they replace, repeated notes (mipviz.capture.state) shared."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.capture.roles import Roles
from mipviz.capture.signal_index import SignalIndex
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook
from mipviz.capture.survey import Survey, open_captures, survey


def _found(tmp_path: Path) -> tuple[list[int], Survey]:
    frames = []
    for index in range(3):
        frames.append((index * 10, ethernet(bu_to_ha(index))))
        frames.append((index * 10 + 1, ethernet(bu_to_ha(index, hop_limit=63))))  # a hop
        frames.append((index * 10 + 2, ethernet(bu_to_ha(index))))  # a copy on one link
        frames.append((index * 10 + 3, ethernet(ba_from_ha(index))))
    found = survey(open_captures([write(tmp_path, "s.pcap", pcap(frames))]), workers=1)
    return list(range(1, 13)), found


def test_every_step_reads_as_its_own_signal(tmp_path: Path) -> None:
    steps, found = _found(tmp_path)
    signals = found.signals
    assert list(signals) == steps and len(signals) == 12
    for step in steps:
        signal = signals[step]
        assert isinstance(signal, Signal) and signal.ordinal == step
        assert signal.time == found.times[step - 1]
        assert signals.message(step) is signal.message and step in signals
    # the hop and the copy share the first decode; only the hop repeats it
    assert signals[2].message is signals[1].message is signals[3].message
    assert (signals[1].repeat_of, signals[2].repeat_of, signals[3].repeat_of) == (None, 1, None)
    assert signals.get(13) is None and 0 not in signals and signals.message(99) is None
    with pytest.raises(KeyError):
        signals[13]


def test_it_pickles_and_extends_in_step_order(tmp_path: Path) -> None:
    _, found = _found(tmp_path)
    signals = found.signals
    copy = pickle.loads(pickle.dumps(signals))
    assert [(s.ordinal, s.link, s.repeat_of) for s in copy.walk()] == [
        (s.ordinal, s.link, s.repeat_of) for s in signals.walk()]
    first, second = SignalIndex(list(signals.walk())[:6]), SignalIndex(list(signals.walk())[6:])
    first.extend(second)
    assert list(first) == list(signals)
    with pytest.raises(ValueError):
        second.extend(SignalIndex(list(signals.walk())[:6]))


def test_state_book_shares_repeated_notes_but_not_their_changes() -> None:
    """Steps noting the same events share one list once sealed; a later note copies it."""
    book = StateBook(Roles({}, {}, {}), 0, snapshots=False)
    for step in (1, 2):
        book.event(step, "MN", "send", "BU seq 1 to HA")
        book.problem(step, "RFC 6275 9.5.1: not increased")
        book.seal(step)
    assert book.events[1] is book.events[2] and book.events[1][0] is book.events[2][0]
    assert book.problems[1] is not book.problems[2]
    book.event(2, "HA", "cache", "binding cache add")  # after its seal: its own list
    assert [str(event) for event in book.events[1]] == ["MN: BU seq 1 to HA"]
    assert len(book.events[2]) == 2
