"""The output plan: every file a command will write, checked before any input is read.

A command lists what it will write (the report, its PDF, the table, the JSON, marked copies,
split's forms) and the plan refuses (OutputError, exit 2) when two outputs are one
file, when an output is one of the inputs, when a name's extension does not fit what is
written there, or when the folder to write into is missing. Nothing is read before that.
Each file is then written whole or not at all (atomic_output), and the outputs of one command
are renamed onto their names together at its end (together()): a kill leaves the old set or the new.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.catalogue import say
from reportgen.errors import OutputError, WriteError
from reportgen.temp import alive
from reportgen.read.inputs import InputFile


@dataclass(frozen=True)
class Planned:
    path: Path
    what: str  # what is written there, as «записать …» names it: «отчет», «сводную таблицу»
    suffixes: tuple[str, ...]  # the extensions it may have, the first one suggested
    option: str  # the option that names it: «-o», «--xlsx»; or how it was chosen
    choose: str = say("plan.another-name")  # what to give the option instead: a folder's outputs want «другую папку»


def _key(path: Path) -> str:
    """One spelling per file: absolute, links resolved, case folded where the file system folds it."""
    return os.path.normcase(str(path.resolve()))


class OutputPlan:
    def __init__(self, inputs: Iterable[InputFile] = (), folders: Iterable[Path] = (), keep_existing: str = "") -> None:
        """`folders`: output folders the command creates (checked with `check_folder`).

        `keep_existing`: the command (named) never replaces a file that is already there.
        """
        self.inputs = list(inputs)
        self.folders = {_key(Path(f)) for f in folders}
        self.keep_existing = keep_existing
        self.planned: list[Planned] = []

    def add(self, path: Path, what: str, suffixes: tuple[str, ...], option: str,
            choose: str = say("plan.another-name")) -> Path:
        self.planned.append(Planned(Path(path), what, suffixes, option, choose))
        return Path(path)

    def check(self) -> None:
        """Refuse the whole plan at its first problem; nothing has been written or read yet."""
        seen: dict[str, Planned] = {}
        inputs = {_key(i.path): i for i in self.inputs}
        for p in self.planned:
            _check_name(p, _key(p.path.parent) in self.folders)
            key = _key(p.path)
            if key in seen:
                other = seen[key]
                if other.option == p.option:
                    raise OutputError(say("plan.same-name", other=other.what, what=p.what, name=p.path.name,
                                          option=p.option))
                raise OutputError(say("plan.same-file", other_option=other.option, option=p.option, path=p.path,
                                      other=other.what, what=p.what))
            seen[key] = p
            source = inputs.get(key) or next((i for i in self.inputs if _same(i.path, p.path)), None)
            if source is not None:
                raise OutputError(say("plan.over-input", what=p.what, source=source.display, choose=p.choose,
                                      option=p.option))
            if self.keep_existing and p.path.exists():
                raise OutputError(say("plan.exists", path=p.path, command=self.keep_existing, choose=p.choose,
                                      option=p.option))


MAX_NAME_BYTES = 255  # the longest file name the usual file systems take (ext4, NTFS in UTF-16 is 255 characters)


def check_length(path: Path, option: str) -> None:
    """Refuse a name the file system cannot hold (before anything asks the file system about it)."""
    _check_length(path, option)


def _check_length(path: Path, option: str) -> None:
    for part in (path.name, *(p.name for p in path.parents if p.name)):
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            raise OutputError(say("plan.name-too-long", start=part[:40], option=option,
                                  size=len(part.encode("utf-8")), limit=MAX_NAME_BYTES))


def _same(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_name(p: Planned, made: bool) -> None:
    _check_length(p.path, p.option)
    if p.path.is_dir():
        raise OutputError(say("plan.is-folder", path=p.path, option=p.option,
                              example=p.path / (say("plan.example-stem") + p.suffixes[0])))
    if p.path.suffix.lower() not in p.suffixes:
        ext = p.suffixes[0]
        raise OutputError(say("plan.wrong-suffix", option=p.option, name=p.path.name, what=p.what, ext=ext,
                              example=p.path.with_suffix(ext).name))
    parent = p.path.parent
    if not made and not parent.is_dir():
        raise OutputError(say("plan.no-parent", parent=parent, option=p.option, file=parent.exists()))


def check_folder(folder: Path, option: str, forms_apart: bool = False) -> None:
    """An output folder: it may be created, but its parent must exist and it must not be a file.

    `forms_apart`: the folder must hold no forms yet: new forms among the ones that came in
    would be read with them next time (split's forms, a quarter's blank forms).
    """
    _check_length(folder, option)
    if folder.exists() and not folder.is_dir():
        raise OutputError(say("plan.folder-is-file", folder=folder, option=option))
    if not folder.exists() and folder.suffix.lower() in (".xlsx", ".xls", ".docx", ".pdf", ".json", ".ods"):
        raise OutputError(say("plan.folder-like-file", folder=folder, option=option))
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputError(say("plan.no-parent", parent=folder.parent, option=option, file=False))
    if forms_apart and folder.is_dir():
        from reportgen.read.inputs import is_form_name

        there = sorted(p.name for p in folder.iterdir() if is_form_name(p.name) and not p.name.startswith("~$"))
        if there:
            shown = ", ".join(f"«{n}»" for n in there[:3]) + (" …" if len(there) > 3 else "")
            raise OutputError(say("plan.forms-there", folder=folder, option=option, n=len(there), shown=shown))


TMP_PREFIX = ".reportgen-"
_DISK = {28, 30, 27, 122}  # ENOSPC, EROFS, EFBIG, EDQUOT (Linux): refusals only a write gets
_BATCH: list[list[tuple[Path, Path]]] = []  # the open together() block's (temporary, target) pairs
# Folders this run made temporary files in, noted before each is made: a signal can land between
# mkstemp's open and the try that would remove the file, so the signal's exit looks here once more.
_TOUCHED: set[str] = set()


@contextmanager
def together() -> Iterator[None]:
    """Every atomic_output inside is renamed onto its target only here, at the end, all at once.

    An error, Ctrl-C or SIGTERM inside removes every temporary file and leaves the old outputs as
    they were; the renames themselves run with those signals held back. Nested blocks join the outer one.
    """
    if _BATCH:
        yield
        return
    batch: list[tuple[Path, Path]] = []
    _BATCH.append(batch)
    try:
        yield
    except BaseException:
        for tmp, _ in batch:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _BATCH.clear()
    _commit(batch)


def _quiet_disk_errors() -> None:
    """A writer cut by a full disk (zipfile, lxml) tries again when it is collected and fails the same way;
    that second failure would print "Exception ignored … Traceback" after our one message."""
    import sys

    previous = sys.unraisablehook
    if getattr(previous, "reportgen", False):
        return

    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, OSError) and unraisable.exc_value.errno in _DISK:
            return
        previous(unraisable)

    hook.reportgen = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def pending(target: Path) -> Path:
    """Where `target`'s new content is now: its temporary file inside together(), else `target` itself."""
    for tmp, planned in reversed(_BATCH[0] if _BATCH else []):
        if planned == target:
            return tmp
    return target


def _commit(batch: list[tuple[Path, Path]]) -> None:
    from reportgen.temp import held_signals

    with held_signals():
        for i, (tmp, target) in enumerate(batch):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                for rest, _ in batch[i:]:
                    rest.unlink(missing_ok=True)
                raise unwritten(exc, target) from exc


def unwritten(exc: OSError, target: Path) -> WriteError | OutputError:
    """The disk's refusal, naming the target (exc.filename may be the temporary file beside it).

    A missing folder is the command's mistake (OutputError, exit 2); a full or read-only disk is not (exit 1).
    """
    from reportgen.damage import explain_os

    if exc.errno in (2, 20, 21):  # ENOENT, ENOTDIR, EISDIR
        return OutputError(say("plan.unwritten", target=target, why=explain_os(exc)))
    hint = "space" if exc.errno == 28 else "rights" if exc.errno in (13, 1, 30) else ""
    return WriteError(say("plan.unwritten-kept", target=target, why=explain_os(exc), hint=hint))


def probe(folder: Path, option: str) -> None:
    """Can `folder` take a file? Asked before any input is read (WriteError naming it when not)."""
    import errno

    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent  # a folder still to be created: its parent must take it
    _TOUCHED.add(os.fspath(folder))
    try:
        fd, name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return  # said by the plan's own checks, in their words
        raise WriteError(say("plan.probe-refused", folder=folder, option=option, why=_why(exc))) from None
    try:
        os.write(fd, b"0" * 4096)
        os.fsync(fd)
    except OSError as exc:
        raise WriteError(say("plan.probe-failed", folder=folder, option=option, why=_why(exc))) from None
    finally:
        os.close(fd)
        os.unlink(name)


def _why(exc: OSError) -> str:
    from reportgen.damage import explain_os

    return explain_os(exc)


def sweep(folder: Path, ours: bool = False) -> None:
    """Remove the temporary files that runs killed outright (kill -9, power cut) left in `folder`.

    `ours`: this run's own instead, as a signal's exit does after everything has unwound.
    """
    import re

    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = re.fullmatch(re.escape(TMP_PREFIX) + r"(\d+)-.*\.tmp", name)
        if not found:
            continue
        pid = int(found.group(1))
        if (pid == os.getpid()) if ours else (pid != os.getpid() and not alive(pid)):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def touched(folder: Path) -> None:
    """Note, before making a temporary file in `folder`, that a signal's exit must look there."""
    _TOUCHED.add(os.fspath(folder))


def sweep_ours() -> None:
    """Remove what is left of this run's temporary files, in every folder it made one in."""
    for folder in sorted(_TOUCHED):
        sweep(Path(folder), ours=True)


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path next to `target`; renamed onto it only if the block finishes.

    The rename replaces a link at `target` rather than writing through it, and an error or
    Ctrl-C leaves no partial file behind. Inside together() the rename waits for its end.
    The name carries our pid, so a later run can remove it if we are killed outright.
    """
    # A short name of its own: `.{target.name}.…` would outgrow the file system's 255 bytes
    # for a long Cyrillic name (two bytes a letter).
    target = Path(target)
    sweep(target.parent)
    _TOUCHED.add(os.fspath(target.parent))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        if exc.errno in (2, 20):  # ENOENT, ENOTDIR: the caller says it in its words
            raise
        raise unwritten(exc, target) from exc
    tmp = Path(tmp_name)
    try:  # from here on a signal (Ctrl-C, SIGTERM) removes the file: nothing between mkstemp and this try
        os.close(fd)
        try:
            yield tmp
        except OSError as exc:
            if exc.errno in _DISK:
                _quiet_disk_errors()
                raise unwritten(exc, target) from exc
            raise
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        if _BATCH:
            _BATCH[0].append((tmp, target))
        else:
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
