"""Real workbooks from public test corpora (tests/data/real/books/SOURCES.md): read as their bytes say.

Each file here was opened by LibreOffice (SOURCES.md records what it said). None may end in a
traceback or exit 3, and none LibreOffice opens may be refused as damaged; a renamed copy reads
the same as the file itself, with a note that the name lies.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from measure import run_cli
from reportgen.read.form import read_form
from reportgen.read.grid import open_sheets
from reportgen.read.sniff import identify

REAL = Path(__file__).parent / "data" / "real" / "books"
BOOKS = sorted(p for p in REAL.iterdir() if p.is_file() and p.suffix.lower() in (".xls", ".xlsx", ".xlsm", ".ods"))
REFUSED = {"file-unreadable", "file-format", "file-encrypted", "file-bomb", "file-memory", "file-timeout",
           "file-too-large", "file-empty"}
# What reportgen must say of the files it cannot read: (code, words the message names it by).
NOT_READ = {
    "poi-xor-encryption-abc.xls": ("file-encrypted", "паролем"),  # XOR obfuscation: LibreOffice asks the password
    "sheetjs-password_2002_40_xor.xls": ("file-encrypted", "паролем"),
    "poi-testEXCEL_3.xls": ("file-format", "Excel 3.0"),
    "poi-testEXCEL_4.xls": ("file-format", "Excel 4.0"),
    "xlrd-biff4_no_format_no_window2.xls": ("file-format", "Excel 4.0"),
    "sheetjs-CRLFX5_2.XLS": ("file-format", "Excel 2.x"),
}


def _validate(*paths: Path, cwd: Path) -> tuple[dict[str, list[dict]], int, str]:
    code, out, err, _, _ = run_cli("validate", "--format", "json", *paths, cwd=cwd)
    assert code in (0, 1), (code, err[-2000:])
    assert "Traceback" not in err and "внутренняя ошибка" not in err + out, err[-2000:]
    found: dict[str, list[dict]] = {}
    for d in json.loads(out)["diagnostics"]:
        found.setdefault(Path(d["file"]).name, []).append(d)
    return found, code, err


def test_the_corpus_is_there():
    assert len(BOOKS) >= 20
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{p.name}`" in sources for p in BOOKS)


def test_every_real_workbook_is_read_or_named_for_what_it_is(tmp_path):
    found, _, _ = _validate(*BOOKS, cwd=tmp_path)
    for path in BOOKS:
        refused = [d for d in found.get(path.name, []) if d["code"] in REFUSED]
        if path.name in NOT_READ:
            code, words = NOT_READ[path.name]
            assert [d["code"] for d in refused] == [code], (path.name, refused)
            assert words in refused[0]["message"] and "поврежден" not in refused[0]["message"]
            assert refused[0]["hint"]
        else:  # LibreOffice opens it: reportgen reads it (it is no form, so «no-header» is fine)
            assert refused == [], (path.name, refused)


def test_a_word_object_inside_a_workbook_does_not_make_it_a_word_document():
    # Apache POI's ole2-embedding.xls and 60460.xls hold embedded Word documents (a WordDocument stream one storage down).
    for name in ("poi-ole2-embedding.xls", "poi-60460.xls"):
        assert identify(REAL / name).format == "xls"


def test_a_macro_sheet_or_a_sheet_without_part_no_longer_refuses_the_book(kind):
    for name, sheet in (("poi-xlmmacro.xlsm", "Macro1"), ("sheetjs-BlankSheetTypes.xlsm", "Macro1"),
                        ("poi-64420.xlsm", None), ("poi-60825.xlsx", "Module")):
        form = read_form(REAL / name, kind)
        assert not [d for d in form.diagnostics if d.code in REFUSED], (name, form.diagnostics)
        notes = [d for d in form.diagnostics if d.code == "sheet-not-sheet"]
        assert notes, name
        if sheet:
            assert any(d.sheet == sheet and sheet in d.message for d in notes), notes


def _grid(path: Path) -> list[tuple[str, bool, list]]:
    with open_sheets(identify(path)) as sheets:
        return [(s.name, s.visible, s.rows) for s in sheets]


@pytest.mark.parametrize("name, renamed", [
    ("calamine-issues.xlsx", "issues.xls"),
    ("calamine-issues.xls", "issues.xlsx"),
    ("calamine-issues.ods", "issues.xlsx"),
    ("xlrd-sample.ods", "sample.xls"),
    ("calamine-merged_range.xls", "merged.ods"),
])
def test_a_renamed_copy_reads_the_same_with_a_note(tmp_path, kind, name, renamed):
    copy = tmp_path / renamed
    shutil.copyfile(REAL / name, copy)
    assert _grid(copy) == _grid(REAL / name)
    form = read_form(copy, kind)
    notes = [d for d in form.diagnostics if d.code == "file-misnamed"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert f"назван {copy.suffix}" in notes[0].message
    assert not [d for d in form.diagnostics if d.code in REFUSED]
    assert not [d for d in read_form(REAL / name, kind).diagnostics if d.code == "file-misnamed"]


def test_a_real_form_renamed_xls_gives_the_same_events(tmp_path, kind):
    sample = Path(__file__).parent.parent / "samples" / "q2" / "Сафоново.xlsx"
    copy = tmp_path / "Сафоново.xls"
    shutil.copyfile(sample, copy)
    original, renamed = read_form(sample, kind), read_form(copy, kind)
    assert renamed.rows and [r.cells for r in renamed.rows] == [r.cells for r in original.rows]
    assert [d.code for d in renamed.diagnostics if d.code not in [o.code for o in original.diagnostics]] \
        == ["file-misnamed"]


@pytest.mark.skipif(sys.platform == "win32", reason="the memory budget is POSIX only")
def test_a_small_xls_with_far_corners_is_read_within_little_memory(tmp_path, monkeypatch):
    # POI's 51535.xls: 42 KB, text in A1, IV1, A65536 and IV65536. Calamine asked for a 65536 x 256 grid
    # (512 MB at once) and the worker died over the 1 GiB budget. Now a budget of 128 MB is plenty.
    # (The run's peak RSS would not do: a child started by pytest reports pytest's own peak.)
    path = REAL / "poi-51535.xls"
    assert path.stat().st_size < 50_000
    monkeypatch.setenv("REPORTGEN_FILE_MEMORY_MB", "128")
    code, out, err, wall, _ = run_cli("validate", "--format", "json", path, cwd=tmp_path)
    assert code == 1 and "Traceback" not in err
    codes = [d["code"] for d in json.loads(out)["diagnostics"]]
    assert "file-memory" not in codes and not REFUSED & set(codes), codes
    assert codes == ["no-header"]  # read: it is just no form
    assert wall < 20
    with open_sheets(identify(path)) as sheets:
        rows = sheets[0].rows
    assert [(line, [v for v in values if v]) for line, values in rows] == [
        (1, ["Top Left Cell", "Top Right Cell"]), (65536, ["Bottom Left Cell", "Bottom Right Cell"])]
    assert len(rows[0][1]) == 256


@pytest.mark.parametrize("name", sorted(NOT_READ))
def test_the_real_cause_is_named_not_damage(kind, name):
    # XOR-obfuscated .xls (a FILEPASS record) was «повреждена»; Excel 2.x-4.0 files «неизвестного формата».
    code, words = NOT_READ[name]
    (diagnostic,) = read_form(REAL / name, kind).diagnostics
    assert diagnostic.code == code and words in diagnostic.message
    assert "неизвестного формата" not in diagnostic.message and "поврежден" not in diagnostic.message
    assert ("Снимите пароль" if code == "file-encrypted" else "сохраните") in diagnostic.hint


# 51535.xls is left out: calamine cannot lay it out (the test above reads it).
@pytest.mark.parametrize("name", [p.name for p in BOOKS if p.suffix.lower() == ".xls"
                                  and p.name not in NOT_READ and p.name != "poi-51535.xls"])
def test_the_sparse_reader_gives_what_calamine_gives(name):
    """read/biff.py, used for far-flung books only, reads every real .xls here as calamine does."""
    import python_calamine

    from reportgen.read.biff import Book
    from reportgen.read.cfb import open_compound

    raw = (REAL / name).read_bytes()
    compound = open_compound(raw)
    book = Book(compound.stream(compound.root_names()["workbook"], len(raw)))
    calamine = python_calamine.CalamineWorkbook.from_path(str(REAL / name))
    sheets = [s for s in book.sheets if s.worksheet]
    assert [s.name for s in sheets] == [m.name for m in calamine.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    for sheet in sheets:
        grid = calamine.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        theirs = {(r + 1, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if v not in ("", None)}
        mine = {(line, c): v for line, values in sheet.rows() for c, v in enumerate(values) if v not in ("", None)}
        assert mine == theirs, sheet.name


def test_a_calamine_panic_is_damage_not_memory(kind):
    # A Rust panic inside python-calamine is a BaseException: it escaped read_form, killed the worker,
    # and the file was reported as over the memory budget.
    form = read_form(REAL / "mutated" / "calamine-issues-16-bytes.xls", kind)
    (diagnostic,) = form.diagnostics
    assert diagnostic.code == "file-unreadable" and "повреждена" in diagnostic.message
