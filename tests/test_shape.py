"""The package's shape: stages import only what comes before them; every finding's code is documented."""

import ast
from pathlib import Path

import reportgen

PACKAGE = Path(reportgen.__file__).parent
# Lower numbers come first; a module may import its own layer and those below it, never a later one.
LAYERS = {
    "reportgen.errors": 0, "reportgen.catalogue": 0, "reportgen.budget": 0, "reportgen.temp": 0, "reportgen.damage": 0, "reportgen.text": 0, "reportgen.diagnostics": 0, "reportgen.ooxml": 0,
    "reportgen.odf": 0,  # ooxml's ODF sibling
    "reportgen.compact": 0,  # how the model pickles
    "reportgen.period": 1, "reportgen.names": 1, "reportgen.dates": 1, "reportgen.kind": 2, "reportgen.model": 2,
    "reportgen.read": 3, "reportgen.check": 4, "reportgen.assemble": 5, "reportgen.write": 6,
    "reportgen.api": 7, "reportgen.cli": 8, "reportgen.__main__": 9, "reportgen": 9,
}


def layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rsplit(".", 1)[0]
    return LAYERS[module]


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, ast.parse(path.read_text(encoding="utf-8"))


def imported(tree):
    """Every reportgen module imported anywhere in the file, inside functions too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportgen"):
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("reportgen"))


def test_every_module_has_a_layer():
    names = [name for name, _ in modules()]
    assert len(names) > 30
    for name in names:
        layer(name)  # KeyError for a module outside the table


def test_no_stage_imports_a_later_one():
    wrong = [(name, target) for name, tree in modules() for target in imported(tree) if layer(target) > layer(name)]
    assert wrong == []


def test_imports_are_absolute():
    relative = [name for name, tree in modules() for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == []


def test_every_diagnostic_code_is_documented():
    """docs/codes.md lists every code reportgen emits (`family-rest`, or `-rest` after its family)."""
    from reportgen.diagnostics import CODES

    readme = (PACKAGE.parent / "docs" / "codes.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in readme
               and not (f"`{code.split('-', 1)[0]}-" in readme and f"`-{code.split('-', 1)[1]}`" in readme)]
    assert missing == []


def test_no_import_cycles():
    """The one-way dependencies (read → check → assemble → write → cli) hold, imports inside functions counted."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(PACKAGE.parent / "tools" / "import_cycles.py"), str(PACKAGE)],
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "import cycles: 0", proc.stdout + proc.stderr
