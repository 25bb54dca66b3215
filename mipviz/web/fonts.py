"""The monospace face with Japanese glyphs that the served page gives the browser.

A student's browser may have no Japanese font (or one that is not monospace, which breaks the
terminal's grid), and a lecture room may have no internet, so the server hands one out itself.
The font is not shipped with mipviz (several MB): it is found at run time on this machine,
first where Debian's packages put their fixed-pitch Japanese faces, then through fontconfig.
Every candidate's licence allows redistribution (IPA Font License v1.0, the VL Gothic and
Takao licences, the SIL Open Font License of Noto).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mipviz.i18n import Msg, msg

# Fixed-pitch faces: half-width Latin, full-width kana and kanji, which is a terminal's grid.
# IPAGothic (not IPAPGothic, the proportional one) first: Debian's fonts-ipafont-gothic.
CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
    Path("/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf"),
    Path("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf"),
)
# Symbols Roboto Mono lacks (arrows, ✓, ⏸, Greek) that are one cell wide in a terminal but
# full-width in a Japanese face: DejaVu Sans Mono (Debian's fonts-dejavu-core; its licence is
# the Bitstream Vera one, free to redistribute) draws them at one cell.
SYMBOLS: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
# What a browser's @font-face takes (a .ttc collection is not among them).
FORMATS: dict[str, str] = {".ttf": "truetype", ".otf": "opentype", ".woff": "woff",
                           ".woff2": "woff2"}


@dataclass(frozen=True)
class FontChoice:
    """The font file to serve, or why there is none (``path`` None, ``problem`` said)."""

    path: Path | None
    problem: Msg | None = None

    @property
    def format(self) -> str:
        assert self.path is not None
        return FORMATS[self.path.suffix.lower()]


def find_japanese_font(explicit: str | None = None) -> FontChoice:
    """``explicit`` (``--font FILE``) when given, else the first candidate on this machine."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            return FontChoice(None, msg("serve.bad-font", path=explicit,
                                        reason=msg("serve.font-missing")))
        if path.suffix.lower() not in FORMATS:
            return FontChoice(None, msg("serve.bad-font", path=explicit,
                                        reason=msg("serve.font-format")))
        return FontChoice(path)
    for candidate in CANDIDATES:
        if candidate.is_file():
            return FontChoice(candidate.resolve())
    found = _fontconfig_match()
    if found is not None:
        return FontChoice(found)
    looked = [str(path) for path in CANDIDATES] + ["fc-match 'monospace:lang=ja'"]
    return FontChoice(None, msg("serve.no-font", looked=looked))


def find_symbols_font() -> Path | None:
    """The one-cell face for symbols, when this machine has it (the page does without)."""
    return SYMBOLS if SYMBOLS.is_file() else None


def _fontconfig_match() -> Path | None:
    """fontconfig's monospace face for Japanese, if it is a single font file with kana."""
    if shutil.which("fc-match") is None:
        return None
    try:
        result = subprocess.run(
            ["fc-match", "--format=%{file}\n%{charset}", "monospace:lang=ja"],
            capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    file_name, _, charset = result.stdout.partition("\n")
    path = Path(file_name.strip())
    # fontconfig answers with *some* font even when none has Japanese: require hiragana あ.
    has_kana = any(_covers(part, 0x3042) for part in charset.split())
    if path.suffix.lower() in FORMATS and path.is_file() and has_kana:
        return path
    return None


def _covers(hex_range: str, code_point: int) -> bool:
    """Whether fontconfig's charset entry ``3041-3096`` (or ``3042``) holds ``code_point``."""
    low, _, high = hex_range.partition("-")
    try:
        return int(low, 16) <= code_point <= int(high or low, 16)
    except ValueError:
        return False
