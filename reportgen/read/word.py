"""Reader for Word reports: the body of a .docx as paragraphs and tables of cell texts.

Made for reports typed by hand as well as ours: text in runs with mixed formatting, line
breaks as paragraphs or as <w:br/>, empty paragraphs, content controls around tables, merged
cells (gridSpan across, vMerge down), deleted revisions left out.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.ooxml import W, Package, parse
from reportgen.read.sniff import Refused


MAX_DOCUMENT = 256 * 1024 * 1024  # sniff has bounded the package; this bounds what is read of it


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
    """The body of a Word document; Refused when it is not one that can be read."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            package = Package.of(z)
            data = package.read(package.main_part() or "word/document.xml", MAX_DOCUMENT)
        if data is None:
            raise KeyError("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        raise Refused("file-unreadable", f"Документ Word поврежден: {exc}",
                      "Откройте его в Word и сохраните заново как «Документ Word (.docx)».") from exc
    try:
        root = parse(data)
    except etree.XMLSyntaxError as exc:
        raise Refused("file-unreadable", f"Документ Word поврежден: {exc}",
                      "Откройте его в Word и сохраните заново как «Документ Word (.docx)».") from exc
    body = root.find(f"{W}body")
    if body is None:
        raise Refused("file-format", "В документе Word нет содержимого")
    blocks: list[str | DocTable] = []
    _walk(body, blocks)
    return DocBody(tuple(blocks))


def _walk(parent, blocks: list) -> None:
    for child in parent:
        if child.tag == f"{W}p":
            blocks.append(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            blocks.append(_table(child, sum(isinstance(b, DocTable) for b in blocks) + 1))
        elif child.tag == f"{W}sdt":  # a content control: its content is part of the body
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, blocks)
        elif child.tag in (f"{W}customXml", f"{W}ins"):
            _walk(child, blocks)


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


def _table(tbl, number: int) -> DocTable:
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
            if tc.tag == f"{W}sdt":  # a content control around a cell
                content = tc.find(f"{W}sdtContent")
                tc = content.find(f"{W}tc") if content is not None else None
                if tc is None:
                    continue
            props = tc.find(f"{W}tcPr")
            span, continued = 1, False
            if props is not None:
                grid = props.find(f"{W}gridSpan")
                if grid is not None and (grid.get(f"{W}val") or "").isdigit():
                    span = max(1, int(grid.get(f"{W}val")))
                merge = props.find(f"{W}vMerge")
                continued = merge is not None and merge.get(f"{W}val") in (None, "continue")
            # Paragraphs of nested tables belong to those tables; a report has none, so flatten.
            text = "\n".join(_paragraph_text(p) for p in tc.iter(f"{W}p"))
            cells.append(DocCell(text, span, continued))
        rows.append(tuple(cells))
    return DocTable(number, tuple(rows))
