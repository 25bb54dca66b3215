"""FMIPv6 (RFC 5568) on the wire: every message round-trips through bytes, checksums verify,
and tshark reads every field of the lessons' exports as the engine meant it, with no
Malformed packet and no expert warning."""

from __future__ import annotations

import shutil
import subprocess
from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz import wire
from mipviz.lesson.runner import LessonRun
from mipviz.model import fmipv6_messages as f
from mipviz.model import messages as m
from tests.conftest import lesson_run
from tests.test_fmipv6_engine import REFUSING_NAR, SQUATTER, _run

TSHARK = shutil.which("tshark")
MAC = st.tuples(*[st.integers(0, 255)] * 6).map(
    lambda octets: ":".join(f"{(o & 0xFE) if i == 0 else o:02x}" for i, o in enumerate(octets)))
ADDRESS = st.integers(0, (1 << 128) - 1).map(IPv6Address)
U16 = st.integers(0, 0xFFFF)
MOBILITY_OPTIONS = st.lists(st.one_of(
    st.builds(f.MobilityLinkLayerAddress, st.just(2), MAC),
    st.builds(f.MobilityIPv6AddressPrefix, st.integers(1, 4), ADDRESS, st.integers(0, 128)),
), max_size=3).map(tuple)
BADF = st.builds(f.FastBindingAuthorizationData, st.integers(0, 0xFFFFFFFF),
                 st.binary(min_size=12, max_size=12))
MESSAGES = st.one_of(
    st.builds(f.FastBindingUpdate, U16, U16, st.just(True), st.just(True), st.booleans(),
              st.booleans(), st.tuples(MOBILITY_OPTIONS, BADF).map(
                  lambda pair: (*pair[0], pair[1]))),
    st.builds(f.FastBindingAcknowledgment, st.integers(0, 255), U16, U16, st.booleans(),
              MOBILITY_OPTIONS),
    st.builds(f.HandoverInitiate, U16, st.integers(0, 1), st.booleans(), st.booleans(),
              MOBILITY_OPTIONS),
    st.builds(f.HandoverAcknowledge, U16, st.integers(0, 255), MOBILITY_OPTIONS),
)
ND_OPTIONS = st.lists(st.one_of(
    st.builds(f.LinkLayerAddressOption, st.integers(0, 7), MAC),
    st.builds(f.IPAddressPrefixOption, st.integers(1, 4), ADDRESS, st.integers(0, 128)),
), max_size=4).map(tuple)
ICMP = st.one_of(st.builds(f.RouterSolicitationForProxy, U16, ND_OPTIONS),
                 st.builds(f.ProxyRouterAdvertisement, U16, st.integers(0, 5), ND_OPTIONS))


def _frame(payload: object, hao: IPv6Address | None = None, hop_limit: int = 64) -> bytes:
    headers = () if hao is None else (m.DestinationOptionsHeader((m.HomeAddressOption(hao),)),)
    packet = m.IPv6Packet(IPv6Address("2001:db8:a1::ff:fe00:100"), IPv6Address("2001:db8:a1::1"),
                          payload, hop_limit, headers)  # type: ignore[arg-type]
    return wire.encode_frame(m.EthernetFrame("02:00:00:00:01:00", "02:00:00:00:00:01", packet))


@settings(max_examples=150, deadline=None)
@given(MESSAGES, st.one_of(st.none(), ADDRESS))
def test_every_mobility_message_round_trips_with_a_good_checksum(
        message: object, hao: IPv6Address | None) -> None:
    data = _frame(message, hao)
    decoded = wire.decode_frame(data)
    assert decoded.frame.packet.payload == message
    assert decoded.checksum_ok is True
    assert [p for p in decoded.problems if "A and H" not in p] == []
    assert (len(data) - 14 - 40 - (24 if hao else 0)) % 8 == 0  # MH is 8n octets (RFC 6275 6.1)


@settings(max_examples=100, deadline=None)
@given(ICMP)
def test_every_icmpv6_154_message_round_trips_with_a_good_checksum(message: object) -> None:
    decoded = wire.decode_frame(_frame(message, hop_limit=255))
    assert decoded.frame.packet.payload == message
    assert decoded.checksum_ok is True and decoded.problems == ()


def test_a_lying_option_length_is_reported_not_raised() -> None:
    data = bytearray(_frame(f.HandoverAcknowledge(1, 2, (
        f.MobilityIPv6AddressPrefix(2, IPv6Address("2001:db8::1")),))))
    data[14 + 40 + 12 + 1] = 17  # the option's Length octet: 17, not 18
    decoded = wire.decode_frame(bytes(data))
    assert any("length 17, must be 18" in p for p in decoded.problems)


def test_the_inspector_dissects_fmipv6_fields() -> None:
    """scapy knows the FMIPv6 layers (registered), so the inspector lights each field."""
    # the function, not `wire.dissect`: that name is the submodule once anything imported it
    from mipviz.wire.dissect import dissect

    fields = dissect(_frame(f.HandoverInitiate(7, 1, False, True, (
        f.MobilityIPv6AddressPrefix(1, IPv6Address("2001:db8:a1::ff:fe00:100")),))))
    names = [layer.name for layer in fields]
    assert "Mobility Header: Handover Initiate" in names
    layer = next(layer for layer in fields if layer.name.endswith("Handover Initiate"))
    assert {"seq", "S", "U", "code", "options"} <= {child.name for child in layer.children}


# ------------------------------------------------------------------------------ tshark


def _tshark(*args: str) -> str:
    assert TSHARK is not None, "tshark is required (apt-get install tshark); CI installs it"
    return subprocess.run([TSHARK, *args], capture_output=True, text=True, check=True).stdout


def _export(run: LessonRun, path: Path) -> list:
    steps = [s for s in run.timeline if s.frame_bytes is not None]
    wire.write_pcap(path, [(s.time, s.frame_bytes) for s in steps])  # type: ignore[misc]
    return steps


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _options(options: tuple[object, ...]) -> dict[str, str]:
    prefixes = [o for o in options if isinstance(o, f.MobilityIPv6AddressPrefix)]
    out = {"mip6.mhipv6ap.opt_code": ",".join(str(o.option_code) for o in prefixes),
           "mip6.mhipv6ap.len": ",".join(str(o.prefix_length) for o in prefixes),
           "mip6.mhipv6ap.ipv6_address": ",".join(str(o.address) for o in prefixes)}
    lla = [o for o in options if isinstance(o, f.MobilityLinkLayerAddress)]
    out["mip6.lla.optcode"] = ",".join(str(o.option_code) for o in lla)
    out["mip6.lla"] = ",".join(o.address for o in lla)
    badf = [o for o in options if isinstance(o, f.FastBindingAuthorizationData)]
    out["mip6.badff.spi"] = ",".join(str(o.spi) for o in badf)
    # Wireshark 4.0 shows the authenticator two octets short (option length - 6 for an SPI
    # of 4): its quirk, the bytes on the wire are all 12 (checked by the round trip above).
    out["mip6.badff.auth"] = ",".join(o.authenticator[:10].hex() for o in badf)
    return out


def _expected(message: object) -> dict[str, str]:
    fields = dict.fromkeys(MH_FIELDS, "")
    if isinstance(message, f.FastBindingUpdate):
        fields.update({"mip6.fbu.seqnr": str(message.sequence),
                       "mip6.fbu.a_flag": _flag(message.acknowledge),
                       "mip6.fbu.h_flag": _flag(message.home_registration),
                       "mip6.fbu.l_flag": _flag(message.link_local_compatibility),
                       "mip6.fbu.k_flag": _flag(message.key_management),
                       "mip6.fbu.lifetime": str(message.lifetime)})  # seconds on the wire
    elif isinstance(message, f.FastBindingAcknowledgment):
        fields.update({"mip6.fback.status": str(message.status),
                       "mip6.fback.k_flag": _flag(message.key_management),
                       "mip6.fback.seqnr": str(message.sequence),
                       "mip6.fback.lifetime": str(message.lifetime)})
    elif isinstance(message, f.HandoverInitiate):
        fields.update({"mip6.hi.seqnr": str(message.sequence),
                       "mip6.hi.s_flag": _flag(message.assigned_address),
                       "mip6.hi.u_flag": _flag(message.buffer),
                       "mip6.hi.code": str(message.code)})
    elif isinstance(message, f.HandoverAcknowledge):
        fields.update({"mip6.hack.seqnr": str(message.sequence),
                       "mip6.hack.code": str(message.code)})
    else:
        return fields
    fields.update(_options(message.options))
    return fields


MH_FIELDS = ("mip6.fbu.seqnr", "mip6.fbu.a_flag", "mip6.fbu.h_flag", "mip6.fbu.l_flag",
             "mip6.fbu.k_flag", "mip6.fbu.lifetime", "mip6.fback.status", "mip6.fback.k_flag",
             "mip6.fback.seqnr", "mip6.fback.lifetime", "mip6.hi.seqnr", "mip6.hi.s_flag",
             "mip6.hi.u_flag", "mip6.hi.code", "mip6.hack.seqnr", "mip6.hack.code",
             "mip6.mhipv6ap.opt_code", "mip6.mhipv6ap.len", "mip6.mhipv6ap.ipv6_address",
             "mip6.lla.optcode", "mip6.lla", "mip6.badff.spi", "mip6.badff.auth")
ICMP_FIELDS = ("icmpv6.type", "icmpv6.code", "icmpv6.fmip6.subtype", "icmpv6.fmip6.identifier",
               "icmpv6.opt.lla.option_code", "icmpv6.opt.ipa.option_code",
               "icmpv6.opt.ipa.prefix_len", "icmpv6.opt.ipa.ipv6_address",
               "icmpv6.nd.na.flag.o", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.target_address",
               "icmpv6.checksum.status")


def _icmp_expected(message: object) -> dict[str, str] | None:
    if isinstance(message, f.RouterSolicitationForProxy | f.ProxyRouterAdvertisement):
        subtype = f.FMIPV6_ICMP_SUBTYPES[type(message)]
        code = message.code if isinstance(message, f.ProxyRouterAdvertisement) else 0
        ip = [o for o in message.options if isinstance(o, f.IPAddressPrefixOption)]
        return {"icmpv6.type": "154", "icmpv6.code": str(code),
                "icmpv6.fmip6.subtype": str(subtype),
                "icmpv6.fmip6.identifier": str(message.identifier),
                "icmpv6.opt.lla.option_code": ",".join(
                    str(o.option_code) for o in message.options
                    if isinstance(o, f.LinkLayerAddressOption)),
                "icmpv6.opt.ipa.option_code": ",".join(str(o.option_code) for o in ip),
                "icmpv6.opt.ipa.prefix_len": ",".join(str(o.prefix_length) for o in ip),
                "icmpv6.opt.ipa.ipv6_address": ",".join(str(o.address) for o in ip),
                "icmpv6.checksum.status": "1"}
    if isinstance(message, m.NeighborAdvertisement) and not message.override:  # the UNA
        return {"icmpv6.type": "136", "icmpv6.nd.na.flag.o": "0",
                "icmpv6.nd.na.flag.s": _flag(message.solicited),
                "icmpv6.nd.na.target_address": str(message.target),
                "icmpv6.checksum.status": "1"}
    return None


RUNS = {
    "predictive": lambda: lesson_run("fmipv6-predictive"),
    "reactive": lambda: lesson_run("fmipv6-reactive"),
    "ncoa-in-use": lambda: _run("fmipv6-predictive", SQUATTER),
    "refused": lambda: _run("fmipv6-predictive", REFUSING_NAR),
    "comparison": lambda: lesson_run("handover-comparison"),
}


@pytest.fixture(scope="module", params=sorted(RUNS))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[str, Path, list]:
    path = tmp_path_factory.mktemp(request.param) / "run.pcap"
    return request.param, path, _export(RUNS[request.param](), path)


def test_no_malformed_packet_no_expert_warning_and_checksums_verify(
        exported: tuple[str, Path, list]) -> None:
    _, path, steps = exported
    expert = _tshark("-r", str(path), "-q", "-z", "expert,note")
    assert [line for line in expert.splitlines()
            if any(word in line for word in ("Error", "Warn", "Malformed"))] == [], expert
    for step in steps:
        assert wire.upper_layer_checksum_ok(step.frame_bytes[14:]) in (True, None), step.index


def test_tshark_reads_every_fmipv6_field_as_the_engine_meant(
        exported: tuple[str, Path, list]) -> None:
    name, path, steps = exported
    fields = (*MH_FIELDS, *ICMP_FIELDS)
    args = ["-r", str(path), "-T", "fields", "-E",
            "separator=|", "-E", "occurrence=a"]
    for field in fields:
        args += ["-e", field]
    rows = [dict(zip(fields, line.split("|"), strict=True))
            for line in _tshark(*args).splitlines()]
    assert len(rows) == len(steps)
    seen: set[str] = set()
    for row, step in zip(rows, steps, strict=True):
        message = step.frame.packet.innermost.payload
        if isinstance(message, tuple(f.FMIPV6_MH_TYPES)):
            seen.add(type(message).__name__)
            expected = _expected(message)
            assert {k: row[k] for k in MH_FIELDS} == expected, step.index
        icmp = _icmp_expected(message) if step.frame.packet.payload is message else None
        if icmp is not None:
            seen.add(type(message).__name__)
            assert {k: row[k] for k in icmp} == icmp, step.index
    wanted = {"FastBindingUpdate", "FastBindingAcknowledgment", "HandoverInitiate",
              "HandoverAcknowledge", "RouterSolicitationForProxy", "ProxyRouterAdvertisement"}
    if name != "comparison":
        assert wanted <= seen, seen
    if name != "refused" and name != "comparison":
        assert "NeighborAdvertisement" in seen


def test_the_model_carries_the_nar_prefix_as_a_network() -> None:
    """The PrRtAdv's prefix option decodes back to the NAR's /64 (RFC 5568 6.4.1 code 4)."""
    option = f.IPAddressPrefixOption(f.NAR_PREFIX, IPv6Address("2001:db8:a2::"), 64)
    decoded = wire.decode_frame(_frame(f.ProxyRouterAdvertisement(1, 0, (option,)),
                                       hop_limit=255)).frame.packet.payload
    assert isinstance(decoded, f.ProxyRouterAdvertisement)
    got = decoded.options[0]
    assert isinstance(got, f.IPAddressPrefixOption)
    assert IPv6Network((got.address, got.prefix_length)) == IPv6Network("2001:db8:a2::/64")
