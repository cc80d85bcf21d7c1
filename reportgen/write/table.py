"""Writers for analysts: the consolidated table as .xlsx (filters, frozen header) and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind
from reportgen.model import Note, Report
from reportgen.text import EXCEL_CELL_MAX, fit_cell


def _headers(kind: Kind, longer: bool = False) -> list[str]:
    content = [c.title.split("\n")[0] for c in kind.content_columns]
    quarter = [kind.term.column_title] if longer else []
    return [say("table.headers.number"), say("table.headers.municipality"), *content, *quarter,
            *(say(f"table.headers.{h}") for h in ("start", "end", "file", "sheet", "cell"))]


def _longer(report: Report) -> bool:
    """A half-year, nine months or a year: each event's quarter(s) is a column of the tables."""
    from reportgen.period import Term

    return isinstance(report.period, Term) and report.period.quarter is None


def write_xlsx(report: Report, kind: Kind, path: Path) -> list[Diagnostic]:
    """One row per event, parsed dates as real dates, the source of every row; streamed.

    A text longer than an Excel cell holds is shortened, and named in the findings returned.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from reportgen.read.sniff import OWN_TABLE
    from reportgen.write.cells import as_text

    wb = Workbook(write_only=True)
    wb.properties.creator = "reportgen"
    wb.properties.category = OWN_TABLE  # read back among forms, it is recognised and skipped
    wb.properties.title = report.title
    ws = wb.create_sheet(kind.export_sheet)
    longer = _longer(report)
    headers = _headers(kind, longer)
    widths = [6, 18, *(max(12, c.width_cm * 4) for c in kind.content_columns), *([10] if longer else []),
              12, 12, 24, 14, 8]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    n = report.event_count
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n + 1}"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    head = []
    for title in headers:
        cell = as_text(WriteOnlyCell(ws, value=title))
        cell.font = bold
        head.append(cell)
    ws.append(head)
    shortened = []
    titles = [c.title.splitlines()[0] for c in kind.content_columns]
    for section in report.sections:
        for e in section.events:
            row = [e.number, as_text(WriteOnlyCell(ws, value=section.municipality))]
            for title, full in zip(titles, e.cells):
                text, cut = fit_cell(full)
                if cut:
                    shortened.append(Diagnostic(
                        "cell-shortened", say("table.cell-shortened", number=e.number, title=title, length=len(full),
                                              limit=EXCEL_CELL_MAX),
                        file=e.file, sheet=e.sheet, cell=say("table.line", line=e.line)))
                cell = as_text(WriteOnlyCell(ws, value=text))  # a form's «=…» stays the text it was
                cell.alignment = wrap
                row.append(cell)
            if longer:
                row.append(as_text(WriteOnlyCell(ws, value=e.quarters)))
            for day in (e.start, e.end):
                cell = WriteOnlyCell(ws, value=day)
                if day is not None:
                    cell.number_format = "DD.MM.YYYY"
                row.append(cell)
            row += [as_text(WriteOnlyCell(ws, value=v)) for v in (e.file, e.sheet, e.ref)]  # names come from outside too
            ws.append(row)
    wb.save(path)
    return shortened


def report_data(report: Report, kind: Kind, note: Note | None = None) -> dict:
    """The --json document; with the cover note (build --note), its figures under "note", each with its events."""
    keys = [c.key for c in kind.content_columns]
    uniform = report.dates != "as-typed"
    longer = _longer(report)
    data = {
        "title": report.title,
        "period": report.period.code() if report.period else "",  # "2025-Q2": the JSON keeps the code
        "columns": {c.key: c.title for c in kind.content_columns},
        "events": [
            {
                "number": e.number,
                "municipality": section.municipality,
                "section": section.title,
                **dict(zip(keys, e.cells)),
                **({"quarters": e.quarters} if longer else {}),
                # Written in the report's one style: the dates as the form typed them (null: unreadable, kept as typed).
                **({"dates_typed": e.dates_typed} if uniform else {}),
                "start": e.start.isoformat() if e.start else None,
                "end": e.end.isoformat() if e.end else None,
                "file": e.file, "sheet": e.sheet, "cell": e.ref, "row": e.line,
            }
            for section in report.sections for e in section.events
        ],
    }
    if uniform:
        data["dates"] = report.dates
    if longer:  # which quarters' rows became one event of the period
        data["merges"] = [m.to_json() for m in report.merges]
    if report.closing is not None:
        c = report.closing
        data["closing"] = {
            "lists": [{"heading": heading, "lines": list(lines)} for heading, lines in c.lists],
            "counts": [{"municipality": name, "events": n} for name, n in c.counts],
            "total": c.total,
            "signature": [list(pair) for pair in c.signature],
        }
    if note is not None:
        data["note"] = note.to_json()
    return data


def write_json(report: Report, kind: Kind, path: Path, note: Note | None = None) -> list[Diagnostic]:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report_data(report, kind, note), f, ensure_ascii=False, indent=1)
        f.write("\n")
    return []
