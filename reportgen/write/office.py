"""LibreOffice in headless mode: the report as PDF, forms re-saved as a real office suite would."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reportgen.catalogue import say
from reportgen.errors import OfficeError

INSTALL_HINT = say("office.install")
_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((p for p in _WINDOWS_PATHS if os.name == "nt" and Path(p).is_file()), None)


def convert(sources: Sequence[Path], target_format: str, outdir: Path, timeout: float = 300) -> list[Path]:
    """Convert files with one LibreOffice run; returns the outputs in the order of `sources`.

    `target_format` is what `--convert-to` takes: "pdf", "xlsx", "xlsx:Calc MS Excel 2007 XML".
    A private profile keeps it from clashing with a LibreOffice the user has open.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(say("office.not-found", install=INSTALL_HINT))
    outdir.mkdir(parents=True, exist_ok=True)
    extension = target_format.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix=f"reportgen-lo-{os.getpid()}-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", target_format, "--outdir", str(outdir), *map(str, sources)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(say("office.timeout", seconds=timeout)) from exc
    outputs = [outdir / f"{Path(s).stem}.{extension}" for s in sources]
    missing = [p.name for p in outputs if not p.is_file()]
    if proc.returncode != 0 or missing:
        named = ", ".join(missing) or say("office.files")
        if _full(outdir):  # LibreOffice says nothing about it: its exit status is 0
            raise OfficeError(say("office.no-space", missing=named, outdir=outdir))
        # LibreOffice says why in English, with encoded paths: the user gets what failed and what to try.
        raise OfficeError(say("office.failed", missing=named, returncode=proc.returncode))
    return outputs


def _full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 16 * 2**20
    except OSError:
        return False


def to_pdf(docx: Path, pdf: Path) -> None:
    """Write `pdf` from `docx` through LibreOffice Writer, whole or not at all."""
    from reportgen.write.plan import atomic_output, pending

    # In the temporary folder, not beside the PDF: a run killed outright leaves nothing in the user's
    # folder, and the next run removes it from there (reportgen.temp.sweep_temp).
    with tempfile.TemporaryDirectory(prefix=f"reportgen-pdf-{os.getpid()}-") as tmp:
        # LibreOffice is given a short name: it fails on names near the file system's limit.
        short = Path(tmp) / "report.docx"
        shutil.copyfile(pending(docx), short)  # inside build's together(): the new report, not the old one
        [made] = convert([short], "pdf", Path(tmp))
        with atomic_output(pdf) as out:
            shutil.move(made, out)
