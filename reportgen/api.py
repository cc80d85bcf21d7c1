"""The library's entry points: what the CLI calls, usable from Python too.

    from reportgen.api import check_paths, build_report, write_report
    validation = check_paths(["samples/q2"], period=parse_code("2025-Q2"))
    report = build_report(validation)
    write_report(report, Path("report.docx"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.assemble import Order, assemble
from reportgen.check.forms import combine
from reportgen.model import Validation
from reportgen.read.inputs import InputFile, SkippedFile, UsageProblem, atomic_output, expand_inputs
from reportgen.kind import Kind, load_kind
from reportgen.model import Report
from reportgen.period import Period


@dataclass(frozen=True)
class Checked:
    """Inputs that were found, what was skipped, and the validation of what was read."""

    inputs: tuple[InputFile, ...]
    skipped: tuple[SkippedFile, ...]
    validation: Validation
    kind: Kind


def find_inputs(args: Sequence[str], allow_none: bool = False) -> tuple[list[InputFile], list[SkippedFile]]:
    """The forms named by files, folders or globs, and what was passed over; nothing is read yet.

    Arguments that hold no form at all (an empty folder, only a lock file, only documents) are a
    usage problem, unless `allow_none`: on the first day of a quarter `status` shows nobody has sent anything.
    """
    inputs, skipped = expand_inputs(args)
    if not inputs and not allow_none:
        named = "; ".join(f"{s.display} — {s.reason}" for s in skipped[:5]) + ("; …" if len(skipped) > 5 else "")
        raise UsageProblem(f"Среди указанных файлов нет ни одной формы: {named}" if skipped
                           else f"Ни одной формы не найдено ({', '.join(args)}): нужны файлы .xlsx, .xlsm, .xls или .ods")
    return inputs, skipped


def check_paths(args: Sequence[str], period: Period | None = None, kind: Kind | None = None,
                progress=None, found: tuple[list[InputFile], list[SkippedFile]] | None = None) -> Checked:
    """Find the forms named by files, folders or globs (or take `found`); read and check them.

    Each form is read and checked on its own in a worker process; the checks across forms
    (period, one municipality twice, shared events) follow here.
    """
    from reportgen.check.workers import check_forms

    kind = kind or load_kind()
    inputs, skipped = found if found is not None else find_inputs(args)
    on_done = None
    if progress is not None:
        task = progress.add("Чтение форм", len(inputs))
        on_done = lambda _item: progress.advance(task)  # noqa: E731
    checks = check_forms(inputs, kind, period, on_done)
    # reportgen's own outputs (a consolidated table saved among the forms) are named and left out.
    own = [SkippedFile(c.form.file, f"{c.form.produced_by}: это не форма") for c in checks if c.form.produced_by]
    checks = [c for c in checks if not c.form.produced_by]
    return Checked(tuple(inputs), (*skipped, *own), combine(checks, kind, period), kind)


REPORT_SUFFIXES = (".docx",)


def default_report_name(period: Period) -> Path:
    return Path(f"report-{period.code()}.docx")


def plan_build(inputs: Sequence[InputFile], output: Path | None, period: Period | None, pdf: bool = False,
               xlsx: Path | None = None, json_out: Path | None = None, reference_doc: Path | None = None,
               skipped: Sequence[SkippedFile] = ()):
    """Everything `build` will write, checked (raises UsageProblem); the report's own path once it is known.

    Without -o (or with -o naming a folder) the report is named by the period, which may come
    from the forms: then this is called again once they are read. Files that were passed over
    (a PDF, a Word letter, a lock file a municipality's folder holds) are protected like inputs.
    """
    from reportgen.write.plan import OutputPlan, check_length

    for path, option in ((output, "-o"), (xlsx, "--xlsx"), (json_out, "--json")):
        if path is not None:
            check_length(path, option)
    protected = [*inputs, *(InputFile(s.path, s.display) for s in skipped if s.path is not None),
                 *([InputFile(reference_doc, str(reference_doc))] if reference_doc else [])]
    plan = OutputPlan(protected)
    if output is not None and output.is_dir():
        target = output / default_report_name(period) if period else None
    else:
        target = output if output is not None else (default_report_name(period) if period else None)
    if target is not None:
        plan.add(target, "отчет", REPORT_SUFFIXES, "-o")
        if pdf:
            plan.add(target.with_suffix(".pdf"), "PDF отчета", (".pdf",), "--pdf")
    if xlsx is not None:
        plan.add(xlsx, "сводную таблицу", (".xlsx",), "--xlsx")
    if json_out is not None:
        plan.add(json_out, "сводную таблицу в JSON", (".json",), "--json")
    plan.check()
    return target


def check_reference_doc(path: Path) -> None:
    """A letterhead named by --reference-doc must be a file (it is read in full later)."""
    import stat

    from reportgen.read.inputs import UsageProblem

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageProblem(f"Документ-образец «{path}» (--reference-doc) не найден") from None
    except OSError as exc:
        raise UsageProblem(f"Документ-образец «{path}» (--reference-doc) не открывается: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageProblem(f"«{path}» (--reference-doc) — это папка; укажите документ Word (.docx) с бланком")
    if not stat.S_ISREG(mode):
        raise UsageProblem(f"«{path}» (--reference-doc) — не обычный файл (канал или устройство); "
                           "укажите документ Word (.docx) с бланком")
    from reportgen.read.sniff import Refused, identify

    try:
        identify(path, ("docx",))  # before any form is read: a workbook or a PDF here is the caller's slip
    except Refused as exc:
        raise UsageProblem(f"Документ-образец «{path}» (--reference-doc): {exc}. {exc.hint}") from None


def build_report(checked: Checked, order: Order = "submitted") -> Report:
    v = checked.validation
    if v.period is None:
        raise ValueError("the period is unknown; check validation.diagnostics")
    return assemble(v.submissions, checked.kind, v.period, order)


def write_forms(kind: Kind, output: Path | None, municipality: str | None = None, every: bool = False,
                period: Period | None = None, send_to: str | None = None) -> list[Path]:
    """Blank forms: one (optionally pre-filled with a municipality) or one per municipality."""
    from reportgen.write.form import form_file_name, write_form

    owner = None
    if municipality is not None:
        owner = kind.registry.match(municipality)
        if owner is None:
            near = ", ".join(f"«{n}»" for n in kind.registry.suggest(municipality))
            raise UsageProblem(f"Муниципальное образование «{municipality}» не найдено в перечне"
                               + (f"; возможно, имелось в виду: {near}" if near else ""))
    from reportgen.write.plan import OutputPlan, check_folder, check_length

    if output is not None:
        check_length(output, "-o")
    plan = OutputPlan(folders=[output or Path(f"формы_{period.code()}" if period else "формы")] if every else [],
                      keep_existing="template")
    if every:
        folder = output or Path(f"формы_{period.code()}" if period else "формы")
        check_folder(folder, "-o", forms_apart=True)
        targets = [(m, folder / form_file_name(m, period)) for m in kind.registry]
    else:
        target = output or Path(form_file_name(owner, period))
        if target.is_dir():
            target = target / form_file_name(owner, period)
        targets = [(owner, target)]
    for _, target in targets:
        plan.add(target, "форму", (".xlsx",), "-o")
    plan.check()
    if every:
        folder.mkdir(exist_ok=True)
    for m, target in targets:
        with atomic_output(target) as tmp:
            write_form(kind, tmp, m, period, send_to)
    return [t for _, t in targets]


def write_report(report: Report, kind: Kind, output: Path, reference_doc: Path | None = None,
                 progress=None) -> None:
    """Write the .docx whole or not at all (into the office's own document, if given)."""
    from reportgen.write.report import write_docx

    on_rows = None
    if progress is not None:
        task = progress.add("Запись отчета", report.event_count)
        on_rows = lambda n: progress.advance(task, n)  # noqa: E731
    with atomic_output(output) as tmp:
        write_docx(report, kind, tmp, reference_doc, on_rows)


def write_export(report: Report, kind: Kind, output: Path, fmt: str) -> None:
    """The consolidated table for analysts: fmt "xlsx" or "json"; whole or not at all."""
    from reportgen.write.table import write_json, write_xlsx

    with atomic_output(output) as tmp:
        (write_xlsx if fmt == "xlsx" else write_json)(report, kind, tmp)


def split_file(path: Path, kind: Kind | None = None, period: Period | None = None, display: str | None = None):
    """A Word report → sections of events per municipality (reportgen split), with findings."""
    from reportgen.diagnostics import Diagnostic
    from reportgen.read.word import read_docx
    from reportgen.read.sniff import Refused, identify
    from reportgen.read.report import SplitResult, split_report

    kind = kind or load_kind()
    display = display or str(path)
    try:
        identify(path, ("docx",))
        body = read_docx(path)
    except Refused as exc:
        return SplitResult("", period, (), (Diagnostic(exc.code, str(exc), file=display, hint=exc.hint),))
    return split_report(body, kind, display, period)


def write_split(result, kind: Kind, outdir: Path, source: Path) -> list[Path]:
    """One form per section, named like `template --all` names them; each whole or not at all."""
    from reportgen.write.form import form_file_name, write_form
    from reportgen.write.plan import OutputPlan, check_folder

    check_folder(outdir, "-o", forms_apart=True)
    plan = OutputPlan([InputFile(source, str(source))], folders=[outdir], keep_existing="split")
    for section in result.sections:
        plan.add(outdir / form_file_name(section.municipality, result.period), "форму", (".xlsx",), "-o")
    plan.check()
    outdir.mkdir(exist_ok=True)
    written = []
    for section in result.sections:
        target = outdir / form_file_name(section.municipality, result.period)
        with atomic_output(target) as tmp:
            write_form(kind, tmp, section.municipality, result.period, events=section.events)
        written.append(target)
    return written
