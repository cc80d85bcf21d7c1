"""Forms shaped the ways district offices shape them (tests/clerks.py), read as a person reads them.

The invariant, for every combination of the dimensions: every event of the form reaches the
report exactly once, in order, with its text; no other row does; every skipped non-empty row is
named in a finding (the unused numbered rows at the end of a blank form are accounted for, not
reported), and each footer line's finding says what it was taken for; the municipality is the
right one. The dimensions include the blank form's own numbered rows (events, signatures and pasted
paragraphs typed into `reportgen template`'s pre-numbered rows). Hypothesis combines the dimensions independently
(deterministic under CI); a fixed sample of them is also re-saved by LibreOffice as .xlsx, .xls
and .ods and built through the command line.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerks import FOOTERS, KEYS, MUNICIPALITIES, Event, Shape, file_name, write
from docx_text import read_report
from reference import load_reference
from reportgen.api import build_report, check_paths
from reportgen.diagnostics import Diagnostic
from reportgen.period import Period

Q2 = Period(2025, 2)
LAYOUT_EXAMPLES = int(os.environ.get("LAYOUT_EXAMPLES", "120"))
SKIP_CODES = ("row-skipped", "row-ambiguous", "table-planned")


def _pool() -> list[Event]:
    """Real event texts (the reference report), dated three ways: as typed, a day, a span."""
    rng = random.Random(7)
    out = []
    for section in load_reference().sections:
        for name, place, dates, goal, participants in section.rows:
            if not dates.strip():
                continue
            day = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(85))
            when = rng.choice([dates, day, (day, day + dt.timedelta(days=rng.randrange(1, 9)))])
            out.append(Event(name, place, when, goal, participants))
    return out


POOL = _pool()


@st.composite
def shapes(draw) -> Shape:
    order = list(draw(st.permutations(KEYS)))
    if draw(st.booleans()):
        order.insert(draw(st.integers(0, len(order))), "number")
    nothing = draw(st.integers(0, 15)) == 0
    return Shape(
        labels=draw(st.sampled_from(["right", "colon-right", "colon-same", "merged", "below", "caption", "title",
                                     "filename"])),
        spelling=draw(st.integers(0, 20)),
        title=draw(st.booleans()),
        header=draw(st.sampled_from(["one", "groups", "split"])),
        numbers_row=draw(st.booleans()),
        order=tuple(order),
        titles=draw(st.integers(0, 3)),
        dates=draw(st.sampled_from(["column", "column", "start-end", "start-end-under"])),
        date_cells=draw(st.booleans()),
        extra_column=draw(st.booleans()),
        shared_place=draw(st.booleans()),
        tall=draw(st.booleans()),
        headings=draw(st.sampled_from(["none", "name", "merged"])),
        blank_rows=draw(st.booleans()),
        filler=draw(st.sampled_from([0, 0, 3, 20])),
        footer=tuple(f for f in FOOTERS if draw(st.booleans())),
        second=draw(st.sampled_from(["none", "planned", "more"])),
        sheets=draw(st.sampled_from(["one", "two", "instructions"])),
        nothing=nothing,
        numbered=draw(st.booleans()),
        pasted=draw(st.booleans()),
        low_title=draw(st.sampled_from(["", "", "", "dates", "start", "end", "name", "place", "goal",
                                        "participants", "number"])),
    )


def _named(diagnostics) -> dict[tuple[str, int], Diagnostic]:
    """(sheet, line) → the finding that names it as skipped (its facts first and last)."""
    out = {}
    for d in diagnostics:
        if d.code in SKIP_CODES:
            out.update(((d.sheet, line), d) for line in range(d.fact("first"), d.fact("last") + 1))
    return out


def _taken_for(finding: Diagnostic) -> str:
    """The reason «реквизиты под таблицей — печать (М.П.)» → what the row was taken for: «печать (М.П.)»."""
    return str(finding.fact("reason") or "").rpartition(" — ")[2]


def check_read(written, kind) -> None:
    """The invariant, on the library's result."""
    checked = check_paths([str(written.path)], period=Q2, kind=kind)
    [sub] = checked.validation.submissions
    report = build_report(checked, force=True)  # the invariant holds for rows with findings too
    got = [e.cells for s in report.sections for e in s.events]
    assert got == written.events
    if written.events:
        assert sub.municipality is not None and sub.municipality.section == written.section
    form = sub.form
    skipped = {(s.sheet, s.line) for s in form.skipped}
    assert skipped == written.skipped, (sorted(skipped - written.skipped), sorted(written.skipped - skipped))
    quiet = {(s.sheet, s.line) for s in form.skipped if s.kind == "filler"}
    named = _named(sub.diagnostics)
    assert written.skipped - quiet <= set(named), sorted(written.skipped - quiet - set(named))
    # Each footer line's finding says what it was taken for.
    wrong = {where: named[where] for where, said in written.said.items() if _taken_for(named[where]) != said}
    assert not wrong, wrong
    assert not [d for d in sub.diagnostics if d.code == "row-ambiguous"], "a clerk's layout read as ambiguous"
    assert bool([d for d in sub.diagnostics if d.code == "table-planned"]) == written.planned
    assert not [d for d in sub.diagnostics if d.code in ("municipality-unknown", "municipality-missing",
                                                         "missing-column", "value-missing")]


@settings(max_examples=LAYOUT_EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
          database=None if os.environ.get("CI") else settings.default.database,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shape=shapes(), municipality=st.sampled_from(MUNICIPALITIES), count=st.integers(1, 9),
       start=st.integers(0, len(POOL) - 10), seed=st.integers(0, 1000))
def test_every_event_once_nothing_else_every_skipped_line_named(shape, municipality, count, start, seed,
                                                                tmp_path_factory, kind):
    folder = tmp_path_factory.mktemp("layout")
    events = POOL[start:start + count]
    written = write(folder / file_name(shape, municipality, seed), shape, events, municipality, seed,
                    planned_events=POOL[start + count:start + count + 2])
    check_read(written, kind)


# --- the same shapes as LibreOffice Calc saves them ------------------------------------------

def _sample(n: int, seed: int = 2025) -> list[tuple[Shape, object, list[Event]]]:
    """`n` shapes drawn dimension by dimension, deterministically; municipalities differ while they last."""
    rng = random.Random(seed)
    owners = list(MUNICIPALITIES)
    rng.shuffle(owners)
    out = []
    for i in range(n):
        order = list(KEYS)
        rng.shuffle(order)
        if rng.random() < 0.7:
            order.insert(rng.randrange(len(order) + 1), "number")
        shape = Shape(
            labels=rng.choice(["right", "colon-right", "colon-same", "merged", "below", "caption", "title", "filename"]),
            spelling=rng.randrange(20), title=rng.random() < 0.6,
            header=rng.choice(["one", "groups", "split"]), numbers_row=rng.random() < 0.4, order=tuple(order),
            titles=rng.randrange(4), dates=rng.choice(["column", "start-end", "start-end-under"]),
            date_cells=rng.random() < 0.5, extra_column=rng.random() < 0.3, shared_place=rng.random() < 0.5,
            tall=rng.random() < 0.5, headings=rng.choice(["none", "name", "merged"]), blank_rows=rng.random() < 0.3,
            filler=rng.choice([0, 5]), footer=tuple(f for f in FOOTERS if rng.random() < 0.4),
            second=rng.choice(["none", "planned", "more"]), sheets=rng.choice(["one", "two", "instructions"]),
            numbered=rng.random() < 0.4, pasted=rng.random() < 0.4,
            low_title=rng.choice(["", "", "dates", "name", "participants"]),
        )
        start = rng.randrange(len(POOL) - 10)
        out.append((shape, owners[i % len(owners)], POOL[start:start + rng.randint(2, 8)]))
    return out


@pytest.fixture(scope="module")
def resaved(tmp_path_factory, office):
    """Sample forms written by openpyxl, then saved by LibreOffice Calc as .xlsx, .xls and .ods."""
    from reportgen.write.office import convert

    src = tmp_path_factory.mktemp("written")
    written = []
    for i, (shape, municipality, events) in enumerate(_sample(len(MUNICIPALITIES))):
        written.append(write(src / file_name(shape, municipality, i), shape, events, municipality, i))
    out = {}
    for fmt, target in (("xlsx", "xlsx:Calc MS Excel 2007 XML"), ("xls", "xls:MS Excel 97"), ("ods", "ods")):
        folder = tmp_path_factory.mktemp(fmt)
        convert([w.path for w in written], target, folder, timeout=600)
        out[fmt] = folder
    return written, out


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_layouts_saved_by_libreoffice_build_as_written(fmt, resaved, kind, run, tmp_path):
    written, folders = resaved
    for w in written:
        copy = folders[fmt] / f"{w.path.stem}.{fmt}"
        assert copy.is_file(), f"LibreOffice did not write {copy.name}"
        check_read(replace(w, path=copy), kind)
    # One build of them all through the command line, read back from the .docx.
    out = tmp_path / "r.docx"
    result = run("build", folders[fmt], "--period", "2025-Q2", "--force", "-o", out)
    assert result.code == 0, result.out + result.err
    _, rows = read_report(out)
    got = [tuple(r[1:]) for r in rows[1:] if len(r) == 6]
    assert sorted(got) == sorted(e for w in written for e in w.events)
