"""Marked copies made under the budget: each form is reopened by openpyxl in a worker process.

openpyxl notices damage that the reader (python-calamine) passes over (a bad CRC in the theme
part, a cell past row 1 048 576, broken document properties), and a form of millions of styled
empty cells takes it minutes and gigabytes. So each copy is written in a worker under the time
and memory budgets (budget.run_each), one per core; a copy that fails is a finding («copy-failed»)
for that form alone, and its library's words never reach the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.catalogue import say
from reportgen.diagnostics import Diagnostic
from reportgen.read.inputs import InputFile

HINT = say("copies.hint")


def _write(item: InputFile, diagnostics: tuple[Diagnostic, ...], target: str) -> str | None:
    """In the worker: the marked copy into `target`; None, or why it could not be made (Russian)."""
    import gc
    import sys
    import warnings

    from reportgen.damage import explain
    from reportgen.write.marked import annotate

    hook = sys.unraisablehook
    # «Exception ignored in ZipFile.__del__» of a half-read .xlsm: not a word of it for the user,
    # also when this runs in the main process (REPORTGEN_JOBS=0).
    sys.unraisablehook = lambda _: None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns in English about parts it drops
            annotate(item, diagnostics, Path(target))
        return None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - damage only openpyxl notices: a finding, not a crash
        return explain(exc)
    finally:
        gc.collect()
        sys.unraisablehook = hook


def failed(display: str, reason: str) -> Diagnostic:
    return Diagnostic("copy-failed", say("copies.failed", reason=reason), file=display, hint=HINT)


def _over(code: str) -> str:
    from reportgen.budget import FILE_MEMORY_MB, FILE_TIMEOUT_S

    if code == "file-timeout":
        return say("copies.timeout", seconds=FILE_TIMEOUT_S)
    return say("copies.memory", mb=FILE_MEMORY_MB)


def make_copies(jobs: Sequence[tuple[InputFile, tuple[Diagnostic, ...], Path]]) -> list[Diagnostic | None]:
    """Each (form, its findings, where) → the marked copy written there; None, or the finding why not.

    A target is written by the worker: give each a private path and move it into place
    (atomic_output) only when its result is None; a broken one is removed here.
    """
    from reportgen.budget import run_each

    results = run_each(_write, [(item, tuple(diagnostics), str(target)) for item, diagnostics, target in jobs])
    out: list[Diagnostic | None] = []
    for (item, _, target), (status, value) in zip(jobs, results):
        if status == "ok" and value is None:
            out.append(None)
            continue
        if status == "ok":
            reason = value
        elif status == "over":
            reason = _over(value)
        else:
            reason = say("copies.internal")
        Path(target).unlink(missing_ok=True)  # a part written before the worker stopped
        out.append(failed(item.display, reason))
    return out


def annotate_all(checked, outdir: Path) -> list[tuple[str, Path | None, Diagnostic | None]]:
    """Write a marked copy of every input that has findings: (input, copy or None, why not).

    Why not is None for a form that is not a workbook at all (its findings say so), else the
    «copy-failed» finding: each copy is made in a worker under the budget (write/copies.py).
    """
    import shutil
    import tempfile

    from reportgen.write.marked import copy_name
    from reportgen.write.plan import atomic_output, together

    outdir.mkdir(exist_ok=True)
    by_display = {i.display: i for i in checked.inputs}
    done: list[tuple[str, Path | None, Diagnostic | None]] = []
    wanted = []
    for sub in checked.validation.submissions:
        if not any(d.severity != "info" for d in sub.diagnostics):
            continue  # notes alone ask nothing of the clerk: no copy goes back
        item = by_display[sub.form.file]
        if not sub.form.readable:
            done.append((item.display, None, None))  # not a workbook we can open: the message says why
            continue
        wanted.append((item, sub.diagnostics))
    with together(), tempfile.TemporaryDirectory(prefix="reportgen-marked-") as scratch:  # all the copies or none
        made = make_copies([(item, found, Path(scratch) / f"{n}.xlsx") for n, (item, found) in enumerate(wanted)])
        for n, ((item, _), why) in enumerate(zip(wanted, made)):
            if why is not None:
                done.append((item.display, None, why))
                continue
            target = outdir / copy_name(item)
            with atomic_output(target) as tmp:
                shutil.copyfile(Path(scratch) / f"{n}.xlsx", tmp)
            done.append((item.display, target, None))
    order = {s.form.file: n for n, s in enumerate(checked.validation.submissions)}
    return sorted(done, key=lambda entry: order[entry[0]])
