"""ruff over the project and mypy over the whole package (strict on mipviz.engine and
mipviz.wire) stay clean."""

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True,
                          text=True)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "mipviz", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_and_strict_on_engine_and_wire() -> None:
    # One invocation over the whole package: pyproject.toml's override makes it strict on
    # mipviz.engine.* and mipviz.wire.* and leaves the default checks elsewhere.
    overrides = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mypy"]["overrides"]
    assert any(o.get("strict") and {"mipviz.engine.*", "mipviz.wire.*"} <= set(o["module"])
               for o in overrides), overrides
    result = _run("mypy", "mipviz")
    assert result.returncode == 0, result.stdout + result.stderr
