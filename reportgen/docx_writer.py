"""Writer: the report model → a .docx file (title paragraph and one table)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from . import _ooxml as x
from .kind import Kind
from .model import Report

_BATCH = 500  # rows per write: keeps memory flat on huge reports without a write per cell


class ReferenceDocError(Exception):
    """The --reference-doc file cannot serve as a reference; the message is for the user."""


MAX_REFERENCE_BYTES = 50 * 2**20


def write_docx(report: Report, kind: Kind, path: Path, reference_doc: Path | None = None) -> None:
    """Write the report to `path` (the caller makes the write atomic)."""
    if reference_doc is not None:
        _write_into_reference(report, kind, path, reference_doc)
        return
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


def _write_into_reference(report: Report, kind: Kind, path: Path, reference: Path) -> None:
    """The title and table inside the office's own document: its styles, page, headers, footers."""
    try:
        src = zipfile.ZipFile(reference)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReferenceDocError(f"«{reference}» — не документ Word (.docx)") from exc
    with src:
        infos = src.infolist()
        if sum(i.file_size for i in infos) > MAX_REFERENCE_BYTES or "word/document.xml" not in src.namelist():
            raise ReferenceDocError(f"«{reference}» — не документ Word (.docx) или слишком велик")
        body = x.split_reference(src.read("word/document.xml").decode("utf-8", errors="replace"))
        if body is None:
            raise ReferenceDocError(f"В «{reference}» не найдены параметры страницы документа Word")
        scale = body.usable_width / x.twips(sum(report.widths_cm))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for info in infos:
                if info.filename == "word/document.xml":
                    continue
                z.writestr(x.zip_entry(info.filename), src.read(info.filename))
            with z.open(x.zip_entry("word/document.xml"), "w") as out:
                out.write(body.head.encode("utf-8"))
                for chunk in _content(report, kind, scale, x.TIGHT):
                    out.write(chunk.encode("utf-8"))
                out.write((body.section + "</w:body></w:document>").encode("utf-8"))


def _document(report: Report, kind: Kind) -> Iterator[str]:
    yield x.document_start()
    yield from _content(report, kind)
    yield x.document_end(x.twips(kind.margin_cm))


def _content(report: Report, kind: Kind, scale: float = 1.0, tight: str = "") -> Iterator[str]:
    """The title paragraph and the table: everything of the body but the section properties.

    `tight` is paragraph spacing to set on every cell paragraph: our own styles make it zero,
    a reference document's Normal style may not.
    """
    widths = [round(x.twips(w) * scale) for w in report.widths_cm]
    total = sum(widths)
    title_ppr = f'<w:pPr><w:keepNext/>{x.CENTER}<w:spacing w:after="240"/></w:pPr>'
    yield x.paragraphs(report.title, title_ppr, f"<w:rPr>{x.BOLD}{x.size(kind.title_size)}</w:rPr>")
    yield x.table_start(widths)

    center = f"<w:pPr>{tight}{x.CENTER}</w:pPr>"
    plain = f"<w:pPr>{tight}</w:pPr>" if tight else ""
    bold = f"<w:rPr>{x.BOLD}</w:rPr>"
    yield x.row((x.cell(t, w, ppr=center, rpr=bold, tcpr=x.V_CENTER) for t, w in zip(report.columns, widths)),
                header=True)

    # A section header stays on the page of its first event: keep-with-next on its paragraph.
    section_ppr = f"<w:pPr>{x.KEEP_NEXT}{tight}{x.CENTER}</w:pPr>"
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
                x.cell(t, w, ppr=center if i == number else plain) for i, (t, w) in enumerate(zip(cells, widths))
            ))
            if len(batch) >= _BATCH:
                yield "".join(batch)
                batch.clear()
    yield "".join(batch)
    yield x.TABLE_END
    yield x.PARAGRAPH_AFTER_TABLE
