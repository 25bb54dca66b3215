"""The FMIPv6 state machines (RFC 5568) as plain tables, like :mod:`mipviz.engine.states`.

Three tables: the previous access router's entry for one previous care-of address (PCoA), the
new access router's entry for one new care-of address (NCoA), and the mobile node's own view of
its fast handover. ``(state, input) -> next state``; an input not in the table for the current
state is not accepted and the node drops the message with the reason recorded.
``tests/test_fmipv6_states.py`` walks every state × input with Hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping

# ----------------------------------------------------------------------------- PAR (RFC 5568 §5)
# "anticipating": a RtSolPr from the PCoA was answered (the PAR knows a handover is coming; when
# the MN's link goes down before an FBU, the PAR keeps what arrives for the PCoA: "holding").
PAR_STATES = ("idle", "anticipating", "holding", "initiating", "forwarding", "refused")
PAR_INPUTS = (
    "rtsolpr",  # a RtSolPr from the PCoA, answered with a PrRtAdv
    "link-down",  # the MN left the PAR's link (its access point says so)
    "fbu",  # an authorised FBU: send HI to the NAR
    "hack-accepted",  # HAck code < 128: FBack on both links, tunnel PCoA -> NCoA
    "hack-rejected",  # HAck code >= 128: FBack with an error
    "lifetime-expired",  # the FBU's lifetime ran out: the tunnel goes
)
PAR_TRANSITIONS: Mapping[tuple[str, str], str] = {
    ("idle", "rtsolpr"): "anticipating",
    ("idle", "fbu"): "initiating",  # reactive, without an earlier RtSolPr
    ("anticipating", "rtsolpr"): "anticipating",
    ("anticipating", "link-down"): "holding",
    ("anticipating", "fbu"): "initiating",
    ("holding", "fbu"): "initiating",
    ("holding", "lifetime-expired"): "idle",
    ("initiating", "fbu"): "initiating",  # a retransmitted FBU while the HI is out
    ("initiating", "hack-accepted"): "forwarding",
    ("initiating", "hack-rejected"): "refused",
    ("forwarding", "fbu"): "forwarding",  # answered again with an FBack, same tunnel
    ("forwarding", "lifetime-expired"): "idle",
    ("refused", "rtsolpr"): "anticipating",
    ("refused", "fbu"): "initiating",
    ("refused", "lifetime-expired"): "idle",
}
# States in which packets for the PCoA are kept at the PAR, and tunnelled to the NCoA.
PAR_HOLDS = frozenset({"holding", "initiating"})
PAR_TUNNELS = frozenset({"forwarding"})

# ----------------------------------------------------------------------------- NAR (§5, §6.2)
NAR_STATES = ("idle", "buffering", "attached", "expired")
NAR_INPUTS = (
    "hi",  # a HI it accepted (U flag: buffer for the NCoA)
    "una",  # the MN announced the NCoA on the link: deliver what is buffered
    "buffer-expired",  # nobody came in time: the buffered packets are dropped
)
NAR_TRANSITIONS: Mapping[tuple[str, str], str] = {
    ("idle", "hi"): "buffering",
    ("idle", "una"): "attached",  # reactive: the MN came before any HI
    ("buffering", "hi"): "buffering",  # a retransmitted HI
    ("buffering", "una"): "attached",
    ("buffering", "buffer-expired"): "expired",
    ("attached", "hi"): "attached",  # reactive: the HI follows the MN's arrival
    ("attached", "una"): "attached",
    ("expired", "hi"): "buffering",
    ("expired", "una"): "attached",
}
NAR_BUFFERS = frozenset({"buffering"})

# ----------------------------------------------------------------------------- MN (§3, §5.1)
MN_STATES = ("idle", "soliciting", "prepared", "fbu-sent", "confirmed", "refused", "attached")
MN_INPUTS = (
    "l2-trigger",  # the link layer names a coming access point: send RtSolPr
    "prrtadv",  # PrRtAdv with the NAR's prefix: NCoA formed
    "fbu",  # FBU sent (predictive: from the old link)
    "fback-accepted",
    "fback-rejected",
    "attach",  # arrived on the NAR's link with an NCoA: UNA
)
MN_TRANSITIONS: Mapping[tuple[str, str], str] = {
    ("idle", "l2-trigger"): "soliciting",
    ("soliciting", "l2-trigger"): "soliciting",
    ("soliciting", "prrtadv"): "prepared",
    ("prepared", "fbu"): "fbu-sent",
    ("prepared", "attach"): "attached",  # reactive: the FBU goes from the new link
    ("fbu-sent", "fback-accepted"): "confirmed",
    ("fbu-sent", "fback-rejected"): "refused",
    ("fbu-sent", "attach"): "attached",  # moved before the FBack came: it waits at the NAR
    ("confirmed", "attach"): "attached",
    ("refused", "l2-trigger"): "soliciting",
    ("attached", "fback-accepted"): "attached",
    ("attached", "fback-rejected"): "attached",
    ("attached", "l2-trigger"): "soliciting",
    ("attached", "fbu"): "attached",  # reactive FBU after the UNA
}


def step(transitions: Mapping[tuple[str, str], str], state: str, event: str) -> str | None:
    """The next state, or None when ``event`` is not accepted in ``state``."""
    return transitions.get((state, event))
