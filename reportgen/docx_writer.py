"""Writer: the report model → a .docx file (title paragraph and one table)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from . import _ooxml as x
from .kind import Kind
from .model import Report

_BATCH = 500  # rows per write: keeps memory flat on huge reports without a write per cell


def write_docx(report: Report, kind: Kind, path: Path) -> None:
    """Write the report to `path` (the caller makes the write atomic)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in (
            ("[Content_Types].xml", x.CONTENT_TYPES),
            ("_rels/.rels", x.PACKAGE_RELS),
            ("docProps/core.xml", x.core_properties(report.title)),
            ("docProps/app.xml", x.APP_PROPERTIES),
            ("word/_rels/document.xml.rels", x.DOCUMENT_RELS),
            ("word/styles.xml", x.styles(kind.font_family, kind.table_size)),
            ("word/settings.xml", x.SETTINGS),
            ("word/fontTable.xml", x.font_table(kind.font_family)),
            ("word/footer1.xml", x.FOOTER),
        ):
            z.writestr(x.zip_entry(name), text)
        with z.open(x.zip_entry("word/document.xml"), "w") as out:
            for chunk in _document(report, kind):
                out.write(chunk.encode("utf-8"))


def _document(report: Report, kind: Kind) -> Iterator[str]:
    widths = [x.twips(w) for w in report.widths_cm]
    total = sum(widths)
    yield x.document_start()
    title_ppr = f'<w:pPr><w:keepNext/>{x.CENTER}<w:spacing w:after="240"/></w:pPr>'
    yield x.paragraphs(report.title, title_ppr, f"<w:rPr>{x.BOLD}{x.size(kind.title_size)}</w:rPr>")
    yield x.table_start(widths)

    center = f"<w:pPr>{x.CENTER}</w:pPr>"
    bold = f"<w:rPr>{x.BOLD}</w:rPr>"
    yield x.row((x.cell(t, w, ppr=center, rpr=bold, tcpr=x.V_CENTER) for t, w in zip(report.columns, widths)),
                header=True)

    # A section header stays on the page of its first event: keep-with-next on its paragraph.
    section_ppr = f"<w:pPr>{x.KEEP_NEXT}{x.CENTER}</w:pPr>"
    number = report.number_column
    batch: list[str] = []
    for section in report.sections:
        batch.append(x.row([x.cell(section.title, total, span=len(widths), ppr=section_ppr, rpr=bold)],
                           cant_split=True))
        for event in section.events:
            cells = report.row_cells(event)
            # Event rows may break across pages, as in the reference report: keeping them whole
            # (cantSplit) was tried and left a third of many pages blank (49 pages instead of 39).
            batch.append(x.row(
                x.cell(t, w, ppr=center if i == number else "") for i, (t, w) in enumerate(zip(cells, widths))
            ))
            if len(batch) >= _BATCH:
                yield "".join(batch)
                batch.clear()
    yield "".join(batch)
    yield x.TABLE_END
    yield x.document_end(x.twips(kind.margin_cm))
