"""Replay meets engine for HMIPv6 and PMIPv6 (issue 12 item 6): each new lesson's export, read
back by the capture reader (mipviz.capture), names the same MAP, LMA and MAGs the engine ran,
and rebuilds the binding caches the engine's MAP, LMA and home agent held, at every step where
one of them changed."""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz import wire
from mipviz.capture.replay import build_timeline
from mipviz.capture.survey import open_captures, survey
from mipviz.engine.messages import BindingAcknowledgement
from mipviz.engine.timeline import BindingCacheEntry, Timeline
from tests.conftest import lesson_run

# engine role -> the role the capture reader infers for it
ROLE = {"map": "mobility-anchor-point", "lma": "local-mobility-anchor",
        "mag": "mobile-access-gateway", "home-agent": "home-agent",
        "mobile-node": "mobile-node", "mobile-host": "mobile-node",
        "correspondent": "correspondent"}
BINDERS = {"hmipv6": ("MAP", "HA", "CN"), "proxy-mobile-ipv6": ("LMA",)}


def _export(lesson_id: str, tmp_path: Path) -> tuple[Timeline, Path]:
    run = lesson_run(lesson_id)
    path = tmp_path / f"{lesson_id}.pcap"
    wire.write_pcap(path, [(s.time, s.frame_bytes) for s in run.timeline
                           if s.frame_bytes is not None])  # type: ignore[misc]
    return run.timeline, path


def _cache(entries: tuple[BindingCacheEntry, ...]) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(str(e.home_address), str(e.care_of_address), tuple(e.prefixes))
            for e in entries if e.state == "valid"}


@pytest.mark.parametrize("lesson_id", sorted(BINDERS))
def test_the_capture_names_the_roles_the_engine_ran(lesson_id: str, tmp_path: Path) -> None:
    timeline, path = _export(lesson_id, tmp_path)
    found = survey(open_captures([path]))
    engine = timeline.initial_states
    owners: dict[bytes, str] = {}
    for name, state in engine.items():
        for address in state.addresses:
            owners[address.packed] = name
    named: dict[str, str] = {}
    for node in found.roles.nodes.values():
        if node.identifier is not None:  # a PMIPv6 mobile node, known by its NAI only
            named["MN"] = node.role
            continue
        matches = {owners[a] for a in node.addresses if a in owners}
        if not matches and node.role == "mobile-node":
            matches = {"MN"}  # only its care-of and home addresses, which nobody else owns
        assert len(matches) == 1, (node.name, matches)
        named[matches.pop()] = node.role
    for name, role in named.items():
        assert role == ROLE[engine[name].role], name
    wanted = {"hmipv6": {"MAP": "mobility-anchor-point", "HA": "home-agent"},
              "proxy-mobile-ipv6": {"LMA": "local-mobility-anchor",
                                    "MAG1": "mobile-access-gateway",
                                    "MAG2": "mobile-access-gateway"}}[lesson_id]
    assert {n: named.get(n) for n in wanted} == wanted


@pytest.mark.parametrize("lesson_id", sorted(BINDERS))
def test_rebuilt_binding_caches_equal_the_engines(lesson_id: str, tmp_path: Path) -> None:
    timeline, path = _export(lesson_id, tmp_path)
    replayed = build_timeline([path])
    names = {state.name for state in replayed.initial_states.values()}
    frames = [s for s in timeline if s.frame_bytes is not None]
    assert len(replayed.steps) == len(frames)  # one replayed step per captured frame
    ordinal = {step.index: number for number, step in enumerate(frames, start=1)}
    compared = 0
    for binder in BINDERS[lesson_id]:
        assert binder in names, (binder, names)
        # The capture learns of a binding when the binder acknowledges it (RFC 6275 §6.1.8):
        # compare the two after each acknowledgement the binder sends.
        changes = [s for s in frames if s.tx == binder and s.frame is not None and
                   isinstance(s.frame.packet.innermost.payload, BindingAcknowledgement)]
        assert changes, binder
        for step in changes:
            engine = _cache(timeline.state_at(binder, step.index).binding_cache)
            # the capture's state after the same frame
            replay = _cache(replayed.state_at(binder, ordinal[step.index]).binding_cache)
            if binder in ("MAP", "LMA") or engine:
                assert replay == engine, (binder, step.index, step.summary)
                compared += 1
    assert compared >= (3 if lesson_id == "hmipv6" else 2)


def test_the_lmas_entry_is_the_assigned_prefix_not_the_all_zero_request(tmp_path: Path) -> None:
    """The PBU asks with ALL_ZERO; the capture must take the prefix from the PBA (§5.3.6)."""
    _, path = _export("proxy-mobile-ipv6", tmp_path)
    replayed = build_timeline([path])
    (entry,) = replayed.state_at("LMA", len(replayed.steps)).binding_cache
    assert entry.home_address == IPv6Address("2001:db8:10::")
    assert entry.prefixes == ("2001:db8:10::/64",)
    assert entry.care_of_address == IPv6Address("2001:db8:ff::32")


@pytest.mark.parametrize("lesson_id", sorted(BINDERS))
def test_the_capture_reader_finds_nothing_wrong_in_the_export(lesson_id: str,
                                                              tmp_path: Path) -> None:
    """A BU the HMIPv6 node tunnels to its MAP and the MAP forwards is one message on two hops,
    not a sequence number that did not increase (RFC 5380 §6.1, RFC 6275 §9.5.1)."""
    from mipviz.capture.replay import observe

    _, path = _export(lesson_id, tmp_path)
    problems = [p for step in observe(survey(open_captures([path]))) for p in step.problems]
    assert problems == []
