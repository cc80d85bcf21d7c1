"""Reading and checking the forms found: left out, strangers, doubtful dates, the checks across forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportgen.api.discover import find_inputs, no_form
from reportgen.catalogue import say
from reportgen.check.forms import combine
from reportgen.diagnostics import Diagnostic
from reportgen.errors import RequestError
from reportgen.kind import Kind, load_kind
from reportgen.model import Archive, Checked, Found, LeftOut, Received, Roster, Validation
from reportgen.period import Period
from reportgen.read.inputs import InputFile, SkippedFile


def check_paths(args: Sequence[str | Path] | str | Path, period: Period | None = None, *, kind: Kind | None = None,
                progress=None, found: Found | None = None,
                allow_none: bool = False, strict_duplicates: bool = False, without: Sequence[str] = (),
                skip_unreadable: bool = False, contacts: Path | None = None,
                now: dt.datetime | None = None, archive: Path | str | Archive | None = None) -> Checked:
    """Find the forms named by files, folders or globs (or take `found`); read and check them.

    Each form is read and checked on its own in a worker process; the checks across forms
    (period, one municipality twice, shared events) follow here. Arguments that turn out to
    hold only reportgen's own outputs are an InputsError, as an empty folder is, unless `allow_none`.
    Of several forms of one municipality the newest is used (the others are superseded, see
    check.forms.supersede), unless `strict_duplicates`.

    `without`: forms to leave out, each named by its file, its message (file name or subject) or
    a municipality (RequestError, before anything is read, for a value that names none of them).
    `skip_unreadable`: leave out every form that a file-level error blocks. What is left out is
    in `left_out` and in no check. Files that cannot be read are placed by their sender, subject
    or name (`arrived`); `contacts` (a contacts workbook) adds addresses to the kind's registry's.

    Provenance: when a municipality's contact is known, a form of theirs that came by mail from
    another address is left out and named (`sender-unknown`) until the contacts table accepts
    that address; a message dated after `now` (default: this moment) or far from its arrival is
    named and never supersedes another form.

    `archive` (a folder, or an Archive already loaded): the rows are checked against its earlier
    quarters (check.earlier); its records that cannot be used are run-level warnings, blocking nothing.
    """
    from reportgen.check.owners import attribute
    from reportgen.read.contacts import address_key
    from reportgen.check.workers import check_forms

    args = [args] if isinstance(args, (str, Path)) else [str(a) for a in args]
    _few_collections()
    kind = kind or load_kind()
    found = found if found is not None else find_inputs(args, allow_none)
    inputs, skipped = found.inputs, found.skipped
    chosen = [_without(value, inputs, skipped, kind) for value in without]
    on_done = None
    if progress is not None:
        task = progress.add(say("term.progress"), len(inputs))
        on_done = lambda _item: progress.advance(task)  # noqa: E731
    checks = check_forms(inputs, kind, period, on_done)
    # reportgen's own outputs (a consolidated table saved among the forms) are named and left out.
    own = [SkippedFile(c.form.file, say("checking.own-output", produced_by=c.form.produced_by))
           for c in checks if c.form.produced_by]
    pairs = [(item, c) for item, c in zip(inputs, checks) if not c.form.produced_by]
    if own and not pairs and not allow_none:
        raise no_form(args, [*skipped, *own])
    sources = {item.display: item.source for item in inputs if item.source is not None}
    known, notes = _contacts(kind, contacts)
    arrived = attribute(kind, [c for _, c in pairs], sources, skipped,
                        {address_key(a): short for short, c in known.items() for a in (*c.accepted, *c.addresses)})
    owners = {a.what: a.municipality for a in arrived}
    left_out: list[LeftOut] = []
    kept = []
    for item, c in pairs:
        owner = c.municipality.short if c.municipality else owners.get(c.form.file)
        why = next((reason for reason, picks in chosen if picks(item, owner)), None)
        if why is None:
            kept.append((item, c))
        else:
            left_out.append(LeftOut(owner, c.form.file, why))
    kept, strangers = _strangers(kept, known)
    left_out.extend(lo for lo, _ in strangers)
    now = now or dt.datetime.now(dt.timezone.utc)
    kept = [(item, _doubted(item, c, now)) for item, c in kept]
    validation = _combined(kept, kind, period, strict_duplicates, now)
    if skip_unreadable:
        blocked = _blocked(validation)
        if blocked:
            for item, c in kept:
                if c.form.file in blocked:
                    owner = c.municipality.short if c.municipality else owners.get(c.form.file)
                    left_out.append(LeftOut(owner, c.form.file, f"{blocked[c.form.file]} (--skip-unreadable)"))
            kept = [(item, c) for item, c in kept if c.form.file not in blocked]
            validation = _combined(kept, kind, period, strict_duplicates, now)
    if strangers:
        from dataclasses import replace

        validation = replace(validation, run_diagnostics=(*validation.run_diagnostics, *(d for _, d in strangers)))
    if archive is not None:
        validation = _against(validation, kind, archive)
    return Checked(tuple(inputs), (*skipped, *own), validation, kind, tuple(left_out), tuple(arrived), tuple(notes))


def _against(validation: Validation, kind: Kind, archive: Path | str | Archive) -> Validation:
    """The validation checked against the archive's earlier quarters, with the records it could not use."""
    from dataclasses import replace

    from reportgen.api.earlier import load_earlier
    from reportgen.check.earlier import earlier_quarters, skipped_records

    if validation.period is None:
        return validation  # no quarter: nothing is earlier
    if isinstance(archive, Archive):
        quarters, unusable = archive, archive.findings
    else:
        quarters, unusable = load_earlier(archive, kind, validation.period)
    validation = earlier_quarters(validation, kind, quarters)
    skipped = skipped_records(unusable)
    return replace(validation, run_diagnostics=(*validation.run_diagnostics, *skipped)) if skipped else validation


def _few_collections() -> None:
    """Fewer passes of the cyclic garbage collector for the rest of the process.

    A run allocates hundreds of thousands of small objects (the forms' cells and findings) that
    live to its end; with the default thresholds the collector rescans them over and over (a
    fifth of a build). Only raised, never lowered: a caller's own higher setting is kept.
    """
    import gc

    first, second, third = gc.get_threshold()
    if first < 20_000:
        gc.set_threshold(20_000, max(second, 50), max(third, 1000))


def _combined(kept, kind: Kind, period: Period | None, strict_duplicates: bool, now: dt.datetime) -> Validation:
    # A message's date for an attachment; a file's time only for a file on disk (an attachment's is when we wrote it).
    received = [Received(message=item.received, suspect=(_doubt(item.source, now) or ("", ""))[1])
                if item.source is not None else Received(file=item.received) for item, _ in kept]
    return combine([c for _, c in kept], kind, period, received, strict_duplicates)


# Errors of two forms of one municipality: which to keep is the coordinator's choice (--without), not a skip.
_CHOICES = ("municipality-duplicate", "form-order-unknown")


def _blocked(validation: Validation) -> dict[str, str]:
    """Forms a file-level error stops, with why («не читается: Книга защищена паролем»)."""
    out: dict[str, str] = {}
    for s in validation.submissions:
        # A run's error (forms that disagree on the quarter with no majority) is no one form's to leave out.
        d = next((d for d in s.diagnostics if d.blocks_force and d.scope == "file" and d.file == s.form.file
                  and d.code not in _CHOICES), None)
        if d is not None:
            out[s.form.file] = say("checking.blocked", unreadable=not s.form.readable,
                                   message=" ".join(d.message.split()).rstrip("."))
    return out


def _contacts(kind: Kind, contacts: Path | None) -> tuple[dict, list[str]]:
    """The registry's short name → its read.contacts.Contact (the contacts workbook's, else the kind's
    addresses), and the workbook's notes on what it could not use."""
    from reportgen.read.contacts import Contact, read_contacts

    out = {m.short: Contact(tuple(m.email)) for m in kind.registry if m.email}
    if contacts is None:
        return out, []
    book = read_contacts(contacts, kind)
    out.update(book.by_short)
    return out, list(book.notes)


# How far a message's Date may run ahead of the clock, or of its arrival: a sender's clock or zone set wrong.
FUTURE_SLACK = dt.timedelta(days=1)
# How much earlier than its arrival a message may be dated: a draft written days before it was sent.
EARLY_LIMIT = dt.timedelta(days=30)


def _doubt(source, now: dt.datetime) -> tuple[str, str] | None:
    """(code, why) when a message's Date cannot be believed: in the future, or far from when it arrived."""
    if source is None or source.date is None:
        return None
    date, arrived = source.date, source.arrived
    shown = f"{date:%d.%m.%Y %H:%M}"
    if date > now + FUTURE_SLACK:
        return "message-date-future", say("checking.date-future", shown=shown)
    if arrived is not None and date > arrived + FUTURE_SLACK:
        return "message-date-far", say("checking.date-after", shown=shown, arrived=arrived)
    if arrived is not None and date < arrived - EARLY_LIMIT:
        days = (arrived - date).days
        return "message-date-far", say("checking.date-before", shown=shown, days=days, arrived=arrived)
    return None


def _doubted(item: InputFile, c, now: dt.datetime):
    """The submission with a finding when its message's date cannot be believed (it then never supersedes)."""
    from dataclasses import replace

    found = _doubt(item.source, now)
    if found is None:
        return c
    code, why = found
    return replace(c, diagnostics=(*c.diagnostics, Diagnostic(
        code, say("checking.date-doubted", why=why), file=c.form.file, sheet=c.form.sheet,
        hint=say("checking.date-doubted.hint"))))


def _strangers(kept, known: dict) -> tuple[list, list[tuple[LeftOut, Diagnostic]]]:
    """Forms that came by mail from an address that is not their municipality's contact: left out, each named.

    Only where the contact is known; a file on disk has no sender and is kept as before. Such a form
    supersedes nothing until the coordinator accepts the address (the contacts table's column
    «Принимать формы также с адресов»): any form could claim any municipality.
    """
    out, strangers = [], []
    for item, c in kept:
        short = c.municipality.short if c.municipality else None
        contact = known.get(short) if item.source is not None else None
        address = item.source.delivered_by if item.source is not None else ""
        # Who delivered the message vouches for it: the contact forwarding a clerk's form, not the From
        # inside a forwarded message (its forwarder wrote it). So does the contact (or a file on disk)
        # holding a byte-identical copy.
        if contact is None or any(source is None or contact.sends(source.delivered_by)
                                  for source in (item.source, *item.copies)):
            out.append((item, c))
            continue
        sender = address or say("checking.no-address")
        why = say("checking.stranger", forwarded=bool(item.source.via), sender=sender, short=short,
                  ours=", ".join(contact.addresses))
        strangers.append((LeftOut(short, c.form.file, say("checking.stranger.left-out", why=why),
                                  sender=address or "?"), Diagnostic(
            "sender-unknown", say("checking.stranger.message", short=short, why=why), file=c.form.file,
            hint=say("checking.stranger.hint", short=short, sender=sender))))
    return out, strangers


def _without(value: str, inputs: Sequence[InputFile], skipped: Sequence[SkippedFile], kind: Kind):
    """(reason, picks(item, owner)) for one --without value; RequestError when it names nothing.

    A value names a form by its file (as shown, or its path), its message (the message as shown,
    its file's name, its subject, the attachment's name) or a municipality (as everywhere).
    """
    import difflib

    from reportgen.text import fold, fold_words

    # Files and messages by their names as shown (case, ё and spaces aside); a subject by its words.
    wanted, words = fold(value), fold_words(value)

    def names(item: InputFile) -> bool:
        out = {item.display, Path(item.display.split(" › ")[-1]).name}
        if item.source is not None:
            message = item.source.message
            out |= {message, Path(message.split(say("checking.message-number"))[0]).name,
                    item.source.attachment.split(" › ")[-1]}
            if words and fold_words(item.source.subject) == words:
                return True
        return wanted in {fold(n) for n in out if n}

    def same_file(item: InputFile) -> bool:
        if item.source is not None:
            return False
        try:
            return Path(value).resolve() == item.path.resolve()
        except OSError:
            return False

    reason = say("checking.without", value=value)
    if any(names(item) or same_file(item) for item in inputs):
        return reason, lambda item, owner: names(item) or same_file(item)
    owner = kind.registry.resolve(value).municipality
    if owner is not None:
        return reason, lambda item, who: who == owner.short
    notes = [s.message for s in skipped if s.message is not None]
    if any(wanted == fold(n.message) or (words and words == fold_words(n.subject)) for n in notes) or \
            any(wanted == fold(s.display) for s in skipped):
        return reason, lambda item, who: False  # a message or file with no form: nothing of it is read anyway
    # Names as a person would type them: a file's own name, a subject; the full path only when given one.
    shown = {Path(item.display.split(" › ")[-1]).name: item.display for item in inputs}
    shown.update({item.source.subject: item.source.subject for item in inputs if item.source and item.source.subject})
    typed = Path(value).name if ("/" in value or "\\" in value) else value
    near = [f"«{n}»" for n in kind.registry.suggest(value)]
    near += [f"«{shown[n] if typed != value else n}»" for n in difflib.get_close_matches(typed, list(shown), n=3, cutoff=0.5)]
    raise RequestError(say("checking.without-nothing", value=value, near=near))


def roster(checked: Checked) -> Roster:
    """Who sent a form, whose has errors, who sent nothing (reportgen status); `to_json()` is status --json."""
    from reportgen.check.status import roster as lines_of, roster_summary, unattributed

    v = checked.validation
    lines = lines_of(v, checked.kind, checked.arrived, checked.left_out)
    others = unattributed(v, checked.arrived)
    letters = sum(1 for s in checked.skipped if s.message is not None)  # messages with no form: not files
    files = len(checked.skipped) - letters
    strangers = sum(1 for lo in checked.left_out if lo.sender)  # left out for their sender, not by the coordinator
    summary = roster_summary(lines, len(others), files, letters, len(checked.left_out) - strangers, strangers)
    received = sum(len(line.files) + len(line.superseded) for line in lines) + len(others) + files + len(checked.left_out)
    return Roster(checked, tuple(lines), tuple(others), summary, received)
