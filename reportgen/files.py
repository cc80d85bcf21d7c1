"""Input paths (files, folders, unexpanded globs) and whole-or-nothing output files."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_GLOB_CHARS = set("*?[")


class UsageProblem(Exception):
    """Wrong use of the command (a path that does not exist, a bad output): exit status 2."""


@dataclass(frozen=True)
class Skipped:
    """A file named by the arguments that is not read, and why."""

    display: str
    reason: str


LOCK_REASON = "файл блокировки Excel (он появляется, пока книга открыта)"


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # as the user will recognise it in messages


def is_lock_file(path: Path) -> bool:
    """Excel's owner file next to an open workbook: `~$name.xlsx`."""
    return path.name.startswith("~$")


def expand_inputs(args: Sequence[str]) -> tuple[list[InputFile], list[Skipped]]:
    """Files named by the arguments, in order, without duplicates; and what was passed over.

    In a folder, files that are not forms (a .doc a municipality sent instead, a PDF) are
    listed as skipped, so that nobody's submission disappears without a word.
    """
    found: list[InputFile] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()

    def add(path: Path, display: str) -> None:
        if is_lock_file(path):
            skipped.append(Skipped(display, LOCK_REASON))
            return
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(InputFile(path, display))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if not p.name.startswith(".") and not p.is_dir())
            children = [p for p in entries if p.suffix.lower() in FORM_SUFFIXES]
            if not children:
                raise UsageProblem(f"В папке «{arg}» нет файлов форм ({', '.join(FORM_SUFFIXES)})")
            for child in entries:
                display = str(path / child.name) if arg not in (".", "./") else child.name
                if child in children:
                    add(child, display)
                else:
                    skipped.append(Skipped(display, f"не форма Excel ({child.suffix or 'без расширения'})"))
        elif path.exists() or path.is_symlink():
            add(path, arg)
        elif _GLOB_CHARS & set(arg):
            # The shell did not expand it (Windows cmd, or quoted): expand it ourselves.
            matches = sorted(glob.glob(arg))
            if not matches:
                raise UsageProblem(f"Ни один файл не подходит под шаблон «{arg}»")
            for m in matches:
                if not Path(m).is_dir():
                    add(Path(m), m)
        else:
            raise UsageProblem(f"Файл или папка «{arg}» не найдены")
    return found, skipped


def check_output(output: Path, inputs: Sequence[InputFile]) -> None:
    """Refuse an output path that is one of the inputs, by any spelling or link."""
    if output.exists() and output.is_dir():
        raise UsageProblem(f"«{output}» — это папка; укажите имя файла отчета, например {output / 'report.docx'}")
    target = output.resolve()
    for item in inputs:
        same = item.path.resolve() == target
        if not same and output.exists():
            try:
                same = os.path.samefile(item.path, output)
            except OSError:
                same = False
        if same:
            raise UsageProblem(f"Файл отчета «{output}» совпадает с входным файлом «{item.display}»; "
                               "укажите другое имя через -o")
    if not output.parent.exists():
        raise UsageProblem(f"Папка «{output.parent}» не существует")


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path next to `target`; renamed onto it only if the block finishes.

    The rename replaces a link at `target` rather than writing through it, and an error or
    Ctrl-C leaves no partial file behind.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
