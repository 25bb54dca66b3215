"""tshark reads the discovery messages and options field by field as mipviz meant them
(RFC 6275 §6.5-6.8, §7.3-7.4; RFC 3963 §7), with no malformed packet or expert warning:
DHAAD request and reply, Mobile Prefix Solicitation (with its HAO) and Advertisement (with its
RH2), a home agent's RA with HA Information and Advertisement Interval. The frames are also
decoded back by mipviz to the same model, with good checksums."""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

import pytest

from mipviz.model import messages as m
from mipviz.wire import decode_frame, encode_frame, write_pcap

HA = IPv6Address("2001:db8:1::1")
HA2 = IPv6Address("2001:db8:1::2")
COA = IPv6Address("2001:db8:2::ff:fe00:100")
HOA = IPv6Address("2001:db8:1::100")
ANYCAST = IPv6Address("2001:db8:1::fdff:ffff:ffff:fffe")
MAC_A, MAC_B = "02:00:00:00:01:00", "02:00:00:00:00:01"
NEW_PREFIX = IPv6Network("2001:db8:5::/64")


def _frame(packet: m.IPv6Packet) -> m.EthernetFrame:
    return m.EthernetFrame(MAC_A, MAC_B, packet)


FRAMES = [
    _frame(m.IPv6Packet(COA, ANYCAST, m.HomeAgentAddressDiscoveryRequest(0x1234))),
    _frame(m.IPv6Packet(COA, ANYCAST, m.HomeAgentAddressDiscoveryRequest(0x4321, True))),
    _frame(m.IPv6Packet(HA, COA, m.HomeAgentAddressDiscoveryReply(0x1234, (HA2, HA)))),
    _frame(m.IPv6Packet(COA, HA, m.MobilePrefixSolicitation(0x55AA), extension_headers=(
        m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
    _frame(m.IPv6Packet(HA, COA, m.MobilePrefixAdvertisement(0x55AA, False, True, (
        m.PrefixInformation(NEW_PREFIX, valid_lifetime=600, preferred_lifetime=300),)),
        extension_headers=(m.RoutingHeaderType2(HOA),))),
    _frame(m.IPv6Packet(IPv6Address("fe80::1"), IPv6Address("ff02::1"), m.RouterAdvertisement(
        router_lifetime=1800, home_agent=True, source_link_layer=MAC_A,
        prefixes=(m.PrefixInformation(IPv6Network("2001:db8:1::/64"), router_address=True,
                                      address=HA),),
        advertisement_interval=3000,
        home_agent_information=m.HomeAgentInformation(-7, 600, True)), hop_limit=255)),
]
FIELDS = ["icmpv6.type", "icmpv6.code", "icmpv6.checksum.status", "icmpv6.mip6.identifier",
          "icmpv6.reserved", "icmpv6.mip6.home_agent_address", "icmpv6.mip6.flag.m",
          "icmpv6.mip6.flag.o", "icmpv6.opt.prefix", "icmpv6.opt.prefix.valid_lifetime",
          "icmpv6.opt.prefix.preferred_lifetime", "ipv6.opt.mipv6.home_address",
          "ipv6.routing.mipv6.home_address", "icmpv6.opt.advertisement_interval",
          "icmpv6.opt.home_agent_preference", "icmpv6.opt.home_agent_lifetime",
          "icmpv6.nd.ra.flag.h",
          "_ws.expert.message"]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    tshark = shutil.which("tshark")
    assert tshark is not None, "tshark is not installed (apt-get install tshark)"
    path = tmp_path_factory.mktemp("discovery") / "discovery.pcap"
    write_pcap(path, [(1000 * i, encode_frame(frame)) for i, frame in enumerate(FRAMES)])
    arguments = [tshark, "-r", str(path), "-T", "fields", "-E", "occurrence=a",
                 "-E", "aggregator=,"]
    for field in FIELDS:
        arguments += ["-e", field]
    out = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    report = subprocess.run([tshark, "-r", str(path), "-q", "-z", "expert"], check=True,
                            capture_output=True, text=True).stdout
    assert "Malformed" not in report and "Warnings (" not in report and "Errors (" not in report
    rows = [dict(zip(FIELDS, line.split("\t"), strict=True)) for line in out.splitlines()]
    assert len(rows) == len(FRAMES)
    assert [row["_ws.expert.message"] for row in rows] == [""] * len(FRAMES)
    return rows


def test_every_frame_decodes_back_to_its_model_with_a_good_checksum() -> None:
    for frame in FRAMES:
        decoded = decode_frame(encode_frame(frame))
        assert decoded.frame == frame and decoded.checksum_ok and decoded.problems == ()


def test_tshark_reads_the_dhaad_request(rows: list[dict[str, str]]) -> None:
    plain, router = rows[0], rows[1]
    assert (plain["icmpv6.type"], plain["icmpv6.code"]) == ("144", "0")
    assert plain["icmpv6.checksum.status"] == "1"
    assert int(plain["icmpv6.mip6.identifier"], 0) == 0x1234
    # tshark 4.0 shows NEMO's R flag (RFC 3963 §7.1) as the Reserved field's top bit
    assert int(plain["icmpv6.reserved"], 16) == 0
    assert int(router["icmpv6.mip6.identifier"], 0) == 0x4321
    assert int(router["icmpv6.reserved"], 16) == 0x8000


def test_tshark_reads_the_dhaad_reply(rows: list[dict[str, str]]) -> None:
    reply = rows[2]
    assert (reply["icmpv6.type"], reply["icmpv6.checksum.status"]) == ("145", "1")
    assert int(reply["icmpv6.mip6.identifier"], 0) == 0x1234
    assert reply["icmpv6.mip6.home_agent_address"].split(",") == [str(HA2), str(HA)]


def test_tshark_reads_the_mobile_prefix_solicitation_and_advertisement(
        rows: list[dict[str, str]]) -> None:
    solicitation, advertisement = rows[3], rows[4]
    assert (solicitation["icmpv6.type"], solicitation["icmpv6.checksum.status"]) == ("146", "1")
    assert int(solicitation["icmpv6.mip6.identifier"], 0) == 0x55AA
    assert solicitation["ipv6.opt.mipv6.home_address"] == str(HOA)
    assert (advertisement["icmpv6.type"], advertisement["icmpv6.checksum.status"]) == (
        "147", "1")
    assert int(advertisement["icmpv6.mip6.identifier"], 0) == 0x55AA
    assert (advertisement["icmpv6.mip6.flag.m"], advertisement["icmpv6.mip6.flag.o"]) in (
        ("0", "1"), ("False", "True"))
    assert advertisement["ipv6.routing.mipv6.home_address"] == str(HOA)
    assert advertisement["icmpv6.opt.prefix"] == str(NEW_PREFIX.network_address)
    assert advertisement["icmpv6.opt.prefix.valid_lifetime"] == "600"
    assert advertisement["icmpv6.opt.prefix.preferred_lifetime"] == "300"


def test_tshark_reads_the_home_agent_information_and_advertisement_interval(
        rows: list[dict[str, str]]) -> None:
    ra = rows[5]
    assert ra["icmpv6.type"] == "134" and ra["icmpv6.nd.ra.flag.h"] in ("1", "True")
    assert ra["icmpv6.opt.advertisement_interval"] == "3000"
    # tshark shows the signed 16-bit preference (RFC 6275 §7.4) as unsigned: -7 is 0xfff9
    assert int(ra["icmpv6.opt.home_agent_preference"]) == -7 & 0xFFFF
    assert ra["icmpv6.opt.home_agent_lifetime"] == "600"


def test_the_discovery_lesson_export_reads_as_the_engine_meant(tmp_path: Path) -> None:
    """Lesson 17's own frames: every DHAAD, MPS and MPA one, and every RA's options."""
    from mipviz.model import discovery_messages as d
    from tests.conftest import lesson_run

    run = lesson_run("home-agent-discovery")
    steps = [s for s in run.timeline if s.frame_bytes is not None]
    path = tmp_path / "lesson.pcap"
    write_pcap(path, [(s.time, s.frame_bytes) for s in steps])  # type: ignore[misc]
    tshark = shutil.which("tshark")
    assert tshark is not None
    fields = ["icmpv6.type", "icmpv6.mip6.identifier", "icmpv6.mip6.home_agent_address",
              "icmpv6.opt.prefix", "icmpv6.opt.advertisement_interval",
              "icmpv6.opt.home_agent_preference", "_ws.expert.message"]
    arguments = [tshark, "-r", str(path), "-T", "fields", "-E", "occurrence=a",
                 "-E", "aggregator=,"]
    for field in fields:
        arguments += ["-e", field]
    out = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    rows = [dict(zip(fields, line.split("\t"), strict=True)) for line in out.splitlines()]
    assert len(rows) == len(steps)
    seen: set[int] = set()
    for row, step in zip(rows, steps, strict=True):
        assert row["_ws.expert.message"] == "", step.index
        payload = step.frame.packet.innermost.payload  # type: ignore[union-attr]
        number = d.DISCOVERY_TYPES.get(type(payload))
        if number is not None:
            seen.add(number)
            assert row["icmpv6.type"] == str(number)
            assert int(row["icmpv6.mip6.identifier"], 0) == payload.identifier
        if isinstance(payload, d.HomeAgentAddressDiscoveryReply):
            assert row["icmpv6.mip6.home_agent_address"].split(",") == [
                str(a) for a in payload.home_agents]
        if isinstance(payload, d.MobilePrefixAdvertisement):
            assert row["icmpv6.opt.prefix"].split(",") == [
                str(p.prefix.network_address) for p in payload.prefixes]
        if isinstance(payload, m.RouterAdvertisement):
            interval = payload.advertisement_interval
            assert row["icmpv6.opt.advertisement_interval"] == (
                "" if interval is None else str(interval))
            information = payload.home_agent_information
            assert row["icmpv6.opt.home_agent_preference"] == (
                "" if information is None else str(information.preference & 0xFFFF))
    assert seen == {144, 145, 146, 147}
