"""The report: its output plan, the letterhead, what blocks it, the model, and writing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.assemble import Order, assemble
from reportgen.catalogue import CODES, render, say
from reportgen.diagnostics import Diagnostic
from reportgen.errors import ReferenceDocError, RequestError
from reportgen.kind import Kind, load_kind
from reportgen.model import Checked, Found, Note, Report
from reportgen.period import Period
from reportgen.read.inputs import InputFile, SkippedFile
from reportgen.write.plan import atomic_output

if TYPE_CHECKING:
    from reportgen.read.letterhead import Letterhead


REPORT_SUFFIXES = (".docx",)


def default_report_name(period: Period) -> Path:
    return Path(f"report-{period.code()}.docx")


def plan_build(inputs: Sequence[InputFile], output: Path | None, period: Period | None, pdf: bool = False,
               xlsx: Path | None = None, json_out: Path | None = None, reference_doc: Path | None = None,
               skipped: Sequence[SkippedFile] = (), make_folder: bool = False, as_folder: bool = False,
               note: Path | None = None):
    """Everything `build` will write, checked (OutputError); the report's own path once it is known.

    `make_folder`: create the folder -o names when it is not there yet (once the report is sure).
    `as_folder`: -o was written with a slash at its end («-o "Отчет 3 кв. 2025/"»): a folder, dots or not.
    `note`: the cover note's .docx (--note), checked like the tables.

    Without -o (or with -o naming a folder) the report is named by the period, which may come
    from the forms: then this is called again once they are read. Files that were passed over
    (a PDF, a Word letter, a lock file a municipality's folder holds) are protected like inputs.
    """
    from reportgen.write.plan import OutputPlan, check_length

    if pdf:
        from reportgen.write.office import INSTALL_HINT, find_soffice

        if find_soffice() is None:
            raise RequestError(say("building.needs-office", install=INSTALL_HINT))
    for path, option in ((output, "-o"), (xlsx, "--xlsx"), (json_out, "--json"), (note, "--note")):
        if path is not None:
            check_length(path, option)
    protected = [*inputs, *(InputFile(s.path, s.display) for s in skipped if s.path is not None),
                 *([InputFile(reference_doc, str(reference_doc))] if reference_doc else [])]
    # «-o отчеты» that names no file yet is a folder to make: a shell drops the slash of «-o отчеты/».
    new_folder = output is not None and not output.exists() and (as_folder or not output.suffix)
    if new_folder:
        from reportgen.write.plan import check_folder

        check_folder(output, "-o")
    plan = OutputPlan(protected, folders=[output] if new_folder else ())
    if output is not None and (output.is_dir() or new_folder):
        target = output / default_report_name(period) if period else None
    else:
        target = output if output is not None else (default_report_name(period) if period else None)
    if target is not None:
        plan.add(target, say("plan.what.report"), REPORT_SUFFIXES, "-o")
        if pdf:
            plan.add(target.with_suffix(".pdf"), say("plan.what.report-pdf"), (".pdf",), "--pdf")
    if xlsx is not None:
        plan.add(xlsx, say("plan.what.table"), (".xlsx",), "--xlsx")
    if json_out is not None:
        plan.add(json_out, say("plan.what.table-json"), (".json",), "--json")
    if note is not None:
        plan.add(note, say("note.what"), REPORT_SUFFIXES, "--note")
    plan.check()
    if new_folder and make_folder:
        try:
            output.mkdir()
        except OSError as exc:
            raise _unwritten(exc, output) from exc
    return target


def read_letterhead(path: Path, *, kind: Kind | None = None) -> Letterhead:
    """The letterhead named by --reference-doc, read whole before any form is (ReferenceDocError if unusable).

    It is read in a worker under the file budgets, as forms are: a damaged or crafted бланк
    gets one message naming it. What was left out of it is in the result's `notes`.
    """
    import stat

    from reportgen.budget import OverBudget, run
    from reportgen.read.letterhead import read_letterhead as read
    from reportgen.read.sniff import Refused

    kind = kind or load_kind()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ReferenceDocError(say("reference-doc.missing", path=path)) from None
    except OSError:
        raise ReferenceDocError(say("reference-doc.no-access", path=path)) from None
    if stat.S_ISDIR(mode):
        raise ReferenceDocError(say("reference-doc.folder", path=path))
    if not stat.S_ISREG(mode):
        raise ReferenceDocError(say("reference-doc.not-regular", path=path))
    try:
        return run(read, path, str(path), kind.page.landscape)
    except Refused as exc:
        raise ReferenceDocError(say("reference-doc.refused", path=path, why=exc, hint=exc.hint)) from None
    except OverBudget as exc:
        raise ReferenceDocError(say("reference-doc.over-budget", path=path, code=exc.code)) from None


def build_blockers(checked: Checked, force: bool = False) -> list[Diagnostic]:
    """What stops `build` from writing the report; [] when it may be written.

    The errors by the one rule (diagnostics.blocking: with --force only file- and run-level
    ones), and a period nobody stated: the report's title needs it.
    """
    found = checked.validation.blocking(force)
    if not found and checked.validation.period is None:
        found = [Diagnostic("period-missing", say("building.period-unknown"),
                            hint=render(CODES["period-missing"].hint, {}))]
    return found


def build_report(checked: Checked, order: Order = "submitted", force: bool = False, dates: str | None = None,
                 closing: bool | None = None, signed: dt.date | None = None) -> Report:
    """The report model of checked forms. BlockedError (exit 1) when build_blockers(checked, force) is not empty.

    `order`: "submitted" (as in each form) or "date". With `force`, rows with errors go in as written.
    `dates`: "as-typed" or "uniform" (None: the kind's). `closing`: the block after the table
    (None: as the kind says); `signed`: its date of signing (None: a line to write it by hand).
    """
    from reportgen.assemble import check_choices
    from reportgen.errors import BlockedError

    check_choices(order, dates)  # the request first: a wrong choice is exit 2 whatever the forms hold
    blockers = build_blockers(checked, force)
    if blockers:
        first = blockers[0]
        raise BlockedError(say("error.report-blocked", count=len(blockers), where=first.where() or say("where.all-forms"),
                               message=first.message), blockers)
    v = checked.validation
    # What the coordinator left out, for the report's closing list («информация не включена»).
    # A municipality whose own form is in is not «left out» for a copy of another (a sender not their contact).
    counted = {s.municipality.short for s in v.submissions if s.municipality is not None}
    left_out = tuple((lo.municipality, lo.reason) for lo in checked.left_out
                     if lo.municipality and lo.municipality not in counted)
    # What came from a municipality but could not be read (a Word file, a message without the form)
    # was sent, not missing: it is «не включена» too, as the unreadable forms that were left out.
    read = {s.municipality.short for s in v.submissions if s.municipality is not None and s.form.readable}
    left_out += tuple((a.municipality, a.why) for a in checked.arrived if a.municipality not in read)
    return assemble(v.submissions, checked.kind, v.period, order,  # type: ignore[arg-type] - known: nothing blocks
                    dates=dates, closing=closing, signed=signed, left_out=left_out)


def write_report(report: Report, output: Path, *, kind: Kind | None = None, letterhead: Letterhead | None = None,
                 progress=None) -> None:
    """Write the .docx whole or not at all (on the office's бланк, if read_letterhead() gave one)."""
    from reportgen.write.report import write_docx

    kind = kind or load_kind()
    on_rows = None
    if progress is not None:
        task = progress.add(say("building.writing"), report.event_count)
        on_rows = lambda n: progress.advance(task, n)  # noqa: E731
    try:
        with atomic_output(output) as tmp:
            write_docx(report, kind, tmp, letterhead, on_rows)
    except OSError as exc:
        raise _unwritten(exc, output) from exc


def _unwritten(exc: OSError, target: Path):
    # exc.filename may be the temporary file beside the target: the user knows only the target.
    from reportgen.write.plan import unwritten

    return unwritten(exc, target)


def write_pdf(report_path: Path) -> Path:
    """The report as PDF beside it, through LibreOffice (OfficeError when it fails); the PDF's path."""
    from reportgen.write.office import to_pdf

    pdf_path = report_path.with_suffix(".pdf")
    to_pdf(report_path, pdf_path)
    return pdf_path


def write_export(report: Report, output: Path, fmt: str, *, kind: Kind | None = None,
                 note: Note | None = None) -> list[Diagnostic]:
    """The consolidated table for analysts: fmt "xlsx" or "json"; whole or not at all. Cells it had to shorten.

    `note`: the cover note, whose figures the JSON carries too (each with the numbers of its events).
    """
    from reportgen.write.table import write_json, write_xlsx

    kind = kind or load_kind()
    if fmt not in ("xlsx", "json"):
        raise RequestError(say("building.export-format", fmt=fmt))
    try:
        with atomic_output(output) as tmp:
            return write_xlsx(report, kind, tmp) if fmt == "xlsx" else write_json(report, kind, tmp, note)
    except OSError as exc:
        raise _unwritten(exc, output) from exc


@dataclass(frozen=True, slots=True)
class Outputs:
    """What `build` will write, checked before any form is read (plan_outputs); `final()` once they are.

    The report is named by the period, which may come only from the forms: the plan is made
    twice, before reading (what can be checked already) and after (the report's own name).
    """

    inputs: tuple[InputFile, ...]
    skipped: tuple[SkippedFile, ...]
    output: Path | None
    period: Period | None
    pdf: bool = False
    xlsx: Path | None = None
    json_out: Path | None = None
    reference_doc: Path | None = None
    as_folder: bool = False
    target: Path | None = None  # the report's path, when it is known before the forms are read
    note: Path | None = None  # the cover note (--note)

    def final(self, period: Period | None) -> Path:
        """The report's path, checked again with the period the forms gave; -o's new folder made now."""
        return plan_build(self.inputs, self.output, period, self.pdf, self.xlsx, self.json_out,
                          self.reference_doc, self.skipped, make_folder=True, as_folder=self.as_folder,
                          note=self.note)


def plan_outputs(found: Found, output: Path | None, period: Period | None, pdf: bool = False,
                 xlsx: Path | None = None, json_out: Path | None = None, reference_doc: Path | None = None,
                 as_folder: bool = False, note: Path | None = None) -> Outputs:
    """plan_build before any form is read, and each output folder asked whether it takes a file (write.plan.probe)."""
    from reportgen.write.plan import probe

    target = plan_build(found.inputs, output, period, pdf, xlsx, json_out, reference_doc, found.skipped,
                        as_folder=as_folder, note=note)
    folder = target.parent if target else output if output is not None and output.is_dir() else Path.cwd()
    others = ((xlsx, "--xlsx"), (json_out, "--json"), (note, "--note"))
    for place, option in ((folder, "-o"), *((p.parent, o) for p, o in others if p)):
        probe(place, option)
    return Outputs(found.inputs, found.skipped, output, period, pdf, xlsx, json_out, reference_doc, as_folder, target,
                   note)


def write_outputs(report: Report, outputs: Outputs, target: Path, *, kind: Kind | None = None,
                  letterhead: Letterhead | None = None, progress=None,
                  note: Note | None = None) -> tuple[list[Diagnostic], Path | None]:
    """The report, its tables, its cover note and its PDF, renamed onto their names together at the end (all or none).

    `note` (api.cover_note) is written to outputs.note and into the JSON export.
    Returns the cells the tables had to shorten, and the PDF's path (None without --pdf).
    """
    from reportgen.write.plan import together

    with together():
        write_report(report, target, kind=kind, letterhead=letterhead, progress=progress)
        if hasattr(progress, "close"):  # the bar is the report's: it goes before the tables and the PDF
            progress.close()
        shortened = [d for path, fmt in ((outputs.xlsx, "xlsx"), (outputs.json_out, "json")) if path is not None
                     for d in write_export(report, path, fmt, kind=kind, note=note)]
        if outputs.note is not None and note is not None:
            from reportgen.api.noting import write_note

            write_note(note, outputs.note, kind=kind)
        pdf_path = write_pdf(target) if outputs.pdf else None
    return shortened, pdf_path
