"""The library's entry points: what the CLI calls, usable from Python too.

    from pathlib import Path
    from reportgen.api import build_blockers, build_report, check_paths, plan_build, write_report
    from reportgen.period import parse_option

    checked = check_paths("samples/q2", period=parse_option("2025-Q2"))
    for finding in build_blockers(checked):  # what stops the report: fix it, or build with force=True
        print(finding.where(), finding.message)
    # The output plan refuses a report over an input, a wrong extension, a missing folder.
    target = plan_build(checked.inputs, Path("report-2025-Q2.docx"), checked.validation.period)
    write_report(build_report(checked, force=True), checked.kind, target)

What is wrong with the request (a missing file, an output over an input, a bad --period) is
raised as a reportgen.errors.RequestError; what is wrong inside the forms is returned as
findings (checked.validation.diagnostics), and build_blockers() says whether it stops the report.
The write_* functions write where they are told: plan_* checks the paths first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.assemble import Order, assemble, numbered
from reportgen.check.forms import combine
from reportgen.diagnostics import Diagnostic, blocking
from reportgen.errors import InputsError, OutputError, ReferenceDocError, RequestError
from reportgen.kind import Kind, load_kind
from reportgen.model import LeftOut, Received, Report, Validation
from reportgen.period import Period
from reportgen.read.inputs import InputFile, SkippedFile, expand_inputs
from reportgen.text import plural
from reportgen.write.plan import atomic_output

if TYPE_CHECKING:
    from reportgen.check.owners import Arrived
    from reportgen.read.letterhead import Letterhead
    from reportgen.read.report import Split


@dataclass(frozen=True)
class Checked:
    """Inputs that were found, what was skipped, and the validation of what was read."""

    inputs: tuple[InputFile, ...]
    skipped: tuple[SkippedFile, ...]
    validation: Validation
    kind: Kind
    # Forms the coordinator left out (--without, --skip-unreadable): in no check, named everywhere.
    left_out: tuple[LeftOut, ...] = ()
    # Files and messages that cannot be read, placed by who sent them (check.owners.attribute).
    arrived: tuple[Arrived, ...] = ()
    # What the contacts table (--contacts) could not use, or used in part: for the coordinator, in Russian.
    notes: tuple[str, ...] = ()


def find_inputs(args: Sequence[str], allow_none: bool = False) -> tuple[list[InputFile], list[SkippedFile]]:
    """The forms named by files, folders or globs, and what was passed over; nothing is read yet.

    Arguments that hold no form at all (an empty folder, only a lock file, only documents) are a
    usage problem, unless `allow_none`: on the first day of a quarter `status` shows nobody has sent anything.
    """
    args = [args] if isinstance(args, (str, Path)) else [str(a) for a in args]
    inputs, skipped = expand_inputs(args)
    if any(item.mail for item in inputs):
        inputs, skipped = _open_mail(inputs, skipped)
    inputs, skipped = _once(inputs, skipped)
    if not inputs and not allow_none:
        raise _no_form(args, skipped)
    return inputs, skipped


def _once(inputs: list[InputFile], skipped: list[SkippedFile]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Byte-identical forms are one form: a reply that quotes the original with it, a file attached twice,
    «Форма (1).xlsx» saved next to «Форма.xlsx». The earliest is read; each other copy is named."""
    import hashlib
    from dataclasses import replace

    from reportgen.read.sniff import MAX_FILE_BYTES

    first: dict[str, InputFile] = {}
    order = sorted(range(len(inputs)), key=lambda i: (inputs[i].received is None, inputs[i].received or 0, i))
    again: set[int] = set()
    digest_of: dict[int, str] = {}
    named = list(skipped)
    for i in order:
        item = inputs[i]
        try:
            # Only regular files of a form's size: a pipe would block here, a huge file is refused by the reader.
            if not item.path.is_file() or item.path.stat().st_size > MAX_FILE_BYTES:
                continue
            with open(item.path, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            continue  # the reader names what is wrong with it
        if digest in first:
            again.add(i)
            named.append(SkippedFile(item.display, f"тот же файл, что «{first[digest].display}»: прочитан один раз",
                                     item.path if item.source is None else None))
            # Who else sent it counts for whose it is (api._strangers): a back-dated copy must not displace the contact's.
            first[digest] = replace(first[digest], copies=(*first[digest].copies, item.source))
        else:
            first[digest] = item
            digest_of[i] = digest
    return [first[digest_of[i]] if i in digest_of else item for i, item in enumerate(inputs) if i not in again], named


def _open_mail(found: list[InputFile], skipped: list[SkippedFile]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Saved messages and mailboxes → the forms attached (in a private folder), under the budgets.

    All messages are read in one worker, each message with its own time (budget.run_ticking).
    When one breaks a budget, the worker says which: it is named and passed over, and the
    mail is read again without it (up to MAX_BAD_MESSAGES times). Past that, each file is read
    in its own worker, so that one crafted file costs only itself.
    """
    import shutil

    from reportgen.budget import OverBudget, run_ticking
    from reportgen.read.mail import Unpacked, unpack

    mail = [(str(i.path), i.display) for i in found if i.mail]
    forms = [i for i in found if not i.mail]
    bad: dict[tuple[int, int], str] = {}  # (mail file, message number) → the budget it broke
    parts: list[Unpacked] | None = None
    for _ in range(MAX_BAD_MESSAGES + 1):
        folder = _mail_folder()
        try:
            parts = [run_ticking(unpack, mail, str(folder), frozenset(bad))]
            break
        except OverBudget as exc:
            shutil.rmtree(folder, ignore_errors=True)  # what the stopped worker wrote: read again below
            if exc.where is None or tuple(exc.where) in bad:  # not one message's fault, or it did not help
                break
            bad[tuple(exc.where)] = exc.code
    if parts is None:
        parts = []
        folder = _mail_folder()
        spent = (0, 0)
        for n, item in enumerate(mail):
            own = folder / f"m{n}"
            own.mkdir()
            try:
                part = run_ticking(unpack, [item], str(own), frozenset((0, m) for i, m in bad if i == n), spent)
                spent = part.spent
                parts.append(part)
            except OverBudget as exc:
                parts.append(Unpacked(skipped=[SkippedFile(item[1], _over_budget(exc.code), code="mail-over-budget")]))
    skipped = list(skipped)
    for part in parts:
        forms.extend(part.forms)
        skipped.extend(part.skipped)
        skipped.extend(SkippedFile(m.message, m.reason(), message=m) for m in part.no_form)
    return forms, skipped


MAX_BAD_MESSAGES = 5  # messages that break a budget, each passed over, before each mail file is read on its own


def _over_budget(code: str) -> str:
    from reportgen.budget import FILE_MEMORY_MB, FILE_TIMEOUT_S

    spent = f"дольше {FILE_TIMEOUT_S:.0f} с" if code == "file-timeout" else f"больше {FILE_MEMORY_MB} МБ памяти"
    return f"письмо читается {spent} — чтение остановлено; сохраните вложения из почты как файлы"


_MAIL_FOLDER: list[Path] = []


def _mail_folder() -> Path:
    """A private temporary folder for attachments, removed when the program ends: never the inbox."""
    import atexit
    import os
    import shutil
    import tempfile

    from reportgen.temp import sweep_temp

    sweep_temp()
    if not _MAIL_FOLDER:
        # Registered before the folder exists, and by our pid in its name (not by the list): a
        # signal between the two lines still leaves nothing. A run killed outright leaves it, and
        # the next run removes it (sweep_temp).
        atexit.register(sweep_temp, True)
        _MAIL_FOLDER.append(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"reportgen-mail-{os.getpid()}-"))
    return folder


def _no_form(args: Sequence[str], skipped: Sequence[SkippedFile]) -> InputsError:
    named = "; ".join(f"{s.display} — {s.reason}" for s in skipped[:5]) + ("; …" if len(skipped) > 5 else "")
    return InputsError(f"Среди указанных файлов нет ни одной формы: {named}" if skipped
                       else f"Ни одной формы не найдено ({', '.join(map(str, args))}): нужны файлы .xlsx, .xlsm, .xls или .ods")


def check_paths(args: Sequence[str | Path] | str | Path, period: Period | None = None, kind: Kind | None = None,
                progress=None, found: tuple[list[InputFile], list[SkippedFile]] | None = None,
                allow_none: bool = False, strict_duplicates: bool = False, without: Sequence[str] = (),
                skip_unreadable: bool = False, contacts: Path | None = None,
                now: dt.datetime | None = None) -> Checked:
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
    """
    from reportgen.check.owners import attribute
    from reportgen.read.contacts import address_key
    from reportgen.check.workers import check_forms

    args = [args] if isinstance(args, (str, Path)) else [str(a) for a in args]
    kind = kind or load_kind()
    inputs, skipped = found if found is not None else find_inputs(args, allow_none)
    chosen = [_without(value, inputs, skipped, kind) for value in without]
    on_done = None
    if progress is not None:
        task = progress.add("Чтение форм", len(inputs))
        on_done = lambda _item: progress.advance(task)  # noqa: E731
    checks = check_forms(inputs, kind, period, on_done)
    # reportgen's own outputs (a consolidated table saved among the forms) are named and left out.
    own = [SkippedFile(c.form.file, f"{c.form.produced_by}: это не форма") for c in checks if c.form.produced_by]
    pairs = [(item, c) for item, c in zip(inputs, checks) if not c.form.produced_by]
    if own and not pairs and not allow_none:
        raise _no_form(args, [*skipped, *own])
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
    return Checked(tuple(inputs), (*skipped, *own), validation, kind, tuple(left_out), tuple(arrived), tuple(notes))


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
            word = "не читается" if not s.form.readable else "не может войти в отчет"
            out[s.form.file] = f"{word}: {' '.join(d.message.split()).rstrip('.')}"
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
        return "message-date-future", f"дата письма {shown} — в будущем"
    if arrived is not None and date > arrived + FUTURE_SLACK:
        return "message-date-far", f"дата письма {shown} позже, чем оно пришло ({arrived:%d.%m.%Y %H:%M})"
    if arrived is not None and date < arrived - EARLY_LIMIT:
        days = (arrived - date).days
        return "message-date-far", (f"дата письма {shown} на {days} {plural(days, 'день', 'дня', 'дней')} раньше, "
                                    f"чем оно пришло ({arrived:%d.%m.%Y %H:%M})")
    return None


def _doubted(item: InputFile, c, now: dt.datetime):
    """The submission with a finding when its message's date cannot be believed (it then never supersedes)."""
    from dataclasses import replace

    found = _doubt(item.source, now)
    if found is None:
        return c
    code, why = found
    return replace(c, diagnostics=(*c.diagnostics, Diagnostic(
        code, f"Письмо с формой: {why}; по этой дате не решается, какая форма новее",
        file=c.form.file, sheet=c.form.sheet,
        hint="Дату письма ставит почтовая программа отправителя: проверьте дату и часы на компьютере, с которого "
             "отправлено письмо, и от кого оно.")))


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
        sender = address or "без адреса"
        ours = ", ".join(contact.addresses)
        how = "переслана с адреса" if item.source.via else "прислана с адреса"
        why = f"{how} {sender}, который не указан как контактный для «{short}» ({ours})"
        strangers.append((LeftOut(short, c.form.file, f"{why}: не учтена", sender=address or "?"), Diagnostic(
            "sender-unknown", f"Форма «{short}» {why}: она не учтена и не заменяет другие формы «{short}»",
            file=c.form.file,
            hint=f"Если форма действительно от «{short}», впишите {sender} в таблицу контактов (--contacts), в "
                 f"столбец «Принимать формы также с адресов» строки «{short}», и запустите команду снова. "
                 "Если нет — ничего делать не нужно: форма не войдет в отчет.")))
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
            out |= {message, Path(message.split(" (письмо ")[0]).name, item.source.attachment.split(" › ")[-1]}
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

    reason = f"исключена по --without «{value}»"
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
    raise RequestError(f"--without «{value}»: среди входных файлов нет такого файла или письма, и такого "
                       "муниципального образования нет в перечне"
                       + (f"; возможно, имелось в виду: {', '.join(near)}" if near else "")
                       + ". Укажите файл, тему письма или муниципальное образование, например --without Ярцевский.")


REPORT_SUFFIXES = (".docx",)


def default_report_name(period: Period) -> Path:
    return Path(f"report-{period.code()}.docx")


def plan_build(inputs: Sequence[InputFile], output: Path | None, period: Period | None, pdf: bool = False,
               xlsx: Path | None = None, json_out: Path | None = None, reference_doc: Path | None = None,
               skipped: Sequence[SkippedFile] = (), make_folder: bool = False, as_folder: bool = False):
    """Everything `build` will write, checked (OutputError); the report's own path once it is known.

    `make_folder`: create the folder -o names when it is not there yet (once the report is sure).
    `as_folder`: -o was written with a slash at its end («-o "Отчет 3 кв. 2025/"»): a folder, dots or not.

    Without -o (or with -o naming a folder) the report is named by the period, which may come
    from the forms: then this is called again once they are read. Files that were passed over
    (a PDF, a Word letter, a lock file a municipality's folder holds) are protected like inputs.
    """
    from reportgen.write.plan import OutputPlan, check_length

    if pdf:
        from reportgen.write.office import INSTALL_HINT, find_soffice

        if find_soffice() is None:
            raise RequestError(f"Для --pdf нужен LibreOffice, а он не найден. {INSTALL_HINT}")
    for path, option in ((output, "-o"), (xlsx, "--xlsx"), (json_out, "--json")):
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
        plan.add(target, "отчет", REPORT_SUFFIXES, "-o")
        if pdf:
            plan.add(target.with_suffix(".pdf"), "PDF отчета", (".pdf",), "--pdf")
    if xlsx is not None:
        plan.add(xlsx, "сводную таблицу", (".xlsx",), "--xlsx")
    if json_out is not None:
        plan.add(json_out, "сводную таблицу в JSON", (".json",), "--json")
    plan.check()
    if new_folder and make_folder:
        try:
            output.mkdir()
        except OSError as exc:
            raise _unwritten(exc, output) from exc
    return target


def read_letterhead(path: Path, kind: Kind | None = None) -> Letterhead:
    """The letterhead named by --reference-doc, read whole before any form is (ReferenceDocError if unusable).

    It is read in a worker under the file budgets, as forms are: a damaged or crafted бланк
    gets one message naming it. What was left out of it is in the result's `notes`.
    """
    import stat

    from reportgen.budget import OverBudget, run
    from reportgen.read.letterhead import read_letterhead as read
    from reportgen.read.sniff import Refused

    kind = kind or load_kind()
    named = f"Документ-образец «{path}» (--reference-doc)"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ReferenceDocError(f"{named} не найден") from None
    except OSError:
        raise ReferenceDocError(f"{named} не открывается: нет доступа к файлу") from None
    if stat.S_ISDIR(mode):
        raise ReferenceDocError(f"«{path}» (--reference-doc) — это папка; укажите документ Word (.docx) с бланком")
    if not stat.S_ISREG(mode):
        raise ReferenceDocError(f"«{path}» (--reference-doc) — не обычный файл (канал или устройство); "
                                "укажите документ Word (.docx) с бланком")
    try:
        return run(read, path, str(path), kind.page.landscape)
    except Refused as exc:
        raise ReferenceDocError(f"{named}: {exc}. {exc.hint}") from None
    except OverBudget as exc:
        spent = "слишком долго читается" if exc.code == "file-timeout" else "требует слишком много памяти"
        raise ReferenceDocError(f"{named} {spent}: вероятно, он поврежден. Укажите другой бланк или сохраните "
                                "этот заново в Word как «Документ Word (.docx)».") from None


def build_blockers(checked: Checked, force: bool = False) -> list[Diagnostic]:
    """What stops `build` from writing the report; [] when it may be written.

    The errors by the one rule (diagnostics.blocking: with --force only file- and run-level
    ones), and a period nobody stated: the report's title needs it.
    """
    found = checked.validation.blocking(force)
    if not found and checked.validation.period is None:
        found = [Diagnostic("period-missing", "Отчетный период неизвестен: в формах нет ни периода, ни мероприятий",
                            hint="Укажите его в командной строке, например --period 2025-Q2.")]
    return found


def build_report(checked: Checked, order: Order = "submitted", force: bool = False, dates: str | None = None,
                 closing: bool | None = None, signed: dt.date | None = None) -> Report:
    """The report model of checked forms. RequestError when build_blockers(checked, force) is not empty.

    `order`: "submitted" (as in each form) or "date". With `force`, rows with errors go in as written.
    `dates`: "as-typed" or "uniform" (None: the kind's). `closing`: the block after the table
    (None: as the kind says); `signed`: its date of signing (None: a line to write it by hand).
    """
    from reportgen.assemble import ORDERS
    from reportgen.dates import DATE_STYLES

    if order not in ORDERS:
        raise RequestError(f"Порядок строк «{order}» неизвестен; возможны: {', '.join(ORDERS)}")
    if dates is not None and dates not in DATE_STYLES:
        raise RequestError(f"Запись сроков «{dates}» неизвестна; возможны: {', '.join(DATE_STYLES)}")
    blockers = build_blockers(checked, force)
    if blockers:
        raise RequestError(f"Отчет не собран: {len(blockers)} ошибок не дают его собрать (см. build_blockers), "
                           f"первая — {blockers[0].where() or 'все формы'}: {blockers[0].message}")
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


def write_forms(kind: Kind, output: Path | None, municipality: str | None = None, every: bool = False,
                period: Period | None = None, send_to: str | None = None) -> list[Path]:
    """Blank forms: one (optionally pre-filled with a municipality) or one per municipality."""
    from reportgen.write.form import form_file_name, write_form

    if municipality is not None and every:
        raise RequestError("--municipality и --all вместе не указываются: либо одна форма, либо все")
    if municipality is not None and not municipality.strip():
        raise RequestError("В --municipality не указано название муниципального образования")
    owner = None
    if municipality is not None:
        owner = kind.registry.match(municipality)
        if owner is None:
            near = ", ".join(f"«{n}»" for n in kind.registry.suggest(municipality))
            raise RequestError(f"Муниципальное образование «{municipality}» не найдено в перечне"
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
    from reportgen.write.plan import probe

    probe(targets[0][1].parent, "-o")
    if every:
        folder.mkdir(exist_ok=True)
    from reportgen.write.plan import together

    with together():  # all the blank forms or none
        for m, target in targets:
            with atomic_output(target) as tmp:
                write_form(kind, tmp, m, period, send_to)
    return [t for _, t in targets]


def write_report(report: Report, kind: Kind, output: Path, letterhead: Letterhead | None = None,
                 progress=None) -> None:
    """Write the .docx whole or not at all (on the office's бланк, if read_letterhead() gave one)."""
    from reportgen.write.report import write_docx

    on_rows = None
    if progress is not None:
        task = progress.add("Запись отчета", report.event_count)
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


def write_export(report: Report, kind: Kind, output: Path, fmt: str) -> list[Diagnostic]:
    """The consolidated table for analysts: fmt "xlsx" or "json"; whole or not at all. Cells it had to shorten."""
    from reportgen.write.table import write_json, write_xlsx

    if fmt not in ("xlsx", "json"):
        raise RequestError(f"Сводная таблица пишется в xlsx или json, а не в «{fmt}»")
    try:
        with atomic_output(output) as tmp:
            return (write_xlsx if fmt == "xlsx" else write_json)(report, kind, tmp)
    except OSError as exc:
        raise _unwritten(exc, output) from exc


def plan_split(output: Path | None, period: Period | None = None) -> None:
    """Check split's output folder before the report is read: it must hold no forms yet (OutputError).

    Without `output` the folder is named by the period: checked here when --period gives it,
    otherwise once the report's title has given it (write_split), still before anything is written.
    """
    from reportgen.write.plan import check_folder

    folder = output or (default_split_folder(period) if period else None)
    if folder is not None:
        check_folder(folder, "-o", forms_apart=True)


def split_file(path: Path | str, kind: Kind | None = None, period: Period | None = None,
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
        raise InputsError(f"Файл «{display}» не найден")
    if path.is_dir():
        raise InputsError(f"«{display}» — это папка; split разбирает один отчет Word (.docx)")
    try:
        split = run(read_report_file, path, kind, display, period)
    except OverBudget as exc:
        spent = "читается слишком долго" if exc.code == "file-timeout" else "требует слишком много памяти"
        return Split(display, Report.of(kind, period, (), title=""), period, (Diagnostic(
            exc.code, f"Документ {spent} — чтение остановлено", file=display,
            hint="Вероятно, документ поврежден: откройте его в Word и сохраните заново как «Документ Word (.docx)».",
        ),))
    # The events are numbered straight through, by the rule that numbers a built report.
    return dataclasses.replace(split, report=numbered(split.report, kind))


def split_blockers(split: Split, force: bool = False) -> list[Diagnostic]:
    """What stops `split` from writing forms; [] when they may be written (the rule of build_blockers)."""
    found = blocking(split.diagnostics, force)
    # No section at all is said outright, beside row errors or a missing period: --force could not help,
    # and the period alone would not either. Not when the file itself was refused (no table, not Word).
    if not split.report.sections and not any(d.scope == "file" for d in found):
        found = [*found, Diagnostic("split-empty", "В таблице отчета нет разделов муниципальных образований", file=split.source,
                            hint="Проверьте, что над мероприятиями стоят строки с названиями муниципальных образований.")]
    return found


def default_split_folder(period: Period) -> Path:
    return Path(f"формы_{period.code()}")


def write_split(split: Split, outdir: Path | None = None, kind: Kind | None = None) -> list[Path]:
    """One form per section, named like `template --all` names them; each whole or not at all.

    `outdir` None: the folder is named by the period (default_split_folder). `kind` must be the
    one the report was split with (the default kind when None).
    """
    from reportgen.write.form import form_file_name, write_form
    from reportgen.write.plan import OutputPlan, check_folder

    kind = kind or load_kind()
    blockers = split_blockers(split, force=True)
    if blockers:
        raise RequestError(f"Формы не записаны: {blockers[0].message} (см. split_blockers)")
    outdir = outdir or default_split_folder(split.period)  # type: ignore[arg-type] - known when nothing blocks
    check_folder(outdir, "-o", forms_apart=True)
    owners = [(section, kind.registry.get(section.municipality)) for section in split.report.sections]
    source = Path(split.source)
    plan = OutputPlan([InputFile(source, split.source)], folders=[outdir], keep_existing="split")
    for _, owner in owners:
        plan.add(outdir / form_file_name(owner, split.period), "форму", (".xlsx",), "-o")
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


@dataclass(frozen=True)
class Letters:
    """What `write_letters` wrote: each draft, its file and its message; and what the coordinator should know."""

    drafts: tuple[tuple[object, Path, object], ...]  # (write.letters.Draft, .eml file, EmailMessage)
    notes: tuple[str, ...]
    findings: tuple[Diagnostic, ...] = ()  # marked copies that could not be made («copy-failed»)


def plan_letters(checked_inputs: Sequence[InputFile], outdir: Path, args: Sequence[str]) -> None:
    """The drafts' folder, checked before any input is read: never among the inputs (they would be read back)."""
    from reportgen.write.plan import check_folder

    check_folder(outdir, "-o")
    target = outdir.resolve()
    for arg in args:
        place = Path(arg)
        folder = place if place.is_dir() else place.parent
        if folder.resolve() == target:
            raise OutputError(f"Папка писем «{outdir}» (-o) — это папка входящих «{arg}»: письма смешались бы с "
                              "присланными; укажите отдельную папку, например «письма»")


def _asked(skipped: Sequence[SkippedFile], kind: Kind) -> dict:
    """Messages without a form whose municipality the sender's name or the subject tells («Ершичи», «Угра»)."""
    out = {}
    for item in skipped:
        note = item.message
        if note is None:
            continue
        for text in (note.sender.rpartition("<")[0].strip() or note.sender, note.subject):
            found = kind.registry.resolve(text) if text else None
            if found is not None and found.municipality is not None:
                out.setdefault(found.municipality.short, note)  # the first message of theirs is answered
                break
    return out


STALE_FOLDER = "устаревшие"  # where drafts of an earlier run that no longer apply are moved


def write_letters(checked: Checked, outdir: Path, period: Period | None = None, contacts: Path | None = None,
                  confirm: bool = False, sender: str = "", signature: str = "",
                  now: dt.datetime | None = None) -> Letters:
    """A draft (.eml, unsent) per municipality that needs a letter, with its attachment, into `outdir`.

    Addresses come from the contacts workbook, else from the kind's registry, else (for a reply)
    from the message the form came in; a letter without an address is still written, and named.
    Drafts of an earlier run that this run does not write again are moved to «устаревшие» and
    named. `now` is the drafts' Date (default: this moment in the machine's local zone).
    """
    import os
    import tempfile

    from reportgen.read.contacts import read_contacts
    from reportgen.write.form import form_file_name, write_form
    from reportgen.write.copies import make_copies
    from reportgen.write.letters import as_written, compose, message, without_copy
    from reportgen.write.marked import annotated_name

    kind = checked.kind
    v = checked.validation
    chosen = period or v.period
    if chosen is None:
        raise RequestError("Квартал писем не известен: формы его не указывают. Укажите --period, например 2025-Q2")
    notes: list[str] = []
    addresses = {m.short: m.email for m in kind.registry if m.email}
    persons: dict[str, str] = {}
    if contacts is not None:
        book = read_contacts(contacts, kind)
        notes.extend(book.notes)
        for short, contact in book.by_short.items():
            addresses[short] = contact.addresses
            persons[short] = contact.person
    sources = {item.display: item.source for item in checked.inputs if item.source is not None}
    placed = {a.what for a in checked.arrived}
    asked = _asked([s for s in checked.skipped if s.message is None or s.message.message not in placed], kind)
    drafts = compose(v, kind, chosen.label(), addresses, persons, sources, confirm, signature, asked,
                     checked.arrived, checked.left_out, period=chosen)
    outdir.mkdir(exist_ok=True)
    by_file = {i.display: i for i in checked.inputs}
    subs = {s.form.file: s for s in v.submissions}
    owners = {m.short: m for m in kind.registry}
    written = []
    taken: set[str] = set()
    from reportgen.write.plan import together

    findings: list[Diagnostic] = []
    # All the drafts or none (together); the scratch folder carries our pid for sweep_temp().
    with together(), tempfile.TemporaryDirectory(prefix=f"reportgen-letters-{os.getpid()}-") as scratch:
        # The copies are made first, in workers under the budget: one that fails costs its own attachment.
        marked = [(n, j, form) for n, d in enumerate(drafts) if d.attach == "marked"
                  for j, form in enumerate((d.form, *d.also))]
        made = make_copies([(by_file[form], subs[form].diagnostics, Path(scratch) / f"{n}-{j}.xlsx")
                            for n, j, form in marked])
        failed: set[tuple[int, int]] = set()
        for (n, j, _), why in zip(marked, made):
            if why is not None:
                findings.append(why)
                failed.add((n, j))
                drafts[n] = without_copy(drafts[n], why.message.split(": ", 1)[-1])
        for n, draft in enumerate(drafts):
            attachments = []
            for j, form in enumerate((draft.form, *draft.also) if draft.attach == "marked" else ()):
                if (n, j) in failed:
                    continue
                item = by_file[form]
                copy = Path(scratch) / f"{n}-{j}.xlsx"
                sent_as = item.source.attachment.split(" › ")[-1] if item.source else item.path.name
                attachments.append((annotated_name(Path(sent_as)), copy.read_bytes()))
            if draft.attach == "blank" or draft.blank:
                blank = Path(scratch) / f"{n}-blank.xlsx"
                owner = owners.get(draft.municipality)
                write_form(kind, blank, owner, chosen)
                attachments.append((form_file_name(owner, chosen), blank.read_bytes()))
            msg = message(draft, attachments, sender, now)
            name = draft.file_name
            if name in taken:  # two forms of one municipality (same time): two letters
                name = name.replace(".eml", f" ({n}).eml")
            taken.add(name)
            target = outdir / name
            with atomic_output(target) as tmp:
                tmp.write_bytes(as_written(msg))  # international addresses in UTF-8 (RFC 6532)
            written.append((draft, target, msg))
            if not draft.to:
                notes.append(f"«{name}»: адрес не известен — письмо записано без получателя; впишите адрес в "
                             "таблицу контактов (--contacts) и запустите letters еще раз")
    moved = _move_stale(outdir, taken)
    if moved:
        shown = ", ".join(f"«{n}»" for n in moved)
        notes.append(f"Письма прошлого запуска, которые сейчас не нужны, перенесены в папку «{outdir / STALE_FOLDER}» "
                     f"({len(moved)}: {shown}): не отправляйте их")
    return Letters(tuple(written), tuple(notes), tuple(findings))


def _move_stale(outdir: Path, taken: set[str]) -> list[str]:
    """Our drafts in `outdir` that this run did not write: out of the way, so none is sent by mistake.

    A draft already in «устаревшие» under that name (from a run before) is kept; the newer one gets a number.
    """
    import os

    stale = sorted(p for p in outdir.glob("*.eml") if p.name not in taken and _our_draft(p))
    if not stale:
        return []
    folder = outdir / STALE_FOLDER
    try:
        folder.mkdir(exist_ok=True)
        moved = []
        for path in stale:
            target, n = folder / path.name, 1
            while target.exists():
                n += 1
                target = folder / f"{path.stem} ({n}){path.suffix}"
            os.replace(path, target)
            moved.append(path.name if target.name == path.name else f"{path.name} → {target.name}")
    except OSError as exc:
        raise OutputError(f"Устаревшие письма не удалось перенести в «{folder}» ({exc.strerror or exc}); "
                          f"удалите их из папки «{outdir}» вручную") from None
    return moved


def _our_draft(path: Path) -> bool:
    """A draft `letters` wrote (its header says so), not a message the coordinator saved there."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"\nX-Reportgen-Key:" in head.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
