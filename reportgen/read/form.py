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

from reportgen.catalogue import say
from reportgen.dates import DateSpan, parse_dates, span_text
from reportgen.diagnostics import Diagnostic, cell_order, column_index, column_letter
from reportgen.read.fields import read_fields
from reportgen.kind import Kind
from reportgen.read.header import HEADER_SEARCH_ROWS, Layout, find_header
from reportgen.model import NOTES_SHEET, Cell, Field, Form, Row, SheetNote, SkippedRow, Table
from reportgen.damage import code_of, explain
from reportgen.read.sniff import OwnOutput, Refused, identify
from reportgen.read.rows import TALL, REASONS, Classified, Merges, RowKind, Rules, Verdict, scan
from reportgen.read.grid import Extras, SheetSource, cell_text, open_sheets
from reportgen.text import clean_cell, control_char_names, fold, short

PREVIEW = 60  # characters of a skipped row's text quoted in its finding


def read_form(path: Path, kind: Kind, display: str | None = None) -> Form:
    """Read one workbook. Never raises for bad input: problems become diagnostics."""
    display = display or str(path)
    try:
        return _read(path, kind, display)
    except OwnOutput as exc:
        return Form(file=display, produced_by=str(exc))
    except Refused as exc:
        refused = exc
    except MemoryError:
        refused = Refused.said("file-too-large", "book-memory")
    except Exception as exc:  # noqa: BLE001 - a parser's surprise on a strange file is that file's problem
        refused = Refused.said(code_of(exc), "book-unreadable", why=explain(exc))
    # The refusal's facts (its catalogue key, what was found) reach the finding, and the JSON.
    finding = Diagnostic(refused.code, str(refused), file=display, hint=refused.hint, facts=refused.facts)
    return Form(file=display, diagnostics=(finding,))


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
    notes = []
    if identified.named:
        notes.append(Diagnostic.of("file-misnamed", file=display, suffix=identified.path.suffix.lower(),
                                   format=identified.format))
    for name, what in dropped:
        notes.append(Diagnostic.of("sheet-not-sheet", file=display, sheet=name, what=what))
    return tuple(notes)


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
        diags.insert(0, Diagnostic.of(
            "no-header", file=display, limit=HEADER_SEARCH_ROWS, sheets=tuple(p.note.name for p in parts),
            columns=tuple(c.title.splitlines()[0] for c in kind.columns),
        ))
        return Form(file=display, sheets=notes, diagnostics=tuple(diags))
    first = read[0]
    if len(read) > 1:
        diags.insert(0, Diagnostic.of(
            "sheets-read", file=display, sheet=first.note.name, counts=tuple((p.note.name, len(p.rows)) for p in read),
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
            yield Diagnostic.of("municipality-conflict", file=display, sheet=other.sheet, cell=other.ref,
                                named=field_.text, named_sheet=field_.sheet, other=other.text)


def _filled(value: object) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


def _has_text(rows: Sequence[tuple[int, Sequence]]) -> bool:
    return any(_filled(v) for _, values in rows for v in values)


def _notes_sheet(name: str) -> bool:
    """«Замечания», «Замечания (2)»: the findings sheet of a marked copy."""
    return fold(name).split(" (")[0] == fold(NOTES_SHEET)


def _read_sheet(sheet: SheetSource, kind: Kind, display: str, rules: Rules) -> _Sheet:
    if _notes_sheet(sheet.name):
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.notes")))
    grid = sheet.rows
    merges = Merges.of(sheet.extras.merged) if sheet.extras.merged else Merges({}, {}, {})
    head = grid[:HEADER_SEARCH_ROWS]
    layout = find_header(head, kind, merges.spans)
    if not sheet.visible:
        if layout is None:
            return _Sheet(SheetNote(sheet.name, False, say("sheet-note.hidden")))
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.hidden-table")), diagnostics=[Diagnostic.of(
            "sheet-hidden", file=display, sheet=sheet.name, cell=f"A{layout.first_line}", header_line=layout.first_line,
        )])
    if layout is None:
        return _sheet_without_table(sheet, grid, kind, display)

    above = [(line, values) for line, values in head if line < layout.first_line]
    fields, title = read_fields(above, kind, sheet.name, merges.spans)
    planned = ""
    if rules.is_planned(sheet.name):
        planned = say("sheet-note.planned-sheet", sheet=sheet.name)
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
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.instructions")))
    if _notes_sheet(sheet.name):
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.notes")))
    if not _has_text(grid):
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.empty")))
    fields, _ = read_fields(grid[:HEADER_SEARCH_ROWS], kind, sheet.name)
    rows = [line for line, values in grid if sum(1 for v in values if _filled(v)) >= 3]
    if rows:
        # Rows that look like events, with no header over them: they cannot be read, and they must not vanish.
        n = len(rows)
        note = SheetNote(sheet.name, False, say("sheet-note.no-header"))
        return _Sheet(note, fields=fields, diagnostics=[Diagnostic.of(
            "sheet-rows-unread", file=display, sheet=sheet.name, cell=f"A{rows[0]}", n=n, first=rows[0],
        )])
    if fields and any(f.text for f in fields.values()):
        return _Sheet(SheetNote(sheet.name, False, say("sheet-note.fields-only")), fields=fields)
    return _Sheet(SheetNote(sheet.name, False, say("sheet-note.no-header")), diagnostics=[Diagnostic.of(
        "sheet-no-table", file=display, sheet=sheet.name, limit=HEADER_SEARCH_ROWS,
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


class _Build:
    """Classified rows → a sheet's events, skipped rows and findings, one named step per kind of row."""

    def __init__(self, out: _Sheet, sheet: SheetSource, merges: Merges, grid, kind: Kind, display: str) -> None:
        self.out, self.name, self.merges, self.kind, self.display = out, sheet.name, merges, kind, display
        self.hidden = sheet.extras.hidden_rows
        self.tables: dict[int, tuple[Table, _Columns]] = {}
        self.by_line = {line: values for line, values in grid} if merges.covered else {}
        self.shared: dict[tuple[int, int], list[int]] = {}  # merge's top cell → event lines given its value
        self.joined: list[tuple[int, int, Verdict, str]] = []  # (event line, continuation line, verdict, first cell)
        self.current: Row | None = None
        self.filler: list[int] = []
        self.filler_col = "A"
        self.planned: dict[str, list[tuple[int, str]]] = {}

    def table_of(self, layout: Layout) -> tuple[Table, _Columns]:
        entry = self.tables.get(id(layout))
        if entry is None:
            columns = _Columns(layout, self.kind)
            entry = self.tables[id(layout)] = (Table(self.name, layout.first_line, columns.letters), columns)
            self.out.tables.append(entry[0])
        return entry

    def row(self, item: Classified) -> None:
        kind_ = item.verdict.kind
        _, columns = self.table_of(item.shape.layout)
        if kind_ is RowKind.FILLER:  # in a table of planned events too: the form's unused rows
            if not self.filler and item.shape.number_col is not None:
                self.filler_col = column_letter(item.shape.number_col)
            self.filler.append(item.look.line)
            return
        self.flush_filler(kind_ is RowKind.EVENT or kind_ is RowKind.CONTINUATION)
        if kind_ is RowKind.EVENT:
            self.event(item, columns)
        elif kind_ is RowKind.CONTINUATION and self.current is not None:
            self.continuation(item, columns)
        elif item.planned and kind_ in (RowKind.PLANNED, RowKind.HEADER):  # the plan's own heading and header too
            self.planned_row(item)
        else:
            self.skipped(item)

    def flush_filler(self, between: bool) -> None:
        """Unused numbered rows: named when they lie between events; the blank form's tail is not news."""
        filler, name = self.filler, self.name
        if filler:
            self.out.skipped.extend(SkippedRow(name, line, RowKind.FILLER.value, say("sheet-note.filler-row"))
                                    for line in filler)
        if filler and between:
            self.out.diagnostics.append(Diagnostic.of(
                "row-skipped", file=self.display, sheet=name, cell=f"{self.filler_col}{filler[0]}",
                first=filler[0], last=filler[-1], filler=True,
            ))
        filler.clear()

    def event(self, item: Classified, columns: _Columns) -> None:
        look, out = item.look, self.out
        cells = _cells(look.line, look.values, columns, out.diagnostics, self.display, self.name)
        if self.by_line:
            _fill_merged(look.line, cells, columns, self.merges, self.by_line, self.shared)
        if not cells:
            return  # only invisible characters, named by their own finding: a blank row
        table, _ = self.table_of(item.shape.layout)
        self.current = Row(look.line, cells, table)
        out.rows.append(self.current)
        _count_unknown(look.line, look.values, columns)

    def continuation(self, item: Classified, columns: _Columns) -> None:
        look, out = item.look, self.out
        more = _cells(look.line, look.values, columns, out.diagnostics, self.display, self.name)
        self.current = _join(self.current, more)
        out.rows[-1] = self.current
        _count_unknown(look.line, look.values, columns)
        self.joined.append((self.current.line, look.line, item.verdict, _first_ref(look)))

    def planned_row(self, item: Classified) -> None:
        for line in _lines(item):
            self.planned.setdefault(item.planned, []).append((line, _first_ref(item.look)))
            self.out.skipped.append(SkippedRow(self.name, line, RowKind.PLANNED.value, REASONS[RowKind.PLANNED]))

    def skipped(self, item: Classified) -> None:
        look, verdict, out, name, display = item.look, item.verdict, self.out, self.name, self.display
        lines = _lines(item)
        out.skipped.extend(SkippedRow(name, line, verdict.kind.value, verdict.reason) for line in lines)
        ref = _first_ref(look)
        preview = _preview(_row_text(look))
        if verdict.ambiguous and len(lines) == 1:
            out.diagnostics.append(Diagnostic.of(
                "row-ambiguous", file=display, sheet=name, cell=ref, first=look.line, last=look.line,
                reason=verdict.reason, quoted=preview, advice=verdict.hint,
            ))
        else:
            out.diagnostics.append(Diagnostic.of(
                "row-skipped", file=display, sheet=name, cell=ref, first=lines[0], last=lines[-1],
                reason=verdict.reason, quoted=preview,
            ))

    def finish(self) -> None:
        """The findings about the sheet as a whole, once every row is placed."""
        self.flush_filler(False)
        out, display, name = self.out, self.display, self.name
        out.diagnostics.extend(_hidden_findings(out.rows, self.hidden, display, name))
        out.diagnostics.extend(_joined_findings(self.joined, display, name))
        out.diagnostics.extend(_shared_findings(self.shared, self.merges, self.by_line, display, name))
        out.diagnostics.extend(_planned_findings(self.planned, display, name))
        for _, columns in self.tables.values():
            out.diagnostics.extend(_column_findings(columns, self.kind, display, name))


def _build(out: _Sheet, sheet: SheetSource, first: Layout, classified: list[Classified], merges: Merges,
           grid, kind: Kind, display: str) -> None:
    build = _Build(out, sheet, merges, grid, kind, display)
    build.table_of(first)
    for item in classified:
        build.row(item)
    build.finish()


def _lines(item: Classified) -> list[int]:
    """A skipped row's lines: a two-row header (repeated, or the plan's) is both its rows."""
    lines = [item.look.line]
    if item.verdict.kind is RowKind.HEADER and item.shape.layout.last_line > item.look.line:
        lines.append(item.shape.layout.last_line)
    return lines


def _hidden_findings(rows: list[Row], hidden, display: str, sheet: str):
    """Rows are read whether hidden or not; a hidden event is named, since it reaches the report."""
    for row in rows:
        if row.line in hidden:
            yield Diagnostic.of("row-hidden", file=display, sheet=sheet, cell=f"A{row.line}", line=row.line)


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
    return short(text, PREVIEW)  # cut between words, as every quoted text


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
    return Diagnostic.of("control-chars", file=display, sheet=sheet, cell=ref, chars=control_char_names(dropped))


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
        code = "row-ambiguous" if any(v.ambiguous for _, v, _ in parts) else "row-joined"
        yield Diagnostic.of(code, file=display, sheet=sheet, cell=ref, first=lines[0], last=lines[-1],
                            event=event, reason="" if how == "merged" else how)


def _shared_findings(shared: dict[tuple[int, int], list[int]], merges: Merges, by_line, display: str, sheet: str):
    for top, lines in sorted(shared.items()):
        if len(set(lines)) < 2:
            continue  # the merge lies within one event
        r1, c1, r2, c2 = merges.ranges[top]
        value = by_line.get(r1, ())
        text = cell_text(value[c1])[0] if c1 < len(value) and value[c1] not in (None, "") else ""
        yield Diagnostic.of("merged-shared", file=display, sheet=sheet, cell=f"{column_letter(c1)}{r1}",
                            quoted=_preview(text), first=r1, last=r2, events=len(set(lines)))


def _planned_findings(planned: dict[str, list[tuple[int, str]]], display: str, sheet: str):
    for heading, rows in planned.items():
        lines = [line for line, _ in rows]
        yield Diagnostic.of("table-planned", file=display, sheet=sheet, cell=rows[0][1], heading=_preview(heading),
                            first=lines[0], last=lines[-1])


def _column_findings(columns: _Columns, kind: Kind, display: str, sheet: str):
    layout = columns.layout
    line = layout.first_line
    for col, key in sorted(layout.duplicates.items()):
        title = layout.titles.get(col, "")
        yield Diagnostic.of("column-duplicate", file=display, sheet=sheet, cell=f"{column_letter(col)}{line}",
                            title=title, kept=columns.letters.get(key, "?"))
    for column in kind.columns:
        if column.required and column.key not in layout.keys:
            yield Diagnostic.of("missing-column", file=display, sheet=sheet, cell=f"A{line}",
                                title=" ".join(column.title.split()))
    if layout.split_key and layout.halves:
        s, e = layout.halves
        yield Diagnostic.of("columns-combined", file=display, sheet=sheet, cell=f"{column_letter(s)}{line}",
                            start_title=layout.titles.get(s, ""), start=column_letter(s),
                            end_title=layout.titles.get(e, ""), end=column_letter(e))
    for col, n in sorted(columns.unknown.items()):
        title = layout.titles.get(col, "")
        if col in layout.duplicates:
            continue
        ref_line = line if title else columns.first_unknown[col]
        yield Diagnostic.of("column-unknown", file=display, sheet=sheet, cell=f"{column_letter(col)}{ref_line}",
                            column=column_letter(col), title=title, n=n)


def _extras_findings(extras: Extras, out: _Sheet, fields: dict[str, Field], display: str, sheet: str):
    """Formulas without values, error values and merges across columns in the table's rows."""
    first_header = min(t.header_line for t in out.tables)
    used: set[int] = set()
    for table in out.tables:
        used.update(column_index(letter) for key, letter in table.columns.items())
    field_cells = {_position(f.ref) for f in fields.values() if f.sheet == sheet}
    event_lines = {r.line for r in out.rows}

    def in_table(row: int, col: int) -> bool:
        return (row > first_header and col in used) or (row, col) in field_cells

    for (row, col), formula in sorted(extras.no_value.items()):
        if in_table(row, col):
            yield Diagnostic.of("formula-no-value", file=display, sheet=sheet, cell=f"{column_letter(col)}{row}",
                                formula=formula)
    for (row, col), error in sorted(extras.errors.items()):
        if in_table(row, col):
            yield Diagnostic.of("cell-error", file=display, sheet=sheet, cell=f"{column_letter(col)}{row}", error=error)
    for line in extras.duplicate_rows:
        yield Diagnostic.of("row-number-duplicate", file=display, sheet=sheet, cell=f"A{line}", line=line)
    for r1, c1, r2, c2 in extras.merged:
        if r1 != r2 or r1 not in event_lines or sum(1 for c in range(c1, c2 + 1) if c in used) < 2:
            continue
        yield Diagnostic.of("merged-cells", file=display, sheet=sheet, cell=f"{column_letter(c1)}{r1}",
                            last=f"{column_letter(c2)}{r2}", column=column_letter(c1))


def _position(ref: str) -> tuple[int, int]:
    """"B7" → (7, 1): 1-based row, 0-based column."""
    row, col = cell_order(ref)
    return row, col - 1
