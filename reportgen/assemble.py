"""Assembly: checked forms → the report model. Pure: no files, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from reportgen.kind import Kind
from reportgen.model import Entry, Event, Report, Section, Submission
from reportgen.period import Period

Order = Literal["submitted", "date"]
ORDERS: tuple[Order, ...] = ("submitted", "date")

_UNDATED = (dt.date.max, dt.date.max)


def _date_key(entry: Entry) -> tuple[dt.date, dt.date]:
    return (entry.span.start, entry.span.end) if entry.span else _UNDATED


def assemble(submissions: Sequence[Submission], kind: Kind, period: Period,
             order: Order = "submitted") -> Report:
    """Sections in registry order, rows in the order asked for, numbered straight through."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    by_owner: dict[str, Submission] = {}
    for s in submissions:
        if s.municipality is not None and s.entries:
            by_owner.setdefault(s.municipality.short, s)
    keys = [c.key for c in kind.content_columns]
    name_key = kind.name_key or ""
    sections: list[Section] = []
    n = 0
    for municipality in kind.registry:
        sub = by_owner.get(municipality.short)
        if sub is None:
            continue
        entries = list(sub.entries)
        if order == "date":
            entries.sort(key=_date_key)  # stable: equal dates keep the municipality's order
        events = []
        for e in entries:
            n += 1
            cells = e.row.cells
            name_cell = cells.get(name_key) or next(iter(cells.values()), None)
            events.append(Event(
                number=n, label=kind.number_label(n),
                cells=tuple(cells[k].text if k in cells else "" for k in keys),
                file=sub.form.file, sheet=e.row.sheet or sub.form.sheet, line=e.row.line,
                ref=name_cell.ref if name_cell else "",
                start=e.span.start if e.span else None, end=e.span.end if e.span else None,
            ))
        sections.append(Section(municipality.section, municipality.short, tuple(events)))
    return Report.of(kind, period, tuple(sections))

