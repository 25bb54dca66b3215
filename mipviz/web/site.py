"""The served page and its assets, laid out in one directory for textual-serve.

textual-serve takes one ``statics_path`` and one ``templates_path``. Its own page loads
"Roboto Mono" from fonts.googleapis.com, which a lecture room without internet cannot reach,
and which has no Japanese. So the site is assembled at start-up in a directory of its own:
textual-serve's assets (textual.js with xterm.js bundled in, xterm.css, the Roboto Mono files
it ships), the Japanese face (copied: aiohttp's static route refuses symlinks that leave its
directory), a generated ``mipviz.css`` declaring both as the family "Roboto Mono" that
textual.js asks for, and mipviz's template with its texts in the session's language.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path
from string import Template

from mipviz.i18n import tr
from mipviz.web.fonts import FontChoice, find_symbols_font

TEMPLATE = Path(__file__).with_name("templates") / "app_index.html"
# What the page loads from textual-serve's static directory, nothing else of it.
TEXTUAL_SERVE_ASSETS = ("js/textual.js", "css/xterm.css", "images/background.png",
                        "fonts/RobotoMono-VariableFont_wght.ttf",
                        "fonts/RobotoMono-Italic-VariableFont_wght.ttf")
JAPANESE_FACE = "fonts/mipviz-japanese"  # + the font file's suffix
SYMBOLS_FACE = "fonts/mipviz-symbols.ttf"


@dataclass(frozen=True)
class Site:
    """Where the assembled site is: pass these to textual-serve's Server."""

    statics: Path
    templates: Path


def textual_serve_statics() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


def build_site(root: Path, font: FontChoice, language: str) -> Site:
    """Lay out the page and every asset it loads under ``root`` (an empty directory)."""
    statics, templates = root / "static", root / "templates"
    source = textual_serve_statics()
    for name in TEXTUAL_SERVE_ASSETS:
        (statics / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, statics / name)
    fallbacks = []  # (url, format), the first most preferred
    symbols = find_symbols_font()
    if symbols is not None:
        shutil.copyfile(symbols, statics / SYMBOLS_FACE)
        fallbacks.append((f"/static/{SYMBOLS_FACE}", "truetype"))
    if font.path is not None:
        face = JAPANESE_FACE + font.path.suffix.lower()
        shutil.copyfile(font.path, statics / face)
        fallbacks.append((f"/static/{face}", font.format))
    (statics / "mipviz.css").write_text(font_css(fallbacks, font.path is not None),
                                        encoding="utf-8")
    templates.mkdir(parents=True, exist_ok=True)
    page = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        lang=language,
        title="mipviz",
        connecting=html.escape(tr("serve.page.connecting", language)),
        start=html.escape(tr("serve.page.start", language)),
        ended=html.escape(tr("serve.page.ended", language)),
        restart=html.escape(tr("serve.page.restart", language)),
    )
    (templates / "app_index.html").write_text(page, encoding="utf-8")
    return Site(statics, templates)


def font_css(fallbacks: list[tuple[str, str]], has_japanese: bool) -> str:
    """@font-face rules making "Roboto Mono" (textual.js's terminal font) one composite face.

    Faces of one family with the same descriptors form one composite font, checked from the
    last declared to the first, each character from the first face that has it (CSS Fonts 4,
    "Font matching algorithm"). So Roboto Mono, declared last, draws Latin; the fallbacks
    (``(url, format)``, most preferred first) draw what it lacks: symbols at one cell, then
    kana, kanji and full-width forms. Without a Japanese face to serve, the browser's own
    Japanese faces are named instead, if it has any.
    """
    sources = [f'url("{url}") format("{format_}")' for url, format_ in fallbacks]
    if not has_japanese:
        sources.append('local("IPAGothic"), local("Noto Sans Mono CJK JP"), '
                       'local("MS Gothic"), local("Osaka-Mono")')
    rules = [_face(style, src) for src in reversed(sources) for style in ("normal", "italic")]
    rules.append(_face("normal", 'url("/static/fonts/RobotoMono-VariableFont_wght.ttf") '
                                 'format("truetype")'))
    rules.append(_face("italic", 'url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") '
                                 'format("truetype")'))
    return "\n".join(rules) + "\n"


def _face(style: str, src: str) -> str:
    return ("@font-face {\n  font-family: \"Roboto Mono\";\n"
            f"  font-style: {style};\n  font-weight: 100 700;\n  src: {src};\n}}\n")
