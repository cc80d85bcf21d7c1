"""Report kinds: the data under `templates/<name>/kind.toml` that says what a report looks like.

A kind holds the title pattern, the columns, the labelled fields of the form, the municipality
registry and the fonts. Code reads it; nothing kind-specific is written in code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .names import Municipality, Registry, RegistryError
from .period import Period
from .text import fold, fold_words

DEFAULT_KIND = "international"


class KindError(Exception):
    """A kind that cannot be found or read (a usage problem, not an input problem)."""


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
    """Words that tell the rows under a table's header apart (see reportgen.rows).

    Each entry is matched against the start of a cell's folded text, word by word; an entry
    ending in "*" matches any ending of its last word.
    """

    totals: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    nothing: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormSpec:
    """The blank form: how many empty rows, the instructions, whom to send it to."""

    blank_rows: int = 50
    send_to: str = ""
    instructions: tuple[str, ...] = ()
    do_not_change: str = ""


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
    margin_cm: float
    fields: tuple[FieldSpec, ...]
    columns: tuple[Column, ...]
    registry: Registry
    form: FormSpec
    event_prefixes: tuple[str, ...]
    extra: dict
    path: Path
    rows: RowWords = RowWords()
    # Sheets that belong to the blank form and hold no events (its instructions): not read, not warned of.
    instruction_sheets: tuple[str, ...] = ()

    def title(self, period: Period) -> str:
        return self.title_pattern.format(period=period.phrase())

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
        return Countries(self.extra.get("countries", ()))

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def number_label(self, n: int) -> str:
        return self.number_format.format(n=n)


def fold_title(text: str) -> str:
    """A column title for comparison: no case, ё, punctuation, line breaks or bracketed part."""
    head = text.split("(", 1)[0]
    return fold_words(head.replace("№", " номер "))


def templates_dirs() -> list[Path]:
    """Where kinds live: inside the installed package, or the source tree's `templates/`."""
    here = Path(__file__).resolve().parent
    return [p for p in (here / "templates", here.parent / "templates") if p.is_dir()]


def available_kinds() -> list[str]:
    return sorted({p.parent.name for d in templates_dirs() for p in d.glob("*/kind.toml")})


def load_kind(name_or_path: str | Path = DEFAULT_KIND) -> Kind:
    """Load a kind by name (a folder under templates/) or by the path of a folder or kind.toml."""
    path = Path(name_or_path)
    candidates = [path / "kind.toml", path] if path.suffix == "" else [path]
    candidates += [d / str(name_or_path) / "kind.toml" for d in templates_dirs()]
    toml_path = next((p for p in candidates if p.is_file()), None)
    if toml_path is None:
        known = ", ".join(available_kinds()) or "нет"
        raise KindError(f"Вид отчета «{name_or_path}» не найден. Известные виды: {known}.")
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        return _kind_from_data(data, toml_path)
    except RegistryError as exc:
        raise KindError(f"{toml_path}: перечень муниципальных образований: {exc}") from exc
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise KindError(f"{toml_path}: описание вида отчета повреждено: {exc}") from exc


def _kind_from_data(data: dict, path: Path) -> Kind:
    k = data["kind"]
    fonts = data.get("fonts", {})
    page = data.get("page", {})
    columns = tuple(
        Column(key=c["key"], title=c["title"], variants=tuple(c.get("variants", ())),
               width_cm=float(c["width_cm"]), required=bool(c.get("required", True)),
               role=c.get("role", ""), hint=c.get("hint", ""),
               start_variants=tuple(c.get("start_variants", ())), end_variants=tuple(c.get("end_variants", ())),
               start_words=tuple(c.get("start_words", ())), end_words=tuple(c.get("end_words", ())))
        for c in data["columns"]
    )
    if len({c.key for c in columns}) != len(columns):
        raise ValueError("column keys must be unique")
    municipalities = tuple(
        Municipality(short=m["short"], section=m["section"], names=tuple(m.get("names", ())), order=i)
        for i, m in enumerate(data["municipalities"])
    )
    reg = data.get("registry", {})
    known = {"kind", "fonts", "page", "fields", "columns", "municipalities", "registry", "form", "events", "rows"}
    rows = data.get("rows", {})
    words = {name: tuple(rows.get(name, ())) for name in RowWords.__dataclass_fields__}
    form = data.get("form", {})
    return Kind(
        name=k["name"],
        description=k.get("description", ""),
        title_pattern=k["title"],
        data_sheet=k.get("data_sheet", ""),
        number_format=k.get("number_format", "{n}."),
        font_family=fonts.get("family", "Times New Roman"),
        title_size=float(fonts.get("title_size", 14)),
        table_size=float(fonts.get("table_size", 12)),
        margin_cm=float(page.get("margin_cm", 2.0)),
        fields=tuple(FieldSpec(f["key"], f["title"], tuple(f["labels"]), tuple(f.get("captions", ())))
                     for f in data.get("fields", ())),
        columns=columns,
        registry=Registry(municipalities, noise=tuple(reg.get("noise", ())),
                          town_words=tuple(reg.get("town_words", ())), region=tuple(reg.get("region", ())),
                          district_words=tuple(reg.get("district_words", ()))),
        form=FormSpec(blank_rows=int(form.get("blank_rows", 50)), send_to=form.get("send_to", ""),
                      instructions=tuple(form.get("instructions", ())),
                      do_not_change=form.get("do_not_change", "")),
        event_prefixes=tuple(data.get("events", {}).get("name_prefixes", ())),
        extra={key: v for key, v in data.items() if key not in known},
        path=path.parent,
        rows=RowWords(**words),
        instruction_sheets=tuple(k.get("instruction_sheets", ())),
    )


class Countries:
    """Finds the countries a text names, in one regex pass.

    The kind's stems become one regex shaped like a trie ("бел(?:арус|орус)…"), which Python's
    re scans far faster than an alternation of 100 stems; each match is then looked up.
    A stem matches the start of a word; a stem ending in "$" matches a whole word only.
    """

    def __init__(self, countries) -> None:
        self.stems: dict[str, tuple[str, bool]] = {}
        for country in countries:
            for stem in country["stems"]:
                self.stems[fold(stem.rstrip("$"))] = (country["name"], stem.endswith("$"))
        self.pattern = re.compile(rf"\b{_trie(self.stems)}\w*") if self.stems else None
        self.longest = max(map(len, self.stems), default=0)

    def named_in(self, text: str) -> set[str]:
        found = set()
        if self.pattern is None:
            return found
        for m in self.pattern.finditer(text.casefold().replace("ё", "е")):
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
