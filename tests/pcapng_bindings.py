"""The binding caches and lists a replay of a lesson's pcapng export rebuilds, set against
the engine's at every frame of the lesson (used by tests/test_pcapng_replay.py).

What a capture cannot show is left out, each for a stated reason:

* expiry times may differ by up to the lesson's slowest link delay: a frame is stamped when
  it arrives at the far end of its link (the engine's step time), so the replay learns of a
  binding one link crossing after the binder made it;
* while an acknowledgement is still crossing links towards its mobile node, the replay (which
  sees it on its first link) is ahead of the node: the node's list entry is compared with the
  engine's once the acknowledgement has arrived (its last hop);
* a list entry in state ``return-routability`` is the mobile node's plan before any Binding
  Update is sent (its sequence number and lifetime are not on the wire yet);
* a mobile router in implicit mode (RFC 3963 §6.1.2) sends no prefix: the home agent knows
  them from configuration, so its cache entry's prefixes are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mipviz.capture.esp_sa import load_esp_sa
from mipviz.capture.replay import ReplayTimeline, observe_as, timeline_of
from mipviz.capture.survey import open_captures, survey
from mipviz.commands.export import esp_sa_path, write_captures
from mipviz.engine.timeline import NodeState, Step, Timeline
from mipviz.lesson.runner import LessonRun

Key = tuple[str, ...]
Entry = tuple[tuple[Any, ...], int]  # (every field but the expiry, the expiry in µs)


@dataclass
class Replayed:
    """A lesson exported as pcapng and replayed, frame by frame beside the engine's steps."""

    run: LessonRun
    path: Path
    timeline: ReplayTimeline
    frames: list[Step]  # the engine's frame steps, in the order of the capture
    last_hop: list[int]  # per replayed step (from 0): the step of the packet's last hop

    @property
    def base(self) -> int:
        return self.frames[0].time


def replay_export(run: LessonRun, directory: Path, keyed: bool = False) -> Replayed:
    """``keyed``: export the key log too and replay with its ESP SA table (``--esp-sa``)."""
    path = directory / f"{run.lesson.id}.pcapng"
    keylog = directory / f"{run.lesson.id}.keys.txt" if keyed else None
    write_captures(run, [(path, "pcapng")], keylog)
    keys = load_esp_sa(esp_sa_path(keylog)) if keylog is not None else None
    found = survey(open_captures([path], keys))
    sightings: list[int] = []
    for _ in observe_as(found, lambda *step: None, sightings=sightings):
        pass
    first = [earlier or step for step, earlier in enumerate(sightings, start=1)]
    while any(first[at - 1] != at for at in first):  # each hop names the packet's first step
        first = [first[at - 1] for at in first]
    last: dict[int, int] = {}
    for step, group in enumerate(first, start=1):
        last[group] = step
    frames = [step for step in run.timeline if step.frame_bytes is not None]
    return Replayed(run, path, timeline_of(found), frames, [last[group] for group in first])


def _owners(replayed: Replayed) -> dict[str, str]:
    """Engine node name -> the replay's name for it (they share an address)."""
    by_address = {address: name for name, node in replayed.timeline.nodes.items()
                  for address in node.addresses}
    owners: dict[str, str] = {}
    final = replayed.run.timeline.states_at(len(replayed.run.timeline))
    for name, state in final.items():
        for address in state.addresses:
            if address.packed in by_address:
                owners[name] = by_address[address.packed]
                break
    return owners


def _implicit(run: LessonRun) -> frozenset[str]:
    return frozenset(node.name for node in run.lesson.topology.nodes
            if node.role == "mobile-router" and node.nemo_mode == "implicit")


def entries(states: dict[str, NodeState], base: int, owner: dict[str, str] | None = None,
            implicit: frozenset[str] = frozenset()) -> dict[Key, Entry]:
    """Every binding cache and list entry of ``states``, keyed by kind, owner and binding,
    expiry relative to ``base``; ``owner`` renames the engine's nodes to the replay's, and
    the cache entries of the mobile routers named in ``implicit`` keep no prefixes."""
    found: dict[Key, Entry] = {}
    quiet = {state.home_address for name, state in states.items() if name in implicit}
    for name, state in states.items():
        who = owner.get(name, f"(engine) {name}") if owner is not None else name
        for cache in state.binding_cache:
            prefixes = None if cache.home_address in quiet else cache.prefixes
            found[("cache", who, str(cache.home_address))] = (
                (str(cache.care_of_address), cache.lifetime, cache.sequence, cache.state,
                 cache.home_registration, cache.mobile_router, prefixes), cache.expires - base)
        for item in state.binding_update_list:
            if item.state == "return-routability" or (
                    item.state == "refused" and item.lifetime == 0
                    and item.care_of_address == item.home_address):
                continue  # Return Routability planned or refused: no Binding Update sent
            found[("list", who, str(item.peer_address), str(item.home_address))] = (
                (str(item.care_of_address), item.lifetime, item.sequence, item.state,
                 item.home_registration), item.expires - base if item.expires else 0)
    return found


def _same(engine: Entry, replay: Entry, tolerance: int) -> bool:
    (fields, expires), (replay_fields, replay_expires) = engine, replay
    if fields[-1] is None or replay_fields[-1] is None:  # prefixes not on the wire
        fields, replay_fields = fields[:-1], replay_fields[:-1]
    if fields != replay_fields:
        return False
    return (expires == 0) == (replay_expires == 0) and abs(expires - replay_expires) <= tolerance


def differences(replayed: Replayed) -> Iterator[str]:
    """Every difference between the replayed entries and the engine's, one line each
    (nothing: the replay rebuilt the lesson's bindings at every frame)."""
    run, frames = replayed.run, replayed.frames
    owner = _owners(replayed)
    implicit = _implicit(run)
    # a frame is stamped at the far end of its link, a tunnelled one maybe a link later
    tolerance = 2 * max(round(link.delay * 1_000_000) for link in run.lesson.topology.links)
    engine: Timeline = run.timeline

    def engine_at(k: int) -> dict[Key, Entry]:
        return entries(engine.states_at(frames[k - 1].index), replayed.base, owner, implicit)

    replayed_entries: dict[int, dict[Key, Entry]] = {}

    def replay_at(k: int) -> dict[Key, Entry]:
        found = replayed_entries.get(k)
        if found is None:
            found = replayed_entries[k] = entries(replayed.timeline.states_at(k), 0)
        return found

    # hop groups in flight at each step: the packet seen first at or before it, last after it
    arrives = [0] * (len(frames) + 2)
    for step in range(1, len(frames) + 1):
        first_seen = step
        arrives[step] = max(arrives[step], step)
        last = replayed.last_hop[step - 1]
        for inside in range(first_seen, last):
            arrives[inside] = max(arrives[inside], last)
    for k in range(1, len(frames) + 1):
        want = engine_at(k)
        got = replay_at(k)
        for key in sorted(set(want) | set(got)):
            if key in want and key in got and _same(want[key], got[key], tolerance):
                continue
            if key[0] == "list" and _arrived(engine_at, k, arrives[k], key, got, tolerance):
                continue
            if _caught_up(want, replay_at, k, len(frames), key, tolerance):
                continue
            yield (f"step {k} (engine step {frames[k - 1].index}, "
                   f"{frames[k - 1].summary[:40]}): {key}: engine {want.get(key)}, "
                   f"replay {got.get(key)}")


def _arrived(engine_at: Any, k: int, until: int, key: Key, got: dict[Key, Entry],
             tolerance: int) -> bool:
    """The replay's list entry is the engine's once the packets in flight have arrived."""
    for later in range(k + 1, until + 1):
        want = engine_at(later)
        if (key in want) == (key in got) and (
                key not in got or _same(want[key], got[key], tolerance)):
            return True
    return False


def _caught_up(want: dict[Key, Entry], replay_at: Any, k: int, steps: int, key: Key,
               tolerance: int) -> bool:
    """The engine's node is ahead: it changed the entry when it decided to send (a Binding
    Update after Return Routability, a deregistration once home), and the replay shows that
    change when the message is on the wire: the replay's next change of the entry gives the
    engine's entry."""
    now = replay_at(k).get(key)
    for later in range(k + 1, steps + 1):
        then = replay_at(later).get(key)
        if then != now:
            if (key in want) != (then is not None):
                return False
            return then is None or _same(want[key], then, tolerance)
    return False
