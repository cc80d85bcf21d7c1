"""The cover note (build --note): every figure is a count over the report's events, traced to them in the JSON.

Invariants, on samples/q2 and on generated quarters:
- each figure's events are exactly the report's events it names (recounted here from the JSON's
  events, not from the note's code), and its count is their number;
- by municipality = by month (the undated counted apart) = the total = the report's events;
- the events several municipalities reported are the planted ones, each found once, nothing else;
- a comparison is there exactly when the archive has that period, with the newest version's figures;
- the .docx shows the same figures, validates against the schemas and converts to PDF;
- the report, its tables and the note are written all together or none of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from books import book, canonical
from conftest import SAMPLES
from docx_text import cell_text
from reportgen import api
from reportgen.api.archive import load_archive
from reportgen.errors import KindError
from reportgen.kind import load_kind
from reportgen.period import Period, Term
from reportgen.write.record import write_record

# The reference report's events that several municipalities reported (DEVELOPING.md's table).
REFERENCE_SHARED = [(7, 84), (11, 56, 87), (14, 45), (48, 78), (61, 79), (77, 80)]


# --- recounting, independently of reportgen.api.noting ----------------------------------------

def recount(data: dict, kind) -> dict:
    """The note's figures recomputed from the JSON export's events alone."""
    events = data["events"]
    by_m: dict[str, list[int]] = defaultdict(list)
    by_month: dict[str, list[int]] = defaultdict(list)
    by_country: dict[str, list[int]] = defaultdict(list)
    for e in events:
        by_m[e["municipality"]].append(e["number"])
        by_month[e["start"][:7] if e["start"] else ""].append(e["number"])
        for country in kind.countries.named_in(f"{e['place']} {e['participants']}"):
            by_country[country].append(e["number"])
    return {"total": [e["number"] for e in events], "municipalities": dict(by_m), "months": dict(by_month),
            "countries": dict(by_country)}


def assert_figures_are_counts(data: dict, kind) -> dict:
    note, again = data["note"], recount(data, kind)
    for figure in [note["total"], *note["municipalities"], *note["months"], *note["countries"]]:
        assert figure["count"] == len(figure["events"]) == len(set(figure["events"]))
    assert note["total"]["events"] == again["total"]
    assert {f["key"]: f["events"] for f in note["municipalities"]} == again["municipalities"]
    assert {f["key"]: f["events"] for f in note["months"]} == again["months"]
    assert {f["key"]: f["events"] for f in note["countries"]} == again["countries"]
    # The sums agree: by municipality = by month, the undated included = the total = the report.
    total = len(data["events"])
    assert sum(f["count"] for f in note["municipalities"]) == sum(f["count"] for f in note["months"]) \
        == note["total"]["count"] == total
    assert [f["key"] for f in note["months"]] == sorted(k for k in again["months"] if k) + (
        [""] if "" in again["months"] else [])
    order = [m.short for m in kind.registry]
    assert [f["key"] for f in note["municipalities"]] == sorted(again["municipalities"], key=order.index)
    counts = [f["count"] for f in note["countries"]]
    assert counts == sorted(counts, reverse=True)
    return note


def blocks(path: Path) -> list[tuple[str, object]]:
    """The note's body in order: ("p", text) for a paragraph, ("t", rows of cell texts) for a table."""
    body = docx.Document(str(path)).element.body
    out = []
    for child in body:
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text:
                out.append(("p", text))
        elif child.tag == qn("w:tbl"):
            out.append(("t", [[cell_text(tc) for tc in tr.iter(qn("w:tc"))] for tr in child.iter(qn("w:tr"))]))
    return out


def table_after(found: list, heading: str) -> list[list[str]]:
    at = found.index(("p", heading))
    kind, rows = found[at + 1]
    assert kind == "t", found[at + 1]
    return rows


def assert_docx_shows(path: Path, note: dict) -> None:
    found = blocks(path)
    assert found[0] == ("p", note["title"]) and found[1] == ("p", note["total"]["label"])
    headings = [note["headings"][p] for p in note["parts"]]
    assert [text for kind, text in found if kind == "p" and text in headings] == headings
    rows = table_after(found, note["headings"]["municipalities"])
    assert rows[1:-1] == [[f["label"], str(f["count"])] for f in note["municipalities"]]
    assert rows[-1][1] == str(note["total"]["count"])
    rows = table_after(found, note["headings"]["months"])
    assert rows[1:-1] == [[f["label"], str(f["count"])] for f in note["months"]]
    assert sum(int(r[1]) for r in rows[1:-1]) == int(rows[-1][1]) == note["total"]["count"]
    if note["shared"]:
        rows = table_after(found, note["headings"]["shared"])
        assert [r[2] for r in rows[1:]] == [", ".join(map(str, s["events"])) for s in note["shared"]]
    for c in note["comparisons"]:
        if c["record"] is None:  # no record of that period: the reason, right under the heading
            at = found.index(("p", c["heading"]))
            assert found[at + 1] == ("p", c["reason"]) and c["reason"].endswith("сравнение не приводится")
            continue
        rows = table_after(found, c["heading"])
        totals = [c["total"], *([c["sent_total"]] if c["sent_total"] else [])]
        assert rows[1:-len(totals)] == [[m["label"], str(m["count"]) if m["sent"] else "нет формы",
                                         str(m["earlier_count"]), signed(m["difference"])]
                                        for m in c["municipalities"]]
        assert [r[1:] for r in rows[-len(totals):]] == [
            [str(t["count"]), str(t["earlier_count"]), signed(t["difference"])] for t in totals]
    for short, label in ((n["municipality"], n["label"]) for n in note["nothing_sent"]):
        assert ("p", label) in found, short


def signed(n: int | None) -> str:
    return "" if n is None else f"+{n}" if n > 0 else f"−{-n}" if n else "0"


def assert_comparisons_are_honest(note: dict) -> None:
    """A municipality without a form this period is «нет формы», not a fall to 0; the totals say what they compare.

    `total` holds every event of each report; `sent_total` (there exactly when some municipality sent
    no form) leaves out the earlier events of those that sent none, so it is the sum of the lines'
    differences.
    """
    unsent = {n["municipality"] for n in note["nothing_sent"]}
    for c in (c for c in note["comparisons"] if c["record"] is not None):
        lines = c["municipalities"]
        for m in lines:
            assert m["sent"] == (m["key"] not in unsent), m
            assert m["difference"] == (m["count"] - m["earlier_count"] if m["sent"] else None)
            assert m["sent"] or m["count"] == 0
        assert c["total"]["count"] == sum(m["count"] for m in lines)
        assert c["total"]["earlier_count"] == sum(m["earlier_count"] for m in lines)
        assert (c["sent_total"] is not None) == any(not m["sent"] for m in lines)
        honest = c["sent_total"] or c["total"]
        assert honest["difference"] == sum(m["difference"] for m in lines if m["sent"])
        assert honest["earlier_count"] == sum(m["earlier_count"] for m in lines if m["sent"])


# --- samples/q2 -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built():
    checked = api.check_paths([SAMPLES])
    return checked, api.build_report(checked, force=True)


def test_the_note_of_the_samples_counts_the_reports_events(run, samples, tmp_path, kind):
    out = tmp_path / "out"
    out.mkdir()
    result = run("build", samples, "--force", "-o", out / "отчет.docx", "--json", out / "отчет.json",
                 "--note", out / "справка.docx")
    assert result.code == 0, result.out + result.err
    assert "Справка записана" in result.out
    data = json.loads((out / "отчет.json").read_text(encoding="utf-8"))
    note = assert_figures_are_counts(data, kind)
    assert note["total"]["count"] == 97 and note["period"] == "2025-Q2"
    assert note["comparisons"] == [] and "previous" not in note["parts"] and "year_ago" not in note["parts"]
    assert {f["key"]: f["count"] for f in note["months"]}[""] == 1  # Десногорск's row without dates
    assert note["countries"][0]["key"] == "Беларусь"
    # The shared events are the matcher's, by the findings of validate on the same forms.
    assert [tuple(s["events"]) for s in note["shared"]] == REFERENCE_SHARED
    number = {(Path(e["file"]).name, e["sheet"], e["cell"]): e["number"] for e in data["events"]}
    findings = run("validate", samples, "--format", "json").json()["diagnostics"]
    flagged = {number[(Path(d["file"]).name, d["sheet"], d["cell"])] for d in findings
               if d["code"] in ("event-shared", "event-conflict")}
    assert flagged == {n for s in note["shared"] for n in s["events"]}
    for s in note["shared"]:
        owners = {e["number"]: e["municipality"] for e in data["events"]}
        assert sorted(s["municipalities"], key=[m.short for m in kind.registry].index) == s["municipalities"]
        assert set(s["municipalities"]) == {owners[n] for n in s["events"]}
    # Who sent nothing: the roster's «нет формы».
    states = run("status", samples, "--format", "json").json()["municipalities"]
    assert [n["municipality"] for n in note["nothing_sent"]] == [m["name"] for m in states if m["state"] == "missing"]
    assert len(note["nothing_sent"]) == 13
    assert_docx_shows(out / "справка.docx", note)
    assert note["title"] == kind.note.title.format(period="во II квартале 2025 года")


def test_the_json_is_unchanged_without_note(run, samples, tmp_path):
    assert run("build", samples, "--force", "-o", tmp_path / "r.docx", "--json", tmp_path / "r.json").code == 0
    assert "note" not in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


# --- comparisons with the archive -----------------------------------------------------------

def _earlier(report, period: Period, sections: slice):
    return dataclasses.replace(report, period=period, sections=report.sections[sections])


@pytest.mark.parametrize("held, expected", [
    ((), ()),
    (("2024-Q4",), ()),  # neither the previous quarter nor a year earlier
    (("2024-Q2",), ("year_ago",)),
    (("2025-Q1",), ("previous",)),
    (("2025-Q1", "2024-Q2", "2023-Q2"), ("previous", "year_ago")),
])
def test_comparisons_appear_only_for_the_periods_the_archive_has(built, tmp_path, kind, held, expected):
    checked, report = built
    shapes = {"2024-Q4": slice(0, 2), "2024-Q2": slice(2, 9), "2025-Q1": slice(1, 4), "2023-Q2": slice(0, 1)}
    for code in held:
        term = Term(int(code[:4]), int(code[-1]), int(code[-1]))
        write_record(tmp_path, _earlier(report, term.quarter, shapes[code]), kind, term)
    if "2025-Q1" in held:  # a newer version of the previous quarter: the note uses it
        write_record(tmp_path, _earlier(report, Period(2025, 1), slice(0, 6)), kind, Term(2025, 1, 1))
    archive = load_archive(tmp_path, kind=kind)
    note = api.cover_note(report, checked, archive, kind=kind)
    # With an archive both parts are there: compared when it has the period, else with the reason.
    assert tuple(p for p in note.parts if p in ("previous", "year_ago")) == ("previous", "year_ago")
    assert tuple(c.part for c in note.comparisons) == ("previous", "year_ago")
    assert tuple(c.part for c in note.comparisons if c.record) == expected
    for c in note.comparisons:
        if c.part not in expected:
            assert (c.total, c.municipalities, c.version) == (None, (), 0)
            assert c.reason == f"В архиве нет отчета за {c.period.label()} — сравнение не приводится"
            assert c.period == (api.previous_term if c.part == "previous" else api.year_earlier)(Term(2025, 2, 2))
            continue
        record = archive.get(c.period)
        assert (c.period.code(), c.version) == (("2025-Q1", 2) if c.part == "previous" else ("2024-Q2", 1))
        assert c.record == record.path and c.version == record.version
        earlier = {s.municipality: [e.number for e in s.events] for s in record.report.sections}
        now = {s.municipality: [e.number for e in s.events] for s in report.sections}
        assert {m.key: list(m.earlier) for m in c.municipalities} == {k: earlier.get(k, []) for k in now | earlier}
        assert {m.key: list(m.events) for m in c.municipalities} == {k: now.get(k, []) for k in now | earlier}
        assert all(m.difference == len(m.events) - len(m.earlier) for m in c.municipalities)
        assert c.total.difference == report.event_count - record.report.event_count
        assert sum(m.difference for m in c.municipalities) == c.total.difference
        assert c.period.label() in c.heading
    # Without an archive there is nothing to compare with: the parts are left out of the note.
    alone = api.cover_note(report, checked, kind=kind)
    assert alone.comparisons == () and not {"previous", "year_ago"} & set(alone.parts)


def test_build_with_archive_writes_the_comparisons_into_the_note_and_the_json(run, samples, built, tmp_path, kind):
    _, report = built
    archive = tmp_path / "архив"
    write_record(archive, _earlier(report, Period(2025, 1), slice(0, 3)), kind, Term(2025, 1, 1))
    write_record(archive, _earlier(report, Period(2024, 2), slice(3, 14)), kind, Term(2024, 2, 2))
    out = tmp_path / "out"
    out.mkdir()
    result = run("build", samples, "--force", "-o", out / "r.docx", "--json", out / "r.json",
                 "--note", out / "справка.docx", "--archive", archive)
    assert result.code == 0, result.out + result.err
    note = json.loads((out / "r.json").read_text(encoding="utf-8"))["note"]
    assert [(c["part"], c["period"], c["version"], Path(c["record"]).name) for c in note["comparisons"]] == [
        ("previous", "2025-Q1", 1, "2025-Q1 v1.json"), ("year_ago", "2024-Q2", 1, "2024-Q2 v1.json")]
    previous = note["comparisons"][0]
    assert previous["total"]["earlier_count"] == sum(len(s.events) for s in report.sections[:3])
    assert previous["total"]["difference"] == 97 - previous["total"]["earlier_count"]
    assert_docx_shows(out / "справка.docx", note)


@pytest.mark.parametrize("held, missing", [
    (("2025-Q1",), ("year_ago",)),
    (("2024-Q2",), ("previous",)),
    ((), ("previous", "year_ago")),
    (None, ()),  # no archive at all: nothing to say of either period, but that there is no archive
])
def test_a_comparison_the_archive_cannot_make_is_said_everywhere(run, samples, built, tmp_path, kind, held, missing):
    """The note, the JSON and build's output each say which comparison is missing and why; none is silent."""
    _, report = built
    archive = tmp_path / "архив"
    archive.mkdir()
    for code in held or ():
        term = Term(int(code[:4]), int(code[-1]), int(code[-1]))
        write_record(archive, _earlier(report, term.quarter, slice(0, 4)), kind, term)
    out = tmp_path / "out"
    out.mkdir()
    result = run("build", samples, "--force", "-o", out / "r.docx", "--json", out / "r.json",
                 "--note", out / "справка.docx", *(("--archive", archive) if held is not None else ()))
    assert result.code == 0, result.out + result.err
    note = json.loads((out / "r.json").read_text(encoding="utf-8"))["note"]
    periods = {"previous": "I квартал 2025 года", "year_ago": "II квартал 2024 года"}
    said = [line for line in result.out.splitlines() if line.startswith("Справка: ")]
    if held is None:
        assert note["comparisons"] == [] and not {"previous", "year_ago"} & set(note["parts"])
        assert said == ["Справка: Сравнения с прежними периодами нет: архив не указан (--archive ПАПКА)"]
    else:
        assert [c["part"] for c in note["comparisons"]] == ["previous", "year_ago"]
        assert {"previous", "year_ago"} <= set(note["parts"]) and {"previous", "year_ago"} <= set(note["headings"])
        gone = [c for c in note["comparisons"] if c["record"] is None]
        assert [c["part"] for c in gone] == list(missing)
        for c in gone:
            assert c["reason"] == f"В архиве нет отчета за {periods[c['part']]} — сравнение не приводится"
            assert set(c) == {"part", "heading", "period", "version", "record", "reason"}
        assert said == [f"Справка: {c['reason']}" for c in gone]
    assert_docx_shows(out / "справка.docx", note)
    assert_comparisons_are_honest(note)


def test_a_municipality_that_sent_no_form_is_not_compared_as_zero(built, tmp_path, kind):
    """«Хиславичский … 0 | 9 | −9» for a municipality that sent nothing: now «нет формы», no difference."""
    checked, report = built
    note = api.cover_note(report, checked, kind=kind)
    unsent = [short for short, _ in note.nothing_sent]
    # The quarter before: three of this quarter's sections, and two filed under municipalities that sent
    # no form this quarter (they had events then).
    sections = [*report.sections[:3], *(dataclasses.replace(s, municipality=m)
                                        for s, m in zip(report.sections[3:5], unsent[:2]))]
    write_record(tmp_path, dataclasses.replace(report, period=Period(2025, 1), sections=tuple(sections)), kind,
                 Term(2025, 1, 1))
    note = api.cover_note(report, checked, load_archive(tmp_path, kind=kind), kind=kind)
    c = next(c for c in note.comparisons if c.part == "previous")
    lines = {m.key: m for m in c.municipalities}
    then = {s.municipality: len(s.events) for s in sections}
    for m in unsent[:2]:
        assert (lines[m].sent, lines[m].difference, len(lines[m].earlier)) == (False, None, then[m])
    assert all(m.sent for m in c.municipalities if m.key not in unsent)
    assert c.total.difference == report.event_count - sum(then.values())  # every event of each report
    assert len(c.sent_total.earlier) == sum(len(s.events) for s in report.sections[:3])
    assert c.sent_total.difference == sum(m.difference for m in c.municipalities if m.sent)
    api.write_export(report, tmp_path / "r.json", "json", kind=kind, note=note)
    api.write_note(note, tmp_path / "справка.docx", kind=kind)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["note"]
    assert_comparisons_are_honest(data)
    assert_docx_shows(tmp_path / "справка.docx", data)
    found = blocks(tmp_path / "справка.docx")
    rows = table_after(found, c.heading)
    label = dict(note.nothing_sent)[unsent[0]]
    assert [label, "нет формы", str(then[unsent[0]]), ""] in rows
    assert rows[-1][0] == "Всего по приславшим форму в этом периоде" and rows[-2][0] == "Всего"
    assert ("p", "«нет формы» — форма за этот период не прислана, разница не считается; строка «Всего по "
                 "приславшим форму в этом периоде» сравнивает только приславших форму.") in found


# --- generated quarters ---------------------------------------------------------------------

SYLLABLES = ["ка", "ро", "ми", "ту", "ле", "на", "зо", "пе", "ви", "бу", "до", "са", "ги", "фа", "шо", "ре", "лу",
             "мо", "ти", "ха", "жу", "це", "бо", "ны"]
KINDS = ["Фестиваль", "Форум", "Конкурс", "Выставка", "Встреча"]
PARTICIPANTS = ["20 человек", "делегация Республики Беларусь, 12 человек", "гости из Китая и Индии, 40 человек",
                "представители Молдовы и Казахстана", "школьники района, 35 человек"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()


def _day(rng: random.Random, period: Period) -> dt.date:
    return period.start + dt.timedelta(days=rng.randrange((period.end - period.start).days + 1))


def generated_quarter(folder: Path, kind, seed: int, everyone: bool = False) -> tuple[Period, list, dict[str, list[str]]]:
    """Forms of 3–8 municipalities: own events (some undated), and 1–3 events planted in several forms.

    `everyone`: a form from every municipality, no event planted, no foreign country named.
    Returns the period, the municipalities that sent forms, and each planted name → who reported it.
    """
    rng = random.Random(seed)
    period = Period(rng.choice([2024, 2025]), rng.randint(1, 4))
    senders = list(kind.registry) if everyone else rng.sample(list(kind.registry), rng.randint(3, 8))
    participants = PARTICIPANTS[:1] if everyone else PARTICIPANTS
    rows: dict[str, list[list]] = {m.short: [] for m in senders}
    planted: dict[str, list[str]] = {}
    for _ in range(0 if everyone else rng.randint(1, 3)):
        name = f"{rng.choice(KINDS)} «{_word(rng)} {_word(rng)}»"
        day = _day(rng, period)
        who = rng.sample(senders, rng.randint(2, min(3, len(senders))))
        planted[name] = [m.short for m in who]
        for m in who:
            rows[m.short].append([name, "г. Смоленск", day.strftime("%d.%m.%Y"), "Сотрудничество",
                                  rng.choice(participants)])
    for m in senders:
        for _ in range(rng.randint(1, 6)):
            start = _day(rng, period)
            dates = "" if rng.random() < 0.15 else start.strftime("%d.%m.%Y") if rng.random() < 0.7 else \
                f"{start:%d.%m.%Y} - {start + dt.timedelta(days=rng.randint(1, 40)):%d.%m.%Y}"
            rows[m.short].append([f"{rng.choice(KINDS)} «{_word(rng)} {_word(rng)}»", f"г. {_word(rng)}", dates,
                                  "Обмен опытом", rng.choice(participants)])
        rng.shuffle(rows[m.short])
        numbered = [[f"{i}.", *r] for i, r in enumerate(rows[m.short], start=1)]
        book(folder / f"{m.short}.xlsx", ("Мероприятия", canonical(*numbered, municipality=m.form_name,
                                                                   period=period.label())))
    return period, senders, planted


@pytest.mark.parametrize("seed", range(4))
def test_the_note_of_generated_quarters(tmp_path, kind, seed):
    forms = tmp_path / "forms"
    forms.mkdir()
    period, senders, planted = generated_quarter(forms, kind, seed)
    checked = api.check_paths([forms])
    assert checked.validation.period == period
    report = api.build_report(checked, force=True)
    # The archive holds the quarter before and the same quarter a year earlier: both compared.
    archive = tmp_path / "архив"
    before, year_ago = api.previous_term(Term.of(period)), api.year_earlier(Term.of(period))
    write_record(archive, _earlier(report, before.quarter, slice(1, None)), kind, before)
    # A year earlier a municipality that sent nothing this quarter had events: «нет формы», not a fall.
    unsent = next(m.short for m in kind.registry if m.short not in {s.short for s in senders})
    write_record(archive, dataclasses.replace(report, period=year_ago.quarter, sections=(
        report.sections[0], dataclasses.replace(report.sections[-1], municipality=unsent))), kind, year_ago)
    note = api.cover_note(report, checked, load_archive(archive, kind=kind), kind=kind)
    api.write_export(report, tmp_path / "r.json", "json", kind=kind, note=note)
    api.write_note(note, tmp_path / "справка.docx", kind=kind)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    figures = assert_figures_are_counts(data, kind)
    # Each planted event is found once, with exactly its rows; nothing else is called shared.
    named = defaultdict(list)
    for e in data["events"]:
        named[e["name"]].append(e["number"])
    assert sorted(tuple(s["events"]) for s in figures["shared"]) == sorted(tuple(named[n]) for n in planted)
    for s in figures["shared"]:
        name = next(n for n in planted if named[n] == s["events"])
        assert sorted(s["municipalities"]) == sorted(planted[name])
    undated = Counter(e["start"] is None for e in data["events"])[True]
    assert {f["key"]: f["count"] for f in figures["months"]}.get("", 0) == undated
    sent = {m.short for m in senders}
    assert [n["municipality"] for n in figures["nothing_sent"]] == [m.short for m in kind.registry if m.short not in sent]
    assert [c["period"] for c in figures["comparisons"]] == [before.code(), year_ago.code()]
    assert figures["comparisons"][1]["total"]["earlier_count"] == len(report.sections[0].events) + len(
        report.sections[-1].events)
    assert [m["key"] for m in figures["comparisons"][1]["municipalities"] if not m["sent"]] == [unsent]
    assert_comparisons_are_honest(figures)
    assert_docx_shows(tmp_path / "справка.docx", figures)


def test_a_quarter_everyone_sent_without_countries_or_shared_events(tmp_path, kind):
    from reportgen.catalogue import say

    period, senders, planted = generated_quarter(tmp_path, kind, 7, everyone=True)
    assert planted == {} and len(senders) == len(kind.registry)
    checked = api.check_paths([tmp_path])
    report = api.build_report(checked, force=True)
    note = api.cover_note(report, checked, kind=kind)
    assert (note.countries, note.shared, note.nothing_sent) == ((), (), ())
    assert [f.key for f in note.municipalities] == [m.short for m in kind.registry]
    api.write_note(note, tmp_path / "справка.docx", kind=kind)
    texts = [t for k, t in blocks(tmp_path / "справка.docx") if k == "p"]
    for key in ("note.none.countries", "note.none.shared", "note.none.nothing-sent"):
        assert say(key) in texts
    # Without the forms (a report read back), who sent what is not known: those parts are left out.
    alone = api.cover_note(report, kind=kind)
    assert "shared" not in alone.parts and "nothing_sent" not in alone.parts
    assert alone.municipalities == note.municipalities and alone.months == note.months


# --- the kind defines the note --------------------------------------------------------------

def _kind_with(tmp_path: Path, note: str) -> Path:
    folder = tmp_path / "kind"
    shutil.copytree(Path(load_kind().path), folder)
    text = (folder / "kind.toml").read_text(encoding="utf-8")
    start = text.index("[note]")
    end = text.index("# Signature lines")
    (folder / "kind.toml").write_text(text[:start] + note + "\n" + text[end:], encoding="utf-8")
    return folder


def test_the_kind_chooses_the_parts_their_order_and_words(built, tmp_path):
    checked, report = built
    kind = load_kind(_kind_with(tmp_path, '[note]\ntitle = "Справка {period}"\n'
                                          'parts = ["nothing_sent", "municipalities"]\n'
                                          '[note.headings]\nnothing_sent = "Не прислали"\n'))
    note = api.cover_note(report, checked, kind=kind)
    assert note.title == "Справка во II квартале 2025 года"
    assert note.parts == ("nothing_sent", "municipalities")
    assert note.heading("nothing_sent") == "Не прислали" and note.heading("municipalities")  # the catalogue's
    api.write_note(note, tmp_path / "с.docx", kind=kind)
    found = blocks(tmp_path / "с.docx")
    assert [t for k, t in found if k == "p"][2] == "Не прислали"
    assert not any(text == kind.note.heading("months") for k, text in found if k == "p")


def test_a_kind_without_headings_takes_the_catalogues(tmp_path):
    from reportgen.catalogue import TEXTS
    from reportgen.kind import NOTE_PARTS

    kind = load_kind(_kind_with(tmp_path, "[note]\n"))
    assert kind.note.parts == NOTE_PARTS and kind.note.title_of("в 2025 году").endswith("в 2025 году")
    words = [kind.note.heading(part, period="I квартал 2025 года") for part in NOTE_PARTS]
    assert words == [TEXTS[f"note.heading.{p.replace('_', '-')}"].format(period="I квартал 2025 года")
                     for p in NOTE_PARTS]


@pytest.mark.parametrize("note, words", [
    ('[note]\nparts = ["municipalities", "weather"]\n', "«weather»"),
    ('[note]\ntitle = "Справка {quarter}"\n', "{period}"),
    ('[note]\n[note.headings]\nmonth = "По месяцам"\n', "«month»"),
])
def test_a_wrong_note_in_the_kind_is_named(tmp_path, note, words):
    with pytest.raises(KindError) as caught:
        load_kind(_kind_with(tmp_path, note))
    assert words in str(caught.value) and "[note" in str(caught.value)


# --- files: schemas, LibreOffice, all or none -----------------------------------------------

def test_the_note_validates_and_converts_to_pdf(built, office, ooxml, tmp_path, kind):
    from reportgen.write.office import convert

    checked, report = built
    # The quarter before, with a municipality that sent nothing this quarter; no record a year earlier.
    unsent = api.cover_note(report, checked, kind=kind).nothing_sent[0][0]
    sections = (*report.sections[:4], dataclasses.replace(report.sections[4], municipality=unsent))
    write_record(tmp_path / "архив", dataclasses.replace(report, period=Period(2025, 1), sections=sections), kind,
                 Term(2025, 1, 1))
    note = api.cover_note(report, checked, load_archive(tmp_path / "архив", kind=kind), kind=kind)
    assert [(c.part, bool(c.record), c.sent_total is not None) for c in note.comparisons] == [
        ("previous", True, True), ("year_ago", False, False)]
    api.write_note(note, tmp_path / "справка.docx", kind=kind)
    assert ooxml(tmp_path / "справка.docx") == ""
    [pdf] = convert([tmp_path / "справка.docx"], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    flat = " ".join(text.split())
    assert " ".join(note.title.split()) in flat
    for part in note.parts:
        assert " ".join(note.heading(part).split()) in flat, part
    for words in (note.comparisons[1].reason, "нет формы", "Всего по приславшим"):  # the row label wraps
        assert words in flat


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext ends each page with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")
    count = next(int(line.split()[1]) for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout.splitlines()
        if line.startswith("Pages:"))
    assert len(pages[:count]) == count and not "".join(pages[count:]).strip()
    return pages[:count]


def test_the_note_takes_only_the_pages_its_content_needs(built, office, tmp_path, kind):
    """No page holds only its number (the footer): not for samples/q2, a generated quarter, or a note that fills
    its last page to the bottom.

    The sweep lengthens the last part («Информация не представлена») a line at a time over more than a
    page's worth of lines, so that for some length the content ends at the foot of a page whatever the
    fonts: a paragraph written after the last line then started a page of its own.
    """
    from reportgen.write.office import convert

    checked, report = built
    write_record(tmp_path / "архив", _earlier(report, Period(2025, 1), slice(2, None)), kind, Term(2025, 1, 1))
    base = api.cover_note(report, checked, load_archive(tmp_path / "архив", kind=kind), kind=kind)
    notes = {"q2": base}
    forms = tmp_path / "forms"
    forms.mkdir()
    generated_quarter(forms, kind, 3)
    again = api.check_paths([forms])
    notes["generated"] = api.cover_note(api.build_report(again, force=True), again, kind=kind)
    names = base.nothing_sent * 5
    notes |= {f"sweep{n:02d}": dataclasses.replace(base, nothing_sent=names[:n]) for n in range(0, 60)}
    paths = []
    for name, note in notes.items():
        paths.append(tmp_path / f"{name}.docx")
        api.write_note(note, paths[-1], kind=kind)
    pages = {path.stem: pdf_pages(pdf) for path, pdf in zip(paths, convert(paths, "pdf", tmp_path / "pdf"))}
    for name, found in pages.items():
        for number, page in enumerate(found, start=1):
            assert page.split() not in ([], [str(number)]), (name, number, len(found))
    # The sweep crossed a page's end: the note grew by a page as the list grew, and never by an empty one.
    counts = [len(pages[f"sweep{n:02d}"]) for n in range(0, 60)]
    assert counts == sorted(counts) and counts[-1] > counts[0]


def test_the_note_is_refused_over_an_input_or_with_a_wrong_name(run, samples, tmp_path):
    letter = samples / "письмо.docx"  # a Word file among the forms: passed over, and protected
    docx.Document().save(str(letter))
    before = letter.read_bytes()
    for note, words in ((letter, "поверх входного файла"), (tmp_path / "справка.pdf", "--note"),
                        (tmp_path / "r.docx", "--note")):
        result = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--note", note)
        assert result.code == 2 and words in result.err, (note, result.err)
        assert not (tmp_path / "r.docx").exists() and not (tmp_path / "справка.pdf").exists()
    assert letter.read_bytes() == before


def test_a_note_that_cannot_be_written_leaves_no_output(run, samples, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.docx").write_bytes(b"old report")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reportgen.write.note.write_note_docx", full)
    result = run("build", samples, "--force", "-o", out / "r.docx", "--json", out / "r.json",
                 "--note", out / "справка.docx")
    assert result.code == 1 and "справка.docx" in result.err + result.out
    assert sorted(p.name for p in out.iterdir()) == ["r.docx"] and (out / "r.docx").read_bytes() == b"old report"


def test_a_report_that_cannot_be_written_takes_the_note_with_it(run, samples, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reportgen.write.report.write_docx", broken)
    result = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--note", tmp_path / "справка.docx")
    assert result.code == 1
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "справка.docx").exists()


def test_a_damaged_record_is_named_and_compared_with_nothing(run, samples, built, tmp_path, kind):
    _, report = built
    archive = tmp_path / "архив"
    write_record(archive, _earlier(report, Period(2024, 2), slice(0, 2)), kind, Term(2024, 2, 2))
    (archive / "2025-Q1 v1.json").write_text('{"format": "reportgen-archive", "kind": ', encoding="utf-8")
    result = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--json", tmp_path / "r.json",
                 "--note", tmp_path / "справка.docx", "--archive", archive)
    assert result.code == 0 and "record-damaged" in result.out and "2025-Q1 v1.json" in result.out
    note = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["note"]
    assert [(c["period"], c["record"] is not None) for c in note["comparisons"]] == [("2025-Q1", False),
                                                                                   ("2024-Q2", True)]
    reason = "Отчет за I квартал 2025 года в архиве не читается — сравнение не приводится"
    assert note["comparisons"][0]["reason"] == reason and f"Справка: {reason}" in result.out
    assert_docx_shows(tmp_path / "справка.docx", note)
