"""Letters to the municipalities: drafts (.eml) with their attachments, and sending them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.errors import OutputError, RequestError
from reportgen.kind import Kind
from reportgen.model import Checked, Letters, Written
from reportgen.period import Period
from reportgen.read.inputs import InputFile, SkippedFile
from reportgen.write.plan import atomic_output


def plan_letters(checked_inputs: Sequence[InputFile], outdir: Path, args: Sequence[str]) -> None:
    """The drafts' folder, checked before any input is read: never among the inputs (they would be read back)."""
    from reportgen.write.plan import check_folder, probe

    check_folder(outdir, "-o")
    target = outdir.resolve()
    for arg in args:
        place = Path(arg)
        folder = place if place.is_dir() else place.parent
        if folder.resolve() == target:
            raise OutputError(say("refusal.letters-into-inbox", folder=outdir, inbox=arg))
    probe(outdir, "-o")  # the folder takes a file (not full, not read-only), asked before any input is read


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


STALE_FOLDER = say("letters.stale-folder")  # where drafts of an earlier run that no longer apply are moved


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
        raise RequestError(say("refusal.letters-period"))
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
            written.append(Written(draft, target, msg))
            if not draft.to:
                notes.append(say("note.letter-no-address", name=name))
    moved = _move_stale(outdir, taken)
    if moved:
        shown = ", ".join(f"«{n}»" for n in moved)
        notes.append(say("note.letters-stale", folder=outdir / STALE_FOLDER, count=len(moved), shown=shown))
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
        raise OutputError(say("refusal.stale-not-moved", folder=folder, why=exc.strerror or exc, outdir=outdir)) from None
    return moved


def _our_draft(path: Path) -> bool:
    """A draft `letters` wrote (its header says so), not a message the coordinator saved there."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"\nX-Reportgen-Key:" in head.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")


def plan_send(host: str | None, sender: str | None) -> None:
    """What sending needs, checked before any input is read (RequestError): a server and a sender's address."""
    if not host:
        raise RequestError(say("refusal.send-host"))
    if not sender:
        raise RequestError(say("refusal.send-from"))


def send_letters(letters: Letters, outdir: Path, host: str, sender: str, *, port: int | None = None,
                 security: str = "starttls", user: str = "", password: str | None = None, timeout: float = 30.0,
                 deadline: float = 600.0, resend_unknown: bool = False):
    """Send the drafts `write_letters` wrote into `outdir` by SMTP; those the folder's log has as sent are not resent.

    The password is REPORTGEN_SMTP_PASSWORD's unless given (never an option: it would show in the
    process list). Returns write.send.Sent: what came of each letter. SendFailed when the server
    cannot be reached or refuses the login: nothing more is sent, the drafts stay.
    """
    import os

    from reportgen.errors import SendFailed
    from reportgen.write.send import Smtp, send_all

    plan_send(host, sender)
    password = os.environ.get("REPORTGEN_SMTP_PASSWORD", "") if password is None else password
    smtp = Smtp(host, port, security, user, password, timeout, deadline)
    try:
        return send_all([(w.path.name, w.message) for w in letters.drafts], outdir, smtp, sender,
                        resend_unknown=resend_unknown)
    except SendFailed as exc:
        raise SendFailed(say("error.send-failed", why=exc, folder=outdir)) from None
