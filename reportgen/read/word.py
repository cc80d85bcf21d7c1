"""Reader for Word reports: the body of a .docx as paragraphs and tables of cell texts.

Made for reports typed by hand as well as ours: text in runs with mixed formatting, line
breaks as paragraphs or as <w:br/>, empty paragraphs, content controls around tables, merged
cells (gridSpan across, vMerge down), deleted revisions left out.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.ooxml import W, Package, parse, transitional
from reportgen.damage import code_of, explain
from reportgen.read.sniff import Refused

RESAVE_WORD = "Откройте документ в Word и сохраните его заново как «Документ Word (.docx)»."


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
            raise Refused("file-format", "В документе Word нет основной части (word/document.xml)", RESAVE_WORD)
        root = parse(transitional(data))  # a Strict document reads as a Transitional one
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and libxml2 say damage in many ways
        raise Refused(code_of(exc), f"Документ Word поврежден: {explain(exc)}", RESAVE_WORD) from exc
    body = root.find(f"{W}body")
    if body is None:
        raise Refused("file-format", "В документе Word нет содержимого", RESAVE_WORD)
    blocks: list[str | DocTable] = []
    _walk(body, blocks)
    return DocBody(tuple(blocks))


# Markup that wraps content without being content: content controls, custom XML, insertions,
# moves. What they wrap is read as if they were not there, at every level (body, row, cell).
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo", f"{W}smartTag"}


def _children(parent, *tags: str):
    """The `tags` children of `parent`, looking through wrappers; deleted or moved-away content is left out."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, *tags)


def _walk(parent, blocks: list) -> None:
    for child in _children(parent, f"{W}p", f"{W}tbl"):
        if child.tag == f"{W}p":
            blocks.append(_paragraph_text(child))
        else:
            blocks.append(_table(child, sum(isinstance(b, DocTable) for b in blocks) + 1))


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab", f"{W}noBreakHyphen"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag in (f"{W}br", f"{W}cr"):
            if el.get(f"{W}type") not in ("page", "column"):
                parts.append("\n")
        elif el.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("-")
    return "".join(parts)


MAX_SPAN = 1000  # grid columns a cell may cover when the table states no grid


def _count(el) -> int:
    value = el.get(f"{W}val") if el is not None else None
    return int(value) if value is not None and value.isdigit() and len(value) < 7 else 0


def _table(tbl, number: int) -> DocTable:
    grid = tbl.find(f"{W}tblGrid")
    width = len(grid.findall(f"{W}gridCol")) if grid is not None else 0
    widest = width or MAX_SPAN  # a span past the grid is clamped: «gridSpan 2000000000» is a typo or a trap
    rows = []
    for tr in _children(tbl, f"{W}tr"):
        cells = []
        props = tr.find(f"{W}trPr")
        if props is not None and props.find(f"{W}del") is not None:
            continue  # a row deleted with track changes on
        before = min(_count(props.find(f"{W}gridBefore") if props is not None else None), widest)
        if before:  # the row starts further right: the skipped grid columns are empty
            cells.append(DocCell("", before))
        position = before
        for tc in _children(tr, f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span, continued = 1, False
            if props is not None:
                # Spans end at the grid's edge: the row stays as wide as the table says it is.
                span = min(max(1, _count(props.find(f"{W}gridSpan"))), max(1, widest - position))
                merge = props.find(f"{W}vMerge")
                continued = merge is not None and merge.get(f"{W}val") in (None, "continue")
            # Paragraphs of nested tables belong to those tables; a report has none, so flatten.
            text = "\n".join(_paragraph_text(p) for p in tc.iter(f"{W}p"))
            cells.append(DocCell(text, span, continued))
            position += span
        rows.append(tuple(cells))
    return DocTable(number, tuple(rows))
