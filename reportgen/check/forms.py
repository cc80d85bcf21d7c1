"""Checks: forms → findings with stable codes, plus what assembly needs (municipality, dates).

Each check is a small function that yields Diagnostics; `check_form` runs a form's own (in a
worker), `combine` those across forms, keeping for every form the municipality it belongs to
and each row's parsed dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from reportgen.catalogue import say
from reportgen.dates import DateProblem, format_date, months_quarter, parse_dates, quarter_hint
from reportgen.diagnostics import Diagnostic, Location, cell_order
from reportgen.kind import Kind, Municipality
from reportgen.model import Entry, Form, Received, Row, Submission, Superseded, Validation
from reportgen.period import Period, parse_label
from reportgen.text import fold_words, latin_letters, mixed_script_words
from reportgen.text import short as shortened


def check_form(form: Form, kind: Kind, period: Period | None = None) -> Submission:
    """One form checked on its own, which a worker process can do: all but the checks across forms."""
    owner, owner_diags = resolve_municipality(form, kind)
    stated, period_diags = form_period(form, kind, period)
    assumed = period or stated
    entries, row_diags = check_rows(form, kind, assumed, stated)
    empty = list(check_empty(form))
    return Submission(form, owner, stated, entries, (*form.diagnostics, *owner_diags, *period_diags, *empty),
                      assumed, row_diags)


def check_empty(form: Form) -> Iterator[Diagnostic]:
    """A form with no event and no «none» mark: sent back untouched, or the wrong file attached."""
    if form.readable and not form.rows and not any(s.kind == "nothing" for s in form.skipped):
        yield Diagnostic.of("form-empty", file=form.file, sheet=form.sheet,
                            cell=f"A{form.header_line + 1}" if form.header_line else None)


def check_rows(form: Form, kind: Kind, period: Period | None, stated: Period | None = None
               ) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """Every event row of a form, and its dates parsed.

    `stated` is the form's own «Отчетный период»: when the dates say another quarter, that is
    one finding at the field (period-field-wrong), not a date-outside-period at every date.
    """
    if not form.readable:
        return (), ()
    diags: list[Diagnostic] = []
    entries = []
    for row in form.rows:
        span = yield_into(diags, check_row(row, form, kind, period))
        entries.append(Entry(row, span))
    diags.extend(check_duplicate_events(entries, form, kind))
    shown = dates_quarter(entries, stated)
    if shown is not None:
        inside = {_dates_ref(e, form, kind) for e in entries if e.span is not None and _quarter_of(e.span) == shown}
        diags = [d for d in diags if not (d.code == "date-outside-period" and d.cell in inside)]
        diags.append(_field_wrong(form, kind, stated, shown, entries))  # type: ignore[arg-type] - stated is set
    return tuple(entries), tuple(diags)


def _quarter_of(span) -> Period | None:
    """The quarter a span lies in whole, if it does (an event across two quarters says neither)."""
    first = Period(span.start.year, (span.start.month - 1) // 3 + 1)
    return first if span.end <= first.end else None


def dates_quarter(entries: Sequence[Entry], stated: Period | None) -> Period | None:
    """The quarter the events' dates show when it is not the stated one and the dates leave little doubt.

    At least two events, and two thirds of the dated ones, lie in that quarter. A later quarter
    than the stated one is a reused blank (events after a quarter cannot be held in it); an earlier
    one must hold every dated event, at least three, because events of the quarter before are often
    reported late (the reference report has March events in Q2): a few of them stay date-outside-period
    warnings.
    """
    if stated is None:
        return None
    quarters = [_quarter_of(e.span) for e in entries if e.span is not None]
    counts: dict[Period, int] = {}
    for q in quarters:
        if q is not None:
            counts[q] = counts.get(q, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda q: (counts[q], q))
    n = counts[best]
    if best == stated or n < 2 or 3 * n < 2 * len(quarters):
        return None
    if best < stated and (n < len(quarters) or n < 3):
        return None
    return best


def _dates_ref(entry: Entry, form: Form, kind: Kind) -> str | None:
    key = kind.dates_key
    cell = entry.row.cells.get(key) if key else None
    if cell is not None:
        return cell.ref
    columns = entry.row.table.columns if entry.row.table else form.columns
    return f"{columns[key]}{entry.row.line}" if key in columns else None


def _field_wrong(form: Form, kind: Kind, stated: Period, shown: Period, entries: Sequence[Entry]) -> Diagnostic:
    field = form.fields.get("period")
    label = kind.field("period")
    title = label.title if label else say("form.period")
    dated = sum(1 for e in entries if e.span is not None)
    inside = sum(1 for e in entries if e.span is not None and _quarter_of(e.span) == shown)
    return Diagnostic.of(
        "period-field-wrong",
        file=form.file, sheet=(field.sheet if field else None) or form.sheet, cell=field.ref if field else None,
        title=title, stated=stated, shown=shown, inside=inside, dated=dated,
    )


def combine(checks: Sequence[Submission], kind: Kind, period: Period | None = None,
            received: Sequence[Received | dt.datetime | None] | None = None,
            strict_duplicates: bool = False) -> Validation:
    """The checks across forms: resubmissions, the run's period, two forms of one municipality, shared events.

    `received` is when each form came (its message's date, its file's time; a plain datetime is
    taken as a message's date): of several forms of one municipality the newest is used (see
    supersede) and the others are superseded, unless `strict_duplicates` (then they are an error).
    """
    run_diags: list[Diagnostic] = []
    replaced: list[Superseded] = []
    by_file: list[Diagnostic] = []  # supersession's findings: a form's own when it is kept, the run's otherwise
    undecided: set[str] = set()
    if not strict_duplicates and received is not None:
        keep, replaced, notes, undecided = supersede(checks, received)
        checks = [checks[i] for i in keep]
        kept_files = {c.form.file for c in checks}
        run_diags.extend(d for d in notes if d.file not in kept_files)  # its form is not among the kept
        by_file.extend(d for d in notes if d.file in kept_files)
    forms = [c.form for c in checks]
    per_form: list[list[Diagnostic]] = [list(c.diagnostics) for c in checks]
    for d in by_file:
        per_form[next(i for i, f in enumerate(forms) if f.file == d.file)].append(d)
    period, found = choose_period(forms, [c.period for c in checks], period, kind)
    for i, d in found:
        (per_form[i] if i is not None else run_diags).append(d)
    for i, d in check_duplicate_municipalities(forms, [c.municipality for c in checks], kind):
        if checks[i].municipality.short not in undecided:  # type: ignore[union-attr] - a duplicate has one
            per_form[i].append(d)

    submissions = []
    for c, diags in zip(checks, per_form):
        entries, row_diags = c.entries, c.row_diagnostics
        # A form of another quarter is checked against its own: its dates are not «outside» anything.
        own = c.period if c.period is not None and period is not None and c.period != period else period
        if own != period and period is not None and dates_quarter(entries, c.period) == period:
            # A blank of another quarter reused with this quarter's dates: the field is what is wrong
            # (period-field-wrong says so), not the form; its events are this report's.
            own = period
            diags = [d for d in diags if d.code != "period-differs"]
        if c.assumed != own:
            entries, row_diags = check_rows(c.form, kind, own, c.period)
        submissions.append(Submission(c.form, c.municipality, c.period, entries, (*diags, *row_diags), period,
                                      countries=c.countries))
    from reportgen.check.same_event import shared_events

    shared = shared_events(submissions, kind)
    submissions = [
        replace(s, diagnostics=tuple(sorted(s.diagnostics + tuple(shared.get(i, ())), key=_place_order(s.form))))
        for i, s in enumerate(submissions)
    ]
    # Registry order everywhere a person reads the results; forms of no known owner last.
    last = len(kind.registry)
    submissions.sort(key=lambda s: s.municipality.order if s.municipality else last)
    return Validation(period, tuple(submissions), tuple(run_diags), tuple(replaced))


# Which time tells the newer of two copies, best first, and how a person reads it.
TIME_SOURCES = {source: say(f"forms.time.{source}") for source in ("saved", "message", "file")}


def _received(r: Received | dt.datetime | None) -> Received:
    return r if isinstance(r, Received) else Received(message=r)  # a caller that knows one time only


def _times(c: Submission, r: Received | dt.datetime | None) -> dict[str, dt.datetime | None]:
    r = _received(r)
    # A message dated in the future (or far from its arrival) says nothing about which copy is newer.
    return {"saved": c.form.saved, "message": None if r.suspect else r.message, "file": r.file}


def _shown(when: dt.datetime, source: str) -> str:
    # A message's date as its sender stated it; a workbook's or a file's time in local time.
    return (when if source == "message" else when.astimezone()).strftime("%d.%m.%Y %H:%M")


def supersede(checks: Sequence[Submission], received: Sequence[Received | dt.datetime | None]
              ) -> tuple[list[int], list[Superseded], list[Diagnostic], set[str]]:
    """Resubmissions: of several forms of one municipality only the newest is kept.

    Newer is decided by the time the workbook records as its last save, then by the message's
    date, and only when neither is known for every copy by the file's time (attachments saved in
    one batch get arbitrary ones: a file time never breaks a tie of the others). Copies still tied
    are an error (`form-order-unknown`) naming each other; forms with no time at all are all kept
    (the duplicate check names them). Only readable forms compete: an unreadable file replaces nothing.
    Returns the indexes kept, the forms replaced, a note on each and the municipalities left undecided.
    """
    by_owner: dict[str, list[int]] = {}
    for i, c in enumerate(checks):
        if c.municipality is not None and c.form.readable:
            by_owner.setdefault(c.municipality.short, []).append(i)
    dropped: set[int] = set()
    replaced: list[Superseded] = []
    notes: list[Diagnostic] = []
    undecided: set[str] = set()
    for short, all_idx in by_owner.items():
        if len(all_idx) < 2:
            continue
        # A copy whose message date cannot be believed never wins: it loses to any copy whose date can.
        doubted = [i for i in all_idx if _received(received[i]).suspect]
        idx = [i for i in all_idx if i not in doubted] or all_idx
        if len(idx) < len(all_idx):
            by = _newest(checks, received, idx)
            newer = checks[by].form
            for i in doubted:
                dropped.add(i)
                form = checks[i].form
                # Its doubtful date stays named (a warning) though the form itself is out of the run.
                notes.extend(d for d in checks[i].diagnostics if d.code.startswith("message-date-"))
                replaced.append(Superseded(form, checks[i].municipality, newer.file, len(checks[i].entries),  # type: ignore[arg-type]
                                           _received(received[i]).message, "message"))
                notes.append(Diagnostic(
                    "form-superseded",
                    say("forms.not-replacing", short=short, newer=newer.file, suspect=_received(received[i]).suspect,
                        rows=len(checks[i].entries)),
                    file=form.file, related=(Location(newer.file, newer.sheet),),
                    hint=say("forms.not-replacing.hint", newer=newer.file),
                ))
            if len(idx) < 2:
                continue
        times = {i: _times(checks[i], received[i]) for i in idx}
        tied, used, lost = list(idx), [], {}
        for source in TIME_SOURCES:
            if source == "file" and used:
                break
            if not all(times[i][source] is not None for i in tied):
                continue
            used.append(source)
            newest = max(times[i][source] for i in tied)  # type: ignore[type-var] - none is None here
            for i in tied:
                if times[i][source] != newest:
                    lost[i] = source
            tied = [i for i in tied if times[i][source] == newest]
            if len(tied) == 1:
                break
        if not used:
            continue
        by = tied[0]
        newer = checks[by].form
        for i, source in lost.items():
            dropped.add(i)
            form = checks[i].form
            when, later = _shown(times[i][source], source), _shown(times[by][source], source)  # type: ignore[arg-type]
            replaced.append(Superseded(form, checks[i].municipality, newer.file, len(checks[i].entries),  # type: ignore[arg-type]
                                       times[i][source], source))
            notes.append(Diagnostic(
                "form-superseded",
                say("forms.superseded", short=short, when=when, newer=newer.file, later=later,
                    source=TIME_SOURCES[source], rows=len(checks[i].entries)),
                file=form.file, related=(Location(newer.file, newer.sheet),),
                hint=say("forms.superseded.hint"),
            ))
        if len(tied) > 1:
            undecided.add(short)
            source = used[-1]
            when = _shown(times[tied[0]][source], source)  # type: ignore[arg-type]
            for i in tied:
                form = checks[i].form
                others = [checks[j].form for j in tied if j != i]
                notes.append(Diagnostic(
                    "form-order-unknown",
                    say("forms.order-unknown", short=short, others=[o.file for o in others],
                        source=TIME_SOURCES[source], when=when),
                    file=form.file, related=tuple(Location(o.file, o.sheet) for o in others),
                    hint=say("forms.order-unknown.hint", other=others[0].file, this=form.file),
                ))
    return [i for i in range(len(checks)) if i not in dropped], replaced, notes, undecided


def _newest(checks: Sequence[Submission], received, idx: list[int]) -> int:
    """The copy among `idx` that supersede() would keep (the first of a tie): what a doubted copy loses to."""
    if len(idx) == 1:
        return idx[0]
    keep, _, _, _ = supersede([checks[i] for i in idx], [received[i] for i in idx])
    return idx[keep[0]]


def _place_order(form: Form):
    """Findings in reading order: the file's own first, then sheet by sheet, cell by cell."""
    sheets = {note.name: i for i, note in enumerate(form.sheets)}

    def key(d: Diagnostic) -> tuple[int, tuple[int, int]]:
        return (sheets.get(d.sheet, -1) if d.cell else -1, cell_order(d.cell))
    return key


def yield_into(sink: list[Diagnostic], gen):
    """Collect a generator's diagnostics into `sink` and return the generator's return value."""
    while True:
        try:
            sink.append(next(gen))
        except StopIteration as stop:
            return stop.value


def resolve_municipality(form: Form, kind: Kind) -> tuple[Municipality | None, list[Diagnostic]]:
    """Whose form this is: the labelled field, else the form's title, else the file name (a warning)."""
    if not form.readable:
        return None, []
    registry = kind.registry
    field = form.fields.get("municipality")
    if field and field.text:
        found = registry.resolve(field.text)
        if found.municipality is not None:
            return found.municipality, _name_differs(form, registry, found.municipality, field)
        if found.candidates:
            return None, [_ambiguous(form, field.text, found.candidates, field.ref, field.sheet)]
        region = registry.is_region(field.text)
        return None, [Diagnostic.of(
            "municipality-unknown", file=form.file, sheet=field.sheet or form.sheet, cell=field.ref,
            text=field.text, region=region, near=() if region else tuple(registry.suggest(field.text)),
        )]
    label = kind.field("municipality")
    label_title = label.title if label else say("form.municipality")
    if form.title is not None:
        found = registry.find_in_text(form.title.text)
        if found.municipality is not None:
            return found.municipality, [Diagnostic.of(
                "municipality-from-title", file=form.file, sheet=form.title.sheet or form.sheet, cell=form.title.ref,
                title=label_title, found=found.municipality.short,
            )]
    found = registry.find_in_text(Path(form.file).stem)
    if found.municipality is not None:
        return found.municipality, [Diagnostic.of(
            "municipality-from-filename",
            file=form.file, sheet=(field.sheet if field else None) or form.sheet, cell=field.ref if field else None,
            title=label_title, found=found.municipality.short,
        )]
    if not form.rows:
        return None, []  # a blank form: nothing of it would reach the report
    if found.candidates:
        return None, [_ambiguous(form, Path(form.file).name, found.candidates, None, form.sheet)]
    return None, [Diagnostic.of(
        "municipality-missing",
        file=form.file, sheet=(field.sheet if field else None) or form.sheet, cell=field.ref if field else None,
        title=label_title,
    )]


def _name_differs(form: Form, registry, named, field) -> list[Diagnostic]:
    """A file name that names another municipality than the field: the field decides, and it is said.

    «Вязьма_подделка.xlsx» saying «город Смоленск» replaced Смоленск's form with no word (trial).
    """
    name = form.file.split(" › ")[-1].replace("\\", "/").rsplit("/", 1)[-1]
    other = registry.find_in_text(Path(name).stem).municipality
    if other is None or other.short == named.short:
        return []
    return [Diagnostic.of(
        "municipality-name-differs", file=form.file, sheet=field.sheet or form.sheet, cell=field.ref,
        named=named.short, name=name, other=other.short,
    )]


def _ambiguous(form: Form, text: str, candidates, ref: str | None, sheet: str | None) -> Diagnostic:
    return Diagnostic.of("municipality-ambiguous", file=form.file, sheet=sheet or form.sheet, cell=ref,
                         text=text, candidates=tuple(m.short for m in candidates))


def form_period(form: Form, kind: Kind, given: Period | None = None) -> tuple[Period | None, list[Diagnostic]]:
    """The period a form states in its field, if any; an unreadable one is an error unless --period gave it."""
    field = form.fields.get("period")
    if not form.readable or field is None or not field.text:
        return None, []
    p = parse_label(field.text)
    if p is None and (months := months_quarter(field.text)) is not None:
        p = Period(*months)  # «апрель-июнь 2025 г.»
    if p is not None:
        return p, []
    if given is not None:
        return None, [Diagnostic.of("period-unread", file=form.file, sheet=field.sheet or form.sheet,
                                    cell=field.ref, text=field.text, given=given)]
    return None, [Diagnostic.of("period-invalid", file=form.file, sheet=field.sheet or form.sheet, cell=field.ref,
                                text=field.text)]


def choose_period(forms: Sequence[Form], stated: list[Period | None], given: Period | None,
                  kind: Kind) -> tuple[Period | None, list[tuple[int | None, Diagnostic]]]:
    """The report's period: --period; else the one the forms agree on, or most of them do.

    A form of another quarter cannot go into the report: it is an error of that file, which
    even --force does not build past. Only when no period has a majority is it the run's error.
    """
    out: list[tuple[int | None, Diagnostic]] = []
    field_of = [f.fields.get("period") for f in forms]
    counts: dict[Period, int] = {}
    for p in stated:
        if p is not None:
            counts[p] = counts.get(p, 0) + 1
    if given is None and counts:
        best = max(counts.values())
        leaders = [p for p, n in counts.items() if n == best]
        if len(leaders) == 1 and (len(counts) == 1 or best * 2 > sum(counts.values())):
            given_by_forms = leaders[0]
        else:
            given_by_forms = None
    else:
        given_by_forms = None
    period = given or given_by_forms
    if period is not None:
        others = sum(counts.values()) - counts.get(period, 0)
        for i, p in enumerate(stated):
            if p is None or p == period:
                continue
            # The hint goes to the clerk too (marked copies): it speaks of the form, not of the command line.
            out.append((i, Diagnostic.of(
                "period-differs", file=forms[i].file, sheet=field_of[i].sheet or forms[i].sheet, cell=field_of[i].ref,
                stated=p, period=period, given=given is not None, agreeing=sum(counts.values()) - others,
            )))
        return period, out
    if not counts:
        if any(f.rows for f in forms):  # blank forms need no period
            out.append((None, Diagnostic.of("period-missing")))
        return None, out
    distinct = sorted(counts)
    places = [Location(f.file, fld.sheet or f.sheet, fld.ref) for f, p, fld in zip(forms, stated, field_of) if p]
    summary = tuple((p, counts[p]) for p in distinct)
    for i, p in enumerate(stated):
        if p is not None:
            out.append((i, Diagnostic.of(
                "period-mismatch",
                file=forms[i].file, sheet=field_of[i].sheet or forms[i].sheet, cell=field_of[i].ref,
                related=tuple(loc for loc in places if loc.file != forms[i].file),
                counts=summary, here=p,
            )))
    return None, out


def check_duplicate_municipalities(forms: Sequence[Form], owners: list[Municipality | None],
                                   kind: Kind) -> Iterator[tuple[int, Diagnostic]]:
    by_owner: dict[str, list[int]] = {}
    for i, m in enumerate(owners):
        if m is not None:
            by_owner.setdefault(m.short, []).append(i)
    for short, idx in by_owner.items():
        if len(idx) < 2:
            continue
        for i in idx:
            field = forms[i].fields.get("municipality")
            others = [forms[j].file for j in idx if j != i]
            yield i, Diagnostic.of(
                "municipality-duplicate", short=short, others=tuple(others),
                file=forms[i].file, sheet=(field.sheet if field and field.text else None) or forms[i].sheet,
                cell=field.ref if field and field.text else None,
                related=tuple(Location(forms[j].file, forms[j].sheet) for j in idx if j != i),
            )


def check_row(row: Row, form: Form, kind: Kind, period: Period | None):
    """Findings of one event row; returns the parsed dates (a generator's return value)."""
    dates_key = kind.dates_key
    columns = row.table.columns if row.table else form.columns
    sheet = row.sheet or form.sheet
    for column in kind.content_columns:
        # A column the table lacks is one missing-column finding, not one per row.
        if column.required and column.key != dates_key and column.key not in row.cells and column.key in columns:
            ref = f"{columns[column.key]}{row.line}" if column.key in columns else None
            yield Diagnostic.of("value-missing", file=form.file, sheet=sheet, cell=ref,
                                title=column.title.splitlines()[0], line=row.line)
    for cell in row.cells.values():
        words = mixed_script_words(cell.text)
        if words:
            yield Diagnostic.of("mixed-script", file=form.file, sheet=sheet, cell=cell.ref,
                                words=tuple((w, latin_letters(w)) for w in dict.fromkeys(words)))
    if dates_key is None or dates_key not in columns:
        return None
    cell = row.cells.get(dates_key)
    ref = cell.ref if cell else f"{columns[dates_key]}{row.line}"
    result = parse_dates((cell.value or cell.text) if cell else None, period.year if period else None, period)
    if isinstance(result, DateProblem):
        # The advice reaches the clerk: its examples are days of the quarter being reported.
        hint = quarter_hint(result.hint, period.year, period.quarter) if period is not None else result.hint
        serial = _serial_date(cell.text) if cell else None
        if serial is not None:
            # A date cell that lost its format shows Excel's day number: say which day it is.
            hint = say("forms.date-serial.hint", day=format_date(serial))
        yield Diagnostic(result.code, result.message, file=form.file, sheet=sheet, cell=ref, hint=hint)
        return None
    if result.year_assumed:
        yield Diagnostic.of("date-year-assumed", file=form.file, sheet=sheet, cell=ref,
                            text=" ".join(cell.text.split()), year=result.start.year)
    if result.period_assumed:
        yield Diagnostic(
            "date-period-assumed",
            say("forms.period-assumed", text=" ".join(cell.text.split()), period=period,
                start=format_date(result.start), end=format_date(result.end)),
            file=form.file, sheet=sheet, cell=ref, hint=say("forms.period-assumed.hint"),
        )
    if period is not None and (result.start < period.start or result.end > period.end):
        yield Diagnostic(
            "date-outside-period",
            say("forms.outside-period", text=" ".join(cell.text.split()), period=period,
                start=format_date(period.start), end=format_date(period.end)),
            file=form.file, sheet=sheet, cell=ref, hint=say("forms.outside-period.hint"),
        )
    return result


def _serial_date(text: str):
    """The day an Excel day number stands for (36526 is 1 January 2000), if `text` is one in 2000–2050."""
    import datetime as dt

    if text.isdigit() and 36526 <= int(text) <= 54789:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(text))
    return None


def check_duplicate_events(entries: list[Entry], form: Form, kind: Kind) -> Iterator[Diagnostic]:
    """The same event twice in one form: same name and same dates."""
    name_key = kind.name_key
    if name_key is None:
        return
    first: dict[tuple, Entry] = {}
    for e in entries:
        name = fold_words(e.row.text(name_key))
        if not name:
            continue
        when = (e.span.start, e.span.end) if e.span else fold_words(e.row.text(kind.dates_key or ""))
        key = (name, when)
        if key in first:
            earlier = first[key]
            ref = e.row.cells[name_key].ref
            yield Diagnostic.of(
                "event-duplicate", file=form.file, sheet=e.row.sheet or form.sheet, cell=ref,
                related=(Location(form.file, earlier.row.sheet or form.sheet, earlier.row.cells[name_key].ref),),
                name=shortened(e.row.text(name_key), 150), line=earlier.row.line)
        else:
            first[key] = e
