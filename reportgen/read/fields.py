"""The labelled fields above a form's table («Муниципальное образование», «Отчетный период»).

A value may stand after a colon in the label's own cell («Муниципальное образование: Вяземский»),
in the next non-empty cell to its right (also when the label ends with a colon, and when either
cell is merged), in the cell under the label, or on the line above a caption, as printed forms
have it: «Вяземский муниципальный округ» over «(наименование муниципального образования)».
The other texts above the table are the form's title, where a form may name its municipality.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportgen.diagnostics import column_letter
from reportgen.kind import FieldSpec, Kind
from reportgen.model import Field
from reportgen.period import parse_label
from reportgen.read.grid import cell_text
from reportgen.text import fold_words

_SEPARATOR = re.compile(r"^[\s:\-\u2013\u2014=]+")
_EXPLICIT = re.compile(r"^\s*[:\-\u2013\u2014=]")
# Vocabulary: labels are matched with ё read as е (tests/wording_sites.py does not count these).
_YO_AS_E = str.maketrans({"ё": "е", "Ё": "Е"})
_YO_AS_E_LOWER = str.maketrans({"ё": "е"})  # the value's cell: a lowercase ё only, as before


def _label_pattern(label: str) -> re.Pattern:
    words = [re.escape(w) for w in fold_words(label).split()]
    return re.compile(r"^[\W_]*" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def _texts(values: Sequence) -> dict[int, str]:
    out = {}
    for col, value in enumerate(values):
        text = cell_text(value)[0] if value is not None and value != "" else ""
        if text:
            out[col] = " ".join(text.split())
    return out


class _Fields:
    def __init__(self, kind: Kind) -> None:
        self.labels = [(spec, _label_pattern(label)) for spec in kind.fields for label in spec.labels
                       if fold_words(label)]
        # Longer labels first: «Наименование муниципального образования» before «МО».
        self.labels.sort(key=lambda item: -len(item[1].pattern))
        self.captions = {fold_words(c): spec for spec in kind.fields for c in spec.captions}
        self.period = kind.field("period")


def read_fields(rows: Sequence[tuple[int, Sequence]], kind: Kind, sheet: str,
                spans: dict[int, list[tuple[int, int]]] | None = None) -> tuple[dict[str, Field], Field | None]:
    """Fields found in `rows` (the lines above a table), and the form's title from the other texts."""
    spec = _Fields(kind)
    spans = spans or {}
    grid = [(line, _texts(values)) for line, values in rows]
    fields: dict[str, Field] = {}
    used: set[tuple[int, int]] = set()

    def put(field_spec: FieldSpec, text: str, line: int, col: int) -> None:
        if field_spec.key not in fields or not fields[field_spec.key].text:
            fields[field_spec.key] = Field(text, f"{column_letter(col)}{line}", sheet)
        used.add((line, col))

    for i, (line, texts) in enumerate(grid):
        for col, text in texts.items():
            if (line, col) in used:
                continue
            caption = spec.captions.get(fold_words(text))
            if caption is not None and text.strip().startswith("("):
                used.add((line, col))
                found = _above(grid, i, col, spans)
                if found is not None and (found[0], found[1]) not in used:
                    put(caption, found[2], found[0], found[1])
                continue
            normal = text.translate(_YO_AS_E)
            label = next(((s, m) for s, p in spec.labels if (m := p.match(normal))), None)
            if label is None:
                continue
            field_spec, m = label
            used.add((line, col))
            rest = text[m.end():]
            after = _SEPARATOR.sub("", rest).strip()
            if after and not after.startswith("("):
                put(field_spec, after if _EXPLICIT.match(rest) else text, line, col)
                continue
            found = _right(texts, col) or _below(grid, i, col, spec)
            if found is not None:
                put(field_spec, found[2], found[0] if found[0] else line, found[1])
            elif field_spec.key not in fields:
                fields[field_spec.key] = Field("", f"{column_letter(col)}{line}", sheet)

    title_parts = [(line, col, text) for line, texts in grid for col, text in texts.items() if (line, col) not in used]
    title = None
    if title_parts:
        line, col, _ = title_parts[0]
        title = Field(" ".join(t for _, _, t in title_parts), f"{column_letter(col)}{line}", sheet)
    if spec.period is not None and spec.period.key not in fields:
        # No labelled period: the form's title may say it ("… во II квартале 2025 года").
        for line, col, text in title_parts:
            if parse_label(text):
                fields[spec.period.key] = Field(text, f"{column_letter(col)}{line}", sheet)
                break
    return fields, title


def _right(texts: dict[int, str], col: int) -> tuple[int, int, str] | None:
    right = [c for c in texts if c > col]
    if not right:
        return None
    c = min(right)
    return 0, c, texts[c]


def _below(grid, i: int, col: int, spec: _Fields) -> tuple[int, int, str] | None:
    """The value in the next row under a label that has nothing to its right."""
    if i + 1 >= len(grid):
        return None
    line, texts = grid[i + 1]
    if line != grid[i][0] + 1:
        return None
    for c in sorted(texts):
        if c >= col:
            text = texts[c]
            normal = text.translate(_YO_AS_E_LOWER)
            # Another label (with nothing after it) or a caption is not this label's value.
            if any((m := p.match(normal)) and not _SEPARATOR.sub("", normal[m.end():]) for _, p in spec.labels) \
                    or fold_words(text) in spec.captions:
                return None
            return line, c, text
    return None


def _above(grid, i: int, col: int, spans: dict[int, list[tuple[int, int]]]) -> tuple[int, int, str] | None:
    """The value over a caption: the nearest text above, in the caption's column or a merge covering it."""
    for j in range(i - 1, max(i - 3, -1), -1):
        line, texts = grid[j]
        if col in texts:
            return line, col, texts[col]
        for c1, c2 in spans.get(line, ()):
            if c1 <= col <= c2 and c1 in texts:
                return line, c1, texts[c1]
    return None
