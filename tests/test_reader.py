import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from books import EVENT, TITLES, book, canonical
from reportgen.read.form import read_form

def codes(form):
    return [d.code for d in form.diagnostics]


def test_canonical_form(tmp_path, kind):
    form = read_form(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))), kind)
    assert form.readable and form.sheet == "Мероприятия" and form.header_line == 5
    assert form.fields["municipality"].text == "Вяземский" and form.fields["municipality"].ref == "C2"
    assert form.fields["period"].text == "II квартал 2025 года"
    assert len(form.rows) == 1
    row = form.rows[0]
    assert row.text("name") == "Форум «Россия – Беларусь»"
    assert row.cells["name"].ref == "B6" and row.cells["dates"].ref == "D6"
    assert codes(form) == []


def test_header_anywhere_in_first_30_rows_any_order_no_number_column(tmp_path, kind):
    order = [4, 1, 5, 2, 3]  # goal, name, participants, place, dates
    header = [None] + [TITLES[i] for i in order]
    event = [None] + [EVENT[i] for i in order]
    rows = [[] for _ in range(27)] + [header, event]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    assert form.header_line == 28
    assert form.columns == {"goal": "B", "name": "C", "participants": "D", "place": "E", "dates": "F"}
    assert form.rows[0].text("place") == "г. Смоленск"
    assert form.rows[0].cells["place"].ref == "E29"


def test_header_below_row_30_is_not_found(tmp_path, kind):
    rows = [[] for _ in range(30)] + [TITLES, EVENT]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    assert codes(form) == ["no-header"]
    message = form.diagnostics[0].message
    assert "«Наименование мероприятия»" in message and "30" in message and "«Лист1»" in message


def test_lenient_titles(tmp_path, kind):
    header = ["№", "НАИМЕНОВАНИЕ  МЕРОПРИЯТИЯ", "Место проведения", "Сроки проведения",
              "Цель, содержание и результат мероприятия", "Участники мероприятия (количество человек)"]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [header, EVENT])), kind)
    assert set(form.columns) == {"number", "name", "place", "dates", "goal", "participants"}
    assert codes(form) == []


def test_title_with_e_and_line_breaks(tmp_path, kind):
    header = TITLES[:]
    header[3] = "Сроки\n\nпроведения   мероприятия"
    header[1] = "Наименование мероприятия (форума, конференции)"
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [header, EVENT])), kind)
    assert form.columns["dates"] == "D" and form.columns["name"] == "B"


def test_missing_required_column(tmp_path, kind):
    header = TITLES[:5]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [header, EVENT[:5]])), kind)
    assert "missing-column" in codes(form)
    assert any("Участники мероприятия" in d.message for d in form.diagnostics)


def test_unknown_column_with_data_is_named_with_its_count(tmp_path, kind):
    header = TITLES + ["Примечание", "Пустой"]
    rows = [header, EVENT + ["уточнить", None], EVENT + ["перенести", None], EVENT]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    [d] = [d for d in form.diagnostics if d.code == "column-unknown"]
    assert d.cell == "G1" and "«Примечание»" in d.message and "2 заполненные ячейки" in d.message
    assert len(form.rows) == 3


def test_data_in_a_column_without_title(tmp_path, kind):
    rows = [TITLES, EVENT + [None, "сноска"]]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    [d] = [d for d in form.diagnostics if d.code == "column-unknown"]
    assert d.cell == "H2" and "без заголовка" in d.message


def test_blank_and_numbered_filler_rows_are_skipped(tmp_path, kind):
    rows = canonical(EVENT, [], [None, None, None], ["2."], EVENT, [3], [4], [], [None, " \n "])
    form = read_form(book(tmp_path / "a.xlsx", ("Мероприятия", rows)), kind)
    assert [r.line for r in form.rows] == [6, 10]


def test_text_clean_up_keeps_line_breaks_and_nbsp(tmp_path, kind):
    event = EVENT[:]
    event[1] = "  Форум\u00a0«Дружба»  \r\n  второй   день\t\tзакрытие  \n\n"
    event[5] = "Делегации\n\nМинска и Бреста"
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [TITLES, event])), kind)
    assert form.rows[0].text("name") == "Форум\u00a0«Дружба»\nвторой день закрытие"
    assert form.rows[0].text("participants") == "Делегации\n\nМинска и Бреста"


def test_date_cell_is_written_in_words(tmp_path, kind):
    event = EVENT[:]
    event[3] = dt.datetime(2025, 3, 29)
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [TITLES, event])), kind)
    cell = form.rows[0].cells["dates"]
    assert cell.text == "29 марта 2025 года" and cell.value == dt.date(2025, 3, 29)


def test_numbers_in_text_columns(tmp_path, kind):
    event = EVENT[:]
    event[5] = 40
    event[2] = 2.5
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", [TITLES, event])), kind)
    assert form.rows[0].text("participants") == "40" and form.rows[0].text("place") == "2,5"


def test_every_visible_sheet_with_a_header_is_read_in_sheet_order(tmp_path, kind):
    instructions = [["Наименование мероприятия пишите полностью"], ["Сроки проведения — дата"]]
    other = [TITLES, ["1.", "Чужое", "x", "1 мая 2025 года", "x", "x"]]
    path = book(tmp_path / "a.xlsx", ("Инструкция", instructions), ("Старый", other),
                ("Мероприятия", canonical(EVENT)))
    form = read_form(path, kind)
    assert [r.text("name") for r in form.rows] == ["Чужое", EVENT[1]]
    assert [r.sheet for r in form.rows] == ["Старый", "Мероприятия"]
    assert form.sheet == "Старый" and form.fields["municipality"].sheet == "Мероприятия"
    [note] = [d for d in form.diagnostics if d.code == "sheets-read"]
    assert "«Старый» (1)" in note.message and "«Мероприятия» (1)" in note.message
    assert [(s.name, s.read) for s in form.sheets] == [("Инструкция", False), ("Старый", True), ("Мероприятия", True)]
    path = book(tmp_path / "b.xlsx", ("Инструкция", instructions), ("Лист2", canonical(EVENT)))
    form = read_form(path, kind)
    assert form.sheet == "Лист2" and codes(form) == []  # the instructions are part of the blank form


def test_a_sheet_with_text_but_no_table_is_named(tmp_path, kind):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)), ("Заметки", [["позвонить в отдел культуры"]]))
    form = read_form(path, kind)
    [d] = [d for d in form.diagnostics if d.code == "sheet-no-table"]
    assert d.sheet == "Заметки" and "«Заметки»" in d.message and d.severity == "warning"


def test_hidden_sheet_is_never_the_data_sheet(tmp_path, kind):
    path = book(tmp_path / "a.xlsx", ("Скрытый", canonical(["1.", "Скрытое", "x", "1 мая 2025", "x", "x"])),
                ("Видимый", canonical(EVENT)), hidden=("Скрытый",))
    form = read_form(path, kind)
    assert form.sheet == "Видимый" and form.rows[0].text("name") == EVENT[1]


def test_fields_after_a_colon_and_whole_cell(tmp_path, kind):
    rows = [["Муниципальное образование: Рославльский район"], ["Отчетный период:  2 кв. 2025"], TITLES, EVENT]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    assert form.fields["municipality"].text == "Рославльский район"
    assert form.fields["municipality"].ref == "A1"
    assert form.fields["period"].text == "2 кв. 2025"
    rows = [["Муниципальное образование «Вяземский муниципальный округ» Смоленской области"], TITLES, EVENT]
    form = read_form(book(tmp_path / "b.xlsx", ("Лист1", rows)), kind)
    assert form.fields["municipality"].text.startswith("Муниципальное образование «Вяземский")


def test_period_from_the_form_title(tmp_path, kind):
    rows = [["Отчет о мероприятиях … во II квартале 2025 года"], TITLES, EVENT]
    form = read_form(book(tmp_path / "a.xlsx", ("Лист1", rows)), kind)
    assert form.fields["period"].ref == "A1"


def _set_dimension(path: Path, ref: str) -> None:
    """Rewrite the sheet's declared size, as some exporters get it wrong."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            dst.writestr(item, data)
    shutil.move(tmp, path)


def test_lying_dimension_loses_no_rows(tmp_path, kind):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(*[EVENT] * 40)))
    _set_dimension(path, "A1:B3")
    with zipfile.ZipFile(path) as z:
        assert b'<dimension ref="A1:B3"' in z.read("xl/worksheets/sheet1.xml")
    form = read_form(path, kind)
    assert len(form.rows) == 40
    assert form.rows[-1].text("participants") == "40 человек"


def test_not_a_workbook_is_a_file_error(tmp_path, kind):
    path = tmp_path / "a.xlsx"
    path.write_text("это не книга Excel", encoding="utf-8")
    form = read_form(path, kind)
    assert codes(form) == ["file-format"] and not form.readable
    assert "текстовый файл" in form.diagnostics[0].message
    assert form.diagnostics[0].hint


def test_truncated_workbook_is_a_file_error(tmp_path, kind):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert codes(read_form(path, kind)) == ["file-unreadable"]


def test_a_column_twice_is_named_and_the_first_one_is_used(run, tmp_path):
    """Two «Место проведения» columns: column-duplicate on the second header, the first one's values in the report."""
    from books import TITLES, book, canonical
    from docx_text import read_report

    rows = canonical(["1.", "Форум «Дружба»", "г. Вязьма", "12.04.2025", "Обмен опытом", "40 человек", "г. Смоленск"])
    rows[4] = [*TITLES, "Место проведения"]
    path = book(tmp_path / "Форма с лишним столбцом.xlsx", ("Мероприятия", rows))
    result = run("validate", path)
    [line] = [line for line in result.out.splitlines() if "column-duplicate" in line]
    assert "Мероприятия!G5" in line and "«Место проведения»" in line and "столбец C" in line
    assert "предупреждение" in line
    assert run("build", path, "-o", tmp_path / "r.docx").code == 0  # a warning does not stop the build
    _, table = read_report(tmp_path / "r.docx")
    assert table[2][1:3] == ["Форум «Дружба»", "г. Вязьма"]
    assert "г. Смоленск" not in {c for r in table for c in r}


def _row_named(form, line):
    """Is `line` named by a finding («строка 6», «строки 5–7», or a cell of that row)?"""
    for d in form.diagnostics:
        if d.cell and re.fullmatch(rf"[A-Z]+{line}", d.cell):
            return True
        for m in re.finditer(r"строк[аи] (\d+)(?:–(\d+))?", d.message, re.IGNORECASE):
            if int(m.group(1)) <= line <= int(m.group(2) or m.group(1)):
                return True
    return False



@pytest.mark.parametrize("number", ["№\nп/п", None])
def test_an_event_under_the_header_is_never_taken_for_its_second_row(tmp_path, kind, number):
    """«Сроки» typed one row low, into the first event's row: that row is an event (or named), never lost.

    Its other cells are event text («Форум …» under «Наименование мероприятия», «1.» under «№»),
    not title words, so the two rows are not one header.
    """
    titles = [number, *TITLES[1:3], None, *TITLES[4:]]
    first = ["1." if number else None, *EVENT[1:3], "Сроки", *EVENT[4:]]
    events = [["2.", "Фестиваль «Славянский хоровод»", "г. Велиж", "13 апреля 2025 года", "Творчество", "Коллективы"],
              ["3.", "Круглый стол «Молодежь»", "г. Рославль", "20 мая 2025 года", "Сотрудничество", "12 человек"]]
    events = [e if number else [None, *e[1:]] for e in events]
    rows = canonical(first, *events)
    rows[4] = titles
    form = read_form(book(tmp_path / "a.xlsx", ("Мероприятия", rows)), kind)
    assert form.header_line == 5
    read = {r.line for r in form.rows}
    assert all(line in read or _row_named(form, line) for line in (6, 7, 8)), (read, form.diagnostics)
    assert 6 in read and form.rows[0].text("name") == "Форум «Россия – Беларусь»"
    assert {d.code for d in form.diagnostics} >= {"missing-column"}  # no dates title: said, not guessed


def test_a_second_header_row_is_made_of_title_words(kind):
    from reportgen.read.header import second_row

    top = ["№", "Наименование", "Место", "Сроки проведения", None, "Участники"]
    assert second_row(top, [None, "мероприятия", "проведения", "с", "по", "(количество)"], [(3, 4)], kind)
    assert second_row(["Сведения о мероприятии"] * 3, ["Наименование", "Место", "Примечание"], [(0, 2)], kind)
    assert not second_row(top, ["1.", "мероприятия", None, None, None, None], [], kind)
    assert not second_row(top, [None, "Форум «Россия – Беларусь»", "г. Смоленск", None, None, None], [], kind)
    assert not second_row(top, [None, None, None, dt.datetime(2025, 4, 12), None, None], [], kind)
