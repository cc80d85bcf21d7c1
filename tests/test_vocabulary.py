"""The XML vocabulary lives in reportgen/ooxml.py (and its ODF sibling, odf.py): nothing else spells it.

Readers and writers ask for names (`w("tbl")`, `sml("row")`, `table("table-cell")`, `clark("pr", ...)`);
a namespace URI, a Clark name or a `w:` tag typed anywhere else is a second copy of the vocabulary.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"
HOMES = {PACKAGE / "ooxml.py", PACKAGE / "odf.py"}
# The namespace prefixes ooxml.py keeps to itself: importing them means building names by hand.
PRIVATE = {"W", "W_NS", "R", "R_NS", "PKG_REL_NS", "CT_NS"}

SPELLED = [
    (re.compile(r"schemas\.openxmlformats\.org"), "an Office Open XML namespace"),
    (re.compile(r"purl\.oclc\.org/ooxml"), "a Strict OOXML namespace"),
    (re.compile(r"urn:oasis:names:tc:opendocument"), "an OpenDocument namespace"),
    (re.compile(r"^\{(?:https?:|urn:|\*\})"), "a Clark name"),
    (re.compile(r"^\{\*\}"), "a wildcard name"),
    (re.compile(r"(?<!\{)\{(?:W|R|W_NS|R_NS|PKG_REL_NS|CT_NS)\}"), "a namespace prefix pasted into a name"),
    (re.compile(r"</?w:[A-Za-z]"), "a WordprocessingML tag"),
    (re.compile(r"^w:[A-Za-z]+$"), "a WordprocessingML name"),
]


def _strings(source: str):
    """(line, text) of every string literal (f-string parts included) in a module's source."""
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):  # an f-string before 3.12: its literal text is enough
                value = re.sub(r"^[A-Za-z]*(['\"]{1,3})|(['\"]{1,3})$", "", tok.string)
            if isinstance(value, bytes):
                continue  # sniffing raw bytes for a marker is not building a name
            yield tok.start[0], value
        elif tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            yield tok.start[0], tok.string


def offences(name: str, source: str) -> list[str]:
    found = []
    for line, text in _strings(source):
        for pattern, what in SPELLED:
            if pattern.search(text):
                found.append(f"{name}:{line}: {what} in {text[:60]!r}")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in ("reportgen.ooxml", "reportgen.odf"):
            for alias in node.names:
                if alias.name in PRIVATE:
                    found.append(f"{name}:{node.lineno}: imports {alias.name}")
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE and isinstance(node.value, ast.Name) \
                and node.value.id in ("x", "ooxml", "odf"):
            found.append(f"{name}:{node.lineno}: uses {node.value.id}.{node.attr}")
    return found


def test_no_module_but_ooxml_spells_xml_names():
    found = [o for path in sorted(PACKAGE.rglob("*.py")) if path not in HOMES
             for o in offences(str(path.relative_to(PACKAGE.parent)), path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("snippet", [
    'TAG = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"\n',
    'ROW = "{*}row"\n',
    'def f(W):\n    return f"{W}tbl"\n',
    'from reportgen.ooxml import W\n',
    'P = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"\n',
    'CELL = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell"\n',
])
def test_the_guard_sees_a_spelled_name(snippet):
    # The guard itself can fail: each way of re-typing the vocabulary is caught.
    assert offences("probe.py", snippet)


def test_the_names_asked_for_are_the_schema_names():
    from reportgen import odf, ooxml

    assert ooxml.w("tbl") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"
    assert ooxml.r("id") == "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert ooxml.clark("pr", "Relationship") == \
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
    assert ooxml.sml("row") == "{*}row"
    assert odf.table("table-cell") == "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell"


def test_one_relationships_writer_keeps_external_targets_and_line_breaks():
    from reportgen import ooxml

    root = ooxml.parse(ooxml.relationships([("rId1", "t", "a.png"), ("rId2", "t", "http://x/\ny", True)]).encode())
    rels = [(el.get("Id"), el.get("Target"), el.get("TargetMode")) for el in root]
    assert rels == [("rId1", "a.png", None), ("rId2", "http://x/\ny", "External")]
