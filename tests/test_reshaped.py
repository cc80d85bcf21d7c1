"""Each situation of issue 10, through the command line: forms as clerks reshape them.

Every test states what a person sees in the sheet and checks the report (or the findings)
against it: the events, nothing else, and a finding for every line that is not an event.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from books import EVENTS, TITLES, book, canonical, duplicate_row, rewrite_zip
from docx_text import read_report


def built(run, tmp_path: Path, *inputs: Path, force: bool = False) -> list[list[str]]:
    """The report's event rows (№ dropped) after a build that must succeed."""
    out = tmp_path / "out.docx"
    result = run("build", *inputs, "--period", "2025-Q2", "-o", out, *(["--force"] if force else []))
    assert result.code == 0, result.out + result.err
    _, rows = read_report(out)
    return [r[1:] for r in rows[1:] if len(r) == 6]


def findings(run, *inputs: Path) -> list[dict]:
    return run("validate", *inputs, "--period", "2025-Q2", "--format", "json").json()["diagnostics"]


def coded(diags: list[dict], code: str) -> list[dict]:
    return [d for d in diags if d["code"] == code]


# --- the labelled fields --------------------------------------------------------------------

def test_label_with_a_colon_and_the_value_in_the_next_cell(run, tmp_path):
    """The commonest layout: «Муниципальное образование:» in A2, the name in B2; the same for the period."""
    path = book(tmp_path / "форма.xlsx", ("Лист1", [
        ["Отчет о мероприятиях в международной сфере"],
        ["Муниципальное образование:", "Рославльский муниципальный округ"],
        ["Отчетный период:", "II квартал 2025 года"],
        [],
        TITLES, EVENTS[0]]))
    result = run("validate", path, "--format", "json")
    assert result.code == 0, result.out
    data = result.json()
    assert data["forms"][0]["municipality"] == "Рославльский" and data["period"] == "2025-Q2"
    assert data["diagnostics"] == []
    assert built(run, tmp_path, path) == [EVENTS[0][1:]]


@pytest.mark.parametrize("rows,merges", [
    # the value merged over several cells
    ([["Муниципальное образование:", "Вяземский район", None, None], ["Отчетный период:", "2 кв. 2025"]],
     ["B1:D1"]),
    # the value on the line above its caption, as on printed forms
    ([["Вяземский муниципальный округ"], ["(наименование муниципального образования)"],
      ["II квартал 2025 года"], ["(отчетный период)"]], ["A1:F1", "A2:F2"]),
    # the value under its label
    ([["Муниципальное образование"], ["Вяземский"], ["Отчетный период"], ["II квартал 2025 года"]], []),
])
def test_field_values_where_printed_forms_put_them(rows, merges, run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Лист1", [*rows, [], TITLES, EVENTS[0]]), merges={"Лист1": merges})
    data = run("validate", path, "--format", "json").json()
    assert data["forms"][0]["municipality"] == "Вяземский" and data["period"] == "2025-Q2"
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


def test_municipality_from_the_title_before_the_file_name(run, tmp_path):
    path = book(tmp_path / "Рославль.xlsx", ("Лист1", [
        ["Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления "
         "Вяземского муниципального округа во II квартале 2025 года"], [], TITLES, EVENTS[0]]))
    data = run("validate", path, "--format", "json").json()
    assert data["forms"][0]["municipality"] == "Вяземский"
    [d] = coded(data["diagnostics"], "municipality-from-title")
    assert d["severity"] == "warning" and d["cell"] == "A1" and "«Вяземский»" in d["message"]


@pytest.mark.parametrize("spelling,short", [
    ("г. Рославль", "Рославльский"), ("г.Рославль", "Рославльский"), ("Рославльский р-н", "Рославльский"),
    ("Вяземский МО", "Вяземский"), ("МО «Вяземский муниципальный округ» Смоленской области", "Вяземский"),
    ("Администрация города Смоленска", "Смоленск"), ("п. Шумячи", "Шумячский"),
    ("Администрация Починковского муниципального округа", "Починковский"),
])
def test_everyday_names_are_known(spelling, short, run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Лист1", canonical(EVENTS[0], municipality=spelling)))
    result = run("validate", path, "--format", "json")
    assert result.code == 0 and result.json()["forms"][0]["municipality"] == short


def test_a_name_of_no_municipality_is_refused_with_the_nearest(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Лист1", canonical(EVENTS[0], municipality="Рославльский техникум")))
    result = run("validate", path, "--format", "json")
    assert result.code == 1
    [d] = coded(result.json()["diagnostics"], "municipality-unknown")
    assert "«Рославльский»" in d["hint"] and d["cell"] == "C2"


def test_two_sheets_naming_two_municipalities_is_an_error(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Апрель", canonical(EVENTS[0], municipality="Вяземский")),
                ("Май", canonical(EVENTS[1], municipality="Гагаринский")))
    result = run("validate", path, "--format", "json")
    assert result.code == 1
    [d] = coded(result.json()["diagnostics"], "municipality-conflict")
    assert d["sheet"] == "Май" and "Гагаринский" in d["message"]


# --- lines under and inside the table -------------------------------------------------------

def test_lines_under_the_table_are_not_events(run, tmp_path):
    rows = canonical(*EVENTS[:2]) + [
        [],
        [None, "Итого: 2 мероприятия"],
        ["Примечание: сведения об участниках уточняются"],
        [],
        [None, "Глава муниципального образования ____________ И.И. Петров"],
        [None, "Глава муниципального образования", None, None, None, "И.И. Петров"],
        ["М.П."],
        ["Исполнитель: Иванова М.П., тел. 8 (48131) 4-12-34"],
        [None, "01.07.2025"],
        [None, dt.datetime(2025, 7, 1)],
    ]
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS[:2]]
    skipped = coded(findings(run, path), "row-skipped")
    lines = sorted(int(d["cell"][1:]) for d in skipped)
    assert lines == [9, 10, 12, 13, 14, 15, 16, 17]
    assert all(d["severity"] == "info" for d in skipped)
    assert any("итоговая строка" in d["message"] for d in skipped)
    assert any("примечание" in d["message"] for d in skipped)
    said = {int(d["cell"][1:]): d["facts"]["reason"] for d in skipped}
    assert [said[line] for line in range(12, 18)] == [
        "реквизиты под таблицей — подпись", "реквизиты под таблицей — подпись",
        "реквизиты под таблицей — печать (М.П.)", "реквизиты под таблицей — исполнитель, телефон",
        "дата под таблицей", "дата под таблицей"]


def test_a_row_of_column_numbers_under_the_header(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical([1, 2, 3, 4, 5, 6], *EVENTS[:2])))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS[:2]]
    [d] = coded(findings(run, path), "row-skipped")
    assert d["cell"] == "A6" and "номерами столбцов" in d["message"]


def test_month_headings_typed_in_the_name_column(run, tmp_path):
    rows = canonical([None, "Апрель 2025 года"], *EVENTS[:2], [None, "Май 2025 года"], EVENTS[2])
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]
    assert [d["cell"] for d in coded(findings(run, path), "row-skipped")] == ["B6", "B9"]


def test_a_second_table_of_planned_events_is_named_and_left_out(run, tmp_path):
    rows = canonical(*EVENTS[:2]) + [
        [],
        ["Планируемые мероприятия на III квартал 2025 года"],
        TITLES,
        ["1.", "Форум «Будущее»", "г. Смоленск", "Июль 2025 года", "Планы", "50 человек"],
    ]
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows), merges={"Мероприятия": ["A9:F9"]})
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS[:2]]
    [d] = coded(findings(run, path), "table-planned")
    assert d["severity"] == "warning" and d["cell"] == "A9" and "Планируемые мероприятия" in d["message"]
    assert "строки 9–11" in d["message"]


def test_another_table_of_the_quarter_lower_on_the_sheet_is_read(run, tmp_path):
    rows = canonical(EVENTS[0]) + [[], ["Мероприятия, проведенные в июне 2025 года"], TITLES, EVENTS[1]]
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS[:2]]


def test_nothing_to_report(run, tmp_path):
    rows = canonical(["1.", "Мероприятия не проводились", "-", "-", "—", "-"])
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    result = run("status", path, "--period", "2025-Q2", "--format", "json")
    line = next(m for m in result.json()["municipalities"] if m["name"] == "Вяземский")
    assert line["state"] == "ready" and line["events"] == 0
    [d] = coded(findings(run, path), "row-skipped")
    assert "мероприятий не было" in d["message"]


def test_an_ambiguous_line_is_a_warning_at_its_cell(run, tmp_path):
    rows = canonical(EVENTS[0], [None, "Культурный обмен"], EVENTS[1])
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    [d] = coded(findings(run, path), "row-ambiguous")
    assert d["severity"] == "warning" and d["cell"] == "B7" and "Культурный обмен" in d["message"]
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS[:2]]


# --- several sheets ---------------------------------------------------------------------------

def test_a_form_kept_on_two_sheets_loses_no_sheet(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Апрель–Май", canonical(*EVENTS[:2])), ("Июнь", [TITLES, EVENTS[2]]))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]
    diags = findings(run, path)
    [d] = coded(diags, "sheets-read")
    assert "«Апрель–Май» (2)" in d["message"] and "«Июнь» (1)" in d["message"]


def test_a_blank_events_sheet_does_not_hide_the_events_on_another(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical()), ("Лист1", [TITLES, *EVENTS]))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]


def test_a_sheet_with_text_but_no_table_is_a_warning(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0])),
                ("Июнь", [["Мероприятия июня: 2 концерта, см. письмо"]]))
    [d] = coded(findings(run, path), "sheet-no-table")
    assert d["sheet"] == "Июнь" and d["severity"] == "warning"


# --- merged cells ------------------------------------------------------------------------------

def test_one_place_merged_over_two_events_is_the_place_of_both(run, tmp_path):
    second = EVENTS[1][:2] + [None] + EVENTS[1][3:]
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0], second)),
                merges={"Мероприятия": ["C6:C7", "D6:D7"]})
    first = EVENTS[0][1:]
    assert built(run, tmp_path, path) == [first, [EVENTS[1][1], first[1], first[2], *EVENTS[1][4:]]]
    shared = coded(findings(run, path), "merged-shared")
    assert {d["cell"] for d in shared} == {"C6", "D6"} and all(d["severity"] == "info" for d in shared)


def test_a_tall_event_is_one_event(run, tmp_path):
    tall = [["1.", "Визит делегации", "г. Минск", "12 апреля 2025 года", "Переговоры о сотрудничестве", "5 человек"],
            [None, None, "Республика Беларусь", None, "Подписано соглашение", "делегация Минска"]]
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(*tall, EVENTS[1])),
                merges={"Мероприятия": ["A6:A7", "B6:B7", "D6:D7"]})
    assert built(run, tmp_path, path) == [
        ["Визит делегации", "г. Минск\nРеспублика Беларусь", "12 апреля 2025 года",
         "Переговоры о сотрудничестве\nПодписано соглашение", "5 человек\nделегация Минска"], EVENTS[1][1:]]
    [d] = coded(findings(run, path), "row-joined")
    assert d["cell"] == "C7"  # the first cell of the continuation (A7 and B7 lie under the merges)


# --- headers as people make them ----------------------------------------------------------------

def test_a_two_row_header_with_group_titles(run, tmp_path):
    rows = [["Муниципальное образование:", "Вяземский"], [],
            ["№", "Сведения о мероприятии", None, None, "Итоги", None],
            [None, "Наименование", "Место", "Сроки", "Цель, содержание и результат", "Участники"],
            *EVENTS]
    path = book(tmp_path / "форма.xlsx", ("Лист1", rows), merges={"Лист1": ["A3:A4", "B3:D3", "E3:F3"]})
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]


@pytest.mark.parametrize("layout", ["one-row", "two-rows"])
def test_start_and_end_date_columns_are_joined(layout, run, tmp_path):
    head = ["№", "Наименование мероприятия", "Место проведения", "Дата начала", "Дата окончания",
            "Цель, содержание и результат", "Участники"]
    merges = []
    if layout == "two-rows":
        head = [["№", "Наименование мероприятия", "Место проведения", "Сроки проведения", None,
                 "Цель, содержание и результат", "Участники"], [None, None, None, "с", "по", None, None]]
        merges = ["D5:E5"]
    rows = [["Отчет"], ["Муниципальное образование:", "Вяземский"], [], [],
            *(head if layout == "two-rows" else [head]),
            ["1.", "Форум", "г. Смоленск", dt.datetime(2025, 4, 12), dt.datetime(2025, 4, 14), "Цель", "40"],
            ["2.", "Выставка", "г. Минск", "30.04.2025", "02.05.2025", "Цель", "10"],
            ["3.", "Концерт", "г. Велиж", dt.datetime(2025, 5, 20), None, "Цель", "5"],
            ["4.", "Встреча", "г. Орша", dt.datetime(2025, 6, 20), dt.datetime(2025, 6, 18), "Цель", "3"]]
    path = book(tmp_path / "форма.xlsx", ("Лист1", rows), merges={"Лист1": merges})
    got = built(run, tmp_path, path, force=True)
    assert [r[2] for r in got] == ["12–14 апреля 2025 года", "30 апреля – 2 мая 2025 года", "20 мая 2025 года",
                                   "20 июня 2025 года – 18 июня 2025 года"]
    diags = findings(run, path)
    assert coded(diags, "columns-combined")
    [reversed_] = coded(diags, "date-reversed")  # the same checks as a typed date
    assert reversed_["cell"].startswith("D")


# --- odd files ----------------------------------------------------------------------------------

def test_two_rows_with_one_number_in_the_sheet_xml_lose_no_event(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0], EVENTS[1])))
    duplicate_row(path, 7, {"A": "2а.", "B": "Выставка «Ремесла»", "C": "г. Велиж", "D": "14 апреля 2025 года",
                            "E": "Обмен опытом", "F": "10 человек"})
    names = [r[0] for r in built(run, tmp_path, path)]
    assert names == [EVENTS[0][1], EVENTS[1][1], "Выставка «Ремесла»"]
    [d] = coded(findings(run, path), "row-number-duplicate")
    assert d["cell"] == "A7" and d["severity"] == "warning"


def test_forms_are_never_skipped_for_their_names(run, tmp_path):
    folder = tmp_path / "входящие"
    folder.mkdir()
    book(folder / "..xlsx", ("Мероприятия", canonical(EVENTS[0])))
    (folder / "._..xlsx").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 60)  # macOS copy metadata
    (folder / "~$..xlsx").write_bytes(b"\x0cowner" + b"\x00" * 40)
    (folder / "старое").mkdir()
    data = run("validate", folder, "--period", "2025-Q2", "--format", "json").json()
    assert [Path(f["file"]).name for f in data["forms"]] == ["..xlsx"] and data["forms"][0]["events"] == 1
    reasons = {Path(s["file"]).name: s["reason"] for s in data["skipped"]}
    assert set(reasons) == {"._..xlsx", "~$..xlsx", "старое"}
    assert "macOS" in reasons["._..xlsx"] and "блокировки" in reasons["~$..xlsx"] and "папка" in reasons["старое"]


@pytest.mark.parametrize("variant", ["backslashes", "uppercase-xls-stream"])
def test_workbooks_from_other_software_are_read(variant, run, tmp_path, office):
    """Zip names with backslashes, an .xls whose workbook stream is named in capitals: valid, and read."""
    from reportgen.write.office import convert

    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(*EVENTS)))
    if variant == "backslashes":
        rewrite_zip(path, lambda name, data: (name.replace("/", "\\") if name.startswith("xl/") else name, data))
    else:
        [xls] = convert([path], "xls:MS Excel 97", tmp_path / "xls")
        data = xls.read_bytes()
        assert "Workbook".encode("utf-16-le") in data
        path = tmp_path / "форма.xls"
        path.write_bytes(data.replace("Workbook".encode("utf-16-le"), "WORKBOOK".encode("utf-16-le")))
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]


def test_strict_open_xml_is_read_like_python_calamine_reads_it(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(*EVENTS)))
    strict = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
              b"http://purl.oclc.org/ooxml/spreadsheetml/main",
              b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"}

    def edit(name: str, data: bytes):
        for a, b in strict.items():
            data = data.replace(a, b) if not name.endswith(".rels") and name != "[Content_Types].xml" else data
        return name, data
    rewrite_zip(path, edit)
    with zipfile.ZipFile(path) as z:
        assert b"purl.oclc.org/ooxml/spreadsheetml" in z.read("xl/workbook.xml")
    assert built(run, tmp_path, path) == [e[1:] for e in EVENTS]


def test_a_zip_that_is_no_workbook_is_still_refused(run, tmp_path):
    path = tmp_path / "архив.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
        z.writestr("data/list.csv", "a;b")
    result = run("validate", path, "--format", "json")
    assert result.code == 1
    [d] = result.json()["diagnostics"]
    assert d["code"] == "file-format" and "zip-архив" in d["message"]


def test_reshaped_samples_build_unchanged(run, tmp_path, samples):
    """samples/q2 holds reshaped forms; the report they give is the reference (test_golden checks
    the texts); here: every reshaped form is read with no ambiguity and no row error but № 97's."""
    data = run("validate", samples, "--format", "json").json()
    assert not coded(data["diagnostics"], "row-ambiguous")
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert [d["code"] for d in errors] == ["date-missing"]


def test_a_short_event_between_events_is_not_taken_for_a_signature(run, tmp_path):
    short = [None, "Лекция профессора Д.С. Иванова", None, "14 апреля 2025 года", None, None]  # not numbered
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0], short, EVENTS[2])))
    got = built(run, tmp_path, path, force=True)
    assert [r[0] for r in got] == [EVENTS[0][1], short[1], EVENTS[2][1]]
    assert coded(findings(run, path), "value-missing")  # its empty cells are errors, not a silent skip


# --- found by a trial run of a quarter with forms filled as district offices fill them ----------

def test_a_name_continued_on_the_next_line_is_joined_with_a_warning(run, tmp_path):
    rows = canonical(["1.", "Визит делегации г. Витебска", "г. Ельня", "5 мая 2025 года", "Переговоры", "10"],
                     [None, "по вопросам культурного сотрудничества"], [None, "май 2025 г."], EVENTS[1])
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows))
    got = built(run, tmp_path, path)
    assert [r[0] for r in got] == ["Визит делегации г. Витебска\nпо вопросам культурного сотрудничества", EVENTS[1][1]]
    diags = findings(run, path)
    [joined] = coded(diags, "row-ambiguous")
    assert joined["cell"] == "B7" and joined["facts"]["event"] == 6
    [heading] = coded(diags, "row-skipped")  # a lower-case month is still a heading
    assert heading["cell"] == "B8"


def test_a_whole_event_typed_into_one_merged_row_is_a_warning(run, tmp_path):
    rows = canonical(EVENTS[0], ["2. 15 мая 2025 г. — встреча с делегацией г. Орши (Республика Беларусь), г. Ельня, "
                                 "10 человек"], EVENTS[2])
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", rows), merges={"Мероприятия": ["A7:F7"]})
    [d] = coded(findings(run, path), "row-ambiguous")
    assert d["cell"] == "A7" and "разнесите" in d["hint"]


def test_events_on_a_sheet_without_a_header_stop_the_build(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0])), ("Июнь", [EVENTS[1], EVENTS[2]]))
    result = run("build", path, "--period", "2025-Q2", "-o", tmp_path / "r.docx")
    assert result.code == 1 and not (tmp_path / "r.docx").exists()
    [d] = coded(findings(run, path), "sheet-rows-unread")
    assert d["sheet"] == "Июнь" and d["cell"] == "A1" and "2 строки" in d["message"]


def test_column_numbers_written_as_columns(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical([f"гр. {n}" for n in range(1, 7)], EVENTS[0])))
    assert built(run, tmp_path, path) == [EVENTS[0][1:]]


def test_nothing_to_report_in_a_sentence(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(
        [None, "Международных мероприятий в отчетном периоде не проводилось."])))
    diags = findings(run, path)
    assert [d["code"] for d in diags] == ["row-skipped"] and "не было" in diags[0]["message"]


def test_a_renamed_column_is_one_finding(run, tmp_path):
    rows = canonical(EVENTS[0])
    rows[4] = TITLES[:4] + ["Краткое содержание", TITLES[5]]
    codes = [d["code"] for d in findings(run, book(tmp_path / "форма.xlsx", ("Мероприятия", rows)))]
    assert codes.count("missing-column") == 1 and "value-missing" not in codes


def test_the_period_as_its_months_and_the_region_as_a_name(run, tmp_path):
    path = book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(EVENTS[0], period="апрель-июнь 2025 г.")))
    assert run("validate", path, "--format", "json").json()["period"] == "2025-Q2"
    path = book(tmp_path / "область.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Смоленская область")))
    [d] = coded(findings(run, path), "municipality-unknown")
    assert "это область" in d["message"] and "Смоленск»" not in d["hint"]


def test_an_excel_day_number_in_the_dates_column_is_explained(run, tmp_path):
    event = EVENTS[0][:3] + [45786] + EVENTS[0][4:]
    [d] = coded(findings(run, book(tmp_path / "форма.xlsx", ("Мероприятия", canonical(event)))), "date-unparsed")
    assert "9 мая 2025 года" in d["hint"]
