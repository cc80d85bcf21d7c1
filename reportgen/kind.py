"""Report kinds: the data under `templates/<name>/kind.toml` that says what a report looks like.

A kind holds the title pattern, the columns, the labelled fields of the form, the municipality
registry and the fonts. Code reads it; nothing kind-specific is written in code.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .period import Period
from .text import fold_words

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

    @cached_property
    def folded_titles(self) -> frozenset[str]:
        return frozenset(fold_title(t) for t in (self.title, *self.variants))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class FormSpec:
    """The blank form: how many empty rows, the instructions, whom to send it to."""

    blank_rows: int = 50
    send_to: str = ""
    instructions: tuple[str, ...] = ()
    do_not_change: str = ""


@dataclass(frozen=True)
class Municipality:
    short: str
    section: str
    names: tuple[str, ...]
    order: int

    @property
    def form_name(self) -> str:
        """The spelling the blank form's drop-down offers."""
        return self.names[0] if self.names else self.short


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
    def countries(self):
        """The matcher of the kind's foreign countries (see roster.Countries)."""
        from .roster import Countries

        return Countries(self)

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def number_label(self, n: int) -> str:
        return self.number_format.format(n=n)


def fold_title(text: str) -> str:
    """A column title for comparison: no case, ё, punctuation, line breaks or bracketed part."""
    head = text.split("(", 1)[0]
    return fold_words(head.replace("№", " номер "))


class Registry:
    """The municipalities of a kind, in report order, matched by any accepted spelling."""

    def __init__(self, municipalities: tuple[Municipality, ...], noise: tuple[str, ...]) -> None:
        self.municipalities = municipalities
        self._noise = tuple(sorted((fold_words(n) for n in noise), key=len, reverse=True))
        self._by_form: dict[str, Municipality] = {}
        for m in municipalities:
            for form in (m.short, m.section, *m.names):
                for key in {fold_words(form), self._strip_noise(fold_words(form))}:
                    if key:
                        self._by_form.setdefault(key, m)

    def __iter__(self):
        return iter(self.municipalities)

    def __len__(self) -> int:
        return len(self.municipalities)

    def _strip_noise(self, folded: str) -> str:
        padded = f" {folded} "
        for n in self._noise:
            padded = padded.replace(f" {n} ", " ")
        return " ".join(padded.split())

    def match(self, name: str) -> Municipality | None:
        """The municipality a form's field names, or None."""
        folded = fold_words(name)
        return self._by_form.get(folded) or self._by_form.get(self._strip_noise(folded))

    def match_filename(self, stem: str) -> Municipality | None:
        """The one municipality whose name appears as words of a file name ("Вязьма_2кв")."""
        words = f" {fold_words(stem)} "
        found = {m.short: m for form, m in self._by_form.items() if f" {form} " in words}
        if len(found) == 1:
            return next(iter(found.values()))
        if not found:
            # Inflected forms: "Отчет Вяземского района", "Рудни".
            stems = {form[:-2]: m for form, m in self._by_form.items() if " " not in form and len(form) >= 6}
            found = {m.short: m for w in words.split() for stem, m in stems.items()
                     if w.startswith(stem) and len(w) - len(stem) <= 3}
            if len(found) == 1:
                return next(iter(found.values()))
        return None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The registry names closest to a name that matched nothing."""
        folded = self._strip_noise(fold_words(name))
        close = difflib.get_close_matches(folded, list(self._by_form), n=12, cutoff=0.5)
        out: list[str] = []
        for form in close:
            short = self._by_form[form].short
            if short not in out:
                out.append(short)
        return out[:n]

    def get(self, short: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.short == short), None)


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
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise KindError(f"{toml_path}: описание вида отчета повреждено: {exc}") from exc


def _kind_from_data(data: dict, path: Path) -> Kind:
    k = data["kind"]
    fonts = data.get("fonts", {})
    page = data.get("page", {})
    columns = tuple(
        Column(key=c["key"], title=c["title"], variants=tuple(c.get("variants", ())),
               width_cm=float(c["width_cm"]), required=bool(c.get("required", True)),
               role=c.get("role", ""), hint=c.get("hint", ""))
        for c in data["columns"]
    )
    if len({c.key for c in columns}) != len(columns):
        raise ValueError("column keys must be unique")
    municipalities = tuple(
        Municipality(short=m["short"], section=m["section"], names=tuple(m.get("names", ())), order=i)
        for i, m in enumerate(data["municipalities"])
    )
    reg = data.get("registry", {})
    known = {"kind", "fonts", "page", "fields", "columns", "municipalities", "registry", "form", "events"}
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
        fields=tuple(FieldSpec(f["key"], f["title"], tuple(f["labels"])) for f in data.get("fields", ())),
        columns=columns,
        registry=Registry(municipalities, tuple(reg.get("noise", ()))),
        form=FormSpec(blank_rows=int(form.get("blank_rows", 50)), send_to=form.get("send_to", ""),
                      instructions=tuple(form.get("instructions", ())),
                      do_not_change=form.get("do_not_change", "")),
        event_prefixes=tuple(data.get("events", {}).get("name_prefixes", ())),
        extra={key: v for key, v in data.items() if key not in known},
        path=path.parent,
    )
