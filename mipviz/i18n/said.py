"""Text that is English where a string is expected and knows its message for other languages.

A replayed capture's notes (the events and problems :mod:`mipviz.capture` finds) are written
per packet on the hot path of ``mipviz dump``, in English by default, and the DESIGN.md record
keeps them as strings. A :class:`Said` is that English string itself (a ``str``: joined,
JSON-escaped, compared and tested as before, byte for byte) that also keeps its message id and
parameters, so :func:`mipviz.i18n.render` gives it in Japanese at the edge.

Making one costs little more than the f-string it replaces: :func:`phrase` compiles the
message's English template once into a function with the template as an f-string (the
templates are our own catalog's, never outside input), so no ``str.format`` parsing happens per
packet. A process that will only ever write English (``mipviz dump`` without ``--lang``) runs
inside :func:`english_only`, where a phrase gives the plain f-string's ``str`` and keeps
nothing: the default path costs exactly what it did before the notes were bilingual.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Phrase", "Said", "english_only", "phrase", "trim"]

_KEEP = [True]  # read by every phrase: False inside english_only()


@contextmanager
def english_only() -> Iterator[None]:
    """Phrases give plain English ``str`` (no message kept) until the block ends."""
    before = _KEEP[0]
    _KEEP[0] = False
    try:
        yield
    finally:
        _KEEP[0] = before


class Said(str):
    """English text (the ``str`` value) plus ``said``: (message id, parameter names, values)."""

    said: tuple[str, tuple[str, ...], tuple[Any, ...]]

    def get(self, language: str = "en") -> str:
        """The text in ``language`` (this string itself for English)."""
        said = getattr(self, "said", None)  # None: made while only English was kept
        if language == "en" or said is None:
            return self
        from mipviz.i18n import Msg, render

        message_id, names, values = said
        return render(Msg(message_id, tuple(zip(names, values, strict=True))), language)

    def __reduce__(self) -> tuple[Any, ...]:  # forked workers get the notes pickled
        return (_unpickle, (str(self), self.said))


def _unpickle(text: str, said: tuple[str, tuple[str, ...], tuple[Any, ...]]) -> Said:
    made = Said(text)
    made.said = said
    return made


class _Trimmed(Said):
    """A Said with a leading part (a path the caller prints itself) cut off, in every
    language: ``trimmed`` is (the whole Said, the prefix)."""

    trimmed: tuple[Said, str]

    def get(self, language: str = "en") -> str:
        if language == "en":
            return self
        whole, prefix = self.trimmed
        return whole.get(language).removeprefix(prefix)

    def __reduce__(self) -> tuple[Any, ...]:
        return (trim, self.trimmed)


def trim(text: str, prefix: str) -> str:
    """``text.removeprefix(prefix)``, still bilingual when ``text`` is a :class:`Said` whose
    every language starts with the same ``prefix`` (e.g. ``"{path}: "``)."""
    if not isinstance(text, Said) or not text.startswith(prefix):
        return text.removeprefix(prefix)
    made = _Trimmed(text.removeprefix(prefix))
    made.said = text.said
    made.trimmed = (text, prefix)
    return made


Phrase = Callable[..., str]


def phrase(message_id: str, catalog: dict[str, dict[str, str]]) -> Phrase:
    """A function of the message's parameters (by keyword) giving its :class:`Said` (a plain
    English ``str`` inside :func:`english_only`).

    ``catalog`` is the catalog module's ``MESSAGES`` that defines ``message_id`` (passed, not
    looked up, so a capture module need not load every catalog to write English)."""
    template = catalog[message_id]["en"]
    names = tuple(dict.fromkeys(field for _, field, _, _ in string.Formatter().parse(template)
                                if field))
    for name in names:  # the generated function's own names start with "_": no clash
        if not name.isidentifier() or name.startswith("_"):
            raise ValueError(f"{message_id}: placeholder {{{name}}} is not a plain name")
    arguments = ", ".join(names)
    source = (f"def make(*, {arguments}):\n" if names else "def make():\n") + (
        f"    _text = f{template!r}\n"
        "    if not _keep[0]:\n"
        "        return _text\n"
        "    _made = _Said(_text)\n"
        f"    _made.said = (_message_id, _names, ({arguments}{',' if names else ''}))\n"
        "    return _made\n")
    space: dict[str, Any] = {"_Said": Said, "_message_id": message_id, "_names": names,
                             "_keep": _KEEP}
    exec(compile(source, f"<phrase {message_id}>", "exec"), space)  # our own template
    made: Phrase = space["make"]
    made.__name__ = made.__qualname__ = message_id
    return made
