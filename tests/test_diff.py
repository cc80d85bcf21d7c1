"""reportgen diff: what changed between two versions of a report, and the new one with tracked changes.

The versions are generated from samples/q2's report: version 2 removes events (and one whole
municipality), adds events (and a municipality that had none), and changes fields of others, each
independently, then is renumbered straight through. Invariants:
- every change the generator made is listed exactly once, with exactly the fields it changed, and
  nothing else is listed (renumbering alone is no change);
- the same holds whichever sort each version is: a Word report, an archive record, one of each;
- the tracked-changes document validates against the schemas, and accepting all its changes in
  LibreOffice gives the new report, cell for cell;
- a damaged or foreign version is one Russian message, exit 1, never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import require
from docx_text import read_report
from reportgen import api
from reportgen.assemble import numbered
from reportgen.model import Closing, Event, Section, Source
from reportgen.period import Period, Term
from reportgen.write.record import write_record
from reportgen.write.report import write_docx

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "q2"
LO_ACCEPT = Path(__file__).resolve().parent / "lo_accept.py"
SEEDS = (1, 2, 3)
WORDS = ("Аврора", "Берег", "Вершина", "Гармония", "Дружба", "Единство", "Живица", "Заря", "Исток", "Колосок")
MESSAGE = Source(message="входящие/Смоленск.eml", sender="Смоленск <adm@smolensk.example>",
                 date=dt.datetime(2025, 7, 3, 10, 0, tzinfo=dt.timezone.utc), subject="Отчет за II квартал",
                 attachment="Смоленск_2кв.xlsx")


@pytest.fixture(scope="module")
def v1():
    checked = api.check_paths([SAMPLES])
    return checked.kind, api.build_report(checked, force=True)


def _changed_cells(event: Event, keys: list[str], chosen: list[str]) -> Event:
    cells = list(event.cells)
    start, end = event.start, event.end
    for key in chosen:
        i = keys.index(key)
        if key == "dates":
            cells[i] = "1 июня 2025 года" if cells[i] != "1 июня 2025 года" else "2 июня 2025 года"
            start = end = dt.date(2025, 6, int(cells[i][0]))
        elif key == "name":
            cells[i] += " (уточнено)"
        elif key == "place":
            cells[i] += ", зал 2"
        else:
            cells[i] += "\nДополнено."
    return dataclasses.replace(event, cells=tuple(cells), start=start, end=end)


def _added(kind, seed: int, k: int) -> Event:
    texts = {"name": f"Новое мероприятие «{WORDS[k % len(WORDS)]} {seed}»", "place": "г. Тестовый",
             "dates": "15 мая 2025 года", "goal": "Проверка сравнения версий", "participants": "10 человек"}
    return Event(number=0, label="", cells=tuple(texts.get(c.key, "") for c in kind.content_columns),
                 file="добавлено.xlsx", sheet="Лист1", line=k + 7, ref=f"B{k + 7}",
                 start=dt.date(2025, 5, 15), end=dt.date(2025, 5, 15))


def make_v2(kind, report, seed: int):
    """Version 2 and what the generator did: added, removed, changed (municipality, cells[, fields])."""
    rng = random.Random(seed)
    keys = [c.key for c in kind.content_columns]
    added, removed, changed = Counter(), Counter(), Counter()
    sections = list(report.sections)
    gone = rng.randrange(len(sections))  # one municipality sends nothing this time
    out: list[tuple[Section, list]] = []
    k = 0
    for n, section in enumerate(sections):
        if n == gone:
            removed.update((section.municipality, e.cells) for e in section.events)
            continue
        events = []
        for e in section.events:
            fate = rng.random()
            if fate < 0.1:
                removed[(section.municipality, e.cells)] += 1
            elif fate < 0.25:
                chosen = rng.sample(keys, rng.choice((1, 1, 2)))
                new = _changed_cells(e, keys, chosen)
                events.append((new, ("changed", e, frozenset(chosen))))
            else:
                events.append((e, None))
        if rng.random() < 0.5:
            events.insert(rng.randrange(len(events) + 1), (_added(kind, seed, k), ("added",)))
            k += 1
        out.append((section, events))
    present = {s.municipality for s in sections}
    newcomer = next(m for m in kind.registry.municipalities if m.short not in present)
    out.insert(rng.randrange(len(out) + 1), (Section(newcomer.section, newcomer.short, ()),
                                              [(_added(kind, seed, k + i), ("added",)) for i in range(2)]))
    v2 = numbered(dataclasses.replace(report, sections=tuple(
        dataclasses.replace(s, events=tuple(e for e, _ in events)) for s, events in out)), kind)
    for (s, events), built in zip(out, v2.sections):
        for (_, fate), e in zip(events, built.events):
            if fate and fate[0] == "added":
                added[(s.municipality, e.cells)] += 1
            elif fate:
                _, before, fields = fate
                changed[(s.municipality, before.cells, e.cells, fields)] += 1
    return v2, {"added": added, "removed": removed, "changed": changed}


def _cells(kind, item: dict) -> tuple[str, ...]:
    return tuple(item[c.key] for c in kind.content_columns)


def listed(kind, data: dict, old, new) -> dict:
    """What the diff's JSON lists, in the generator's terms (old and new: the two reports, for the changed cells)."""
    keys = [c.key for c in kind.content_columns]
    by_number = {e.number: e for s in old.sections for e in s.events}, {e.number: e for s in new.sections
                                                                         for e in s.events}
    changed = Counter()
    for item in data["changed"]:
        before, after = by_number[0][item["old_number"]], by_number[1][item["new_number"]]
        fields = frozenset(f["column"] for f in item["fields"])
        for f in item["fields"]:  # each field's texts are the versions' own
            i = keys.index(f["column"])
            assert (f["old"], f["new"]) == (before.cells[i], after.cells[i])
        changed[(item["municipality"], before.cells, after.cells, fields)] += 1
    return {"added": Counter((a["municipality"], _cells(kind, a)) for a in data["added"]),
            "removed": Counter((a["municipality"], _cells(kind, a)) for a in data["removed"]),
            "changed": changed}


def _versions(tmp_path: Path, kind, v1, v2, sorts: str) -> tuple[Path, Path]:
    paths = []
    for n, (report, sort) in enumerate(zip((v1, v2), sorts.split("-")), start=1):
        if sort == "docx":
            path = tmp_path / f"отчет v{n}.docx"
            write_docx(report, kind, path)
        else:
            folder = tmp_path / f"архив{n}"
            for _ in range(n):  # version 2 is the second record of the period
                path = write_record(folder, report, kind, Term.of(report.period),
                                    messages={"samples/q2/Смоленск_2кв.xlsx": MESSAGE,
                                              str(SAMPLES / "Смоленск_2кв.xlsx"): MESSAGE})
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sorts", ["docx-docx", "record-record", "docx-record", "record-docx"])
def test_every_change_is_listed_once_and_nothing_else(v1, tmp_path, run, seed, sorts):
    kind, report = v1
    v2, made = make_v2(kind, report, seed)
    assert all(made.values())  # the generator did each kind of change
    old, new = _versions(tmp_path, kind, report, v2, sorts)
    result = run("diff", old, new, "--format", "json", "-o", tmp_path / "исправления.docx")
    assert result.code == 0, result.err
    data = result.json()
    assert listed(kind, data, report, v2) == made
    same = report.event_count - sum(made["removed"].values()) - sum(made["changed"].values())
    assert data["summary"] == {"added": sum(made["added"].values()), "removed": sum(made["removed"].values()),
                               "changed": sum(made["changed"].values()), "same": same,
                               "renumbered": data["summary"]["renumbered"]}
    assert data["summary"]["renumbered"] > 0  # removals shift the numbers, and that is not a change
    assert data["tracked"] == str(tmp_path / "исправления.docx")


def test_sources_name_the_form_cell_and_message_or_the_document_row(v1, tmp_path, run):
    kind, report = v1
    smolensk = next(s for s in report.sections if s.municipality == "Смоленск")
    first = smolensk.events[0]
    v2 = numbered(dataclasses.replace(report, sections=tuple(
        dataclasses.replace(s, events=s.events[1:]) if s is smolensk else s for s in report.sections)), kind)
    old, new = _versions(tmp_path, kind, report, v2, "record-docx")
    out = run("diff", old, new)
    assert out.code == 0, out.err
    removed = out.out.split("Удалены:")[1]
    assert f"Смоленск, № {first.number}" in removed
    # The form, its sheet and cell, and the message it came in: sender, date, subject.
    assert f"форма «{first.file}», лист «{first.sheet}», ячейка {first.ref}" in removed
    assert "письмо от Смоленск <adm@smolensk.example> 03.07.2025 «Отчет за II квартал»" in removed
    assert "Добавлены:" not in out.out and "Изменены:" not in out.out
    assert "Номер изменился у" in out.out
    data = run("diff", new, old, "--format", "json", "-o", tmp_path / "back.docx").json()
    [back] = data["added"]
    assert back["source"]["message"]["subject"] == "Отчет за II квартал"
    assert back["source"]["cell"] == first.ref
    [gone] = run("diff", old, new, "--format", "json").json()["removed"]
    assert gone["source"]["file"] == first.file
    words = run("diff", new, new).out
    assert "Мероприятия в версиях одинаковы." in words


def test_docx_sources_name_the_document_and_row(v1, tmp_path, run):
    kind, report = v1
    v2, _ = make_v2(kind, report, 1)
    old, new = _versions(tmp_path, kind, report, v2, "docx-docx")
    data = run("diff", old, new, "--format", "json").json()
    item = data["changed"][0]
    assert item["old_source"]["document"] == str(old) and item["new_source"]["document"] == str(new)
    assert item["old_source"]["table"] == "таблица 1" and item["old_source"]["row"] > 1
    text = run("diff", old, new).out
    assert f"документ «{old}», таблица 1, строка {item['old_source']['row']}" in text


def _lo_python() -> str | None:
    for python in ("/usr/lib/libreoffice/program/python", "/usr/bin/python3", shutil.which("python3") or ""):
        if python and Path(python).exists() and subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0:
            return python
    return None


def test_the_tracked_document_validates_and_accepts_into_the_new_report(v1, tmp_path, run, ooxml, office):
    kind, report = v1
    v2, made = make_v2(kind, report, 2)
    # The title's change is tracked too, and the closing block's paragraphs that only one version has.
    sign = (("Начальник управления", "И.И. Иванов"), ("Дата", "____________"))
    report = dataclasses.replace(report, closing=Closing(
        lists=(("Мероприятий не проводили:", ("Ельнинский", "Угранский")),), counts_heading=kind.closing.counts,
        counts=(("Смоленск", 20), ("Вяземский", 11)), total="Всего: 97 мероприятий", signature=sign))
    v2 = dataclasses.replace(v2, title=v2.title + "\n(версия 2)", closing=Closing(
        lists=(("Мероприятий не проводили:", ("Ельнинский",)),), counts_heading=kind.closing.counts,
        counts=(("Смоленск", 18), ("Вяземский", 11)), total=f"Всего: {v2.event_count} мероприятий", signature=sign))
    old, new = _versions(tmp_path, kind, report, v2, "record-record")
    tracked = tmp_path / "исправления.docx"
    data = run("diff", old, new, "-o", tracked, "--format", "json").json()
    assert data["title"] == {"old": report.title, "new": v2.title}
    assert ooxml(tracked) == ""
    xml = zipfile.ZipFile(tracked).read("word/document.xml").decode("utf-8")
    # One row mark per event added or removed, and per municipality that only one version has.
    assert xml.count("<w:ins w:id=") and xml.count("<w:del w:id=")
    rows = re.findall(r"<w:trPr>(?:(?!</w:trPr>).)*</w:trPr>", xml)
    assert sum("<w:ins " in r for r in rows) == data["summary"]["added"] + 1
    assert sum("<w:del " in r for r in rows) == data["summary"]["removed"] + 1
    assert set(re.findall(r'w:author="([^"]*)"', xml)) == {"reportgen"}
    assert re.search(r'w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', xml)
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))

    python = _lo_python()
    require(python is not None, "LibreOffice's Python (import uno; Debian: python3-uno)")
    expected = tmp_path / "новый.docx"
    write_docx(v2, kind, expected)
    accepted = tmp_path / "принято.docx"
    proc = subprocess.run([python, str(LO_ACCEPT), str(tracked), str(accepted), str(tmp_path / "lo-profile")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    # Writer's review pane lists them: insertions and deletions, by reportgen; none is left after «accept all».
    assert seen["before"] >= sum(made["added"].values()) + sum(made["removed"].values())
    assert set(seen["types"]) == {"Insert", "Delete"} and seen["authors"] == ["reportgen"] and seen["after"] == 0
    assert read_report(accepted) == read_report(expected)
    import docx

    def paragraphs(path):  # the title's lines and the closing part, outside the table
        return [p.text for p in docx.Document(str(path)).paragraphs if p.text]

    assert paragraphs(accepted) == paragraphs(expected) and "(версия 2)" in paragraphs(accepted)
    assert "Угранский" not in paragraphs(accepted) and f"Всего: {v2.event_count} мероприятий" in paragraphs(accepted)

    # «Reject all» gives the old table back, but for the numbers (renumbering is not marked).
    rejected = tmp_path / "отклонено.docx"
    proc = subprocess.run([python, str(LO_ACCEPT), str(tracked), str(rejected), str(tmp_path / "lo-profile"), "reject"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["after"] == 0
    before = tmp_path / "старый.docx"
    write_docx(report, kind, before)

    def unnumbered(path):
        title, rows = read_report(path)
        return title, [row[1:] if len(row) > 1 else row for row in rows]

    assert unnumbered(rejected) == unnumbered(before)


def test_nothing_changed_writes_no_marks(v1, tmp_path, run):
    kind, report = v1
    old, new = _versions(tmp_path, kind, report, report, "docx-record")
    data = run("diff", old, new, "--format", "json").json()
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 0, "same": report.event_count, "renumbered": 0}
    assert data["added"] == data["removed"] == data["changed"] == [] and data["title"] is None
    xml = zipfile.ZipFile(data["tracked"]).read("word/document.xml").decode("utf-8")
    assert "<w:ins " not in xml and "<w:del " not in xml
    # Beside the new version, by default; the inputs are untouched.
    assert Path(data["tracked"]).parent == new.parent


def test_versions_of_different_periods_are_a_warning(v1, tmp_path, run):
    kind, report = v1
    old, _ = _versions(tmp_path, kind, report, report, "docx-docx")
    moved = dataclasses.replace(report, period=Period(2025, 3))
    new = write_record(tmp_path / "архив", moved, kind, Term.of(Period(2025, 3)))
    result = run("diff", old, new, "--format", "json", "-o", tmp_path / "t.docx")
    assert result.code == 0
    [finding] = [d for d in result.json()["diagnostics"] if d["code"] == "diff-period-differs"]
    assert "2025-Q2" in finding["message"] and "2025-Q3" in finding["message"]


def _spoiled(tmp_path: Path, kind, report, how: str) -> Path:
    if how.endswith(".docx"):
        path = tmp_path / how
        if how == "garbage.docx":
            path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
        else:  # a Word document, but no report in it
            import docx

            d = docx.Document()
            d.add_paragraph("Служебная записка")
            d.save(str(path))
        return path
    record = write_record(tmp_path / "архив", report, kind, Term.of(report.period))
    data = record.read_bytes()
    path = tmp_path / how
    if how == "cut.json":
        path.write_bytes(data[: len(data) // 2])
    elif how == "foreign.json":
        path.write_text(json.dumps({"events": []}), encoding="utf-8")
    else:  # another kind's record
        path.write_text(data.decode("utf-8").replace(f'"kind": "{kind.name}"', '"kind": "другой"'),
                        encoding="utf-8")
    return path


@pytest.mark.parametrize("how, code", [("cut.json", "record-damaged"), ("foreign.json", "record-foreign"),
                                       ("kind.json", "record-kind"), ("garbage.docx", None),
                                       ("memo.docx", "split-no-table")])
def test_a_damaged_or_foreign_version_is_refused_in_russian(v1, tmp_path, run, how, code):
    kind, report = v1
    good = tmp_path / "good.docx"
    write_docx(report, kind, good)
    bad = _spoiled(tmp_path, kind, report, how)
    for args in ((bad, good), (good, bad)):
        result = run("diff", *args)
        assert result.code == 1, result.out + result.err
        text = result.out + result.err
        assert "Traceback" not in text and "Сравнение не выполнено" in text and str(bad) in text
        assert re.search("[а-я]{4}", text)
        if code is not None:
            assert code in text
    data = run("diff", good, bad, "--format", "json").json()
    assert data["error"].startswith("Сравнение не выполнено") and data["diagnostics"][0]["file"] == str(bad)
    if code is not None:
        assert data["diagnostics"][0]["code"] == code
    assert not list(tmp_path.glob("*исправления*"))  # nothing written


def test_usage_errors(v1, tmp_path, run):
    kind, report = v1
    good = tmp_path / "good.docx"
    write_docx(report, kind, good)
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    for args in (("diff", good, text), ("diff", good, tmp_path / "нет.docx"), ("diff", good, good, "-o", good),
                 ("diff", good, good, "-o", tmp_path / "t.pdf"), ("diff", good)):
        result = run(*args)
        assert result.code == 2, (args, result.out, result.err)
        assert "Traceback" not in result.err and re.search("[а-я]{4}", result.err)
    assert good.read_bytes()[:2] == b"PK"


def test_many_like_named_events_pair_in_bounded_time(v1):
    """3,000 events of one name in one section, every goal changed: each is paired with itself, in linear time."""
    import time

    from reportgen.check.versions import compare

    kind, report = v1
    first = report.sections[0]
    e = first.events[0]
    keys = [c.key for c in kind.content_columns]
    goal = keys.index("goal")

    def version(suffix: str):
        events = tuple(dataclasses.replace(e, cells=tuple(
            f"Выставка книг {k}" if i == 0 else f"цель {k}{suffix}" if i == goal else c for i, c in enumerate(e.cells)))
            for k in range(3000))
        return numbered(dataclasses.replace(report, sections=(dataclasses.replace(first, events=events),)), kind)

    started = time.perf_counter()
    [section] = compare(version(""), version(" (изм.)"), kind)
    assert time.perf_counter() - started < 60
    assert [(r.state, r.old.number, r.new.number, r.fields) for r in section.rows] == [
        ("changed", k + 1, k + 1, (goal,)) for k in range(3000)]


def test_hostile_word_files_are_read_or_refused_never_a_traceback(tmp_path, run):
    """The Word corpus of `split` (tests/hostile_word.py), each file as NEW against its sound original."""
    import hostile_word

    made = hostile_word.corpus(tmp_path / "corpus")
    good = tmp_path / "corpus" / "ok.docx"
    for case in made:
        path = tmp_path / "corpus" / case.name
        result = run("diff", good, path, "--format", "json", "-o", tmp_path / "out.docx")
        said = result.out + result.err
        assert "Traceback" not in said and "внутренняя ошибка" not in said, case.name
        if path.suffix != ".docx":
            assert result.code == 2, case.name  # a presentation, a workbook, an .odt: not a report
        elif case.split == "refused":
            assert result.code == 1 and result.json()["diagnostics"], case.name
        else:
            assert result.code == 0, (case.name, said)
            assert result.json()["new"]["events"] == case.split, case.name
