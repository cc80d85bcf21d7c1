"""Findings about inputs: a stable code, a severity, a place (file, sheet, cell) and a message.

Every code reportgen can emit is listed in CODES with its severity and scope. Scope "file"
means the whole file cannot be used (a build stops even with --force); "row" means one event
is affected (--force builds anyway, keeping the text as written); "run" concerns all inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Severity = Literal["error", "warning", "info"]
Scope = Literal["file", "row", "run"]

# code: (severity, scope, what it means)
CODES: dict[str, tuple[Severity, Scope, str]] = {
    # whole file
    "file-unreadable": ("error", "file", "файл не удалось прочитать как книгу Excel"),
    "file-not-regular": ("error", "file", "это не обычный файл (папка, устройство, битая ссылка)"),
    "file-empty": ("error", "file", "файл пустой"),
    "file-too-large": ("error", "file", "файл слишком большой для формы"),
    "file-encrypted": ("error", "file", "книга защищена паролем"),
    "file-format": ("error", "file", "файл другого формата (HTML, CSV, Word, PDF…)"),
    "file-bomb": ("error", "file", "архив книги распаковывается в слишком большой объем"),
    "file-timeout": ("error", "file", "чтение файла не уложилось в отведенное время"),
    "file-memory": ("error", "file", "чтение файла не уложилось в отведенную память"),
    "no-header": ("error", "file", "не найдена строка заголовков таблицы"),
    "missing-column": ("error", "file", "нет обязательного столбца"),
    "municipality-missing": ("error", "file", "не указано муниципальное образование"),
    "municipality-unknown": ("error", "file", "муниципальное образование не найдено в перечне"),
    "municipality-duplicate": ("error", "file", "две формы одного муниципального образования с одним временем (или с --strict-duplicates)"),
    "form-order-unknown": ("error", "file", "две формы одного муниципального образования, и какая новее — не понять"),
    "municipality-ambiguous": ("error", "file", "название подходит к нескольким муниципальным образованиям"),
    "municipality-conflict": ("error", "file", "листы книги называют разные муниципальные образования"),
    "period-invalid": ("error", "file", "отчетный период не удалось понять"),
    "period-differs": ("error", "file", "форма за другой квартал, чем отчет"),
    "period-mismatch": ("error", "run", "формы указывают разные отчетные периоды"),
    "period-missing": ("error", "run", "отчетный период не указан"),
    # splitting a Word report (reportgen split)
    "split-no-table": ("error", "file", "в документе нет таблицы отчета"),
    "split-empty": ("error", "file", "в таблице отчета нет разделов муниципальных образований"),
    "split-unknown-section": ("error", "row", "раздел отчета не найден в перечне"),
    "split-orphan-row": ("error", "row", "мероприятие до первого раздела"),
    "split-unnumbered": ("error", "row", "строка без номера внутри раздела"),
    "split-unplaced": ("warning", "row", "текст вне таблицы отчета не перенесен"),
    "split-section-twice": ("warning", "row", "раздел встречается дважды"),
    "split-merged-cell": ("warning", "row", "ячейка объединена со строкой выше (значение отнесено к каждой строке) или с соседними"),
    "split-period-differs": ("warning", "file", "квартал в --period не тот, что в заголовке отчета"),
    "cell-shortened": ("warning", "row", "текст длиннее 32 767 знаков — столько вмещает ячейка Excel; записано начало"),
    # the letterhead (build --reference-doc)
    "letterhead-link": ("warning", "file", "ссылка бланка на внешний файл или адрес убрана из отчета"),
    # one row
    "value-missing": ("error", "row", "не заполнено обязательное поле"),
    "date-missing": ("error", "row", "не указаны сроки проведения"),
    "date-unparsed": ("error", "row", "сроки не удалось понять"),
    "date-unknown-month": ("error", "row", "неизвестное название месяца"),
    "date-nonexistent": ("error", "row", "такой даты не существует"),
    "date-reversed": ("error", "row", "окончание раньше начала"),
    "date-no-year": ("error", "row", "в сроках не указан год"),
    "formula-no-value": ("error", "row", "формула без сохраненного значения"),
    "sheet-rows-unread": ("error", "row", "на листе без строки заголовков есть строки, похожие на мероприятия"),
    "cell-error": ("error", "row", "в ячейке ошибка формулы (#ДЕЛ/0! и т. п.)"),
    # warnings
    "date-outside-period": ("warning", "row", "сроки выходят за отчетный квартал"),
    "period-field-wrong": ("warning", "file", "даты мероприятий — в другом квартале, чем поле «Отчетный период»: вероятно, неверно поле"),
    "column-unknown": ("warning", "file", "столбец с данными не входит в отчет"),
    "column-duplicate": ("warning", "file", "столбец повторяется"),
    "municipality-from-filename": ("warning", "file", "муниципальное образование определено по имени файла"),
    "municipality-name-differs": ("warning", "file", "поле называет одно муниципальное образование, имя файла — другое"),
    "period-unread": ("warning", "file", "период в форме не понят; форма проверена за квартал из --period"),
    "form-empty": ("warning", "file", "в форме нет ни мероприятий, ни отметки, что их не было"),

    "mixed-script": ("warning", "row", "латинские буквы внутри русского слова"),
    "event-duplicate": ("warning", "row", "одно и то же мероприятие указано дважды"),
    "event-conflict": ("warning", "row", "общее с другими мероприятие: сроки или место расходятся"),
    "event-conflict-more": ("warning", "file", "еще мероприятия формы расходятся с отчетами других: названо их число"),
    "control-chars": ("warning", "row", "в тексте были управляющие символы, они удалены"),
    "row-hidden": ("warning", "row", "скрытая строка включена в отчет"),
    "merged-cells": ("warning", "row", "объединенные ячейки в строках таблицы"),
    "row-ambiguous": ("warning", "row", "строка понята неоднозначно: проверьте, так ли это"),
    "row-number-duplicate": ("warning", "row", "в файле две строки с одним номером"),
    "table-planned": ("warning", "row", "таблица планируемых мероприятий в отчет не входит"),
    "sheet-no-table": ("warning", "file", "лист с текстом, но без таблицы мероприятий"),
    "sheet-hidden": ("warning", "file", "скрытый лист с таблицей не прочитан"),
    "municipality-from-title": ("warning", "file", "муниципальное образование определено по заголовку формы"),
    "sender-unknown": ("warning", "file", "форма пришла не с контактного адреса муниципального образования: не учтена, пока адрес не принят"),
    "message-date-future": ("warning", "file", "дата письма с формой — в будущем: по ней не решается, какая форма новее"),
    "message-date-far": ("warning", "file", "дата письма далека от времени, когда оно пришло: по ней не решается, какая форма новее"),
    # mail passed over (named among the skipped files: SkippedFile.code)
    "mail-over-budget": ("warning", "file", "вложение или письмо не извлечено: письмо или все письма вместе превысили объем, число файлов, время или память"),
    "mail-unreadable": ("warning", "file", "письмо или вложение повреждено и не читается; остальные письма прочитаны"),
    "mailbox-truncated": ("warning", "file", "в почтовом ящике слишком много писем: прочитаны самые новые, самые старые названы"),
    "copy-failed": ("warning", "file", "копию формы с замечаниями (--annotate, letters) сделать не удалось: книга повреждена или слишком тяжела"),
    # information
    "date-year-assumed": ("info", "row", "год взят из отчетного периода"),
    "date-period-assumed": ("info", "row", "сроки «в течение квартала» поняты как весь отчетный квартал"),
    "event-shared": ("info", "row", "то же мероприятие указали другие, сведения совпадают"),
    "event-shared-more": ("info", "file", "еще мероприятия формы указали другие: названо их число"),
    "row-skipped": ("info", "row", "строка под заголовком таблицы — не мероприятие, пропущена"),
    "row-joined": ("info", "row", "продолжение мероприятия (объединенные ячейки) присоединено к нему"),
    "merged-shared": ("info", "row", "значение объединенной ячейки отнесено к каждому мероприятию"),
    "columns-combined": ("info", "file", "сроки собраны из столбцов начала и окончания"),
    "sheets-read": ("info", "file", "форма прочитана с нескольких листов"),
    "file-misnamed": ("info", "file", "расширение имени не то, что внутри файла (например, назван .xls, а это .xlsx): книга прочитана по содержимому"),
    "sheet-not-sheet": ("info", "file", "лист макросов Excel 4.0 или лист без содержимого не прочитан: таблицы формы на нем нет"),
    "form-superseded": ("info", "file", "муниципальное образование прислало форму позже: эта заменена новой"),
}


@dataclass(frozen=True)
class Location:
    file: str
    sheet: str | None = None
    cell: str | None = None

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    hint: str = ""
    related: tuple[Location, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    @property
    def scope(self) -> Scope:
        return CODES[self.code][1]

    @property
    def blocks_force(self) -> bool:
        """An error that stops a build even with --force."""
        return self.severity == "error" and self.scope != "row"

    def where(self) -> str:
        """`FILE:SHEET!CELL`, `FILE:SHEET`, `FILE` or empty for run-wide findings."""
        if self.file is None:
            return ""
        if self.sheet is None:
            return self.file
        return f"{self.file}:{self.sheet}!{self.cell}" if self.cell else f"{self.file}:{self.sheet}"

    def as_dict(self) -> dict:
        out = {
            "file": self.file, "sheet": self.sheet, "cell": self.cell,
            "severity": self.severity, "code": self.code, "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.related:
            out["related"] = [r.as_dict() for r in self.related]
        return out


_CELL = re.compile(r"([A-Z]+)(\d+)")


@lru_cache(maxsize=65536)
def cell_order(cell: str | None) -> tuple[int, int]:
    """Sort key of a cell reference: row first, then column; file-level findings first."""
    if not cell:
        return (0, 0)
    m = _CELL.match(cell)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def blocking(diagnostics, force: bool) -> list[Diagnostic]:
    """The errors that stop a build or a split: all of them, or with --force only file- and run-level ones."""
    return [d for d in diagnostics if d.severity == "error" and (not force or d.blocks_force)]


def count(diagnostics, severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
