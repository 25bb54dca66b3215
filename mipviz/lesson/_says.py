"""The loader's problem messages as bilingual texts (:class:`~mipviz.i18n.said.Said`): English
where a string is expected (tests match it word for word), Japanese when `mipviz check --lang
ja` or the UI renders a problem. Messages live in :mod:`mipviz.i18n.catalogs.replay_text`
under ``lesson.problem.``."""

from __future__ import annotations

from mipviz.i18n.catalogs.replay_text import MESSAGES
from mipviz.i18n.said import Phrase, phrase


def say(name: str) -> Phrase:
    """The phrase of ``lesson.problem.<name>`` (a KeyError at import if it is missing)."""
    return phrase(f"lesson.problem.{name}", MESSAGES)


def why_texts() -> dict[str, str]:
    """Why each required key is needed (``lesson.why.<name>``), bilingual, by name."""
    return {message_id.removeprefix("lesson.why."): phrase(message_id, MESSAGES)()
            for message_id in MESSAGES if message_id.startswith("lesson.why.")}
