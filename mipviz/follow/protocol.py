"""The follow protocol: what a presenter publishes and what a follower reads (issue 13).

The engine is deterministic, so only the presenter's *position* travels, never a screen: the
follower runs the same lesson itself, at its own terminal size and in its own language. One
JSON object per line (UTF-8, ``\\n``-terminated) over one TCP connection:

presenter → follower
  ``{"v": 1, "type": "lesson", "id": …, "sha256": …, "text": …}`` first, once: the lesson
  file's octets as text, so that a follower without the file, or with another version of it,
  can run the very lesson the room sees (and say that its own copy differs).
  ``{"v": 1, "type": "position", "seq": N, "lesson": id, "sha256": …, "step": k,
  "revealed": [quiz numbers], "pane": name|null, "moves": [[µs, node, link], …]}`` whenever
  the presenter's screen changes (only the latest one matters: a slow follower skips).
  ``{"v": 1, "type": "beat"}`` when nothing else was sent for :data:`BEAT` seconds, so that
  a follower notices a lecturer that vanished without closing the connection.

follower → presenter
  at most :data:`MAX_FOLLOWER_LINES` short ``{"v": 1, "type": "hello", "lang": "ja"}``
  lines. Anything else (not JSON, too long, another type, too many) is garbage: the presenter
  drops that follower and nothing else changes.

Every field read from the other side is checked here (types, ranges, sizes) before any of it
reaches the UI: :class:`ProtocolError` says what was wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

VERSION = 1
DEFAULT_PORT = 8765
BEAT = 2.0  # seconds of silence after which the presenter says it is still there
LOST_AFTER = 3 * BEAT  # seconds of silence after which a follower says the lecturer is lost
# What a follower may send: a hello or two, nothing large.
MAX_FOLLOWER_LINE = 512
MAX_FOLLOWER_LINES = 4
# What a presenter may send: a position is small; a lesson is at most the loader's size limit
# (mipviz.lesson._limits.MAX_OCTETS, 4 MB), JSON-escaped.
MAX_POSITION_LINE = 64 * 1024
MAX_PRESENTER_LINE = 10 * 1024 * 1024
MAX_REVEALED = 1000
MAX_MOVES = 200
MAX_NAME = 200
PANES = ("map", "ladder", "inspector", "state", "narration")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ProtocolError(ValueError):
    """A line that is not what the protocol allows (the connection is then dropped)."""


Move = tuple[int, str, str]  # a presenter's free-exploration move: µs, node, link


@dataclass(frozen=True, slots=True)
class LessonOffer:
    """The lesson the presenter has open, with its file's text."""

    id: str
    sha256: str
    text: str | None  # None: too large to send (the follower uses its own copy, if any)

    def to_json(self) -> dict[str, Any]:
        return {"v": VERSION, "type": "lesson", "id": self.id, "sha256": self.sha256,
                "text": self.text}


@dataclass(frozen=True, slots=True)
class Position:
    """Where the presenter is: the lesson, the step, the answers revealed, the pane in focus,
    and the nodes moved by hand (free exploration: the follower reruns with the same moves)."""

    lesson: str
    sha256: str
    step: int
    revealed: tuple[int, ...] = ()
    pane: str | None = None
    moves: tuple[Move, ...] = ()
    seq: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"v": VERSION, "type": "position", "seq": self.seq, "lesson": self.lesson,
                "sha256": self.sha256, "step": self.step, "revealed": list(self.revealed),
                "pane": self.pane, "moves": [list(move) for move in self.moves]}


@dataclass(frozen=True, slots=True)
class Beat:
    """The presenter is still there (nothing changed)."""

    def to_json(self) -> dict[str, Any]:
        return {"v": VERSION, "type": "beat"}


@dataclass(frozen=True, slots=True)
class Hello:
    """A follower's greeting: the language it reads in (for the presenter's count)."""

    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"v": VERSION, "type": "hello", "lang": self.language}


Record = LessonOffer | Position | Beat | Hello


def sha256_of(octets: bytes) -> str:
    return hashlib.sha256(octets).hexdigest()


def encode(record: Record) -> bytes:
    """One line of the protocol (compact JSON, UTF-8, a final newline)."""
    text = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def decode_from_presenter(line: bytes) -> LessonOffer | Position | Beat:
    """A presenter's line, checked; :class:`ProtocolError` when it is not one."""
    data = _object(line, MAX_PRESENTER_LINE)
    kind = data.get("type")
    if kind == "beat":
        return Beat()
    if kind == "lesson":
        text = data.get("text")
        if text is not None and not isinstance(text, str):
            raise ProtocolError("lesson: text is not a string")
        return LessonOffer(_name(data, "id"), _sha(data), text)
    if kind == "position":
        if len(line) > MAX_POSITION_LINE:
            raise ProtocolError(f"position: longer than {MAX_POSITION_LINE} octets")
        revealed = data.get("revealed", [])
        if not isinstance(revealed, list) or len(revealed) > MAX_REVEALED \
                or not all(_count(value) for value in revealed):
            raise ProtocolError("position: revealed is not a list of quiz numbers")
        pane = data.get("pane")
        if pane is not None and pane not in PANES:
            raise ProtocolError(f"position: no pane {pane!r}")
        return Position(_name(data, "lesson"), _sha(data), _int(data, "step"),
                        tuple(sorted(set(revealed))), pane, _moves(data.get("moves", [])),
                        _int(data, "seq"))
    raise ProtocolError(f"unknown record type {kind!r}")


def decode_from_follower(line: bytes) -> Hello:
    """A follower's line, checked: only a hello is allowed."""
    data = _object(line, MAX_FOLLOWER_LINE)
    if data.get("type") != "hello":
        raise ProtocolError(f"a follower may only say hello, not {data.get('type')!r}")
    language = data.get("lang", "en")
    if language not in ("en", "ja"):
        raise ProtocolError(f"hello: no language {language!r}")
    return Hello(language)


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> tuple[str, int]:
    """``HOST:PORT``, ``[v6]:PORT``, ``HOST`` (the default port) → (host, port);
    ValueError with a sentence when it is none of these."""
    text = text.strip()
    if text.startswith("["):
        host, close, rest = text[1:].partition("]")
        if not close or (rest and not rest.startswith(":")):
            raise ValueError(f"{text!r} is not [ADDRESS]:PORT")
        port_text = rest[1:] if rest else ""
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:  # a bare name, or a bare IPv6 address
        host, port_text = text, ""
    if not host:
        raise ValueError(f"{text!r} has no host")
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{port_text!r} is not a port (1 to 65535)")
    return host, int(port_text)


def show_address(host: str, port: int) -> str:
    """``host:port`` as a follower types it (an IPv6 literal in brackets, RFC 3986 §3.2.2)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# -- checks ------------------------------------------------------------------------------------


def _object(line: bytes, limit: int) -> dict[str, Any]:
    if len(line) > limit:
        raise ProtocolError(f"a line longer than {limit} octets")
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(f"not a JSON line ({error})") from None
    if not isinstance(data, dict):
        raise ProtocolError("not a JSON object")
    if data.get("v") != VERSION:
        raise ProtocolError(f"protocol version {data.get('v')!r}, not {VERSION}")
    return data


def _count(value: object, limit: int = 2**31) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < limit


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    if not _count(value):
        raise ProtocolError(f"{key}: not a count")
    return int(value)


def _name(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= MAX_NAME:
        raise ProtocolError(f"{key}: not a name")
    return value


def _sha(data: dict[str, Any]) -> str:
    value = data.get("sha256")
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ProtocolError("sha256: not 64 hex digits")
    return value


def _moves(value: object) -> tuple[Move, ...]:
    if not isinstance(value, list) or len(value) > MAX_MOVES:
        raise ProtocolError("moves: not a list")
    moves: list[Move] = []
    for move in value:
        if not (isinstance(move, list) and len(move) == 3 and _count(move[0], 2**53)
                and all(isinstance(part, str) and 0 < len(part) <= MAX_NAME
                        for part in move[1:])):
            raise ProtocolError("moves: each is [microseconds, node, link]")
        moves.append((int(move[0]), str(move[1]), str(move[2])))
    return tuple(moves)
