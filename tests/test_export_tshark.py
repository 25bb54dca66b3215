"""Every bundled lesson's pcap, read back by Wireshark's dissector (tshark) and by an
independent checksum and Return Routability verifier written here from the RFC text.

tshark must be installed (CI installs it): these tests fail, not skip, without it.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
import struct
import subprocess
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz import wire
from mipviz.engine.attacker import Attacker
from mipviz.engine.messages import (
    AlternateCareofAddress,
    BindingAcknowledgement,
    BindingAuthorizationData,
    BindingError,
    BindingUpdate,
    CareofTest,
    CareofTestInit,
    HomeTest,
    HomeTestInit,
    IPv6Packet,
    MobileNetworkPrefix,
    NonceIndices,
    ParameterProblem,
    mh_type_of,
)
from mipviz.engine.node import MOBILITY_HEADER_TYPES
from mipviz.lesson.runner import LessonRun
from mipviz.model.fmipv6_messages import FastBindingUpdate
from mipviz.model.hmip_pmip import HomeNetworkPrefixOption
from tests.conftest import bundled_lesson_ids, lesson_run

TSHARK = shutil.which("tshark")


def _tshark(*args: str) -> str:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    result = subprocess.run([TSHARK, *args], capture_output=True, text=True, check=True)
    return result.stdout


def _export(run: LessonRun, path: Path) -> list[bytes]:
    frames = [(s.time, s.frame_bytes) for s in run.timeline if s.frame_bytes is not None]
    wire.write_pcap(path, frames)  # type: ignore[arg-type]
    return [f for _, f in frames]  # type: ignore[misc]


@pytest.fixture(scope="module", params=bundled_lesson_ids())
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[LessonRun, Path, list[bytes]]:
    run = lesson_run(request.param)
    path = tmp_path_factory.mktemp(request.param) / "lesson.pcap"
    return run, path, _export(run, path)


def test_no_malformed_packet_or_expert_warning(exported: tuple[LessonRun, Path, list[bytes]]
                                               ) -> None:
    _, path, frames = exported
    assert frames, "the lesson produced no frames"
    # The export holds every frame on every link, so an ESP packet (lesson ipsec-home-agent)
    # appears once per hop: Wireshark's per-SPI sequence analysis would call each later copy
    # a repeat. Everything else it checks stays on.
    expert = _tshark("-r", str(path), "-o", "esp.do_esp_sequence_analysis:FALSE", "-q", "-z",
                     "expert,note")
    bad = [line for line in expert.splitlines()
           if any(word in line for word in ("Error", "Warn", "Malformed"))]
    assert bad == [], expert
    count = _tshark("-r", str(path), "-T", "fields", "-e", "frame.number").split()
    assert len(count) == len(frames)


def _hex64(value: bytes) -> str:
    return f"0x{int.from_bytes(value):016x}"


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _expected_mobility_fields(message: object) -> dict[str, str]:
    """What tshark must print for each Mobility Header message, field by field (its names:
    PROTOCOL.md §22.1). Lifetimes are on the wire in 4-second units."""
    if isinstance(message, HomeTestInit):
        return {"mip6.hoti.cookie": _hex64(message.home_init_cookie)}
    if isinstance(message, CareofTestInit):
        return {"mip6.coti.cookie": _hex64(message.careof_init_cookie)}
    if isinstance(message, HomeTest):
        return {"mip6.hot.nindex": str(message.home_nonce_index),
                "mip6.hot.cookie": _hex64(message.home_init_cookie),
                "mip6.hot.token": _hex64(message.home_keygen_token)}
    if isinstance(message, CareofTest):
        # tshark 4.0 compiles mip6.cot.token out and shows the care-of keygen token under
        # mip6.hot.token (PROTOCOL.md §22.1).
        return {"mip6.cot.nindex": str(message.careof_nonce_index),
                "mip6.cot.cookie": _hex64(message.careof_init_cookie),
                "mip6.hot.token": _hex64(message.careof_keygen_token)}
    if isinstance(message, BindingUpdate):
        fields = {"mip6.bu.seqnr": str(message.sequence),
                  "mip6.bu.a_flag": _flag(message.acknowledge),
                  "mip6.bu.h_flag": _flag(message.home_registration),
                  "mip6.bu.l_flag": _flag(message.link_local_compatibility),
                  "mip6.bu.k_flag": _flag(message.key_management),
                  "mip6.nemo.bu.r_flag": _flag(message.mobile_router),
                  "mip6.bu.lifetime": str(message.lifetime // 4)}
    elif isinstance(message, BindingAcknowledgement):
        fields = {"mip6.ba.status": str(message.status),
                  "mip6.ba.k_flag": _flag(message.key_management),
                  "mip6.nemo.ba.r_flag": _flag(message.mobile_router),
                  "mip6.ba.seqnr": str(message.sequence),
                  "mip6.ba.lifetime": str(message.lifetime // 4)}
    elif isinstance(message, BindingError):
        return {"mip6.be.status": str(message.status), "mip6.be.haddr": str(message.home_address)}
    elif isinstance(message, FastBindingUpdate):
        # The FBU's own fields: tests/test_fmipv6_wire.py; here only the options shared with BU.
        fields = {}
    else:
        return {}
    for option in message.options:
        if isinstance(option, AlternateCareofAddress):
            fields["mip6.acoa.acoa"] = str(option.address)
        elif isinstance(option, NonceIndices):
            fields["mip6.ni.hni"] = str(option.home_nonce_index)
            fields["mip6.ni.cni"] = str(option.careof_nonce_index)
        elif isinstance(option, BindingAuthorizationData):
            fields["mip6.bad.auth"] = option.authenticator.hex()
    # RFC 3963 §4.3, repeated once per prefix; Wireshark shows a PMIPv6 Home Network Prefix
    # (RFC 5213 §8.3, the same layout) under the same fields (tests/test_hmip_pmip_wire.py)
    prefixes = [o.prefix for o in message.options
                if isinstance(o, MobileNetworkPrefix | HomeNetworkPrefixOption)]
    if prefixes:
        fields["mip6.nemo.mnp.pfl"] = ",".join(str(p.prefixlen) for p in prefixes)
        fields["mip6.nemo.mnp.mnp"] = ",".join(str(p.network_address) for p in prefixes)
    return fields


FIELDS = ("ipv6.src", "ipv6.dst", "mip6.mhtype", "mip6.proto", "mip6.hlen",
          "ipv6.opt.mipv6.home_address", "ipv6.routing.mipv6.home_address",
          "mip6.hoti.cookie", "mip6.coti.cookie", "mip6.hot.nindex", "mip6.hot.cookie",
          "mip6.hot.token", "mip6.cot.nindex", "mip6.cot.cookie", "mip6.bu.seqnr",
          "mip6.bu.a_flag", "mip6.bu.h_flag", "mip6.bu.l_flag", "mip6.bu.k_flag",
          "mip6.nemo.bu.r_flag", "mip6.bu.lifetime", "mip6.ba.status", "mip6.ba.k_flag",
          "mip6.nemo.ba.r_flag", "mip6.ba.seqnr", "mip6.ba.lifetime", "mip6.be.status",
          "mip6.be.haddr", "mip6.acoa.acoa", "mip6.ni.hni", "mip6.ni.cni", "mip6.bad.auth",
          "mip6.nemo.mnp.pfl", "mip6.nemo.mnp.mnp")


def test_tshark_reads_the_fields_as_the_engine_meant(
        exported: tuple[LessonRun, Path, list[bytes]]) -> None:
    run, path, _ = exported
    args = ["-r", str(path), "-T", "fields", "-E", "separator=|", "-E", "occurrence=a"]
    for name in FIELDS:
        args += ["-e", name]
    rows = [line.split("|") for line in _tshark(*args).splitlines()]
    steps = [s for s in run.timeline if s.frame_bytes is not None]
    assert len(rows) == len(steps)
    checked_types: set[int] = set()
    for row, step in zip(rows, steps, strict=True):
        fields = dict(zip(FIELDS, row, strict=True))
        packet = step.frame.packet  # type: ignore[union-attr]
        assert fields["ipv6.src"].split(",")[0] == str(packet.source)
        assert fields["ipv6.dst"].split(",")[0] == str(packet.destination)
        inner = packet.innermost
        message = inner.payload
        if isinstance(message, MOBILITY_HEADER_TYPES):
            mh_type = mh_type_of(message)  # type: ignore[arg-type]
            checked_types.add(mh_type)
            assert fields["mip6.mhtype"] == str(mh_type)
            assert fields["mip6.proto"] == "59"
            expected = _expected_mobility_fields(message)
            for name in FIELDS[7:]:
                assert fields[name] == expected.get(name, ""), (step.index, name)
        elif not isinstance(message, ParameterProblem):  # an ICMPv6 error quotes its packet
            assert fields["mip6.mhtype"] == ""
        for layer_field, getter in (("ipv6.opt.mipv6.home_address", "home_address_option"),
                                    ("ipv6.routing.mipv6.home_address",
                                     "routing_header_type2")):
            expected_addresses = []
            current = packet
            while True:
                value = getattr(current, getter)
                if value is not None:
                    expected_addresses.append(str(value.home_address))
                if not isinstance(current.payload, IPv6Packet):
                    break
                current = current.payload
            got = [v for v in fields[layer_field].split(",") if v]
            if isinstance(message, ParameterProblem):
                got = got[:len(expected_addresses)]
            assert got == expected_addresses, (step.index, layer_field)
    assert checked_types, "no Mobility Header in the lesson"


def test_every_frame_checksum_verifies(exported: tuple[LessonRun, Path, list[bytes]]) -> None:
    """tshark does not check MH checksums (PROTOCOL.md §23.1); the engine's verifier does."""
    _, _, frames = exported
    for number, frame in enumerate(frames, start=1):
        assert wire.upper_layer_checksum_ok(frame[14:]) in (True, None), number


def test_export_is_deterministic(tmp_path: Path) -> None:
    """The same lesson exported twice (two fresh runs) gives identical bytes."""
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson
    from mipviz.lesson.runner import run_lesson

    lesson = load_lesson(find_lesson("route-optimisation"))
    first, second = tmp_path / "a.pcap", tmp_path / "b.pcap"
    _export(run_lesson(lesson), first)
    _export(run_lesson(lesson), second)
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 10_000


# ------------------------------------------------------------------------------------------
# An independent Return Routability verifier: parses the exported bytes by hand and
# recomputes every BU authenticator to a correspondent from the key log (RFC 6275 §5.2.5-6).


def _walk_ipv6(packet: bytes) -> tuple[bytes, bytes, bytes | None, bytes | None, int, bytes]:
    """(src, dst, hao, rh2, next_header, upper) of the innermost IPv6 packet."""
    while True:
        src, dst = packet[8:24], packet[24:40]
        next_header, offset = packet[6], 40
        hao = rh2 = None
        while next_header in (0, 43, 60):
            length = (packet[offset + 1] + 1) * 8
            header = packet[offset:offset + length]
            if next_header == 43 and header[2] == 2:
                rh2 = header[8:24]
            if next_header == 60:
                position = 2
                while position < length:
                    option = header[position]
                    if option == 0:
                        position += 1
                        continue
                    size = header[position + 1]
                    if option == 0xC9:
                        hao = header[position + 2:position + 18]
                    position += 2 + size
            next_header, offset = header[0], offset + length
        if next_header == 41:
            packet = packet[offset:]
            continue
        return src, dst, hao, rh2, next_header, packet[offset:]


def _options(mh: bytes, start: int) -> list[tuple[int, bytes, int]]:
    found, position = [], start
    while position < len(mh):
        if mh[position] == 0:
            position += 1
            continue
        size = mh[position + 1]
        found.append((mh[position], mh[position + 2:position + 2 + size], position))
        position += 2 + size
    return found


def test_every_bu_authenticator_recomputes_from_the_key_log() -> None:
    verified = 0
    for lesson_id in bundled_lesson_ids():
        run = lesson_run(lesson_id)
        off_path = {node.primary_address().packed for node in run.network.sim.nodes.values()
                    if isinstance(node, Attacker) and node.mode == "off-path"}
        keys: dict[bytes, bytes] = {}
        # A Kcn refreshed with a later nonce (RFC 6275 §5.2.7): "CN_KEY <cn> <Kcn> <index>".
        nonce_keys: dict[tuple[bytes, int], bytes] = {}
        nonces: dict[tuple[bytes, int], bytes] = {}
        for line in run.network.key_log():
            parts = line.split()
            address = IPv6Address(parts[1]).packed
            if parts[0] == "CN_KEY" and len(parts) == 4:
                nonce_keys[(address, int(parts[3]))] = bytes.fromhex(parts[2])
            elif parts[0] == "CN_KEY":
                keys[address] = bytes.fromhex(parts[2])
            else:
                nonces[(address, int(parts[2]))] = bytes.fromhex(parts[3])
        for step in run.timeline:
            if step.frame_bytes is None or step.rx is None:
                continue
            src, dst, hao, _, next_header, mh = _walk_ipv6(step.frame_bytes[14:])
            if next_header != 135 or mh[2] != 5 or dst not in keys:
                continue
            flags, lifetime = struct.unpack("!HH", mh[8:12])
            if flags & 0x4000:
                continue  # home registration: IPsec, not RR
            options = _options(mh, 12)
            indices = next(data for kind, data, _ in options if kind == 4)
            authenticator = next(data for kind, data, _ in options if kind == 5)
            assert options[-1][0] == 5, "BAD must be the last option"
            home = hao or src
            careof = next((data for kind, data, _ in options if kind == 3), src)
            deleting = lifetime == 0 or careof == home
            kcn = keys[dst]
            home_index, careof_index = struct.unpack("!HH", indices)
            home_kcn = nonce_keys.get((dst, home_index), kcn)
            careof_kcn = nonce_keys.get((dst, careof_index), kcn)
            home_token = hmac.new(home_kcn, home + nonces[(dst, home_index)] + b"\x00",
                                  hashlib.sha1).digest()[:8]
            if deleting:
                kbm = hashlib.sha1(home_token).digest()
                careof = home
            else:
                careof_token = hmac.new(careof_kcn, careof + nonces[(dst, careof_index)] + b"\x01",
                                        hashlib.sha1).digest()[:8]
                kbm = hashlib.sha1(home_token + careof_token).digest()
            data = bytearray(mh[:-12])
            data[4:6] = b"\x00\x00"
            expected = hmac.new(kbm, careof + dst + bytes(data), hashlib.sha1).digest()[:12]
            forged = src in off_path
            if forged:
                assert expected != authenticator
            else:
                assert expected == authenticator, (lesson_id, step.index)
                verified += 1
    assert verified >= 4
