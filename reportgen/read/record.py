"""Read an archive record back into the report model, trusting nothing in it.

A record may have been damaged, cut short, edited by hand or copied in from another kind's
archive. Each of those is one finding naming the file (and the field, where one is wrong), never a
traceback: `read_record` returns a Record or the Diagnostic that says why there is none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind
from reportgen.model import Closing, Event, Record, Report, Section, Source
from reportgen.period import Term, parse_term

FORMAT = 2  # 2: the record carries its checksum (1: written before it did; read without the check)
MARK = "reportgen-archive"  # what the file says it is: a record of another program is refused
NAME = re.compile(r"^(?P<period>\d{4}(?:-(?:Q[1-4]|H[12]|9M))?) v(?P<version>[1-9]\d{0,5})\.json$")
MAX_RECORD_BYTES = 256 * 1024 * 1024  # ten years of 3,000-event quarters is ~120 MB in all; one record ~4 MB


class _Wrong(Exception):
    """A field of the record that is missing or of the wrong type (its path, as in the JSON)."""


def read_record(path: Path, kind: Kind, display: str | None = None) -> Record | Diagnostic:
    """The record at `path`, of `kind`; or the finding (record-damaged, -foreign, -kind) that says why not."""
    shown = display or str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_RECORD_BYTES:
            return Diagnostic.of("record-damaged", file=shown, why=_say("record.too-large", mb=size // 2**20))
        with open(path, "rb") as f:
            raw = f.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        from reportgen.damage import explain_os

        return Diagnostic.of("record-damaged", file=shown, why=explain_os(exc))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        encoding = _resaved(raw)
        if encoding is not None:  # Notepad's «Сохранить как» in ANSI or «Юникод»: the record, in another encoding
            return Diagnostic.of("record-encoding", file=shown, encoding=encoding)
        if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and exc.start >= len(raw) - 3:
            # A record cut short in the middle of a letter (a copy that stopped): damaged, not foreign.
            return Diagnostic.of("record-damaged", file=shown, why=_say("record.not-json", line=raw.count(b"\n") + 1))
        return Diagnostic.of("record-foreign", file=shown, why=_say("record.not-text"))
    except RecursionError:
        return Diagnostic.of("record-damaged", file=shown, why=_say("record.too-deep"))
    except ValueError as exc:
        return Diagnostic.of("record-damaged", file=shown, why=_say("record.not-json", line=getattr(exc, "lineno", 0)))
    if not isinstance(data, dict) or data.get("format") != MARK:
        return Diagnostic.of("record-foreign", file=shown, why=_say("record.no-mark"))
    written = data.get("format_version")
    if isinstance(written, int) and not isinstance(written, bool) and written > FORMAT:
        return Diagnostic.of("record-newer", file=shown, program=str(data.get("program") or "")[:40])
    if data.get("kind") is None or data.get("kind") == "":
        return Diagnostic.of("record-damaged", file=shown, why=_say("record.kind-unstated"))
    if data.get("kind") != kind.name:
        return Diagnostic.of("record-kind", file=shown, found=str(data.get("kind"))[:100], expected=kind.name)
    try:
        record = _record(data, kind, shown)
    except _Wrong as exc:
        return Diagnostic.of("record-damaged", file=shown, why=_say("record.field-wrong", field=str(exc)))
    except RecursionError:
        return Diagnostic.of("record-damaged", file=shown, why=_say("record.too-deep"))
    # Since format 2 a record carries the checksum of what reportgen wrote: a hand edit is named,
    # and the record still used (the coordinator may have fixed a typo on purpose).
    if isinstance(written, int) and written >= 2 and data.get("checksum") != checksum(data):
        import dataclasses

        record = dataclasses.replace(record, findings=(Diagnostic.of("record-edited", file=shown),))
    return record


def checksum(data: dict) -> str:
    """The record's checksum: SHA-256 of its data without the checksum itself, in one canonical spelling.

    Canonical (sorted keys, no spaces): an editor that only re-indents the file changes nothing.
    """
    rest = {k: v for k, v in data.items() if k != "checksum"}
    text = json.dumps(rest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SOURCE_FIELDS = ("file", "sheet", "cell", "row")


def content_of(report: dict) -> str:
    """What a report says, apart from where each event was read: SHA-256 of its export without the sources.

    Two copies of one Word report under different names have the same content; `reportgen archive`
    decides «already in the archive» by it, across all versions of the period.
    """
    events = report.get("events") if isinstance(report, dict) else None
    bare = {**report, "events": [{k: v for k, v in e.items() if k not in SOURCE_FIELDS} if isinstance(e, dict) else e
                                 for e in events]} if isinstance(events, list) else report
    text = json.dumps(bare, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _resaved(raw: bytes) -> str | None:
    """The encoding a record was re-saved in (Windows-1251, UTF-16), when it decodes so and carries the mark."""
    tries = [("utf-16", "UTF-16")] if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else [("cp1251", "Windows-1251")]
    for codec, name in tries:
        try:
            data = json.loads(raw.decode(codec))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("format") == MARK:
            return name
    return None


def _say(key: str, **facts: object) -> str:
    from reportgen.catalogue import say

    return say(key, **facts)


def _get(data: dict, key: str, kind: type | tuple[type, ...], where: str = "", optional: bool = False):
    value = data.get(key) if isinstance(data, dict) else None
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _Wrong(f"{where}{key}")
    return value


def _date(text: str | None, where: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise _Wrong(where) from None


def _time(text: str | None, where: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise _Wrong(where) from None


def _record(data: dict, kind: Kind, shown: str) -> Record:
    period = parse_term(_get(data, "period", str))
    if period is None:
        raise _Wrong("period")
    version = _get(data, "version", int)
    if version < 1:
        raise _Wrong("version")
    origin = _get(data, "origin", str)
    if origin not in ("forms", "word"):
        raise _Wrong("origin")
    report = _report(_get(data, "report", dict), kind, period)
    messages = []
    for file, s in sorted((_get(data, "messages", dict, optional=True) or {}).items()):
        w = f"messages.{file}."
        messages.append((file, Source(
            message=_get(s, "message", str, w), sender=_get(s, "sender", str, w),
            date=_time(_get(s, "date", str, w, optional=True), w + "date"), subject=_get(s, "subject", str, w),
            attachment=_get(s, "attachment", str, w), message_id=_get(s, "message_id", str, w, optional=True) or "",
            arrived=_time(_get(s, "arrived", str, w, optional=True), w + "arrived"))))
    return Record(path=shown, kind=kind.name, period=period, version=version,
                  built=_time(_get(data, "built", str, optional=True), "built"), origin=origin, report=report,
                  messages=tuple(messages), program=_get(data, "program", str, optional=True) or "",
                  content=content_of(data["report"]))


def _report(data: dict, kind: Kind, period: Term) -> Report:
    """The report model from its export (write/table.py report_data): sections in the order of the events."""
    keys = [c.key for c in kind.content_columns]
    title = _get(data, "title", str, "report.")
    dates = _get(data, "dates", str, "report.", optional=True) or "as-typed"
    sections: list[tuple[str, str, list[Event]]] = []
    for i, e in enumerate(_get(data, "events", list, "report.")):
        w = f"report.events[{i}]."
        if not isinstance(e, dict):
            raise _Wrong(w[:-1])
        municipality = _get(e, "municipality", str, w)
        section = _get(e, "section", str, w)
        if not sections or sections[-1][1] != municipality:
            sections.append((section, municipality, []))
        number = _get(e, "number", int, w)
        cells = tuple(_get(e, k, str, w, optional=True) or "" for k in keys)
        sections[-1][2].append(Event(
            number=number, label=kind.number_label(number), cells=cells,
            file=_get(e, "file", str, w), sheet=_get(e, "sheet", str, w, optional=True),
            line=_get(e, "row", int, w, optional=True) or 0, ref=_get(e, "cell", str, w, optional=True) or "",
            start=_date(_get(e, "start", str, w, optional=True), w + "start"),
            end=_date(_get(e, "end", str, w, optional=True), w + "end"),
            dates_typed=_get(e, "dates_typed", str, w, optional=True)))
    # Sections keep the names the record has: a registry changed since must not rename history.
    closing = None
    c = _get(data, "closing", dict, "report.", optional=True)
    if c is not None:
        w = "report.closing."
        closing = Closing(
            lists=tuple((_get(x, "heading", str, w + "lists."),
                         tuple(_strs(_get(x, "lines", list, w + "lists."), w + "lists.lines")))
                        for x in _get(c, "lists", list, w)),
            counts_heading=kind.closing.counts,
            counts=tuple((_get(x, "municipality", str, w + "counts."), _get(x, "events", int, w + "counts."))
                         for x in _get(c, "counts", list, w)),
            total=_get(c, "total", str, w),
            signature=tuple(_pair(pair, w + "signature") for pair in _get(c, "signature", list, w)))
    built = tuple(Section(title, municipality, tuple(events)) for title, municipality, events in sections)
    return Report.of(kind, period.quarter or period, built, title=title, closing=closing, dates=dates)


def _strs(values: list, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _Wrong(where)
    return values


def _pair(values: list, where: str) -> tuple[str, str]:
    if len(_strs(values, where)) != 2:
        raise _Wrong(where)
    return values[0], values[1]


def record_versions(folder: Path, keep=None) -> tuple[dict[str, list[int]], list[str]]:
    """The archive folder's record versions by period code, oldest first; and its other .json files.

    `keep(term)` chooses the periods (None: all). OSError (no folder, no access) propagates.
    """
    by_period: dict[str, list[int]] = {}
    strays = []
    for name in sorted(os.listdir(folder)):
        found = NAME.match(name)
        term = parse_term(found.group("period")) if found else None
        if term is None:
            if name.lower().endswith(".json"):
                strays.append(name)
        elif keep is None or keep(term):
            by_period.setdefault(found.group("period"), []).append(int(found.group("version")))
    for numbers in by_period.values():
        numbers.sort()
    return by_period, strays


def newest_usable(folder: Path, by_period: dict[str, list[int]], read, usable: type,
                  every: bool = False) -> tuple[list, list[Diagnostic]]:
    """Each period's newest version that can be used, and a finding for each version that cannot.

    `read(wanted)` reads (period, version) pairs in workers, giving budget.run_each's (status, value)
    for each: ("ok", a `usable`), ("ok", the finding), or a budget's breach. Older versions are read
    only where the newest cannot be used; with `every`, every version is read (and every usable one
    returned).
    """
    from reportgen.catalogue import say

    wanted = [(code, v) for code, numbers in by_period.items() for v in (numbers if every else numbers[-1:])]
    out: list = []
    findings: list[Diagnostic] = []
    while wanted:
        retry = []
        for (code, v), (status, value) in zip(wanted, read(wanted)):
            if status == "ok" and isinstance(value, usable):
                out.append(value)
                continue
            findings.append(value if status == "ok" else Diagnostic.of(
                "record-damaged", file=str(folder / f"{code} v{v}.json"),
                why=say("record.over-budget" if status == "over" else "record.unreadable")))
            older = [n for n in by_period[code] if n < v]
            if older and not every:
                retry.append((code, older[-1]))
        wanted = retry
    return out, findings
