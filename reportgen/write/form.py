"""Writer: the blank form (.xlsx) that municipalities fill in — `reportgen template`.

Layout (the kind's [form]; what the reader and the benchmark yardsticks expect by default): the
title in row 1, the municipality field label in A2 with its value in B2, the period in A3/B3, the
header row in row 5, then a block of numbered, pre-formatted empty rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from reportgen.catalogue import say
from reportgen.dates import format_date, quarter_examples
from reportgen.kind import Kind, Municipality
from reportgen.model import Section
from reportgen.period import Period, current
from reportgen.write.cells import inert

DATA_SHEET_FALLBACK = say("form.data-sheet")
LIST_NAME = say("form.list-name")  # the drop-down's list: a defined name, Russian like every name a clerk may see
CHARS_PER_CM = 5.5  # Excel column width units (≈ one digit of the default font) per centimetre
LABEL_WIDTH = 15  # column A also holds the field labels, two lines each
FIELD_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def write_form(kind: Kind, path: Path, municipality: Municipality | None = None,
               period: Period | None = None, send_to: str | None = None,
               section: Section | None = None) -> None:
    """Write the form for one municipality (or an unnamed one) to `path`.

    The events of `section` fill the first rows: a form made from an old report
    (`reportgen split`), to send back for correction or to start the next quarter from.
    """
    events = section.events if section is not None else ()
    # Examples are of the form's own quarter (a blank without one: of today's), never a fixed one.
    taught = period or current()
    layout = kind.form
    title_row, municipality_row, period_row, header_row = (
        layout.title_row, layout.municipality_row, layout.period_row, layout.header_row)
    wb = Workbook()
    ws = wb.active
    ws.title = kind.data_sheet or DATA_SHEET_FALLBACK
    columns = kind.columns
    family = kind.font_family
    last_col = get_column_letter(len(columns))

    title = kind.title(period) if period else " ".join(kind.title_pattern.format(period="").split())
    ws.cell(title_row, 1, title).font = Font(name=family, bold=True, size=13)
    ws.cell(title_row, 1).alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.merge_cells(f"A{title_row}:{last_col}{title_row}")
    ws.row_dimensions[title_row].height = 40

    lists = wb.create_sheet(layout.lists_sheet)
    for i, m in enumerate(kind.registry, start=1):
        lists.cell(i, 1, m.form_name)
    lists.sheet_state = "hidden"
    wb.defined_names[LIST_NAME] = DefinedName(
        LIST_NAME, attr_text=f"'{layout.lists_sheet}'!$A$1:$A${len(kind.registry)}")

    field_titles = {f.key: f.title for f in kind.fields}
    for row, key, value in (
        (municipality_row, "municipality", municipality.form_name if municipality else None),
        (period_row, "period", period.label() if period else None),
    ):
        label = ws.cell(row, 1, field_titles.get(key, key))
        label.font = Font(name=family, bold=True, size=10)
        label.alignment = Alignment(wrap_text=True, vertical="center")
        cell = ws.cell(row, 2, value)
        cell.font = Font(name=family, size=12)
        cell.fill = FIELD_FILL
        cell.border = BOX
        cell.alignment = Alignment(vertical="center")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 30

    # The stored formula takes no "=" (Excel may drop a list stored as "=Name").
    choose = DataValidation(type="list", formula1=LIST_NAME, allow_blank=True, showDropDown=False,
                            promptTitle=say("form.municipality"), prompt=say("form.municipality.prompt"),
                            errorTitle=say("form.municipality.error-title"), error=say("form.municipality.error"),
                            errorStyle="warning")
    choose.showInputMessage = choose.showErrorMessage = True
    choose.add(f"B{municipality_row}")
    period_hint = DataValidation(type=None, allow_blank=True, promptTitle=say("form.period"),
                                 prompt=say("form.period.prompt", period=taught))
    period_hint.showInputMessage = True
    period_hint.add(f"B{period_row}")
    ws.add_data_validation(choose)
    ws.add_data_validation(period_hint)

    header_font = Font(name=family, bold=True, size=11)
    header_align = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for col, column in enumerate(columns, start=1):
        c = ws.cell(header_row, col, column.title)
        c.font, c.alignment, c.border = header_font, header_align, BOX
        c.fill = PatternFill("solid", fgColor="D9E1F2")
        width = column.width_cm * CHARS_PER_CM
        if col == 1:
            width = max(width, LABEL_WIDTH)
        ws.column_dimensions[get_column_letter(col)].width = round(max(width, 17 if col > 1 else 0), 1)
    ws.row_dimensions[header_row].height = 80

    first = header_row + 1
    last = header_row + max(kind.form.blank_rows, len(events) + 10)
    number_col = next((i for i, c in enumerate(columns, start=1) if c.role == "number"), None)
    body_font = Font(name=family, size=12)
    for row in range(first, last + 1):
        for col in range(1, len(columns) + 1):
            cell = ws.cell(row, col)
            cell.alignment, cell.border, cell.font = WRAP_TOP, BOX, body_font
        if number_col:
            ws.cell(row, number_col, kind.number_label(row - header_row)).alignment = Alignment(
                horizontal="center", vertical="top")
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1)]
    content = [c for c, column in enumerate(columns, start=1) if column.role != "number"]  # event.cells' columns
    for row, event in enumerate(events, start=first):
        lines = 1
        for i, col in enumerate(content):
            text = event.cells[i] if i < len(event.cells) else ""
            if text:
                ws.cell(row, col, text)
                lines = max(lines, _lines(text, widths[col - 1] * 0.9))
        ws.row_dimensions[row].height = min(409, 16 * lines + 4)  # Calc does not fit rows on load

    dates_col = next((i for i, c in enumerate(columns, start=1) if c.role == "dates"), None)
    if dates_col:
        letter = get_column_letter(dates_col)
        examples = "; ".join(text for text, _ in quarter_examples(taught.year, taught.quarter)[:5])
        dates_hint = DataValidation(type=None, allow_blank=True, promptTitle=say("form.dates"),
                                    prompt=say("form.dates.prompt", examples=examples)[:255])
        dates_hint.showInputMessage = True
        dates_hint.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dates_hint)

    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5

    _instructions(wb, kind, send_to if send_to is not None else kind.form.send_to, family, taught)
    wb.active = 0
    wb.properties.creator = "reportgen"
    wb.properties.title = title
    wb.properties.created = dt.datetime(2025, 1, 1)
    inert(wb)  # the events of an old report, the kind's words: text, never a formula
    wb.save(path)


def instruction_lines(kind: Kind, send_to: str, period: Period) -> list[tuple[str, str, bool]]:
    """The «Инструкция» sheet as (column A, column B, is a heading) lines.

    The one source of the clerks' instruction: the sheet is written from it, and so is
    docs/clerks.md (tools/make_docs.py), so the two never drift apart.
    """
    lines: list[tuple[str, str, bool]] = [(say("form.how.heading"), "", True), ("", "", False)]
    for i, text in enumerate(kind.form.instructions, start=1):
        lines.append((f"{i}.", text.replace("{period}", period.label()), False))  # the kind's placeholder
    lines += [("", "", False), (say("form.how.columns"), "", True)]
    for column in kind.columns:
        if column.hint:
            lines.append((" ".join(column.title.split("\n")[0].split()), column.hint, False))
    lines += [("", "", False), (say("form.how.dates"), "", True)]
    for text, meaning in quarter_examples(period.year, period.quarter):
        lines.append((text, meaning, False))
    day = dt.date(period.year, 3 * period.quarter - 1, 12)  # a day of the quarter's middle month
    lines.append(("", say("form.how.excel-date", day=day, words=format_date(day)), False))
    if kind.form.do_not_change:
        lines += [("", "", False), (say("form.how.do-not-change"), "", True), ("", kind.form.do_not_change, False)]
    if send_to:
        lines += [("", "", False), (say("form.how.send-to"), "", True), ("", send_to, False)]
    return lines


def _instructions(wb: Workbook, kind: Kind, send_to: str, family: str, period: Period) -> None:
    ws = wb.create_sheet(kind.form.instructions_sheet, 1)
    widths = (34, 90)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
    for row, (a, b, heading) in enumerate(instruction_lines(kind, send_to, period), start=1):
        ca, cb = ws.cell(row, 1, a or None), ws.cell(row, 2, b or None)
        ca.alignment = cb.alignment = WRAP_TOP
        ca.font = Font(name=family, bold=heading, size=13 if heading else 12)
        cb.font = Font(name=family, size=12)
        # Calc does not grow rows to fit wrapped text on load; give each row its height.
        lines = max(_lines(a, widths[0]), _lines(b, widths[1]))
        ws.row_dimensions[row].height = 16 * lines + 2
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a generous estimate)."""
    per_line = max(1, int(width * 0.95))
    return max(1, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))


def form_file_name(municipality: Municipality | None, period: Period | None) -> str:
    """A readable name: «Форма_Вяземский_2025-Q2.xlsx»."""
    parts = [say("form.file-name"), *([municipality.short] if municipality else []),
             *([period.code()] if period else [])]
    return "_".join(parts) + ".xlsx"
