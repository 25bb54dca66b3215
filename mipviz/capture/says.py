"""The capture's notes as :class:`~mipviz.i18n.said.Said` texts: English strings (what
``mipviz dump`` writes by default, unchanged) that render in Japanese at the edge.

``say(message_id)`` compiles a message of :mod:`mipviz.i18n.catalogs.replay_text` once, at
import, into a function of its parameters (keywords) that costs about what an f-string does:
the notes are made per packet on ``dump``'s hot path.
"""

from __future__ import annotations

from mipviz.i18n.catalogs.replay_text import MESSAGES
from mipviz.i18n.said import Phrase, Said, phrase

__all__ = ["Said", "say"]


def say(message_id: str) -> Phrase:
    """The phrase of ``message_id`` (a KeyError at import if the catalog lacks it)."""
    return phrase(message_id, MESSAGES)
