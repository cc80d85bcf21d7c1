"""split_report in steps: the events come unnumbered, api.split_file numbers them through assemble;
an unknown section's finding counts every row lost under it, until a known section begins."""

from reportgen.api import split_file
from reportgen.kind import load_kind
from reportgen.period import Period
from reportgen.read.report import split_report
from reportgen.read.word import read_docx
from test_split import EV, handmade

KIND = load_kind()
Q2 = Period(2025, 2)


def test_split_file_numbers_straight_through_and_the_reader_does_not(tmp_path):
    path = tmp_path / "two.docx"
    handmade(path, ["Вяземский муниципальный округ", ["7.", *EV], ["8.", *EV], "город Смоленск", ["9.", *EV]])
    read = split_report(read_docx(path), KIND, "two.docx", Q2)
    assert [e.number for s in read.report.sections for e in s.events] == [0, 0, 0]  # the reader numbers nothing
    split = split_file(path, Q2, kind=KIND)
    assert [(s.municipality, [(e.number, e.label) for e in s.events]) for s in split.report.sections] == [
        ("Вяземский", [(1, KIND.number_label(1)), (2, KIND.number_label(2))]),
        ("Смоленск", [(3, KIND.number_label(3))])]


def test_an_unknown_sections_finding_counts_its_rows_until_a_known_section(tmp_path):
    path = tmp_path / "lost.docx"
    handmade(path, ["Вяземскй муниципальный округ", ["1.", *EV], ["2.", *EV], "Вяземский муниципальный округ",
                    ["3.", *EV], "Нигдешний район", ["4.", *EV]])
    split = split_report(read_docx(path), KIND, "lost.docx", Q2)
    lost = [(d.cell, d.message) for d in split.diagnostics if d.code == "split-unknown-section"]
    assert [cell for cell, _ in lost] == ["строка 2", "строка 7"]
    assert "(2)" in lost[0][1] and "(1)" in lost[1][1]
    assert [len(s.events) for s in split.report.sections] == [1]
