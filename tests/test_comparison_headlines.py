"""The same move, four ways (issue 12 item 4): the headline facts of lesson 20's comparison, read
from what a user sees — `mipviz handovers 20-handover-comparison --format json` and the
`mipviz trace --format jsonl` step records of the compared lessons (DESIGN.md) — not from the
analysis' own objects.

- predictive FMIPv6 (RFC 5568) loses fewer packets than plain Mobile IPv6 on the same move;
- HMIPv6's move inside the MAP domain (RFC 5380 §6.1) sends no Binding Update to the home
  agent, only a local one to the MAP, while its move out of the domain does register;
- under PMIPv6 (RFC 5213) the mobile node sends no mobility signalling at all: its MAGs do.
"""

from __future__ import annotations

import contextlib
import io
import json
from functools import cache
from typing import Any

from mipviz.cli import main

HA_ADDRESSES = {"2001:db8:1::1", "2001:db8:ff::1"}  # ha on the home and the core link
MAP_ADDRESS = "2001:db8:ff::ff"  # lesson 23: the core router is the MAP


def _cli(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


@cache
def _runs() -> dict[str, dict[str, Any]]:
    record = json.loads(_cli("handovers", "20-handover-comparison", "--format", "json"))
    return {run["label"]["en"] if isinstance(run["label"], dict) else run["label"]: run
            for run in record["runs"]}


@cache
def _steps(lesson: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in
                 _cli("trace", lesson, "--format", "jsonl").splitlines() if line.strip())


def _window(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The frames of a run from its handover's start to its first packet at the new address."""
    handover = run["handover"]
    return [s for s in _steps(run["lesson"]) if s.get("mh") is not None or s.get("src")
            if handover["start"] <= s["time"] <= handover["first_packet"]]


def _binding_updates_to(steps: list[dict[str, Any]], addresses: set[str]) -> list[int]:
    return [s["step"] for s in steps if s.get("mh") == "Binding Update"
            and (s.get("dst") in addresses or s.get("inner_dst") in addresses)]


def test_every_protocol_of_the_comparison_ran_the_move_to_the_end() -> None:
    runs = _runs()
    assert set(runs) == {"Mobile IPv6", "FMIPv6 predictive", "FMIPv6 reactive",
                         "HMIPv6 in domain", "HMIPv6 leaving", "PMIPv6"}
    for label, run in runs.items():
        assert run["problem"] is None and run["handover"]["complete"], label
        assert all((p["duration"] or 0) >= 0 for p in run["handover"]["phases"]), label


def test_predictive_fmipv6_loses_fewer_packets_than_plain_mobile_ipv6() -> None:
    runs = _runs()
    plain = runs["Mobile IPv6"]["handover"]["lost"]["ping"]
    predictive = runs["FMIPv6 predictive"]["handover"]["lost"]["ping"]
    assert predictive < plain
    assert (predictive, plain) == (0, 17)  # the figures lesson 20's narration states


def test_hmipv6_inside_the_domain_sends_no_binding_update_to_the_home_agent() -> None:
    runs = _runs()
    inside = _window(runs["HMIPv6 in domain"])
    assert _binding_updates_to(inside, HA_ADDRESSES) == []
    assert _binding_updates_to(inside, {MAP_ADDRESS})  # the local BU (M flag) to the MAP
    # The same check finds the home registrations where there are some: plain Mobile IPv6's
    # move, and HMIPv6's move out of the MAP domain.
    assert _binding_updates_to(_window(runs["Mobile IPv6"]), HA_ADDRESSES)
    assert _binding_updates_to(_window(runs["HMIPv6 leaving"]), HA_ADDRESSES)
    assert "home-registration" not in [p["name"] for p in runs["HMIPv6 in domain"]["handover"]
                                       ["phases"]]


def test_the_pmipv6_mobile_node_sends_no_mobility_signalling_at_all() -> None:
    run = _runs()["PMIPv6"]
    steps = _steps(run["lesson"])
    from_mn = [s for s in steps if s.get("tx") == "mn" and s.get("summary")]
    assert from_mn, "the mobile node sends Router Solicitations, DAD and ping replies"
    assert [s["step"] for s in from_mn if s.get("mh") is not None] == []
    # Its MAGs do it for it: a Proxy Binding Update from ar2 after the move.
    assert any(s.get("tx") == "ar2" and s.get("mh") == "Binding Update"
               for s in _window(run))
    # Plain Mobile IPv6's mobile node, by contrast, signals.
    assert any(s.get("tx") == "mn" and s.get("mh") == "Binding Update"
               for s in _steps("handover-comparison"))
