"""Every code a user can meet is asserted by some test: a code no test triggers can break unseen."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _codes() -> list[str]:
    # The catalogue holds the codes once it exists; until then the table in diagnostics does.
    module = "reportgen.catalogue" if importlib.util.find_spec("reportgen.catalogue") else "reportgen.diagnostics"
    return list(importlib.import_module(module).CODES)


def _literals() -> list[str]:
    """Every string constant written in the test modules and their helpers (hostile.py's cases), this one aside."""
    found = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name == Path(__file__).name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A docstring that names a code asserts nothing.
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                found.append(node.value)
    return found


def test_every_code_is_asserted_by_a_test():
    codes = _codes()
    assert len(codes) > 50  # the table was found, not an empty stand-in
    text = "\n".join(_literals())
    # A code counts where a test spells it whole: "date-missing" does not count for "date-missing-year".
    untested = [c for c in codes if not re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    assert untested == [], f"no test asserts: {', '.join(untested)}"
