"""Assembly: sections in registry order, numbering straight through, --order date."""

import datetime as dt

import pytest

from reportgen.assemble import assemble
from reportgen.model import Entry, Submission
from reportgen.dates import DateSpan
from reportgen.model import Cell, Form, Row
from reportgen.period import Period

Q2 = Period(2025, 2)


def sub(kind, short, names_and_days):
    m = kind.registry.get(short)
    entries = []
    for i, (name, days) in enumerate(names_and_days):
        span = DateSpan(dt.date(2025, *days[0]), dt.date(2025, *days[1]), "day") if days else None
        entries.append(Entry(Row(10 + i, {"name": Cell(name, f"B{10 + i}")}), span))
    return Submission(Form(f"{short}.xlsx", "Мероприятия"), m, Q2, tuple(entries), ())


def names(report):
    return [[e.cells[0] for e in s.events] for s in report.sections]


def test_sections_follow_the_registry_and_numbers_run_through(kind):
    subs = [sub(kind, "Десногорск", [("д1", None)]), sub(kind, "Вяземский", [("в1", None), ("в2", None)]),
            sub(kind, "Смоленск", [("с1", None)]), sub(kind, "Рославльский", [])]
    report = assemble(subs, kind, Q2)
    assert [s.municipality for s in report.sections] == ["Смоленск", "Вяземский", "Десногорск"]
    assert [e.label for s in report.sections for e in s.events] == ["1.", "2.", "3.", "4."]
    assert names(report) == [["с1"], ["в1", "в2"], ["д1"]]
    assert report.title.endswith("во II квартале 2025 года")
    assert report.sections[1].title == "Муниципальное образование «Вяземский муниципальный округ» Смоленской области"


def test_order_date_sorts_by_start_then_end_stable_undated_last(kind):
    rows = [("нет даты", None), ("май", ((5, 1), (5, 31))), ("апрель длинный", ((4, 2), (4, 30))),
            ("апрель 2", ((4, 2), (4, 2))), ("апрель 2 второй", ((4, 2), (4, 2))), ("март", ((3, 29), (3, 29)))]
    s = [sub(kind, "Смоленск", rows)]
    assert names(assemble(s, kind, Q2, "submitted")) == [[r[0] for r in rows]]
    assert names(assemble(s, kind, Q2, "date")) == [
        ["март", "апрель 2", "апрель 2 второй", "апрель длинный", "май", "нет даты"]]


def test_period_phrases(kind):
    titles = [assemble([], kind, Period(2025, q)).title for q in (1, 2, 3, 4)]
    assert titles[0].endswith(" в I квартале 2025 года") and titles[1].endswith(" во II квартале 2025 года")
    assert titles[2].endswith(" в III квартале 2025 года") and titles[3].endswith(" в IV квартале 2025 года")


def test_unknown_order_is_refused(kind):
    with pytest.raises(ValueError):
        assemble([], kind, Q2, "alphabet")
