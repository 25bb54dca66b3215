"""RFC 5648 Binding Identifier option on the wire: round trip, alignment, and Wireshark reading
every field (mip6.bi.*) of a bulk registration and its acknowledgement, with no malformed
packet and no expert warning. A missing tshark is a failure, as in test_wire_tshark."""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz.model import messages as m
from mipviz.wire import decode_frame, encode_frame, write_pcap

HOA = IPv6Address("2001:db8:1::a")
HA = IPv6Address("2001:db8:1::1")
WIFI = IPv6Address("2001:db8:a::ff:fe00:a01")
CELL = IPv6Address("2001:db8:c::a")

BULK_BU = m.BindingUpdate(
    sequence=7, lifetime=420, acknowledge=True, home_registration=True, mobile_router=True,
    options=(m.BindingIdentifier(1, care_of_address=WIFI),
             m.BindingIdentifier(2, care_of_address=CELL),
             m.MobileNetworkPrefix(m.IPv6Network("2001:db8:100::/64"))))
BA = m.BindingAcknowledgement(
    status=0, sequence=7, lifetime=420, mobile_router=True,
    options=(m.BindingIdentifier(1, status=0), m.BindingIdentifier(2, status=0)))
DEREG = m.BindingUpdate(sequence=8, lifetime=0, acknowledge=True, home_registration=True,
                        mobile_router=True, options=(m.BindingIdentifier(1, simultaneous=True),))
REFUSED = m.BindingAcknowledgement(status=4, sequence=8, lifetime=0, mobile_router=True,
                                   options=(m.BindingIdentifier(1, status=167),))


def _frame(source: IPv6Address, destination: IPv6Address, message: m.MobilityMessage,
           hao: bool) -> m.EthernetFrame:
    headers: tuple[m.ExtensionHeader, ...] = ()
    if hao:
        headers = (m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),)
    elif isinstance(message, m.BindingAcknowledgement):
        headers = (m.RoutingHeaderType2(HOA),)
    return m.EthernetFrame("02:00:00:00:0a:01", "02:00:00:00:00:01",
                           m.IPv6Packet(source, destination, message, extension_headers=headers))


FRAMES = [_frame(WIFI, HA, BULK_BU, True), _frame(HA, WIFI, BA, False),
          _frame(CELL, HA, DEREG, True), _frame(HA, CELL, REFUSED, False)]


@pytest.mark.parametrize("frame", FRAMES, ids=["bulk-bu", "ba", "dereg-bu", "ba-refused"])
def test_round_trip(frame: m.EthernetFrame) -> None:
    decoded = decode_frame(encode_frame(frame))
    assert decoded.problems == ()
    assert decoded.frame.packet.innermost.payload == frame.packet.payload


def test_care_of_address_is_eight_octet_aligned() -> None:
    """RFC 5648 §6.1: 8n+2 with a care-of address, so the address itself is 8n-aligned."""
    octets = encode_frame(FRAMES[0])
    mh = octets[14 + 40 + 24:]  # Ethernet, IPv6, Destination Options (PadN + HAO)
    assert mh[2] == 5
    offsets = [i for i in range(12, len(mh) - 1) if mh[i] == 35 and mh[i + 1] == 20]
    assert offsets == [18, 42]
    assert mh[18 + 6: 18 + 22] == WIFI.packed and mh[42 + 6: 42 + 22] == CELL.packed


def test_reserved_bid_and_bad_length_are_reported() -> None:
    good = encode_frame(FRAMES[2])
    at = good.index(bytes([35, 4, 0, 1]))
    zero = good[:at + 2] + b"\x00\x00" + good[at + 4:]
    assert any("Binding Identifier 0 is reserved" in p for p in decode_frame(zero).problems)
    with pytest.raises(ValueError, match="reserved"):
        encode_frame(_frame(CELL, HA, m.BindingUpdate(
            sequence=1, lifetime=0, acknowledge=True, home_registration=True,
            options=(m.BindingIdentifier(0),)), True))


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bid") / "bid.pcap"
    write_pcap(path, [(1000 * i, encode_frame(frame)) for i, frame in enumerate(FRAMES)])
    return path


def _tshark(*arguments: str) -> str:
    tshark = shutil.which("tshark")
    assert tshark is not None, "tshark is not installed (apt-get install tshark)"
    return subprocess.run([tshark, *arguments], check=True, capture_output=True,
                          text=True).stdout


def test_tshark_reads_every_bid_field(capture: Path) -> None:
    fields = ["mip6.bi.bid", "mip6.bi.status", "mip6.bi.h_flag", "mip6.bi.coa_ipv6",
              "mip6.ba.status", "mip6.nemo.mnp.mnp"]
    arguments = ["-r", str(capture), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for field in fields:
        arguments += ["-e", field]
    rows = [dict(zip(fields, line.split("\t"), strict=True))
            for line in _tshark(*arguments).splitlines()]
    assert [r["mip6.bi.bid"] for r in rows] == ["1,2", "1,2", "1", "1"]
    assert [r["mip6.bi.status"] for r in rows] == ["0,0", "0,0", "0", "167"]
    assert rows[0]["mip6.bi.coa_ipv6"] == f"{WIFI},{CELL}"
    assert rows[2]["mip6.bi.coa_ipv6"] == ""
    assert rows[2]["mip6.bi.h_flag"] in ("True", "1")
    assert rows[0]["mip6.bi.h_flag"] in ("False,False", "0,0")
    assert rows[3]["mip6.ba.status"] == "4"
    assert rows[0]["mip6.nemo.mnp.mnp"] == "2001:db8:100::"


def test_tshark_finds_nothing_malformed(capture: Path) -> None:
    report = _tshark("-r", str(capture), "-q", "-z", "expert")
    assert "Malformed" not in report, report
    assert "Errors (" not in report, report
    assert "Warnings (" not in report, report


def test_lesson_export_every_bid_field_as_the_engine_meant(tmp_path: Path) -> None:
    """Lesson 21's export: each frame's BID options, field by field, as tshark reads them."""
    from tests.conftest import lesson_run

    run = lesson_run("nemo-multihoming")
    frames = [(s.time, s.frame_bytes, s.frame) for s in run.timeline
              if s.frame_bytes is not None]
    path = tmp_path / "nemo-multihoming.pcap"
    write_pcap(path, [(t, b) for t, b, _ in frames])  # type: ignore[misc]
    fields = ["mip6.bi.bid", "mip6.bi.status", "mip6.bi.h_flag", "mip6.bi.coa_ipv6"]
    arguments = ["-r", str(path), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for field in fields:
        arguments += ["-e", field]
    rows = _tshark(*arguments).splitlines()
    assert len(rows) == len(frames)
    checked = 0
    for (_, _, frame), row in zip(frames, rows, strict=True):
        payload = frame.packet.innermost.payload  # type: ignore[union-attr]
        bids = [o for o in getattr(payload, "options", ()) if isinstance(o, m.BindingIdentifier)]
        values = dict(zip(fields, row.split("\t"), strict=True))
        assert values["mip6.bi.bid"] == ",".join(str(b.binding_id) for b in bids)
        if bids:
            checked += 1
            assert values["mip6.bi.status"] == ",".join(str(b.status) for b in bids)
            assert values["mip6.bi.coa_ipv6"] == ",".join(
                str(b.care_of_address) for b in bids if b.care_of_address is not None)
            assert all(v in ("False", "0") for v in values["mip6.bi.h_flag"].split(","))
    assert checked >= 12  # 3 BUs and 3 BAs, each on two links
    report = _tshark("-r", str(path), "-q", "-z", "expert")
    assert "Malformed" not in report and "Warnings (" not in report and "Errors (" not in report


def test_inspector_names_every_bid_field_at_its_offset() -> None:
    """The packet inspector's field tree (mipviz.wire.dissect) shows the BID option's fields,
    each lighting its own octets, not one opaque data field."""
    from mipviz.wire.dissect import dissect

    octets = encode_frame(FRAMES[0])
    mobility = dissect(octets)[-1]
    options = next(f for f in mobility.children if f.name == "options")
    bids = [o for o in options.children if o.name == "Binding Identifier"]
    assert len(bids) == 2
    fields = {f.name: f for f in bids[1].children}
    assert fields["bid"].value == "2" and fields["status"].value == "0"
    coa = fields["coa"]
    assert coa.value == str(CELL) and octets[coa.offset:coa.offset + coa.length] == CELL.packed
