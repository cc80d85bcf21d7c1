"""This quarter's rows against the archive's earlier quarters (issue 23.2).

An event a municipality already reported in an earlier quarter is named at its row: a warning
when the dates are the same (reported twice), a note when it continues (it began before this
quarter) or recurs with new dates. An event a municipality reported in each of the two quarters
right before this one, and not in this one, is a note for that municipality.

The matcher is the one that finds an event shared by municipalities (check/same_event.py), with
its bounds: names are compared only within one municipality, identical normalised names once,
and fuzzy comparison only with the archived names that share a rare stem (same_event.StemIndex).
The archive is indexed once, so a check costs time linear in the archive's size, never all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportgen.check.same_event import Key, StemIndex, same_name, text_key
from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind
from reportgen.model import Archive, Event, Record, Submission, Validation
from reportgen.period import Period, Term
from reportgen.text import short

MAX_NAMED = 10  # names in one event-not-again note; the rest are counted


@dataclass(frozen=True, slots=True)
class _Past:
    """One dated event of an earlier quarter's record: where the archive has it."""

    age: int  # the record's place in archive.before(): 0 is the newest
    record: Record
    event: Event
    name: str  # as the report wrote it


class _Municipality:
    """One municipality's archived events, grouped by identical keys and indexed by rare stems."""

    def __init__(self) -> None:
        self.position: dict[str, int] = {}  # an exact key → its group
        self.keys: list[Key] = []  # one per group
        self.groups: list[list[_Past]] = []
        self.index: StemIndex | None = None
        self.found: dict[str, tuple[int, ...]] = {}  # an exact key → the groups it matches (cached)

    def add(self, key: Key, past: _Past) -> None:
        at = self.position.setdefault(key.exact(), len(self.keys))
        if at == len(self.keys):
            self.keys.append(key)
            self.groups.append([])
        self.groups[at].append(past)

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
        """The archived events `key` names, newest record first."""
        out = [p for j in self.matching(key, fuzz) for p in self.groups[j]]
        out.sort(key=lambda p: (p.age, p.event.number))
        return out


class EarlierIndex:
    """The archive's earlier quarters, indexed by municipality and matching key (built once)."""

    def __init__(self, records: Sequence[Record], kind: Kind) -> None:
        columns = [c.key for c in kind.content_columns]
        name_at = columns.index(kind.name_key) if kind.name_key in columns else None
        place_at = columns.index(kind.place_key) if kind.place_key in columns else None
        self.records = tuple(records)
        self.by_municipality: dict[str, _Municipality] = defaultdict(_Municipality)
        if name_at is None:
            return
        for age, record in enumerate(self.records):
            for section in record.report.sections:
                for event in section.events:
                    if event.start is None or event.end is None or len(event.cells) <= name_at:
                        continue
                    name = event.cells[name_at]
                    place = event.cells[place_at] if place_at is not None and place_at < len(event.cells) else ""
                    key = text_key(name, place, kind)
                    if key is not None:
                        self.by_municipality[section.municipality].add(
                            key, _Past(age, record, event, " ".join(name.split())))

    def matches(self, municipality: str, key: Key, fuzz) -> list[_Past]:
        found = self.by_municipality.get(municipality)
        return found.matches(key, fuzz) if found is not None else []


def earlier_quarters(validation: Validation, kind: Kind, archive: Archive) -> Validation:
    """The validation with this quarter's rows checked against the archive's earlier quarters."""
    period = validation.period
    if period is None:
        return validation
    # Only quarters: a half-year or a year holds the quarters again, and is not compared.
    records = [r for r in archive.before(period) if r.period.quarter is not None]
    if not records:
        return validation
    from rapidfuzz import fuzz

    from reportgen.check.forms import _place_order
    from reportgen.check.same_event import match_key

    index = EarlierIndex(records, kind)
    name_key = kind.name_key or ""
    seen: set[int] = set()  # archived events some row of this quarter names (by id)
    added: dict[int, list[Diagnostic]] = defaultdict(list)
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
            seen.update(id(p.event) for p in found)
            cell = entry.row.cells.get(name_key)
            added[i].append(_finding(s, entry, cell.ref if cell else None, found, period, kind))
    for i, d in _not_again(validation, kind, archive, index, period, seen, fuzz):
        added[i].append(d)
    if not added:
        return validation
    subs = tuple(replace(s, diagnostics=tuple(sorted((*s.diagnostics, *added[i]), key=_place_order(s.form))))
                 if i in added else s for i, s in enumerate(validation.submissions))
    return replace(validation, submissions=subs)


def _finding(s: Submission, entry, cell: str | None, found: list[_Past], period: Period, kind: Kind) -> Diagnostic:
    """One row's finding: a continuation (began before the quarter), the same dates again, or new dates."""
    span = entry.span
    carried = span.start < period.start <= span.end
    same = [p for p in found if (p.event.start, p.event.end) == (span.start, span.end)]
    past = (same or found)[0]
    code = "event-reported-earlier" if same and not carried else "event-continues"
    periods = {p.record.period for p in found}
    form = s.form
    return Diagnostic.of(
        code, file=form.file, sheet=entry.row.sheet or form.sheet, cell=cell,
        name=short(" ".join(entry.row.text(kind.name_key or "").split()), 150),
        period=past.record.period.code(), version=past.record.version, number=past.event.number,
        start=past.event.start, end=past.event.end, carried=carried, more=len(periods) - 1)


def _previous(period: Period) -> Period:
    return Period(period.year, period.quarter - 1) if period.quarter > 1 else Period(period.year - 1, 4)


def _not_again(validation: Validation, kind: Kind, archive: Archive, index: EarlierIndex, period: Period,
               seen: set[int], fuzz) -> list[tuple[int, Diagnostic]]:
    """(submission, note) for each municipality whose events of the two quarters before are missing now."""
    last = _previous(period)
    before = _previous(last)
    newer, older = archive.get(Term.of(last)), archive.get(Term.of(before))
    if newer is None or older is None:
        return []
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
        for key, pasts in zip(group.keys, group.groups):
            mine = [p for p in pasts if p.record is newer]
            if not mine or any(id(p.event) in seen for p in mine):
                continue  # not in the last quarter, or named by a row of this one
            if any(p.record is older for j in group.matching(key, fuzz) for p in group.groups[j]):
                shown.append(short(mine[0].name, 150))
        if shown:
            out.append((i, Diagnostic.of(
                "event-not-again", file=s.form.file, municipality=short_name, names=tuple(shown[:MAX_NAMED]),
                more=max(0, len(shown) - MAX_NAMED), periods=(before, last))))
    return out


def skipped_records(archive: Archive) -> tuple[Diagnostic, ...]:
    """The archive's records that could not be used, each a run-level warning that blocks nothing."""
    return tuple(Diagnostic.of("archive-record-skipped", file=d.file, why=" ".join(d.message.split()))
                 for d in archive.findings)
