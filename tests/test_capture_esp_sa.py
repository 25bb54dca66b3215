"""`mipviz dump|replay CAPTURE --esp-sa FILE`: a capture's ESP opened with a Wireshark
``esp_sa`` table (mipviz/capture/esp_sa.py, esp_open.py; RFC 4303 §3.4.4, docs/ipsec.md).

Lesson ipsec-home-agent's export with the table its ``--keylog`` writes: the encrypted home
registrations read as plain ones (types, sequence numbers, lifetimes, HAO, Alternate Care-of
Address), the same roles and home agent's binding cache as the engine's; a wrong key is an
"ICV mismatch" problem on the packet; a bad table is ``FILE:line: message`` and exit 1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mipviz.capture.esp_sa import MAXIMUM_LINE, EspSaError, load_esp_sa, parse_esp_sa
from mipviz.capture.replay import timeline_of
from mipviz.capture.roles import address_text
from mipviz.capture.survey import open_captures, survey
from mipviz.cli import main
from mipviz.commands.export import esp_sa_path, write_captures
from tests.conftest import lesson_run
from tests.ui_helpers import sync

HA = "2001:db8:1::1"
HOA = "2001:db8:1::100"
COA = "2001:db8:2::ff:fe00:100"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    directory = tmp_path_factory.mktemp("esp")
    run = lesson_run("ipsec-home-agent")
    capture, keylog = directory / "ipsec.pcapng", directory / "keys.txt"
    write_captures(run, [(capture, "pcapng")], keylog)
    return capture, Path(esp_sa_path(keylog)), run


def _dump(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["dump", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _records(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[dict[str, object]]:
    code, out, err = _dump(capsys, *arguments, "--format", "jsonl")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_the_encrypted_home_registration_reads_as_a_plain_one(
        exported: tuple[Path, Path, object], capsys: pytest.CaptureFixture[str]) -> None:
    capture, table, _ = exported
    records = _records(capsys, str(capture), "--esp-sa", str(table))
    updates = [r for r in records if r["mh"] == "Binding Update" and "ESP SPI" in r["summary"]]
    acks = [r for r in records if r["mh"] == "Binding Acknowledgement"
            and "ESP SPI" in r["summary"]]
    assert updates and acks
    first = updates[0]
    assert first["summary"].startswith("Binding Update seq 23759 A H lifetime 420s (ESP SPI "
                                       "0x00001001 seq 1, decrypted with the SA)")
    assert first["hao"] == HOA and first["dst"] == HA and first["problems"] == []
    assert first["checksum_ok"] is True  # the decrypted MH's checksum (RFC 6275 6.1.1)
    assert any("decrypted with the SA of --esp-sa line 1" in event
               for event in first["events"])
    assert any(f"Alternate Care-of Address option says {COA}" in event
               for event in first["events"])
    assert acks[0]["summary"].startswith(
        "Binding Acknowledgement status 0 (Binding Update accepted) seq 23759 lifetime 420s "
        "(ESP SPI 0x00001002 seq 1, decrypted with the SA)")
    assert acks[0]["rh2"] == HOA
    tunnelled = [r for r in records if r["mh"] == "Home Test Init" and "ESP" in r["summary"]]
    assert tunnelled and tunnelled[0]["summary"].startswith("ESP tunnel: Home Test Init (ESP "
                                                             "SPI 0x00001003")
    assert tunnelled[0]["inner_src"] == HOA


def test_without_the_table_the_default_output_is_unchanged(
        exported: tuple[Path, Path, object], capsys: pytest.CaptureFixture[str]) -> None:
    capture, _, _ = exported
    records = _records(capsys, str(capture))
    protected = [r for r in records if "ESP SPI 0x00001001" in r["summary"]]
    assert protected and all(r["mh"] is None for r in protected)
    assert "probably a Binding Update, ESP-protected (inferred)" in protected[0]["summary"]


def test_the_roles_and_the_home_agents_cache_are_the_engines(
        exported: tuple[Path, Path, object]) -> None:
    capture, table, run = exported
    found = survey(open_captures([capture], load_esp_sa(table)))
    roles = {node.name: (node.role, [address_text(a) for a in node.addresses][:1])
             for node in found.roles.nodes.values()}
    assert roles["HA"] == ("home-agent", [HA]) and roles["MN"] == ("mobile-node", [HOA])
    assert roles["CN"][0] == "correspondent"
    engine = run.timeline.states_at(len(run.timeline))["HA"].binding_cache  # type: ignore
    replayed = timeline_of(found).state_at("HA", found.packets).binding_cache
    assert [(str(e.home_address), str(e.care_of_address)) for e in replayed] == [
        (str(e.home_address), str(e.care_of_address)) for e in engine] == [(HOA, COA)]
    unkeyed = survey(open_captures([capture]))
    assert not timeline_of(unkeyed).state_at("HA", unkeyed.packets).binding_cache  # no keys


def test_a_wrong_key_is_an_icv_mismatch_not_a_crash(
        exported: tuple[Path, Path, object], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    capture, table, _ = exported
    lines = table.read_text().splitlines()
    fields = lines[0].split(",")
    key = fields[7].strip('"')
    fields[7] = f'"{key[:-1]}{"0" if key[-1] != "0" else "1"}"'  # one bit of the HMAC key
    wrong = tmp_path / "wrong.esp_sa"
    wrong.write_text("\n".join([",".join(fields), *lines[1:]]) + "\n")
    records = _records(capsys, str(capture), "--esp-sa", str(wrong))
    bad = [r for r in records if "ESP SPI 0x00001001" in r["summary"]]
    assert bad and all("not decrypted: ICV mismatch" in r["summary"] for r in bad)
    assert all(any("ICV mismatch under the SA of --esp-sa line 1" in p for p in r["problems"])
               for r in bad)
    assert all(r["mh"] is None for r in bad)  # nothing decrypted under a wrong key
    good = [r for r in records if "ESP SPI 0x00001002" in r["summary"]]
    assert good and all("decrypted with the SA" in r["summary"] for r in good)
    assert any("not decrypted (ICV mismatch: a wrong key, or altered octets)" in event
               for event in bad[0]["events"])


def test_a_wrong_encryption_key_is_wrong_padding(
        exported: tuple[Path, Path, object], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    """The ICV (the authentication key) holds, the AES key does not: the decrypted trailer's
    padding is not RFC 4303 2.4's 1, 2, 3, ... and the packet is not used."""
    capture, table, _ = exported
    lines = table.read_text().splitlines()
    fields = lines[1].split(",")
    fields[5] = '"0x' + "00" * 16 + '"'
    wrong = tmp_path / "wrong-aes.esp_sa"
    wrong.write_text("\n".join([lines[0], ",".join(fields), *lines[2:]]) + "\n")
    records = _records(capsys, str(capture), "--esp-sa", str(wrong))
    bad = [r for r in records if "ESP SPI 0x00001002" in r["summary"]]
    assert bad and all("not decrypted: bad padding" in r["summary"] for r in bad)
    assert all(any("the padding is wrong" in p for p in r["problems"]) for r in bad)
    assert all(r["mh"] is None for r in bad)


def test_the_japanese_note_of_a_decrypted_packet(exported: tuple[Path, Path, object]) -> None:
    from mipviz.capture.replay import observe

    capture, table, _ = exported
    found = survey(open_captures([capture], load_esp_sa(table)))
    step = next(observed for observed in observe(found)
                if "decrypted with the SA" in observed.summary)
    japanese = [event.render("ja") for event in step.events if "SPI" in event.text]
    assert any("の SA（AES-CBC [RFC3602], HMAC-SHA-1-96 [RFC2404]）で ICV を確かめて復号した"
               in text for text in japanese), japanese


# -- the table ---------------------------------------------------------------------------------

_LINE = ('"IPv6","*","2001:db8:1::1","0x00001001","AES-CBC [RFC3602]",'
         '"0x00112233445566778899aabbccddeeff","HMAC-SHA-1-96 [RFC2404]",'
         '"0x00112233445566778899aabbccddeeff00112233"')


def test_wiresharks_own_quoting_wildcards_and_names_are_read() -> None:
    text = "\n".join([
        "# This file is automatically generated, DO NOT MODIFY.",
        "",
        _LINE,
        ' "Any" , "2001:db8:1::1" , "*" , "*" , "NULL" , "" , "HMAC-SHA-256-128 [RFC4868]" , '
        '"\\x73ecret\\\\\\"" ',
        '"IPv6","*","*","4098","AES-CBC [RFC3602]","0x' + "ab" * 32 + '","NULL",""',
    ])
    keyring = parse_esp_sa(text.encode(), "t.esp_sa")
    first, wildcard, decimal = keyring.entries
    assert first.spi == 0x1001 and first.source is None and first.line == 3
    assert wildcard.protocol is None and wildcard.spi is None and wildcard.destination is None
    assert wildcard.authentication_key == b'secret\\"'  # \x73 = s, \\ and \" escapes
    assert decimal.spi == 4098 and len(decimal.encryption_key) == 32
    ha = bytes.fromhex("20010db8000100000000000000000001")
    assert keyring.candidates(0x1001, bytes(16), ha) == [first]
    assert keyring.candidates(7, ha, bytes(16)) == [wildcard]


@pytest.mark.parametrize(("line", "message"), [
    ('"IPv6","*","2001:db8:1::1","0x1001"', "4 fields, expected 8"),
    (_LINE.replace('"0x00001001"', '"0xzz"'), "SPI '0xzz'"),
    (_LINE.replace('"0x00001001"', '"0"'), "SPI '0'"),
    (_LINE.replace('"*"', '"2001:db8::g"'), "address '2001:db8::g'"),
    (_LINE.replace("AES-CBC [RFC3602]", "AES-CTR [RFC3686]"),
     "'AES-CTR [RFC3686]': a Wireshark algorithm mipviz does not decrypt"),
    (_LINE.replace("AES-CBC [RFC3602]", "rot13"), "encryption 'rot13': not a Wireshark"),
    (_LINE.replace("HMAC-SHA-1-96 [RFC2404]", "crc"), "authentication 'crc'"),
    (_LINE.replace('"0x00112233445566778899aabbccddeeff"', '"0x0011"'),
     "AES-CBC [RFC3602]: a key of 2 octets (it takes 16/24/32)"),
    (_LINE.replace('"0x00112233445566778899aabbccddeeff"', '"0xnothex"'), "not hexadecimal"),
    (_LINE.replace('"IPv6"', '"IPX"'), "protocol 'IPX'"),
    (_LINE[:-1], "the closing double quote is missing"),
    (_LINE.replace('","', '" "', 1), "after field 1: expected a comma"),
    (_LINE.replace('"IPv6"', "IPv6"), "field 1: expected a double-quoted string"),
    (_LINE.replace('"*"', '"\\q"'), "a backslash must start"),
])
def test_a_malformed_line_is_file_line_message(line: str, message: str) -> None:
    with pytest.raises(EspSaError) as caught:
        parse_esp_sa(f"# comment\n{_LINE}\n{line}\n".encode(), "bad.esp_sa")
    text = str(caught.value)
    assert text.startswith("bad.esp_sa:3: "), text
    assert message in text, text


def test_the_command_says_file_line_and_exits_1(
        exported: tuple[Path, Path, object], capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    capture, _, _ = exported
    bad = tmp_path / "bad.esp_sa"
    bad.write_text(_LINE + "\n" + '"IPv6","*"\n')
    code, out, err = _dump(capsys, str(capture), "--esp-sa", str(bad))
    assert code == 1 and out == ""
    assert err.strip() == f"mipviz dump: {bad}:2: 2 fields, expected 8 (protocol, source, " \
                          "destination, SPI, encryption, its key, authentication, its key)"
    assert main(["replay", str(capture), "--esp-sa", str(bad)]) == 1
    assert f"mipviz replay: {bad}:2: 2 fields" in capsys.readouterr().err


def test_hostile_tables_are_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.esp_sa"
    with huge.open("wb") as handle:  # past the size limit: refused before parsing
        handle.truncate(2 * 1024 * 1024)
    with pytest.raises(OSError, match=r"huge\.esp_sa"):
        load_esp_sa(huge)
    with pytest.raises(EspSaError, match=r"long\.esp_sa:1: line longer than"):
        parse_esp_sa(b'"' + b"a" * (MAXIMUM_LINE * 4) + b'"\n', "long.esp_sa")
    with pytest.raises(EspSaError, match="NUL octets"):
        parse_esp_sa(os.urandom(64) + b"\0", "binary.esp_sa")
    with pytest.raises(EspSaError, match=r"latin\.esp_sa:2: not UTF-8"):
        parse_esp_sa(_LINE.encode() + b"\n\xff\xfe\n", "latin.esp_sa")
    with pytest.raises(EspSaError, match="no SA in the file"):
        parse_esp_sa(b"# nothing\n\n", "empty.esp_sa")
    with pytest.raises(OSError, match="directory"):
        load_esp_sa(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"fifo|FIFO|named pipe"):
        load_esp_sa(fifo)  # refused at once, never blocks
    escaped = tmp_path / "e\x1b[31m.esp_sa"
    escaped.write_bytes(b"\0")
    code, _, err = _dump(capsys, str(tmp_path / "none.pcap"), "--esp-sa", str(escaped))
    assert code == 1 and "\x1b" not in err


@sync
async def test_the_replay_screen_shows_the_decrypted_home_registration(
        exported: tuple[Path, Path, object]) -> None:
    """`mipviz replay CAPTURE --esp-sa FILE`: the screen's steps are the decrypted messages
    and the home agent's binding cache is rebuilt from them."""
    from mipviz.ui.replay import ReplayApp
    from tests.replay_helpers import wait_shown

    capture, table, _ = exported
    app = ReplayApp([str(capture)], esp_keys=load_esp_sa(table))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await wait_shown(pilot)
        prepared = screen.controller.prepared
        summaries = [step.summary for step in prepared.timeline.steps]
        update = next(index for index, summary in enumerate(summaries, start=1)
                      if summary.startswith("Binding Update seq 23759"))
        assert "decrypted with the SA" in summaries[update - 1]
        last = len(summaries)
        assert prepared.timeline.state_at("HA", last).binding_cache


def test_the_split_passes_decrypt_as_one_process_does(
        exported: tuple[Path, Path, object], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """mipviz.capture.pipeline's forked workers open ESP with the same table: the text is
    the same as one process's (generations of 16 steps, so the parts cut the lesson)."""
    import io

    from mipviz.capture import pipeline, replay
    from mipviz.capture import survey as survey_module
    from mipviz.capture.record import LineRenderer

    for module in (survey_module, replay):
        monkeypatch.setattr(module, "RECENT_PACKETS", 16)
    monkeypatch.setattr(pipeline, "PARALLEL_OCTETS", 1000)
    monkeypatch.setattr(pipeline, "SPLIT_BELOW_WALKED", 2.0)  # split all signalling too
    capture, table, _ = exported
    captures = open_captures([capture], load_esp_sa(table))

    def dump(workers: int) -> str:
        out = io.StringIO()
        pipeline.survey_and_emit(captures, LineRenderer().line_of, out, workers=workers)
        return out.getvalue()

    alone = dump(1)
    assert alone.count("decrypted with the SA") >= 10 and "ICV mismatch" not in alone
    for workers in (2, 3):
        assert dump(workers) == alone
