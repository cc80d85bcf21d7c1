"""Assembly: checked forms → the report model. Pure: no files, no printing, no clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Literal

from reportgen.dates import DATE_STYLES, format_date, uniform_text
from reportgen.kind import Kind
from reportgen.model import Closing, Entry, Event, Report, Section, Submission, TermMerge
from reportgen.period import ROMAN, Period, Term

Order = Literal["submitted", "date"]
ORDERS: tuple[Order, ...] = ("submitted", "date")

_UNDATED = (dt.date.max, dt.date.max)


def _date_key(entry: Entry) -> tuple[dt.date, dt.date]:
    return (entry.span.start, entry.span.end) if entry.span else _UNDATED


class _Numbers:
    """Events numbered straight through a report, 1…n across its sections, labelled as the kind says."""

    __slots__ = ("kind", "n")

    def __init__(self, kind: Kind) -> None:
        self.kind, self.n = kind, 0

    def next(self) -> tuple[int, str]:
        self.n += 1
        return self.n, self.kind.number_label(self.n)


def numbered(report: Report, kind: Kind) -> Report:
    """The report with its events numbered as assemble numbers a built one (split reads them unnumbered)."""
    numbers = _Numbers(kind)
    sections = []
    for section in report.sections:
        events = []
        for event in section.events:
            number, label = numbers.next()
            events.append(dataclasses.replace(event, number=number, label=label))
        sections.append(dataclasses.replace(section, events=tuple(events)))
    return dataclasses.replace(report, sections=tuple(sections))


def check_choices(order: str, dates: str | None = None) -> None:
    """A row order and a dates style the report knows; a RequestError (the caller's, exit 2) otherwise."""
    from reportgen.catalogue import say
    from reportgen.errors import RequestError

    if order not in ORDERS:
        raise RequestError(say("refusal.order-unknown", order=order, choices=ORDERS))
    if dates is not None and dates not in DATE_STYLES:
        raise RequestError(say("refusal.dates-unknown", dates=dates, choices=DATE_STYLES))


def assemble(submissions: Sequence[Submission], kind: Kind, period: Period,
             order: Order = "submitted", *, dates: str | None = None, closing: bool | None = None,
             signed: dt.date | None = None, left_out: Sequence[tuple[str, str]] = ()) -> Report:
    """Sections in registry order, rows in the order asked for, numbered straight through.

    `dates`: "as-typed" or "uniform" (None: the kind's [report] dates). Uniform rewrites every
    readable dates cell in one style and keeps the typed text in Event.dates_typed; an unreadable
    one stays as typed (it has its finding). `closing` (None: the kind's [closing] enabled) adds
    the block after the table; `signed` is its {date} (None: a line to write the date by hand).
    `left_out`: (registry short name, Russian reason) of the forms left out of the report.
    """
    style = dates or kind.dates_style
    check_choices(order, style)
    excluded = {short for short, _ in left_out}
    by_owner: dict[str, Submission] = {}
    for s in submissions:
        if s.municipality is not None and s.entries and s.municipality.short not in excluded:
            by_owner.setdefault(s.municipality.short, s)
    keys = [c.key for c in kind.content_columns]
    dates_at = keys.index(kind.dates_key) if kind.dates_key in keys else None
    name_key = kind.name_key or ""
    sections: list[Section] = []
    numbers = _Numbers(kind)
    for municipality in kind.registry:
        sub = by_owner.get(municipality.short)
        if sub is None:
            continue
        entries = list(sub.entries)
        if order == "date":
            entries.sort(key=_date_key)  # stable: equal dates keep the municipality's order
        events = []
        for e in entries:
            number, label = numbers.next()
            cells_in = e.row.cells
            name_cell = cells_in.get(name_key) or next(iter(cells_in.values()), None)
            cells = [cells_in[k].text if k in cells_in else "" for k in keys]
            typed = None
            if style == "uniform" and dates_at is not None and e.span is not None:
                typed, cells[dates_at] = cells[dates_at], uniform_text(e.span)
            events.append(Event(
                number=number, label=label,
                cells=tuple(cells),
                file=sub.form.file, sheet=e.row.sheet or sub.form.sheet, line=e.row.line,
                ref=name_cell.ref if name_cell else "",
                start=e.span.start if e.span else None, end=e.span.end if e.span else None,
                dates_typed=typed,
            ))
        sections.append(Section(municipality.section, municipality.short, tuple(events)))
    wanted = kind.closing.enabled if closing is None else closing
    block = _closing(submissions, kind, period, sections, signed, left_out) if wanted else None
    return Report.of(kind, period, tuple(sections), closing=block, dates=style)


def _named(text: str) -> str:
    return text[:1].upper() + text[1:]


def display_name(municipality) -> str:
    """A municipality as the closing block and the cover note name it: «Вяземский муниципальный округ»."""
    return _named(municipality.form_name)


def _events(n: int) -> str:
    from reportgen.catalogue import say

    return say("note.events", n=n)


def _closing(submissions: Sequence[Submission], kind: Kind, period: Period, sections: Sequence[Section],
             signed: dt.date | None, left_out: Sequence[tuple[str, str]]) -> Closing:
    """Every municipality of the registry once: with its events, without any, with nothing sent, or left out."""
    spec = kind.closing
    # The reasons are the coordinator's (an option, a damaged file): the governor's office reads only who.
    reasons = {short for short, _ in left_out}
    counted = {s.municipality: len(s.events) for s in sections}
    sent = {s.municipality.short for s in submissions if s.municipality is not None and s.form.readable}
    no_events, nothing, out = [], [], []
    for m in kind.registry:
        name = display_name(m)
        if m.short in reasons:
            out.append(name)
        elif m.short in counted:
            continue
        elif m.short in sent:
            no_events.append(name)
        else:
            nothing.append(name)
    return _closing_block(kind, period.label(), sections, signed, (no_events, nothing, out))


def _closing_block(kind: Kind, label: str, sections: Sequence[Section], signed: dt.date | None,
                   lists: tuple[list[str], list[str], list[str]]) -> Closing:
    """The closing's text: its lists (no events, nothing sent, left out), the counts, the signature filled in."""
    spec = kind.closing
    no_events, nothing, out = lists
    total = sum(len(s.events) for s in sections)
    fill = {"date": format_date(signed) if signed else spec.no_date, "period": label, "events": _events(total)}
    registry = {m.short: m for m in kind.registry}
    return Closing(
        lists=tuple((heading, tuple(lines)) for heading, lines in (
            (spec.no_events, no_events), (spec.nothing_sent, nothing), (spec.left_out, out)) if lines),
        counts_heading=spec.counts,
        # A record's section the registry no longer knows keeps its own title.
        counts=tuple((display_name(registry[s.municipality]) if s.municipality in registry else s.title,
                      len(s.events)) for s in sections),
        total=spec.total.format(**fill),
        signature=tuple((left.format(**fill), right.format(**fill)) for left, right in spec.signature),
    )


# -- longer periods (23.3): a half-year, nine months or a year from its quarters' reports --


def assemble_term(quarters: Sequence[tuple[Period, Report]], kind: Kind, term: Term, *,
                  closing: bool | None = None, signed: dt.date | None = None) -> Report:
    """One report of `term` from its quarters' reports (oldest first), however each was made.

    An event a municipality reported in several quarters (check.same_event.carried_over says
    which) is one event: the latest quarter's account of it, its dates spanning all of them
    (written anew when the quarters' dates differ), and the quarters named, in a column or in
    the sub-heading above it as the kind's [term] says. Sections in registry order, events in
    the order of their first quarter, numbered straight through; the closing counts the period.
    """
    from reportgen.check.same_event import carried_over
    from reportgen.dates import DateSpan

    spec = kind.term
    keys = [c.key for c in kind.content_columns]
    dates_at = keys.index(kind.dates_key) if kind.dates_key in keys else None
    gathered: dict[str, list[tuple[int, Event]]] = {}
    titles: dict[str, str] = {}
    for qi, (_, report) in enumerate(quarters):
        for section in report.sections:
            titles.setdefault(section.municipality, section.title)
            gathered.setdefault(section.municipality, []).extend((qi, e) for e in section.events)
    registry = {m.short: m for m in kind.registry}
    order = [m.short for m in kind.registry if m.short in gathered]
    order += [short for short in gathered if short not in registry]  # a record's section the registry lost
    numbers = _Numbers(kind)
    sections: list[Section] = []
    merges: list[TermMerge] = []
    for short in order:
        items = gathered[short]
        groups = carried_over([(dict(zip(keys, e.cells)), e.start, e.end, qi) for qi, e in items], kind)
        merged: list[tuple[tuple[Period, ...], Event, list[tuple[int, Event]]]] = []
        for group in groups:
            members = [items[i] for i in group]
            event = members[-1][1]
            spans = {(e.start, e.end) for _, e in members}
            if len(spans) > 1 and dates_at is not None:
                start, end = min(e.start for _, e in members), max(e.end for _, e in members)
                cells = list(event.cells)
                cells[dates_at] = uniform_text(DateSpan(start, end, "day"))
                event = dataclasses.replace(event, cells=tuple(cells), start=start, end=end,
                                            dates_typed=event.dates_typed or event.cells[dates_at])
            reported = tuple(sorted({quarters[qi][0] for qi, _ in members}))
            merged.append((_held_in(event, term) or reported, event, members))
        if spec.quarter == "subheading":
            merged.sort(key=lambda item: (item[0][0], item[0][-1]))  # stable: the quarters' own order within
        events = []
        shown = None
        for parts, event, members in merged:
            number, label = numbers.next()
            heading = ""
            if spec.quarter == "subheading" and parts != shown:
                heading, shown = spec.subheading.format(quarters=_quarters_named(parts)), parts
            cells = event.cells + ((_quarters_cell(parts),) if spec.quarter == "column" else ())
            events.append(dataclasses.replace(event, number=number, label=label, cells=cells, heading=heading,
                                              quarters=_quarters_cell(parts)))
            if len(members) > 1:
                merges.append(TermMerge(number, short, tuple(
                    (quarters[qi][0].code(), e.number, e.file, e.ref) for qi, e in members)))
        sections.append(Section(titles[short], short, tuple(events)))
    wanted = kind.closing.enabled if closing is None else closing
    block = _term_closing([r for _, r in quarters], kind, term, sections, signed) if wanted else None
    style = next((r.dates for _, r in quarters), kind.dates_style)
    report = Report.of(kind, None, tuple(sections), title=kind.title(term), closing=block, dates=style)
    report = dataclasses.replace(report, period=term, merges=tuple(merges))
    if spec.quarter == "column":
        total = sum(report.widths_cm)
        scale = total / (total + spec.column_width_cm)
        report = dataclasses.replace(report, columns=(*report.columns, spec.column_title),
                                     widths_cm=tuple(round(w * scale, 2) for w in
                                                     (*report.widths_cm, spec.column_width_cm)))
    return report


def _held_in(event: Event, term: Term) -> tuple[Period, ...]:
    """The term's quarters an event's dates fall in (none when its dates are unknown or all outside the term).

    A merged event is named by when it was held, not by who reported it when: an event of 20–22
    September copied again into the IV quarter's form is an event of the III quarter.
    """
    if event.start is None or event.end is None:
        return ()
    from reportgen.period import current

    first, last = current(event.start), current(event.end)
    return tuple(q for q in term.quarters() if first <= q <= last)


def _quarters_named(quarters: tuple[Period, ...]) -> str:
    """«I квартал 2025 года», «I и II кварталы 2025 года», «I, II и III кварталы 2025 года»."""
    from reportgen.catalogue import say

    if len(quarters) == 1:
        return quarters[0].label()
    romans = [ROMAN[q.quarter - 1] for q in quarters]
    return say("term.quarters", first=", ".join(romans[:-1]), last=romans[-1], year=quarters[0].year)


def _quarters_cell(quarters: tuple[Period, ...]) -> str:
    """The column's cell: «I», «I, II»."""
    return ", ".join(ROMAN[q.quarter - 1] for q in quarters)


def _term_closing(reports: Sequence[Report], kind: Kind, term: Term, sections: Sequence[Section],
                  signed: dt.date | None) -> Closing:
    """The closing of the whole period: counts of its events; a municipality without any is listed by
    what its quarters' closings said of it (no events rather than left out, left out rather than nothing sent)."""
    spec = kind.closing
    said: dict[str, set[str]] = {}
    by_name = {_named(m.form_name): m.short for m in kind.registry}
    for report in reports:
        for heading, lines in report.closing.lists if report.closing else ():
            for line in lines:
                if line in by_name:
                    said.setdefault(by_name[line], set()).add(heading)
    counted = {s.municipality: len(s.events) for s in sections}
    no_events, nothing, out = [], [], []
    for m in kind.registry:
        if m.short in counted:
            continue
        heard = said.get(m.short, set())
        target = (no_events if spec.no_events in heard else out if spec.left_out in heard else nothing)
        target.append(_named(m.form_name))
    return _closing_block(kind, term.label(), sections, signed, (no_events, nothing, out))
