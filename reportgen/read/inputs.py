"""Input paths: files, folders, unexpanded globs and saved mail → the forms to read (with the message each came in), and what is passed over."""

from __future__ import annotations

import datetime as dt
import glob
import re
from collections.abc import Sequence
from pathlib import Path

from reportgen.errors import InputsError
# The types moved to the model; imported here too, where the readers of inputs look for them.
from reportgen.model import InputFile, NoForm, SkippedFile, Source  # noqa: F401 - re-exported

FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_GLOB_CHARS = set("*?[")


# Files an operating system leaves in folders: named as what they are (the catalogue's keys), never read.
SYSTEM_FILES = {".ds_store": "skip.system-macos", "thumbs.db": "skip.system-windows",
                "desktop.ini": "skip.system-windows"}
_APPLE_DOUBLE = b"\x00\x05\x16\x07"


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
