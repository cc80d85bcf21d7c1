"""Reader for Word reports: a report's body → the report model (Report, Section, Event), for `split`.

The report's table is the one whose header row carries the kind's column titles (also when
the titles are split over two rows). Below it, a row whose cells hold one text is a section
header, matched against the registry; a numbered row ("1", "1.", "1)") is an event of the
current section. Whatever cannot be placed is reported with its position, never dropped.
Pure: the caller reads the document (read/word.py) and writes one form per section.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.diagnostics import Diagnostic
from reportgen.kind import Column, Kind, Municipality
from reportgen.model import Event, Report, Section
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


@dataclass(frozen=True)
class Split:
    """A Word report read back: the same model `build` writes, its period, and what could not be placed."""

    source: str  # the document, as the user named it
    report: Report  # sections in the document's order, one per municipality; events numbered anew
    period: Period | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)


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
    """Sections and their events, with a finding for everything that could not be placed."""
    diags: list[Diagnostic] = []
    tables = body.tables
    found = None
    for table in tables:
        header = find_header(table, kind)
        if header is not None:
            found = (table, header)
            break
    if found is None:
        titles = "; ".join(f"«{c.title.splitlines()[0]}»" for c in kind.columns)
        diags.append(Diagnostic(
            "split-no-table", f"В документе не найдена таблица отчета (искали столбцы {titles})",
            file=display, hint="Проверьте, что это отчет этого вида и что заголовки столбцов не изменены.",
        ))
        return Split(display, Report.of(kind, period, (), title=""), period, tuple(diags))
    main, (header_end, columns) = found
    position = body.blocks.index(main)
    title = " ".join(" ".join(b.split()) for b in body.blocks[:position] if isinstance(b, str) and b.strip())
    stated = parse_label(title)
    if period is None:
        period = stated
        if period is None:
            diags.append(Diagnostic(
                "period-missing", "В заголовке отчета не найден отчетный квартал", file=display,
                hint="Укажите его: --period 2025-Q2.",
            ))
    elif stated is not None and stated != period:
        diags.append(Diagnostic(
            "split-period-differs", f"Заголовок отчета говорит «{stated.label()}», а формы пишутся за "
            f"{period.label()} (--period)", file=display,
            hint="Проверьте --period: формы получат квартал, который он задает.",
        ))

    width = sum(c.span for c in main.rows[header_end])
    parts = [(main, header_end + 1)]
    between: list[str] = []
    for block in body.blocks[position + 1:]:
        if isinstance(block, str):
            if block.strip():
                between.append(block)
            continue
        if sum(c.span for c in block.rows[0]) == width if block.rows else False:
            # A table the author split (a page break, a copy-paste): the same columns go on.
            start = 0
            header = find_header(block, kind)
            if header is not None:
                start = header[0] + 1
            parts.append((block, start))
            for text in between:
                diags.append(_unplaced(display, f"текст между таблицами «{short(text)}»"))
            between = []
        else:
            for r, row in enumerate(block.rows, start=1):
                text = " | ".join(c.text.strip() for c in row if c.text.strip())
                if text:
                    diags.append(_unplaced(display, f"таблица {block.number}, строка {r}: «{short(text)}»",
                                           sheet=f"таблица {block.number}", cell=f"строка {r}"))

    sections: dict[str, _Gathering] = {}
    keys = [c.key for c in kind.content_columns]
    order: list[str] = []
    current: _Gathering | None = None
    lost: list | None = None  # in a section that matched nothing: [its finding's index, name, rows lost]
    number_col = next((g for g, c in columns.items() if c.role == "number"), None)
    for table, start in parts:
        above: dict[int, str] = {}  # the text of each grid column in the row above: what a merge down shares
        for r, row in enumerate(table.rows[start:], start=start + 1):
            cells = grid(row)
            where = {"file": display, "sheet": f"таблица {table.number}", "cell": f"строка {r}"}
            texts: dict[str, str] = {}
            merged: list[str] = []  # columns merged with the row above
            spanned: list[list[str]] = []  # columns merged with each other, across
            for g, column in columns.items():
                cell = cells[g] if g < len(cells) else None
                if cell is None:
                    continue
                text, _ = clean_cell(cell.text)
                if cell.continued:
                    text = above.get(g, "") if column.role != "number" else ""
                    if text:
                        merged.append(column.title.splitlines()[0])
                elif cell.span > 1 and any(columns.get(g + k) for k in range(1, cell.span)):
                    spanned.append([columns[g + k].title.splitlines()[0] for k in range(cell.span) if columns.get(g + k)])
                if text:
                    texts[column.key] = text
            above = {g: texts.get(c.key, "") for g, c in columns.items()}
            distinct = {clean_cell(c.text)[0] for c in cells if c is not None and clean_cell(c.text)[0]}

            number = texts.get(columns[number_col].key, "") if number_col is not None else ""
            numbered = bool(_NUMBER.match(number)) if number_col is not None else len(texts) >= 2
            if not distinct or _column_numbers(cells):
                continue
            if not numbered and len(distinct) == 1:
                name = next(iter(distinct))
                m = kind.registry.match(name)
                if m is None:
                    near = kind.registry.suggest(name)
                    lost = [len(diags), name, 0]
                    diags.append(_unknown_section(name, 0, near, where))
                    current = None
                    continue
                if m.short in sections:
                    diags.append(Diagnostic(
                        "split-section-twice", f"Раздел «{m.short}» встречается в отчете второй раз; "
                        "его мероприятия добавлены к первому", **where,
                    ))
                else:
                    sections[m.short] = _Gathering(m)
                    order.append(m.short)
                current, lost = sections[m.short], None
                continue
            if not numbered:
                diags.append(Diagnostic(
                    "split-unnumbered",
                    f"Строка без номера внутри раздела не перенесена: «{short(' | '.join(_in_order(cells)))}»",
                    **where, hint="Пронумеруйте строку, если это мероприятие, или удалите ее.",
                ))
                continue
            content = {k: v for k, v in texts.items() if number_col is None or k != columns[number_col].key}
            if not content:  # a numbered row with nothing else is an unused template row
                continue
            diags.extend(_merge_findings(merged, spanned, where))
            if current is None:
                if lost is not None:  # counted in the unknown section's finding
                    lost[2] += 1
                    diags[lost[0]] = _unknown_section(lost[1], lost[2], kind.registry.suggest(lost[1]), where | {
                        "sheet": diags[lost[0]].sheet, "cell": diags[lost[0]].cell})
                else:
                    diags.append(Diagnostic(
                        "split-orphan-row", f"Мероприятие № {number.strip()} стоит до первого раздела и не перенесено",
                        **where, hint="Добавьте над ним строку с названием муниципального образования.",
                    ))
                continue
            cells = []
            for key in keys:
                text, cut = fit_cell(content.get(key, ""))
                if cut:
                    diags.append(_shortened(kind, key, len(content[key]), where))
                cells.append(text)
            current.events.append(Event(number=0, label="", cells=tuple(cells), file=display, sheet=where["sheet"], line=r))
    return Split(display, Report.of(kind, period, _numbered(kind, [sections[k] for k in order]), title=title),
                 period, tuple(diags))


def _merge_findings(merged: list[str], spanned: list[list[str]], where: dict) -> list[Diagnostic]:
    """An event row's merged cells: a value shared down from the row above, or columns run together."""
    out = []
    if merged:
        out.append(Diagnostic(
            "split-merged-cell", f"Ячейки {', '.join(f'«{t}»' for t in merged)} объединены со строкой выше; "
            "их значение отнесено и к этой строке", **where,
            hint="Проверьте строку в форме: у объединенной ячейки одно значение на все строки.",
        ))
    for covered in spanned:
        out.append(Diagnostic(
            "split-merged-cell", f"Ячейки {', '.join(f'«{t}»' for t in covered)} объединены в одну; весь текст "
            f"отнесен к «{covered[0]}», остальные пусты", **where,
            hint="Проверьте строку в форме: разнесите текст по своим столбцам.",
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


def _numbered(kind: Kind, gathered: list[_Gathering]) -> tuple[Section, ...]:
    """Sections with their events numbered straight through, as `build` numbers them."""
    out, n = [], 0
    for g in gathered:
        events = []
        for e in g.events:
            n += 1
            events.append(dataclasses.replace(e, number=n, label=kind.number_label(n)))
        out.append(Section(g.municipality.section, g.municipality.short, tuple(events)))
    return tuple(out)


def _shortened(kind: Kind, key: str, length: int, where: dict) -> Diagnostic:
    title = next(c.title.splitlines()[0] for c in kind.columns if c.key == key)
    return Diagnostic(
        "cell-shortened", f"Текст в столбце «{title}» — {length} знаков, а ячейка Excel вмещает {EXCEL_CELL_MAX}: "
        "в форму записано начало", **where, hint="Сократите текст или разделите мероприятие на несколько строк.",
    )


def _unknown_section(name: str, rows: int, near: list[str], where: dict) -> Diagnostic:
    return Diagnostic(
        "split-unknown-section",
        f"Раздел «{short(name)}» не найден в перечне муниципальных образований; "
        f"его мероприятия ({rows}) не перенесены", **where,
        hint=("Возможно, имелось в виду: " + ", ".join(f"«{n}»" for n in near) + ". Исправьте название раздела.")
        if near else "Исправьте название раздела в отчете.",
    )


def _unplaced(display: str, what: str, sheet: str | None = None, cell: str | None = None) -> Diagnostic:
    return Diagnostic("split-unplaced", f"Не перенесено в формы: {what}", file=display, sheet=sheet, cell=cell,
                      hint="Если это мероприятие, перенесите его в таблицу отчета.")
