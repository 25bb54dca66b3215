"""ruff over the project and mypy (strict on mipviz.engine and mipviz.wire) stay clean."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "mipviz", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_engine_and_wire() -> None:
    result = _run("mypy", "mipviz/engine", "mipviz/wire")
    assert result.returncode == 0, result.stdout + result.stderr
