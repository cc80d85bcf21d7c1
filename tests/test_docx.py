"""The Word writer: structure that Word and LibreOffice rely on, read back from the XML."""

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from docx_text import read_report
from reportgen.write.report import write_docx
from reportgen.model import Event, Report, Section

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def small_report(kind, texts=("Форум", "г. Смоленск", "12 апреля 2025 года", "Цель", "Участники")):
    events = (Event(1, "1.", texts, "a.xlsx", "Мероприятия", 6),
              Event(2, "2.", ("Второе",) * 5, "a.xlsx", "Мероприятия", 7))
    return Report(
        title="Отчет … во II квартале 2025 года",
        columns=tuple(c.title for c in kind.columns),
        widths_cm=tuple(c.width_cm for c in kind.columns),
        number_column=0,
        sections=(Section("Город Смоленск", "Смоленск", events[:1]),
                  Section("Муниципальное образование «город Десногорск» Смоленской области", "Десногорск",
                          events[1:])),
    )


@pytest.fixture
def built(tmp_path, kind):
    path = tmp_path / "r.docx"
    write_docx(small_report(kind), kind, path)
    return path


def test_page_is_a4_landscape_with_times(built):
    d = docx.Document(str(built))
    section = d.sections[0]
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.05) and abs(section.page_height - Cm(21.0)) < Cm(0.05)
    fonts = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Times New Roman" and fonts.get(qn("w:cs")) == "Times New Roman"


def test_header_row_repeats_and_is_bold(built, kind):
    d = docx.Document(str(built))
    tr = d.tables[0]._tbl.tr_lst[0]
    assert tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert all(r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in tr.iter(qn("w:r")))
    _, rows = read_report(built)
    assert rows[0] == [c.title for c in kind.columns]


def test_section_row_spans_all_columns_bold_centred_kept_with_next(built):
    d = docx.Document(str(built))
    tr = d.tables[0]._tbl.tr_lst[1]
    [tc] = tr.tc_lst
    assert tc.find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")) == "6"
    ppr = tc.find(qn("w:p")).find(qn("w:pPr"))
    assert ppr.find(qn("w:keepNext")) is not None
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert tc.find(".//" + qn("w:b")) is not None


def test_rows_and_numbers(built):
    _, rows = read_report(built)
    assert rows[1] == ["Город Смоленск"]
    assert rows[2] == ["1.", "Форум", "г. Смоленск", "12 апреля 2025 года", "Цель", "Участники"]
    assert rows[3] == ["Муниципальное образование «город Десногорск» Смоленской области"]
    assert rows[4][0] == "2."


def test_column_widths_follow_the_kind_and_goal_is_widest(built, kind):
    d = docx.Document(str(built))
    grid = [int(g.get(qn("w:w"))) for g in d.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid == [round(c.width_cm * 1440 / 2.54) for c in kind.columns]
    assert max(grid) == grid[[c.key for c in kind.columns].index("goal")]
    section = d.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(grid) * 635 - usable) <= Cm(0.1)  # 635 EMU per twip


def test_line_breaks_and_special_characters_survive(tmp_path, kind):
    texts = ("A & B <c> \"d\"", "строка 1\nстрока 2\n\nстрока 4", "1\u00a0мая", "  ведущий пробел", "x")
    path = tmp_path / "r.docx"
    write_docx(small_report(kind, texts), kind, path)
    _, rows = read_report(path)
    assert rows[2][1:] == list(texts)


def test_same_inputs_same_bytes(tmp_path, kind):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(small_report(kind), kind, a)
    write_docx(small_report(kind), kind, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


def test_footer_has_page_numbers(built):
    with zipfile.ZipFile(built) as z:
        assert b"PAGE" in z.read("word/footer1.xml")


def test_every_event_row_is_kept_whole_on_one_page(built):
    """cantSplit in each row's trPr, before tblHeader as the schema orders them."""
    d = docx.Document(str(built))
    rows = d.tables[0]._tbl.tr_lst
    for tr in rows:
        props = [child.tag for child in tr.find(qn("w:trPr"))]
        assert props[0] == qn("w:cantSplit"), props
    assert [child.tag for child in rows[0].find(qn("w:trPr"))] == [qn("w:cantSplit"), qn("w:tblHeader")]


def test_a_kind_may_let_tall_rows_break(tmp_path, kind):
    """[report] rows_whole_up_to: a row of more lines than that may continue on the next page; a short one may not."""
    from dataclasses import replace

    tall = ("Форум", "г. Смоленск", "12 апреля 2025 года", "\n".join(["Цель"] * 20), "Участники")
    path = tmp_path / "r.docx"
    write_docx(small_report(kind, tall), replace(kind, rows_whole_up_to=12), path)
    rows = docx.Document(str(path)).tables[0]._tbl.tr_lst
    kept = [tr.find(qn("w:trPr")) is not None and tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
            for tr in rows]
    assert kept == [True, True, False, True, True]  # header, section, the tall event, section, a short event


def test_closing_block_after_the_table(tmp_path, kind):
    from dataclasses import replace

    from reportgen.model import Closing

    closing = Closing(lists=(("Информация не представлена:", ("Велижский муниципальный округ",)),),
                      counts_heading="Количество мероприятий:", counts=(("Город Смоленск", 1), ("Город Десногорск", 1)),
                      total="Всего: 2 мероприятия", signature=(("Должность", "И.О. Фамилия"), ("10 июля 2025 года", "")))
    path = tmp_path / "r.docx"
    write_docx(replace(small_report(kind), closing=closing), kind, path)
    d = docx.Document(str(path))
    body = d.element.body
    after = [el for el in body.iterchildren() if el.tag == qn("w:p")][1:]  # the title is first
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in after]
    assert texts == ["Информация не представлена:", "Велижский муниципальный округ", "Количество мероприятий:",
                     "Город Смоленск1", "Город Десногорск1", "Всего: 2 мероприятия", "ДолжностьИ.О. Фамилия",
                     "10 июля 2025 года"]
    # A name and its number, a position and its name: apart by a tab to the right margin (the table's width).
    sign = after[6]
    assert sign.find(".//" + qn("w:tab")) is not None
    stop = sign.find(qn("w:pPr")).find(qn("w:tabs")).find(qn("w:tab"))
    assert stop.get(qn("w:val")) == "right"
    assert int(stop.get(qn("w:pos"))) == sum(round(c.width_cm * 1440 / 2.54) for c in kind.columns)
    # The signature lines stay together: keep-with-next on all but the last.
    assert after[6].find(qn("w:pPr")).find(qn("w:keepNext")) is not None
    assert after[7].find(qn("w:pPr")).find(qn("w:keepNext")) is None
    # …and never stand alone on the last page: the total keeps with them, as does every count above it.
    assert all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in after[2:6])
    # The table itself is unchanged by the block after it.
    plain = tmp_path / "plain.docx"
    write_docx(small_report(kind), kind, plain)
    assert read_report(path) == read_report(plain)
