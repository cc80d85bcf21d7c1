"""The return letter: a copy of each form with every finding marked on its cell.

Each marked cell gets a fill colour by severity and a comment in Russian (message and what to
do). A first sheet «Замечания» lists every finding with a link to its cell. The rest of the copy
stays as the municipality sent it (openpyxl keeps values, styles, merged cells, validations and
comments; it does not keep pictures or charts). Formulas are given as their saved values; macros,
links to other files and web addresses are left out. The original is only read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.read.inputs import InputFile
from reportgen.model import NOTES_SHEET

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
RANK = {"error": 0, "warning": 1, "info": 2}
WORDS = {s: say(f"severity.{s}").capitalize() for s in ("error", "warning", "info")}


def annotated_name(source: Path) -> str:
    """Same file name; .xlsm, .xls and .ods copies become .xlsx (data and marks, no macros)."""
    return source.name if source.suffix.lower() == ".xlsx" else f"{source.stem}.xlsx"


def copy_name(item: InputFile) -> str:
    """The marked copy's name; a form that came by e-mail is named by its message too («Вязьма.eml — Форма.xlsx»),
    since many municipalities send the same attachment name."""
    if item.source is None:
        return annotated_name(item.path)
    message = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", Path(item.source.message.replace("\\", "/")).name)
    return annotated_name(Path(f"{message} — {item.path.name}"))


def plan_copies(inputs, outdir: Path, args=()) -> None:
    """Check, before any input is read, where the marked copies would go (raises UsageProblem).

    `args` (the command's paths) name the mail inboxes: copies are never written into one, where
    the next run would read them as forms that came in.
    """
    from reportgen.write.plan import OutputPlan, check_folder

    check_folder(outdir, "--annotate")
    _not_into_inbox(outdir, args)
    plan = OutputPlan(inputs, folders=[outdir])
    for item in inputs:
        plan.add(outdir / copy_name(item), say("marked.what", name=item.display), (".xlsx", ".xlsm"),
                 "--annotate", say("plan.another-folder"))
    plan.check()


def _not_into_inbox(outdir: Path, args) -> None:
    """Refuse --annotate into a Maildir (or its cur/new/tmp) or the folder of a saved message or mbox."""
    import os

    from reportgen.errors import OutputError
    from reportgen.read.inputs import expand_inputs

    if not args:
        return
    try:
        target = os.path.normcase(str(outdir.resolve()))
        found = expand_inputs([str(a) for a in args])[0]
    except (OSError, ValueError):
        return  # the inputs' own check names what is wrong with them
    for item in found:
        if not item.mail:
            continue
        inbox = item.path if item.path.is_dir() else item.path.parent
        places = [inbox, *(inbox / sub for sub in ("cur", "new", "tmp"))] if item.path.is_dir() else [inbox]
        if any(os.path.normcase(str(place.resolve())) == target for place in places):
            raise OutputError(say("marked.into-inbox", folder=outdir, inbox=item.display))


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
        text = "\n\n".join(say("marked.comment", severity=WORDS[d.severity], message=d.message, hint=d.hint)
                           for d in found)
        if cell.comment is not None:
            text = say("marked.comment-before", text=text, before=cell.comment.text)
        comment = Comment(text, say("marked.comment-author"))
        comment.width, comment.height = 320, min(600, 40 + 15 * (len(text) // 45 + text.count("\n")))
        cell.comment = comment

    ws = wb.create_sheet(_unique(NOTES_SHEET, wb.sheetnames), 0)
    headers = tuple(say(f"marked.column.{c}") for c in ("number", "where", "severity", "message", "hint"))
    widths = (5, 22, 16, 70, 60)
    for col, (title, width) in enumerate(zip(headers, widths), start=1):
        ws.cell(1, col, title).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, d in enumerate(diagnostics, start=1):
        row = n + 1
        ws.cell(row, 1, n).alignment = wrap
        where = ws.cell(row, 2, f"{d.sheet}!{d.cell}" if d.cell else (d.sheet or say("marked.whole-file")))
        where.alignment = wrap
        if d.cell and d.sheet in wb.sheetnames:
            sheet = d.sheet.replace("'", "''")  # a quote in a sheet name is doubled inside the quotes
            where.hyperlink = Hyperlink(ref=where.coordinate, location=f"'{sheet}'!{d.cell}")
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
    _inert_copy(wb)
    wb.save(target)


def _inert_copy(wb) -> None:
    """What the copy must not carry back: macros, links out of the workbook, formulas made of text.

    The copy may reach someone other than its sender: it holds the data and the marks only.
    """
    from reportgen.write.cells import inert

    wb.vba_archive = None
    wb._external_links = []
    for names in (wb.defined_names, *(ws.defined_names for ws in wb.worksheets if hasattr(ws, "defined_names"))):
        for name in [n for n, d in names.items() if not _inside(d)]:
            del names[name]
    for ws in wb.worksheets:
        if not hasattr(ws, "_cells"):
            continue  # a chart sheet
        ws._pivots = []  # a pivot cache may be fed by a connection; its values stay in the cells
        for table in ws.tables.values():
            table.connectionId, table.tableType = None, None  # a query table's connection is not carried
        for cell in ws._cells.values():
            if cell.hyperlink is not None and cell.hyperlink.target:  # internal links (location) stay
                cell.hyperlink = None
        _calm_rules(ws)
    inert(wb)


# What a formula of a rule or a list may reach outside with: another file, a web service, DDE, a DLL.
_OUTWARD = re.compile(r"\[|\||\b(?:WEBSERVICE|FILTERXML|HYPERLINK|RTD|CALL|REGISTER|EXEC|IMPORT\w*|DDE\w*)\s*\(",
                      re.IGNORECASE)


def _calm_rules(ws) -> None:
    """Conditional formats and validation lists whose formulas could reach outside are left out (Excel runs them)."""
    from openpyxl.formatting.formatting import ConditionalFormattingList

    kept = ConditionalFormattingList()
    for formatting in ws.conditional_formatting:
        for rule in formatting.rules:
            if not any(_OUTWARD.search(f or "") for f in rule.formula or ()):
                kept.add(str(formatting.sqref), rule)
    ws.conditional_formatting = kept
    ws.data_validations.dataValidation = [v for v in ws.data_validations.dataValidation
                                          if not _OUTWARD.search(f"{v.formula1 or ''} {v.formula2 or ''}")]


def _inside(name) -> bool:
    """A defined name that is a plain reference into this workbook (not a formula, not another file)."""
    try:
        return name.type == "RANGE" and "[" not in (name.value or "")
    except Exception:  # noqa: BLE001 - the tokenizer rejects what is not a reference
        return False


def _open(path: Path):
    from openpyxl import Workbook, load_workbook

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        # Values, not formulas: the copy computes nothing and reaches no other file.
        return load_workbook(path, data_only=True, keep_links=False, rich_text=True)
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
