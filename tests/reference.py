"""The reference report (a text dump of the real Q2 2025 Word report), parsed.

Dump format (tests/data/reference.txt): title lines, then table cells, each starting on a line
that begins with a TAB; lines without a TAB continue the cell above. A row is six cells (№,
name, place, dates, goal, participants) or one cell (a section header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx_text import read_report

REFERENCE = Path(__file__).parent / "data" / "reference.txt"


@dataclass(frozen=True)
class RefSection:
    title: str
    rows: tuple[tuple[str, ...], ...]  # five content cells each (№ dropped)


@dataclass(frozen=True)
class Reference:
    title: str
    header: tuple[str, ...]
    sections: tuple[RefSection, ...]
    numbers: tuple[str, ...]


def collapse(text: str) -> str:
    """Whitespace collapsed (line breaks and non-breaking spaces included), as compared."""
    return " ".join(text.replace("\xa0", " ").split())


def parse_dump(text: str) -> Reference:
    lines = text.split("\n")
    i = 0
    title_lines = []
    while not lines[i].startswith("\t"):
        title_lines.append(lines[i])
        i += 1
    cells: list[list[str]] = []
    for line in lines[i:]:
        if line.startswith("\t"):
            cells.append([line[1:]])
        else:
            cells[-1].append(line)
    texts = ["\n".join(c).strip("\n") for c in cells]
    header, rest = tuple(texts[:6]), texts[6:]
    sections: list[tuple[str, list[tuple[str, ...]]]] = []
    numbers: list[str] = []
    j = 0
    while j < len(rest):
        if re.fullmatch(r"\d+\.\s*", rest[j]):
            numbers.append(rest[j].strip())
            sections[-1][1].append(tuple(rest[j + 1:j + 6]))
            j += 6
        else:
            sections.append((rest[j], []))
            j += 1
    title = " ".join(title_lines).replace("[bookmark: _GoBack]", "")
    return Reference(
        title=collapse(title), header=header,
        sections=tuple(RefSection(t, tuple(r)) for t, r in sections), numbers=tuple(numbers),
    )


def load_reference() -> Reference:
    return parse_dump(REFERENCE.read_text(encoding="utf-8"))


def write_reference_docx(path: Path, reference: Reference | None = None, title_lines=None) -> None:
    """The reference dump as a Word document, made the way a person makes one in Word.

    Title as two paragraphs, one table: header cells, section rows merged across all six
    columns, numbers «1. », every line of a cell its own paragraph (empty ones included).
    """
    import docx

    text = REFERENCE.read_text(encoding="utf-8")
    reference = reference or parse_dump(text)
    raw = text.split("\n")
    d = docx.Document()
    for line in title_lines or [raw[0].replace("[bookmark: _GoBack]", "").strip(), raw[1]]:
        d.add_paragraph(line)
    table = d.add_table(rows=0, cols=6)

    def fill(cell, value: str) -> None:
        lines = value.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)

    row = table.add_row().cells
    for cell, value in zip(row, reference.header):
        fill(cell, value)
    n = 0
    for section in reference.sections:
        row = table.add_row().cells
        merged = row[0].merge(row[5])
        fill(merged, section.title)
        for cells in section.rows:
            n += 1
            row = table.add_row().cells
            fill(row[0], f"{n}. ")
            for cell, value in zip(row[1:], cells):
                fill(cell, value)
    d.save(str(path))


def expected_rows(reference) -> list[list[str]]:
    rows = [list(reference.header)]
    n = 0
    for section in reference.sections:
        rows.append([section.title])
        for cells in section.rows:
            n += 1
            rows.append([f"{n}.", *cells])
    return [[collapse(c) for c in r] for r in rows]


def assert_matches_reference(docx_path: Path, reference) -> None:
    title, rows = read_report(docx_path)
    assert collapse(title) == reference.title
    got = [[collapse(c) for c in r] for r in rows]
    want = expected_rows(reference)
    assert len(got) == len(want) == 1 + 14 + 97
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"table row {i}"
