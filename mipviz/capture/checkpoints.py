"""Checkpoints and a journal of the binding replay, kept on disk, so that the node states
and notes of any window of a big capture are made again in a few milliseconds.

The replay UI of a big capture (:mod:`mipviz.capture.replayed_windows`) keeps no node state
per step in memory. It replays the capture once (:class:`CheckpointReplay`, read 2 of
:mod:`mipviz.capture.streamed`) and writes to an unnamed temporary file:

* a **journal**, one record per window of steps: for each step, the binding cache, binding
  update list and mobility-route entries it changed (RFC 6275 §9.1, §11.1; their values
  after the step, or their removal, in the order the replay made them), the nodes whose
  state the step sealed, and the step's notes (events and problems);
* a **checkpoint** of those tables every few windows.

A window is then the checkpoint before it with the journal applied up to the window, and the
window's own records applied step by step, each sealed step making a version of the nodes it
changed: no packet is read or decoded again for it, and the state the replay keeps besides
(the updates waiting for their acknowledgement, §9.5.1, §11.7.3: several megabytes on a big
capture) is never saved. Memory holds each record's offset only, whatever the capture's
size.

A node's state as the Timeline shows it is the snapshot made when a step that changed it was
*sealed* (:meth:`~mipviz.capture.state.StateBook.seal`); an expiry at a further hop of a
message (a step that is not sealed, as in :func:`mipviz.capture.survey._replay`) changes a
node without a new version. :class:`HeldBook` keeps such a node's last sealed state
("held") until a later sealed step changes it, so a window starts from exactly the states
the whole replay shows there.
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from array import array
from itertools import chain
from typing import Any

from mipviz.capture.roles import Roles
from mipviz.capture.signals import Signal
from mipviz.capture.state import StateBook
from mipviz.capture.streamed import REPEAT, LiveReplay
from mipviz.engine.timeline import BindingCacheEntry, BindingUpdateListEntry, NodeState

CACHE, LIST, ROUTE = 0, 1, 2  # the tables of a node's state
# At most this many checkpoints (a longer capture: further apart), so they stay few on disk.
MAX_CHECKPOINTS = 2048
MADE_ENTRIES = 200_000  # frozen entries kept for the next window to reuse (then dropped)

# (node, table, key, the entry after the step or None: removed)
Change = tuple[str, int, Any, Any]
# (step, changes, nodes sealed or None: not sealed, nodes changed unsealed, events, problems)
StepRecord = tuple[int, tuple[Change, ...], tuple[str, ...] | None, tuple[str, ...],
                   list[Any] | None, list[str] | None]


class HeldBook(StateBook):
    """A :class:`StateBook` that knows each node's state as last sealed (see the module
    docstring): ``held`` maps a node changed since its last version to that version."""

    def __init__(self, roles: Roles, base_time: int, snapshots: bool = True) -> None:
        super().__init__(roles, base_time, snapshots)
        self.held: dict[str, NodeState] = {}

    def seal(self, ordinal: int) -> None:
        held = self.held
        if held:  # a version is made of these nodes now: what they hold is shown again
            for name in self._changed.get(ordinal, ()):
                held.pop(name, None)
        super().seal(ordinal)

    def shown(self, name: str, initial: NodeState) -> NodeState:
        """The node's state as the Timeline shows it after the steps replayed so far."""
        held = self.held.get(name)
        if held is not None:
            return held
        if not (self.caches.get(name) or self.lists.get(name) or self.routes.get(name)):
            return initial  # nothing held (the same state, by value, as before any step)
        return self.snapshot(name)

    def tables(self) -> tuple[Any, ...]:
        return self.caches, self.lists, self.routes, self.held

    def restore(self, tables: tuple[Any, ...]) -> None:
        self.caches, self.lists, self.routes, self.held = tables


class AppliedBook(HeldBook):
    """The book a window is made in (:func:`apply_step`): its entries are never changed in
    place, only replaced, so what a node's tables show is kept by entry, in the tables'
    order, and made again only for the entries a step replaced (a home agent with hundreds
    of mobile nodes changes one entry a step, and each of its versions shows them all)."""

    def __init__(self, roles: Roles, base_time: int) -> None:
        super().__init__(roles, base_time, snapshots=False)
        # per node: entry key -> its rows (None: replaced since), as ordered as the table
        self.shown_cache: dict[str, dict[Any, tuple[BindingCacheEntry, ...] | None]] = {}
        self.shown_list: dict[str, dict[Any, BindingUpdateListEntry | None]] = {}

    def _cache_of(self, name: str) -> tuple[BindingCacheEntry, ...]:
        table = self.caches.get(name, {})
        rows = self.shown_cache.get(name)
        if rows is None or len(rows) != len(table):
            rows = self.shown_cache[name] = dict.fromkeys(table)
        for key, made in rows.items():
            if made is None:
                rows[key] = self._cache_rows(name, key, table[key])
        return tuple(chain.from_iterable(rows.values()))  # type: ignore[arg-type]

    def _list_of(self, name: str) -> tuple[BindingUpdateListEntry, ...]:
        table = self.lists.get(name, {})
        entries = self.shown_list.get(name)
        if entries is None or len(entries) != len(table):
            entries = self.shown_list[name] = dict.fromkeys(table)
        for key, made in entries.items():
            if made is None:
                entries[key] = self._list_entry(name, key, table[key])
        return tuple(entries.values())  # type: ignore[arg-type]


class JournalBook(HeldBook):
    """The book of read 2: every change to a table is noted (node, table, key, removed), so
    that :meth:`record` can say what a step changed."""

    def __init__(self, roles: Roles, base_time: int) -> None:
        super().__init__(roles, base_time, snapshots=False)
        self.changes: list[tuple[str, int, Any, bool]] = []
        self.sealed: tuple[str, ...] | None = None

    def set_cache_entry(self, node: str, key: bytes | str, fields: dict[str, Any],
                        ordinal: int) -> None:
        super().set_cache_entry(node, key, fields, ordinal)
        self.changes.append((node, CACHE, key, False))

    def change_cache_entry(self, node: str, key: bytes | str, changes: dict[str, Any],
                           ordinal: int) -> None:
        super().change_cache_entry(node, key, changes, ordinal)
        self.changes.append((node, CACHE, key, False))

    def drop_cache_field(self, node: str, key: bytes | str, name: str) -> None:
        super().drop_cache_field(node, key, name)
        self.changes.append((node, CACHE, key, False))

    def remove_cache_entry(self, node: str, key: bytes | str, ordinal: int) -> bool:
        removed = super().remove_cache_entry(node, key, ordinal)
        if removed:
            self.changes.append((node, CACHE, key, True))
        return removed

    def set_route(self, node: str, prefix: str, via: str, ordinal: int) -> None:
        super().set_route(node, prefix, via, ordinal)
        self.changes.append((node, ROUTE, prefix, False))

    def remove_route(self, node: str, prefix: str, ordinal: int) -> None:
        super().remove_route(node, prefix, ordinal)
        self.changes.append((node, ROUTE, prefix, True))

    def set_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                       fields: dict[str, Any], ordinal: int) -> None:
        super().set_list_entry(node, peer, identity, fields, ordinal)
        self.changes.append((node, LIST, (peer, identity), False))

    def change_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                          changes: dict[str, Any], ordinal: int) -> None:
        super().change_list_entry(node, peer, identity, changes, ordinal)
        self.changes.append((node, LIST, (peer, identity), False))

    def remove_list_entry(self, node: str, peer: bytes, identity: bytes | str,
                          ordinal: int) -> None:
        super().remove_list_entry(node, peer, identity, ordinal)
        self.changes.append((node, LIST, (peer, identity), True))

    def expire(self, node: str, kind: str, key: object, expires: int, ordinal: int) -> None:
        table = self._table(node, kind)
        entry = table.get(key)
        super().expire(node, kind, key, expires, ordinal)
        if entry is None or key in table:
            return  # renewed since, or still deregistering: nothing changed
        self.changes.append((node, LIST if kind == "list" else CACHE, key, True))
        if kind == "cache":  # its prefixes' routes went with it
            self.changes.extend((node, ROUTE, prefix, True)
                                for prefix in entry.get("prefixes", ()))

    def seal(self, ordinal: int) -> None:
        self.sealed = tuple(self._changed.get(ordinal, ()))
        super().seal(ordinal)

    def record(self, ordinal: int) -> StepRecord | None:
        """What step ``ordinal`` changed and noted (None: nothing), once it is replayed; the
        book then forgets it."""
        changes = self.changes
        sealed, self.sealed = self.sealed, None
        unsealed = tuple(self._changed.pop(ordinal, ()))
        events = self.events.pop(ordinal, None)
        problems = self.problems.pop(ordinal, None)
        if not changes and sealed is None and not unsealed and events is None \
                and problems is None:
            return None
        made: list[Change] = []
        if changes:
            tables: tuple[dict[str, dict[Any, Any]], ...] = (self.caches, self.lists,
                                                              self.routes)
            written: set[tuple[str, int, Any]] = set()
            for node, table, key, removed in changes:
                place = (node, table, key)
                if removed:
                    made.append((node, table, key, None))
                    written.discard(place)
                    continue
                if place in written:
                    continue  # the same entry again: its value after the step is written
                value = tables[table].get(node, {}).get(key)
                if value is not None:  # (else it was removed later in the step)
                    written.add(place)
                    made.append((node, table, key, value if table == ROUTE else dict(value)))
            changes.clear()
        return ordinal, tuple(made), sealed, unsealed, events, problems


def apply_step(book: HeldBook, record: StepRecord) -> None:
    """Make ``book``'s tables what they were after the record's step; its held states
    too (see the module docstring). The caller seals the step if the record says so."""
    _, changes, sealed, unsealed, _, _ = record
    if unsealed:  # their last versions are shown until a sealed step changes them again
        nodes, held = book.roles.nodes, book.held
        for name in unsealed:
            if name in nodes and name not in held:
                held[name] = book.snapshot(name)
    tables: tuple[dict[str, dict[Any, Any]], ...] = (book.caches, book.lists, book.routes)
    # what an AppliedBook shows of each entry follows the same changes, so keeps its order
    shown: tuple[dict[str, dict[Any, Any]], ...] = (
        (book.shown_cache, book.shown_list, {}) if isinstance(book, AppliedBook) else ({}, {}, {}))
    for node, table, key, value in changes:
        kept = shown[table].get(node)
        if value is None:
            found = tables[table].get(node)
            if found is not None:
                found.pop(key, None)
            if kept is not None:
                kept.pop(key, None)
        else:
            tables[table].setdefault(node, {})[key] = value  # (unpickled: the book's own)
            if kept is not None:
                kept[key] = None  # made again when next shown
    if sealed:
        for name in sealed:
            book.held.pop(name, None)


class CheckpointReplay(LiveReplay):
    """:class:`~mipviz.capture.streamed.LiveReplay` into a :class:`JournalBook`, holding
    the state of a node an unsealed step changes (see :class:`HeldBook`)."""

    book: JournalBook

    def step(self, ordinal: int, time: int, kind: int, signal: Signal | None) -> None:
        if kind == REPEAT:  # a further hop: its expiries are placed, but it is not sealed
            expiry = self.replay.next_expiry()
            if expiry is not None and time >= expiry:
                book = self.book
                nodes = book.roles.nodes
                due = {entry[2] for entry in self.replay.expiries if entry[0] <= time}
                before = {name: book.snapshot(name) for name in due
                          if name in nodes and name not in book.held}
                super().step(ordinal, time, kind, signal)
                for name in book._changed.get(ordinal, ()):
                    if name in before:
                        book.held[name] = before[name]
                return
        super().step(ordinal, time, kind, signal)


class Journal:
    """The journal's records and the checkpoints, by window, in a temporary file (see the
    module docstring). ``window``: steps a record covers; ``every``: windows between two
    checkpoints."""

    def __init__(self, window: int, every: int) -> None:
        self.window = window
        self.every = every
        self._records = array("q")  # per window: offset, length
        self._checkpoints = array("q")  # per checkpoint: offset, length
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the replay
        self.octets = 0

    def _write(self, value: Any, places: array[int]) -> None:
        data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
        handle = self._file
        places.extend((self.octets, len(data)))
        handle.seek(self.octets)
        handle.write(data)
        self.octets += len(data)

    def _read(self, places: array[int], number: int) -> Any:
        offset, length = places[2 * number], places[2 * number + 1]
        handle = self._file
        handle.flush()
        handle.seek(offset)
        return pickle.loads(zlib.decompress(handle.read(length)))  # our own file

    def begin_window(self, book: HeldBook) -> None:
        """The next window begins: a checkpoint of ``book``'s tables if one is due (every
        ``every`` windows, from the first)."""
        if not self.windows % self.every:
            self._write(book.tables(), self._checkpoints)

    def add_window(self, records: list[StepRecord]) -> None:
        """The records of the window begun last."""
        self._write(records, self._records)

    def records(self, number: int) -> list[StepRecord]:
        return self._read(self._records, number)  # type: ignore[no-any-return]

    def book_before(self, number: int, roles: Roles, base_time: int,
                    made: AppliedBook | None = None) -> AppliedBook:
        """A book holding the tables where window ``number`` begins (no snapshots made);
        ``made``: the book of a window made before, whose frozen entries this one reuses
        where they hold the same values (most of them, whatever the window)."""
        book = AppliedBook(roles, base_time)
        if made is not None:
            if len(made._last_entries) > MADE_ENTRIES:
                made._last_entries.clear()
            book._last_entries, book._addresses = made._last_entries, made._addresses
        start = number - number % self.every
        book.restore(self._read(self._checkpoints, start // self.every))
        for earlier in range(start, number):
            for record in self.records(earlier):
                apply_step(book, record)
        return book

    @property
    def windows(self) -> int:
        return len(self._records) // 2

    @property
    def checkpoints(self) -> int:
        return len(self._checkpoints) // 2

    def close(self) -> None:
        self._file.close()
