"""The coordinator's day without surprises (issue 11): one test through the command line for each bullet."""

from __future__ import annotations

import os
import re
from pathlib import Path

import openpyxl
import pytest

from books import EVENT, EVENTS, book, canonical
from reportgen.period import current


@pytest.fixture
def nothing_read(monkeypatch):
    """Fail the test if any form is read: a refusal must come before."""
    def refuse(*args, **kwargs):
        raise AssertionError("an input was read before the output plan was refused")
    monkeypatch.setattr("reportgen.check.workers.check_forms", refuse)


def forms(folder: Path, *owners: str, period: str = "II квартал 2025 года") -> Path:
    folder.mkdir(exist_ok=True)
    for i, owner in enumerate(owners):
        book(folder / f"форма_{i}.xlsx", ("Мероприятия", canonical(EVENTS[i % 3], municipality=owner, period=period)))
    return folder


# --- 1. an output plan, checked before any input is read --------------------------------------

@pytest.mark.parametrize("extra,needle", [
    (["-o", "out/r.docx", "--xlsx", "out/r.docx"], "--xlsx"),  # the table over the report
    (["-o", "out/report.pdf"], ".docx"),  # a Word file under a PDF name
    (["-o", "нет_такой/r.docx"], "нет_такой"),  # a missing folder
    (["-o", "out/r.docx", "--json", "out/r.xlsx"], ".json"),
])
def test_the_output_plan_is_refused_before_reading(extra, needle, run, tmp_path, nothing_read):
    inputs = forms(tmp_path / "in", "Вяземский")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.pdf").write_bytes(b"%PDF-1.4 the real one")
    result = run("build", inputs, *extra)
    assert result.code == 2 and needle in result.err
    assert (tmp_path / "out" / "report.pdf").read_bytes() == b"%PDF-1.4 the real one"
    assert not list((tmp_path / "out").glob("r.*"))


def test_marked_copies_are_planned_too(run, tmp_path, nothing_read):
    a, b = forms(tmp_path / "a", "Вяземский"), forms(tmp_path / "b", "Гагаринский")
    result = run("validate", a / "форма_0.xlsx", b / "форма_0.xlsx", "--annotate", tmp_path / "back")
    assert result.code == 2 and "--annotate" in result.err and "под одним именем «форма_0.xlsx»" in result.err
    result = run("validate", a / "форма_0.xlsx", "--annotate", a)  # the copy would land on its input
    assert result.code == 2 and "поверх входного файла" in result.err and "--annotate" in result.err
    assert "в -o" not in result.err


def test_split_and_template_plan_their_outputs(run, tmp_path):
    result = run("template", "-o", tmp_path / "форма.docx", "--period", "2025-Q2")
    assert result.code == 2 and ".xlsx" in result.err
    (tmp_path / "file").write_text("x")
    result = run("split", tmp_path / "file", "-o", tmp_path / "file")
    assert result.code == 2 and "это файл, а нужна папка" in result.err


# --- 2. every arrived file is accounted for -------------------------------------------------------

def test_status_accounts_for_every_file(run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский", "Гагаринский")
    book(inbox / "непонятно.xlsx", ("Мероприятия", canonical(EVENT, municipality="Рославльский техникум")))
    (inbox / "письмо.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    text = run("status", inbox).out
    assert re.search(r"непонятно\.xlsx: не учтен в таблице — .*«Рославльский техникум» не найдено", text)
    assert "письмо.doc: пропущен — не форма Excel (.doc)" in text
    assert "Получено 4 файла (в таблице 2, без муниципального образования 1, пропущено 1)" in text
    assert "см. замечания выше" not in text
    data = run("status", inbox, "--format", "json").json()
    assert data["received"] == 4 and len(data["unattributed"]) == 1 and len(data["skipped"]) == 1
    assert "«Рославльский техникум»" in data["unattributed"][0]["reason"]
    missing = next(m for m in data["municipalities"] if m["name"] == "Рославльский")
    assert missing["state"] == "missing"
    row = next(line for line in text.splitlines() if line.startswith("│ Рославльский"))
    assert row.count("—") >= 3 and " 0 " not in row  # no form: dashes, not zeros


# --- 3. refusals say which file and why -------------------------------------------------------------

def test_a_forced_build_stopped_by_a_file_error_names_the_file(run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский")
    (inbox / "битый.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = run("build", inbox, "--force", "-o", tmp_path / "r.docx")
    assert result.code == 1 and not (tmp_path / "r.docx").exists()
    tail = result.out.splitlines()[-4:]
    assert any("--force их не обходит" in line for line in tail)
    assert any("битый.xlsx" in line and "file-unreadable" in line for line in tail)


def test_row_errors_say_force_would_help(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT[:3] + [""] + EVENT[4:])))
    result = run("build", path, "-o", tmp_path / "r.docx")
    assert result.code == 1
    assert "1 ошибка в строках (a.xlsx)" in result.out and "добавьте --force" in result.out.splitlines()[-1]


# --- 4. reportgen's own outputs among the inputs ------------------------------------------------

def test_the_consolidated_table_in_the_forms_folder_is_skipped(run, tmp_path):
    inbox = forms(tmp_path / "входящие", "Вяземский", "Гагаринский")
    assert run("build", inbox, "-o", tmp_path / "r.docx", "--xlsx", inbox / "свод.xlsx").code == 0
    result = run("build", inbox, "-o", tmp_path / "r2.docx")
    assert result.code == 0, result.out
    assert "свод.xlsx: пропущен — сводная таблица, записанная reportgen" in result.out


# --- 5. periods --------------------------------------------------------------------------------------

def test_a_form_of_another_quarter_is_not_built_into_the_report(run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский", period="III квартал 2025 года")
    result = run("build", inbox, "--period", "2025-Q2", "--force", "-o", tmp_path / "r.docx")
    assert result.code == 1 and not (tmp_path / "r.docx").exists()
    assert "period-differs" in result.out and "форма_0.xlsx" in result.out.splitlines()[-2]


@pytest.mark.parametrize("spelling", ["2025-Q3", "2025Q3", "III квартал 2025", "iii квартал 2025 года", "3 кв. 2025",
                                      "3кв2025", "IIIкв.2025", "третий квартал 2025", "2025-III", "Q3/2025"])
def test_period_option_spellings(spelling, run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский", period="III квартал 2025 года")
    data = run("validate", inbox, "--period", spelling, "--format", "json").json()
    assert data["period"] == "2025-Q3" and not [d for d in data["diagnostics"] if d["code"] == "period-differs"]


def test_template_without_a_period_takes_the_current_quarter(run, tmp_path):
    result = run("template", "-o", tmp_path / "f.xlsx")
    now = current()
    assert result.code == 0 and f"{now.label()} (текущий)" in result.out
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["Мероприятия"]
    assert ws["B3"].value == now.label() and now.phrase() in ws["A1"].value


# --- 7. Russian everywhere a person reads ---------------------------------------------------------

ENGLISH = re.compile(r"Usage|Show this|Options|Arguments|Commands|<bool>|<list|\[OPTIONS\]|required|default|"
                     r"Did you mean|Error|Try ")


@pytest.mark.parametrize("command", [None, "template", "validate", "status", "build", "split"])
def test_help_is_russian(command, run):
    result = run(*([command] if command else []), "--help")
    assert result.code == 0 and "Использование: reportgen" in result.out
    assert not ENGLISH.search(result.out), ENGLISH.search(result.out)
    if command in ("template", "split"):
        period = next(line for line in result.out.splitlines() if "--period" in line)
        assert "поля «Отчетный период» форм" not in period


@pytest.mark.parametrize("args,needle,command", [
    (["build", "--pdf=1", "x"], "не принимает значения", "build"),
    (["build", "x", "-o"], "нужно указать значение", "build"),
    (["buld", "x"], "Возможно, имелось в виду: build", None),
    (["status", "--pdff", "x"], "Неизвестный параметр --pdff", "status"),
    (["template", "лишнее"], "Лишние аргументы: лишнее", "template"),
    (["validate"], "Не указан обязательный аргумент", "validate"),
])
def test_usage_errors_are_russian_and_name_the_commands_help(args, needle, command, run):
    result = run(*args)
    assert result.code == 2 and needle in result.err
    assert not ENGLISH.search(result.err) and "'" not in result.err
    assert result.err.strip().endswith(f"Справка: reportgen{' ' + command if command else ''} --help")


# --- 8. small things that look careless ------------------------------------------------------------

def test_piped_output_keeps_whole_words(run, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    inbox = forms(tmp_path / "in", "Вяземский", "Холм-Жирковский")
    out = run("status", inbox).out
    assert "Холм-Жирковский" in out and "форма_1.xlsx" in out


def test_validate_names_annotate(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT[:3] + [""] + EVENT[4:])))
    assert "--annotate ПАПКА" in run("validate", path).out


def test_inputs_without_any_form_are_a_usage_error(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "~$форма.xlsx").write_bytes(b"\x0cowner")
    result = run("build", folder / "~$форма.xlsx")
    assert result.code == 2 and "нет ни одной формы" in result.err and "блокировки" in result.err


def test_a_long_cyrillic_name_works_for_every_output(run, tmp_path):
    stem = "Отчет_" + "ы" * 119  # 244 bytes in UTF-8, with .docx: 249
    path = book(tmp_path / f"{stem}.xlsx", ("Мероприятия", canonical(EVENT[:3] + [""] + EVENT[4:])))
    assert len(path.name.encode()) > 240
    out = tmp_path / "out"
    out.mkdir()
    result = run("build", path, "--force", "-o", out / f"{stem}.docx", "--xlsx", out / f"{stem}.xlsx",
                 "--json", out / f"{stem}.json")
    assert result.code == 0, result.out + result.err
    result = run("validate", path, "--annotate", tmp_path / "back")
    assert result.code == 1 and (tmp_path / "back" / path.name).is_file()
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".json", ".xlsx"]


@pytest.mark.skipif(os.name != "posix", reason="a named pipe")
def test_a_folder_or_a_pipe_as_reference_doc_is_named_for_what_it_is(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", path, "--reference-doc", tmp_path)
    assert result.code == 2 and "это папка" in result.err
    pipe = tmp_path / "бланк.docx"
    os.mkfifo(pipe)
    result = run("build", path, "--reference-doc", pipe)
    assert result.code == 2 and "не обычный файл" in result.err


# --- found by a trial run of a coordinator's quarter ----------------------------------------------

def test_files_passed_over_are_protected_like_inputs(run, tmp_path, nothing_read):
    inbox = forms(tmp_path / "in", "Вяземский")
    (inbox / "Скан письма.pdf").write_bytes(b"%PDF-1.4 from the municipality")
    (inbox / "Ельня отчет.docx").write_bytes(b"PK\x03\x04 a Word file")
    for extra in (["-o", inbox / "Скан письма.docx", "--pdf"], ["-o", inbox / "Ельня отчет.docx"]):
        result = run("build", inbox, *extra)
        assert result.code == 2 and "поверх входного файла" in result.err, extra
    assert (inbox / "Скан письма.pdf").read_bytes() == b"%PDF-1.4 from the municipality"


def test_a_name_too_long_for_the_file_system_is_refused_before_reading(run, tmp_path, nothing_read):
    inputs = forms(tmp_path / "in", "Вяземский")
    result = run("build", inputs, "-o", tmp_path / ("Отчет" + "ы" * 130 + ".docx"))
    assert result.code == 2 and "слишком длинное" in result.err and "Traceback" not in result.err


def test_template_and_split_never_write_over_forms(run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский")
    filled = inbox / "форма_0.xlsx"
    before = filled.read_bytes()
    result = run("template", "--municipality", "Вяземский", "--period", "2025-Q2", "-o", filled)
    assert result.code == 2 and "уже есть" in result.err and filled.read_bytes() == before
    result = run("template", "--all", "--period", "2025-Q2", "-o", inbox)
    assert result.code == 2 and "уже есть формы" in result.err and sorted(p.name for p in inbox.iterdir()) == ["форма_0.xlsx"]
    assert run("build", inbox, "-o", tmp_path / "r.docx").code == 0
    result = run("split", tmp_path / "r.docx", "-o", inbox)
    assert result.code == 2 and "уже есть формы" in result.err
    result = run("split", tmp_path / "r.docx", "-o", tmp_path / "формы.xlsx")
    assert result.code == 2 and "нужна папка" in result.err


def test_a_corrected_marked_copy_sent_back_is_read(run, tmp_path):
    inbox = forms(tmp_path / "in", "Вяземский")
    wb = openpyxl.load_workbook(inbox / "форма_0.xlsx")
    wb["Мероприятия"]["D6"] = None  # the clerk left the date out
    wb.save(inbox / "форма_0.xlsx")
    assert run("validate", inbox, "--annotate", tmp_path / "back").code == 1
    copy = tmp_path / "back" / "форма_0.xlsx"
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Замечания"
    wb["Мероприятия"]["D6"] = "12 апреля 2025 года"  # corrected, the findings sheet kept
    wb.save(copy)
    result = run("build", copy, "-o", tmp_path / "r.docx")
    assert result.code == 0, result.out


def test_status_of_an_empty_inbox_is_the_roster(run, tmp_path):
    (tmp_path / "in").mkdir()
    result = run("status", tmp_path / "in")
    assert result.code == 0 and "не прислали 27" in result.out


def test_small_usage_things(run, tmp_path):
    result = run("build", "x", "-force")
    assert result.code == 2 and "-force" in result.err and "--force" in result.err
    version = run("--version")
    assert version.code == 0 and version.out.startswith("reportgen ")
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", path, "--reference-doc", path)
    assert result.code == 2 and "не документ Word" in result.err
    assert run("validate", path, "--period", "Q2 2025", "--format", "json").json()["period"] == "2025-Q2"
    result = run("validate", path, "--period", "II квартал")
    assert result.code == 2 and "не указан год" in result.err
