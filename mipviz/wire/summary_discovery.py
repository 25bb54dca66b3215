"""One-line summaries of the discovery messages (RFC 6275 §6.5-6.8), as Wireshark's Info
column names them, with what a learner needs: the identifier, the R flag, the home agents
listed, the prefixes advertised."""

from __future__ import annotations

from mipviz.model import discovery_messages as d


def describe_discovery(message: object) -> str:
    name = d.DISCOVERY_NAMES[type(message)]
    if isinstance(message, d.HomeAgentAddressDiscoveryRequest):
        return f"{name} id=0x{message.identifier:04x}" + (" R" if message.mobile_router else "")
    if isinstance(message, d.HomeAgentAddressDiscoveryReply):
        listed = ", ".join(str(a) for a in message.home_agents) or "no home agent"
        flag = " R" if message.mobile_router else ""
        return f"{name} id=0x{message.identifier:04x}{flag}: {listed}"
    if isinstance(message, d.MobilePrefixAdvertisement):
        prefixes = ", ".join(str(p.prefix) for p in message.prefixes) or "no prefix"
        return f"{name} id=0x{message.identifier:04x}: {prefixes}"
    assert isinstance(message, d.MobilePrefixSolicitation)
    return f"{name} id=0x{message.identifier:04x}"
