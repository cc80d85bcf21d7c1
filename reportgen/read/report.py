"""Reader for Word reports: a report's body → the report model (Report, Section, Event), for `split`.

The report's table is the one whose header row carries the kind's column titles (also when
the titles are split over two rows). Below it, a row whose cells hold one text is a section
header, matched against the registry; a numbered row ("1", "1.", "1)") is an event of the
current section. Whatever cannot be placed is reported with its position, never dropped.
Pure: the caller reads the document (read/word.py) and writes one form per section.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.kind import Column, Kind, Municipality
from reportgen.model import Event, Report, Section, Split
from reportgen.period import Period, parse_label
from reportgen.read.header import match_title
from reportgen.read.word import DocBody, DocCell, DocTable
from reportgen.text import EXCEL_CELL_MAX, clean_cell, fit_cell, short

_NUMBER = re.compile(r"^\s*\d{1,6}\s*[.)]?\s*$")
HEADER_ROWS = 5  # the header is searched for in a table's first rows


@dataclass
class _Gathering:
    """A section while its rows are read: sections may come back later in the document."""

    municipality: Municipality
    events: list[Event] = field(default_factory=list)


def grid(row: tuple[DocCell, ...]) -> list[DocCell | None]:
    """A row's cells by grid column: a cell spanning n columns stands in the first of them."""
    out: list[DocCell | None] = []
    for cell in row:
        out.append(cell)
        out.extend([None] * (cell.span - 1))
    return out


def spread(row: tuple[DocCell, ...]) -> list[str]:
    """A row's text by grid column: a cell spanning n columns gives its text to each of them."""
    out: list[str] = []
    for cell in row:
        out.extend([cell.text] * cell.span)
    return out


def find_header(table: DocTable, kind: Kind) -> tuple[int, dict[int, Column]] | None:
    """(index of the last header row, grid column → column) or None; a header may take two rows."""
    need = min(3, len(kind.columns))
    best: tuple[int, dict[int, Column]] | None = None
    rows = table.rows[:HEADER_ROWS]
    for i, row in enumerate(rows):
        texts = spread(row)
        width = len(texts)
        found = _titles(width, texts.__getitem__, kind)
        last = i
        if i + 1 < len(rows) and _continues_header(rows[i + 1]):
            # "Наименование" over "мероприятия": the titles go on in the next row.
            below = spread(rows[i + 1])
            pair = _titles(width, lambda col: _join(texts[col], below[col] if col < len(below) else ""), kind)
            if len(pair) >= len(found):
                found, last = pair, i + 1
        if len(found) >= need and (best is None or len(found) > len(best[1])):
            best = (last, found)
    return best


def _titles(width: int, text_at, kind: Kind) -> dict[int, Column]:
    found: dict[int, Column] = {}
    for col in range(width):
        text = text_at(col)
        column = match_title(text, kind) if text.strip() else None
        if column is not None and column.key not in {c.key for c in found.values()}:
            found[col] = column
    return found


def _continues_header(row: tuple[DocCell, ...]) -> bool:
    """A row that may hold the second lines of the titles: several short texts, no number."""
    texts = [c.text.strip() for c in row if c.text.strip()]
    return (len(texts) >= 2 and not _NUMBER.match(row[0].text if row else "")
            and all(len(t) <= 120 for t in texts))


def _column_numbers(cells: list[DocCell | None]) -> bool:
    """The row under the header that numbers the columns: «1 | 2 | 3 | 4 | 5 | 6»."""
    texts = [c.text.strip().rstrip(".") for c in cells if c is not None]
    return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]


def _join(a: str, b: str) -> str:
    return a if a == b else f"{a} {b}".strip()


def read_report_file(path: Path, kind: Kind, display: str, period: Period | None = None) -> Split:
    """Identify and read a Word report, then split it; a file that cannot be read becomes the split's finding."""
    from reportgen.read.sniff import Refused, identify
    from reportgen.read.word import read_docx

    try:
        identify(path, ("docx",))
        body = read_docx(path)
    except Refused as exc:
        return Split(display, Report.of(kind, period, (), title=""), period,
                     (Diagnostic(exc.code, str(exc), file=display, hint=exc.hint),))
    return split_report(body, kind, display, period)


def split_report(body: DocBody, kind: Kind, display: str, period: Period | None = None) -> Split:
    """Sections and their events, with a finding for everything that could not be placed.

    The events come unnumbered: api.split_file numbers them through assemble, as `build` numbers a report.
    """
    diags: list[Diagnostic] = []
    found = _report_table(body, kind)
    if found is None:
        diags.append(_no_table(kind, display))
        return Split(display, Report.of(kind, period, (), title=""), period, tuple(diags))
    main, header_end, columns = found
    position = body.blocks.index(main)
    title = " ".join(" ".join(b.split()) for b in body.blocks[:position] if isinstance(b, str) and b.strip())
    stated = parse_label(title)
    at = len(diags)  # the period's findings come first, as before the rows' (they need the rows' dates)
    parts = _continuations(body.blocks[position + 1:], main, header_end, kind, display, diags)
    gatherer = _Gatherer(kind, display, columns, diags)
    for table, start in parts:
        gatherer.read(table, start)
    sections = tuple(Section(g.municipality.section, g.municipality.short, tuple(g.events))
                     for g in gatherer.sections.values())
    said: list[Diagnostic] = []
    spans = _spans(kind, [e for s in sections for e in s.events], stated)
    period = _period(stated, period, display, said, spans)
    diags[at:at] = said
    return Split(display, Report.of(kind, period, sections, title=title), period, tuple(diags))


def _report_table(body: DocBody, kind: Kind) -> tuple[DocTable, int, dict[int, Column]] | None:
    """The first table whose header carries the kind's titles: (table, its last header row, grid column → column)."""
    for table in body.tables:
        header = find_header(table, kind)
        if header is not None:
            return table, header[0], header[1]
    return None


def _no_table(kind: Kind, display: str) -> Diagnostic:
    titles = [c.title.splitlines()[0] for c in kind.columns]
    return Diagnostic("split-no-table", say("split.no-table", titles=titles), file=display,
                      hint=say("split.no-table.hint"))


def _period(stated: Period | None, period: Period | None, display: str, diags: list[Diagnostic],
            spans: list[tuple[dt.date, dt.date]]) -> Period | None:
    """The forms' period: --period when given (a finding when the title says another), else the title's.

    Without either, the finding's hint names the quarter the events' dates fall in; a title whose
    quarter most of the dated events miss is a warning naming both.
    """
    dated = dates_quarter(spans)
    if period is None:
        if stated is None:
            hint = say("split.period-hint.dated", period=dated) if dated else say("split.period-hint.undated")
            diags.append(Diagnostic(
                "period-missing", say("split.period-missing"), file=display, hint=hint,
            ))
        elif dated is not None and dated != stated and not _mostly_within(spans, stated):
            diags.append(Diagnostic.of("split-period-dates", file=display, stated=stated, dated=dated))
        return stated
    if stated is not None and stated != period:
        diags.append(Diagnostic(
            "split-period-differs", say("split.period-differs", stated=stated, period=period), file=display,
            hint=say("split.period-differs.hint"),
        ))
    return period


def _spans(kind: Kind, events: list[Event], stated: Period | None) -> list[tuple[dt.date, dt.date]]:
    """The events' dates as their cells give them (first and last day); an unreadable cell gives none."""
    from reportgen.dates import DateSpan, parse_dates

    keys = [c.key for c in kind.content_columns]
    key = kind.key_of("dates")
    if key not in keys:
        return []
    at = keys.index(key)
    out = []
    for e in events:
        span = parse_dates(e.cells[at] if at < len(e.cells) else "", stated.year if stated else None)
        if isinstance(span, DateSpan):
            out.append((span.start, span.end))
    return out


def dates_quarter(spans: list[tuple[dt.date, dt.date]]) -> Period | None:
    """The quarter most of the events start in; None when no event has dates that read."""
    from collections import Counter

    from reportgen.period import current

    starts = Counter(current(start) for start, _ in spans)
    return max(starts, key=lambda q: (starts[q], q)) if starts else None


def _mostly_within(spans: list[tuple[dt.date, dt.date]], period: Period) -> bool:
    """At least half the dated events touch `period` (an event begun in the quarter before still counts)."""
    inside = sum(start <= period.end and end >= period.start for start, end in spans)
    return 2 * inside >= len(spans)


def _continuations(blocks: list, main: DocTable, header_end: int, kind: Kind, display: str,
                   diags: list[Diagnostic]) -> list[tuple[DocTable, int]]:
    """(table, first row after its header) of the report table and the tables that go on with its columns.

    Text between them and every other table's rows are findings: nothing below the title is dropped unsaid.
    """
    width = sum(c.span for c in main.rows[header_end])
    parts = [(main, header_end + 1)]
    between: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            if block.strip():
                between.append(block)
        elif block.rows and sum(c.span for c in block.rows[0]) == width:
            # A table the author split (a page break, a copy-paste): the same columns go on.
            header = find_header(block, kind)
            parts.append((block, header[0] + 1 if header is not None else 0))
            diags.extend(_unplaced(display, say("split.between-tables", text=short(text))) for text in between)
            between = []
        else:
            diags.extend(_other_table(block, display))
    return parts


def _other_table(block: DocTable, display: str) -> list[Diagnostic]:
    out = []
    for r, row in enumerate(block.rows, start=1):
        text = " | ".join(c.text.strip() for c in row if c.text.strip())
        if text:
            sheet, cell = say("split.table", table=block.number), say("split.row", row=r)
            out.append(_unplaced(display, say("split.other-table", table=sheet, row=cell, text=short(text)),
                                 sheet=sheet, cell=cell))
    return out


@dataclass(frozen=True)
class _Row:
    """One table row by the report's columns: texts by column key (merges down filled in) and its merges."""

    cells: list[DocCell | None]  # by grid column
    texts: dict[str, str]
    merged: list[str]  # titles of the columns merged with the row above
    spanned: list[list[str]]  # titles of columns merged with each other, across
    distinct: set[str]  # the row's different texts, in any column


def _read_row(row: tuple[DocCell, ...], columns: dict[int, Column], above: dict[int, str]) -> _Row:
    """A row's texts; `above`: each grid column's text in the row above, which a cell merged down shares."""
    cells = grid(row)
    texts: dict[str, str] = {}
    merged: list[str] = []
    spanned: list[list[str]] = []
    for g, column in columns.items():
        cell = cells[g] if g < len(cells) else None
        if cell is None:
            continue
        text, _ = clean_cell(cell.text)
        if cell.continued:
            text = above.get(g, "") if column.role != "number" else ""
            if text:
                merged.append(column.title.splitlines()[0])
        elif cell.span > 1 and len(covered := _covered(columns, g, cell.span)) > 1:
            spanned.append(covered)
        if text:
            texts[column.key] = text
    distinct = {clean_cell(c.text)[0] for c in cells if c is not None and clean_cell(c.text)[0]}
    return _Row(cells, texts, merged, spanned, distinct)


def _covered(columns: dict[int, Column], g: int, span: int) -> list[str]:
    """The titles of the report's columns under a cell spanning `span` grid columns from `g`."""
    return [columns[g + k].title.splitlines()[0] for k in range(span) if g + k in columns]


@dataclass
class _Lost:
    """A section whose name matched no municipality: its finding counts the rows lost under it."""

    index: int  # of its finding among the split's diagnostics, rewritten as rows are counted
    name: str
    near: list[str]  # the registry's nearest names
    where: dict  # the header row's place
    rows: int = 0


@dataclass
class _Gatherer:
    """The table rows, read in document order, gathered into sections (a section may come back later)."""

    kind: Kind
    display: str
    columns: dict[int, Column]
    diags: list[Diagnostic]
    sections: dict[str, _Gathering] = field(default_factory=dict)  # by short name, in document order
    current: _Gathering | None = None
    lost: _Lost | None = None  # set while under a section that matched nothing

    def __post_init__(self) -> None:
        self.number_key = next((c.key for c in self.columns.values() if c.role == "number"), None)
        self.keys = [c.key for c in self.kind.content_columns]

    def read(self, table: DocTable, start: int) -> None:
        above: dict[int, str] = {}
        for r, row in enumerate(table.rows[start:], start=start + 1):
            read = _read_row(row, self.columns, above)
            above = {g: read.texts.get(c.key, "") for g, c in self.columns.items()}
            where = {"file": self.display, "sheet": say("split.table", table=table.number),
                     "cell": say("split.row", row=r)}
            self.take(read, where, r)

    def take(self, row: _Row, where: dict, line: int) -> None:
        """One row: blank and column-number rows are skipped, a lone text opens a section, a numbered row is an event."""
        number = row.texts.get(self.number_key, "") if self.number_key is not None else ""
        numbered = bool(_NUMBER.match(number)) if self.number_key is not None else len(row.texts) >= 2
        if not row.distinct or _column_numbers(row.cells):
            return
        if not numbered and len(row.distinct) == 1:
            self.section(next(iter(row.distinct)), where)
        elif not numbered:
            self.diags.append(Diagnostic(
                "split-unnumbered",
                say("split.unnumbered", text=short(' | '.join(_in_order(row.cells)))),
                **where, hint=say("split.unnumbered.hint"),
            ))
        else:
            content = {k: v for k, v in row.texts.items() if k != self.number_key}
            if content:  # a numbered row with nothing else is an unused template row
                self.diags.extend(_merge_findings(row.merged, row.spanned, where))
                self.event(number, content, where, line)

    def section(self, name: str, where: dict) -> None:
        m = self.kind.registry.match(name)
        if m is None:
            near = self.kind.registry.suggest(name)
            self.lost = _Lost(len(self.diags), name, near, where)
            self.diags.append(_unknown_section(name, 0, near, where))
            self.current = None
            return
        if m.short in self.sections:
            self.diags.append(Diagnostic(
                "split-section-twice", say("split.section-twice", short=m.short), **where,
            ))
        else:
            self.sections[m.short] = _Gathering(m)
        self.current, self.lost = self.sections[m.short], None

    def event(self, number: str, content: dict[str, str], where: dict, line: int) -> None:
        if self.current is None:
            self.homeless(number, where)
            return
        cells = []
        for key in self.keys:
            text, cut = fit_cell(content.get(key, ""))
            if cut:
                self.diags.append(_shortened(self.kind, key, len(content[key]), where))
            cells.append(text)
        self.current.events.append(Event(number=0, label="", cells=tuple(cells), file=self.display,
                                         sheet=where["sheet"], line=line))

    def homeless(self, number: str, where: dict) -> None:
        """An event outside any known section: counted in the unknown section's finding, or an orphan's own."""
        if self.lost is not None:
            lost = self.lost
            lost.rows += 1
            self.diags[lost.index] = _unknown_section(lost.name, lost.rows, lost.near, lost.where)
        else:
            self.diags.append(Diagnostic(
                "split-orphan-row", say("split.orphan-row", number=number.strip()),
                **where, hint=say("split.orphan-row.hint"),
            ))


def _merge_findings(merged: list[str], spanned: list[list[str]], where: dict) -> list[Diagnostic]:
    """An event row's merged cells: a value shared down from the row above, or columns run together."""
    out = []
    if merged:
        out.append(Diagnostic(
            "split-merged-cell", say("split.merged-above", cells=merged), **where,
            hint=say("split.merged-above.hint"),
        ))
    for covered in spanned:
        out.append(Diagnostic(
            "split-merged-cell", say("split.merged-across", cells=covered, first=covered[0]), **where,
            hint=say("split.merged-across.hint"),
        ))
    return out


def _in_order(cells: list[DocCell | None]) -> list[str]:
    """A row's texts left to right, each once (a quote of the row as the reader sees it)."""
    out: list[str] = []
    for c in cells:
        text = clean_cell(c.text)[0] if c is not None else ""
        if text and text not in out:
            out.append(text)
    return out


def _shortened(kind: Kind, key: str, length: int, where: dict) -> Diagnostic:
    title = next(c.title.splitlines()[0] for c in kind.columns if c.key == key)
    return Diagnostic(
        "cell-shortened", say("split.shortened", title=title, length=length, limit=EXCEL_CELL_MAX), **where,
        hint=say("split.shortened.hint"),
    )


def _unknown_section(name: str, rows: int, near: list[str], where: dict) -> Diagnostic:
    return Diagnostic(
        "split-unknown-section",
        say("split.unknown-section", name=short(name), rows=rows), **where,
        hint=say("split.unknown-section.hint", near=near),
    )


def _unplaced(display: str, what: str, sheet: str | None = None, cell: str | None = None) -> Diagnostic:
    return Diagnostic("split-unplaced", say("split.unplaced", what=what), file=display, sheet=sheet, cell=cell,
                      hint=say("split.unplaced.hint"))


def dated(report: Report, quarter: Period | None, kind: Kind) -> Report:
    """The report with each event's dates read from its dates cell where it has none (a Word report's events).

    A report read back from Word holds only text; the checks against earlier quarters and a longer
    period's merges compare dates, so they are read here, in the report's own quarter (for a day
    and month without a year).
    """
    from reportgen.dates import DateSpan, parse_dates

    keys = [c.key for c in kind.content_columns]
    at = keys.index(kind.dates_key) if kind.dates_key in keys else None
    if at is None or quarter is None:
        return report
    sections = []
    for section in report.sections:
        events = []
        for event in section.events:
            if event.start is None and at < len(event.cells):
                span = parse_dates(event.cells[at], quarter.year, quarter)
                if isinstance(span, DateSpan):
                    event = dataclasses.replace(event, start=span.start, end=span.end)
            events.append(event)
        sections.append(dataclasses.replace(section, events=tuple(events)))
    return dataclasses.replace(report, sections=tuple(sections))
