"""Word files in (tests/hostile_word.py): `split` and `build --reference-doc` on every case, through the CLI.

Each run stays within the budgets, never exits 3, says what is wrong in Russian and names the
file; a report written on a letterhead validates against the OOXML schemas and opens in
LibreOffice Writer.
"""

import re
import shutil
from pathlib import Path

import pytest

import hostile_word
from books import EVENT, book, canonical
from measure import LIMIT_BYTES, LIMIT_S, run_cli

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "wait4"), reason="os.wait4 (one run's peak) is POSIX-only")
CASES = {c.name: c for c in hostile_word.cases()}
ENGLISH = re.compile(r"\b(?:Error|error|Traceback|File|line \d|Bad|invalid|Excessive|not supported)\b")


@pytest.fixture(scope="module")
def word_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word") / "Документы Word"
    hostile_word.corpus(folder)
    return folder


@pytest.fixture(scope="module")
def letterhead_reports(tmp_path_factory):
    """Reports built on each usable letterhead, kept for the schema and LibreOffice checks."""
    return tmp_path_factory.mktemp("on letterheads")


def _russian_and_named(text: str, name: str) -> None:
    assert "Traceback" not in text and not ENGLISH.search(text), text
    assert name in text, text


@pytest.mark.parametrize("name", list(CASES))
def test_split(word_corpus, tmp_path, name):
    case = CASES[name]
    out = tmp_path / "формы"
    code, stdout, stderr, wall, peak = run_cli("split", word_corpus / name, "-o", out, cwd=tmp_path)
    assert wall < LIMIT_S and peak < LIMIT_BYTES, (wall, peak)
    assert code != 3 and "Traceback" not in stdout + stderr
    if case.split == "refused":
        assert code in (1, 2) and not out.exists(), stdout + stderr
        [first] = [line for line in stdout.splitlines() if ": ошибка " in line][:1]
        _russian_and_named(first, name)
        assert case.says in first, first
        return
    assert code == 0, stdout + stderr
    [form] = out.iterdir()
    for expected in case.codes:
        assert expected in stdout
    from reportgen.api import build_report, check_paths

    events = [e.cells for s in build_report(check_paths(form), force=True).sections for e in s.events]
    wanted = [tuple(e) for e in (hostile_word.EVENTS if name != "long-cell.docx" else [
        (*hostile_word.EVENTS[0][:3], hostile_word.LONG, hostile_word.EVENTS[0][4]), *hostile_word.EVENTS[1:]])]
    assert len(events) == case.split
    for got, want in zip(events, wanted):
        if "cell-shortened" in case.codes and len(want[3]) > 32_767:
            assert got[3].endswith("…") and len(got[3]) == 32_767 and want[3].startswith(got[3][:-1])
            got, want = got[:3] + got[4:], want[:3] + want[4:]
        assert got == want


@pytest.mark.parametrize("name", list(CASES))
def test_letterhead(word_corpus, letterhead_reports, tmp_path, name):
    case = CASES[name]
    form = book(tmp_path / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    out = tmp_path / "отчет.docx"
    code, stdout, stderr, wall, peak = run_cli("build", form, "--reference-doc", word_corpus / name, "-o", out,
                                               cwd=tmp_path)
    assert wall < LIMIT_S and peak < LIMIT_BYTES, (wall, peak)
    assert code != 3 and "Traceback" not in stdout + stderr
    if case.letterhead == "refused":
        assert code == 2 and not out.exists(), stdout + stderr
        _russian_and_named(stderr.strip().splitlines()[0], name)
        assert "--reference-doc" in stderr
        assert case.says in " ".join(stderr.split()), stderr
        return
    assert code == 0, stdout + stderr
    import docx

    header = docx.Document(str(out)).sections[0].header
    texts = " ".join(p.text for p in header.paragraphs)
    assert (hostile_word.HEADER_TEXT in texts) == case.header_kept, texts
    for line in stdout.splitlines():
        if line.startswith("Бланк:"):
            _russian_and_named(line, name)
    import zipfile

    with zipfile.ZipFile(out) as z:  # nothing in the report reaches outside it when Word opens it
        package = b"".join(z.read(n) for n in z.namelist())
    assert b'TargetMode="External"' not in package and b"attacker.example" not in package
    found = [line for line in stdout.splitlines() if "letterhead-link" in line]
    assert len(found) == len(case.links), stdout
    for target in case.links:  # each dropped link is named, with the letterhead it came from
        assert any(target in line and f"{name}: предупреждение" in line for line in found), (target, stdout)
    shutil.copy(out, letterhead_reports / f"{Path(name).stem}.docx")


def test_reports_on_letterheads_validate_and_open_in_writer(word_corpus, letterhead_reports, ooxml, office,
                                                            tmp_path):
    made = sorted(letterhead_reports.iterdir())
    usable = [n for n, c in CASES.items() if c.letterhead == "ok"]
    if len(made) < len(usable):
        pytest.skip("runs after test_letterhead (run the module whole)")
    assert ooxml(*made) == ""
    from reportgen.write.office import convert

    pdfs = convert(made, "pdf", tmp_path)
    assert len(pdfs) == len(made)
    import subprocess

    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Форум" in text or "Вяземский" in text, pdf.name  # the report's table is there


def test_time_budget_stops_a_hanging_word_read(word_corpus, tmp_path, hanging_reader):
    """A Word reader that never finishes: split names the file (file-timeout), the letterhead is refused; both in time."""
    import subprocess
    import sys
    import time

    env = dict(hanging_reader, REPORTGEN_FILE_TIMEOUT="1")
    form = book(tmp_path / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    for args, code, needle in ((["split", word_corpus / "ok.docx", "-o", tmp_path / "формы"], 1, "file-timeout"),
                               (["build", form, "--reference-doc", word_corpus / "ok.docx", "-o", tmp_path / "r.docx"],
                                2, "слишком долго читается")):
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], env=env, capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)
        assert time.monotonic() - start < 15
        assert proc.returncode == code and needle in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "формы").exists() and not (tmp_path / "r.docx").exists()


@pytest.mark.parametrize("call", [("signal.default_int_handler", 2, None), ("sys.exit", 130)], ids=["interrupt", "exit"])
def test_a_worker_never_ends_the_command_as_an_interruption(call, monkeypatch):
    """KeyboardInterrupt or SystemExit inside a worker (a library's doing: workers ignore Ctrl-C) arrives here as an
    error: re-raised as it was, it ended a run as «Прервано.» (exit 130) with nobody pressing Ctrl-C."""
    import importlib

    from reportgen.budget import run

    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    module, name = call[0].split(".")
    try:
        run(getattr(importlib.import_module(module), name), *call[1:])
    except BaseException as exc:  # noqa: BLE001 - what the parent gets is the point
        caught = exc
    assert isinstance(caught, Exception), repr(caught)


def _interrupt(*args):
    raise KeyboardInterrupt


@pytest.mark.skipif(__import__("os").environ.get("REPORTGEN_START_METHOD") == "spawn",
                    reason="the patched reader reaches only a forked worker")
def test_a_letterhead_reader_interrupted_in_its_worker_is_no_ctrl_c(run, word_corpus, tmp_path, monkeypatch):
    import reportgen.read.letterhead as letterhead

    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    monkeypatch.setattr(letterhead, "read_letterhead", _interrupt)
    form = book(tmp_path / "Форма Вязьма.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", form, "--reference-doc", word_corpus / "ok.docx", "-o", tmp_path / "r.docx")
    assert result.code != 130 and "Прервано" not in result.err, result.err
    assert not (tmp_path / "r.docx").exists()


LAYOUTS = ["ok.docx", *hostile_word.LAYOUTS]


def test_letterhead_layouts_do_not_reach_the_table(word_corpus, office, tmp_path):
    """Two columns, right to left, a Normal style with «красная строка», a hanging indent or right-to-left
    paragraphs: the report Writer lays out is one column, left to right, «1.» whole, no word broken."""
    import subprocess

    from reportgen.write.office import convert

    made = []
    for name in LAYOUTS:
        out = tmp_path / f"{Path(name).stem}.docx"
        hostile_word.report_on(word_corpus / name, out)
        made.append(out)
    pdfs = {pdf.stem: pdf for pdf in convert(made, "pdf", tmp_path / "pdf")}
    for name, out in zip(LAYOUTS, made):
        import docx

        header = " ".join(p.text for p in docx.Document(str(out)).sections[0].header.paragraphs)
        assert hostile_word.HEADER_TEXT in header, (name, header)  # the letterhead's header stays
        text = subprocess.run(["pdftotext", "-layout", str(pdfs[out.stem]), "-"], capture_output=True, text=True,
                              check=True).stdout
        hostile_word.assert_clean_layout(text, hostile_word.final_section(out), name)
