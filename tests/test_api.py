"""The library without the command line: its example works, its errors are its own and in Russian."""

import re
import shutil

import pytest

import reportgen.api as api
from books import EVENT, book, canonical
from conftest import SAMPLES
from reportgen.errors import BlockedError, InputsError, OutputError, RequestError
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
    # Form contents are findings, never a request error (exit 2): the error carries them, exit 1.
    with pytest.raises(BlockedError, match="Отчет не собран.*a.xlsx:Мероприятия!D6") as caught:
        api.build_report(checked)
    assert not isinstance(caught.value, RequestError)
    assert [d.code for d in caught.value.findings] == ["date-unparsed"]
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
        api.write_report(report, target, kind=checked.kind)
    assert f"«{target}»" in str(caught.value) and ".reportgen-" not in str(caught.value)
    with pytest.raises(RequestError, match="xlsx или json"):
        api.write_export(report, tmp_path / "r.csv", "csv", kind=checked.kind)
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
    api.write_report(api.build_report(checked), word, kind=checked.kind)
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
    source = "".join(p.read_text(encoding="utf-8") for p in (SAMPLES.parent.parent / "reportgen" / "api").glob("*.py"))
    assert "def check_paths" in source
    assert not re.search(r"\btyper\b|UsageProblem|BadParameter", source)


def test_kind_is_one_keyword_everywhere_optional_and_none_by_default():
    """Every public function that takes a report kind takes it as the keyword-only `kind`, default None."""
    import inspect

    taking = {name: inspect.signature(getattr(api, name)).parameters for name in api.__all__
              if callable(getattr(api, name)) and not inspect.isclass(getattr(api, name))
              and "kind" in inspect.signature(getattr(api, name)).parameters}
    assert {"check_paths", "read_letterhead", "write_forms", "write_report", "write_export", "split_file",
            "write_split"} <= set(taking)
    for name, params in taking.items():
        assert params["kind"].kind is inspect.Parameter.KEYWORD_ONLY and params["kind"].default is None, name


def test_results_are_dataclasses_not_tuples(tmp_path):
    import dataclasses

    (tmp_path / "in").mkdir()
    form = book(tmp_path / "in" / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    found = api.find_inputs(form.parent)
    assert isinstance(found, api.Found) and dataclasses.is_dataclass(found)
    assert [i.path for i in found.inputs] == [form] and found.skipped == ()
    checked = api.check_paths(form.parent, found=found)
    done = api.write_letters(checked, tmp_path / "out", confirm=True)
    assert done.drafts and all(isinstance(w, api.Written) for w in done.drafts)
    [written] = [w for w in done.drafts if w.draft.kind == "confirm"]
    assert written.path.read_bytes()[:4] and written.message["X-Reportgen-Key"]
    assert written.draft.municipality == "Вяземский"


def test_to_json_is_what_the_cli_prints(run, tmp_path):
    """validate --json and status --json print the library's documents byte for byte."""
    import json

    inbox = tmp_path / "in"
    inbox.mkdir()
    book(inbox / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    book(inbox / "a.xlsx", ("Мероприятия", canonical([*EVENT[:3], "когда-нибудь", *EVENT[4:]])))
    (inbox / "письмо.docx").write_bytes(b"PK\x03\x04")
    checked = api.check_paths(inbox)
    dump = lambda data: json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # noqa: E731
    printed = run("validate", inbox, "--format", "json")
    assert printed.code == 1 and printed.out == dump(checked.to_json())
    assert json.loads(printed.out)["summary"]["errors"] >= 1
    printed = run("status", inbox, "--format", "json")
    assert printed.code == 1 and printed.out == dump(api.roster(checked).to_json())
    assert {m["name"] for m in json.loads(printed.out)["municipalities"]} >= {"Вяземский"}


def test_annotate_is_a_library_function(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    bad = book(inbox / "a.xlsx", ("Мероприятия", canonical([*EVENT[:3], "когда-нибудь", *EVENT[4:]])))
    found = api.find_inputs(inbox)
    with pytest.raises(OutputError):
        api.plan_annotate(found.inputs, inbox, [str(inbox)])  # the copies over the forms themselves
    checked = api.check_paths(inbox, found=found)
    [marked] = api.annotate(checked, tmp_path / "copies")
    assert marked.file == str(bad) and marked.copy.parent == tmp_path / "copies" and marked.finding is None
    assert marked.to_json() == {"file": str(bad), "copy": str(marked.copy), "finding": None}


def test_sending_is_a_library_function_and_its_failure_a_library_error(tmp_path, monkeypatch):
    from reportgen import errors

    assert issubclass(errors.SendFailed, errors.ReportgenError) and not issubclass(errors.SendFailed, errors.RequestError)
    with pytest.raises(RequestError, match="--smtp-host"):
        api.plan_send("", "coord@region.ru")
    with pytest.raises(RequestError, match="--from"):
        api.plan_send("smtp.example.ru", None)
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["To"], msg["From"], msg["Subject"], msg["X-Reportgen-Key"] = "a@b.ru", "coord@region.ru", "Форма", "k1"
    msg.set_content("текст")
    (tmp_path / "out").mkdir()
    letters = api.Letters((api.Written(None, tmp_path / "out" / "a.eml", msg),), ())  # type: ignore[arg-type]
    # Port 9 on this machine: nothing listens, the server cannot be reached.
    with pytest.raises(errors.SendFailed, match="письма не отправлены.*Черновики остались"):
        api.send_letters(letters, tmp_path / "out", "127.0.0.1", "coord@region.ru", port=9, security="none", timeout=2)


def test_assemble_refuses_an_unknown_order_as_a_request_error():
    from reportgen.assemble import assemble
    from reportgen.kind import load_kind

    with pytest.raises(RequestError, match="«дата».*submitted, date"):
        assemble((), load_kind(), Period(2025, 2), "дата")  # type: ignore[arg-type]


def test_the_library_tunes_the_collector_not_the_cli(tmp_path):
    """check_paths raises the collector's thresholds (a fifth of a build otherwise); a caller's higher ones stay."""
    import gc

    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        api.check_paths(form)
        assert gc.get_threshold() == (20_000, 50, 1000)
        gc.set_threshold(50_000, 60, 2000)
        api.check_paths(form)
        assert gc.get_threshold() == (50_000, 60, 2000)
    finally:
        gc.set_threshold(*before)
