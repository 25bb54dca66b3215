"""`MobileNode.receive` drops an all-nodes Neighbor Advertisement the node would only look at
and ignore, before delivery and dispatch (issue 14: 262,000 such receptions in the 1,000-node
scenario). `_ignores_multicast_na` mirrors `_on_neighbor_advertisement`'s tests one for one, so
a change to the handler that the mirror misses would change what a node does. Here the engine
benchmark's scale scenario (20 mobile nodes: the home agent's proxy NAs reach every node still
at home) and the lesson whose mobile node hears one are run with the shortcut and without it
(every NA the whole way, as before): every step record — frames, notes, states — must match."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mipviz.engine.mobile_node import MobileNode
from mipviz.records import step_record
from tests.conftest import lesson_run
from tests.scale_scenario import scale_steps

REPO = Path(__file__).resolve().parents[1]


def _scale_records() -> list[str]:
    return [json.dumps(step_record(step), sort_keys=True, default=str)
            for step in scale_steps(20)]


def _lesson_records(lesson_id: str) -> Callable[[], list[str]]:
    return lambda: [json.dumps(step_record(step), sort_keys=True, default=str)
                    for step in lesson_run.__wrapped__(lesson_id).timeline]  # a fresh run


# returning-home: the HA's NA as the MN comes home (RFC 6275 §11.5.5), which must go through
RUNS = {"scale-20": _scale_records, "returning-home": _lesson_records("returning-home")}


@pytest.mark.parametrize("name", RUNS)
def test_dropping_ignored_neighbor_advertisements_changes_nothing(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shortcut = RUNS[name]()
    verdicts: list[bool] = []
    original = MobileNode._ignores_multicast_na

    def whole_way(self: MobileNode, *args: object) -> bool:
        verdicts.append(original(self, *args))  # type: ignore[arg-type]
        return False

    monkeypatch.setattr(MobileNode, "_ignores_multicast_na", whole_way)
    assert RUNS[name]() == shortcut
    assert verdicts, f"{name}: no all-nodes NA reached a mobile node"
    if name == "scale-20":
        assert verdicts.count(True) > 100, verdicts.count(True)  # the shortcut was taken
