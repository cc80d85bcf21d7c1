"""Write filled forms the many ways municipalities fill them (for samples and tests).

Written with openpyxl directly, not with reportgen's own template writer, so that the reader is
tested against forms it did not produce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

KEYS = ("name", "place", "dates", "goal", "participants")

EXACT_TITLES = {
    "number": "№\nп/п",
    "name": "Наименование мероприятия",
    "place": "Место проведения\nмероприятия",
    "dates": "Сроки\nпроведения\nмероприятия",
    "goal": "Цель, содержание и результат мероприятия\n(в том числе краткая информация о достигнутых "
            "договоренностях, подписанных документах)",
    "participants": "Участники мероприятия\n(общее количество, другие дополнительные сведения)",
}
SHORT_TITLES = {
    "number": "№",
    "name": "НАИМЕНОВАНИЕ МЕРОПРИЯТИЯ",
    "place": "Место проведения",
    "dates": "Сроки проведения",
    "goal": "Цель, содержание и результат мероприятия",
    "participants": "Участники мероприятия (количество)",
}


@dataclass(frozen=True)
class Style:
    """How a municipality filled its form in. The defaults are the blank form's own layout."""

    # "right": value in the next cell but one; "colon": "Label: value"; "colon-right": "Label:" and the
    # value in the next cell; "caption": the value over «(наименование …)»; "none": no fields
    fields: str = "right"
    municipality: str | None = None  # text of the municipality field
    period: str = "II квартал 2025 года"
    title: bool = True
    blank_before_header: int = 1
    order: tuple[str, ...] = ("number", *KEYS)
    titles: str = "exact"  # or "short"
    header: str = "one"  # or "groups": group titles merged over the column titles
    numbers_row: bool = False  # a row «1 2 3 4 5 6» under the header
    dates: str = "column"  # or "start-end": «Дата начала» and «Дата окончания» (single days as date cells)
    extra_column: str | None = None  # "Примечание"
    extra_values: dict[int, str] = field(default_factory=dict)  # row index → note
    blank_every: int = 0
    filler_rows: int = 0
    date_cells: bool = False
    instructions_first: bool = False
    sheet_name: str = "Мероприятия"
    number_style: str = "{n}."
    headings: dict[int, str] = field(default_factory=dict)  # row index → a heading in the name column before it
    merge_same: tuple[str, ...] = ()  # columns where runs of equal consecutive values are one merged cell
    tall: tuple[int, ...] = ()  # rows written over two lines: № and name merged, the goal split after its first line
    sheets: tuple[tuple[str, int], ...] = ()  # (sheet name, first row index): the rest on a sheet of its own
    footer: tuple[str, ...] = ()  # lines under the table
    planned: tuple[tuple[str, ...], ...] = ()  # a table of planned events after the report's one


def day_of(text: str) -> dt.date | None:
    """The date of a single-day dates cell ("13 апреля\\n2025 года"), for writing a date cell."""
    from reportgen.dates import DateSpan, parse_dates

    span = parse_dates(text, 2025)
    if isinstance(span, DateSpan) and span.precision == "day" and span.start == span.end and "-" not in text:
        return span.start
    return None


def _columns(style: Style) -> list[str]:
    columns = []
    for key in style.order:
        columns += ["start", "end"] if key == "dates" and style.dates == "start-end" else [key]
    return columns + ([style.extra_column] if style.extra_column else [])


def _titles(ws, line: int, style: Style, columns: list[str]) -> int:
    """The header (one or two rows, and the row of column numbers): returns the next line."""
    titles = EXACT_TITLES if style.titles == "exact" else SHORT_TITLES
    names = {"start": "Дата начала", "end": "Дата окончания"}
    if style.header == "groups":
        groups = {"name": "Сведения о мероприятии", "place": "Сведения о мероприятии",
                  "dates": "Сведения о мероприятии", "start": "Сведения о мероприятии",
                  "end": "Сведения о мероприятии", "goal": "Итоги", "participants": "Итоги"}
        runs: list[tuple[str, int, int]] = []
        for col, key in enumerate(columns, start=1):
            group = groups.get(key)
            if group is None:  # the № and the note: one title merged down over both rows
                ws.cell(line, col, titles.get(key, names.get(key, key)))
                ws.merge_cells(start_row=line, start_column=col, end_row=line + 1, end_column=col)
                continue
            ws.cell(line + 1, col, titles.get(key, names.get(key, key)))
            if runs and runs[-1][0] == group and runs[-1][2] == col - 1:
                runs[-1] = (group, runs[-1][1], col)
            else:
                runs.append((group, col, col))
        for group, first, last in runs:
            ws.cell(line, first, group)
            if last > first:
                ws.merge_cells(start_row=line, start_column=first, end_row=line, end_column=last)
        line += 2
    else:
        for col, key in enumerate(columns, start=1):
            ws.cell(line, col, titles.get(key, names.get(key, key)))
        line += 1
    if style.numbers_row:
        for col in range(1, len(columns) + 1):
            ws.cell(line, col, col)
        line += 1
    return line


def _fields(ws, line: int, style: Style) -> int:
    if style.fields not in ("right", "colon", "colon-right", "caption"):
        return line
    for label, value, caption in (
            ("Муниципальное образование", style.municipality, "(наименование муниципального образования)"),
            ("Отчетный период", style.period, "(отчетный период)")):
        if value is None:
            continue
        if style.fields == "right":
            ws.cell(line, 1, label)
            ws.cell(line, 3, value)
        elif style.fields == "colon-right":
            ws.cell(line, 1, f"{label}:")
            ws.cell(line, 2, value)
        elif style.fields == "caption":
            ws.cell(line, 1, value)
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=6)
            line += 1
            ws.cell(line, 1, caption)
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=6)
        else:
            ws.cell(line, 1, f"{label}: {value}")
        line += 1
    return line


def _values(i: int, values: tuple[str, ...], style: Style) -> dict[str, object]:
    by_key: dict[str, object] = dict(zip(KEYS, values))
    by_key["number"] = style.number_style.format(n=i + 1)
    if style.date_cells and day_of(by_key["dates"]):
        by_key["dates"] = day_of(by_key["dates"])
    if style.dates == "start-end":
        by_key["start"] = by_key["dates"]
        by_key["end"] = by_key["dates"] if isinstance(by_key["dates"], dt.date) else None
    return by_key


def _merge_runs(ws, column: int, lines: list[int], values: list[object]) -> None:
    """Equal values on consecutive event lines become one merged cell holding the first."""
    start = 0
    for k in range(1, len(values) + 1):
        if k < len(values) and values[k] == values[start] and lines[k] == lines[k - 1] + 1 and values[k]:
            continue
        if k - start > 1:
            for j in range(start + 1, k):
                ws.cell(lines[j], column).value = None
            ws.merge_cells(start_row=lines[start], start_column=column, end_row=lines[k - 1], end_column=column)
        start = k


FOOTERS = {
    "totals": (2, "Итого: {n} мероприятий"),
    "signature": (2, "Глава муниципального образования ______________ И.И. Петров"),
    "executor": (1, "Исполнитель: Иванова Мария Петровна"),
    "phone": (1, "тел. 8 (48131) 4-12-34"),
    "stamp": (1, "М.П."),
    "date": (2, "01.07.2025"),
}


def write_form(path: Path, rows: list[tuple[str, ...]], style: Style) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    if style.instructions_first:
        ws.title = "Инструкция"
        ws["A1"] = "Заполните лист «Мероприятия»: одна строка — одно мероприятие."
        ws["A2"] = "Наименование мероприятия пишите полностью."  # looks like a title; must not fool the reader
        ws = wb.create_sheet(style.sheet_name)
    else:
        ws.title = style.sheet_name
    line = 1
    if style.title:
        ws.cell(line, 1, "Отчет о мероприятиях в международной сфере, проведенных органами местного "
                         "самоуправления муниципальных и городских округов Смоленской области во II квартале 2025 года")
        line += 1
    line = _fields(ws, line, style)
    line += style.blank_before_header
    columns = _columns(style)
    line = _titles(ws, line, style, columns)
    first_data = line
    splits = dict((start, name) for name, start in style.sheets)
    placed: list[tuple[object, int, dict[str, object]]] = []  # (sheet, line, values) of every event row
    for i, values in enumerate(rows):
        if i in splits:  # the rest of the events on a sheet of their own, under their own header
            ws = wb.create_sheet(splits[i])
            line = _titles(ws, 1, style, columns)
        if style.blank_every and i and i % style.blank_every == 0:
            line += 1  # a blank row
        if i in style.headings:
            ws.cell(line, columns.index("name") + 1, style.headings[i])
            line += 1
        by_key = _values(i, values, style)
        rest = None
        if i in style.tall:
            head, _, rest = str(by_key["goal"]).partition("\n")
            by_key["goal"] = head
        for col, key in enumerate(columns, start=1):
            value = by_key.get(key)
            if value is None or value == "":
                continue
            c = ws.cell(line, col, value)
            if isinstance(value, dt.date):
                c.number_format = "DD.MM.YYYY"
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if style.extra_column and i in style.extra_values:
            ws.cell(line, len(columns), style.extra_values[i])
        placed.append((ws, line, by_key))
        if rest is not None:
            ws.cell(line + 1, columns.index("goal") + 1, rest)
            for key in ("number", "name"):
                if key in columns:
                    col = columns.index(key) + 1
                    ws.merge_cells(start_row=line, start_column=col, end_row=line + 1, end_column=col)
            line += 1
        line += 1
    for key in style.merge_same:
        if key not in columns:
            continue
        for sheet in dict.fromkeys(s for s, _, _ in placed):
            here = [(ln, v[key]) for s, ln, v in placed if s is sheet]
            _merge_runs(sheet, columns.index(key) + 1, [ln for ln, _ in here], [v for _, v in here])
    for j in range(style.filler_rows):
        if "number" in columns:
            ws.cell(line, columns.index("number") + 1, len(rows) + j + 1)
        line += 1
    if style.planned:
        line += 1
        ws.cell(line, 1, "Планируемые мероприятия на III квартал 2025 года")
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(columns))
        line = _titles(ws, line + 1, Style(order=style.order, titles=style.titles), [c for c in style.order])
        for k, values in enumerate(style.planned):
            by_key = dict(zip(KEYS, values), number=f"{k + 1}.")
            for col, key in enumerate(style.order, start=1):
                ws.cell(line, col, by_key[key])
            line += 1
    if style.footer:
        line += 1
    for item in style.footer:
        col, text = FOOTERS[item]
        ws.cell(line, col, text.format(n=len(rows)))
        line += 1
    first = wb[style.sheet_name]
    first.freeze_panes = first.cell(first_data, 1)
    wb.properties.creator = "municipality"
    wb.properties.created = dt.datetime(2025, 7, 1)
    wb.save(path)


# A generated year (tests/test_year.py, bench/year.py): four quarters of forms in which events
# carry over from one quarter into the next, are reported again late, and recur with new dates.

ROMAN_QUARTERS = ("I", "II", "III", "IV")
_KINDS = ("Фестиваль", "Выставка", "Форум", "Конкурс", "Ярмарка", "Турнир", "Слет", "Смотр")
_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря")


@dataclass(frozen=True)
class Happening:
    """One true event of a generated year, and the quarters whose forms report it.

    `how`: "once" (one quarter), "carried" (its dates run over a quarter's end; each quarter's form
    reports it, with its own part of the dates when `split_dates`), "late" (held in one quarter, reported
    again in the next with the same dates), "recurring" (the same name again in another quarter, new dates:
    another event).
    """

    municipality: str
    name: str
    place: str
    start: dt.date
    end: dt.date
    quarters: tuple[int, ...]
    how: str = "once"
    split_dates: bool = False


def _day_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year} года"
    if start.month == end.month:
        return f"{start.day}–{end.day} {_MONTHS[start.month - 1]} {start.year} года"
    return f"{start.day} {_MONTHS[start.month - 1]} – {end.day} {_MONTHS[end.month - 1]} {end.year} года"


def _quarter_end(year: int, q: int) -> dt.date:
    return (dt.date(year, 3 * q + 1, 1) if q < 4 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)


def year_happenings(municipalities: tuple[str, ...], per_quarter: int, year: int = 2025, seed: int = 7,
                    quarters: tuple[int, ...] = (1, 2, 3, 4)) -> list[Happening]:
    """The true events of a year: per municipality and quarter `per_quarter` of them, some carried
    over into the next quarter, some reported late, some recurring; names unique per municipality."""
    import random

    from rapidfuzz import fuzz

    rnd = random.Random(seed)
    syllables = ("ба", "ве", "го", "ду", "жи", "зо", "ка", "ле", "ми", "но", "пу", "ра", "се", "ту", "фа", "хо",
                 "це", "ша", "яр", "ин", "ост", "ель", "ан", "ур")

    def word() -> str:
        return "".join(rnd.choice(syllables) for _ in range(4)).capitalize()

    out: list[Happening] = []
    for m in municipalities:
        used: list[str] = []

        def fresh(used=used) -> str:
            # No two proper names of one municipality alike: the matcher must not meet them.
            while True:
                quoted = f"{word()} {word().lower()}"
                if per_quarter > 12 or all(fuzz.ratio(quoted, u) < 60 for u in used):
                    used.append(quoted)
                    return f"{rnd.choice(_KINDS)} «{quoted}»"

        pool = iter(fresh, None)
        town = f"г. {m[:-3] if m.endswith('ский') else m}"
        for q in quarters:
            first = dt.date(year, 3 * q - 2, 1)
            last = _quarter_end(year, q)
            for i in range(per_quarter):
                name, place = next(pool), f"{town}, площадка {i % 5 + 1}"
                later = q + 1 in quarters
                pick = i % 6
                if pick == 0 and later:  # runs over the quarter's end, reported in both quarters
                    start, end = last - dt.timedelta(days=2), last + dt.timedelta(days=3)
                    out.append(Happening(m, name, place, start, end, (q, q + 1), "carried", split_dates=q % 2 == 1))
                elif pick == 1 and later:  # held late in the quarter, reported again in the next one
                    day = last - dt.timedelta(days=10)
                    out.append(Happening(m, name, place, day, day, (q, q + 1), "late"))
                elif pick == 2 and q + 2 in quarters:  # held again two quarters on: another event
                    day = first + dt.timedelta(days=20 + i % 20)
                    out.append(Happening(m, name, place, day, day, (q,), "recurring"))
                    again = day.replace(month=day.month + 6)
                    out.append(Happening(m, name, place, again, again, (q + 2,), "recurring"))
                else:
                    day = first + dt.timedelta(days=5 + (7 * i) % 75)
                    out.append(Happening(m, name, place, day, day + dt.timedelta(days=i % 3), (q,)))
    return out


def year_forms(folder: Path, happenings: list[Happening], year: int = 2025,
               footer: tuple[str, ...] = ("totals", "executor")) -> dict[int, Path]:
    """The quarters' forms of `happenings`: a folder per quarter («q1» …), a form per municipality.

    A carried-over event with `split_dates` is reported with each quarter's part of its dates;
    otherwise every quarter reports it with the same dates. `footer` lines go under each table
    (not events: each must be named as skipped). Returns the quarter → its folder.
    """
    folders: dict[int, Path] = {}
    quarters = sorted({q for h in happenings for q in h.quarters})
    for q in quarters:
        where = folders[q] = folder / f"q{q}"
        where.mkdir(parents=True, exist_ok=True)
        for m in dict.fromkeys(h.municipality for h in happenings):
            rows = []
            for h in happenings:
                if h.municipality != m or q not in h.quarters:
                    continue
                start, end = h.start, h.end
                if h.split_dates:
                    edge = _quarter_end(year, h.quarters[0])
                    start, end = (start, edge) if q == h.quarters[0] else (edge + dt.timedelta(days=1), end)
                rows.append((h.name, h.place, _day_text(start, end), f"Проведено: {h.name}, {h.how}.",
                             f"{20 + len(rows)} человек"))
            write_form(where / f"{m} {q} кв.xlsx", rows,
                       Style(municipality=m, period=f"{ROMAN_QUARTERS[q - 1]} квартал {year} года", title=False,
                             footer=footer))
    return folders
