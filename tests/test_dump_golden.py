"""`mipviz dump`'s English output, kept byte for byte: the text of every shared capture and of
four exported lessons is in tests/golden/dump/, the jsonl as a digest (DESIGN.md's record is a
contract; the narration being bilingual must not change one byte of the default English).

The exported lessons are kept as pcaps in tests/fixtures/captures/ (made once by
``mipviz export``), so an engine change does not move these goldens. After an intended change
to the English text, regenerate with

    MIPVIZ_UPDATE_GOLDEN=1 python -m pytest tests/test_dump_golden.py

and read the diff before committing it.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from mipviz.commands import dump

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "dump"
FIXTURES = HERE / "fixtures" / "captures"
SHARED = HERE.resolve().parents[1] / "shared" / "captures"  # the project root's ../shared
DIGESTS = GOLDEN / "jsonl-sha256.json"


def _captures() -> list[tuple[str, Path]]:
    found = [(path.name, path) for path in sorted(FIXTURES.glob("*.pcap"))]
    if SHARED.is_dir():
        found += [(f"{path.parent.name}-{path.name}", path)
                  for path in sorted(SHARED.glob("*/*.pcap"))]
    return found


def dump_output(path: Path, output_format: str, language: str | None = None) -> str:
    """What `mipviz dump NAME --format F` prints, run from the capture's folder (the header
    names the file as given)."""
    out = io.StringIO()
    here = Path.cwd()
    os.chdir(path.parent)
    try:
        namespace = argparse.Namespace(capture=[path.name], format=output_format)
        if language is not None:
            namespace.lang = language
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert dump.run(namespace) == 0
    finally:
        os.chdir(here)
    return out.getvalue()


def _digests() -> dict[str, str]:
    return json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}


@pytest.mark.parametrize(("name", "path"), _captures(), ids=[name for name, _ in _captures()])
def test_english_text_is_unchanged(name: str, path: Path) -> None:
    golden = GOLDEN / f"{name}.txt"
    actual = dump_output(path, "text")
    assert dump_output(path, "text", "en") == actual  # --lang en is the default
    if os.environ.get("MIPVIZ_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"golden/dump/{name}.txt", "now"))[:60])
        pytest.fail(f"dump --format text of {name} changed:\n{diff}")


@pytest.mark.parametrize(("name", "path"), _captures(), ids=[name for name, _ in _captures()])
def test_english_jsonl_is_unchanged(name: str, path: Path) -> None:
    actual = hashlib.sha256(dump_output(path, "jsonl").encode()).hexdigest()
    if os.environ.get("MIPVIZ_UPDATE_GOLDEN"):
        digests = _digests()
        digests[name] = actual
        DIGESTS.write_text(json.dumps(dict(sorted(digests.items())), indent=1) + "\n",
                           encoding="utf-8")
    assert _digests().get(name) == actual, f"dump --format jsonl of {name} changed"
