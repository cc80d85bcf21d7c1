"""Findings about inputs: a stable code, a place (file, sheet, cell) and the facts.

Every code reportgen can emit is declared in reportgen/catalogue.py with its severity, scope and
wording; a Diagnostic made with Diagnostic.of() renders its message and hint from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reportgen.compact import compact
from reportgen.catalogue import CODES, Scope, Severity, render  # noqa: F401 - CODES re-exported


@compact
@dataclass(frozen=True, slots=True)
class Location:
    file: str
    sheet: str | None = None
    cell: str | None = None

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell}


@compact
@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    hint: str = ""
    related: tuple[Location, ...] = field(default=())
    # What the finding is about, as data (the quoted text, the limit, the nearest names): the
    # message and hint are the catalogue's templates filled with them; JSON carries them too.
    facts: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code!r}")

    @classmethod
    def of(cls, code: str, *, file: str | None = None, sheet: str | None = None, cell: str | None = None,
           related: tuple[Location, ...] = (), **facts: object) -> Diagnostic:
        """The finding `code` at a place, worded by the catalogue from the facts."""
        entry = CODES[code]
        # A template may name the place too ({sheet}, {cell}); the facts keep only what is not the place.
        given = {"file": file, "sheet": sheet, "cell": cell, **facts}
        return cls(code, render(entry.message, given), file=file, sheet=sheet, cell=cell,
                   hint=render(entry.hint, given), related=related, facts=tuple(facts.items()))

    def fact(self, name: str, default: object = None) -> object:
        return dict(self.facts).get(name, default)

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def scope(self) -> Scope:
        return CODES[self.code].scope

    @property
    def blocks_force(self) -> bool:
        """An error that stops a build even with --force."""
        return self.severity == "error" and self.scope != "row"

    def where(self) -> str:
        """`FILE:SHEET!CELL`, `FILE:SHEET`, `FILE` or empty for run-wide findings."""
        if self.file is None:
            return ""
        if self.sheet is None:
            return self.file
        return f"{self.file}:{self.sheet}!{self.cell}" if self.cell else f"{self.file}:{self.sheet}"

    def as_dict(self) -> dict:
        out = {
            "file": self.file, "sheet": self.sheet, "cell": self.cell,
            "severity": self.severity, "code": self.code, "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.related:
            out["related"] = [r.as_dict() for r in self.related]
        if self.facts:
            out["facts"] = {name: _data(value) for name, value in self.facts}
        return out


def _data(value: object) -> object:
    """A fact as JSON: numbers and text as they are, sequences as lists, a Period as its code (2025-Q2)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    code = getattr(value, "code", None)
    return code() if callable(code) else str(value)


_CELL = re.compile(r"([A-Z]+)(\d+)")


@lru_cache(maxsize=65536)
def cell_order(cell: str | None) -> tuple[int, int]:
    """Sort key of a cell reference: row first, then column; file-level findings first."""
    if not cell:
        return (0, 0)
    m = _CELL.match(cell)
    if not m:
        return (0, 0)
    return (int(m.group(2)), column_index(m.group(1)) + 1)


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26: the inverse of column_letter."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def blocking(diagnostics, force: bool) -> list[Diagnostic]:
    """The errors that stop a build or a split: all of them, or with --force only file- and run-level ones."""
    return [d for d in diagnostics if d.severity == "error" and (not force or d.blocks_force)]


def count(diagnostics, severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
