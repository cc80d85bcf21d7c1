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
        return f"{ROMAN[self.quarter - 1]} квартал {self.year} года"

    def phrase(self) -> str:
        """As written in a title: "во II квартале 2025 года" (в/во by the sound of the numeral)."""
        roman = ROMAN[self.quarter - 1]
        preposition = "во" if self.quarter == 2 else "в"
        return f"{preposition} {roman} квартале {self.year} года"


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
    example = "пишите, например, 2025-Q2 или «II квартал 2025»"
    if re.search(r"кв|[QqКк][1-4]", text) and not re.search(r"\d{4}", text):
        raise PeriodError(f"в «{text}» не указан год; {example}")
    raise PeriodError(f"«{text}» — не квартал; {example}")


def current(today: dt.date | None = None) -> Period:
    """The quarter `today` falls in."""
    today = today or dt.date.today()
    return Period(today.year, (today.month - 1) // 3 + 1)


# "II квартал 2025 года", "2 квартал 2025 г.", "2 кв. 2025", "во II квартале 2025 года",
# "2025 год, 2 квартал".
_QUARTER = (r"(?<!\w)(?P<q>[1-4]|iv|i{1,3}|v|перв\w*|втор\w*|трет\w*|четверт\w*)\s*-?\s*(?:й|ый|ой)?\s*"
            r"(?:квартал\w*|кв(?![а-я])\.?)")
_WORD_VALUE = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_FIELD_FORWARD = re.compile(_QUARTER + r"\s*[,.]?\s*" + _YEAR)
_FIELD_BACKWARD = re.compile(_YEAR + r"\s*(?:года?|г\.?)?\s*[,.]?\s*" + _QUARTER)


def parse_label(text: str) -> Period | None:
    """Find a quarter in free text: "II квартал 2025 года", "2 кв. 2025", a title phrase."""
    folded = fold(text).translate(_ROMAN_CHARS)
    m = _FIELD_FORWARD.search(folded) or _FIELD_BACKWARD.search(folded)
    if not m:
        return parse_code(text)
    q = m.group("q")
    quarter = int(q) if q.isdigit() else _ROMAN_VALUE.get(q) or next(
        (v for stem, v in _WORD_VALUE.items() if q.startswith(stem)), None)
    if quarter is None:
        return None
    return Period(int(m.group("y")), quarter)

