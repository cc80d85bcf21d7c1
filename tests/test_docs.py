"""The generated parts of docs/ match the program: help pages, the table of codes, the clerks' instruction."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = "Regenerate with: python tools/make_docs.py (then commit docs/)"


def _make_docs():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "tools" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_have_not_drifted():
    make_docs = _make_docs()
    drifted = [p.name for p in sorted((ROOT / "docs").glob("*.md"))
               if make_docs.regenerate(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    assert drifted == [], f"docs out of date: {drifted}. {FIX}"


def test_every_block_is_present():
    """Each command's help, the codes and the instruction are in the docs (a block removed is not 'in sync')."""
    make_docs = _make_docs()
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    missing = [name for name in make_docs.BLOCKS if f"<!-- BEGIN {name} -->" not in text]
    assert missing == [], FIX


def test_clerks_doc_is_the_forms_sheet(tmp_path):
    """docs/clerks.md says what the «Инструкция» sheet of a written form says, line for line."""
    from openpyxl import load_workbook

    from reportgen.kind import load_kind
    from reportgen.period import Period
    from reportgen.write.form import write_form

    kind = load_kind()
    write_form(kind, tmp_path / "f.xlsx", period=Period(2025, 2))
    sheet = load_workbook(tmp_path / "f.xlsx")[kind.form.instructions_sheet]
    doc = (ROOT / "docs" / "clerks.md").read_text(encoding="utf-8")
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts and [t for t in texts if t not in doc] == []


def test_version_from_one_place():
    """pyproject takes the version from reportgen/__init__.py; `python -m reportgen --version` shows it."""
    import os
    import subprocess
    import sys

    import reportgen

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and 'path = "reportgen/__init__.py"' in text
    proc = subprocess.run([sys.executable, "-m", "reportgen", "--version"], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert proc.returncode == 0 and proc.stdout.split() == ["reportgen", proc.stdout.split()[1]]
    assert f"## {reportgen.__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_launchers_are_windows_batch_files():
    """Double-click launchers: CRLF lines, UTF-8 console before any Cyrillic, the py launcher, a pause to read."""
    launchers = sorted((ROOT / "launchers").glob("*.cmd"))
    assert len(launchers) >= 2
    for path in launchers:
        raw = path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), path.name
        lines = raw.decode("utf-8").split("\r\n")
        assert lines[1] == "chcp 65001 >nul" and all(ord(c) < 128 for c in lines[0] + lines[1]), path.name
        assert any(line.startswith("py -m reportgen ") for line in lines) and "pause" in lines, path.name


def test_every_page_is_reachable():
    """Each docs/ page is linked from docs/index.md, and the index and DEVELOPING.md from the README."""
    import re

    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#]+)\)", index))
    pages = {p.name for p in (ROOT / "docs").glob("*.md")} - {"index.md"}
    assert pages - linked == set()
    assert all((ROOT / "docs" / target).is_file() for target in linked), linked
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/index.md)" in readme and "](DEVELOPING.md)" in readme


def test_ci_runs_the_readmes_test_command():
    """`.ci/run` calls the README's test command word for word (the second line of its first block)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("```")[1].strip().splitlines()[-1]
    assert "pytest" in command
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_guide_numbers_its_lists_straight_and_repeats_no_option():
    """docs/index.md numbered «8.» twice; quarter.md once said «`--reference-doc` `--reference-doc`»."""
    import re

    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", index, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(`[^`\n]+`)\s+\1", text), page.name
