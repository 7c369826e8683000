"""Writes ``keys.py`` (the ``MessageKey`` type) from the ``M``/``P`` calls in ``en*.py``.

Run ``python -m service.texts.gen_keys`` after adding or removing a message; a test fails while
``keys.py`` is out of date.
"""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = '''"""Every message key, as a type: mypy checks that code only asks for keys that exist.

Generated from service/texts/en*.py by ``python -m service.texts.gen_keys``; a test keeps it in
sync.
"""

from __future__ import annotations

from typing import Literal

MessageKey = Literal[
'''


def declared_keys() -> list[str]:
    """The keys the English files declare, in file order."""
    keys: list[str] = []
    for path in sorted(HERE.glob("en*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("M", "P")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.append(str(node.args[0].value))
    return keys


def source() -> str:
    """The text ``keys.py`` should have."""
    body = "".join(f'    "{key}",\n' for key in sorted(set(declared_keys())))
    return HEADER + body + "]\n"


if __name__ == "__main__":
    (HERE / "keys.py").write_text(source(), encoding="utf-8")
