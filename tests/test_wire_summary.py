"""One-line summaries, status names, and the import hygiene of mipviz.wire."""

from __future__ import annotations

import subprocess
import sys
from ipaddress import IPv6Address

import pytest
from test_wire_golden import CASES, CN, COA, HA, HOA

from mipviz.engine import messages as m
from mipviz.wire import BA_STATUS_NAMES, BE_STATUS_NAMES, describe

SUMMARIES = {
    "BRR CN->HoA": "Binding Refresh Request",
    "HoTI HoA->CN": "Home Test Init",
    "CoT CN->CoA": "Care-of Test",
    "BU MN->CN route optimisation (PROTOCOL.md 15.4)": "Binding Update seq 1 A lifetime 420s",
    "BU MR->HA NEMO home registration (PROTOCOL.md 3)":
        "Binding Update seq 7 H A R lifetime 4096s",
    "BA HA->MR with RH2 (PROTOCOL.md 3)":
        "Binding Acknowledgement status 0 (Binding Update accepted) seq 7 K R",
    "BE CN->CoA status 1": "Binding Error status 1 (Unknown binding for Home Address "
                           "destination option) home address 2001:db8:1::100",
    "unknown MH type 200": "Mobility Header type 200",
    "RA with H flag, Prefix Information R flag, Advertisement Interval, HA Information":
        "Router Advertisement from 02:00:00:00:00:02",
    "NS with Source Link-Layer Address":
        "Neighbor Solicitation for 2001:db8:1::1 from 02:00:00:00:00:01",
    "NA router solicited override with Target Link-Layer Address":
        "Neighbor Advertisement 2001:db8:1::1 (rtr, sol, ovr) is at 02:00:00:00:00:02",
    "Echo request": "Echo (ping) request id=0x0001, seq=3",
    "Echo reply": "Echo (ping) reply id=0x0001, seq=3",
    "UDP with a Home Address option (route-optimised data)": "UDP 30000 → 13000 Len=4",
    "Parameter Problem code 2":
        "Parameter Problem (unrecognized IPv6 option encountered) pointer 44",
    "Destination Unreachable code 3": "Destination Unreachable (address unreachable)",
    "HoT tunnelled HA->MN, inner hop limit decremented": "IPv6-in-IPv6: Home Test",
    "nested NEMO tunnels, depth 2": "IPv6-in-IPv6: IPv6-in-IPv6: UDP 30000 → 13000 Len=1",
    "TCP as an unknown payload, traffic class and flow label":
        "TCP (20 octets, not decoded)",
}


@pytest.mark.parametrize(("name", "summary"), SUMMARIES.items())
def test_summaries(name: str, summary: str) -> None:
    model = next(model for case, model, _ in CASES if case == name)
    assert describe(model) == summary


def test_the_examples_of_the_brief() -> None:
    def frame(payload: m.Payload) -> m.EthernetFrame:
        return m.EthernetFrame("02:00:00:00:00:01", "02:00:00:00:00:02",
                               m.IPv6Packet(COA, HA, payload))
    assert describe(frame(m.BindingUpdate(7, 420, acknowledge=True, home_registration=True))
                    ) == "Binding Update seq 7 H A lifetime 420s"
    assert describe(frame(m.BindingAcknowledgement(0, 7, 420))) == (
        "Binding Acknowledgement status 0 (Binding Update accepted) seq 7")
    assert describe(frame(m.UnknownICMPv6(144, 0, bytes(4)))) == (
        "Home Agent Address Discovery Request")
    assert describe(frame(m.UnknownMobilityMessage(5, b"\x00\x01"))) == (
        "Binding Update (malformed)")
    assert describe(frame(m.UnknownPayload(59, b""))) == "IPv6 no next header"
    assert describe(frame(m.NeighborSolicitation(IPv6Address("2001:db8::1")))) == (
        "Neighbor Solicitation for 2001:db8::1")
    assert CN and HOA  # the shared addresses stay imported for readers of this file


def test_status_names_follow_wireshark() -> None:
    assert BA_STATUS_NAMES[0] == "Binding Update accepted"
    assert BA_STATUS_NAMES[1] == "Accepted but prefix discovery necessary"
    assert BA_STATUS_NAMES[135] == "Sequence number out of window"
    assert BA_STATUS_NAMES[139] == "Registration type change disallowed"
    assert BA_STATUS_NAMES[143] == "Mobile Network Prefix information unavailable"
    assert BA_STATUS_NAMES[174] == "Invalid Care-of Address"
    assert set(range(128, 144)) <= set(BA_STATUS_NAMES)
    assert BE_STATUS_NAMES == {1: "Unknown binding for Home Address destination option",
                               2: "Unrecognized MH type value"}


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("statement", [
    "import mipviz.engine.messages",
    "import mipviz.wire",
    "from mipviz.wire import describe, read_pcap, write_pcap, upper_layer_checksum_ok",
    "import mipviz.wire.summary, mipviz.wire.checksum, mipviz.wire.pcap, mipviz.wire.layout",
])
def test_scapy_is_not_loaded_until_the_codec_is_used(statement: str) -> None:
    assert not any(name.split(".")[0] == "scapy" for name in _modules_after(statement))


def test_the_codec_loads_scapy_lazily() -> None:
    loaded = _modules_after("import mipviz.wire\nmipviz.wire.decode_frame(b'')")
    assert "scapy" in loaded


def test_scapy_never_reads_the_host_routing_tables() -> None:
    """PROTOCOL.md §23.1: autoload is switched off before scapy's layers are imported."""
    code = ("import mipviz.wire._scapy\nfrom scapy.config import conf\n"
            "print(conf.route_autoload, conf.route6_autoload, len(conf.route.routes), "
            "len(conf.route6.routes))")
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True)
    assert result.stdout.split() == ["False", "False", "0", "0"]
