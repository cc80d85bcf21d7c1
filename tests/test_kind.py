"""The report kind is data, checked on load and honoured: a misspelt key is named, every key has its effect."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from reportgen.errors import KindError
from reportgen.kind import load_kind

KIND = load_kind()


def kind_with(tmp_path, old: str, new: str):
    text = (KIND.path / "kind.toml").read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "вид"
    folder.mkdir(exist_ok=True)
    (folder / "kind.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("old,new,needle", [
    ('stems = ["беларус"', 'stem = ["беларус"', "неизвестный ключ «stem»; возможно, имелось в виду «stems»"),
    ("width_cm = 4.8", 'width_cm = "4.8"', "«width_cm» должен быть числом"),
    ('orientation = "landscape"', 'orientation = "sideways"', "возможны landscape, portrait"),
    ("[fonts]", "[font]", "неизвестный ключ «font»"),
    ('key = "name"\nrole = "name"', 'role = "name"', "нет обязательного ключа «key»"),
    ('title = "Отчет о мероприятиях', 'title = "{quarter} Отчет о мероприятиях', "неизвестная подстановка"),
    ('dates = "as-typed"', 'dates = "pretty"', "возможны as-typed, uniform"),
    ('right = "И.О. Фамилия"', 'right = "{name}"', "в тексте «{name}» неизвестная подстановка"),
    ("enabled = false", 'enabled = "yes"', "«enabled» должен быть true или false"),
])
def test_a_broken_kind_is_a_clear_error_naming_the_key(old, new, needle, tmp_path, run):
    folder = kind_with(tmp_path, old, new)
    with pytest.raises(KindError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        load_kind(folder)
    result = run("template", "--kind", folder, "-o", tmp_path / "f.xlsx", "--period", "2025-Q2")
    assert result.code == 2 and needle in result.err and "Traceback" not in result.err


def test_page_size_and_orientation_are_honoured(run, samples, tmp_path):
    folder = kind_with(tmp_path, 'size = "A4"\norientation = "landscape"', 'size = "A3"\norientation = "portrait"')
    out = tmp_path / "r.docx"
    assert run("build", samples, "--force", "--kind", folder, "-o", out).code == 0
    section = docx.Document(str(out)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 42.0)
    assert section.orientation == 0  # portrait


def test_the_forms_layout_and_the_export_sheet_come_from_the_kind(run, samples, tmp_path):
    folder = kind_with(tmp_path, "blank_rows = 50", "blank_rows = 10")
    text = (folder / "kind.toml").read_text(encoding="utf-8")
    for old, new in (("header_row = 5", "header_row = 7"), ('lists_sheet = "Списки"', 'lists_sheet = "Перечни"'),
                     ('instructions_sheet = "Инструкция"', 'instructions_sheet = "Как заполнять"'),
                     ('[export]\nsheet = "Мероприятия"', '[export]\nsheet = "Свод"')):
        assert old in text
        text = text.replace(old, new, 1)
    (folder / "kind.toml").write_text(text, encoding="utf-8")
    kind = load_kind(folder)
    assert kind.form.header_row == 7 and kind.export_sheet == "Свод"
    assert run("template", "--kind", folder, "-o", tmp_path / "f.xlsx", "--period", "2025-Q2").code == 0
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    assert wb.sheetnames == ["Мероприятия", "Как заполнять", "Перечни"]
    ws = wb["Мероприятия"]
    assert ws.cell(7, 2).value == "Наименование мероприятия" and ws.freeze_panes == "A8"
    assert ws.cell(17, 1).value == "10." and ws.cell(18, 1).value is None
    assert run("validate", tmp_path / "f.xlsx", "--kind", folder, "--format", "json").json()["forms"][0]["sheet"] \
        == "Мероприятия"
    assert run("build", samples, "--force", "--kind", folder, "-o", tmp_path / "r.docx",
               "--xlsx", tmp_path / "t.xlsx").code == 0
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == ["Свод"]


@pytest.mark.parametrize("text, countries", [
    ("Визит делегации г. Минска", {"Беларусь"}),  # a city alone names its country
    ("представители Брестского городского исполнительного комитета", {"Беларусь"}),
    ("в Минской области", {"Беларусь"}),
    ("гости из Пекина и Нью-Дели", {"Китай", "Индия"}),
    ("делегация Ташкента, Бишкека и Душанбе", {"Узбекистан", "Киргизия", "Таджикистан"}),
    ("г. Ереван, г. Баку", {"Армения", "Азербайджан"}),
    ("в Кишиневе", {"Молдова"}),
    ("в Риге", {"Латвия"}),
    ("в Риме", {"Италия"}),
    # Words, streets and first names that look like a city name none.
    ("Минское шоссе, д. 5", set()),
    ("Варшавское шоссе", set()),
    ("Рижский вокзал", set()),
    ("София Ивановна Петрова", set()),
    ("Лидия Петрова, Римма Иванова", set()),
    ("у братской могилы", set()),
    ("Кубок района", set()),
    ("в гавани", set()),
])
def test_the_kind_counts_a_country_named_by_its_city(kind, text, countries):
    """The recogniser is the kind's data: each country's stems include its capital and large cities."""
    assert kind.countries.named_in(text) == countries
