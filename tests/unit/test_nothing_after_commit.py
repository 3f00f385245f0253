"""Nothing that can fail runs after a use case's COMMIT: once ``ctx.commit()`` is called, the
function uses ``ctx`` no more (no query to build the answer, no refresh), so a database lost
just after the COMMIT cannot turn a stored write into a failure that says "nothing was
changed". The answer is computed before the commit.

The check reads the code (ast): after a ``commit()`` of a context, in the order the statements
run, no statement may name that context again. An ``except`` of the ``try`` holding the commit
runs when the commit failed, and the other branch of an ``if`` does not follow it: both may.
The web layer holds HTTP requests' commits until their answer is made
(server/web/routing.settle); this keeps the rule for everything else (sockets, commands)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
#: The names a unit of work goes by.
CONTEXTS = {"ctx", "context", "self.ctx"}
#: Ctx itself.
EXEMPT = {SERVER / "features" / "common" / "context.py"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _commits(node: ast.AST) -> set[str]:
    """The contexts ``node`` commits (``ctx.commit()``), nested functions left out."""
    found: set[str] = set()
    for child in _walk(node):
        if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                and child.func.attr == "commit" and not child.args):
            name = _name(child.func.value)
            if name in CONTEXTS:
                found.add(name)
    return found


def _walk(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                stack.append(child)
    return found


def _uses(node: ast.AST, names: set[str]) -> list[int]:
    lines = []
    for child in _walk(node):
        name = _name(child)
        if name in names and isinstance(child, (ast.Name, ast.Attribute)):
            if isinstance(child, ast.Name) and "self.ctx" in names and child.id == "self":
                continue
            lines.append(child.lineno)
    return lines


class Checker:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: set[str] = set()

    def block(self, statements: list[ast.stmt], committed: set[str]) -> set[str]:
        for statement in statements:
            if committed:
                for line in _uses(statement, committed):
                    self.problems.add(f"{self.where}:{line} uses the context after its commit")
            committed = committed | self.statement(statement, committed)
        return committed

    def statement(self, statement: ast.stmt, committed: set[str]) -> set[str]:
        """What is committed once ``statement`` ran (checking inside compound statements)."""
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return set()
        if isinstance(statement, ast.If):
            return self.block(statement.body, committed) | self.block(statement.orelse,
                                                                       committed)
        if isinstance(statement, ast.Try):
            after = self.block(statement.body, committed)
            for handler in statement.handlers:
                self.block(handler.body, committed)  # the commit failed, or never ran
            after = self.block(statement.orelse, after)
            return self.block(statement.finalbody, after)
        if isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
            first = self.block(statement.body, committed)
            return self.block(statement.body, first)  # the next turn follows the commit
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            return self.block(statement.body, committed)
        return committed | _commits(statement)


def problems_in(source: str, where: str) -> list[str]:
    checker = Checker(where)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            checker.block(node.body, set())
    return sorted(checker.problems)


def test_no_use_case_uses_its_context_after_committing() -> None:
    found: list[str] = []
    for path in sorted(SERVER.rglob("*.py")):
        if path not in EXEMPT:
            found += problems_in(path.read_text(), str(path.relative_to(ROOT)))
    assert found == [], "compute the answer before ctx.commit():\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    "def f(ctx):\n    ctx.commit()\n    return load(ctx)\n",
    "def f(ctx):\n    try:\n        ctx.commit()\n    except E:\n        raise\n"
    "    ctx.session.refresh(x)\n",
    "def f(ctx):\n    if a:\n        ctx.commit()\n    return view(ctx)\n",
    "def f(self):\n    self.ctx.commit()\n    self.ctx.session.get(X, 1)\n",
    "def f(ctx):\n    for x in y:\n        use(ctx, x)\n        ctx.commit()\n",
])
def test_the_check_finds_a_use_after_the_commit(source: str) -> None:
    assert problems_in(source, "here")


@pytest.mark.parametrize("source", [
    "def f(ctx):\n    answer = load(ctx)\n    ctx.commit()\n    return answer\n",
    "def f(ctx):\n    if dry:\n        ctx.discard()\n    else:\n        ctx.commit()\n"
    "    return result\n",
    "def f(ctx):\n    if done:\n        ctx.commit()\n    else:\n        ctx.session.rollback()\n",
    "def f(ctx):\n    try:\n        ctx.commit()\n    except E:\n        forget(ctx)\n"
    "        raise\n",
])
def test_the_check_lets_an_answer_made_before_the_commit_through(source: str) -> None:
    assert problems_in(source, "here") == []
