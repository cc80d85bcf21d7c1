"""Every word reportgen says to a user, in one place.

Findings: each code declares its severity, its scope, a title (the table of codes) and the
message and hint a user reads, as templates over named facts. Readers and checks emit the code,
the place and the facts (`Diagnostic.of(code, file=…, cell=…, quoted=…)`); they write no sentence.
Other texts (severity words, states, letter kinds, refusals, advice) are in TEXTS, read with say().

Templates are str.format strings with three extra format specs:
    {n:plural:мероприятие/мероприятия/мероприятий}   the Russian plural form for the count n
    {period:label}  {period:phrase}                  a method of the fact, called (Period.label())
    {names:join}                                     a sequence, joined with ", "
A message whose wording depends on the facts in more than a plural is a function of the facts,
defined here beside its code (see _field_wrong).

Scope "file" means the whole file cannot be used (a build stops even with --force); "row" means
one event is affected (--force builds anyway, keeping the text as written); "run" concerns all inputs.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Union

from reportgen.text import plural

Severity = Literal["error", "warning", "info"]
Scope = Literal["file", "row", "run"]
Template = Union[str, Callable[[Mapping[str, object]], str]]


@dataclass(frozen=True, slots=True)
class Code:
    """One finding reportgen can report: how grave, how wide, and its wording."""

    severity: Severity
    scope: Scope
    title: str  # what the code means, for the table of codes
    message: Template = ""
    hint: Template = ""


class _Formatter(string.Formatter):
    def format_field(self, value, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            return plural(value, *format_spec[len("plural:"):].split("/"))
        if format_spec == "join":
            return ", ".join(str(v) for v in value)
        if format_spec and format_spec.isidentifier() and callable(getattr(value, format_spec, None)):
            return str(getattr(value, format_spec)())
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(template: Template, facts: Mapping[str, object]) -> str:
    """A template filled with the facts (a KeyError names a fact the caller did not give)."""
    if callable(template):
        return template(facts)
    return _FORMATTER.vformat(template, (), facts) if template else ""


def say(key: str, **facts: object) -> str:
    """A text of TEXTS, filled with the facts: `say("advice.resave")`."""
    return render(TEXTS[key], facts)


def _field_wrong(f: Mapping[str, object]) -> str:
    share = ("все даты мероприятий" if f["inside"] == f["dated"]
             else render("даты {inside} из {dated} мероприятий", f))
    return render("В поле «{title}» указан {stated:label}, а ", f) + share + render(
        " — {shown:phrase}: вероятно, неверно заполнено поле «{title}»", f)


# The codes, in the order of the table of codes.
CODES: dict[str, Code] = {
    # whole file
    "file-unreadable": Code(
        "error", "file", "файл не удалось прочитать как книгу Excel",
    ),
    "file-not-regular": Code(
        "error", "file", "это не обычный файл (папка, устройство, битая ссылка)",
    ),
    "file-empty": Code(
        "error", "file", "файл пустой",
    ),
    "file-too-large": Code(
        "error", "file", "файл слишком большой для формы",
    ),
    "file-encrypted": Code(
        "error", "file", "книга защищена паролем",
    ),
    "file-format": Code(
        "error", "file", "файл другого формата (HTML, CSV, Word, PDF…)",
    ),
    "file-bomb": Code(
        "error", "file", "архив книги распаковывается в слишком большой объем",
    ),
    "file-timeout": Code(
        "error", "file", "чтение файла не уложилось в отведенное время",
    ),
    "file-memory": Code(
        "error", "file", "чтение файла не уложилось в отведенную память",
    ),
    "no-header": Code(
        "error", "file", "не найдена строка заголовков таблицы",
    ),
    "missing-column": Code(
        "error", "file", "нет обязательного столбца",
    ),
    "municipality-missing": Code(
        "error", "file", "не указано муниципальное образование",
    ),
    "municipality-unknown": Code(
        "error", "file", "муниципальное образование не найдено в перечне",
    ),
    "municipality-duplicate": Code(
        "error", "file", "две формы одного муниципального образования с одним временем (или с --strict-duplicates)",
    ),
    "form-order-unknown": Code(
        "error", "file", "две формы одного муниципального образования, и какая новее — не понять",
    ),
    "municipality-ambiguous": Code(
        "error", "file", "название подходит к нескольким муниципальным образованиям",
    ),
    "municipality-conflict": Code(
        "error", "file", "листы книги называют разные муниципальные образования",
    ),
    "period-invalid": Code(
        "error", "file", "отчетный период не удалось понять",
    ),
    "period-differs": Code(
        "error", "file", "форма за другой квартал, чем отчет",
    ),
    "period-mismatch": Code(
        "error", "run", "формы указывают разные отчетные периоды",
    ),
    "period-missing": Code(
        "error", "run", "отчетный период не указан",
    ),
    # splitting a Word report (reportgen split)
    "split-no-table": Code(
        "error", "file", "в документе нет таблицы отчета",
    ),
    "split-empty": Code(
        "error", "file", "в таблице отчета нет разделов муниципальных образований",
    ),
    "split-unknown-section": Code(
        "error", "row", "раздел отчета не найден в перечне",
    ),
    "split-orphan-row": Code(
        "error", "row", "мероприятие до первого раздела",
    ),
    "split-unnumbered": Code(
        "error", "row", "строка без номера внутри раздела",
    ),
    "split-unplaced": Code(
        "warning", "row", "текст вне таблицы отчета не перенесен",
    ),
    "split-section-twice": Code(
        "warning", "row", "раздел встречается дважды",
    ),
    "split-merged-cell": Code(
        "warning", "row", "ячейка объединена со строкой выше (значение отнесено к каждой строке) или с соседними",
    ),
    "split-period-differs": Code(
        "warning", "file", "квартал в --period не тот, что в заголовке отчета",
    ),
    "cell-shortened": Code(
        "warning", "row", "текст длиннее 32 767 знаков — столько вмещает ячейка Excel; записано начало",
    ),
    # the letterhead (build --reference-doc)
    "letterhead-link": Code(
        "warning", "file", "ссылка бланка на внешний файл или адрес убрана из отчета",
    ),
    # one row
    "value-missing": Code(
        "error", "row", "не заполнено обязательное поле",
    ),
    "date-missing": Code(
        "error", "row", "не указаны сроки проведения",
    ),
    "date-unparsed": Code(
        "error", "row", "сроки не удалось понять",
    ),
    "date-unknown-month": Code(
        "error", "row", "неизвестное название месяца",
    ),
    "date-nonexistent": Code(
        "error", "row", "такой даты не существует",
    ),
    "date-reversed": Code(
        "error", "row", "окончание раньше начала",
    ),
    "date-no-year": Code(
        "error", "row", "в сроках не указан год",
    ),
    "formula-no-value": Code(
        "error", "row", "формула без сохраненного значения",
    ),
    "sheet-rows-unread": Code(
        "error", "row", "на листе без строки заголовков есть строки, похожие на мероприятия",
    ),
    "cell-error": Code(
        "error", "row", "в ячейке ошибка формулы (#ДЕЛ/0! и т. п.)",
    ),
    # warnings
    "date-outside-period": Code(
        "warning", "row", "сроки выходят за отчетный квартал",
    ),
    "period-field-wrong": Code(
        "warning", "file", "даты мероприятий — в другом квартале, чем поле «Отчетный период»: вероятно, неверно поле",
        message=_field_wrong,
        hint="Если форма за {shown:label}, исправьте поле «{title}» на «{shown:label}»; даты менять не нужно. "
             "Если форма действительно за {stated:label}, проверьте даты мероприятий.",
    ),
    "column-unknown": Code(
        "warning", "file", "столбец с данными не входит в отчет",
    ),
    "column-duplicate": Code(
        "warning", "file", "столбец повторяется",
    ),
    "municipality-from-filename": Code(
        "warning", "file", "муниципальное образование определено по имени файла",
    ),
    "municipality-name-differs": Code(
        "warning", "file", "поле называет одно муниципальное образование, имя файла — другое",
    ),
    "period-unread": Code(
        "warning", "file", "период в форме не понят; форма проверена за квартал из --period",
    ),
    "form-empty": Code(
        "warning", "file", "в форме нет ни мероприятий, ни отметки, что их не было",
        message="В форме нет ни одного мероприятия и нет отметки «Мероприятия не проводились»",
        hint="Если мероприятий не было, напишите в первой строке таблицы «Мероприятия не проводились»; "
             "если приложен не тот файл, пришлите заполненную форму.",
    ),
    "mixed-script": Code(
        "warning", "row", "латинские буквы внутри русского слова",
    ),
    "event-duplicate": Code(
        "warning", "row", "одно и то же мероприятие указано дважды",
    ),
    "event-conflict": Code(
        "warning", "row", "общее с другими мероприятие: сроки или место расходятся",
    ),
    "event-conflict-more": Code(
        "warning", "file", "еще мероприятия формы расходятся с отчетами других: названо их число",
    ),
    "control-chars": Code(
        "warning", "row", "в тексте были управляющие символы, они удалены",
    ),
    "row-hidden": Code(
        "warning", "row", "скрытая строка включена в отчет",
    ),
    "merged-cells": Code(
        "warning", "row", "объединенные ячейки в строках таблицы",
    ),
    "row-ambiguous": Code(
        "warning", "row", "строка понята неоднозначно: проверьте, так ли это",
    ),
    "row-number-duplicate": Code(
        "warning", "row", "в файле две строки с одним номером",
    ),
    "table-planned": Code(
        "warning", "row", "таблица планируемых мероприятий в отчет не входит",
    ),
    "sheet-no-table": Code(
        "warning", "file", "лист с текстом, но без таблицы мероприятий",
    ),
    "sheet-hidden": Code(
        "warning", "file", "скрытый лист с таблицей не прочитан",
    ),
    "municipality-from-title": Code(
        "warning", "file", "муниципальное образование определено по заголовку формы",
    ),
    "sender-unknown": Code(
        "warning", "file", "форма пришла не с контактного адреса муниципального образования: не учтена, пока адрес не принят",
    ),
    "message-date-future": Code(
        "warning", "file", "дата письма с формой — в будущем: по ней не решается, какая форма новее",
    ),
    "message-date-far": Code(
        "warning", "file", "дата письма далека от времени, когда оно пришло: по ней не решается, какая форма новее",
    ),
    # mail passed over (named among the skipped files: SkippedFile.code)
    "mail-over-budget": Code(
        "warning", "file", "вложение или письмо не извлечено: письмо или все письма вместе превысили объем, число файлов, время или память",
    ),
    "mail-unreadable": Code(
        "warning", "file", "письмо или вложение повреждено и не читается; остальные письма прочитаны",
    ),
    "mailbox-truncated": Code(
        "warning", "file", "в почтовом ящике слишком много писем: прочитаны самые новые, самые старые названы",
    ),
    "copy-failed": Code(
        "warning", "file", "копию формы с замечаниями (--annotate, letters) сделать не удалось: книга повреждена или слишком тяжела",
    ),
    # information
    "date-year-assumed": Code(
        "info", "row", "год взят из отчетного периода",
    ),
    "date-period-assumed": Code(
        "info", "row", "сроки «в течение квартала» поняты как весь отчетный квартал",
    ),
    "event-shared": Code(
        "info", "row", "то же мероприятие указали другие, сведения совпадают",
    ),
    "event-shared-more": Code(
        "info", "file", "еще мероприятия формы указали другие: названо их число",
    ),
    "row-skipped": Code(
        "info", "row", "строка под заголовком таблицы — не мероприятие, пропущена",
    ),
    "row-joined": Code(
        "info", "row", "продолжение мероприятия (объединенные ячейки) присоединено к нему",
    ),
    "merged-shared": Code(
        "info", "row", "значение объединенной ячейки отнесено к каждому мероприятию",
    ),
    "columns-combined": Code(
        "info", "file", "сроки собраны из столбцов начала и окончания",
    ),
    "sheets-read": Code(
        "info", "file", "форма прочитана с нескольких листов",
    ),
    "file-misnamed": Code(
        "info", "file", "расширение имени не то, что внутри файла (например, назван .xls, а это .xlsx): книга прочитана по содержимому",
    ),
    "sheet-not-sheet": Code(
        "info", "file", "лист макросов Excel 4.0 или лист без содержимого не прочитан: таблицы формы на нем нет",
    ),
    "form-superseded": Code(
        "info", "file", "муниципальное образование прислало форму позже: эта заменена новой",
    ),
}


# Texts that are not findings, by a dotted key: "what.which".
TEXTS: dict[str, Template] = {
    # severity words, as a finding's line starts
    "severity.error": "ошибка",
    "severity.warning": "предупреждение",
    "severity.info": "примечание",
}
