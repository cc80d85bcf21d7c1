"""The data that flows through the pipeline: forms as read, and the report as assembled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .diagnostics import Diagnostic


@dataclass(frozen=True)
class Cell:
    """One value of a form: the text that goes into the report and where it came from."""

    text: str
    ref: str
    # The typed value when it was not text (a date cell), for the date parser.
    value: dt.date | None = None


@dataclass(frozen=True)
class Row:
    """An event row of a form, by column key."""

    line: int
    cells: dict[str, Cell]

    def text(self, key: str) -> str:
        cell = self.cells.get(key)
        return cell.text if cell else ""


@dataclass(frozen=True)
class Field:
    """A labelled value above the table ("Муниципальное образование: …")."""

    text: str
    ref: str


@dataclass(frozen=True)
class Form:
    """One input workbook as read: its fields, its event rows and what the reader found."""

    path: str
    sheet: str | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # key → column letter
    header_line: int | None = None
    rows: tuple[Row, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def readable(self) -> bool:
        """The reader found a table; checks can look at the rows."""
        return self.header_line is not None


@dataclass(frozen=True)
class Event:
    number: int
    label: str  # "1."
    cells: tuple[str, ...]  # the content columns, in the kind's order
    file: str
    sheet: str | None
    line: int
    ref: str = ""  # the cell of the event's name, where a reader of the export can find it
    start: dt.date | None = None  # parsed from the dates column (None when it could not be)
    end: dt.date | None = None


@dataclass(frozen=True)
class Section:
    title: str
    municipality: str  # the registry's short name
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Report:
    """What the Word writer writes: a title, the column titles, sections of numbered events."""

    title: str
    columns: tuple[str, ...]
    widths_cm: tuple[float, ...]
    number_column: int | None  # index of the № column among `columns`, if the kind has one
    sections: tuple[Section, ...]
    period: str = ""  # "2025-Q2"

    @property
    def event_count(self) -> int:
        return sum(len(s.events) for s in self.sections)

    def row_cells(self, event: Event) -> tuple[str, ...]:
        """An event's cells in column order, its number label in the № column."""
        if self.number_column is None:
            return event.cells
        i = self.number_column
        return (*event.cells[:i], event.label, *event.cells[i:])

    def dump(self) -> str:
        """A plain-text dump of the report, for golden tests and for reading diffs."""
        out = [f"TITLE {self.title!r}", f"COLUMNS {list(self.columns)!r}"]
        for s in self.sections:
            out.append(f"SECTION {s.title!r}")
            for e in s.events:
                out.append(f"  ROW {list(self.row_cells(e))!r}")
        return "\n".join(out) + "\n"
