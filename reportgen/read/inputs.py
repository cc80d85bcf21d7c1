"""Input paths: files, folders, unexpanded globs and saved mail → the forms to read (with the message each came in), and what is passed over."""

from __future__ import annotations

import datetime as dt
import glob
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputsError

FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Source:
    """Where a form came from: the message (its file), the sender, the date, the subject, the attachment."""

    message: str
    sender: str
    date: dt.datetime | None
    subject: str
    attachment: str
    message_id: str = ""
    reply_to: str = ""  # the sender's address, for a reply
    arrived: dt.datetime | None = None  # when the message reached the coordinator: its Date is the sender's word
    via: tuple[str, ...] = ()  # who forwarded the message it was in (a contact forwarding a clerk's form vouches for it)
    answer: str = ""  # the message's Reply-To, where a reply goes; `reply_to` (From) stays who sent it

    @property
    def reply_address(self) -> str:
        """Where a letter back goes: Reply-To when the message names one, else the sender."""
        return self.answer or self.reply_to

    @property
    def delivered_by(self) -> str:
        """The address that actually sent it to the coordinator: the outermost forwarder, else the sender.

        A forwarded message's own From is whatever its forwarder typed, so it vouches for nothing.
        """
        return self.via[0] if self.via else self.reply_to

    def as_dict(self) -> dict:
        out = {"message": self.message, "from": self.sender, "date": self.date.isoformat() if self.date else None,
               "subject": self.subject, "attachment": self.attachment}
        if self.via:
            out["forwarded_by"] = list(self.via)
        return out

    def line(self) -> str:
        """«письмо от Вязьма <adm@…> 12.07.2025 «Отчет за II квартал», вложение «Форма.xlsx»»."""
        when = f" {self.date:%d.%m.%Y %H:%M}" if self.date else ""
        return f"письмо от {self.sender or 'неизвестного отправителя'}{when} «{self.subject or 'без темы'}», вложение «{self.attachment}»"


@dataclass(frozen=True)
class NoForm:
    """A message that holds no form: a question, a Word file sent instead, a form in a format we do not read."""

    message: str
    sender: str
    date: dt.datetime | None
    subject: str
    attachments: tuple[str, ...]
    address: str = ""  # the sender's, for a reply
    message_id: str = ""
    notes: tuple[str, ...] = ()  # what each attachment is instead of a form («Отчет.docx» — документ Word…)
    answer: str = ""  # the message's Reply-To, where a reply goes

    @property
    def reply_address(self) -> str:
        return self.answer or self.address

    def as_dict(self) -> dict:
        return {"message": self.message, "from": self.sender, "date": self.date.isoformat() if self.date else None,
                "subject": self.subject, "attachments": list(self.attachments), "notes": list(self.notes)}

    def reason(self) -> str:
        sent = f"вложения: {', '.join(f'«{a}»' for a in self.attachments)}" if self.attachments else "без вложений"
        notes = "".join(f"; {note}" for note in self.notes)
        return (f"письмо от {self.sender or 'неизвестного отправителя'} «{self.subject or 'без темы'}» — "
                f"в нем нет формы ({sent}){notes}")


@dataclass(frozen=True)
class SkippedFile:
    """A file named by the arguments that is not read, and why."""

    display: str
    reason: str
    path: Path | None = None  # where it is: an output must not land on it either
    message: NoForm | None = None  # a message with no form: its sender and subject
    foreign: bool = False  # a document of another kind (Word, PDF, an image) where a form was expected
    code: str = ""  # for mail passed over: "mail-over-budget", "mail-unreadable", "mailbox-truncated" (diagnostics.CODES)


# Files an operating system leaves in folders: named as what they are (the catalogue's keys), never read.
SYSTEM_FILES = {".ds_store": "skip.system-macos", "thumbs.db": "skip.system-windows",
                "desktop.ini": "skip.system-windows"}
_APPLE_DOUBLE = b"\x00\x05\x16\x07"


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # as the user will recognise it in messages
    source: Source | None = None  # the message it was attached to
    received: dt.datetime | None = None  # the message's date: which of two forms is the newer
    mail: bool = False  # a saved message or mailbox, not yet unpacked into forms
    # Where byte-identical copies of it came from (None: a file on disk), read once as this one (api._once).
    copies: tuple[Source | None, ...] = ()


def is_lock_file(path: Path) -> bool:
    """Excel's owner file next to an open workbook: `~$name.xlsx`."""
    return path.name.startswith("~$")


def is_form_name(name: str) -> bool:
    """A name a form may have: ends in a spreadsheet extension (also `..xlsx`, `.xlsx`)."""
    return name.lower().endswith(FORM_SUFFIXES)


def _apple_double(path: Path) -> bool:
    """macOS's `._name` companion of a copied file: resource data, not the workbook."""
    if not path.name.startswith("._"):
        return False
    try:
        with open(path, "rb") as f:
            return f.read(4) == _APPLE_DOUBLE
    except OSError:
        return False


def _not_read(path: Path) -> tuple[str, dict] | None:
    """Why a file found in a folder is not read as a form (the catalogue's key and facts), or None if it is one."""
    if is_lock_file(path):
        return "skip.lock-excel", {}
    if path.name.startswith(".~lock.") and path.name.endswith("#"):
        return "skip.lock-libreoffice", {}
    if _apple_double(path):
        return "skip.apple-double", {}
    if path.name.lower() in SYSTEM_FILES:
        return SYSTEM_FILES[path.name.lower()], {}
    if not is_form_name(path.name):
        if _is_mail(path):
            return None
        return "skip.not-a-form", {"suffix": path.suffix}
    return None


MAIL_SUFFIXES = (".eml", ".msg", ".mbox", ".mbx")


def saved_at(path: Path) -> dt.datetime | None:
    """When a file was last saved: which of two forms of one municipality is the newer, when no message dates them."""
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()  # local time, as the user sees it
    except OSError:
        return None


def _is_mail(path: Path) -> bool:
    """A saved message (.eml, .msg), an mbox file (also Thunderbird's folders, which have no extension)."""
    if path.name.lower().endswith(MAIL_SUFFIXES):
        return True
    if is_form_name(path.name) or not path.is_file():
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return False
    return head.removeprefix(BOM).startswith(b"From ") or is_message(head)


_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]")


BOM = b"\xef\xbb\xbf"  # Windows' Notepad and some exporters put it before the first header
HEAD_BYTES = 64 * 1024  # how much of a file is read to tell a message: From may come after kilobytes of Received and DKIM


def is_message(head: bytes) -> bool:
    """The start of a message saved without an extension (a Maildir's files, «Сохранить как» with no type).

    From may be anywhere in the header block, which may be cut at the end of `head`.
    """
    lines = head.removeprefix(BOM).replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].split(b"\n")
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    names = {line.split(b":", 1)[0].lower() for line in lines if _HEADER_LINE.match(line)}
    return b"from" in names and (b"date" in names or b"subject" in names or b"message-id" in names)


def is_maildir(path: Path) -> bool:
    """A Maildir: a folder with `cur` and `new` sub-folders."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def expand_inputs(args: Sequence[str]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Files named by the arguments, in order, without duplicates; and what was passed over.

    In a folder, files that are not forms (a .doc a municipality sent instead, a PDF, a lock
    file, a macOS `._` copy) and sub-folders are listed as skipped, so that nobody's submission
    disappears without a word. A form is never passed over for its name (`..xlsx` is read).
    """
    found: list[InputFile] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()

    from reportgen.catalogue import say

    def skip(path: Path, display: str, reason: str, **facts) -> None:
        key = path.resolve()
        if key not in seen:  # a folder named twice: each file is counted once
            seen.add(key)
            skipped.append(SkippedFile(display, say(reason, **facts), path, foreign=reason == "skip.not-a-form"))

    def add(path: Path, display: str) -> None:
        if is_lock_file(path) or _apple_double(path):
            skip(path, display, "skip.lock-excel" if is_lock_file(path) else "skip.apple-double")
            return
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(InputFile(path, display, received=saved_at(path), mail=path.is_dir() or _is_mail(path)))

    for arg in args:
        path = Path(arg)
        if path.is_dir() and is_maildir(path):
            add(path, arg)
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                display = str(path / child.name) if arg not in (".", "./") else child.name
                if child.is_dir() and is_maildir(child):
                    add(child, display)
                    continue
                if child.is_dir():
                    skip(child, display, "skip.folder")
                    continue
                why = _not_read(child)
                if why is None:
                    add(child, display)
                else:
                    skip(child, display, why[0], **why[1])
        elif path.exists() or path.is_symlink():
            add(path, arg)
        elif _GLOB_CHARS & set(arg):
            # The shell did not expand it (Windows cmd, or quoted): expand it ourselves.
            matches = sorted(glob.glob(arg))
            if not matches:
                raise InputsError(say("inputs.no-match", pattern=arg))
            for m in matches:
                if not Path(m).is_dir():
                    add(Path(m), m)
        else:
            raise InputsError(say("inputs.not-found", path=arg))
    return found, skipped
