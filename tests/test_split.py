"""`reportgen split`: Word reports back into forms, and the round trips that prove it."""

import docx
import pytest
from docx.enum.text import WD_BREAK

from conftest import SAMPLES
from docx_text import read_report
from reference import write_reference_docx
from reference import assert_matches_reference


def table_text(path):
    title, rows = read_report(path)
    return title, rows


def test_build_split_build_gives_the_same_table(run, samples, reference, tmp_path):
    first = tmp_path / "first.docx"
    run("build", samples, "--force", "-o", first)
    result = run("split", first, "-o", tmp_path / "forms")
    assert result.code == 0, result.out
    forms = sorted((tmp_path / "forms").iterdir())
    assert len(forms) == 14 and (tmp_path / "forms" / "Форма_Вяземский_2025-Q2.xlsx") in forms
    second = tmp_path / "second.docx"
    run("build", tmp_path / "forms", "--force", "-o", second)
    assert table_text(first) == table_text(second)
    assert_matches_reference(second, reference)


def test_the_reference_as_word_splits_and_rebuilds_into_the_reference(run, reference, tmp_path):
    word = tmp_path / "reference.docx"
    write_reference_docx(word)
    result = run("split", word, "-o", tmp_path / "forms")
    assert result.code == 0, result.out
    assert len(list((tmp_path / "forms").iterdir())) == 14
    out = tmp_path / "rebuilt.docx"
    assert run("build", tmp_path / "forms", "--force", "-o", out).code == 0  # № 97 has no date: forced
    assert_matches_reference(out, reference)


def handmade(path, rows, *, title="Отчет о мероприятиях во II квартале 2025 года", after=None, two_row_header=False):
    """A report typed by hand: `rows` are lists of cell texts (one text: a merged section row)."""
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run(title[:10]).bold = True
    p.add_run(title[10:])  # mixed formatting in the title
    table = d.add_table(rows=0, cols=6)
    if two_row_header:
        top = ["№", "Наименование", "Место", "Сроки", "Цель, содержание и результат", "Участники"]
        bottom = ["п/п", "мероприятия", "проведения", "проведения", "мероприятия", "мероприятия"]
        for texts in (top, bottom):
            cells = table.add_row().cells
            for cell, text in zip(cells, texts):
                cell.text = text
    else:
        cells = table.add_row().cells
        for cell, text in zip(cells, ["№ п/п", "Наименование мероприятия", "Место проведения", "Сроки проведения",
                                      "Цель, содержание и результат мероприятия", "Участники мероприятия"]):
            cell.text = text
    for texts in rows:
        cells = table.add_row().cells
        if isinstance(texts, str):
            cells[0].merge(cells[5]).text = texts
            continue
        for cell, text in zip(cells, texts):
            if text == "<vmerge>":
                continue
            para = cell.paragraphs[0]
            for i, line in enumerate(text.split("\n")):
                if i:
                    para.add_run().add_break(WD_BREAK.LINE)
                run = para.add_run(line[: len(line) // 2])
                run.italic = True
                para.add_run(line[len(line) // 2:])
            cell.add_paragraph("")  # a trailing empty paragraph, as Word users leave them
    if after:
        after(d, table)
    d.save(str(path))


EV = ["Форум «Дружба»", "г. Вязьма", "12 апреля 2025 года", "Обмен опытом", "40 человек"]


def test_handmade_shapes(run, tmp_path):
    def extras(d, table):
        # a vertically merged place cell, and a signature table after the main one
        a, b = table.rows[-2].cells[2], table.rows[-1].cells[2]
        a.merge(b)
        d.add_paragraph("Глава муниципального образования")
        sig = d.add_table(rows=1, cols=2)
        sig.rows[0].cells[0].text = "Подпись"
        sig.rows[0].cells[1].text = "И.И. Иванов"

    rows = [
        ["1", "2", "3", "4", "5", "6"],  # the row that numbers the columns
        "Муниципальное образование «Вяземский муниципальный округ» Смоленской области",
        ["1", *EV],
        ["2)", "Концерт\nв двух отделениях", "г. Вязьма", "1 мая 2025 года", "Цель", "Участники"],
        ["3.", "", "", "", "", ""],  # an unused numbered row
        ["Рославльский район", "", "", "", "", ""],  # a section typed into the first cell only
        ["1.", "Выставка", "г. Рославль", "Май 2025 года", "Цель", "Участники"],
        ["2.", "Ярмарка", "г. Рославль", "2 мая 2025 года", "Цель", "Участники"],
    ]
    path = tmp_path / "hand.docx"
    handmade(path, rows, after=extras, two_row_header=True)
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 0, result.out
    assert "split-merged-cell" in result.out and "split-unplaced" in result.out
    assert "И.И. Иванов" in result.out  # the signature table is named, not silently dropped
    out = tmp_path / "r.docx"
    run("build", tmp_path / "forms", "--force", "-o", out)
    _, table = read_report(out)
    assert table[1] == ["Муниципальное образование «Вяземский муниципальный округ» Смоленской области"]
    assert table[2][1:] == EV
    assert table[3][1] == "Концерт\nв двух отделениях"
    assert table[4] == ["Муниципальное образование «Рославльский муниципальный округ» Смоленской области"]
    assert [r[1] for r in table[5:]] == ["Выставка", "Ярмарка"]
    # The merged place is shared by both rows (a merge joins the texts, as Word and LibreOffice do), and named.
    assert table[6][2] == table[5][2] == "г. Рославль\nг. Рославль"
    assert "объединены со строкой выше; их значение отнесено и к этой строке" in result.out


def test_continuation_table_is_part_of_the_report(run, tmp_path):
    def second_part(d, table):
        d.add_paragraph("")
        more = d.add_table(rows=1, cols=6)
        for cell, text in zip(more.rows[0].cells, ["2.", "Второе", "г. Вязьма", "2 мая 2025 года", "Цель", "Все"]):
            cell.text = text

    path = tmp_path / "two.docx"
    handmade(path, ["Вяземский муниципальный округ", ["1.", *EV]], after=second_part)
    assert run("split", path, "-o", tmp_path / "forms").code == 0
    out = tmp_path / "r.docx"
    run("build", tmp_path / "forms", "-o", out)
    assert [r[1] for r in read_report(out)[1][2:]] == ["Форум «Дружба»", "Второе"]


def test_unknown_section_names_the_row_and_the_nearest_names(run, tmp_path):
    path = tmp_path / "bad.docx"
    handmade(path, ["Муниципальное образование «Вяземскй муниципальный округ» Смоленской области", ["1.", *EV]])
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 1 and not (tmp_path / "forms").exists()
    [line] = [line for line in result.out.splitlines() if "split-unknown-section" in line]
    assert "таблица 1!строка 2" in line and "«Вяземский»" in line and "(1)" in line


def test_rows_that_cannot_be_placed_are_errors_unless_forced(run, tmp_path):
    path = tmp_path / "bad.docx"
    handmade(path, [["1.", *EV], "Вяземский", ["", "Без номера", "г. Вязьма", "1 мая 2025", "x", "y"],
                    ["2.", *EV]])
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 1 and not (tmp_path / "forms").exists()
    assert "таблица 1!строка 2: ошибка split-orphan-row" in result.out
    assert "таблица 1!строка 4: ошибка split-unnumbered" in result.out
    result = run("split", path, "-o", tmp_path / "forms", "--force")
    assert result.code == 0 and len(list((tmp_path / "forms").iterdir())) == 1


def test_period_from_option_when_the_title_has_none(run, tmp_path):
    path = tmp_path / "r.docx"
    handmade(path, ["Вяземский", ["1.", *EV]], title="Отчет о мероприятиях")
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 1 and "period-missing" in result.out
    assert run("split", path, "-o", tmp_path / "forms", "--period", "2025-Q2").code == 0
    assert (tmp_path / "forms" / "Форма_Вяземский_2025-Q2.xlsx").is_file()


def test_a_period_option_other_than_the_titles_is_a_warning_and_the_forms_take_the_option(run, tmp_path):
    from reportgen.api import split_file
    from reportgen.period import Period

    path = tmp_path / "r.docx"
    handmade(path, ["Вяземский", ["1.", *EV]])  # the title says II квартал 2025 года
    split = split_file(path, period=Period(2025, 3))
    [d] = [d for d in split.diagnostics if d.code == "split-period-differs"]
    assert (d.file, d.sheet, d.cell, d.severity) == (str(path), None, None, "warning")
    assert not [d for d in split_file(path, period=Period(2025, 2)).diagnostics if d.code == "split-period-differs"]
    result = run("split", path, "-o", tmp_path / "forms", "--period", "2025-Q3")
    assert result.code == 0 and "split-period-differs" in result.out
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == ["Форма_Вяземский_2025-Q3.xlsx"]


@pytest.mark.parametrize("content,code", [(b"PK\x05\x06" + bytes(18), "file-format"), (b"text", "file-format")])
def test_not_a_word_report(run, tmp_path, content, code):
    path = tmp_path / "r.docx"
    path.write_bytes(content)
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 1 and code in result.out and "Traceback" not in result.out + result.err


def test_a_form_is_not_a_report(run, tmp_path):
    result = run("split", SAMPLES / "desnogorsk.xlsx", "-o", tmp_path / "forms")
    assert result.code == 1 and "не документ Word" in result.out


def test_missing_report_is_a_usage_error(run, tmp_path):
    assert run("split", tmp_path / "nope.docx").code == 2


def test_a_document_without_the_report_table(run, tmp_path):
    """A letter, or a table with other columns: split-no-table names the columns looked for; nothing is written."""
    def other_table(d, table):
        t = d.add_table(rows=2, cols=3)
        for cell, text in zip(t.rows[0].cells, ["Дата", "Сумма", "Примечание"]):
            cell.text = text

    path = tmp_path / "Письмо в область.docx"
    d = docx.Document()
    d.add_paragraph("Отчет о мероприятиях во II квартале 2025 года")
    other_table(d, None)
    d.save(str(path))
    result = run("split", path, "-o", tmp_path / "формы")
    assert result.code == 1 and not (tmp_path / "формы").exists()
    [line] = [line for line in result.out.splitlines() if "ошибка split-no-table" in line]
    assert line.startswith(f"{path}: ") and "«Наименование мероприятия»" in line
    assert "--force их не обходит" in result.out
    assert run("split", path, "-o", tmp_path / "формы", "--force").code == 1  # a whole-file error


def test_a_section_met_twice_gathers_its_events_in_one_form(run, tmp_path):
    second = ["Второе", "г. Вязьма", "2 мая 2025 года", "Цель", "Все"]
    rosl = ["Выставка", "г. Рославль", "3 мая 2025 года", "Цель", "Все"]
    path = tmp_path / "twice.docx"
    handmade(path, ["Вяземский муниципальный округ", ["1.", *EV], "Рославльский район", ["2.", *rosl],
                    "Вяземский муниципальный округ", ["3.", *second]])
    result = run("split", path, "-o", tmp_path / "формы")
    assert result.code == 0, result.out
    [line] = [line for line in result.out.splitlines() if "split-section-twice" in line]
    assert "таблица 1!строка 6" in line and "«Вяземский»" in line
    assert sorted(p.name for p in (tmp_path / "формы").iterdir()) == [
        "Форма_Вяземский_2025-Q2.xlsx", "Форма_Рославльский_2025-Q2.xlsx"]
    out = tmp_path / "r.docx"
    assert run("build", tmp_path / "формы", "-o", out).code == 0
    _, table = read_report(out)
    names = [r[1] for r in table[1:] if len(r) > 1]
    assert names == ["Форум «Дружба»", "Второе", "Выставка"]  # registry order; both Vyazma events, in order


def test_a_report_table_with_no_sections(run, tmp_path):
    path = tmp_path / "empty.docx"
    handmade(path, [["1.", "", "", "", "", ""]])  # the header and one unused numbered row
    result = run("split", path, "-o", tmp_path / "формы")
    assert result.code == 1 and "split-empty" in result.out and not (tmp_path / "формы").exists()


def test_columns_merged_across_in_an_event_row_are_named(run, tmp_path):
    def across(d, table):
        row = table.rows[-1]
        row.cells[4].merge(row.cells[5])  # «Цель» and «Участники» run together

    rows = [
        "Муниципальное образование «Вяземский муниципальный округ» Смоленской области",
        ["1.", *EV],
        ["2.", "Ярмарка", "г. Вязьма", "2 мая 2025 года", "Цель", "Участники"],
    ]
    path = tmp_path / "hand.docx"
    handmade(path, rows, after=across)
    result = run("split", path, "-o", tmp_path / "forms")
    assert result.code == 0, result.out
    lines = [line for line in result.out.splitlines() if "split-merged-cell" in line]
    assert len(lines) == 1 and "«Цель" in lines[0] and "«Участники" in lines[0] and "строка" in lines[0]


@pytest.mark.parametrize("shape, said, hint", [
    ("encrypted", "Документ защищен паролем", "в Word «Файл → Сведения → Защита документа"),
    ("odt", "а не документ Word (.docx)", "сохраните как «Документ Word (.docx)»"),
])
def test_word_inputs_are_told_in_word_terms(shape, said, hint, run, tmp_path):
    """A password-protected report or an .odt: what it is and what to do, in Word's terms, for split and a бланк."""
    from hostile import _odt, _ole

    path = tmp_path / "отчет.docx"
    (_ole("EncryptedInfo", "EncryptedPackage") if shape == "encrypted" else _odt)(path)
    for args in (["split", path, "-o", tmp_path / "f"],
                 ["build", tmp_path, "--reference-doc", path, "-o", tmp_path / "r.docx"]):
        result = run(*args)
        text = result.out + result.err
        assert result.code in (1, 2) and said in text and hint in text, text
        assert "Excel" not in text.split(said, 1)[1][:200]
