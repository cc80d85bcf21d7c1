"""A Word report split back into forms (reportgen split)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.assemble import numbered
from reportgen.read.report import dated
from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic, blocking
from reportgen.errors import BlockedError, InputsError
from reportgen.kind import Kind, load_kind
from reportgen.model import Report
from reportgen.period import Period
from reportgen.read.inputs import InputFile
from reportgen.write.plan import atomic_output

if TYPE_CHECKING:
    from reportgen.read.report import Split


def plan_split(output: Path | None, period: Period | None = None) -> None:
    """Check split's output folder before the report is read: it must hold no forms yet (OutputError).

    Without `output` the folder is named by the period: checked here when --period gives it,
    otherwise once the report's title has given it (write_split), still before anything is written.
    """
    from reportgen.write.plan import check_folder, probe

    folder = output or (default_split_folder(period) if period else None)
    if folder is not None:
        check_folder(folder, "-o", forms_apart=True)
    probe(output or Path.cwd(), "-o")  # the folder takes a file, asked before the report is read


def split_file(path: Path | str, period: Period | None = None, *, kind: Kind | None = None,
               display: str | None = None) -> Split:
    """A Word report → the report model, one section per municipality (reportgen split), with findings.

    The document is read in a worker under the file budgets, as forms are; a file that cannot
    be read is a finding of the result, not an exception.
    """
    from reportgen.budget import OverBudget, run
    from reportgen.read.report import Split, read_report_file

    kind = kind or load_kind()
    display = display or str(path)
    path = Path(path)
    if not path.exists():
        raise InputsError(say("refusal.split-missing", name=display))
    if path.is_dir():
        raise InputsError(say("refusal.split-folder", name=display))
    try:
        split = run(read_report_file, path, kind, display, period)
    except OverBudget as exc:
        return Split(display, Report.of(kind, period, (), title=""), period, (Diagnostic(
            exc.code, say("split.over-budget", code=exc.code), file=display, hint=say("split.over-budget.hint"),
        ),))
    # The events are numbered straight through, by the rule that numbers a built report; their dates
    # are read, as a built report's are (the archive's checks and a longer period's merges need them).
    return dataclasses.replace(split, report=dated(numbered(split.report, kind), split.period, kind))


def split_blockers(split: Split, force: bool = False) -> list[Diagnostic]:
    """What stops `split` from writing forms; [] when they may be written (the rule of build_blockers)."""
    found = blocking(split.diagnostics, force)
    # No section at all is said outright, beside row errors or a missing period: --force could not help,
    # and the period alone would not either. Not when the file itself was refused (no table, not Word).
    if not split.report.sections and not any(d.scope == "file" for d in found):
        found = [*found, Diagnostic("split-empty", say("split.empty"), file=split.source, hint=say("split.empty.hint"))]
    return found


def default_split_folder(period: Period) -> Path:
    return Path(say("forms.folder", period=period))


def write_split(split: Split, outdir: Path | None = None, *, kind: Kind | None = None) -> list[Path]:
    """One form per section, named like `template --all` names them; each whole or not at all.

    `outdir` None: the folder is named by the period (default_split_folder). `kind` must be the
    one the report was split with (the default kind when None).
    """
    from reportgen.write.form import form_file_name, write_form
    from reportgen.write.plan import OutputPlan, check_folder

    kind = kind or load_kind()
    blockers = split_blockers(split, force=True)
    if blockers:
        raise BlockedError(say("error.forms-blocked", message=blockers[0].message), blockers)
    outdir = outdir or default_split_folder(split.period)  # type: ignore[arg-type] - known when nothing blocks
    check_folder(outdir, "-o", forms_apart=True)
    owners = [(section, kind.registry.get(section.municipality)) for section in split.report.sections]
    source = Path(split.source)
    plan = OutputPlan([InputFile(source, split.source)], folders=[outdir], keep_existing="split")
    for _, owner in owners:
        plan.add(outdir / form_file_name(owner, split.period), say("plan.what.form"), (".xlsx",), "-o")
    plan.check()
    outdir.mkdir(exist_ok=True)
    written = []
    from reportgen.write.plan import together

    with together():  # all the forms or none
        for section, owner in owners:
            target = outdir / form_file_name(owner, split.period)
            with atomic_output(target) as tmp:
                write_form(kind, tmp, owner, split.period, section=section)
            written.append(target)
    return written
