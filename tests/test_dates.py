import datetime as dt
from pathlib import Path

import pytest

from reportgen.dates import DateProblem, DateSpan, format_date, parse_dates

TABLE = Path(__file__).parent / "data" / "reference_dates.tsv"


def _reference_table():
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        number, text, expected = line.split("\t")
        rows.append((int(number), text.replace("\\n", "\n"), expected))
    return rows


REFERENCE_DATES = _reference_table()


def _describe(result) -> str:
    if isinstance(result, DateSpan):
        return f"{result.start}..{result.end} {result.precision}"
    return result.code


def test_table_holds_every_reference_dates_cell(reference):
    cells = [row[2] for s in reference.sections for row in s.rows]
    assert [text for _, text, _ in REFERENCE_DATES] == cells
    assert len(cells) == 97


@pytest.mark.parametrize("number,text,expected", REFERENCE_DATES, ids=[str(r[0]) for r in REFERENCE_DATES])
def test_reference_dates(number, text, expected):
    assert _describe(parse_dates(text, 2025)) == expected


def test_96_of_97_reference_dates_parse():
    parsed = [r for r in REFERENCE_DATES if isinstance(parse_dates(r[1], 2025), DateSpan)]
    assert len(parsed) == 96


D = dt.date


@pytest.mark.parametrize("text,start,end,precision", [
    ("18 марта 2025 года", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18 марта 2025 г.", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18 марта 2025", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18.03.2025", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18.03.25", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18-20 марта 2025 года", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("18 – 20 марта 2025 года", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("18—20 марта 2025 года", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("20 марта – 7 мая 2025 года", D(2025, 3, 20), D(2025, 5, 7), "day"),
    ("20 марта—7 мая 2025 года", D(2025, 3, 20), D(2025, 5, 7), "day"),
    ("28 декабря 2024 года – 3 января 2025 года", D(2024, 12, 28), D(2025, 1, 3), "day"),
    ("28 декабря – 3 января 2025 года", D(2024, 12, 28), D(2025, 1, 3), "day"),
    ("18.03.2025 – 20.03.2025", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("18.03.2025-20.03.2025", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("18-20.03.2025", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("Апрель 2025 года", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("Апрель-май 2025 года", D(2025, 4, 1), D(2025, 5, 31), "month"),
    ("Март – апрель 2025 года", D(2025, 3, 1), D(2025, 4, 30), "month"),
    ("в апреле 2025 года", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("Февраль 2024 года", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("с 18 по 20 марта 2025 года", D(2025, 3, 18), D(2025, 3, 20), "day"),
    ("12, 14 и 16 мая 2025 года", D(2025, 5, 12), D(2025, 5, 16), "day"),
    ("18\nмарта\n2025\nгода", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18\u00a0марта\u00a02025\u00a0года", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("18 МАРТА 2025 ГОДА", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("29 февраля 2024 года", D(2024, 2, 29), D(2024, 2, 29), "day"),
])
def test_accepted_forms(text, start, end, precision):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateSpan), result
    assert (result.start, result.end, result.precision) == (start, end, precision)
    assert not result.year_assumed


def test_date_cell():
    assert parse_dates(dt.datetime(2025, 3, 29, 0, 0)) == DateSpan(D(2025, 3, 29), D(2025, 3, 29), "day")
    assert parse_dates(D(2025, 4, 12)).start == D(2025, 4, 12)
    assert format_date(D(2025, 3, 29)) == "29 марта 2025 года"
    assert format_date(D(2025, 4, 12)) == "12 апреля 2025 года"


def test_year_taken_from_period():
    result = parse_dates("18 марта", 2025)
    assert isinstance(result, DateSpan) and result.year_assumed and result.start == D(2025, 3, 18)
    assert parse_dates("18 марта", None).code == "date-no-year"


@pytest.mark.parametrize("text,code,needle", [
    ("", "date-missing", "Не указаны"),
    ("   \n ", "date-missing", "Не указаны"),
    ("18 мрта 2025 года", "date-unknown-month", "«марта»"),
    ("18 апрла 2025 года", "date-unknown-month", "«апреля»"),
    ("31 апреля 2025 года", "date-nonexistent", "31 апреля 2025"),
    ("29 февраля 2025 года", "date-nonexistent", "28 дней"),
    ("12, 31 и 16 апреля 2025 года", "date-nonexistent", "31 апреля"),
    ("32.03.2025", "date-nonexistent", "32 марта"),
    ("18.13.2025", "date-nonexistent", "13"),
    ("20 мая – 3 мая 2025 года", "date-reversed", "раньше"),
    ("Май – апрель 2025 года", "date-reversed", "раньше"),
    ("ежемесячно", "date-unparsed", "ежемесячно"),
    ("2025", "date-unparsed", "2025"),
    ("18 марта 2025 (онлайн)", "date-unparsed", "онлайн"),
    ("18-20", "date-unparsed", "18-20"),
    ("1 - 2 - 3 мая 2025", "date-unparsed", ""),
    ("18 марта 2025 года @", "date-unparsed", "@"),
])
def test_errors(text, code, needle):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateProblem), result
    assert result.code == code
    assert needle in result.message + result.hint
    assert result.hint


@pytest.mark.parametrize("text,start,end", [
    # day and month without the year on the left, as clerks abbreviate a range
    ("12.04-14.04.2025", "2025-04-12", "2025-04-14"),
    ("12.04 - 14.04.2025", "2025-04-12", "2025-04-14"),
    ("12.04.-14.04.2025", "2025-04-12", "2025-04-14"),
    ("с 12.04 по 14.04.2025", "2025-04-12", "2025-04-14"),
    ("28.04-03.05.2025", "2025-04-28", "2025-05-03"),
    # several dates listed: the first to the last
    ("15.05.2025 г., 16.05.2025 г.", "2025-05-15", "2025-05-16"),
    ("12.04, 14.04.2025", "2025-04-12", "2025-04-14"),
    ("12.04.2025\n13.04.2025", "2025-04-12", "2025-04-13"),
    # a whole quarter, Roman or not, in any case
    ("III квартал 2025 года", "2025-07-01", "2025-09-30"),
    ("в течение ii квартала 2025 г.", "2025-04-01", "2025-06-30"),
    ("2 кв. 2025", "2025-04-01", "2025-06-30"),
])
def test_abbreviated_ranges_and_lists_of_dates(text, start, end):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateSpan), result
    assert (result.start.isoformat(), result.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text,code,needle", [
    ("31.04-02.05.2025", "date-nonexistent", "31 апреля"),
    ("14.04-12.04.2025", "date-reversed", "Окончание раньше начала"),
    ("в течение квартала", "date-unparsed", "кварталом"),
])
def test_abbreviated_dates_are_checked_like_others(text, code, needle):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateProblem) and result.code == code and needle in result.message


# --- lists, ISO dates and the period's own words (issue 18) ---------------------------------------

@pytest.mark.parametrize("text,start,end,pieces", [
    ("12 июля 2025 г., 19 июля 2025 г.", D(2025, 7, 12), D(2025, 7, 19), [(D(2025, 7, 12),) * 2, (D(2025, 7, 19),) * 2]),
    ("12 июля 2025 г. и 19 июля 2025 г.", D(2025, 7, 12), D(2025, 7, 19), [(D(2025, 7, 12),) * 2, (D(2025, 7, 19),) * 2]),
    ("12 и 19 июля 2025 года", D(2025, 7, 12), D(2025, 7, 19), [(D(2025, 7, 12),) * 2, (D(2025, 7, 19),) * 2]),
    ("5, 12, 19 июля 2025", D(2025, 7, 5), D(2025, 7, 19),
     [(D(2025, 7, 5),) * 2, (D(2025, 7, 12),) * 2, (D(2025, 7, 19),) * 2]),
    ("30 июня, 1 и 2 июля 2025 г.", D(2025, 6, 30), D(2025, 7, 2),
     [(D(2025, 6, 30),) * 2, (D(2025, 7, 1),) * 2, (D(2025, 7, 2),) * 2]),
    ("12 июля, 19 августа 2025 г.", D(2025, 7, 12), D(2025, 8, 19), [(D(2025, 7, 12),) * 2, (D(2025, 8, 19),) * 2]),
    ("5-7 и 12 июля 2025", D(2025, 7, 5), D(2025, 7, 12), [(D(2025, 7, 5), D(2025, 7, 7)), (D(2025, 7, 12),) * 2]),
    ("15.05.2025, 16.05.2025", D(2025, 5, 15), D(2025, 5, 16), [(D(2025, 5, 15),) * 2, (D(2025, 5, 16),) * 2]),
    ("с 3 по 5 сентября 2025 г.", D(2025, 9, 3), D(2025, 9, 5), []),
    ("2025-08-07", D(2025, 8, 7), D(2025, 8, 7), []),
    ("2025-08-07 – 2025-08-09", D(2025, 8, 7), D(2025, 8, 9), []),
    ("в течение III квартала 2025 г.", D(2025, 7, 1), D(2025, 9, 30), []),
])
def test_lists_iso_and_ranges(text, start, end, pieces):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateSpan), result
    assert (result.start, result.end) == (start, end)
    assert [(p.start, p.end) for p in result.parts] == pieces
    assert not result.year_assumed


def test_a_list_without_a_year_takes_the_next_given_then_the_period():
    both = parse_dates("12 июля, 19 июля 2024 г.", 2025)
    assert (both.start, both.end, both.year_assumed) == (D(2024, 7, 12), D(2024, 7, 19), False)
    none = parse_dates("12 июля, 19 июля", 2025)
    assert (none.start, none.end, none.year_assumed) == (D(2025, 7, 12), D(2025, 7, 19), True)
    assert parse_dates("12 июля, 19 июля").code == "date-no-year"


@pytest.mark.parametrize("text,code", [
    ("19 июля 2025 г., 12 июля 2025 г.", "date-reversed"),
    ("12 июля 2025 г., 31 июня 2025 г.", "date-nonexistent"),
    ("12 июля, 14", "date-unparsed"),
    ("2025-13-07", "date-nonexistent"),
    ("2025-08-32", "date-nonexistent"),
])
def test_lists_and_iso_dates_are_checked(text, code):
    result = parse_dates(text, 2025)
    assert isinstance(result, DateProblem) and result.code == code, result


@pytest.mark.parametrize("text", ["в течение квартала", "весь квартал", "В течение всего квартала",
                                  "в течение отчетного периода", "весь отчётный квартал."])
def test_the_periods_own_words_are_the_whole_quarter(text):
    from reportgen.period import Period

    q3 = Period(2025, 3)
    result = parse_dates(text, 2025, q3)
    assert isinstance(result, DateSpan), result
    assert (result.start, result.end, result.precision) == (D(2025, 7, 1), D(2025, 9, 30), "month")
    assert result.period_assumed
    # Without the period there is nothing to take the quarter from.
    assert isinstance(parse_dates(text, 2025), DateProblem)


def test_words_that_are_not_the_period_stay_problems():
    from reportgen.period import Period

    for text in ("в течение года", "весь месяц", "квартал и месяц"):
        assert isinstance(parse_dates(text, 2025, Period(2025, 3)), DateProblem), text


@pytest.mark.parametrize("text,uniform", [
    ("5-7 июля", "5–7 июля 2025 года"),
    ("с 3 по 5 сентября 2025 г.", "3–5 сентября 2025 года"),
    ("12 июля 2025 г., 19 июля 2025 г.", "12 и 19 июля 2025 года"),
    ("5, 12, 19 июля 2025", "5, 12 и 19 июля 2025 года"),
    ("30 июня, 1 и 2 июля 2025", "30 июня, 1 и 2 июля 2025 года"),
    ("5-7 и 12 июля 2025", "5–7 и 12 июля 2025 года"),
    ("июль", "июль 2025 года"),
    ("Апрель-май 2025 года", "апрель – май 2025 года"),
    ("12.09.2025 - 14.09.2025", "12–14 сентября 2025 года"),
    ("2025-08-07", "7 августа 2025 года"),
    ("01.08.2025", "1 августа 2025 года"),
    ("20 марта – 7 мая 2025 года", "20 марта – 7 мая 2025 года"),
    ("29.03.2025", "29 марта 2025 года"),
    ("28 декабря – 3 января 2025 года", "28 декабря 2024 года – 3 января 2025 года"),
    ("28 декабря 2024, 3 января 2025", "28 декабря 2024 года и 3 января 2025 года"),
    ("Декабрь 2024 – январь 2025", "декабрь 2024 года – январь 2025 года"),
])
def test_uniform_text(text, uniform):
    from reportgen.dates import uniform_text

    span = parse_dates(text, 2025)
    written = uniform_text(span)
    # «2025» and «года» never part at a line's end: a non-breaking space binds them.
    assert written.replace("\u00a0", " ") == uniform
    assert " года" not in written.replace("\u00a0года", "")
    # What is written reads back as the same days.
    again = parse_dates(written)
    assert (again.start, again.end) == (span.start, span.end)
