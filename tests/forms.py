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
    """How a municipality filled its form in."""

    fields: str = "right"  # "right": value in the next cell; "colon": "Label: value"; "none"; "title"
    municipality: str | None = None  # text of the municipality field
    period: str = "II квартал 2025 года"
    title: bool = True
    blank_before_header: int = 1
    order: tuple[str, ...] = ("number", *KEYS)
    titles: str = "exact"  # or "short"
    extra_column: str | None = None  # "Примечание"
    extra_values: dict[int, str] = field(default_factory=dict)  # row index → note
    blank_every: int = 0
    filler_rows: int = 0
    date_cells: bool = False
    instructions_first: bool = False
    sheet_name: str = "Мероприятия"
    number_style: str = "{n}."


def day_of(text: str) -> dt.date | None:
    """The date of a single-day dates cell ("13 апреля\\n2025 года"), for writing a date cell."""
    from reportgen.dates import DateSpan, parse_dates

    span = parse_dates(text, 2025)
    if isinstance(span, DateSpan) and span.precision == "day" and span.start == span.end and "-" not in text:
        return span.start
    return None


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
    if style.fields in ("right", "colon"):
        for label, value in (("Муниципальное образование", style.municipality), ("Отчетный период", style.period)):
            if value is None:
                continue
            if style.fields == "right":
                ws.cell(line, 1, label)
                ws.cell(line, 3, value)
            else:
                ws.cell(line, 1, f"{label}: {value}")
            line += 1
    line += style.blank_before_header
    titles = EXACT_TITLES if style.titles == "exact" else SHORT_TITLES
    columns = list(style.order) + ([style.extra_column] if style.extra_column else [])
    for col, key in enumerate(columns, start=1):
        ws.cell(line, col, titles.get(key, key))
    header = line
    line += 1
    for i, values in enumerate(rows):
        if style.blank_every and i and i % style.blank_every == 0:
            line += 1  # a blank row
        by_key = dict(zip(KEYS, values))
        by_key["number"] = style.number_style.format(n=i + 1)
        if style.date_cells and day_of(by_key["dates"]):
            by_key["dates"] = day_of(by_key["dates"])
        for col, key in enumerate(style.order, start=1):
            c = ws.cell(line, col, by_key[key])
            if isinstance(by_key[key], dt.date):
                c.number_format = "DD.MM.YYYY"
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if style.extra_column and i in style.extra_values:
            ws.cell(line, len(columns), style.extra_values[i])
        line += 1
    for j in range(style.filler_rows):
        if "number" in style.order:
            ws.cell(line, style.order.index("number") + 1, len(rows) + j + 1)
        line += 1
    ws.freeze_panes = ws.cell(header + 1, 1)
    wb.properties.creator = "municipality"
    wb.properties.created = dt.datetime(2025, 7, 1)
    wb.save(path)
