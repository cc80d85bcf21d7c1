"""Safe output: whole or nothing, never over an input, never through a link, inputs read only."""

import builtins
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


def test_read_only_inputs_are_never_opened_for_writing(run, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_JOBS", "0")  # read in this process, where open() is watched
    form = book(tmp_path / "a.xlsx", ("Мероприятия", canonical(EVENT)))
    form.chmod(stat.S_IRUSR | stat.S_IRGRP)
    digest = hashlib.sha256(form.read_bytes()).hexdigest()
    written = []
    real_open, real_os_open = builtins.open, os.open

    def watch_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    def watch_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT):
            written.append(str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watch_open)
    monkeypatch.setattr(os, "open", watch_os_open)
    assert run("build", form, "-o", tmp_path / "r.docx").code == 0
    monkeypatch.undo()
    assert not [w for w in written if os.path.basename(w) == "a.xlsx"]
    assert hashlib.sha256(form.read_bytes()).hexdigest() == digest
    assert stat.S_IMODE(form.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP


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
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Прервано" in err
    assert files_in(tmp_path) == ["a.xlsx", "hook"]
