"""The Binding Update Lists of HMIPv6 and PMIPv6 nodes, in the engine's node state, in the
capture replay and in the Bindings pane: the MN's local binding with its MAP (RCoA -> LCoA,
RFC 5380 §6.1), kept after it leaves the MAP domain until its lifetime runs out; a MAG's
entry for the mobile node's home network prefix (RFC 5213 §6.1), a home registration made
for the mobile node; the LMA's deregistered entry kept MinDelayBeforeBCEDelete, and a late
deregistration from the previous MAG ignored (§5.3.5)."""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

from rich.style import Style
from test_capture_frames import LMA as LMA_TEXT
from test_capture_frames import (
    MAG,
    binding_acknowledgement,
    binding_update,
    ethernet,
    ipv6,
    option,
    pcap,
    prefix_option,
    with_checksum,
    write,
)

from mipviz import wire
from mipviz.capture.replay import build_timeline
from mipviz.engine.timeline import BindingUpdateListEntry, Timeline
from mipviz.lesson.loader import load_lesson
from mipviz.lesson.runner import run_lesson
from mipviz.ui.state import _tables
from tests.conftest import lesson_run

MAP, RCOA = IPv6Address("2001:db8:9::1"), IPv6Address("2001:db8:9::ff:fe00:100")
LMA, HNP = IPv6Address("2001:db8:1::1"), IPv6Address("2001:db8:10::")
SECOND = 1_000_000


def _replayed(timeline: Timeline, tmp_path: Path) -> Timeline:
    path = tmp_path / "lesson.pcap"
    wire.write_pcap(path, [(s.time, s.frame_bytes) for s in timeline
                           if s.frame_bytes is not None])  # type: ignore[misc]
    return build_timeline([path])


def _fields(entry: BindingUpdateListEntry) -> tuple[object, ...]:
    return (entry.peer_address, entry.home_address, entry.care_of_address, entry.sequence,
            entry.state, entry.home_registration)


def _map_entry(entries: tuple[BindingUpdateListEntry, ...]) -> BindingUpdateListEntry | None:
    return next((e for e in entries if e.peer_address == MAP), None)


def test_the_mn_lists_its_map_binding_from_the_first_local_bu(tmp_path: Path) -> None:
    timeline = lesson_run("hmipv6").timeline
    first = next(s for s in timeline if s.tx == "MN" and "Binding Update" in s.summary
                 and " M " in s.summary)
    entry = _map_entry(timeline.state_at("MN", first.index).binding_update_list)
    assert entry is not None and entry.state == "registering" and entry.home_address == RCOA
    assert entry.care_of_address == IPv6Address("2001:db8:21::ff:fe00:100")
    assert not entry.home_registration  # a local registration, not the home one


def test_leaving_the_map_domain_the_mn_keeps_the_maps_binding(tmp_path: Path) -> None:
    """No BU ends the binding at the MAP when the MN leaves its domain: the MN's list says
    what the MAP still holds, and the capture replay rebuilds the same entry."""
    timeline = lesson_run("hmipv6").timeline
    last = len(timeline)
    mn = timeline.state_at("MN", last)
    assert mn.care_of_address == IPv6Address("2001:db8:23::ff:fe00:100")  # out of the domain
    entry = _map_entry(mn.binding_update_list)
    assert entry is not None and entry.state == "registered"
    (cache,) = timeline.state_at("MAP", last).binding_cache
    assert (entry.home_address, entry.care_of_address) == (cache.home_address,
                                                           cache.care_of_address)
    replayed = _map_entry(_replayed(timeline, tmp_path).state_at(
        "MN", len([s for s in timeline if s.frame_bytes is not None])).binding_update_list)
    assert replayed is not None and _fields(replayed) == _fields(entry)
    # the Bindings pane shows it, with the RCoA it binds beside the home entry
    rows = dict(_tables(mn, mn, timeline[last - 1].time, Style(), "en"))
    lines = [line.plain for line in rows["binding update list"].lines()]
    assert "binds" in lines[0]
    assert any(str(RCOA) in line and "MAP" in line for line in lines[1:]), lines
    assert any("2001:db8:1::100" in line and "HA" in line for line in lines[1:]), lines
    ja = dict(_tables(mn, mn, timeline[last - 1].time, Style(), "ja"))
    assert "対象アドレス" in ja["バインディング更新リスト"].lines()[0].plain


def test_the_left_binding_goes_when_its_lifetime_runs_out(tmp_path: Path) -> None:
    text = Path("lessons/15-hmipv6.toml").read_text(encoding="utf-8")
    text = text.replace('hmipv6 = true\n', 'hmipv6 = true\nbinding_lifetime = 8\n', 1)
    text = text.replace("action = \"wait\"\nseconds = 2\n", "action = \"wait\"\nseconds = 12\n")
    path = tmp_path / "short.toml"
    path.write_text(text, encoding="utf-8")
    timeline = run_lesson(load_lesson(path)).timeline
    gone = [s for s in timeline for e in s.events
            if e.node == "MN" and "has run out" in e.text]
    assert len(gone) == 1, [s.summary for s in gone]
    (step,) = gone
    before = timeline.state_at("MN", step.index - 1)
    entry = _map_entry(before.binding_update_list)
    assert entry is not None and entry.expires == step.time
    assert _map_entry(timeline.state_at("MN", step.index).binding_update_list) is None


def test_a_mags_entry_is_the_home_network_prefix_it_registers(tmp_path: Path) -> None:
    timeline = lesson_run("proxy-mobile-ipv6").timeline
    last = len(timeline)
    (entry,) = timeline.state_at("MAG2", last).binding_update_list
    assert _fields(entry) == (LMA, HNP, IPv6Address("2001:db8:ff::32"), entry.sequence,
                              "registered", True)
    assert timeline.state_at("MAG1", last).binding_update_list == ()  # deregistered
    frames = len([s for s in timeline if s.frame_bytes is not None])
    replayed = _replayed(timeline, tmp_path)
    (rebuilt,) = replayed.state_at("MAG2", frames).binding_update_list
    assert _fields(rebuilt) == _fields(entry)
    mag = timeline.state_at("MAG2", last)
    lines = [line.plain for line in dict(_tables(mag, mag, timeline[last - 1].time, Style(),
                                                 "en"))["binding update list"].lines()]
    assert "binds" in lines[0] and str(HNP) in lines[1] and "LMA" in lines[1], lines


def test_the_replayed_lma_keeps_a_deregistered_entry_min_delay(tmp_path: Path) -> None:
    """RFC 5213 §5.3.5: the LMA keeps the entry MinDelayBeforeBCEDelete (10 s) after the
    previous MAG deregisters, for the new MAG's PBU; the replay shows it as the engine does."""
    timeline = lesson_run("proxy-mobile-ipv6").timeline
    frames = [s for s in timeline if s.frame_bytes is not None]
    replayed = _replayed(timeline, tmp_path)
    dereg = next(number for number, s in enumerate(frames, start=1)
                 if s.tx == "MAG1" and "lifetime 0s" in s.summary)
    at = next(number for number, s in enumerate(frames, start=1)
              if number > dereg and s.tx == "LMA")  # its PBA
    (entry,) = replayed.state_at("LMA", at).binding_cache
    (engine,) = timeline.state_at("LMA", frames[at - 1].index).binding_cache
    assert (entry.state, entry.lifetime) == (engine.state, engine.lifetime) == ("deleting", 0)
    # the replay counts from the first packet; the PBA is stamped a link after the PBU
    assert abs(entry.expires - (engine.expires - frames[0].time)) < SECOND // 100
    assert entry.expires - (frames[at - 1].time - frames[0].time) == 10 * SECOND


def test_a_late_deregistration_from_the_previous_mag_changes_nothing(tmp_path: Path) -> None:
    """RFC 5213 §5.3.5: after the handoff to MAG2, MAG1's deregistration (lifetime 0) does
    not end the session the LMA now binds to MAG2, in the replay as in the engine."""
    mag2, hnp = "2001:db8:21::1", "2001:db8:5::/64"
    options = option(8, b"\x01mn@example.net") + prefix_option(22, hnp)

    def pbu(source: str, sequence: int, lifetime: int) -> bytes:  # A and P flags
        return with_checksum(ipv6(source, LMA_TEXT, 135,
                                  binding_update(sequence, 0x8200, lifetime, options)))

    def pba(destination: str, sequence: int, lifetime: int) -> bytes:  # P flag
        return with_checksum(ipv6(LMA_TEXT, destination, 135, binding_acknowledgement(
            0, 0x20, sequence, lifetime, options)))

    frames = [(0, pbu(MAG, 1, 100)), (1_000, pba(MAG, 1, 100)),
              (SECOND, pbu(mag2, 7, 100)), (SECOND + 1_000, pba(mag2, 7, 100)),
              (2 * SECOND, pbu(MAG, 2, 0)), (2 * SECOND + 1_000, pba(MAG, 2, 0))]
    path = write(tmp_path, "late.pcap", pcap([(t, ethernet(f)) for t, f in frames]))
    replayed = build_timeline([path])
    lma = next(name for name, state in replayed.initial_states.items()
               if IPv6Address(LMA_TEXT) in state.addresses)
    (entry,) = replayed.state_at(lma, len(replayed.steps)).binding_cache
    assert (entry.state, str(entry.care_of_address)) == ("valid", mag2)
    events = [str(e) for step in replayed.steps for e in step.events]
    assert any("no longer bound to" in e for e in events), events
