"""Import hygiene (CONVENTIONS.md 9): only mipviz.wire imports scapy; the engine never loads
textual; the message model is light; lessons drive the engine, never the reverse (the engine
imports nothing of mipviz.lesson); the engine and the wire codec both stand on mipviz.model,
and the wire imports nothing of the engine."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mipviz"


def _modules(path: Path) -> set[str]:
    """Every absolute module ``path`` imports, in full (``mipviz.engine.node``), including
    ``from package import module`` as ``package.module`` and imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offenders(package: str, forbidden: str) -> list[str]:
    return sorted(
        f"{path.relative_to(PACKAGE.parent)}: {module}"
        for path in (PACKAGE / package).rglob("*.py")
        for module in _modules(path)
        if module == forbidden or module.startswith(forbidden + ".")
    )


def test_engine_imports_nothing_of_the_lessons() -> None:
    assert _offenders("engine", "mipviz.lesson") == []


def test_wire_imports_nothing_of_the_engine() -> None:
    assert _offenders("wire", "mipviz.engine") == []


def test_model_stands_on_nothing_but_iana() -> None:
    imported = {m for path in (PACKAGE / "model").rglob("*.py") for m in _modules(path)
                if m.startswith("mipviz")}
    own = {m for m in imported if m.startswith("mipviz.model")}  # its modules stand together
    assert imported - own <= {"mipviz.iana", "mipviz.iana.MH_TYPE_NAMES"}


def test_building_a_network_loads_no_lesson_schema() -> None:
    loaded = _loaded_after("import mipviz.engine.network, mipviz.wire")
    assert not {"mipviz.lesson.schema", "mipviz.lesson.loader", "mipviz.lesson.runner"} & loaded


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
    loaded = _loaded_after("import mipviz.model.messages, mipviz.engine.messages, mipviz.cli")
    assert not {"scapy", "textual", "networkx"} & loaded
