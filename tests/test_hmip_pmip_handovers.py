"""The handover breakdown (S23) of the HMIPv6 and PMIPv6 lessons: a local BU to the MAP and a
PBU/PBA are registration phases, the intra-domain move sends no BU to the home agent, and the
proxy handover has no phase of the mobile node's own (mipviz.analysis.handover_domains)."""

from __future__ import annotations

import argparse
import contextlib
import io

from mipviz.analysis.handovers import find_handovers, flow_names
from mipviz.commands import handovers as command
from tests.conftest import lesson_run


def _handovers(lesson_id: str) -> list:
    run = lesson_run(lesson_id)
    return find_handovers(run.timeline, flow_names(run.lesson))


def _names(handover: object) -> list[str]:
    return [phase.name for phase in handover.phases]  # type: ignore[attr-defined]


def test_hmipv6_moves_inside_and_out_of_the_map_domain() -> None:
    entering, inside, leaving = _handovers("hmipv6")
    assert _names(entering)[:6] == ["link-attach", "movement-detection", "dad",
                                    "local-registration", "home-registration", "first-packet"]
    assert _names(inside) == ["link-attach", "movement-detection", "dad", "local-registration",
                              "first-packet"]
    assert "home-registration" not in _names(inside)
    assert "local-registration" not in _names(leaving)
    assert "home-registration" in _names(leaving)
    local = inside.phase("local-registration")
    assert local.outcome == "done" and local.duration <= 5_000  # the MAP is 2 links away
    # the local registration is all the registration an intra-domain move needs
    assert inside.total < entering.total and inside.complete
    assert inside.lost["ping"] < entering.lost["ping"]


def test_pmipv6_handover_is_the_networks() -> None:
    (handover,) = _handovers("proxy-mobile-ipv6")
    assert _names(handover) == ["link-attach", "proxy-registration", "router-advertisement",
                                "first-packet"]
    assert handover.complete and handover.total < 1_000_000
    assert handover.lost == {"ping": 2}
    proxy = handover.phase("proxy-registration")
    assert proxy.last_step == proxy.first_step + 1  # PBU → PBA, one hop each way


def test_the_text_report_says_who_signalled() -> None:
    for lesson, expected in (("hmipv6", "no Binding Update to the home agent"),
                             ("proxy-mobile-ipv6", "the mobile node sent no mobility signalling")):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert command.run(argparse.Namespace(lesson=lesson, format="text", lang="en")) == 0
        text = out.getvalue()
        assert text.count(expected) == 1, text
        assert "local BU → BA with the MAP" in text or "Proxy BU → BA" in text
