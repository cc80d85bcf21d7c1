"""Property tests: random forms through `build`, and the date parser fuzzed.

Examples per run (CI included): FORM_EXAMPLES random forms, DATE_EXAMPLES texts per date property.
"""

import datetime as dt
import re

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docx_text import read_report
from forms import EXACT_TITLES, KEYS
from reportgen.dates import MONTHS_GENITIVE, DateProblem, DateSpan, format_date, parse_dates

FORM_EXAMPLES = 150
DATE_EXAMPLES = 3000

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def ooxml_escape(text: str) -> str:
    """How Excel stores text XML cannot hold: _xHHHH_ (a literal "_x0041_" gets its "_" escaped)."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def documented_cleanup(text: str) -> str:
    """README "What a form may look like", written out independently of reportgen.text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = re.sub("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    text = re.sub("[ \t]+", " ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


pieces = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\xa0", "\x0b", "\x01", "\x1f", "_x0041_", "«", "—",
                          "Ё", "ё", "=", "№", "&", "<b>", "\u2028", "\ufeff", "мая", "2025"])
# Any character a workbook can hold: not surrogates, and not the non-characters U+FFFE/U+FFFF,
# which XML cannot carry and Excel cannot store.
any_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff")
cell_text = st.lists(st.one_of(st.text(any_char, max_size=12), pieces), max_size=6).map("".join)
row = st.one_of(st.just(None), st.tuples(*[cell_text] * 5))


@st.composite
def random_form(draw):
    order = list(draw(st.permutations(KEYS)))
    if draw(st.booleans()):
        order.insert(draw(st.integers(0, len(order))), "number")
    rows = draw(st.lists(row, min_size=1, max_size=10))
    return order, rows


def write(path, order, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    ws["A2"], ws["C2"] = "Муниципальное образование", "Вяземский"
    ws["A3"], ws["C3"] = "Отчетный период", "II квартал 2025 года"
    for col, key in enumerate(order, start=1):
        ws.cell(5, col, EXACT_TITLES[key])
    for i, values in enumerate(rows):
        if values is None:
            continue
        by_key = dict(zip(KEYS, values), number=f"{i + 1}.")
        for col, key in enumerate(order, start=1):
            if by_key[key]:
                cell = ws.cell(6 + i, col)
                cell.value = ooxml_escape(by_key[key])
                cell.data_type = "s"  # text that starts with "=" stays text, as typed
    wb.save(path)




def named_lines(diagnostics: list[dict]) -> dict[int, str]:
    """Line → how the findings say it was taken: "joined" into the event above, or "skipped"."""
    out: dict[int, str] = {}
    for d in diagnostics:
        if d["code"] not in ("row-skipped", "row-ambiguous", "row-joined", "table-planned"):
            continue
        facts = d["facts"]
        how = "joined" if "event" in facts else "skipped"
        for line in range(facts["first"], facts["last"] + 1):
            out[line] = how
    return out


@settings(max_examples=FORM_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=random_form())
def test_every_non_blank_row_reaches_the_report_or_is_named(form, run, tmp_path, monkeypatch):
    """Random texts in random columns: the report holds exactly the rows the findings do not name.

    A row named as skipped is not in the report; a row named as joined continues the event above
    (its texts on new lines); every other non-blank row is one event, intact and in order.
    """
    monkeypatch.setenv("REPORTGEN_JOBS", "0")  # in-process: thousands of forks would only slow this down
    order, rows = form
    path = tmp_path / "form.xlsx"
    write(path, order, rows)
    summary = run("validate", path, "--format", "json").json()
    named = named_lines(summary["diagnostics"])
    expected: list[list[str]] = []
    for i, values in enumerate(rows):
        cleaned = [documented_cleanup(v) for v in values] if values else []
        if not any(cleaned):
            continue
        how = named.get(6 + i)
        if how == "skipped":
            continue
        if how == "joined":
            assert expected, f"row {6 + i} joined to nothing"
            expected[-1] = [f"{a}\n{b}" if a and b else a or b for a, b in zip(expected[-1], cleaned)]
            continue
        expected.append(cleaned)

    out = tmp_path / "r.docx"
    result = run("build", path, "--force", "-o", out)
    if not expected:
        assert result.code == 0 and "0 мероприятий" in result.out
        return
    assert result.code in (0, 1), result.out + result.err
    _, table = read_report(out)
    events = [list(r[1:]) for r in table[2:]]
    assert events == expected
    assert [r[0] for r in table[2:]] == [f"{n}." for n in range(1, len(expected) + 1)]
    assert summary["forms"][0]["events"] == len(expected)
    assert summary["summary"]["errors"] == sum(d["severity"] == "error" for d in summary["diagnostics"])


date_words = st.sampled_from(["марта", "апреля", "Май", "мая", "года", "г.", "-", "–", "—", " ", "\n", ",", "и",
                              "с", "по", ".", "2025", "2024", "31", "1", "18", "12.04.2025", "29", "февраля",
                              "декабря", "января", "мрта", "в", "течение"])
date_like = st.lists(st.one_of(date_words, st.integers(0, 3000).map(str)), max_size=8).map(" ".join)


@settings(max_examples=DATE_EXAMPLES, deadline=None)
@given(text=st.one_of(st.text(max_size=40), date_like))
def test_date_parser_returns_a_span_or_its_own_problem(text):
    result = parse_dates(text, 2025)
    assert isinstance(result, (DateSpan, DateProblem))
    if isinstance(result, DateSpan):
        assert result.start <= result.end and result.precision in ("day", "month")
    else:
        assert result.code.startswith("date-") and result.message and result.hint


@settings(max_examples=DATE_EXAMPLES // 3, deadline=None)
@given(day=st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)), style=st.integers(0, 3))
def test_dates_written_any_accepted_way_parse_back(day, style):
    text = [format_date(day), f"{day.day:02d}.{day.month:02d}.{day.year}",
            f"{day.day}\n{MONTHS_GENITIVE[day.month - 1]}\n{day.year} г.", f"{day.day}-{day.day} "
            f"{MONTHS_GENITIVE[day.month - 1].upper()} {day.year}"][style]
    result = parse_dates(text)
    assert isinstance(result, DateSpan) and result.start == result.end == day
