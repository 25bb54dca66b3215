"""Follow the lecturer (issue 13): the protocol, the presenter's publisher, the follower's
subscriber and which lesson copy a follower runs, over real loopback sockets."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from ui_helpers import sync

from mipviz.follow import lessons, protocol
from mipviz.follow.protocol import (
    Beat,
    LessonOffer,
    Position,
    ProtocolError,
    decode_from_follower,
    decode_from_presenter,
    encode,
    parse_address,
)
from mipviz.follow.publisher import Publisher, listen
from mipviz.follow.subscriber import Connected, Lost, Subscriber

pytestmark = pytest.mark.timeout(60)

SHA = "ab" * 32
OFFER = LessonOffer("home-registration", SHA, "id = 'home-registration'\n")


def _position(step: int, **kwargs: object) -> Position:
    return Position("home-registration", SHA, step, **kwargs)  # type: ignore[arg-type]


def test_a_position_goes_through_the_protocol_unchanged() -> None:
    position = Position("nested-nemo", SHA, 12, (3, 1), "inspector",
                        ((2_500_000, "Train", "pan"),), 7)
    line = encode(position)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert decode_from_presenter(line) == Position("nested-nemo", SHA, 12, (1, 3),
                                                   "inspector", ((2_500_000, "Train", "pan"),),
                                                   7)
    assert decode_from_presenter(encode(OFFER)) == OFFER
    assert decode_from_presenter(encode(Beat())) == Beat()


@pytest.mark.parametrize("line", [
    b"hello\n", b"[]\n", b'{"v": 2, "type": "beat"}\n', b'{"v": 1, "type": "reboot"}\n',
    b'{"v": 1, "type": "position", "lesson": "x", "sha256": "zz", "step": 1}\n',
    b'{"v": 1, "type": "position", "lesson": "x", "sha256": "' + SHA.encode()
    + b'", "step": -1}\n',
    b'{"v": 1, "type": "position", "lesson": "x", "sha256": "' + SHA.encode()
    + b'", "step": 1, "pane": "../etc"}\n',
    b'{"v": 1, "type": "position", "lesson": "x", "sha256": "' + SHA.encode()
    + b'", "step": 1, "revealed": ["1"]}\n',
    b'{"v": 1, "type": "position", "lesson": "x", "sha256": "' + SHA.encode()
    + b'", "step": true}\n',
    b"\xff\xfe\n",
])
def test_what_a_presenter_may_not_send_is_refused(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_from_presenter(line)


def test_a_follower_may_only_say_hello() -> None:
    assert decode_from_follower(b'{"v": 1, "type": "hello", "lang": "ja"}\n').language == "ja"
    for line in (b'{"v": 1, "type": "position"}\n', b"GET / HTTP/1.1\r\n",
                 b'{"v": 1, "type": "hello", "lang": "xx"}\n',
                 b'{"v": 1, "type": "hello", "pad": "' + b"x" * 600 + b'"}\n'):
        with pytest.raises(ProtocolError):
            decode_from_follower(line)


def test_addresses() -> None:
    assert parse_address("127.0.0.1:9000") == ("127.0.0.1", 9000)
    assert parse_address("lab-pc") == ("lab-pc", protocol.DEFAULT_PORT)
    assert parse_address("[::1]:9000") == ("::1", 9000)
    assert parse_address("::1") == ("::1", protocol.DEFAULT_PORT)
    for bad in ("host:0", "host:70000", "host:http", ":9000", "[::1"):
        with pytest.raises(ValueError):
            parse_address(bad)


# -- the publisher, over loopback --------------------------------------------------------------


async def _publisher() -> tuple[Publisher, int]:
    publisher = Publisher(listen("127.0.0.1", 0))
    await publisher.start()
    publisher.set_lesson(OFFER)
    return publisher, publisher.address[1]


async def _lines(reader: asyncio.StreamReader, count: int) -> list[dict[str, object]]:
    return [json.loads(await asyncio.wait_for(reader.readline(), 10)) for _ in range(count)]


async def _until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@sync
async def test_a_follower_gets_the_lesson_then_each_position() -> None:
    publisher, port = await _publisher()
    publisher.publish(_position(3))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lesson, first = await _lines(reader, 2)
    assert lesson["type"] == "lesson" and lesson["text"] == OFFER.text
    assert first["type"] == "position" and first["step"] == 3
    publisher.publish(_position(4, revealed=(1,)))
    (second,) = await _lines(reader, 1)
    assert second["step"] == 4 and second["revealed"] == [1]
    assert int(second["seq"]) > int(first["seq"])  # type: ignore[call-overload]
    writer.close()
    await publisher.close()


@sync
async def test_garbage_or_too_much_from_a_follower_drops_it_and_no_other() -> None:
    publisher, port = await _publisher()
    good_reader, good = await asyncio.open_connection("127.0.0.1", port)
    await _lines(good_reader, 1)
    attackers = []
    for payload in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"x" * 100_000,
                    b'{"v": 1, "type": "hello"}\n' * 50, b"\x00\xff" * 300 + b"\n"):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(payload)
        attackers.append((reader, writer))
    await _until(lambda: publisher.dropped == 4)
    for reader, _ in attackers:  # each is closed by the presenter (after the lesson line)
        rest = await asyncio.wait_for(reader.read(), 10)
        assert rest.count(b"\n") <= 1
    assert publisher.followers == 1
    publisher.publish(_position(9))
    (line,) = await _lines(good_reader, 1)
    assert line["step"] == 9
    good.close()
    await publisher.close()


@sync
async def test_a_follower_that_reads_nothing_never_holds_the_presenter_up() -> None:
    publisher, port = await _publisher()
    stalled_reader, stalled = await asyncio.open_connection("127.0.0.1", port, limit=2**24)
    stalled.transport.pause_reading()  # type: ignore[attr-defined]
    await _until(lambda: publisher.followers == 1)
    padding = tuple(range(protocol.MAX_REVEALED))  # ~4 kB a position
    started = time.perf_counter()
    for step in range(5000):  # ~20 MB if every position were queued
        publisher.publish(_position(step, revealed=padding))
        if step % 100 == 0:
            await asyncio.sleep(0)  # the writer tasks run
    publishing = time.perf_counter() - started
    assert publishing < 5.0, f"publishing 5000 positions took {publishing:.1f} s"
    stalled.transport.resume_reading()  # type: ignore[attr-defined]
    received = []
    while True:
        line = json.loads(await asyncio.wait_for(stalled_reader.readline(), 10))
        received.append(line)
        if line.get("step") == 4999:
            break
    positions = [line for line in received if line["type"] == "position"]
    print(f"the stalled follower got {len(positions)} of 5000 positions")
    assert len(positions) < 1000, "a slow follower skips to the latest position"
    stalled.close()
    await publisher.close()


# -- the subscriber ----------------------------------------------------------------------------


@sync
async def test_the_subscriber_says_lost_and_reconnects() -> None:
    publisher, port = await _publisher()
    events: list[object] = []
    subscriber = Subscriber("127.0.0.1", port, events.append, "ja")
    task = asyncio.ensure_future(subscriber.run())
    await _until(lambda: any(isinstance(e, LessonOffer) for e in events))
    publisher.publish(_position(5))
    await _until(lambda: any(isinstance(e, Position) and e.step == 5 for e in events))
    assert isinstance(events[0], Connected)
    await publisher.close()
    await _until(lambda: isinstance(events[-1], Lost))
    again = Publisher(listen("127.0.0.1", port))
    await again.start()
    again.set_lesson(OFFER)
    again.publish(_position(7))
    await _until(lambda: any(isinstance(e, Position) and e.step == 7 for e in events))
    assert sum(isinstance(e, Connected) for e in events) == 2
    task.cancel()
    await again.close()


@sync
async def test_a_presenter_sending_garbage_is_lost_not_obeyed() -> None:
    async def liar(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b'{"v": 1, "type": "position", "lesson": "x", "step": "all"}\n')
        await writer.drain()
        await asyncio.sleep(5)

    server = await asyncio.start_server(liar, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    events: list[object] = []
    task = asyncio.ensure_future(Subscriber("127.0.0.1", port, events.append).run())
    await _until(lambda: any(isinstance(e, Lost) for e in events))
    assert not any(isinstance(e, Position) for e in events)
    task.cancel()
    server.close()


# -- which copy of the lesson ------------------------------------------------------------------


def test_the_follower_runs_its_own_copy_when_it_is_the_lecturers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIPVIZ_CACHE_DIR", str(tmp_path))
    own = lessons.own_copy("home-registration")
    assert own is not None
    octets = own.read_bytes()
    same = lessons.resolve(LessonOffer("home-registration", protocol.sha256_of(octets),
                                       octets.decode()))
    assert same.path == own and same.note is None
    edited = octets.decode() + "\n# edited before class\n"
    theirs = lessons.resolve(LessonOffer("home-registration",
                                         protocol.sha256_of(edited.encode()), edited))
    assert theirs.path is not None and theirs.path != own
    assert theirs.path.read_text() == edited
    assert theirs.note is not None and theirs.note.id == "follow.lesson.theirs-differs"
    unsent = lessons.resolve(LessonOffer("home-registration", SHA, None))
    assert unsent.path is None and unsent.note is not None
    assert unsent.note.id == "follow.lesson.differs-unsent"
    assert lessons.own_copy("../../etc/passwd") is None
    assert lessons.own_copy("/etc/passwd") is None
