"""Report kinds: the data under `templates/<name>/kind.toml` that says what a report looks like.

A kind holds the title pattern, the columns, the labelled fields of the form, the municipality
registry and the fonts. Code reads it; nothing kind-specific is written in code.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reportgen.catalogue import say
from reportgen.dates import DATE_STYLES
from reportgen.errors import KindError
from reportgen.damage import explain
from reportgen.names import Municipality, Registry, RegistryError
from reportgen.period import Period, Term
from reportgen.text import fold, fold_words

DEFAULT_KIND = "international"
# Vocabulary, matched against column titles and texts, not said (tests/wording_sites.py does not count them):
# «№» compares as the word «номер», ё as е.
_NUMBER_WORD = " номер "
_YO_AS_E = str.maketrans({"ё": "е"})


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    variants: tuple[str, ...]
    width_cm: float
    required: bool
    role: str = ""
    hint: str = ""  # what the column expects, for the form's instructions
    # A column a form may split in two («Дата начала» / «Дата окончания»): whole titles of
    # each half, and the sub-titles under the column's own title in a two-row header («с», «по»).
    start_variants: tuple[str, ...] = ()
    end_variants: tuple[str, ...] = ()
    start_words: tuple[str, ...] = ()
    end_words: tuple[str, ...] = ()

    @cached_property
    def folded_titles(self) -> frozenset[str]:
        return frozenset(fold_title(t) for t in (self.title, *self.variants))

    @cached_property
    def folded_halves(self) -> tuple[frozenset[str], frozenset[str]]:
        """Folded whole titles of the start and end halves."""
        return (frozenset(fold_title(t) for t in self.start_variants),
                frozenset(fold_title(t) for t in self.end_variants))

    @cached_property
    def folded_sub_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """Folded sub-titles that mark the start and end halves under the column's title."""
        return (frozenset(fold_title(t) for t in self.start_words),
                frozenset(fold_title(t) for t in self.end_words))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    title: str
    labels: tuple[str, ...]
    # Captions printed under a blank line for the value: «(наименование муниципального образования)».
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowWords:
    """Words that tell the rows under a table's header apart (see reportgen.read.rows).

    Each entry is matched against the start of a cell's folded text, word by word; an entry
    ending in "*" matches any ending of its last word.
    """

    totals: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    # Of the footer's lines, those that name who filled the form, a phone, an e-mail (what a finding calls them).
    executor: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    nothing: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormSpec:
    """The blank form: its layout, how many empty rows, the instructions, whom to send it to."""

    blank_rows: int = 50
    send_to: str = ""
    instructions: tuple[str, ...] = ()
    do_not_change: str = ""
    title_row: int = 1
    municipality_row: int = 2
    period_row: int = 3
    header_row: int = 5
    lists_sheet: str = say("report-kind.form.lists-sheet")  # the hidden sheet with the drop-down's list
    instructions_sheet: str = say("report-kind.form.instructions-sheet")


@dataclass(frozen=True, slots=True)
class ClosingSpec:
    """The optional block after the report's table (assemble builds it, the Word writer lays it out).

    Headings of its lists, the line of counts, and the signature lines: (left, right) pairs,
    a position and a name, in which {date}, {period} and {events} are filled in.
    """

    enabled: bool = False
    no_events: str = say("report-kind.closing.no-events")
    nothing_sent: str = say("report-kind.closing.nothing-sent")
    left_out: str = say("report-kind.closing.left-out")
    counts: str = say("report-kind.closing.counts")
    total: str = say("report-kind.closing.total")
    signature: tuple[tuple[str, str], ...] = ()
    # {date} without build --signed: a line to write the date on by hand (the clock never decides).
    no_date: str = say("report-kind.closing.no-date")


CLOSING_PLACEHOLDERS = ("date", "period", "events")

# The parts of the cover note (build --note), in the order a kind may list them.
NOTE_PARTS = ("municipalities", "countries", "months", "previous", "year_ago", "shared", "nothing_sent")


@dataclass(frozen=True, slots=True)
class NoteSpec:
    """The cover note (справка) of a build: its title, which parts it has, in which order, their headings.

    An empty text is the catalogue's («note.title», «note.heading.<part>», «note.total»). In the title
    {period} is the period's phrase («во II квартале 2025 года»); in the headings of the comparisons
    it is the earlier period («I квартал 2025 года»); in `total`, {events} the number of events.
    """

    title: str = ""
    parts: tuple[str, ...] = NOTE_PARTS
    headings: tuple[tuple[str, str], ...] = ()  # (part, heading) the kind words itself
    total: str = ""

    def heading(self, part: str, **facts: object) -> str:
        own = dict(self.headings).get(part)
        return own.format(**facts) if own else say(f"note.heading.{part.replace('_', '-')}", **facts)

    def title_of(self, phrase: str) -> str:
        return self.title.format(period=phrase) if self.title else say("note.title", period=phrase)

    def total_of(self, events: str) -> str:
        return self.total.format(events=events) if self.total else say("note.total", events=events)


TERM_QUARTER = ("column", "subheading")
TERM_SHAPES = ("H1", "H2", "9M", "Y")


@dataclass(frozen=True, slots=True)
class TermSpec:
    """How a report of a longer period (half-year, nine months, year) shows its quarters ([term]).

    `quarter`: "column" (a column of its own, `column_title` and `column_width_cm`, the other
    columns narrowed to keep the table's width) or "subheading" (a row `subheading` over the events
    of each quarter under a municipality's section; {quarters} is «I квартал 2025 года», or «I и II
    кварталы 2025 года» for an event carried over). `titles`: the report's title by the period's
    shape (H1, H2, 9M, Y), {period} being its phrase («в I полугодии 2025 года»); a shape without
    one takes the kind's own `title`.
    """

    quarter: str = "subheading"
    column_title: str = ""  # "": the catalogue's («Квартал»)
    column_width_cm: float = 2.0
    subheading: str = "{quarters}"
    titles: tuple[tuple[str, str], ...] = ()

# Paper sizes in twips (short side, long side).
PAPER = {"A3": (16838, 23811), "A4": (11906, 16838), "A5": (8391, 11906), "LETTER": (12240, 15840)}


@dataclass(frozen=True)
class PageSpec:
    """The report's page: paper, orientation and margins."""

    size: str = "A4"
    orientation: str = "landscape"
    margin_cm: float = 2.0

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"

    @property
    def twips(self) -> tuple[int, int]:
        """(width, height) of the page as it is printed."""
        short, long = PAPER[self.size.upper()]
        return (long, short) if self.landscape else (short, long)


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    title_pattern: str
    data_sheet: str
    number_format: str
    font_family: str
    title_size: float
    table_size: float
    page: PageSpec
    fields: tuple[FieldSpec, ...]
    columns: tuple[Column, ...]
    registry: Registry
    form: FormSpec
    event_prefixes: tuple[str, ...]
    countries_data: tuple[tuple[str, tuple[str, ...]], ...]  # (name, stems)
    path: Path
    rows: RowWords = RowWords()
    # Sheets that belong to the blank form and hold no events (its instructions): not read, not warned of.
    instruction_sheets: tuple[str, ...] = ()
    export_sheet: str = say("report-kind.export-sheet")  # the consolidated table's sheet (build --xlsx)
    dates_style: str = "as-typed"  # [report] dates: "as-typed" or "uniform" (dates.DATE_STYLES)
    # [report] rows_whole_up_to: 0 keeps every event row on one page; N only rows of about N lines or fewer.
    rows_whole_up_to: int = 0
    closing: ClosingSpec = ClosingSpec()
    # [archive] folder: where `build` records its reports without --archive, relative to the report's
    # folder ("" : no archive unless --archive names one).
    archive_folder: str = ""
    note: NoteSpec = NoteSpec()
    term: TermSpec = TermSpec()

    @property
    def margin_cm(self) -> float:
        return self.page.margin_cm

    def title(self, period: Period | Term) -> str:
        """The report's title: the kind's `title`, or [term.titles]' one for a longer period's shape."""
        pattern = dict(self.term.titles).get(getattr(period, "shape", ""), self.title_pattern)
        return pattern.format(period=period.phrase())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @cached_property
    def content_columns(self) -> tuple[Column, ...]:
        """Columns whose values go into the report (all but the № column)."""
        return tuple(c for c in self.columns if c.role != "number")

    def key_of(self, role: str) -> str | None:
        """The key of the column with this role ("number", "name", "place", "dates", "participants")."""
        return self._roles.get(role)

    @cached_property
    def _roles(self) -> dict[str, str]:
        return {c.role: c.key for c in self.columns if c.role}

    dates_key = property(lambda self: self.key_of("dates"))
    name_key = property(lambda self: self.key_of("name"))
    place_key = property(lambda self: self.key_of("place"))
    participants_key = property(lambda self: self.key_of("participants"))
    number_key = property(lambda self: self.key_of("number"))

    @cached_property
    def countries(self) -> Countries:
        """The matcher of the kind's foreign countries."""
        return Countries(self.countries_data)

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def number_label(self, n: int) -> str:
        return self.number_format.format(n=n)


def fold_title(text: str) -> str:
    """A column title for comparison: no case, ё, punctuation, line breaks or bracketed part."""
    head = text.split("(", 1)[0]
    return fold_words(head.replace("№", _NUMBER_WORD))


def templates_dirs() -> list[Path]:
    """Where kinds live: inside the installed package, or the source tree's `templates/`."""
    here = Path(__file__).resolve().parent
    return [p for p in (here / "templates", here.parent / "templates") if p.is_dir()]


def available_kinds() -> list[str]:
    return sorted({p.parent.name for d in templates_dirs() for p in d.glob("*/kind.toml")})


def _addresses(table: _Table) -> tuple[str, ...]:
    """`email = "a@b"` or `email = ["a@b", "c@d"]`: where `reportgen letters` writes by default."""
    value = table._get("email", ())
    return (value,) if isinstance(value, str) else table.strs("email")


def load_kind(name_or_path: str | Path = DEFAULT_KIND) -> Kind:
    """Load a kind by name (a folder under templates/) or by the path of a folder or kind.toml."""
    path = Path(name_or_path)
    candidates = [path / "kind.toml", path] if path.suffix == "" else [path]
    candidates += [d / str(name_or_path) / "kind.toml" for d in templates_dirs()]
    toml_path = next((p for p in candidates if p.is_file()), None)
    if toml_path is None:
        raise KindError(say("report-kind.not-found", name=name_or_path, known=available_kinds()))
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # tomllib says where in English («… (at line 3, column 5)»): the place is what helps.
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        raise KindError(say("report-kind.not-toml", path=toml_path, line=where and where.group(1),
                            column=where and where.group(2))) from exc
    except UnicodeDecodeError as exc:
        raise KindError(say("report-kind.not-utf8", path=toml_path)) from exc
    except OSError as exc:
        raise KindError(say("report-kind.unreadable", path=toml_path, why=explain(exc))) from exc
    try:
        return _kind_from_data(_Table(data, ""), toml_path)
    except RegistryError as exc:
        raise KindError(say("report-kind.registry-wrong", path=toml_path, why=exc)) from exc
    except _KindProblem as exc:
        raise KindError(f"{toml_path}: {exc}") from exc


class _KindProblem(ValueError):
    """What is wrong in kind.toml, and where: the message names the key."""


_MISSING = object()


class _Table:
    """One TOML table of kind.toml read with types checked; every key must be one it knows."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise _KindProblem(say("report-kind.not-table", where=where))
        self.data, self.where, self.used = data, where, set()

    def _get(self, key: str, default: object):
        self.used.add(key)
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            typo = difflib.get_close_matches(key, [k for k in self.data if isinstance(k, str)], n=1)
            if typo:  # «stem» written for «stems»: the misspelt key is what the person must fix
                raise _KindProblem(say("report-kind.key-unknown", where=self.where, name=typo[0], near=key))
            raise _KindProblem(say("report-kind.key-missing", where=self.where, name=key))
        return default

    def _type(self, key: str, value: object, kinds: tuple[type, ...], what: str):
        if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
            raise _KindProblem(say("report-kind.key-type", where=self.where, name=key,
                                   what=say(f"report-kind.type.{what}"), value=repr(value)))
        return value

    def str(self, key: str, default: object = _MISSING) -> str:
        return self._type(key, self._get(key, default), (str,), "str")

    def num(self, key: str, default: object = _MISSING) -> float:
        return float(self._type(key, self._get(key, default), (int, float), "number"))

    def int(self, key: str, default: object = _MISSING) -> int:
        return self._type(key, self._get(key, default), (int,), "int")

    def bool(self, key: str, default: object = _MISSING) -> bool:
        return self._type(key, self._get(key, default), (bool,), "bool")

    def strs(self, key: str, default: object = ()) -> tuple[str, ...]:
        value = self._type(key, self._get(key, default), (list, tuple), "strs")
        for item in value:
            self._type(key, item, (str,), "strs")
        return tuple(value)

    def choice(self, key: str, allowed: tuple[str, ...], default: object = _MISSING) -> str:
        value = self.str(key, default)
        if value.upper() not in {a.upper() for a in allowed}:
            raise _KindProblem(say("report-kind.key-choice", where=self.where, name=key, value=repr(value),
                                   allowed=allowed))
        return value

    def table(self, key: str) -> _Table:
        value = self._get(key, {})
        return _Table(value, f"[{key}]" if not self.where else f"{self.where}.{key}")

    def tables(self, key: str, label: str | None = None) -> list[_Table]:
        value = self._get(key, [])
        if not isinstance(value, list):
            raise _KindProblem(say("report-kind.not-tables", table=key))
        out = []
        for i, item in enumerate(value, start=1):
            named = item.get(label) if isinstance(item, dict) and label else None
            place = say("report-kind.table-place", table=key, i=i, named=named if isinstance(named, str) else None)
            out.append(_Table(item, place))
        return out

    def done(self) -> None:
        """Every key was read: a misspelt one («stem» for «stems») is named, with the nearest known."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            near = difflib.get_close_matches(unknown[0], sorted(self.used), n=1)
            raise _KindProblem(say("report-kind.key-unknown", where=self.where, name=unknown[0],
                                   near=near[0] if near else ""))


def _kind_from_data(data: _Table, path: Path) -> Kind:
    k, fonts, page, form, events, rows, reg, export, report, closing, archive, note, term = (
        data.table(n) for n in ("kind", "fonts", "page", "form", "events", "rows", "registry", "export",
                                "report", "closing", "archive", "note", "term"))
    columns = []
    for c in data.tables("columns", "key"):
        columns.append(Column(
            key=c.str("key"), title=c.str("title"), variants=c.strs("variants"), width_cm=c.num("width_cm"),
            required=c.bool("required", True), role=c.choice("role", ROLES, ""), hint=c.str("hint", ""),
            start_variants=c.strs("start_variants"), end_variants=c.strs("end_variants"),
            start_words=c.strs("start_words"), end_words=c.strs("end_words")))
        c.done()
    if len({c.key for c in columns}) != len(columns):
        raise _KindProblem(say("report-kind.column-keys-twice"))
    if not columns:
        raise _KindProblem(say("report-kind.no-columns"))
    municipalities = []
    for i, m in enumerate(data.tables("municipalities", "short")):
        municipalities.append(Municipality(short=m.str("short"), section=m.str("section"), names=m.strs("names"),
                                           order=i, email=_addresses(m)))
        m.done()
    fields = []
    for f in data.tables("fields", "key"):
        fields.append(FieldSpec(f.str("key"), f.str("title"), f.strs("labels", _MISSING), f.strs("captions")))
        f.done()
    countries = []
    for c in data.tables("countries", "name"):
        countries.append((c.str("name"), c.strs("stems", _MISSING)))
        c.done()
    kind = Kind(
        name=k.str("name"),
        description=k.str("description", ""),
        title_pattern=k.str("title"),
        data_sheet=k.str("data_sheet", ""),
        number_format=k.str("number_format", "{n}."),
        font_family=fonts.str("family", "Times New Roman"),
        title_size=fonts.num("title_size", 14),
        table_size=fonts.num("table_size", 12),
        page=PageSpec(size=page.choice("size", tuple(PAPER), "A4").upper(),
                      orientation=page.choice("orientation", ("landscape", "portrait"), "landscape").lower(),
                      margin_cm=page.num("margin_cm", 2.0)),
        fields=tuple(fields),
        columns=tuple(columns),
        registry=Registry(tuple(municipalities), noise=reg.strs("noise"), town_words=reg.strs("town_words"),
                          region=reg.strs("region"), district_words=reg.strs("district_words")),
        form=FormSpec(blank_rows=form.int("blank_rows", 50), send_to=form.str("send_to", ""),
                      instructions=form.strs("instructions"), do_not_change=form.str("do_not_change", ""),
                      title_row=form.int("title_row", 1), municipality_row=form.int("municipality_row", 2),
                      period_row=form.int("period_row", 3), header_row=form.int("header_row", 5),
                      lists_sheet=form.str("lists_sheet", FormSpec.lists_sheet),
                      instructions_sheet=form.str("instructions_sheet", FormSpec.instructions_sheet)),
        event_prefixes=events.strs("name_prefixes"),
        countries_data=tuple(countries),
        path=path.parent,
        rows=RowWords(**{name: rows.strs(name) for name in RowWords.__dataclass_fields__}),
        instruction_sheets=k.strs("instruction_sheets"),
        export_sheet=export.str("sheet", Kind.export_sheet),
        dates_style=report.choice("dates", DATE_STYLES, "as-typed").lower(),
        rows_whole_up_to=report.int("rows_whole_up_to", 0),
        closing=_closing(closing),
        archive_folder=archive.str("folder", ""),
        note=_note(note),
        term=_term(term),
    )
    try:
        kind.title_pattern.format(period="")
        kind.number_format.format(n=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise _KindProblem(say("report-kind.title-placeholder", wrong=exc)) from None
    for table in (k, fonts, page, form, events, rows, reg, export, report, closing, archive, note, term, data):
        table.done()
    return kind


def _closing(table: _Table) -> ClosingSpec:
    default = ClosingSpec()
    lines = []
    for line in table.tables("signature"):
        lines.append((line.str("left", ""), line.str("right", "")))
        line.done()
    spec = ClosingSpec(
        enabled=table.bool("enabled", False),
        **{key: table.str(key, getattr(default, key))
           for key in ("no_events", "nothing_sent", "left_out", "counts", "total", "no_date")},
        signature=tuple(lines),
    )
    blank = dict.fromkeys(CLOSING_PLACEHOLDERS, "")
    for text in (spec.total, *(t for pair in spec.signature for t in pair)):
        try:
            text.format(**blank)
        except (KeyError, IndexError, ValueError) as exc:
            raise _KindProblem(say("report-kind.closing-placeholder", text=text, wrong=exc,
                                   known=[f"{{{p}}}" for p in CLOSING_PLACEHOLDERS])) from None
    return spec


def _note(table: _Table) -> NoteSpec:
    """[note]: title, parts (some of NOTE_PARTS, in the order given), total and [note.headings]."""
    parts = table.strs("parts", NOTE_PARTS)
    for part in parts:
        if part not in NOTE_PARTS:
            raise _KindProblem(say("note.kind-part", part=part, parts=NOTE_PARTS))
    headings = table.table("headings")
    own = tuple((part, headings.str(part)) for part in NOTE_PARTS if part in headings.data)
    headings.done()
    spec = NoteSpec(title=table.str("title", ""), parts=tuple(dict.fromkeys(parts)), headings=own,
                    total=table.str("total", ""))
    for text, fact in ((spec.title, "period"), (spec.total, "events"), *((h, "period") for _, h in own)):
        try:
            text.format(**{fact: ""})
        except (KeyError, IndexError, ValueError) as exc:
            raise _KindProblem(say("note.kind-placeholder", text=text, wrong=exc, fact=fact)) from None
    return spec


def _term(table: _Table) -> TermSpec:
    """[term]: how the quarters show in a longer period's report, and its titles by shape ([term.titles])."""
    default = TermSpec()
    titles = table.table("titles")
    spec = TermSpec(
        quarter=table.choice("quarter", TERM_QUARTER, default.quarter).lower(),
        column_title=table.str("column_title", "") or say("term.column-title"),
        column_width_cm=table.num("column_width_cm", default.column_width_cm),
        subheading=table.str("subheading", default.subheading),
        titles=tuple((shape, titles.str(shape)) for shape in TERM_SHAPES if shape in titles.data),
    )
    titles.done()
    if spec.column_width_cm <= 0:
        raise _KindProblem(say("term.kind-width", width=spec.column_width_cm))
    for where, text, fields in (("subheading", spec.subheading, {"quarters": ""}),
                                *((f"titles.{shape}", t, {"period": ""}) for shape, t in spec.titles)):
        try:
            text.format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise _KindProblem(say("term.kind-placeholder", where=where, wrong=str(exc),
                                   known="{" + next(iter(fields)) + "}")) from None
    return spec


ROLES = ("", "number", "name", "place", "dates", "participants")


class Countries:
    """Finds the countries a text names, in one regex pass.

    The kind's stems become one regex shaped like a trie ("бел(?:арус|орус)…"), which Python's
    re scans far faster than an alternation of 100 stems; each match is then looked up.
    A stem matches the start of a word; a stem ending in "$" matches a whole word only.
    """

    def __init__(self, countries) -> None:
        self.stems: dict[str, tuple[str, bool]] = {}
        for name, stems in countries:
            for stem in stems:
                self.stems[fold(stem.rstrip("$"))] = (name, stem.endswith("$"))
        self.pattern = re.compile(rf"\b{_trie(self.stems)}\w*") if self.stems else None
        self.longest = max(map(len, self.stems), default=0)

    def named_in(self, text: str) -> set[str]:
        found = set()
        if self.pattern is None:
            return found
        for m in self.pattern.finditer(text.casefold().translate(_YO_AS_E)):
            word = m.group()
            for size in range(min(len(word), self.longest), 0, -1):
                hit = self.stems.get(word[:size])
                if hit and (not hit[1] or size == len(word)):
                    found.add(hit[0])
                    break
        return found


def _trie(words) -> str:
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [re.escape(ch) + render(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return render(root)
