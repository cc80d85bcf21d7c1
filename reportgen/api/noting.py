"""The cover note (справка) of a build: its figures, each computed from the report's events, and its .docx.

    checked = check_paths("samples/q2")
    report = build_report(checked, force=True)
    note = cover_note(report, checked, note_archive("архив", report.period, kind=checked.kind))
    write_note(note, Path("справка.docx"), kind=checked.kind)

Every figure lists the numbers of the events it counts (Figure.events): the JSON export carries
them (build --json with --note), so a reader can check each one against the report's rows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from reportgen.kind import Kind, load_kind
from reportgen.model import Archive, Checked, Compared, Comparison, Figure, Note, Report, SharedEvent
from reportgen.period import Period, Term


def previous_term(term: Term) -> Term | None:
    """The period just before `term`, of the same length: the quarter, the half-year, the year before.

    Nine months have no such period (their year-earlier one is in year_earlier).
    """
    if term.quarter is not None:
        return Term.of(Period(term.year, term.first - 1)) if term.first > 1 else Term.of(Period(term.year - 1, 4))
    return {"H1": Term(term.year - 1, 3, 4), "H2": Term(term.year, 1, 2), "Y": Term(term.year - 1, 1, 4)}.get(term.shape)


def year_earlier(term: Term) -> Term:
    """The same period a year earlier."""
    return Term(term.year - 1, term.first, term.last)


def note_archive(folder: Path | str, period: Period | Term, *, kind: Kind | None = None) -> Archive:
    """The archive's records a note of `period` compares with (the period before, the same a year earlier), only those.

    A ten-year archive is not read whole for two records.
    """
    from reportgen.api.archive import load_archive

    term = _term(period)
    wanted = [t.code() for t in (previous_term(term), year_earlier(term)) if t is not None]
    return load_archive(folder, kind=kind, periods=wanted)


def _term(period: Period | Term) -> Term:
    return period if isinstance(period, Term) else Term.of(period)


def cover_note(report: Report, checked: Checked | None = None, archive: Archive | None = None, *,
               kind: Kind | None = None) -> Note:
    """The note of `report` as the kind defines it ([note]); comparisons with `archive`'s records, when it has them.

    `checked` (the build's forms) gives the events several municipalities reported (the
    shared-event matcher's clusters over the same rows) and who sent nothing (the roster);
    without it those parts are left out (a report read back from an archive record, say), except
    for a half-year, nine months or a year (api.term): its shared events are found among its own
    rows, and who sent nothing is who has no event in any of its quarters.
    """
    from reportgen.assemble import display_name
    from reportgen.catalogue import say
    from reportgen.check.status import countries_named, month_label

    kind = kind or (checked.kind if checked is not None else None) or load_kind()
    spec = kind.note
    term = _term(report.period)  # type: ignore[arg-type] - a built report knows its period
    registry = {m.short: m for m in kind.registry}

    def label(short: str) -> str:
        return display_name(registry[short]) if short in registry else short

    keys = [c.key for c in kind.content_columns]
    at = {key: keys.index(key) for key in (kind.place_key, kind.participants_key, kind.name_key) if key in keys}

    def cell(event, key) -> str:
        return event.cells[at[key]] if key in at and at[key] < len(event.cells) else ""

    events = [e for s in report.sections for e in s.events]
    total = Figure("", spec.total_of(say("note.events", n=len(events))), tuple(e.number for e in events))
    municipalities = tuple(Figure(s.municipality, label(s.municipality), tuple(e.number for e in s.events))
                           for s in report.sections if s.events)
    per_country: dict[str, list[int]] = defaultdict(list)
    per_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    undated: list[int] = []
    for e in events:
        for country in countries_named(kind, cell(e, kind.place_key), cell(e, kind.participants_key)):
            per_country[country].append(e.number)
        if e.start is None:
            undated.append(e.number)
        else:
            per_month[(e.start.year, e.start.month)].append(e.number)
    countries = tuple(Figure(name, name, tuple(numbers))
                      for name, numbers in sorted(per_country.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    months = tuple(Figure(f"{y}-{m:02d}", month_label(y, m), tuple(per_month[(y, m)])) for y, m in sorted(per_month))
    if undated:
        months += (Figure("", say("status.undated"), tuple(undated)),)

    shared: tuple[SharedEvent, ...] = ()
    nothing_sent: tuple[tuple[str, str], ...] = ()
    if checked is not None:
        from reportgen.check.same_event import shared_clusters
        from reportgen.check.status import roster

        v = checked.validation
        number = {(e.file, e.sheet, e.line): (e, s.municipality) for s in report.sections for e in s.events}
        found = []
        for cluster in shared_clusters(v.submissions, kind):
            rows = [number.get((sub.form.file, entry.row.sheet or sub.form.sheet, entry.row.line)) for sub, entry in cluster]
            rows = sorted({e.number: (e, who) for e, who in filter(None, rows)}.items())
            who = {m for _, (_, m) in rows}
            if len(who) >= 2:  # in the report, still reported by several
                first = rows[0][1][0]
                order = {m: registry[m].order if m in registry else len(registry) for m in who}
                found.append(SharedEvent(_short_name(cell(first, kind.name_key)),
                                         tuple(sorted(who, key=lambda m: (order[m], m))), tuple(n for n, _ in rows)))
        shared = tuple(sorted(found, key=lambda f: f.events))
        lines = roster(v, kind, checked.arrived, checked.left_out)
        nothing_sent = tuple((line.name, label(line.name)) for line in lines if line.state == "missing")

    longer = term.quarter is None
    if checked is None and longer:
        # A half-year or a year is made of its quarters (archived, Word reports, forms): its own events tell
        # the shared ones (the same matcher over the report's rows), and who sent nothing is who has no
        # event in any of its quarters.
        from reportgen.check.same_event import shared_in_report

        first_of = {e.number: (e, s.municipality) for s in report.sections for e in s.events}
        order = {m.short: m.order for m in kind.registry}
        found = []
        for numbers in shared_in_report(report, kind):
            who = {first_of[n][1] for n in numbers}
            found.append(SharedEvent(_short_name(cell(first_of[numbers[0]][0], kind.name_key)),
                                     tuple(sorted(who, key=lambda m: (order.get(m, len(order)), m))), numbers))
        shared = tuple(sorted(found, key=lambda f: f.events))
        counted = {s.municipality for s in report.sections if s.events}
        nothing_sent = tuple((m.short, label(m.short)) for m in kind.registry if m.short not in counted)

    # With an archive each comparison the kind asks for is there: compared, or with why it cannot be.
    comparisons = []
    unsent = frozenset(short for short, _ in nothing_sent)
    for part, earlier in (("previous", previous_term(term)), ("year_ago", year_earlier(term))):
        if archive is None or earlier is None or part not in spec.parts:
            continue
        heading, record = spec.heading(part, period=earlier.label()), archive.get(earlier)
        if record is None:
            comparisons.append(Comparison(part, heading, earlier, 0, "", None, (), reason=_why_not(archive, earlier)))
        else:
            comparisons.append(_compare(part, heading, report, record, label, kind, unsent))

    # Without the forms nothing is known of shared events or of who sent nothing: those parts are left out.
    known = checked is not None or longer
    present = {"previous": False, "year_ago": False, "shared": known, "nothing_sent": known}
    present |= {c.part: True for c in comparisons}
    parts = tuple(p for p in spec.parts if present.get(p, True))
    headings = tuple((p, next(c.heading for c in comparisons if c.part == p) if p in ("previous", "year_ago")
                      else spec.heading(p)) for p in parts)
    return Note(spec.title_of(term.phrase()), term, parts, headings, total, municipalities, countries, months,
                tuple(comparisons), shared, nothing_sent, archive.findings if archive is not None else ())


def _short_name(name: str) -> str:
    from reportgen.text import short

    return short(" ".join(name.split()), 150)


def _why_not(archive: Archive, period: Term) -> str:
    """Why the archive gives no record of `period`: none there, or only one that cannot be read."""
    from reportgen.catalogue import say
    from reportgen.read.record import NAME

    unread = any((m := NAME.match(Path(d.file or "").name)) and m.group("period") == period.code()
                 for d in archive.findings)
    return say("note.record-unread" if unread else "note.no-record", period=period)


def _compare(part: str, heading: str, report: Report, record, label, kind: Kind,
             unsent: frozenset[str] = frozenset()) -> Comparison:
    """This report against an earlier record's: the totals and each municipality of either, registry order.

    A municipality in `unsent` sent no form this period: its line says so (Compared.sent), and a
    second total leaves its earlier events out, so that a missing form is not read as a fall.
    """
    earlier = record.report
    now = {s.municipality: tuple(e.number for e in s.events) for s in report.sections}
    then = {s.municipality: tuple(e.number for e in s.events) for s in earlier.sections}
    order = {m.short: m.order for m in kind.registry}
    names = sorted({m for m, n in now.items() if n} | {m for m, n in then.items() if n},
                   key=lambda m: (order.get(m, len(order)), m))
    lines = tuple(Compared(m, label(m), now.get(m, ()), then.get(m, ()), sent=m not in unsent) for m in names)
    events = tuple(e.number for s in report.sections for e in s.events)
    total = Compared("", "", events, tuple(e.number for s in earlier.sections for e in s.events))
    sent_total = None
    if any(not line.sent for line in lines):
        sent_total = Compared("", "", events, tuple(e.number for s in earlier.sections if s.municipality not in unsent
                                                    for e in s.events))
    return Comparison(part, heading, record.period, record.version, record.path, total, lines, sent_total)


def write_note(note: Note, output: Path, *, kind: Kind | None = None) -> None:
    """The note as a Word document, whole or not at all (inside write_outputs: with the report, all or none)."""
    from reportgen.write.note import write_note_docx
    from reportgen.write.plan import atomic_output, unwritten

    kind = kind or load_kind()
    try:
        with atomic_output(output) as tmp:
            write_note_docx(note, kind, tmp)
    except OSError as exc:
        raise unwritten(exc, output) from exc
