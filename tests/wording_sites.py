"""Where reportgen still writes Russian outside the catalogue: string literals with Cyrillic letters.

    python tests/wording_sites.py          # the count and each site (module:line)

Docstrings do not count (they are for developers); data vocabularies that are matched against
what users typed (month names, title words) are listed in VOCABULARY and do not count either.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Modules that hold what users' text is matched against, not what reportgen says.
VOCABULARY = {"catalogue.py"}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def sites() -> list[tuple[str, int]]:
    """(module, line) of every string literal with Cyrillic letters outside the catalogue."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in VOCABULARY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        lines = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and CYRILLIC.search(node.value):
                lines.add(node.lineno)
        found.extend((name, line) for line in sorted(lines))
    return found


if __name__ == "__main__":
    every = sites()
    for name, line in every:
        print(f"{name}:{line}")
    modules = {name for name, _ in every}
    print(f"{len(every)} sites in {len(modules)} modules", file=sys.stderr)
