"""Every file reportgen writes passes the ECMA-376 Transitional schemas (Word forgives less than LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Cm


def test_every_output_validates(run, samples, tmp_path, ooxml):
    out = tmp_path / "out"
    out.mkdir()
    assert run("build", samples, "--force", "-o", out / "отчет.docx", "--xlsx", out / "свод.xlsx").code == 0
    letterhead = tmp_path / "бланк.docx"
    d = docx.Document()  # python-docx's own template, as offices make letterheads with scripts
    d.sections[0].page_width, d.sections[0].page_height = Cm(21), Cm(29.7)
    d.sections[0].header.paragraphs[0].text = "АДМИНИСТРАЦИЯ"
    d.save(str(letterhead))
    assert run("build", samples, "--force", "-o", out / "на бланке.docx", "--reference-doc", letterhead).code == 0
    # The closing block after the table (lists, counts, signature lines with tab stops), plain and on the бланк.
    closing = ("--closing", "--dates", "uniform", "--signed", "10.07.2025")
    assert run("build", samples, "--force", "-o", out / "с итогами.docx", *closing).code == 0
    assert run("build", samples, "--force", "-o", out / "с итогами на бланке.docx", "--reference-doc", letterhead,
               *closing).code == 0
    assert run("template", "-o", out / "форма.xlsx", "--period", "2025-Q2").code == 0
    assert run("validate", samples, "--annotate", out / "замечания").code == 1
    # A marked copy goes back for each sample with a finding that asks something of the clerk (not notes alone).
    findings = run("validate", samples, "--format", "json").json()["diagnostics"]
    asked = sorted({Path(d["file"]).name for d in findings if d["file"] and d["severity"] != "info"})
    marked = sorted(p.name for p in (out / "замечания").glob("*.xlsx"))
    assert marked == asked and 0 < len(asked) < len(list(samples.glob("*.xlsx")))  # some samples have none
    assert run("split", out / "отчет.docx", "-o", out / "формы").code == 0
    files = [*out.glob("*.docx"), *out.glob("*.xlsx"), *(out / "замечания").glob("*.xlsx"),
             *(out / "формы").glob("*.xlsx")]
    # Four reports, the table, the form; the marked copies; split's 14 forms.
    assert len(files) == 6 + len(asked) + 14
    assert ooxml(*files) == ""
