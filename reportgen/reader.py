"""Reader: a workbook → a Form (fields, event rows with their source cells, reader findings).

The form contract (PRODUCT.md "The form"): the data sheet is the one named like the kind's
`data_sheet`, otherwise the first sheet with a header row; the header row is found by its
titles in the first 30 rows, columns in any order; labelled fields sit above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dates import format_date
from .diagnostics import Diagnostic, cell_order, column_letter
from .kind import Column, Kind, fold_title
from .model import Cell, Field, Form, Row
from .period import parse_label
from .preflight import RESAVE, Refused, inspect
from .sheets import Extras, SheetSource, open_sheets
from .text import clean_cell, control_char_names, fold, plural

HEADER_SEARCH_ROWS = 30


def read_form(path: Path, kind: Kind, display: str | None = None) -> Form:
    """Read one workbook. Never raises for bad input: problems become diagnostics."""
    display = display or str(path)
    try:
        return _read(path, kind, display)
    except Refused as exc:
        code, message, hint = exc.code, str(exc), exc.hint
    except MemoryError:
        code, message, hint = "file-too-large", "Книга слишком велика: не хватило памяти, чтобы ее прочитать", RESAVE
    except Exception as exc:  # noqa: BLE001 - a parser's surprise on a strange file is that file's problem
        code, message, hint = "file-unreadable", f"Книгу не удалось прочитать ({type(exc).__name__}: {exc})", RESAVE
    return Form(path=display, diagnostics=(Diagnostic(code, message, file=display, hint=hint),))


def _read(path: Path, kind: Kind, display: str) -> Form:
    with open_sheets(inspect(path)) as sheets:
        preferred = fold(kind.data_sheet)
        ordered = sorted(sheets, key=lambda s: fold(s.name) != preferred)
        for sheet in ordered:
            form = _read_sheet(sheet, kind, display)
            if form is not None:
                return form
    looked_for = "; ".join(f"«{c.title.splitlines()[0]}»" for c in kind.columns)
    names = ", ".join(f"«{s.name}»" for s in ordered) or "нет листов"
    return Form(path=display, diagnostics=(Diagnostic(
        "no-header",
        f"Не найдена строка заголовков таблицы (искали в первых {HEADER_SEARCH_ROWS} строках "
        f"листов {names} столбцы {looked_for})",
        file=display,
        hint="Используйте бланк формы (reportgen template) и не меняйте заголовки столбцов.",
    ),))


MAX_TITLE = 300  # longer cells are text, not a column title; skipping them keeps the search cheap


def match_title(value: str, kind: Kind) -> Column | None:
    """The column a header cell names, leniently (see `fold_title`)."""
    if len(value) > MAX_TITLE:
        return None
    folded = fold_title(value)
    if not folded:
        return None
    for column in kind.columns:
        if folded in column.folded_titles:
            return column
    # A title followed by more words: "Место проведения мероприятия (город, площадка)".
    best: tuple[int, Column] | None = None
    for column in kind.columns:
        for title in column.folded_titles:
            if " " in title and folded.startswith(title + " ") and (best is None or len(title) > best[0]):
                best = (len(title), column)
    return best[1] if best else None


def _find_header(rows: list[tuple[int, tuple]], kind: Kind) -> tuple[int, dict[int, Column]] | None:
    need = min(3, len(kind.columns))
    best: tuple[int, dict[int, Column]] | None = None
    for i, (_, values) in enumerate(rows):
        found: dict[int, Column] = {}
        for col, value in enumerate(values):
            if isinstance(value, str):
                column = match_title(value, kind)
                if column is not None:
                    found[col] = column
        keys = {c.key for c in found.values()}
        if len(keys) >= need and (best is None or len(keys) > len({c.key for c in best[1].values()})):
            best = (i, found)
    return best


def _read_sheet(sheet: SheetSource, kind: Kind, display: str) -> Form | None:
    rows_iter = iter(sheet.rows)
    head: list[tuple[int, tuple]] = []
    for line, values in rows_iter:
        head.append((line, values))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = _find_header(head, kind)
    if found is None:
        return None
    index, matched = found
    header_line, header_values = head[index]
    diags: list[Diagnostic] = []

    columns: dict[str, int] = {}
    unknown: dict[int, str] = {}  # column index → its title ("" when it has none)
    for col, value in enumerate(header_values):
        column = matched.get(col)
        if column is not None and column.key not in columns:
            columns[column.key] = col
        elif value is not None and str(value).strip():
            title = " ".join(str(value).split())
            unknown[col] = title
            if column is not None:
                diags.append(Diagnostic(
                    "column-duplicate",
                    f"Столбец «{title}» повторяется; в отчет попадет только столбец "
                    f"{column_letter(columns[column.key])}",
                    file=display, sheet=sheet.name, cell=f"{column_letter(col)}{header_line}",
                    hint="Удалите лишний столбец или перенесите данные в основной.",
                ))
    for column in kind.columns:
        if column.required and column.key not in columns:
            diags.append(Diagnostic(
                "missing-column",
                f"Нет обязательного столбца «{' '.join(column.title.split())}»",
                file=display, sheet=sheet.name, cell=f"A{header_line}",
                hint="Верните столбец с этим заголовком (см. бланк reportgen template).",
            ))

    fields = _read_fields(head[:index], kind)
    rows, unknown_counts, first_unknown_line, row_diags = _read_rows(
        _chain(head[index + 1:], rows_iter), columns, kind, display, sheet.name)
    diags.extend(row_diags)
    diags.extend(_extras_findings(sheet.extras, header_line, fields, columns, kind, display, sheet.name,
                                  {r.line for r in rows}))
    for col, n in sorted(unknown_counts.items()):
        title = unknown.get(col, "")
        named = f"«{title}»" if title else "без заголовка"
        ref_line = header_line if title else first_unknown_line[col]
        diags.append(Diagnostic(
            "column-unknown",
            f"Столбец {column_letter(col)} {named} не входит в отчет: "
            f"{n} {plural(n, 'заполненная ячейка', 'заполненные ячейки', 'заполненных ячеек')} "
            f"не {plural(n, 'попадет', 'попадут', 'попадут')} в отчет",
            file=display, sheet=sheet.name, cell=f"{column_letter(col)}{ref_line}",
            hint="Если это сведения о мероприятии, перенесите их в столбцы формы.",
        ))
    return Form(
        path=display, sheet=sheet.name, fields=fields,
        columns={k: column_letter(c) for k, c in columns.items()},
        header_line=header_line, rows=tuple(rows), diagnostics=tuple(diags),
    )


def _extras_findings(extras: Extras, header_line: int, fields: dict[str, Field], columns: dict[str, int],
                     kind: Kind, display: str, sheet: str, event_lines: set[int]) -> list[Diagnostic]:
    """Hidden rows, formulas without values, error values and merged cells in the table."""
    out: list[Diagnostic] = []
    used = {col for key, col in columns.items() if key != kind.number_key}
    field_cells = {_position(f.ref) for f in fields.values()}

    def in_table(row: int, col: int) -> bool:
        return (row > header_line and col in used) or (row, col) in field_cells

    for (row, col), formula in sorted(extras.no_value.items()):
        if in_table(row, col):
            out.append(Diagnostic(
                "formula-no-value",
                f"В ячейке формула «={formula}», но ее значение не сохранено в файле",
                file=display, sheet=sheet, cell=f"{column_letter(col)}{row}",
                hint="Откройте файл в Excel или LibreOffice Calc и сохраните его: значение формулы будет вычислено.",
            ))
    for (row, col), error in sorted(extras.errors.items()):
        if in_table(row, col):
            out.append(Diagnostic(
                "cell-error", f"В ячейке ошибка формулы {error}",
                file=display, sheet=sheet, cell=f"{column_letter(col)}{row}",
                hint="Исправьте формулу или впишите значение текстом.",
            ))
    for row in sorted(extras.hidden_rows & event_lines):
        out.append(Diagnostic(
            "row-hidden", f"Строка {row} скрыта в книге, но включена в отчет",
            file=display, sheet=sheet, cell=f"A{row}",
            hint="Если это мероприятие не должно попасть в отчет, удалите строку, а не скрывайте.",
        ))
    for r1, c1, r2, c2 in extras.merged:
        if r2 <= header_line or not any(c in used for c in range(c1, c2 + 1)):
            continue
        first = f"{column_letter(c1)}{r1}"
        span = f"{first}:{column_letter(c2)}{r2}"
        if r2 > r1:
            rest = f"строке {r2}" if r2 == r1 + 1 else f"строках {r1 + 1}–{r2}"
            where = f"записано только в строку {r1}, в {rest} этих ячеек нет"
        else:
            where = f"относится только к столбцу {column_letter(c1)}"
        out.append(Diagnostic(
            "merged-cells", f"Ячейки {span} объединены: значение {where}",
            file=display, sheet=sheet, cell=first,
            hint="Разъедините ячейки и впишите значение в каждую строку, к которой оно относится.",
        ))
    return out


def _position(ref: str) -> tuple[int, int]:
    """"B7" → (7, 1): 1-based row, 0-based column."""
    row, col = cell_order(ref)
    return row, col - 1


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _read_fields(rows: list[tuple[int, tuple]], kind: Kind) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    labels = [(spec.key, fold(label)) for spec in kind.fields for label in spec.labels]
    for line, values in rows:
        for col, value in enumerate(values):
            if not isinstance(value, str):
                continue
            folded = fold(value)
            for key, label in labels:
                if key in fields or not folded.startswith(label):
                    continue
                rest = " ".join(value.split())[len(label):].strip()
                if rest.startswith(":"):
                    text, ref = rest[1:].strip(), f"{column_letter(col)}{line}"
                elif rest:
                    text, ref = " ".join(value.split()), f"{column_letter(col)}{line}"
                else:
                    text, ref = _next_value(values, col, line)
                fields[key] = Field(text, ref)
                break
    period = kind.field("period")
    if period is not None and period.key not in fields:
        # No labelled period: the form's title may say it ("… во II квартале 2025 года").
        for line, values in rows:
            for col, value in enumerate(values):
                if isinstance(value, str) and parse_label(value):
                    fields[period.key] = Field(" ".join(value.split()), f"{column_letter(col)}{line}")
                    return fields
    return fields


def _next_value(values: tuple, col: int, line: int) -> tuple[str, str]:
    for right in range(col + 1, len(values)):
        text = cell_text(values[right])[0]
        if text:
            return " ".join(text.split()), f"{column_letter(right)}{line}"
    return "", f"{column_letter(col)}{line}"


def _read_rows(rows: Iterable[tuple[int, tuple]], columns: dict[str, int], kind: Kind, display: str,
               sheet: str):
    """Event rows under the header; the hot loop of reading, so kept lean."""
    number_key = kind.number_key
    known = set(columns.values())
    wanted = [(key, col, column_letter(col)) for key, col in columns.items()]
    others_by_width: dict[int, list[int]] = {}  # row width → the columns that are not ours
    out: list[Row] = []
    unknown_counts: dict[int, int] = {}
    first_unknown_line: dict[int, int] = {}
    diags: list[Diagnostic] = []
    for line, values in rows:
        if not values:
            continue
        width = len(values)
        cells: dict[str, Cell] = {}
        for key, col, letter in wanted:
            if col >= width:
                continue
            value = values[col]
            if value is None or value == "":
                continue
            if type(value) is str:
                text, dropped = clean_cell(value)
                date = None
            else:
                text, date, dropped = cell_text(value)
            if dropped:
                diags.append(Diagnostic(
                    "control-chars",
                    f"В ячейке были невидимые управляющие символы ({control_char_names(dropped)}); они удалены",
                    file=display, sheet=sheet, cell=f"{letter}{line}",
                    hint="Проверьте текст ячейки: обычно они попадают при копировании из других программ.",
                ))
            if text:
                cells[key] = Cell(text, f"{letter}{line}", date)
        others = others_by_width.get(width)
        if others is None:
            others = others_by_width[width] = [c for c in range(width) if c not in known]
        for col in others:
            value = values[col]
            if value is not None and value != "" and cell_text(value)[0]:
                unknown_counts[col] = unknown_counts.get(col, 0) + 1
                first_unknown_line.setdefault(col, line)
        if not cells or (len(cells) == 1 and number_key in cells):
            continue  # blank, or an unused template row holding only its number
        out.append(Row(line, cells))
    return out, unknown_counts, first_unknown_line, diags


def cell_text(value: object) -> tuple[str, dt.date | None, list[str]]:
    """A cell value as report text, the date when it is a date cell, and dropped control chars."""
    if value is None or value == "":
        return "", None, []
    if isinstance(value, str):
        text, dropped = clean_cell(value)
        return text, None, dropped
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0) and value.date() <= dt.date(1900, 1, 1):
            return value.strftime("%H:%M"), None, []  # a time cell
        return format_date(value.date()), value.date(), []
    if isinstance(value, dt.date):
        return format_date(value), value, []
    if isinstance(value, dt.time):
        return value.strftime("%H:%M"), None, []
    if isinstance(value, bool):
        return ("Да" if value else "Нет"), None, []
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), None, []
        return repr(value).replace(".", ","), None, []
    return clean_cell(str(value))[0], None, []
