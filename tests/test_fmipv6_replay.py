"""Replay meets engine (issue 12 item 6): a capture of each FMIPv6 lesson, exported by the
engine and read back by mipviz.capture, names the same nodes in the same roles and rebuilds
the bindings the engine held: the home agent's binding of the home address to the NCoA and the
PAR's fast binding of the PCoA to the NCoA (RFC 5568 §5.1)."""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz.capture.replay import build_timeline
from mipviz.capture.survey import open_captures, survey
from mipviz.cli import main as cli_main
from mipviz.lesson.runner import LessonRun
from tests.conftest import lesson_run

LESSONS = ("fmipv6-predictive", "fmipv6-reactive")


@pytest.fixture(scope="module", params=LESSONS)
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[LessonRun, Path]:
    path = tmp_path_factory.mktemp(request.param) / "lesson.pcap"
    assert cli_main(["export", request.param, "-o", str(path)]) == 0
    return lesson_run(request.param), path


def _engine_addresses(run: LessonRun, name: str) -> set[IPv6Address]:
    """Every global address the engine's node had during the run, its home address too."""
    found: set[IPv6Address] = set()
    for index in range(len(run.timeline) + 1):
        state = run.timeline.state_at(name, index)
        found.update(state.addresses)
        if state.home_address is not None:
            found.add(state.home_address)
    return found


def test_replay_names_the_roles_the_engine_played(exported: tuple[LessonRun, Path]) -> None:
    run, path = exported
    nodes = survey(open_captures([path])).roles.nodes
    by_role = {node.role: node for node in nodes.values()}
    assert set(by_role) == {"mobile-node", "home-agent", "correspondent",
                            "previous-access-router", "new-access-router"}
    assert len(nodes) == 5  # one node per role: the PAR is not split by its link-local address
    engine = {"mobile-node": "mn", "home-agent": "ha", "correspondent": "cn",
              "previous-access-router": "ar1", "new-access-router": "ar2"}
    for role, name in engine.items():
        replayed = {IPv6Address(a) for a in by_role[role].addresses}
        assert replayed and replayed <= _engine_addresses(run, name), role
    mobile = by_role["mobile-node"]
    assert IPv6Address(mobile.home_address) == IPv6Address("2001:db8:1::100")
    assert [IPv6Address(a) for a in mobile.care_of_addresses] == [
        IPv6Address("2001:db8:a1::ff:fe00:100"), IPv6Address("2001:db8:a2::ff:fe00:100")]


def test_replay_rebuilds_the_bindings_the_engine_held(exported: tuple[LessonRun, Path]) -> None:
    run, path = exported
    replay = build_timeline([path])
    last = len(replay.steps)
    by_role = {state.role: state for state in
               (replay.state_at(name, last) for name in replay.initial_states)}
    engine_ha = run.timeline.state_at("ha", len(run.timeline)).binding_cache
    replayed_ha = by_role["home-agent"].binding_cache
    assert [(e.home_address, e.care_of_address, e.lifetime, e.sequence) for e in replayed_ha] \
        == [(e.home_address, e.care_of_address, e.lifetime, e.sequence) for e in engine_ha]
    # The PAR's fast binding, at the end of the run (the FBU's lifetime has not run out).
    engine_par = run.timeline.state_at("ar1", len(run.timeline)).binding_cache
    replayed_par = by_role["previous-access-router"].binding_cache
    assert [(e.home_address, e.care_of_address, e.lifetime, e.sequence) for e in replayed_par] \
        == [(e.home_address, e.care_of_address, e.lifetime, e.sequence) for e in engine_par]
    assert engine_par and engine_par[0].care_of_address == IPv6Address("2001:db8:a2::ff:fe00:100")
