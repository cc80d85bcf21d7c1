"""The catalogue of wording: every code declared once, every template renders from its facts."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reportgen.catalogue import CODES, TEXTS, render, say
from reportgen.diagnostics import Diagnostic
from reportgen.period import Period
from wording_sites import sites

# Sample facts for every code whose message or hint is a template (add one with each converted code).
SAMPLES: dict[str, dict] = {
    "form-empty": {},
    "period-field-wrong": {"title": "Отчетный период", "stated": Period(2025, 1), "shown": Period(2025, 2),
                           "inside": 3, "dated": 4},
}
# Sites (lines with Russian string literals outside the catalogue, tests/wording_sites.py) may only
# fall: lower this when you move wording into the catalogue.
CEILING = 973


def test_every_code_has_a_severity_a_scope_and_a_title():
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert entry.severity in ("error", "warning", "info") and entry.scope in ("file", "row", "run"), code
        assert entry.title and entry.title[0].islower(), code


@pytest.mark.parametrize("code", [c for c, e in CODES.items() if e.message or e.hint])
def test_each_template_renders_from_sample_facts(code):
    assert code in SAMPLES, f"{code}: add its sample facts to SAMPLES"
    finding = Diagnostic.of(code, file="f.xlsx", **SAMPLES[code])
    for text in (finding.message, finding.hint):
        assert "{" not in text and "}" not in text, text
    assert finding.message, code
    assert dict(finding.facts) == SAMPLES[code]


def test_a_missing_fact_is_named():
    with pytest.raises(KeyError, match="shown"):
        Diagnostic.of("period-field-wrong", file="f.xlsx", title="x", stated=Period(2025, 1),
                      inside=1, dated=1)


def test_plurals_and_methods_in_templates():
    cases = {1: "1 форма", 3: "3 формы", 11: "11 форм", 21: "21 форма", 112: "112 форм"}
    for n, expected in cases.items():
        assert render("{n} {n:plural:форма/формы/форм}", {"n": n}) == expected
    assert render("{p:label}", {"p": Period(2025, 2)}) == "II квартал 2025 года"
    assert render("{xs:join}", {"xs": ("а", "б")}) == "а, б"
    assert render("{d:%d.%m.%Y}", {"d": dt.date(2025, 7, 1)}) == "01.07.2025"


def test_facts_reach_the_json_as_data():
    d = Diagnostic.of("period-field-wrong", file="f.xlsx", **SAMPLES["period-field-wrong"])
    assert d.as_dict()["facts"] == {"title": "Отчетный период", "stated": "2025-Q1", "shown": "2025-Q2",
                                    "inside": 3, "dated": 4}
    assert "даты 3 из 4 мероприятий — во II квартале 2025 года" in d.message


def test_texts_render():
    for key in TEXTS:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", key), key
    assert say("severity.error") == "ошибка"


def test_russian_outside_the_catalogue_does_not_grow():
    count = len(sites())
    assert count <= CEILING, f"{count} sites build Russian outside reportgen/catalogue.py (ceiling {CEILING}): " \
                             "move the new wording into the catalogue (python tests/wording_sites.py lists them)"
