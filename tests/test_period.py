"""Quarters in free text (period.parse_label): the title phrases coordinators type, old and new."""

import pytest

from reportgen.period import Period, parse_label


@pytest.mark.parametrize("text, period", [
    # the phrases read before
    ("II квартал 2025 года", Period(2025, 2)),
    ("2 кв. 2025", Period(2025, 2)),
    ("во II квартале 2025 года", Period(2025, 2)),
    ("2025 год, 2 квартал", Period(2025, 2)),
    ("3-й квартал 2024 г.", Period(2024, 3)),
    ("Отчет о мероприятиях в первом квартале 2024 года", Period(2024, 1)),
    # the numeral with its case endings
    ("Отчет о мероприятиях во 2-м квартале 2024 г.", Period(2024, 2)),
    ("в 2-ом квартале 2024 года", Period(2024, 2)),
    ("за 4-го квартала 2023 года", Period(2023, 4)),
    ("в 3 - м квартале 2024 года", Period(2024, 3)),
    # a quarter's three months, first to last
    ("Отчет о мероприятиях за июль – сентябрь 2024 года", Period(2024, 3)),
    ("проведенных за январь—март 2025 г. органами", Period(2025, 1)),
    ("за октябрь - декабрь 2023 года", Period(2023, 4)),
    ("за апреля – июня 2025 года", Period(2025, 2)),
])
def test_a_title_phrase_names_its_quarter(text, period):
    assert parse_label(text) == period


@pytest.mark.parametrize("text", [
    "за июль – август 2024 года",  # two months: no quarter
    "за август – октябрь 2024 года",  # three months across two quarters
    "с 12 июля – сентября 2024 года",  # a day, not a month range
    "Отчет о мероприятиях в международной сфере",
    "5 квартал 2024 года",
])
def test_what_is_no_quarter_stays_none(text):
    assert parse_label(text) is None
