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
one event is affected (--force builds anyway, keeping the text as written); "run" concerns all inputs;
"municipality" is about what a municipality sent as a whole (never blocks: only notes have it).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Union

from reportgen.text import MONTHS_GENITIVE, plural

Severity = Literal["error", "warning", "info"]
Scope = Literal["file", "row", "run", "municipality"]
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


def format_date(day) -> str:
    """A date cell as the report writes it: "29 марта 2025 года"."""
    return say("date.long", day=day.day, month=MONTHS_GENITIVE[day.month - 1], year=day.year)


def _names(names) -> str:
    return ", ".join(f"«{n}»" for n in names)


def _whose(f: Mapping[str, object]) -> str:
    """Whose archive a refusal names: a Word document's or a workbook's."""
    return "документа" if f["word"] else "книги"


def _field_wrong(f: Mapping[str, object]) -> str:
    share = ("все даты мероприятий" if f["inside"] == f["dated"]
             else render("даты {inside} из {dated} мероприятий", f))
    return render("В поле «{title}» указан {stated:label}, а ", f) + share + render(
        " — {shown:phrase}: вероятно, неверно заполнено поле «{title}»", f)


# --- readers (reportgen/read/form.py) ---

def _lines(f: Mapping[str, object], one: str = "Строка", many: str = "Строки") -> str:
    """«Строка 5» or «Строки 5–7» from the facts first and last."""
    return f"{one} {f['first']}" if f["first"] == f["last"] else f"{many} {f['first']}–{f['last']}"


def _quoted(f: Mapping[str, object], always: bool = False) -> str:
    return f" («{f['quoted']}»)" if always or f.get("quoted") else ""


def _misnamed(f: Mapping[str, object]) -> str:
    return render("Файл назван {suffix}, а это ", f) + say(f"format.{f['format']}") + ": прочитан по содержимому"


def _no_header(f: Mapping[str, object]) -> str:
    names = ", ".join(f"«{n}»" for n in f["sheets"]) or "нет листов"
    looked_for = "; ".join(f"«{c}»" for c in f["columns"])
    return (f"Не найдена строка заголовков таблицы (искали в первых {f['limit']} строках "
            f"листов {names} столбцы {looked_for})")


def _sheets_read(f: Mapping[str, object]) -> str:
    listed = ", ".join(f"«{name}» ({n})" for name, n in f["counts"])
    return f"Форма прочитана с нескольких листов (мероприятий на каждом): {listed}"


def _row_skipped(f: Mapping[str, object]) -> str:
    if f.get("filler"):
        return (_lines(f) + " пропущены: пустые строки бланка (в них только номер)" if f["first"] != f["last"]
                else _lines(f) + " пропущена: пустая строка бланка (в ней только номер)")
    if f["first"] != f["last"]:
        return _lines(f) + f" пропущены: {f['reason']}" + _quoted(f, always=True)
    return _lines(f) + f" пропущена: {f['reason']}" + _quoted(f)


def _row_ambiguous(f: Mapping[str, object]) -> str:
    if f.get("event") is not None:  # a doubtful row joined to the event above
        return _lines(f) + render(" ({reason}): текст присоединен к мероприятию в строке {event} с новой строки", f)
    return render("Строка {first} не включена в отчет: {reason} («{quoted}»)", f)


def _row_ambiguous_hint(f: Mapping[str, object]) -> str:
    if f.get("event") is not None:
        return ("Если это отдельное мероприятие, впишите его наименование; если продолжение — "
                "объедините ячейки наименования или перенесите текст в строку мероприятия.")
    return f.get("advice") or "Если это мероприятие, заполните в строке все столбцы таблицы."


def _row_joined(f: Mapping[str, object]) -> str:
    how = f["reason"] or "ячейки объединены"
    return _lines(f) + render(" — продолжение мероприятия из строки {event} ", f) + \
        f"({how}): текст добавлен к нему с новой строки"


def _table_planned(f: Mapping[str, object]) -> str:
    return render("Таблица «{heading}» (", f) + _lines(f, "строка", "строки") + \
        ") — планируемые мероприятия; в отчет она не входит"


def _column_unknown(f: Mapping[str, object]) -> str:
    named = f"«{f['title']}»" if f["title"] else "без заголовка"
    return f"Столбец {f['column']} {named} не входит в отчет: " + render(
        "{n} {n:plural:заполненная ячейка/заполненные ячейки/заполненных ячеек} "
        "не {n:plural:попадет/попадут/попадут} в отчет", f)



# --- the same event in several forms (check/same_event.py) ---

def _more(f: Mapping[str, object]) -> str:
    """« и еще 3» when the fact more counts what was not named."""
    return f" и еще {f['more']}" if f.get("more") else ""


def _when(start, end) -> str:
    return format_date(start) if start == end else f"{format_date(start)} – {format_date(end)}"


def _event_conflict(f: Mapping[str, object]) -> str:
    # Another municipality by its facts (name, row, dates as parsed), never its words: this text reaches
    # the letter to this row's municipality, and another's cell is not theirs to be sent.
    parts = []
    for short, line, start, end, dates_differ, place_differs in f["others"]:
        facts = [_when(start, end)] if dates_differ else [f"сроки те же ({_when(start, end)})"]
        if place_differs:
            facts.append("место указано иначе")
        parts.append(f"{short} (строка {line}) — {', '.join(facts)}")
    here = [_when(f["start"], f["end"])] if f["dates_differ"] else []
    if f["place"] is not None:
        here.append(f"место «{f['place']}»")
    return render("Мероприятие «{name}» указано и другими: ", f) + "; ".join(parts) + _more(f) + \
        ". Здесь: " + ", ".join(here)


def _event_more(what: str) -> Callable[[Mapping[str, object]], str]:
    def message(f: Mapping[str, object]) -> str:
        shown = ", ".join(f"{m} — {n}" for m, n in f["counts"])
        return render("Еще {n} {n:plural:мероприятие/мероприятия/мероприятий} формы указаны также в других "
                      "отчетах" + what + ". По отдельности они не показаны (показаны первые {limit}); "
                      "чаще всего — с отчетами: ", f) + shown + _more(f) + "."
    return message



# --- earlier quarters (check/earlier.py) ---

def _earlier_place(f: Mapping[str, object]) -> str:
    """«2025-Q1, версия 2, № 14 (сроки: 3 марта 2025 года)» and how many other earlier periods had it."""
    dates = _when(f["start"], f["end"])
    more = (f"; также еще в {f['more']} {plural(f['more'], 'прошлом периоде', 'прошлых периодах', 'прошлых периодах')}"
            if f.get("more") else "")
    return render("{period}, версия {version}, № {number}", f) + f" (сроки: {dates}){more}"


def _event_reported_earlier(f: Mapping[str, object]) -> str:
    return render("Мероприятие «{name}» с теми же сроками уже есть в отчете за ", f) + _earlier_place(f) + \
        ": возможно, оно указано повторно"


def _event_continues(f: Mapping[str, object]) -> str:
    how = ("началось до этого квартала и продолжается: оно уже есть в отчете за " if f["carried"]
           else "проводится снова, с новыми сроками: оно уже есть в отчете за ")
    return render("Мероприятие «{name}» ", f) + how + _earlier_place(f)


def _date_outside_continues(f: Mapping[str, object]) -> str:
    return render("Сроки «{quoted}» выходят за {quarter:label}, но мероприятие «{name}» продолжается: с теми же "
                  "сроками оно уже есть в отчете за ", f) + _earlier_place(f)


def _quarters(periods) -> str:
    return ", ".join(p.label() for p in periods)


def _event_not_again(f: Mapping[str, object]) -> str:
    names = _names(f["names"]) + _more(f)
    return (f"«{f['municipality']}»: в прошлых кварталах ({_quarters(f['periods'])}) сообщалось о мероприятиях, "
            f"которых нет в этой форме: {names}")


def _letter_not_again(f: Mapping[str, object]) -> str:
    return (f"В прошлых кварталах ({_quarters(f['periods'])}) вы сообщали о мероприятиях, которых нет в этой "
            f"форме: {_names(f['names'])}{_more(f)}. Если они проводились и в этом квартале, добавьте их, "
            "пожалуйста, в форму и пришлите ее заново; если нет — ничего делать не нужно.")


def _status_not_again(f: Mapping[str, object]) -> str:
    """The roster's short event-not-again: «в прошлых кварталах были, в форме нет: «А», «Б» (всего 12)»."""
    return ("в прошлых кварталах были, в форме нет: " + ", ".join(f"«{n}»" for n in f["names"])
            + (render(" (всего {n})", f) if f["n"] > len(f["names"]) else ""))


def _status_reported_earlier(f: Mapping[str, object]) -> str:
    """The roster's note on rows with event-reported-earlier: how many, and the first one's name."""
    if f["n"] == 1:
        return render("уже в отчете прошлого квартала: «{name}»", f)
    return render("{n} {n:plural:мероприятие/мероприятия/мероприятий} уже в отчетах прошлых кварталов, первое — "
                  "«{name}»", f)


# A worker stopped past its budget (check/workers.py)
_OVER_BUDGET_HINT = ("Возможно, в книге есть значения далеко за таблицей (например, в строке 1 048 576 или столбце "
                     "XFD): удалите лишние строки и столбцы и сохраните файл. Если не помогло, попросите прислать "
                     "форму заново.")


# --- what changed between two versions (api/diffing.py) ---

def _diff_source(f: Mapping[str, object]) -> str:
    """Where an event came from: a form's cell and the message it came in, or a Word report's row."""
    if "document" in f:
        return render("документ «{document}», {table}, строка {row}", f)
    where = [render("форма «{file}»", f)]
    if f.get("sheet"):
        where.append(render("лист «{sheet}»", f))
    where.append(render("ячейка {cell}", f) if f.get("cell") else render("строка {row}", f))
    message = f.get("message")
    if message:
        day = str(message.get("date") or "")[:10].split("-")
        when = f" {day[2]}.{day[1]}.{day[0]}" if len(day) == 3 else ""
        where.append(f"письмо от {message['from'] or 'неизвестного отправителя'}{when} "
                     f"«{message['subject'] or 'без темы'}»")
    return ", ".join(where)


# --- the roster (check/status.py) ---

def _roster_summary(f: Mapping[str, object]) -> str:
    """«получено 15 файлов (в таблице 14, …); готово 13 из 27, с ошибками 1, не прислали 13»."""
    parts = [render("готово {ready} из {total}, с ошибками {errors}, не прислали {missing}", f)]
    for fact, words in (("duplicate", "несколько форм"), ("empty", "пустых форм"),
                        ("unreadable", "форма не читается"), ("left_out", "не включены")):
        if f[fact]:
            parts.append(f"{words} {f[fact]}")
    files = [render("в таблице {counted}", f) + (render(", из них заменены новыми {replaced}", f) if f["replaced"] else "")]
    for fact, words in (("others", "без муниципального образования"), ("skipped", "пропущено"),
                        ("chosen_out", "не включено по выбору координатора"), ("strangers", "не с контактного адреса")):
        if f[fact]:
            files.append(f"{words} {f[fact]}")
    head = render("получено {received} {received:plural:файл/файла/файлов} (", f) + ", ".join(files) + ")"
    if f["letters"]:  # messages that held no form: counted apart, they are not files
        head += render(" и {letters} {letters:plural:письмо/письма/писем} без формы", f)
    return head + "; " + ", ".join(parts)


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
        message="Файл читается дольше {seconds:.0f} с — чтение остановлено",
        hint=_OVER_BUDGET_HINT,
    ),
    "file-memory": Code(
        "error", "file", "чтение файла не уложилось в отведенную память",
        message="Чтение файла потребовало больше {mb} МБ памяти — чтение остановлено",
        hint=_OVER_BUDGET_HINT,
    ),
    "no-header": Code(
        "error", "file", "не найдена строка заголовков таблицы",
        message=_no_header,
        hint="Используйте бланк формы и не меняйте в нем заголовки столбцов.",
    ),
    "missing-column": Code(
        "error", "file", "нет обязательного столбца",
        message="Нет обязательного столбца «{title}»",
        hint="Верните столбец с этим заголовком, как в бланке формы.",
    ),
    "municipality-missing": Code(
        "error", "file", "не указано муниципальное образование",
        message="Не указано муниципальное образование, и его не удалось определить ни по заголовку формы, "
                "ни по имени файла",
        hint="Заполните поле «{title}» над таблицей или назовите файл по муниципальному образованию.",
    ),
    "municipality-unknown": Code(
        "error", "file", "муниципальное образование не найдено в перечне",
        message=lambda f: (render("«{text}» — это область, а не муниципальное образование", f) if f["region"]
                           else render("Муниципальное образование «{text}» не найдено в перечне", f)),
        hint=lambda f: ("Укажите муниципальный или городской округ, от которого форма. " if f["region"] else
                        ("Возможно, имелось в виду: " + _names(f["near"]) + ". ") if f["near"] else ""
                        ) + "Выберите название из списка в бланке формы.",
    ),
    "municipality-duplicate": Code(
        "error", "file", "две формы одного муниципального образования с одним временем (или с --strict-duplicates)",
        message="От «{short}» несколько форм: эта и {others:join}",
        hint="Оставьте одну форму (объедините строки в ней) или исправьте муниципальное образование.",
    ),
    "form-order-unknown": Code(
        "error", "file", "две формы одного муниципального образования, и какая новее — не понять",
    ),
    "municipality-ambiguous": Code(
        "error", "file", "название подходит к нескольким муниципальным образованиям",
        message=lambda f: render("«{text}» подходит к нескольким муниципальным образованиям: ", f)
        + _names(f["candidates"]) + "; какое из них — не выбрано",
        hint="Укажите одно муниципальное образование, выбрав его из списка в бланке формы.",
    ),
    "municipality-conflict": Code(
        "error", "file", "листы книги называют разные муниципальные образования",
        message="Листы книги называют разные муниципальные образования: «{named}» "
             "(лист «{named_sheet}») и «{other}» (лист «{sheet}»)",
        hint="В одной книге — форма одного муниципального образования; разнесите листы по разным файлам.",
    ),
    "period-invalid": Code(
        "error", "file", "отчетный период не удалось понять",
        message="Отчетный период «{text}» не удалось понять",
        hint="Напишите, например, «II квартал 2025 года», или задайте квартал в командной строке: --period 2025-Q2.",
    ),
    "period-differs": Code(
        "error", "file", "форма за другой квартал, чем отчет",
        message=lambda f: render("Форма за {stated:label}, а ", f) + (
            render("отчет собирается за {period:label}", f) if f["given"]
            else render("остальные формы ({agreeing}) — за {period:label}", f)),
        hint="Пришлите форму за {period:label} или, если период в форме указан по ошибке, исправьте поле "
             "«Отчетный период».",
    ),
    "period-mismatch": Code(
        "error", "run", "формы указывают разные отчетные периоды",
        message=lambda f: "Формы указывают разные отчетные периоды (" + ", ".join(
            f"{p.label()} — {n}" for p, n in f["counts"]) + render("); здесь — «{here:label}»", f),
        hint="Проверьте поле «Отчетный период»: формы одного отчета указывают один квартал.",
    ),
    "period-missing": Code(
        "error", "run", "отчетный период не указан",
        message="Отчетный период не указан ни в одной форме",
        hint="Укажите его в командной строке, например --period 2025-Q2.",
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
    # the archive of reports (read/record.py); each part of issue 23 adds its codes below its own line
    "record-damaged": Code(
        "error", "file", "запись архива повреждена или изменена вручную",
        message="Запись архива не читается: {why}",
        hint="Удалите эту запись из папки архива или восстановите ее из копии; отчет за этот период можно "
             "собрать заново командой build с --archive.",
    ),
    "record-foreign": Code(
        "error", "file", "файл в папке архива — не запись reportgen",
        message="Файл не похож на запись архива reportgen ({why})",
        hint="Уберите из папки архива посторонние файлы.",
    ),
    "record-kind": Code(
        "error", "file", "запись архива другого вида отчета",
        message="Запись архива относится к отчету вида «{found}», а не «{expected}»",
        hint="Держите архив каждого вида отчета в своей папке или укажите --kind того вида, чей это архив.",
    ),
    # -- archive (23.1) --
    "archive-unwritten": Code(
        "error", "file", "запись в архив не сделана: папка архива не принимает файл",
        message="Запись в архив не сделана: {why}",
        hint=lambda f: ("Укажите в --archive папку (новая создается сама), а не файл, и соберите отчет еще раз"
                        if f.get("is_file") else "Проверьте, что в папку архива можно писать (права, место на диске), "
                        "и повторите") + "; прежние записи архива не изменены, новая ляжет следующей версией.",
    ),
    "record-edited": Code(
        "warning", "file", "запись архива изменена вручную после записи reportgen (используется как есть)",
        message="Запись архива изменена вручную после записи reportgen: ее содержимое не совпадает с контрольной "
                "суммой, записанной вместе с ней; запись используется как есть",
        hint="Если правка сделана намеренно (исправлена опечатка), ничего делать не нужно. Если нет — восстановите "
             "запись из копии или соберите отчет за этот период заново командой build с --archive.",
    ),
    "record-newer": Code(
        "error", "file", "запись архива сделана более новой версией reportgen",
        message=lambda f: "Запись сделана более новой версией reportgen" + (f" ({f['program']})" if f["program"] else "")
                          + ", чем эта, — обновите reportgen",
        hint="Установите ту версию reportgen, которой пользуются для этого архива, или новее; запись не изменена.",
    ),
    "record-encoding": Code(
        "error", "file", "запись архива пересохранена в другой кодировке (не UTF-8)",
        message="Запись архива пересохранена в кодировке {encoding} (например, в Блокноте), а reportgen читает только "
                "UTF-8; запись не используется",
        hint="Откройте запись в Блокноте, выберите «Сохранить как» и кодировку «UTF-8», или восстановите запись "
             "из копии.",
    ),
    "split-period-dates": Code(
        "warning", "file", "квартал в заголовке отчета Word не тот, в который попадают даты его мероприятий",
        message="Заголовок отчета говорит «{stated:label}», а даты мероприятий — {dated:label}",
        hint="Проверьте заголовок отчета: отчет читается за квартал из заголовка. Если заголовок ошибочен, "
             "исправьте его в Word.",
    ),
    "archive-period-title": Code(
        "warning", "file", "квартал из --period не применен: в заголовке отчета Word указан свой",
        message="Записано за {stated:label} — этот квартал указан в заголовке отчета; --period ({given:label}) "
                "берется только для отчетов без квартала в заголовке",
        hint="Если заголовок ошибочен, исправьте его в Word и запишите отчет еще раз; лишнюю версию удалите из "
             "папки архива.",
    ),
    "archive-doc": Code(
        "error", "file", "отчет Word в старом формате (.doc): не читается",
        message="Отчет Word в старом формате (.doc) не читается; в архив не записан",
        hint="Откройте его в Word и сохраните как «Документ Word (.docx)», затем запишите в архив.",
    ),
    "archive-subfolder": Code(
        "warning", "file", "вложенная папка среди отчетов Word: не читается",
        message="Вложенная папка не читается: отчеты Word в ней в архив не записаны",
        hint="Если в ней есть отчеты для архива, укажите эту папку отдельно: reportgen archive «{folder}» --archive ….",
    ),
    "archive-not-named": Code(
        "warning", "file", "файл .json в папке архива с именем не записи («<период> vN.json»): не читается",
        message="Файл не читается как запись архива: его имя не «<период> vN.json» (например, «2025-Q2 v3.json»)",
        hint="Если это копия записи («… - копия.json»), уберите ее из папки архива: переименованная, она тоже не "
             "читается (внутри записана своя версия). Чтобы снова действовала прежняя версия, удалите более новые.",
    ),

    # -- earlier quarters (23.2) --
    "event-reported-earlier": Code(
        "warning", "row", "мероприятие с теми же сроками уже есть в отчете за прошлый квартал",
        message=_event_reported_earlier,
        hint="Если это мероприятие уже вошло в прошлый отчет, удалите строку; если оно проведено снова, "
             "исправьте сроки.",
    ),
    "event-continues": Code(
        "info", "row", "мероприятие уже есть в отчете за прошлый квартал: продолжается или проводится снова",
        message=_event_continues,
    ),
    "event-not-again": Code(
        "info", "municipality", "мероприятия двух прошлых кварталов нет в форме этого",
        message=_event_not_again,
        hint="Если они проводились и в этом квартале, попросите добавить их в форму; если нет — ничего делать "
             "не нужно.",
    ),
    "date-outside-continues": Code(
        "info", "row", "сроки выходят за квартал, но мероприятие продолжается: с теми же сроками оно уже есть в "
                       "отчете за прошлый квартал (исправлять даты не нужно)",
        message=_date_outside_continues,
    ),
    "archive-record-skipped": Code(
        "warning", "run", "запись архива не учтена при сравнении с прошлыми кварталами",
        message="Запись архива не учтена при сравнении с прошлыми кварталами: {why}",
        hint="Остальные записи архива проверены. Удалите или восстановите эту запись, чтобы учесть и ее период.",
    ),

    # -- longer periods (23.3) --
    "term-quarter-missing": Code(
        "warning", "run", "квартала полугодия, 9 месяцев или года нет ни в архиве, ни среди указанных файлов",
        message="За {quarter:label} ничего нет: ни записи в архиве, ни форм, ни отчета Word; отчет за {term:label} "
                "собран без этого квартала",
        hint="Укажите формы или отчет Word этого квартала, или папку архива, в которой он записан (--archive).",
    ),
    "term-form-outside": Code(
        "warning", "file", "форма или отчет за квартал вне собираемого периода: не включены",
        message="Это {quarter:label} — вне периода «{term:label}»; не включено в отчет",
        hint="Уберите файл из указанных или соберите отчет за тот период, к которому он относится.",
    ),
    "term-form-no-period": Code(
        "warning", "file", "в форме не указан отчетный период: неизвестно, к какому кварталу ее отнести",
        message="В форме не указан отчетный период: неизвестно, к какому кварталу периода «{term:label}» она "
                "относится; не включена",
        hint="Впишите квартал в поле «Отчетный период» (например, «II квартал 2025 года») и укажите форму снова.",
    ),
    "term-form-by-dates": Code(
        "info", "file", "в форме не указан отчетный период: квартал взят по датам мероприятий",
        message="В форме не указан отчетный период; по датам мероприятий это {quarter:label}",
        hint="Если это не так, впишите квартал в поле «Отчетный период».",
    ),
    "term-word-no-period": Code(
        "warning", "file", "в заголовке отчета Word не найден квартал: отчет не включен",
        message="В заголовке отчета не найден квартал: неизвестно, к какому кварталу периода «{term:label}» он "
                "относится; не включен",
        hint="Проверьте, что заголовок называет квартал («во II квартале 2025 года»).",
    ),
    "term-quarter-twice": Code(
        "error", "file", "квартал указан дважды (два отчета Word или формы и отчет): неизвестно, какой взять",
        message="{quarter:label} указан дважды: {used} и этот отчет; неизвестно, какая версия нужна",
        hint="Оставьте в команде для этого квартала что-то одно — формы или один отчет Word (нужную версию) — "
             "и соберите снова.",
    ),

    # -- diff (23.4) --
    "diff-period-differs": Code(
        "warning", "run", "сравниваются отчеты за разные периоды",
        message="Версии относятся к разным периодам: «{old}» — {old_period}, «{new}» — {new_period}",
        hint="Проверьте, что сравниваются две версии одного отчета.",
    ),

    # -- cover note (23.5) --

    # the letterhead (build --reference-doc)
    "letterhead-link": Code(
        "warning", "file", "ссылка бланка на внешний файл или адрес убрана из отчета",
    ),
    # one row
    "value-missing": Code(
        "error", "row", "не заполнено обязательное поле",
        message="Не заполнено поле «{title}» (строка {line})",
        hint="Заполните ячейку или удалите строку, если мероприятия не было.",
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
        message="В ячейке формула «={formula}», но ее значение не сохранено в файле",
        hint="Откройте файл в Excel или LibreOffice Calc и сохраните его: значение формулы будет вычислено.",
    ),
    "sheet-rows-unread": Code(
        "error", "row", "на листе без строки заголовков есть строки, похожие на мероприятия",
        message="На листе «{sheet}» нет строки заголовков таблицы, а {n} "
             "{n:plural:строка похожа/строки похожи/строк похожи} на мероприятия "
             "(первая — строка {first}): в отчет они не попадут",
        hint="Скопируйте на этот лист строку заголовков из бланка формы или перенесите эти строки на основной лист.",
    ),
    "cell-error": Code(
        "error", "row", "в ячейке ошибка формулы (#ДЕЛ/0! и т. п.)",
        message="В ячейке ошибка формулы {error}",
        hint="Исправьте формулу или впишите значение текстом.",
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
        message=_column_unknown,
        hint="Если это сведения о мероприятии, перенесите их в столбцы формы.",
    ),
    "column-duplicate": Code(
        "warning", "file", "столбец повторяется",
        message="Столбец «{title}» повторяется; в отчет попадет только столбец {kept}",
        hint="Удалите лишний столбец или перенесите данные в основной.",
    ),
    "municipality-from-filename": Code(
        "warning", "file", "муниципальное образование определено по имени файла",
        message="Муниципальное образование не указано в форме; по имени файла это «{found}»",
        hint="Укажите муниципальное образование в поле «{title}» над таблицей.",
    ),
    "municipality-name-differs": Code(
        "warning", "file", "поле называет одно муниципальное образование, имя файла — другое",
        message="В поле указано «{named}», а имя файла «{name}» называет «{other}»; форма учтена как форма «{named}»",
        hint="Проверьте, чья это форма. Если «{other}», исправьте поле; если «{named}», "
             "ничего делать не нужно (или переименуйте файл).",
    ),
    "period-unread": Code(
        "warning", "file", "период в форме не понят; форма проверена за квартал из --period",
        message="Отчетный период «{text}» не удалось понять; форма проверена за {given:label} (--period)",
        hint="Проверьте, что форма за этот квартал, и напишите период так: «{given:label}».",
    ),
    "form-empty": Code(
        "warning", "file", "в форме нет ни мероприятий, ни отметки, что их не было",
        message="В форме нет ни одного мероприятия и нет отметки «Мероприятия не проводились»",
        hint="Если мероприятий не было, напишите в первой строке таблицы «Мероприятия не проводились»; "
             "если приложен не тот файл, пришлите заполненную форму.",
    ),
    "mixed-script": Code(
        "warning", "row", "латинские буквы внутри русского слова",
        message=lambda f: "Латинские буквы внутри русских слов: " + ", ".join(
            f"«{w}» ({latin})" for w, latin in f["words"]),
        hint="Перепечатайте эти буквы в русской раскладке, если это не намеренно.",
    ),
    "event-duplicate": Code(
        "warning", "row", "одно и то же мероприятие указано дважды",
        message="Мероприятие «{name}» с теми же сроками уже указано в строке {line}",
        hint="Удалите повторную строку, если это одно и то же мероприятие.",
    ),
    "event-conflict": Code(
        "warning", "row", "общее с другими мероприятие: сроки или место расходятся",
        message=_event_conflict,
        hint="Сверьте сроки и место с другими участниками и исправьте, где ошибка.",
    ),
    "event-conflict-more": Code(
        "warning", "file", "еще мероприятия формы расходятся с отчетами других: названо их число",
        message=_event_more(", и сроки или место расходятся"),
        hint="Сверьте сроки и место этих мероприятий с отчетами названных муниципальных образований.",
    ),
    "control-chars": Code(
        "warning", "row", "в тексте были управляющие символы, они удалены",
        message="В ячейке были невидимые управляющие символы ({chars}); они удалены",
        hint="Проверьте текст ячейки: обычно они попадают при копировании из других программ.",
    ),
    "row-hidden": Code(
        "warning", "row", "скрытая строка включена в отчет",
        message="Строка {line} скрыта в книге, но включена в отчет",
        hint="Если это мероприятие не должно попасть в отчет, удалите строку, а не скрывайте.",
    ),
    "merged-cells": Code(
        "warning", "row", "объединенные ячейки в строках таблицы",
        message="Ячейки {cell}:{last} объединены: значение относится только к столбцу {column}",
        hint="Разъедините ячейки и впишите значение в каждый столбец, к которому оно относится.",
    ),
    "row-ambiguous": Code(
        "warning", "row", "строка понята неоднозначно: проверьте, так ли это",
        message=_row_ambiguous,
        hint=_row_ambiguous_hint,
    ),
    "row-number-duplicate": Code(
        "warning", "row", "в файле две строки с одним номером",
        message="В файле книги две строки с номером {line} (файл сохранен с ошибкой); прочитаны обе",
        hint="Проверьте, что обе строки — мероприятия отчета; откройте и пересохраните файл.",
    ),
    "table-planned": Code(
        "warning", "row", "таблица планируемых мероприятий в отчет не входит",
        message=_table_planned,
        hint="Если в ней мероприятия отчетного квартала, перенесите их в основную таблицу.",
    ),
    "sheet-no-table": Code(
        "warning", "file", "лист с текстом, но без таблицы мероприятий",
        message="На листе «{sheet}» есть текст, но нет таблицы мероприятий (не найдена строка заголовков "
             "в первых {limit} строках): лист не прочитан",
        hint="Если на этом листе мероприятия отчета, добавьте над ними строку заголовков из бланка формы.",
    ),
    "sheet-hidden": Code(
        "warning", "file", "скрытый лист с таблицей не прочитан",
        message="Скрытый лист «{sheet}» содержит таблицу (строка заголовков {header_line}), но не прочитан",
        hint="Если на нем мероприятия отчета, покажите лист или перенесите строки на основной лист.",
    ),
    "municipality-from-title": Code(
        "warning", "file", "муниципальное образование определено по заголовку формы",
        message="Поле «{title}» не заполнено; по заголовку формы это «{found}»",
        hint="Укажите муниципальное образование в поле «{title}» над таблицей.",
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
        message="В сроках «{text}» нет года; взят {year} год из отчетного периода",
    ),
    "date-period-assumed": Code(
        "info", "row", "сроки «в течение квартала» поняты как весь отчетный квартал",
    ),
    "event-shared": Code(
        "info", "row", "то же мероприятие указали другие, сведения совпадают",
        message=lambda f: render("Мероприятие «{name}» указано также: {who:join}", f) + _more(f)
        + "; сроки и место совпадают",
    ),
    "event-shared-more": Code(
        "info", "file", "еще мероприятия формы указали другие: названо их число",
        message=_event_more(", сведения совпадают"),
    ),
    "row-skipped": Code(
        "info", "row", "строка под заголовком таблицы — не мероприятие, пропущена",
        message=_row_skipped,
    ),
    "row-joined": Code(
        "info", "row", "продолжение мероприятия (объединенные ячейки) присоединено к нему",
        message=_row_joined,
    ),
    "merged-shared": Code(
        "info", "row", "значение объединенной ячейки отнесено к каждому мероприятию",
        message="Ячейка {cell} («{quoted}») объединена на строки {first}–{last}: ее значение "
             "отнесено к каждому из {events} мероприятий этих строк",
    ),
    "columns-combined": Code(
        "info", "file", "сроки собраны из столбцов начала и окончания",
        message="Сроки собраны из двух столбцов: «{start_title}» ({start}) и «{end_title}» ({end})",
    ),
    "sheets-read": Code(
        "info", "file", "форма прочитана с нескольких листов",
        message=_sheets_read,
    ),
    "file-misnamed": Code(
        "info", "file", "расширение имени не то, что внутри файла (например, назван .xls, а это .xlsx): книга прочитана по содержимому",
        message=_misnamed,
        hint="Переименуйте файл: расширение .{format}.",
    ),
    "sheet-not-sheet": Code(
        "info", "file", "лист макросов Excel 4.0 или лист без содержимого не прочитан: таблицы формы на нем нет",
        message="Лист «{sheet}» — {what}: не прочитан",
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
    # scope words, for the table of codes (docs/codes.md): one for each catalogue.Scope
    "scope.file": "файл",
    "scope.row": "строка",
    "scope.run": "запуск",
    "scope.municipality": "муниципальное образование",
    # -- texts: archive (23.1) --
    "option.archive.metavar": "ПАПКА",
    "option.archive": "Папка архива отчетов: build записывает в нее собранный отчет новой версией, проверки "
                      "сравнивают формы с прежними периодами из нее.",
    "record.name": "{period}, версия {version}",
    "record.too-large": "файл занимает {mb} МБ — больше, чем бывает у записи архива",
    "record.not-text": "это не текст в кодировке UTF-8",
    "record.too-deep": "в записи слишком глубокая вложенность",
    "record.not-json": "запись обрывается или испорчена (строка {line})",
    "record.no-mark": "в нем нет отметки «reportgen-archive»",
    "record.field-wrong": "поле «{field}» отсутствует или заполнено не так, как записывает reportgen",
    "record.name-differs": "внутри записан другой период или версия ({period}, версия {version}), чем в имени файла",
    "record.over-budget": "запись читается слишком долго или требует слишком много памяти",
    "record.unreadable": "запись не удалось прочитать",
    "record.kind-unstated": "в записи не указан вид отчета (поле «kind»)",
    "split.period-hint.dated": "Укажите его: --period {period:code} (в этот квартал попадают даты мероприятий "
                               "отчета).",
    "split.period-hint.undated": "Укажите его: --period ГГГГ-QN, например --period 2025-Q2.",
    "archive.is-file-option": "«{folder}» ({option}) — это файл, а нужна папка архива: укажите папку",
    "archive.no-parent": "Папка «{parent}» для {option} не существует: создайте ее или укажите другую папку архива",
    "archive.old-word": "«{path}» — отчет Word в старом формате (.doc); откройте его в Word и сохраните как "
                        "«Документ Word (.docx)», затем укажите файл .docx",
    "archive.recorded": "Записано в архив: ",
    "archive.recorded.where": "{path} (версия {version})",
    "archive.needed": "Укажите папку архива: --archive ПАПКА (вид отчета «{kind}» не задает ее в [archive] folder)",
    "archive.no-folder": "Папка архива «{folder}» не найдена",
    "archive.is-file": "это файл, а не папка",
    "archive.no-word": "В папке «{folder}» нет отчетов Word (.docx)",
    "archive.not-word": "«{path}» — не отчет Word (.docx); укажите отчеты Word или папки с ними",
    "archive.seeded": "{source} → {path} ({period:label}, версия {version}, "
                      "{n} {n:plural:мероприятие/мероприятия/мероприятий})",
    "archive.skipped": "{source}: в архив не записан",
    "archive.already": "{source}: уже в архиве — {path} (версия {version}), не записан еще раз",
    "archive.skipped-all": "Не записано в архив: {n} из {total} — {names:join}",
    "archive.title": "Архив «{folder}»: {n} {n:plural:период/периода/периодов}",
    "archive.empty": "В архиве «{folder}» нет записей",
    "archive.col.period": "Период",
    "archive.col.versions": "Версии",
    "archive.col.used": "Действующая",
    "archive.col.events": "Мероприятий",
    "archive.col.origin": "Откуда",
    "archive.col.built": "Записана",
    "archive.origin.forms": "собран из форм",
    "archive.origin.word": "прочитан из Word",
    "archive.none-readable": "нет читаемой версии",
    "archive.unreadable": "Не читаются записи архива: {n} (не используются, пока их не исправить или не убрать)",
    "command.archive": "Записать в архив прежние отчеты Word или показать, что в архиве: периоды, версии, "
                       "мероприятия.",
    "argument.archive.metavar": "ОТЧЕТ.docx...",
    "argument.archive": "Отчеты Word прошлых периодов или папки с ними (без вложенных папок): каждый записывается в "
                        "архив новой версией своего периода, если такого отчета там еще нет. Без них — перечень архива.",
    "option.archive-period.metavar": "КВАРТАЛ",
    "option.archive-period": "Квартал отчетов Word, в заголовке которых его нет: 2025-Q1 или «I квартал 2025». "
                             "Отчет с кварталом в заголовке записывается за него.",
    "option.archive-force": "Записать отчет Word в архив, даже если часть его строк не удалось отнести к разделам "
                            "(эти строки в запись не войдут).",

    # -- texts: earlier quarters (23.2) --
    "letter.question": "вопрос",
    "letter.not-again": _letter_not_again,
    "letter.question.subject": "Мероприятия прошлых кварталов — {municipality}",
    "letter.question.body": "{greeting}\n\nВаша форма за {period} получена, замечаний к ней нет. {asked}{sign}\n",
    "option.archive.read": "Папка архива отчетов (ее пополняет build --archive): формы сравниваются с прежними "
                           "кварталами из нее. Папки еще нет — архив пуст (build создаст ее).",
    "status.not-again": _status_not_again,
    "status.reported-earlier": _status_reported_earlier,
    "status.notes-cut": "Примечания в таблице сокращены; полностью — в reportgen validate и в письмах (letters).",
    "archive.not-yet": "Архив «{folder}» пуст: папки еще нет (build --archive создаст ее), сравнивать не с чем",

    # -- texts: longer periods (23.3) --
    "term.column-title": "Квартал",
    "term.quarters": "{first} и {last} кварталы {year} года",
    "term.what-forms": "{n} {n:plural:форма/формы/форм}",
    "term.progress": "Чтение форм",
    "term.nothing": "Для отчета за {term:label} нет ни одного квартала: укажите формы, отчеты Word или папку "
                    "архива (--archive)",
    "term.source.forms": "{quarter:label}: формы ({what})",
    "term.source.word": "{quarter:label}: отчет Word «{what}»",
    "term.source.archive": "{quarter:label}: архив ({what})",
    "term.given.forms": "формы ({what})",
    "term.given.word": "отчет Word «{what}»",
    "term.merged": "В {k} кварталах {n:plural:повторялось/повторялись/повторялись} {n} {n:plural:мероприятие/мероприятия/"
                   "мероприятий} — в отчет каждое вошло один раз (какие строки кварталов объединены — в --json)",
    "term.kind-width": "[term]: «column_width_cm» должен быть больше нуля, а не {width:g}",
    "term.kind-placeholder": "[term]: в «{where}» неизвестная подстановка {wrong}; возможна {known}",
    "refusal.term-here": "«{text}» — {term:label}: эта команда работает с одним кварталом; полугодие, "
                         "9 месяцев и год собирает build",
    "refusal.term-option": "{option} работает при сборке квартала; для отчета за {term:label} соберите квартал "
                           "с {option} и возьмите его из архива (--archive) или отчетом Word",
    "refusal.no-paths": "Укажите формы (файлы или папки) или, для полугодия, 9 месяцев и года, папку архива (--archive)",
    "option.period.build": "Отчетный период: квартал (2025-Q2, «II квартал 2025»), полугодие (2025-H1, «I полугодие "
                           "2025 года»), 9 месяцев (2025-9M) или год (2025). Без него квартал берется из поля "
                           "«Отчетный период» форм.",
    "option.period.metavar": "ПЕРИОД",
    "option.paths.metavar": "ФАЙЛ_ИЛИ_ПАПКА...",
    "option.paths.build": "Файлы форм (.xlsx, .xls, .ods), сохраненные письма с ними (.eml, .msg, mbox, Maildir), "
                          "папки с ними или шаблон вроде «q2/*.xlsx»; для полугодия, 9 месяцев и года также "
                          "квартальные отчеты Word (.docx). Не нужны, если кварталы берутся из --archive.",

    # -- texts: diff (23.4) --
    "option.diff.old.metavar": "СТАРЫЙ",
    "option.diff.new.metavar": "НОВЫЙ",
    "option.diff.old": "Прежняя версия отчета: документ Word (.docx) или запись архива (.json).",
    "option.diff.new": "Новая версия отчета: документ Word (.docx) или запись архива (.json).",
    "option.diff.output.metavar": "ФАЙЛ.docx",
    "option.diff.output": "Куда записать новую версию с исправлениями в режиме рецензирования (Word, Writer). "
                          "По умолчанию «<НОВЫЙ> — исправления.docx» рядом с новой версией.",
    "refusal.diff-suffix": "«{name}» — не отчет Word (.docx) и не запись архива (.json)",
    "refusal.diff-folder": "«{name}» — папка, а нужен отчет Word (.docx) или запись архива (.json)",
    "refusal.diff-missing": "Файл «{name}» не найден",
    "diff.blocked": "Сравнение не выполнено: {message}",
    "diff.default-name": "{stem} — исправления.docx",
    "diff.tracked-what": "отчет с исправлениями",
    "diff.head": "Сравнение: «{old}» → «{new}»",
    "diff.summary": "Добавлено: {added}, удалено: {removed}, изменено: {changed}, без изменений: {same}",
    "diff.none": "Мероприятия в версиях одинаковы.",
    "diff.renumbered": "Номер изменился у {n} {n:plural:мероприятия/мероприятий/мероприятий} "
                       "(из-за добавленных и удаленных строк; это не изменение)",
    "diff.title": "Заголовок: было «{old}», стало «{new}»",
    "diff.added": "Добавлены:",
    "diff.removed": "Удалены:",
    "diff.changed": "Изменены:",
    "diff.event": lambda f: f"{f['municipality']}, № {f['number']}" + (
        f" (было № {f['was']} — номер изменился)" if f.get("was") is not None else "") + f": «{f['name']}»",
    "diff.field": "«{title}»: было «{old}» → стало «{new}»",
    "diff.source": lambda f: _diff_source(f),
    "diff.source.one": "источник: {where}",
    "diff.source.old": "было: {where}",
    "diff.source.new": "стало: {where}",
    "diff.written": "Новая версия с исправлениями записана: {path}",

    # -- texts: cover note (23.5) --
    "option.note.metavar": "СПРАВКА.docx",
    "option.note": "Записать и справку к отчету (Word): итоги по муниципальным образованиям, странам и месяцам, "
                   "сравнение с прежними периодами из --archive, общие мероприятия, кто не прислал форму.",
    "note.what": "справку",
    "note.written": "Справка записана: ",
    "note.title": "Справка к отчету о мероприятиях {period}",
    "note.heading.municipalities": "Мероприятия по муниципальным образованиям",
    "note.heading.countries": "Мероприятия, в которых названы иностранные государства",
    "note.heading.months": "Мероприятия по месяцам",
    "note.heading.previous": "Сравнение с предыдущим периодом ({period})",
    "note.heading.year-ago": "Сравнение с тем же периодом прошлого года ({period})",
    "note.heading.shared": "Мероприятия, о которых сообщили несколько муниципальных образований",
    "note.heading.nothing-sent": "Информация не представлена",
    "note.total": "Всего: {events}",
    "note.events": "{n} {n:plural:мероприятие/мероприятия/мероприятий}",
    "note.column.municipality": "Муниципальное образование",
    "note.column.country": "Государство",
    "note.column.month": "Месяц",
    "note.column.events": "Мероприятий",
    "note.column.difference": "Разница",
    "note.column.event": "Мероприятие",
    "note.column.who": "Сообщили",
    "note.column.numbers": "№ в отчете",
    "note.row.total": "Всего",
    "note.countries-overlap": "Мероприятие, в котором названо несколько государств, учтено у каждого из них.",
    "note.none.countries": "Иностранные государства в мероприятиях не названы.",
    "note.none.shared": "Таких мероприятий нет.",
    "note.none.nothing-sent": "Формы прислали все муниципальные образования.",
    "note.source": "По архиву: {record} («{path}»).",
    "note.kind-part": "[note]: в «parts» «{part}» — не часть справки; возможны {parts:join}",
    "note.kind-placeholder": "[note]: в тексте «{text}» неизвестная подстановка {wrong}; возможна {{{fact}}}",
    # -- texts: cover note, round 2 (23.5) --
    "note.no-record": "В архиве нет отчета за {period:label} — сравнение не приводится",
    "note.record-unread": "Отчет за {period:label} в архиве не читается — сравнение не приводится",
    "note.no-archive": "Сравнения с прежними периодами нет: архив не указан (--archive ПАПКА)",
    "note.said": "Справка: ",
    "note.row.sent-total": "Всего по приславшим форму в этом периоде",
    "note.sent-total": "«{missing}» — форма за этот период не прислана, разница не считается; строка «{row}» "
                       "сравнивает только приславших форму.",

    # -- texts: wording (21): cli --
    # what validate, build and status print (cli/show.py)
    "show.skipped": "{display}: пропущен — {reason}",
    "show.period": "Период: {period:label}. ",
    "column.municipality": "Муниципалитет",
    "column.file": "Файл",
    "column.files": "Файлы",
    "column.state": "Состояние",
    "column.events": "Мероприятий",
    "column.errors": "Ошибок",
    "column.warnings": "Предупр.",
    "summary.not-read": ", не прочитано {n} {n:plural:файл/файла/файлов}",
    "summary.counts": "{period}{forms} {forms:plural:форма/формы/форм}{not_read}, {events} "
                      "{events:plural:мероприятие/мероприятия/мероприятий}; "
                      "ошибок: {errors}, предупреждений: {warnings}, примечаний: {notes}",
    "summary.superseded": "Заменена более новой: {file} ({municipality}, {n} "
                          "{n:plural:мероприятие/мероприятия/мероприятий}) → {by}",
    "summary.left-out": "Не включено: {what}{whose} — {reason}",
    "summary.left-out.whose": " ({municipality})",
    # rows that are not events, by SkippedRow.kind, in the line «Не мероприятия, в отчет не вошли: …»
    "skipped.heading": "заголовки",
    "skipped.footer": "подписи и реквизиты",
    "skipped.totals": "итоги",
    "skipped.note": "примечания",
    "skipped.column-numbers": "номера столбцов",
    "skipped.header": "повторы заголовков",
    "skipped.nothing": "«мероприятий нет»",
    "skipped.planned": "планы",
    "skipped.outside": "текст вне таблицы",
    "skipped.summary": "Не мероприятия, в отчет не вошли: {n} {n:plural:строка/строки/строк} ({parts}){tail}",
    "skipped.summary.see-validate": "; каждая названа в reportgen validate.",
    "glance.months": "По месяцам: {parts}",
    "glance.countries": "Иностранные государства: {parts}",
    "roster.superseded": "{name} (заменена)",
    "roster.unattributed": "{file}: не учтен в таблице — {reason}",
    # a refused build or split (cli/show.py refusal)
    "refusal.files-remedy": "Исправьте эти файлы (или попросите прислать их заново) либо соберите без них: "
                            "--skip-unreadable (все такие формы) или --without ФАЙЛ (одну); входящие не меняются. "
                            "Подробности — в строках выше.",
    "refusal.rows": "{subject}: {n} {n:plural:ошибка/ошибки/ошибок} в строках ({files:join}). "
                    "Исправьте {n:plural:ее/их/их} или добавьте --force, чтобы {fix}.",
    "refusal.whole": "{subject}: эти ошибки не дают взять файл в работу целиком, и --force их не обходит:",
    "refusal.more-rows": "  и еще {n} {n:plural:ошибка/ошибки/ошибок} в строках.",
    "refusal.period-hint": "Квартал отчета можно и задать явно: --period 2025-Q2 (или «II квартал 2025»).",
    # the help pages (cli/help.py)
    "help.usage": "Использование: {usage}",
    "help.usage.command": "КОМАНДА [ПАРАМЕТРЫ] ...",
    "help.usage.options": "[ПАРАМЕТРЫ]",
    "help.commands": "Команды:",
    "help.arguments": "Аргументы:",
    "help.options": "Параметры:",
    "help.required": " [обязательно]",
    "help.default": " [по умолчанию: {shown}]",
    "help.help": "Показать эту справку и выйти.",
    "help.more": "Справка по команде: reportgen КОМАНДА --help, например reportgen build --help.",
    # usage errors said from click's facts (cli/help.py usage_message)
    "usage.no-option": "Неизвестный параметр {option}.{maybe}",
    "usage.missing-option": "Не указан обязательный параметр {option}.",
    "usage.missing-argument": "Не указан обязательный аргумент {name}.",
    "usage.argument": "аргумент",
    "usage.bad-value": "Неверное значение {option}: {said}",
    "usage.unparsed": "Неверный вызов команды: параметры не удалось разобрать.",
    # the commands, their options and what they print (cli/commands.py)
    "command.root": "Проверка форм муниципальных образований и сборка квартального отчета в Word.",
    "command.template": "Написать бланк формы Excel для муниципальных образований.",
    "command.validate": "Проверить формы и перечислить замечания: файл, лист, ячейка и что исправить.",
    "command.status": "Сводка по муниципальным образованиям: кто прислал форму, у кого ошибки, кто не прислал.",
    "command.build": "Проверить формы и собрать отчет Word (.docx).",
    "command.letters": "Написать письма муниципальным образованиям: замечания, напоминания, подтверждения.",
    "command.split": "Разобрать отчет Word обратно на формы — по одной на муниципальное образование.",
    "command.diff": "Что изменилось между двумя версиями отчета; новая версия с исправлениями в режиме рецензирования.",
    "option.version": "Показать версию reportgen и выйти.",
    "option.version.unknown": "неизвестна",
    "option.paths": "Файлы форм (.xlsx, .xls, .ods), сохраненные письма с ними (.eml, .msg, mbox, Maildir), "
                    "папки с ними или шаблон вроде «q2/*.xlsx».",
    "option.quarter.metavar": "КВАРТАЛ",
    "option.period": "Отчетный квартал: 2025-Q2 или «II квартал 2025». Без него берется из поля «Отчетный период» "
                     "форм.",
    "option.kind.metavar": "ВИД",
    "option.kind": "Вид отчета: папка в templates/ или путь к kind.toml.",
    "option.strict-duplicates": "Две формы одного муниципального образования — ошибка (без этого берется более "
                                "новая, прежняя заменена).",
    "option.without.metavar": "ЧТО",
    "option.without": "Не включать форму: файл, письмо (имя файла письма или тема) или муниципальное образование, "
                      "например --without Ярцевский. Можно несколько раз. Входящие не меняются.",
    "option.skip-unreadable": "Не включать формы, которые нельзя взять целиком (не читаются, нет столбца, другой "
                              "квартал); каждая названа в выводе.",
    "option.contacts.metavar": "КОНТАКТЫ.xlsx",
    "option.contacts": "Таблица адресов: муниципальное образование, e-mail, контактное лицо. Форма, пришедшая не с "
                       "этого адреса, не учитывается, пока адрес не вписан в столбец «Принимать формы также с адресов».",
    "option.contacts.missing": "Таблица контактов «{path}» (--contacts) не найдена",
    "option.format": "Вид вывода: text (по умолчанию) или json.",
    "option.folder.metavar": "ПАПКА",
    "option.text.metavar": "ТЕКСТ",
    "option.signed.not-a-day": "«{value}» — не дата; укажите один день, например 10.10.2025",
    # template
    "option.municipality.metavar": "НАЗВАНИЕ",
    "option.municipality": "Заполнить поле «Муниципальное образование», например «Вяземский».",
    "option.all": "Написать по форме на каждое муниципальное образование (в папку -o).",
    "option.period.template": "Квартал, за который форма: 2025-Q2 или «II квартал 2025». По умолчанию — текущий "
                              "квартал.",
    "option.output.template.metavar": "ПУТЬ",
    "option.output.template": "Файл формы (или папка для --all). По умолчанию Форма_…_ГГГГ-QN.xlsx в текущей папке.",
    "option.send-to": "Строка «Куда отправить» в инструкции (вместо заданной в виде отчета).",
    "template.no-period": "Квартал не указан: в форме — {period:label} (текущий). Другой: --period 2025-Q2.",
    "template.written": "Форма записана: ",
    "template.written-all": "{n} файлов в папке {folder}",
    "forms.written": "Формы записаны: ",
    # validate, status
    "option.annotate": "Записать в папку копии форм с замечаниями: цвет и комментарий на ячейке, лист «Замечания».",
    "validate.copies": "Копии с замечаниями: {n} в папке «{folder}»",
    "validate.copy-not-made": "{file}: копия не сделана — файл не читается как книга",
    "validate.annotate-hint": "Чтобы вернуть формы на исправление, запишите копии с замечаниями на ячейках: "
                              "добавьте --annotate ПАПКА.",
    "status.see-validate": "Замечания по файлам: reportgen validate (с теми же файлами).",
    # build
    "option.output.build.metavar": "ФАЙЛ.docx",
    "option.output.build": "Куда записать отчет. По умолчанию report-ГГГГ-QN.docx в текущей папке.",
    "option.order": "Порядок строк в разделе: submitted — как в форме (по умолчанию), date — по датам.",
    "option.force.build": "Собрать отчет, несмотря на ошибки в строках (текст берется как написан).",
    "option.pdf": "Записать рядом и PDF (через LibreOffice).",
    "option.xlsx.metavar": "ФАЙЛ.xlsx",
    "option.xlsx": "Записать и сводную таблицу Excel (с датами, фильтрами, источниками).",
    "option.json.metavar": "ФАЙЛ.json",
    "option.json": "Записать ту же сводную таблицу в JSON.",
    "option.reference-doc.metavar": "БЛАНК.docx",
    "option.reference-doc": "Взять параметры страницы, стили и колонтитулы (бланк учреждения) из этого документа Word.",
    "option.dates": "Как писать сроки: as-typed — как в формах, uniform — в одном виде («5–7 июля 2025 года»). "
                    "По умолчанию — как задано в виде отчета (as-typed).",
    "option.closing": "Добавить после таблицы заключительную часть: кто не проводил мероприятий, кто не прислал "
                      "форму, число мероприятий, подписи. По умолчанию — как задано в виде отчета.",
    "option.signed.metavar": "ДАТА",
    "option.signed": "Дата подписи в заключительной части, например 10.10.2025. Без нее остается строка для даты.",
    "build.forced": "Во входных файлах остались ошибки в строках: собрано с --force, текст взят как написан.",
    "build.refused": "Отчет не создан",
    "build.refused.fix": "собрать отчет, взяв текст как написан",
    "build.written": "Отчет записан: ",
    "build.written.what": "{target} — {n} {n:plural:мероприятие/мероприятия/мероприятий}, разделов: {sections}",
    "build.table-written": "Таблица {fmt} записана: ",
    "build.letterhead": "Бланк: ",
    "build.letterhead.line": "{line} («{source}»)",
    "build.pdf-written": "PDF записан: ",
    # letters
    "option.output.letters": "Папка для черновиков писем (.eml); создается, если ее нет.",
    "option.confirm": "Написать и короткие подтверждения тем, чья форма принята без замечаний.",
    "option.from.metavar": "АДРЕС",
    "option.from": "Адрес отправителя, например «Координатор <coord@region.ru>» (или REPORTGEN_FROM).",
    "option.signature": "Подпись в конце писем.",
    "option.send": "Отправить письма по SMTP (уже отправленные не повторяются: журнал в папке писем).",
    "option.smtp-host.metavar": "СЕРВЕР",
    "option.smtp-host": "Сервер SMTP (или REPORTGEN_SMTP_HOST).",
    "option.smtp-port.metavar": "ПОРТ",
    "option.smtp-port": "Порт SMTP: по умолчанию 587 (starttls), 465 (ssl), 25 (none).",
    "option.smtp-security": "Защита соединения: starttls (по умолчанию), ssl или none.",
    "option.smtp-user.metavar": "ИМЯ",
    "option.smtp-user": "Имя пользователя SMTP (или REPORTGEN_SMTP_USER); пароль — только в REPORTGEN_SMTP_PASSWORD.",
    "option.seconds.metavar": "СЕКУНД",
    "option.smtp-timeout": "Сколько ждать каждого ответа сервера SMTP (30 с).",
    "option.send-deadline": "Общий срок отправки (600 с): письма, до которых не дошла очередь, названы и отправятся "
                            "при следующем --send.",
    "option.resend-unknown": "Отправить еще раз письма, о которых неизвестно, принял ли их сервер («возможно "
                             "отправлено»).",
    "drafts.written": "Письма записаны: ",
    "drafts.written.where": "{n} в папке «{folder}» ({counts})",
    "drafts.no-address": "адрес не известен",
    "drafts.no-form": "Без формы: {reason}",
    "drafts.not-read": "Не прочитано: {display} — {reason}",
    "drafts.open": "Откройте письма в Outlook или Thunderbird, проверьте и отправьте; или добавьте --send.",
    "sent.count": "Отправлено: ",
    "sent.already": "Уже отправлены раньше (по журналу): {n}",
    "sent.no-address": "{name}: не отправлено — нет адреса",
    "sent.maybe": "{name}: возможно отправлено — {why}",
    "sent.maybe-before": "{name}: возможно отправлено прежним запуском (сервер не подтвердил прием) — не "
                         "повторяется; проверьте у адресата, отправить еще раз: --resend-unknown",
    "sent.not-tried": "Не отправлены — истек общий срок отправки ({deadline:g} с, --send-deadline): {names:join}. "
                      "Запустите --send еще раз: отправятся только они.",
    # split
    "argument.split.metavar": "ОТЧЕТ.docx",
    "argument.split": "Отчет Word, собранный reportgen или составленный вручную.",
    "option.output.split": "Куда записать формы. По умолчанию формы_ГГГГ-QN.",
    "option.period.split": "Квартал отчета: 2025-Q2 или «II квартал 2025». Без него берется из заголовка отчета.",
    "option.force.split": "Записать формы, даже если часть строк не удалось отнести к разделам.",
    "split.refused": "Формы не записаны",
    "split.refused.fix": "записать формы без этих строк",
    "split.written": "{n} в папке {folder}, мероприятий: {events}",
    # how a run ends otherwise: an error, an interruption
    "failed.label": "Ошибка: ",
    "failed.usage": "{message}\nСправка: reportgen{command} --help",
    "failed.file": "файл",
    "failed.no-space": "не удалось записать {where}: {why}. Освободите место или укажите другую папку; прежние "
                       "результаты не изменены.",
    "failed.doing-access": "доступ",
    "failed.no-access": "нет доступа к {where}: {why}. Проверьте права на файл и папку.",
    "failed.internal": "внутренняя ошибка reportgen ({name}: {error}). Входные файлы не изменены. Повторите с "
                       "REPORTGEN_DEBUG=1 и пришлите вывод разработчикам.",
    "stop.sent": " Письма, отправленные до прерывания ({n}), записаны в журнал папки писем: повторный --send их не "
                 "отправит еще раз.",
    "stop.interrupted": "Прервано.{sent}",
    "stop.sigterm": "сигнал завершения SIGTERM",
    "stop.sighup": "сигнал SIGHUP (закрыт терминал)",
    "stop.signalled": "Прервано: получен {why}. Временные файлы удалены, записанные ранее файлы не изменены.{sent}",

    # -- texts: wording (21): letters, sending, output plan, api --
    # the output plan (write/plan.py): its refusals before anything is read, a disk's after
    "plan.another-name": "другое имя",
    "plan.example-stem": "имя",
    "plan.same-name": "Нельзя записать {other} и {what} под одним именем «{name}» ({option}): переименуйте один "
                      "из входных файлов",
    "plan.same-file": "Для {other_option} и {option} получается один и тот же файл «{path}»: {other} и {what} нужно "
                      "записать в разные файлы",
    "plan.over-input": "Нельзя записать {what} поверх входного файла «{source}»: укажите {choose} в {option}",
    "plan.exists": "Файл «{path}» уже есть, а {command} не пишет поверх существующих файлов (в нем могут быть уже "
                   "заполненные сведения): удалите его или укажите {choose} в {option}",
    "plan.name-too-long": "Имя «{start}…» ({option}) слишком длинное: {size} байт, а файловая система допускает "
                          "{limit} (около 125 русских букв); сократите его",
    "plan.is-folder": "«{path}» ({option}) — это папка; укажите имя файла, например «{example}»",
    "plan.wrong-suffix": "В {option} указано «{name}», а {what} нужно записать в файл {ext}: укажите имя с "
                         "расширением {ext}, например «{example}»",
    "plan.no-parent": lambda f: render("Папка «{parent}» для {option} ", f) + (
        "не папка, а файл" if f["file"] else "не существует") + ": создайте ее или укажите другую",
    "plan.folder-is-file": "«{folder}» ({option}) — это файл, а нужна папка",
    "plan.folder-like-file": "«{folder}» ({option}) похоже на имя файла, а здесь нужна папка: укажите папку",
    "plan.forms-there": "В папке «{folder}» ({option}) уже есть формы ({n}: {shown}): новые формы смешались бы с "
                        "ними; укажите новую или пустую папку",
    "plan.unwritten": "Не удалось записать «{target}»: {why}",
    "plan.unwritten-kept": lambda f: render("Не удалось записать «{target}»: {why}", f) + {
        "space": " — освободите место на диске или укажите другую папку",
        "rights": " — укажите папку, в которую можно писать"}.get(f["hint"], "") + ". Прежние файлы не изменены",
    "plan.probe-refused": "В папку «{folder}» ({option}) нельзя записать: {why} — укажите другую папку или "
                          "исправьте права. Ничего не прочитано и не записано",
    "plan.probe-failed": "В папку «{folder}» ({option}) нельзя записать: {why}. Ничего не прочитано и не записано",
    # what the commands write, as the output plan names it («записать …»: plan.* {what})
    "plan.what.report": "отчет",
    "plan.what.report-pdf": "PDF отчета",
    "plan.what.table": "сводную таблицу",
    "plan.what.table-json": "сводную таблицу в JSON",
    "plan.what.form": "форму",
    # building the report (api/building.py)
    "building.needs-office": "Для --pdf нужен LibreOffice, а он не найден. {install}",
    "building.writing": "Запись отчета",
    "building.period-unknown": "Отчетный период неизвестен: в формах нет ни периода, ни мероприятий",
    "building.export-format": "Сводная таблица пишется в xlsx или json, а не в «{fmt}»",
    "reference-doc.missing": "Документ-образец «{path}» (--reference-doc) не найден",
    "reference-doc.no-access": "Документ-образец «{path}» (--reference-doc) не открывается: нет доступа к файлу",
    "reference-doc.folder": "«{path}» (--reference-doc) — это папка; укажите документ Word (.docx) с бланком",
    "reference-doc.not-regular": "«{path}» (--reference-doc) — не обычный файл (канал или устройство); "
                              "укажите документ Word (.docx) с бланком",
    "reference-doc.refused": "Документ-образец «{path}» (--reference-doc): {why}. {hint}",
    "reference-doc.over-budget": lambda f: render("Документ-образец «{path}» (--reference-doc) ", f) + (
        "слишком долго читается" if f["code"] == "file-timeout" else "требует слишком много памяти") + (
        ": вероятно, он поврежден. Укажите другой бланк или сохраните этот заново в Word как «Документ Word (.docx)»."),
    # reading and checking the forms (api/checking.py)
    "checking.own-output": "{produced_by}: это не форма",
    "checking.blocked": lambda f: ("не читается" if f["unreadable"] else "не может войти в отчет") + f": {f['message']}",
    "checking.date-future": "дата письма {shown} — в будущем",
    "checking.date-after": "дата письма {shown} позже, чем оно пришло ({arrived:%d.%m.%Y %H:%M})",
    "checking.date-before": "дата письма {shown} на {days} {days:plural:день/дня/дней} раньше, чем оно пришло "
                            "({arrived:%d.%m.%Y %H:%M})",
    "checking.date-doubted": "Письмо с формой: {why}; по этой дате не решается, какая форма новее",
    "checking.date-doubted.hint": "Дату письма ставит почтовая программа отправителя: проверьте дату и часы на "
                                  "компьютере, с которого отправлено письмо, и от кого оно.",
    "checking.no-address": "без адреса",
    "checking.stranger": lambda f: ("переслана с адреса" if f["forwarded"] else "прислана с адреса") + render(
        " {sender}, который не указан как контактный для «{short}» ({ours})", f),
    "checking.stranger.left-out": "{why}: не учтена",
    "checking.stranger.message": "Форма «{short}» {why}: она не учтена и не заменяет другие формы «{short}»",
    "checking.stranger.hint": "Если форма действительно от «{short}», впишите {sender} в таблицу контактов "
                              "(--contacts), в столбец «Принимать формы также с адресов» строки «{short}», и "
                              "запустите команду снова. Если нет — ничего делать не нужно: форма не войдет в отчет.",
    "checking.message-number": " (письмо ",  # the n-th message of a mailbox: «ящик (письмо 3)» (read/mail.numbered)
    "checking.without": "исключена по --without «{value}»",
    "checking.without-nothing": lambda f: render("--without «{value}»: среди входных файлов нет такого файла или "
                                                 "письма, и такого муниципального образования нет в перечне", f) + (
        render("; возможно, имелось в виду: {near:join}", f) if f["near"] else "") + (
        ". Укажите файл, тему письма или муниципальное образование, например --without Ярцевский."),
    # letters (api/drafting.py), split (api/splitting.py), blank forms (api/templates.py)
    "letters.stale-folder": "устаревшие",  # where drafts of an earlier run that no longer apply are moved
    "split.over-budget": lambda f: "Документ " + (
        "читается слишком долго" if f["code"] == "file-timeout" else "требует слишком много памяти") + (
        " — чтение остановлено"),
    "split.over-budget.hint": "Вероятно, документ поврежден: откройте его в Word и сохраните заново как «Документ "
                              "Word (.docx)».",
    "split.empty": "В таблице отчета нет разделов муниципальных образований",
    "split.empty.hint": "Проверьте, что над мероприятиями стоят строки с названиями муниципальных образований.",
    "forms.folder": lambda f: f"формы_{f['period'].code()}" if f["period"] else "формы",
    # sending the drafts over SMTP (write/send.py)
    "send.log-name": "журнал отправки.jsonl",
    "send.lock-taken-over": "Блокировка отправки прежнего запуска (процесс {pid} на этом компьютере, с {since}) "
                            "снята: этого процесса уже нет",
    "send.lock-held": "письма из папки «{folder}» уже отправляет другой запуск reportgen (процесс {pid} на "
                      "компьютере {host}, с {since}); дождитесь его конца. Если его нет, удалите файл «{lock}»",
    "send.lock-failed": "файл блокировки «{lock}» не удалось создать: {why}",
    "send.lock-not-made": "файл блокировки «{lock}» не удалось создать",
    "send.login-refused": "сервер {host} не принял имя пользователя «{user}» и пароль (REPORTGEN_SMTP_PASSWORD); "
                          "ответ сервера: {reply}",
    "send.no-auth": lambda f: render("сервер {where} не предлагает вход по имени и паролю", f) + (
        " без шифрования: укажите --smtp-security starttls или ssl" if f["plain"] else "") + (
        " (или уберите --smtp-user, если сервер принимает письма без входа)"),
    "send.no-starttls": "сервер {where} не поддерживает STARTTLS: попробуйте --smtp-security ssl (порт 465) или none",
    "send.no-greeting": "сервер {where} принял соединение, но не ответил приветствием SMTP за {timeout:g} с (или "
                        "сразу закрыл соединение): проверьте порт и --smtp-security (для порта 465 — ssl)",
    "send.connection-refused": "сервер {where} отказал в соединении, ответ сервера: {reply}",
    "send.tls-failed": "защищенное соединение с {where} не установлено ({reason}): проверьте --smtp-security и порт",
    "send.unreachable": lambda f: ("сервер не найден" if f["unknown"] else "сервер не отвечает") + render(
        ": {where}; проверьте адрес и порт сервера", f),
    "send.connecting": "соединение",  # what was being done, for os.* («ошибка ввода-вывода (соединение)»)
    "send.connection-error": "ошибка соединения",
    "send.connection-failed": "соединение с {where} не удалось: {reason} (сообщение системы: «{said}»)",
    "send.some-refused": "часть адресов отклонена: {refused}",
    "send.dropped-twice": "соединение оборвалось дважды ({why}): письмо не отправлено, повторите --send позже",
    "send.address-refused": "сервер отклонил адрес: {refused}",
    "send.closed": "сервер закрыл соединение: {reply}",
    "send.sender-refused": "сервер не принимает письма от {sender}: {reply}",
    "send.letter-refused": "сервер не принял письмо: {reply}",
    "send.answered": "сервер ответил: {reply}",
    "send.maybe-sent": "{what} после того, как текст письма был передан: сервер мог его принять. Проверьте у "
                       "адресата; отправить еще раз — --resend-unknown",
    "send.timed-out": "сервер не ответил вовремя",
    "send.dropped": "соединение оборвалось",
    "send.mailbox-not-ascii": "не отправлено: адрес «{address}» с русскими буквами до «@», а сервер {host} не "
                              "принимает такие адреса (нет SMTPUTF8); отправьте это письмо из почтовой программы "
                              "или через другой сервер",
    "send.domain-wrong": "не отправлено: домен адреса «{address}» записан с ошибкой",
    # the letters back (write/letters.py): their subjects, their texts, a finding as a clerk reads it
    "letters.marked-note": "\n\nВо вложении — копия вашей формы: эти ячейки выделены цветом, на каждой — комментарий; "
                           "первый лист «Замечания» перечисляет их со ссылками.",
    "letters.marked-several": "\n\nВо вложении — копии этих форм: эти ячейки выделены цветом, на каждой — "
                              "комментарий; первый лист «Замечания» перечисляет их со ссылками.",
    "letters.no-copy": "\n\nКопию вашей формы с пометками приложить не удалось: {reason}. Замечания перечислены выше; "
                       "если форму не получается открыть, сохраните ее в Excel заново.",
    "letters.place.cell": "лист «{sheet}», ячейка {cell}",
    "letters.place.sheet": "лист «{sheet}»",
    "letters.place.file": "файл в целом",
    "letters.what-to-do": " Что сделать: {advice}",
    "letters.greeting": lambda f: ("Уважаемая" if f["gender"] == "f" else "Уважаемый") + render(
        " {name} {patronymic}!", f),
    "letters.greeting.person": "Добрый день, {person}!",
    "letters.greeting.nobody": "Добрый день!",
    "letters.when.message": " (письмо от {date:%d.%m.%Y})",
    "letters.when.attachment": " (письмо от {date:%d.%m.%Y}, вложение «{attachment}»)",
    "letters.when.file": " (файл «{name}»)",
    "letters.no-return-address": "без обратного адреса",
    "letters.no-subject": "без темы",
    "letters.elsewhere": "Форма пришла с адреса {address}, который не указан как ваш контактный, поэтому это "
                         "письмо — на ваш контактный адрес.",
    "letters.strangers-note": "\n\nКроме того, форма от вашего имени пришла с адреса {senders}, который не указан "
                              "как ваш контактный; она не принята. Если ее отправили вы, ответьте на это письмо.",
    "letters.confirm-sender.subject": "Форма за {period} — {name}: подтвердите отправителя",
    "letters.confirm-sender.body": "{greeting}\n\nФорма отчета за {period} от вашего имени пришла с адреса "
                                   "{senders}, который не указан как ваш контактный, поэтому она пока не принята. "
                                   "Если форму отправили вы, ответьте на это письмо, и мы ее примем. Если нет — "
                                   "сообщите нам, пожалуйста, и пришлите вашу форму: бланк — во вложении.{sign}\n",
    "letters.fill": "Бланк формы — во вложении: заполните лист «Мероприятия» (одна строка — одно мероприятие) и "
                    "пришлите файл Excel ответным письмом. Если мероприятий не было, так и напишите в форме.",
    "letters.attachments": "вложения: {names}",
    "letters.no-attachments": "без вложений",
    "letters.dated": " от {date:%d.%m.%Y}",
    "letters.reminder.subject": "Напоминание: форма за {period} — {name}",
    "letters.reminder.reply": "{greeting}\n\nСпасибо за письмо «{subject}»{when}, но формы отчета за {period} в нем "
                              "нет ({sent}); отчет собирается только из формы Excel. {fill}{sign}\n",
    "letters.reminder.body": "{greeting}\n\nМы пока не получили от вас форму отчета о мероприятиях в международной "
                             "сфере за {period}. {fill}{sign}\n",
    "letters.must.errors": "Исправьте, пожалуйста, ошибки и пришлите форму заново ответным письмом",
    "letters.must.warnings": "Проверьте, пожалуйста, эти места; если нужно, исправьте и пришлите форму заново",
    "letters.return.subject": "Замечания к форме за {period} — {name}",
    "letters.return.head": "{greeting}\n\nВ форме за {period}{when} найдено замечаний: {n} (ошибок {errors}). "
                           "{must}.{came_from}\n\n",
    "letters.return.unreadable": "\n\nФайл не удалось открыть как книгу Excel, поэтому копия с пометками не приложена.",
    "letters.return.blank": "\n\nВо вложении также бланк формы за {period}: проще всего перенести сведения в него "
                            "(столбцы в нем — те, что нужны для отчета).",
    "letters.confirm.subject": "Форма за {period} принята — {name}",
    "letters.confirm.body": "{greeting}\n\nВаша форма за {period}{when} получена и принята: {n} "
                            "{n:plural:мероприятие/мероприятия/мероприятий}, замечаний нет. Спасибо!{came_from}",
    "letters.orphan.subject": "Замечания к форме за {period}",
    "letters.orphan.head": "{greeting}\n\nВ форме за {period}{when} не удалось определить муниципальное образование, "
                           "поэтому она не вошла в отчет.\n\n",
    "letters.several.part": "Форма {n}{when}:\n",
    "letters.several.nothing-else": "других замечаний нет.",
    "letters.several.head": "{greeting}\n\nЗа {period} от вас пришло несколько форм ({n}), и по ним не понять, какая "
                            "из них окончательная. Пришлите, пожалуйста, одну форму со всеми мероприятиями квартала "
                            "ответным письмом.{came_from}\n\n",
    "letters.unreadable.stranger": "{n}. письмо с адреса {address}, который не указан как ваш контактный: {why}.",
    "letters.unreadable.message": "письмо «{subject}»",
    "letters.unreadable.file": "файл «{name}»",
    "letters.unreadable.head": "{greeting}\n\nСпасибо за присланное, но прочитать вашу форму отчета за {period} не "
                               "удалось, поэтому сведения пока не вошли в отчет:\n\n",
    "letters.unreadable.resend": "\n\nПришлите, пожалуйста, форму заново ответным письмом: файл Excel (.xlsx) без "
                                 "пароля.",
    "letters.unreadable.blank": " Бланк формы — во вложении: заполните лист «Мероприятия» (одна строка — одно "
                                "мероприятие).",
    "letters.unreadable.subject": "Форма за {period} не читается — {name}",

    # -- texts: wording (21): readers and kind --
    # kind.toml and what a kind says by default (kind.py)
    "report-kind.form.lists-sheet": "Списки",
    "report-kind.form.instructions-sheet": "Инструкция",
    "report-kind.closing.no-events": "Мероприятия не проводились:",
    "report-kind.closing.nothing-sent": "Информация не представлена:",
    "report-kind.closing.left-out": "Информация не включена:",
    "report-kind.closing.counts": "Количество мероприятий:",
    "report-kind.closing.total": "Всего: {{events}}",
    "report-kind.closing.no-date": "«___» ____________ 20__ г.",
    "report-kind.export-sheet": "Мероприятия",
    "report-kind.not-found": lambda f: render("Вид отчета «{name}» не найден. Известные виды: ", f) + (
        ", ".join(f["known"]) or "нет") + ".",
    "report-kind.not-toml": lambda f: render("{path}: описание вида отчета не читается как TOML: ошибка записи", f) + (
        render(" в строке {line}, знак {column}", f) if f["line"] else "") + (
        " (проверьте кавычки, знаки «=» и скобки [ ])"),
    "report-kind.not-utf8": "{path}: описание вида отчета не в кодировке UTF-8; сохраните его в UTF-8",
    "report-kind.unreadable": "{path}: описание вида отчета не читается: {why}",
    "report-kind.registry-wrong": "{path}: перечень муниципальных образований: {why}",
    "report-kind.not-table": lambda f: (f["where"] or "файл") + ": ожидалась таблица TOML",
    "report-kind.key-unknown": lambda f: (f["where"] or "в начале файла") + render(": неизвестный ключ «{name}»", f) + (
        render("; возможно, имелось в виду «{near}»", f) if f["near"] else ""),
    "report-kind.key-missing": lambda f: (f["where"] or "в начале файла") + render(
        ": нет обязательного ключа «{name}»", f),
    "report-kind.key-type": "{where}: «{name}» должен быть {what}, а не {value}",
    "report-kind.type.str": "строкой",
    "report-kind.type.number": "числом",
    "report-kind.type.int": "целым числом",
    "report-kind.type.bool": "true или false",
    "report-kind.type.strs": "списком строк",
    "report-kind.key-choice": "{where}: «{name} = {value}» — возможны {allowed:join}",
    "report-kind.not-tables": "[[{table}]]: ожидался список таблиц",
    "report-kind.table-place": lambda f: render("[[{table}]] № {i}", f) + (
        render(" («{named}»)", f) if f["named"] is not None else ""),
    "report-kind.column-keys-twice": "[[columns]]: ключи столбцов («key») повторяются",
    "report-kind.no-columns": "нет ни одного столбца [[columns]]",
    "report-kind.title-placeholder": "[kind]: в шаблоне «title» или «number_format» неизвестная подстановка {wrong}",
    "report-kind.closing-placeholder": "[closing]: в тексте «{text}» неизвестная подстановка {wrong}; "
                                       "возможны {known:join}",
    # splitting a Word report back into forms (read/report.py)
    "split.no-table": lambda f: "В документе не найдена таблица отчета (искали столбцы " + "; ".join(
        f"«{t}»" for t in f["titles"]) + ")",
    "split.no-table.hint": "Проверьте, что это отчет этого вида и что заголовки столбцов не изменены.",
    "split.period-missing": "В заголовке отчета не найден отчетный квартал",
    "split.period-differs": "Заголовок отчета говорит «{stated:label}», а формы пишутся за {period:label} (--period)",
    "split.period-differs.hint": "Проверьте --period: формы получат квартал, который он задает.",
    "split.between-tables": "текст между таблицами «{text}»",
    "split.table": "таблица {table}",
    "split.row": "строка {row}",
    "split.other-table": "{table}, {row}: «{text}»",
    "split.unnumbered": "Строка без номера внутри раздела не перенесена: «{text}»",
    "split.unnumbered.hint": "Пронумеруйте строку, если это мероприятие, или удалите ее.",
    "split.section-twice": "Раздел «{short}» встречается в отчете второй раз; его мероприятия добавлены к первому",
    "split.orphan-row": "Мероприятие № {number} стоит до первого раздела и не перенесено",
    "split.orphan-row.hint": "Добавьте над ним строку с названием муниципального образования.",
    "split.merged-above": lambda f: "Ячейки " + _names(f["cells"]) + " объединены со строкой выше; "
                                    "их значение отнесено и к этой строке",
    "split.merged-above.hint": "Проверьте строку в форме: у объединенной ячейки одно значение на все строки.",
    "split.merged-across": lambda f: "Ячейки " + _names(f["cells"]) + render(
        " объединены в одну; весь текст отнесен к «{first}», остальные пусты", f),
    "split.merged-across.hint": "Проверьте строку в форме: разнесите текст по своим столбцам.",
    "split.shortened": "Текст в столбце «{title}» — {length} знаков, а ячейка Excel вмещает {limit}: "
                       "в форму записано начало",
    "split.shortened.hint": "Сократите текст или разделите мероприятие на несколько строк.",
    "split.unknown-section": "Раздел «{name}» не найден в перечне муниципальных образований; "
                             "его мероприятия ({rows}) не перенесены",
    "split.unknown-section.hint": lambda f: ("Возможно, имелось в виду: " + _names(f["near"])
                                             + ". Исправьте название раздела.") if f["near"]
    else "Исправьте название раздела в отчете.",
    "split.unplaced": "Не перенесено в формы: {what}",
    "split.unplaced.hint": "Если это мероприятие, перенесите его в таблицу отчета.",
    # a letterhead (read/letterhead.py)
    "letterhead.resave": "Откройте бланк в Word и сохраните его заново как «Документ Word (.docx)» или укажите "
                         "другой бланк.",
    "letterhead.damaged": "Бланк поврежден: {why}",
    "letterhead.no-main-part": "В бланке нет основной части документа (word/document.xml)",
    "letterhead.no-body": "В бланке нет содержимого документа Word",
    "letterhead.part-missing": "{what} ссылается на отсутствующую часть — не перенесен",
    "letterhead.link": "{what}: ссылка на внешний адрес «{target}» убрана — отчет не обращается к чужим файлам и "
                       "сайтам при открытии",
    "letterhead.link.hint": "Если картинка или текст по этой ссылке нужны в бланке, вставьте их в сам бланк (без "
                            "«Связать с файлом») и сохраните его.",
    "letterhead.no-headers": "В бланке нет колонтитулов: из него взяты только поля страницы и стили; текст в теле "
                             "бланка в отчет не переносится — поместите шапку бланка в верхний колонтитул",
    "letterhead.no-page-numbers": "В нижнем колонтитуле бланка нет номеров страниц — в отчете их не будет; добавьте "
                                  "в колонтитул бланка поле «Номер страницы», если они нужны",
    "letterhead.part.styles": "Стили бланка",
    "letterhead.part.settings": "Параметры бланка",
    "letterhead.part.fonttable": "Таблица шрифтов бланка",
    "letterhead.part.numbering": "Нумерация бланка",
    "letterhead.part.theme": "Тема бланка",
    "letterhead.part.header": "Верхний колонтитул бланка",
    "letterhead.part.footer": "Нижний колонтитул бланка",
    "letterhead.rels-unread": "Связи частей бланка не читаются ({why}): колонтитулы и стили бланка не перенесены",
    "letterhead.xml-missing": "{what}: часть «{name}» отсутствует — не перенесена",
    "letterhead.xml-unread": "{what}: {why} — не перенесены",
    "letterhead.mail-merge": "слияние",
    "letterhead.part-not-carried": "{what} ссылается на часть, которую отчет не переносит («{target}») — не перенесен",
    "letterhead.picture-unread": "{what}: картинка «{target}»: {why} — колонтитул не перенесен; вставьте картинку в "
                                 "бланк заново и сохраните его",
    "letterhead.picture-missing": "{what} ссылается на отсутствующую картинку «{target}» — не перенесен; вставьте "
                                  "картинку в бланк заново и сохраните его",
    # the blank form (write/form.py); its fields' titles when the kind gives none (check/forms.py)
    "form.data-sheet": "Мероприятия",
    "form.list-name": "Муниципалитеты",
    "form.municipality": "Муниципальное образование",
    "form.municipality.prompt": "Выберите из списка.",
    "form.municipality.error-title": "Нет в списке",
    "form.municipality.error": "Выберите муниципальное образование из списка.",
    "form.period": "Отчетный период",
    "form.period.prompt": "Например: {period:label}",
    "form.dates": "Сроки проведения",
    "form.dates.prompt": "Например: {examples}.",
    "form.how.heading": "Как заполнить форму",
    "form.how.columns": "Что писать в столбцах",
    "form.how.dates": "Как писать сроки",
    "form.how.excel-date": "Дату можно ввести и как дату Excel ({day:%d.%m.%Y}): в отчете она будет записана "
                           "словами — «{words}».",
    "form.how.do-not-change": "Что нельзя менять",
    "form.how.send-to": "Куда отправить",
    "form.file-name": "Форма",
    # forms checked (check/forms.py): copies of one form, dates against the period
    "forms.time.saved": "время сохранения, записанное в книге",
    "forms.time.message": "дата письма",
    "forms.time.file": "время файла",
    "forms.not-replacing": "Форма «{short}» не заменяет «{newer}»: {suspect}. Ее строки ({rows}) и замечания не "
                           "учитываются",
    "forms.not-replacing.hint": "Если верна именно эта форма, попросите прислать ее заново обычным письмом; или "
                                "оставьте только ее: --without «{newer}».",
    "forms.superseded": "Форма «{short}» от {when} заменена более новой ({newer}, {later}; {source}): ее строки "
                        "({rows}) и замечания не учитываются",
    "forms.superseded.hint": "Если новая форма дополняет прежнюю, а не заменяет ее, объедините их строки в одной "
                             "форме; чтобы такие формы считались ошибкой, добавьте --strict-duplicates.",
    "forms.order-unknown": lambda f: render("Какая форма «{short}» новее, не понять: у этой и у ", f) + _names(
        f["others"]) + render(" совпадает {source} ({when})", f),
    "forms.order-unknown.hint": "Оставьте одну из них: если верна эта, добавьте --without «{other}»; если верна "
                                "другая — --without «{this}».",
    "forms.date-serial.hint": "Похоже, это дата «{day}», у ячейки которой пропал формат даты: задайте ячейке формат "
                              "«Дата» или впишите дату словами.",
    "forms.period-assumed": "Сроки «{text}» поняты как весь отчетный период: {period:label} ({start} – {end})",
    "forms.period-assumed.hint": "Если мероприятие шло не весь квартал, укажите его даты или месяцы.",
    "forms.outside-period": "Сроки «{text}» выходят за {period:label} ({start} – {end})",
    "forms.outside-period.hint": "Это допустимо, если мероприятие действительно относится к отчету; иначе исправьте "
                                 "даты.",
    # why a sheet of a form was not read, and a blank row of the form (read/form.py)
    "sheet-note.notes": "замечания к форме (копия с замечаниями)",
    "sheet-note.hidden": "скрытый лист",
    "sheet-note.hidden-table": "скрытый лист с таблицей",
    "sheet-note.planned-sheet": "лист «{sheet}»",
    "sheet-note.instructions": "инструкция по заполнению",
    "sheet-note.empty": "пустой лист",
    "sheet-note.no-header": "нет строки заголовков",
    "sheet-note.fields-only": "реквизиты формы, без таблицы",
    "sheet-note.filler-row": "пустая строка бланка",
    # the copy of a form with the findings as comments (write/marked.py)
    "marked.what": "копию с замечаниями к «{name}»",
    "plan.another-folder": "другую папку",
    "marked.into-inbox": "Папка копий «{folder}» (--annotate) — это папка входящих писем «{inbox}»: копии с "
                         "замечаниями при следующем запуске читались бы как присланные формы; укажите отдельную "
                         "папку, например «копии»",
    "marked.comment": lambda f: render("{severity}: {message}", f) + (render("\nЧто сделать: {hint}", f)
                                                                       if f["hint"] else ""),
    "marked.comment-before": "{text}\n\n— прежний комментарий —\n{before}",
    "marked.comment-author": "Проверка формы",
    "marked.column.number": "№",
    "marked.column.where": "Где",
    "marked.column.severity": "Важность",
    "marked.column.message": "Замечание",
    "marked.column.hint": "Что сделать",
    "marked.whole-file": "весь файл",
    # a workbook's sheets and cells as read (read/grid.py)
    "cell.true": "Да",
    "cell.false": "Нет",
    "cell.unknown-error": "#ОШИБКА",  # an error cell whose error is not written in the file
    "grid.sheet-damaged": "Лист «{sheet}» поврежден: {why}",
    "grid.calamine-panic": "книга повреждена: ее записи не удалось разобрать",
    "grid.macro-sheet": "лист макросов Excel 4.0",
    "grid.empty-sheet": "лист без содержимого",
    "grid.unknown-sheet": "лист неизвестного вида",

    # -- texts: wording (21): dates, mail, periods --

    # a date as the report writes it (text.format_date): «29 марта 2025 года»
    "date.long": "{day} {month} {year} года",
    # what an operating system refused to do (damage.explain_os): «нет прав на запись»
    "os.doing.write": "запись",
    "os.doing.read": "чтение",
    "os.doing.read-message": "прочитать письмо",
    # Excel's error value that BIFF stores with a code reportgen does not know (read/biff.py)
    "biff.error-unknown": "#ОШИБКА",
    # the kind's data: two municipalities spelled alike (names.py RegistryError)
    "names.spelling-shared": "одно и то же написание у нескольких муниципальных образований: {shorts:join} "
                             "({spelling})",
    # the core property that marks the consolidated table reportgen wrote (read/sniff.py, write/table.py)
    "table.category": "reportgen: сводная таблица",
    # the sheet of findings put first in an annotated copy of a form (model.NOTES_SHEET)
    "notes.sheet": "Замечания",

    # LibreOffice (write/office.py)
    "office.install": "Установите LibreOffice: в Debian/Ubuntu — пакет libreoffice-writer "
                      "(sudo apt install libreoffice-writer), в Windows — с сайта libreoffice.org.",
    "office.not-found": "LibreOffice не найден. {install}",
    "office.timeout": "LibreOffice не ответил за {seconds:.0f} с",
    "office.files": "файлы",  # what LibreOffice did not write, when no output is named
    "office.no-space": "LibreOffice не смог записать {missing}: на диске с папкой «{outdir}» нет места. "
                       "Освободите место на диске и повторите",
    "office.failed": "LibreOffice не смог преобразовать {missing} (код завершения {returncode}). Закройте открытые "
                     "окна LibreOffice и повторите; если не поможет, откройте файл в LibreOffice вручную и сохраните "
                     "в нужном формате.",
    # annotated copies of forms (write/copies.py)
    "copies.hint": "Замечания перечислены в выводе и в письме (reportgen letters). Чтобы копия получилась, откройте "
                   "форму в Excel, удалите лишние строки и столбцы за таблицей, сохраните ее заново и повторите.",
    "copies.failed": "Копию с замечаниями сделать не удалось: {reason}",
    "copies.timeout": "книга открывается дольше {seconds:.0f} с (вероятно, в ней миллионы пустых оформленных ячеек)",
    "copies.memory": "книге нужно больше {mb} МБ памяти (вероятно, в ней миллионы пустых оформленных ячеек)",
    "copies.internal": "внутренняя ошибка при записи копии",
    # Word documents read back (read/word.py)
    "word.no-main-part": "В документе Word нет основной части (word/document.xml)",
    "word.damaged": "Документ Word поврежден: {why}",
    "word.no-body": "В документе Word нет содержимого",
    # the consolidated table (write/table.py)
    "table.headers.number": "№",
    "table.headers.municipality": "Муниципальное образование",
    "table.headers.start": "Начало",
    "table.headers.end": "Окончание",
    "table.headers.file": "Файл",
    "table.headers.sheet": "Лист",
    "table.headers.cell": "Ячейка",
    "table.cell-shortened": "Мероприятие № {number}: текст в столбце «{title}» — {length} знаков, а ячейка Excel "
                            "вмещает {limit}: в сводную таблицу записано начало (в отчете Word и в JSON он целиком)",
    "table.line": "строка {line}",

    # where a form came from by mail (model.Source, model.NoForm)
    "source.sender-unknown": "неизвестного отправителя",
    "source.no-subject": "без темы",
    "source.line": "письмо от {sender}{when} «{subject}», вложение «{attachment}»",
    "source.attachments": "вложения: {names}",
    "source.no-attachments": "без вложений",
    "source.no-form": "письмо от {sender} «{subject}» — в нем нет формы ({sent}){notes}",
    "letter.no-municipality": "без муниципального образования",  # a draft's file name without a municipality

    # dates cells (dates.py): what each example of the form's instructions shows, and the examples
    "dates.example.day": "один день",
    "dates.example.day-digits": "один день цифрами",
    "dates.example.days": "несколько дней одного месяца",
    "dates.example.months-span": "период через несколько месяцев",
    "dates.example.new-year": "период через границу года",
    "dates.example.list": "несколько отдельных дней",
    "dates.example.month": "весь месяц",
    "dates.example.months": "несколько месяцев целиком",
    "dates.sample.day": "18 {month} {year} года",
    "dates.sample.days": "18-20 {month} {year} года",
    "dates.sample.months-span": "20 {month} – 7 {month2} {year} года",
    "dates.sample.list": "12, 14 и 16 {month} {year} года",
    "dates.sample.new-year": "28 декабря {year} года – 3 января {next} года",
    "dates.sample.months": "{month}-{month2} {year} года",
    "dates.hint": "Напишите дату так: «{day}», «{days}», «{digits}» или «{month}».",
    "dates.year-hint": "Допишите год, например «{day}».",
    # dates as the report writes them: «12–14 апреля 2025 года», «12 и 19 июля 2025 года», «июль 2025 года»
    "dates.year-word": "года",  # what follows a year: bound to it by a non-breaking space
    "dates.with-year": "{text} {year} года",
    "dates.span.days": "{start}–{end} {month} {year} года",
    "dates.span.months": "{start} {month} – {end} {month2} {year} года",
    "dates.joined": "{head} и {last}",
    # why a dates cell could not be read (DateProblem of dates.py)
    "dates.missing": "Не указаны сроки проведения мероприятия",
    "dates.unparsed": "Не удалось понять сроки «{shown}»{detail}",
    "dates.unparsed.sign": ": непонятный знак «{sign}»",
    "dates.unparsed.word": ": непонятное слово «{word}»",
    "dates.unparsed.number": ": число {number} не похоже ни на день, ни на год",
    "dates.unparsed.no-month": ": не указан месяц",
    "dates.quarterly": "Сроки «{shown}» указаны кварталом, а не датами",
    "dates.quarterly.hint": "Укажите, когда прошло мероприятие: день, несколько дней или месяц. {hint}",
    "dates.unknown-month": "Неизвестное название месяца «{word}» в сроках «{shown}»",
    "dates.unknown-month.hint": "Возможно, имелось в виду «{near}». {hint}",
    "dates.no-month-number": "В дате «{shown}» нет месяца с номером {month}",
    "dates.no-month-number.in": "В сроках «{shown}» нет месяца с номером {month}",
    "dates.nonexistent": "Дата «{date}» не существует (в этом месяце {last} {last:plural:день/дня/дней})",
    "dates.nonexistent.in": " в сроках «{shown}»",
    "dates.nonexistent.hint": "Проверьте число и месяц.",
    "dates.no-year": "В сроках «{shown}» не указан год",
    "dates.reversed": "Окончание раньше начала в сроках «{shown}»",
    "dates.reversed.hint": "Проверьте порядок дат: сначала начало, потом окончание.",

    # what a row of a form that is no event was taken for (read/rows.py; row-skipped, row-ambiguous)
    "rows.kind.heading": "заголовок группы строк",
    "rows.kind.column-numbers": "строка с номерами столбцов",
    "rows.kind.totals": "итоговая строка",
    "rows.kind.note": "примечание",
    "rows.kind.footer": "подпись или реквизиты под таблицей",
    "rows.kind.header": "повтор строки заголовков",
    "rows.kind.nothing": "отметка, что мероприятий не было",
    "rows.kind.filler": "пустая строка бланка (только номер)",
    "rows.kind.planned": "строка таблицы планируемых мероприятий",
    "rows.kind.outside": "текст вне столбцов отчета",
    "rows.kind.continuation": "продолжение мероприятия из строки выше",
    "rows.kind.event": "мероприятие",
    "rows.tall": "продолжение мероприятия из строки выше (ячейки объединены)",
    "rows.dashes": "прочерки вместо сведений: мероприятий не было",
    "rows.planned-heading": "заголовок таблицы планируемых мероприятий",
    "rows.total-continues": "итог в столбце текста мероприятия: принят за его продолжение",
    "rows.footer.date": "дата",
    "rows.footer.signature": "подпись",
    "rows.footer.executor": "исполнитель",
    "rows.footer.stamp": "печать (М.П.)",
    "rows.footer.phone": "телефон",
    "rows.footer.email": "электронная почта",
    "rows.date-under": "дата под таблицей",
    "rows.footer-lines": "реквизиты под таблицей — {what}",
    "rows.wrapped": "текст, перенесенный на следующую строку",
    "rows.across": "текст в ячейке, объединенной на всю ширину таблицы: принят за заголовок",
    "rows.across.hint": "Если это мероприятие, разнесите его сведения по столбцам таблицы.",
    "rows.name-continues": "наименование продолжено со строчной буквы",
    "rows.no-name": "в строке нет наименования",
    "rows.lone-text": "строка с одним текстом, без других сведений: принята за заголовок группы",
    "rows.lone-text.hint": "Если это мероприятие, заполните в строке все столбцы таблицы.",
    "rows.line-under": "строка под таблицей, после последнего мероприятия",

    # a reporting quarter (period.py): Period.label(), Period.phrase(), and how --period is written
    "period.label": "{roman} квартал {year} года",
    "period.phrase": "в {roman} квартале {year} года",
    "period.phrase.second": "во {roman} квартале {year} года",  # «во II»: в/во by the sound of the numeral
    "period.how": "пишите, например, 2025-Q2 или «II квартал 2025»",
    "period.no-year": "в «{text}» не указан год; {how}",
    "period.not-quarter": "«{text}» — не квартал; {how}",

    # mail (read/mail.py): names of what has none, and why a part was passed over (SkippedFile.reason)
    "mail.attachment": "вложение",  # an attachment without a name («вложение.xlsx»)
    "mail.forwarded": "вложенное письмо",
    "mail.over-message": "письмо распаковывается больше чем в {mb} МБ или больше чем в {files} файлов: это не письмо "
                         "с формами; вложение не извлечено",
    "mail.over-run": "все письма вместе распаковываются больше чем в {gb} ГБ или больше чем в {files} файлов: "
                     "вложение не извлечено (письма прочитаны от новых к старым); укажите только письма этого квартала",
    "mail.too-many-attachments": "в письме больше {limit} вложений: остальные не прочитаны",
    "mail.unwritten": "вложение не удалось записать во временную папку «{folder}» ({why}): освободите место на диске "
                      "и запустите еще раз",
    "mail.zip-member-damaged": "файл в архиве поврежден ({why}): попросите прислать заново",
    "mail.zip-over": "архив распаковывается больше чем в {mb} МБ: это не архив с формами; остальное не распаковано",
    "mail.too-big": "письмо размером {size:.0f} МБ — больше {limit} МБ: форма столько не весит; попросите прислать "
                    "форму отдельно",
    "mail.mailbox-truncated": "в почтовом ящике {count} писем — больше {limit}: прочитаны последние {limit} "
                              "(самые новые), первые {older} (самые старые) не прочитаны; укажите только письма "
                              "этого квартала",
    "mail.stopped": "письмо читается дольше {seconds:.0f} с или требует больше {mb} МБ памяти — чтение остановлено; "
                    "сохраните вложения из почты как файлы",
    "mail.dot-file": "служебный файл почтовой папки (имя начинается с точки), а не письмо: не прочитан",
    "mail.message": "письмо",
    "mail.outlook-message": "письмо Outlook (.msg)",
    "mail.outlook-cut": "файл обрезан или поврежден — это не целый файл Outlook",
    "mail.broken": "{what} повреждено и не читается ({why}): сохраните его из почты заново или сохраните вложение "
                   "отдельным файлом",

    # -- texts: wording (21) --

    # periods longer than a quarter (period.Term), when the kind names them no other way
    "term.h1.label": "I полугодие {year} года",
    "term.h2.label": "II полугодие {year} года",
    "term.9m.label": "9 месяцев {year} года",
    "term.y.label": "{year} год",
    "term.h1.phrase": "в I полугодии {year} года",
    "term.h2.phrase": "во II полугодии {year} года",
    "term.9m.phrase": "за 9 месяцев {year} года",
    "term.y.phrase": "в {year} году",
    # readers
    # mail passed over (read/mail.py): SkippedFile.reason
    "mail.own-draft": "черновик, написанный reportgen letters, а не присланное письмо",
    "mail.no-boundary": "письмо повреждено: граница его частей не найдена, вложения в нем не отделить; "
                        "попросите прислать форму заново",
    "mail.deleted-attachment": "вложение удалено почтовой программой получателя (Thunderbird) и не сохранилось "
                               "в письме: найдите письмо на почтовом сервере или попросите прислать форму заново",
    "mail.attachment-damaged": "вложение повреждено и не читается ({reason})",
    "mail.winmail": "вложение winmail.dat — письмо Outlook в формате RTF (TNEF), вложения внутри него не видны: "
                    "попросите отправлять письма в формате HTML или «Обычный текст», тогда форма придет обычным вложением",
    "mail.not-a-form": "вложение — {what}, а не форма Excel: попросите прислать форму в .xlsx",
    "attached.word": "документ Word",
    "attached.pdf": "PDF",
    "attached.writer": "документ Writer",
    "attached.csv": "таблица CSV",
    "attached.rar": "архив RAR",
    "attached.7z": "архив 7-Zip",
    "attached.image": "изображение (скан или фото)",
    "attached.file": lambda f: f"файл {f['suffix']}" if f["suffix"] else "файл без расширения",
    "mail.zip-deep": "архив вложен слишком глубоко (архив в архиве в архиве): не распакован",
    "mail.zip-unreadable": "архив не открывается ({reason}): попросите прислать заново",
    "mail.zip-too-many": "в архиве {n} файлов — больше {limit}: не распакован",
    "mail.zip-password": "файл в архиве защищен паролем: попросите прислать без пароля",
    "mail.zip-method": "архив сжат методом, который не поддерживается: попросите прислать файл без архива",
    "mail.not-mbox": "не почтовый ящик mbox: в нем нет ни одного письма",
    # files passed over in a folder (read/inputs.py), and the arguments that name nothing
    "skip.lock-excel": "файл блокировки Excel (он появляется, пока книга открыта)",
    "skip.lock-libreoffice": "файл блокировки LibreOffice (он появляется, пока книга открыта)",
    "skip.apple-double": "служебная копия macOS («._»): в ней нет данных формы",
    "skip.system-macos": "служебный файл macOS",
    "skip.system-windows": "служебный файл Windows",
    "skip.not-a-form": lambda f: f"не форма Excel ({f['suffix'] or 'без расширения'})",
    "skip.folder": "папка: вложенные папки не читаются",
    "inputs.no-match": "Ни один файл не подходит под шаблон «{pattern}»",
    "inputs.not-found": "Файл или папка «{path}» не найдены",
    # the contacts table (read/contacts.py): notes about its rows, refusals of the file
    "contacts.unreadable": "Контакты «{path}»: {reason}",
    "contacts.not-a-book": "Контакты «{path}» не читаются как книга Excel ({reason}). "
                           "Нужна таблица: муниципальное образование, e-mail, контактное лицо.",
    "contacts.second-address": "Контакты «{name}», строка {line}, ячейка {cell}: письма пойдут только на первый адрес "
                               "{first}; не использованы: {rest}. Второй адрес — отдельной строкой с тем же "
                               "муниципальным образованием",
    "contacts.unknown": "Контакты «{name}», строка {line}: муниципальное образование «{municipality}» не найдено "
                        "в перечне — строка не использована",
    "contacts.no-address": "Контакты «{name}», строка {line}: для «{municipality}» не указан адрес e-mail",
    "contacts.merged": "Контакты «{name}», строка {line}: «{municipality}» уже есть в таблице выше — "
                       "адреса объединены ({addresses:join})",
    # a file refused before any parser sees it (read/sniff.py: Refused), and the advice with it;
    # {word}: a Word report was wanted (split, letterhead), not a form
    "refused.not-found": lambda f: "Не удалось открыть: " + (
        "ссылка ведет на несуществующий файл" if f["link"] else "файл не найден"),
    "refused.cannot-open": "Не удалось открыть файл: {why}",
    "refused.cannot-read": "Не удалось прочитать файл: {why}",
    "refused.not-regular": lambda f: "Это " + ("папка" if f["folder"] else "устройство, канал или сокет") + (
        ", а не документ Word (.docx)" if f["word"] else ", а не файл формы"),
    "refused.empty": "Файл пустой (0 байт): вероятно, он не сохранился или не докачался из почты",
    "refused.too-large": "Файл слишком большой ({mb} МБ)",
    "refused.damaged": "Файл поврежден: {why}",
    "refused.book-unreadable": "Книгу не удалось прочитать: {why}",
    "refused.book-memory": "Книга слишком велика: не хватило памяти, чтобы ее прочитать",
    "refused.book-password": "Книга защищена паролем",
    "refused.zip-not-book": "Это zip-архив, а не книга Excel",
    "refused.old-doc": "Это документ Word старого формата (.doc)",
    "refused.table-not-word": "Это таблица, а не документ Word (.docx)",
    "refused.word-not-table": "Это документ Word ({suffix}), а не таблица Excel",
    "refused.encrypted": lambda f: "Документ защищен паролем (зашифрован)" if f["word"]
    else "Книга защищена паролем (зашифрована)",
    "refused.ole-not-book": "Это файл Microsoft Office старого формата, но не книга Excel",
    "refused.zip-too-many": lambda f: f"В архиве {_whose(f)} подозрительно много частей ({f['n']})",
    "refused.zip-method": lambda f: f"Часть {_whose(f)} «{f['part']}» сжата нестандартным способом "
                                    f"(метод {f['method']}); офисные программы так не сохраняют",
    "refused.zip-encrypted": lambda f: f"Части {_whose(f)} зашифрованы",
    "refused.zip-ratio": lambda f: f"Часть {_whose(f)} «{f['part']}» распаковывается в {f['mb']} МБ "
                                   f"из {f['kb']} КБ (похоже на «zip-бомбу»)",
    "refused.zip-total": lambda f: f"Архив {_whose(f)} распаковывается в {f['mb']} МБ — слишком много",
    "refused.zip-twice": "Файл поврежден: в архиве две части с именем «{part}»",
    "refused.zip-climbing": "Файл поврежден: имя части «{part}» указывает за пределы архива",
    "refused.odt-not-table": "Это текстовый документ OpenDocument (.odt), а не таблица",
    "refused.od-not-table": "Это документ OpenDocument, но не таблица",
    "refused.pptx-not-table": "Это презентация PowerPoint, а не таблица Excel",
    "refused.xlsb": "Это двоичная книга Excel (.xlsb)",
    "refused.html": "Это веб-страница (HTML), сохраненная с расширением Excel",
    "refused.old-book": lambda f: "Это " + say("kind.biff", **f),
    "refused.not-book": lambda f: "Это " + say(f"kind.{f['kind']}", **f) + ", а не книга Excel",
    "refused.not-word": lambda f: "Это " + say(f"kind.{f['kind']}", **f) + ", а не документ Word (.docx)",
    "own.consolidated-table": "сводная таблица, записанная reportgen build --xlsx",  # a skipped input, read/sniff.py
    # what a refused file is ({kind} of refused.not-word, refused.not-book)
    "kind.html": "веб-страница (HTML)",
    "kind.xml2003": "«Таблица XML 2003»",
    "kind.biff": "книга {version} (старый формат, который reportgen не читает)",
    "kind.pdf": "PDF-документ",
    "kind.rtf": "документ RTF (Word)",
    "kind.text": "текстовый файл (CSV или TXT)",
    "kind.unknown": "файл неизвестного формата",
    "kind.odt": "текстовый документ OpenDocument (.odt)",
    "kind.pptx": "презентация PowerPoint",
    "kind.theme": "тема оформления Office (.thmx)",
    "kind.visio": "схема Visio",
    "kind.xps": "документ XPS",
    "kind.zip": "архив ZIP, в котором нет документа Word",
    # advice with a refused file
    "advice.resave": "Откройте файл в Excel или LibreOffice Calc и сохраните его как «Книга Excel (.xlsx)».",
    "advice.resave-word": "Откройте документ в Word и сохраните его заново как «Документ Word (.docx)».",
    "advice.resend": lambda f: say("advice.resave-word") if f["word"]
    else "Попросите прислать форму заново или откройте ее в Excel и сохраните еще раз.",
    "advice.check-path": "Проверьте путь к файлу.",
    "advice.check-rights": "Проверьте права на файл.",
    "advice.name-file": lambda f: "Укажите файл .docx." if f["word"] else "Укажите файл .xlsx.",
    "advice.name-report": "Укажите файл отчета .docx.",
    "advice.name-word": "Укажите документ Word (.docx): откройте файл в Word и сохраните как «Документ Word (.docx)».",
    "advice.resend-file": "Попросите прислать файл заново.",
    "advice.resend-form": "Попросите прислать форму заново.",
    "advice.slim": "Удалите из файла лишние листы и картинки и сохраните заново.",
    "advice.resave-doc": "Откройте его в Word и сохраните как «Документ Word (.docx)».",
    "advice.resave-odt": "Откройте его в LibreOffice Writer или Word и сохраните как «Документ Word (.docx)».",
    "advice.resave-report": "Откройте отчет в Word или LibreOffice Writer и сохраните как «Документ Word (.docx)».",
    "advice.resave-html": "Откройте ее в Excel и сохраните как «Книга Excel (.xlsx)».",
    "advice.resave-text": "Откройте его в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)».",
    "advice.resave-old-book": "Откройте ее в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)» "
                              "(«Файл → Сохранить как», тип файла «Книга Excel»).",
    "advice.use-template": "Перенесите сведения в бланк формы Excel (reportgen template).",
    "advice.ask-excel": "Попросите прислать форму в Excel (бланк: reportgen template).",
    "advice.unlock": lambda f: "Снимите пароль и сохраните заново: " + (
        "в Word «Файл → Сведения → Защита документа → " if f["word"] else "в Excel «Файл → Сведения → Защита книги → ")
    + "Зашифровать с использованием пароля», очистите поле пароля.",
    # Excel also encrypts, with its built-in password, a book protected against changes: the clerk has no password
    "advice.unlock-protected": lambda f: say("advice.unlock", **f) + " Если Excel открывает книгу без пароля, "
    "снимите защиту книги («Рецензирование → Защитить книгу») и сохраните заново.",
    "advice.unlock-parts": "Снимите пароль и сохраните заново.",
    "advice.unlock-file": "Снимите пароль и сохраните файл заново.",
    "advice.unpack": "Распакуйте архив и укажите сами файлы форм.",
    "advice.bomb": lambda f: "Не открывайте этот файл; " + (
        "возьмите документ из надежного источника или сохраните его заново в Word." if f["word"]
        else "попросите прислать форму заново."),
    # what a library's complaint about a damaged file means (reportgen/damage.py)
    "damage.part-too-large": "часть файла «{part}» распаковывается больше чем в {limit_mb} МБ (похоже на «zip-бомбу»)",
    "damage.doctype": "в файле есть объявление DOCTYPE; офисные программы так не сохраняют, а им пользуются для атак",
    "damage.memory": "файл требует слишком много памяти",
    "damage.compression": "часть файла сжата неизвестным способом; офисные программы так не сохраняют",
    "damage.deflate": "сжатые данные внутри файла повреждены",
    "damage.zip-crc": "контрольная сумма части файла не сходится: файл поврежден (например, при пересылке)",
    "damage.zip-shifted": "архив внутри файла поврежден: части сдвинуты или перекрываются",
    "damage.zip-truncated": "архив внутри файла оборван или поврежден",
    "damage.zip": "архив внутри файла поврежден",
    "damage.truncated": "файл обрывается: вероятно, он не докачался или не сохранился до конца",
    "damage.xml-deep": "XML внутри файла вложен слишком глубоко; так офисные программы не сохраняют",
    "damage.xml-huge": "XML внутри файла слишком велик",
    "damage.xml": lambda f: "XML-разметка внутри файла повреждена" + (f" (строка {f['line']})" if f["line"] else ""),
    "damage.as-said": "{said}",
    "damage.password": "книга защищена паролем",
    "damage.book": "книга повреждена или сохранена в неизвестном варианте формата",
    "damage.beyond-sheet": "в книге есть ячейка за последней строкой или столбцом листа "
                           "(после строки 1 048 576 или столбца XFD)",
    "damage.content": "содержимое файла повреждено",
    "damage.other": "файл поврежден",
    # what an operating system's refusal means ({doing}: «запись», «чтение»)
    "os.no-access": "нет прав на {doing}",
    "os.no-space": "на диске нет места",
    "os.read-only": "диск или папка только для чтения",
    "os.not-found": "файл или папка не найдены",
    "os.is-folder": "это папка, а не файл",
    "os.name-too-long": "слишком длинное имя",
    "os.busy": "файл занят другой программой",
    "os.quota": "исчерпана квота диска",
    "os.other": "ошибка ввода-вывода ({doing})",
    "setting.file-timeout": "секунд на чтение одного файла",
    "setting.file-memory": "мегабайт памяти на чтение одного файла",
    "setting.jobs": "процессов, читающих файлы (0 — без них)",
    "refusal.setting-wrong": lambda f: render(
        "Переменная окружения {name}={raw} не подходит: нужно ", f) + ("целое число" if f["whole"] else "число") + render(
        " от {low} до {high} ({what}). Исправьте или удалите ее (set {name}= в cmd, Remove-Item Env:{name} в PowerShell).", f),
    "refusal.start-method-wrong": "Переменная окружения REPORTGEN_START_METHOD={raw} не подходит: нужно одно из "
                                  "{methods:join}. Исправьте или удалите ее.",
    "format.xlsx": "книга Excel (.xlsx)",
    "format.xls": "книга Excel 97–2003 (.xls)",
    "format.ods": "таблица OpenDocument (.ods)",
    # refusals of the library (reportgen.api), errors of a request: exit status 2
    "refusal.send-host": "Для --send укажите сервер: --smtp-host smtp.example.ru (или REPORTGEN_SMTP_HOST)",
    "refusal.send-from": "Для --send укажите адрес отправителя: --from «Координатор <coord@region.ru>» (или REPORTGEN_FROM)",
    "refusal.order-unknown": "Порядок строк «{order}» неизвестен; возможны: {choices:join}",
    "refusal.dates-unknown": "Запись сроков «{dates}» неизвестна; возможны: {choices:join}",
    "refusal.municipality-and-all": "--municipality и --all вместе не указываются: либо одна форма, либо все",
    "refusal.municipality-blank": "В --municipality не указано название муниципального образования",
    "refusal.municipality-unknown": "Муниципальное образование «{name}» не найдено в перечне{maybe}",
    "refusal.maybe": "; возможно, имелось в виду: {near}",
    "refusal.letters-into-inbox": "Папка писем «{folder}» (-o) — это папка входящих «{inbox}»: письма смешались бы с "
                                  "присланными; укажите отдельную папку, например «письма»",
    "refusal.letters-period": "Квартал писем не известен: формы его не указывают. Укажите --period, например 2025-Q2",
    "refusal.stale-not-moved": "Устаревшие письма не удалось перенести в «{folder}» ({why}); удалите их из папки "
                               "«{outdir}» вручную",
    "refusal.no-form-among": "Среди указанных файлов нет ни одной формы: {named}",
    "refusal.no-form-found": "Ни одной формы не найдено ({args}): нужны файлы .xlsx, .xlsm, .xls или .ods",
    "refusal.split-missing": "Файл «{name}» не найден",
    "refusal.split-folder": "«{name}» — это папка; split разбирает один отчет Word (.docx)",
    # notes of the library for the coordinator
    "note.letter-no-address": "«{name}»: адрес не известен — письмо записано без получателя; впишите адрес в "
                              "таблицу контактов (--contacts) и запустите letters еще раз",
    "note.letters-stale": "Письма прошлого запуска, которые сейчас не нужны, перенесены в папку «{folder}» "
                          "({count}: {shown}): не отправляйте их",
    "note.copy-read-once": "тот же файл, что «{first}»: прочитан один раз",
    "note.mail-over-time": "дольше {seconds:.0f} с",
    "note.mail-over-memory": "больше {mb} МБ памяти",
    "note.mail-over-budget": "письмо читается {spent} — чтение остановлено; сохраните вложения из почты как файлы",
    # errors of the library past the request: exit status 1
    "error.report-blocked": "Отчет не собран: {count} ошибок не дают его собрать (см. build_blockers), "
                            "первая — {where}: {message}",
    "where.all-forms": "все формы",  # a finding of the whole run, where a place is shown
    "error.forms-blocked": "Формы не записаны: {message} (см. split_blockers)",
    # usage errors of the command line (click's own, said again through its command classes)
    "usage.no-value": "Параметр {option} не принимает значения: пишите просто {option}.",
    "usage.needs-value": "После параметра {option} нужно указать значение.",
    "usage.no-command": "Неизвестная команда «{name}».{maybe} Команды: {commands:join}.",
    "usage.maybe": " Возможно, имелось в виду: {near}.",
    "usage.extra": "Лишние аргументы: {args}.",
    "usage.not-a-choice": "«{value}» — такого значения нет; возможны: {choices:join}",
    "error.send-failed": "письма не отправлены — {why}. Черновики остались в папке «{folder}».",
    # checks and writers
    # the roster's states (check/status.py), as its table shows them
    "state.ready": "готово",
    "state.errors": "с ошибками",
    "state.missing": "нет формы",
    "state.duplicate": "несколько форм",
    "state.empty": "пустая форма",
    "state.unreadable": "форма не читается",
    "state.left-out": "не включена",
    "status.left-out": "«{what}» не включена: {reason}",
    "status.no-municipality": "муниципальное образование не указано, форма пустая",
    "status.summary": _roster_summary,
    "status.undated": "без даты",  # the month of events without a date, in the glance
    # letter kinds, as a draft's file name ends («Вяземский — замечания.eml»)
    "letter.return": "замечания",
    "letter.reminder": "напоминание",
    "letter.confirm": "подтверждение",
    # how the sender of a form that could not be used was told (check/owners.py)
    "owner.by-address": "по адресу отправителя",
    "owner.by-sender-name": "по имени отправителя",
    "owner.by-subject": "по теме письма",
    "owner.by-file-name": "по имени файла",
    "owner.by-attachment-name": "по имени вложения",
    "owner.no-excel": "в письме нет формы Excel (вложения: {attachments:join})",
    "advice.send-excel": "Пришлите форму Excel (.xlsx) по бланку.",
}
