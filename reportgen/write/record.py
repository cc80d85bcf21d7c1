"""An archive record: one version of one period's report, as plain JSON beside the earlier ones.

The archive is a folder of files named «<period> v<version>.json» («2025-Q2 v3.json», «2025 v1.json»),
so a coordinator can copy, open or remove one period's record by hand. A record is written whole
(a temporary file, then a link that fails if the name is taken) and never replaces another one:
rebuilding a period adds the next version.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from reportgen.kind import Kind
from reportgen.model import Report, Source
from reportgen.period import Term

from reportgen.read.record import FORMAT, MARK, checksum, content_of


def record_name(period: Term, version: int) -> str:
    return f"{period.code()} v{version}.json"


def versions(folder: Path, period: Term) -> list[int]:
    """The versions of `period` the archive folder holds, oldest first (by file name)."""
    from reportgen.read.record import record_versions

    try:
        return record_versions(folder, lambda term: term == period)[0].get(period.code(), [])
    except OSError:
        return []


def _source(source: Source) -> dict:
    return {"message": source.message, "sender": source.sender,
            "date": source.date.isoformat() if source.date else None, "subject": source.subject,
            "attachment": source.attachment, "message_id": source.message_id,
            "arrived": source.arrived.isoformat() if source.arrived else None}


def record_data(report: Report, kind: Kind, period: Term, version: int, *, origin: str = "forms",
                messages: Mapping[str, Source] | None = None, built: dt.datetime | None = None) -> dict:
    """The record as JSON data: the report's export (write/table.py) and what it does not hold."""
    from importlib.metadata import PackageNotFoundError, version as installed

    from reportgen.write.table import report_data

    try:
        program = installed("reportgen")
    except PackageNotFoundError:
        program = ""

    used = {e.file for s in report.sections for e in s.events}
    exported = report_data(report, kind)
    return {
        "format": MARK, "format_version": FORMAT,
        "kind": kind.name, "period": period.code(), "version": version, "origin": origin,
        "built": (built or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "program": program,
        "content": content_of(exported),  # what the report says, sources aside: «already in the archive»
        "report": exported,
        "messages": {f: _source(s) for f, s in sorted((messages or {}).items()) if f in used},
    }


def write_record(folder: Path, report: Report, kind: Kind, period: Term, *, origin: str = "forms",
                 messages: Mapping[str, Source] | None = None, built: dt.datetime | None = None) -> Path:
    """Add the next version of `period`'s record to the archive `folder` (made if missing); its path.

    OSError (a disk's refusal) propagates: the caller names the folder. Two runs at once each get a
    version of their own: the name is taken by a hard link, which fails when another run took it first.
    """
    import tempfile

    from reportgen.write.plan import TMP_PREFIX, touched

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    version = (versions(folder, period) or [0])[-1] + 1
    data = record_data(report, kind, period, version, origin=origin, messages=messages, built=built)
    touched(folder)
    fd, name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        os.close(fd)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp's 0600 would hide the record from the office's other accounts
        for _ in range(1000):
            data["version"] = version
            data.pop("checksum", None)
            data["checksum"] = checksum(data)  # a hand edit shows on reading (record-edited)
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.write("\n")
                f.flush()
                os.fsync(f.fileno())
            target = folder / record_name(period, version)
            try:
                _claim(tmp, target)
                return target
            except FileExistsError:
                version += 1
        raise FileExistsError(target)
    finally:
        tmp.unlink(missing_ok=True)


def _claim(tmp: Path, target: Path) -> None:
    """Give `tmp`'s content the name `target`, never replacing a file already there."""
    try:
        os.link(tmp, target)  # fails with FileExistsError when the name is taken
    except (AttributeError, NotImplementedError, PermissionError):
        # No hard links (FAT, some network shares): Windows' rename does not replace either.
        if os.name != "nt" and target.exists():
            raise FileExistsError(target) from None
        os.rename(tmp, target)
