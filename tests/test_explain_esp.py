"""ESP opened in the explanation (mipviz.explain.esp) with the SA table `export --keylog`
writes, and Return Routability still explained for a HoTI/HoT inside ESP on the MN–HA leg.
The values are checked against the engine's own SAs (mipviz.engine.esp), which share no code
with the explanation."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest

from mipviz.cli import main
from mipviz.engine.messages import EncapsulatingSecurityPayload
from mipviz.explain import ExplainContext, explain_step
from mipviz.explain.esp import open_esp
from mipviz.explain.secrets import parse_esp_sa
from mipviz.i18n import render
from tests.conftest import lesson_run

LESSON = "ipsec-home-agent"


def _esp_steps(run) -> list:
    return [s for s in run.timeline if s.packet is not None
            and isinstance(s.packet.payload, EncapsulatingSecurityPayload)]


def _titles(explanations) -> list[str]:
    return [render(e.title, "en") for e in explanations]


def test_the_exported_sa_table_opens_every_esp_frame_of_the_run(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture
                                                                 ) -> None:
    keys = tmp_path / "keys.txt"
    assert main(["export", LESSON, "-o", str(tmp_path / "run.pcap"), "--keylog", str(keys)]) == 0
    capsys.readouterr()
    table = parse_esp_sa((tmp_path / "keys.esp_sa").read_text())
    assert sorted(table) == [0x1001, 0x1002, 0x1003, 0x1004]
    run = lesson_run(LESSON)
    steps = _esp_steps(run)
    assert steps
    for step in steps:
        opened = open_esp(step.frame_bytes, table)
        assert opened is not None and opened.icv_ok, step.index
        assert opened.plaintext is not None
        assert opened.next_header == (135 if opened.spi in (0x1001, 0x1002) else 41)


def test_a_wrong_key_shows_the_icv_differs_and_nothing_is_decrypted() -> None:
    run = lesson_run(LESSON)
    secrets = run.secrets()
    step = _esp_steps(run)[0]
    key = secrets.esp[step.packet.payload.spi]
    wrong = dataclasses.replace(key, authentication_key=bytes(20))
    opened = open_esp(step.frame_bytes, {key.spi: wrong})
    assert opened is not None and not opened.icv_ok and opened.plaintext is None
    context = ExplainContext.build(run.timeline, dataclasses.replace(
        secrets, esp=MappingProxyType({key.spi: wrong})))
    esp = next(e for e in explain_step(step, context) if "ESP opened" in render(e.title, "en"))
    assert esp.verdict is False


def test_rr_is_explained_inside_esp_on_the_mn_ha_leg() -> None:
    run = lesson_run(LESSON)
    context = ExplainContext.build(run.timeline, run.secrets())
    hoti = next(s for s in _esp_steps(run) if s.tx == "MN" and s.packet.payload.spi == 0x1003)
    hot = next(s for s in _esp_steps(run) if s.rx == "MN" and s.packet.payload.spi == 0x1004)
    for step, title in ((hoti, "Home Test Init asks for"), (hot, "Home Test, recomputed")):
        explanations = explain_step(step, context)
        titles = _titles(explanations)
        assert any("ESP opened" in t for t in titles), titles
        rr = next(e for e in explanations if title in render(e.title, "en"))
        assert rr.verdict is True
        # the values are in the decrypted octets: nothing to light on the wire
        assert all(line.span is None for line in rr.lines)
    # Without the keys the same steps explain nothing of RR (they are opaque ESP).
    bare = ExplainContext.build(run.timeline, dataclasses.replace(
        run.secrets(), esp=MappingProxyType({})))
    assert not any("Return Routability" in t for t in _titles(explain_step(hot, bare)))


def test_the_explanation_agrees_with_the_engine_sa() -> None:
    run = lesson_run(LESSON)
    secrets = run.secrets()
    home_agent = run.network.node("HA")
    step = next(s for s in _esp_steps(run) if s.rx == "HA" and s.packet.payload.spi == 0x1001)
    engine_sa = dataclasses.replace(home_agent.ipsec.inbound_sas[0x1001], highest=0, window=0)
    assert engine_sa.open(step.packet.payload) == (
        135, open_esp(step.frame_bytes, secrets.esp).plaintext)
