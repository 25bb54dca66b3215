"""Names of Mobility Header types and of Binding Acknowledgement and Binding Error statuses
(IANA "Mobility IPv6 parameters" registry, Wireshark's spelling), with no imports.

One table each, shared by the engine (:mod:`mipviz.engine.messages`), the lessons' summaries
(:mod:`mipviz.wire.summary`) and the capture decoder (:mod:`mipviz.capture.names`), which
re-export them. They live apart so that ``mipviz dump`` reads them without importing the
engine's message model (a third of the command's import time).
"""

from __future__ import annotations

# Wireshark's names (packet-mip6.c), used for the JSON record's ``mh`` and the ladder labels.
MH_TYPE_NAMES: dict[int, str] = {
    0: "Binding Refresh Request",
    1: "Home Test Init",
    2: "Care-of Test Init",
    3: "Home Test",
    4: "Care-of Test",
    5: "Binding Update",
    6: "Binding Acknowledgement",
    7: "Binding Error",
    8: "Fast Binding Update",
    9: "Fast Binding Acknowledgment",
    10: "Fast Neighbor Advertisement",
    11: "Experimental Mobility Header",
    12: "Home Agent Switch",
    13: "Heartbeat",
    14: "Handover Initiate",
    15: "Handover Acknowledge",
    16: "Binding Revocation",
    17: "Localized Routing Initiation",
    18: "Localized Routing Acknowledgment",
}

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
