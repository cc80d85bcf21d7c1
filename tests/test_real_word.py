"""Real Word files (tests/data/real/word, from public test corpora; see SOURCES.md there) as letterheads and for split.

Each gives a report that looks like every other: one column, left to right, «1.» whole and no word
broken in the narrow columns (nothing of its Normal style reaches the cells), its headers kept;
the report validates against the OOXML schemas and Writer converts it. `split` of each ends in a
clear answer (exit 0 or 1), never an internal error.
"""

import subprocess
import zipfile
from pathlib import Path

import pytest

import hostile_word
from measure import run_cli

REAL = Path(__file__).parent / "data" / "real" / "word"
FILES = sorted(REAL.glob("*.docx"))


def test_the_real_files_are_there_with_their_sources():
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    assert len(FILES) >= 15
    for path in FILES:
        assert f"| {path.name} |" in sources, path.name
        assert path.stat().st_size < 200_000, path.name
    assert any(b"purl.oclc.org/ooxml/wordprocessingml" in zipfile.ZipFile(p).read("word/document.xml")
               for p in FILES), "a Strict OOXML file is among them"


def test_every_real_letterhead_gives_a_clean_report(office, ooxml, tmp_path):
    from reportgen.read.letterhead import read_letterhead
    from reportgen.write.office import convert

    made = []
    for path in FILES:
        out = tmp_path / f"{path.stem}.docx"
        hostile_word.report_on(path, out)
        made.append(out)
        # The header of the letterhead's page reaches the report, or a note says why not.
        letterhead = read_letterhead(path, path.name)
        with zipfile.ZipFile(path) as z:
            document = z.read("word/document.xml")
        if b"headerReference" in document[document.rfind(b"<w:sectPr"):]:
            assert letterhead.has("header") or letterhead.notes, path.name
    assert ooxml(*made) == ""
    pdfs = {pdf.stem: pdf for pdf in convert(made, "pdf", tmp_path / "pdf")}
    assert len(pdfs) == len(made)
    for path, out in zip(FILES, made):
        text = subprocess.run(["pdftotext", "-layout", str(pdfs[out.stem]), "-"], capture_output=True, text=True,
                              check=True).stdout
        hostile_word.assert_clean_layout(text, hostile_word.final_section(out), path.name)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_split_of_a_real_file_answers_clearly(path, tmp_path):
    code, stdout, stderr, _, _ = run_cli("split", path, "-o", tmp_path / "формы", cwd=tmp_path)
    assert code in (0, 1) and "Traceback" not in stdout + stderr, stdout + stderr
    assert "внутренняя ошибка" not in stdout + stderr
    if code == 1:  # none of them is a report of this kind: the table is named as not found, not the file as damaged
        assert "split-no-table" in stdout, stdout
