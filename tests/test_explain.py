"""Return Routability (S18) and the care-of address in bits (S07), as `mipviz trace` prints
them: every value equal to what anyone recomputes from `export --keylog` and the pcap's bytes
(here with scapy's dissection and hmac/hashlib, not mipviz.explain's own parser)."""

from __future__ import annotations

import hashlib
import hmac
from ipaddress import IPv6Address
from pathlib import Path

import pytest

from mipviz import wire
from mipviz.cli import main
from mipviz.explain import ExplainContext, explain_step, group_hex
from mipviz.explain.secrets import parse_key_log
from mipviz.explain.text import text_lines
from mipviz.i18n import render
from tests.conftest import lesson_run


def _grouped(data: bytes) -> list[str]:
    """How the trace prints a value: grouped hex, 16 octets a line."""
    return [group_hex(data[i:i + 16]) for i in range(0, len(data), 16)]


def _export_and_trace(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      lesson: str) -> tuple[list[bytes], str, str]:
    pcap, keys = tmp_path / "run.pcap", tmp_path / "keys.txt"
    assert main(["export", lesson, "-o", str(pcap), "--keylog", str(keys)]) == 0
    capsys.readouterr()
    assert main(["trace", lesson]) == 0
    trace = capsys.readouterr().out
    frames = [data for _, _, data in wire.read_pcap(pcap)]
    return frames, keys.read_text(encoding="utf-8"), trace


def test_trace_rr_values_equal_a_recomputation_from_the_key_log_and_pcap(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scapy.layers.inet6 import (
        HAO,
        MIP6MH_BU,
        Ether,
        IPv6,
        MIP6MH_CoT,
        MIP6MH_HoT,
        MIP6OptBindingAuthData,
        MIP6OptNonceIndices,
    )

    frames, key_log, trace = _export_and_trace(tmp_path, capsys, "route-optimisation")
    kcn: dict[IPv6Address, bytes] = {}
    nonces: dict[tuple[IPv6Address, int], bytes] = {}
    for line in key_log.splitlines():
        parts = line.split()
        if parts[0] == "CN_KEY":
            kcn[IPv6Address(parts[1])] = bytes.fromhex(parts[2])
        elif parts[0] == "CN_NONCE":
            nonces[(IPv6Address(parts[1]), int(parts[2]))] = bytes.fromhex(parts[3])
    (cn, key), = kcn.items()
    tokens: dict[str, bytes] = {}
    authenticators: list[bytes] = []
    for frame in frames:
        packet = Ether(frame)
        inner = packet.getlayer(IPv6, nb=2) or packet[IPv6]
        for layer, side, suffix in ((MIP6MH_HoT, "home", b"\x00"), (MIP6MH_CoT, "careof", b"\x01")):
            if packet.haslayer(layer):
                message = packet[layer]
                nonce = nonces[(cn, message.index)]
                address = IPv6Address(inner.dst)
                token = hmac.new(key, address.packed + nonce + suffix,
                                 hashlib.sha1).digest()[:8]
                assert bytes(message.token) == token  # the engine's token is RFC 6275's
                tokens[side] = token
        if packet.haslayer(MIP6MH_BU) and packet.haslayer(MIP6OptBindingAuthData):
            indices = packet[MIP6OptNonceIndices]
            home, careof = IPv6Address(packet[HAO].hoa), IPv6Address(packet[IPv6].src)
            home_token = hmac.new(key, home.packed + nonces[(cn, indices.hni)] + b"\x00",
                                  hashlib.sha1).digest()[:8]
            careof_token = hmac.new(key, careof.packed + nonces[(cn, indices.coni)] + b"\x01",
                                    hashlib.sha1).digest()[:8]
            kbm = hashlib.sha1(home_token + careof_token).digest()
            mh = bytearray(bytes(packet[MIP6MH_BU])[:-12])
            mh[4:6] = b"\x00\x00"
            authenticator = hmac.new(kbm, careof.packed + cn.packed + bytes(mh),
                                     hashlib.sha1).digest()[:12]
            assert bytes(packet[MIP6OptBindingAuthData])[-12:] == authenticator
            authenticators.append(authenticator)
            for value in (kbm, bytes(mh), home_token, careof_token):
                assert all(line in trace for line in _grouped(value)), value.hex()
    assert tokens and authenticators
    lines = trace.splitlines()
    for value in (key, *(nonce for (_, _), nonce in nonces.items()), *tokens.values()):
        assert all(line in trace for line in _grouped(value)), value.hex()
    computed = [line for line in lines
                if "authenticator = First(96, HMAC_SHA1(Kbm, input))" in line]
    received = [line for line in lines if "authenticator received" in line]
    assert computed and received  # the BU at the CN and the BA at the MN
    assert any(group_hex(authenticators[0]) in line for line in computed)
    assert any(group_hex(authenticators[0]) in line for line in received)
    assert sum("✓ equal: the recomputation matches" in line for line in lines) >= 6
    assert "b'" not in trace


def test_trace_in_japanese_labels_the_same_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "route-optimisation", "--lang", "ja"]) == 0
    trace = capsys.readouterr().out
    assert "署名鍵 Kbm = SHA1(T0 | T1)" in trace
    assert "臨時鍵[1]" in trace and "ホーム署名用トークン T0" in trace
    assert "✓ 一致" in trace and "気付けアドレス = プレフィックス" in trace


def test_a_forged_binding_update_differs_and_the_care_of_address_is_built_in_bits() -> None:
    run = lesson_run("attacks")
    context = ExplainContext.build(run.timeline, run.secrets())
    verdicts = [e.verdict for step in run.timeline for e in explain_step(step, context)
                if e.title.id == "explain.rr.title.bu"]
    assert False in verdicts and True in verdicts  # Mallory's BU fails, the MN's passes
    step = next(s for s in run.timeline
                for e in explain_step(s, context) if e.title.id == "explain.eui64.title")
    (explanation,) = [e for e in explain_step(step, context)
                      if e.title.id.startswith("explain.eui64")]
    text = "\n".join(text_lines(explanation, "en"))
    assert "00000010 00000000 00000000 ········ ········ 00000000 00000001 00000000" in text
    assert "00000000 00000000 00000000 11111111 11111110 00000000 00000001 00000000" in text
    assert "00100000 00000001 00001101 10111000 00000000 00000010 00000000 00000000" in text
    assert explanation.verdict is True
    assert render(explanation.lines[-1].label, "en").startswith("✓ = 2001:db8:2::ff:fe00:100")


def test_secrets_captured_after_the_run_equal_the_key_log() -> None:
    run = lesson_run("route-optimisation")
    captured = run.secrets()
    logged = parse_key_log("\n".join(run.network.key_log()))
    assert {a: (s.kcn, [(n.index, n.value) for n in s.nonces])
            for a, s in captured.correspondents.items()} == \
        {a: (s.kcn, [(n.index, n.value) for n in s.nonces])
         for a, s in logged.correspondents.items()}
    with pytest.raises(ValueError, match="key log line 1"):
        parse_key_log("CN_KEY not-an-address 00")


def test_the_dissected_tree_shows_cookies_tokens_and_authenticators_in_hex() -> None:
    from mipviz.wire.dissect import dissect

    run = lesson_run("route-optimisation")
    values: dict[str, set[str]] = {}

    def walk(fields) -> None:  # type: ignore[no-untyped-def]
        for field in fields:
            values.setdefault(field.name, set()).add(field.value)
            walk(field.children)

    for step in run.timeline:
        if step.frame_bytes is not None:
            walk(dissect(step.frame_bytes))
    for name in ("cookie", "token", "authenticator"):
        assert values[name], name
        for value in values[name]:
            groups = value.split(" ")
            assert all(len(g) == 4 and int(g, 16) >= 0 for g in groups), (name, value)
    assert not any("b'" in v for vs in values.values() for v in vs)
