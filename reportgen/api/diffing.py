"""What changed between two versions of a report (reportgen diff).

    from reportgen.api.diffing import diff_reports, plan_diff, write_diff

    target = plan_diff("report v1.docx", "archive/2025-Q2 v2.json", None)  # checked before reading
    diff = diff_reports("report v1.docx", "archive/2025-Q2 v2.json")
    print(diff.to_json()["summary"])
    write_diff(diff, target)  # the new version with its changes tracked, whole or not at all

Each version is a Word report (read as `split` reads it) or an archive record (read as the
archive reads it); both are untrusted and read in a worker under the file budgets. A version that
cannot be used raises BlockedError with its findings (exit 1); a path that names no report of
either sort raises RequestError (exit 2).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.errors import BlockedError, InputsError, RequestError
from reportgen.kind import Kind, load_kind
from reportgen.model import Diff, Record, Version

SUFFIXES = (".docx", ".json")
# A Word report's title may lack the quarter: diff needs no period, so that is no reason to refuse it.
_NOT_NEEDED = frozenset({"period-missing"})


def _path(path: Path | str) -> Path:
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise RequestError(say("refusal.diff-suffix", name=str(path)))
    if path.is_dir():
        raise RequestError(say("refusal.diff-folder", name=str(path)))
    if not path.exists():
        raise InputsError(say("refusal.diff-missing", name=str(path)))
    return path


def read_version(path: Path | str, *, kind: Kind | None = None) -> tuple[Version | None, tuple[Diagnostic, ...]]:
    """One version and its findings; None when it cannot be used (the findings say why)."""
    from reportgen.budget import OverBudget, run

    kind = kind or load_kind()
    shown = str(path)
    path = _path(path)
    if path.suffix.lower() == ".json":
        from reportgen.read.record import read_record

        try:
            found = run(read_record, path, kind, shown)
        except OverBudget:
            found = Diagnostic.of("record-damaged", file=shown, why=say("record.over-budget"))
        if isinstance(found, Record):
            return Version(shown, found.report, found), ()
        return None, (found,)
    from reportgen.api.splitting import split_file

    split = split_file(path, None, kind=kind, display=shown)
    findings = tuple(d for d in split.diagnostics if d.code not in _NOT_NEEDED)
    if any(d.severity == "error" for d in findings):
        return None, findings
    return Version(shown, split.report), findings


def diff_reports(old: Path | str, new: Path | str, *, kind: Kind | None = None) -> Diff:
    """The events added, removed and changed from `old` to `new` (each a .docx report or a .json record)."""
    from reportgen.check.versions import compare

    kind = kind or load_kind()
    before, old_findings = read_version(old, kind=kind)
    after, new_findings = read_version(new, kind=kind)
    findings = old_findings + new_findings
    if before is None or after is None:
        errors = [d for d in findings if d.severity == "error"]
        raise BlockedError(say("diff.blocked", message=errors[0].message), errors)
    a, b = before.report.period, after.report.period
    if a is not None and b is not None and a.code() != b.code():
        findings += (Diagnostic.of("diff-period-differs", old=before.file, new=after.file, old_period=a.code(),
                                   new_period=b.code()),)
    content = kind.content_columns
    return Diff(before, after, tuple(c.key for c in content), tuple(c.title.split("\n")[0] for c in content),
                compare(before.report, after.report, kind), findings)


def default_diff_name(new: Path | str) -> Path:
    """Beside the new version: «<its name> — исправления.docx»."""
    new = Path(new)
    return new.with_name(say("diff.default-name", stem=new.stem))


def plan_diff(old: Path | str, new: Path | str, output: Path | None) -> Path:
    """The tracked document's path, checked before anything is read (never over an input: OutputError)."""
    from reportgen.read.inputs import InputFile
    from reportgen.write.plan import OutputPlan, check_length

    target = Path(output) if output is not None else default_diff_name(new)
    check_length(target, "-o")
    plan = OutputPlan([InputFile(Path(p), str(p)) for p in (old, new)])
    plan.add(target, say("diff.tracked-what"), (".docx",), "-o")
    plan.check()
    return target


def write_diff(diff: Diff, output: Path, *, kind: Kind | None = None, when: dt.datetime | None = None,
               author: str | None = None) -> Path:
    """The new version as a Word document with its changes tracked, whole or not at all; its path."""
    from reportgen.write.plan import atomic_output, unwritten
    from reportgen.write.tracked import AUTHOR, write_tracked

    kind = kind or load_kind()
    try:
        with atomic_output(output) as tmp:
            write_tracked(diff, kind, tmp, author=author or AUTHOR, when=when)
    except OSError as exc:
        raise unwritten(exc, output) from exc
    return output
