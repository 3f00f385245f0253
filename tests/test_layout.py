"""The layout of the tests: no test module imports another test module, a conftest or bench/;
what tests share is in ``tests/support`` (or is a conftest fixture). The benchmarks import
``tests.support`` and ``bench.common``, never a test module.

Every import counts, at the top of a module or inside a function, absolute or relative, and
``importlib.import_module("...")`` with a literal name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.data import ROOT

SHARED = "tests.support"
#: The only files a test folder holds besides tests/support.
TEST_FOLDER_FILES = ("__init__.py", "conftest.py")


def python_files() -> list[Path]:
    return sorted(path for folder in ("tests", "bench") for path in (ROOT / folder).rglob("*.py")
                  if not {"node_modules", "__pycache__"} & set(path.parts))


def dotted(path: Path) -> str:
    """``tests/live/test_live.py`` -> ``tests.live.test_live``; a package is its folder."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) for every import in ``source``, relative ones resolved (a name
    may be a module): ``from . import conftest`` in tests/live/test_x.py gives
    ``(1, "tests.live", ["conftest"])``."""
    package = dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield node.lineno, module, [a.name for a in node.names if a.name != "*"]
        elif isinstance(node, ast.Call) and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                and (getattr(node.func, "attr", None) == "import_module"
                     or getattr(node.func, "id", None) in ("import_module", "__import__")):
            yield node.lineno, node.args[0].value, []


def refused(module: str, path: Path) -> str | None:
    """Why ``path`` may not import ``module`` (None when it may).

    >>> refused("tests.api.test_errors", Path(ROOT, "tests/api/test_text.py"))
    'a test module'
    >>> refused("tests.support.driver", Path(ROOT, "tests/api/test_text.py")) is None
    True
    """
    top = module.partition(".")[0]
    in_bench = path.relative_to(ROOT).parts[0] == "bench"
    if top == "tests" and module != "tests" and not (
            module == SHARED or module.startswith(SHARED + ".")):
        return "a conftest" if module.rpartition(".")[2] == "conftest" else "a test module"
    if top == "bench" and not in_bench:
        return "a benchmark module"
    if "." not in module and (module == "conftest" or module.startswith("test_")):
        return "a test module (by its bare name)"
    return None


def violations(source: str, path: Path) -> list[str]:
    found = []
    for line, module, names in imported_modules(source, path):
        for candidate in [module] if refused(module, path) else \
                [f"{module}.{name}" for name in names]:
            reason = refused(candidate, path)
            if reason:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {candidate} ({reason})")
    return found


def test_no_test_module_imports_another_or_bench() -> None:
    found = [v for path in python_files() for v in violations(path.read_text(), path)]
    assert found == [], ("Shared test code belongs in tests/support (or a conftest fixture):\n"
                         + "\n".join(found))


def test_test_folders_hold_only_tests_and_conftests() -> None:
    helpers = [str(path.relative_to(ROOT)) for path in python_files()
               if path.relative_to(ROOT).parts[0] == "tests"
               and (ROOT / "tests" / "support") not in path.parents
               and not (path.name in TEST_FOLDER_FILES or path.name.startswith("test_"))]
    assert helpers == [], f"helpers outside tests/support: {helpers}"


@pytest.mark.parametrize(("where", "source"), [
    ("tests/api/test_text.py", "from tests.api.test_errors import assert_error"),
    ("tests/api/test_text.py", "from tests.conftest import Clock"),
    ("tests/api/test_text.py", "def helper():\n    from tests.unit import test_policy"),
    ("tests/live/test_live.py", "from .conftest import Live"),
    ("tests/live/test_live.py", "from . import test_redis"),
    ("tests/live/test_live.py", "import tests.documents.test_docx"),
    ("tests/live/test_live.py", "importlib.import_module('tests.api.test_errors')"),
    ("tests/integration/test_crash.py", "from bench.common import median"),
    ("tests/support/live.py", "from tests.live.conftest import Live"),
    ("bench/fanout.py", "from tests.live.test_live import submit"),
    ("tests/unit/test_diff.py", "from test_tokens import WORDS"),
])
def test_the_check_finds_imports_of_test_modules(where: str, source: str) -> None:
    assert violations(source, ROOT / where), source


@pytest.mark.parametrize(("where", "source"), [
    ("tests/api/test_text.py", "from tests.support.driver import assert_error"),
    ("tests/api/test_text.py", "def helper():\n    from tests.support import worlds"),
    ("tests/support/live.py", "from .liveclient import LiveClient"),
    ("bench/fanout.py", "from bench.common import median\nfrom tests.support import servers"),
    ("tests/unit/test_tokens.py", "from server.core.tokens import tokenize\nimport pytest"),
])
def test_the_check_lets_shared_code_through(where: str, source: str) -> None:
    assert violations(source, ROOT / where) == [], source
