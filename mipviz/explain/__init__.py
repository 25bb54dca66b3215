"""Explanations of what a step computes, as pure data, for the inspector and ``trace``.

A learner should see Return Routability computed before their eyes (RFC 6275 §5.2.5-§5.2.6,
lecture topic S18) and the care-of address assembled bit by bit (RFC 4291 Appendix A,
RFC 4862 §5.5.3; S07). This package recomputes both from the step's frame bytes and the
correspondents' secrets captured after the run (:mod:`mipviz.explain.secrets`), with
:mod:`hashlib`/:mod:`hmac` on its own parse of the bytes, independently of the engine's code
path: a verdict compares the recomputation with the bytes on the wire, so it is a real check.

Nothing here imports Textual or scapy; :func:`explain_step` returns
:class:`~mipviz.explain.model.Explanation` values whose labels are :class:`mipviz.i18n.Msg`
and whose values are hex or bit strings (data, never translated).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mipviz.explain.context import ExplainContext, explain_step, used_at
    from mipviz.explain.model import Explanation, Line, group_hex
    from mipviz.explain.secrets import CorrespondentSecret, IssuedNonce, RunSecrets

# Each name from its module on first use (PEP 562): a kept lesson run (mipviz.lesson.cache)
# names the secrets' classes, and importing this package must not load the recomputations
# (mipviz.explain.context and all it imports) before the first step is on screen.
_HOME = {"ExplainContext": "context", "explain_step": "context", "used_at": "context",
         "Explanation": "model", "Line": "model", "group_hex": "model",
         "CorrespondentSecret": "secrets", "IssuedNonce": "secrets", "RunSecrets": "secrets"}

__all__ = ["CorrespondentSecret", "ExplainContext", "Explanation", "IssuedNonce", "Line",
           "RunSecrets", "explain_step", "group_hex", "used_at"]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value
