"""Real clients: forms re-saved by LibreOffice Calc, the report opened by LibreOffice Writer.

These tests need LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext). .ci/run installs
them; CI sets CI=true, and there a missing tool fails the run instead of skipping it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import SAMPLES
from docx_text import read_report
from reportgen.api import build_report, check_paths
from reportgen.write.office import convert
from books import TWO_EVENTS, fill_blank_form

CALC_XLSX = "xlsx:Calc MS Excel 2007 XML"


@pytest.fixture(scope="module")
def resaved(office, tmp_path_factory):
    """The filled Вяземский form and the 14 samples, each re-saved by Calc (one LibreOffice run)."""
    from reportgen.cli.commands import main

    src = tmp_path_factory.mktemp("src")
    form = src / "Вязьма_заполнено.xlsx"
    assert main(["template", "--municipality", "Вяземский", "--period", "2025-Q2", "-o", str(form)]) == 0
    fill_blank_form(form, TWO_EVENTS)
    samples = []
    for p in sorted(SAMPLES.glob("*.xlsx")):
        samples.append(src / p.name)
        shutil.copy(p, samples[-1])
    out = tmp_path_factory.mktemp("calc")
    converted = convert([form, *samples], CALC_XLSX, out)
    return converted[0], converted[1:]


def _saved_by_libreoffice(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return b"LibreOffice" in z.read("docProps/app.xml")


def test_filled_form_resaved_by_calc_validates_and_builds(resaved, run, tmp_path):
    form, _ = resaved
    assert _saved_by_libreoffice(form)
    result = run("validate", form, "--format", "json")
    assert result.code == 0, result.out
    assert result.json()["diagnostics"] == []
    out = tmp_path / "r.docx"
    assert run("build", form, "-o", out).code == 0
    _, rows = read_report(out)
    assert rows[1] == ["Муниципальное образование «Вяземский муниципальный округ» Смоленской области"]
    assert [r[0] for r in rows[2:]] == ["1.", "2."]
    assert rows[2][3] == "12 апреля 2025 года"  # a date cell, through Calc
    assert rows[2][4] == "Укрепление дружбы\nи культурных связей"  # a line break, through Calc


def test_form_keeps_its_drop_down_through_calc(resaved):
    # (Headless Calc drops the frozen pane on export: it has no view to keep it in. A desktop
    # save keeps it; test_template checks that the form we write has it.)
    form, _ = resaved
    wb = openpyxl.load_workbook(form)
    ws = wb["Мероприятия"]
    assert wb["Списки"].sheet_state == "hidden"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "B2" in str(lists[0].sqref)


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_forms_reach_the_report_like_xlsx(resaved, fmt, tmp_path):
    """The samples saved by Calc as .xls (Excel 97) and .ods build the same report."""
    _, samples = resaved
    folder = tmp_path / fmt
    converted = convert(samples, {"xls": "xls:MS Excel 97", "ods": "ods"}[fmt], folder)
    assert all(p.suffix == f".{fmt}" for p in converted)
    original = build_report(check_paths([str(SAMPLES)]), force=True).dump()
    assert build_report(check_paths([str(folder)]), force=True).dump() == original


def test_samples_resaved_by_calc_build_the_same_report(resaved):
    _, samples = resaved
    assert all(_saved_by_libreoffice(p) for p in samples)
    original = build_report(check_paths([str(SAMPLES)]), force=True).dump()
    assert build_report(check_paths([str(p) for p in samples]), force=True).dump() == original


@pytest.fixture(scope="module")
def report_pdf(office, tmp_path_factory):
    from reportgen.cli.commands import main

    folder = tmp_path_factory.mktemp("pdf")
    docx = folder / "report.docx"
    code = main(["build", str(SAMPLES), "--force", "--pdf", "-o", str(docx)])
    assert code == 0  # № 97 has no date; --force builds anyway
    pdf = folder / "report.pdf"
    assert pdf.is_file()
    return pdf


def _pages(pdf: Path, layout: bool = True) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_writer_renders_landscape_pages(report_pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(report_pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert len(sizes) > 10
    assert all(float(w) > float(h) for w, h in sizes)
    assert all(abs(float(w) - 841.89) < 1 and abs(float(h) - 595.28) < 1 for w, h in sizes)  # A4


def test_writer_shows_title_every_number_and_the_header_on_every_page(report_pdf, kind):
    pages = _pages(report_pdf)
    flat = " ".join(" ".join(pages).split())
    assert "Отчет о мероприятиях в международной сфере" in flat and "во II квартале 2025 года" in flat
    numbers = {int(n) for n in re.findall(r"(?m)^\s*(\d{1,3})\.\s", "\n".join(pages))}
    assert set(range(1, 98)) <= numbers
    # Every word of every column title on every page: the header row really repeats.
    title_words = {w for c in kind.columns for w in c.title.replace("(", " ").replace(")", " ").split()}
    for i, page in enumerate(_pages(report_pdf, layout=False), start=1):
        words = set(page.replace("(", " ").replace(")", " ").split())
        assert title_words <= words, (i, title_words - words)


def test_section_headers_never_end_a_page(report_pdf):
    for i, page in enumerate(_pages(report_pdf), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\d+", line)]  # drop the page number
        assert not body[-1].startswith(("Муниципальное образование «", "Город Смоленск")), f"page {i}"


def test_pdf_without_libreoffice_is_a_clear_error(run, monkeypatch, tmp_path):
    monkeypatch.setattr("reportgen.write.office.find_soffice", lambda: None)
    result = run("build", SAMPLES, "--force", "--pdf", "-o", tmp_path / "r.docx")
    assert result.code == 2 and "libreoffice-writer" in result.err
    assert not (tmp_path / "r.docx").exists()


def _synthetic_report(kind, seed: int):
    """Sections of 1–3 events of random length: some section header lands near a page end."""
    import random

    from reportgen.model import Event, Report, Section

    rng = random.Random(seed)
    sections, n = [], 0
    for m in kind.registry:
        events = []
        for _ in range(rng.randint(1, 3)):
            n += 1
            events.append(Event(n, f"{n}.", ("Событие " * rng.randint(1, 30), "г. Смоленск", "1 мая 2025 года",
                                             "Цель " * rng.randint(5, 120), "Участники"), "a.xlsx", "Лист1", n))
        sections.append(Section(m.section, m.short, tuple(events)))
    return Report("Отчет", tuple(c.title for c in kind.columns), tuple(c.width_cm for c in kind.columns), 0,
                  tuple(sections))


def test_section_header_is_kept_with_its_first_event(office, kind, tmp_path):
    # Seeds whose layout puts a section header at the bottom of a page when keep-with-next is
    # off (checked by hand with LibreOffice 7.4: 2, 1 and 1 such pages).
    from reportgen.write.report import write_docx

    docs = []
    for seed in (2, 3, 7):
        docs.append(tmp_path / f"s{seed}.docx")
        write_docx(_synthetic_report(kind, seed), kind, docs[-1])
    for pdf in convert(docs, "pdf", tmp_path):
        for i, page in enumerate(_pages(pdf), start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not re.fullmatch(r"\d+", line)]
            assert not body[-1].startswith(("Муниципальное образование «", "Город Смоленск")), (pdf.name, i)


def test_annotate_an_ods_form(resaved, run, tmp_path):
    """A form sent as .ods comes back marked, as .xlsx (what can be written)."""
    _, samples = resaved
    desnogorsk = next(p for p in samples if p.name == "desnogorsk.xlsx")
    [ods] = convert([desnogorsk], "ods", tmp_path / "ods")
    before = ods.read_bytes()
    result = run("validate", "--annotate", tmp_path / "back", ods)
    assert result.code == 1 and ods.read_bytes() == before
    wb = openpyxl.load_workbook(tmp_path / "back" / "desnogorsk.xlsx")
    assert wb.sheetnames[0] == "Замечания"
    assert "Не указаны сроки" in wb["Май–Июнь"]["D7"].comment.text


# --- the report as an office files it (issue 18, item 6) ------------------------------------------

def _words(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as (x, top, bottom, text), from pdftotext's bounding boxes."""
    from lxml import etree

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    return [[(float(w.get("xmin")), float(w.get("ymin")), float(w.get("ymax")), w.text or "") for w in page.iter("word")]
            for page in root.iter("page")]


def _column(kind, key: str) -> tuple[float, float]:
    """The x range of a column on the page, in points."""
    left = kind.page.margin_cm
    for c in kind.columns:
        if c.key == key:
            return left / 2.54 * 72, (left + c.width_cm) / 2.54 * 72
        left += c.width_cm
    raise KeyError(key)


def _year_breaks(pdf: Path, kind) -> list[tuple[str, str]]:
    """Lines of the dates column that end with a year whose «года»/«г.» starts the next line."""
    lo, hi = _column(kind, "dates")
    found = []
    for page in _words(pdf):
        lines: dict[int, list[tuple[float, str]]] = {}
        for x, top, _, text in page:
            if lo <= x < hi:
                lines.setdefault(round(top), []).append((x, text))
        ordered = [" ".join(t for _, t in sorted(v)) for _, v in sorted(lines.items())]
        found += [(a, b) for a, b in zip(ordered, ordered[1:])
                  if re.search(r"\b(19|20)\d\d$", a) and re.match(r"(года|г\.)", b)]
    return found


def _rows_continued_at_a_page_top(pdf: Path, kind) -> list[int]:
    """Pages whose first line under the repeated header has no event number and is no section: a row cut in two.

    Not counted: a row taller than a page (it filled the page before from its start), which must break.
    """
    number_lo, number_hi = _column(kind, "number")
    cut = []
    starts = 2  # rows that start on the page before
    for i, page in enumerate(_words(pdf), start=1):
        before, starts = starts, sum(1 for x, _, _, text in page if number_lo <= x < number_hi and re.fullmatch(r"\d+\.", text))
        header_end = max((bottom for _, _, bottom, text in page if text in ("сведения)", "документах)")), default=None)
        below = [(top, x, text) for x, top, _, text in page if header_end is not None and top > header_end + 1]
        if not below:
            continue
        first = min(top for top, _, _ in below)
        line = [(x, text) for top, x, text in below if abs(top - first) < 2]
        numbered = any(number_lo <= x < number_hi and re.fullmatch(r"\d+\.", text) for x, text in line)
        section = min(line)[1] in ("Муниципальное", "Город")
        if not (numbered or section) and before > 1:
            cut.append(i)
    return cut


@pytest.fixture(scope="module")
def office_reports(office, tmp_path_factory):
    """The samples built as typed and in the uniform style with the closing block; one LibreOffice run."""
    from reportgen.cli.commands import main

    folder = tmp_path_factory.mktemp("filed")
    typed, uniform = folder / "typed.docx", folder / "uniform.docx"
    assert main(["build", str(SAMPLES), "--force", "-o", str(typed)]) == 0
    assert main(["build", str(SAMPLES), "--force", "-o", str(uniform), "--dates", "uniform", "--closing",
                 "--signed", "10.07.2025"]) == 0
    pdfs = convert([typed, uniform], "pdf", folder)
    return dict(zip(("typed", "uniform"), pdfs))


@pytest.mark.parametrize("which", ["typed", "uniform"])
def test_no_event_row_breaks_across_pages(office_reports, kind, which):
    pdf = office_reports[which]
    assert len(_words(pdf)) > 10
    assert _rows_continued_at_a_page_top(pdf, kind) == []


def test_rows_do_break_when_the_kind_lets_them(office, kind, tmp_path):
    """The check above can fail: with every row allowed to break, some page starts inside a row."""
    from dataclasses import replace

    from reportgen.write.report import write_docx

    report = build_report(check_paths([str(SAMPLES)]), force=True)
    loose = replace(kind, rows_whole_up_to=1)
    write_docx(report, loose, tmp_path / "loose.docx")
    [pdf] = convert([tmp_path / "loose.docx"], "pdf", tmp_path)
    assert _rows_continued_at_a_page_top(pdf, kind)


@pytest.mark.parametrize("which", ["typed", "uniform"])
def test_the_dates_column_keeps_the_year_with_its_word(office_reports, kind, which):
    assert _year_breaks(office_reports[which], kind) == []


def test_single_dates_of_every_month_fit_the_dates_column(office, kind, tmp_path):
    """The widest single dates of each month («30 сентября 2025 года», «28 февраля 2025 г.»), typed as clerks type them."""
    from reportgen.model import Event, Report, Section
    from reportgen.write.report import write_docx
    from reportgen.dates import MONTHS_GENITIVE

    texts = [f"{day} {month} 2025 {word}" for month in MONTHS_GENITIVE for day in (28, 30)
             for word in ("года", "г.")]
    events = tuple(Event(n, f"{n}.", ("Событие", "г. Смоленск", text, "Цель", "Участники"), "a.xlsx", "Лист1", n)
                   for n, text in enumerate(texts, start=1))
    report = Report("Отчет", tuple(c.title for c in kind.columns), tuple(c.width_cm for c in kind.columns), 0,
                    (Section("Город Смоленск", "Смоленск", events),))
    write_docx(report, kind, tmp_path / "dates.docx")
    [pdf] = convert([tmp_path / "dates.docx"], "pdf", tmp_path)
    lo, hi = _column(kind, "dates")
    drawn = [text for page in _words(pdf) for x, _, _, text in page if lo <= x < hi and text in ("года", "г.")]
    assert len(drawn) == len(texts)  # every one was drawn …
    assert _year_breaks(pdf, kind) == []  # … with its year on its line


def test_the_closing_block_is_drawn_after_the_table(office_reports):
    pages = _pages(office_reports["uniform"])
    last = " ".join(" ".join(pages[-2:]).split())
    assert "Количество мероприятий по муниципальным образованиям:" in last
    assert "Всего: 97 мероприятий" in last and "10 июля 2025 года" in last
    assert "Информация не представлена:" in " ".join(" ".join(pages).split())
    # The signature lines are the document's last words.
    assert re.sub(r"\s+\d+$", "", last).endswith("Исполнитель: Фамилия Имя Отчество, тел. (4812) 00-00-00")
