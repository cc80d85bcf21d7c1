"""The archive's earlier quarters for the checks against them (check/earlier.py), with a cache of their keys.

Reading a ten-year archive whole on every `validate` would cost more than the run itself (40
records of 4 MB of JSON each). The checks need only each event's number, dates, name and
matching key: those are kept per record version in a hidden folder of the archive
(«.reportgen-keys/2025-Q2 v1.json»), tied to the record's size and modification time, the kind
and the program's version. A record that changes, or a cache file that is damaged or edited, is
simply read again; a folder that cannot be written to is read every time. Records and cache files
are read in workers under the file budgets, as every record is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from reportgen.catalogue import say
from reportgen.check.earlier import past_quarter, previous_quarter
from reportgen.diagnostics import Diagnostic
from reportgen.kind import Kind
from reportgen.model import PastQuarter, Record
from reportgen.period import Period, parse_term
from reportgen.read.record import newest_usable, read_record, record_versions

CACHE = ".reportgen-keys"
MARK = "reportgen-keys"
FORMAT = 3  # raised whenever the keys change (text_key; 3: a Word record's dates read from its cells)
MAX_CACHE_BYTES = 64 * 1024 * 1024
_LAST_DAY = dt.date.max.toordinal() + 1


def load_earlier(folder: Path | str, kind: Kind, period: Period) -> tuple[list[PastQuarter], list[Diagnostic]]:
    """The archive's quarters before `period`, newest first (each its newest usable version), and the
    record-* findings of the versions that could not be used (the version before then stands in)."""
    folder = Path(folder)
    try:
        # Quarters only, and only those before this one: a half-year or a year holds the quarters again.
        by_period, _ = record_versions(folder, lambda term: term.quarter is not None and term.end < period.start)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        from reportgen.damage import explain_os

        return [], [Diagnostic.of("record-damaged", file=str(folder), why=explain_os(exc))]
    program = _program()
    # Names travel only for the quarter right before this one (event-not-again names them); the
    # others are matched by their keys, and each finding names the row's own event.
    named = previous_quarter(period).code()

    out, findings = newest_usable(folder, by_period, lambda wanted: _read(folder, wanted, kind, program, named),
                                  PastQuarter)
    out.sort(key=lambda q: q.period.start, reverse=True)
    return out, findings


def _read(folder: Path, wanted: list[tuple[str, int]], kind: Kind, program: str,
          named: str) -> list[tuple[str, object]]:
    """(status, PastQuarter or finding) per record version, as budget.run_each gives them.

    The versions go in batches, one worker per core (a worker per record costs more than reading
    its cached keys); a batch that breaks a budget is read again one record per worker, so that
    only the record at fault is named.
    """
    from reportgen.budget import jobs_wanted, run_each
    from reportgen.text import stem

    stem("")  # the stemmer is loaded here once, not in every worker (fork shares it)
    jobs = max(1, jobs_wanted(len(wanted)))
    batches = [list(range(len(wanted)))[k::jobs] for k in range(jobs) if wanted[k::jobs]]
    results: list[tuple[str, object] | None] = [None] * len(wanted)
    for batch, (status, value) in zip(batches, run_each(pasts_of, [
            (folder, [(*wanted[i], wanted[i][0] == named) for i in batch], kind, program) for batch in batches])):
        if status == "ok":
            for i, past in zip(batch, value):
                results[i] = ("ok", past)
    alone = [i for i, r in enumerate(results) if r is None]
    for i, result in zip(alone, run_each(past_of, [(folder, *wanted[i], kind, program, wanted[i][0] == named)
                                                   for i in alone])):
        results[i] = result
    return results  # type: ignore[return-value] - every place is filled


def pasts_of(folder: Path, versions: list[tuple[str, int, bool]], kind: Kind, program: str) -> list:
    """In a worker: past_of for several record versions."""
    return [past_of(folder, code, v, kind, program, names) for code, v, names in versions]


def past_of(folder: Path, code: str, version: int, kind: Kind, program: str,
            names: bool = True) -> PastQuarter | Diagnostic:
    """In a worker: one record version's PastQuarter, from the cache when it still holds, else read and cached.

    Without `names` the events' names are left empty: less to send back to the parent.
    """

    path = folder / f"{code} v{version}.json"
    shown = str(path)
    try:
        stat = os.stat(path)
    except OSError as exc:
        from reportgen.damage import explain_os

        return Diagnostic.of("record-damaged", file=shown, why=explain_os(exc))
    tie = _tie(stat, kind, program, code, version)
    cache = folder / CACHE / f"{code} v{version}.json"
    cached = _cached(cache, tie, shown, names)
    if cached is not None:
        return cached
    record = read_record(path, kind, shown)
    if not isinstance(record, Record):
        return record
    if record.period.code() != code or record.version != version:
        return Diagnostic.of("record-damaged", file=shown, why=say(
            "record.name-differs", period=record.period.code(), version=record.version))
    past = past_quarter(record, kind)
    _store(cache, tie, past)
    if not names:
        from dataclasses import replace

        past = replace(past, events=tuple((*e[:4], "", *e[5:]) for e in past.events))
    return past


def _tie(stat: os.stat_result, kind: Kind, program: str, code: str, version: int) -> dict:
    """What a cache file must name to stand for a record version: its size and time, the kind, the program."""
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "kind": kind.name, "program": program,
            "keys": FORMAT, "period": code, "version": version}


def remember(path: Path, report, kind: Kind, version: int) -> None:
    """Cache the keys of a record `build` has just written, from the report in hand.

    The first check against it then costs no reading of the record (a 3,000-event quarter takes
    ~0.25 s of CPU to read and key). Best effort: a cache that cannot be written is made later.
    """
    from reportgen.period import Term

    if report.period is None:
        return
    term = Term.of(report.period)
    try:
        stat = os.stat(path)
    except OSError:
        return
    record = Record(path=str(path), kind=kind.name, period=term, version=version, built=None, origin="forms",
                    report=report)
    _store(path.parent / CACHE / path.name, _tie(stat, kind, _program(), term.code(), version),
           past_quarter(record, kind))


def _cached(cache: Path, tie: dict, shown: str, names: bool = True) -> PastQuarter | None:
    """The cache file's PastQuarter when it is ours, whole, and tied to this very record; else None."""
    try:
        if os.path.getsize(cache) > MAX_CACHE_BYTES:
            return None
        with open(cache, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != MARK or data.get("of") != tie:
            return None
        events = []
        pool: dict[str, str] = {}  # one string object per repeated text: the batch pickles each once
        for who, number, start, end, name, stems, quoted, place in data["events"]:
            if (type(who) is not str or type(name) is not str or type(stems) is not str or type(quoted) is not str
                    or type(place) is not str or type(number) is not int or type(start) is not int
                    or type(end) is not int or not 0 < start <= end < _LAST_DAY):
                return None
            events.append((pool.setdefault(who, who), number, start, end, name if names else "", stems, quoted,
                           pool.setdefault(place, place)))
        term = parse_term(tie["period"])
        return PastQuarter(shown, term, tie["version"], tuple(events)) if term is not None else None
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None  # no cache, or not one to trust: the record is read instead


def _store(cache: Path, tie: dict, past: PastQuarter) -> None:
    """Keep the keys for the next run (whole or not at all); a folder that refuses is read again next time."""
    import tempfile

    data = {"format": MARK, "of": tie, "events": [list(event) for event in past.events]}
    try:
        cache.parent.mkdir(exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=cache.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(name, cache)
        finally:
            if os.path.exists(name):
                os.unlink(name)
    except OSError:
        pass


def _program() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportgen")
    except PackageNotFoundError:
        return ""
