"""Read a built report back (python-docx): the title and the table's rows as lists of cell texts."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def read_report(path: Path) -> tuple[str, list[list[str]]]:
    """Title paragraph text and every table row as its distinct cells (a merged row is one cell)."""
    d = docx.Document(str(path))
    title = d.paragraphs[0].text
    table = d.tables[0]
    rows = [[cell_text(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    return title, rows
