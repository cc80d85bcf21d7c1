"""`reportgen template`: the blank form, read back by openpyxl and by reportgen itself."""


import openpyxl
import pytest

from books import TWO_EVENTS, fill_blank_form
from docx_text import read_report
from reportgen.dates import DateSpan, parse_dates, quarter_examples
from reportgen.kind import load_kind

HEADER_ROW = load_kind().form.header_row  # the blank form's layout is the kind's


@pytest.fixture
def vyazma(run, tmp_path):
    path = tmp_path / "form.xlsx"
    result = run("template", "--municipality", "Вяземский", "--period", "2025-Q2", "-o", path)
    assert result.code == 0, result.err
    return path


def test_form_structure(vyazma, kind):
    wb = openpyxl.load_workbook(vyazma)
    assert wb.sheetnames[0] == "Мероприятия" and wb.active.title == "Мероприятия"
    assert "Инструкция" in wb.sheetnames and wb["Списки"].sheet_state == "hidden"
    ws = wb["Мероприятия"]
    assert ws["B2"].value == "Вяземский муниципальный округ"
    assert ws["B3"].value == "II квартал 2025 года"
    assert ws["A1"].value.endswith("во II квартале 2025 года")
    header = [ws.cell(HEADER_ROW, c).value for c in range(1, 7)]
    assert header == [c.title for c in kind.columns]
    assert all(ws.cell(HEADER_ROW, c).font.b and ws.cell(HEADER_ROW, c).alignment.wrap_text for c in range(1, 7))
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    widths = {c.key: ws.column_dimensions[chr(65 + i)].width for i, c in enumerate(kind.columns)}
    assert widths["goal"] == max(widths.values())


def test_municipality_is_a_list_drop_down_on_a_hidden_sheet(vyazma, kind):
    wb = openpyxl.load_workbook(vyazma)
    ws = wb["Мероприятия"]
    [dv] = [dv for dv in ws.data_validations.dataValidation if "B2" in str(dv.sqref)]
    assert dv.type == "list"
    name = dv.formula1
    assert not name.startswith("=") and name == "Муниципалитеты"  # stored without "=", a Russian name
    target = wb.defined_names[name].attr_text
    assert target.startswith("'Списки'!")
    values = [c.value for c in wb["Списки"]["A"]]
    assert values == [m.form_name for m in kind.registry] and len(values) == 27
    assert all(kind.registry.match(v) is not None for v in values)


def test_dates_column_has_an_input_message_with_parseable_examples(vyazma):
    ws = openpyxl.load_workbook(vyazma)["Мероприятия"]
    [dv] = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("D")]
    assert dv.showInputMessage and "18 апреля 2025 года" in dv.prompt and len(dv.prompt) <= 255
    assert "марта" not in dv.prompt  # a Q2 form teaches days of Q2


def test_instructions_sheet(run, tmp_path, kind):
    path = tmp_path / "f.xlsx"
    run("template", "-o", path, "--send-to", "Отправьте на intl@example.ru")
    ws = openpyxl.load_workbook(path)["Инструкция"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "одна строка — одно мероприятие" in text
    assert "Отправьте на intl@example.ru" in text
    assert "Не меняйте заголовки" in text
    for example, _ in quarter_examples(*_today()):
        assert example in text
    for column in kind.columns:
        assert column.hint in text


def _today() -> tuple[int, int]:
    import datetime as dt

    today = dt.date.today()
    return today.year, (today.month - 1) // 3 + 1


QUARTER_MONTHS = {1: ("января", "февраля", "марта"), 2: ("апреля", "мая", "июня"),
                  3: ("июля", "августа", "сентября"), 4: ("октября", "ноября", "декабря")}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_a_form_teaches_its_own_quarter(run, tmp_path, quarter):
    """Instructions, input messages and date examples are of the form's period; it still validates as a blank."""
    import datetime as dt
    import re

    path = tmp_path / f"q{quarter}.xlsx"
    assert run("template", "--period", f"2026-Q{quarter}", "-o", path).code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["Мероприятия"]
    prompts = {str(dv.sqref).split(":")[0][0]: dv.prompt for dv in ws.data_validations.dataValidation}
    label = f"{ROMAN[quarter]} квартал 2026 года"
    assert prompts["B"] == f"Например: {label}"
    instructions = "\n".join(str(c.value) for row in wb["Инструкция"].iter_rows() for c in row if c.value)
    assert f"например «{label}»" in instructions
    own, others = QUARTER_MONTHS[quarter], [m for q, ms in QUARTER_MONTHS.items() if q != quarter for m in ms]
    for text in (prompts["D"], instructions):
        # Every genitive month a text names is of the quarter (Q1 and Q4 may cross the new year's boundary).
        months = re.findall(r"\d+ ([а-я]+) 20\d\d", text)
        boundary = {"декабря", "января"} if quarter in (1, 4) else set()
        assert months and set(months) <= set(own) | boundary, (quarter, months)
        assert not any(f" {m} 2026" in text for m in others if m not in boundary)
    for example, _ in quarter_examples(2026, quarter):
        assert example in instructions
        span = parse_dates(example)
        assert isinstance(span, DateSpan)
        first, last = dt.date(2026, 3 * quarter - 2, 1), dt.date(2026 + quarter // 4, 3 * quarter % 12 + 1, 1)
        assert span.start < last and span.end >= first, example  # every example has days in the quarter
    result = run("validate", path, "--format", "json")
    assert result.code == 0 and [d["code"] for d in result.json()["diagnostics"]] == ["form-empty"]


def test_fresh_forms_validate_with_only_the_empty_form_note(run, vyazma, tmp_path):
    """Nothing in a fresh form is wrong; that it holds no event yet is the one thing said (it may come back so)."""
    result = run("validate", vyazma, "--format", "json")
    assert result.code == 0 and [d["code"] for d in result.json()["diagnostics"]] == ["form-empty"]
    blank = tmp_path / "blank.xlsx"
    run("template", "-o", blank)
    result = run("validate", blank, "--format", "json")
    assert result.code == 0 and [d["code"] for d in result.json()["diagnostics"]] == ["form-empty"]


def test_all_writes_one_readable_form_per_municipality(run, tmp_path, kind):
    folder = tmp_path / "forms"
    result = run("template", "--all", "--period", "2025-Q2", "-o", folder)
    assert result.code == 0
    files = sorted(folder.iterdir())
    assert len(files) == 27
    assert (folder / "Форма_Вяземский_2025-Q2.xlsx").is_file()
    data = run("validate", folder, "--format", "json").json()
    assert {d["code"] for d in data["diagnostics"]} == {"form-empty"} and len(data["diagnostics"]) == 27
    assert sorted(f["municipality"] for f in data["forms"]) == sorted(m.short for m in kind.registry)


def test_filled_form_builds(run, vyazma, tmp_path):
    fill_blank_form(vyazma, TWO_EVENTS)
    assert run("validate", vyazma).code == 0
    out = tmp_path / "r.docx"
    assert run("build", vyazma, "-o", out).code == 0
    _, rows = read_report(out)
    assert rows[1] == ["Муниципальное образование «Вяземский муниципальный округ» Смоленской области"]
    assert [r[0] for r in rows[2:]] == ["1.", "2."]
    assert rows[2][3] == "12 апреля 2025 года" and rows[3][2] == "г. Вязьма,\nДом культуры"


@pytest.mark.parametrize("args,needle", [
    (["--municipality", "Вяземскй"], "«Вяземский»"),
    (["--municipality", "Вяземский", "--all"], "--all"),
    (["--period", "II-2025"], "2025-Q2"),
])
def test_template_usage_errors(run, args, needle):
    result = run("template", *args)
    assert result.code == 2 and needle in result.err


# Issue 18, item 1: what clerks type into the blank form's own numbered rows after their events.
_SIGNED = [
    ("Международный фестиваль «Днепровские зори»", "г. Ярцево", "5-7 июля 2025 года",
     "Укрепление культурных связей", "Коллективы России и Беларуси"),
    (None, None, None, "Второй абзац цели, вставленный из Word в следующую строку", None),
    ("Визит делегации г. Орши", "г. Ярцево", "12.08.2025", "Обмен опытом", "15 человек"),
    ("Глава муниципального образования ________ И.И. Иванов",),
    ("М.П.",),
    ("Исполнитель: Петрова А.А., тел. 8 (48143) 4-12-34",),
    ("15.10.2025",),
]


def _signed_form(run, tmp_path):
    path = tmp_path / "Ярцево_3кв.xlsx"
    assert run("template", "--municipality", "Ярцевский", "--period", "2025-Q3", "-o", path).code == 0
    return fill_blank_form(path, _SIGNED)


def _check_signed(folder, run, tmp_path):
    from reportgen.api import build_report, check_paths
    from reportgen.period import parse_option

    checked = check_paths(folder, period=parse_option("2025-Q3"))
    [sub] = checked.validation.submissions
    assert [e.row.text("name") for e in sub.entries] == [_SIGNED[0][0], _SIGNED[2][0]]
    assert sub.entries[0].row.text("goal") == f"{_SIGNED[0][3]}\n{_SIGNED[1][3]}"  # the pasted paragraph joins
    assert checked.validation.errors == 0, [d.message for d in checked.validation.diagnostics if d.severity == "error"]
    codes = {(d.code, int(d.cell[1:])) for d in sub.diagnostics + sub.row_diagnostics if d.cell}
    first = HEADER_ROW + 1
    assert ("row-joined", first + 1) in codes
    for offset in range(3, 7):  # signature, stamp, executor and phone, a bare date: each named, none an event
        assert ("row-skipped", first + offset) in codes, (offset, sorted(codes))
    report = build_report(checked)
    assert report.event_count == 2 and [e.label for s in report.sections for e in s.events] == ["1.", "2."]


def test_signature_lines_in_the_blank_forms_numbered_rows_are_the_footer(run, tmp_path):
    form = _signed_form(run, tmp_path)
    _check_signed(form.parent, run, tmp_path)


def test_the_same_form_resaved_by_libreoffice(run, tmp_path, office):
    from reportgen.write.office import convert

    form = _signed_form(run, tmp_path)
    out = tmp_path / "resaved"
    out.mkdir()
    [copy] = convert([form], "xlsx:Calc MS Excel 2007 XML", out, timeout=300)
    assert copy.exists()
    _check_signed(out, run, tmp_path)
