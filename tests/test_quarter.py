"""The coordinator's quarter: roster, annotated returns, one event in several reports, exports."""

import datetime as dt
import hashlib
import json
import re
import os
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Cm, Pt

from conftest import SAMPLES
from docx_text import read_report
from reportgen.api import check_paths
from books import EVENT, book, canonical


# --- status ---------------------------------------------------------------------------------

def test_status_on_the_reference_forms(run, samples, kind):
    result = run("status", samples, "--format", "json")
    data = result.json()
    assert data["period"] == "2025-Q2"
    lines = data["municipalities"]
    assert [m["name"] for m in lines] == [m.short for m in kind.registry]
    states = {m["name"]: m["state"] for m in lines}
    assert sum(s == "ready" for s in states.values()) == 13
    assert sum(s == "missing" for s in states.values()) == 13
    assert [n for n, s in states.items() if s == "errors"] == ["Десногорск"]
    desn = next(m for m in lines if m["name"] == "Десногорск")
    assert desn["events"] == 18 and desn["errors"] == 1 and desn["files"][0].endswith("desnogorsk.xlsx")
    assert sum(m["events"] for m in lines) == 97
    assert result.code == 1


def test_status_text_summary_and_duplicates(run, tmp_path):
    a = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    b = book(tmp_path / "b.xlsx", ("Мероприятия", canonical(EVENT, municipality="Вязьма")))
    c = book(tmp_path / "c.xlsx", ("Мероприятия", canonical(EVENT, municipality="Рудня")))
    d = book(tmp_path / "d.xlsx", ("Мероприятия", canonical(EVENT, municipality="Неизвестный")))
    for path in (a, b):  # saved in the same second: which one is the newer cannot be told
        os.utime(path, (1_750_000_000, 1_750_000_000))
    result = run("status", a, b, c, d, "--format", "json")
    states = {m["name"]: m["state"] for m in result.json()["municipalities"]}
    assert states["Вяземский"] == "duplicate" and states["Руднянский"] == "ready"
    data = result.json()
    [other] = data["unattributed"]
    assert Path(other["file"]).name == "d.xlsx" and "«Неизвестный» не найдено в перечне" in other["reason"]
    assert data["received"] == 4 and data["summary"].startswith("получено 4 файла (в таблице 3, без муниципального")
    text = run("status", c).out
    assert "готово 1 из 27, с ошибками 0, не прислали 26" in text


# --- the same event in several reports ------------------------------------------------------

# Tuned on the reference report: every pair the check flags there (by event number).
SHARED = {(7, 84), (48, 78), (61, 79), (77, 80)}  # same dates and place: info
CONFLICTS = {(11, 56), (56, 87), (14, 45)}  # different dates: warning on both rows
SAME_EVENT_SAME_DATES = {(11, 87)}  # in the «Славянский хоровод» group, these two agree


def _numbers(checked):
    """Event number (1–97) of every (file, sheet, cell of the name)."""
    out, n = {}, 0
    for s in checked.validation.submissions:
        for e in s.entries:
            n += 1
            out[(s.form.file, e.row.sheet, e.row.cells["name"].ref)] = n
    return out


def test_shared_events_in_the_reference():
    checked = check_paths([str(SAMPLES)])
    number = _numbers(checked)
    found: dict[str, set] = {"event-shared": set(), "event-conflict": set()}
    for d in checked.validation.diagnostics:
        if d.code in found:
            me = number[(d.file, d.sheet, d.cell)]
            for r in d.related:
                found[d.code].add(tuple(sorted((me, number[(r.file, r.sheet, r.cell)]))))
    assert found["event-shared"] == SHARED
    assert found["event-conflict"] == CONFLICTS | SAME_EVENT_SAME_DATES
    slavic = [d for d in checked.validation.diagnostics if d.code == "event-conflict" and "хоровод" in d.fact("name")]
    assert any({d.fact("start"), *(start for _, _, start, *_ in d.fact("others"))} >= {dt.date(2025, 4, 12), dt.date(2025, 4, 13)}
               for d in slavic)
    assert all(d.severity == "warning" for d in checked.validation.diagnostics if d.code == "event-conflict")


def test_a_holiday_held_in_every_town_is_not_one_event(tmp_path):
    rows_a = canonical(["1.", "День единения народов России и Беларуси", "г. Смоленск", "2 апреля 2025", "x", "y"])
    rows_b = canonical(["1.", "Участие в Дне единения народов Беларуси и России", "пос. Красный", "2 апреля 2025",
                        "x", "y"], municipality="Краснинский")
    a = book(tmp_path / "a.xlsx", ("Мероприятия", rows_a))
    b = book(tmp_path / "b.xlsx", ("Мероприятия", rows_b))
    v = check_paths([str(a), str(b)]).validation
    assert not [d for d in v.diagnostics if d.code.startswith("event-")]


def test_shared_event_search_does_not_compare_everything_with_everything(tmp_path, fuzz_calls):
    """5,400 events of 60 names in 27 forms, spelt two ways: fuzzy comparisons stay near the number of names.

    Half the forms spell each name differently, so the events are found shared only if names
    are compared at all (the lower bound); never every pair with every pair (the upper one).
    """
    import random

    calls = fuzz_calls
    rng = random.Random(1)
    names = [f"Фестиваль «Событие {i} {'абвгдежзик'[i % 10] * 3}»" for i in range(60)]
    # The other spelling: another word before the quotes, a typo inside them.
    variants = {n: n.replace("Фестиваль «Событие", "Открытый фестиваль «Сабытие") for n in names}
    from reportgen.kind import load_kind
    from reportgen.model import Cell, Form, Row, Table

    kind = load_kind()
    forms = []
    for k, m in enumerate(list(kind.registry)[:27]):
        rows = []
        for i in range(200):
            day = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(60))
            name = rng.choice(names)
            rows.append(Row(10 + i, {"name": Cell(variants[name] if k % 2 else name, f"B{10 + i}"), "place": Cell("г. Смоленск", "C1"),
                                     "dates": Cell(day.strftime("%d.%m.%Y"), "D1"), "goal": Cell("x", "E1"),
                                     "participants": Cell("y", "F1")}))
        table = Table("Лист1", 5, {"name": "B", "place": "C", "dates": "D", "goal": "E", "participants": "F"})
        forms.append(Form(f"{m.short}.xlsx", "Лист1", {"municipality": _field(m.short)}, (table,), tuple(rows)))
    from reportgen.period import Period

    v = _checked(forms, kind, Period(2025, 2))
    found = [d for d in v.diagnostics if d.code in ("event-shared", "event-conflict")]
    more = [d for d in v.diagnostics if d.code in ("event-shared-more", "event-conflict-more")]
    # Every row is a shared event (27 municipalities, 60 festivals): each named, or counted with its form's rest.
    assert len(found) + sum(d.fact("n") for d in more) == 5400
    assert len(found) <= 27 * 20 and len(more) <= 27 * 2
    assert all(len(d.related) <= 8 for d in found)
    assert 60 <= calls["n"] < 5400, calls  # names are compared; the 14.6 million pairs are never formed


def _checked(forms, kind, period):
    """Forms checked as check_paths checks them: each on its own, then together, with their times."""
    from reportgen.check.forms import check_form, combine
    from reportgen.model import Received

    return combine([check_form(f, kind, period) for f in forms], kind, period, [Received() for _ in forms])


def _field(text):
    from reportgen.model import Field

    return Field(text, "C2")


def _quarter(kind, rows_by_form):
    """Checked forms from (name, place, day) rows, one form per municipality of the registry, in order."""
    from reportgen.model import Cell, Form, Row, Table
    from reportgen.period import Period

    forms = []
    for m, rows in zip(kind.registry, rows_by_form):
        made = [Row(10 + i, {"name": Cell(name, f"B{10 + i}"), "place": Cell(place, f"C{10 + i}"),
                             "dates": Cell(day.strftime("%d.%m.%Y"), f"D{10 + i}"), "goal": Cell("x", f"E{10 + i}"),
                             "participants": Cell("y", f"F{10 + i}")})
                for i, (name, place, day) in enumerate(rows)]
        table = Table("Лист1", 5, {"name": "B", "place": "C", "dates": "D", "goal": "E", "participants": "F"})
        forms.append(Form(f"{m.short}.xlsx", "Лист1", {"municipality": _field(m.short)}, (table,), tuple(made)))
    return _checked(forms, kind, Period(2025, 2))


def _pairs(v):
    """(row, related row) of every shared-event finding, rows as (file, cell)."""
    return {((d.file, d.cell), (r.file, r.cell)) for d in v.diagnostics if d.code in ("event-shared", "event-conflict")
            for r in d.related}


def test_shared_events_are_never_chained_beyond_the_dates_window(kind):
    """«Дружба-101» … «Дружба-505» in five towns two days apart: only rows within 3 days of each other are one event."""
    from reportgen.check.same_event import CLOSE_DAYS

    days = [dt.date(2025, 5, 1) + dt.timedelta(days=2 * k) for k in range(5)]
    towns = ["г. Смоленск", "г. Вязьма", "г. Гагарин", "г. Рославль", "г. Починок"]
    v = _quarter(kind, [[(f"Турнир «Дружба-{101 * (k + 1)}»", towns[k], days[k])] for k in range(5)])
    day_of = {(f"{m.short}.xlsx", "B10"): days[k] for k, m in enumerate(list(kind.registry)[:5])}
    pairs = _pairs(v)
    assert pairs  # neighbours two days apart are one event, reported with a conflict of dates
    far = [(a, b) for a, b in pairs if abs((day_of[a] - day_of[b]).days) > CLOSE_DAYS]
    assert not far, far  # never 4 or 8 days apart: A ~ B ~ C is no reason to call A and C one event
    assert all(abs((day_of[a] - day_of[b]).days) <= CLOSE_DAYS for a, b in pairs)
    for d in v.diagnostics:  # the text names only dates inside the window, too
        if d.code == "event-conflict":
            here = day_of[(d.file, d.cell)]
            for k, day in enumerate(days):
                if abs((day - here).days) > CLOSE_DAYS:
                    assert f"{day.day} мая" not in d.message.split("Здесь:")[0], d.message


def test_names_are_grouped_only_when_every_two_of_them_match(kind):
    """A ~ B and B ~ C by the fuzzy score, A and C not: A's finding never points at C, nor C's at A."""
    from rapidfuzz import fuzz

    from reportgen.check.same_event import QUOTED_SCORE, match_key
    from reportgen.model import Cell, Row

    names = ["Фестиваль «Северное сияние Смоленщины»", "Фестиваль «Северное сияние Смаленщины»",
             "Фестиваль «Саверное сияние Смаленщины»"]
    keys = [match_key(Row(1, {"name": Cell(n, "B1"), "place": Cell("г. Смоленск", "C1")}), kind)[1] for n in names]
    assert fuzz.ratio(keys[0], keys[1]) >= QUOTED_SCORE and fuzz.ratio(keys[1], keys[2]) >= QUOTED_SCORE, keys
    assert fuzz.ratio(keys[0], keys[2]) < QUOTED_SCORE, keys  # the premise: A and C do not match
    day = dt.date(2025, 5, 10)
    v = _quarter(kind, [[(n, "г. Смоленск", day)] for n in names])
    files = [f"{m.short}.xlsx" for m in list(kind.registry)[:3]]
    pairs = {(a[0], b[0]) for a, b in _pairs(v)}
    assert pairs  # B is found with one of them
    assert (files[0], files[2]) not in pairs and (files[2], files[0]) not in pairs, pairs


# --- annotate -------------------------------------------------------------------------------

def test_annotated_return_letter(run, tmp_path):
    src = tmp_path / "desnogorsk.xlsx"
    src.write_bytes((SAMPLES / "desnogorsk.xlsx").read_bytes())
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    back = tmp_path / "back"
    result = run("validate", "--annotate", back, src)
    assert result.code == 1
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    wb = openpyxl.load_workbook(back / "desnogorsk.xlsx")
    assert wb.sheetnames[0] == "Замечания" and wb.active.title == "Замечания"
    cell = wb["Май–Июнь"]["D7"]  # № 97's missing date, on the form's second sheet
    assert "Не указаны сроки" in cell.comment.text and "Что сделать" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    # Russian only, for clerks: no codes in the comments or on the «Замечания» sheet; rows fit their text; A4.
    notes_sheet = wb["Замечания"]
    texts = [str(c.value) for row in notes_sheet.iter_rows() for c in row if c.value] + [cell.comment.text]
    assert not [t for t in texts if re.search(r"\b[a-z]+-[a-z-]+\b", t)]
    assert [c.value for c in notes_sheet[1]] == ["№", "Где", "Важность", "Замечание", "Что сделать"]
    assert all(notes_sheet.row_dimensions[r].height for r in range(2, notes_sheet.max_row + 1))
    assert str(notes_sheet.page_setup.paperSize) == notes_sheet.PAPERSIZE_A4  # "9": A4
    assert wb["Март–Апрель"]["D6"].fill.fgColor.rgb.endswith("FFEB9C")  # a warning
    notes = list(wb["Замечания"].iter_rows(min_row=2, values_only=True))
    assert len(notes) == len(run("validate", src, "--format", "json").json()["diagnostics"])
    link = next(c for c in wb["Замечания"]["B"][1:] if c.value == "Май–Июнь!D7")
    assert link.hyperlink.location == "'Май–Июнь'!D7"
    # Everything else stays as sent: the same values in every cell of every sheet of the original.
    original = openpyxl.load_workbook(src)
    for name in original.sheetnames:
        assert [[c.value for c in r] for r in original[name].iter_rows()] == \
            [[c.value for c in r] for r in wb[name].iter_rows()], name


def test_a_quote_in_the_sheet_name_is_doubled_in_the_link(run, tmp_path):
    """Excel's reference syntax: inside the quotes a quote is written twice, or the link points nowhere."""
    bad = book(tmp_path / "bad.xlsx", ("Апр'ель", canonical(["1.", "x", "y", "", "z", "w"])))
    assert run("validate", "--annotate", tmp_path / "back", bad).code == 1
    notes = openpyxl.load_workbook(tmp_path / "back" / "bad.xlsx")["Замечания"]
    links = [c.hyperlink.location for c in notes["B"][1:] if c.hyperlink is not None]
    assert links and all(link.startswith("'Апр''ель'!") for link in links)


def test_annotate_leaves_clean_forms_alone_and_never_overwrites_inputs(run, tmp_path):
    clean = book(tmp_path / "clean.xlsx", ("Мероприятия", canonical(EVENT)))
    assert run("validate", "--annotate", tmp_path / "back", clean).code == 0
    assert not (tmp_path / "back" / "clean.xlsx").exists()
    bad = book(tmp_path / "bad.xlsx", ("Мероприятия", canonical(["1.", "x", "y", "", "z", "w"], municipality="Рудня")))
    before = bad.read_bytes()
    result = run("validate", "--annotate", tmp_path, bad)  # the copy would land on the input
    assert result.code == 2 and bad.read_bytes() == before


# --- exports and the numbers at a glance ----------------------------------------------------

def test_xlsx_and_json_exports(run, samples, tmp_path):
    out = tmp_path / "r.docx"
    result = run("build", samples, "--force", "-o", out, "--xlsx", tmp_path / "t.xlsx", "--json", tmp_path / "t.json")
    assert result.code == 0
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Мероприятия"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    assert header[:3] == ["№", "Муниципальное образование", "Наименование мероприятия"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 97 and [r[0] for r in rows] == list(range(1, 98))
    first = dict(zip(header, rows[0]))
    assert first["Муниципальное образование"] == "Смоленск"
    assert first["Начало"] == dt.datetime(2025, 3, 18) and first["Окончание"] == dt.datetime(2025, 3, 20)
    assert first["Файл"].endswith("Смоленск_2кв.xlsx") and first["Ячейка"] == "B7"  # under «Март 2025 года»
    assert rows[-1][header.index("Начало")] is None  # № 97 has no date
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["period"] == "2025-Q2" and len(data["events"]) == 97
    e = data["events"][55]
    assert e["number"] == 56 and e["municipality"] == "Краснинский" and e["start"] == "2025-04-12"
    _, table = read_report(out)
    assert [r[1] for r in table if len(r) > 1][1:] == [ev["name"] for ev in data["events"]]


def test_numbers_at_a_glance(run, samples):
    out = run("status", samples).out
    assert "По месяцам: март 2025 — 18, апрель 2025 — 39, май 2025 — 32, июнь 2025 — 7, без даты — 1" in out
    countries = out.split("Иностранные государства: ")[1].splitlines()[0]
    assert countries.startswith("Беларусь — ")
    for name in ("Китай", "Индия", "Венгрия", "Куба", "Кения", "Непал", "Мадагаскар", "Молдова"):
        assert f"{name} — " in countries


def test_country_stems_do_not_match_lookalike_words(tmp_path, kind):
    from reportgen.check.status import glance

    row = ["1.", "Кубок «Дружба»", "г. Смоленск", "2 апреля 2025", "x", "индивидуальные участники, ребята из Китая"]
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(row)))
    g = glance(check_paths([str(path)]).validation, kind)
    assert dict(g.countries) == {"Китай": 1}


# --- reference document -----------------------------------------------------------------------

def test_reference_doc_gives_page_styles_and_letterhead(run, samples, tmp_path):
    ref = tmp_path / "blank.docx"
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header.paragraphs[0].text = "АДМИНИСТРАЦИЯ — БЛАНК"
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(10)
    d.add_paragraph("Этот текст образца в отчет не попадает")
    d.save(str(ref))
    out = tmp_path / "r.docx"
    assert run("build", samples, "--force", "--reference-doc", ref, "-o", out).code == 0
    r = docx.Document(str(out))
    assert r.sections[0].header.paragraphs[0].text == "АДМИНИСТРАЦИЯ — БЛАНК"
    # A portrait бланк: the report's page is turned to landscape, its margins and header kept.
    assert abs(r.sections[0].page_width - Cm(29.7)) < Cm(0.05) and abs(r.sections[0].page_height - Cm(21)) < Cm(0.05)
    assert r.sections[0].orientation == 1  # WD_ORIENT.LANDSCAPE
    assert r.styles["Normal"].font.name == "Arial"  # the letterhead's styles stay for its own text…
    assert all("Этот текст образца" not in p.text for p in r.paragraphs)
    from docx.oxml.ns import qn

    grid = [int(g.get(qn("w:w"))) for g in r.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    usable = (Cm(29.7) - Cm(3) - Cm(1.5)) / 635
    assert abs(sum(grid) - usable) < 10
    # …but the title and every cell of the table keep the kind's font and size.
    runs = [run for p in r.paragraphs[:1] for run in p.runs]
    runs += [run for row in r.tables[0].rows[:5] for c in row.cells for p in c.paragraphs for run in p.runs]
    assert runs and all(run.font.name == "Times New Roman" for run in runs)
    assert all(run.font.size == Pt(12) for row in r.tables[0].rows[2:5] for c in row.cells
               for p in c.paragraphs for run in p.runs)
    _, rows = read_report(out)
    assert len(rows) == 1 + 14 + 97
    # The бланк has no footer: the report keeps its page numbers.
    footer = r.sections[0].footer
    assert not footer.is_linked_to_previous and "PAGE" in footer._element.xml


def test_letterhead_footer_without_page_numbers_is_named(run, samples, tmp_path):
    ref = tmp_path / "blank.docx"
    d = docx.Document()
    d.sections[0].footer.paragraphs[0].text = "г. Смоленск, ул. Ленина, 1"
    d.save(str(ref))
    result = run("build", samples, "--force", "--reference-doc", ref, "-o", tmp_path / "r.docx")
    assert result.code == 0
    assert "нет номеров страниц" in result.out
    r = docx.Document(str(tmp_path / "r.docx"))
    assert r.sections[0].footer.paragraphs[0].text == "г. Смоленск, ул. Ленина, 1"


@pytest.mark.parametrize("content", [b"not a docx", b"PK\x05\x06" + bytes(18)])
def test_bad_reference_doc_is_a_usage_error(run, samples, tmp_path, content):
    ref = tmp_path / "blank.docx"
    ref.write_bytes(content)
    result = run("build", samples, "--force", "--reference-doc", ref, "-o", tmp_path / "r.docx")
    assert result.code == 2 and "blank.docx" in result.err
    assert not (tmp_path / "r.docx").exists()
