"""Every protocol state machine of the engine, as plain tables (the h11/h2 model).

A Binding Update List entry (RFC 6275 §11.1) is either a home registration or a binding with a
correspondent; each has its own table mapping ``(state, input) -> next state``. An input that
is not in the table for the current state is *not accepted*: the node drops the message and
records why (RFC 6275 §11.6.2: "a HoT is accepted only while Return Routability is in
progress", etc.), instead of raising. ``tests/test_states.py`` walks the whole
state × input product with Hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping

# ----------------------------------------------------------------------------- home registration
# RFC 6275 §11.7.1 (registration, retransmission), §11.7.3 (BA), §11.5.5 (returning home).
HOME_STATES = ("idle", "registering", "registered", "refreshing", "deregistering", "failed")
HOME_INPUTS = (
    "send-bu",  # a new care-of address is ready: send the home BU
    "timeout",  # no BA before the retransmission timer fired
    "ba-accepted",  # BA status < 128 matching the outstanding sequence number
    "ba-out-of-window",  # BA status 135: resynchronise the sequence number and resend
    "ba-rejected",  # any other BA status >= 128
    "refresh",  # the refresh timer fired (or a BRR arrived)
    "move",  # a new care-of address after moving
    "return-home",  # home link detected
    "lifetime-expired",
)
HOME_TRANSITIONS: Mapping[tuple[str, str], str] = {
    ("idle", "send-bu"): "registering",
    ("idle", "move"): "registering",
    ("registering", "timeout"): "registering",
    ("registering", "ba-accepted"): "registered",
    ("registering", "ba-out-of-window"): "registering",
    ("registering", "ba-rejected"): "failed",
    ("registering", "move"): "registering",
    ("registering", "return-home"): "deregistering",
    # the binding held while a new BU awaits its BA ran out: still registering, none held
    ("registering", "lifetime-expired"): "registering",
    ("registered", "refresh"): "refreshing",
    ("registered", "move"): "registering",
    ("registered", "return-home"): "deregistering",
    ("registered", "lifetime-expired"): "idle",
    ("refreshing", "timeout"): "refreshing",
    ("refreshing", "ba-accepted"): "registered",
    ("refreshing", "ba-out-of-window"): "refreshing",
    ("refreshing", "ba-rejected"): "failed",
    ("refreshing", "move"): "registering",
    ("refreshing", "return-home"): "deregistering",
    ("refreshing", "lifetime-expired"): "registering",  # the refresh's BU awaits its BA
    ("deregistering", "timeout"): "deregistering",
    ("deregistering", "ba-accepted"): "idle",
    ("deregistering", "ba-out-of-window"): "deregistering",
    ("deregistering", "ba-rejected"): "idle",
    ("deregistering", "move"): "registering",
    ("failed", "move"): "registering",
    ("failed", "return-home"): "idle",
}

# ----------------------------------------------------------------------------- correspondents
# RFC 6275 §11.6 (Return Routability), §11.7.2 (BU to a CN), §11.6.2 (HoT/CoT acceptance),
# §11.3.5 (Binding Error), §11.4.1 (Parameter Problem code 1: CN has no MIPv6).
CORRESPONDENT_STATES = (
    "idle", "return-routability", "binding", "bound", "deleting", "refused",
)
CORRESPONDENT_INPUTS = (
    "start-rr",  # decide to route-optimise (traffic with this CN while away)
    "hot",  # a Home Test matching the cookie
    "cot",  # a Care-of Test matching the cookie
    "tokens-complete",  # both tokens (or the home token, deleting) in hand: BU sent
    "timeout",
    "ba-accepted",
    "ba-out-of-window",
    "nonce-expired",  # BA 136-138: redo the tests
    "ba-rejected",
    "refused",  # ICMPv6 Parameter Problem code 1, or MAX_RO_FAILURE reached
    "move",
    "brr",  # Binding Refresh Request
    "refresh",  # our own refresh before the binding expires
    "binding-error",  # BE status 1: the CN lost our binding
    "return-home",
    "lifetime-expired",
)
CORRESPONDENT_TRANSITIONS: Mapping[tuple[str, str], str] = {
    ("idle", "start-rr"): "return-routability",
    ("return-routability", "hot"): "return-routability",
    ("return-routability", "cot"): "return-routability",
    ("return-routability", "timeout"): "return-routability",
    ("return-routability", "tokens-complete"): "binding",
    ("return-routability", "refused"): "refused",
    ("return-routability", "move"): "return-routability",
    ("return-routability", "return-home"): "idle",
    ("binding", "timeout"): "binding",
    ("binding", "ba-accepted"): "bound",
    ("binding", "ba-out-of-window"): "binding",
    ("binding", "nonce-expired"): "return-routability",
    ("binding", "ba-rejected"): "refused",
    ("binding", "refused"): "refused",
    ("binding", "binding-error"): "idle",
    ("binding", "move"): "return-routability",
    ("binding", "return-home"): "deleting",
    ("bound", "move"): "return-routability",
    ("bound", "brr"): "return-routability",
    ("bound", "refresh"): "return-routability",
    ("bound", "binding-error"): "idle",
    ("bound", "return-home"): "deleting",
    ("bound", "lifetime-expired"): "idle",
    ("bound", "refused"): "refused",
    ("deleting", "hot"): "deleting",
    ("deleting", "tokens-complete"): "deleting",
    ("deleting", "timeout"): "deleting",
    ("deleting", "ba-accepted"): "idle",
    ("deleting", "ba-rejected"): "idle",
    ("deleting", "nonce-expired"): "deleting",
    ("deleting", "ba-out-of-window"): "deleting",
    ("deleting", "move"): "return-routability",
    ("refused", "return-home"): "refused",
    ("refused", "move"): "refused",
}

# States in which RFC 6275 lets the MN use the binding for route-optimised data (§11.3.1).
CORRESPONDENT_ROUTE_OPTIMISED = frozenset({"bound"})


def transition(table: Mapping[tuple[str, str], str], state: str, event: str) -> str | None:
    """The next state, or None when ``event`` is not accepted in ``state``."""
    return table.get((state, event))


def check_tables() -> list[str]:
    """Consistency of the tables themselves: every state reachable, every target known."""
    problems: list[str] = []
    for name, table, states, inputs in (
        ("home", HOME_TRANSITIONS, HOME_STATES, HOME_INPUTS),
        ("correspondent", CORRESPONDENT_TRANSITIONS, CORRESPONDENT_STATES, CORRESPONDENT_INPUTS),
    ):
        for (state, event), target in table.items():
            if state not in states or target not in states or event not in inputs:
                problems.append(f"{name}: ({state}, {event}) -> {target} names an unknown value")
        reached = {"idle"}
        frontier = ["idle"]
        while frontier:
            current = frontier.pop()
            for (state, _), target in table.items():
                if state == current and target not in reached:
                    reached.add(target)
                    frontier.append(target)
        for state in states:
            if state not in reached:
                problems.append(f"{name}: state {state} is unreachable from idle")
    return problems
