"""The layout holds: no import cycle in server/ (imports inside functions count), a pure core,
no module calling another's private function, every environment read in config.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in SERVER.rglob("*.py")}
TREES: dict[str, ast.Module] = {name: ast.parse(path.read_text(), str(path))
                                for name, path in MODULES.items()}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str) -> set[str]:
    """The server modules ``name`` imports, anywhere in it (functions included).

    ``from a.b import c`` is an import of ``a.b.c`` when that is a module, else of ``a.b``.
    """
    found: set[str] = set()
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in MODULES:
                    found.add(target)
                elif base in MODULES:
                    found.add(base)
    found.discard(name)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles() -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    saved = dict(GRAPH)
    try:
        GRAPH["server.core.text"] = GRAPH["server.core.text"] | {"server.core.policy"}
        GRAPH["server.core.policy"] = GRAPH["server.core.policy"] | {"server.core.text"}
        assert ["server.core.policy", "server.core.text"] in _cycles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_no_import_cycle_in_server() -> None:
    assert _cycles() == [], "import cycles (move the shared part into a module both import)"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("server.core")))
def test_core_is_pure(name: str) -> None:
    """The domain core imports neither the web, the database nor the rest of Accord."""
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names]
            for imported in names:
                top = imported.split(".")[0]
                assert top not in {"flask", "flask_socketio", "sqlalchemy", "socketio"}, imported
                if top == "server":
                    assert imported.startswith("server.core"), imported


#: Modules whose import means files or the operating system (the core reads no file: the
#: catalogues are read by server.features.history.catalogue and handed to it).
FILE_ACCESS = frozenset({"pathlib", "os", "io", "shutil", "tempfile", "glob"})
#: Calls that read or write a file, as a builtin (``open``) or a path's method.
FILE_CALLS = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes"})


def _file_access(tree: ast.Module) -> list[str]:
    """Where a module imports file access or reads or writes a file (line: what)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names]
            found += [f"{node.lineno}: import {n}" for n in names
                      if n.split(".")[0] in FILE_ACCESS]
        elif isinstance(node, ast.Call):
            called = node.func
            name = (called.id if isinstance(called, ast.Name)
                    else called.attr if isinstance(called, ast.Attribute) else "")
            if name in FILE_CALLS:
                found.append(f"{node.lineno}: {name}()")
    return found


def test_the_file_access_finder_finds_reads_and_writes() -> None:
    tree = ast.parse("from pathlib import Path\nimport os.path\n"
                     "def f(p):\n    return open(p).read() + p.read_text()\n"
                     "if __name__ == '__main__':\n    Path('x').write_text('y')\n")
    assert sorted(_file_access(tree)) == ["1: import pathlib", "2: import os.path", "4: open()",
                                          "4: read_text()", "6: write_text()"]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("server.core")))
def test_core_reads_and_writes_no_file(name: str) -> None:
    """The domain core takes what it needs as data: no file, no path, no operating system."""
    assert _file_access(TREES[name]) == [], "read files in a feature and hand the data to core"


def _private_calls(name: str) -> list[str]:
    """``module._private`` used through another module's alias, or imported by name."""
    tree = TREES[name]
    aliases: set[str] = set()
    bad: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server"):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    aliases.add(alias.asname or alias.name)
                elif alias.name.startswith("_"):
                    bad.append(f"from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            bad.append(f"{node.value.id}.{node.attr}")
    return bad


def test_no_module_uses_another_modules_private_names() -> None:
    found = {name: calls for name in MODULES if (calls := _private_calls(name))}
    assert found == {}


def _environment_reads(name: str) -> list[int]:
    lines = []
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and (
                isinstance(node.value, ast.Name) and node.value.id == "os"):
            lines.append(node.lineno)
    return lines


#: Handing the whole environment to a child process (with one variable added) is no setting.
PASSES_ENVIRONMENT_ON = {"server.cli"}


def test_every_environment_read_is_in_config() -> None:
    found = {name: lines for name in MODULES
             if name not in PASSES_ENVIRONMENT_ON and (lines := _environment_reads(name))}
    assert found == {}, "read settings in config.py and take them from app.config"


def test_each_feature_is_one_folder_with_its_parts() -> None:
    features = sorted(p for p in (SERVER / "features").iterdir()
                      if p.is_dir() and p.name not in ("common", "__pycache__"))
    assert features, "no features found"
    for folder in features:
        assert (folder / "routes.py").exists(), f"{folder.name} has no routes.py"
        assert (folder / "service.py").exists(), f"{folder.name} has no service.py"
