"""The model (reportgen/model.py): slotted frozen classes, enums that are still their strings, compact pickles."""

from __future__ import annotations

import json
import pickle

import openpyxl
import pytest

from reportgen.check.forms import check_form
from reportgen.check.status import glance
from reportgen.check.workers import _read_and_check
from reportgen.dates import DateSpan
from reportgen.diagnostics import Diagnostic, Location
from reportgen.model import (Arrived, Attach, Cell, InputFile, Letterhead, LetterKind, NoForm, Part, Report,
                             RosterLine, RowKind, SkippedFile, SkippedRow, Source, Split)
from reportgen.read.form import read_form
from reportgen.write.letters import Draft

TITLES = ["№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
          "Цель, содержание и результат мероприятия", "Участники мероприятия"]


@pytest.fixture
def form_path(tmp_path):
    """A canonical form whose rows repeat a place and name foreign countries."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    ws.append(["Отчет о мероприятиях в международной сфере во II квартале 2025 года"])
    ws.append(["Муниципальное образование", "Вяземский"])
    ws.append(["Отчетный период", "II квартал 2025 года"])
    ws.append([])
    ws.append(TITLES)
    rows = [("Визит делегации", "г. Вязьма", "12.04.2025", "Переговоры", "Делегация Республики Беларусь"),
            ("Фестиваль", "г. Вязьма", "15.05.2025", "Концерт", "Артисты из Китая и Беларуси"),
            ("Форум", "г. Вязьма", "20.06.2025", "Обсуждение", "Представители Сербии")]
    for n, row in enumerate(rows):
        ws.append([f"{n + 1}.", *row])
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def test_model_objects_have_no_dict(form_path, kind):
    sub = check_form(read_form(form_path, kind, "form.xlsx"), kind)
    row = sub.form.rows[0]
    objects = [sub, sub.form, row, row.cells["place"], row.table, sub.entries[0], sub.entries[0].span,
               SkippedRow("Лист", 3, "nothing", "отметка"), Diagnostic("form-empty", "нет", file="f"),
               Location("f"), Draft("return", "Вяземский", ("a@b.ru",), "тема", "текст")]
    for obj in objects:
        assert not hasattr(obj, "__dict__"), type(obj).__name__


def test_pipeline_types_are_slotted_model_classes(tmp_path):
    """The inputs, a report read back, a letterhead, the roster: in the model, slotted, and where a
    worker returns them (mail unpacked, a report split, a letterhead read) pickled compactly, whole."""
    source = Source("m.eml", "Вязьма <adm@v.ru>", None, "Отчет", "Форма.xlsx", reply_to="adm@v.ru")
    note = NoForm("q.eml", "Вязьма", None, "Вопрос", ())
    item = InputFile(tmp_path / "Форма.xlsx", "Форма.xlsx", source, copies=(None, source))
    skipped = SkippedFile("q.eml", "нет формы", message=note)
    report = Report("Отчет", ("Наименование",), (5.0,), None, ())
    split = Split("r.docx", report, None, (Diagnostic("form-empty", "нет", file="r.docx"),))
    part = Part("word/header1.xml", b"<w:hdr/>", "application/xml", "header", "rIdLheader")
    letterhead = Letterhead("blank.docx", (part,), "<w:sectPr/>", 9000)
    line = RosterLine("Вяземский", "ready", ("Форма.xlsx",), 3, 0, 1)
    arrived = Arrived("Вяземский", "m.eml › Форма.xlsx", "зашифрована", "пересохраните", "по теме", source)
    for obj in (source, note, item, skipped, split, part, letterhead, line, arrived):
        assert type(obj).__module__ == "reportgen.model", type(obj).__name__
        assert not hasattr(obj, "__dict__"), type(obj).__name__
    for obj in (source, note, item, skipped, split, part, letterhead):
        cls, values = obj.__reduce__()
        assert cls is type(obj) and values == tuple(getattr(obj, f) for f in cls.__match_args__)
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert arrived.name == "Форма.xlsx" and arrived.address == "adm@v.ru"


def test_kinds_are_enums_that_stay_their_strings():
    row = SkippedRow("Лист", 3, "nothing", "отметка")
    draft = Draft("confirm", "Вяземский", (), "тема", "текст", attach="marked")
    assert row.kind is RowKind.NOTHING and row.kind == "nothing"
    assert draft.kind is LetterKind.CONFIRM and draft.attach is Attach.MARKED
    assert Draft("reminder", "", (), "s", "b").attach is Attach.NONE
    # JSON and text carry the old strings.
    assert json.loads(json.dumps({"kind": row.kind, "letter": draft.kind, "attach": draft.attach})) == {
        "kind": "nothing", "letter": "confirm", "attach": "marked"}
    assert f"{draft.kind}/{draft.attach}" == "confirm/marked"
    with pytest.raises(ValueError):
        Draft("thanks", "", (), "s", "b")


def test_worker_results_pickle_compactly_and_whole(form_path, kind):
    sub = _read_and_check(form_path, "form.xlsx", kind, None)
    # Each object pickles as its class and its fields: one __init__ call on unpickling.
    cell = sub.form.rows[0].cells["place"]
    assert cell.__reduce__() == (Cell, (cell.text, cell.ref, cell.value))
    span = sub.entries[0].span
    assert span.__reduce__()[0] is DateSpan
    back = pickle.loads(pickle.dumps(sub, protocol=pickle.HIGHEST_PROTOCOL))
    assert repr(back) == repr(sub)  # Table compares by identity (eq=False): compare what it holds
    assert back.form.rows[1].cells["place"].text == "г. Вязьма"


def test_repeated_texts_of_a_table_are_one_object(form_path, kind):
    form = read_form(form_path, kind, "form.xlsx")
    places = [row.cells["place"].text for row in form.rows]
    assert places == ["г. Вязьма"] * 3
    assert places[0] is places[1] is places[2]  # held, and pickled by a worker, once
    back = pickle.loads(pickle.dumps(form))
    assert back.rows[0].cells["place"].text is back.rows[2].cells["place"].text


def test_worker_counts_countries_and_glance_agrees(form_path, kind):
    from reportgen.check.forms import combine

    counted = _read_and_check(form_path, "form.xlsx", kind, None)
    assert counted.countries is not None and dict(counted.countries)  # the worker counted them
    plain = check_form(read_form(form_path, kind, "form.xlsx"), kind)
    assert plain.countries is None
    by_worker = glance(combine([counted], kind), kind).countries
    by_glance = glance(combine([plain], kind), kind).countries
    assert by_worker == by_glance and by_worker  # the same numbers, whoever counted
    assert combine([counted], kind).submissions[0].countries == counted.countries  # combine keeps them


def test_report_period_is_a_period_and_the_json_keeps_its_code(kind):
    from reportgen.period import Period
    from reportgen.write.table import report_data

    q2 = Report.of(kind, Period(2025, 2), ())
    assert q2.period == Period(2025, 2) and q2.period.label() == "II квартал 2025 года"
    assert report_data(q2, kind)["period"] == "2025-Q2"  # the export's JSON as before: the code
    unknown = Report.of(kind, None, (), title="Отчет")
    assert unknown.period is None and report_data(unknown, kind)["period"] == ""
