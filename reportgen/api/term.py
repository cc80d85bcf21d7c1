"""Half-year, nine-month and year reports (build --period 2025-H1): the quarters gathered, then one report.

A longer period is made of its quarters' reports, however each comes: the archive's newest
version, quarterly forms given directly (each form's own period decides its quarter), or an old
Word report read with split's reader. What the coordinator gives wins over the archive; a
quarter that nothing gives is named, never silently dropped. assemble.assemble_term makes the
one report: an event carried over between quarters is one event with its quarters named.

    from reportgen.api.term import find_term, gather_term, term_blockers, build_term
    from reportgen.period import parse_term

    term = parse_term("2025")
    gathered = gather_term(find_term(["q3", "q4"]), term, archive="архив")
    assert not term_blockers(gathered)
    report = build_term(gathered)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.diagnostics import Diagnostic, blocking
from reportgen.kind import Kind, load_kind
from reportgen.model import Checked, Found, QuarterSource, Report, Submission, TermBuild
from reportgen.period import Period, Term
from reportgen.read.inputs import InputFile, SkippedFile

WORD_SUFFIXES = (".docx",)


@dataclass(frozen=True, slots=True)
class TermInputs:
    """What the arguments name, nothing read yet: forms (and mail) to check, and Word reports to read."""

    found: Found
    words: tuple[InputFile, ...]

    @property
    def protected(self) -> Found:
        """Everything given, for the output plan: no output may land on a Word report either."""
        return Found((*self.found.inputs, *self.words), self.found.skipped)


def find_term(args: Sequence[str | Path]) -> TermInputs:
    """The forms and the Word reports the arguments name (none at all is fine: the archive may give everything)."""
    from reportgen.api.discover import find_inputs

    args = [str(a) for a in args]
    words = [a for a in args if Path(a).suffix.lower() in WORD_SUFFIXES and Path(a).is_file()]
    rest = [a for a in args if a not in words]
    found = find_inputs(rest, allow_none=True) if rest else Found((), ())
    # A folder's Word files are passed over as «not a form»: here they are the quarters' old reports.
    in_folders = [s for s in found.skipped if s.path is not None and s.path.suffix.lower() in WORD_SUFFIXES
                  and s.path.is_file()]
    skipped = tuple(s for s in found.skipped if s not in in_folders)
    inputs = tuple(i for i in found.inputs if i.path.suffix.lower() not in WORD_SUFFIXES or i.mail)
    words_found = (*(InputFile(Path(a), a) for a in words), *(InputFile(s.path, s.display) for s in in_folders))
    return TermInputs(Found(inputs, skipped), words_found)


def gather_term(given: TermInputs, term: Term, *, kind: Kind | None = None, archive: Path | str | None = None,
                progress=None, now: dt.datetime | None = None) -> TermBuild:
    """The quarters of `term`: from the forms given, the Word reports given, then the archive; what is missing.

    Forms are read and checked once, in workers under the budgets, then checked across forms
    quarter by quarter (check.forms.combine), as `build` checks one quarter. Word reports and
    archive records are read in workers under the budgets too. Nothing here raises for a bad file.
    """
    from reportgen.api.checking import _combined
    from reportgen.check.workers import check_forms

    kind = kind or load_kind()
    findings: list[Diagnostic] = []
    by_quarter: dict[Period, QuarterSource] = {}
    quarters = set(term.quarters())

    inputs = given.found.inputs
    on_done = None
    if progress is not None and inputs:
        task = progress.add(_say("term.progress"), len(inputs))
        on_done = lambda _item: progress.advance(task)  # noqa: E731
    checks = check_forms(inputs, kind, None, on_done) if inputs else []
    grouped: dict[Period, list[tuple[InputFile, Submission]]] = {}
    for item, c in zip(inputs, checks):
        if c.form.produced_by:
            continue
        quarter = c.period or _dated(c)
        if quarter is None:
            errors = [d for d in c.diagnostics if d.severity == "error"]
            findings.extend(errors or [Diagnostic.of("term-form-no-period", file=c.form.file, sheet=c.form.sheet,
                                                     term=term)])
        elif quarter not in quarters:
            findings.append(Diagnostic.of("term-form-outside", file=c.form.file, sheet=c.form.sheet,
                                          quarter=quarter, term=term))
        else:
            if c.period is None:
                findings.append(Diagnostic.of("term-form-by-dates", file=c.form.file, sheet=c.form.sheet,
                                              quarter=quarter))
            grouped.setdefault(quarter, []).append((item, c))
    now = now or dt.datetime.now(dt.timezone.utc)
    first = True
    for quarter in sorted(grouped):
        kept = grouped[quarter]
        validation = _combined(kept, kind, quarter, False, now)
        checked = Checked(tuple(item for item, _ in kept), given.found.skipped if first else (), validation, kind)
        first = False
        by_quarter[quarter] = QuarterSource(quarter, "forms", _say("term.what-forms", n=len(kept)), None, checked)

    for word in given.words:
        source, found = _word_report(word, term, kind)
        findings.extend(found)
        if source is None:
            continue
        if source.quarter in by_quarter:
            # Two versions of one quarter given: which is meant cannot be told from the files (a saved
            # copy's date is no version), so the coordinator leaves one out; nothing is chosen silently.
            first = by_quarter[source.quarter]
            findings.append(Diagnostic.of("term-quarter-twice", file=word.display, quarter=source.quarter,
                                          used=_say(f"term.given.{first.origin}", what=first.what)))
            continue
        by_quarter[source.quarter] = source

    if archive is not None:
        from reportgen.api.archive import load_archive
        from reportgen.read.record import NAME

        wanted = {q.code() for q in quarters}
        held = load_archive(archive, kind=kind, periods=sorted(wanted))  # only the term's quarters are read
        for d in held.findings:  # a damaged record of a quarter this period needs is named
            name = NAME.match(Path(d.file or "").name)
            if name is None or name.group("period") in wanted:
                findings.append(d)
        for quarter in sorted(quarters - set(by_quarter)):
            record = held.get(Term.of(quarter))
            if record is not None:  # a record seeded from Word before its dates were read: read now
                from reportgen.read.report import dated

                by_quarter[quarter] = QuarterSource(quarter, "archive", record.name, dated(record.report, quarter, kind))
    missing = tuple(sorted(quarters - set(by_quarter)))
    findings.extend(Diagnostic.of("term-quarter-missing", quarter=q, term=term) for q in missing)
    return TermBuild(term, tuple(by_quarter[q] for q in sorted(by_quarter)), missing, tuple(findings))


def _dated(c: Submission) -> Period | None:
    """The quarter a form that states none belongs to by its dates: where two thirds of its dated events are."""
    from collections import Counter

    from reportgen.period import current

    held = Counter(current(e.span.start) for e in c.entries if e.span is not None)
    if not held:
        return None
    quarter, n = held.most_common(1)[0]
    return quarter if 3 * n >= 2 * sum(held.values()) else None


def _word_report(word: InputFile, term: Term, kind: Kind) -> tuple[QuarterSource | None, list[Diagnostic]]:
    """A Word report of one of the term's quarters, its events' dates read; or the findings that say why not."""
    from reportgen.api.splitting import split_blockers, split_file
    from reportgen.read.report import dated

    split = split_file(word.path, None, kind=kind, display=word.display)
    # split's own «period-missing» asks for --period, which names the longer period here: ours says it.
    found = [d for d in (split_blockers(split, force=True) if split.errors else ()) if d.code != "period-missing"]
    quarter = split.period
    if quarter is None and not any(d.scope == "file" for d in found):
        found.append(Diagnostic.of("term-word-no-period", file=word.display, term=term))
    if found or quarter is None:
        return None, found
    if quarter not in term.quarters():
        return None, [Diagnostic.of("term-form-outside", file=word.display, sheet=None, quarter=quarter, term=term)]
    report = dataclasses.replace(dated(split.report, quarter, kind), period=quarter)
    return QuarterSource(quarter, "word", word.display, report), []


def term_blockers(gathered: TermBuild, force: bool = False) -> list[Diagnostic]:
    """What stops the report: the quarters' forms' errors (the rule of build_blockers), the period's own errors
    (a form or Word report that cannot be read)."""
    from reportgen.api.building import build_blockers

    found = [d for checked in gathered.checked for d in build_blockers(checked, force)]
    # A damaged archive record is named, not blocking: the version before it stood in, or the quarter is
    # named as missing; the coordinator removes or restores the record (its hint says how).
    return found + blocking([d for d in gathered.findings if not d.code.startswith("record-")], force)


def build_term(gathered: TermBuild, *, kind: Kind | None = None, order: str = "submitted", force: bool = False,
               dates: str | None = None, closing: bool | None = None, signed: dt.date | None = None) -> Report:
    """The report of the period (assemble.assemble_term); the quarters of forms built first, as `build` builds one.

    A quarter built from forms here keeps its closing (who sent nothing) for the period's closing.
    InputsError when no quarter has anything; BlockedError as build_report when forms block.
    """
    from reportgen.api.building import build_report
    from reportgen.assemble import assemble_term, check_choices
    from reportgen.errors import InputsError

    kind = kind or load_kind()
    check_choices(order, dates)
    if not gathered.sources:
        raise InputsError(_say("term.nothing", term=gathered.term))
    quarters = []
    for source in gathered.sources:
        report = source.report
        if report is None:
            report = build_report(source.checked, order, force, dates, closing=True, signed=signed)  # type: ignore[arg-type]
        quarters.append((source.quarter, report))
    return assemble_term(quarters, kind, gathered.term, closing=closing, signed=signed)


def _say(key: str, **facts: object) -> str:
    from reportgen.catalogue import say

    return say(key, **facts)
