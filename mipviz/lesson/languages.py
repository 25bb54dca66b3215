"""The languages a lesson's text may carry (no imports, so that the command line can offer them
as ``--lang`` choices without loading the lesson schema)."""

from __future__ import annotations

# Languages a Text may carry; English is required in every table and is the fallback.
LANGUAGES: tuple[str, ...] = ("en", "ja")
