"""Golden traces: each bundled lesson's `mipviz trace --format text` output, and a digest of
every frame's bytes, are kept in tests/golden/. A change to what the engine does shows up here
as a readable diff. After an intended change, regenerate them with

    MIPVIZ_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_traces.py

and read the diff before committing it (the Python Tutor habit: golden traces as regression
tests, CONVENTIONS.md)."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import io
import os
from pathlib import Path

import pytest

from mipviz.commands import trace
from tests.conftest import bundled_lesson_ids, lesson_run

GOLDEN = Path(__file__).parent / "golden"


def _trace_text(lesson_id: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert trace.run(argparse.Namespace(lesson=lesson_id, format="text", lang="en")) == 0
    frames = hashlib.sha256()
    for step in lesson_run(lesson_id).timeline:
        frames.update(step.frame_bytes or b"")
    return out.getvalue() + f"# frames sha256 {frames.hexdigest()}\n"


@pytest.mark.parametrize("lesson_id", bundled_lesson_ids())
def test_trace_matches_golden(lesson_id: str) -> None:
    path = GOLDEN / f"{lesson_id}.txt"
    actual = _trace_text(lesson_id)
    if os.environ.get("MIPVIZ_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden trace {path}; run with MIPVIZ_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"golden/{lesson_id}.txt", "now"))[:80])
        pytest.fail(f"{lesson_id} changed (MIPVIZ_UPDATE_GOLDEN=1 to accept):\n{diff}")
