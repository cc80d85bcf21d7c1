"""Forms straight from saved e-mail: the generated quarter's mail (tests/mailgen.py) and its edge cases."""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import os
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailgen import MSK, Mailbox, _spoiled, attachment_part, make_mailbox, message, zipped
from reportgen.api import build_report, check_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory) -> Mailbox:
    return make_mailbox(tmp_path_factory.mktemp("quarter"))


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_form_once_nothing_else_every_message_named(mailbox, run):
    assert mailbox.messages >= 30
    before = _fingerprint(mailbox.root)
    result = run("validate", mailbox.root, "--format", "json")
    data = result.json()
    read = [f["source"]["attachment"].split(" › ")[-1] for f in data["forms"]]
    superseded = [f["source"]["attachment"] for f in data["superseded"]]
    # Every form exactly once, the resubmitted one's earlier copy as superseded, nothing else.
    assert sorted(read) == sorted(s.name for s in mailbox.forms)
    assert superseded == mailbox.superseded
    # Each came with its message: sender, date and subject.
    for form in data["forms"]:
        assert form["source"]["from"] and form["source"]["date"] and form["source"]["subject"], form
        assert form["municipality"], form["file"]
    # Every message without a form, by sender and subject.
    listed = {(m["from"].rpartition("<")[2].rstrip(">"), m["subject"]) for m in data["messages_without_form"]}
    assert set(mailbox.no_form) <= listed
    # Every refused attachment is named, with a reason.
    skipped = " ".join([f"{s['file']} {s['reason']}" for s in data["skipped"]]
                       + [" ".join(m["notes"]) for m in data["messages_without_form"]])
    for name in mailbox.refused:
        assert name in skipped, name
    # The mail itself is only read: nothing written next to it, nothing changed.
    assert _fingerprint(mailbox.root) == before


def test_build_from_mail_equals_build_from_the_same_forms_as_files(mailbox):
    from_mail = check_paths([str(mailbox.root)])
    from_files = check_paths([str(mailbox.plain)])
    a, b = build_report(from_mail, force=True), build_report(from_files, force=True)
    assert a.event_count == b.event_count > 90
    assert a.dump() == b.dump()


def test_status_names_the_message_each_form_came_in(mailbox, run):
    data = run("status", mailbox.root, "--format", "json").json()
    roslavl = next(m for m in data["municipalities"] if m["name"] == "Рославльский")
    assert roslavl["state"] != "duplicate" and len(roslavl["files"]) == 1 and len(roslavl["superseded"]) == 1
    assert roslavl["sources"][0]["subject"] == "Отчет за II квартал 2025 — Рославль"
    text = run("status", mailbox.root)
    assert "(заменена)" in text.out
    assert "Угра" in text.out and "Отчет будет 15 июля" in text.out  # a message with no form, in the roster's notes


def test_strict_duplicates_keeps_the_error(mailbox, run):
    data = run("validate", mailbox.root, "--format", "json", "--strict-duplicates").json()
    codes = [d["code"] for d in data["diagnostics"] if "Рославль" in (d["file"] or "")]
    assert codes.count("municipality-duplicate") == 2 and not data["superseded"]


def _form(path: Path, municipality: str, samples: Path) -> Path:
    import shutil

    shutil.copy(samples / "Рославль.xlsx", path)
    return path


def test_plain_files_newest_by_recorded_save_not_file_time_and_equal_times_are_an_error(samples, tmp_path, run):
    from mailgen import recorded_time, with_saved_time

    inbox = tmp_path / "in"
    inbox.mkdir()
    old, new = inbox / "Рославль.xlsx", inbox / "Рославль исправленный.xlsx"
    _form(new, "Рославльский", samples)
    old.write_bytes(_spoiled(new.read_bytes(), tmp_path))  # the earlier version, with an error, saved 2 days before
    # Saved from Outlook in one batch: the erroneous first version got the later file time.
    os.utime(new, (1_750_000_000, 1_750_000_000))
    os.utime(old, (1_750_100_000, 1_750_100_000))
    data = run("validate", inbox, "--format", "json").json()
    [replaced] = data["superseded"]
    assert replaced["file"] == str(old) and replaced["time_source"] == "saved"
    assert dt.datetime.fromisoformat(replaced["time"]) == recorded_time(new.read_bytes()) - dt.timedelta(days=2)
    [note] = [d for d in data["diagnostics"] if d["code"] == "form-superseded"]
    shown = (recorded_time(new.read_bytes()) - dt.timedelta(days=2)).astimezone().strftime("%d.%m.%Y %H:%M")
    assert f"от {shown}" in note["message"] and "время сохранения, записанное в книге" in note["message"]
    assert not [d for d in data["diagnostics"] if d["code"] in ("municipality-duplicate", "form-order-unknown")]
    # The same recorded time: which is newer cannot be told, whatever the file times say.
    old.write_bytes(with_saved_time(old.read_bytes(), recorded_time(new.read_bytes())))
    os.utime(old, (1_750_100_000, 1_750_100_000))
    result = run("validate", inbox, "--format", "json")
    data = result.json()
    assert not data["superseded"] and result.code == 1
    tied = [d for d in data["diagnostics"] if d["code"] == "form-order-unknown"]
    assert sorted(d["file"] for d in tied) == sorted([str(old), str(new)])
    for d in tied:
        other = str(new) if d["file"] == str(old) else str(old)
        assert f"«{other}»" in d["message"] and f"--without «{other}»" in d["hint"] and d["severity"] == "error"
    assert not [d for d in data["diagnostics"] if d["code"] == "municipality-duplicate"]
    # The hint's choice works: the other copy is left out and named, the chosen one is read.
    result = run("build", inbox, "--force", "--without", str(old), "-o", tmp_path / "r.docx")
    assert result.code == 0, result.out
    assert f"Не включено: {old} (Рославльский) — исключена по --without «{old}»" in result.out


def test_a_superseded_form_with_errors_does_not_stop_the_build(mailbox, tmp_path, run):
    result = run("build", mailbox.root, "-o", tmp_path / "r.docx", "--force")
    assert result.code == 0, result.out + result.err
    errors = [line for line in result.out.splitlines() if "письмо 90.eml" in line and "ошибка" in line]
    assert not errors


@pytest.mark.parametrize("naming", ["rfc2231", "rfc2047", "cp1251", "raw"])
def test_attachment_names_in_every_encoding(naming, samples, tmp_path, run):
    data = (samples / "Шумячи.xlsx").read_bytes()
    raw = message("Шумячи <a@b.example>", "Отчет", __import__("datetime").datetime(2025, 7, 3, tzinfo=MSK),
                  [attachment_part("Шумячи отчет 2 кв.xlsx", data, naming)])
    (tmp_path / "m.eml").write_bytes(raw)
    forms = run("validate", tmp_path / "m.eml", "--format", "json").json()["forms"]
    assert [f["source"]["attachment"] for f in forms] == ["Шумячи отчет 2 кв.xlsx"]
    assert forms[0]["municipality"] == "Шумячский"


def _eml(path: Path, *parts: str, subject="Отчет") -> Path:
    import datetime as dt

    path.write_bytes(message("Клерк <c@mo.example>", subject, dt.datetime(2025, 7, 3, tzinfo=MSK), list(parts)))
    return path


def test_zip_nesting_attachment_count_and_broken_messages_are_named(samples, tmp_path, run):
    form = (samples / "Шумячи.xlsx").read_bytes()
    deep = zipped([("b.zip", zipped([("c.zip", zipped([("Шумячи.xlsx", form)], False))], False))], False)
    _eml(tmp_path / "deep.eml", attachment_part("a.zip", deep, "rfc2231", ctype="application/zip"))
    many = [attachment_part(f"note{i}.txt", b"x", "rfc2231", ctype="text/plain") for i in range(120)]
    _eml(tmp_path / "many.eml", *many)
    (tmp_path / "broken.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000))
    (tmp_path / "Шумячи.xlsx").write_bytes(form)
    result = run("validate", tmp_path, "--format", "json")
    assert result.code in (0, 1)
    data = result.json()
    reasons = {s["file"]: s["reason"] for s in data["skipped"]}
    # Messages without a form are one entry each, saying what their attachments were.
    said = {m["message"]: " ".join(m["notes"]) for m in data["messages_without_form"]}
    assert "слишком глубоко" in said[str(tmp_path / "deep.eml")], said
    assert "больше 100 вложений" in said[str(tmp_path / "many.eml")], said
    assert "повреждено" in reasons[str(tmp_path / "broken.msg")]
    assert [f["file"] for f in data["forms"]] == [str(tmp_path / "Шумячи.xlsx")]


def test_a_form_attachment_that_is_a_bomb_is_refused_as_a_form(tmp_path, run):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(300 * 2**20))
    _eml(tmp_path / "m.eml", attachment_part("Форма.xlsx", bomb.read_bytes(), "rfc2231"))
    bomb.unlink()
    result = run("validate", tmp_path / "m.eml", "--format", "json")
    assert result.code == 1
    codes = {d["code"] for d in result.json()["diagnostics"]}
    assert "file-bomb" in codes


def test_attachments_land_in_a_private_folder_removed_at_the_end(samples, tmp_path):
    data = (samples / "Шумячи.xlsx").read_bytes()
    inbox = tmp_path / "входящие"
    inbox.mkdir()
    _eml(inbox / "m.eml", attachment_part("Шумячи.xlsx", data, "rfc2231"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    proc = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(inbox)], env=env,
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Шумячи" in proc.stdout
    assert sorted(p.name for p in inbox.iterdir()) == ["m.eml"]
    assert list(scratch.iterdir()) == []


def test_outlook_message_with_a_forwarded_outlook_message(samples, tmp_path, run):
    import datetime as dt

    from msgfile import write_msg

    data = (samples / "Шумячи.xlsx").read_bytes()
    inner = dict(sender="Шумячи <s@mo.example>", to="h@region.example", subject="Отчет Шумячи",
                 date=dt.datetime(2025, 7, 2, 9, tzinfo=MSK), message_id="<in@mo.example>", body="Во вложении.",
                 attachments=[("Отчет Шумячи.xlsx", data)])
    write_msg(tmp_path / "fw.msg", sender="Помощник <h@region.example>", to="c@region.example",
              subject="FW: Отчет Шумячи", date=dt.datetime(2025, 7, 3, 9, tzinfo=MSK), message_id="<fw@r.example>",
              body="Пересылаю.", embedded=[inner])
    forms = run("validate", tmp_path / "fw.msg", "--format", "json").json()["forms"]
    assert len(forms) == 1
    source = forms[0]["source"]
    assert source["from"] == "Шумячи <s@mo.example>" and source["subject"] == "Отчет Шумячи"
    assert source["date"].startswith("2025-07-02T06:00")


def test_an_eml_parsed_back_by_the_email_package_keeps_its_attachment(samples, tmp_path, run):
    """A message written by Python's own email package (as web mail exports do) is read as well."""
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Date"] = "Хиславичи <h@mo.example>", "Отчет", "Wed, 02 Jul 2025 10:00:00 +0300"
    msg.set_content("Отчет во вложении.")
    msg.add_attachment((samples / "Хиславичи.xlsx").read_bytes(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="Хиславичи 2 кв.xlsx")
    (tmp_path / "x.eml").write_bytes(msg.as_bytes(policy=email.policy.SMTP))
    forms = run("validate", tmp_path / "x.eml", "--format", "json").json()["forms"]
    assert [f["source"]["attachment"] for f in forms] == ["Хиславичи 2 кв.xlsx"]


def test_marked_copies_of_forms_sent_under_one_name(samples, tmp_path, run):
    """Many municipalities send «Форма.xlsx»: their marked copies are told apart by their messages."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for town, sample in (("Вязьма", "Вязьма_2кв.xlsx"), ("Десногорск", "desnogorsk.xlsx")):
        _eml(inbox / f"{town}.eml", attachment_part("Форма.xlsx", (samples / sample).read_bytes(), "rfc2231"))
    result = run("validate", inbox, "--annotate", tmp_path / "копии")
    assert result.code in (0, 1), result.err
    assert sorted(p.name for p in (tmp_path / "копии").iterdir()) == ["Вязьма.eml — Форма.xlsx",
                                                                      "Десногорск.eml — Форма.xlsx"]


def test_one_form_twice_is_read_once_and_the_copy_named(samples, tmp_path, run):
    """A reply that quotes the original with its form, a form attached twice, «Форма (1).xlsx» next to «Форма.xlsx»."""
    data = (samples / "Шумячи.xlsx").read_bytes()
    inbox = tmp_path / "in"
    inbox.mkdir()
    original = message("Шумячи <s@mo.example>", "Отчет Шумячи", dt.datetime(2025, 7, 1, tzinfo=MSK),
                       [attachment_part("Шумячи.xlsx", data, "rfc2231")])
    (inbox / "1 original.eml").write_bytes(original)
    quoted = f"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{original.decode()}"
    (inbox / "2 reply.eml").write_bytes(message("Шумячи <s@mo.example>", "Re: Отчет Шумячи",
                                                dt.datetime(2025, 7, 2, tzinfo=MSK), [quoted]))
    (inbox / "3 twice.eml").write_bytes(message("Шумячи <s@mo.example>", "Отчет еще раз", dt.datetime(2025, 7, 3, tzinfo=MSK),
                                                [attachment_part("Шумячи.xlsx", data, "rfc2047")] * 2))
    (inbox / "Шумячи (1).xlsx").write_bytes(data)
    result = run("validate", inbox, "--format", "json")
    data_out = result.json()
    assert [f["municipality"] for f in data_out["forms"]] == ["Шумячский"]
    assert data_out["forms"][0]["source"]["subject"] == "Отчет Шумячи"  # the first time it was sent
    copies = [s for s in data_out["skipped"] if "прочитан один раз" in s["reason"]]
    assert len(copies) == 4
    assert not [d for d in data_out["diagnostics"] if d["code"] == "municipality-duplicate"]


def test_sender_names_with_commas_and_quotes_keep_their_address(samples, tmp_path, run):
    data = (samples / "Сафоново.xlsx").read_bytes()
    boundary = "b1"
    raw = ("From: =?windows-1251?Q?=D1=E0=F4=EE=ED=EE=E2=EE,_=EE=F2=E4=E5=EB_=EA=F3=EB=FC=F2=F3=F0=FB?= "
           "<safonovo@admin.example>\r\nSubject: =?koi8-r?B?" + __import__("base64").b64encode("Отчет".encode("koi8-r")).decode()
           + "?=\r\nDate: Wed, 02 Jul 2025 10:00:00 +0300\r\nMessage-ID: <bat@admin.example>\r\nMIME-Version: 1.0\r\n"
           f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n--{boundary}\r\n'
           + attachment_part("Сафоново.xlsx", data, "cp1251") + f"\r\n--{boundary}--\r\n")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "bat.eml").write_bytes(raw.encode())
    form = run("validate", inbox, "--format", "json").json()["forms"][0]
    assert form["source"]["from"] == "Сафоново, отдел культуры <safonovo@admin.example>"
    assert form["source"]["subject"] == "Отчет"
    result = run("letters", inbox, "-o", tmp_path / "out", "--confirm", "--from", "Иванова, Мария <c@region.example>")
    assert result.code == 0, result.err
    assert "Сафоновский" in result.out and "safonovo@admin.example" in result.out


def test_a_maildir_folder_given_directly_and_winmail_dat(samples, tmp_path, run):
    inbox = tmp_path / "Maildir" / "cur"
    inbox.mkdir(parents=True)
    (inbox / "1751360000.M1P2.host:2,S".replace(":", "_")).write_bytes(message(
        "Шумячи <s@mo.example>", "Отчет", dt.datetime(2025, 7, 2, tzinfo=MSK),
        [attachment_part("Шумячи.xlsx", (samples / "Шумячи.xlsx").read_bytes(), "raw"),
         attachment_part("winmail.dat", b"\x78\x9f\x3e\x22", "raw", ctype="application/ms-tnef")]))
    data = run("validate", inbox, "--format", "json").json()
    assert [f["municipality"] for f in data["forms"]] == ["Шумячский"]
    assert any("TNEF" in s["reason"] for s in data["skipped"])


def test_undecodable_bytes_of_a_subject_never_reach_a_reply(samples, tmp_path, run):
    """A word whose bytes are not its charset's loses those bytes, not the subject, and no «�» goes into the Re:."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "Шумячи.xlsx").write_bytes((samples / "Шумячи.xlsx").read_bytes())
    (inbox / "1.eml").write_bytes(
        b"From: =?utf-8?b?0KDQvtGB0LvQsNCy0LvRjA==?= <r@mo.example>\r\nTo: c@region.example\r\n"
        b"Subject: =?utf-8?b?0KDQvtGB0LvQsNCy0LvRjCDQvtGC0YfQtdGC/w==?=\r\nDate: Wed, 02 Jul 2025 10:00:00 +0300\r\n"
        b"Message-ID: <x1@mo.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"\xd0\x9e\xd1\x82\xd1\x87\xd0\xb5\xd1\x82 \xd0\xb1\xd1\x83\xd0\xb4\xd0\xb5\xd1\x82 \xd0\xbf\xd0\xbe\xd0\xb7\xd0\xb6\xd0\xb5\r\n")
    data = run("validate", inbox, "--format", "json", "--period", "2025-Q2").json()
    assert [m["subject"] for m in data["messages_without_form"]] == ["Рославль отчет"]
