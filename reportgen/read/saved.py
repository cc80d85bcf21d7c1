"""When a workbook was last saved, as the workbook itself records it (not the file's time on disk).

Attachments saved from a mail client in one batch get arbitrary file times; the document
properties Excel and LibreOffice write on every save do not change with copying. Which of two
forms of one municipality is the newer is decided by this time first (check.forms.supersede).
Read in the worker that reads the form, under the same budgets: the properties are untrusted too.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

MAX_PROPERTIES = 1 << 20  # a core.xml or meta.xml is a few hundred bytes


def recorded_save(path: Path, fmt: str) -> dt.datetime | None:
    """The last-save time the workbook records (timezone-aware), or None when it records none or it cannot be read.

    fmt: "xlsx" (docProps/core.xml dcterms:modified), "ods" (meta.xml dc:date), "xls" (the OLE
    SummaryInformation's last-saved time). Never raises: a broken property says nothing.
    """
    import reportgen.odf as odf
    import reportgen.ooxml as ooxml

    try:
        if fmt == "xlsx":
            return _zip_time(path, _core_part, ooxml.clark("dcterms", "modified"), dt.timezone.utc)
        if fmt == "ods":
            # LibreOffice writes dc:date without a zone, in the local time of the one who saved it:
            # read as local time here (the coordinator and the districts share a region).
            return _zip_time(path, lambda zf: "meta.xml", odf.clark("dc", "date"), None)
        if fmt == "xls":
            return _ole_time(path)
    except Exception:  # noqa: BLE001 - the properties are optional; the reader names real damage
        return None
    return None


def _core_part(zf: zipfile.ZipFile) -> str:
    """The core properties part, by the package relationships (the usual name when they say none)."""
    from reportgen.ooxml import Package

    package = Package.of(zf)
    return next((t for _, rel_type, t in package.relationships("") if rel_type.endswith("/core-properties")),
                "docProps/core.xml")


def _zip_time(path: Path, part_of, tag: str, naive_zone: dt.tzinfo | None) -> dt.datetime | None:
    from reportgen.ooxml import parse

    with zipfile.ZipFile(path) as zf:
        name = part_of(zf)
        try:
            info = zf.getinfo(name)
        except KeyError:
            return None
        if info.file_size > MAX_PROPERTIES:
            return None
        data = zf.read(info)
    found = parse(data).find(f".//{tag}")
    if found is None or not (found.text or "").strip():
        return None
    return _iso(found.text.strip(), naive_zone)


def _iso(text: str, naive_zone: dt.tzinfo | None) -> dt.datetime | None:
    """W3CDTF as written: «2025-10-10T09:00:00Z», «…+03:00», LibreOffice's «2025-10-10T09:00:00.740000000»."""
    head, dot, rest = text.partition(".")
    if dot:  # fractions past microseconds (LibreOffice writes nanoseconds) are more than fromisoformat takes
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}" if digits else f"{head}{zone}"
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.year < 1980:  # 1601 or 1899: a property written as zero, not a save
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=naive_zone) if naive_zone is not None else when.astimezone()
    return when


def _ole_time(path: Path) -> dt.datetime | None:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        if not ole.exists("\x05SummaryInformation"):
            return None
        when = ole.get_metadata().last_saved_time
    if not isinstance(when, dt.datetime) or when.year < 1980:
        return None
    return when.replace(tzinfo=dt.timezone.utc)  # a FILETIME: UTC by definition
