"""The captures others made (../shared/captures/, see its README): each is read without a
traceback and what is wrong with each packet is shown as what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from mipviz.capture.replay import Observed, observe
from mipviz.capture.survey import open_captures, survey

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "captures"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared captures not beside the clone")


def steps(*names: str) -> list[Observed]:
    return list(observe(survey(open_captures([SHARED / name for name in names]))))


def problems(step: Observed) -> str:
    return "\n".join(step.problems)


@pytest.mark.parametrize("path", sorted(SHARED.glob("*/*.pcap")) if SHARED.is_dir() else [],
                         ids=lambda path: path.name)
def test_every_shared_capture_is_read(path: Path) -> None:
    found = survey(open_captures([path]))
    assert len(list(observe(found))) == found.packets > 0


@pytest.mark.parametrize(("name", "ok"), [
    ("zeek/ip6-hoa-tcp-good-chksum.pcap", True), ("zeek/ip6-hoa-tcp-bad-chksum.pcap", False),
    ("zeek/ip6-hoa-udp-good-chksum.pcap", True), ("zeek/ip6-hoa-udp-bad-chksum.pcap", False),
    ("zeek/mip6-good-mh-chksum.pcap", True), ("zeek/mip6-bad-mh-chksum.pcap", False),
])
def test_checksums_use_the_home_address(name: str, ok: bool) -> None:
    (step,) = steps(name)
    assert step.checksum_ok is ok
    assert ("checksum" in problems(step)) is not ok


def test_destination_options_malformations() -> None:
    bad_length, two_options, short_option = steps("zeek/ipv6-mobility-dst-opts.pcap")
    assert "option type 202 of length 144 runs past the end of its header" in problems(
        bad_length)
    assert "more than one Home Address option" in problems(two_options)
    assert "Home Address option length 1, must be 16" in problems(short_option)
    assert short_option.view.home_address is None


def test_unknown_link_type_is_named() -> None:
    for step in steps("tcpdump/cve2015-0261-ipv6.pcap"):
        assert step.summary == "SLIP frame (link type 8), not decoded"
        assert "link type 8 (SLIP) is not supported" in problems(step)


def test_pre_rfc_protocol_number_and_high_linktype_bits() -> None:
    (step,) = steps("tcpdump/ipv6-mobility-header-oobr.pcap")
    assert step.mh == "Binding Acknowledgement"
    assert "pre-RFC Mobility Header protocol number 62" in problems(step)
    assert "snapshot length" in problems(step) and step.checksum_ok is None


def test_scapy_vectors_bad_icmpv6_checksums() -> None:
    found = steps("scapy-vectors/scapy-inet6-uts-mip6-vectors.pcap")
    verdicts = [step.checksum_ok for step in found]
    assert verdicts[:4] == [True, False, True, False]


def test_tcpdump_mobility_capture_departures() -> None:
    found = steps("tcpdump/ipv6_mobility_1.pcap")
    assert [step.mh for step in found].count("Binding Update") == 6
    assert "RFC 6275 9.5.1: Binding Update sequence number 1000 not increased" in problems(
        found[6])
    assert "RFC 6275 6.2.5: Alternate Care-of Address option at offset 12" in problems(found[6])
    assert found[14].summary.startswith("Binding Error status 1 (Unknown binding for Home")


def test_truncated_frames_report_the_snapshot_length() -> None:
    for step in steps("tcpdump/mobility_opt_asan.pcap", "tcpdump/mobility_opt_asan_2.pcap"):
        assert "snapshot length" in problems(step)
        assert step.mh is not None
