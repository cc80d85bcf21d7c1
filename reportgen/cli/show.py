"""How results are shown: diagnostic lines, the summary table, the JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic, count
from reportgen.text import short

NOTE_WIDTH = 80  # characters of a note in the roster's «Состояние» (cut between words)

if TYPE_CHECKING:
    from rich.console import Console

    from reportgen.model import Checked, Diff, Roster

SEVERITY_WORDS = {s: say(f"severity.{s}") for s in ("error", "warning", "info")}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def diagnostic_line(d: Diagnostic) -> str:
    """`FILE:SHEET!CELL: severity CODE: message. hint` on one line."""
    where = d.where()
    head = f"{where}: " if where else ""
    message = " ".join(d.message.split())
    tail = f" {d.hint}" if d.hint else ""
    sep = "" if message.endswith((".", "!", "?")) else "."
    return f"{head}{SEVERITY_WORDS[d.severity]} {d.code}: {message}{sep}{tail}"


def print_diagnostics(console: Console, checked: Checked, with_info: bool = True) -> None:
    """Findings one per line, grouped by file; notes (info) only if asked for.

    To a terminal the severity is coloured; to a file or pipe the lines are written as plain
    text in one go (a build with thousands of findings would spend seconds in rich otherwise).
    """
    from rich.text import Text

    for item in checked.skipped:
        console.print(Text(say("show.skipped", display=item.display, reason=item.reason), style="dim"))
    sources = {i.display: i.source for i in checked.inputs if i.source is not None}
    subs = checked.validation.submissions
    groups = [(sources.get(s.form.file), s.diagnostics) for s in subs] + [(None, checked.validation.run_diagnostics)]
    groups = [(src, [d for d in g if with_info or d.severity != "info"]) for src, g in groups]
    groups = [(src, g) for src, g in groups if g]
    # A form that came by e-mail is introduced by its message: a file name like «письмо 3.eml» says little.
    heads = [f"{g[0].file}: {src.line()}\n" if src is not None else "" for src, g in groups]
    if not console.is_terminal:
        console.file.write("\n\n".join(head + "\n".join(diagnostic_line(d) for d in g)
                                       for head, (_, g) in zip(heads, groups)) + ("\n" if groups else ""))
        return
    for i, (head, (_, group)) in enumerate(zip(heads, groups)):
        if i:
            console.print()
        if head:
            console.print(Text(head.rstrip("\n"), style="dim"))
        console.print(_coloured(group))


def _coloured(diagnostics):
    """Finding lines as one rich Text, the severity word coloured."""
    from rich.text import Text

    text = Text()
    for d in diagnostics:
        line = diagnostic_line(d)
        word = SEVERITY_WORDS[d.severity]
        start = len(text) + line.find(f" {word} {d.code}:") + 1
        text.append(line + "\n")
        text.stylize(SEVERITY_STYLES[d.severity], start, start + len(word))
    text.rstrip()
    return text


def print_findings(console: Console, diagnostics) -> None:
    """Findings that belong to no form (splitting a report): one per line."""
    if diagnostics:
        console.print(_coloured(diagnostics))


def print_summary(console: Console, checked: Checked, skipped_note: bool = True) -> None:
    from rich.table import Table

    v = checked.validation
    table = Table(header_style="bold")
    table.add_column(say("column.municipality"))
    table.add_column(say("column.file"), overflow="fold")
    for key in ("events", "errors", "warnings"):
        table.add_column(say(f"column.{key}"), justify="right")
    placed = {a.what: a.municipality for a in checked.arrived}  # an unreadable file's owner, told by its sender
    for s in v.submissions:
        table.add_row(
            s.municipality.short if s.municipality else placed.get(s.form.file, "—"),
            Path(s.form.file).name,
            str(len(s.entries)),
            f"[red]{s.errors}[/]" if s.errors else "0",
            f"[yellow]{s.warnings}[/]" if s.warnings else "0",
        )
    console.print()
    console.print(table)
    events = sum(len(s.entries) for s in v.submissions)
    forms = sum(1 for s in v.submissions if s.form.readable)
    unread = len(v.submissions) - forms
    period = say("show.period", period=v.period) if v.period else ""
    not_read = say("summary.not-read", n=unread) if unread else ""
    console.print(say("summary.counts", period=period, forms=forms, not_read=not_read, events=events,
                      errors=v.errors, warnings=v.warnings, notes=count(v.diagnostics, "info")), markup=False)
    skipped = skipped_summary(checked, skipped_note)
    if skipped:
        console.print(skipped, markup=False)
    for old in v.superseded:  # a form that stands in for another must never do so unseen
        console.print(say("summary.superseded", file=Path(old.form.file).name, municipality=old.municipality.short,
                          n=old.events, by=Path(old.by).name), markup=False)
    print_left_out(console, checked)


def print_left_out(console: Console, checked: Checked) -> None:
    """«Не включено: Ярцево.xlsx (Ярцевский) — исключена по --without «Ярцевский»», one per form left out."""
    for item in checked.left_out:
        whose = say("summary.left-out.whose", municipality=item.municipality) if item.municipality else ""
        console.print(say("summary.left-out", what=item.what, whose=whose, reason=item.reason), markup=False)


SKIPPED_WORDS = {k: say(f"skipped.{k}") for k in ("heading", "footer", "totals", "note", "column-numbers", "header",
                                                  "nothing", "planned", "outside")}


def skipped_summary(checked: Checked, note: bool = True) -> str:
    """«Не мероприятия, в отчет не вошли: 12 строк (заголовки 3, подписи и реквизиты 9)» — or ""."""
    from collections import Counter

    kinds = Counter(row.kind for s in checked.validation.submissions for row in s.form.skipped
                    if row.kind in SKIPPED_WORDS)
    total = sum(kinds.values())
    if not total:
        return ""
    parts = ", ".join(f"{SKIPPED_WORDS[k]} {n}" for k, n in kinds.most_common())
    tail = say("skipped.summary.see-validate") if note else "."
    return say("skipped.summary", n=total, parts=parts, tail=tail)


def print_glance(console: Console, checked: Checked) -> None:
    """The quarter's numbers at a glance: per month and the foreign countries named."""
    from reportgen.check.status import glance

    g = glance(checked.validation, checked.kind)
    if g.by_month:
        console.print(say("glance.months", parts=", ".join(f"{m} — {n}" for m, n in g.by_month)), markup=False)
    if g.countries:
        console.print(say("glance.countries", parts=", ".join(f"{c} — {n}" for c, n in g.countries)), markup=False)


def print_roster(console: Console, roster: Roster) -> None:
    from rich.table import Table
    from rich.text import Text

    from reportgen.check.status import STATE_WORDS

    styles = {"ready": "green", "errors": "bold red", "missing": "dim", "duplicate": "bold yellow", "empty": "yellow",
              "unreadable": "bold red", "left-out": "yellow"}
    checked, lines = roster.checked, roster.lines
    table = Table(header_style="bold")
    for key, justify in (("municipality", "left"), ("state", "left"), ("files", "left"),
                         ("events", "right"), ("errors", "right"), ("warnings", "right")):
        table.add_column(say(f"column.{key}"), justify=justify, overflow="fold")
    cut = False
    for line in lines:
        sent = bool(line.files)
        files = [Path(f).name for f in line.files] + [say("roster.superseded", name=Path(f).name) for f in line.superseded]
        state = Text(STATE_WORDS[line.state], style=styles[line.state])
        for note in line.notes:  # what came and why it cannot be read, why it was left out, the earlier quarters'
            shown = short(note, NOTE_WIDTH)  # the table stays narrow, in a file too; details: validate, letters
            cut = cut or shown != " ".join(note.split())
            state.append(f"\n{shown}", style="")
        table.add_row(line.name, state,
                      "\n".join(files) or "—",
                      str(line.events) if sent else "—", str(line.errors) if sent else "—",
                      str(line.warnings) if sent else "—")
    console.print(table)
    if cut:
        console.print(say("status.notes-cut"), markup=False)
    for item in roster.unattributed:
        console.print(Text(say("roster.unattributed", file=item.file, reason=item.reason), style="yellow"))
    for item in checked.skipped:
        console.print(Text(say("show.skipped", display=item.display, reason=item.reason), style="dim"))
    v = checked.validation
    period = say("show.period", period=v.period) if v.period else ""
    summary = roster.summary
    print_left_out(console, checked)
    console.print(f"{period}{summary[:1].upper()}{summary[1:]}", markup=False)


def print_notes(console: Console, checked: Checked) -> None:
    """What the contacts table could not use («взят только первый адрес…»)."""
    from rich.text import Text

    for note in checked.notes:
        console.print(Text(note, style="yellow"))


FILES_REMEDY = say("refusal.files-remedy")


def refusal(blocking: list[Diagnostic], force: bool, subject: str, fix: str, remedy: str = FILES_REMEDY) -> list[str]:
    """The closing lines of a refused build or split: which files, why, and whether --force helps.

    `subject` is what was not made («Отчет не создан»); `fix` what --force would do for row errors;
    `remedy` what to do about files that cannot be used ("": each finding's own hint instead).
    """
    whole = [d for d in blocking if d.blocks_force]
    if not whole:
        files = list(dict.fromkeys(Path(d.file).name for d in blocking if d.file))
        n = len(blocking)
        return [say("refusal.rows", subject=subject, n=n, files=files, fix=fix)]
    lines = [say("refusal.whole", subject=subject)]
    seen: set[tuple[str | None, str]] = set()
    for d in whole:
        if (d.file, d.code) in seen:
            continue
        seen.add((d.file, d.code))
        where = d.where() or say("where.all-forms")
        lines.append(f"  {where}: {' '.join(d.message.split())} ({d.code})")
    rows = len(blocking) - len(whole)
    if rows and not force:
        lines.append(say("refusal.more-rows", n=rows))
    if remedy and any(d.file for d in whole):
        lines.append(remedy)
    lines.extend(dict.fromkeys(d.hint for d in whole if d.hint and not (remedy and d.file)))
    if any(d.code == "period-mismatch" for d in whole):
        lines.append(say("refusal.period-hint"))
    return lines


def print_archive(console: Console, archive) -> None:
    """`reportgen archive --archive ПАПКА`: each period, its versions, the one in use; then what cannot be read."""
    from rich.table import Table
    from rich.text import Text

    used = {r.period.code(): r for r in archive.records}
    if not archive.versions:
        console.print(say("archive.empty", folder=archive.folder), markup=False)
    else:
        console.print(Text(say("archive.title", folder=archive.folder, n=len(archive.versions)), style="bold"))
        table = Table(header_style="bold")
        for key, justify in (("period", "left"), ("versions", "left"), ("used", "right"), ("events", "right"),
                             ("origin", "left"), ("built", "left")):
            table.add_column(say(f"archive.col.{key}"), justify=justify, overflow="fold")
        for code, numbers in archive.in_order():
            record = used.get(code)
            versions = ", ".join(map(str, numbers))
            if record is None:
                table.add_row(code, versions, Text(say("archive.none-readable"), style="bold red"), "—", "—", "—")
                continue
            built = record.built.astimezone().strftime("%d.%m.%Y %H:%M") if record.built else "—"
            table.add_row(code, versions, str(record.version), str(record.report.event_count),
                          say(f"archive.origin.{record.origin}"), built)
        console.print(table)
    unreadable = [d for d in archive.findings if d.severity == "error"]
    if unreadable:
        console.print(Text(say("archive.unreadable", n=len(unreadable)), style="bold red"))
    print_findings(console, [*unreadable, *(d for d in archive.findings if d.severity != "error")])


def print_diff(console: Console, diff: Diff) -> None:
    """The events added, removed and changed, field by field, each with where it came from."""
    from reportgen.text import short

    data = diff.to_json()
    n = data["summary"]
    console.print(say("diff.head", old=diff.old.file, new=diff.new.file), markup=False)
    console.print(say("diff.summary", **n), markup=False)
    if data["title"]:
        console.print(say("diff.title", **data["title"]), markup=False)
    name_at = diff.keys.index("name") if "name" in diff.keys else 0

    def one_line(text: str) -> str:
        return short(" / ".join(text.split("\n")), 300)

    def head(section, event, was=None) -> str:
        return "  " + say("diff.event", municipality=section.municipality, number=event.number, was=was,
                          name=one_line(event.cells[name_at]))

    for state, label in (("added", "diff.added"), ("removed", "diff.removed"), ("changed", "diff.changed")):
        rows = diff.rows(state)
        if not rows:
            continue
        console.print()
        console.print(say(label), markup=False, style="bold")
        for section, row in rows:
            if state == "changed":
                console.print(head(section, row.new, row.old.number if row.renumbered else None), markup=False)
                for i in row.fields:
                    console.print("    " + say("diff.field", title=diff.titles[i], old=one_line(row.old.cells[i]),
                                                new=one_line(row.new.cells[i])), markup=False)
                console.print("    " + say("diff.source.old", where=say("diff.source", **diff.old.place(row.old))),
                              markup=False)
                console.print("    " + say("diff.source.new", where=say("diff.source", **diff.new.place(row.new))),
                              markup=False)
            else:
                version, event = (diff.new, row.new) if state == "added" else (diff.old, row.old)
                console.print(head(section, event), markup=False)
                console.print("    " + say("diff.source.one", where=say("diff.source", **version.place(event))),
                              markup=False)
    if not diff.changed:
        console.print(say("diff.none"), markup=False)
    if n["renumbered"]:
        console.print()
        console.print(say("diff.renumbered", n=n["renumbered"]), markup=False)
