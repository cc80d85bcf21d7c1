"""Row classification: what each non-empty row under a table's header is, and why.

A person reads a sheet as a table with lines around it; so does this stage. Under a header,
each non-empty row is an event, the continuation of the event above (a tall event, a vertical
merge), a group heading («Апрель 2025 года»), a row of column numbers, totals, a note, a line of
the signature block, another header, a row saying there was nothing to report, an unused
numbered row of the blank form, or a row of a table of planned events.

The rules are a table (RULES): the first rule whose test gives a verdict decides, and its reason
goes into the finding, so a new kind of row is an entry there, not a special case in the
reader's loop. Words the rules look for are data in the kind (`[rows]`). A choice a person
should confirm is marked ambiguous: a warning at its cell, never a silent guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reportgen.catalogue import say
from reportgen.kind import Kind
from reportgen.model import RowKind  # noqa: F401 - its home is the model; imported from here too
from reportgen.read.header import HeaderProbe, Layout, caps_header, find_header
from reportgen.text import fold_words


# What a skipped row was taken for, as the finding says it.
REASONS: dict[RowKind, str] = {kind: say(f"rows.kind.{kind.value}") for kind in RowKind}


@dataclass(frozen=True)
class Verdict:
    kind: RowKind
    reason: str
    ambiguous: bool = False  # a choice a person should confirm: a warning, not a note
    hint: str = ""  # what to do if the choice was wrong (ambiguous verdicts)


TALL = Verdict(RowKind.CONTINUATION, say("rows.tall"))


@dataclass(frozen=True)
class Merges:
    """The merged cells of a sheet, as the rows need them (1-based lines, 0-based columns)."""

    spans: dict[int, list[tuple[int, int]]]  # line → horizontally merged (first, last column) there
    covered: dict[tuple[int, int], tuple[int, int]]  # a cell under a vertical merge → its top cell
    ranges: dict[tuple[int, int], tuple[int, int, int, int]]  # top cell → (r1, c1, r2, c2)

    @classmethod
    def of(cls, merged: Iterable[tuple[int, int, int, int]]) -> Merges:
        spans: dict[int, list[tuple[int, int]]] = {}
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        ranges: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r1, c1, r2, c2 in merged:
            if c2 > c1:
                for r in range(r1, r2 + 1):
                    spans.setdefault(r, []).append((c1, c2))
            if r2 > r1:
                ranges[(r1, c1)] = (r1, c1, r2, c2)
                for r in range(r1 + 1, r2 + 1):
                    covered[(r, c1)] = (r1, c1)
        return cls(spans, covered, ranges)


NONE = Merges({}, {}, {})


@dataclass(frozen=True, slots=True)
class Above:
    """The event just above a row (with the rows already joined to it): where it ends, what it fills."""

    line: int  # its last line
    columns: frozenset[int]  # the report's columns it has text in

    def right_over(self, look: Look) -> bool:
        return self.line == look.line - 1


@dataclass(slots=True)
class Look:
    """What one row shows, computed once: the input of every rule."""

    line: int
    values: Sequence
    texts: list[tuple[int, str]]  # non-empty cells that are not placeholders: (column, text)
    filled: int  # of those, in the report's content columns
    number: bool  # the № column holds a number
    placeholders: int  # cells holding only a dash, «нет», «х»
    numeric: list[int] | None  # the row's whole numbers, if every non-empty cell is one
    evidence: bool  # the № or name cell lies under a vertical merge: the row belongs to the one above
    across: bool  # a horizontally merged cell covers two or more of the report's columns
    name: str  # the text in the name column

    @property
    def first(self) -> str:
        return self.texts[0][1] if self.texts else ""



_PLACEHOLDER = re.compile(r"^[\s\-\u2010-\u2015\u2212_/.\\]*$|^\s*(?:нет|х|x)\s*$", re.IGNORECASE)
# A number alone in a cell: «12», «12.», «12)», and a column's number «гр. 3», «графа 3».
_NUMBER = re.compile(r"^\s*(?:(?:гр|графа|кол|ст)\.?\s*)?(\d{1,5})\s*[.)]?\s*$", re.IGNORECASE)


class Shape:
    """How to look at the rows of one table: which columns matter and how they are merged."""

    def __init__(self, layout: Layout, kind: Kind, merges: Merges) -> None:
        self.layout = layout
        self.number_col = layout.columns.get(kind.number_key or "")
        self.name_col = layout.columns.get(kind.name_key or "")
        self.content = frozenset(layout.used() - {self.number_col})
        self.first_content = min(self.content, default=0)
        self.merges = merges
        dates_key, place_key = kind.key_of("dates"), kind.key_of("place")
        self.dates_cols = frozenset({layout.columns[dates_key]} if dates_key in layout.columns else set()) | (
            frozenset(layout.halves) if layout.halves else frozenset())
        self.place_col = layout.columns.get(place_key or "")
        # Columns of running text (goal, participants): a paragraph pasted from Word goes on in the next row.
        self.running = self.content - self.dates_cols - {self.name_col, self.place_col}

    def look(self, line: int, values: Sequence) -> Look | None:
        """The row's Look, or None for a blank row."""
        texts: list[tuple[int, str]] = []
        filled = placeholders = 0
        number = False
        numbers: list[int] | None = []
        content, number_col = self.content, self.number_col
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            read = _cell(value)
            if read is None:
                continue
            if read is _HOLDER:
                placeholders += 1
                numbers = None
                continue
            text, whole = read
            if numbers is not None:
                if whole is None:
                    numbers = None
                else:
                    numbers.append(whole)
            if col == number_col and whole is not None:
                number = True
                continue
            texts.append((col, text))
            if col in content:
                filled += 1
        if not texts and not number and not placeholders:
            return None
        evidence, across = self._merged(line)
        return Look(line, values, texts, filled, number, placeholders, numbers or None, evidence, across,
                    self._name(values))

    def _merged(self, line: int) -> tuple[bool, bool]:
        """Whether the row's № or name lies under a vertical merge, and whether a merge spans its columns."""
        merges = self.merges
        evidence = across = False
        if merges.covered:
            evidence = (line, self.number_col) in merges.covered or (line, self.name_col) in merges.covered
        if merges.spans:
            across = any(sum(1 for c in range(c1, c2 + 1) if c in self.content) >= 2
                         for c1, c2 in merges.spans.get(line, ()))
        return evidence, across

    def _name(self, values: Sequence) -> str:
        if self.name_col is not None and self.name_col < len(values) and isinstance(values[self.name_col], str):
            return values[self.name_col].strip()
        return ""


_HOLDER = object()  # what _cell says of a dash, «нет», «х»


def _cell(value: object):
    """One non-empty cell as a row's Look counts it: (text, whole number or None), _HOLDER, or None (blank)."""
    kind = type(value)
    if kind is str:
        return _text_cell(value)
    if kind is float:
        if value.is_integer():
            whole = int(value)
            return str(whole), whole
        return str(value), None
    if kind is int:
        return str(value), value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d.%m.%Y"), None
    return str(value), None


def _text_cell(value: str):
    if len(value) <= 10:
        if len(value) <= 6 and _PLACEHOLDER.match(value):
            return _HOLDER if value.strip() else None
        m = _NUMBER.match(value)
        if m:
            return value, int(m.group(1))
        if not value.strip():
            return None
    elif value[0].isspace() and not value.strip():
        return None
    return value, None


def _phrases(words: Iterable[str]) -> re.Pattern | None:
    """Entries matched at the start of folded text, word by word; "*" ends a word freely."""
    alternatives = []
    for entry in words:
        star = entry.endswith("*")
        folded = fold_words(entry.rstrip("*"))
        if folded:
            alternatives.append(re.escape(folded) + (r"\w*" if star else ""))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(alternatives)})(?:\s|$)")


_PHONE = re.compile(r"(?:\+7|\b8)?[\s(]*\d{3,5}[\s)\-]*\d{1,3}[\s\-]?\d{2}[\s\-]?\d{2}\b")
_INITIALS = re.compile(r"\b[А-ЯЁA-Z]\.\s?[А-ЯЁA-Z]\.\s?[А-ЯЁ][а-яё]+|\b[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.")
_SIGN_LINE = re.compile(r"_{3,}|«\s*_+\s*»")
# «М.П.», «МП», «М. П.»: where the stamp goes; at the start, or set apart after a signature
# («… И.И. Петров    М.П.»), not the initials of «Иванова М.П.».
_STAMP = re.compile(r"^\s*М\.?\s?П\.?(?!\w)|(?:\s{2,}|\n|_)М\.\s?П\.(?!\w)")
_PHONE_WORD = re.compile(r"(?<!\w)(?:тел|телефон)\b", re.IGNORECASE)
# A month named as a whole word («апрель», «в мае»), not «Майские встречи».
_MONTH = re.compile(r"\b(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|"
                    r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])\b", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^(?:[IVXLCХ]+|\d{1,2})[.)]\s+\S", re.IGNORECASE)


class Rules:
    """The kind's row words, compiled; the context a rule may look at."""

    def __init__(self, kind: Kind) -> None:
        words = kind.rows
        self.totals = _phrases(words.totals)
        self.notes = _phrases(words.notes)
        self.footer = _phrases(words.footer)
        self.executor = _phrases(words.executor)
        self.phone = _phrases(words.phone)
        self.email = _phrases(words.email)
        self.nothing = _phrases(words.nothing)
        self.planned = _phrases(words.planned)
        self.headings = _phrases(words.headings)
        self.probe = HeaderProbe(kind)
        self.kind = kind
        # First letters of the totals words: most rows are passed over without folding their text.
        self.totals_letters = frozenset(fold_words(w)[:1] for w in words.totals if fold_words(w))

    def totals_row(self, text: str) -> bool:
        first = text.lstrip(" \t\n*«\"'(")[:1].casefold()
        return first in self.totals_letters and self._starts(self.totals, text)

    @staticmethod
    def _starts(pattern: re.Pattern | None, text: str) -> bool:
        return pattern is not None and pattern.match(fold_words(text[:200])) is not None

    def is_planned(self, text: str) -> bool:
        """A title or heading that announces planned (future) events."""
        folded = fold_words(text[:300])
        return self.planned is not None and any(
            self.planned.match(" ".join(folded.split()[i:])) for i in range(min(len(folded.split()), 4)))


def _header(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.filled >= rules.probe.need and rules.probe.maybe(look.values):
        layout = find_header([(look.line, look.values)], rules.kind)
        if layout is not None:
            return Verdict(RowKind.HEADER, REASONS[RowKind.HEADER])
    return None


def _column_numbers(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    n = look.numeric
    if n and len(n) >= 3 and all(b == a + 1 for a, b in zip(n, n[1:])) and n[0] in (0, 1):
        return Verdict(RowKind.COLUMN_NUMBERS, REASONS[RowKind.COLUMN_NUMBERS])
    return None


def _filler(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.number and not look.texts and not look.placeholders:  # «5.» alone; «5.» and dashes say «none»
        return Verdict(RowKind.FILLER, REASONS[RowKind.FILLER])
    return None


_NONE_HELD = re.compile(r"мероприят\w*.{0,60}?\b(?:не\s+(?:проводил|осуществлял|организовывал)\w*|не\s+было|"
                        r"отсутству\w*)|\bне\s+проводил\w*.{0,40}?мероприят", re.IGNORECASE | re.DOTALL)


def _nothing(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if not look.texts and look.placeholders:
        return Verdict(RowKind.NOTHING, say("rows.dashes"))
    if look.filled <= 1 and len(look.texts) <= 2 and rules._starts(rules.nothing, look.first):
        return Verdict(RowKind.NOTHING, REASONS[RowKind.NOTHING])
    # «Международных мероприятий в отчетном периоде не проводилось.»
    if len(look.texts) == 1 and len(look.first) <= 200 and _NONE_HELD.search(look.first):
        return Verdict(RowKind.NOTHING, REASONS[RowKind.NOTHING])
    return None


def _planned(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    # A number in «№ п/п» does not matter: the blank form numbers every row, a heading typed there too.
    if len(look.texts) == 1 and rules.is_planned(look.first):
        return Verdict(RowKind.PLANNED, say("rows.planned-heading"))
    return None


_EVENT_WORD = "мероприят"  # a total that names events («Всего мероприятий: 5») is the table's total


def _totals(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.filled <= 3 and rules.totals_row(look.first):
        if _continues(look, shape, previous) and _EVENT_WORD not in look.first.casefold():
            # «Всего 45 человек» under the event's participants: its last line, or a total? Ask.
            return Verdict(RowKind.CONTINUATION, say("rows.total-continues"), ambiguous=True)
        return Verdict(RowKind.TOTALS, REASONS[RowKind.TOTALS])
    return None


def _note(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if len(look.texts) <= 2 and (look.first.lstrip().startswith("*") or rules._starts(rules.notes, look.first)):
        return Verdict(RowKind.NOTE, REASONS[RowKind.NOTE])
    return None


def _signs(text: str, rules: Rules) -> bool:
    """A line of a signature block: a position, «М.П.», a phone, initials, a line to sign on."""
    return (rules._starts(rules.footer, text) or _SIGN_LINE.search(text) is not None
            or _INITIALS.search(text) is not None or _phone(text))


def _phone(text: str) -> bool:
    return _PHONE.search(text) is not None and not _MONTH.search(text)


def _signed(text: str, rules: Rules) -> bool:
    """A signature-block line beyond doubt: a line to sign on, «М.П.», or a position or «Исполнитель»
    with a name, a phone or a colon, or in a few words («Глава муниципального образования»).
    «Глава района встретился с делегацией …» is none of these: it may be an event."""
    if _SIGN_LINE.search(text) or _STAMP.match(text):
        return True
    if not rules._starts(rules.footer, text):
        return False
    return (_INITIALS.search(text) is not None or _phone(text) or ":" in text[:40]
            or len(text.split()) <= 4)


def footer_what(texts: Iterable[str], rules: Rules) -> str:
    """What the lines of a signature block were taken for: «подпись», «печать (М.П.)», «исполнитель», …"""
    labels: list[str] = []

    def add(label: str) -> None:
        if label not in labels:
            labels.append(label)

    for text in texts:
        if _bare_date(text):
            add(say("rows.footer.date"))
            continue
        executor = rules._starts(rules.executor, text)
        stamp = _STAMP.search(text) is not None
        phone = _phone(text) or rules._starts(rules.phone, text) or _PHONE_WORD.search(text) is not None
        mail = "@" in text or rules._starts(rules.email, text)
        signature = _SIGN_LINE.search(text) is not None or (not executor and _INITIALS.search(text) is not None) or (
            rules._starts(rules.footer, text) and not (executor or stamp or phone or mail))
        for label, found in (("signature", signature), ("executor", executor), ("stamp", stamp),
                             ("phone", phone), ("email", mail)):
            if found:
                add(say(f"rows.footer.{label}"))
        if not labels:
            add(say("rows.footer.signature"))
    return ", ".join(labels)


def _footer_verdict(texts: Iterable[str], rules: Rules) -> Verdict:
    texts = list(texts)
    if len(texts) == 1 and _bare_date(texts[0]):
        return Verdict(RowKind.FOOTER, say("rows.date-under"))
    return Verdict(RowKind.FOOTER, say("rows.footer-lines", what=footer_what(texts, rules)))


def _bare_date(text: str) -> bool:
    from reportgen.dates import DateSpan, parse_dates

    if len(text) > 40:
        return False
    span = parse_dates(text)
    return isinstance(span, DateSpan) and span.precision == "day" and span.start == span.end


def _continues(look: Look, shape: Shape, previous: Above | None) -> bool:
    """Cells right under an event, only in columns of running text the event fills: the rest of a
    paragraph pasted from Word, a second line of participants (a number in «№ п/п» beside them or not)."""
    if previous is None or not previous.right_over(look) or not look.texts or look.placeholders \
            or look.across or look.name:
        return False
    return all(col in shape.running and col in previous.columns for col, _ in look.texts)


def _named_event(look: Look, shape: Shape, rules: Rules) -> bool:
    """A name and a place or a date of its own: a short event, even in a numbered row under the others
    («Лекция профессора Д.С. Иванова», «14 апреля 2025 года»); not «Глава … ____ И.И. Иванов», «15.10.2025»."""
    if not look.name or _signed(look.name, rules):
        return False
    return any(col != shape.name_col and (col == shape.place_col or col in shape.dates_cols) and not _signs(text, rules)
               for col, text in look.texts)


def _footer(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    # No look at the № column: the blank form numbers its rows, and clerks sign in the numbered rows.
    if len(look.texts) > 3:
        return None
    right_under = previous is not None and previous.right_over(look)
    if len(look.texts) == 1 and _bare_date(look.first):
        col = look.texts[0][0]
        # Right under an event, a date in the dates column may be its second date (a warning further
        # on), and one where headings are typed may head the next events; anywhere else it is a footer.
        if not right_under or (col not in shape.dates_cols and _lone(look, shape) is None):
            return _footer_verdict([look.first], rules)
        return None
    signs = [text for _, text in look.texts if _signs(text, rules)]
    if not signs or not (len(look.texts) <= 2 or len(signs) >= 2 or look.placeholders):
        return None
    if _continues(look, shape, previous) and not any(_signed(text, rules) for _, text in look.texts):
        return None  # «Иванов И.И., Петров П.П.» under the event's participants: their second line
    if _named_event(look, shape, rules):
        return None
    return _footer_verdict(signs if len(signs) == len(look.texts) else [t for _, t in look.texts], rules)


def _looks_like_heading(text: str, rules: Rules) -> bool:
    from reportgen.dates import DateSpan, parse_dates
    from reportgen.period import parse_label

    stripped = text.strip()
    if len(stripped) > 80:
        return False  # a heading is a few words; a long line is some event's text
    letters = [ch for ch in stripped if ch.isalpha()]
    return (
        stripped.endswith(":")
        or (len(letters) >= 4 and all(ch.isupper() for ch in letters))
        or bool(_SECTION_NUMBER.match(stripped))
        or rules._starts(rules.headings, stripped)
        or isinstance(parse_dates(stripped, 2000), DateSpan)
        or parse_label(stripped) is not None
        or (len(stripped) <= 60 and _MONTH.search(stripped) is not None)
    )


def _lone(look: Look, shape: Shape) -> str | None:
    """The text of a row that holds one text where headings are typed: the name column or the first one.

    A number in «№ п/п» beside it changes nothing: the blank form comes with every row numbered."""
    if len(look.texts) != 1 or look.placeholders or look.evidence:
        return None
    col, text = look.texts[0]
    if look.across or col == shape.name_col or col <= shape.first_content:
        return text
    return None


def _column_continues(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    """A lone cell that goes on with the text of the event right above it, in that text's column."""
    # Where headings are typed (the goal as the first column), a line that looks like one stays a heading.
    if _continues(look, shape, previous) and not _bare_date(look.first) and (
            len(look.texts) > 1 or _lone(look, shape) is None or not _looks_like_heading(look.first, rules)):
        return Verdict(RowKind.CONTINUATION, say("rows.wrapped"))
    return None


def _heading(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    text = _lone(look, shape)
    if text is None:
        return None
    if _looks_like_heading(text, rules) or (look.across and len(text) <= 60 and not any(ch.isdigit() for ch in text)):
        return Verdict(RowKind.HEADING, REASONS[RowKind.HEADING])
    if look.across:  # long, with numbers or dates: perhaps a whole event typed into one merged cell
        return Verdict(RowKind.HEADING, say("rows.across"), ambiguous=True, hint=say("rows.across.hint"))
    return None


def _name_continues(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    """«Визит делегации г. Витебска» over «по вопросам культурного сотрудничества»: one name on two lines."""
    if previous is None or not previous.right_over(look) or len(look.texts) != 1 or look.across:
        return None
    col, text = look.texts[0]
    if col == shape.name_col and text.lstrip()[:1].islower() and not _dated(text):
        return Verdict(RowKind.CONTINUATION, say("rows.name-continues"), ambiguous=True)
    return None


def _dated(text: str) -> bool:
    """A month or a quarter and nothing else («май 2025 г.»): a heading, not words of a name."""
    from reportgen.dates import DateSpan, parse_dates
    from reportgen.period import parse_label

    return isinstance(parse_dates(text, 2000), DateSpan) or parse_label(text) is not None


def _merged_continuation(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.evidence and not look.name and look.filled and previous is not None:
        return TALL
    return None


def _continuation(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.name or look.filled == 0 or previous is None:
        return None
    if previous.right_over(look) and all(col in shape.content for col, _ in look.texts):
        return Verdict(RowKind.CONTINUATION, say("rows.no-name"), ambiguous=True)
    return None


def _lone_text(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if _lone(look, shape) is not None:
        return Verdict(RowKind.HEADING, say("rows.lone-text"), ambiguous=True, hint=say("rows.lone-text.hint"))
    return None


def _outside(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict | None:
    if look.filled == 0:
        return Verdict(RowKind.OUTSIDE, REASONS[RowKind.OUTSIDE])
    return None


# A rule looks at a row (and the line of the event just above it, if any) and gives a verdict or None.
Rule = Callable[[Look, Shape, Rules, "Above | None"], "Verdict | None"]

# In order: the first verdict wins; what no rule claims is an event.
RULES: tuple[Rule, ...] = (
    _header, _column_numbers, _filler, _nothing, _planned, _totals, _note, _footer, _merged_continuation,
    _column_continues, _name_continues, _heading, _continuation, _lone_text, _outside,
)
EVENT = Verdict(RowKind.EVENT, REASONS[RowKind.EVENT])


def classify(look: Look, shape: Shape, rules: Rules, previous: Above | None) -> Verdict:
    """The verdict on one row; `previous` is the event just above, while rows follow it."""
    if look.filled >= 4 and not look.placeholders and look.numeric is None and look.texts[0][0] in shape.content \
            and not rules.probe.maybe(look.values) and not rules.totals_row(look.first):
        return EVENT  # the common case, decided without the word lists
    for rule in RULES:
        verdict = rule(look, shape, rules, previous)
        if verdict is not None:
            return verdict
    return EVENT


@dataclass(slots=True)
class Classified:
    look: Look
    shape: Shape
    verdict: Verdict
    planned: str = ""  # the heading of the planned table it belongs to


def scan(rows: Sequence[tuple[int, Sequence]], layout: Layout, kind: Kind, merges: Merges = NONE,
         rules: Rules | None = None, planned: str = "") -> list[Classified]:
    """Every non-blank row under a header, classified; a header further down starts a new table.

    `planned`: the table is one of planned events (named by this heading) from the start.
    """
    rules = rules or Rules(kind)
    shape = Shape(layout, kind, merges)
    out: list[Classified] = []
    previous: Above | None = None  # the last event (with its continuations), while rows follow it
    segment_start = 0
    skip_to = 0
    for i, (line, values) in enumerate(rows):
        if i < skip_to:
            continue
        look = shape.look(line, values)
        if look is None:
            continue
        if previous is not None and shape.name_col is not None and (line, shape.name_col) in merges.covered:
            verdict = TALL  # a tall event: its name is merged down over this row
        else:
            verdict = classify(look, shape, rules, previous)
        kind_ = verdict.kind
        if kind_ is RowKind.HEADER or kind_ is RowKind.PLANNED:
            if kind_ is RowKind.HEADER:
                new = find_header(rows[i:i + 2], kind, merges.spans)
                if out and out[-1].look.line == line - 1 and segment_start < len(out) \
                        and caps_header(out[-1].look.values, values, merges.spans.get(line - 1, ())):
                    # Group titles over this row: the row above was the header's first row.
                    above = out[-1].look
                    pair = find_header([(above.line, above.values), (line, values)], kind, merges.spans)
                    if pair is not None and pair.first_line == above.line:
                        out.pop()
                        new, look = pair, above
                if new is not None:
                    shape = Shape(new, kind, merges)
                    if new.first_line == line and new.last_line > new.first_line:
                        skip_to = i + 2  # a two-row header: its second row is part of it
                _close(out, segment_start, rules)
            else:
                _close(out, segment_start, rules)
                planned = look.first
            out.append(Classified(look, shape, verdict, planned))
            segment_start = len(out)
            previous = None
            continue
        if kind_ is RowKind.FILLER:
            # An unused numbered row is an empty row: it neither ends the event above nor continues it.
            out.append(Classified(look, shape, verdict, planned))
            continue
        if planned and kind_ is RowKind.HEADING and not verdict.ambiguous and not rules.is_planned(look.first):
            planned = ""  # «Проведенные мероприятия»: a table of the report follows
        out.append(Classified(look, shape, verdict, planned))
        if kind_ is RowKind.EVENT or kind_ is RowKind.CONTINUATION:
            columns = frozenset(col for col, _ in look.texts if col in shape.content)
            if kind_ is RowKind.CONTINUATION and previous is not None:
                columns |= previous.columns
            previous = Above(line, columns)
        else:
            previous = None
    _close(out, segment_start, rules)
    return out


def _under_table(look: Look, rules: Rules) -> Verdict:
    """What a line under the table's last event was taken for: a date, a signature, or just a line."""
    texts = [text for _, text in look.texts]
    if len(texts) == 1 and _bare_date(texts[0]):
        return _footer_verdict(texts, rules)
    if texts and all(_signs(text, rules) for text in texts):
        return _footer_verdict(texts, rules)
    return _LINE_UNDER


_LINE_UNDER = Verdict(RowKind.FOOTER, say("rows.line-under"))


def _close(out: list[Classified], start: int, rules: Rules) -> None:
    """After a table's last event, what is not an event is the footer; planned rows are plan."""
    last = max((i for i in range(start, len(out)) if out[i].verdict.kind is RowKind.EVENT), default=None)
    for i in range(start, len(out)):
        item = out[i]
        kind = item.verdict.kind
        if item.planned and kind in (RowKind.EVENT, RowKind.CONTINUATION, RowKind.HEADING):
            under = _under_table(item.look, rules) if last is not None and i > last and kind is RowKind.HEADING \
                else None
            # A date or a signature under the plan is the form's footer, and named so; the rest is plan.
            item.verdict = under if under is not None and under is not _LINE_UNDER else \
                Verdict(RowKind.PLANNED, REASONS[RowKind.PLANNED])
            continue
        if last is not None and i > last and kind is RowKind.HEADING:
            # A line of text under the table's last event is not a heading of anything: a footer.
            item.verdict = _under_table(item.look, rules)
        elif last is not None and i < last and kind is RowKind.FOOTER and item.look.name:
            # A signature block stands under the table; between events, a row with a name
            # («Лекция Д.С. Лихачева», «Глава района встретился…») is an event, however short.
            item.verdict = EVENT
