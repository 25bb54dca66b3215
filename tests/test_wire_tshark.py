"""Cross-check with Wireshark: tshark reads mipviz's frames as we meant them, without a
single malformed packet or expert warning, and agrees with every checksum it can verify.

tshark must be installed (CI installs it); a missing tshark is a failure, not a skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_wire_golden import CASES

from mipviz.engine import messages as m
from mipviz.wire import encode_frame, write_pcap

FIELDS = ["frame.number", "mip6.mhtype", "mip6.bu.seqnr", "mip6.ba.status", "icmpv6.type",
          "icmpv6.checksum.status", "udp.checksum.status", "tcp.checksum.status"]
CHECK_CHECKSUMS = ["-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"]


@pytest.fixture(scope="module")
def tshark() -> str:
    path = shutil.which("tshark")
    assert path is not None, (
        "tshark is not installed: the wire tests cross-check every frame with Wireshark "
        "(apt-get install tshark)")
    return path


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tshark") / "golden.pcap"
    write_pcap(path, [(1000 * index, encode_frame(model))
                      for index, (_, model, _) in enumerate(CASES)])
    return path


def run(tshark: str, *arguments: str) -> str:
    result = subprocess.run([tshark, *arguments], check=True, capture_output=True, text=True)
    return result.stdout


def test_tshark_reads_the_fields_we_wrote(tshark: str, capture: Path) -> None:
    arguments = ["-r", str(capture), *CHECK_CHECKSUMS, "-T", "fields"]
    for field in FIELDS:
        arguments += ["-e", field]
    rows = [line.split("\t") for line in run(tshark, *arguments).splitlines()]
    assert len(rows) == len(CASES)
    for (name, model, _), row in zip(CASES, rows, strict=True):
        values = dict(zip(FIELDS, row, strict=True))
        payload = model.packet.innermost.payload
        if isinstance(payload, m.MobilityMessage):
            assert values["mip6.mhtype"] == str(m.mh_type_of(payload)), name
        if isinstance(payload, m.BindingUpdate):
            assert values["mip6.bu.seqnr"] == str(payload.sequence), name
        if isinstance(payload, m.BindingAcknowledgement):
            assert values["mip6.ba.status"] == str(payload.status), name
        if isinstance(payload, m.ICMPv6Message):
            assert values["icmpv6.type"] == str(getattr(payload, "icmp_type", None) or {
                m.EchoRequest: 128, m.EchoReply: 129, m.RouterSolicitation: 133,
                m.RouterAdvertisement: 134, m.NeighborSolicitation: 135,
                m.NeighborAdvertisement: 136, m.ParameterProblem: 4,
                m.DestinationUnreachable: 1}[type(payload)]), name
        # Wireshark verifies ICMPv6, UDP and TCP (not MH) checksums: 1 = good
        for field in ("icmpv6.checksum.status", "udp.checksum.status",
                      "tcp.checksum.status"):
            assert values[field] in ("", "1"), (name, field, values[field])


def test_no_malformed_packet_and_no_expert_warning(tshark: str, capture: Path) -> None:
    report = run(tshark, "-r", str(capture), *CHECK_CHECKSUMS, "-q", "-z", "expert")
    assert "Malformed" not in report, report
    assert "Errors (" not in report, report
    assert "Warnings (" not in report, report
