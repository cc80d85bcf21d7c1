"""Input paths: files, folders and unexpanded globs → the forms to read, and what is passed over."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputsError

FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class SkippedFile:
    """A file named by the arguments that is not read, and why."""

    display: str
    reason: str
    path: Path | None = None  # where it is: an output must not land on it either


LOCK_REASON = "файл блокировки Excel (он появляется, пока книга открыта)"
LO_LOCK_REASON = "файл блокировки LibreOffice (он появляется, пока книга открыта)"
APPLE_DOUBLE_REASON = "служебная копия macOS («._»): в ней нет данных формы"
# Files an operating system leaves in folders: named as what they are, never read.
SYSTEM_FILES = {".ds_store": "служебный файл macOS", "thumbs.db": "служебный файл Windows",
                "desktop.ini": "служебный файл Windows"}
_APPLE_DOUBLE = b"\x00\x05\x16\x07"


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # as the user will recognise it in messages


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


def _not_read(path: Path) -> str | None:
    """Why a file found in a folder is not read as a form, or None if it is a form."""
    if is_lock_file(path):
        return LOCK_REASON
    if path.name.startswith(".~lock.") and path.name.endswith("#"):
        return LO_LOCK_REASON
    if _apple_double(path):
        return APPLE_DOUBLE_REASON
    if path.name.lower() in SYSTEM_FILES:
        return SYSTEM_FILES[path.name.lower()]
    if not is_form_name(path.name):
        return f"не форма Excel ({path.suffix or 'без расширения'})"
    return None


def expand_inputs(args: Sequence[str]) -> tuple[list[InputFile], list[SkippedFile]]:
    """Files named by the arguments, in order, without duplicates; and what was passed over.

    In a folder, files that are not forms (a .doc a municipality sent instead, a PDF, a lock
    file, a macOS `._` copy) and sub-folders are listed as skipped, so that nobody's submission
    disappears without a word. A form is never passed over for its name (`..xlsx` is read).
    """
    found: list[InputFile] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()

    def skip(path: Path, display: str, reason: str) -> None:
        key = path.resolve()
        if key not in seen:  # a folder named twice: each file is counted once
            seen.add(key)
            skipped.append(SkippedFile(display, reason, path))

    def add(path: Path, display: str) -> None:
        if is_lock_file(path) or _apple_double(path):
            skip(path, display, LOCK_REASON if is_lock_file(path) else APPLE_DOUBLE_REASON)
            return
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(InputFile(path, display))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                display = str(path / child.name) if arg not in (".", "./") else child.name
                if child.is_dir():
                    skip(child, display, "папка: вложенные папки не читаются")
                    continue
                why = _not_read(child)
                if why is None:
                    add(child, display)
                else:
                    skip(child, display, why)
        elif path.exists() or path.is_symlink():
            add(path, arg)
        elif _GLOB_CHARS & set(arg):
            # The shell did not expand it (Windows cmd, or quoted): expand it ourselves.
            matches = sorted(glob.glob(arg))
            if not matches:
                raise InputsError(f"Ни один файл не подходит под шаблон «{arg}»")
            for m in matches:
                if not Path(m).is_dir():
                    add(Path(m), m)
        else:
            raise InputsError(f"Файл или папка «{arg}» не найдены")
    return found, skipped
