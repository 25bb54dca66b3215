"""Understanding a capture: roles, binding caches and lists step by step, departures from the
RFCs, merged captures and the Timeline (mipviz.capture.survey, .roles, .bindings, .replay)."""

from __future__ import annotations

import struct
from ipaddress import IPv6Address
from pathlib import Path

from test_capture_frames import (
    CN,
    COA,
    HA,
    HOA,
    LMA,
    MAG,
    address,
    binding_acknowledgement,
    binding_update,
    destination_options_hao,
    ethernet,
    ipv6,
    mobility_header,
    option,
    pcap,
    pcapng,
    prefix_option,
    routing_header_type2,
    with_checksum,
    write,
)

from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import Survey, open_captures, survey

SECOND = 1_000_000
ACOA = bytes([1, 0]) + option(3, address(COA))  # PadN(2) puts the ACoA at 8n+6


def bu_to_ha(sequence: int, lifetime: int = 105, flags: int = 0xC000,
             options: bytes = ACOA, hop_limit: int = 64) -> bytes:
    message = binding_update(sequence, flags, lifetime, options)
    return with_checksum(ipv6(COA, HA, 60, destination_options_hao(HOA, 135) + message,
                              hop_limit=hop_limit))


def ba_from_ha(sequence: int, lifetime: int = 105, status: int = 0, flags: int = 0) -> bytes:
    message = binding_acknowledgement(status, flags, sequence, lifetime)
    return with_checksum(ipv6(HA, COA, 43, routing_header_type2(HOA, 135) + message))


def run(tmp_path: Path, frames: list[tuple[int, bytes]], name: str = "cap.pcap") -> Survey:
    path = write(tmp_path, name, pcap([(t, ethernet(f)) for t, f in frames]))
    return survey(open_captures([path]))


def records(found: Survey) -> list[tuple[list[str], list[str]]]:
    return [([str(e) for e in o.events], o.problems) for o in observe(found)]


def test_home_registration_roles_and_binding_cache(tmp_path: Path) -> None:
    path = write(tmp_path, "home.pcap", pcap([
        (0, ethernet(bu_to_ha(7))), (SECOND, ethernet(ba_from_ha(7))),
        (2 * SECOND, ethernet(bu_to_ha(8, lifetime=0)))]))
    found = survey(open_captures([path]))
    nodes = found.roles.nodes
    assert {name: node.role for name, node in nodes.items()} == {
        "MN": "mobile-node", "HA": "home-agent"}
    assert nodes["MN"].home_address == address(HOA)
    assert nodes["MN"].care_of_addresses == [address(COA)]
    steps = list(observe(found))
    assert [(s.tx, s.rx) for s in steps] == [("MN", "HA"), ("HA", "MN"), ("MN", "HA")]
    assert "HA: binding cache add 2001:db8:1::100 -> 2001:db8:2::100, lifetime 420 s" in [
        str(e) for e in steps[1].events]
    assert any("RFC 6275 10.3.2" in p and "deregistration" in p for p in steps[2].problems)
    timeline = build_timeline([path])
    assert timeline.state_at("HA", 1).binding_cache == ()
    entry = timeline.state_at("HA", 2).binding_cache[0]
    assert (entry.home_address, entry.care_of_address, entry.lifetime, entry.sequence) == (
        IPv6Address(HOA), IPv6Address(COA), 420, 7)
    assert entry.expires == SECOND + 420 * SECOND
    bul = timeline.state_at("MN", 2).binding_update_list[0]
    assert (bul.peer, bul.state, bul.sequence) == ("HA", "registered", 7)
    assert timeline.state_at("MN", 3).binding_update_list[0].state == "deregistering"
    assert timeline.state_at("MN", 2).care_of_address == IPv6Address(COA)


def test_sequence_number_that_does_not_increase(tmp_path: Path) -> None:
    found = run(tmp_path, [(0, bu_to_ha(7)), (SECOND, bu_to_ha(7, lifetime=104)),
                           (2 * SECOND, bu_to_ha(65535)), (3 * SECOND, bu_to_ha(0)),
                           (4 * SECOND, ba_from_ha(0))])
    problems = [p for _, p in records(found)]
    assert any("RFC 6275 9.5.1: Binding Update sequence number 7 not increased" in p
               for p in problems[1])
    assert not any("9.5.1" in p for p in problems[3])  # 65535 -> 0 wraps: newer


def test_the_same_packet_on_two_links_is_one_message_crossing_two_hops(tmp_path: Path) -> None:
    first = write(tmp_path, "visited.pcap", pcap([(0, ethernet(bu_to_ha(7)))]))
    second = write(tmp_path, "home.pcap", pcap([
        (1000, ethernet(bu_to_ha(7, hop_limit=63))), (SECOND, ethernet(ba_from_ha(7)))]))
    found = survey(open_captures([second, first]))
    steps = list(observe(found))
    assert [s.link for s in steps] == ["visited", "home", "home"]
    assert "the same packet as step 1 on visited, one hop further (hop limit 64 -> 63)" in [
        e.text for e in steps[1].events]
    assert not any("9.5.1" in p for s in steps for p in s.problems)
    assert not any("no Binding Acknowledgement" in p for s in steps for p in s.problems)


def test_nemo_mobile_router_prefixes_become_routes(tmp_path: Path) -> None:
    options = ACOA + bytes([1, 2, 0, 0]) + prefix_option(6, "2001:db8:100::/64")
    timeline_path = write(tmp_path, "nemo.pcap", pcap([
        (0, ethernet(bu_to_ha(3, flags=0xC400, options=options))),
        (SECOND, ethernet(ba_from_ha(3, flags=0x40)))]))
    found = survey(open_captures([timeline_path]))
    router = found.roles.nodes["MR"]
    assert router.role == "mobile-router" and router.prefixes == ["2001:db8:100::/64"]
    events = [str(e) for e in list(observe(found))[1].events]
    assert "HA: route 2001:db8:100::/64 via tunnel to 2001:db8:2::100" in events
    state = build_timeline([timeline_path]).state_at("HA", 2)
    assert state.routes == (("2001:db8:100::/64", "tunnel to 2001:db8:2::100"),)
    assert state.binding_cache[0].mobile_router
    assert state.binding_cache[0].prefixes == ("2001:db8:100::/64",)


def _pbu(sequence: int, flags: int = 0x8200, lifetime: int = 225) -> bytes:
    options = (option(8, b"\x01mn1@example.net") + bytes([1, 4, 0, 0, 0, 0])
               + prefix_option(22, "2001:db8:5::/64") + option(23, b"\x00\x01")
               + option(24, b"\x00\x04"))
    return with_checksum(ipv6(MAG, LMA, 135, binding_update(sequence, flags, lifetime, options)))


def _pba(sequence: int, flags: int = 0x20) -> bytes:
    options = bytes([1, 4, 0, 0, 0, 0]) + prefix_option(22, "2001:db8:5::/64")
    message = binding_acknowledgement(0, flags, sequence, 225, options)
    return with_checksum(ipv6(LMA, MAG, 135, message))


def test_proxy_mobile_ipv6_roles_and_local_mobility_anchor_cache(tmp_path: Path) -> None:
    path = write(tmp_path, "pmip.pcap", pcap([(0, ethernet(_pbu(1))),
                                              (SECOND, ethernet(_pba(1, flags=0)))]))
    found = survey(open_captures([path]))
    roles = {node.role: node for node in found.roles.nodes.values()}
    assert roles["local-mobility-anchor"].addresses == [address(LMA)]
    assert roles["mobile-access-gateway"].addresses == [address(MAG)]
    assert roles["mobile-node"].identifier == "mn1@example.net"
    steps = list(observe(found))
    assert steps[0].summary == "Proxy Binding Update seq 1 A P lifetime 900s"
    assert any("RFC 5213 8.2: Proxy Binding Acknowledgement without the P flag" in p
               for p in steps[1].problems)
    assert any("LMA: binding cache add MN (NAI mn1@example.net) -> 2001:db8:20::1" in str(e)
               for e in steps[1].events)
    entry = build_timeline([path]).state_at("LMA", 2).binding_cache[0]
    assert entry.home_address == IPv6Address("2001:db8:5::")
    assert entry.prefixes == ("2001:db8:5::/64",)


def test_unacknowledged_proxy_binding_update(tmp_path: Path) -> None:
    problems = [p for _, p in records(run(tmp_path, [(0, _pbu(1))]))]
    assert any("RFC 5213 5.3.1" in p for p in problems[0])


def test_hmipv6_local_binding_update_names_the_map(tmp_path: Path) -> None:
    message = binding_update(1, 0x8800, 30)  # A | M: a local BU to a MAP, no ACoA
    packet = with_checksum(ipv6(COA, "2001:db8:9::1", 60,
                                destination_options_hao("2001:db8:9::55", 135) + message))
    found = run(tmp_path, [(0, packet)])
    assert {node.role for node in found.roles.nodes.values()} == {
        "mobility-anchor-point", "mobile-node"}


def test_fmipv6_handover_names_the_access_routers(tmp_path: Path) -> None:
    par, nar, ncoa = "2001:db8:2::1", "2001:db8:4::1", "2001:db8:4::100"
    fbu = mobility_header(8, struct.pack("!HHH", 9, 0xC000, 12) + bytes([1, 0])
                          + option(3, address(ncoa)))
    hi = mobility_header(14, struct.pack("!HBB", 4, 0x80, 0))
    hack = mobility_header(15, struct.pack("!HBB", 4, 0, 0))
    fback = mobility_header(9, struct.pack("!BBHH", 0, 0, 9, 12))
    found = run(tmp_path, [
        (0, with_checksum(ipv6(COA, par, 60, destination_options_hao(COA, 135) + fbu))),
        (1, with_checksum(ipv6(par, nar, 135, hi))), (2, with_checksum(ipv6(nar, par, 135, hack))),
        (3, with_checksum(ipv6(par, COA, 135, fback)))])
    named = {node.role: node.addresses for node in found.roles.nodes.values()}
    assert named["previous-access-router"] == [address(par)]
    assert named["new-access-router"] == [address(nar)]
    events = records(found)
    assert any("Handover Accepted, NCoA valid (answers step 2)" in e for e in events[2][0])
    assert any("PAR: binding cache add 2001:db8:2::100 -> 2001:db8:4::100" in e
               for e in events[3][0])


def test_return_routability_through_the_home_agent_tunnel(tmp_path: Path) -> None:
    cookie = bytes(range(1, 9))
    hoti = ipv6(HOA, CN, 135, mobility_header(1, bytes(2) + cookie))
    hot = ipv6(CN, HOA, 135, mobility_header(3, struct.pack("!H", 5) + cookie + bytes(8)))
    found = run(tmp_path, [(0, with_checksum(ipv6(COA, HA, 41, hoti))),
                           (1, with_checksum(ipv6(HA, COA, 41, hot)))])
    assert {n.role for n in found.roles.nodes.values()} == {
        "home-agent", "mobile-node", "correspondent"}
    events = records(found)
    assert any("through the home agent's tunnel" in e for e in events[0][0])
    assert "MN: answers the Home Test Init of step 1" in events[1][0]


def test_binding_cache_entry_expires(tmp_path: Path) -> None:
    filler = with_checksum(ipv6(CN, HOA, 58, bytes([128, 0, 0, 0, 0, 1, 0, 1])))
    path = write(tmp_path, "expiry.pcap", pcap([
        (0, ethernet(bu_to_ha(7, lifetime=1))), (SECOND, ethernet(ba_from_ha(7, lifetime=1))),
        (3 * SECOND, ethernet(filler)), (9 * SECOND, ethernet(filler))]))
    events = records(survey(open_captures([path])))
    assert any("binding cache entry for 2001:db8:1::100 expired" in e for e in events[3][0])
    assert build_timeline([path]).state_at("HA", 4).binding_cache == ()


def test_route_optimised_data_and_unsolicited_acknowledgement(tmp_path: Path) -> None:
    data = with_checksum(ipv6(COA, CN, 60, destination_options_hao(HOA, 17)
                              + struct.pack("!HHHH", 1, 2, 12, 0) + b"data"))
    found = run(tmp_path, [(0, data), (1, ba_from_ha(99, flags=0x80))])  # K: from a home agent
    steps = list(observe(found))
    assert steps[0].tx == "MN" and steps[0].rx == "CN" and steps[0].checksum_ok
    assert steps[1].tx == "HA"
    assert any("Home Address option 2001:db8:1::100" in e.text for e in steps[0].events)
    assert any("matches no Binding Update" in e.text for e in steps[1].events)


def test_expiry_when_capture_times_go_backwards(tmp_path: Path) -> None:
    filler = with_checksum(ipv6(CN, HOA, 58, bytes([128, 0, 0, 0, 0, 1, 0, 1])))
    found = run(tmp_path, [(5 * SECOND, bu_to_ha(7, lifetime=1)),
                           (6 * SECOND, ba_from_ha(7, lifetime=1)), (SECOND, filler),
                           (7 * SECOND, filler), (20 * SECOND, filler)])
    events = records(found)
    assert not any("expired" in e for step in events[:4] for e in step[0])
    assert any("binding cache entry for 2001:db8:1::100 expired" in e for e in events[4][0])


def test_timeline_keeps_link_types_and_nodes(tmp_path: Path) -> None:
    path = write(tmp_path, "raw.pcapng", pcapng(
        [(1, "eth0"), (229, "tun0")], [(0, 0, ethernet(bu_to_ha(7)), None),
                                       (1, 1, ba_from_ha(7), None)]))
    timeline = build_timeline([path])
    assert [timeline.link_type(index) for index in (1, 2)] == [1, 229]
    assert timeline[2].frame is None and timeline[2].frame_bytes == ba_from_ha(7)
    assert sorted(timeline.nodes) == ["HA", "MN"]


def test_home_address_that_is_not_routable(tmp_path: Path) -> None:
    message = binding_update(1, 0xC000, 105, ACOA)
    packet = with_checksum(ipv6(COA, HA, 60, destination_options_hao("::", 135) + message))
    problems = records(run(tmp_path, [(0, packet)]))[0][1]
    assert any("RFC 6275 9.3.1" in p for p in problems)


def test_a_host_behind_a_mobile_router_is_named_from_the_tunnelled_traffic(
        tmp_path: Path) -> None:
    """RFC 3963: the MR registers its Mobile Network Prefix; a host with an address in that
    prefix, seen inside the MR-HA tunnel, is a local fixed node, and its peer a
    correspondent (before, both stayed unnamed)."""
    from ipaddress import IPv6Network

    from mipviz.cli import main as cli_main

    path = tmp_path / "nemo.pcap"
    assert cli_main(["export", "network-mobility", "-o", str(path)]) == 0
    roles = survey(open_captures([path])).roles
    by_role = {node.role: node for node in roles.nodes.values()}
    router, host = by_role["mobile-router"], by_role["local-fixed-node"]
    assert host.name == "LFN"
    network = IPv6Network(router.prefixes[0])
    assert all(IPv6Address(address) in network for address in host.addresses)
    assert "correspondent" in by_role


def _router_advertisement(*prefixes: tuple[str, int]) -> bytes:
    """RFC 4861 4.2: an RA with a Prefix Information option (4.6.2) per (prefix, flags)."""
    options = b"".join(
        struct.pack("!BBBBIII", 3, 4, 64, flags, 86400, 14400, 0)
        + IPv6Address(prefix).packed for prefix, flags in prefixes)
    body = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0) + options
    return with_checksum(ipv6("fe80::1", "ff02::1", 58, body, hop_limit=255))


def test_links_are_labelled_with_the_on_link_prefixes_their_routers_advertise(
        tmp_path: Path) -> None:
    frames = [ethernet(_router_advertisement(("2001:db8:2::", 0xC0), ("2001:db8:9::", 0x40))),
              ethernet(_router_advertisement(("2001:db8:2::", 0xC0), ("2001:db8:5::", 0x80)))]
    found = survey(open_captures([write(tmp_path, "visited.pcap", pcap(frames))]))
    # 2001:db8:9:: has A but not L: not on-link (RFC 4861 4.6.2); repeats are listed once
    assert found.roles.link_prefixes == {"visited": ["2001:db8:2::/64", "2001:db8:5::/64"]}
