"""One-line summaries of the FMIPv6 messages (RFC 5568), from the model alone (no scapy)."""

from __future__ import annotations

from mipviz.model import fmipv6_messages as f

FBACK_STATUS_NAMES = {0: "Fast Binding Update accepted", 1: "Accepted but use supplied NCoA",
                      128: "Reason unspecified", 129: "Administratively prohibited",
                      130: "Insufficient resources",
                      131: "Incorrect interface identifier length"}
HACK_CODE_NAMES = {0: "Handover Accepted, NCoA valid", 1: "Handover Accepted, NCoA not valid",
                   2: "Handover Accepted, NCoA assigned", 3: "Handover Accepted, use PCoA",
                   4: "Message sent unsolicited",
                   128: "Handover Not Accepted, reason unspecified",
                   129: "Administratively prohibited", 130: "Insufficient resources"}
PRRTADV_CODE_NAMES = {0: "use the AP-ID, AR-Info tuples", 1: "handover trigger",
                      2: "no new router information", 3: "information for a subset of APs",
                      4: "unsolicited, not a trigger", 5: "DHCP needed on the NAR"}


def describe(payload: object) -> str | None:
    """Wireshark-like Info text for an FMIPv6 message; None for anything else."""
    if isinstance(payload, f.FastBindingUpdate):
        flags = [letter for letter, on in (("A", payload.acknowledge),
                                           ("H", payload.home_registration)) if on]
        return " ".join(["Fast Binding Update", f"seq {payload.sequence}", *flags,
                         f"lifetime {payload.lifetime}s"])
    if isinstance(payload, f.FastBindingAcknowledgment):
        name = FBACK_STATUS_NAMES.get(payload.status, "Unknown")
        return (f"Fast Binding Acknowledgment status {payload.status} ({name}) "
                f"seq {payload.sequence}")
    if isinstance(payload, f.HandoverInitiate):
        flags = [letter for letter, on in (("S", payload.assigned_address),
                                           ("U", payload.buffer)) if on]
        return " ".join(["Handover Initiate", f"seq {payload.sequence}",
                         f"code {payload.code}", *flags])
    if isinstance(payload, f.HandoverAcknowledge):
        name = HACK_CODE_NAMES.get(payload.code, "Unknown")
        return f"Handover Acknowledge seq {payload.sequence} code {payload.code} ({name})"
    if isinstance(payload, f.RouterSolicitationForProxy):
        return f"FMIPv6 (Router Solicitation for Proxy Advertisement) id {payload.identifier}"
    if isinstance(payload, f.ProxyRouterAdvertisement):
        reason = PRRTADV_CODE_NAMES.get(payload.code, f"code {payload.code}")
        return (f"FMIPv6 (Proxy Router Advertisement) id {payload.identifier}, "
                f"code {payload.code} ({reason})")
    return None
