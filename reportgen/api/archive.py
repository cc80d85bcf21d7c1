"""The archive: recording what `build` built, and reading the records back (under the file budgets).

A record is a file somebody may have edited, damaged or copied in from elsewhere: each is read
in a worker under the budgets, as forms are, every time the archive is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind, load_kind
from reportgen.model import Archive, Checked, Record, Report, Seeded, Seeding, Source
from reportgen.period import Period, Term
from reportgen.read.record import NAME


def load_archive(folder: Path | str, *, kind: Kind | None = None, every: bool = False,
                 periods: Sequence[str] | None = None) -> Archive:
    """The archive `folder`: the newest readable version of each period (an empty Archive if there is none).

    A version that cannot be used is a finding, and the version before it stands in its place.
    Files whose names are not «<period> v<N>.json» are the coordinator's own and are left alone.
    `every` (the listing, seeding): every version is read, each unreadable one named, and a .json
    whose name is not a record's («2025-Q2 v4 - копия.json») named as not read; `contents` holds
    each readable version's content. `periods`: only these period codes are read.
    """
    from reportgen.read.record import newest_usable, record_versions

    kind = kind or load_kind()
    folder = Path(folder)
    try:
        by_period, strays = record_versions(folder)
    except FileNotFoundError:
        return Archive(str(folder))
    except OSError as exc:
        from reportgen.damage import explain_os

        return Archive(str(folder), findings=(Diagnostic.of("record-damaged", file=str(folder), why=explain_os(exc)),))
    findings = [Diagnostic.of("archive-not-named", file=str(folder / name)) for name in strays
                if every and periods is None and (folder / name).is_file()]
    chosen = {code: numbers for code, numbers in by_period.items() if periods is None or code in periods}
    # Newest version first; older ones are read only if the newest cannot be used (all of them with `every`).
    found, unusable = newest_usable(folder, chosen, lambda wanted: _read_versions(folder, wanted, kind), Record, every)
    findings += unusable
    records: dict[str, Record] = {}
    for record in found:
        code = record.period.code()
        if code not in records or records[code].version < record.version:
            records[code] = record
    findings.extend(d for r in sorted(records.values(), key=lambda r: r.path) for d in r.findings)
    ordered = sorted(records.values(), key=lambda r: (r.period.start, r.period.end))
    return Archive(str(folder), tuple(ordered), tuple(findings),
                   tuple(sorted((code, tuple(n)) for code, n in by_period.items())),
                   tuple(sorted((r.period.code(), r.version, r.content) for r in found)))


def _read_versions(folder: Path, wanted: list[tuple[str, int]], kind: Kind) -> list[tuple[str, object]]:
    """Each (period code, version) of `folder` read in a worker under the budgets, as run_each gives it.

    A record whose inside names another period or version than its file is a finding.
    """
    from reportgen.budget import run_each
    from reportgen.read.record import read_record

    shown = [str(folder / f"{code} v{v}.json") for code, v in wanted]
    results = run_each(read_record, [(Path(path), kind, path) for path in shown])
    for i, ((code, v), path, (status, value)) in enumerate(zip(wanted, shown, results)):
        if status == "ok" and isinstance(value, Record) and (value.period.code() != code or value.version != v):
            results[i] = ("ok", Diagnostic.of("record-damaged", file=path, why=_say(
                "record.name-differs", period=value.period.code(), version=value.version)))
    return results


def record_build(folder: Path | str, report: Report, checked: Checked, period: Term | None = None, *,
                 kind: Kind | None = None, origin: str = "forms") -> Path:
    """Add `report` to the archive `folder` as the next version of its period; the record's path.

    Each event keeps its file, sheet and cell (the report's export) and, for a form that came by
    mail, the message it came in. WriteError names the folder when the disk refuses.
    """
    from reportgen.write.plan import unwritten
    from reportgen.write.record import write_record

    kind = kind or checked.kind or load_kind()
    term = period or Term.of(report.period)  # type: ignore[arg-type] - a built report knows its period
    messages = messages_of(checked.inputs)
    folder = Path(folder)
    try:
        path = write_record(folder, report, kind, term, origin=origin, messages=messages)
    except OSError as exc:
        raise unwritten(exc, folder) from exc
    if term.quarter is not None:  # the checks against earlier quarters need its keys: kept now, not read later
        from reportgen.api.earlier import remember
        from reportgen.read.record import NAME

        remember(path, report, kind, int(NAME.match(path.name).group("version")))
    return path


def messages_of(inputs: Sequence) -> dict[str, Source]:
    """Each form's display name → the message it arrived in (forms given as files have none)."""
    return {item.display: item.source for item in inputs if getattr(item, "source", None) is not None}


def _say(key: str, **facts: object) -> str:
    from reportgen.catalogue import say

    return say(key, **facts)


def archive_folder(option: Path | None, kind: Kind | None = None, report_folder: Path | None = None) -> Path | None:
    """The archive a command uses: --archive, else the kind's `[archive] folder` beside the report; None: none."""
    if option is not None:
        return Path(option)
    kind = kind or load_kind()
    if kind.archive_folder:
        return Path(report_folder or Path()) / kind.archive_folder
    return None


def unrecorded(folder: Path | str, exc: Exception) -> Diagnostic:
    """The finding for a record the archive `folder` would not take (record_build's WriteError, or the OSError)."""
    from reportgen.damage import explain_os

    cause = exc if isinstance(exc, OSError) else exc.__cause__
    if Path(folder).exists() and not Path(folder).is_dir():
        # «--archive отчет.docx»: the disk would only say «file exists»; rights and disk space are not the matter.
        return Diagnostic.of("archive-unwritten", file=str(folder), why=_say("archive.is-file"), is_file=True)
    why = explain_os(cause) if isinstance(cause, OSError) else str(exc)
    return Diagnostic.of("archive-unwritten", file=str(folder), why=why, is_file=False)


def word_reports(args: Sequence[Path | str]) -> tuple[list[Path], list[Path]]:
    """The Word reports the arguments name, and the subfolders of the folders named (which are not read).

    Files as given, and every .docx and .doc of a folder: a .doc becomes its entry's archive-doc
    finding, so that none is passed over unsaid. InputsError (exit 2) for a name that is not there,
    a folder without a Word report, a file that is not .docx (a .doc given alone: how to re-save it).
    """
    from reportgen.errors import InputsError
    from reportgen.read.inputs import is_lock_file

    found: list[Path] = []
    below: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            # Word's owner file («~$отчет.docx») and macOS's «._» companions are no reports.
            listed = sorted(path.iterdir())
            inside = [p for p in listed if p.suffix.lower() in (".docx", ".doc") and p.is_file()
                      and not is_lock_file(p) and not p.name.startswith(("._", "~$"))]
            if not inside:
                raise InputsError(_say("archive.no-word", folder=str(path)))
            found.extend(inside)
            below.extend(p for p in listed if p.is_dir() and not p.name.startswith("."))
        elif not path.exists():
            raise InputsError(_say("inputs.not-found", path=str(path)))
        elif path.suffix.lower() == ".doc":
            raise InputsError(_say("archive.old-word", path=str(path)))
        elif path.suffix.lower() != ".docx":
            raise InputsError(_say("archive.not-word", path=str(path)))
        else:
            found.append(path)
    return list(dict.fromkeys(found)), list(dict.fromkeys(below))


def check_archive_folder(folder: Path, option: str = "--archive") -> None:
    """Before any form is read: the archive is a folder, or one that can be made in a folder that exists.

    OutputError (exit 2) names the option: a file given for the folder, a parent that is missing
    («новый/архив» where «новый» is not there: a typo, not a folder to make a tree for).
    """
    from reportgen.errors import OutputError

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(_say("archive.is-file-option", folder=str(folder), option=option))
    parent = folder.parent
    if not folder.exists() and not parent.is_dir():
        raise OutputError(_say("archive.no-parent", parent=str(parent), option=option))


def seed_archive(folder: Path | str, word_files: Sequence[Path | str], period: Period | None = None, *,
                 kind: Kind | None = None, force: bool = False) -> Seeding:
    """Last year's Word reports into the archive `folder`: each read by split's reader, written as a record.

    Each document is read in a worker under the file budgets (api.split_file); its period is the
    one its title states. `period` is used only for a document whose title states none; a title
    that states another is used, and said (archive-period-title). A document with a blocking
    finding (no period, no report table, rows outside any section unless `force`) is skipped,
    named in its entry; the others go on. The record's origin is "word"; each event's source is
    the document, as split names it. A document whose report says what a version of its period
    already says (its content, whatever the file is called) is not written again.
    """
    import dataclasses

    from reportgen.api.splitting import split_blockers, split_file
    from reportgen.read.record import content_of
    from reportgen.write.record import write_record
    from reportgen.write.table import report_data

    kind = kind or load_kind()
    folder = Path(folder)
    reports, below = word_reports(word_files)
    splits = []
    for path in reports:
        if path.suffix.lower() == ".doc":
            splits.append((path, None, [Diagnostic.of("archive-doc", file=str(path))]))
            continue
        split = split_file(path, None, kind=kind, display=str(path))
        found = list(split.diagnostics)
        if period is not None and split.period is None:
            # The title names no quarter: --period says it (and the finding that asked for it goes).
            found = [d for d in found if d.code != "period-missing"]
            split = dataclasses.replace(split, period=period, report=dataclasses.replace(split.report, period=period),
                                        diagnostics=tuple(found))
        elif period is not None and split.period is not None and split.period != period:
            found.append(Diagnostic.of("archive-period-title", file=str(path), stated=split.period, given=period))
        splits.append((path, split, found))
    codes = sorted({Term.of(split.period).code() for _, split, _ in splits if split and split.period})
    present = load_archive(folder, kind=kind, every=True, periods=codes) if codes else None
    known: dict[tuple[str, str], tuple[str, int]] = {  # (period, content) → the version that says it
        (code, content): (str(folder / f"{code} v{v}.json"), v) for code, v, content in
        sorted(present.contents if present else (), reverse=True)}
    entries: list[Seeded] = []
    for path, split, found in splits:
        if split is None:
            entries.append(Seeded(str(path), None, 0, tuple(found)))
            continue
        blockers = split_blockers(split, force)
        term = Term.of(split.period) if split.period is not None else None
        if blockers or term is None:
            entries.append(Seeded(str(path), term, split.report.event_count,
                                  tuple(dict.fromkeys([*found, *blockers]))))
            continue
        content = content_of(report_data(split.report, kind))
        same = known.get((term.code(), content))
        if same is not None:
            entries.append(Seeded(str(path), term, split.report.event_count, tuple(found), same[0], same[1],
                                  already=True))
            continue
        try:
            written = write_record(folder, split.report, kind, term, origin="word")
        except OSError as exc:
            entries.append(Seeded(str(path), term, split.report.event_count, (*found, unrecorded(folder, exc))))
            continue
        version = int(NAME.match(written.name).group("version"))
        if term.quarter is not None:  # its keys for the checks against earlier quarters, as a build keeps them
            from reportgen.api.earlier import remember

            remember(written, split.report, kind, version)
        known[(term.code(), content)] = (str(written), version)
        entries.append(Seeded(str(path), term, split.report.event_count, tuple(found), str(written), version))
    passed = tuple(Diagnostic.of("archive-subfolder", file=str(p), folder=str(p)) for p in below)
    return Seeding(str(folder), tuple(entries), passed)
