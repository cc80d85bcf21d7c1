"""The archive of quarters from the command line (issue 23.1): `build --archive` records each report as
the next version of its period, `reportgen archive` seeds the archive from Word reports and lists it.

Invariants: a record is written only after every output of its build is whole, never replaces an
earlier version and reads back as the model the build wrote; a Word report seeds a record whose
events are split's; whatever lies in the archive folder, the listing names it and never traces.
"""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from reference import write_reference_docx
from reportgen import api
from reportgen.api.archive import load_archive, seed_archive
from reportgen.kind import load_kind
from reportgen.model import Record
from reportgen.period import Period, Term
from reportgen.read.record import read_record

Q2 = Term.of(Period(2025, 2))


def _records(folder: Path) -> list[str]:
    # The hidden folder of the records' keys (api/earlier.py) is the checks' cache, not a record.
    return sorted(p.name for p in folder.iterdir() if p.name != ".reportgen-keys") if folder.is_dir() else []


def test_building_twice_adds_version_2_and_keeps_version_1s_bytes(run, samples, tmp_path, kind):
    archive = tmp_path / "архив"
    first = run("build", samples, "--force", "-o", tmp_path / "r1.docx", "--json", tmp_path / "r1.json",
                "--archive", archive)
    assert first.code == 0, first.out + first.err
    assert "2025-Q2 v1.json" in first.out
    assert _records(archive) == ["2025-Q2 v1.json"]
    v1 = (archive / "2025-Q2 v1.json").read_bytes()

    second = run("build", samples, "--force", "-o", tmp_path / "r2.docx", "--archive", archive)
    assert second.code == 0, second.out + second.err
    assert "2025-Q2 v2.json" in second.out
    assert _records(archive) == ["2025-Q2 v1.json", "2025-Q2 v2.json"]  # no temporary file left either
    assert (archive / "2025-Q2 v1.json").read_bytes() == v1

    # The record holds what build wrote: its --json export, and the model itself.
    data = json.loads(v1.decode("utf-8"))
    assert data["report"] == json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    assert (data["kind"], data["period"], data["version"], data["origin"]) == ("international", "2025-Q2", 1, "forms")
    report = api.build_report(api.check_paths([samples]), force=True)
    for name, version in (("2025-Q2 v1.json", 1), ("2025-Q2 v2.json", 2)):
        record = read_record(archive / name, kind)
        assert isinstance(record, Record) and record.version == version
        assert record.report == report and record.report.dump() == report.dump()
        assert record.report.event_count == 97


def test_a_build_whose_report_is_not_written_records_nothing(run, samples, tmp_path, monkeypatch):
    import reportgen.write.report as writer

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "write_docx", full)
    archive = tmp_path / "архив"
    result = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--xlsx", tmp_path / "r.xlsx",
                 "--archive", archive)
    assert result.code == 1, result.out + result.err
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "r.xlsx").exists()
    assert _records(archive) == []


@pytest.mark.parametrize("how", ["kind-file", "disk-full"])
def test_an_archive_that_refuses_the_record_leaves_the_report_written_and_exits_1(run, samples, tmp_path,
                                                                                  monkeypatch, how):
    archive = tmp_path / "архив"
    args = ["--archive", archive]
    if how == "kind-file":  # the kind's [archive] folder is a file beside the report: found only when recording
        own = tmp_path / "kind"
        shutil.copytree(ROOT / "templates" / "international", own)
        with open(own / "kind.toml", "a", encoding="utf-8") as f:
            f.write('\n[archive]\nfolder = "архив"\n')
        archive.write_text("не папка", encoding="utf-8")
        args = ["--kind", own]
    else:
        import reportgen.write.record as record

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(record, "write_record", full)
    result = run("build", samples, "--force", "-o", tmp_path / "r.docx", *args)
    assert result.code == 1, result.out + result.err
    assert (tmp_path / "r.docx").stat().st_size > 10_000  # the report stays
    assert f"{archive}: ошибка archive-unwritten" in result.out
    assert "Traceback" not in result.out + result.err
    if how == "kind-file":
        assert archive.read_text(encoding="utf-8") == "не папка"
        # the advice fits: a folder, not a file; not rights or disk space
        assert "а не файл" in result.out and "права" not in result.out
    else:
        assert _records(archive) == []
        assert "права" in result.out


@pytest.mark.parametrize("where", ["file", "nested"])
def test_build_refuses_an_archive_that_is_a_file_or_has_no_parent_before_reading_forms(run, samples, tmp_path,
                                                                                       monkeypatch, where):
    """--archive naming a file, or «новый/архив» where «новый» is missing: exit 2, the option named, nothing read."""
    import reportgen.api as api_module

    archive = tmp_path / "отчет.docx" if where == "file" else tmp_path / "новый" / "архив"
    if where == "file":
        archive.write_bytes(b"PK")

    def never(*args, **kwargs):
        raise AssertionError("the forms were read")

    monkeypatch.setattr(api_module, "check_paths", never)
    result = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--archive", archive)
    assert result.code == 2, result.out + result.err
    assert "--archive" in result.err and "Traceback" not in result.out + result.err
    assert ("это файл" in result.err) if where == "file" else (f"«{tmp_path / 'новый'}»" in result.err)
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "новый").exists()
    # a missing folder whose parent exists is made, as -o's folder is
    monkeypatch.undo()
    made = run("build", samples, "--force", "-o", tmp_path / "r.docx", "--archive", tmp_path / "архив")
    assert made.code == 0 and _records(tmp_path / "архив") == ["2025-Q2 v1.json"]


def test_the_kind_names_the_archive_beside_the_report(run, samples, tmp_path):
    own = tmp_path / "kind"
    shutil.copytree(ROOT / "templates" / "international", own)
    with open(own / "kind.toml", "a", encoding="utf-8") as f:
        f.write('\n[archive]\nfolder = "архив"\n')
    assert load_kind(own).archive_folder == "архив" and load_kind().archive_folder == ""
    out = tmp_path / "отчеты"
    out.mkdir()
    result = run("build", samples, "--force", "-o", out / "r.docx", "--kind", own)
    assert result.code == 0, result.out + result.err
    assert _records(out / "архив") == ["2025-Q2 v1.json"]
    # --archive wins over the kind's folder
    result = run("build", samples, "--force", "-o", out / "r2.docx", "--kind", own, "--archive", tmp_path / "другой")
    assert result.code == 0 and _records(tmp_path / "другой") == ["2025-Q2 v1.json"]
    assert _records(out / "архив") == ["2025-Q2 v1.json"]
    # the default kind has no archive: a build without --archive writes none
    assert run("build", samples, "--force", "-o", tmp_path / "r3.docx").code == 0
    assert not (tmp_path / "архив").exists()

    with open(own / "kind.toml", "a", encoding="utf-8") as f:
        f.write('foldr = "x"\n')
    from reportgen.errors import KindError

    with pytest.raises(KindError, match="foldr"):
        load_kind(own)


def test_a_word_report_seeds_a_record_with_splits_events(tmp_path, kind):
    word = tmp_path / "Отчет II квартал 2025.docx"
    write_reference_docx(word)
    split = api.split_file(word, kind=kind, display=str(word))
    assert split.report.event_count == 97

    seeded = seed_archive(tmp_path / "архив", [word], kind=kind)
    (entry,) = seeded.files
    assert entry.record is not None and (entry.period, entry.version, entry.events) == (Q2, 1, 97)
    record = read_record(Path(entry.record), kind)
    assert isinstance(record, Record) and record.origin == "word" and record.period == Q2
    events = [e for s in split.report.sections for e in s.events]
    assert [e for s in record.report.sections for e in s.events] == events
    assert [(s.title, s.municipality) for s in record.report.sections] == \
           [(s.title, s.municipality) for s in split.report.sections]
    assert {e.file for e in events} == {str(word)}  # each event's source: the document
    # Seeded again: the archive holds this very report already, nothing is added.
    (again,) = seed_archive(tmp_path / "архив", [word], kind=kind).files
    assert again.already and (again.record, again.version) == (entry.record, 1)
    assert _records(tmp_path / "архив") == ["2025-Q2 v1.json"]
    # A corrected document is a new version; the first one stays as it was.
    before = Path(entry.record).read_bytes()
    import docx

    d = docx.Document(str(word))
    d.tables[0].rows[2].cells[1].paragraphs[0].text += " (уточнено)"
    d.save(str(word))
    (changed,) = seed_archive(tmp_path / "архив", [word], kind=kind).files
    assert not changed.already and changed.version == 2
    assert _records(tmp_path / "архив") == ["2025-Q2 v1.json", "2025-Q2 v2.json"]
    assert Path(entry.record).read_bytes() == before


def test_seeding_from_the_command_line_skips_only_the_report_without_a_period(run, tmp_path):
    reports = tmp_path / "прошлый год"
    reports.mkdir()
    write_reference_docx(reports / "II квартал.docx")
    write_reference_docx(reports / "без периода.docx", title_lines=["Отчет о мероприятиях в международной сфере"])
    (reports / "~$II квартал.docx").write_bytes(b"\x00owner")  # Word's owner file beside an open document
    (reports / "заметки.txt").write_text("не отчет", encoding="utf-8")
    archive = tmp_path / "архив"

    result = run("archive", reports, "--archive", archive, "--format", "json")
    assert result.code == 1, result.out + result.err
    files = {Path(f["source"]).name: f for f in result.json()["files"]}
    assert sorted(files) == ["II квартал.docx", "без периода.docx"]
    assert files["II квартал.docx"]["record"].endswith("2025-Q2 v1.json")
    assert files["без периода.docx"]["record"] is None
    assert [d["code"] for d in files["без периода.docx"]["diagnostics"]] == ["period-missing"]
    assert files["без периода.docx"]["diagnostics"][0]["file"].endswith("без периода.docx")
    assert _records(archive) == ["2025-Q2 v1.json"]

    again = run("archive", reports / "II квартал.docx", "--archive", archive, "--format", "json")
    assert again.code == 0 and again.json()["files"][0]["already"] is True
    assert _records(archive) == ["2025-Q2 v1.json"]

    text = run("archive", reports / "без периода.docx", "--period", "2025-Q1", "--archive", archive)
    assert text.code == 0, text.out + text.err
    assert "2025-Q1 v1.json" in text.out
    listed = run("archive", "--archive", archive, "--format", "json")
    assert listed.code == 0
    periods = [(p["period"], p["versions"], p["origin"], p["events"]) for p in listed.json()["periods"]]
    assert periods == [("2025-Q1", [1], "word", 97), ("2025-Q2", [1], "word", 97)]


def test_the_listing_names_damaged_foreign_and_other_kind_records(run, samples, tmp_path):
    archive = tmp_path / "архив"
    assert run("build", samples, "--force", "-o", tmp_path / "r.docx", "--archive", archive).code == 0
    good = json.loads((archive / "2025-Q2 v1.json").read_text(encoding="utf-8"))
    (archive / "2025-Q1 v1.json").write_text(json.dumps({**good, "period": "2025-Q1", "kind": "budget"}),
                                             encoding="utf-8")
    (archive / "2024-Q4 v1.json").write_bytes(b"PK\x03\x04\xff\xfe not a record")
    (archive / "2024-Q3 v1.json").write_text(json.dumps(good)[:5000], encoding="utf-8")  # cut short
    raw = (archive / "2025-Q2 v1.json").read_bytes()
    lead = next(i for i in range(4000, len(raw)) if raw[i] >= 0xC0)
    (archive / "2024-Q2 v1.json").write_bytes(raw[:lead + 1])  # cut short in the middle of a letter
    (archive / "прочти меня.txt").write_text("заметки координатора", encoding="utf-8")  # left alone

    listed = run("archive", "--archive", archive, "--format", "json")
    assert listed.code == 1
    data = listed.json()
    named = sorted((Path(d["file"]).name, d["code"]) for d in data["findings"])
    assert named == [("2024-Q2 v1.json", "record-damaged"), ("2024-Q3 v1.json", "record-damaged"),
                     ("2024-Q4 v1.json", "record-foreign"), ("2025-Q1 v1.json", "record-kind")]
    assert all(d["message"] and d["hint"] for d in data["findings"])
    assert [(p["period"], p["version"]) for p in data["periods"]] == \
           [("2024-Q2", None), ("2024-Q3", None), ("2024-Q4", None), ("2025-Q1", None), ("2025-Q2", 1)]

    text = run("archive", "--archive", archive)
    assert text.code == 1
    for name, code in named:
        assert f"{archive / name}: ошибка {code}" in text.out
    assert "Traceback" not in text.out + text.err


@pytest.mark.parametrize("args", [
    ["archive"],  # no folder: the default kind names none
    ["archive", "--archive", "{tmp}/нет такой"],
    ["archive", "{tmp}/нет.docx", "--archive", "{tmp}/a"],
    ["archive", "{tmp}/form.xlsx", "--archive", "{tmp}/a"],
    ["archive", "{tmp}/пусто", "--archive", "{tmp}/a"],
    ["archive", "{tmp}/r.docx", "--period", "2025-Q9", "--archive", "{tmp}/a"],
])
def test_archive_usage_errors_exit_2_and_write_nothing(run, tmp_path, args):
    (tmp_path / "form.xlsx").write_bytes(b"")
    (tmp_path / "пусто").mkdir()
    write_reference_docx(tmp_path / "r.docx")
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.code == 2, result.out + result.err
    assert result.err.strip() and "Traceback" not in result.out + result.err
    assert not (tmp_path / "a").exists()


def test_an_archive_that_is_empty_lists_nothing_and_exits_0(run, tmp_path):
    (tmp_path / "архив").mkdir()
    result = run("archive", "--archive", tmp_path / "архив", "--format", "json")
    assert result.code == 0 and result.json()["periods"] == [] and result.json()["findings"] == []
    assert load_archive(tmp_path / "архив").records == ()


# -- round 2: what a coordinator tripped on (the archive from the docs alone) --

def _dated(path: Path, title: str | None = None, year: str = "2025") -> Path:
    """The reference as Word, its title `title` (None: the reference's), every date moved to `year`."""
    import docx

    write_reference_docx(path, title_lines=[title] if title is not None else None)
    if year != "2025":
        d = docx.Document(str(path))
        for row in d.tables[0].rows[1:]:
            cell = row.cells[3]
            for p in cell.paragraphs:
                for r in p.runs:
                    r.text = r.text.replace("2025", year)
        d.save(str(path))
    return path


def test_a_report_seeded_again_under_another_name_adds_nothing(tmp_path, kind):
    """Invariant: the same report (its content) is one version of its period, whatever its file is called."""
    word = _dated(tmp_path / "Отчет II квартал 2025.docx")
    copy = tmp_path / "Отчет II квартал 2025 - копия.docx"
    copy.write_bytes(word.read_bytes())
    same = _dated(tmp_path / "отчет (2).docx")  # saved again by another author: other bytes, the same report
    import docx

    d = docx.Document(str(same))
    d.core_properties.author = "Другой сотрудник"
    d.save(str(same))
    assert same.read_bytes() != word.read_bytes()
    archive = tmp_path / "архив"
    (first,) = seed_archive(archive, [word], kind=kind).files
    assert first.version == 1 and not first.already
    for again in (copy, word, same, copy):  # before: each name added a version, alternating
        (entry,) = seed_archive(archive, [again], kind=kind).files
        assert entry.already and (entry.record, entry.version) == (first.record, 1), entry
    assert _records(archive) == ["2025-Q2 v1.json"]
    # in one run too: the second copy is the first one's record
    other = tmp_path / "другой архив"
    both = seed_archive(other, [word, copy], kind=kind).files
    assert [(e.version, e.already) for e in both] == [(1, False), (1, True)]
    assert _records(other) == ["2025-Q2 v1.json"]
    # the record names its content; a version in between does not hide the first
    data = json.loads((archive / "2025-Q2 v1.json").read_text(encoding="utf-8"))
    assert len(data["content"]) == 64 and len(data["checksum"]) == 64


def test_period_option_is_only_for_reports_whose_title_has_none(run, tmp_path):
    reports = tmp_path / "Отчеты Word"
    reports.mkdir()
    _dated(reports / "II квартал.docx")
    _dated(reports / "без периода.docx", title="Отчет о мероприятиях в международной сфере", year="2024")
    archive = tmp_path / "архив"
    result = run("archive", reports, "--period", "2024-Q2", "--archive", archive, "--format", "json")
    assert result.code == 0, result.out + result.err
    files = {Path(f["source"]).name: f for f in result.json()["files"]}
    assert files["II квартал.docx"]["record"].endswith("2025-Q2 v1.json")  # its title's quarter, not --period's
    (said,) = files["II квартал.docx"]["diagnostics"]
    assert said["code"] == "archive-period-title"
    assert "II квартал 2025 года" in said["message"] and "II квартал 2024 года" in said["message"]
    assert files["без периода.docx"]["record"].endswith("2024-Q2 v1.json")
    assert files["без периода.docx"]["diagnostics"] == []
    assert _records(archive) == ["2024-Q2 v1.json", "2025-Q2 v1.json"]


def test_the_hint_for_a_report_without_a_period_is_the_quarter_of_its_dates(run, tmp_path):
    word = _dated(tmp_path / "без периода.docx", title="Отчет о мероприятиях в международной сфере", year="2023")
    result = run("archive", word, "--archive", tmp_path / "архив")
    assert result.code == 1, result.out + result.err
    assert "period-missing" in result.out and "--period 2023-Q2" in result.out
    assert "2025-Q2" not in result.out


def test_a_title_whose_quarter_the_dates_miss_is_a_warning_naming_both(run, tmp_path):
    word = _dated(tmp_path / "IV квартал.docx", title="Отчет о мероприятиях в IV квартале 2024 года")
    result = run("archive", word, "--archive", tmp_path / "архив", "--format", "json")
    assert result.code == 0, result.out + result.err
    (entry,) = result.json()["files"]
    assert entry["record"].endswith("2024-Q4 v1.json")  # the title decides; the warning says to check it
    (said,) = entry["diagnostics"]
    assert said["code"] == "split-period-dates" and said["severity"] == "warning"
    assert "IV квартал 2024 года" in said["message"] and "II квартал 2025 года" in said["message"]


def test_the_listing_names_every_version_that_cannot_be_read(run, samples, tmp_path):
    archive = tmp_path / "архив"
    for n in (1, 2, 3):
        assert run("build", samples, "--force", "-o", tmp_path / f"r{n}.docx", "--archive", archive).code == 0
    (archive / "2025-Q2 v1.json").write_text("{обрезано", encoding="utf-8")
    (archive / "2025-Q2 v3.json").write_bytes(b"PK\x03\x04\xff\xfe not a record")
    copy = archive / "2025-Q2 v2 - копия.json"  # Windows' copy of a record beside it
    copy.write_bytes((archive / "2025-Q2 v2.json").read_bytes())
    listed = run("archive", "--archive", archive, "--format", "json")
    assert listed.code == 1
    data = listed.json()
    named = sorted((Path(d["file"]).name, d["code"]) for d in data["findings"])
    assert named == [("2025-Q2 v1.json", "record-damaged"), ("2025-Q2 v2 - копия.json", "archive-not-named"),
                     ("2025-Q2 v3.json", "record-foreign")]
    assert [(p["period"], p["versions"], p["version"]) for p in data["periods"]] == [("2025-Q2", [1, 2, 3], 2)]
    text = run("archive", "--archive", archive)
    assert "Не читаются записи архива: 2" in text.out and "копия.json: предупреждение archive-not-named" in text.out
    # the checks read only what they need: the newest readable version, no stray file named
    assert [Path(d.file).name for d in load_archive(archive).findings] == ["2025-Q2 v3.json"]


def test_archive_naming_a_file_says_it_is_a_file(run, tmp_path):
    given = tmp_path / "архив.json"
    given.write_text("{}", encoding="utf-8")
    listed = run("archive", "--archive", given)
    assert listed.code == 2 and "это файл" in listed.err and "не найдена" not in listed.err
    word = _dated(tmp_path / "r.docx")
    seeded = run("archive", word, "--archive", given)
    assert seeded.code == 2 and "это файл" in seeded.err and "--archive" in seeded.err
    nested = run("archive", word, "--archive", tmp_path / "новый" / "архив")
    assert nested.code == 2 and f"«{tmp_path / 'новый'}»" in nested.err
    assert not (tmp_path / "новый").exists() and given.read_text(encoding="utf-8") == "{}"


def test_seeding_a_folder_names_its_doc_files_and_subfolders(run, tmp_path):
    reports = tmp_path / "Отчеты Word"
    (reports / "2023").mkdir(parents=True)
    _dated(reports / "II квартал.docx")
    (reports / "I квартал.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    result = run("archive", reports, "--archive", tmp_path / "архив")
    assert result.code == 1, result.out + result.err
    assert f"{reports / 'I квартал.doc'}: ошибка archive-doc" in result.out
    assert "Документ Word (.docx)" in result.out
    assert f"{reports / '2023'}: предупреждение archive-subfolder" in result.out
    assert "2025-Q2 v1.json" in result.out
    data = run("archive", reports, "--archive", tmp_path / "архив", "--format", "json").json()
    assert [d["code"] for d in data["passed"]] == ["archive-subfolder"]
    single = run("archive", reports / "I квартал.doc", "--archive", tmp_path / "архив")
    assert single.code == 2 and "«Документ Word (.docx)»" in single.err
