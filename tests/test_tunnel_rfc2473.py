"""RFC 2473 at the tunnel entry points: the Tunnel Encapsulation Limit option in nested
encapsulations (§4.1.1, §5.1) and ICMP errors about tunnel packets relayed to the original
source (§8, §7.1) — in the engine's timeline and as tshark reads the frames, field by field.

tshark must be installed (CI installs it): these tests fail, not skip, without it.
"""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv6Address
from pathlib import Path

from mipviz import wire
from mipviz.engine.messages import (
    DestinationOptionsHeader,
    DestinationUnreachable,
    EchoRequest,
    IPv6Packet,
    ParameterProblem,
    TunnelEncapsulationLimit,
    UDPDatagram,
    UnknownICMPv6,
)
from tests.conftest import lesson_run
from tests.engine_harness import CN_ADDRESS, COA, HA_ADDRESS, HOA, Scenario, build

TSHARK = shutil.which("tshark")
R2_CORE = IPv6Address("2001:db8:ff::2")


def _tshark(pcap: Path, display_filter: str, *fields: str) -> list[list[str]]:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    result = subprocess.run(
        [TSHARK, "-r", str(pcap), "-Y", display_filter, "-T", "fields", "-E", "separator=|",
         *[part for f in fields for part in ("-e", f)]],
        capture_output=True, text=True, check=True)
    return [line.split("|") for line in result.stdout.splitlines()]


def _write(steps: list, path: Path) -> None:
    wire.write_pcap(path, [(s.time, s.frame_bytes) for s in steps if s.frame_bytes])


# ------------------------------------------------------------------------ Encapsulation Limit
def _limits(packet: IPv6Packet) -> list[int]:
    return [option.limit for header in packet.extension_headers
            if isinstance(header, DestinationOptionsHeader) for option in header.options
            if isinstance(option, TunnelEncapsulationLimit)]


def test_nested_entries_carry_the_tunnel_encapsulation_limit_option() -> None:
    run = lesson_run("nested-nemo")
    nested = [s for s in run.timeline if s.packet is not None and s.packet.tunnel_depth == 2]
    single = [s for s in run.timeline if s.packet is not None and s.packet.tunnel_depth == 1]
    assert nested and single
    # Level 2 of the default 4: two more encapsulations allowed (RFC 2473 §4.1.1, §6.6) ...
    assert all(_limits(s.packet) == [2] for s in nested)
    # ... and only at nested entries: a first-level tunnel header has no option, nor does
    # the inner tunnel header of a nested packet.
    assert all(_limits(s.packet) == [] for s in single)
    assert all(_limits(s.packet.payload) == [] for s in nested)
    entries = {e.node for s in run.timeline for e in s.events
               if "Tunnel Encapsulation Limit option of 2" in e.text}
    assert entries == {"Train", "HA1"}  # the nested MR's MR, and HA1 for HA2's tunnel


def test_tshark_reads_the_option_field_by_field(tmp_path: Path) -> None:
    run = lesson_run("nested-nemo")
    pcap = tmp_path / "nested.pcap"
    _write(list(run.timeline), pcap)
    rows = _tshark(pcap, "ipv6.opt.tel", "ipv6.nxt", "ipv6.dstopts.nxt", "ipv6.opt.type",
                   "ipv6.opt.length", "ipv6.opt.tel", "_ws.expert", "_ws.malformed")
    nested = sum(1 for s in run.timeline if s.packet is not None and s.packet.tunnel_depth == 2)
    assert len(rows) == nested
    for next_headers, destination_next, types, lengths, tel, expert, malformed in rows:
        # outer: Next Header 60, the Destination Options header's is 41 (PROTOCOL.md §13)
        assert next_headers.split(",")[0] == "60" and destination_next.split(",")[0] == "41"
        assert types.split(",")[0] == "0x04" and lengths.split(",")[0] == "1" and tel == "2"
        assert not expert and not malformed


# ------------------------------------------------------------------------ ICMP error relay
def _tunnelled_ping(s: Scenario) -> tuple[int, bytes]:
    """The mark after a CN→MN ping the HA tunnelled, and that tunnel packet's octets."""
    s.register()
    mark = s.mark()
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 1.0, 1))
    s.run(1)
    step = next(st for st in s.steps(mark) if st.tx == "HA" and st.packet.tunnel_depth == 1
                and isinstance(st.packet.payload.payload, EchoRequest))
    return s.mark(), step.frame_bytes[14:]


def _report(s: Scenario, error: object) -> int:
    """R2 sends the HA ``error`` (as a router on the tunnel's path would); returns the mark."""
    mark = s.mark()
    s.act(lambda: s.node("R2").send_packet(IPv6Packet(R2_CORE, HA_ADDRESS, error)))
    s.run(0.05)
    return mark


def _relayed(s: Scenario, mark: int) -> list:
    return [st for st in s.steps(mark) if st.tx == "HA" and st.packet is not None
            and st.packet.destination == CN_ADDRESS
            and isinstance(st.packet.payload, DestinationUnreachable | UnknownICMPv6)]


def test_a_destination_unreachable_inside_the_ha_mn_tunnel_reaches_the_cn(tmp_path: Path
                                                                          ) -> None:
    s = build(route_optimization=False)
    _, tunnel_packet = _tunnelled_ping(s)
    mark = _report(s, DestinationUnreachable(3, tunnel_packet))
    relayed = _relayed(s, mark)
    assert relayed, [st.summary for st in s.steps(mark)]
    packet = relayed[0].packet
    assert packet.source == HA_ADDRESS  # from the tunnel entry point (RFC 2473 §8)
    error = packet.payload
    assert isinstance(error, DestinationUnreachable) and error.code == 3
    # It quotes the original packet, CN → home address, not the tunnel packet.
    quoted = error.invoking_packet
    assert IPv6Address(quoted[8:24]) == CN_ADDRESS and IPv6Address(quoted[24:40]) == HOA
    assert quoted == tunnel_packet[40:][:len(quoted)]
    assert any("relayed to the original source" in e.text for _, e in s.events("note", "HA",
                                                                                mark))
    pcap = tmp_path / "relay.pcap"
    _write(relayed[:1], pcap)
    rows = _tshark(pcap, "icmpv6", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.code",
                   "icmpv6.checksum.status", "_ws.expert", "_ws.malformed")
    sources, destinations, kinds, codes, checksum, expert, malformed = rows[0]
    assert not expert
    assert sources.split(",") == [str(HA_ADDRESS), str(CN_ADDRESS)]
    assert destinations.split(",") == [str(CN_ADDRESS), str(HOA)]
    assert kinds.split(",")[0] == "1" and codes.split(",")[0] == "3"
    assert checksum.split(",")[0] == "1" and not malformed


def _tunnelled_datagram(s: Scenario, size: int) -> bytes:
    """A CN → home address UDP datagram of ``size`` octets, as the HA tunnelled it."""
    s.register()
    mark = s.mark()
    s.act(lambda: s.node("CN").send_packet(IPv6Packet(
        CN_ADDRESS, HOA, UDPDatagram(40000, 9, bytes(size)))))
    s.run(0.05)
    step = next(st for st in s.steps(mark) if st.tx == "HA" and st.packet.tunnel_depth == 1)
    return step.frame_bytes[14:]


def test_a_packet_too_big_in_the_tunnel_tells_the_source_the_mtu_less_the_tunnel_header(
        tmp_path: Path) -> None:
    """RFC 2473 §7.1, §8: the original source must send 40 octets less than the link's MTU
    allows, since the tunnel adds its own IPv6 header."""
    s = build(route_optimization=False)
    tunnel_packet = _tunnelled_datagram(s, 1400)  # 1448 octets inside, 1488 in the tunnel
    quoted = tunnel_packet[:1232]  # what a router's error quotes (RFC 4443 §2.4 c)
    mark = _report(s, UnknownICMPv6(2, 0, (1400).to_bytes(4, "big") + quoted))
    relayed = _relayed(s, mark)
    assert relayed
    error = relayed[0].packet.payload
    assert isinstance(error, UnknownICMPv6) and error.icmp_type == 2
    assert int.from_bytes(error.data[:4], "big") == 1400 - 40
    pcap = tmp_path / "ptb.pcap"
    _write(relayed[:1], pcap)
    rows = _tshark(pcap, "icmpv6", "icmpv6.type", "icmpv6.mtu", "ipv6.src", "_ws.malformed")
    kinds, mtu, sources, malformed = rows[0]
    assert kinds.split(",")[0] == "2" and mtu == "1360" and not malformed
    assert sources.split(",") == [str(HA_ADDRESS), str(CN_ADDRESS)]


def test_a_packet_too_big_for_a_packet_that_fits_without_the_tunnel_is_not_relayed() -> None:
    s = build(route_optimization=False)
    _, tunnel_packet = _tunnelled_ping(s)  # a small ping: 1360 octets are plenty
    mark = _report(s, UnknownICMPv6(2, 0, (1400).to_bytes(4, "big") + tunnel_packet))
    assert not _relayed(s, mark)


def test_time_exceeded_in_the_tunnel_becomes_address_unreachable() -> None:
    s = build(route_optimization=False)
    _, tunnel_packet = _tunnelled_ping(s)
    mark = _report(s, UnknownICMPv6(3, 0, bytes(4) + tunnel_packet))
    relayed = _relayed(s, mark)
    assert relayed and isinstance(relayed[0].packet.payload, DestinationUnreachable)
    assert relayed[0].packet.payload.code == 3


def test_a_parameter_problem_is_relayed_only_for_an_exhausted_encapsulation_limit() -> None:
    """RFC 2473 §4.1.1: the next entry point refused to nest it (limit 0). Any other
    Parameter Problem about the tunnel header is not the original source's concern."""
    s = build(route_optimization=False)
    _, tunnel_packet = _tunnelled_ping(s)
    mark = _report(s, ParameterProblem(0, 6, tunnel_packet))  # the Next Header field
    assert not _relayed(s, mark)
    # The same tunnel packet with a Tunnel Encapsulation Limit of 0 in its header, pointed at.
    outer, inner = tunnel_packet[:40], tunnel_packet[40:]
    limited = bytearray(outer)
    limited[6] = 60
    limited[4:6] = (len(inner) + 8).to_bytes(2, "big")
    options = bytes((41, 0, 4, 1, 0, 1, 1, 0))  # TEL = 0, PadN(3)
    mark = _report(s, ParameterProblem(0, 44, bytes(limited) + options + inner))
    relayed = _relayed(s, mark)
    assert relayed and relayed[0].packet.payload.code == 3


def test_an_error_about_a_packet_that_was_not_our_tunnel_packet_is_not_relayed() -> None:
    s = build(route_optimization=False)
    _, tunnel_packet = _tunnelled_ping(s)
    forged = bytearray(tunnel_packet)
    forged[8:24] = IPv6Address("2001:db8:3::99").packed  # someone else's tunnel
    mark = _report(s, DestinationUnreachable(3, bytes(forged)))
    assert not _relayed(s, mark)
    plain = wire.encode_frame(s.steps()[-1].frame)[14:54]  # not a tunnel packet at all
    mark = _report(s, DestinationUnreachable(3, plain + bytes(8)))
    assert not _relayed(s, mark)


def test_the_reverse_tunnel_entry_of_a_mobile_node_keeps_errors_about_its_own_packets() -> None:
    """The MN is both the reverse tunnel's entry and the original source: nothing to relay."""
    s = build(route_optimization=False)
    s.register()
    mark = s.mark()
    s.act(lambda: s.net.start_flow("ping", "MN", "CN", "echo", 1.0, 1))
    s.run(1)
    step = next(st for st in s.steps(mark) if st.tx == "MN" and st.packet.tunnel_depth == 1)
    tunnel_packet = step.frame_bytes[14:]
    mark = s.mark()
    s.act(lambda: s.node("R2").send_packet(IPv6Packet(
        IPv6Address("2001:db8:2::1"), COA, DestinationUnreachable(3, tunnel_packet))))
    s.run(0.05)
    assert not [st for st in s.steps(mark) if st.tx == "MN"
                and isinstance(st.packet.payload, DestinationUnreachable)]


def test_a_mobile_router_relays_an_error_about_its_reverse_tunnel_to_the_lfn() -> None:
    """The MR–HA tunnel (RFC 3963): the mobile router is the reverse tunnel's entry for its
    network's nodes, so an error about a tunnel packet goes on to the LFN that sent it."""
    from mipviz.engine.network import Network
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.engine_topology import engine_topology
    from mipviz.lesson.loader import load_lesson

    lesson = load_lesson(find_lesson("network-mobility"))
    s = Scenario(Network(engine_topology(lesson.topology), lesson.seed))
    s.move("MR", "station-a")
    s.run_until("binding-acknowledgement-received", "MR", timeout=10)
    mark = s.mark()
    s.act(lambda: s.net.start_flow("q", "Q", "CN", "echo", 1.0, 1))
    s.run(1)
    step = next(st for st in s.steps(mark) if st.tx == "MR" and st.packet.tunnel_depth == 1)
    tunnel_packet = step.frame_bytes[14:]
    careof, lfn = step.packet.source, step.packet.payload.source
    router = next(i for i in s.node("RA").interfaces if i.link.name == "station-a")
    mark = s.mark()
    s.act(lambda: s.node("RA").send_packet(IPv6Packet(
        router.global_addresses()[0], careof, DestinationUnreachable(3, tunnel_packet))))
    s.run(0.05)
    relayed = [st for st in s.steps(mark) if st.tx == "MR" and st.packet is not None
               and isinstance(st.packet.payload, DestinationUnreachable)]
    assert relayed and relayed[0].packet.destination == lfn
    assert relayed[0].packet.source == careof
    assert IPv6Address(relayed[0].packet.payload.invoking_packet[8:24]) == lfn
