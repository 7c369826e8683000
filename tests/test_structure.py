"""The package's shape, kept by tests: no import circles, small feature modules, one kit.

Imports are read from the source (every ``import`` and ``from ... import``, also inside
functions: a lazy import is still a dependency), so this needs no tool beyond the standard library.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "service"
SKIP = ("service/db/migrations/versions",)
FEATURE_MODULE_MAX_LINES = 500
#: Modules in service/bot that are the kit itself or plumbing, not features.
NOT_FEATURES = {"kit", "callbacks", "dialog", "feature", "registry", "state", "__init__"}


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SKIP):
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The package's own modules that ``name`` imports."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    yield sub
                elif base in known:
                    yield base


def graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a package's __init__ is its own node)."""
    known = modules()
    return {
        name: {target for target in imports_of(name, path, known) if target != name}
        for name, path in known.items()
    }


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
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
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    known = {"service.bot.x": tmp_path / "x.py", "service.bot.y": tmp_path / "y.py"}
    source = "def f():\n    from service.bot import y\n    from . import y as z\n"
    known["service.bot.x"].write_text(source)
    assert set(imports_of("service.bot.x", known["service.bot.x"], known)) == {"service.bot.y"}


def test_no_import_circle_under_service() -> None:
    assert circles(graph()) == []


def test_the_domain_core_imports_neither_telegram_nor_sqlalchemy() -> None:
    for name, path in modules().items():
        if not name.startswith("service.domain"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (telegram|sqlalchemy|sqlmodel)\b", text, re.M), (
            name
        )


def feature_modules() -> list[str]:
    return [
        name
        for name in modules()
        if name.startswith("service.bot.") and name.rsplit(".", 1)[-1] not in NOT_FEATURES
    ]


@pytest.mark.parametrize("name", feature_modules())
def test_feature_modules_stay_small(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= FEATURE_MODULE_MAX_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("name", feature_modules())
def test_feature_modules_leave_transactions_and_callback_parsing_to_the_kit(name: str) -> None:
    text = modules()[name].read_text(encoding="utf-8")
    assert ".transaction()" not in text, f"{name} opens a transaction itself"
    assert not re.search(r"\.data\b[^\n]*\.split\(|\.split\(\":\"\)", text), (
        f"{name} parses callback data by hand"
    )
