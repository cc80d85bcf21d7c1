"""Safe output: whole or nothing, never over an input, never through a link, inputs read only."""

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from reportgen.write.plan import atomic_output
from books import EVENT, book, canonical
from conftest import wait_for


def files_in(folder):
    return sorted(p.name for p in folder.iterdir())


def test_interrupted_write_leaves_nothing(tmp_path):
    target = tmp_path / "r.docx"
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half a report")
            raise KeyboardInterrupt
    assert files_in(tmp_path) == []


def test_ctrl_c_while_writing_the_report(run, tmp_path, monkeypatch):
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    import reportgen.write.report as writer

    real = writer._document

    def interrupted(report, kind, *args):
        yield from list(real(report, kind, *args))[:3]
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_document", interrupted)
    result = run("build", form, "-o", tmp_path / "r.docx")
    assert result.code == 130 and "Прервано" in result.err
    assert files_in(tmp_path) == ["a.xlsx"]


def test_existing_report_is_replaced_whole(run, tmp_path):
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    out = tmp_path / "r.docx"
    out.write_bytes(b"old report")
    assert run("build", form, "-o", out).code == 0
    assert out.read_bytes()[:2] == b"PK" and files_in(tmp_path) == ["a.xlsx", "r.docx"]


def test_output_link_is_replaced_not_followed(run, tmp_path):
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    precious = tmp_path / "precious.txt"
    precious.write_text("не трогать")
    link = tmp_path / "r.docx"
    link.symlink_to(precious)
    assert run("build", form, "-o", link).code == 0
    assert precious.read_text() == "не трогать"
    assert not link.is_symlink() and link.read_bytes()[:2] == b"PK"


def _fingerprint(path):
    """What a write to a file would change, even one through a native reader that bypasses open()."""
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns, st.st_ino, stat.S_IMODE(st.st_mode)


def test_inputs_are_left_exactly_as_they_were(run, tmp_path):
    """Every command, in worker processes as users run it: inputs keep their bytes, times, inode and mode."""
    folder = tmp_path / "Входящие формы"
    folder.mkdir()
    form = book(folder / "Форма Велижский.xlsx", ("Мероприятия", canonical(EVENT, municipality="Велижский")))
    bad = book(folder / "Форма Вяземский.xlsx", ("Мероприятия", canonical(
        [*EVENT[:3], "когда-нибудь", *EVENT[4:]], municipality="Вяземский")))
    for f in (form, bad):
        f.chmod(stat.S_IRUSR | stat.S_IRGRP)
    past = time.time_ns() - 86_400 * 10**9  # a day ago: a rewrite "now" could not keep this time
    for f in (form, bad):
        os.utime(f, ns=(past, past))
    before = {f: _fingerprint(f) for f in (form, bad)}
    outputs = tmp_path / "Отчеты за квартал"
    outputs.mkdir()
    assert run("validate", folder, "--annotate", outputs / "Замечания").code == 1
    assert run("status", folder).code == 1
    assert run("build", folder, "--force", "-o", outputs / "Отчет.docx", "--xlsx", outputs / "Свод.xlsx",
               "--json", outputs / "Свод.json").code == 0
    assert run("split", outputs / "Отчет.docx", "-o", outputs / "Формы").code == 0
    assert {f: _fingerprint(f) for f in (form, bad)} == before
    assert files_in(folder) == ["Форма Велижский.xlsx", "Форма Вяземский.xlsx"]  # nothing written beside them


def test_output_in_a_missing_folder_or_onto_a_folder(run, tmp_path):
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    result = run("build", form, "-o", tmp_path / "нет" / "r.docx")
    assert result.code == 2 and "не существует" in result.err
    # An existing folder in -o takes the report under its default name, as `template -o ПАПКА` takes the form.
    (tmp_path / "отчеты").mkdir()
    result = run("build", form, "-o", tmp_path / "отчеты")
    assert result.code == 0 and (tmp_path / "отчеты" / "report-2025-Q2.docx").is_file()


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_ctrl_c_while_reading_stops_cleanly(tmp_path, hanging_reader):
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(form), "--period", "2025-Q2",
                             "-o", str(tmp_path / "r.docx")], env=hanging_reader,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    wait_for(tmp_path / "hook" / "hanging")  # a worker is reading (and hangs): Ctrl-C now
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Прервано" in err
    assert files_in(tmp_path) == ["a.xlsx", "hook"]
