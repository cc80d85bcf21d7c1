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
from reportgen.period import Period, Term, parse_term
from reportgen.read.record import NAME


def load_archive(folder: Path | str, *, kind: Kind | None = None) -> Archive:
    """The archive `folder`: the newest readable version of each period (an empty Archive if there is none).

    A version that cannot be used is a finding, and the version before it stands in its place.
    Files whose names are not «<period> v<N>.json» are the coordinator's own and are left alone.
    """
    import os

    from reportgen.budget import run_each
    from reportgen.read.record import read_record

    kind = kind or load_kind()
    folder = Path(folder)
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return Archive(str(folder))
    except OSError as exc:
        from reportgen.damage import explain_os

        return Archive(str(folder), findings=(Diagnostic.of("record-damaged", file=str(folder), why=explain_os(exc)),))
    by_period: dict[str, list[int]] = {}
    for name in names:
        found = NAME.match(name)
        if found and parse_term(found.group("period")) is not None:
            by_period.setdefault(found.group("period"), []).append(int(found.group("version")))
    for numbers in by_period.values():
        numbers.sort()

    def read(wanted: list[tuple[str, int]]) -> list[tuple[str, object]]:
        results = run_each(read_record, [(folder / f"{code} v{v}.json", kind, str(folder / f"{code} v{v}.json"))
                                         for code, v in wanted])
        for n, ((code, v), (status, value)) in enumerate(zip(wanted, results)):
            if status == "ok" and isinstance(value, Record) and (value.period.code() != code or value.version != v):
                results[n] = ("ok", Diagnostic.of("record-damaged", file=str(folder / f"{code} v{v}.json"), why=_say(
                    "record.name-differs", period=value.period.code(), version=value.version)))
        return results

    found, findings = newest_usable(folder, by_period, read, Record)
    ordered = sorted(found, key=lambda r: (r.period.start, r.period.end))
    return Archive(str(folder), tuple(ordered), tuple(findings),
                   tuple(sorted((code, tuple(n)) for code, n in by_period.items())))


def newest_usable(folder: Path, by_period: dict[str, list[int]], read, usable: type) -> tuple[list, list[Diagnostic]]:
    """Each period's newest version that can be used, and a finding for each version that cannot.

    `by_period`: the versions of each period, oldest first; `read(wanted)` reads (period, version)
    pairs, giving budget.run_each's (status, value) for each: ("ok", a `usable`) or ("ok", the
    finding), or a budget's breach. Older versions are read only where the newest cannot be used.
    """
    wanted = [(code, numbers[-1]) for code, numbers in by_period.items()]
    out: list = []
    findings: list[Diagnostic] = []
    while wanted:
        retry = []
        for (code, v), (status, value) in zip(wanted, read(wanted)):
            if status == "ok" and isinstance(value, usable):
                out.append(value)
                continue
            if status == "ok":
                findings.append(value)
            else:
                findings.append(Diagnostic.of("record-damaged", file=str(folder / f"{code} v{v}.json"), why=_say(
                    "record.over-budget" if status == "over" else "record.unreadable")))
            older = [n for n in by_period[code] if n < v]
            if older:
                retry.append((code, older[-1]))
        wanted = retry
    return out, findings


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
        why = _say("archive.is-file")  # «--archive отчет.docx»: the disk would only say «file exists»
    else:
        why = explain_os(cause) if isinstance(cause, OSError) else str(exc)
    return Diagnostic.of("archive-unwritten", file=str(folder), why=why)


def word_reports(args: Sequence[Path | str]) -> list[Path]:
    """The Word reports the arguments name: files as given, and every .docx of a folder (not its subfolders).

    InputsError (exit 2) for a name that is not there, a folder without a Word report, a file that is not .docx.
    """
    from reportgen.errors import InputsError
    from reportgen.read.inputs import is_lock_file

    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            # Word's owner file («~$отчет.docx») and macOS's «._» companions are no reports.
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() == ".docx" and p.is_file()
                            and not is_lock_file(p) and not p.name.startswith("._"))
            if not inside:
                raise InputsError(_say("archive.no-word", folder=str(path)))
            found.extend(inside)
        elif not path.exists():
            raise InputsError(_say("inputs.not-found", path=str(path)))
        elif path.suffix.lower() != ".docx":
            raise InputsError(_say("archive.not-word", path=str(path)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def seed_archive(folder: Path | str, word_files: Sequence[Path | str], period: Period | None = None, *,
                 kind: Kind | None = None, force: bool = False) -> Seeding:
    """Last year's Word reports into the archive `folder`: each read by split's reader, written as a record.

    Each document is read in a worker under the file budgets (api.split_file); its period is the
    one its title states, or `period`. A document with a blocking finding (no period, no report
    table, rows outside any section unless `force`) is skipped, named in its entry; the others go on.
    The record's origin is "word"; each event's source is the document, as split names it.
    A document whose report is already the period's record (seeded before) is not written again.
    """
    from reportgen.api.splitting import split_blockers, split_file
    from reportgen.write.record import write_record

    kind = kind or load_kind()
    folder = Path(folder)
    reports = word_reports(word_files)
    present = load_archive(folder, kind=kind)
    entries: list[Seeded] = []
    for path in reports:
        split = split_file(path, period, kind=kind, display=str(path))
        found = list(split.diagnostics)
        blockers = split_blockers(split, force)
        term = Term.of(split.period) if split.period is not None else None
        if blockers or term is None:
            entries.append(Seeded(str(path), term, split.report.event_count,
                                  tuple(dict.fromkeys([*found, *blockers]))))
            continue
        same = present.get(term)
        if same is not None and same.origin == "word" and same.report == split.report:
            entries.append(Seeded(str(path), term, split.report.event_count, tuple(found), same.path, same.version,
                                  already=True))
            continue
        try:
            written = write_record(folder, split.report, kind, term, origin="word")
        except OSError as exc:
            entries.append(Seeded(str(path), term, split.report.event_count, (*found, unrecorded(folder, exc))))
            continue
        version = int(NAME.match(written.name).group("version"))
        entries.append(Seeded(str(path), term, split.report.event_count, tuple(found), str(written), version))
    return Seeding(str(folder), tuple(entries))
