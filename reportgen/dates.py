"""The dates column: free Russian text or a date cell → a span of days, or a precise problem.

Understood: "18 марта 2025 года", "18 марта 2025 г.", "18.03.2025", "18-20 марта 2025 года",
"20 марта – 7 мая 2025 года", "28 декабря 2024 года – 3 января 2025 года",
"18.03.2025 – 20.03.2025", "12.04-14.04.2025", "Апрель 2025 года", "Апрель-май 2025 года",
"с 18 по 20 марта", "12, 14 и 16 мая 2025 года", "15.05.2025, 16.05.2025", "12 июля 2025 г., 19 июля
2025 г." (a list: first to last day), ISO "2025-08-07", a quarter ("III квартал 2025 г.") and, given
the reporting period, the period's own words ("в течение квартала", "весь квартал"); with any dash,
spaces and line breaks. `uniform_text` writes a parsed span in the report's one style.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from reportgen.compact import compact
from reportgen.text import fold
from reportgen.catalogue import format_date, say  # noqa: F401 - format_date is dates' API too
from reportgen.text import MONTHS_GENITIVE

if TYPE_CHECKING:
    from reportgen.period import Period

Precision = Literal["day", "month"]

MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
# The forms of each month's name a dates cell may use, January first.
_MONTH_NAME_FORMS = (
    ("январь", "января", "январе", "янв"),
    ("февраль", "февраля", "феврале", "фев", "февр"),
    ("март", "марта", "марте", "мар"),
    ("апрель", "апреля", "апреле", "апр"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне", "июн"),
    ("июль", "июля", "июле", "июл"),
    ("август", "августа", "августе", "авг"),
    ("сентябрь", "сентября", "сентябре", "сен", "сент"),
    ("октябрь", "октября", "октябре", "окт"),
    ("ноябрь", "ноября", "ноябре", "ноя", "нояб"),
    ("декабрь", "декабря", "декабре", "дек"),
)
_MONTH_FORMS: dict[str, int] = {}
for _i, _stems in enumerate(_MONTH_NAME_FORMS):
    for _form in _stems:
        _MONTH_FORMS[_form] = _i + 1

# Words that carry no date information: "года", "г.", "в апреле", "в течение", "с ... по ...".
_NOISE = {"года", "год", "г", "гг", "годов", "в", "во", "течение", "с", "со", "период", "числа"}
_RANGE_WORDS = {"по", "до"}
_LIST_WORDS = {"и"}

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d-]")
_TOKEN = re.compile(
    r"(?<!\d)(?P<iso>\d{4}-\d{2}-\d{2})(?![\d.])"  # «2025-08-07», as exported tables write dates
    r"|(?P<dot>\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?![\d.]*\d)"
    r"|(?P<dm>\d{1,2}\.\d{1,2})(?!\.?\d)"  # «12.04» of «12.04-14.04.2025»: a day and a month
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<dash>-)"
    r"|(?P<comma>[,;])"
    r"|(?P<skip>[\s.()]+)"
    r"|(?P<other>.)"
)


@compact
@dataclass(frozen=True, slots=True)
class DateSpan:
    """A parsed dates cell: first and last day, and whether days or whole months were given.

    `parts` holds the pieces of a list («12 и 19 июля», «5–7 и 12 июля»), in the order typed,
    so that the list can be written again as a list; () for one day, range or month.
    `period_assumed`: the cell named the period in words («в течение квартала»).
    """

    start: dt.date
    end: dt.date
    precision: Precision
    year_assumed: bool = False
    parts: tuple[DateSpan, ...] = ()
    period_assumed: bool = False


@dataclass(frozen=True)
class DateProblem:
    """Why a dates cell could not be read; `code` is the diagnostic code."""

    code: str
    message: str
    hint: str


# What the form's instructions show; every example parses (a test checks).
EXAMPLES = (
    (say("dates.sample.day", month=MONTHS_GENITIVE[2], year=2025), say("dates.example.day")),
    ("18.03.2025", say("dates.example.day-digits")),
    (say("dates.sample.days", month=MONTHS_GENITIVE[2], year=2025), say("dates.example.days")),
    (say("dates.sample.months-span", month=MONTHS_GENITIVE[2], month2=MONTHS_GENITIVE[4], year=2025),
     say("dates.example.months-span")),
    (say("dates.sample.new-year", year=2024, next=2025), say("dates.example.new-year")),
    (say("dates.with-year", text=MONTHS_NOMINATIVE[3].capitalize(), year=2025), say("dates.example.month")),
    (say("dates.sample.months", month=MONTHS_NOMINATIVE[3].capitalize(), month2=MONTHS_NOMINATIVE[4], year=2025),
     say("dates.example.months")),
)


def _hint(ex: list[str]) -> str:
    """The advice with examples: one day, days, one day in digits, a month (of EXAMPLES' order)."""
    return say("dates.hint", day=ex[0], days=ex[2], digits=ex[1], month=ex[-2])


HINT = _hint([text for text, _ in EXAMPLES])
YEAR_HINT = say("dates.year-hint", day=EXAMPLES[0][0])
MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)


def quarter_examples(year: int, quarter: int) -> tuple[tuple[str, str], ...]:
    """EXAMPLES with days of the quarter itself: a Q3 form teaches July–September, not March.

    Every example parses (a test checks each quarter); the year-boundary example is shown only
    where a quarter touches the boundary (I and IV).
    """
    first, second = 3 * quarter - 3, 3 * quarter - 2  # month indexes from 0
    gen1, gen2 = MONTHS_GENITIVE[first], MONTHS_GENITIVE[second]
    nom1, nom2 = MONTHS_NOMINATIVE[first], MONTHS_NOMINATIVE[second]
    out = [
        (say("dates.sample.day", month=gen1, year=year), say("dates.example.day")),
        (f"18.{first + 1:02d}.{year}", say("dates.example.day-digits")),
        (say("dates.sample.days", month=gen1, year=year), say("dates.example.days")),
        (say("dates.sample.months-span", month=gen1, month2=gen2, year=year), say("dates.example.months-span")),
        (say("dates.sample.list", month=gen2, year=year), say("dates.example.list")),
    ]
    if quarter in (1, 4):
        before = year - 1 if quarter == 1 else year
        out.append((say("dates.sample.new-year", year=before, next=before + 1), say("dates.example.new-year")))
    out += [
        (say("dates.with-year", text=nom1.capitalize(), year=year), say("dates.example.month")),
        (say("dates.sample.months", month=nom1.capitalize(), month2=nom2, year=year), say("dates.example.months")),
    ]
    return tuple(out)


def quarter_hint(hint: str, year: int, quarter: int) -> str:
    """A date finding's advice with the quarter's own examples (the letter goes to a clerk of that quarter)."""
    ex = [text for text, _ in quarter_examples(year, quarter)]
    return hint.replace(HINT, _hint(ex)).replace(YEAR_HINT, say("dates.year-hint", day=ex[0]))


def span_text(start: dt.date, end: dt.date) -> str:
    """Two days as one dates cell: «12–14 апреля 2025 года», «30 апреля – 2 мая 2025 года».

    An end before its start is written out in full, so the parser reports it as reversed.
    """
    if start == end:
        return format_date(start)
    if start.year == end.year and start < end:
        if start.month == end.month:
            return say("dates.span.days", start=start.day, end=end.day, month=MONTHS_GENITIVE[end.month - 1],
                       year=end.year)
        return say("dates.span.months", start=start.day, month=MONTHS_GENITIVE[start.month - 1], end=end.day,
                   month2=MONTHS_GENITIVE[end.month - 1], year=end.year)
    return f"{format_date(start)} – {format_date(end)}"


DATE_STYLES = ("as-typed", "uniform")


def uniform_text(span: DateSpan) -> str:
    """A parsed dates cell in the report's one style.

    «5–7 июля 2025 года», «12 и 19 июля 2025 года», «30 июня, 1 и 2 июля 2025 года», «июль 2025 года»,
    «июль – сентябрь 2025 года», «20 марта – 7 мая 2025 года», «28 декабря 2024 года – 3 января 2025 года».
    """
    # The year and «года» are bound by a non-breaking space: a line never ends with «2025».
    return _YEAR_WORD.sub("\\1\u00a0" + say("dates.year-word"), _uniform(span))


_YEAR_WORD = re.compile(r"(\d{4}) " + re.escape(say("dates.year-word")))


def _uniform(span: DateSpan) -> str:
    pieces = span.parts or (span,)
    years = {y for p in pieces for y in (p.start.year, p.end.year)}
    if len(years) > 1:
        # Across a new year every piece names its own year: «28 декабря 2024 года – 3 января 2025 года».
        return _joined([_piece(p, with_year=True) for p in pieces])
    words: list[str] = []
    for i, p in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        # «12 и 19 июля»: a day's month is named once, after the last day of that month in a row.
        same_month = (nxt is not None and p.precision == nxt.precision == "day"
                      and p.start.month == p.end.month == nxt.start.month)
        words.append(_piece(p, with_year=False, month=not same_month))
    return say("dates.with-year", text=_joined(words), year=years.pop())


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else say("dates.joined", head=", ".join(words[:-1]), last=words[-1])


def _piece(p: DateSpan, with_year: bool, month: bool = True) -> str:
    if p.precision == "month":
        first, last = MONTHS_NOMINATIVE[p.start.month - 1], MONTHS_NOMINATIVE[p.end.month - 1]
        if with_year:
            one = say("dates.with-year", text=first, year=p.start.year)
            two = say("dates.with-year", text=last, year=p.end.year)
            return one if (p.start.year, p.start.month) == (p.end.year, p.end.month) else f"{one} – {two}"
        return first if p.start.month == p.end.month else f"{first} – {last}"
    if with_year:
        return span_text(p.start, p.end)
    end_month = MONTHS_GENITIVE[p.end.month - 1]
    if p.start == p.end:
        return f"{p.start.day} {end_month}" if month else str(p.start.day)
    if p.start.month == p.end.month:
        return f"{p.start.day}–{p.end.day} {end_month}" if month else f"{p.start.day}–{p.end.day}"
    return f"{p.start.day} {MONTHS_GENITIVE[p.start.month - 1]} – {p.end.day} {end_month}"


@dataclass
class _End:
    days: list[int]
    month: int | None = None
    year: int | None = None


class _Fail(Exception):
    def __init__(self, problem: DateProblem) -> None:
        self.problem = problem


def _unparsed(text: str, detail: str = "") -> _Fail:
    shown = " ".join(text.split())
    return _Fail(DateProblem("date-unparsed", say("dates.unparsed", shown=shown, detail=detail), HINT))


def parse_dates(value: object, default_year: int | None = None,
                period: Period | None = None) -> DateSpan | DateProblem:
    """Parse a dates cell (text or a date); a year left out is taken from `default_year`.

    The period's own words («в течение квартала», «весь квартал») are the reporting `period`
    when it is given, as a year-less date takes its year; without it they are a problem.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateSpan(value, value, "day")
    text = "" if value is None else str(value)
    if not text.strip():
        return DateProblem("date-missing", say("dates.missing"), HINT)
    if period is not None and _WHOLE_PERIOD.fullmatch(fold(text)):
        return DateSpan(period.start, period.end, "month", period_assumed=True)
    return _parse_cached(text, default_year)


# «в течение квартала», «весь квартал», «в течение всего отчетного квартала», «весь отчетный период».
# Vocabulary, like the constants below up to _QUARTERLY_WORDS: what a cell's words are matched against.
_WHOLE_PERIOD = re.compile(
    r"[\s.]*(?:(?:в|во)\s+)?(?:течени[еи]\s+)?(?:(?:весь|всего|целый|целого)\s+)?"
    r"(?:(?:отчетн|текущ|данн|этого|этот)\w*\s+)?(?:квартал[а]?|кв|период[а]?)[\s.]*")


_QUARTER_MARK = "кв"  # a quarter is named only where this is
# The words of «в II квартале 2025 г.»: what is left is more than a quarter.
_QUARTER_REST = re.compile(r"(?i)\b(?:в|во|течение|[ivх]+|[1-4]|-?(?:й|ый|ой)|квартал\w*|кв|года?|г|\d{4})\b|[.,\s-]")
_QUARTERLY_WORDS = ("квартал", "полугод", "кв")  # a word of these: the dates are a quarter or a half-year


@lru_cache(maxsize=8192)
def _parse_cached(text: str, default_year: int | None) -> DateSpan | DateProblem:
    # The same dates recur across a quarter's rows ("12 июня 2025 года"); results are immutable.
    quarter = _quarter(text)
    if quarter is not None:
        return quarter
    try:
        return _parse_text(text, default_year)
    except _Fail as fail:
        return fail.problem


def _quarter(text: str) -> DateSpan | None:
    """«II квартал 2025 года», «в III квартале 2025 г.»: the quarter's months, first to last day."""
    if _QUARTER_MARK not in text.casefold() or len(text) > 60:
        return None
    from reportgen.period import parse_label

    p = parse_label(text)
    if p is None:
        return None
    # Only a quarter and a year, nothing more: «2 кв. 2025», not «12.04.2025, 2 кв.».
    rest = _QUARTER_REST.sub("", text)
    return DateSpan(p.start, p.end, "month") if not rest else None


def months_quarter(text: str):
    """The quarter that months name exactly («апрель-июнь 2025 г.»), as (year, quarter), or None."""
    if len(text) > 60:
        return None
    span = parse_dates(text)
    if not isinstance(span, DateSpan) or span.precision != "month":
        return None
    quarter = (span.start.month - 1) // 3 + 1
    first = dt.date(span.start.year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    last = dt.date(span.start.year, last_month, calendar.monthrange(span.start.year, last_month)[1])
    return (span.start.year, quarter) if (span.start, span.end) == (first, last) else None


def _tokens(text: str, original: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for m in _TOKEN.finditer(_DASHES.sub("-", fold(text))):
        kind = m.lastgroup
        tok = m.group()
        if kind == "skip":
            continue
        if kind == "other":
            raise _unparsed(original, say("dates.unparsed.sign", sign=tok))
        if kind == "word":
            if tok in _MONTH_FORMS:
                out.append(("month", _MONTH_FORMS[tok]))
            elif tok in _RANGE_WORDS:
                out.append(("dash", tok))
            elif tok in _LIST_WORDS:
                out.append(("comma", tok))
            elif tok not in _NOISE:
                raise _unknown_word(tok, original)
            continue
        if kind == "iso":
            y, m_, d = (int(p) for p in tok.split("-"))
            out.append(("dot", (d, m_, y)))
        elif kind == "dot":
            d, m_, y = (int(p) for p in tok.split("."))
            out.append(("dot", (d, m_, y + 2000 if y < 100 else y)))
        elif kind == "dm":
            d, m_ = (int(p) for p in tok.split("."))
            out.append(("dot", (d, m_, None)))
        elif kind == "num":
            out.append(("num", int(tok)))
        else:
            out.append((kind, tok))
    return out


def _unknown_word(word: str, original: str) -> _Fail:
    if word.startswith(_QUARTERLY_WORDS):
        return _Fail(DateProblem(
            "date-unparsed", say("dates.quarterly", shown=" ".join(original.split())),
            say("dates.quarterly.hint", hint=HINT)))
    # Suggest whole month names only (genitive first: "18 мрта" → "марта").
    full = [*MONTHS_GENITIVE, *(f for f in _MONTH_FORMS if len(f) > 3 and f not in MONTHS_GENITIVE)]
    near = difflib.get_close_matches(word, full, n=1, cutoff=0.7)
    if not near and len(word) >= 4:
        near = [f for f in full if f[:3] == word[:3]][:1]
    if near:
        return _Fail(DateProblem(
            "date-unknown-month",
            say("dates.unknown-month", word=word, shown=" ".join(original.split())),
            say("dates.unknown-month.hint", near=near[0], hint=HINT),
        ))
    return _unparsed(original, say("dates.unparsed.word", word=word))


def _reversed(text: str) -> _Fail:
    return _Fail(DateProblem("date-reversed", say("dates.reversed", shown=" ".join(text.split())),
                             say("dates.reversed.hint")))


def _parse_end(tokens: list[tuple[str, object]], original: str) -> _End:
    if len(tokens) == 1 and tokens[0][0] == "dot":
        d, m, y = tokens[0][1]  # type: ignore[misc]
        if not 1 <= m <= 12:
            shown = f"{d:02d}.{m:02d}" + (f".{y}" if y else "")
            raise _Fail(DateProblem("date-nonexistent", say("dates.no-month-number", shown=shown, month=m), HINT))
        return _End([d], m, y)
    end = _End([])
    i = 0
    while i < len(tokens) and tokens[i][0] in ("num", "comma"):
        kind, val = tokens[i]
        if kind == "num":
            if val > 31 and not end.days and i + 1 == len(tokens):  # a bare year: "2025"
                break
            if val > 31:
                raise _unparsed(original, say("dates.unparsed.number", number=val))
            end.days.append(val)  # type: ignore[arg-type]
        i += 1
    if i < len(tokens) and tokens[i][0] == "month":
        end.month = tokens[i][1]  # type: ignore[assignment]
        i += 1
    if i < len(tokens) and tokens[i][0] == "num" and 1900 <= tokens[i][1] <= 2100:  # type: ignore[operator]
        end.year = tokens[i][1]  # type: ignore[assignment]
        i += 1
    if i != len(tokens) or (not end.days and end.month is None):
        raise _unparsed(original)
    return end


def _day(year: int, month: int, day: int, original: str) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        named = say("dates.with-year", text=f"{day} {MONTHS_GENITIVE[month - 1]}", year=year)
        within = say("dates.nonexistent.in", shown=" ".join(original.split())) if original.strip() != named else ""
        raise _Fail(DateProblem(
            "date-nonexistent", say("dates.nonexistent", date=named, last=last) + within,
            say("dates.nonexistent.hint"),
        ))
    return dt.date(year, month, day)


def _date_list(tokens: list[tuple[str, object]], text: str, default_year: int | None) -> DateSpan | None:
    """«15.05.2025, 16.05.2025», «12.04, 14.04.2025», two dates on two lines: the first to the last day."""
    dates = [val for kind, val in tokens if kind == "dot"]
    if len(dates) < 2 or any(kind not in ("dot", "comma") for kind, _ in tokens):
        return None
    days: list[dt.date] = []
    assumed = False
    for i, (d, m, y) in enumerate(dates):  # type: ignore[misc]
        if y is None:
            y = next((later[2] for later in dates[i + 1:] if later[2]), None)  # type: ignore[index]
        if y is None:
            y, assumed = default_year, True
        if y is None:
            raise _Fail(DateProblem("date-no-year", say("dates.no-year", shown=" ".join(text.split())), YEAR_HINT))
        if not 1 <= m <= 12:
            raise _Fail(DateProblem("date-nonexistent", say("dates.no-month-number.in", shown=" ".join(text.split()),
                                                             month=m), HINT))
        days.append(_day(y, m, d, text))
    if days[-1] < days[0]:
        raise _reversed(text)
    return DateSpan(days[0], days[-1], "day", year_assumed=assumed, parts=tuple(DateSpan(d, d, "day") for d in days))


def _parse_text(text: str, default_year: int | None) -> DateSpan:
    tokens = _tokens(text, text)
    listed = _date_list(tokens, text, default_year)
    if listed is not None:
        return listed
    items = _list_items(tokens)
    if len(items) > 1:
        return _listed_spans(items, text, default_year)
    return _span(tokens, text, default_year)


def _dated_item(tokens: list[tuple[str, object]]) -> bool:
    return any(kind in ("month", "dot") for kind, _ in tokens)


def _list_items(tokens: list[tuple[str, object]]) -> list[list[tuple[str, object]]]:
    """«12 июля 2025 г., 19 июля 2025 г.», «30 июня, 1 и 2 июля»: the dates of a list, each whole.

    Split at commas and «и»; days without their month («1» of «1 и 2 июля») stay with the item
    that names it. One item when the text names one month (or none): «12, 14 и 16 мая» is one.
    """
    groups: list[list[tuple[str, object]]] = [[]]
    for tok in tokens:
        if tok[0] == "comma":
            groups.append([])
        else:
            groups[-1].append(tok)
    if sum(1 for g in groups if _dated_item(g)) < 2 or any(not g for g in groups):
        return [tokens]
    items: list[list[tuple[str, object]]] = []
    pending: list[tuple[str, object]] = []
    for g in groups:
        if _dated_item(g):
            items.append([*pending, *g])
            pending = []
        else:
            pending += [*g, ("comma", ",")]
    if pending:  # days after the last month («12 июля, 14»): not a list that can be read
        return [tokens]
    return items


def _item_year(tokens: list[tuple[str, object]]) -> int | None:
    years = [v for k, v in tokens if k == "num" and 1900 <= v <= 2100]  # type: ignore[operator]
    years += [v[2] for k, v in tokens if k == "dot" and v[2]]  # type: ignore[index]
    return years[-1] if years else None


def _listed_spans(items: list[list[tuple[str, object]]], text: str, default_year: int | None) -> DateSpan:
    """Each date of a list read on its own; a year left out is the next one given, else the period's."""
    years = [_item_year(item) for item in items]
    spans = []
    assumed = False
    for i, item in enumerate(items):
        year = years[i] or next((y for y in years[i + 1:] if y), None)
        if year is None:
            assumed = default_year is not None
            year = default_year
        span = _span(item, text, year)
        spans.append(DateSpan(span.start, span.end, span.precision, parts=span.parts))
    if spans[-1].end < spans[0].start:
        raise _reversed(text)
    pieces = tuple(piece for span in spans for piece in (span.parts or (span,)))
    precision: Precision = "day" if any(p.precision == "day" for p in pieces) else "month"
    return DateSpan(spans[0].start, spans[-1].end, precision, year_assumed=assumed, parts=pieces)


def _span(tokens: list[tuple[str, object]], text: str, default_year: int | None) -> DateSpan:
    """One day, a range of days or months, or days of one month («12, 14 и 16 мая»)."""
    parts: list[list[tuple[str, object]]] = [[]]
    for tok in tokens:
        if tok[0] == "dash":
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) > 2 or any(not p for p in parts):
        raise _unparsed(text)
    right = _parse_end(parts[-1], text)
    left = _parse_end(parts[0], text) if len(parts) == 2 else right
    if right.month is None:
        raise _unparsed(text, say("dates.unparsed.no-month"))
    if left.month is None:
        left.month = right.month
    assumed = right.year is None and left.year is None
    if right.year is None and left.year is not None:
        right.year = left.year + (1 if right.month < left.month else 0)
    if right.year is None:
        right.year = default_year
    if right.year is None:
        raise _Fail(DateProblem("date-no-year", say("dates.no-year", shown=" ".join(text.split())), YEAR_HINT))
    if left.year is None:
        # "28 декабря – 3 января 2025 года": the start is in the year before, when that makes a
        # span of a few months; "Май – апрель 2025" is a mistake, reported below as reversed.
        crosses = left.month > right.month and 12 - left.month + right.month <= 5
        left.year = right.year - 1 if crosses else right.year
    # Every day named must exist, also the middle ones of "12, 14 и 16 мая".
    for end in (left, right) if left is not right else (right,):
        for d in end.days:
            _day(end.year, end.month, d, text)  # type: ignore[arg-type]
    start = (dt.date(left.year, left.month, min(left.days)) if left.days
             else dt.date(left.year, left.month, 1))
    end = (dt.date(right.year, right.month, max(right.days)) if right.days
           else dt.date(right.year, right.month, calendar.monthrange(right.year, right.month)[1]))
    if end < start:
        raise _reversed(text)
    precision: Precision = "day" if left.days or right.days else "month"
    return DateSpan(start, end, precision, year_assumed=assumed, parts=_day_list(left, right))


def _day_list(left: _End, right: _End) -> tuple[DateSpan, ...]:
    """The pieces of «12, 14 и 16 мая» or «12, 14–16 мая»; () for one day or one range."""

    def single(end: _End, d: int) -> DateSpan:
        day = dt.date(end.year, end.month, d)  # type: ignore[arg-type]
        return DateSpan(day, day, "day")

    if left is right:
        pieces = [single(right, d) for d in right.days]
    else:
        # «12, 14–16 мая»: single days, the range from the last day on the left to the first on the right, single days.
        pieces = [single(left, d) for d in left.days[:-1]]
        if left.days and right.days:
            pieces.append(DateSpan(single(left, left.days[-1]).start, single(right, right.days[0]).end, "day"))
        pieces += [single(right, d) for d in right.days[1:]]
    return tuple(pieces) if len(pieces) > 1 else ()
