"""The return letter: a copy of each form with every finding marked on its cell.

Each marked cell gets a fill colour by severity and a comment in Russian (message and what to
do). A first sheet «Замечания» lists every finding with a link to its cell. The rest of the copy
stays as the municipality sent it (openpyxl keeps values, styles, merged cells, validations and
comments; it does not keep pictures or charts). The original is only read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from reportgen.diagnostics import Diagnostic
from reportgen.read.inputs import InputFile
from reportgen.write.plan import atomic_output, together
from reportgen.model import NOTES_SHEET

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
RANK = {"error": 0, "warning": 1, "info": 2}
WORDS = {"error": "Ошибка", "warning": "Предупреждение", "info": "Примечание"}


def annotated_name(source: Path) -> str:
    """Same file name; .xls and .ods copies become .xlsx (what can be written back)."""
    return source.name if source.suffix.lower() in (".xlsx", ".xlsm") else f"{source.stem}.xlsx"


def copy_name(item: InputFile) -> str:
    """The marked copy's name; a form that came by e-mail is named by its message too («Вязьма.eml — Форма.xlsx»),
    since many municipalities send the same attachment name."""
    if item.source is None:
        return annotated_name(item.path)
    import re

    message = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", Path(item.source.message.replace("\\", "/")).name)
    return annotated_name(Path(f"{message} — {item.path.name}"))


def plan_copies(inputs, outdir: Path) -> None:
    """Check, before any input is read, where the marked copies would go (raises UsageProblem)."""
    from reportgen.write.plan import OutputPlan, check_folder

    check_folder(outdir, "--annotate")
    plan = OutputPlan(inputs, folders=[outdir])
    for item in inputs:
        plan.add(outdir / copy_name(item), f"копию с замечаниями к «{item.display}»", (".xlsx", ".xlsm"),
                 "--annotate", "другую папку")
    plan.check()


def annotate_all(checked, outdir: Path) -> list[tuple[str, Path | None]]:
    """Write a marked copy of every input that has findings; (input, copy or None if it can't be read)."""
    outdir.mkdir(exist_ok=True)
    by_display = {i.display: i for i in checked.inputs}
    done: list[tuple[str, Path | None]] = []
    with together():  # all the copies or none
        for sub in checked.validation.submissions:
            if not any(d.severity != "info" for d in sub.diagnostics):
                continue  # notes alone ask nothing of the clerk: no copy goes back
            item = by_display[sub.form.file]
            if not sub.form.readable:
                done.append((item.display, None))  # not a workbook we can open: the message says why
                continue
            target = outdir / copy_name(item)
            with atomic_output(target) as tmp:
                annotate(item, sub.diagnostics, tmp)
            done.append((item.display, target))
    return done


def annotate(item: InputFile, diagnostics: tuple[Diagnostic, ...], target: Path) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    from reportgen.write.letters import for_clerk

    # The copy goes back to the clerk: their words, not the coordinator's commands and options.
    diagnostics = tuple(replace(d, message=for_clerk(d.message), hint=for_clerk(d.hint) if d.hint else d.hint)
                        for d in diagnostics)

    wb = _open(item.path)
    by_cell: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if d.sheet in wb.sheetnames and d.cell:
            by_cell[(d.sheet, d.cell)].append(d)
    for (sheet, ref), found in by_cell.items():
        cell = _writable(wb[sheet], ref)
        worst = min(found, key=lambda d: RANK[d.severity]).severity
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        # Clerks read these: the message and what to do, no codes (scripts have the text and JSON output).
        text = "\n\n".join(f"{WORDS[d.severity]}: {d.message}" + (f"\nЧто сделать: {d.hint}" if d.hint else "")
                           for d in found)
        if cell.comment is not None:
            text = f"{text}\n\n— прежний комментарий —\n{cell.comment.text}"
        comment = Comment(text, "Проверка формы")
        comment.width, comment.height = 320, min(600, 40 + 15 * (len(text) // 45 + text.count("\n")))
        cell.comment = comment

    ws = wb.create_sheet(_unique(NOTES_SHEET, wb.sheetnames), 0)
    headers = ("№", "Где", "Важность", "Замечание", "Что сделать")
    widths = (5, 22, 16, 70, 60)
    for col, (title, width) in enumerate(zip(headers, widths), start=1):
        ws.cell(1, col, title).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, d in enumerate(diagnostics, start=1):
        row = n + 1
        ws.cell(row, 1, n).alignment = wrap
        where = ws.cell(row, 2, f"{d.sheet}!{d.cell}" if d.cell else (d.sheet or "весь файл"))
        where.alignment = wrap
        if d.cell and d.sheet in wb.sheetnames:
            where.hyperlink = Hyperlink(ref=where.coordinate, location=f"'{d.sheet}'!{d.cell}")
            where.font = Font(color="0563C1", underline="single")
        severity = ws.cell(row, 3, WORDS[d.severity])
        severity.fill, severity.alignment = PatternFill("solid", fgColor=FILLS[d.severity]), wrap
        ws.cell(row, 4, d.message).alignment = wrap
        ws.cell(row, 5, d.hint).alignment = wrap
        # Excel and Calc do not grow rows to fit wrapped text when they open a file: give each its height.
        lines = max(_lines(d.message, widths[3]), _lines(d.hint, widths[4]), 1)
        ws.row_dimensions[row].height = 15 * lines + 3
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 0
    for sheet in wb.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    wb.save(target)


def _open(path: Path):
    from openpyxl import Workbook, load_workbook

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
    # .xls / .ods: a new workbook with the same sheets and values (styles cannot come along).
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    wb = Workbook()
    wb.remove(wb.active)
    for meta in book.sheets_metadata:
        ws = wb.create_sheet(meta.name[:31])
        for row in book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False):
            ws.append([v if v != "" else None for v in row])
        if not str(meta.visible).endswith("Visible"):
            ws.sheet_state = "hidden"
    return wb


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (a generous estimate)."""
    per_line = max(1, int(width * 0.95))
    return sum(-(-len(part) // per_line) or 1 for part in (text or "").split("\n"))


def _writable(ws, ref: str):
    """The cell at `ref`, or the first cell of the merged range that covers it (the one that holds the value)."""
    from openpyxl.cell.cell import MergedCell

    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(merged.min_row, merged.min_col)
    return cell


def _unique(name: str, taken: list[str]) -> str:
    n, candidate = 1, name
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate
