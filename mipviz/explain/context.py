"""Everything an explanation needs besides the step, built once per run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mipviz.explain import esp, eui64, rr
from mipviz.explain.frame import mobility_frame
from mipviz.explain.model import Explanation
from mipviz.explain.secrets import RunSecrets

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step, Timeline


@dataclass(frozen=True, slots=True)
class ExplainContext:
    secrets: RunSecrets
    index: rr.RrIndex

    @classmethod
    def build(cls, steps: Iterable[Step], secrets: RunSecrets | None) -> ExplainContext:
        secrets = secrets or RunSecrets()
        return cls(secrets, rr.index_exchanges(steps, secrets.esp))


def explain_step(step: Step, context: ExplainContext) -> tuple[Explanation, ...]:
    """What ``step`` computes: the care-of address formed (S07), ESP opened with the SA's
    keys (RFC 4303), Return Routability (S18) — inside ESP too."""
    found = (eui64.explain(step, context.secrets), esp.explain(step, context.secrets),
             rr.explain(step, context.secrets, context.index))
    return tuple(explanation for explanation in found if explanation is not None)


def used_at(step: Step, timeline: Timeline, context: ExplainContext | None = None) -> bool:
    """True where the computation is used: the step that delivers the message to the node
    it is addressed to (the CN computing a token, the MN taking it, the CN verifying a BU),
    or where a node forms its address. ``trace`` prints each explanation once, there."""
    if eui64.formed_address(step) is not None:
        return True
    if step.frame_bytes is None or step.rx is None:
        return False
    frame = mobility_frame(step.frame_bytes, context.secrets.esp if context else None)
    if frame is None:
        return False
    state = timeline.state_at(step.rx, step.index)
    owned = set(state.addresses)
    owned.update(a for a in (state.home_address, state.care_of_address) if a is not None)
    return frame.destination in owned  # the innermost packet's: a tunnel's end is no use
