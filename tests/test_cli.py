"""The command line as PRODUCT.md "Commands" describes it."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from books import EVENT, TITLES, book, canonical

DESNOGORSK = "desnogorsk.xlsx"
MISSING_DATE = ("Май–Июнь", "D7")  # № 97 of the reference, on the second sheet of desnogorsk.xlsx


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_validate_json_reports_exactly_the_missing_date(run, samples):
    result = run("validate", samples, "--format", "json")
    assert result.code == 1
    data = result.json()
    assert len(data["files"]) == 14
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert len(errors) == 1
    [e] = errors
    assert e["code"] == "date-missing" and e["file"].endswith(DESNOGORSK)
    assert (e["sheet"], e["cell"]) == MISSING_DATE
    assert data["summary"]["errors"] == 1
    assert data["summary"]["warnings"] == sum(d["severity"] == "warning" for d in data["diagnostics"])
    assert sum(f["events"] for f in data["forms"]) == 97
    for d in data["diagnostics"]:
        assert set(d) >= {"file", "sheet", "cell", "severity", "code", "message"}
        assert d["severity"] in ("error", "warning", "info")


def test_validate_text_lines(run, samples):
    result = run("validate", samples)
    assert result.code == 1
    lines = [line for line in result.out.splitlines() if " date-missing: " in line]
    assert len(lines) == 1
    sheet, cell = MISSING_DATE
    assert re.match(rf"^.*{DESNOGORSK}:{sheet}!{cell}: ошибка date-missing: Не указаны сроки", lines[0])
    assert "ошибок: 1" in result.out and "97 мероприятий" in result.out


def test_validate_clean_file_exits_0(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    assert run("validate", path).code == 0


def test_build_without_force_writes_nothing_and_names_the_cell(run, samples, tmp_path):
    before = digest(samples)
    result = run("build", samples)
    assert result.code == 1
    assert not (tmp_path / "report-2025-Q2.docx").exists()
    assert f"{DESNOGORSK}:{MISSING_DATE[0]}!{MISSING_DATE[1]}" in result.out and "--force" in result.out
    assert digest(samples) == before
    assert list(tmp_path.glob("*.docx")) == [] and list(tmp_path.glob(".*tmp")) == []


def test_build_default_output_name_in_current_folder(run, samples, tmp_path):
    before = digest(samples)
    result = run("build", samples, "--force")
    assert result.code == 0
    assert (tmp_path / "report-2025-Q2.docx").is_file()
    assert "Отчет записан" in result.out
    assert digest(samples) == before


def test_build_into_a_folder_not_made_yet(run, samples, tmp_path):
    """«-o final/» (the shell hands over «final») makes the folder and names the report by the period."""
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", path, "-o", str(tmp_path / "final") + "/", "--json", tmp_path / "r.json")
    assert result.code == 0, result.out
    assert [p.name for p in (tmp_path / "final").iterdir()] == ["report-2025-Q2.docx"]
    missing = run("build", path, "-o", tmp_path / "nope" / "final")
    assert missing.code == 2 and "«" + str(tmp_path / "nope") + "»" in missing.err and "не существует" in missing.err
    assert not (tmp_path / "nope").exists()
    refused = run("build", samples, "-o", tmp_path / "later")  # Десногорск's row error: nothing written
    assert refused.code == 1 and not (tmp_path / "later").exists()


def test_build_clean_input_exits_0(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", path, "-o", tmp_path / "r.docx")
    assert result.code == 0 and (tmp_path / "r.docx").is_file()


def test_output_that_is_an_input_is_refused(run, tmp_path):
    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    before = path.read_bytes()
    for spelling in (path, tmp_path / "." / "a.xlsx"):
        result = run("build", path, "--xlsx", spelling)
        assert result.code == 2 and "поверх входного файла" in result.err and "--xlsx" in result.err
    link = tmp_path / "link.xlsx"
    link.symlink_to(path)
    result = run("build", path, "--xlsx", link)
    assert result.code == 2 and "поверх входного файла" in result.err
    assert path.read_bytes() == before and not list(tmp_path.glob("*.docx"))


def test_unexpanded_glob_and_lock_files(run, samples):
    (samples / "~$desnogorsk.xlsx").write_bytes(b"\x00lock")
    result = run("validate", str(samples / "*.xlsx"), "--format", "json")
    data = result.json()
    assert len(data["files"]) == 14 and [s["file"] for s in data["skipped"]] == [str(samples / "~$desnogorsk.xlsx")]
    (samples / "Вязьма.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("validate", samples, "--format", "json")
    assert len(result.json()["files"]) == 14
    skipped = {Path(s["file"]).name: s["reason"] for s in result.json()["skipped"]}
    assert set(skipped) == {"~$desnogorsk.xlsx", "Вязьма.doc"} and ".doc" in skipped["Вязьма.doc"]


@pytest.mark.parametrize("args,needle", [
    (["validate", "nope.xlsx"], "не найден"),
    (["validate"], "Не указан"),
    (["validate", "x", "--bogus"], "Неизвестный параметр --bogus"),
    (["build", "x", "--period", "2025-5"], "2025-Q2"),
    (["build", "x", "--order", "alphabet"], "submitted"),
    (["build", "x", "--dates", "pretty"], "as-typed"),
    (["build", "x", "--signed", "вчера"], "не дата"),
    (["build", "x", "--signed", "июль 2025"], "не дата"),
    (["validate", "x", "--format", "xml"], "json"),
    (["validate", "x", "--kind", "nosuchkind"], "не найден"),
    (["frobnicate"], "frobnicate"),
])
def test_usage_errors_exit_2_in_russian(run, args, needle):
    if "x" in args:
        Path("x").mkdir()
        book(Path("x") / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run(*args)
    assert result.code == 2
    assert needle in result.err
    assert "Traceback" not in result.err + result.out


def test_period_option_and_missing_period(run, tmp_path):
    path = book(tmp_path / "Рудня.xlsx", ("Лист1", [TITLES, EVENT]))
    result = run("build", path)
    assert result.code == 1 and "period-missing" in result.out and "--period" in result.out
    result = run("build", path, "--period", "2025-Q2", "-o", tmp_path / "r.docx")
    assert result.code == 0 and (tmp_path / "r.docx").exists()


def test_file_level_errors_stop_a_forced_build(run, tmp_path):
    good = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    bad = tmp_path / "b.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = run("build", good, bad, "--force", "-o", tmp_path / "r.docx")
    assert result.code == 1 and not (tmp_path / "r.docx").exists()
    assert "b.xlsx: ошибка file-unreadable" in result.out


def test_garbage_inputs_never_trace(run, tmp_path):
    inputs = {
        "empty.xlsx": b"",
        "text.xlsx": "просто текст".encode(),
        "zip.xlsx": b"PK\x05\x06" + b"\x00" * 18,
        "random.xlsx": os.urandom(2000),
    }
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
    result = run("validate", tmp_path, "--format", "json")
    assert result.code == 1
    data = result.json()
    assert {Path(d["file"]).name for d in data["diagnostics"] if d["file"]} == set(inputs)
    assert "Traceback" not in result.out + result.err


def test_order_date_from_the_command_line(run, tmp_path):
    rows = canonical(["1.", "Позднее", "x", "20 мая 2025", "x", "x"], ["2.", "Раннее", "x", "2 апреля 2025", "x", "x"])
    path = book(tmp_path / "a.xlsx", ("Мероприятия", rows))
    from docx_text import read_report

    run("build", path, "--order", "date", "-o", tmp_path / "r.docx")
    _, table = read_report(tmp_path / "r.docx")
    assert [r[1] for r in table[2:]] == ["Раннее", "Позднее"]
    assert [r[0] for r in table[2:]] == ["1.", "2."]


HEAVY_MODULES = ("openpyxl", "docx", "lxml", "python_calamine", "rapidfuzz", "snowballstemmer", "multiprocessing",
                 "reportgen.read", "reportgen.check", "reportgen.write")


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["validate", "-h"], ["--version"]])
def test_help_imports_nothing_heavy(args):
    """Help is quick because it loads no reader, checker or writer: what is imported, not a timer, says so."""
    probe = ("import sys; from reportgen.cli.commands import main; code = main(sys.argv[1:]); "
             "print('MODULES', ' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    modules = set(out.stdout.split("MODULES ", 1)[1].split())
    assert "reportgen.cli.commands" in modules  # the probe saw the command line run
    loaded = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY_MODULES))
    assert loaded == []


def test_python_dash_m_and_help_are_russian():
    out = subprocess.run([sys.executable, "-m", "reportgen", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "Проверить формы" in out.stdout and "Команды" in out.stdout
    out = subprocess.run([sys.executable, "-m", "reportgen", "build", "--help"], capture_output=True, text=True,
                         timeout=60)
    assert "--force" in out.stdout and "--order" in out.stdout

def test_a_bug_of_ours_is_one_line_and_exit_3(run, tmp_path, monkeypatch):
    """An unexpected exception: no traceback, inputs untouched, no report; REPORTGEN_DEBUG=1 shows it."""
    import reportgen.api

    path = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("сломалось")

    monkeypatch.setattr(reportgen.api, "build_report", broken)
    result = run("build", path, "-o", tmp_path / "r.docx")
    assert result.code == 3 and "Traceback" not in result.out + result.err
    assert "внутренняя ошибка reportgen (RuntimeError: сломалось)" in result.err and "REPORTGEN_DEBUG=1" in result.err
    assert path.read_bytes() == before and not (tmp_path / "r.docx").exists()
    monkeypatch.setenv("REPORTGEN_DEBUG", "1")
    with pytest.raises(RuntimeError, match="сломалось"):
        run("build", path, "-o", tmp_path / "r.docx")


def test_every_help_page_shows_values_not_python_names(run):
    """«[по умолчанию: submitted]», never «RowOrder.submitted» or «OutputFormat.text» (an enum's repr)."""
    import re

    from reportgen.cli.commands import app
    import typer

    names = sorted(typer.main.get_command(app).commands)
    assert {"build", "validate", "status", "letters", "template"} <= set(names)
    pages = {name: run(name, "--help").out for name in names}
    pages[""] = run("--help").out
    for name, page in pages.items():
        assert "[по умолчанию:" in page or name == "", name
        defaults = re.findall(r"\[по умолчанию: ([^\]]*)\]", page)
        assert not [d for d in defaults if re.search(r"\b[A-Z]\w*\.\w", d)], (name, defaults)
        assert not re.search(r"\b(?:RowOrder|OutputFormat|Security|Enum)\b", page), name
    assert "[по умолчанию: submitted]" in pages["build"]
    assert "[по умолчанию: text]" in pages["validate"]


def test_dates_in_one_style_and_the_closing_block_from_the_command_line(run, tmp_path):
    """build --dates uniform --closing --signed: the report, and the JSON keeps every date as typed."""
    import json

    from docx_text import read_report

    rows = canonical(["1.", "Форум", "г. Вязьма", "12 июля 2025 г., 19 июля 2025 г.", "x", "x"],
                     ["2.", "Выставка", "г. Вязьма", "в течение квартала", "x", "x"],
                     ["3.", "Визит", "г. Вязьма", "5-7 июля", "x", "x"],
                     ["4.", "Концерт", "г. Вязьма", "ежемесячно", "x", "x"],
                     period="III квартал 2025 года")
    path = book(tmp_path / "Вязьма.xlsx", ("Мероприятия", rows))
    found = run("validate", path, "--format", "json").json()["diagnostics"]
    assert {d["cell"]: d["code"] for d in found if d["code"].startswith("date-")} == {
        "D7": "date-period-assumed", "D8": "date-year-assumed", "D9": "date-unparsed"}
    typed = run("build", path, "--force", "-o", tmp_path / "typed.docx", "--json", tmp_path / "typed.json")
    assert typed.code == 0
    assert [r[3] for r in read_report(tmp_path / "typed.docx")[1][2:]] == [r[3] for r in rows[5:]]
    assert "dates_typed" not in json.loads((tmp_path / "typed.json").read_text(encoding="utf-8"))["events"][0]
    result = run("build", path, "--force", "-o", tmp_path / "r.docx", "--json", tmp_path / "r.json",
                 "--dates", "uniform", "--closing", "--signed", "2025-10-10")
    assert result.code == 0, result.out
    cells = [r[3].replace("\u00a0", " ") for r in read_report(tmp_path / "r.docx")[1][2:]]
    assert cells == ["12 и 19 июля 2025 года", "июль – сентябрь 2025 года", "5–7 июля 2025 года", "ежемесячно"]
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["dates"] == "uniform"
    assert [e["dates_typed"] for e in data["events"]] == [r[3] for r in rows[5:8]] + [None]
    assert ["10 октября 2025 года", ""] in data["closing"]["signature"]
    assert data["closing"]["counts"] == [{"municipality": "Вяземский муниципальный округ", "events": 4}]
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "Информация не представлена:" in text and "Всего: 4 мероприятия" in text


@pytest.mark.parametrize("name, value", [("REPORTGEN_JOBS", "abc"), ("REPORTGEN_START_METHOD", "foo"),
                                         ("REPORTGEN_FILE_TIMEOUT", "-1"), ("REPORTGEN_FILE_MEMORY_MB", "1"),
                                         ("REPORTGEN_JOBS", "2.5")])
def test_a_setting_reportgen_cannot_use_is_refused_in_russian(tmp_path, name, value):
    """A bad environment value is a usage error naming it, not an English ValueError or a limit taken as typed."""
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    env = {**os.environ, name: value, "PYTHONPATH": str(Path(__file__).parents[1])}
    out = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(form)], capture_output=True,
                         text=True, timeout=120, env=env, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert f"{name}={value!r}" in out.stderr and "Traceback" not in out.stderr + out.stdout
    assert out.stdout == ""  # nothing was read


def test_o_with_a_slash_at_its_end_is_a_folder_dots_or_not(run, tmp_path):
    """A path object keeps no trailing slash, so the typed text decides: a folder, made, with the report inside."""
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    assert run("build", form, "--period", "2025-Q2", "-o", f"{tmp_path}/Отчет 3 кв. 2025/").code == 0
    made = tmp_path / "Отчет 3 кв. 2025"
    assert made.is_dir() and [p.suffix for p in made.iterdir()] == [".docx"]
    # «итог.docx/» was written as a file called итог.docx: a folder named like a file is refused instead.
    refused = run("build", form, "--period", "2025-Q2", "-o", f"{tmp_path}/итог.docx/")
    assert refused.code == 2 and "похоже на имя файла" in refused.err and not (tmp_path / "итог.docx").exists()


def test_usage_errors_are_said_where_click_raises_them_not_read_from_its_english(run):
    """The command classes say click's usage errors from its facts; cli/help.py matches no English sentence."""
    import inspect

    import typer

    import reportgen.cli.help as help_module
    from reportgen.cli.commands import app

    root = typer.main.get_command(app)
    assert isinstance(root, help_module.Group)
    assert all(isinstance(c, help_module.Command) for c in root.commands.values())
    assert "re.compile" not in inspect.getsource(help_module)
    Path("x").mkdir()
    book(Path("x") / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    for args, said in ((["split", "a.docx", "b", "c"], "Лишние аргументы: b c."),
                       (["validate", "x", "--strict-duplicates=1"], "Параметр --strict-duplicates не принимает значения"),
                       (["validate", "x", "--period"], "После параметра --period нужно указать значение."),
                       (["valdate", "x"], "Неизвестная команда «valdate». Возможно, имелось в виду: validate."),
                       (["status", "x", "--format=xml"], "«xml» — такого значения нет; возможны: text, json")):
        result = run(*args)
        assert result.code == 2 and said in result.err, (args, result.err)
