"""Every diagnostic code, triggered by a form that has the problem.

The forms are written to disk and checked the way the commands check them (api.check_paths:
workers read and check each form, then the checks across forms with each file's times), so
supersession, de-duplication and the rest of production's path are in every test.
"""

import datetime as dt
import os

import pytest

from reportgen.api import check_paths
from reportgen.period import Period
from books import EVENT, TITLES, book, canonical
from mailgen import with_saved_time

Q2 = Period(2025, 2)


def check(tmp_path, kind, *books, period=None, strict_duplicates=False):
    return check_paths([str(p) for p in books], period=period, kind=kind,
                       strict_duplicates=strict_duplicates).validation


def by_code(v, code):
    return [d for d in v.diagnostics if d.code == code]


def ev(name="Форум", dates="12 апреля 2025 года", place="г. Смоленск"):
    return ["1.", name, place, dates, "Цель", "Участники"]


def test_clean_form_has_no_findings(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))))
    assert v.diagnostics == () and v.period == Q2
    assert v.submissions[0].municipality.short == "Вяземский"


def test_unknown_municipality_suggests_the_nearest(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT, municipality="Вяземскй"))))
    [d] = by_code(v, "municipality-unknown")
    assert d.cell == "C2" and d.severity == "error"
    assert d.fact("text") == "Вяземскй" and d.fact("region") is False and "Вяземский" in d.fact("near")
    assert "«Вяземский»" in d.hint  # the one wording check: the nearest name reaches the advice
    assert v.submissions[0].municipality is None


def test_municipality_spellings(tmp_path, kind):
    for i, name in enumerate(["вяземский МУНИЦИПАЛЬНЫЙ  округ", "Вяземский район", "Вязьма",
                              "Муниципальное образование «Вяземский муниципальный округ» Смоленской области"]):
        v = check(tmp_path, kind, book(tmp_path / f"{i}.xlsx", ("Мероприятия", canonical(EVENT, municipality=name))))
        assert v.submissions[0].municipality.short == "Вяземский", name
    v = check(tmp_path, kind, book(tmp_path / "x.xlsx", ("Мероприятия", canonical(EVENT, municipality="г. Смоленск"))))
    assert v.submissions[0].municipality.short == "Смоленск"
    v = check(tmp_path, kind, book(tmp_path / "y.xlsx", ("Мероприятия", canonical(EVENT, municipality="ДЕСНОГОРСК"))))
    assert v.submissions[0].municipality.short == "Десногорск"


def test_municipality_from_file_name_is_a_warning(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "Отчет Рудня.xlsx", ("Лист1", [TITLES, EVENT])), period=Q2)
    [d] = by_code(v, "municipality-from-filename")
    assert d.severity == "warning" and "Руднянский" in d.message
    assert v.submissions[0].municipality.short == "Руднянский"


def test_no_municipality_anywhere_is_an_error(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "report.xlsx", ("Лист1", [TITLES, EVENT])), period=Q2)
    [d] = by_code(v, "municipality-missing")
    assert d.severity == "error" and d.blocks_force


def saved(path, when: dt.datetime, file_time: dt.datetime | None = None):
    """The form at `path` records `when` as its last save (as Excel does); its file's time is `file_time`."""
    path.write_bytes(with_saved_time(path.read_bytes(), when))
    if file_time is not None:
        os.utime(path, (file_time.timestamp(), file_time.timestamp()))
    return path


T0 = dt.datetime(2025, 7, 3, 9, 0, tzinfo=dt.timezone.utc)


def test_two_files_for_one_municipality_with_strict_duplicates(tmp_path, kind):
    a = saved(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))), T0)
    b = saved(book(tmp_path / "b.xlsx", ("Мероприятия", canonical(EVENT, municipality="Вязьма"))), T0 + dt.timedelta(days=1))
    v = check(tmp_path, kind, a, b, strict_duplicates=True)
    found = by_code(v, "municipality-duplicate")
    assert [(d.file, d.sheet, d.cell, d.severity) for d in found] == [(str(a), "Мероприятия", "C2", "error"),
                                                                      (str(b), "Мероприятия", "C2", "error")]
    assert found[0].related[0].file == str(b) and found[1].related[0].file == str(a)
    assert not by_code(v, "form-superseded") and len(v.submissions) == 2


@pytest.mark.parametrize("order", ["older first", "newer first"])
def test_the_newer_form_of_a_municipality_supersedes_the_older(tmp_path, kind, order):
    """Two forms of Вяземский: the one saved later is the report's; the earlier one, errors and all, is named."""
    older = saved(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(ev(dates="скоро"), ev(name="Слет")))),
                  T0, file_time=T0 + dt.timedelta(days=5))  # a later file time (saved from mail in a batch) is not a save
    newer = saved(book(tmp_path / "b.xlsx", ("Мероприятия", canonical(EVENT, municipality="Вязьма"))),
                  T0 + dt.timedelta(days=1), file_time=T0)
    v = check(tmp_path, kind, *((older, newer) if order == "older first" else (newer, older)))
    [note] = by_code(v, "form-superseded")
    assert (note.file, note.sheet, note.cell, note.severity) == (str(older), None, None, "info")
    assert [r.file for r in note.related] == [str(newer)]
    [sub] = v.submissions
    assert sub.form.file == str(newer) and len(sub.entries) == 1
    [gone] = v.superseded
    assert (gone.form.file, gone.by, gone.events, gone.time_source) == (str(older), str(newer), 2, "saved")
    # The older form's findings went with it; two forms of one municipality are not an error now.
    assert not by_code(v, "date-unparsed") and not by_code(v, "municipality-duplicate") and v.errors == 0


def test_two_forms_saved_at_the_same_time_are_an_error_naming_each_other(tmp_path, kind):
    a = saved(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))), T0, file_time=T0)
    b = saved(book(tmp_path / "b.xlsx", ("Мероприятия", canonical(EVENT, municipality="Вязьма"))), T0,
              file_time=T0 + dt.timedelta(days=1))  # the file's time never breaks a tie of recorded saves
    v = check(tmp_path, kind, a, b)
    tied = by_code(v, "form-order-unknown")
    assert [(d.file, d.cell, d.severity, [r.file for r in d.related]) for d in tied] == [
        (str(a), None, "error", [str(b)]), (str(b), None, "error", [str(a)])]
    assert not v.superseded and len(v.submissions) == 2 and not by_code(v, "municipality-duplicate")


def test_forms_that_disagree_on_the_period(tmp_path, kind):
    a = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    b = book(tmp_path / "b.xlsx", ("Мероприятия", canonical(EVENT, municipality="Рудня", period="I квартал 2025")))
    v = check(tmp_path, kind, a, b)
    assert v.period is None and len(by_code(v, "period-mismatch")) == 2
    assert all(d.related for d in by_code(v, "period-mismatch"))
    v = check(tmp_path, kind, a, b, period=Q2)
    assert v.period == Q2 and [d.file.endswith("b.xlsx") for d in by_code(v, "period-differs")] == [True]


def test_no_period_anywhere(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "Рудня.xlsx", ("Лист1", [TITLES, EVENT])))
    [d] = by_code(v, "period-missing")
    assert d.file is None and "--period" in d.hint


def test_unreadable_period(tmp_path, kind):
    """Without --period an unreadable period is an error; with it, a warning: the form is checked for that quarter."""
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT, period="весна")))
    [d] = by_code(check(tmp_path, kind, path), "period-invalid")
    assert d.cell == "C3" and d.severity == "error" and "--period" in d.hint
    v = check(tmp_path, kind, path, period=Q2)
    [d] = by_code(v, "period-unread")
    assert d.cell == "C3" and d.severity == "warning" and "II квартал 2025 года" in d.message
    assert not by_code(v, "period-invalid")


def test_a_form_of_another_quarter_is_an_error_of_that_file(tmp_path, kind):
    forms = [book(tmp_path / f"{n}.xlsx", ("Мероприятия", canonical(EVENT, municipality=m, period=p)))
             for n, m, p in (("a", "Вяземский", "II квартал 2025 года"), ("b", "Гагаринский", "II квартал 2025 года"),
                             ("c", "Рудня", "I квартал 2025 года"))]
    v = check(tmp_path, kind, *forms)  # no --period: most forms say Q2
    assert v.period == Q2 and not by_code(v, "period-mismatch")
    [d] = by_code(v, "period-differs")
    assert d.file.endswith("c.xlsx") and d.severity == "error" and d.blocks_force
    assert (d.fact("stated"), d.fact("period"), d.fact("given"), d.fact("agreeing")) == (Period(2025, 1), Q2, False, 2)
    v = check(tmp_path, kind, *forms[:2], period=Period(2025, 3))  # --period wins; both forms are of another quarter
    assert [d.file[-6:] for d in by_code(v, "period-differs")] == ["a.xlsx", "b.xlsx"]


def test_row_errors_name_their_cells(tmp_path, kind):
    rows = canonical(ev(dates=""), ev(place=None), ev(dates="31 апреля 2025"), ev(dates="18 мрта 2025"),
                     ev(dates="20 мая – 3 мая 2025"), ev(dates="скоро"))
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", rows)))
    got = [(d.code, d.cell) for d in v.diagnostics if d.severity == "error"]
    assert got == [("date-missing", "D6"), ("value-missing", "C7"), ("date-nonexistent", "D8"),
                   ("date-unknown-month", "D9"), ("date-reversed", "D10"), ("date-unparsed", "D11")]
    assert all(d.scope == "row" and not d.blocks_force for d in v.diagnostics)


def test_warnings_and_info(tmp_path, kind):
    rows = canonical(ev(dates="29 марта 2025 года"), ev(name="XХV фестиваль"), ev(name="Форум  «Дружба»"),
                     ev(name="форум «дружба»", dates="12.04.2025"), ev(dates="12 апреля"))
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", rows)))
    assert [d.cell for d in by_code(v, "date-outside-period")] == ["D6"]
    [mixed] = by_code(v, "mixed-script")
    assert mixed.cell == "B7" and mixed.fact("words") == (("XХV", "XV"),)
    [dup] = by_code(v, "event-duplicate")
    assert dup.cell == "B9" and dup.related[0].cell == "B8" and dup.fact("line") == 8
    [info] = by_code(v, "date-year-assumed")
    assert info.severity == "info" and info.cell == "D10" and info.fact("year") == 2025
    assert v.errors == 0


def test_date_cell_outside_quarter(tmp_path, kind):
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", canonical(ev(dates=dt.datetime(2025, 7, 1))))))
    assert [d.code for d in v.diagnostics] == ["date-outside-period"]


def test_an_empty_form_is_a_warning_and_none_to_report_is_not(tmp_path, kind):
    """A blank form sent back untouched (or the wrong file attached) is said; «none this quarter» is fine."""
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", canonical())))
    assert [(d.code, d.severity) for d in v.diagnostics] == [("form-empty", "warning")]
    assert len(v.submissions[0].entries) == 0
    blank = canonical(municipality=None, period=None)
    v = check(tmp_path, kind, book(tmp_path / "report.xlsx", ("Мероприятия", blank)))
    assert [d.code for d in v.diagnostics] == ["form-empty"]  # no municipality error: nothing would be lost
    none = canonical(["1.", "Мероприятия не проводились", "-", "-", "-", "-"])
    v = check(tmp_path, kind, book(tmp_path / "b.xlsx", ("Мероприятия", none)))
    assert not [d for d in v.diagnostics if d.severity != "info"]


Q3 = Period(2025, 3)


def test_a_reused_blank_of_another_quarter_says_the_field_is_wrong_not_the_dates(tmp_path, kind):
    """«II квартал» with every date in August: one finding at the period field naming the dates' quarter."""
    reused = book(tmp_path / "ярцево.xlsx", ("Мероприятия", canonical(
        ev(dates="12 августа 2025 года"), ev(name="Фестиваль", dates="14.08.2025"),
        ev(name="Выставка", dates="Сентябрь 2025 года"), municipality="Ярцевский", period="II квартал 2025 года")))
    others = [book(tmp_path / f"{m}.xlsx", ("Мероприятия", canonical(ev(dates="12 июля 2025 года"), municipality=m,
                                                                      period="III квартал 2025 года")))
              for m in ("Вяземский", "Гагаринский")]
    for period in (None, Q3):  # most forms say Q3, or --period does
        v = check(tmp_path, kind, reused, *others, period=period)
        assert v.period == Q3
        [d] = by_code(v, "period-field-wrong")
        assert d.file.endswith("ярцево.xlsx") and d.cell == "C3" and d.severity == "warning"
        assert d.message.startswith("В поле «Отчетный период» указан II квартал 2025 года, а все даты мероприятий — "
                                    "в III квартале 2025 года: вероятно, неверно заполнено поле")
        assert "«III квартал 2025 года»" in d.hint and "даты менять не нужно" in d.hint
        # Not «a form of another quarter», and no date is to be fixed: the events are this report's.
        assert not by_code(v, "period-differs") and not by_code(v, "date-outside-period") and v.errors == 0
        [sub] = [s for s in v.submissions if s.form.file.endswith("ярцево.xlsx")]
        assert len(sub.entries) == 3
    alone = check(tmp_path, kind, reused)  # checked on its own: the same advice, no per-date warnings
    assert [d.code for d in alone.diagnostics] == ["period-field-wrong"]
    elsewhere = check(tmp_path, kind, reused, period=Period(2025, 4))  # the dates are not the report's either
    assert {d.code for d in elsewhere.diagnostics} == {"period-differs", "period-field-wrong"}


def test_mostly_in_another_quarter_counts_and_the_rest_stay_warned(tmp_path, kind):
    rows = canonical(ev(dates="2 июля 2025 года"), ev(name="Б", dates="5-7 июля 2025 года"),
                     ev(name="В", dates="Август 2025 года"), ev(name="Г", dates="29 марта 2025 года"))
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", rows)))
    [d] = by_code(v, "period-field-wrong")
    assert "даты 3 из 4 мероприятий — в III квартале 2025 года" in d.message
    assert [x.cell for x in by_code(v, "date-outside-period")] == ["D9"]  # March is neither quarter: still said


@pytest.mark.parametrize("dates,why", [
    (["29 марта 2025 года"], "one event of the quarter before: reported late, as in the reference"),
    (["29 марта 2025 года", "30 марта 2025 года"], "two March events are not enough for the quarter before"),
    (["25 марта 2025 года", "26 марта 2025 года", "12 апреля 2025 года"], "the quarter before must hold them all"),
    (["1 июля 2025 года"], "one event after the quarter is not a reused blank"),
    (["1 июля 2025 года", "12 апреля 2025 года", "20 мая 2025 года"], "a third is not most"),
    (["20 июня – 5 июля 2025 года", "28 июня – 2 июля 2025 года"], "across two quarters: neither"),
])
def test_a_few_dates_outside_the_quarter_stay_warnings_at_their_cells(tmp_path, kind, dates, why):
    rows = canonical(*[ev(name=f"Событие {i}", dates=d) for i, d in enumerate(dates)])
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", rows)))
    assert not by_code(v, "period-field-wrong"), why
    outside = [d for d in dates if "апреля" not in d and "мая" not in d]
    assert len(by_code(v, "date-outside-period")) == len(outside), why


def test_a_later_quarters_form_with_all_dates_of_the_quarter_before(tmp_path, kind):
    rows = canonical(*[ev(name=f"Событие {i}", dates=f"{10 + i} апреля 2025 года") for i in range(3)],
                     period="III квартал 2025 года")
    v = check(tmp_path, kind, book(tmp_path / "a.xlsx", ("Мероприятия", rows)), period=Q2)
    [d] = by_code(v, "period-field-wrong")
    assert "указан III квартал 2025 года, а все даты мероприятий — во II квартале 2025 года" in d.message
    assert not by_code(v, "period-differs") and v.errors == 0


def test_a_name_that_fits_two_municipalities_is_an_error_at_its_field(tmp_path, kind):
    """«Смоленском» is the city's case and the district's alike: neither is chosen for the clerk."""
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT, municipality="Смоленском")))
    v = check(tmp_path, kind, path)
    [d] = by_code(v, "municipality-ambiguous")
    assert (d.file, d.sheet, d.cell, d.severity, d.blocks_force) == (str(path), "Мероприятия", "C2", "error", True)
    assert "«Смоленск»" in d.message and "«Смоленский»" in d.message
    assert v.submissions[0].municipality is None and not by_code(v, "municipality-unknown")


def test_a_file_name_that_names_two_municipalities_is_ambiguous_at_the_file(tmp_path, kind):
    path = book(tmp_path / "Вязьма и Рудня.xlsx", ("Лист1", [TITLES, EVENT]))
    v = check(tmp_path, kind, path, period=Q2)
    [d] = by_code(v, "municipality-ambiguous")
    assert (d.file, d.sheet, d.cell, d.severity) == (str(path), "Лист1", None, "error")
    assert "«Вяземский»" in d.message and "«Руднянский»" in d.message
    assert not by_code(v, "municipality-missing") and not by_code(v, "municipality-from-filename")


def test_cells_merged_across_columns_of_an_event_are_a_warning_at_the_first(tmp_path, kind):
    rows = canonical(ev(), ev(name="Слет", place="г. Вязьма, 14 апреля 2025 года", dates=None))
    path = book(tmp_path / "a.xlsx", ("Мероприятия", rows), merges={"Мероприятия": ["C7:D7"]})
    v = check(tmp_path, kind, path)
    [d] = by_code(v, "merged-cells")
    assert (d.file, d.sheet, d.cell, d.severity, d.scope) == (str(path), "Мероприятия", "C7", "warning", "row")
    assert "C7:D7" in d.message
    unmerged = check(tmp_path, kind, book(tmp_path / "b.xlsx", ("Мероприятия", rows)))
    assert not by_code(unmerged, "merged-cells")
