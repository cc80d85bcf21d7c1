"""Finding the forms: files, folders and globs; byte-identical copies read once; mail unpacked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.catalogue import say
from reportgen.errors import InputsError
from reportgen.model import Found
from reportgen.read.inputs import InputFile, SkippedFile, expand_inputs


def find_inputs(args: Sequence[str | Path] | str | Path, allow_none: bool = False) -> Found:
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
        raise no_form(args, skipped)
    return Found(tuple(inputs), tuple(skipped))


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
            named.append(SkippedFile(item.display, say("note.copy-read-once", first=first[digest].display),
                                     item.path if item.source is None else None))
            # Who else sent it counts for whose it is (checking._strangers): a back-dated copy must not displace the contact's.
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

    spent = say("note.mail-over-time", seconds=FILE_TIMEOUT_S) if code == "file-timeout" else \
        say("note.mail-over-memory", mb=FILE_MEMORY_MB)
    return say("note.mail-over-budget", spent=spent)


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


def no_form(args: Sequence[str], skipped: Sequence[SkippedFile]) -> InputsError:
    named = "; ".join(f"{s.display} — {s.reason}" for s in skipped[:5]) + ("; …" if len(skipped) > 5 else "")
    return InputsError(say("refusal.no-form-among", named=named) if skipped
                       else say("refusal.no-form-found", args=", ".join(map(str, args))))
