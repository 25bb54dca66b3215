"""The FMIPv6 state tables (mipviz.engine.fmipv6_states) walked with Hypothesis, and the NAR's
buffer and the PAR's tunnel driven through random handovers: nothing kept by an access router
is lost without being noted, and a predictive handover in time loses nothing."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mipviz.analysis.handovers import find_handovers, flow_names
from mipviz.engine import fmipv6_states as fs
from mipviz.lesson.catalog import find_lesson
from mipviz.lesson.loader import parse_lesson
from mipviz.lesson.runner import run_lesson

TABLES = [
    (fs.PAR_STATES, fs.PAR_INPUTS, fs.PAR_TRANSITIONS),
    (fs.NAR_STATES, fs.NAR_INPUTS, fs.NAR_TRANSITIONS),
    (fs.MN_STATES, fs.MN_INPUTS, fs.MN_TRANSITIONS),
]


def test_every_transition_names_known_states_and_inputs() -> None:
    for states, inputs, transitions in TABLES:
        for (state, event), following in transitions.items():
            assert state in states and event in inputs and following in states
        assert set(fs.PAR_STATES) >= fs.PAR_HOLDS | fs.PAR_TUNNELS
        assert set(fs.NAR_STATES) >= fs.NAR_BUFFERS


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(TABLES))), st.data())
def test_any_input_sequence_stays_in_the_table(table: int, data: st.DataObject) -> None:
    states, inputs, transitions = TABLES[table]
    state = states[0]
    for event in data.draw(st.lists(st.sampled_from(inputs), max_size=20)):
        following = fs.step(transitions, state, event)
        if following is None:  # not accepted: the node drops it and stays where it was
            assert (state, event) not in transitions
            continue
        state = following
        assert state in states


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(fs.NAR_INPUTS), max_size=15))
def test_the_nar_buffers_only_between_a_hi_and_the_una_or_expiry(events: list[str]) -> None:
    state, hi_since_release = "idle", False
    for event in events:
        following = fs.step(fs.NAR_TRANSITIONS, state, event)
        if following is None:
            continue
        if event == "hi":
            hi_since_release = hi_since_release or following == "buffering"
        if event in ("una", "buffer-expired"):
            hi_since_release = False
        state = following
        assert (state in fs.NAR_BUFFERS) <= hi_since_release
        if state == "attached":
            assert state not in fs.NAR_BUFFERS  # the UNA always releases the buffer


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(fs.PAR_INPUTS), max_size=15))
def test_the_par_tunnels_only_after_an_accepted_hack(events: list[str]) -> None:
    state, accepted = "idle", False
    for event in events:
        following = fs.step(fs.PAR_TRANSITIONS, state, event)
        if following is None:
            continue
        accepted = (accepted or event == "hack-accepted") and event != "lifetime-expired"
        state = following
        if state in fs.PAR_TUNNELS:
            assert accepted


def _variant(mode: str, trigger: float, delay: float) -> str:
    lesson = "fmipv6-predictive" if mode == "predictive" else "fmipv6-reactive"
    text = find_lesson(lesson).read_text(encoding="utf-8")
    text = text.replace("l2_delay = 0.05", f"l2_delay = {delay}", 1)
    return text.replace('action = "wait"\nseconds = 0.8', f'action = "wait"\nseconds = {trigger}',
                        1)


@settings(max_examples=8, deadline=None)
@example("reactive", 1.34765625, 0.3)  # the PAR's kept pings arrive after the next one: late
@given(st.sampled_from(["predictive", "reactive"]), st.floats(0.1, 1.5),
       st.sampled_from([0.0, 0.02, 0.3, 1.2]))
def test_random_handovers_lose_nothing_kept_and_note_every_drop(
        mode: str, trigger: float, delay: float) -> None:
    """Whatever the trigger's timing and the layer-2 delay: every packet an access router kept
    is delivered, and with the link back within the buffer's lifetime no ping is lost."""
    run = run_lesson(parse_lesson(_variant(mode, round(trigger, 3), delay),
                                  str(find_lesson("fmipv6-predictive"))))
    (handover,) = find_handovers(run.timeline, flow_names(run.lesson))
    kept = sum(1 for s in run.timeline for e in s.events if e.kind == "fmipv6-buffered")
    released = sum(1 for s in run.timeline for e in s.events
                   if e.kind in ("fmipv6-buffer-delivered", "fmipv6-recovered"))
    assert released >= (1 if kept else 0)
    dropped = [e for s in run.timeline for e in s.events
               if e.kind == "drop" and e.node in ("ar1", "ar2")]
    assert dropped == []
    assert handover.complete and handover.lost == {"ping": 0}
