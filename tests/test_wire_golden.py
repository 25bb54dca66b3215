"""Golden bytes for mipviz.wire, in both directions: model → bytes and bytes → model.

Byte strings either come from PROTOCOL.md (§3, §7.1, §7.2, §15.4) or are written out here by
hand from the RFC layouts, field by field, with the checksum field left as ``xxxx`` and filled
in by this file's own RFC 1071 loop over an RFC 6275 pseudo-header (never by the encoder).
"""

from __future__ import annotations

import hashlib
import hmac
from ipaddress import IPv6Address, IPv6Network

import pytest

from mipviz.engine import messages as m
from mipviz.wire import decode_frame, encode_frame, mobility_header_bytes

HOA = IPv6Address("2001:db8:1::100")
HA = IPv6Address("2001:db8:1::1")
COA = IPv6Address("2001:db8:2::100")
CN = IPv6Address("2001:db8:3::1")
MN_MAC = "02:00:00:00:00:01"
ROUTER_MAC = "02:00:00:00:00:02"

COOKIE_A = bytes.fromhex("a1a2a3a4a5a6a7a8")
COOKIE_B = bytes.fromhex("b1b2b3b4b5b6b7b8")
HOME_TOKEN = bytes.fromhex("37ef3c8eb202a6f2")  # PROTOCOL.md §15.4
CAREOF_TOKEN = bytes.fromhex("679d55df5ccf62c2")
BU_AUTHENTICATOR = bytes.fromhex("f9ffc10c4982c99a456e28e2")
BA_AUTHENTICATOR = bytes.fromhex("8103f5d2edb55ce82b4f936d")
KBM = bytes.fromhex("3ead17bc8a6576c9dbce5c84dcffb363810e4774")


# --------------------------------------------------------------------------------------------
# Hand assembly of expected bytes (independent of mipviz.wire)


def rfc1071_checksum(data: bytes) -> int:
    """The Internet checksum the textbook way: add 16-bit words with end-around carry."""
    if len(data) % 2:
        data += b"\x00"
    total = 0
    for index in range(0, len(data), 2):
        total += (data[index] << 8) | data[index + 1]
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def upper(hex_text: str, source: IPv6Address, destination: IPv6Address, next_header: int,
          checksum_at: int) -> bytes:
    """An upper-layer message from hex, with ``xxxx`` at ``checksum_at`` replaced by the
    checksum over the RFC 8200 §8.1 pseudo-header (source, final destination, length, next
    header) — the addresses given being those RFC 6275 says to use."""
    message = bytearray.fromhex(hex_text.replace("xxxx", "0000"))
    assert hex_text.replace(" ", "").index("xxxx") == 2 * checksum_at
    pseudo = (source.packed + destination.packed + len(message).to_bytes(4, "big")
              + bytes(3) + bytes((next_header,)))
    checksum = rfc1071_checksum(pseudo + bytes(message))
    if checksum == 0 and next_header == 17:
        checksum = 0xFFFF
    message[checksum_at : checksum_at + 2] = checksum.to_bytes(2, "big")
    return bytes(message)


def ipv6(source: IPv6Address, destination: IPv6Address, next_header: int, payload: bytes,
         hop_limit: int = 64) -> bytes:
    """RFC 8200 §3: version 6, traffic class 0, flow label 0, payload length, NH, hop limit."""
    return (bytes.fromhex("60000000") + len(payload).to_bytes(2, "big")
            + bytes((next_header, hop_limit)) + source.packed + destination.packed + payload)


def ethernet(payload: bytes, destination: str = ROUTER_MAC, source: str = MN_MAC) -> bytes:
    return (bytes.fromhex(destination.replace(":", "")) + bytes.fromhex(source.replace(":", ""))
            + bytes.fromhex("86dd") + payload)


def hao_header(next_header: int, home: IPv6Address = HOA) -> bytes:
    """PROTOCOL.md §7.1: NH, Hdr Ext Len 2, PadN(4) = 01 02 00 00, C9 10, home address."""
    return bytes((next_header, 2)) + bytes.fromhex("01020000c910") + home.packed


def rh2_header(next_header: int, home: IPv6Address = HOA) -> bytes:
    """PROTOCOL.md §7.2: NH, Hdr Ext Len 2, Routing Type 2, Segments Left 1, Reserved, HoA."""
    return bytes((next_header, 2, 2, 1)) + bytes(4) + home.packed


def frame(packet: m.IPv6Packet, destination: str = ROUTER_MAC,
          source: str = MN_MAC) -> m.EthernetFrame:
    return m.EthernetFrame(source_mac=source, destination_mac=destination, packet=packet)


# --------------------------------------------------------------------------------------------
# The cases: (id, model frame, expected bytes)

BU_RR = m.BindingUpdate(sequence=1, lifetime=420, acknowledge=True, options=(
    m.NonceIndices(1, 2), m.BindingAuthorizationData(BU_AUTHENTICATOR)))
BU_RR_WIRE = bytes.fromhex(  # PROTOCOL.md §3 and §15.4, checksum with src HoA, dst CN
    "3b0305009ce6000180000069040400010002050cf9ffc10c4982c99a456e28e2")
BU_HA = m.BindingUpdate(sequence=7, lifetime=0x0400 * 4, acknowledge=True,
                        home_registration=True, mobile_router=True, options=(
                            m.AlternateCareofAddress(COA),
                            m.MobileNetworkPrefix(IPv6Network("2001:db8:100::/64"))))
BU_HA_WIRE = bytes.fromhex(  # PROTOCOL.md §3 (56 octets, HeaderLen 6)
    "3b06050031e50007c4000400" "0100" "0310" "20010db8000200000000000000000100" "01020000"
    "06120040" "20010db8010000000000000000000000")
BA_HA = m.BindingAcknowledgement(status=0, sequence=7, lifetime=0x0400 * 4,
                                 key_management=True, mobile_router=True)
BA_HA_WIRE = bytes.fromhex("3b0106005c2900c00007040001020000")  # PROTOCOL.md §3
BRR_WIRE = bytes.fromhex("3b00000067f90000")  # PROTOCOL.md §3, CN -> HoA
HOTI_WIRE = bytes.fromhex("3b010100d4590000a1a2a3a4a5a6a7a8")  # PROTOCOL.md §3, HoA -> CN

# A TCP SYN 30000 -> 80 (RFC 9293 3.1), data offset 5, window 8192
TCP_SYN = upper("7530 0050 00000000 00000000 5002 2000 xxxx 0000", HOA, CN, 6, 16)

CASES: list[tuple[str, m.EthernetFrame, bytes]] = [
    ("BRR CN->HoA",
     frame(m.IPv6Packet(CN, HOA, m.BindingRefreshRequest())),
     ethernet(ipv6(CN, HOA, 135, BRR_WIRE))),
    ("HoTI HoA->CN",
     frame(m.IPv6Packet(HOA, CN, m.HomeTestInit(COOKIE_A))),
     ethernet(ipv6(HOA, CN, 135, HOTI_WIRE))),
    ("CoTI CoA->CN",
     frame(m.IPv6Packet(COA, CN, m.CareofTestInit(COOKIE_B))),
     # Payload Proto 59, HeaderLen 1, type 2, reserved; checksum; Reserved(16); cookie
     ethernet(ipv6(COA, CN, 135, upper("3b010200 xxxx 0000 b1b2b3b4b5b6b7b8", COA, CN, 135,
                                       4)))),
    ("HoT CN->HoA",
     frame(m.IPv6Packet(CN, HOA, m.HomeTest(1, COOKIE_A, HOME_TOKEN))),
     # HeaderLen 2, type 3; Home Nonce Index 1; Home Init Cookie; Home Keygen Token
     ethernet(ipv6(CN, HOA, 135, upper(
         "3b020300 xxxx 0001 a1a2a3a4a5a6a7a8 37ef3c8eb202a6f2", CN, HOA, 135, 4)))),
    ("CoT CN->CoA",
     frame(m.IPv6Packet(CN, COA, m.CareofTest(2, COOKIE_B, CAREOF_TOKEN))),
     ethernet(ipv6(CN, COA, 135, upper(
         "3b020400 xxxx 0002 b1b2b3b4b5b6b7b8 679d55df5ccf62c2", CN, COA, 135, 4)))),
    ("BU MN->CN route optimisation (PROTOCOL.md 15.4)",
     frame(m.IPv6Packet(COA, CN, BU_RR, extension_headers=(
         m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
     ethernet(ipv6(COA, CN, 60, hao_header(135) + BU_RR_WIRE))),
    ("BU MR->HA NEMO home registration (PROTOCOL.md 3)",
     frame(m.IPv6Packet(COA, HA, BU_HA, extension_headers=(
         m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
     ethernet(ipv6(COA, HA, 60, hao_header(135) + BU_HA_WIRE))),
    ("BA HA->MR with RH2 (PROTOCOL.md 3)",
     frame(m.IPv6Packet(HA, COA, BA_HA, extension_headers=(m.RoutingHeaderType2(HOA),))),
     ethernet(ipv6(HA, COA, 43, rh2_header(135) + BA_HA_WIRE))),
    ("BA CN->MN with BAD (PROTOCOL.md 15.4 MH Data)",
     frame(m.IPv6Packet(CN, COA, m.BindingAcknowledgement(
         status=0, sequence=1, lifetime=420,
         options=(m.BindingAuthorizationData(BA_AUTHENTICATOR),)),
         extension_headers=(m.RoutingHeaderType2(HOA),))),
     # status 0, flags 0, seq 1, lifetime 105; PadN(6) 01 04 0000 0000; BAD at 18
     ethernet(ipv6(CN, COA, 43, rh2_header(135) + upper(
         "3b030600 xxxx 00 00 0001 0069 010400000000 050c 8103f5d2edb55ce82b4f936d",
         CN, HOA, 135, 4)))),
    ("BA with Binding Refresh Advice",
     frame(m.IPv6Packet(HA, COA, m.BindingAcknowledgement(
         status=0, sequence=7, lifetime=4096, key_management=True,
         options=(m.BindingRefreshAdvice(1000),)),
         extension_headers=(m.RoutingHeaderType2(HOA),))),
     # K = 0x80; BRA (2n) at offset 12: type 2, length 2, 250 units of 4 s; total 16
     ethernet(ipv6(HA, COA, 43, rh2_header(135) + upper(
         "3b010600 xxxx 00 80 0007 0400 0202 00fa", HA, HOA, 135, 4)))),
    ("BE CN->CoA status 1",
     frame(m.IPv6Packet(CN, COA, m.BindingError(1, HOA))),
     # status 1, reserved, home address; HeaderLen 2
     ethernet(ipv6(CN, COA, 135, upper(
         "3b020700 xxxx 01 00 20010db8000100000000000000000100", CN, COA, 135, 4)))),
    ("BU with ACoA and two MNPs (UMIP padding)",
     frame(m.IPv6Packet(COA, HA, m.BindingUpdate(
         sequence=8, lifetime=4096, acknowledge=True, home_registration=True,
         mobile_router=True, options=(
             m.AlternateCareofAddress(COA),
             m.MobileNetworkPrefix(IPv6Network("2001:db8:100::/64")),
             m.MobileNetworkPrefix(IPv6Network("2001:db8:200::/48")))),
         extension_headers=(m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
     # PadN(2) @12, ACoA @14 (8n+6), PadN(4) @32, MNP @36 (8n+4), PadN(4) @56, MNP @60,
     # end 80: HeaderLen 9
     ethernet(ipv6(COA, HA, 60, hao_header(135) + upper(
         "3b090500 xxxx 0008 c400 0400 0100 0310 20010db8000200000000000000000100 01020000"
         " 0612 00 40 20010db8010000000000000000000000 01020000"
         " 0612 00 30 20010db8020000000000000000000000", HOA, HA, 135, 4)))),
    ("BU with an unknown option and Pad1",
     frame(m.IPv6Packet(COA, HA, m.BindingUpdate(
         sequence=9, lifetime=4, acknowledge=True,
         options=(m.UnknownMobilityOption(100, b"\xab"),)),
         extension_headers=(m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
     # option 100 (no alignment) @12 is 3 octets; one Pad1 (00) brings the total to 16
     ethernet(ipv6(COA, HA, 60, hao_header(135) + upper(
         "3b010500 xxxx 0009 8000 0001 6401ab 00", HOA, HA, 135, 4)))),
    ("unknown MH type 200",
     frame(m.IPv6Packet(HOA, CN, m.UnknownMobilityMessage(200, b"\xab\xcd"))),
     ethernet(ipv6(HOA, CN, 135, upper("3b00c800 xxxx abcd", HOA, CN, 135, 4)))),
    ("RA with H flag, Prefix Information R flag, Advertisement Interval, HA Information",
     frame(m.IPv6Packet(IPv6Address("fe80::1"), IPv6Address("ff02::1"), m.RouterAdvertisement(
         router_lifetime=1800, home_agent=True, source_link_layer=ROUTER_MAC,
         prefixes=(m.PrefixInformation(IPv6Network("2001:db8:1::/64"), router_address=True,
                                       address=HA),),
         advertisement_interval=1020,
         home_agent_information=m.HomeAgentInformation(-5, 1800, True)), hop_limit=255),
         destination="33:33:00:00:00:01", source=ROUTER_MAC),
     ethernet(ipv6(IPv6Address("fe80::1"), IPv6Address("ff02::1"), 58, upper(
         # type 134, code 0; cur hop limit 64, flags M=0 O=0 H=1 (0x20), router lifetime
         # 1800, reachable time 0, retrans timer 0
         "86 00 xxxx 40 20 0708 00000000 00000000"
         # Source Link-Layer Address: type 1, length 1 (8 octets), MAC
         " 01 01 020000000002"
         # Prefix Information: type 3, length 4, /64, L|A|R = 0xe0, valid 86400,
         # preferred 14400, reserved, the router's full address (RFC 6275 7.2)
         " 03 04 40 e0 00015180 00003840 00000000 20010db8000100000000000000000001"
         # Advertisement Interval (RFC 6275 7.3): type 7, length 1, reserved, 1020 ms
         " 07 01 0000 000003fc"
         # Home Agent Information (RFC 6275 7.4): R bit (RFC 3963 4.5), preference -5,
         # lifetime 1800
         " 08 01 8000 fffb 0708",
         IPv6Address("fe80::1"), IPv6Address("ff02::1"), 58, 2), hop_limit=255),
         destination="33:33:00:00:00:01", source=ROUTER_MAC)),
    ("RS with Source Link-Layer Address",
     frame(m.IPv6Packet(IPv6Address("fe80::100"), IPv6Address("ff02::2"),
                        m.RouterSolicitation(MN_MAC), hop_limit=255),
           destination="33:33:00:00:00:02"),
     ethernet(ipv6(IPv6Address("fe80::100"), IPv6Address("ff02::2"), 58, upper(
         "85 00 xxxx 00000000 0101 020000000001", IPv6Address("fe80::100"),
         IPv6Address("ff02::2"), 58, 2), hop_limit=255), destination="33:33:00:00:00:02")),
    ("NS with Source Link-Layer Address",
     frame(m.IPv6Packet(HOA, IPv6Address("ff02::1:ff00:1"),
                        m.NeighborSolicitation(HA, MN_MAC), hop_limit=255),
           destination="33:33:ff:00:00:01"),
     ethernet(ipv6(HOA, IPv6Address("ff02::1:ff00:1"), 58, upper(
         "87 00 xxxx 00000000 20010db8000100000000000000000001 0101 020000000001",
         HOA, IPv6Address("ff02::1:ff00:1"), 58, 2), hop_limit=255),
         destination="33:33:ff:00:00:01")),
    ("NA router solicited override with Target Link-Layer Address",
     frame(m.IPv6Packet(HA, HOA, m.NeighborAdvertisement(
         HA, router=True, solicited=True, override=True, target_link_layer=ROUTER_MAC),
         hop_limit=255), destination=MN_MAC, source=ROUTER_MAC),
     # R|S|O = 0xe0000000, target, option type 2 length 1
     ethernet(ipv6(HA, HOA, 58, upper(
         "88 00 xxxx e0000000 20010db8000100000000000000000001 0201 020000000002",
         HA, HOA, 58, 2), hop_limit=255), destination=MN_MAC, source=ROUTER_MAC)),
    ("Echo request",
     frame(m.IPv6Packet(HOA, CN, m.EchoRequest(1, 3, b"abcd"))),
     ethernet(ipv6(HOA, CN, 58, upper("80 00 xxxx 0001 0003 61626364", HOA, CN, 58, 2)))),
    ("Echo reply",
     frame(m.IPv6Packet(CN, HOA, m.EchoReply(1, 3, b"abcd"))),
     ethernet(ipv6(CN, HOA, 58, upper("81 00 xxxx 0001 0003 61626364", CN, HOA, 58, 2)))),
    ("UDP with a Home Address option (route-optimised data)",
     frame(m.IPv6Packet(COA, CN, m.UDPDatagram(30000, 13000, b"XXXX"), extension_headers=(
         m.DestinationOptionsHeader((m.HomeAddressOption(HOA),)),))),
     # ports 30000 -> 13000, length 12; checksum with source = home address
     ethernet(ipv6(COA, CN, 60, hao_header(17) + upper(
         "7530 32c8 000c xxxx 58585858", HOA, CN, 17, 6)))),
    ("Echo with RH2 and HAO (MN to MN route optimisation)",
     frame(m.IPv6Packet(COA, IPv6Address("2001:db8:4::200"), m.EchoRequest(7, 1),
                        extension_headers=(
                            m.RoutingHeaderType2(IPv6Address("2001:db8:5::200")),
                            m.DestinationOptionsHeader((m.HomeAddressOption(HOA),))))),
     # RFC 6275 6.4: IPv6 | RH2 | DestOpt(HAO) | upper; pseudo-header HoA -> peer's HoA
     ethernet(ipv6(COA, IPv6Address("2001:db8:4::200"), 43,
                   rh2_header(60, IPv6Address("2001:db8:5::200")) + hao_header(58) + upper(
                       "80 00 xxxx 0007 0001", HOA, IPv6Address("2001:db8:5::200"), 58, 2)))),
    ("Tunnel Encapsulation Limit and HAO sharing a header",
     frame(m.IPv6Packet(COA, CN, m.EchoRequest(2, 2), extension_headers=(
         m.DestinationOptionsHeader((m.TunnelEncapsulationLimit(4),
                                     m.HomeAddressOption(HOA))),))),
     # TEL (type 4, length 1, limit 4) @2, Pad1 @5, HAO @6 (8n+6), end 24
     ethernet(ipv6(COA, CN, 60, bytes.fromhex("3a02 040104 00 c910") + HOA.packed + upper(
         "80 00 xxxx 0002 0002", HOA, CN, 58, 2)))),
    ("Parameter Problem code 2",
     frame(m.IPv6Packet(CN, COA, m.ParameterProblem(2, 44, bytes(range(48))))),
     ethernet(ipv6(CN, COA, 58, upper(
         "04 02 xxxx 0000002c " + bytes(range(48)).hex(), CN, COA, 58, 2)))),
    ("Destination Unreachable code 3",
     frame(m.IPv6Packet(HA, CN, m.DestinationUnreachable(3, bytes(range(40))))),
     ethernet(ipv6(HA, CN, 58, upper(
         "01 03 xxxx 00000000 " + bytes(range(40)).hex(), HA, CN, 58, 2)))),
    ("HoTI reverse-tunnelled MN->HA (RFC 2473)",
     frame(m.IPv6Packet(COA, HA, m.IPv6Packet(HOA, CN, m.HomeTestInit(COOKIE_A)))),
     ethernet(ipv6(COA, HA, 41, ipv6(HOA, CN, 135, HOTI_WIRE)))),
    ("HoT tunnelled HA->MN, inner hop limit decremented",
     frame(m.IPv6Packet(HA, COA, m.IPv6Packet(CN, HOA, m.HomeTest(1, COOKIE_A, HOME_TOKEN),
                                              hop_limit=63))),
     ethernet(ipv6(HA, COA, 41, ipv6(CN, HOA, 135, upper(
         "3b020300 xxxx 0001 a1a2a3a4a5a6a7a8 37ef3c8eb202a6f2", CN, HOA, 135, 4),
         hop_limit=63)))),
    ("nested NEMO tunnels, depth 2",
     frame(m.IPv6Packet(IPv6Address("2001:db8:9::1"), COA, m.IPv6Packet(
         HA, IPv6Address("2001:db8:100::1"), m.IPv6Packet(
             CN, IPv6Address("2001:db8:100::5"), m.UDPDatagram(30000, 13000, b"q"),
             hop_limit=62), hop_limit=63))),
     ethernet(ipv6(IPv6Address("2001:db8:9::1"), COA, 41, ipv6(
         HA, IPv6Address("2001:db8:100::1"), 41, ipv6(
             CN, IPv6Address("2001:db8:100::5"), 17,
             upper("7530 32c8 0009 xxxx 71", CN, IPv6Address("2001:db8:100::5"), 17, 6),
             hop_limit=62), hop_limit=63)))),
    ("TCP as an unknown payload, traffic class and flow label",
     frame(m.IPv6Packet(HOA, CN, m.UnknownPayload(6, TCP_SYN), traffic_class=0xB8,
                        flow_label=0x12345)),
     # version 6, traffic class 0xb8, flow label 0x12345
     ethernet(bytes.fromhex("6b812345 0014 06 40") + HOA.packed + CN.packed + TCP_SYN)),
]


@pytest.mark.parametrize(("model", "wire"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_model_to_bytes(model: m.EthernetFrame, wire: bytes) -> None:
    assert encode_frame(model).hex() == wire.hex()


@pytest.mark.parametrize(("model", "wire"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bytes_to_model(model: m.EthernetFrame, wire: bytes) -> None:
    decoded = decode_frame(wire)
    assert decoded.problems == ()
    assert decoded.frame == model
    assert decoded.checksum_ok is True


def test_home_address_option_and_routing_header_layouts() -> None:
    """PROTOCOL.md §7.1 and §7.2 examples, as slices of encoded frames."""
    hao = encode_frame(CASES[5][1])[54:78]
    assert hao.hex() == "87020102" "0000c910" "20010db8000100000000000000000100"
    rh2 = encode_frame(CASES[7][1])[54:78]
    assert rh2.hex() == "87020201" "00000000" "20010db8000100000000000000000100"


def test_mobility_header_bytes_is_the_authenticated_data() -> None:
    """PROTOCOL.md §15.3-15.4: MH Data = MH[0:len-12] with the checksum zeroed, and the
    authenticator is First(96, HMAC_SHA1(Kbm, CoA | CN | MH Data))."""
    data = mobility_header_bytes(BU_RR)
    assert data == BU_RR_WIRE[:4] + b"\x00\x00" + BU_RR_WIRE[6:]
    assert data[:-12].hex() == "3b030500" "0000" "0001" "8000" "0069" "0404" "00010002" "050c"
    mac = hmac.new(KBM, COA.packed + CN.packed + data[:-12], hashlib.sha1).digest()[:12]
    assert mac == BU_AUTHENTICATOR
    ba = m.BindingAcknowledgement(status=0, sequence=1, lifetime=420,
                                  options=(m.BindingAuthorizationData(BA_AUTHENTICATOR),))
    ba_data = mobility_header_bytes(ba)[:-12]
    assert ba_data.hex() == "3b030600" "0000" "00" "00" "0001" "0069" "010400000000" "050c"
    mac = hmac.new(KBM, COA.packed + CN.packed + ba_data, hashlib.sha1).digest()[:12]
    assert mac == BA_AUTHENTICATOR


MOBILITY_MESSAGES = (
    m.BindingRefreshRequest, m.HomeTestInit, m.CareofTestInit, m.HomeTest, m.CareofTest,
    m.BindingUpdate, m.BindingAcknowledgement, m.BindingError, m.UnknownMobilityMessage,
)


def test_mobility_header_bytes_matches_encode_frame_for_every_message() -> None:
    checked = 0
    for _, model, _wire in CASES:
        payload = model.packet.innermost.payload
        if not isinstance(payload, MOBILITY_MESSAGES):
            continue
        alone = mobility_header_bytes(payload)
        sent = encode_frame(model)[-len(alone):]
        assert alone[4:6] == b"\x00\x00"
        assert sent[:4] + sent[6:] == alone[:4] + alone[6:]
        checked += 1
    assert checked == 16


# --------------------------------------------------------------------------------------------
# Malformed input: the problems are named


def _bu_rr_frame(mobility_header: bytes) -> bytes:
    return ethernet(ipv6(COA, CN, 60, hao_header(135) + mobility_header))


def test_wrong_mobility_header_checksum_is_reported() -> None:
    decoded = decode_frame(_bu_rr_frame(BU_RR_WIRE[:4] + b"\x12\x34" + BU_RR_WIRE[6:]))
    assert decoded.checksum_ok is False
    assert decoded.problems == ("Mobility Header checksum 0x1234 wrong (expected 0x9ce6)",)
    assert decoded.frame.packet.payload == BU_RR


def test_truncated_ipv6_payload_is_reported() -> None:
    wire = ethernet(ipv6(COA, CN, 60, hao_header(135) + BU_RR_WIRE))
    decoded = decode_frame(wire[:-24])
    assert "IPv6 payload length 56 but 32 octets present" in decoded.problems
    assert decoded.checksum_ok is False


def test_binding_authorization_data_not_last_is_reported() -> None:
    # PadN(6) @12, BAD @18 (8n+2, ends 32), Nonce Indices @32 (2n), PadN(2) @38: 40 octets
    header = upper("3b040500 xxxx 0001 8000 0069 01040000 0000 050c f9ffc10c4982c99a456e28e2"
                   " 0404 0001 0002 0100", HOA, CN, 135, 4)
    decoded = decode_frame(_bu_rr_frame(header))
    assert decoded.checksum_ok is True
    assert decoded.problems == (
        "RFC 6275 6.2.7: Binding Authorization Data not the last option of the "
        "Binding Update",)
    assert decoded.frame.packet.payload == m.BindingUpdate(
        sequence=1, lifetime=420, acknowledge=True,
        options=(m.BindingAuthorizationData(BU_AUTHENTICATOR), m.NonceIndices(1, 2)))


def test_scapy_default_option_lengths_are_rejected_as_malformed() -> None:
    """PROTOCOL.md §23.8: Nonce Indices with scapy's default length 16 is not RFC-valid."""
    header = upper("3b030500 xxxx 0001 8000 0069 0410 0001 0002" + "00" * 12 + "0100",
                   HOA, CN, 135, 4)
    decoded = decode_frame(_bu_rr_frame(header))
    assert "RFC 6275 6.2.6: Nonce Indices option length 16, must be 4" in decoded.problems
    assert isinstance(decoded.frame.packet.payload, m.BindingUpdate)
    assert decoded.frame.packet.payload.options == (
        m.UnknownMobilityOption(4, bytes.fromhex("00010002") + bytes(12)),)


def test_header_len_below_minimum_keeps_the_octets() -> None:
    header = upper("3b000500 xxxx 0001", HOA, CN, 135, 4)
    decoded = decode_frame(_bu_rr_frame(header))
    assert decoded.problems == (
        "RFC 6275 9.2: Binding Update Header Len 0 is below the minimum 1",)
    assert decoded.frame.packet.payload == m.UnknownMobilityMessage(5, b"\x00\x01")


def test_payload_proto_and_misaligned_option_are_reported() -> None:
    # Payload Proto 6; ACoA directly at 12 (needs 8n+6), then PadN(2) -> 32 octets
    header = upper("06030500 xxxx 0001 8000 0069 0310 20010db8000200000000000000000100 0100",
                   HOA, CN, 135, 4)
    decoded = decode_frame(_bu_rr_frame(header))
    assert decoded.problems == (
        "RFC 6275 6.1.1: Binding Update Payload Proto 6, must be 59 (IPPROTO_NONE)",
        "RFC 6275 6.2.5: Alternate Care-of Address option at offset 12 breaks its 8n+6 "
        "alignment",
    )
    assert decoded.frame.packet.payload == m.BindingUpdate(
        1, 420, acknowledge=True, options=(m.AlternateCareofAddress(COA),))


def test_hoti_with_home_address_option_is_reported() -> None:
    wire = ethernet(ipv6(COA, CN, 60, hao_header(135) + HOTI_WIRE))
    decoded = decode_frame(wire)
    assert "RFC 6275 6.1: a Home Test Init must not carry a Home Address option" in (
        decoded.problems)
