"""Names of Mobility Header types, mobility options, statuses and ICMPv6 messages.

The wording is Wireshark's (epan/dissectors/packet-mip6.c and packet-icmpv6.c, PROTOCOL.md
§22), so that mipviz and Wireshark call a message the same thing; the numbers are IANA's
"Mobility IPv6 parameters" registry.
"""

from __future__ import annotations

from mipviz.iana import BA_STATUS_NAMES, BE_STATUS_NAMES, MH_TYPE_NAMES

__all__ = [
    "ACCESS_TECHNOLOGY_NAMES",
    "BA_STATUS_NAMES",
    "BE_STATUS_NAMES",
    "FBACK_STATUS_NAMES",
    "HACK_CODE_NAMES",
    "HANDOFF_INDICATOR_NAMES",
    "ICMPV6_TYPE_NAMES",
    "MH_TYPE_NAMES",
    "MOBILITY_OPTION_NAMES",
    "mh_type_name",
    "option_name",
]

# IANA "Mobility Header Types" with Wireshark's spelling (PROTOCOL.md §1, §22.1): one table,
# mipviz.iana's (the engine's too), re-exported here.
# The RFC defining each MH type, for problem messages and the packet inspector.
MH_TYPE_RFC: dict[int, str] = {
    0: "RFC 6275 6.1.2", 1: "RFC 6275 6.1.3", 2: "RFC 6275 6.1.4", 3: "RFC 6275 6.1.5",
    4: "RFC 6275 6.1.6", 5: "RFC 6275 6.1.7", 6: "RFC 6275 6.1.8", 7: "RFC 6275 6.1.9",
    8: "RFC 5568 6.3.1", 9: "RFC 5568 6.3.2", 10: "RFC 5568 6.3.3", 11: "RFC 5096",
    12: "RFC 5142", 13: "RFC 5847", 14: "RFC 5568 6.2.1", 15: "RFC 5568 6.2.2",
    16: "RFC 5846", 17: "RFC 6705", 18: "RFC 6705",
}

# IANA "Mobility Options" with Wireshark's names (packet-mip6.c mip6_mobility_options).
MOBILITY_OPTION_NAMES: dict[int, str] = {
    0: "Pad1", 1: "PadN", 2: "Binding Refresh Advice", 3: "Alternate Care-of Address",
    4: "Nonce Indices", 5: "Authorization Data", 6: "Mobile Network Prefix",
    7: "Mobility Header Link-Layer Address", 8: "Mobile Node Identifier", 9: "AUTH",
    10: "MESG-ID", 11: "CGA Parameters Request", 12: "CGA Parameters", 13: "Signature",
    14: "Permanent Home Keygen Token", 15: "Care-of Test Init", 16: "Care-of Test",
    17: "DNS-UPDATE-TYPE", 18: "Experimental", 19: "Vendor Specific", 20: "Service Selection",
    21: "Binding Authorization Data for FMIPv6 (BADF)", 22: "Home Network Prefix",
    23: "Handoff Indicator", 24: "Access Technology Type",
    25: "Mobile Node Link-layer Identifier", 26: "Link-local Address", 27: "Timestamp",
    28: "Restart Counter", 29: "IPv4 Home Address", 30: "IPv4 Address Acknowledgement",
    31: "NAT Detection", 32: "IPv4 Care-of Address", 33: "GRE Key",
    34: "Mobility Header IPv6 Address/Prefix", 35: "Binding Identifier",
    36: "IPv4 Home Address Request", 37: "IPv4 Home Address Reply",
    38: "IPv4 Default-Router Address", 39: "IPv4 DHCP Support Mode", 40: "Context Request",
    41: "Local Mobility Anchor Address",
    42: "Mobile Node Link-local Address Interface Identifier", 43: "Transient Binding",
    44: "Flow Summary", 45: "Flow Identification", 46: "Redirect-Capability",
    47: "Redirect", 48: "Load Information", 49: "Alternate IPv4 Care-of Address",
    50: "Mobile Node Group Identifier", 51: "MAG IPv6 Address",
    52: "Access Network Identifier", 55: "Delegated Mobile Network Prefix",
}

FBACK_STATUS_NAMES: dict[int, str] = {
    0: "Fast Binding Update accepted", 1: "Accepted but use supplied NCoA",
    128: "Reason unspecified", 129: "Administratively prohibited",
    130: "Insufficient resources", 131: "Incorrect interface identifier length",
}

# RFC 5568 §6.2.2 HAck codes.
HACK_CODE_NAMES: dict[int, str] = {
    0: "Handover Accepted, NCoA valid", 1: "Handover Accepted, NCoA not valid",
    2: "Handover Accepted, NCoA assigned", 3: "Handover Accepted, use PCoA",
    4: "Message sent unsolicited", 128: "Handover Not Accepted, reason unspecified",
    129: "Administratively prohibited", 130: "Insufficient resources",
}

# RFC 5213 §8.4 and §8.5 (IANA).
HANDOFF_INDICATOR_NAMES: dict[int, str] = {
    0: "Reserved", 1: "Attachment over a new interface",
    2: "Handoff between two different interfaces of the mobile node",
    3: "Handoff between mobile access gateways for the same interface",
    4: "Handoff state unknown", 5: "Handoff state not changed (Re-registration)",
}
ACCESS_TECHNOLOGY_NAMES: dict[int, str] = {
    0: "Reserved", 1: "Virtual", 2: "PPP", 3: "IEEE 802.3", 4: "IEEE 802.11a/b/g",
    5: "IEEE 802.16e", 6: "3GPP GERAN", 7: "3GPP UTRAN", 8: "3GPP E-UTRAN",
    9: "3GPP2 eHRPD", 10: "3GPP2 HRPD", 11: "3GPP2 1xRTT", 12: "3GPP2 UMB",
}

# Wireshark's packet-icmpv6.c names (PROTOCOL.md §22.2).
ICMPV6_TYPE_NAMES: dict[int, str] = {
    1: "Destination Unreachable", 2: "Packet Too Big", 3: "Time Exceeded",
    4: "Parameter Problem", 128: "Echo (ping) request", 129: "Echo (ping) reply",
    130: "Multicast Listener Query", 131: "Multicast Listener Report",
    132: "Multicast Listener Done", 133: "Router Solicitation", 134: "Router Advertisement",
    135: "Neighbor Solicitation", 136: "Neighbor Advertisement", 137: "Redirect",
    143: "Multicast Listener Report Message v2",
    144: "Home Agent Address Discovery Request", 145: "Home Agent Address Discovery Reply",
    146: "Mobile Prefix Solicitation", 147: "Mobile Prefix Advertisement", 154: "FMIPv6",
}
FMIPV6_SUBTYPE_NAMES: dict[int, str] = {
    2: "Router Solicitation for Proxy Advertisement", 3: "Proxy Router Advertisement",
    4: "Handover Initiate", 5: "Handover Acknowledge",
}


def mh_type_name(mh_type: int) -> str:
    """Wireshark's name of an MH type; "Unknown (N)" for one IANA has not assigned."""
    return MH_TYPE_NAMES.get(mh_type, f"Unknown ({mh_type})")


def option_name(option_type: int) -> str:
    return MOBILITY_OPTION_NAMES.get(option_type, f"Unknown option {option_type}")


def status_text(names: dict[int, str], status: int) -> str:
    return f"status {status} ({names.get(status, 'unassigned')})"
