"""The library without the command line: its example works, its errors are its own and in Russian."""

import re
import shutil

import pytest

import reportgen.api as api
from books import EVENT, book, canonical
from conftest import SAMPLES
from reportgen.errors import InputsError, OutputError, RequestError
from reportgen.period import Period


def test_the_docstring_example_runs(tmp_path, monkeypatch):
    shutil.copytree(SAMPLES, tmp_path / "samples" / "q2")
    monkeypatch.chdir(tmp_path)
    lines = api.__doc__.splitlines()[1:]
    block = lines[:next(i for i, line in enumerate(lines) if line and not line.startswith("    "))]
    example = "\n".join(line[4:] for line in block)
    assert "write_report(" in example
    exec(compile(example, "api example", "exec"), {})
    assert (tmp_path / "report-2025-Q2.docx").read_bytes()[:2] == b"PK"


def test_paths_as_a_string_a_path_or_a_list(tmp_path):
    form = book(tmp_path / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    for args in (str(form), form, [form], [str(tmp_path)]):
        assert len(api.check_paths(args).validation.submissions) == 1, args


def test_build_report_refuses_what_build_blockers_names(tmp_path):
    bad = book(tmp_path / "a.xlsx", ("Мероприятия", canonical([*EVENT[:3], "когда-нибудь", *EVENT[4:]])))
    checked = api.check_paths(bad)
    assert [d.code for d in api.build_blockers(checked)] == ["date-unparsed"]
    with pytest.raises(RequestError, match="Отчет не собран.*a.xlsx:Мероприятия!D6"):
        api.build_report(checked)
    assert api.build_report(checked, force=True).event_count == 1
    with pytest.raises(RequestError, match="«дата».*submitted, date"):
        api.build_report(checked, order="дата", force=True)


def test_no_period_anywhere_blocks_the_build(tmp_path):
    blank = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(period=None)))
    [finding] = api.build_blockers(api.check_paths(blank))
    assert finding.code == "period-missing" and "--period" in finding.hint


def test_write_errors_name_the_target_not_a_temporary_file(tmp_path):
    checked = api.check_paths(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))))
    report = api.build_report(checked)
    target = tmp_path / "нет такой папки" / "r.docx"
    with pytest.raises(OutputError) as caught:
        api.write_report(report, checked.kind, target)
    assert f"«{target}»" in str(caught.value) and ".reportgen-" not in str(caught.value)
    with pytest.raises(RequestError, match="xlsx или json"):
        api.write_export(report, checked.kind, tmp_path / "r.csv", "csv")
    assert not (tmp_path / "r.csv").exists()


def test_only_our_own_outputs_are_no_forms(run, tmp_path):
    """A folder of finished outputs (the consolidated table) holds no form: exit 2, as an empty folder."""
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    done = tmp_path / "Готовые отчеты"
    done.mkdir()
    assert run("build", form, "-o", done / "r.docx", "--xlsx", done / "Свод.xlsx").code == 0
    with pytest.raises(InputsError, match="нет ни одной формы.*Свод.xlsx"):
        api.check_paths(done)
    assert api.check_paths(done, allow_none=True).validation.submissions == ()
    result = run("build", done, "--period", "2025-Q2", "-o", tmp_path / "zz.docx")
    assert result.code == 2 and "нет ни одной формы" in result.err and not (tmp_path / "zz.docx").exists()
    assert run("status", done).code == 0  # status of an inbox with nothing in it yet


def test_split_and_write_forms_from_python(tmp_path, monkeypatch):
    checked = api.check_paths(book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT))))
    word = tmp_path / "Отчет за квартал.docx"
    api.write_report(api.build_report(checked), checked.kind, word)
    split = api.split_file(str(word))
    assert split.period == Period(2025, 2) and split.report.event_count == 1
    assert split.report.sections[0].events[0].cells == tuple(EVENT[1:])
    monkeypatch.chdir(tmp_path)
    [written] = api.write_split(split)
    assert written.parent.name == "формы_2025-Q2" and written.name == "Форма_Вяземский_2025-Q2.xlsx"
    with pytest.raises(OutputError, match="уже есть формы"):
        api.plan_split(None, Period(2025, 2))
    with pytest.raises(InputsError, match="это папка"):
        api.split_file(tmp_path)


def test_requests_are_errors_of_the_library_not_of_the_cli():
    import reportgen.errors as errors

    for name in ("InputsError", "OutputError", "PeriodError", "KindError", "ReferenceDocError"):
        assert issubclass(getattr(errors, name), errors.RequestError)
    assert issubclass(errors.OfficeError, errors.ReportgenError)
    assert not issubclass(errors.OfficeError, errors.RequestError)  # LibreOffice failing is exit 1, not a usage slip
    source = (SAMPLES.parent.parent / "reportgen" / "api.py").read_text(encoding="utf-8")
    assert not re.search(r"\btyper\b|UsageProblem|BadParameter", source)
