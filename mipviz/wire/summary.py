"""Wireshark-like one-line "Info" summaries of model frames (no scapy here).

The wording follows Wireshark's Info column where it has one (packet-mip6.c, packet-icmpv6.c:
"Binding Acknowledgement" with the British spelling, "Echo (ping) request id=0x0001, seq=3",
"Neighbor Solicitation for ...") with the fields a learner of Mobile IPv6 needs added: BU
sequence number, flags and lifetime in seconds, BA status with its name.
"""

from __future__ import annotations

from mipviz.engine import messages as m
from mipviz.wire import layout

# Binding Acknowledgement status strings of Wireshark (packet-mip6.c, mip6_ba_status_value;
# PROTOCOL.md §5.1 and §22.1). 143 is Wireshark's label for RFC 3963's "Forwarding Setup
# failed (prefixes missing)".
BA_STATUS_NAMES: dict[int, str] = {
    0: "Binding Update accepted",
    1: "Accepted but prefix discovery necessary",
    2: "GRE_KEY_OPTION_NOT_REQUIRED",
    3: "GRE_TUNNELING_BUT_TLV_HEADER_NOT_SUPPORTED",
    4: "MCOA NOTCOMPLETE",
    5: "MCOA RETURNHOME WO/NDP",
    6: "PBU_ACCEPTED_TB_IGNORED_SETTINGSMISMATCH",
    128: "Reason unspecified",
    129: "Administratively prohibited",
    130: "Insufficient resources",
    131: "Home registration not supported",
    132: "Not home subnet",
    133: "Not home agent for this mobile node",
    134: "Duplicate Address Detection failed",
    135: "Sequence number out of window",
    136: "Expired home nonce index",
    137: "Expired care-of nonce index",
    138: "Expired nonces",
    139: "Registration type change disallowed",
    140: "Mobile Router Operation not permitted",
    141: "Invalid Prefix",
    142: "Not Authorized for Prefix",
    143: "Mobile Network Prefix information unavailable",
    145: "Proxy Registration not supported by the LMA",
    146: "Proxy Registrations from this MAG not allowed",
    147: "No home address for this NAI",
    148: "Invalid Time Stamp Option",
    149: "Permanent home keygen token exists",
    150: "Non-null home nonce index expected",
    151: "SERVICE_AUTHORIZATION_FAILED",
    152: "PROXY_REG_NOT_ENABLED",
    153: "NOT_LMA_FOR_THIS_MOBILE_NODE",
    154: "MAG_NOT_AUTHORIZED_FOR_PROXY_REG",
    155: "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX",
    156: "TIMESTAMP_MISMATCH",
    157: "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED",
    158: "MISSING_HOME_NETWORK_PREFIX_OPTION",
    159: "BCE_PBU_PREFIX_SET_DO_NOT_MATCH",
    160: "MISSING_MN_IDENTIFIER_OPTION",
    161: "MISSING_HANDOFF_INDICATOR_OPTION",
    162: "MISSING_ACCESS_TECH_TYPE_OPTION",
    163: "GRE_KEY_OPTION_REQUIRED",
    164: "MCOA MALFORMED",
    165: "MCOA NON-MCOA BINDING EXISTS",
    166: "MCOA PROHIBITED",
    167: "MCOA UNKNOWN COA",
    168: "MCOA BULK REGISTRATION PROHIBITED",
    169: "MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED",
    170: "NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE",
    171: "NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS",
    172: "NOT_AUTHORIZED_FOR_IPV6_MOBILITY_SERVICE",
    173: "MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED",
    174: "Invalid Care-of Address",
    175: "INVALID_MOBILE_NODE_GROUP_IDENTIFIER",
    176: "REINIT_SA_WITH_HAC",
    177: "NOT_AUTHORIZED_FOR_DELEGATED_MNP",
    178: "REQUESTED_DMNP_IN_USE",
}

# Binding Error status strings of Wireshark (mip6_be_status_value; PROTOCOL.md §5.2).
BE_STATUS_NAMES: dict[int, str] = {
    1: "Unknown binding for Home Address destination option",
    2: "Unrecognized MH type value",
}

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
        ("R", message.mobile_router)) if on]
    parts = ["Binding Update", f"seq {message.sequence}", *flags,
             f"lifetime {message.lifetime}s"]
    return " ".join(parts)


def _mobility(message: m.MobilityMessage) -> str:
    if isinstance(message, m.BindingUpdate):
        return _binding_update(message)
    if isinstance(message, m.BindingAcknowledgement):
        text = (f"Binding Acknowledgement {_status(BA_STATUS_NAMES, message.status)} "
                f"seq {message.sequence}")
        flags = [letter for letter, on in (("K", message.key_management),
                                           ("R", message.mobile_router)) if on]
        return " ".join([text, *flags])
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
    name = layout.ICMPV6_TYPE_NAMES.get(message.icmp_type)
    if name:
        return name
    return f"ICMPv6 type {message.icmp_type} code {message.code}"


def _from(text: str, link_layer: str | None) -> str:
    return f"{text} from {link_layer}" if link_layer else text


def describe_payload(payload: m.Payload) -> str:
    """The summary of a packet's payload (used recursively for tunnels)."""
    if isinstance(payload, m.IPv6Packet):
        return f"IPv6-in-IPv6: {describe_payload(payload.payload)}"
    if isinstance(payload, m.UDPDatagram):
        return (f"UDP {payload.source_port} → {payload.destination_port} "
                f"Len={len(payload.payload)}")
    if isinstance(payload, m.UnknownPayload):
        name = layout.NEXT_HEADER_NAMES.get(payload.next_header,
                                            f"next header {payload.next_header}")
        if payload.next_header == layout.NO_NEXT_HEADER and not payload.data:
            return "IPv6 no next header"
        return f"{name} ({len(payload.data)} octets, not decoded)"
    if isinstance(payload, m.EchoRequest | m.EchoReply | m.RouterSolicitation
                  | m.RouterAdvertisement | m.NeighborSolicitation | m.NeighborAdvertisement
                  | m.ParameterProblem | m.DestinationUnreachable | m.UnknownICMPv6):
        return _icmpv6(payload)
    return _mobility(payload)


def describe(frame: m.EthernetFrame) -> str:
    """A one-line, Wireshark-like Info summary of ``frame``, from the model alone.

    Examples: "Binding Update seq 7 H A lifetime 420s", "Binding Acknowledgement status 0
    (Binding Update accepted) seq 7", "Home Test Init", "Echo (ping) request id=0x0001,
    seq=3", "IPv6-in-IPv6: Home Test".
    """
    return describe_payload(frame.packet.payload)
