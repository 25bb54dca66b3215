"""RFC 6275 11.3.6: a mobile node that gets a Binding Error with status 1 from its
correspondent removes its Binding Update List entry for it: no binding runs on there, so the
entry it registers again shows no expiry until the new Binding Acknowledgement (lesson
binding-error; the engine used to keep the ended binding's expiry on it)."""

from __future__ import annotations

from tests.conftest import lesson_run


def test_after_binding_error_status_1_the_correspondent_entry_has_no_expiry() -> None:
    timeline = lesson_run("binding-error").timeline
    error = next(step.index for step in timeline
                 if step.summary.startswith("Binding Error status 1") and step.rx == "MN")
    seen = []
    for index in range(error, len(timeline) + 1):
        for entry in timeline.states_at(index)["MN"].binding_update_list:
            if entry.peer == "CN":
                seen.append((entry.state, entry.expires))
    assert seen, "the mobile node registers with the correspondent again"
    waiting = [expires for state, expires in seen if state in ("return-routability", "binding")]
    assert waiting and all(expires == 0 for expires in waiting)
    assert seen[-1][0] == "bound" and seen[-1][1] > 0
