"""Every string a person reads, in English and Japanese, rendered at the edge.

Code that produces text a person will read does not format English: it makes a :class:`Msg`
(a message id and its parameters) and whoever writes to a screen or a file renders it in the
reader's language with :func:`render`. The engine's notes, the UI's chrome, quiz feedback and
the command line's text all go through here, so a Japanese screen never shows English that
came from deep inside, and switching language needs no re-run.

The texts live in catalogs: every module of :mod:`mipviz.i18n.catalogs` defines ``MESSAGES``,
a mapping of message id to ``{"en": ..., "ja": ...}`` templates in :meth:`str.format` syntax
(``{name}`` placeholders, both languages using the same names). Catalogs are discovered, not
listed, so a new one needs no edit here. Japanese follows ``shared/seed/GLOSSARY.md``: the
deck's own words, one term per concept. Protocol message names stay as Wireshark spells them,
as the deck does.

This module imports nothing of mipviz and nothing outside the standard library, so the engine
(which must stay free of UI code) and the command line can both stand on it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mipviz.lesson.languages import LANGUAGES

__all__ = ["LANGUAGES", "MissingMessage", "Msg", "catalog", "msg", "render", "tr"]


class _Localised(Protocol):
    """Anything that already holds its text per language (a lesson's ``Text``)."""

    def get(self, language: str = ...) -> str: ...


@dataclass(frozen=True, slots=True)
class Msg:
    """A message id and its parameters; rendered per language by :func:`render`.

    Parameters may themselves be ``Msg`` (rendered in the same language), lesson texts (anything
    with ``get(language)``), numbers or strings. Strings are data (addresses, node names, hex),
    never translated.
    """

    id: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return render(self, "en")

    def param(self, name: str, default: Any = None) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default


def msg(message_id: str, /, **params: Any) -> Msg:
    """``Msg(message_id, params)``; the id must exist in a catalog (checked when rendered and,
    for every call site, by the test suite)."""
    return Msg(message_id, tuple(params.items()))


class MissingMessage(KeyError):
    """A message id that no catalog defines."""


_CATALOG: dict[str, Mapping[str, str]] = {}
_LOADED = False


def catalog() -> Mapping[str, Mapping[str, str]]:
    """Every message id and its templates, from every catalog module (loaded once)."""
    global _LOADED
    if not _LOADED:
        from mipviz.i18n import catalogs

        for module_info in sorted(pkgutil.iter_modules(catalogs.__path__),
                                  key=lambda info: info.name):
            module = importlib.import_module(f"{catalogs.__name__}.{module_info.name}")
            for message_id, templates in getattr(module, "MESSAGES", {}).items():
                if message_id in _CATALOG:
                    raise ValueError(f"message id {message_id!r} is defined twice "
                                     f"(again in {module.__name__})")
                _CATALOG[message_id] = templates
        _LOADED = True
    return _CATALOG


class _Params(dict[str, str]):
    """The rendered parameters; a placeholder with no parameter shows as ``{name}`` (a bug to
    see and fix, never a crash on a learner's screen)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(value: Msg | str | _Localised | None, language: str = "en") -> str:
    """``value`` as text in ``language`` (English where a template lacks that language)."""
    if value is None:
        return ""
    if isinstance(value, str):
        # a Said (mipviz.i18n.said): a capture note, English as a str, its message kept
        if language == "en" or type(value) is str:
            return value
        in_language = getattr(value, "get", None)
        return value if in_language is None else str(in_language(language))
    if isinstance(value, Msg):
        templates = catalog().get(value.id)
        if templates is None:
            raise MissingMessage(value.id)
        template = templates.get(language) or templates["en"]
        params = _Params({key: _render_param(param, language) for key, param in value.params})
        return template.format_map(params)  # C speed: trace renders every engine note
    return value.get(language)


def _render_param(value: Any, language: str) -> str:
    if isinstance(value, (Msg, str)) or hasattr(value, "get"):
        return render(value, language)
    if isinstance(value, (list, tuple)):
        separator = "、" if language == "ja" else ", "
        return separator.join(_render_param(item, language) for item in value)
    return str(value)


def tr(message_id: str, language: str = "en", /, **params: Any) -> str:
    """Shorthand for ``render(msg(message_id, **params), language)``."""
    return render(msg(message_id, **params), language)
