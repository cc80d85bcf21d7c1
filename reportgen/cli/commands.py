"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import enum
import errno
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from reportgen.assemble import ORDERS
from reportgen.catalogue import say
from reportgen.cli.help import CLICK_ERRORS, Command, Group
from reportgen.kind import DEFAULT_KIND
from reportgen.period import Period

app = typer.Typer(
    name="reportgen",
    cls=Group,  # usage errors in Russian, from click's facts (cli/help.py)
    help=say("command.root"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
OPTIONS = say("help.usage.options")


def _period(value: Optional[str]) -> Optional[Period]:
    from reportgen.errors import PeriodError
    from reportgen.period import parse_option

    if value is None:
        return None
    try:
        return parse_option(value)
    except PeriodError as exc:
        from reportgen.period import parse_term

        term = parse_term(value)
        if term is not None:  # a half-year or a year, where only `build` takes one
            raise typer.BadParameter(say("refusal.term-here", text=value, term=term), param_hint="--period") from None
        raise typer.BadParameter(str(exc), param_hint="--period") from None


def _term(value: Optional[str]):
    """build's --period: a longer period (Term) when it is one; None for a quarter or nothing."""
    from reportgen.period import parse_term

    if value is None:
        return None
    term = parse_term(value)
    return term if term is not None and term.quarter is None else None


def _day(value: Optional[str], option: str):
    """A date given on the command line (10.10.2025 or 2025-10-10), or None."""
    if value is None:
        return None
    from reportgen.dates import DateSpan, parse_dates

    span = parse_dates(value)
    if not isinstance(span, DateSpan) or span.start != span.end or span.precision != "day":
        raise typer.BadParameter(say("option.signed.not-a-day", value=value), param_hint=option)
    return span.start


# Choices as enums: typer checks them, and cli/help.py says a wrong one in Russian.
OutputFormat = enum.Enum("OutputFormat", {name: name for name in ("text", "json")}, type=str)
RowOrder = enum.Enum("RowOrder", {name: name for name in ORDERS}, type=str)
DateStyle = enum.Enum("DateStyle", {name: name for name in ("as-typed", "uniform")}, type=str)
SmtpSecurity = enum.Enum("SmtpSecurity", {name: name for name in ("starttls", "ssl", "none")}, type=str)


PathsArg = Annotated[list[str], typer.Argument(
    metavar=say("option.paths.metavar"), show_default=False, help=say("option.paths"))]
PeriodOpt = Annotated[Optional[str], typer.Option(
    "--period", metavar=say("option.quarter.metavar"), help=say("option.period"))]
KindOpt = Annotated[str, typer.Option(
    "--kind", metavar=say("option.kind.metavar"), help=say("option.kind"))]
StrictOpt = Annotated[bool, typer.Option(
    "--strict-duplicates", help=say("option.strict-duplicates"))]
WithoutOpt = Annotated[Optional[list[str]], typer.Option(
    "--without", metavar=say("option.without.metavar"), help=say("option.without"))]
SkipOpt = Annotated[bool, typer.Option(
    "--skip-unreadable", help=say("option.skip-unreadable"))]
ContactsOpt = Annotated[Optional[Path], typer.Option(
    "--contacts", metavar=say("option.contacts.metavar"), help=say("option.contacts"))]
# Every command that reads forms can read the archive of earlier periods (issue 23).
ArchiveOpt = Annotated[Optional[Path], typer.Option(
    "--archive", metavar=say("option.archive.metavar"), help=say("option.archive"))]
# validate, status and letters only read it: their help says what they do with it, not what build does.
ArchiveReadOpt = Annotated[Optional[Path], typer.Option(
    "--archive", metavar=say("option.archive.metavar"), help=say("option.archive.read"))]
FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", metavar="text|json", case_sensitive=False, help=say("option.format"))]


def _console(stderr: bool = False):
    from rich.console import Console

    # soft_wrap: one finding stays one line even when it is longer than the terminal. When the
    # output is a file or a pipe, nothing is wrapped at 80 columns: tables keep whole words.
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 10_000
    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False, width=width)


def _print_json(data: dict) -> None:
    import json

    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _check(paths: list[str], period: Optional[Period], kind, found=None, allow_none: bool = False,
           strict: bool = False, without: Optional[list[str]] = None, skip_unreadable: bool = False,
           contacts: Optional[Path] = None, archive: Optional[Path] = None):
    """Read and check the inputs, with a progress bar on slow runs."""
    from reportgen.api import check_paths
    from reportgen.cli.progress import LazyProgress

    with LazyProgress(_console(stderr=True)) as progress:
        return check_paths(paths, period, kind=kind, progress=progress, found=found, allow_none=allow_none,
                           strict_duplicates=strict,
                           without=without or (), skip_unreadable=skip_unreadable, contacts=contacts,
                           archive=archive)


def _archive_folder(archive: Optional[Path]) -> Optional[Path]:
    """--archive of a command that only reads it, checked before any input is read.

    A file, or a folder whose parent is missing (a typo), is refused (exit 2), as build refuses it.
    A folder not made yet, in a folder that exists, is an empty archive: the first quarter of a new
    archive can be validated before build makes it. One line (on stderr: a JSON output stays whole)
    names the folder, so that a mistyped name is seen.
    """
    if archive is None:
        return None
    from reportgen.api.archive import check_archive_folder

    check_archive_folder(archive)
    if not archive.exists():
        from rich.text import Text

        _console(stderr=True).print(Text(say("archive.not-yet", folder=archive), style="cyan"))
    return archive


def _contacts_file(contacts: Optional[Path]) -> Optional[Path]:
    """--contacts checked before any input is read: a mistyped name must not quietly mean «no contacts»."""
    from reportgen.errors import RequestError

    if contacts is not None and not contacts.is_file():
        raise RequestError(say("option.contacts.missing", path=contacts))
    return contacts


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("reportgen")
        except PackageNotFoundError:
            number = say("option.version.unknown")
        typer.echo(f"reportgen {number}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option(
        "--version", help=say("option.version"), callback=_version, is_eager=True)] = False,
) -> None:
    """The root callback: only --version (the help is the catalogue's, command.root)."""


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.template"))
def template(
    municipality: Annotated[Optional[str], typer.Option(
        "--municipality", metavar=say("option.municipality.metavar"), help=say("option.municipality"))] = None,
    every: Annotated[bool, typer.Option("--all", help=say("option.all"))] = False,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar=say("option.quarter.metavar"), help=say("option.period.template"))] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", metavar=say("option.output.template.metavar"), help=say("option.output.template"))] = None,
    send_to: Annotated[Optional[str], typer.Option(
        "--send-to", metavar=say("option.text.metavar"), help=say("option.send-to"))] = None,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Write the blank Excel form (the help is the catalogue's)."""
    from rich.text import Text

    from reportgen.api import write_forms
    from reportgen.kind import load_kind
    from reportgen.period import current

    chosen = _period(period)
    console = _console()
    written = write_forms(output, municipality, every, chosen or current(), send_to, kind=load_kind(kind))
    if chosen is None:
        console.print(say("template.no-period", period=current()), markup=False)
    if every:
        console.print(Text.assemble((say("forms.written"), "bold green"),
                                    say("template.written-all", n=len(written), folder=written[0].parent)))
    else:
        console.print(Text.assemble((say("template.written"), "bold green"), str(written[0])))


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.validate"))
def validate(
    paths: PathsArg,
    period: PeriodOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    annotate: Annotated[Optional[Path], typer.Option(
        "--annotate", metavar=say("option.folder.metavar"), help=say("option.annotate"))] = None,
    strict: StrictOpt = False,
    without: WithoutOpt = None,
    skip_unreadable: SkipOpt = False,
    contacts: ContactsOpt = None,
    archive: ArchiveReadOpt = None,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Check the forms and list the findings (the help is the catalogue's)."""
    from reportgen.api import annotate as mark, find_inputs, plan_annotate
    from reportgen.kind import load_kind

    chosen, kind_data = _period(period), load_kind(kind)
    archive = _archive_folder(archive)
    found = find_inputs(paths)
    if annotate is not None:
        plan_annotate(found.inputs, annotate, paths)
    checked = _check(paths, chosen, kind_data, found, strict=strict, without=without, skip_unreadable=skip_unreadable,
                     contacts=_contacts_file(contacts), archive=archive)
    marked = mark(checked, annotate) if annotate is not None else ()
    if fmt is OutputFormat.json:
        data = checked.to_json()
        if annotate is not None:  # copies that could not be made: their findings, in the same shape
            data["copies"] = [m.to_json() for m in marked]
        _print_json(data)
    else:
        from reportgen.cli.show import print_diagnostics, print_notes, print_summary

        console = _console()
        print_diagnostics(console, checked)
        print_summary(console, checked, skipped_note=False)  # validate names every row itself
        print_notes(console, checked)
        if annotate is not None:
            from reportgen.cli.show import print_findings

            written = [m.copy for m in marked if m.copy is not None]
            console.print(say("validate.copies", n=len(written), folder=annotate), markup=False)
            for m in marked:
                if m.copy is None and m.finding is None:
                    console.print(say("validate.copy-not-made", file=m.file), markup=False)
            print_findings(console, [m.finding for m in marked if m.finding is not None])
        elif checked.validation.errors or checked.validation.warnings:
            console.print(say("validate.annotate-hint"), markup=False)
    raise typer.Exit(EXIT_INPUT if checked.validation.errors else EXIT_OK)


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.status"))
def status(
    paths: PathsArg,
    period: PeriodOpt = None,
    fmt: FormatOpt = OutputFormat.text,
    strict: StrictOpt = False,
    without: WithoutOpt = None,
    skip_unreadable: SkipOpt = False,
    contacts: ContactsOpt = None,
    archive: ArchiveReadOpt = None,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """The roster: who sent a form, who has errors, who did not send (the help is the catalogue's)."""
    from reportgen.api import find_inputs, roster
    from reportgen.kind import load_kind

    archive = _archive_folder(archive)
    found = find_inputs(paths, allow_none=True)  # on a quarter's first day the inbox is empty
    checked = _check(paths, _period(period), load_kind(kind), found, allow_none=True, strict=strict, without=without,
                     skip_unreadable=skip_unreadable, contacts=_contacts_file(contacts), archive=archive)
    if fmt is OutputFormat.json:
        _print_json(roster(checked).to_json())
    else:
        from reportgen.cli.show import print_glance, print_notes, print_roster

        console = _console()
        print_roster(console, roster(checked))
        print_notes(console, checked)
        print_glance(console, checked)
        if checked.validation.errors:
            console.print(say("status.see-validate"), markup=False)
    raise typer.Exit(EXIT_INPUT if checked.validation.errors else EXIT_OK)


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.build"))
def build(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar=say("option.paths.metavar"), show_default=False, help=say("option.paths.build"))] = None,
    output: Annotated[Optional[str], typer.Option(
        "-o", "--output", metavar=say("option.output.build.metavar"), help=say("option.output.build"))] = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar=say("option.period.metavar"), help=say("option.period.build"))] = None,
    archive: ArchiveOpt = None,
    order: Annotated[RowOrder, typer.Option(
        "--order", metavar="submitted|date", case_sensitive=False, help=say("option.order"))] = RowOrder.submitted,
    force: Annotated[bool, typer.Option("--force", help=say("option.force.build"))] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help=say("option.pdf"))] = False,
    xlsx: Annotated[Optional[Path], typer.Option(
        "--xlsx", metavar=say("option.xlsx.metavar"), help=say("option.xlsx"))] = None,
    json_out: Annotated[Optional[Path], typer.Option(
        "--json", metavar=say("option.json.metavar"), help=say("option.json"))] = None,
    reference_doc: Annotated[Optional[Path], typer.Option(
        "--reference-doc", metavar=say("option.reference-doc.metavar"), help=say("option.reference-doc"))] = None,
    dates: Annotated[Optional[DateStyle], typer.Option(
        "--dates", metavar="as-typed|uniform", case_sensitive=False, show_default=False,
        help=say("option.dates"))] = None,
    closing: Annotated[Optional[bool], typer.Option(
        "--closing/--no-closing", show_default=False, help=say("option.closing"))] = None,
    signed: Annotated[Optional[str], typer.Option(
        "--signed", metavar=say("option.signed.metavar"), help=say("option.signed"))] = None,
    strict: StrictOpt = False,
    without: WithoutOpt = None,
    skip_unreadable: SkipOpt = False,
    contacts: ContactsOpt = None,
    note_out: Annotated[Optional[Path], typer.Option(
        "--note", metavar=say("option.note.metavar"), help=say("option.note"))] = None,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Check the forms and build the Word report (the help is the catalogue's)."""
    from reportgen.api import build_blockers, build_report, find_inputs, plan_outputs, read_letterhead, write_outputs
    from reportgen.api.archive import archive_folder
    from reportgen.cli.progress import LazyProgress
    from reportgen.cli.show import print_diagnostics, print_glance, print_notes, print_summary
    from reportgen.kind import load_kind

    # A path keeps no slash at its end: «-o "Отчет 3 кв. 2025/"» says a folder only in the text typed.
    as_folder = output is not None and output.endswith(("/", "\\"))
    output = Path(output) if output is not None else None  # type: ignore[assignment]
    term = _term(period)
    chosen = None if term is not None else _period(period)
    kind_data, signed_on = load_kind(kind), _day(signed, "--signed")
    if term is None and not paths:
        from reportgen.errors import RequestError

        raise RequestError(say("refusal.no-paths"))
    letterhead = read_letterhead(reference_doc, kind=kind_data) if reference_doc is not None else None
    if term is not None:
        given = [name for name, value in (("--without", without), ("--skip-unreadable", skip_unreadable),
                                          ("--strict-duplicates", strict), ("--contacts", contacts)) if value]
        if given:  # what they choose among one quarter's forms is not done across a year's: said, not ignored
            from reportgen.errors import RequestError

            raise RequestError(say("refusal.term-option", option=given[0], term=term))
        _build_term(term, paths or [], archive, kind_data, output, as_folder, letterhead, order.value, force,
                    dates.value if dates else None, closing, signed_on, pdf, xlsx, json_out, reference_doc, note_out)
        raise typer.Exit(EXIT_OK)
    found = find_inputs(paths)
    outputs = plan_outputs(found, output, chosen, pdf, xlsx, json_out, reference_doc, as_folder,  # before reading
                           note=note_out)
    if archive is not None:  # a file, or a folder whose parent is missing (a typo): refused before any form is read
        from reportgen.api.archive import check_archive_folder

        check_archive_folder(archive)
    # The kind's archive lies beside the report: its folder is known before the forms are read.
    archive = archive_folder(archive, kind_data, outputs.target.parent if outputs.target else output)
    checked = _check(paths, chosen, kind_data, found, strict=strict, without=without, skip_unreadable=skip_unreadable,
                     contacts=_contacts_file(contacts), archive=archive)
    v = checked.validation
    console = _console()
    print_diagnostics(console, checked, with_info=False)  # notes are for `validate`
    print_summary(console, checked)
    print_notes(console, checked)
    _refuse(console, build_blockers(checked, force), force)
    target = outputs.final(v.period)
    report = build_report(checked, order.value, force, dates.value if dates else None, closing, signed_on)
    extra = [(p, fmt) for p, fmt in ((xlsx, "xlsx"), (json_out, "json")) if p is not None]
    note = None
    if note_out is not None:
        from reportgen.api import cover_note
        from reportgen.api.noting import note_archive

        note = cover_note(report, checked, note_archive(archive, report.period, kind=checked.kind) if archive else None,
                          kind=checked.kind)
    with LazyProgress(_console(stderr=True)) as progress:
        shortened, pdf_path = write_outputs(report, outputs, target, kind=checked.kind, letterhead=letterhead,
                                            progress=progress, note=note)
    _print_written(console, report, target, extra, [*shortened, *(note.notes if note is not None else ())],
                   pdf_path, letterhead, note_out if note is not None else None)
    if note is not None:
        _print_note_gaps(console, note, archive is not None, checked.kind)
    print_glance(console, checked)
    if v.errors:
        console.print(f"[yellow]{say('build.forced')}[/]")
    if archive is not None:  # after every output is whole: a record never stands for a report not written
        _record(console, archive, report, checked)
    # Done: with --force the coordinator accepted the row errors, and the report is written.
    raise typer.Exit(EXIT_OK)


def _print_note_gaps(console, note, with_archive: bool, kind) -> None:
    """One line for each comparison the note could not make: no record of that period, or no archive at all."""
    from rich.text import Text

    gaps = [c.reason for c in note.comparisons if not c.record]
    if not with_archive and {"previous", "year_ago"} & set(kind.note.parts):
        gaps.append(say("note.no-archive"))
    for gap in gaps:
        console.print(Text.assemble((say("note.said"), "yellow"), gap))


def _record(console, archive: Path, report, checked) -> None:
    """Add the built report to the archive as its period's next version (exit 1 if the disk refuses)."""
    from rich.text import Text

    from reportgen.api.archive import record_build, unrecorded
    from reportgen.cli.show import print_findings
    from reportgen.errors import ReportgenError
    from reportgen.read.record import NAME

    try:
        recorded = record_build(archive, report, checked, kind=checked.kind)
    except ReportgenError as exc:  # the report stays written; only the record is missing
        print_findings(console, [unrecorded(archive, exc)])
        raise typer.Exit(EXIT_INPUT) from None
    version = NAME.match(recorded.name).group("version")
    console.print(Text.assemble((say("archive.recorded"), "bold green"),
                                say("archive.recorded.where", path=recorded, version=version)))


def _refuse(console, blocking, force: bool, remedy: str | None = None) -> None:
    """No report when something blocks it: what, and how to build anyway (exit 1).

    `remedy`: what to do about files that cannot be used (None: show.FILES_REMEDY; "": each finding's hint).
    """
    from rich.text import Text

    from reportgen.cli.show import FILES_REMEDY, refusal

    if blocking:
        subject = say("build.refused")
        for line in refusal(blocking, force, subject, say("build.refused.fix"),
                            FILES_REMEDY if remedy is None else remedy):
            console.print(Text(line, style="bold red" if line.startswith(subject) else ""))
        raise typer.Exit(EXIT_INPUT)


def _print_written(console, report, target, extra, shortened, pdf_path, letterhead, note_path=None) -> None:
    """What build wrote: the report (events, sections), the tables, the note, the PDF; the letterhead's notes."""
    from rich.text import Text

    from reportgen.cli.show import print_findings

    console.print(Text.assemble((say("build.written"), "bold green"), say(
        "build.written.what", target=target, n=report.event_count, sections=len(report.sections))))
    for path, fmt in extra:
        console.print(Text.assemble((say("build.table-written", fmt=fmt.upper()), "bold green"), str(path)))
    if note_path is not None:
        console.print(Text.assemble((say("note.written"), "bold green"), str(note_path)))
    print_findings(console, [*shortened, *(letterhead.findings if letterhead else ())])
    for line in letterhead.notes if letterhead else ():
        console.print(Text.assemble((say("build.letterhead"), "yellow"),
                                    say("build.letterhead.line", line=line, source=letterhead.source)))
    if pdf_path is not None:
        console.print(Text.assemble((say("build.pdf-written"), "bold green"), str(pdf_path)))


def _build_term(term, paths, archive, kind_data, output, as_folder, letterhead, order, force, dates, closing,
                signed_on, pdf, xlsx, json_out, reference_doc, note_out=None) -> None:
    """build --period 2025-H1 (a longer period): its quarters from the archive, forms and Word reports, one report."""
    from rich.text import Text

    from reportgen.api import plan_outputs, write_outputs
    from reportgen.api.term import build_term, find_term, gather_term, term_blockers
    from reportgen.cli.progress import LazyProgress
    from reportgen.cli.show import print_diagnostics, print_findings, print_summary

    given = find_term(paths)
    outputs = plan_outputs(given.protected, output, term, pdf, xlsx, json_out, reference_doc, as_folder,
                           note=note_out)
    with LazyProgress(_console(stderr=True)) as progress:
        gathered = gather_term(given, term, kind=kind_data, archive=archive, progress=progress)
    console = _console()
    for source in gathered.sources:
        console.print(Text(say(f"term.source.{source.origin}", quarter=source.quarter, what=source.what), style="bold"))
        if source.checked is not None:
            print_diagnostics(console, source.checked, with_info=False)
            print_summary(console, source.checked)
    print_findings(console, gathered.findings)
    if not gathered.sources:
        console.print(Text(say("term.nothing", term=term), style="bold red"))
        raise typer.Exit(EXIT_INPUT)
    _refuse(console, term_blockers(gathered, force), force, remedy="")  # --without and the like: quarters only
    target = outputs.final(term)
    report = build_term(gathered, kind=kind_data, order=order, force=force, dates=dates, closing=closing,
                        signed=signed_on)
    extra = [(p, fmt) for p, fmt in ((xlsx, "xlsx"), (json_out, "json")) if p is not None]
    note = None
    if note_out is not None:  # from the period's own events: its forms may be archived or Word reports
        from reportgen.api import cover_note
        from reportgen.api.noting import note_archive

        note = cover_note(report, None, note_archive(archive, report.period, kind=kind_data) if archive else None,
                          kind=kind_data)
    with LazyProgress(_console(stderr=True)) as progress:
        shortened, pdf_path = write_outputs(report, outputs, target, kind=kind_data, letterhead=letterhead,
                                            progress=progress, note=note)
    _print_written(console, report, target, extra, [*shortened, *(note.notes if note is not None else ())],
                   pdf_path, letterhead, note_out if note is not None else None)
    from collections import Counter

    repeated = Counter(len({q for q, *_ in m.rows}) for m in report.merges)
    for k, n in sorted(repeated.items()):
        console.print(Text(say("term.merged", k=k, n=n)))


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.letters"))
def letters(
    paths: PathsArg,
    output: Annotated[Path, typer.Option(
        "-o", "--output", metavar=say("option.folder.metavar"), help=say("option.output.letters"))],
    period: PeriodOpt = None,
    contacts: ContactsOpt = None,
    confirm: Annotated[bool, typer.Option("--confirm", help=say("option.confirm"))] = False,
    sender: Annotated[Optional[str], typer.Option(
        "--from", metavar=say("option.from.metavar"), envvar="REPORTGEN_FROM", help=say("option.from"))] = None,
    signature: Annotated[str, typer.Option(
        "--signature", metavar=say("option.text.metavar"), help=say("option.signature"))] = "",
    send: Annotated[bool, typer.Option("--send", help=say("option.send"))] = False,
    smtp_host: Annotated[Optional[str], typer.Option(
        "--smtp-host", metavar=say("option.smtp-host.metavar"), envvar="REPORTGEN_SMTP_HOST",
        help=say("option.smtp-host"))] = None,
    smtp_port: Annotated[Optional[int], typer.Option(
        "--smtp-port", metavar=say("option.smtp-port.metavar"), envvar="REPORTGEN_SMTP_PORT",
        help=say("option.smtp-port"))] = None,
    smtp_security: Annotated[SmtpSecurity, typer.Option(
        "--smtp-security", metavar="starttls|ssl|none", case_sensitive=False, envvar="REPORTGEN_SMTP_SECURITY",
        help=say("option.smtp-security"))] = None,  # type: ignore[assignment]
    smtp_user: Annotated[Optional[str], typer.Option(
        "--smtp-user", metavar=say("option.smtp-user.metavar"), envvar="REPORTGEN_SMTP_USER",
        help=say("option.smtp-user"))] = None,
    smtp_timeout: Annotated[float, typer.Option(
        "--smtp-timeout", metavar=say("option.seconds.metavar"), min=1, help=say("option.smtp-timeout"))] = 30.0,
    send_deadline: Annotated[float, typer.Option(
        "--send-deadline", metavar=say("option.seconds.metavar"), min=1, help=say("option.send-deadline"))] = 600.0,
    resend_unknown: Annotated[bool, typer.Option("--resend-unknown", help=say("option.resend-unknown"))] = False,
    strict: StrictOpt = False,
    without: WithoutOpt = None,
    skip_unreadable: SkipOpt = False,
    archive: ArchiveReadOpt = None,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Write (and send) the letters to municipalities (the help is the catalogue's)."""
    from rich.text import Text

    from reportgen.api import find_inputs, plan_letters, plan_send, send_letters, write_letters
    from reportgen.kind import load_kind

    chosen, kind_data = _period(period), load_kind(kind)
    if send:
        plan_send(smtp_host, sender)
    contacts, archive = _contacts_file(contacts), _archive_folder(archive)
    found = find_inputs(paths, allow_none=True)  # nobody has sent anything: everyone gets a reminder
    plan_letters(found.inputs, output, paths)
    checked = _check(paths, chosen, kind_data, found, allow_none=True, strict=strict, without=without,
                     skip_unreadable=skip_unreadable, contacts=contacts, archive=archive)
    done = write_letters(checked, output, chosen, contacts, confirm, sender or "", signature)
    console = _console()
    from collections import Counter

    from reportgen.model import LetterKind

    counts = Counter(w.draft.kind for w in done.drafts)
    shown = ", ".join(f"{say(f'letter.{k}')} {counts[k]}" for k in LetterKind if counts[k])
    console.print(Text.assemble((say("drafts.written"), "bold green"),
                                say("drafts.written.where", n=len(done.drafts), folder=output, counts=shown)))
    for w in done.drafts:
        console.print(f"  {w.path.name} → {', '.join(w.draft.to) or say('drafts.no-address')}", markup=False)
    for note in done.notes:
        console.print(Text(note, style="yellow"))
    from reportgen.cli.show import print_findings, print_left_out

    print_findings(console, done.findings)

    print_left_out(console, checked)
    for item in checked.skipped:
        if item.message is not None:
            console.print(Text(say("drafts.no-form", reason=item.reason), style="dim"))
        elif item.code:  # mail passed over: a form in it gets no letter, so the coordinator must know
            console.print(Text(say("drafts.not-read", display=item.display, reason=item.reason), style="yellow"))
    if not send:
        console.print(say("drafts.open"), markup=False)
        raise typer.Exit(EXIT_OK)
    result = send_letters(done, output, smtp_host or "", sender or "", port=smtp_port,
                          security=(smtp_security or SmtpSecurity.starttls).value, user=smtp_user or "",
                          timeout=smtp_timeout, deadline=send_deadline, resend_unknown=resend_unknown)
    for note in result.notes:
        console.print(Text(note, style="yellow"))
    console.print(Text.assemble((say("sent.count"), "bold green"), str(len(result.sent))))
    if result.already:
        console.print(say("sent.already", n=len(result.already)), markup=False)
    for name in result.no_address:
        console.print(Text(say("sent.no-address", name=name), style="yellow"))
    for name, why in result.refused:
        console.print(Text(f"{name}: {why}", style="bold red"))
    for name, why in result.unknown:
        console.print(Text(say("sent.maybe", name=name, why=why), style="bold yellow"))
    for name in result.unknown_before:
        console.print(Text(say("sent.maybe-before", name=name), style="yellow"))
    if result.not_tried:
        console.print(Text(say("sent.not-tried", deadline=send_deadline, names=result.not_tried), style="bold red"))
    failed = result.refused or result.no_address or result.unknown or result.unknown_before or result.not_tried
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.split"))
def split(
    report: Annotated[Path, typer.Argument(metavar=say("argument.split.metavar"), show_default=False,
                                           help=say("argument.split"))],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", metavar=say("option.folder.metavar"), help=say("option.output.split"))] = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar=say("option.quarter.metavar"), help=say("option.period.split"))] = None,
    force: Annotated[bool, typer.Option("--force", help=say("option.force.split"))] = False,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Split a Word report back into forms (the help is the catalogue's)."""
    from rich.table import Table
    from rich.text import Text

    from reportgen.api import plan_split, split_blockers, split_file, write_split
    from reportgen.cli.show import print_findings, refusal
    from reportgen.kind import load_kind

    chosen = _period(period)
    plan_split(output, chosen)
    kind_data = load_kind(kind)
    split = split_file(report, chosen, kind=kind_data, display=str(report))
    console = _console()
    print_findings(console, split.diagnostics)
    table = Table(header_style="bold")
    table.add_column(say("column.municipality"))
    table.add_column(say("column.events"), justify="right")
    for section in split.report.sections:
        table.add_row(section.municipality, str(len(section.events)))
    if split.report.sections:
        console.print(table)
    blocking = split_blockers(split, force)
    if blocking:
        subject = say("split.refused")
        for line in refusal(blocking, force, subject, say("split.refused.fix"), remedy=""):
            console.print(Text(line, style="bold red" if line.startswith(subject) else ""))
        raise typer.Exit(EXIT_INPUT)
    written = write_split(split, output, kind=kind_data)
    console.print(Text.assemble((say("forms.written"), "bold green"), say(
        "split.written", n=len(written), folder=written[0].parent, events=split.report.event_count)))
    raise typer.Exit(EXIT_OK)


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.archive"))
def archive(
    reports: Annotated[Optional[list[Path]], typer.Argument(
        metavar=say("argument.archive.metavar"), show_default=False, help=say("argument.archive"))] = None,
    folder: ArchiveOpt = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar=say("option.archive-period.metavar"), help=say("option.archive-period"))] = None,
    force: Annotated[bool, typer.Option("--force", help=say("option.archive-force"))] = False,
    fmt: FormatOpt = OutputFormat.text,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """Seed the archive from Word reports, or list it (the help is the catalogue's)."""
    from rich.text import Text

    from reportgen.api.archive import archive_folder, check_archive_folder, load_archive, seed_archive
    from reportgen.cli.show import print_archive, print_findings
    from reportgen.errors import InputsError, RequestError
    from reportgen.kind import load_kind

    chosen, kind_data = _period(period), load_kind(kind)
    where = archive_folder(folder, kind_data)
    if where is None:
        raise RequestError(say("archive.needed", kind=kind_data.name))
    console = _console()
    if not reports:
        if where.exists() and not where.is_dir():
            raise InputsError(say("archive.is-file-option", folder=where, option="--archive"))
        if not where.is_dir():
            raise InputsError(say("archive.no-folder", folder=where))
        listed = load_archive(where, kind=kind_data, every=True)  # every version: each unreadable one is named
        if fmt is OutputFormat.json:
            _print_json(listed.to_json())
        else:
            print_archive(console, listed)
        raise typer.Exit(EXIT_INPUT if any(d.severity == "error" for d in listed.findings) else EXIT_OK)
    check_archive_folder(where)
    seeded = seed_archive(where, reports, chosen, kind=kind_data, force=force)
    if fmt is OutputFormat.json:
        _print_json(seeded.to_json())
    else:
        print_findings(console, seeded.passed)
        for entry in seeded.files:
            print_findings(console, [d for d in entry.diagnostics if d.severity != "info"])
            if entry.record is None:
                console.print(Text(say("archive.skipped", source=entry.source), style="bold red"))
            elif entry.already:
                console.print(say("archive.already", source=entry.source, path=entry.record, version=entry.version),
                              markup=False)
            else:
                console.print(Text.assemble((say("archive.recorded"), "bold green"), say(
                    "archive.seeded", source=entry.source, path=entry.record, period=entry.period,
                    version=entry.version, n=entry.events)))
        if seeded.skipped:
            console.print(Text(say("archive.skipped-all", n=len(seeded.skipped), total=len(seeded.files),
                                   names=[e.source for e in seeded.skipped]), style="bold red"))
    raise typer.Exit(EXIT_INPUT if seeded.skipped else EXIT_OK)


@app.command(options_metavar=OPTIONS, cls=Command, help=say("command.diff"))
def diff(
    old: Annotated[Path, typer.Argument(metavar=say("option.diff.old.metavar"), show_default=False,
                                        help=say("option.diff.old"))],
    new: Annotated[Path, typer.Argument(metavar=say("option.diff.new.metavar"), show_default=False,
                                        help=say("option.diff.new"))],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", metavar=say("option.diff.output.metavar"), help=say("option.diff.output"))] = None,
    fmt: FormatOpt = OutputFormat.text,
    kind: KindOpt = DEFAULT_KIND,
) -> None:
    """What changed between two versions of a report (the help is the catalogue's)."""
    from reportgen.api.diffing import diff_reports, plan_diff, write_diff
    from reportgen.cli.show import print_diff, print_findings
    from reportgen.errors import BlockedError
    from reportgen.kind import load_kind

    kind_data = load_kind(kind)
    target = plan_diff(old, new, output)
    try:
        result = diff_reports(old, new, kind=kind_data)
    except BlockedError as exc:
        if fmt is OutputFormat.json:
            _print_json({"error": str(exc), "diagnostics": [d.as_dict() for d in exc.findings]})
        else:
            print_findings(_console(), exc.findings)
        _error(str(exc))
        raise typer.Exit(EXIT_INPUT) from None
    written = write_diff(result, target, kind=kind_data)
    if fmt is OutputFormat.json:
        _print_json({**result.to_json(), "tracked": str(written)})
    else:
        console = _console()
        print_findings(console, result.diagnostics)
        print_diff(console, result)
        console.print(say("diff.written", path=written), markup=False)
    raise typer.Exit(EXIT_OK)


def app_commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def _error(message: str) -> None:
    from rich.text import Text

    _console(stderr=True).print(Text.assemble((say("failed.label"), "bold red"), message))


class Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is: everything unwinds, temporary files go."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_CAUGHT: list[int] = []


def _interrupted(signum, frame) -> None:
    import signal

    # Once: the cleanup that follows must not be cut by a second signal. Objects dropped while
    # unwinding (lxml's writers inside openpyxl) would print "Exception ignored … Traceback".
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    sys.unraisablehook = lambda unraisable: None
    _CAUGHT.append(signum)  # typer turns the exception into exit status 130: the number is kept here
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Signalled(signum)


def _catch_signals() -> dict:
    """Ctrl-C, SIGTERM and SIGHUP raise in the main thread; the handlers they replace, to put back."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}  # called as a library from a thread: signals are not ours to take
    before = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        # An ignored signal stays ignored: `nohup reportgen …` must survive the terminal's SIGHUP.
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is not signal.SIG_IGN:
            before[getattr(signal, name)] = signal.signal(getattr(signal, name), _interrupted)
    return before


def _stopped() -> int:
    """The message and exit status for Ctrl-C (130), SIGTERM (143) or SIGHUP (129)."""
    import signal

    signum = _CAUGHT[0] if _CAUGHT else signal.SIGINT
    plan = sys.modules.get("reportgen.write.plan")
    if plan is not None:  # a signal between a temporary file's creation and its guard left it behind
        plan.sweep_ours()
    send = sys.modules.get("reportgen.write.send")
    sent = len(send.SENT_HERE) if send is not None else 0
    went = say("stop.sent", n=sent) if sent else ""
    if signum == signal.SIGINT:
        _console(stderr=True).print(say("stop.interrupted", sent=went))
    else:
        why = say("stop.sigterm" if signum == signal.SIGTERM else "stop.sighup")
        _console(stderr=True).print(say("stop.signalled", why=why, sent=went))
    return 128 + int(signum)


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point of the `reportgen` command; returns the exit status."""
    from reportgen.cli.help import command_of, print_help

    args = sys.argv[1:] if argv is None else argv
    names = app_commands()
    command = typer.main.get_command(app)
    sub = command_of(args, names)
    before_files = args[: args.index("--")] if "--" in args else args
    if not args or any(a in ("-h", "--help") for a in before_files):
        print_help(_console(), command, sub)
        return EXIT_OK if args else EXIT_USAGE
    from reportgen.budget import settings_wrong
    from reportgen.temp import own_temp

    wrong = settings_wrong()
    if wrong:
        _error(wrong)
        return EXIT_USAGE
    before = _catch_signals()
    try:
        with own_temp():
            return _main(command, args, names, sub)
    finally:
        import signal

        block = bool(before) and hasattr(signal, "pthread_sigmask")
        if block:  # a signal in the middle of this loop would find half the handlers changed
            signal.pthread_sigmask(signal.SIG_BLOCK, list(before))
        for signum, handler in before.items():
            # As a command, only exiting is left (and atexit's cleanup): a signal now must not
            # print a traceback. Called in-process (tests, a library): the caller's handlers back.
            signal.signal(signum, signal.SIG_IGN if argv is None else handler)
        _CAUGHT.clear()
        if block:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, list(before))


def _main(command, args: list[str], names: list[str], sub) -> int:
    try:
        code = command.main(args=args, prog_name="reportgen", standalone_mode=False)
    except Exception:
        # A library's bare `except:` (openpyxl's typed attributes) can turn the interrupt into
        # another error: once a signal came, every way out is the interruption.
        if _CAUGHT:
            return _stopped()
        return _failed(args, names, sub)
    except (typer.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort
        return _stopped()
    if code == 130 or _CAUGHT:  # typer turns Ctrl-C (and our SIGTERM, SIGHUP) into exit status 130
        return _stopped()
    return code if isinstance(code, int) else EXIT_OK


def _failed(args: list[str], names: list[str], sub) -> int:
    """The exit status and message for the exception being handled."""
    from reportgen.cli.help import usage_message
    from reportgen.errors import ReportgenError, RequestError

    try:
        raise
    except CLICK_ERRORS.UsageError as exc:
        message = usage_message(exc, CLICK_ERRORS, names, args)
        if not message:  # `reportgen` alone: help was printed
            return EXIT_USAGE
        _error(say("failed.usage", message=message, command=f" {sub}" if sub else ""))
        return EXIT_USAGE
    except RequestError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except ReportgenError as exc:
        _error(str(exc))
        return EXIT_INPUT
    except typer.Abort as exc:
        # click makes an EOFError that escaped a command into Abort: name the error, not «Abort»
        return _internal(exc.__cause__ or exc)
    except OSError as exc:
        from reportgen.damage import explain_os

        where = f"«{exc.filename}»" if exc.filename else say("failed.file")
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
            _error(say("failed.no-space", where=where, why=explain_os(exc)))
        elif exc.errno in (errno.EACCES, errno.EPERM):
            _error(say("failed.no-access", where=where, why=explain_os(exc, say("failed.doing-access"))))
        else:
            return _internal(exc)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line for the user, details on request
        return _internal(exc)


def _internal(exc: BaseException) -> int:
    import os

    if os.environ.get("REPORTGEN_DEBUG"):
        raise exc
    _error(say("failed.internal", name=type(exc).__name__, error=exc))
    return EXIT_INTERNAL
