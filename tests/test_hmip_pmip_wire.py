"""HMIPv6 and PMIPv6 on the wire: the MAP option (RFC 5380 §5), the M and P flags and the PMIPv6
mobility options (RFC 5213 §8), round-tripped through the codec and read back by tshark field
by field in the exports of lessons 15 and 16 (PROTOCOL.md §19, §22)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

import pytest

from mipviz import wire
from mipviz.model import hmip_pmip as h
from mipviz.model import messages as m
from tests.conftest import lesson_run

TSHARK = shutil.which("tshark")
A = IPv6Address


def _frame(packet: m.IPv6Packet) -> m.EthernetFrame:
    return m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02", packet)


PBU_OPTIONS = (h.MobileNodeIdentifier(b"mn@example.net"),
               h.HomeNetworkPrefixOption(IPv6Network("2001:db8:10::/64")),
               h.HandoffIndicator(h.HANDOFF_BETWEEN_MAGS),
               h.AccessTechnologyType(h.ACCESS_TECHNOLOGY_802_3),
               h.Timestamp(0x0000_6955_B900_8000))


@pytest.mark.parametrize("packet", [
    m.IPv6Packet(A("2001:db8:ff::31"), A("2001:db8:1::1"), m.BindingUpdate(
        sequence=9, lifetime=400, acknowledge=True, proxy_registration=True,
        options=PBU_OPTIONS)),
    m.IPv6Packet(A("2001:db8:1::1"), A("2001:db8:ff::31"), m.BindingAcknowledgement(
        status=155, sequence=9, lifetime=0, proxy_registration=True, options=PBU_OPTIONS)),
    m.IPv6Packet(A("2001:db8:21::5"), A("2001:db8:9::1"), m.BindingUpdate(
        sequence=3, lifetime=420, acknowledge=True, map_registration=True),
        extension_headers=(m.DestinationOptionsHeader((m.HomeAddressOption(A("2001:db8:9::5")),)),)),
    m.IPv6Packet(A("fe80::1"), A("ff02::1"), m.RouterAdvertisement(
        router_lifetime=1800, source_link_layer="02:00:00:00:00:01",
        prefixes=(m.PrefixInformation(IPv6Network("2001:db8:21::/64")),),
        map_options=(h.MapOption(2, 10, A("2001:db8:9::1"), 86400),
                     h.MapOption(1, 15, A("2001:db8:9::2"), 600, rcoa_allocated=True))),
        hop_limit=255),
], ids=["pbu", "pba-155", "local-bu", "ra-map"])
def test_round_trip_is_exact(packet: m.IPv6Packet) -> None:
    decoded = wire.decode_frame(wire.encode_frame(_frame(packet)))
    assert decoded.problems == ()
    assert decoded.checksum_ok is True
    assert decoded.frame.packet == packet


def test_a_home_network_prefix_out_of_place_is_reported() -> None:
    """RFC 5213 §8.3: the HNP option is for PBUs and PBAs; in a BU to a correspondent it is
    kept (receivers skip options they do not use) but named as out of place."""
    packet = m.IPv6Packet(A("2001:db8:2::5"), A("2001:db8:3::1"), m.BindingUpdate(
        sequence=1, lifetime=8, options=(
            h.HomeNetworkPrefixOption(IPv6Network("2001:db8:10::/64")),)))
    bad = m.IPv6Packet(packet.source, packet.destination, m.BindingError(
        status=1, home_address=A("2001:db8:1::100"), options=packet.payload.options))  # type: ignore[union-attr]
    decoded = wire.decode_frame(wire.encode_frame(_frame(bad)))
    assert any("RFC 5213 8.3: Home Network Prefix option is not valid in a Binding Error" in p
               for p in decoded.problems)


def test_map_option_distance_zero_is_refused_when_building() -> None:
    packet = m.IPv6Packet(A("fe80::1"), A("ff02::1"), m.RouterAdvertisement(
        router_lifetime=1800, map_options=(h.MapOption(0, 10, A("2001:db8:9::1")),)),
        hop_limit=255)
    with pytest.raises(ValueError, match="Dist 0"):
        wire.encode_frame(_frame(packet))


# ------------------------------------------------------------------------------ tshark


def _tshark(path: Path, *fields: str, display: str) -> list[dict[str, str]]:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    args = [TSHARK, "-r", str(path), "-Y", display, "-T", "fields", "-E", "separator=|",
            "-E", "occurrence=a"]
    for name in ("frame.number", *fields):
        args += ["-e", name]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [dict(zip(("frame.number", *fields), line.split("|"), strict=True))
            for line in out.splitlines()]


def _export(lesson_id: str, tmp_path: Path) -> tuple[Path, list[m.EthernetFrame]]:
    run = lesson_run(lesson_id)
    steps = [s for s in run.timeline if s.frame_bytes is not None]
    path = tmp_path / f"{lesson_id}.pcap"
    wire.write_pcap(path, [(s.time, s.frame_bytes) for s in steps])  # type: ignore[misc]
    return path, [s.frame for s in steps]  # type: ignore[misc]


def test_tshark_reads_the_map_option_and_the_m_flag(tmp_path: Path) -> None:
    path, frames = _export("hmipv6", tmp_path)
    rows = _tshark(path, "icmpv6.opt.map.distance", "icmpv6.opt.map.preference",
                   "icmpv6.opt.map.flag.r", "icmpv6.opt.map.valid_lifetime",
                   "icmpv6.opt.map.global_address", display="icmpv6.opt.map.distance")
    assert rows, "no MAP option in the HMIPv6 lesson"
    for row in rows:
        advertisement = frames[int(row["frame.number"]) - 1].packet.payload
        assert isinstance(advertisement, m.RouterAdvertisement)
        (option,) = advertisement.map_options
        assert row["icmpv6.opt.map.distance"] == str(option.distance)
        assert row["icmpv6.opt.map.preference"] == str(option.preference)
        assert row["icmpv6.opt.map.flag.r"] == "0"
        assert row["icmpv6.opt.map.valid_lifetime"] == str(option.valid_lifetime)
        assert row["icmpv6.opt.map.global_address"] == "2001:db8:9::1"
    # AR1 and AR2 are 2 routers from the MAP (themselves and the MAP), the MAP itself 1.
    assert {row["icmpv6.opt.map.distance"] for row in rows} == {"2"}
    local = _tshark(path, "mip6.bu.m_flag", "mip6.bu.h_flag", "mip6.bu.a_flag",
                    "ipv6.opt.mipv6.home_address", "mip6.acoa.acoa",
                    display="mip6.bu.m_flag == 1")
    assert len(local) >= 4  # two local BUs, each on two links
    for row in local:
        assert (row["mip6.bu.h_flag"], row["mip6.bu.a_flag"]) == ("0", "1")
        assert row["ipv6.opt.mipv6.home_address"] == "2001:db8:9::ff:fe00:100"  # the RCoA
        assert row["mip6.acoa.acoa"] == ""  # RFC 5380 §6.1: no Alternate CoA
    unmarked = _tshark(path, "mip6.bu.m_flag", display="mip6.bu.m_flag == 0")
    assert all(frames[int(r["frame.number"]) - 1].packet.innermost.payload.map_registration
               is False for r in unmarked)  # type: ignore[union-attr]


def test_tshark_reads_every_pmipv6_option(tmp_path: Path) -> None:
    path, frames = _export("proxy-mobile-ipv6", tmp_path)
    fields = ("mip6.bu.p_flag", "mip6.ba.p_flag", "mip6.bu.a_flag", "mip6.mnid.subtype",
              "mip6.mnid.identifier", "mip6.nemo.mnp.pfl", "mip6.nemo.mnp.mnp", "mip6.hi",
              "mip6.att", "mip6.timestamp_tmp", "ipv6.opt.mipv6.home_address")
    rows = _tshark(path, *fields, display="mipv6")
    assert len(rows) == 6  # PBU, PBA; the deregistration and its PBA; PBU, PBA at MAG2
    seen_handoffs = set()
    for row in rows:
        packet = frames[int(row["frame.number"]) - 1].packet
        message = packet.payload
        assert isinstance(message, m.BindingUpdate | m.BindingAcknowledgement)
        flag = "mip6.bu.p_flag" if isinstance(message, m.BindingUpdate) else "mip6.ba.p_flag"
        assert row[flag] == "1"
        assert row["ipv6.opt.mipv6.home_address"] == ""  # RFC 5213 §6.9.1.5: no HAO
        options = {type(o): o for o in message.options}
        identifier = options[h.MobileNodeIdentifier]
        assert row["mip6.mnid.subtype"] == "1"  # NAI
        assert row["mip6.mnid.identifier"] == identifier.identifier.decode()  # type: ignore[union-attr]
        prefix = options[h.HomeNetworkPrefixOption].prefix  # type: ignore[union-attr]
        assert row["mip6.nemo.mnp.pfl"] == str(prefix.prefixlen)
        assert row["mip6.nemo.mnp.mnp"] == str(prefix.network_address)
        assert row["mip6.hi"] == str(options[h.HandoffIndicator].value)  # type: ignore[union-attr]
        assert row["mip6.att"] == "3"
        stamp = options[h.Timestamp].value  # type: ignore[union-attr]
        shown = datetime.fromtimestamp(stamp >> 16, UTC)  # 48 bits of seconds, 16 of 1/65536
        fraction = f".{(stamp & 0xFFFF) * 10**9 // 65536:09d}"  # tshark prints nanoseconds
        assert shown.strftime("%b %e, %Y %H:%M:%S").replace("  ", " ") + fraction in \
            row["mip6.timestamp_tmp"].replace("  ", " ")
        seen_handoffs.add(row["mip6.hi"])
    # attachment over a new interface, handoff between MAGs, and the deregistration's "unknown"
    assert seen_handoffs == {"1", "3", "4"}


def test_pmipv6_export_has_no_expert_warning(tmp_path: Path) -> None:
    for lesson_id in ("hmipv6", "proxy-mobile-ipv6"):
        path, frames = _export(lesson_id, tmp_path)
        assert TSHARK is not None
        expert = subprocess.run([TSHARK, "-r", str(path), "-q", "-z", "expert,note"],
                                capture_output=True, text=True, check=True).stdout
        assert not [line for line in expert.splitlines()
                    if any(w in line for w in ("Error", "Warn", "Malformed"))], expert
        for number, step_frame in enumerate(frames, start=1):
            data = wire.encode_frame(step_frame)
            assert wire.upper_layer_checksum_ok(data[14:]) in (True, None), (lesson_id, number)
