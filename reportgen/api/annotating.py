"""Copies of the forms with their findings on the cells, to send back for correction (validate --annotate)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.model import Checked, MarkedCopy
from reportgen.read.inputs import InputFile


def plan_annotate(inputs: Sequence[InputFile], outdir: Path, args: Sequence[str] = ()) -> None:
    """The copies' folder, checked before any input is read (OutputError): never over an input, never an inbox.

    `args` (the command's paths) name the mail inboxes: copies are never written into one, where
    the next run would read them as forms that came in.
    """
    from reportgen.write.marked import plan_copies
    from reportgen.write.plan import probe

    plan_copies(list(inputs), outdir, args)
    probe(outdir, "--annotate")


def annotate(checked: Checked, outdir: Path) -> tuple[MarkedCopy, ...]:
    """A marked copy of every form with findings into `outdir` (all or none), in the order of the forms.

    A copy that could not be made carries its «copy-failed» finding; a file that is not a workbook
    at all has neither copy nor finding (its own findings say why).
    """
    from reportgen.write.copies import annotate_all

    return tuple(MarkedCopy(name, copy, why) for name, copy, why in annotate_all(checked, outdir))
