"""FMIPv6 (RFC 5568) in the engine, exchange by exchange and failure path by failure path, on
the handover-comparison skeleton of lessons 13, 14 and 20 (cn — core — ha; ar1 = PAR,
ar2 = NAR; the MN moves from ar1-link to ar2-link with a ping from the CN)."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz.analysis.handovers import find_handovers, flow_names
from mipviz.engine.timeline import Step
from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.comparison import run_comparison
from mipviz.lesson.loader import check_lesson, load_lesson, parse_lesson
from mipviz.lesson.runner import LessonRun, run_lesson
from mipviz.model import fmipv6_messages as f
from mipviz.model.messages import (
    AlternateCareofAddress,
    EchoRequest,
    NeighborAdvertisement,
    NeighborSolicitation,
    RouterSolicitation,
)

PCOA = IPv6Address("2001:db8:a1::ff:fe00:100")
NCOA = IPv6Address("2001:db8:a2::ff:fe00:100")
PAR = IPv6Address("2001:db8:a1::1")
NAR = IPv6Address("2001:db8:a2::1")
HOA = IPv6Address("2001:db8:1::100")


def _text(lesson: str) -> str:
    return find_lesson(lesson).read_text(encoding="utf-8")


def _run(lesson: str, *replacements: tuple[str, str]) -> LessonRun:
    text = _text(lesson)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return run_lesson(parse_lesson(text, str(find_lesson(lesson))))


def _frames(run: LessonRun, cls: type, **where: object) -> list[Step]:
    out = []
    for step in run.timeline:
        packet = step.packet
        if packet is None or not isinstance(packet.innermost.payload, cls):
            continue
        if all(getattr(step, key) == value for key, value in where.items()):
            out.append(step)
    return out


def _move(run: LessonRun) -> Step:
    return next(s for s in run.timeline if any(e.kind == "moved" for e in s.events))


def _kinds(run: LessonRun, kind: str, node: str | None = None) -> list[Step]:
    return [s for s in run.timeline
            if any(e.kind == kind and (node is None or e.node == node) for e in s.events)]


SQUATTER = ('[[topology.nodes]]\nname = "mn"', '[[topology.nodes]]\nname = "squatter"\n'
            'role = "host"\nlink = "ar2-link"\naddress = "2001:db8:a2::ff:fe00:100"\n'
            'position = [70, 20]\n\n[[topology.nodes]]\nname = "mn"')
REFUSING_NAR = ('interfaces = [{ link = "ar2-link", address = "2001:db8:a2::1" }, '
                '{ link = "core", address = "2001:db8:ff::a2" }]\nra_interval = 1.0',
                'interfaces = [{ link = "ar2-link", address = "2001:db8:a2::1" }, '
                '{ link = "core", address = "2001:db8:ff::a2" }]\nra_interval = 1.0\n'
                'accept_handovers = false')


@pytest.fixture(scope="module")
def predictive() -> LessonRun:
    return run_lesson(load_lesson(find_lesson("fmipv6-predictive")))


@pytest.fixture(scope="module")
def reactive() -> LessonRun:
    return run_lesson(load_lesson(find_lesson("fmipv6-reactive")))


def test_predictive_exchange_in_order_before_the_link_changes(predictive: LessonRun) -> None:
    """RFC 5568 §3.1: RtSolPr, PrRtAdv, FBU from the PCoA, HI/HAck, FBack on the old link,
    all before the move; then the copy of the FBack reaches the MN on the new link."""
    moved = _move(predictive)
    rtsolpr = _frames(predictive, f.RouterSolicitationForProxy, tx="mn")
    prrtadv = _frames(predictive, f.ProxyRouterAdvertisement, rx="mn")
    fbu = _frames(predictive, f.FastBindingUpdate, tx="mn")
    hi = _frames(predictive, f.HandoverInitiate, rx="ar2")
    hack = _frames(predictive, f.HandoverAcknowledge, rx="ar1")
    fback = _frames(predictive, f.FastBindingAcknowledgment, rx="mn")
    assert [len(x) for x in (rtsolpr, prrtadv, fbu, hi, hack, fback)] == [1, 1, 1, 1, 1, 2]
    order = [rtsolpr[0], prrtadv[0], fbu[0], hi[0], hack[0], fback[0]]
    assert [s.index for s in order] == sorted(s.index for s in order)
    assert fback[0].index < moved.index < fback[1].index
    assert fback[0].link == "ar1-link" and fback[1].link == "ar2-link"
    packet = fbu[0].packet
    assert packet is not None and packet.source == PCOA and packet.destination == PAR
    assert packet.home_address_option is not None
    assert packet.home_address_option.home_address == PCOA
    message = packet.payload
    assert isinstance(message, f.FastBindingUpdate)
    assert message.acknowledge and message.home_registration  # A = H = 1 MUST (§6.3.1)
    assert AlternateCareofAddress(NCOA) in message.options
    assert isinstance(message.options[-1], f.FastBindingAuthorizationData)
    advert = prrtadv[0].packet
    assert advert is not None and isinstance(advert.payload, f.ProxyRouterAdvertisement)
    assert f.IPAddressPrefixOption(f.NAR_PREFIX, IPv6Address("2001:db8:a2::"), 64) in \
        advert.payload.options
    assert f.IPAddressPrefixOption(f.NAR_ADDRESS, NAR) in advert.payload.options
    initiate = hi[0].packet.payload  # type: ignore[union-attr]
    assert isinstance(initiate, f.HandoverInitiate)
    assert initiate.code == f.HI_FROM_PCOA and initiate.buffer
    assert f.MobilityLinkLayerAddress(f.MH_LLA_MOBILE_NODE, "02:00:00:00:01:00") in \
        initiate.options
    acknowledge = hack[0].packet.payload  # type: ignore[union-attr]
    assert isinstance(acknowledge, f.HandoverAcknowledge)
    assert (acknowledge.sequence, acknowledge.code) == (initiate.sequence, 0)


def test_predictive_arrival_has_no_rs_no_dad_and_loses_nothing(predictive: LessonRun) -> None:
    """On ar2-link: a UNA for the NCoA (O = 0), no Router Solicitation and no DAD for the
    NCoA; the NAR releases what it buffered; the home BU carries the NCoA."""
    moved = _move(predictive)
    after = [s for s in predictive.timeline if s.index >= moved.index and s.tx == "mn"]
    first = after[0].packet
    assert first is not None and isinstance(first.payload, NeighborAdvertisement)
    assert (first.source, first.payload.target, first.payload.override) == (NCOA, NCOA, False)
    assert not [s for s in after if s.packet is not None and
                isinstance(s.packet.payload, RouterSolicitation | NeighborSolicitation)]
    delivered = _kinds(predictive, "fmipv6-buffer-delivered", "ar2")
    assert delivered and delivered[0].index == moved.index
    pings = [s for s in predictive.timeline if s.index > moved.index and s.rx == "mn" and
             s.packet is not None and isinstance(s.packet.innermost.payload, EchoRequest)
             and s.packet.source == PAR]  # still in the PAR's tunnel
    assert len(pings) == 2
    (handover,) = find_handovers(predictive.timeline, flow_names(predictive.lesson))
    assert handover.lost == {"ping": 0} and handover.buffered == {"ping": 2}
    names = [p.name for p in handover.phases]
    assert "movement-detection" not in names and "dad" not in names
    assert handover.total is not None and handover.total < 100_000  # µs
    state = predictive.timeline.state_at("ha", len(predictive.timeline))
    assert [(e.home_address, e.care_of_address) for e in state.binding_cache] == [(HOA, NCOA)]


def test_reactive_fbu_from_the_new_link_and_the_par_recovers_what_it_kept(
        reactive: LessonRun) -> None:
    """RFC 5568 §3.3: no FBU before the move; UNA, then the FBU from the NCoA through the NAR;
    HI code 1; the PAR kept the pings for the PCoA after the link went down and sends them on."""
    moved = _move(reactive)
    fbu = _frames(reactive, f.FastBindingUpdate, tx="mn")
    assert len(fbu) == 1 and fbu[0].index > moved.index and fbu[0].link == "ar2-link"
    packet = fbu[0].packet
    assert packet is not None and packet.source == NCOA and packet.destination == PAR
    assert packet.home_address_option is not None
    assert packet.home_address_option.home_address == PCOA
    assert not any(isinstance(o, AlternateCareofAddress)
                   for o in packet.payload.options)  # type: ignore[union-attr]
    (hi,) = _frames(reactive, f.HandoverInitiate, rx="ar2")
    assert hi.packet.payload.code == f.HI_NOT_FROM_PCOA  # type: ignore[union-attr]
    held = _kinds(reactive, "fmipv6-buffered", "ar1")
    recovered = _kinds(reactive, "fmipv6-recovered", "ar1")
    assert held and recovered and held[0].index < recovered[0].index
    fback = _frames(reactive, f.FastBindingAcknowledgment, rx="mn")
    assert len(fback) == 1 and fback[0].link == "ar2-link"  # the old link is gone
    (handover,) = find_handovers(reactive.timeline, flow_names(reactive.lesson))
    assert handover.lost == {"ping": 0} and handover.buffered == {"ping": 1}
    assert handover.phase("fast-binding") is not None


def test_ncoa_in_use_the_nar_assigns_another_and_the_mn_uses_it() -> None:
    """RFC 5568 §6.2.2: the NCoA is someone else's on ar2-link: HAck code 2 with the assigned
    NCoA, FBack status 1 carrying it, and the MN registers that one with its home agent."""
    run = _run("fmipv6-predictive", SQUATTER)
    (hack,) = _frames(run, f.HandoverAcknowledge, rx="ar1")
    message = hack.packet.payload  # type: ignore[union-attr]
    assert message.code == f.HACK_ACCEPTED_NCOA_ASSIGNED
    assigned = f.option(message.options, f.MobilityIPv6AddressPrefix, f.NEW_CARE_OF_ADDRESS)
    assert isinstance(assigned, f.MobilityIPv6AddressPrefix) and assigned.address != NCOA
    fback = _frames(run, f.FastBindingAcknowledgment, rx="mn")[0].packet.payload  # type: ignore[union-attr]
    assert fback.status == f.FBACK_ACCEPTED_USE_SUPPLIED_NCOA
    assert f.option(fback.options, f.MobilityIPv6AddressPrefix, 2) == assigned
    state = run.timeline.state_at("ha", len(run.timeline))
    assert [e.care_of_address for e in state.binding_cache] == [assigned.address]
    (handover,) = find_handovers(run.timeline, flow_names(run.lesson))
    assert handover.lost == {"ping": 0}


def test_nar_refuses_fback_error_and_the_mn_falls_back_to_mobile_ipv6() -> None:
    """HAck code 129 → FBack status 129 on the old link only; the MN then hands over like
    plain Mobile IPv6 (RS, RA, DAD) and loses pings."""
    run = _run("fmipv6-predictive", REFUSING_NAR)
    (hack,) = _frames(run, f.HandoverAcknowledge, rx="ar1")
    assert hack.packet.payload.code == f.HACK_ADMINISTRATIVELY_PROHIBITED  # type: ignore[union-attr]
    fback = _frames(run, f.FastBindingAcknowledgment, rx="mn")
    assert len(fback) == 1 and fback[0].link == "ar1-link"
    assert fback[0].packet.payload.status == 129  # type: ignore[union-attr]
    assert not _kinds(run, "fmipv6-buffered")
    moved = _move(run)
    assert [s for s in run.timeline if s.index > moved.index and s.tx == "mn" and
            s.packet is not None and isinstance(s.packet.payload, RouterSolicitation)]
    (handover,) = find_handovers(run.timeline, flow_names(run.lesson))
    assert handover.phase("dad") is not None and handover.lost["ping"] > 0
    assert handover.phase("fast-handover-preparation").outcome == "failed"  # type: ignore[union-attr]


def test_fbu_with_a_wrong_authenticator_is_dropped() -> None:
    """RFC 5568 §6.4: the BADF must verify with the MN–PAR security association."""
    from mipviz.engine import access_router

    original = access_router.AccessRouter.__init__

    def tampered(self: access_router.AccessRouter, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.security_associations = _WrongKeys()

    class _WrongKeys(dict[int, bytes]):
        def __setitem__(self, key: int, value: bytes) -> None:
            super().__setitem__(key, bytes(20))

    access_router.AccessRouter.__init__ = tampered  # type: ignore[method-assign]
    try:
        run = run_lesson(load_lesson(find_lesson("fmipv6-predictive")))
    finally:
        access_router.AccessRouter.__init__ = original  # type: ignore[method-assign]
    assert _kinds(run, "drop", "ar1")
    assert not _frames(run, f.HandoverInitiate)
    assert not _frames(run, f.FastBindingAcknowledgment)


def test_nar_buffer_expires_when_the_mn_never_arrives() -> None:
    """The NAR keeps packets for BUFFER_LIFETIME; nobody announces the NCoA: dropped, noted."""
    run = _run("fmipv6-predictive", ('action = "move"\nnode = "mn"\nto = "ar2-link"\n'
                                     'l2_delay = 0.05', 'action = "wait"\nseconds = 4'),
               ('[[script]]\naction = "run-until"\nuntil = { event = '
                '"binding-acknowledgement-received", node = "mn", timeout = 10 }\n\n'
                '[[script]]\naction = "wait"', '[[script]]\naction = "wait"'))
    texts = [e.render("en") for s in run.timeline for e in s.events
             if e.node == "ar2" and e.kind == "drop"]
    assert any("in time" in text for text in texts)


def test_the_comparison_predictive_loses_fewer_than_plain_mobile_ipv6() -> None:
    """Issue 12's figure: the same move, plain MIPv6 against FMIPv6 (lesson 20's runs)."""
    lesson = load_lesson(find_lesson("handover-comparison"))
    results = {r.lesson_id: r for r in run_comparison(lesson)}
    plain = results["handover-comparison"].handover
    fast = results["fmipv6-predictive"].handover
    reactive = results["fmipv6-reactive"].handover
    assert plain is not None and fast is not None and reactive is not None
    assert fast.lost["ping"] < plain.lost["ping"] and reactive.lost["ping"] < plain.lost["ping"]
    assert (plain.lost["ping"], fast.lost["ping"], reactive.lost["ping"]) == (17, 0, 0)
    assert fast.total is not None and plain.total is not None and fast.total < plain.total
    assert plain.phase("dad") is not None and fast.phase("dad") is None


def test_handovers_command_prints_the_comparison_text_and_json(
        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from mipviz.cli import main

    assert main(["handovers", "20-handover-comparison"]) == 0
    text = capsys.readouterr().out
    assert "FMIPv6 predictive" in text and "ping 17" in text and "1704.0 ms" in text
    assert main(["handovers", "20-handover-comparison", "--lang", "ja"]) == 0
    assert "失われたパケット" in capsys.readouterr().out
    assert main(["handovers", "handover-comparison", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    runs = {r["lesson"]: r for r in record["runs"]}
    assert runs["fmipv6-predictive"]["handover"]["lost"] == {"ping": 0}
    assert runs["fmipv6-predictive"]["handover"]["buffered"] == {"ping": 2}
    assert runs["handover-comparison"]["handover"]["lost"] == {"ping": 17}


@pytest.mark.parametrize(("old", "new", "message"), [
    ('fast_handover = "predictive"\n', "", "has no FMIPv6"),
    ('to = "ar2-link"\nsay = { en = "**L2 trigger**', 'to = "home"\nsay = { en = "**L2 trigger**',
     "no access-router is on home"),
    ("l2_delay = 0.05", "l2_delay = 11", "l2_delay"),
    ('role = "access-router"\ninterfaces = [{ link = "ar1-link"',
     'role = "access-router"\naccept_handovers = 1\ninterfaces = [{ link = "ar1-link"',
     "accept_handovers"),
    ('fast_handover = "predictive"', 'fast_handover = "proactive"', "fast_handover"),
])
def test_check_rejects_bad_fmipv6_lessons(tmp_path: Path, old: str, new: str,
                                          message: str) -> None:
    text = _text("fmipv6-predictive")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in check_lesson(path)]
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize(("entry", "message"), [
    ('[[comparison]]\nlabel = "x"\nlesson = "no-such-lesson"\n', "no lesson"),
    ('[[comparison]]\nlabel = "Mobile IPv6"\n', "already the label"),
    ('[[comparison]]\nlesson = "fmipv6-reactive"\n', "label"),
    ('[[comparison]]\nlabel = "y"\nmove = 0\n', "move"),
])
def test_check_rejects_bad_comparisons(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(_text("handover-comparison") + "\n" + entry, encoding="utf-8")
    problems = [str(p) for p in check_lesson(path)]
    assert any(message in p for p in problems), problems


def test_a_comparison_run_that_cannot_be_measured_says_why() -> None:
    lesson = load_lesson(find_lesson("handover-comparison"))
    run = dataclasses.replace(lesson.comparison[0], node="cn")
    (result,) = run_comparison(dataclasses.replace(lesson, comparison=(run,)))
    assert result.handover is None and "makes no move" in (result.problem or "")


@pytest.mark.parametrize("lesson", ["fmipv6-predictive", "fmipv6-reactive"])
def test_return_routability_follows_the_fast_handover(lesson: str) -> None:
    """With route optimisation on, the CN's binding points at the PCoA when the MN leaves: the
    PAR's tunnel carries the CN's direct packets too (nothing lost), then the home BU, a new
    care-of test (the home keygen token still holds) and the BU to the CN with the NCoA."""
    from mipviz.model.messages import BindingUpdate, CareofTestInit

    run = _run(lesson, ("route_optimization = false", "route_optimization = true"))
    assert run.problems == []
    moved = _move(run)
    sent = [type(s.packet.innermost.payload).__name__ for s in run.timeline  # type: ignore[union-attr]
            if s.index > moved.index and s.tx == "mn" and s.packet is not None
            and isinstance(s.packet.innermost.payload, BindingUpdate | CareofTestInit)]
    assert sent[:3] == ["BindingUpdate", "CareofTestInit", "BindingUpdate"]
    cache = run.timeline.state_at("cn", len(run.timeline)).binding_cache
    assert [(e.home_address, e.care_of_address) for e in cache] == [(HOA, NCOA)]
    (handover,) = find_handovers(run.timeline, flow_names(run.lesson))
    assert handover.lost == {"ping": 0}
    assert handover.phase("correspondent-registration") is not None
