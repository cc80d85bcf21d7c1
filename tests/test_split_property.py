"""Property: a report built from any forms, reshaped as Word and other programs reshape tables, splits back
into the same events — in content controls, custom XML, with grid spans, merged header cells, broken tables."""

import io
import os
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_word
from reportgen.kind import load_kind
from reportgen.model import Event, Report, Section
from reportgen.period import Period
from reportgen.read.report import split_report
from reportgen.read.word import read_docx
from reportgen.write.report import write_docx

KIND = load_kind()
Q2 = Period(2025, 2)
WORDS = ["фестиваль", "«Дружба»", "г. Смоленск", "встреча", "народов", "12 апреля 2025 года", "концерт", "40",
         "человек", "Беларусь", "выставка", "ремесел", "№ 5", "(онлайн)", "молодежи"]
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
cell = st.one_of(text, st.lists(text, min_size=2, max_size=3).map("\n".join))  # a line break inside a cell
event = st.tuples(*[cell] * len(KIND.content_columns))
report_sections = st.lists(
    st.tuples(st.sampled_from([m.short for m in KIND.registry]), st.lists(event, min_size=1, max_size=6)),
    min_size=1, max_size=4, unique_by=lambda s: s[0])


def _report(sections) -> Report:
    order = {m.short: i for i, m in enumerate(KIND.registry)}
    built, n = [], 0
    for short, events in sorted(sections, key=lambda s: order[s[0]]):
        municipality = KIND.registry.get(short)
        rows = []
        for cells in events:
            n += 1
            rows.append(Event(n, KIND.number_label(n), cells, "f.xlsx", "Мероприятия", n))
        built.append(Section(municipality.section, short, tuple(rows)))
    return Report.of(KIND, Q2, tuple(built))


@settings(max_examples=60, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sections=report_sections, shapes=st.sets(st.sampled_from(sorted(hostile_word.TRANSFORMS))),
       break_at=st.one_of(st.none(), st.integers(min_value=2, max_value=12)))
def test_reshaped_reports_split_into_the_same_events(tmp_path, sections, shapes, break_at):
    report = _report(sections)
    plain = tmp_path / "plain.docx"
    write_docx(report, KIND, plain)
    edits = [hostile_word.split_table(break_at)] if break_at is not None else []
    edits += [edit for name, edit in hostile_word.TRANSFORMS.items() if name in shapes]
    reshaped = tmp_path / "reshaped.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                for edit in edits:
                    data = edit(data)
            zout.writestr(info.filename, data)
    reshaped.write_bytes(buffer.getvalue())

    split = split_report(read_docx(reshaped), KIND, "reshaped.docx", Q2)
    assert [d for d in split.diagnostics if d.severity == "error"] == []
    got = [(s.municipality, [e.cells for e in s.events]) for s in split.report.sections]
    want = [(s.municipality, [e.cells for e in s.events]) for s in report.sections]
    assert got == want
    assert not re.search(r"split-(unplaced|unnumbered|orphan)", " ".join(d.code for d in split.diagnostics))
