"""Pre-RFC Proxy Mobile IPv6 told truly (issue 15, RFC 5213).

The shape of a 2011 testbed capture: Proxy Binding Updates from two MAGs without the P flag,
naming the mobile node by a Mobile Node Identifier option (RFC 4283) whose octets are not
all text, with a Mobility Header Link-Layer Address option of code 0 where RFC 5213 has the
MN Link-layer Identifier option, authentication and message-id options of pre-RFC numbers and
lengths, lifetime 1000 s and sequence number 0 on every one. It was narrated as "MAG1:
deregistration (care-of address = home address)" and the LMA as deleting a binding, with no
problem at all.
"""

from __future__ import annotations

from ipaddress import IPv6Address
from pathlib import Path

from test_capture_frames import (
    LMA,
    MAG,
    address,
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

from mipviz.capture.replay import build_timeline, observe
from mipviz.capture.survey import open_captures, survey

MAG2 = "2001:db8:21::1"
SECOND = 1_000_000
IDENTIFIER = b"mobile-node \xe9\x02\x14l"
HNP = "2001:db8:5::/64"


def _pre_rfc_pbu(source: str) -> bytes:
    options = (option(8, b"\x01" + IDENTIFIER)
               + option(7, b"\x00" + bytes.fromhex("020000000105"))  # MH-LLA, code 0
               + prefix_option(22, HNP)
               + option(41, bytes(6))  # a draft's authentication option number
               + option(10, bytes(4)))  # message-id: RFC 4285 6 has 8 octets
    message = binding_update(0, 0x8000, 250, options)  # A only; 250 x 4 s = 1000 s
    return with_checksum(ipv6(source, LMA, 135, message))


def _pre_rfc_pba(destination: str) -> bytes:
    message = binding_acknowledgement(0, 0, 0, 250, prefix_option(22, HNP))
    return with_checksum(ipv6(LMA, destination, 135, message))


def _capture(tmp_path: Path) -> Path:
    frames = [(0, _pre_rfc_pbu(MAG)), (SECOND // 10, _pre_rfc_pba(MAG)),
              (10 * SECOND, _pre_rfc_pbu(MAG)), (10 * SECOND + SECOND // 10, _pre_rfc_pba(MAG)),
              (20 * SECOND, _pre_rfc_pbu(MAG2)), (20 * SECOND + SECOND // 10,
                                                  _pre_rfc_pba(MAG2))]
    return write(tmp_path, "testbed.pcap", pcap([(t, ethernet(f)) for t, f in frames]))


def test_a_bu_from_a_mag_naming_a_mobile_node_is_a_proxy_registration(tmp_path: Path) -> None:
    path = _capture(tmp_path)
    found = survey(open_captures([path]))
    roles = {node.role: node for node in found.roles.nodes.values()}
    assert set(roles) >= {"local-mobility-anchor", "mobile-access-gateway", "mobile-node"}
    steps = list(observe(found))
    events = [str(event) for event in steps[0].events]
    assert any("proxy registration: BU seq 0 to LMA" in event and "lifetime 1000 s" in event
               for event in events), events
    assert not any("deregistration" in str(event) for step in steps for event in step.events)
    cache = [str(event) for event in steps[1].events if "binding cache" in str(event)]
    assert cache and "binding cache add" in cache[0] and "NAI mobile-node" in cache[0], cache
    assert "delete" not in cache[0]


def test_each_departure_is_flagged_with_its_rfc_section(tmp_path: Path) -> None:
    steps = list(observe(survey(open_captures([_capture(tmp_path)]))))
    first = "\n".join(steps[0].problems)
    assert "RFC 5213 8.1: Binding Update from the MAG" in first
    assert "not the P flag" in first
    assert "RFC 5213 8.6: link-layer address in a Mobility Header Link-Layer Address option " \
           "(type 7, option-code 0" in first
    assert "RFC 5213 8.1: option type 41 (length 6) is not an option of a Proxy Binding " \
           "Update" in first
    assert "RFC 4285 6: option type 10 of length 4 in a Proxy Binding Update, must be 8" in first
    refresh = "\n".join(steps[2].problems)
    assert "RFC 5213 5.3.1: Binding Update sequence number 0 not increased" in refresh
    acknowledgement = "\n".join(steps[1].problems)
    assert "Proxy Binding Acknowledgement without the P flag" in acknowledgement
    assert "lacked it too" in acknowledgement


def test_the_lma_binding_cache_is_keyed_by_identifier_and_prefix(tmp_path: Path) -> None:
    timeline = build_timeline([_capture(tmp_path)])
    lma = "LMA"  # the name mipviz gives the local mobility anchor (see the dump header)
    (entry,) = timeline.state_at(lma, 2).binding_cache
    assert entry.prefixes == (HNP,)
    assert entry.home_address == IPv6Address("2001:db8:5::")
    assert entry.care_of_address == IPv6Address(MAG)
    (moved,) = timeline.state_at(lma, 6).binding_cache  # after the handover to MAG2
    assert moved.care_of_address == IPv6Address(MAG2) and moved.prefixes == (HNP,)
    assert address(MAG2) != address(MAG)
