import ast
from pathlib import Path

import service.domain

FORBIDDEN = ("telegram", "sqlalchemy", "sqlmodel", "service.db", "service.bot")


def test_domain_imports_no_framework() -> None:
    root = Path(service.domain.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
