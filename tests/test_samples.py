"""samples/q2 is what tests/make_samples.py writes: regenerate and compare cell by cell."""

import openpyxl

import make_samples
from conftest import SAMPLES


def cells(path):
    wb = openpyxl.load_workbook(path)
    try:
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}
    finally:
        wb.close()


def test_committed_samples_match_the_generator(tmp_path):
    written = make_samples.main(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    for path in written:
        assert cells(path) == cells(SAMPLES / path.name), path.name


def test_samples_include_the_shapes_of_real_submissions():
    styles = [style for _, style in make_samples.SAMPLES.values()]
    assert any(s.fields == "none" and not s.title and s.blank_before_header == 0 for s in styles)  # header on row 1
    assert any(s.order[0] != "number" or len(s.order) != 6 for s in styles)  # reordered columns
    assert any(s.date_cells for s in styles)
    assert any(s.blank_every for s in styles)
    assert any(s.municipality and s.municipality.startswith("Муниципальное образование") for s in styles)
