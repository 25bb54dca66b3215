"""A Binding Acknowledgement is matched to its Binding Update through indices (by receiver
and sequence number, by receiver and address for status 135): the same update as walking the
last MATCH_WINDOW updates of every stream to the receiver would find (RFC 6275 9.5.1,
mipviz.capture.bindings), with streams long enough to be cut (KEPT_UPDATES)."""

from __future__ import annotations

import random
from itertools import islice

from mipviz.capture.bindings import KEPT_UPDATES, MATCH_WINDOW, BindingReplay, PendingUpdate
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.roles import Roles
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook


def _address(prefix: int, host: int) -> bytes:
    return bytes([0x20, 0x01, 0x0D, 0xB8, 0, prefix]) + bytes(8) + host.to_bytes(2, "big")


def _signal(ordinal: int, source: bytes, destination: bytes, message: MobilityMessage,
            home: bytes | None = None, routing: bytes | None = None) -> Signal:
    return Signal(ordinal, ordinal * 1000, "link", home or source, routing or destination,
                  source, destination, None, home, routing, message)


def _message(mh_type: int, **fields: object) -> MobilityMessage:
    message = MobilityMessage(mh_type)
    message.fields.update(fields)
    return message


def _walked(replay: BindingReplay, signal: Signal, sequence: int,
            status: int) -> PendingUpdate | None:
    """The update the walk over every stream to the BA's source finds (the rule itself)."""
    wanted = {signal.wire_destination, signal.destination}
    best = None
    for (_, receiver), stream in replay.streams.items():
        if receiver != signal.wire_source:
            continue
        for pending in islice(reversed(stream), MATCH_WINDOW):
            if pending.sequence != sequence and status != 135:
                continue
            if wanted & {pending.care_of_address, pending.sender_address,
                         pending.home_address}:
                if best is None or pending.ordinal > best.ordinal:
                    best = pending
                break
    return best


def test_indexed_match_finds_what_walking_every_stream_finds() -> None:
    chooser = random.Random(6275)
    agents = [_address(1, 1), _address(2, 1)]
    homes = [_address(1 + node % 2, 0x100 + node) for node in range(12)]
    care_ofs = [_address(0x10 + node % 3, 0x200 + node) for node in range(12)]
    sequences = [chooser.randrange(65536) for _ in homes]
    replay = BindingReplay(Roles({}, {}, {}), StateBook(Roles({}, {}, {}), 0, False))
    sent: list[tuple[int, int]] = []  # (node, sequence) of updates sent
    matched = 0
    for ordinal in range(1, 6001):
        node = chooser.randrange(3) if chooser.random() < 0.5 else chooser.randrange(12)
        agent = agents[node % 2]
        if chooser.random() < 0.55 or not sent:
            if chooser.random() < 0.8:  # else a retransmission: the same number again
                sequences[node] = (sequences[node] + chooser.choice((1, 1, 1, 2, 40000))) % 65536
            update = _message(5, sequence=sequences[node], flags=("A", "H"),
                              lifetime_seconds=chooser.choice((0, 60, 240)))
            replay.update(_signal(ordinal, care_ofs[node], agent, update, home=homes[node]),
                          update)
            sent.append((node, sequences[node]))
            continue
        answered, sequence = chooser.choice(sent[-400:])
        if chooser.random() < 0.1:
            sequence = chooser.randrange(65536)  # answers nothing
        if chooser.random() < 0.2:
            answered = chooser.randrange(12)  # to another node's addresses
        status = chooser.choice((0, 0, 0, 128, 135))
        signal = _signal(ordinal, agents[answered % 2], care_ofs[answered],
                         _message(6, sequence=sequence, status=status, lifetime_seconds=60),
                         routing=homes[answered])
        expected = _walked(replay, signal, sequence, status)
        found = replay._match(signal, sequence, status)
        assert found is expected, (ordinal, sequence, status)
        matched += found is not None
    assert matched > 1000  # the test exercised matches, not only misses
    # streams were cut (their oldest updates let go), and the indices hold only kept updates
    assert any(len(stream) < count for stream, count in
               ((stream, sum(1 for node, _ in sent if homes[node] == key[0]))
                for key, stream in replay.streams.items()))
    assert max(len(stream) for stream in replay.streams.values()) <= KEPT_UPDATES
    kept = {id(pending) for stream in replay.streams.values() for pending in stream}
    indexed = {id(pending) for index in (replay.by_sequence, replay.by_address)
               for updates in index.values() for pending in updates}
    assert indexed == kept
