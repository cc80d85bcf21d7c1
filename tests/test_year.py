"""Half-year, nine-month and year reports (build --period 2025-H1 …), from generated quarters.

The year (tests/forms.py year_happenings) holds events of several municipalities that carry over
from one quarter into the next (reported in both, with the same or with each quarter's part of
the dates), are reported again late, and recur with new dates. Invariants of the period's report:
each event once; a carried-over or late one once, named by the quarters its dates fall in (a late
re-report with the same dates is an event of its own quarter); nothing else; every
line under a form's table that is not an event named as skipped. The key property: the year built
from the four archived quarters equals the year built from the same forms, through Report.dump().
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from forms import ROMAN_QUARTERS, Happening, year_forms, year_happenings
from reportgen import api
from reportgen.api.archive import record_build
from reportgen.api.term import build_term, find_term, gather_term, term_blockers
from reportgen.errors import KindError
from reportgen.kind import load_kind
from reportgen.period import Period, Term, parse_term

ROOT = Path(__file__).resolve().parent.parent
WHO = ("Вяземский", "Гагаринский", "Рославльский", "Десногорск")
YEAR = Term(2025, 1, 4)


def _kind(tmp: Path, **term: str):
    """The international kind with [term] (and [closing] enabled) as given: a copy, the real one untouched."""
    folder = tmp / "kind"
    shutil.copytree(ROOT / "templates" / "international", folder)
    toml = folder / "kind.toml"
    text = toml.read_text(encoding="utf-8").replace("[closing]\nenabled = false", "[closing]\nenabled = true")
    for key, value in term.items():
        text = text.replace(f"\n[term]\n", f"\n[term]\n{key} = {value}\n", 1) if key != "titles" else \
            text.replace("[term.titles]\n", f"[term.titles]\n{value}\n", 1)
    # Keys given twice would be a TOML error: the defaults below the inserted ones go.
    lines, seen, out = text.split("\n"), set(), []
    section = ""
    for line in lines:
        if line.startswith("["):
            section = line
        key = line.split("=", 1)[0].strip() if "=" in line and not line.startswith("#") else None
        if section in ("[term]", "[term.titles]") and key:
            if (section, key) in seen:
                continue
            seen.add((section, key))
        out.append(line)
    toml.write_text("\n".join(out), encoding="utf-8")
    return load_kind(folder)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """Four quarters of forms, and an archive of the four quarters built from them (closing on)."""
    tmp = tmp_path_factory.mktemp("year")
    kind = _kind(tmp)
    truth = year_happenings(WHO, 6)
    folders = year_forms(tmp / "forms", truth)
    archive = tmp / "архив"
    for q, folder in folders.items():
        checked = api.check_paths([folder], period=Period(2025, q), kind=kind)
        assert not api.build_blockers(checked)
        record_build(archive, api.build_report(checked, closing=True), checked, kind=kind)
    return kind, truth, folders, archive, tmp


def _rows(report):
    """(municipality, quarters heading or column, name, dates) of every event row, in order."""
    out, heading = [], ""
    for s in report.sections:
        for e in s.events:
            heading = e.heading or heading
            out.append((s.municipality, heading, e.cells[0], e.cells[2], e))
    return out


def _named(quarters: tuple[int, ...]) -> str:
    romans = [ROMAN_QUARTERS[q - 1] for q in quarters]
    if len(romans) == 1:
        return f"{romans[0]} квартал 2025 года"
    return f"{', '.join(romans[:-1])} и {romans[-1]} кварталы 2025 года"


def _held(start: dt.date, end: dt.date, term: Term) -> tuple[int, ...]:
    """The term's quarters an event's dates fall in: what names it, whichever quarters reported it."""
    return tuple(q.quarter for q in term.quarters() if q.start <= end and start <= q.end)


def _expected(truth: list[Happening], term: Term) -> list[Happening]:
    return [h for h in truth if set(h.quarters) & {q.quarter for q in term.quarters()}]


def _holds_invariants(report, truth: list[Happening], term: Term, kind) -> None:
    rows = _rows(report)
    wanted = _expected(truth, term)
    assert len(rows) == len(wanted)  # nothing else
    for h in wanted:
        shown = tuple(q for q in h.quarters if Period(2025, q) in term.quarters())
        start, end = h.start, h.end
        if h.split_dates and shown != h.quarters:  # only one quarter's part of the dates is in the period
            edge = Period(2025, h.quarters[0]).end
            start, end = (start, edge) if shown == h.quarters[:1] else (edge + dt.timedelta(days=1), end)
        found = [r for r in rows if r[0] == h.municipality and r[2] == h.name and r[4].start == start]
        assert len(found) == 1, h  # each event once
        assert found[0][1] == _named(_held(start, end, term)), h  # named by the quarters it was held in
        assert found[0][4].end == end
    # Registry order, numbered straight through, the closing counting the whole period.
    order = [m.short for m in kind.registry]
    shorts = [s.municipality for s in report.sections]
    assert shorts == sorted(shorts, key=order.index)
    assert [e.number for _, _, _, _, e in rows] == list(range(1, len(rows) + 1))
    assert sum(n for _, n in report.closing.counts) == len(rows)
    assert report.closing.total.startswith("Всего: ") and str(len(rows)) in report.closing.total


def test_the_year_from_the_archive_is_the_year_from_the_same_forms(year):
    kind, truth, folders, archive, _ = year
    from_archive = gather_term(find_term([]), YEAR, kind=kind, archive=archive)
    from_forms = gather_term(find_term([folders[q] for q in (1, 2, 3, 4)]), YEAR, kind=kind)
    assert [s.origin for s in from_archive.sources] == ["archive"] * 4
    assert [s.origin for s in from_forms.sources] == ["forms"] * 4
    assert not from_archive.findings and not from_forms.findings and not term_blockers(from_forms)
    built = build_term(from_archive, kind=kind), build_term(from_forms, kind=kind)
    assert built[0].dump() == built[1].dump()
    _holds_invariants(built[0], truth, YEAR, kind)
    assert built[0].title.endswith("в 2025 году")
    carried = [h for h in truth if len(h.quarters) > 1]
    assert any(h.split_dates for h in carried) and any(h.how == "late" for h in carried)
    assert any(h.how == "recurring" for h in truth)


def test_every_line_that_is_not_an_event_is_named(year):
    kind, truth, folders, _, _ = year
    gathered = gather_term(find_term([folders[q] for q in (1, 2, 3, 4)]), YEAR, kind=kind)
    for source in gathered.sources:
        skipped = [d for d in source.checked.validation.diagnostics if d.code == "row-skipped"]
        # Each form's totals and executor lines: two per form, each named at its place.
        assert len(skipped) == 2 * len(WHO)
        assert all(d.file and d.cell for d in skipped)


def test_half_year_and_nine_months_from_archive_and_word_reports(year, tmp_path):
    kind, truth, folders, archive, _ = year
    # Q2 as an old Word report (the quarter's build), Q1 from an archive that holds only Q1.
    q2 = api.check_paths([folders[2]], period=Period(2025, 2), kind=kind)
    word = tmp_path / "Отчет II квартал.docx"
    api.write_report(api.build_report(q2, closing=True), word, kind=kind)
    only_q1 = tmp_path / "архив"
    only_q1.mkdir()
    shutil.copy(archive / "2025-Q1 v1.json", only_q1)
    half = parse_term("I полугодие 2025 года")
    mixed = gather_term(find_term([word]), half, kind=kind, archive=only_q1)
    assert [(s.quarter.quarter, s.origin) for s in mixed.sources] == [(1, "archive"), (2, "word")]
    forms = gather_term(find_term([folders[1], folders[2]]), half, kind=kind)
    a, b = build_term(mixed, kind=kind, closing=False), build_term(forms, kind=kind, closing=False)
    assert a.dump() == b.dump()
    _holds_invariants(build_term(forms, kind=kind), truth, half, kind)
    assert a.title.endswith("в I полугодии 2025 года")
    # Nine months: Q1 archived, Q2 a Word report, Q3 forms; the same as nine months of forms.
    nine = parse_term("9 месяцев 2025")
    mixed = gather_term(find_term([word, folders[3]]), nine, kind=kind, archive=only_q1)
    assert [s.origin for s in mixed.sources] == ["archive", "word", "forms"]
    forms = gather_term(find_term([folders[q] for q in (1, 2, 3)]), nine, kind=kind)
    assert build_term(mixed, kind=kind, closing=False).dump() == build_term(forms, kind=kind, closing=False).dump()


def test_a_quarter_missing_from_the_archive_is_named(year, run, tmp_path, ooxml):
    kind, truth, _, archive, _ = year
    partial = tmp_path / "архив"
    partial.mkdir()
    for q in (1, 2, 3):
        shutil.copy(archive / f"2025-Q{q} v1.json", partial)
    gathered = gather_term(find_term([]), YEAR, kind=kind, archive=partial)
    assert gathered.missing == (Period(2025, 4),)
    assert [d.code for d in gathered.findings] == ["term-quarter-missing"]
    result = run("build", "--period", "2025", "--archive", partial, "--kind", kind.path, "-o", tmp_path / "год.docx")
    assert result.code == 0, result.out
    assert "За IV квартал 2025 года ничего нет" in result.out and "term-quarter-missing" in result.out
    assert ooxml(tmp_path / "год.docx") == ""
    # The events of IV quarter alone are not there; those carried into it from III are, once.
    report = build_term(gathered, kind=kind)
    assert report.event_count == len(_expected([h for h in truth if h.quarters != (4,)], Term(2025, 1, 3)))


def test_a_damaged_newest_record_is_named_and_the_one_before_stands_in(year, tmp_path):
    kind, _, _, archive, _ = year
    held = tmp_path / "архив"
    shutil.copytree(archive, held)
    (held / "2025-Q1 v2.json").write_text('{"format": "reportgen-archive", "kind": "international", "per', "utf-8")
    (held / "2024-Q4 v1.json").write_text("не запись", "utf-8")  # a quarter the year does not need: not named
    gathered = gather_term(find_term([]), YEAR, kind=kind, archive=held)
    assert [d.code for d in gathered.findings] == ["record-damaged"]
    assert gathered.findings[0].file.endswith("2025-Q1 v2.json")
    assert gathered.sources[0].what == "2025-Q1, версия 1" and not term_blockers(gathered)


def test_forms_outside_the_period_or_of_no_period_are_named(year, tmp_path):
    kind, truth, folders, _, _ = year
    from forms import Style, write_form

    other = tmp_path / "другие"
    other.mkdir()
    write_form(other / "прошлый год.xlsx", [("Форум «Старый»", "г. Вязьма", "12 ноября 2024 года", "Итог", "10")],
               Style(municipality="Вяземский", period="IV квартал 2024 года", title=False))
    write_form(other / "без периода.xlsx", [("Форум «Апрельский»", "г. Вязьма", "12 апреля 2025 года", "Итог", "10"),
                                            ("Форум «Майский»", "г. Вязьма", "14 мая 2025 года", "Итог", "10")],
               Style(municipality="Вяземский", period=None, title=False))
    write_form(other / "ни периода, ни дат.xlsx", [("Форум «Когда-то»", "г. Вязьма", "по плану", "Итог", "10")],
               Style(municipality="Гагаринский", period=None, title=False))
    gathered = gather_term(find_term([other]), Term(2025, 1, 2), kind=kind)
    codes = {Path(d.file).name: d.code for d in gathered.findings if d.file}
    assert codes == {"прошлый год.xlsx": "term-form-outside", "без периода.xlsx": "term-form-by-dates",
                     "ни периода, ни дат.xlsx": "term-form-no-period"}
    assert [s.quarter for s in gathered.sources] == [Period(2025, 2)]  # the undated-field form, by its dates
    assert "term-quarter-missing" in [d.code for d in gathered.findings]


def test_a_quarter_given_twice_is_blocking_and_names_both(year, tmp_path):
    kind, _, folders, _, _ = year
    q1 = api.check_paths([folders[1]], period=Period(2025, 1), kind=kind)
    word = tmp_path / "Отчет I.docx"
    api.write_report(api.build_report(q1), word, kind=kind)
    untitled = tmp_path / "Без квартала.docx"
    api.write_report(api.build_report(q1).__class__.of(kind, None, api.build_report(q1).sections,
                                                        title="Отчет о мероприятиях"), untitled, kind=kind)
    gathered = gather_term(find_term([folders[1], word, untitled]), Term(2025, 1, 2), kind=kind)
    codes = {Path(d.file).name: d.code for d in gathered.findings if d.file}
    assert codes == {"Отчет I.docx": "term-quarter-twice", "Без квартала.docx": "term-word-no-period"}
    twice = next(d for d in gathered.findings if d.code == "term-quarter-twice")
    assert f"формы ({len(WHO)} формы)" in twice.message  # the forms it met, and this report: both named
    assert twice in term_blockers(gathered) and twice in term_blockers(gathered, force=True)


def _versions(kind, folders, tmp: Path) -> tuple[Path, Path, Path]:
    """Word reports: I quarter; II quarter version 1 (its last event missing) and version 3 (all of them)."""
    q1 = api.build_report(api.check_paths([folders[1]], period=Period(2025, 1), kind=kind))
    q2 = api.build_report(api.check_paths([folders[2]], period=Period(2025, 2), kind=kind))
    v1 = dataclasses.replace(q2, sections=(*q2.sections[:-1], dataclasses.replace(
        q2.sections[-1], events=q2.sections[-1].events[:-1])))
    paths = tmp / "q1.docx", tmp / "q2 v1.docx", tmp / "q2 v3.docx"
    for report, path in zip((q1, v1, q2), paths):
        api.write_report(report, path, kind=kind)
    return paths


def test_two_versions_of_one_quarter_stop_the_build_whichever_comes_first(year, run, tmp_path):
    kind, _, folders, _, _ = year
    q1, v1, v3 = _versions(kind, folders, tmp_path)
    for first, second in ((v1, v3), (v3, v1)):
        result = run("build", q1, first, second, "--period", "2025-H1", "--kind", kind.path, "-o", tmp_path / "п.docx")
        assert result.code == 1, result.out
        assert "ошибка term-quarter-twice" in result.out and "II квартал 2025 года указан дважды" in result.out
        assert f"«{first}»" in result.out and str(second) in result.out  # both named
        assert "Оставьте в команде для этого квартала что-то одно" in result.out
        assert "--skip-unreadable" not in result.out  # refused for a longer period: not offered
        assert not (tmp_path / "п.docx").exists()
    result = run("build", q1, v3, "--period", "2025-H1", "--kind", kind.path, "-o", tmp_path / "п.docx")
    assert result.code == 0 and (tmp_path / "п.docx").is_file()


def test_a_re_report_with_the_same_dates_is_an_event_of_its_own_quarter(year, tmp_path):
    kind, truth, folders, archive, _ = year
    # Held on 20 September, reported in the III quarter's form and copied again into the IV quarter's.
    late = [h for h in truth if h.how == "late" and h.quarters == (3, 4)]
    assert late and all(h.start == dt.date(2025, 9, 20) for h in late)
    for how in ("subheading", "column"):
        kind_q = _kind(tmp_path / how, quarter=f'"{how}"')
        report = build_term(gather_term(find_term([]), YEAR, kind=kind_q, archive=archive), kind=kind_q)
        rows = _rows(report)
        for h in late:
            found = [r for r in rows if r[0] == h.municipality and r[2] == h.name]
            assert len(found) == 1
            event = found[0][4]
            assert event.quarters == "III"
            if how == "subheading":
                assert found[0][1] == "III квартал 2025 года"
            else:
                assert event.cells[-1] == "III"
            merge = next(m for m in report.merges if m.number == event.number)
            assert [q for q, *_ in merge.rows] == ["2025-Q3", "2025-Q4"]  # both quarters' rows, one event
    # An event carried over a quarter's end keeps both quarters: its dates are in both.
    carried = next(h for h in truth if h.how == "carried" and h.quarters == (3, 4))
    found = [r for r in _rows(report) if r[0] == carried.municipality and r[2] == carried.name]
    assert [r[4].quarters for r in found] == ["III, IV"]


def test_merges_are_said_and_exported_with_the_quarter_column(year, run, tmp_path, ooxml):
    import json

    from openpyxl import load_workbook

    kind, truth, folders, archive, _ = year
    half = Term(2025, 1, 2)
    both = [h for h in truth if h.quarters == (1, 2)]
    result = run("build", "--period", "2025-H1", "--archive", archive, "--kind", kind.path, "-o", tmp_path / "п.docx",
                 "--json", tmp_path / "п.json", "--xlsx", tmp_path / "п.xlsx")
    assert result.code == 0, result.out
    n = len(both)
    assert n >= 5 and n % 10 not in (1, 2, 3, 4)  # the plural below: «повторялись 8 мероприятий»
    assert f"В 2 кварталах повторялись {n} мероприятий — в отчет каждое вошло один раз" in result.out
    data = json.loads((tmp_path / "п.json").read_text("utf-8"))
    assert len(data["merges"]) == n
    by_number = {e["number"]: e for e in data["events"]}
    for m in data["merges"]:
        assert [r["quarter"] for r in m["rows"]] == ["2025-Q1", "2025-Q2"]
        assert all(r["file"] and r["number"] >= 1 for r in m["rows"])
        event = by_number[m["number"]]
        h = next(h for h in both if h.municipality == event["municipality"] and h.name == event["name"])
        assert event["quarters"] == ", ".join(ROMAN_QUARTERS[q - 1] for q in _held(h.start, h.end, half))
    assert all(e["quarters"] in ("I", "II", "I, II") for e in data["events"])
    assert ooxml(tmp_path / "п.xlsx") == ""
    sheet = load_workbook(tmp_path / "п.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index(kind.term.column_title)
    assert [r[at] for r in rows[1:]] == [e["quarters"] for e in data["events"]]
    # A quarter's own tables have no such column.
    q2 = api.build_report(api.check_paths([folders[2]], period=Period(2025, 2), kind=kind))
    from reportgen.write.table import report_data

    assert "quarters" not in report_data(q2, kind)["events"][0] and "merges" not in report_data(q2, kind)


def test_the_cover_note_of_a_longer_period(year, run, tmp_path, ooxml, office):
    import json

    from forms import Style, write_form

    from reportgen.api.noting import cover_note

    kind, truth, folders, archive, _ = year
    # The same festival in two municipalities' forms of the I quarter: a shared event of the half-year.
    shared = tmp_path / "общие"
    shared.mkdir()
    for who in ("Вяземский", "Рославльский"):
        write_form(shared / f"{who}.xlsx", [("Фестиваль «Славянский хоровод»", "г. Смоленск", "12 марта 2025 года",
                                             "Участие", "10 человек")],
                   Style(municipality=who, period="I квартал 2025 года", title=False))
    half = Term(2025, 1, 2)
    gathered = gather_term(find_term([shared, folders[2]]), half, kind=kind)
    report = build_term(gathered, kind=kind)
    note = cover_note(report, None, None, kind=kind)
    assert [(s.municipalities, len(s.events)) for s in note.shared] == [(("Вяземский", "Рославльский"), 2)]
    sent = {s.municipality for s in report.sections if s.events}
    assert {short for short, _ in note.nothing_sent} == {m.short for m in kind.registry} - sent
    assert note.total.events == tuple(range(1, report.event_count + 1))
    result = run("build", "--period", "2025", "--archive", archive, "--kind", kind.path, "-o", tmp_path / "год.docx",
                 "--note", tmp_path / "справка.docx", "--json", tmp_path / "год.json")
    assert result.code == 0, result.out
    assert "Справка записана" in result.out
    assert ooxml(tmp_path / "справка.docx") == ""
    assert api.write_pdf(tmp_path / "справка.docx").stat().st_size > 0  # LibreOffice opens it
    data = json.loads((tmp_path / "год.json").read_text("utf-8"))
    assert sorted(data["note"]["total"]["events"]) == [e["number"] for e in data["events"]]
    assert "nothing_sent" in data["note"]["parts"]


def test_the_quarter_as_a_column_and_a_title_of_the_kind(year, tmp_path, ooxml, office):
    _, truth, _, archive, _ = year
    kind = _kind(tmp_path, quarter='"column"', column_title='"Квартал(ы)"', column_width_cm="2.5",
                 titles='H1 = "Сводный отчет {period}"')
    half = Term(2025, 1, 2)
    report = build_term(gather_term(find_term([]), half, kind=kind, archive=archive), kind=kind)
    assert report.title == "Сводный отчет в I полугодии 2025 года"
    assert report.columns[-1] == "Квартал(ы)"
    assert abs(sum(report.widths_cm) - sum(c.width_cm for c in kind.columns)) < 0.05  # the page's width kept
    by_name = {(s.municipality, e.cells[0], e.start): e.cells[-1] for s in report.sections for e in s.events}
    for h in _expected(truth, half):
        end = min(h.end, Period(2025, 2).end) if h.split_dates else h.end  # the II quarter's part, when split
        shown = [ROMAN_QUARTERS[q - 1] for q in _held(h.start, end, half)]
        assert by_name[(h.municipality, h.name, h.start)] == ", ".join(shown)
    assert not any(e.heading for s in report.sections for e in s.events)
    out = tmp_path / "полугодие.docx"
    api.write_report(report, out, kind=kind)
    assert ooxml(out) == ""
    assert api.write_pdf(out).stat().st_size > 0  # LibreOffice opens it


def test_the_subheading_report_validates_and_opens(year, tmp_path, ooxml, office):
    from docx_text import read_report

    kind, _, _, archive, _ = year
    report = build_term(gather_term(find_term([]), YEAR, kind=kind, archive=archive), kind=kind)
    out = tmp_path / "год.docx"
    api.write_report(report, out, kind=kind)
    assert ooxml(out) == ""
    assert api.write_pdf(out).stat().st_size > 0
    _, rows = read_report(out)
    texts = [r[0] for r in rows]
    headings = [e.heading for s in report.sections for e in s.events if e.heading]
    assert "I и II кварталы 2025 года" in headings
    for h in headings:
        assert h in texts  # each sub-heading is a row of the document


def test_a_longer_period_elsewhere_is_a_usage_error(run, samples):
    result = run("validate", samples, "--period", "2025-H1")
    assert result.code == 2 and "полугодие, 9 месяцев и год собирает build" in result.err
    result = run("build", "--period", "2025-Q2")
    assert result.code == 2 and "Укажите формы" in result.err
    result = run("build", "--period", "2025", "-o", "год.docx")
    assert result.code == 1 and "нет ни одного квартала" in result.out


def test_the_cli_builds_a_half_year_from_forms_and_a_word_report(year, run, tmp_path, ooxml):
    kind, truth, folders, _, _ = year
    q2 = api.check_paths([folders[2]], period=Period(2025, 2), kind=kind)
    word = tmp_path / "Отчет II.docx"
    api.write_report(api.build_report(q2, closing=True), word, kind=kind)
    result = run("build", "--period", "I полугодие 2025 года", folders[1], word, "--kind", kind.path, "--no-closing")
    assert result.code == 0, result.out
    assert f"I квартал 2025 года: формы ({len(WHO)} формы)" in result.out
    assert "II квартал 2025 года: отчет Word" in result.out
    out = tmp_path / "report-2025-H1.docx"  # named by the period
    assert out.is_file() and ooxml(out) == ""
    assert f"{len(_expected(truth, Term(2025, 1, 2)))} мероприят" in result.out
    result = run("build", "--period", "2025-H1", folders[1], "--without", "Вяземский")
    assert result.code == 2 and "--without работает при сборке квартала" in result.err


@pytest.mark.parametrize("term, error", [
    ('quarter = "table"', "возможны column, subheading"),
    ('subheading = "{quarter}"', "неизвестная подстановка"),
    ("column_width_cm = 0", "больше нуля"),
])
def test_a_wrong_term_table_is_named(tmp_path, term, error):
    key, value = term.split(" = ")
    with pytest.raises(KindError, match=error):
        _kind(tmp_path, **{key: value})


def test_an_unknown_title_shape_is_named(tmp_path):
    with pytest.raises(KindError, match="неизвестный ключ «Q5»"):
        _kind(tmp_path, titles='Q5 = "{period}"')


def test_a_year_from_word_reports_seeded_into_the_archive_is_the_year_from_those_reports(year, tmp_path):
    """Seeded records keep the dates the Word reports' cells hold: the archive merges as the files do.

    A coordinator who seeded last year's four Word reports got a year report with every carried-over
    event twice (the seeded records had no dates to merge by).
    """
    from reportgen.api.archive import seed_archive

    kind, truth, folders, _, _ = year
    words = []
    for q in (1, 2, 3, 4):
        checked = api.check_paths([folders[q]], period=Period(2025, q), kind=kind)
        words.append(tmp_path / f"Отчет {q} квартал.docx")
        api.write_report(api.build_report(checked, closing=True), words[-1], kind=kind)
    seeded = seed_archive(tmp_path / "архив", words, kind=kind)
    assert [e.version for e in seeded.files] == [1, 1, 1, 1]
    from_archive = gather_term(find_term([]), YEAR, kind=kind, archive=tmp_path / "архив")
    from_word = gather_term(find_term(words), YEAR, kind=kind)
    assert [s.origin for s in from_archive.sources] == ["archive"] * 4
    a, b = build_term(from_archive, kind=kind, closing=False), build_term(from_word, kind=kind, closing=False)
    assert a.dump() == b.dump()
    assert a.merges and len(a.merges) == len(b.merges)
    assert a.event_count < sum(len(s.events) for src in from_word.sources for s in src.report.sections)
