"""Reporting periods: a quarter of a year, as typed on the command line and in forms."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reportgen.errors import PeriodError
from reportgen.text import fold

ROMAN = ("I", "II", "III", "IV")
_ROMAN_VALUE = {r.casefold(): i + 1 for i, r in enumerate(ROMAN)}
# The Cyrillic "і" (Belarusian/Ukrainian keyboards) looks exactly like the Roman numeral.
_ROMAN_CHARS = str.maketrans({"і": "i"})


@dataclass(frozen=True, order=True)
class Period:
    """A reporting quarter."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} is not 1..4")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    def code(self) -> str:
        """The command-line spelling: 2025-Q2."""
        return f"{self.year}-Q{self.quarter}"

    def label(self) -> str:
        """As written in a form: "II квартал 2025 года"."""
        from reportgen.catalogue import say

        return say("period.label", roman=ROMAN[self.quarter - 1], year=self.year)

    def phrase(self) -> str:
        """As written in a title: "во II квартале 2025 года" (в/во by the sound of the numeral)."""
        from reportgen.catalogue import say

        return say("period.phrase.second" if self.quarter == 2 else "period.phrase", roman=ROMAN[self.quarter - 1],
                   year=self.year)


_CODE = re.compile(r"^\s*(\d{4})\s*-?\s*[QqКк]([1-4])\s*$")
_CODE_ROMAN = re.compile(r"^\s*(\d{4})\s*[-/ ]\s*(IV|I{1,3})\s*$", re.I)  # «2025-II»
_CODE_BACK = re.compile(r"^\s*[QqКк]([1-4])\s*[-/ ]?\s*(\d{4})\s*$")


def parse_code(text: str) -> Period | None:
    """Parse the command-line form "2025-Q2" (also "2025Q2", "2025-q2", "Q2 2025")."""
    m = _CODE.match(text)
    if m:
        return Period(int(m.group(1)), int(m.group(2)))
    m = _CODE_BACK.match(text)
    if m:
        return Period(int(m.group(2)), int(m.group(1)))
    m = _CODE_ROMAN.match(text.translate(_ROMAN_CHARS))
    return Period(int(m.group(1)), _ROMAN_VALUE[m.group(2).casefold()]) if m else None


def parse_option(text: str) -> Period:
    """A quarter as typed after --period ("2025-Q2", «II квартал 2025»); PeriodError says how to write it."""
    found = parse_code(text) or parse_label(text)
    if found is not None:
        return found
    from reportgen.catalogue import say

    if _QUARTER_MARK.search(text) and not re.search(r"\d{4}", text):
        raise PeriodError(say("period.no-year", text=text, how=say("period.how")))
    raise PeriodError(say("period.not-quarter", text=text, how=say("period.how")))


_QUARTER_MARK = re.compile(r"кв|[QqКк][1-4]")  # a quarter named, perhaps without its year


def current(today: dt.date | None = None) -> Period:
    """The quarter `today` falls in."""
    today = today or dt.date.today()
    return Period(today.year, (today.month - 1) // 3 + 1)


# "II квартал 2025 года", "2 квартал 2025 г.", "2 кв. 2025", "во II квартале 2025 года",
# "2025 год, 2 квартал".
# «во 2-м квартале», «в 2-ом квартале», «2-го квартала»: the numeral's case endings too.
_QUARTER = (r"(?<!\w)(?P<q>[1-4]|iv|i{1,3}|v|перв\w*|втор\w*|трет\w*|четверт\w*)\s*-?\s*(?:ого|ом|ый|ой|го|й|м)?\s*"
            r"(?:квартал\w*|кв(?![а-я])\.?)")
_WORD_VALUE = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_FIELD_FORWARD = re.compile(_QUARTER + r"\s*[,.]?\s*" + _YEAR)
_FIELD_BACKWARD = re.compile(_YEAR + r"\s*(?:года?|г\.?)?\s*[,.]?\s*" + _QUARTER)


_MONTH_STEMS = "январ феврал март апрел ма[йя] июн июл август сентябр октябр ноябр декабр".split()
_MONTH = "(?:" + "|".join(_MONTH_STEMS) + r")\w*"
# «за июль – сентябрь 2024 года», «январь-март 2025 г.»: a quarter's three months, first to last.
_MONTHS = re.compile(r"(?<![\w-])(?<!\d )(?P<m1>" + _MONTH + r")\s*[-–—]\s*(?P<m2>" + _MONTH + r")\s*" + _YEAR
                     + r"(?!\d)")


def _month(word: str) -> int:
    return next(i for i, stem in enumerate(_MONTH_STEMS, start=1) if re.match(stem, word))


def _months_quarter(m: re.Match) -> Period | None:
    """The quarter whose first and last months `m` names («июль – сентябрь 2024»), or None."""
    first, last = _month(m.group("m1")), _month(m.group("m2"))
    return Period(int(m.group("y")), (first + 2) // 3) if first % 3 == 1 and last == first + 2 else None


def parse_label(text: str) -> Period | None:
    """Find a quarter in free text: "II квартал 2025 года", "2 кв. 2025", a title phrase, a quarter's months."""
    folded = fold(text).translate(_ROMAN_CHARS)
    m = _FIELD_FORWARD.search(folded) or _FIELD_BACKWARD.search(folded)
    if not m:
        months = _MONTHS.search(folded)
        found = _months_quarter(months) if months else None
        return found if found is not None else parse_code(text)
    q = m.group("q")
    quarter = int(q) if q.isdigit() else _ROMAN_VALUE.get(q) or next(
        (v for stem, v in _WORD_VALUE.items() if q.startswith(stem)), None)
    if quarter is None:
        return None
    return Period(int(m.group("y")), quarter)



# Longer periods: a run of quarters of one year. The quarter itself is a Term of one quarter.
TERM_SHAPES = {(1, 1): "Q1", (2, 2): "Q2", (3, 3): "Q3", (4, 4): "Q4", (1, 2): "H1", (3, 4): "H2",
               (1, 3): "9M", (1, 4): "Y"}


@dataclass(frozen=True, order=True)
class Term:
    """A reporting period: a quarter, a half-year, nine months or a year (quarters first..last of `year`)."""

    year: int
    first: int
    last: int

    def __post_init__(self) -> None:
        if (self.first, self.last) not in TERM_SHAPES:
            raise ValueError(f"quarters {self.first}..{self.last} are not a reporting period")

    @classmethod
    def of(cls, period: Period) -> Term:
        return cls(period.year, period.quarter, period.quarter)

    @property
    def shape(self) -> str:
        """"Q1".."Q4", "H1", "H2", "9M" or "Y": the key the kind names the period by."""
        return TERM_SHAPES[(self.first, self.last)]

    @property
    def quarter(self) -> Period | None:
        """The quarter, when the term is one."""
        return Period(self.year, self.first) if self.first == self.last else None

    def quarters(self) -> tuple[Period, ...]:
        return tuple(Period(self.year, q) for q in range(self.first, self.last + 1))

    @property
    def start(self) -> dt.date:
        return Period(self.year, self.first).start

    @property
    def end(self) -> dt.date:
        return Period(self.year, self.last).end

    def code(self) -> str:
        """The command-line and archive spelling: 2025-Q2, 2025-H1, 2025-9M, 2025."""
        return str(self.year) if self.shape == "Y" else f"{self.year}-{self.shape}"

    def label(self) -> str:
        """In words: «II квартал 2025 года», «I полугодие 2025 года», «9 месяцев 2025 года», «2025 год»."""
        from reportgen.catalogue import say

        return self.quarter.label() if self.quarter is not None else say(f"term.{self.shape.lower()}.label", year=self.year)

    def phrase(self) -> str:
        """As in a title: «во II квартале 2025 года», «в I полугодии 2025 года», «за 9 месяцев 2025 года»."""
        from reportgen.catalogue import say

        return self.quarter.phrase() if self.quarter is not None else say(f"term.{self.shape.lower()}.phrase", year=self.year)


_TERM_CODE = re.compile(r"^\s*(\d{4})\s*-?\s*(?:([HhПп])([12])|(9)\s*[MmМм])\s*$")
_TERM_YEAR = re.compile(r"^\s*(\d{4})\s*(?:год|года|г\.?)?\s*$")
_HALF = re.compile(r"(?<!\w)(?P<h>1|2|i{1,2}|перв\w*|втор\w*)\s*-?\s*(?:е|ое)?\s*полугоди\w*\s*" + _YEAR)
_NINE = re.compile(r"(?<!\w)(?:9|девят\w*)\s*месяц\w*\s*" + _YEAR)
_WHOLE_YEAR = re.compile(r"^\s*(?:за\s+|в\s+)?" + _YEAR + r"\s*(?:год|году|года|г\.?)?\s*$")


_FIRST_WORD = "перв"  # «первое полугодие»


def parse_term(text: str) -> Term | None:
    """A period as typed: a quarter (see parse_code, parse_label), «2025-H1», «2025-9M», «2025»,
    «I полугодие 2025 года», «9 месяцев 2025», «2025 год»."""
    m = _TERM_CODE.match(text)
    if m:
        year = int(m.group(1))
        return Term(year, 1, 3) if m.group(4) else Term(year, *((1, 2) if m.group(3) == "1" else (3, 4)))
    m = _TERM_YEAR.match(text)
    if m:
        return Term(int(m.group(1)), 1, 4)
    folded = fold(text).translate(_ROMAN_CHARS)
    m = _HALF.search(folded)
    if m:
        first = m.group("h") in ("1", "i") or m.group("h").startswith(_FIRST_WORD)
        return Term(int(m.group("y")), *((1, 2) if first else (3, 4)))
    m = _NINE.search(folded)
    if m:
        return Term(int(m.group("y")), 1, 3)
    m = _WHOLE_YEAR.match(folded)
    if m:
        return Term(int(m.group("y")), 1, 4)
    quarter = parse_code(text) or parse_label(text)
    return Term.of(quarter) if quarter is not None else None
