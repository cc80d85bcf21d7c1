"""This quarter's rows against the archive's earlier quarters (issue 23.2).

An event a municipality already reported in an earlier quarter is named at its row: a warning
when the dates are the same (reported twice), a note when it continues (it began before this
quarter) or recurs with new dates. An event a municipality reported in each of the two quarters
right before this one, and not in this one, is a note for that municipality (event-not-again) when
it is expected again:

- it recurs: the last quarter's report gives dates that neither overlap nor touch those of the
  quarter before (a monthly tournament, a festival held each quarter anew); or
- it is one occurrence reported in both quarters (a festival of 25 March – 5 April, whose dates
  in the two reports overlap or touch) that runs on into this quarter.

One occurrence that ended before this quarter began is not expected again: it is over.

A row whose dates reach outside this quarter, reported before with the very same dates and still
running (a year-long programme, «январь – декабрь 2025 года»), continues: its date-outside-period
warning becomes the note date-outside-continues, which no letter carries (letters carry errors and
warnings only), so a clerk is not asked every quarter to fix dates that are right.

The matcher is the one that finds an event shared by municipalities (check/same_event.py), with
its bounds: names are compared only within one municipality, identical normalised names once,
and fuzzy comparison only with the archived names that share a rare stem (same_event.StemIndex).
The archive is indexed once, so a check costs time linear in the archive's size, never all pairs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from reportgen.check.same_event import Key, StemIndex, exact_key, same_name, text_key
from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind
from reportgen.model import Archive, PastQuarter, Record, Submission, Validation
from reportgen.period import Period, Term
from reportgen.text import short

MAX_NAMED = 10  # names in one event-not-again note; the rest are counted


# One archived event as the index keeps it: (age, its quarter, number, start, end, name); age 0 is the newest.
_Past = tuple


def past_quarter(record: Record, kind: Kind) -> PastQuarter:
    """What the checks need of an archived quarter: each dated event's number, dates, name and key."""
    columns = [c.key for c in kind.content_columns]
    name_at = columns.index(kind.name_key) if kind.name_key in columns else None
    place_at = columns.index(kind.place_key) if kind.place_key in columns else None
    from reportgen.read.report import dated

    events = []
    # A record seeded from a Word report by an earlier reportgen holds no dates: they are read from its cells.
    report = dated(record.report, record.period.quarter, kind)
    for section in report.sections if name_at is not None else ():
        for event in section.events:
            if event.start is None or event.end is None or len(event.cells) <= name_at:
                continue
            name = event.cells[name_at]
            place = event.cells[place_at] if place_at is not None and place_at < len(event.cells) else ""
            key = text_key(name, place, kind)
            if key is not None:
                events.append((section.municipality, event.number, event.start.toordinal(), event.end.toordinal(),
                               short(" ".join(name.split()), 150), *key))
    return PastQuarter(record.path, record.period, record.version, tuple(events))


def archived_quarters(archive: Archive, period: Period, kind: Kind) -> list[PastQuarter]:
    """The archive's quarters before `period`, newest first (a half-year or a year holds quarters again: left out)."""
    return [past_quarter(r, kind) for r in archive.before(period) if r.period.quarter is not None]


class _Municipality:
    """One municipality's archived events, grouped by identical keys and indexed by rare stems."""

    __slots__ = ("position", "keys", "groups", "index", "found")

    def __init__(self) -> None:
        self.position: dict[str, int] = {}  # an exact key (Key.exact) → its group
        self.keys: list[Key] = []  # one per group
        self.groups: list[list[_Past]] = []
        self.index: StemIndex | None = None
        self.found: dict[str, tuple[int, ...]] = {}  # an exact key → the groups it matches (cached)

    def matching(self, key: Key, fuzz) -> tuple[int, ...]:
        """The groups `key` names: its own (identical key) and those the fuzzy bounds call the same."""
        exact = key.exact()
        if exact not in self.found:
            if self.index is None:
                self.index = StemIndex(self.keys)
            hits = {j for j in self.index.candidates(key) if same_name(key, self.keys[j], fuzz)}
            if exact in self.position:
                hits.add(self.position[exact])
            self.found[exact] = tuple(sorted(hits))
        return self.found[exact]

    def matches(self, key: Key, fuzz) -> list[_Past]:
        """The archived events `key` names, newest quarter first."""
        out = [p for j in self.matching(key, fuzz) for p in self.groups[j]]
        out.sort(key=lambda p: (p[0], p[2]))
        return out


class EarlierIndex:
    """The earlier quarters (newest first), indexed by municipality and matching key (built once).

    One pass over the archived events, a dictionary step each: this loop is the check's cost that
    grows with the archive, so it builds no object per event beyond the tuple it keeps.
    """

    def __init__(self, quarters: Sequence[PastQuarter]) -> None:
        self.by_municipality: dict[str, _Municipality] = {}
        by = self.by_municipality
        for age, quarter in enumerate(quarters):
            for who, number, start, end, name, stems, quoted, place in quarter.events:
                m = by.get(who)
                if m is None:
                    by[who] = m = _Municipality()
                exact = exact_key(stems, quoted, place)  # Key.exact, without making the Key
                at = m.position.get(exact)
                if at is None:
                    at = m.position[exact] = len(m.keys)
                    m.keys.append(Key(stems, quoted, place))
                    m.groups.append([])
                m.groups[at].append((age, quarter, number, start, end, name))

    def matches(self, municipality: str, key: Key, fuzz) -> list[_Past]:
        found = self.by_municipality.get(municipality)
        return found.matches(key, fuzz) if found is not None else []


def earlier_quarters(validation: Validation, kind: Kind, quarters: Sequence[PastQuarter] | Archive) -> Validation:
    """The validation with this quarter's rows checked against the earlier quarters (newest first), or an
    archive's (see archived_quarters)."""
    period = validation.period
    if period is None:
        return validation
    if isinstance(quarters, Archive):
        quarters = archived_quarters(quarters, period, kind)
    quarters = [q for q in quarters if q.period.quarter is not None and q.period.end < period.start]
    if not quarters:
        return validation
    from rapidfuzz import fuzz

    from reportgen.check.forms import _place_order
    from reportgen.check.same_event import match_key

    index = EarlierIndex(quarters)
    name_key = kind.name_key or ""
    seen: set[int] = set()  # archived events some row of this quarter names (by id)
    added: dict[int, list[Diagnostic]] = defaultdict(list)
    # (sheet, cell) of the dates of rows that continue with the same dates: their date-outside-period goes
    continuing: dict[int, dict[tuple[str | None, str | None], Diagnostic]] = defaultdict(dict)
    for i, s in enumerate(validation.submissions):
        if s.municipality is None:
            continue
        for entry in s.entries:
            key = match_key(entry.row, kind) if entry.span is not None else None
            if key is None:
                continue
            found = index.matches(s.municipality.short, key, fuzz)
            if not found:
                continue
            seen.update(id(p) for p in found)
            cell = entry.row.cells.get(name_key)
            finding = _finding(s, entry, cell.ref if cell else None, found, period, kind)
            added[i].append(finding)
            note = _continues(s, entry, finding, period, kind)
            if note is not None:
                continuing[i][(note.sheet, note.cell)] = note
    for i, d in _not_again(validation, quarters, index, period, seen, fuzz):
        added[i].append(d)
    if not added:
        return validation
    subs = []
    for i, s in enumerate(validation.submissions):
        if i in added:
            mine = continuing.get(i, {})
            outside = {(d.sheet, d.cell) for d in s.diagnostics if d.code == "date-outside-period"} & mine.keys()
            kept = [d for d in s.diagnostics if not (d.code == "date-outside-period" and (d.sheet, d.cell) in outside)]
            notes = [d for place, d in mine.items() if place in outside]  # only where the warning was
            s = replace(s, diagnostics=tuple(sorted((*kept, *added[i], *notes), key=_place_order(s.form))))
        subs.append(s)
    return replace(validation, submissions=tuple(subs))


def _continues(s: Submission, entry, finding: Diagnostic, period: Period, kind: Kind) -> Diagnostic | None:
    """The note that stands for a row's date-outside-period when the event continues: it was reported
    in an earlier quarter with these very dates, and it is still running when this quarter begins."""
    span = entry.span
    if not finding.fact("carried") or (finding.fact("start"), finding.fact("end")) != (span.start, span.end):
        return None
    from reportgen.check.forms import _dates_ref

    cell = entry.row.cells.get(kind.dates_key or "")
    return Diagnostic.of(
        "date-outside-continues", file=s.form.file, sheet=entry.row.sheet or s.form.sheet,
        cell=_dates_ref(entry, s.form, kind), quoted=" ".join(cell.text.split()) if cell else "", quarter=period,
        **{k: finding.fact(k) for k in ("name", "period", "version", "number", "start", "end", "more")})


def _finding(s: Submission, entry, cell: str | None, found: list[_Past], period: Period, kind: Kind) -> Diagnostic:
    """One row's finding: a continuation (began before the quarter), the same dates again, or new dates."""
    span = entry.span
    carried = span.start < period.start <= span.end
    dates = (span.start.toordinal(), span.end.toordinal())
    same = [p for p in found if (p[3], p[4]) == dates]
    _, quarter, number, start, end, _ = (same or found)[0]
    code = "event-reported-earlier" if same and not carried else "event-continues"
    periods = {p[1].period for p in found}
    form = s.form
    return Diagnostic.of(
        code, file=form.file, sheet=entry.row.sheet or form.sheet, cell=cell,
        name=short(" ".join(entry.row.text(kind.name_key or "").split()), 150),
        period=quarter.period.code(), version=quarter.version, number=number,
        start=dt.date.fromordinal(start), end=dt.date.fromordinal(end), carried=carried, more=len(periods) - 1)


def previous_quarter(period: Period) -> Period:
    return Period(period.year, period.quarter - 1) if period.quarter > 1 else Period(period.year - 1, 4)


def _not_again(validation: Validation, quarters: Sequence[PastQuarter], index: EarlierIndex, period: Period,
               seen: set[int], fuzz) -> list[tuple[int, Diagnostic]]:
    """(submission, note) for each municipality whose events of the two quarters before are missing now
    and expected again (see expected_again)."""
    last = previous_quarter(period)
    before = previous_quarter(last)
    newer = next((q for q in quarters if q.period == Term.of(last)), None)
    older = next((q for q in quarters if q.period == Term.of(before)), None)
    if newer is None or older is None:
        return []
    last_names: dict[str, list[str]] = defaultdict(list)
    for who, _, _, _, _, stems, quoted, place in newer.events:
        last_names[who].append(exact_key(stems, quoted, place))
    out = []
    done: set[str] = set()
    for i, s in enumerate(validation.submissions):
        short_name = s.municipality.short if s.municipality else None
        # A form that cannot be read whole says nothing of what is missing from it.
        if short_name is None or short_name in done or any(d.blocks_force for d in s.diagnostics):
            continue
        done.add(short_name)
        group = index.by_municipality.get(short_name)
        if group is None:
            continue
        shown = []
        for at in dict.fromkeys(group.position[exact] for exact in last_names.get(short_name, ())):
            # the last quarter's names of theirs, each once
            mine = [p for p in group.groups[at] if p[1] is newer]
            if any(id(p) in seen for p in mine):
                continue  # named by a row of this quarter
            before_now = [p for j in group.matching(group.keys[at], fuzz) for p in group.groups[j] if p[1] is older]
            if before_now and expected_again(mine, before_now, period):
                shown.append(short(mine[0][5], 150))
        if shown:
            out.append((i, Diagnostic.of(
                "event-not-again", file=s.form.file, municipality=short_name, names=tuple(shown[:MAX_NAMED]),
                more=max(0, len(shown) - MAX_NAMED), periods=(before, last))))
    return out


def expected_again(last: Sequence[_Past], before: Sequence[_Past], period: Period) -> bool:
    """Whether an event of the last quarter (`last`: its reports there) and of the quarter before
    (`before`) is to be expected in `period` too: it recurs, or its one occurrence runs on into it.

    Two reports are one occurrence when their dates overlap or touch (25 March – 5 April in both;
    20–31 March, then 1–5 April). The last quarter recurs when one of its reports is no occurrence
    of the quarter before's: new dates.
    """
    begins = period.start.toordinal()
    for _, _, _, start, end, _ in last:
        if end >= begins:
            return True  # still running when this quarter began
        if all(start > b[4] + 1 or b[3] > end + 1 for b in before):
            return True  # new dates: it recurs
    return False


def skipped_records(findings: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The archive's records that could not be used (their record-* findings), each a run-level warning
    that blocks nothing."""
    return tuple(Diagnostic.of("archive-record-skipped", file=d.file, why=" ".join(d.message.split()))
                 for d in findings)
