"""Reader: a workbook → a Form (fields, event rows with their source cells, what was skipped).

The form contract (PRODUCT.md "The form"): every visible sheet with a header row is part of
the form, in sheet order; the header is found by its titles in a sheet's first 30 rows
(reportgen.read.header); labelled fields sit above it (reportgen.read.fields); each row under it is
classified (reportgen.read.rows), and only events reach the report. Every other non-empty row, and
every sheet that is not read, is named in a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.dates import DateSpan, parse_dates, span_text
from reportgen.diagnostics import Diagnostic, cell_order, column_letter
from reportgen.read.fields import read_fields
from reportgen.kind import Kind
from reportgen.read.header import HEADER_SEARCH_ROWS, Layout, find_header
from reportgen.model import NOTES_SHEET, Cell, Field, Form, Row, SheetNote, SkippedRow, Table
from reportgen.damage import code_of, explain
from reportgen.read.sniff import RESAVE, OwnOutput, Refused, identify
from reportgen.read.rows import TALL, REASONS, Classified, Merges, RowKind, Rules, Verdict, scan
from reportgen.read.grid import Extras, SheetSource, cell_text, open_sheets
from reportgen.text import clean_cell, control_char_names, fold, plural

PREVIEW = 60  # characters of a skipped row's text quoted in its finding


def read_form(path: Path, kind: Kind, display: str | None = None) -> Form:
    """Read one workbook. Never raises for bad input: problems become diagnostics."""
    display = display or str(path)
    try:
        return _read(path, kind, display)
    except OwnOutput as exc:
        return Form(file=display, produced_by=str(exc))
    except Refused as exc:
        code, message, hint = exc.code, str(exc), exc.hint
    except MemoryError:
        code, message, hint = "file-too-large", "Книга слишком велика: не хватило памяти, чтобы ее прочитать", RESAVE
    except Exception as exc:  # noqa: BLE001 - a parser's surprise on a strange file is that file's problem
        code, message, hint = code_of(exc), f"Книгу не удалось прочитать: {explain(exc)}", RESAVE
    return Form(file=display, diagnostics=(Diagnostic(code, message, file=display, hint=hint),))


@dataclass
class _Sheet:
    """What one sheet gave."""

    note: SheetNote
    tables: list[Table] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    title: Field | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _read(path: Path, kind: Kind, display: str) -> Form:
    from dataclasses import replace

    from reportgen.read.saved import recorded_save

    rules = Rules(kind)
    identified = identify(path)
    with open_sheets(identified) as sheets:
        parts = [_read_sheet(sheet, kind, display, rules) for sheet in sheets]
        notes = _book_notes(identified, sheets.dropped, display)
    form = _combine(parts, kind, display)
    return replace(form, diagnostics=form.diagnostics + notes, saved=recorded_save(path, identified.format))


def _book_notes(identified, dropped: tuple[tuple[str, str], ...], display: str) -> tuple[Diagnostic, ...]:
    """What the book's bytes said that its name or its sheet list did not."""
    from reportgen.read.sniff import FORMAT_NAMES

    notes = []
    if identified.named:
        suffix = identified.path.suffix.lower()
        notes.append(Diagnostic(
            "file-misnamed", f"Файл назван {suffix}, а это {FORMAT_NAMES[identified.format]}: прочитан по содержимому",
            file=display, hint=f"Переименуйте файл: расширение {_SUFFIX[identified.format]}."))
    for name, what in dropped:
        notes.append(Diagnostic("sheet-not-sheet", f"Лист «{name}» — {what}: не прочитан", file=display, sheet=name))
    return tuple(notes)


_SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods"}


def _combine(parts: list[_Sheet], kind: Kind, display: str) -> Form:
    read = [p for p in parts if p.tables]
    notes = tuple(p.note for p in parts)
    diags = [d for p in parts for d in p.diagnostics]
    fields: dict[str, Field] = {}
    for p in parts:
        for key, value in p.fields.items():
            if key not in fields or (not fields[key].text and value.text):
                fields[key] = value
    if not read:
        # The one error below names every sheet.
        diags = [d for d in diags if d.code not in ("sheet-no-table", "sheet-rows-unread")]
        looked_for = "; ".join(f"«{c.title.splitlines()[0]}»" for c in kind.columns)
        names = ", ".join(f"«{p.note.name}»" for p in parts) or "нет листов"
        diags.insert(0, Diagnostic(
            "no-header",
            f"Не найдена строка заголовков таблицы (искали в первых {HEADER_SEARCH_ROWS} строках "
            f"листов {names} столбцы {looked_for})",
            file=display,
            hint="Используйте бланк формы и не меняйте в нем заголовки столбцов.",
        ))
        return Form(file=display, sheets=notes, diagnostics=tuple(diags))
    first = read[0]
    if len(read) > 1:
        listed = ", ".join(f"«{p.note.name}» ({len(p.rows)})" for p in read)
        diags.insert(0, Diagnostic(
            "sheets-read", f"Форма прочитана с нескольких листов (мероприятий на каждом): {listed}",
            file=display, sheet=first.note.name,
        ))
    diags.extend(_municipality_conflict(parts, fields, kind, display))
    return Form(
        file=display, sheet=first.note.name, fields=fields,
        tables=tuple(t for p in read for t in p.tables), rows=tuple(r for p in read for r in p.rows),
        skipped=tuple(s for p in read for s in p.skipped), sheets=notes, diagnostics=tuple(diags),
        title=first.title,
    )


def _municipality_conflict(parts: list[_Sheet], chosen: dict[str, Field], kind: Kind, display: str):
    """Two sheets of one file that name different municipalities: whose form is it?"""
    field_ = chosen.get("municipality")
    if field_ is None or not field_.text:
        return
    owner = kind.registry.match(field_.text)
    for p in parts:
        other = p.fields.get("municipality")
        if other is None or other is field_ or not other.text:
            continue
        m = kind.registry.match(other.text)
        if owner is not None and m is not None and m.short != owner.short:
            yield Diagnostic(
                "municipality-conflict",
                f"Листы книги называют разные муниципальные образования: «{field_.text}» "
                f"(лист «{field_.sheet}») и «{other.text}» (лист «{other.sheet}»)",
                file=display, sheet=other.sheet, cell=other.ref,
                hint="В одной книге — форма одного муниципального образования; разнесите листы по разным файлам.",
            )


def _filled(value: object) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


def _has_text(rows: Sequence[tuple[int, Sequence]]) -> bool:
    return any(_filled(v) for _, values in rows for v in values)


def _notes_sheet(name: str) -> bool:
    """«Замечания», «Замечания (2)»: the findings sheet of a marked copy."""
    return fold(name).split(" (")[0] == fold(NOTES_SHEET)


def _read_sheet(sheet: SheetSource, kind: Kind, display: str, rules: Rules) -> _Sheet:
    if _notes_sheet(sheet.name):
        return _Sheet(SheetNote(sheet.name, False, "замечания к форме (копия с замечаниями)"))
    grid = sheet.rows
    merges = Merges.of(sheet.extras.merged) if sheet.extras.merged else Merges({}, {}, {})
    head = grid[:HEADER_SEARCH_ROWS]
    layout = find_header(head, kind, merges.spans)
    if not sheet.visible:
        if layout is None:
            return _Sheet(SheetNote(sheet.name, False, "скрытый лист"))
        return _Sheet(SheetNote(sheet.name, False, "скрытый лист с таблицей"), diagnostics=[Diagnostic(
            "sheet-hidden",
            f"Скрытый лист «{sheet.name}» содержит таблицу (строка заголовков {layout.first_line}), но не прочитан",
            file=display, sheet=sheet.name, cell=f"A{layout.first_line}",
            hint="Если на нем мероприятия отчета, покажите лист или перенесите строки на основной лист.",
        )])
    if layout is None:
        return _sheet_without_table(sheet, grid, kind, display)

    above = [(line, values) for line, values in head if line < layout.first_line]
    fields, title = read_fields(above, kind, sheet.name, merges.spans)
    planned = ""
    if rules.is_planned(sheet.name):
        planned = f"лист «{sheet.name}»"
    elif title is not None and rules.is_planned(title.text):
        planned = title.text
    body = [(line, values) for line, values in grid if line > layout.last_line]
    classified = scan(body, layout, kind, merges, rules, planned)
    out = _Sheet(SheetNote(sheet.name, True), fields=fields, title=title)
    _build(out, sheet, layout, classified, merges, grid, kind, display)
    out.diagnostics.extend(_extras_findings(sheet.extras, out, fields, display, sheet.name))
    out.diagnostics.sort(key=lambda d: cell_order(d.cell))
    return out


def _sheet_without_table(sheet: SheetSource, grid, kind: Kind, display: str) -> _Sheet:
    if fold(sheet.name) in {fold(n) for n in kind.instruction_sheets}:
        return _Sheet(SheetNote(sheet.name, False, "инструкция по заполнению"))
    if _notes_sheet(sheet.name):
        return _Sheet(SheetNote(sheet.name, False, "замечания к форме (копия с замечаниями)"))
    if not _has_text(grid):
        return _Sheet(SheetNote(sheet.name, False, "пустой лист"))
    fields, _ = read_fields(grid[:HEADER_SEARCH_ROWS], kind, sheet.name)
    rows = [line for line, values in grid if sum(1 for v in values if _filled(v)) >= 3]
    if rows:
        # Rows that look like events, with no header over them: they cannot be read, and they must not vanish.
        n = len(rows)
        return _Sheet(SheetNote(sheet.name, False, "нет строки заголовков"), fields=fields, diagnostics=[Diagnostic(
            "sheet-rows-unread",
            f"На листе «{sheet.name}» нет строки заголовков таблицы, а {n} "
            f"{plural(n, 'строка похожа', 'строки похожи', 'строк похожи')} на мероприятия "
            f"(первая — строка {rows[0]}): в отчет они не попадут",
            file=display, sheet=sheet.name, cell=f"A{rows[0]}",
            hint="Скопируйте на этот лист строку заголовков из бланка формы или перенесите эти строки на основной лист.",
        )])
    if fields and any(f.text for f in fields.values()):
        return _Sheet(SheetNote(sheet.name, False, "реквизиты формы, без таблицы"), fields=fields)
    return _Sheet(SheetNote(sheet.name, False, "нет строки заголовков"), diagnostics=[Diagnostic(
        "sheet-no-table",
        f"На листе «{sheet.name}» есть текст, но нет таблицы мероприятий (не найдена строка заголовков "
        f"в первых {HEADER_SEARCH_ROWS} строках): лист не прочитан",
        file=display, sheet=sheet.name,
        hint="Если на этом листе мероприятия отчета, добавьте над ними строку заголовков из бланка формы.",
    )])


# --- from classified rows to events -------------------------------------------------------


class _Columns:
    """One table's columns, as the event loop needs them."""

    def __init__(self, layout: Layout, kind: Kind) -> None:
        number = kind.number_key
        self.layout = layout
        self.wanted = [(key, col, column_letter(col)) for key, col in layout.columns.items() if key != number]
        self.halves = layout.halves
        self.split_key = layout.split_key
        used = layout.used()
        self.number_col = layout.columns.get(number or "")
        self.others_by_width: dict[int, list[int]] = {}
        self.used = used
        self.unknown: dict[int, int] = {}  # column → cells of event rows that do not reach the report
        self.first_unknown: dict[int, int] = {}
        letters = {key: column_letter(col) for key, col in layout.columns.items()}
        if layout.split_key and layout.halves:
            letters[layout.split_key] = column_letter(layout.halves[0])
        self.letters = letters
        # One object per distinct text of the table: a value repeated down the rows (a place, the
        # participants) is then held, and sent from the worker, once (pickling shares an object).
        self.texts: dict[str, str] = {}

    def others(self, width: int) -> list[int]:
        cols = self.others_by_width.get(width)
        if cols is None:
            cols = self.others_by_width[width] = [c for c in range(width) if c not in self.used and c != self.number_col]
        return cols


def _build(out: _Sheet, sheet: SheetSource, first: Layout, classified: list[Classified], merges: Merges,
           grid, kind: Kind, display: str) -> None:
    name = sheet.name
    tables: dict[int, tuple[Table, _Columns]] = {}

    def table_of(layout: Layout) -> tuple[Table, _Columns]:
        entry = tables.get(id(layout))
        if entry is None:
            columns = _Columns(layout, kind)
            entry = tables[id(layout)] = (Table(name, layout.first_line, columns.letters), columns)
            out.tables.append(entry[0])
        return entry

    table_of(first)
    by_line = {line: values for line, values in grid} if merges.covered else {}
    shared: dict[tuple[int, int], list[int]] = {}  # merge's top cell → event lines given its value
    joined: list[tuple[int, int, Verdict, str]] = []  # (event line, continuation line, verdict, first cell)
    current: Row | None = None
    filler: list[int] = []
    filler_col = ["A"]
    planned: dict[str, list[int]] = {}
    hidden = sheet.extras.hidden_rows

    def flush_filler(between: bool) -> None:
        """Unused numbered rows: named when they lie between events; the blank form's tail is not news."""
        if filler:
            out.skipped.extend(SkippedRow(name, line, RowKind.FILLER.value, "пустая строка бланка") for line in filler)
        if filler and between:
            span = f"Строка {filler[0]}" if len(filler) == 1 else f"Строки {filler[0]}–{filler[-1]}"
            out.diagnostics.append(Diagnostic(
                "row-skipped", f"{span} пропущены: пустые строки бланка (в них только номер)"
                if len(filler) > 1 else f"{span} пропущена: пустая строка бланка (в ней только номер)",
                file=display, sheet=name, cell=f"{filler_col[0]}{filler[0]}",
            ))
        filler.clear()

    for item in classified:
        look, verdict = item.look, item.verdict
        kind_ = verdict.kind
        table, columns = table_of(item.shape.layout)
        if kind_ is RowKind.FILLER:  # in a table of planned events too: the form's unused rows
            if not filler and item.shape.number_col is not None:
                filler_col[0] = column_letter(item.shape.number_col)
            filler.append(look.line)
            continue
        flush_filler(kind_ is RowKind.EVENT or kind_ is RowKind.CONTINUATION)
        if kind_ is RowKind.EVENT:
            cells = _cells(look.line, look.values, columns, out.diagnostics, display, name)
            if by_line:
                _fill_merged(look.line, cells, columns, merges, by_line, shared)
            if not cells:
                continue  # only invisible characters, named by their own finding: a blank row
            current = Row(look.line, cells, table)
            out.rows.append(current)
            _count_unknown(look.line, look.values, columns)
            continue
        if kind_ is RowKind.CONTINUATION and current is not None:
            more = _cells(look.line, look.values, columns, out.diagnostics, display, name)
            current = _join(current, more)
            out.rows[-1] = current
            _count_unknown(look.line, look.values, columns)
            joined.append((current.line, look.line, verdict, _first_ref(look)))
            continue
        if item.planned and kind_ in (RowKind.PLANNED, RowKind.HEADER):  # the plan's own heading and header too
            lines = [look.line]
            if kind_ is RowKind.HEADER and item.shape.layout.last_line > look.line:
                lines.append(item.shape.layout.last_line)  # the plan's two-row header: its second row too
            for line in lines:
                planned.setdefault(item.planned, []).append((line, _first_ref(look)))
                out.skipped.append(SkippedRow(name, line, RowKind.PLANNED.value, REASONS[RowKind.PLANNED]))
            continue
        lines = [look.line]
        if kind_ is RowKind.HEADER and item.shape.layout.last_line > look.line:
            lines.append(item.shape.layout.last_line)  # a two-row header repeated: both rows
        out.skipped.extend(SkippedRow(name, line, kind_.value, verdict.reason) for line in lines)
        ref = _first_ref(look)
        preview = _preview(_row_text(look))
        if len(lines) > 1:
            out.diagnostics.append(Diagnostic(
                "row-skipped", f"Строки {lines[0]}–{lines[-1]} пропущены: {verdict.reason} («{preview}»)",
                file=display, sheet=name, cell=ref,
            ))
        elif verdict.ambiguous:
            out.diagnostics.append(Diagnostic(
                "row-ambiguous", f"Строка {look.line} не включена в отчет: {verdict.reason} («{preview}»)",
                file=display, sheet=name, cell=ref,
                hint=verdict.hint or "Если это мероприятие, заполните в строке все столбцы таблицы.",
            ))
        else:
            out.diagnostics.append(Diagnostic(
                "row-skipped", f"Строка {look.line} пропущена: {verdict.reason}" + (f" («{preview}»)" if preview else ""),
                file=display, sheet=name, cell=ref,
            ))
    flush_filler(False)
    if hidden:
        # Rows are read whether hidden or not; a hidden event is named, since it reaches the report.
        for row in out.rows:
            if row.line in hidden:
                out.diagnostics.append(Diagnostic(
                    "row-hidden", f"Строка {row.line} скрыта в книге, но включена в отчет",
                    file=display, sheet=name, cell=f"A{row.line}",
                    hint="Если это мероприятие не должно попасть в отчет, удалите строку, а не скрывайте.",
                ))
    out.diagnostics.extend(_joined_findings(joined, display, name))
    out.diagnostics.extend(_shared_findings(shared, merges, by_line, display, name))
    out.diagnostics.extend(_planned_findings(planned, display, name))
    for table, columns in tables.values():
        out.diagnostics.extend(_column_findings(columns, kind, display, name))


def _first_ref(look) -> str:
    """The row's first non-empty cell: where the finding about a skipped row points.

    Not the blank form's own number in «№ п/п» when the row holds text: the finding points at what was typed."""
    if look.number and look.texts and look.numeric is None:
        return f"{column_letter(look.texts[0][0])}{look.line}"
    col = next((c for c, v in enumerate(look.values) if v is not None and v != "" and not (
        isinstance(v, str) and not v.strip())), 0)
    return f"{column_letter(col)}{look.line}"


def _row_text(look) -> str:
    """The row's text as a finding quotes it (the blank form's number in «№ п/п» left out)."""
    if look.number and look.texts and look.numeric is None:
        return " ".join(text for _, text in look.texts)
    return " ".join(cell_text(v)[0] for v in look.values if v is not None and v != "")


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW - 1] + "…"


def _cells(line: int, values: Sequence, columns: _Columns, diags: list[Diagnostic], display: str,
           sheet: str) -> dict[str, Cell]:
    """The report's cells of one row; the hot loop of reading, so kept lean."""
    width = len(values)
    cells: dict[str, Cell] = {}
    for key, col, letter in columns.wanted:
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
            diags.append(_control_chars(dropped, display, sheet, f"{letter}{line}"))
        if text:
            cells[key] = Cell(columns.texts.setdefault(text, text), f"{letter}{line}", date)
    if columns.halves is not None:
        start, end = columns.halves
        cell = _halves(values[start] if start < width else None, values[end] if end < width else None,
                       f"{column_letter(start)}{line}", f"{column_letter(end)}{line}")
        if cell is not None:
            cells[columns.split_key] = cell
    return cells


def _control_chars(dropped: list[str], display: str, sheet: str, ref: str) -> Diagnostic:
    return Diagnostic(
        "control-chars",
        f"В ячейке были невидимые управляющие символы ({control_char_names(dropped)}); они удалены",
        file=display, sheet=sheet, cell=ref,
        hint="Проверьте текст ячейки: обычно они попадают при копировании из других программ.",
    )


def _day(value: object) -> dt.date | None:
    """The one day a start or end cell names, if it names exactly one (with its year)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        span = parse_dates(value)
        if isinstance(span, DateSpan) and span.precision == "day" and span.start == span.end:
            return span.start
    return None


def _halves(start: object, end: object, start_ref: str, end_ref: str) -> Cell | None:
    """«Дата начала» and «Дата окончания» as one dates cell: «12–14 апреля 2025 года»."""
    start_text = cell_text(start)[0] if start is not None and start != "" else ""
    end_text = cell_text(end)[0] if end is not None and end != "" else ""
    if not start_text and not end_text:
        return None
    if not end_text:
        return Cell(start_text, start_ref, _day(start) if isinstance(start, dt.date) else None)
    if not start_text:
        return Cell(end_text, end_ref, _day(end) if isinstance(end, dt.date) else None)
    first, last = _day(start), _day(end)
    if first is not None and last is not None:
        return Cell(span_text(first, last), start_ref)
    if start_text == end_text:
        return Cell(start_text, start_ref)
    return Cell(f"{start_text} – {end_text}", start_ref)


def _join(row: Row, more: dict[str, Cell]) -> Row:
    """A tall event: the texts of its continuation rows join its own, each on a new line."""
    cells = dict(row.cells)
    for key, cell in more.items():
        if key in cells:
            cells[key] = Cell(f"{cells[key].text}\n{cell.text}", cells[key].ref)
        else:
            cells[key] = cell
    return Row(row.line, cells, row.table)


def _fill_merged(line: int, cells: dict[str, Cell], columns: _Columns, merges: Merges, by_line,
                 shared: dict[tuple[int, int], list[int]]) -> None:
    """A vertical merge gives its value to every event row it covers."""
    covered = merges.covered
    for key, col, letter in columns.wanted:
        if (line, col) in merges.ranges:
            shared.setdefault((line, col), []).append(line)
            continue
        top = covered.get((line, col))
        if top is None or key in cells:
            continue
        source = by_line.get(top[0])
        value = source[top[1]] if source is not None and top[1] < len(source) else None
        text = cell_text(value)[0] if value is not None and value != "" else ""
        if text:
            # The event's own cell (under the merge): findings about it name its row.
            cells[key] = Cell(text, f"{letter}{line}", _day(value) if isinstance(value, dt.date) else None)
            shared.setdefault(top, []).append(line)


def _count_unknown(line: int, values: Sequence, columns: _Columns) -> None:
    for col in columns.others(len(values)):
        value = values[col]
        if value is not None and value != "" and cell_text(value)[0]:
            columns.unknown[col] = columns.unknown.get(col, 0) + 1
            columns.first_unknown.setdefault(col, line)


def _joined_findings(joined, display: str, sheet: str):
    by_event: dict[tuple[int, str], list[tuple[int, Verdict, str]]] = {}
    for event, line, verdict, ref in joined:
        # A tall event's rows are one finding; a pasted paragraph or a doubtful row is its own.
        how = "merged" if verdict is TALL else verdict.reason
        by_event.setdefault((event, how), []).append((line, verdict, ref))
    for (event, how), parts in by_event.items():
        lines = [line for line, _, _ in parts]
        ref = parts[0][2]
        what = f"Строка {lines[0]}" if len(lines) == 1 else f"Строки {lines[0]}–{lines[-1]}"
        if any(v.ambiguous for _, v, _ in parts):
            yield Diagnostic(
                "row-ambiguous",
                f"{what} ({how}): текст присоединен к мероприятию в строке {event} с новой строки",
                file=display, sheet=sheet, cell=ref,
                hint="Если это отдельное мероприятие, впишите его наименование; если продолжение — "
                     "объедините ячейки наименования или перенесите текст в строку мероприятия.",
            )
        elif how == "merged":
            yield Diagnostic(
                "row-joined",
                f"{what} — продолжение мероприятия из строки {event} (ячейки объединены): "
                "текст добавлен к нему с новой строки",
                file=display, sheet=sheet, cell=ref,
            )
        else:
            yield Diagnostic(
                "row-joined",
                f"{what} — продолжение мероприятия из строки {event} ({how}): текст добавлен к нему с новой строки",
                file=display, sheet=sheet, cell=ref,
            )


def _shared_findings(shared: dict[tuple[int, int], list[int]], merges: Merges, by_line, display: str, sheet: str):
    for top, lines in sorted(shared.items()):
        if len(set(lines)) < 2:
            continue  # the merge lies within one event
        r1, c1, r2, c2 = merges.ranges[top]
        value = by_line.get(r1, ())
        text = cell_text(value[c1])[0] if c1 < len(value) and value[c1] not in (None, "") else ""
        yield Diagnostic(
            "merged-shared",
            f"Ячейка {column_letter(c1)}{r1} («{_preview(text)}») объединена на строки {r1}–{r2}: ее значение "
            f"отнесено к каждому из {len(set(lines))} мероприятий этих строк",
            file=display, sheet=sheet, cell=f"{column_letter(c1)}{r1}",
        )


def _planned_findings(planned: dict[str, list[tuple[int, str]]], display: str, sheet: str):
    for heading, rows in planned.items():
        lines = [line for line, _ in rows]
        span = f"строка {lines[0]}" if len(lines) == 1 else f"строки {lines[0]}–{lines[-1]}"
        yield Diagnostic(
            "table-planned",
            f"Таблица «{_preview(heading)}» ({span}) — планируемые мероприятия; в отчет она не входит",
            file=display, sheet=sheet, cell=rows[0][1],
            hint="Если в ней мероприятия отчетного квартала, перенесите их в основную таблицу.",
        )


def _column_findings(columns: _Columns, kind: Kind, display: str, sheet: str):
    layout = columns.layout
    line = layout.first_line
    for col, key in sorted(layout.duplicates.items()):
        title = layout.titles.get(col, "")
        yield Diagnostic(
            "column-duplicate",
            f"Столбец «{title}» повторяется; в отчет попадет только столбец {columns.letters.get(key, '?')}",
            file=display, sheet=sheet, cell=f"{column_letter(col)}{line}",
            hint="Удалите лишний столбец или перенесите данные в основной.",
        )
    for column in kind.columns:
        if column.required and column.key not in layout.keys:
            yield Diagnostic(
                "missing-column",
                f"Нет обязательного столбца «{' '.join(column.title.split())}»",
                file=display, sheet=sheet, cell=f"A{line}",
                hint="Верните столбец с этим заголовком, как в бланке формы.",
            )
    if layout.split_key and layout.halves:
        s, e = layout.halves
        yield Diagnostic(
            "columns-combined",
            f"Сроки собраны из двух столбцов: «{layout.titles.get(s, '')}» ({column_letter(s)}) и "
            f"«{layout.titles.get(e, '')}» ({column_letter(e)})",
            file=display, sheet=sheet, cell=f"{column_letter(s)}{line}",
        )
    for col, n in sorted(columns.unknown.items()):
        title = layout.titles.get(col, "")
        if col in layout.duplicates:
            continue
        named = f"«{title}»" if title else "без заголовка"
        ref_line = line if title else columns.first_unknown[col]
        yield Diagnostic(
            "column-unknown",
            f"Столбец {column_letter(col)} {named} не входит в отчет: "
            f"{n} {plural(n, 'заполненная ячейка', 'заполненные ячейки', 'заполненных ячеек')} "
            f"не {plural(n, 'попадет', 'попадут', 'попадут')} в отчет",
            file=display, sheet=sheet, cell=f"{column_letter(col)}{ref_line}",
            hint="Если это сведения о мероприятии, перенесите их в столбцы формы.",
        )


def _extras_findings(extras: Extras, out: _Sheet, fields: dict[str, Field], display: str, sheet: str):
    """Formulas without values, error values and merges across columns in the table's rows."""
    first_header = min(t.header_line for t in out.tables)
    used: set[int] = set()
    for table in out.tables:
        used.update(_col(letter) for key, letter in table.columns.items())
    field_cells = {_position(f.ref) for f in fields.values() if f.sheet == sheet}
    event_lines = {r.line for r in out.rows}

    def in_table(row: int, col: int) -> bool:
        return (row > first_header and col in used) or (row, col) in field_cells

    for (row, col), formula in sorted(extras.no_value.items()):
        if in_table(row, col):
            yield Diagnostic(
                "formula-no-value",
                f"В ячейке формула «={formula}», но ее значение не сохранено в файле",
                file=display, sheet=sheet, cell=f"{column_letter(col)}{row}",
                hint="Откройте файл в Excel или LibreOffice Calc и сохраните его: значение формулы будет вычислено.",
            )
    for (row, col), error in sorted(extras.errors.items()):
        if in_table(row, col):
            yield Diagnostic(
                "cell-error", f"В ячейке ошибка формулы {error}",
                file=display, sheet=sheet, cell=f"{column_letter(col)}{row}",
                hint="Исправьте формулу или впишите значение текстом.",
            )
    for line in extras.duplicate_rows:
        yield Diagnostic(
            "row-number-duplicate",
            f"В файле книги две строки с номером {line} (файл сохранен с ошибкой); прочитаны обе",
            file=display, sheet=sheet, cell=f"A{line}",
            hint="Проверьте, что обе строки — мероприятия отчета; откройте и пересохраните файл.",
        )
    for r1, c1, r2, c2 in extras.merged:
        if r1 != r2 or r1 not in event_lines or sum(1 for c in range(c1, c2 + 1) if c in used) < 2:
            continue
        yield Diagnostic(
            "merged-cells",
            f"Ячейки {column_letter(c1)}{r1}:{column_letter(c2)}{r2} объединены: значение относится "
            f"только к столбцу {column_letter(c1)}",
            file=display, sheet=sheet, cell=f"{column_letter(c1)}{r1}",
            hint="Разъедините ячейки и впишите значение в каждый столбец, к которому оно относится.",
        )


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _position(ref: str) -> tuple[int, int]:
    """"B7" → (7, 1): 1-based row, 0-based column."""
    row, col = cell_order(ref)
    return row, col - 1
