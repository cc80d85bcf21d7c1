"""Reader for Word reports: the body of a .docx as paragraphs and tables of cell texts.

Made for reports typed by hand as well as ours: text in runs with mixed formatting, line
breaks as paragraphs or as line-break elements (w:br), empty paragraphs, content controls around tables, merged
cells (gridSpan across, vMerge down), deleted revisions left out.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.catalogue import say
from reportgen.ooxml import Package, parse, transitional, w
from reportgen.damage import code_of, explain
from reportgen.read.sniff import Refused

RESAVE_WORD = say("advice.resave-word")


MAX_DOCUMENT = 64 * 1024 * 1024  # inflated: a report of thousands of events is a few megabytes


@dataclass(frozen=True)
class DocCell:
    text: str
    span: int = 1  # grid columns it covers
    continued: bool = False  # the lower part of a vertically merged cell (its text is above)


@dataclass(frozen=True)
class DocTable:
    number: int  # 1-based, in document order
    rows: tuple[tuple[DocCell, ...], ...]


@dataclass(frozen=True)
class DocBody:
    blocks: tuple[str | DocTable, ...]  # paragraph texts and tables, in document order

    @property
    def tables(self) -> list[DocTable]:
        return [b for b in self.blocks if isinstance(b, DocTable)]


def read_docx(path: Path) -> DocBody:
    """The body of a Word document; Refused when it is not one that can be read.

    The main part is found by the package's relationships and inflated under a real size limit
    (not the size the zip directory claims), then parsed by the safe parser (no DOCTYPE).
    """
    try:
        with zipfile.ZipFile(path) as z:
            package = Package.of(z)
            data = package.part(package.main_part() or "word/document.xml", MAX_DOCUMENT)
        if data is None:
            raise Refused("file-format", say("word.no-main-part"), RESAVE_WORD)
        root = parse(transitional(data))  # a Strict document reads as a Transitional one
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and libxml2 say damage in many ways
        raise Refused(code_of(exc), say("word.damaged", why=explain(exc)), RESAVE_WORD) from exc
    body = root.find(w("body"))
    if body is None:
        raise Refused("file-format", say("word.no-body"), RESAVE_WORD)
    blocks: list[str | DocTable] = []
    _walk(body, blocks)
    return DocBody(tuple(blocks))


# Markup that wraps content without being content: content controls, custom XML, insertions,
# moves. What they wrap is read as if they were not there, at every level (body, row, cell).
_WRAPPERS = {w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo"), w("smartTag")}


def _children(parent, *tags: str):
    """The `tags` children of `parent`, looking through wrappers; deleted or moved-away content is left out."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, *tags)


def _walk(parent, blocks: list) -> None:
    for child in _children(parent, w("p"), w("tbl")):
        if child.tag == w("p"):
            blocks.append(_paragraph_text(child))
        else:
            blocks.append(_table(child, sum(isinstance(b, DocTable) for b in blocks) + 1))


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter(w("t"), w("br"), w("cr"), w("tab"), w("noBreakHyphen")):
        if el.tag == w("t"):
            parts.append(el.text or "")
        elif el.tag in (w("br"), w("cr")):
            if el.get(w("type")) not in ("page", "column"):
                parts.append("\n")
        elif el.tag == w("tab"):
            parts.append("\t")
        else:
            parts.append("-")
    return "".join(parts)


MAX_SPAN = 1000  # grid columns a cell may cover when the table states no grid


def _count(el) -> int:
    value = el.get(w("val")) if el is not None else None
    return int(value) if value is not None and value.isdigit() and len(value) < 7 else 0


def _table(tbl, number: int) -> DocTable:
    grid = tbl.find(w("tblGrid"))
    width = len(grid.findall(w("gridCol"))) if grid is not None else 0
    widest = width or MAX_SPAN  # a span past the grid is clamped: «gridSpan 2000000000» is a typo or a trap
    rows = []
    for tr in _children(tbl, w("tr")):
        cells = []
        props = tr.find(w("trPr"))
        if props is not None and props.find(w("del")) is not None:
            continue  # a row deleted with track changes on
        before = min(_count(props.find(w("gridBefore")) if props is not None else None), widest)
        if before:  # the row starts further right: the skipped grid columns are empty
            cells.append(DocCell("", before))
        position = before
        for tc in _children(tr, w("tc")):
            props = tc.find(w("tcPr"))
            span, continued = 1, False
            if props is not None:
                # Spans end at the grid's edge: the row stays as wide as the table says it is.
                span = min(max(1, _count(props.find(w("gridSpan")))), max(1, widest - position))
                merge = props.find(w("vMerge"))
                continued = merge is not None and merge.get(w("val")) in (None, "continue")
            # Paragraphs of nested tables belong to those tables; a report has none, so flatten.
            text = "\n".join(_paragraph_text(p) for p in tc.iter(w("p")))
            cells.append(DocCell(text, span, continued))
            position += span
        rows.append(tuple(cells))
    return DocTable(number, tuple(rows))
