"""`mipviz export --keylog` of the IPsec lesson: the SA table it writes next to the key log
lets Wireshark (tshark) decrypt every ESP frame and read the Mobility Header inside, field by
field, with no malformed packet and no expert item (docs/ipsec.md).

tshark must be installed (CI installs it): these tests fail, not skip, without it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mipviz.cli import main

TSHARK = shutil.which("tshark")
LESSON = "ipsec-home-agent"
COA = "2001:db8:2::ff:fe00:100"
HOA = "2001:db8:1::100"
# SPI -> (what the SA carries, MH type inside): RFC 3776 §5.2.1's four SAs
EXPECTED = {"0x00001001": "5", "0x00001002": "6", "0x00001003": "1", "0x00001004": "3"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    directory = tmp_path_factory.mktemp("ipsec")
    pcap, keys = directory / "lesson.pcap", directory / "keys.txt"
    assert main(["export", LESSON, "-o", str(pcap), "--keylog", str(keys)]) == 0
    table = directory / "keys.esp_sa"
    assert table.exists(), "the SA table goes next to the key log"
    lines = table.read_text().splitlines()
    return pcap, keys, lines


def _tshark(pcap: Path, table: list[str], *fields: str, decrypt: bool = True) -> list[list[str]]:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    options: list[str] = []
    if decrypt:
        options += ["-o", "esp.enable_encryption_decode:TRUE"]
        for line in table:
            options += ["-o", f"uat:esp_sa:{line}"]
    # Every frame is captured on each link it crosses, so one ESP packet appears once per hop;
    # Wireshark's per-SPI sequence analysis would call the second copy a repeat.
    options += ["-o", "esp.do_esp_sequence_analysis:FALSE"]
    result = subprocess.run(
        [TSHARK, "-r", str(pcap), *options, "-Y", "esp", "-T", "fields", "-E", "separator=|",
         *[part for f in fields for part in ("-e", f)]],
        capture_output=True, text=True, check=True)
    return [line.split("|") for line in result.stdout.splitlines()]


def test_the_sa_table_is_wiresharks_esp_sa_format(exported: tuple[Path, Path, list[str]]) -> None:
    _, keys, lines = exported
    assert len(lines) == 4
    for line in lines:
        fields = [field.strip('"') for field in line.split(",")]
        assert len(fields) == 8
        protocol, source, destination, spi, encryption, key, authentication, auth_key = fields
        assert protocol == "IPv6" and spi in EXPECTED
        assert encryption == "AES-CBC [RFC3602]" and len(key) == 2 + 32
        assert authentication == "HMAC-SHA-1-96 [RFC2404]" and len(auth_key) == 2 + 40
        assert "2001:db8:1::1" in (source, destination) and "*" in (source, destination)
    # The key log keeps DESIGN.md's lines only.
    assert all(line.split()[0] in ("CN_KEY", "CN_NONCE")
               for line in keys.read_text().splitlines() if line)


def test_every_esp_frame_decrypts_to_the_mobility_header_its_sa_carries(
        exported: tuple[Path, Path, list[str]]) -> None:
    pcap, _, table = exported
    rows = _tshark(pcap, table, "frame.number", "esp.spi", "esp.sequence", "mip6.mhtype",
                   "_ws.malformed", "_ws.expert")
    assert len(rows) >= 10
    seen = set()
    for number, spi, sequence, mhtype, malformed, expert in rows:
        assert mhtype == EXPECTED[spi], (number, spi, mhtype)
        assert not malformed and not expert, (number, expert)
        assert int(sequence) >= 1
        seen.add(spi)
    assert seen == set(EXPECTED)


def test_inside_esp_the_bu_and_ba_read_field_by_field(
        exported: tuple[Path, Path, list[str]]) -> None:
    pcap, _, table = exported
    rows = _tshark(pcap, table, "esp.spi", "ipv6.src", "ipv6.dst", "ipv6.opt.mipv6.home_address",
                   "mip6.bu.h_flag", "mip6.bu.a_flag", "mip6.acoa.acoa", "mip6.ba.status",
                   "ipv6.routing.type", "ipv6.routing.mipv6.home_address")
    bus = [r for r in rows if r[0] == "0x00001001"]
    bas = [r for r in rows if r[0] == "0x00001002"]
    assert bus and bas
    for _, source, destination, home, h_flag, a_flag, acoa, *_ in bus:
        # IPv6 (CoA → HA) | HAO (HoA) | ESP | BU with H, A and the ACoA = CoA (§11.7.1)
        assert (source, destination, home) == (COA, "2001:db8:1::1", HOA)
        assert h_flag in ("1", "True") and a_flag in ("1", "True") and acoa == COA
    for _, source, destination, _, _, _, _, status, rtype, rh2 in bas:
        assert (source, destination, status, rtype, rh2) == ("2001:db8:1::1", COA, "0", "2",
                                                            HOA)


def test_in_tunnel_mode_the_inner_packet_is_the_home_address_talking_to_the_cn(
        exported: tuple[Path, Path, list[str]]) -> None:
    pcap, _, table = exported
    rows = _tshark(pcap, table, "esp.spi", "ipv6.src", "ipv6.dst", "mip6.hoti.cookie",
                   "mip6.hot.cookie")
    tunnelled = [r for r in rows if r[0] in ("0x00001003", "0x00001004")]
    assert tunnelled
    for spi, sources, destinations, hoti_cookie, hot_cookie in tunnelled:
        outer_source, inner_source = sources.split(",")
        outer_destination, inner_destination = destinations.split(",")
        if spi == "0x00001003":
            assert (outer_source, outer_destination) == (COA, "2001:db8:1::1")
            assert (inner_source, inner_destination) == (HOA, "2001:db8:3::1")
            assert len(hoti_cookie.removeprefix("0x")) == 16  # the 64-bit cookie
        else:
            assert (outer_source, outer_destination) == ("2001:db8:1::1", COA)
            assert (inner_source, inner_destination) == ("2001:db8:3::1", HOA)
            assert len(hot_cookie.removeprefix("0x")) == 16


def test_without_the_keys_nothing_inside_is_readable(
        exported: tuple[Path, Path, list[str]]) -> None:
    pcap, _, table = exported
    rows = _tshark(pcap, table, "esp.spi", "mip6.mhtype", decrypt=False)
    assert rows and all(mhtype == "" for _, mhtype in rows)


def test_mipviz_esp_sa_decrypts_what_tshark_decrypts(
        exported: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    """`mipviz dump --esp-sa` and tshark given the same table read the same Mobility Header
    out of every ESP frame: its type, and for a BU/BA its sequence number and lifetime."""
    import json

    pcap, keys, table = exported
    rows = _tshark(pcap, table, "frame.number", "mip6.mhtype", "mip6.bu.seqnr",
                   "mip6.ba.seqnr", "mip6.bu.lifetime", "mip6.ba.lifetime")
    assert main(["dump", str(pcap), "--esp-sa", str(keys.with_suffix(".esp_sa")),
                 "--format", "jsonl"]) == 0
    records = {r["step"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    names = {"5": "Binding Update", "6": "Binding Acknowledgement", "1": "Home Test Init",
             "3": "Home Test"}
    compared = 0
    for number, mhtype, bu_seq, ba_seq, bu_life, ba_life in rows:
        record = records[int(number)]
        assert record["mh"] == names[mhtype], (number, record["summary"])
        assert "decrypted with the SA" in record["summary"] and not record["problems"]
        sequence, lifetime = bu_seq or ba_seq, bu_life or ba_life
        if sequence:  # tshark's lifetime is in 4-second units (RFC 6275 6.1.7)
            assert f"seq {sequence} " in record["summary"], record["summary"]
            assert f"lifetime {int(lifetime) * 4}s" in record["summary"], record["summary"]
            compared += 1
    assert compared >= 4 and len(rows) >= 10
