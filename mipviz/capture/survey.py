"""Pass 1 over one or more captures: index every packet, collect the signalling, infer the
roles and replay the bindings.

Reading is streaming (:func:`mipviz.capture.reader.read_records`); several captures are
merged by timestamp (ties keep the order of the files given), so the same frame captured at
two points becomes two steps, two hops. What is kept per packet is only its time (an
``array`` of 8-octet integers, for placing binding expiries); signalling packets keep their
decoded message, data packets add to a bounded summary of who talks to whom.

Only after the whole capture has been seen are the roles inferred (a care-of address used
before its Binding Update still belongs to its mobile node) and the bindings replayed, so
the state of step *n* depends only on steps 1..n, but names and "never acknowledged" need the
whole capture.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path

from mipviz.capture.bindings import BindingReplay
from mipviz.capture.bookmarks import Bookmark, FileMark, marked_records, records_from
from mipviz.capture.esp_sa import EspKeyring
from mipviz.capture.forks import Child, default_workers
from mipviz.capture.icmpv6 import ROUTER_ADVERTISEMENT, decode_icmpv6
from mipviz.capture.interfaces import attach_to_interfaces, interface_links
from mipviz.capture.ipv4 import ipv4_packet_key
from mipviz.capture.mobility import MobilityMessage
from mipviz.capture.narrate import Narrator
from mipviz.capture.packet import PLAIN_TUNNEL, SKIP, PacketView, classify, parse_frame
from mipviz.capture.reader import CaptureInfo, Record, Resume, open_capture, read_records
from mipviz.capture.roles import Roles, infer_roles
from mipviz.capture.signal_index import SignalIndex
from mipviz.capture.signals import DataFacts, Signal, decode_signal
from mipviz.capture.state import StateBook
from mipviz.wire.layout import ICMPV6

Progress = Callable[[int], None]
# (file index, record, pass 1's parse if it made one, the packet's key if it made one)
Retained = tuple[int, Record, PacketView | None, bytes | None]
RETAIN_PACKETS = 150_000  # pass 1 keeps captures up to this size for pass 2 ...
RETAIN_OCTETS = 32 * 1024 * 1024  # ... and up to this many octets of frames
PARALLEL_PACKETS = 20_000  # smaller captures are not worth a fork
RECENT_PACKETS = 4096  # a packet seen again within one or two such generations of steps


def warm_up_from(first: int) -> int:
    """The step from which a run over steps ``first``.. of either pass must read to know what
    the whole run knows at ``first`` (the packets seen before): the start of the generation
    of :data:`RECENT_PACKETS` steps before ``first``'s."""
    return max(1, ((first // RECENT_PACKETS) - 1) * RECENT_PACKETS)


def generation_start(step: int) -> int:
    """The first step from ``step`` on where a generation of :data:`RECENT_PACKETS` steps
    begins: a range starting there needs the least warm-up (one generation)."""
    return -(-step // RECENT_PACKETS) * RECENT_PACKETS


@dataclass(slots=True)
class CaptureSet:
    """The capture files of one replay and the link name of each of their interfaces."""

    paths: tuple[str, ...]
    infos: tuple[CaptureInfo, ...]
    # the SAs to decrypt ESP with (``--esp-sa``, mipviz.capture.esp_sa); None: none
    esp_keys: EspKeyring | None = None

    def link_name(self, source: int, interface: int) -> str:
        """The file's name (without .pcap/.pcapng), plus the interface's when it has several."""
        info = self.infos[source]
        stem = Path(info.path).name
        for suffix in (".pcapng", ".pcap", ".cap", ".ntar"):
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
                break
        if len(info.interfaces) <= 1 and interface == 0:
            return stem
        name = (info.interfaces[interface].name if interface < len(info.interfaces) else None)
        return f"{stem}/{name or f'if{interface}'}"


def open_captures(paths: Sequence[str | os.PathLike[str]],
                  esp_keys: EspKeyring | None = None) -> CaptureSet:
    """Check every file is a capture before anything is read (raises CaptureFormatError)."""
    names = tuple(str(path) for path in paths)
    return CaptureSet(names, tuple(open_capture(name) for name in names), esp_keys)


def merged_records(captures: CaptureSet) -> Iterator[tuple[int, Record]]:
    """``(file index, record)`` in timestamp order across files, file order within each."""
    if len(captures.paths) == 1:
        return zip(repeat(0), read_records(captures.paths[0]))
    return records_from(captures.paths, tuple(FileMark(None) for _ in captures.paths))


def records_at(found: Survey, step: int) -> Iterator[tuple[int, Record]]:
    """The merged records from ``step`` on (as :func:`merged_records` gives them after
    ``step - 1`` records), read from the nearest bookmark at or before it."""
    marked = max((at for at in found.bookmarks if at <= step), default=None)
    if marked is None:
        return islice(merged_records(found.captures), step - 1, None)
    records = records_from(found.captures.paths, found.bookmarks[marked])
    return islice(records, step - marked, None) if step > marked else records


@dataclass(slots=True)
class Survey:
    """Everything pass 1 learned: roles, replayed state, and where each packet's time is."""

    captures: CaptureSet
    roles: Roles
    book: StateBook
    times: array[int]
    # The signals by step (a read-only ``Mapping[int, Signal]``, kept compactly: see
    # mipviz.capture.signal_index).
    signals: SignalIndex = field(default_factory=SignalIndex)
    # Each packet with what pass 1 made of it (its parse and key where it walked it), kept
    # for pass 2 when the capture is small (RETAIN_PACKETS, RETAIN_OCTETS) and read by one
    # process: pass 2 then reads and parses nothing again. None otherwise.
    retained: list[Retained] | None = None
    # The step of retained[0]: 1, except in a worker that kept only its own range of steps
    # (and the generation before it, see mipviz.capture.pipeline).
    retained_from: int = 1
    # Where to read again to get a step first: at step 1 and every RECENT_PACKETS steps
    # (the generations pass 2 warms up from; see mipviz.capture.bookmarks)
    bookmarks: dict[int, Bookmark] = field(default_factory=dict)

    @property
    def packets(self) -> int:
        return len(self.times)

    @property
    def base_time(self) -> int:
        return self.book.base_time


def survey(captures: CaptureSet, progress: Progress | None = None,
           snapshots: bool = True, workers: int | None = None) -> Survey:
    """Pass 1 (see the module docstring). ``progress`` is called every 10,000 packets;
    ``snapshots=False`` skips the by-value node states, which only a Timeline needs.

    A capture of :data:`PARALLEL_PACKETS` packets or more is read in ranges of steps by
    ``workers`` processes (default: one per processor, see :mod:`mipviz.capture.forks`);
    the result is the same as one process's.
    """
    if workers is None:
        workers = default_workers() if progress is None else 1
    scan = None
    if workers > 1 and not _retainable(captures):
        total = sum(1 for _ in merged_records(captures))
        if total >= PARALLEL_PACKETS:
            scan = _scan_in_parallel(captures, total, workers)
    if scan is None:
        # a capture too big to keep is not kept at all: keeping its first RETAIN_PACKETS
        # packets (with their parses) until the limit is passed only raised the peak
        scan = _scan(captures, 1, None, progress, retain=_retainable(captures))
    return survey_of(captures, scan, snapshots)


def survey_of(captures: CaptureSet, scan: _Scan, snapshots: bool,
              signals: Iterable[Signal] | None = None) -> Survey:
    """What pass 1 learns from a scan: the roles, then the bindings replayed. ``signals``:
    the scan's signals but further hops, for role inference, when they come while it runs
    (the scan is complete once they have all come; see mipviz.capture.pipeline)."""
    if signals is None:  # a further hop of a message says nothing new to role inference
        signals = (signal for _, signal in scan.signals.walk_steps() if signal is not None)
    roles = infer_roles(signals, scan.facts)
    attach_to_interfaces(roles, interface_links(captures))  # pcapng links with prefixes
    times = scan.times
    book = StateBook(roles, times[0] if times else 0, snapshots)
    _replay(scan.signals.walk_steps(), roles, book, times)
    return Survey(captures, roles, book, times, scan.signals, scan.retained, scan.retained_from,
                  scan.marks)


def _retainable(captures: CaptureSet) -> bool:
    """Whether the files are small enough for one process to keep every packet for pass 2.

    Such a capture is read by one process: splitting pass 1 would cost a first read to count
    the packets, a second read of the skipped part by each child and the pickling of their
    signals, and would leave pass 2 without :attr:`Survey.retained`, so each of its ranges
    would read and parse its packets again. Measured on 100,000 packets (10 MB), 2 workers:
    pass 1 + pass 2 take 1.2-1.4 s this way against 1.6-2.1 s with both passes split.
    """
    try:
        return sum(os.path.getsize(path) for path in captures.paths) <= RETAIN_OCTETS
    except OSError:
        return False


@dataclass(slots=True)
class _Scan:
    """What reading a range of steps found: their times, signals and data facts."""

    times: array[int] = field(default_factory=lambda: array("q"))
    signals: SignalIndex = field(default_factory=SignalIndex)
    facts: DataFacts = field(default_factory=DataFacts)
    marks: dict[int, Bookmark] = field(default_factory=dict)
    retained: list[Retained] | None = None
    retained_from: int = 1  # the step of retained[0]: the first step walked

    def extend(self, other: _Scan) -> None:
        self.times.extend(other.times)
        self.signals.extend(other.signals)
        self.facts.merge(other.facts)
        self.marks.update(other.marks)


def _scan_in_parallel(captures: CaptureSet, total: int, workers: int) -> _Scan:
    size = -(-total // workers)
    ranges = [(first, min(first + size - 1, total)) for first in range(1, total + 1, size)]
    children = [Child(_scan, captures, first, last, None) for first, last in ranges[1:]]
    scan = _scan(captures, *ranges[0], None)
    for child, (first, last) in zip(children, ranges[1:], strict=True):
        done, found = child.result()
        scan.extend(found if done else _scan(captures, first, last, None))
    return scan


def _scan(captures: CaptureSet, first: int, last: int | None,
          progress: Progress | None, retain: bool = False,
          before_offset: int | None = None, resume: Resume | None = None,
          into: _Scan | None = None,
          records: Iterator[tuple[int, Record]] | None = None) -> _Scan:
    """Read steps ``first``..``last`` (all by default). What a step remembers of the steps
    before it (the same packet seen again) is rebuilt from the generation of steps before
    ``first``, which are walked but not recorded. ``retain``: keep every packet for pass 2
    (see :attr:`Survey.retained`) as long as the capture stays small. ``before_offset``
    (one file only): stop at the first record that starts at this file offset or later and
    whose step begins a generation (:func:`generation_start`).
    ``resume`` (one classic pcap file only, where a record's number is its step): the record
    of ``first``'s warm-up step, so that the records before it are not read at all.
    ``into``: the scan to record into (mipviz.capture.streamed gives one whose times and
    signals are replayed as they come instead of kept); ``records``: the merged records
    from ``first``'s warm-up step on (read from a bookmark), instead of from the start."""
    scan = _Scan() if into is None else into
    times, signals, facts = scan.times, scan.signals, scan.facts
    kept: list[Retained] | None = [] if retain else None
    kept_octets = 0
    link_name = captures.link_name
    esp_keys = captures.esp_keys
    links: dict[tuple[int, int], str] = {}
    # Walked packets by key, remembered while their step is in the current or the previous
    # generation of RECENT_PACKETS steps (the rule pass 2 follows too), in locals: two
    # lookups a packet are this loop's hot path.
    current: dict[bytes, _RecentEntry] = {}
    previous: dict[bytes, _RecentEntry] = {}
    generation = 0
    warm = warm_up_from(first)
    ordinal = 0
    if records is not None:
        ordinal = warm - 1
    elif resume is not None and len(captures.paths) == 1 and captures.infos[0].format != "pcapng":
        if resume.number > warm:
            raise ValueError(f"step {resume.number} is past the warm-up of step {first}")
        ordinal = resume.number - 1
        records = zip(repeat(0), read_records(captures.paths[0], resume=resume))
    else:  # from the start, keeping a bookmark every generation (see Survey.bookmarks)
        records = marked_records(captures.paths, RECENT_PACKETS, scan.marks)
    recent, retain_packets, retain_octets = RECENT_PACKETS, RETAIN_PACKETS, RETAIN_OCTETS
    append_time = times.append
    for source, record in records:
        ordinal += 1
        if ordinal < warm:
            continue
        if last is not None and ordinal > last:
            break
        # one unpacking instead of a NamedTuple attribute a field (this loop's hot path)
        _, time, linktype, interface, data, original_length, file_offset, _, _ = record
        if (before_offset is not None and file_offset >= before_offset
                and not ordinal % recent):
            break
        counted = ordinal >= first
        if counted:
            append_time(time)
        if kept is not None:
            kept_octets += len(data)
            if len(kept) < retain_packets and kept_octets <= retain_octets:
                kept.append((source, record, None, None))
            else:
                kept = None
        if progress is not None and not ordinal % 10_000:
            progress(ordinal)
        kind, offset = classify(linktype, data)
        if kind == SKIP:
            continue
        if kind == PLAIN_TUNNEL:
            if counted:
                facts.add_tunnel(data, offset, ordinal)
            continue
        link = links.get((source, interface))
        if link is None:
            link = links[(source, interface)] = link_name(source, interface)
        if offset >= 0:
            end = offset + 40 + ((data[offset + 4] << 8) | data[offset + 5])
            key = data[offset : offset + 7] + data[offset + 8 : end]
            hop_limit = data[offset + 7]
            kept_key: bytes | None = key
        else:  # PMIPv6 in IPv4 UDP (RFC 5844): keyed here only, pass 2 keys IPv6 packets
            key, hop_limit = ipv4_packet_key(linktype, data)
            kept_key = None
        framing = (offset, len(data), original_length, linktype)
        earlier = current.get(key)
        if earlier is None:
            earlier = previous.get(key)
        if kept is not None:
            kept[-1] = (source, record, None, kept_key)
        if earlier is not None and earlier[3] == framing:
            # The same packet again: its decode is the same; a further hop of a signal is
            # the same message crossing another link, not a second message.
            signal = earlier[4]
            repeat_of = None
            if signal is not None:
                if earlier[1] != link or hop_limit < earlier[2]:
                    repeat_of = earlier[0]
                if counted:  # the step shares the first decode's Signal (no copy of it)
                    signals.add_again(signal, ordinal, time, link, repeat_of)
            if ordinal // recent != generation:  # a new generation begins
                previous = current if ordinal // recent == generation + 1 else {}
                current = {}
                generation = ordinal // recent
            current[key] = (repeat_of or ordinal, link, hop_limit, framing, signal)
            continue
        view = parse_frame(linktype, data, original_length, esp_keys)
        if kept is not None:
            kept[-1] = (source, record, view, kept_key)
        if not view.layers:
            continue
        if view.plain is not None:  # decrypted ESP (--esp-sa): its offsets are the plain's
            data = view.plain
        signal = decode_signal(view, data, ordinal, time, link)
        if signal is not None:
            if counted:
                signals.add(signal)
                if signal.icmp is not None and signal.icmp.icmp_type == ROUTER_ADVERTISEMENT:
                    facts.add_router_advertisement(link, signal.icmp)
        elif counted and (view.home_address is not None or view.routing_address is not None
                          or len(view.layers) > 1):
            facts.add(view, ordinal)
        elif counted and view.protocol == ICMPV6 and \
                view.upper_type(data) == ROUTER_ADVERTISEMENT:  # an ordinary one: its prefixes
            facts.add_router_advertisement(link, decode_icmpv6(
                data, view.upper_offset, view.upper_end, view.layers[-1][1]))
        if ordinal // recent != generation:  # a new generation begins
            previous = current if ordinal // recent == generation + 1 else {}
            current = {}
            generation = ordinal // recent
        current[key] = (ordinal, link, hop_limit, framing, signal)
    scan.retained = kept
    scan.retained_from = warm
    return scan


_RecentEntry = tuple[int, str, int, tuple[int, int, int, int], Signal | None]


def _replay(signals: Iterable[tuple[int, Signal | None]], roles: Roles, book: StateBook,
            times: array[int]) -> None:
    """Replay ``(step, signal)`` in step order (see :meth:`SignalIndex.walk_steps`: the
    signal is None for a further hop of a message, whose effects are already counted)."""
    replay = BindingReplay(roles, book)
    narrator = Narrator(roles, book)
    ordered = all(a <= b for a, b in zip(times, islice(times, 1, None), strict=False))
    total = len(times)
    done = 0  # the last step whose expiries have been placed
    expiry = replay.next_expiry()
    seal = book.seal
    for ordinal, signal in signals:
        # times that never decrease: no step up to this one reaches the next expiry when
        # this one's time does not (what _place_expiries would find, without the call)
        if expiry is not None and not (ordered and times[min(ordinal, total) - 1] < expiry):
            _place_expiries(replay, book, times, done + 1, ordinal, ordered)
            expiry = replay.next_expiry()  # (only an update or an acknowledgement adds one)
        done = ordinal
        if signal is None:
            continue  # one message crossing a second link: its effects are already counted
        message = signal.message
        if isinstance(message, MobilityMessage):
            kind = message.mh_type
            # Narrator.headers notes a problem only for a HAO or an RH2 (most carry neither)
            if signal.home_address_option is not None or signal.routing_header is not None:
                narrator.headers(signal, message)
            if kind == 5 or kind == 8:
                replay.update(signal, message)
            elif kind == 6 or kind == 9:
                replay.acknowledge(signal, message)
            elif kind == 7:
                replay.binding_error(signal, message)
            narrator.mobility(signal, message)
        else:
            icmp = signal.icmp
            if icmp is not None:
                narrator.icmp(signal, icmp)
        seal(ordinal)
        expiries = replay.expiries  # replay.next_expiry(), inline (a sweep makes a new list)
        expiry = expiries[0][0] if expiries else None
    _place_expiries(replay, book, times, done + 1, len(times) + 1, ordered)
    replay.finish()


def _place_expiries(replay: BindingReplay, book: StateBook, times: array[int], first: int,
                    stop: int, ordered: bool) -> None:
    """Expire entries at the first step in ``first``..``stop`` whose time has reached them.

    Step ``stop`` itself is sealed by the caller (it is the next signal's step), so only the
    steps before it are sealed here. ``ordered``: the times never decrease, so the step can
    be found by bisection (a capture's times may also go backwards; then step by step).
    """
    expiry = replay.next_expiry()
    end = min(stop, len(times))
    ordinal = first
    while expiry is not None and ordinal <= end:
        if ordered:
            ordinal = bisect_left(times, expiry, ordinal - 1, end) + 1
            if ordinal > end:
                return
        time = times[ordinal - 1]
        if time >= expiry:
            replay.expire_until(time, ordinal)
            if ordinal < stop:
                book.seal(ordinal)
            expiry = replay.next_expiry()
        ordinal += 1
