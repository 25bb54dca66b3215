"""Import hygiene (CONVENTIONS.md 9): only mipviz.wire imports scapy; the engine never loads
textual; the message model is light."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mipviz"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_wire_imports_scapy() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "scapy" in _imports(path) and PACKAGE / "wire" not in path.parents
    ]
    assert offenders == []


def test_engine_never_imports_textual() -> None:
    offenders = [
        str(path) for path in (PACKAGE / "engine").rglob("*.py")
        if {"textual", "rich"} & _imports(path)
    ]
    assert offenders == []


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout
    return set(output.split())


def test_engine_import_loads_no_textual() -> None:
    loaded = _loaded_after("import mipviz.engine.network, mipviz.lesson.runner")
    assert "textual" not in loaded


def test_message_model_and_cli_are_light() -> None:
    loaded = _loaded_after("import mipviz.engine.messages, mipviz.cli")
    assert not {"scapy", "textual", "networkx"} & loaded
