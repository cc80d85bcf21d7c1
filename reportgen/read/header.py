"""Where a form's table is: its header (one row or two), and which column holds what.

Titles are matched leniently (see `kind.fold_title`). A header may take two rows, as people
make them: group titles merged above sub-titles («Сведения о мероприятии» over «Наименование»,
«Место»), a title split over two rows («Наименование» over «мероприятия»), or the dates column
split into its start and end («Сроки проведения» over «с» and «по»). Separate «Дата начала» and
«Дата окончания» columns in one row are the same split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportgen.kind import Column, Kind, fold_title

HEADER_SEARCH_ROWS = 30
# Vocabulary: a title's first letters are matched with е also read as ё (not counted by tests/wording_sites.py).
_E_AS_YO = str.maketrans({"е": "ё"})
MAX_TITLE = 300  # longer cells are text, not a column title; skipping them keeps the search cheap
START, END = "start", "end"


@dataclass(frozen=True)
class Layout:
    """A table's header: its rows, and the column of each key (0-based)."""

    first_line: int
    last_line: int  # == first_line, or the next line for a two-row header
    columns: dict[str, int]
    split_key: str | None = None  # a column given as two, start and end («Дата начала», «Дата окончания»)
    halves: tuple[int, int] | None = None  # … and those two columns
    titles: dict[int, str] = field(default_factory=dict)  # every titled column → its title as written
    duplicates: dict[int, str] = field(default_factory=dict)  # column → the key it repeats

    @property
    def keys(self) -> set[str]:
        return set(self.columns) | ({self.split_key} if self.split_key else set())

    def used(self) -> set[int]:
        """Columns whose values reach the report."""
        return set(self.columns.values()) | (set(self.halves) if self.halves else set())


def match_title(value: str, kind: Kind) -> Column | None:
    """The column a header cell names as a whole, leniently."""
    found = match_cell(value, kind)
    return found[0] if found and not found[1] else None


def match_cell(value: str, kind: Kind) -> tuple[Column, str] | None:
    """(column, "") for a whole column's title, (column, "start"/"end") for one half of it."""
    if len(value) > MAX_TITLE:
        return None
    return _titles(kind).match(value)


class _Titles:
    """A kind's column titles, folded once, and what each header text matched (texts repeat)."""

    def __init__(self, kind: Kind) -> None:
        self.exact: dict[str, tuple[Column, str]] = {}
        self.longer: dict[str, list[tuple[str, Column, str]]] = {}  # first word → titles of several words
        # Whole titles before halves: «Сроки проведения» is the dates column, not its start.
        named = [(t, c, "") for c in kind.columns for t in c.folded_titles]
        named += [(t, c, half) for c in kind.columns
                  for titles, half in zip(c.folded_halves, (START, END)) for t in titles]
        for title, column, half in named:
            self.exact.setdefault(title, (column, half))
            if " " in title:
                self.longer.setdefault(title.split(" ", 1)[0], []).append((title, column, half))
        for titles in self.longer.values():
            titles.sort(key=lambda t: -len(t[0]))
        # Every word of every title: what a second header row is made of («мероприятия» under
        # «Наименование», «с» under «Сроки»); an event's text is not.
        words = [t for t, _, _ in named]
        words += [t for c in kind.columns for sub in c.folded_sub_words for t in sub]
        self.words = frozenset(w for t in words for w in t.split())
        self.seen: dict[str, tuple[Column, str] | None] = {}

    def match(self, value: str) -> tuple[Column, str] | None:
        found = self.seen.get(value, False)
        if found is not False:
            return found
        folded = fold_title(value)
        found = self.exact.get(folded) if folded else None
        if found is None and folded:
            # A title followed by more words: "Место проведения мероприятия (город, площадка)".
            for title, column, half in self.longer.get(folded.split(" ", 1)[0], ()):
                if folded.startswith(title + " "):
                    found = (column, half)
                    break
        if len(self.seen) < 100_000:
            self.seen[value] = found
        return found


_BY_KIND: dict[int, tuple[Kind, _Titles]] = {}


def _titles(kind: Kind) -> _Titles:
    entry = _BY_KIND.get(id(kind))
    if entry is None or entry[0] is not kind:
        entry = _BY_KIND[id(kind)] = (kind, _Titles(kind))
    return entry[1]


def _sub_half(column: Column, text: str) -> str:
    folded = fold_title(text)
    starts, ends = column.folded_sub_words
    return START if folded in starts else END if folded in ends else ""


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _spread(values: Sequence, spans: Sequence[tuple[int, int]]) -> list[str]:
    """A row's texts with each horizontally merged cell's text over every column it covers."""
    out = [_text(v) for v in values]
    for c1, c2 in spans:
        if c1 < len(out) and out[c1]:
            for c in range(c1 + 1, min(c2 + 1, len(out))):
                if not out[c]:
                    out[c] = out[c1]
    return out


def _assign(cells: list[tuple[int, str, Column | None, str]], line: int, last: int) -> Layout:
    """A layout from a header's cells: (col, title, column or None, half); the first of a key wins."""
    columns: dict[str, int] = {}
    halves: dict[str, dict[str, int]] = {}
    titles: dict[int, str] = {}
    duplicates: dict[int, str] = {}
    for col, title, column, half in cells:
        titles[col] = title
        if column is None:
            continue
        if half:
            halves.setdefault(column.key, {}).setdefault(half, col)
        elif column.key not in columns:
            columns[column.key] = col
        else:
            duplicates[col] = column.key
    split: tuple[str, int, int] | None = None
    for key, parts in halves.items():
        if key in columns:
            duplicates.update({c: key for c in parts.values()})
        elif START in parts and END in parts and split is None:
            split = (key, parts[START], parts[END])
        else:  # only one half (or a second split column): the first half found is the column
            columns.setdefault(key, min(parts.values()))
    if split is None:
        return Layout(line, last, columns, None, None, titles, duplicates)
    return Layout(line, last, columns, split[0], (split[1], split[2]), titles, duplicates)


def _one_row(line: int, values: Sequence, kind: Kind) -> Layout:
    cells = []
    for col, value in enumerate(values):
        text = _text(value)
        if text:
            found = match_cell(text, kind)
            cells.append((col, " ".join(text.split()), *(found or (None, ""))))
    return _assign(cells, line, line)


def _two_rows(line: int, top: Sequence, bottom: Sequence, spans: Sequence[tuple[int, int]], kind: Kind) -> Layout:
    upper = _spread(top, spans)
    lower = [_text(v) for v in bottom]
    own = {c1 for c1, _ in spans}  # a merged top cell is its own title only in its first column
    covered = {c for c1, c2 in spans for c in range(c1 + 1, c2 + 1)}
    cells = []
    for col in range(max(len(upper), len(lower))):
        up = upper[col] if col < len(upper) else ""
        low = lower[col] if col < len(lower) else ""
        if not up and not low:
            continue
        found, title = _pair_cell(col, up, low, upper, kind, col in own or col not in covered)
        cells.append((col, " ".join(title.split()) if title else " ".join(up.split()),
                      *(found if found else (None, ""))))
    return _assign(cells, line, line + 1)


def _pair_cell(col: int, up: str, low: str, upper: list[str], kind: Kind, alone: bool):
    """One column of a two-row header: (column, half) or None, and its title.

    `alone`: the top cell is this column's own (not the covered tail of a merge)."""
    found = match_cell(low, kind) if low else None
    if found is not None:
        return found, low
    if low and not up:
        return _half_of_left(col, low, upper, kind)
    if up:
        return _under_title(up, low, kind, alone)
    return None, low


def _half_of_left(col: int, low: str, upper: list[str], kind: Kind):
    """«с» / «по» under a title that was not merged over both: the title stands to the left."""
    left = next((upper[c] for c in range(min(col, len(upper)) - 1, -1, -1) if upper[c]), "")
    parent = match_cell(left, kind) if left else None
    half = _sub_half(parent[0], low) if parent is not None and not parent[1] else ""
    if half:
        return (parent[0], half), f"{left} {low}"
    return None, low


def _under_title(up: str, low: str, kind: Kind, alone: bool):
    """A cell under a top title: a half of it («с», «по»), the two read together, or the title itself."""
    parent = match_cell(up, kind)
    if low:
        if parent is not None and not parent[1]:
            half = _sub_half(parent[0], low)
            if half:
                return (parent[0], half), f"{up} {low}"
        return match_cell(f"{up} {low}", kind), f"{up} {low}"
    if alone:
        return parent, up
    return None, low


def header_words(text: str, kind: Kind) -> bool:
    """Is `text` made only of words from the kind's column titles (a bracketed part aside)?"""
    words = _titles(kind).words
    return all(w in words for w in fold_title(text).split())


def second_row(top: Sequence, bottom: Sequence, spans: Sequence[tuple[int, int]], kind: Kind) -> bool:
    """Can `bottom` be the second row of a header over `top`, or is it a row of data?

    A header's second row holds titles, words of titles («мероприятия», «с», «по») or other short
    sub-titles («Примечание»); a date, a number, a cell with digits, a long text, or a text that
    is not title words under a column's whole title («Наименование» over «Форум …») is an event's.
    """
    upper = _spread(top, spans)
    for col, value in enumerate(bottom):
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return False  # a date or a number: data
        low = value.strip()
        if not low or match_cell(low, kind) is not None or header_words(low, kind):
            continue
        if len(low) > 60 or any(ch.isdigit() for ch in low):
            return False
        up = upper[col] if col < len(upper) else ""
        parent = match_cell(up, kind) if up else None
        if parent is not None and not parent[1] and not _sub_half(parent[0], low):
            return False  # «Наименование мероприятия» over «Форум «Россия – Беларусь»»
    return True


def _score(layout: Layout) -> int:
    return len(layout.keys)


def caps_header(top: Sequence, bottom: Sequence, spans: Sequence[tuple[int, int]]) -> bool:
    """Does `top` read as the upper row of a two-row header over `bottom`?

    Each of its texts is a group title (merged over several columns, or repeated over them) or
    a title merged down over an empty cell below («№», «Примечание»); a field («Муниципальное
    образование» beside its value) or a title line is none of these.
    """
    texts = {col: _text(v) for col, v in enumerate(top) if _text(v)}
    if not texts:
        return False
    counts: dict[str, int] = {}
    for text in texts.values():
        counts[text] = counts.get(text, 0) + 1
    spanned = {c for c1, c2 in spans if c2 > c1 for c in range(c1, c2 + 1)}
    for col, text in texts.items():
        below = _text(bottom[col]) if col < len(bottom) else ""
        if len(text) > 60 or any(ch.isdigit() for ch in text):
            return False
        if not (col in spanned or counts[text] > 1 or not below):
            return False
    return True


def find_header(rows: Sequence[tuple[int, Sequence]], kind: Kind,
                spans: dict[int, list[tuple[int, int]]] | None = None) -> Layout | None:
    """The best header among `rows` (line, values): the most columns named, the earliest on a tie.

    `spans` gives, per line, the horizontally merged ranges (first, last column) of that row.
    """
    need = min(3, len(kind.columns))
    spans = spans or {}
    singles: list[Layout | None] = []
    for line, values in rows:
        has_text = any(isinstance(v, str) and v.strip() for v in values)
        singles.append(_one_row(line, values, kind) if has_text else None)
    best: Layout | None = None
    for i, (line, values) in enumerate(rows):
        layout = singles[i]
        if layout is None:
            continue
        below = singles[i + 1] if i + 1 < len(rows) and rows[i + 1][0] == line + 1 else None
        if below is not None:
            # Two rows are one header only if together they name more than either does alone.
            if not (layout.columns or layout.split_key or below.columns or below.split_key):
                continue  # neither row names a column: no header here, one row or two
            if not second_row(values, rows[i + 1][1], spans.get(line, ()), kind):
                below = None  # the row under is data (an event), not the header's second row
        if below is not None:
            pair = _two_rows(line, values, rows[i + 1][1], spans.get(line, ()), kind)
            alone = max(_score(layout), _score(below))
            if _score(pair) > alone or (_score(pair) == alone and (
                    (pair.halves and not (layout.halves or below.halves))
                    or caps_header(values, rows[i + 1][1], spans.get(line, ())))):
                layout = pair
        if _score(layout) >= need and (best is None or _score(layout) > _score(best)):
            best = layout
    return best


class HeaderProbe:
    """A cheap test for «could this row be a header again?», run on every row of a table.

    Most rows are events; a header cell starts like one of the kind's titles, so rows whose
    cells start otherwise are passed over without folding their text.
    """

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        titles = [t for c in kind.columns for t in (c.title, *c.variants, *c.start_variants, *c.end_variants)]
        starts = {t.strip()[:3].casefold() for t in titles if t.strip()}
        self.starts = frozenset(starts | {s.translate(_E_AS_YO) for s in starts})
        self.need = min(3, len(kind.columns))

    def maybe(self, values: Sequence) -> bool:
        hits = 0
        starts = self.starts
        for v in values:
            if type(v) is str and v[:3].casefold() in starts:
                hits += 1
        return hits >= self.need
