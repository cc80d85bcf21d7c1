"""Small workbooks written cell by cell, for tests that need one exact layout."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from forms import EXACT_TITLES
from reportgen.kind import load_kind

TITLES = [EXACT_TITLES[k] for k in ("number", "name", "place", "dates", "goal", "participants")]
EVENTS = [
    ["1.", "Форум «Россия – Беларусь»", "г. Смоленск", "12 апреля 2025 года", "Обмен опытом", "40 человек"],
    ["2.", "Фестиваль «Славянский хоровод»", "г. Велиж", "13 апреля 2025 года", "Народное творчество", "Коллективы"],
    ["3.", "Круглый стол «Молодежь»", "г. Рославль", "20 мая 2025 года", "Сотрудничество", "12 человек"],
]
EVENT = EVENTS[0]


def book(path: Path, *sheets: tuple[str, list[list]], hidden: tuple[str, ...] = (),
         merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook with the given sheets, each a list of rows (None = empty cell), and merged ranges."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values, start=1):
                if v is not None:
                    cell = ws.cell(r, c, v)
                    if isinstance(v, dt.date):
                        cell.number_format = "DD.MM.YYYY"
        for ref in (merges or {}).get(name, ()):
            ws.merge_cells(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def canonical(*events: list, municipality="Вяземский", period="II квартал 2025 года") -> list[list]:
    """The blank form's layout: title, fields in rows 2–3, header in row 5, events from row 6."""
    return [
        ["Отчет о мероприятиях …"],
        ["Муниципальное образование", None, municipality],
        ["Отчетный период", None, period],
        [],
        TITLES,
        *events,
    ]


def rewrite_zip(path: Path, edit) -> None:
    """Pass every member of a zip through `edit(name, data) -> (name, data) | None`."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            out = edit(item.filename, src.read(item.filename))
            if out is not None:
                dst.writestr(out[0], out[1])
    shutil.move(tmp, path)


def duplicate_row(path: Path, line: int, new_values: dict[str, str]) -> None:
    """Write a second `<row r="line">` after the first one, as a broken exporter does."""
    def edit(name: str, data: bytes):
        if not name.startswith("xl/worksheets/sheet"):
            return name, data
        text = data.decode("utf-8")
        m = re.search(rf'<row r="{line}"[^>]*>.*?</row>', text, re.S)
        cells = "".join(f'<c r="{col}{line}" t="inlineStr"><is><t>{value}</t></is></c>'
                        for col, value in new_values.items())
        text = text[:m.end()] + f'<row r="{line}">{cells}</row>' + text[m.end():]
        return name, text.encode("utf-8")
    rewrite_zip(path, edit)


# A blank form of `reportgen template`, filled as a person would: the kind says where.
KIND = load_kind()


def fill_blank_form(path, events, out=None):
    """Fill a blank form the way a person would: one event per row under the header."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]  # the data sheet comes first
    for i, values in enumerate(events):
        for col, value in enumerate(values, start=2):
            ws.cell(KIND.form.header_row + 1 + i, col, value)
    wb.save(out or path)
    return out or path


TWO_EVENTS = [
    ("Международный фестиваль «Славянское единство»", "г. Вязьма", dt.datetime(2025, 4, 12),
     "Укрепление дружбы\nи культурных связей", "Коллективы России и Беларуси, 120 человек"),
    ("Круглый стол «Побратимы»", "г. Вязьма,\nДом культуры", "18-20 мая 2025 года", "Обмен опытом", "35 человек"),
]
