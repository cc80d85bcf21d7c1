"""Mail that cannot crowd out the quarter (issue 19, item 4): budgets per message and run, names in bytes,
one bad message costs only itself, large mailboxes read newest first, no marked copies into an inbox."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest

from forms import Style, write_form
from mailgen import MSK, attachment_part, message
from reportgen.read import mail

EVENTS = [("Форум «Россия – Беларусь»", "г. Смоленск", "12 апреля 2025 года", "Обмен опытом", "40 человек")]
TOWNS = ["Вяземский", "Велижский", "Руднянский", "Ярцевский", "Гагаринский", "Сафоновский"]


def form_bytes(tmp_path: Path, town: str) -> bytes:
    path = tmp_path / f"{town}.xlsx"
    write_form(path, EVENTS, Style(municipality=town))
    return path.read_bytes()


def letter(tmp_path: Path, n: int, town: str, name: str | None = None, parts: list[str] | None = None) -> bytes:
    when = dt.datetime(2025, 7, 1, 9, tzinfo=MSK) + dt.timedelta(hours=n)
    if parts is None:
        parts = [attachment_part(name or f"{town}.xlsx", form_bytes(tmp_path, town), "rfc2231")]
    return message(f"{town} <adm{n}@mo.example>", f"Отчет {town}", when, parts)


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    with open(path, "wb") as out:
        for data in messages:
            out.write(b"From u@mo.example Tue Jul  1 09:00:00 2025\n")
            out.write(data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From ") + b"\n")
    return path


def towns_read(result) -> list[str]:
    return sorted(f["municipality"] for f in result.json()["forms"])


def test_thirty_zips_in_one_message_unpack_only_its_budget(tmp_path, run):
    """30 zips of 8 MB of zeros each (a 2.6 MB message of them wrote 1.9 GB): the rest named, the next message read."""
    zeros = b"\0" * (8 * 2**20)
    zips = []
    for n in range(30):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"Форма{n}.xlsx", zeros + bytes([n]))  # each its own: identical files are read once
        zips.append(attachment_part(f"архив{n}.zip", buf.getvalue(), "rfc2231", ctype="application/zip"))
    mbox = write_mbox(tmp_path / "inbox", [letter(tmp_path, 0, "Велижский", parts=zips),
                                           letter(tmp_path, 1, "Вяземский")])
    result = run("validate", mbox, "--format", "json", "--period", "2025-Q2")
    data = result.json()
    unpacked = [f for f in data["forms"] if "архив" in f["file"]]
    over = [s for s in data["skipped"] if s.get("code") == "mail-over-budget"]
    assert len(unpacked) * 8 <= mail.MAX_MESSAGE_UNPACKED_BYTES // 2**20  # what fits in one message's budget
    assert len(unpacked) + len(over) == 30  # every other one named, by message and attachment
    assert all("(письмо 1) › архив" in s["file"] for s in over)
    assert "Вяземский" in [f["municipality"] for f in data["forms"]]


def test_the_run_budget_passes_over_the_oldest_and_names_them(tmp_path, run, monkeypatch):
    monkeypatch.setenv("REPORTGEN_JOBS", "0")  # read here: the patched bound holds under spawn too
    monkeypatch.setattr(mail, "MAX_RUN_FILES", 3)
    mbox = write_mbox(tmp_path / "inbox", [letter(tmp_path, n, town) for n, town in enumerate(TOWNS[:5])])
    result = run("validate", mbox, "--format", "json", "--period", "2025-Q2")
    assert towns_read(result) == sorted(TOWNS[2:5])  # the newest three
    over = [s["file"] for s in result.json()["skipped"] if s.get("code") == "mail-over-budget"]
    assert over == [f"{mbox} (письмо 1) › Вяземский.xlsx", f"{mbox} (письмо 2) › Велижский.xlsx"]


def test_a_name_of_100_cjk_characters_costs_nothing(tmp_path, run):
    """300 bytes of a name (NAME_MAX is 255 bytes) once stopped the whole mbox, the messages after it unnamed."""
    name = "報" * 100 + ".xlsx"
    mbox = write_mbox(tmp_path / "inbox", [letter(tmp_path, 0, "Велижский", name=name),
                                           letter(tmp_path, 1, "Вяземский")])
    result = run("validate", mbox, "--format", "json", "--period", "2025-Q2")
    assert towns_read(result) == ["Велижский", "Вяземский"]
    assert [f["source"]["attachment"] for f in result.json()["forms"]][0] == name  # the name as sent


def test_a_message_that_breaks_costs_only_itself(tmp_path, run, monkeypatch):
    real = mail.unpack_message

    def spoiled(msg, display, sink, *args, **kwargs):
        if display.endswith("(письмо 2)"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(msg, display, sink, *args, **kwargs)

    monkeypatch.setenv("REPORTGEN_JOBS", "0")
    monkeypatch.setattr(mail, "unpack_message", spoiled)
    mbox = write_mbox(tmp_path / "inbox", [letter(tmp_path, n, town) for n, town in enumerate(TOWNS[:3])])
    result = run("validate", mbox, "--format", "json", "--period", "2025-Q2")
    assert towns_read(result) == sorted([TOWNS[0], TOWNS[2]])
    broken = [s for s in result.json()["skipped"] if s.get("code") == "mail-unreadable"]
    assert [s["file"] for s in broken] == [f"{mbox} (письмо 2)"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the patched reader reaches the worker by fork")
def test_a_message_that_hangs_costs_only_itself(tmp_path, run, monkeypatch):
    from reportgen import budget

    monkeypatch.setenv("REPORTGEN_START_METHOD", "fork")

    real = mail.unpack_message

    def hangs(msg, display, sink, *args, **kwargs):
        if display.endswith("(письмо 2)"):
            time.sleep(60)
        return real(msg, display, sink, *args, **kwargs)

    monkeypatch.setattr(mail, "unpack_message", hangs)
    monkeypatch.setattr(budget, "FILE_TIMEOUT_S", 2.0)
    mbox = write_mbox(tmp_path / "inbox", [letter(tmp_path, n, town) for n, town in enumerate(TOWNS[:3])])
    start = time.monotonic()
    result = run("validate", mbox, "--format", "json", "--period", "2025-Q2")
    assert time.monotonic() - start < 30
    assert towns_read(result) == sorted([TOWNS[0], TOWNS[2]])
    over = [s for s in result.json()["skipped"] if s.get("code") == "mail-over-budget"]
    assert [s["file"] for s in over] == [f"{mbox} (письмо 2)"]


@pytest.mark.parametrize("layout", ["mbox", "maildir"])
def test_a_large_mailbox_is_read_newest_first_and_what_is_passed_over_named(tmp_path, run, monkeypatch, layout):
    monkeypatch.setenv("REPORTGEN_JOBS", "0")
    monkeypatch.setattr(mail, "MAX_MAILBOX_MESSAGES", 3)
    messages = [letter(tmp_path, n, town) for n, town in enumerate(TOWNS[:5])]
    if layout == "mbox":
        box = write_mbox(tmp_path / "inbox", messages)
    else:
        box = tmp_path / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True)
        for n, data in enumerate(messages):
            (box / "cur" / f"{1751350000 + n}.M{n}P1.host:2,S").write_bytes(data)
    result = run("validate", box, "--format", "json", "--period", "2025-Q2")
    assert towns_read(result) == sorted(TOWNS[2:5])
    said = "прочитаны последние 3 (самые новые), первые 2 (самые старые) не прочитаны"
    assert [s["code"] for s in result.json()["skipped"] if said in s["reason"]] == ["mailbox-truncated"]
    assert said in run("status", box, "--period", "2025-Q2").out
    assert said in run("letters", box, "-o", tmp_path / "письма", "--period", "2025-Q2").out


def test_annotate_into_a_mail_inbox_is_refused(tmp_path, run):
    inbox = tmp_path / "почта"
    inbox.mkdir()
    write_mbox(inbox / "inbox", [letter(tmp_path, 0, "Велижский")])
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1751350000.M1P1.host:2,S").write_bytes(letter(tmp_path, 0, "Вяземский"))
    for args in ((inbox / "inbox", inbox), (inbox, inbox), (box, box), (box, box / "cur")):
        result = run("validate", args[0], "--annotate", args[1], "--period", "2025-Q2")
        assert result.code == 2 and "--annotate" in result.err and "папка входящих писем" in result.err, result
    assert sorted(p.name for p in inbox.iterdir()) == ["inbox"]
    assert sorted(p.name for p in (box / "cur").iterdir()) == ["1751350000.M1P1.host:2,S"]
