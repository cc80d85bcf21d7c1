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
    from reportgen.errors import RequestError

    with pytest.raises(RequestError, match="alphabet"):
        assemble([], kind, Q2, "alphabet")


# --- dates in one style and the closing block (issue 18, item 6) ---------------------------------

def _checked_samples(samples):
    from reportgen.api import check_paths

    return check_paths([str(samples)])


def test_uniform_dates_keep_the_typed_text_and_leave_unreadable_ones(samples, kind):
    from reportgen.api import build_report
    from reportgen.dates import DateSpan, parse_dates, uniform_text

    checked = _checked_samples(samples)
    typed = build_report(checked, force=True)
    uniform = build_report(checked, force=True, dates="uniform")
    at = [c.key for c in kind.content_columns].index(kind.dates_key)
    pairs = [(a, b) for sa, sb in zip(typed.sections, uniform.sections) for a, b in zip(sa.events, sb.events)]
    assert len(pairs) == typed.event_count == 97
    rewritten = 0
    for a, b in pairs:
        assert a.dates_typed is None
        assert a.cells[:at] == b.cells[:at] and a.cells[at + 1:] == b.cells[at + 1:]  # only the dates change
        span = parse_dates(a.cells[at], 2025)
        if isinstance(span, DateSpan):
            assert b.cells[at] == uniform_text(span) and b.dates_typed == a.cells[at]
            rewritten += b.cells[at] != a.cells[at]
        else:  # № 97, no date: as typed, and its finding stays
            assert b.cells[at] == a.cells[at] and b.dates_typed is None
    assert rewritten > 50  # the samples type most dates over two lines («18-20 марта\n2025 года»)
    assert uniform.dates == "uniform" and typed.dates == "as-typed" and typed.closing is None


def test_closing_names_every_municipality_once(samples, kind):
    from reportgen.api import build_report
    from reportgen.assemble import assemble

    checked = _checked_samples(samples)
    report = build_report(checked, force=True, closing=True, signed=dt.date(2025, 7, 10))
    c = report.closing
    counted = [name for name, _ in c.counts]
    listed = [line for _, lines in c.lists for line in lines]
    assert len(counted) == len(report.sections) == 14
    assert sum(n for _, n in c.counts) == report.event_count
    assert len(counted) + len(listed) == len(kind.registry) == 27 and not set(counted) & set(listed)
    assert c.total == "Всего: 97 мероприятий"
    assert ("10 июля 2025 года", "") in c.signature
    # Left out: the section goes, the municipality is named (who, not why); the count follows.
    v = checked.validation
    out = assemble(v.submissions, kind, v.period, closing=True, left_out=[("Шумячский", "форма не прочитана")])
    assert "Шумячский" not in [s.municipality for s in out.sections]
    heading, lines = out.closing.lists[-1]
    assert heading == kind.closing.left_out and lines == ("Шумячский муниципальный округ",)  # who, not the coordinator's reason
    assert out.event_count == report.event_count - 3
    # Without a date of signing, a line to write it by hand: never the clock.
    unsigned = build_report(checked, force=True, closing=True)
    assert (kind.closing.no_date, "") in unsigned.closing.signature


def test_a_form_with_no_events_is_listed_as_such(kind):
    form = Form("Рудня.xlsx", "Мероприятия", tables=(object(),))  # read, a table, no event
    subs = [sub(kind, "Смоленск", [("с1", None)]),
            Submission(form, kind.registry.get("Руднянский"), Q2, (), ())]
    c = assemble(subs, kind, Q2, closing=True).closing
    lists = dict(c.lists)
    assert lists[kind.closing.no_events] == ("Руднянский муниципальный округ",)
    assert "Руднянский муниципальный округ" not in lists[kind.closing.nothing_sent]
    assert len(lists[kind.closing.nothing_sent]) == 25


def test_numbered_renumbers_as_assemble_numbers(kind):
    # split reads events unnumbered and numbers them through assemble: one rule for both.
    import dataclasses

    from reportgen.assemble import numbered

    subs = [sub(kind, "Вяземский", [("в1", None), ("в2", None)]), sub(kind, "Смоленск", [("с1", None)])]
    built = assemble(subs, kind, Q2)
    blank = dataclasses.replace(built, sections=tuple(
        dataclasses.replace(s, events=tuple(dataclasses.replace(e, number=0, label="") for e in s.events))
        for s in built.sections))
    assert numbered(blank, kind) == built
