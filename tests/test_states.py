"""The Binding Update List state tables (mipviz.engine.states), over the whole product of
states and inputs (the h2 habit): every transition lands on a known state, idle reaches
every state, and random walks never get stuck outside the tables."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz.engine import states


def test_tables_are_consistent() -> None:
    assert states.check_tables() == []


def test_every_state_input_pair_is_decided() -> None:
    for table, all_states, inputs in (
        (states.HOME_TRANSITIONS, states.HOME_STATES, states.HOME_INPUTS),
        (states.CORRESPONDENT_TRANSITIONS, states.CORRESPONDENT_STATES,
         states.CORRESPONDENT_INPUTS),
    ):
        for state in all_states:
            for event in inputs:
                target = states.transition(table, state, event)
                assert target is None or target in all_states


def test_rfc_rules_in_the_tables() -> None:
    home, cn = states.HOME_TRANSITIONS, states.CORRESPONDENT_TRANSITIONS
    # RFC 6275 §11.6.2: a HoT or CoT is accepted only while Return Routability is running.
    assert states.transition(cn, "bound", "hot") is None
    assert states.transition(cn, "idle", "cot") is None
    # A BA is only meaningful while a BU is outstanding.
    assert states.transition(home, "registered", "ba-accepted") is None
    assert states.transition(home, "registering", "ba-accepted") == "registered"
    # §11.4.1: Parameter Problem code 1 ends route optimisation for good on this path.
    assert states.transition(cn, "return-routability", "refused") == "refused"
    assert states.transition(cn, "refused", "start-rr") is None
    # Only a bound entry is used for route-optimised data.
    assert {"bound"} == states.CORRESPONDENT_ROUTE_OPTIMISED


@settings(max_examples=300)
@given(st.lists(st.sampled_from(states.CORRESPONDENT_INPUTS), max_size=60))
def test_correspondent_random_walk(events: list[str]) -> None:
    state = "idle"
    for event in events:
        target = states.transition(states.CORRESPONDENT_TRANSITIONS, state, event)
        if target is not None:
            state = target
        assert state in states.CORRESPONDENT_STATES
        # From any state, either a move or returning home leads somewhere defined, or the
        # entry is finished (idle/refused): no state is a dead end for a moving node.
        assert (states.transition(states.CORRESPONDENT_TRANSITIONS, state, "move") is not None
                or states.transition(states.CORRESPONDENT_TRANSITIONS, state, "start-rr")
                is not None)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(states.HOME_INPUTS), max_size=60))
def test_home_random_walk(events: list[str]) -> None:
    state = "idle"
    for event in events:
        target = states.transition(states.HOME_TRANSITIONS, state, event)
        if target is not None:
            state = target
        assert state in states.HOME_STATES
        # A move always leads to (re)registration: the MN can always recover.
        assert states.transition(states.HOME_TRANSITIONS, state, "move") == "registering"
