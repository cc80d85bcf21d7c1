"""Archive records: a report written as a record reads back as the same model; a damaged, foreign or
hand-edited record is one finding; a new version never replaces an old one."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from reportgen import api
from reportgen.model import Record
from reportgen.period import Term, parse_term
from reportgen.read.record import NAME, read_record
from reportgen.write.record import versions, write_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "q2"


@pytest.fixture(scope="module")
def built():
    checked = api.check_paths([SAMPLES])
    return checked.kind, api.build_report(checked, force=True)


def test_a_record_reads_back_as_the_report_it_was_written_from(built, tmp_path):
    kind, report = built
    path = write_record(tmp_path, report, kind, Term.of(report.period))
    record = read_record(path, kind)
    assert isinstance(record, Record)
    assert record.report == report and record.report.dump() == report.dump()
    assert (record.period, record.version, record.origin) == (Term.of(report.period), 1, "forms")
    assert record.report.event_count == report.event_count > 0


def test_rebuilding_a_period_adds_a_version_and_keeps_the_old_bytes(built, tmp_path):
    kind, report = built
    period = Term.of(report.period)
    first = write_record(tmp_path, report, kind, period)
    before = first.read_bytes()
    second = write_record(tmp_path, report, kind, period)
    assert (first.name, second.name) == ("2025-Q2 v1.json", "2025-Q2 v2.json")
    assert first.read_bytes() == before
    assert versions(tmp_path, period) == [1, 2]
    assert sorted(os.listdir(tmp_path)) == ["2025-Q2 v1.json", "2025-Q2 v2.json"]  # no temporary file left


def test_two_runs_at_once_each_get_their_own_version(built, tmp_path):
    kind, report = built
    period = Term.of(report.period)
    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(write_record(tmp_path, report, kind, period)))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in paths) == sorted(f"2025-Q2 v{n}.json" for n in range(1, 7))
    assert all(isinstance(read_record(p, kind), Record) for p in paths)


def _spoiled(path: Path, tmp_path: Path, change) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    out = tmp_path / "spoiled.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("change, code, words", [
    (lambda d: d["report"]["events"][3].__setitem__("number", "четыре"), "record-damaged", "report.events[3].number"),
    (lambda d: d["report"]["events"][0].pop("file"), "record-damaged", "report.events[0].file"),
    (lambda d: d["report"]["events"][2].__setitem__("start", "2025-13-45"), "record-damaged", "report.events[2].start"),
    (lambda d: d.__setitem__("period", "квартал"), "record-damaged", "«period»"),
    (lambda d: d.__setitem__("version", 0), "record-damaged", "«version»"),
    (lambda d: d.__setitem__("report", []), "record-damaged", "«report»"),
    (lambda d: d["report"]["events"][1].__setitem__("name", ["список"]), "record-damaged", "report.events[1].name"),
    (lambda d: d["messages"].__setitem__("x.xlsx", {"sender": 1}), "record-damaged", "messages.x.xlsx."),
    (lambda d: d.__setitem__("kind", "budget"), "record-kind", "«budget»"),
    (lambda d: d.__setitem__("format", "something-else"), "record-foreign", "reportgen-archive"),
])
def test_a_hand_edited_record_is_named_with_its_field(built, tmp_path, change, code, words):
    kind, report = built
    path = write_record(tmp_path / "a", report, kind, Term.of(report.period))
    found = read_record(_spoiled(path, tmp_path, change), kind)
    assert not isinstance(found, Record)
    assert found.code == code and found.file.endswith("spoiled.json")
    assert words in found.message, found.message


@pytest.mark.parametrize("content, code", [
    (b"", "record-damaged"),
    (b'{"format": "reportgen-archive", "kind": "international", "report": {', "record-damaged"),
    (b"[" * 200_000, "record-damaged"),
    (b"PK\x03\x04\xff\xfe binary", "record-foreign"),
    (b"[1, 2, 3]", "record-foreign"),
])
def test_a_damaged_or_foreign_file_is_one_finding_not_a_traceback(built, tmp_path, content, code):
    kind, _ = built
    path = tmp_path / "2025-Q1 v1.json"
    path.write_bytes(content)
    found = read_record(path, kind)
    assert not isinstance(found, Record) and found.code == code, found
    assert found.message and found.hint


def test_record_names_and_terms_agree():
    for code in ("2025-Q1", "2025-H1", "2025-H2", "2025-9M", "2025"):
        term = parse_term(code)
        assert term is not None and term.code() == code
        assert NAME.match(f"{code} v3.json").group("period") == code
    assert parse_term("I полугодие 2025 года") == Term(2025, 1, 2)
    assert parse_term("9 месяцев 2025") == Term(2025, 1, 3)
    assert parse_term("2025 год") == Term(2025, 1, 4)
    assert parse_term("II квартал 2025 года") == Term(2025, 2, 2)
    assert parse_term("полугодие") is None
    assert [q.code() for q in Term(2025, 1, 3).quarters()] == ["2025-Q1", "2025-Q2", "2025-Q3"]


def test_the_archive_uses_each_periods_newest_readable_version(built, tmp_path):
    """A damaged newest version is named, and the one before it stands in; other files are left alone."""
    import dataclasses

    from reportgen.api.archive import load_archive

    kind, report = built
    q1 = dataclasses.replace(report, title="Q1")
    write_record(tmp_path, q1, kind, parse_term("2025-Q1"))
    write_record(tmp_path, report, kind, parse_term("2025-Q2"))
    write_record(tmp_path, report, kind, parse_term("2025-Q2"))
    (tmp_path / "2025-Q2 v3.json").write_text('{"format": "reportgen-archive", "kind": "international"', "utf-8")
    (tmp_path / "прочти меня.txt").write_text("заметки координатора", "utf-8")
    moved = (tmp_path / "2025-Q1 v1.json").read_text("utf-8")
    (tmp_path / "2024-Q4 v1.json").write_text(moved, "utf-8")  # a copy under another period's name

    archive = load_archive(tmp_path, kind=kind)
    assert [(r.period.code(), r.version) for r in archive.records] == [("2025-Q1", 1), ("2025-Q2", 2)]
    assert archive.records[1].report == report
    named = sorted((Path(d.file).name, d.code) for d in archive.findings)
    assert named == [("2024-Q4 v1.json", "record-damaged"), ("2025-Q2 v3.json", "record-damaged")]
    assert dict(archive.versions)["2025-Q2"] == (1, 2, 3)
    assert [r.period.code() for r in archive.before(parse_term("2025-Q3"))] == ["2025-Q2", "2025-Q1"]
    assert [r.period.code() for r in archive.quarters(parse_term("2025-H1"))] == ["2025-Q1", "2025-Q2"]
    assert load_archive(tmp_path / "нет такой", kind=kind).records == ()


def test_a_build_is_recorded_with_the_message_each_form_came_in(tmp_path):
    from mailgen import make_mailbox

    from reportgen.api.archive import load_archive, record_build

    box = make_mailbox(tmp_path / "q", big=False)
    checked = api.check_paths([box.root], period=parse_term("2025-Q2").quarter)
    report = api.build_report(checked, force=True)
    path = record_build(tmp_path / "архив", report, checked)
    assert path.name == "2025-Q2 v1.json"
    (record,) = load_archive(tmp_path / "архив", kind=checked.kind).records
    assert record.report == report
    events = [e for s in report.sections for e in s.events]
    sources = [record.source_of(e) for e in events]
    assert all(sources), [e.file for e, s in zip(events, sources) if s is None]
    by_input = {i.display: i.source for i in checked.inputs}
    assert all(record.source_of(e).message_id == by_input[e.file].message_id for e in events)


# -- round 2: hand edits, newer formats, other encodings --

def test_a_hand_edit_is_a_warning_and_the_record_is_still_used(built, tmp_path):
    from reportgen.api.archive import load_archive

    kind, report = built
    path = write_record(tmp_path, report, kind, Term.of(report.period))
    clean = read_record(path, kind)
    assert isinstance(clean, Record) and clean.findings == ()
    data = json.loads(path.read_text(encoding="utf-8"))
    # re-indented by an editor: the same content, nothing to say
    path.write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    assert read_record(path, kind).findings == ()
    # a typo fixed by hand: used as edited, and said
    data["report"]["events"][0]["name"] = "Исправлено вручную"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    edited = read_record(path, kind)
    assert isinstance(edited, Record) and edited.report.sections[0].events[0].cells[0] == "Исправлено вручную"
    (said,) = edited.findings
    assert said.code == "record-edited" and said.severity == "warning" and said.file == str(path)
    assert "изменена вручную после записи reportgen" in said.message
    archive = load_archive(tmp_path, kind=kind)
    assert [r.version for r in archive.records] == [1] and [d.code for d in archive.findings] == ["record-edited"]
    # a record of format 1 (before the checksum) is read without the check
    del data["checksum"]
    data["format_version"] = 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_record(path, kind).findings == ()


def test_a_record_of_a_newer_format_is_refused_with_the_advice_to_update(built, tmp_path):
    kind, report = built
    path = write_record(tmp_path, report, kind, Term.of(report.period))
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(format_version=99, program="9.0")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = read_record(path, kind)
    assert not isinstance(found, Record) and found.code == "record-newer"
    assert "более новой версией reportgen (9.0)" in found.message and "обновите reportgen" in found.message


@pytest.mark.parametrize("encoding, named", [("cp1251", "Windows-1251"), ("utf-16", "UTF-16")])
def test_a_record_resaved_in_another_encoding_says_so(built, tmp_path, encoding, named):
    """Notepad's «ANSI» (Windows-1251) and «Юникод» (UTF-16 with its mark): not a foreign file."""
    kind, report = built
    path = write_record(tmp_path, report, kind, Term.of(report.period))
    text = path.read_text(encoding="utf-8")
    text = "".join(ch for ch in text if ch.encode(encoding, errors="ignore"))  # what Notepad would keep
    path.write_bytes(text.encode(encoding))
    found = read_record(path, kind)
    assert not isinstance(found, Record) and found.code == "record-encoding", found
    assert named in found.message and "UTF-8" in found.hint and "посторонние" not in found.hint


def test_a_record_without_a_kind_says_the_kind_is_not_stated(built, tmp_path):
    kind, report = built
    path = write_record(tmp_path / "a", report, kind, Term.of(report.period))
    found = read_record(_spoiled(path, tmp_path, lambda d: d.pop("kind")), kind)
    assert not isinstance(found, Record) and found.code == "record-damaged"
    assert "не указан вид отчета" in found.message and "None" not in found.message
