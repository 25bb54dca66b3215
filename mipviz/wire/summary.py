"""Wireshark-like one-line "Info" summaries of model frames (no scapy here).

The wording follows Wireshark's Info column where it has one (packet-mip6.c, packet-icmpv6.c:
"Binding Acknowledgement" with the British spelling, "Echo (ping) request id=0x0001, seq=3",
"Neighbor Solicitation for ...") with the fields a learner of Mobile IPv6 needs added: BU
sequence number, flags and lifetime in seconds, BA status with its name.
"""

from __future__ import annotations

from mipviz.iana import BA_STATUS_NAMES as BA_STATUS_NAMES  # re-exported: one table each
from mipviz.iana import BE_STATUS_NAMES as BE_STATUS_NAMES
from mipviz.model import fmipv6_messages as f
from mipviz.model import messages as m
from mipviz.wire import layout
from mipviz.wire.summary_fmipv6 import describe as describe_fmipv6

_DESTINATION_UNREACHABLE_CODES = {
    0: "no route to destination",
    1: "communication with destination administratively prohibited",
    2: "beyond scope of source address",
    3: "address unreachable",
    4: "port unreachable",
    5: "source address failed ingress/egress policy",
    6: "reject route to destination",
}
_PARAMETER_PROBLEM_CODES = {
    0: "erroneous header field encountered",
    1: "unrecognized Next Header type encountered",
    2: "unrecognized IPv6 option encountered",
}


def _status(names: dict[int, str], status: int) -> str:
    return f"status {status} ({names.get(status, 'Unknown')})"


def _binding_update(message: m.BindingUpdate) -> str:
    # Home registration first: it is what distinguishes a BU to the HA from one to a CN.
    flags = [letter for letter, on in (
        ("H", message.home_registration), ("A", message.acknowledge),
        ("L", message.link_local_compatibility), ("K", message.key_management),
        ("M", message.map_registration), ("R", message.mobile_router),
        ("P", message.proxy_registration)) if on]
    name = "Proxy Binding Update" if message.proxy_registration else "Binding Update"
    parts = [name, f"seq {message.sequence}", *flags,
             f"lifetime {message.lifetime}s"]
    return " ".join(parts) + _binding_ids(message.options)


def _binding_ids(options: tuple[m.MobilityOption, ...]) -> str:
    """RFC 5648: `` BID 1,2`` for the Binding Identifier options a BU or BA carries."""
    bids = [str(o.binding_id) for o in options if isinstance(o, m.BindingIdentifier)]
    return f" BID {','.join(bids)}" if bids else ""


def _mobility(message: m.MobilityMessage) -> str:
    if isinstance(message, m.BindingUpdate):
        return _binding_update(message)
    if isinstance(message, m.BindingAcknowledgement):
        title = ("Proxy Binding Acknowledgement" if message.proxy_registration
                 else "Binding Acknowledgement")
        text = f"{title} {_status(BA_STATUS_NAMES, message.status)} seq {message.sequence}"
        flags = [letter for letter, on in (("K", message.key_management),
                                           ("R", message.mobile_router),
                                           ("P", message.proxy_registration)) if on]
        return " ".join([text, *flags]) + _binding_ids(message.options)
    if isinstance(message, m.BindingError):
        return (f"Binding Error {_status(BE_STATUS_NAMES, message.status)} "
                f"home address {message.home_address}")
    if isinstance(message, m.UnknownMobilityMessage):
        name = m.MH_TYPE_NAMES.get(message.mh_type)
        if name is None:
            return f"Mobility Header type {message.mh_type}"
        # Types 0-7 only become "unknown" when too short to decode (RFC 6275 §9.2).
        return f"{name} (malformed)" if message.mh_type in m.MH_TYPE_NUMBERS.values() else name
    return m.MH_TYPE_NAMES[m.mh_type_of(message)]


def _icmpv6(message: m.ICMPv6Message) -> str:
    if isinstance(message, m.EchoRequest | m.EchoReply):
        kind = "request" if isinstance(message, m.EchoRequest) else "reply"
        return f"Echo (ping) {kind} id=0x{message.identifier:04x}, seq={message.sequence}"
    if isinstance(message, m.RouterSolicitation):
        return _from("Router Solicitation", message.source_link_layer)
    if isinstance(message, m.RouterAdvertisement):
        return _from("Router Advertisement", message.source_link_layer)
    if isinstance(message, m.NeighborSolicitation):
        return _from(f"Neighbor Solicitation for {message.target}", message.source_link_layer)
    if isinstance(message, m.NeighborAdvertisement):
        flags = [name for name, on in (("rtr", message.router), ("sol", message.solicited),
                                       ("ovr", message.override)) if on]
        text = f"Neighbor Advertisement {message.target}"
        if flags:
            text += f" ({', '.join(flags)})"
        if message.target_link_layer:
            text += f" is at {message.target_link_layer}"
        return text
    if isinstance(message, m.DestinationUnreachable):
        reason = _DESTINATION_UNREACHABLE_CODES.get(message.code, f"code {message.code}")
        return f"Destination Unreachable ({reason})"
    if isinstance(message, m.ParameterProblem):
        reason = _PARAMETER_PROBLEM_CODES.get(message.code, f"code {message.code}")
        return f"Parameter Problem ({reason}) pointer {message.pointer}"
    if isinstance(message, f.RouterSolicitationForProxy | f.ProxyRouterAdvertisement):
        return describe_fmipv6(message) or ""  # FMIPv6's RtSolPr / PrRtAdv
    if not isinstance(message, m.UnknownICMPv6):
        from mipviz.wire.summary_discovery import describe_discovery

        return describe_discovery(message)
    name = layout.ICMPV6_TYPE_NAMES.get(message.icmp_type)
    if name:
        return name
    return f"ICMPv6 type {message.icmp_type} code {message.code}"


def _from(text: str, link_layer: str | None) -> str:
    return f"{text} from {link_layer}" if link_layer else text


def describe_payload(payload: m.Payload) -> str:
    """The summary of a packet's payload (used recursively for tunnels)."""
    fast = describe_fmipv6(payload)  # RFC 5568's messages
    if fast is not None:
        return fast
    if isinstance(payload, m.IPv6Packet):
        return f"IPv6-in-IPv6: {describe_payload(payload.payload)}"
    if isinstance(payload, m.UDPDatagram):
        return (f"UDP {payload.source_port} → {payload.destination_port} "
                f"Len={len(payload.payload)}")
    if isinstance(payload, m.EncapsulatingSecurityPayload):
        return f"ESP (SPI=0x{payload.spi:08x}) seq {payload.sequence}"  # Wireshark's Info
    if isinstance(payload, m.UnknownPayload):
        name = layout.NEXT_HEADER_NAMES.get(payload.next_header,
                                            f"next header {payload.next_header}")
        if payload.next_header == layout.NO_NEXT_HEADER and not payload.data:
            return "IPv6 no next header"
        return f"{name} ({len(payload.data)} octets, not decoded)"
    if isinstance(payload, m.EchoRequest | m.EchoReply | m.RouterSolicitation
                  | m.RouterAdvertisement | m.NeighborSolicitation | m.NeighborAdvertisement
                  | m.ParameterProblem | m.DestinationUnreachable | m.UnknownICMPv6
                  | f.RouterSolicitationForProxy | f.ProxyRouterAdvertisement
                  | m.HomeAgentAddressDiscoveryRequest | m.HomeAgentAddressDiscoveryReply
                  | m.MobilePrefixSolicitation | m.MobilePrefixAdvertisement):
        return _icmpv6(payload)
    return _mobility(payload)


def describe(frame: m.EthernetFrame) -> str:
    """A one-line, Wireshark-like Info summary of ``frame``, from the model alone.

    Examples: "Binding Update seq 7 H A lifetime 420s", "Binding Acknowledgement status 0
    (Binding Update accepted) seq 7", "Home Test Init", "Echo (ping) request id=0x0001,
    seq=3", "IPv6-in-IPv6: Home Test".
    """
    return describe_payload(frame.packet.payload)
