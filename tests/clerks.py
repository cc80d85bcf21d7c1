"""Forms laid out the ways district offices lay them out, each dimension chosen independently.

A `Shape` picks one value on every dimension: how the fields are labelled, how the municipality
is spelt, the header (one row, group titles over sub-titles, a title split over two rows), a row
of column numbers, the column order, how dates are given (text, date cells, start and end
columns), merged cells (one place for several events, tall events), group headings, the lines
under the table, a second table (planned, or more events of the quarter), several sheets, blank
and unused numbered rows, or nothing to report at all. One dimension is the blank form's own
numbered rows (`reportgen template` numbers fifty rows under its header): events typed into them,
then signature, stamp, executor and phone lines and a date in the next numbered rows; another is a
text pasted from Word over two rows (the second paragraph of the goal, the second line of the
participants, alone in the next row); another a title one row low («Сроки» typed alone in the row
under the other titles).

`write(path, shape, events)` writes the workbook with openpyxl and returns what a person reading
it sees: the events in order with the texts the report must show, and every other non-empty
line (sheet, line) that must be named as skipped. The invariant the tests state on it: every
event reaches the report exactly once, in order, with its text; no other row does; every skipped
non-empty row is named.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

KEYS = ("name", "place", "dates", "goal", "participants")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")
TITLES = {
    "number": ["№\nп/п", "№", "№ п/п", "N п/п"],
    "name": ["Наименование мероприятия", "НАИМЕНОВАНИЕ МЕРОПРИЯТИЯ", "Наименование", "Название мероприятия"],
    "place": ["Место проведения\nмероприятия", "Место проведения", "Место"],
    "dates": ["Сроки\nпроведения\nмероприятия", "Сроки проведения", "Дата проведения", "Сроки"],
    "goal": ["Цель, содержание и результат мероприятия\n(в том числе краткая информация о достигнутых "
             "договоренностях, подписанных документах)", "Цель, содержание и результат мероприятия",
             "Содержание и результат мероприятия"],
    "participants": ["Участники мероприятия\n(общее количество, другие дополнительные сведения)",
                     "Участники мероприятия (количество)", "Участники"],
}
GROUPS = {"name": "Сведения о мероприятии", "place": "Сведения о мероприятии", "dates": "Сведения о мероприятии",
          "goal": "Итоги", "participants": "Итоги"}


@dataclass(frozen=True)
class Municipality:
    """How clerks of one municipality write its name, with the section title it must land in."""

    section: str
    spellings: tuple[str, ...]
    genitive: str  # for a title: «Отчет … Вяземского муниципального округа»
    town: str  # for a file name: «Вязьма_2кв.xlsx»


def _district(adj: str, town: str, gen: str, extra: tuple[str, ...] = ()) -> Municipality:
    return Municipality(
        f"Муниципальное образование «{adj} муниципальный округ» Смоленской области",
        (adj, f"{adj} муниципальный округ", f"{adj} район", f"{adj} р-н", f"{adj} МО", f"г. {town}",
         f"МО «{adj} муниципальный округ» Смоленской области", f"Администрация {gen} муниципального округа",
         adj.upper(), f"  {adj.lower()}  район ", *extra),
        f"{gen} муниципального округа", town)


MUNICIPALITIES = (
    Municipality("Город Смоленск", ("г. Смоленск", "город Смоленск", "Смоленск", "Администрация города Смоленска",
                                    "г.Смоленск", "ГОРОД СМОЛЕНСК"), "города Смоленска", "Смоленск"),
    _district("Вяземский", "Вязьма", "Вяземского", ("Вяземский район Смоленской области",)),
    _district("Гагаринский", "Гагарин", "Гагаринского"),
    _district("Починковский", "Починок", "Починковского"),
    _district("Рославльский", "Рославль", "Рославльского", ("г.Рославль", "Рославльский р-н Смоленской обл.")),
    _district("Шумячский", "Шумячи", "Шумячского", ("п. Шумячи",)),
    _district("Краснинский", "Красный", "Краснинского", ("пгт Красный",)),
    Municipality("Муниципальное образование «Смоленский муниципальный округ» Смоленской области",
                 ("Смоленский район", "Смоленский муниципальный округ", "Смоленский", "Администрация Смоленского "
                  "муниципального округа Смоленской области", "МО «Смоленский район»"),
                 "Смоленского муниципального округа", "Смоленский район"),
    Municipality("Муниципальное образование «Холм-Жирковский муниципальный округ» Смоленской области",
                 ("Холм-Жирковский район", "Холм-Жирковский", "Холм-Жирковский муниципальный округ",
                  "Администрация Холм-Жирковского муниципального округа"),
                 "Холм-Жирковского муниципального округа", "Холм-Жирковский"),
    Municipality("Муниципальное образование «город Десногорск» Смоленской области",
                 ("г. Десногорск", "город Десногорск", "Десногорск", "МО «город Десногорск» Смоленской области"),
                 "города Десногорска", "Десногорск"),
)


@dataclass(frozen=True)
class Event:
    """One event as the municipality reports it. `when` is text as typed, a day, or (start, end)."""

    name: str
    place: str
    when: str | dt.date | tuple[dt.date, dt.date]
    goal: str
    participants: str


@dataclass(frozen=True)
class Shape:
    labels: str = "right"  # right | colon-right | colon-same | merged | below | caption | title | filename
    spelling: int = 0  # index into the municipality's spellings
    title: bool = True
    header: str = "one"  # one | groups | split
    numbers_row: bool = False
    order: tuple[str, ...] = ("number", *KEYS)
    titles: int = 0  # which set of titles (TITLES[key][titles % len])
    dates: str = "column"  # column | start-end | start-end-under
    date_cells: bool = False  # days and spans as date cells (else as typed text)
    extra_column: bool = False  # «Примечание», with a note on some events
    shared_place: bool = False  # one place merged over consecutive events
    tall: bool = False  # tall events: № and name merged over two rows, the goal split across them
    headings: str = "none"  # none | name | merged
    blank_rows: bool = False
    filler: int = 0  # unused numbered rows after the events
    footer: tuple[str, ...] = ()  # lines under the table (see FOOTERS)
    second: str = "none"  # none | planned | more (another table of the quarter, its own header)
    sheets: str = "one"  # one | two | instructions
    nothing: bool = False  # no events: «Мероприятия не проводились»
    numbered: bool = False  # the blank form's own rows: every row under the header numbered in advance
    pasted: bool = False  # a goal's second paragraph, participants' second line alone in the next row
    low_title: str = ""  # a column (key) whose title stands one row low, alone under a one-row header


FOOTERS = ("totals", "note", "signature", "signature-cells", "stamp", "executor", "phone", "executor-phone", "date")
# What the finding on each footer line must say it was taken for.
FOOTER_SAID = {"totals": "итоговая строка", "note": "примечание", "signature": "подпись", "signature-cells": "подпись",
               "stamp": "печать (М.П.)", "executor": "исполнитель", "phone": "телефон",
               "executor-phone": "исполнитель, телефон", "date": "дата под таблицей"}
# The blank form's block of numbered rows (reportgen's kind: [form] blank_rows, number_format).
TEMPLATE_ROWS = 50
HEADINGS = ("Апрель 2025 года", "МАЙ 2025", "Июнь 2025 г.", "Мероприятия, проведенные в мае:", "II. Спорт",
            "Апрель-май 2025 года")


@dataclass
class Written:
    """What a person sees in the written form."""

    path: Path
    events: list[tuple[str, ...]]  # report texts (name, place, dates, goal, participants), in order
    skipped: set[tuple[str, int]] = field(default_factory=set)  # (sheet, line) of non-event lines
    section: str = ""
    planned: bool = False
    said: dict[tuple[str, int], str] = field(default_factory=dict)  # (sheet, line) → what its finding must say


def clean(text: str) -> str:
    """The documented clean-up (README), written out independently of reportgen.text."""
    lines = [" ".join(line.replace("\t", " ").split(" ")).strip() for line in text.replace("\r", "").split("\n")]
    lines = [" ".join(part for part in line.split(" ") if part) for line in lines]
    return "\n".join(lines).strip("\n")


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} года"


def span_words(start: dt.date, end: dt.date) -> str:
    """How the report writes a span joined from start and end columns."""
    if start == end:
        return day_text(start)
    if start.month == end.month:
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year} года"
    return f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {end.year} года"


class _Sheet:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.line = 1

    def put(self, col: int, value, wrap: bool = True) -> None:
        cell = self.ws.cell(self.line, col + 1, value)
        if isinstance(value, dt.date):
            cell.number_format = "DD.MM.YYYY"
        elif wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def merge(self, c1: int, c2: int, r2: int | None = None) -> None:
        self.ws.merge_cells(start_row=self.line, start_column=c1 + 1, end_row=r2 or self.line, end_column=c2 + 1)


def _columns(shape: Shape) -> list[str]:
    columns = []
    for key in shape.order:
        if key == "dates" and shape.dates != "column":
            columns += ["start", "end"]
        else:
            columns.append(key)
    return columns + (["note"] if shape.extra_column else [])


def _dates(event: Event, shape: Shape) -> tuple[object, object, str]:
    """(start or only cell, end cell, the report's text) for an event's dates."""
    when = event.when
    if isinstance(when, str):
        return when, None, clean(when)
    start, end = (when, when) if isinstance(when, dt.date) else when
    if shape.dates == "column":
        if start == end:
            return (start, None, day_text(start)) if shape.date_cells else (f"{start:%d.%m.%Y}", None, f"{start:%d.%m.%Y}")
        typed = (f"{start.day}-{end.day} {MONTHS[end.month - 1]} 2025 года" if start.month == end.month
                 else f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} 2025 года")
        return typed, None, typed
    if shape.date_cells:
        return start, (end if end != start else None), span_words(start, end)
    return f"{start:%d.%m.%Y}", f"{end:%d.%m.%Y}", span_words(start, end)


def _header(sheet: _Sheet, shape: Shape, columns: list[str], skipped: set, name: str) -> None:
    """The header row(s), then the row of column numbers if the shape has one (a skipped line)."""

    def title(key: str) -> str:
        options = TITLES[key]
        return options[shape.titles % len(options)]

    under = shape.dates == "start-end-under" or shape.header != "one"
    if not under:
        low = shape.low_title if shape.low_title in columns else ""
        for col, key in enumerate(columns):
            text = {"start": "Дата начала", "end": "Дата окончания", "note": "Примечание"}.get(key) or title(key)
            if key != low:
                sheet.put(col, text)
        sheet.line += 1
        if low:  # «Сроки» typed one row lower than the other titles, alone in its row
            text = {"start": "Дата начала", "end": "Дата окончания", "note": "Примечание"}.get(low) or title(low)
            sheet.put(columns.index(low), text)
            sheet.line += 1
    elif shape.header == "split":
        # «Наименование» over «мероприятия»: every title broken after its first word.
        for col, key in enumerate(columns):
            text = {"start": "Дата начала", "end": "Дата окончания", "note": "Примечание"}.get(key) or title(key)
            head, _, tail = " ".join(text.split("\n")[0].split()).partition(" ")
            if key in ("start", "end", "note", "number") or not tail:
                sheet.put(col, text)
                sheet.merge(col, col, sheet.line + 1)
            else:
                sheet.put(col, head)
                sheet.ws.cell(sheet.line + 1, col + 1, tail)
        sheet.line += 2
    else:
        # Group titles merged over sub-titles; the № (and the note) merged down over both rows.
        top = sheet.line
        groups: dict[str, list[int]] = {}
        for col, key in enumerate(columns):
            if key in ("number", "note"):
                sheet.put(col, title(key) if key == "number" else "Примечание")
                sheet.merge(col, col, top + 1)
            elif key in ("start", "end"):
                if key == "start":
                    sheet.put(col, title("dates") if shape.header == "one" else "Сроки проведения")
                    sheet.merge(col, col + 1)
                sheet.ws.cell(top + 1, col + 1, "с" if key == "start" else "по")
            elif shape.header == "groups":
                groups.setdefault(GROUPS[key], []).append(col)
                sheet.ws.cell(top + 1, col + 1, title(key))
            else:
                sheet.put(col, title(key))
                sheet.merge(col, col, top + 1)
        for text, cols in groups.items():
            if cols == list(range(cols[0], cols[-1] + 1)):
                sheet.ws.cell(top, cols[0] + 1, text)
                if len(cols) > 1:
                    sheet.ws.merge_cells(start_row=top, start_column=cols[0] + 1, end_row=top, end_column=cols[-1] + 1)
            else:  # not side by side after reordering: each sub-title keeps its group over it
                for c in cols:
                    sheet.ws.cell(top, c + 1, text)
        sheet.line += 2
    if shape.numbers_row:
        for col in range(len(columns)):
            sheet.put(col, col + 1)
        skipped.add((name, sheet.line))
        sheet.line += 1


def _fields(sheet: _Sheet, shape: Shape, m: Municipality, skipped: set) -> None:
    spelling = m.spellings[shape.spelling % len(m.spellings)]
    title = "Отчет о мероприятиях в международной сфере"
    if shape.labels == "title":
        title += f", проведенных органами местного самоуправления {m.genitive} во II квартале 2025 года"
    elif shape.title:
        title += ", проведенных органами местного самоуправления во II квартале 2025 года"
    if shape.title or shape.labels == "title":
        sheet.put(0, title, wrap=False)
        sheet.line += 1
    pairs = [("Муниципальное образование", spelling, "(наименование муниципального образования)"),
             ("Отчетный период", "II квартал 2025 года", "(отчетный период)")]
    for label, value, caption in pairs:
        style = shape.labels
        if style in ("title", "filename"):
            if label.startswith("Отчетный") and not shape.title and style == "filename":
                sheet.put(0, f"{label}: {value}")
                sheet.line += 1
            continue
        if style == "right":
            sheet.put(0, label)
            sheet.put(2, value)
        elif style == "colon-right":
            sheet.put(0, label + ":")
            sheet.put(1, value)
        elif style == "colon-same":
            sheet.put(0, f"{label}: {value}")
        elif style == "merged":
            sheet.put(0, label + ":")
            sheet.put(1, value)
            sheet.merge(1, 4)
        elif style == "below":
            sheet.put(0, label)
            sheet.line += 1
            sheet.put(0, value)
        elif style == "caption":
            sheet.put(0, value)
            sheet.merge(0, 4)
            sheet.line += 1
            sheet.put(0, caption)
            sheet.merge(0, 4)
        sheet.line += 1
    sheet.line += 1


def _row(sheet: _Sheet, columns: list[str], values: dict[str, object]) -> None:
    for col, key in enumerate(columns):
        value = values.get(key)
        if value is not None and value != "":
            sheet.put(col, value)


def _events(sheet: _Sheet, shape: Shape, columns: list[str], events: list[Event], rng: random.Random,
            name: str, written: Written, first_number: int) -> None:
    """The events of one table, with headings, merges, blank rows as the shape says."""
    index = {c: i for i, c in enumerate(columns)}
    i = 0
    n = first_number
    while i < len(events):
        if shape.headings != "none" and i % 3 == 0:
            text = HEADINGS[(i // 3) % len(HEADINGS)]
            col = index["name"] if shape.headings == "name" else 0
            sheet.put(col, text)
            if shape.headings == "merged":
                sheet.merge(0, len(columns) - 1)
            written.skipped.add((name, sheet.line))
            sheet.line += 1
        run = 1
        if shape.shared_place and i + 1 < len(events) and i % 4 == 1:
            run = min(rng.choice((2, 3)), len(events) - i)
        top = sheet.line
        for j in range(run):
            event = events[i + j]
            if run > 1:
                event = replace(event, place=events[i].place)  # one place for the run: merged below
            tall = shape.tall and "\n" in event.goal.strip() and run == 1
            # Pasted from Word: what follows the first line break lands alone in the next row.
            pasted = {key: getattr(event, key).strip().partition("\n") for key in ("goal", "participants")
                      if shape.pasted and not tall and run == 1 and "\n" in getattr(event, key).strip()}
            first, dates_end, dates_text = _dates(event, shape)
            values: dict[str, object] = {"number": f"{n}.", "name": event.name, "place": event.place,
                                         "goal": event.goal, "participants": event.participants,
                                         "note": "уточнить" if shape.extra_column and n % 2 else None}
            if shape.dates == "column":
                values["dates"] = first
            else:
                values["start"], values["end"] = first, dates_end
            goal = clean(event.goal)
            if tall:
                head, _, rest = event.goal.strip().partition("\n")
                values["goal"] = head
                goal = clean(head) + "\n" + clean(rest)
            if j and run > 1:
                values["place"] = None  # under the merge
            texts = {"goal": goal, "participants": clean(event.participants)}
            for key, (head, _, rest) in pasted.items():
                values[key] = head
                texts[key] = clean(head) + "\n" + clean(rest)
            _row(sheet, columns, values)
            if tall:
                sheet.merge(index["name"], index["name"], sheet.line + 1)
                if "number" in index:
                    sheet.merge(index["number"], index["number"], sheet.line + 1)
                sheet.line += 1
                sheet.put(index["goal"], rest)
            if pasted:
                sheet.line += 1
                for key, (_, _, rest) in pasted.items():
                    sheet.put(index[key], rest)
            written.events.append((clean(event.name), clean(event.place), dates_text, texts["goal"],
                                   texts["participants"]))
            sheet.line += 1
            n += 1
        if run > 1:
            col = index["place"]
            sheet.ws.merge_cells(start_row=top, start_column=col + 1, end_row=sheet.line - 1, end_column=col + 1)
        i += run
        if shape.blank_rows and i % 2 == 0:
            sheet.line += 1


def _footer(sheet: _Sheet, shape: Shape, columns: list[str], name: str, written: Written,
            rng: random.Random) -> None:
    if shape.footer and not shape.numbered:
        sheet.line += 1  # on a blank form, clerks sign in the next numbered rows, right under the events
    last = len(columns) - 1
    for item in shape.footer:
        # On the blank form a line is typed into the wide name column, or over the row's number.
        first = rng.choice((0, columns.index("name"))) if shape.numbered else 0
        cells = {
            "totals": [(first, f"Итого: {len(written.events)} мероприятий")],
            "note": [(first, "Примечание: сведения об участниках уточняются.")],
            "signature": [(first, "Глава муниципального образования ______________ И.И. Петров")],
            "signature-cells": [(min(1, last), "Глава муниципального образования"), (last, "И.И. Петров")],
            "stamp": [(first, "М.П.")],
            "executor": [(first, "Исполнитель: Иванова Мария Петровна, ведущий специалист")],
            "phone": [(first, "тел. 8 (48131) 4-12-34")],
            "executor-phone": [(first, "Исполнитель: Петрова А.А., тел. 8 (48131) 4-12-34")],
            "date": [(columns.index("name") if shape.numbered else min(1, last),
                      "15.10.2025" if shape.numbered else "01.07.2025")],
        }[item]
        for col, text in cells:
            sheet.put(col, text)
        written.skipped.add((name, sheet.line))
        written.said[(name, sheet.line)] = FOOTER_SAID[item]
        sheet.line += 1


def _planned(sheet: _Sheet, shape: Shape, events: list[Event], name: str, written: Written) -> None:
    """A table of next quarter's plans under the report's table: its heading, header and rows."""
    columns = _columns(replace(shape, dates="column", extra_column=False))
    sheet.line += 1
    sheet.put(0, "Планируемые мероприятия на III квартал 2025 года")
    sheet.merge(0, len(columns) - 1)
    start = sheet.line
    sheet.line += 1
    _header(sheet, replace(shape, numbers_row=False, header="one", dates="column", extra_column=False),
            columns, written.skipped, name)
    for k, event in enumerate(events):
        _row(sheet, columns, {"number": f"{k + 1}.", "name": event.name, "place": event.place,
                              "dates": "Июль 2025 года", "goal": event.goal, "participants": event.participants})
        sheet.line += 1
    written.skipped |= {(name, line) for line in range(start, sheet.line)}
    written.planned = True


def write(path: Path, shape: Shape, events: list[Event], municipality: Municipality, seed: int = 0,
          planned_events: list[Event] | None = None) -> Written:
    rng = random.Random(seed)
    if shape.numbered and "number" not in shape.order:
        shape = replace(shape, order=("number", *shape.order))  # the blank form comes with its № column
    if shape.numbered:
        shape = replace(shape, low_title="")  # the blank form's header is as `reportgen template` wrote it
    wb = openpyxl.Workbook()
    ws = wb.active
    written = Written(path, [], section=municipality.section)
    if shape.sheets == "instructions":
        ws.title = "Инструкция"
        ws["A1"] = "Заполните лист «Мероприятия»: одна строка — одно мероприятие."
        ws["A2"] = "Наименование мероприятия пишите полностью."
        ws = wb.create_sheet("Мероприятия")
    else:
        ws.title = "Апрель–Май" if shape.sheets == "two" else "Мероприятия"
    columns = _columns(shape)
    parts = [events]
    if shape.sheets == "two" and len(events) > 1:
        cut = max(1, len(events) // 2)
        parts = [events[:cut], events[cut:]]
    if shape.second == "more" and len(parts[-1]) > 1:
        cut = max(1, len(parts[-1]) // 2)
        parts = parts[:-1] + [parts[-1][:cut], parts[-1][cut:]]
        more_at = len(parts) - 1
    else:
        more_at = None
    sheet = _Sheet(ws)
    name = ws.title
    _fields(sheet, shape, municipality, written.skipped)
    _header(sheet, shape, columns, written.skipped, name)
    n = 1
    for k, part in enumerate(parts):
        if k and k != more_at:  # the next sheet: «Июнь», with its own title and header
            ws = wb.create_sheet("Июнь")
            sheet, name = _Sheet(ws), ws.title
            sheet.put(0, "Мероприятия июня 2025 года")
            sheet.line += 2
            _header(sheet, shape, columns, written.skipped, name)
        elif k == more_at:  # another table of the quarter lower on the sheet, its own heading and header
            sheet.line += 1
            sheet.put(0, "Мероприятия, проведенные в июне 2025 года")
            start = sheet.line
            sheet.line += 1
            _header(sheet, replace(shape, numbers_row=False), columns, written.skipped, name)
            written.skipped |= {(name, line) for line in range(start, sheet.line)}
        if shape.nothing or not part:
            _row(sheet, columns, {key: "-" for key in columns if key != "note"}
                 | {"number": "1.", "name": "Мероприятия не проводились"})
            written.skipped.add((name, sheet.line))
            sheet.line += 1
            continue
        _events(sheet, shape, columns, part, rng, name, written, n)
        n += len(part)
    if shape.filler and "number" in columns:
        for j in range(shape.filler):
            sheet.put(columns.index("number"), n + j)
            written.skipped.add((name, sheet.line))
            sheet.line += 1
    if shape.second == "planned":
        _planned(sheet, shape, planned_events or events[:2], name, written)
    _footer(sheet, shape, columns, name, written, rng)
    if shape.numbered:
        for ws in wb.worksheets:
            _number_rows(ws, columns, written)
    wb.properties.creator = "municipality"
    wb.properties.created = dt.datetime(2025, 7, 1)
    wb.save(path)
    if shape.nothing:
        written.events = []
    return written


def _number_rows(ws, columns: list[str], written: Written) -> None:
    """What `reportgen template` gives: the № of every row under the header filled in advance, «1.», «2.», …

    Rows the clerk typed into keep their text (a heading or a signature over the number stays as
    typed); a row left with its number alone is an unused row of the form, accounted for as skipped.
    A second table lower on the sheet (its own header) is numbered in its own № column."""
    from openpyxl.cell.cell import MergedCell

    headers = []  # (first line of a header, its last line, its № column)
    for line in range(1, ws.max_row + 1):
        col = next((c for c in range(1, ws.max_column + 1) if ws.cell(line, c).value in TITLES["number"]), None)
        if col is not None:
            last = line + 1 if isinstance(ws.cell(line + 1, col), MergedCell) else line  # a two-row header
            headers.append((line, last, col))
    if not headers:
        return
    end = max(headers[0][1] + TEMPLATE_ROWS, ws.max_row + 3)
    for k, (_, header, col) in enumerate(headers):
        stop = headers[k + 1][0] - 1 if k + 1 < len(headers) else end
        for line in range(header + 1, stop + 1):
            cell = ws.cell(line, col)
            if isinstance(cell, MergedCell) or (cell.value not in (None, "") and not _numbered(cell.value)):
                continue
            blank = all(ws.cell(line, c).value in (None, "") or c == col for c in range(1, ws.max_column + 1))
            blank = blank and not any(isinstance(ws.cell(line, c), MergedCell) for c in range(1, ws.max_column + 1))
            cell.value = f"{line - header}."
            if blank:
                written.skipped.add((ws.title, line))


def _numbered(value: object) -> bool:
    """A row's number the generator put in the № column («3.»); not a row of column numbers (ints)."""
    return isinstance(value, str) and value.rstrip(".").isdigit()


def file_name(shape: Shape, municipality: Municipality, n: int) -> str:
    if shape.labels in ("filename",):
        return f"{municipality.town}_2кв_{n}.xlsx"
    return f"форма {n}.xlsx"
