"""Mail as clients really write it: real files from public corpora (tests/data/real/mail), and the forms grafted in."""

from __future__ import annotations

import base64
import email
import email.policy
import re
import shutil
from pathlib import Path

import pytest

from realmail import REAL, SAMPLES, graft, write_batches

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unpack(tmp_path: Path, *paths: Path):
    from reportgen.read.mail import unpack

    out = tmp_path / "unpacked"
    out.mkdir(exist_ok=True)
    return unpack([(str(p), p.name) for p in paths], str(out))


def _sample(name: str = "Шумячи.xlsx") -> bytes:
    return (SAMPLES / name).read_bytes()


def _to(raw: bytes) -> str:
    """The To header of a written draft, as its bytes say (UTF-8 when international)."""
    head = raw.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    found = re.search(rb"(?m)^To: (.*(?:\n[ \t].*)*)", head)
    return found.group(1).decode("utf-8") if found else ""


# --- mbox -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, subjects", [
    # Netscape's «From - » lines with no blank line before them: three messages, not one
    ("simple.mbox.txt", ["this'll probably break a lot of mime parsers",
                         "this'll probably break even more mime parsers",
                         "if a mime parser can correctly handle this, I'm impressed"]),
    # a UTF-8 BOM before the first «From -»; «From Russia with love» in a body is no separator
    ("unmunged.mbox.txt", ["This is a test message with an unmunged From line",
                           "Another test message with an unmunged From line"]),
])
def test_real_mbox_files_split_into_their_messages(tmp_path, name, subjects):
    result = _unpack(tmp_path, REAL / "mimekit" / name)
    assert [m.subject for m in result.no_form] == subjects
    assert not result.skipped


def test_real_mboxcl_with_content_length_and_no_blank_lines(tmp_path):
    path = REAL / "mimekit" / "content-length.mbox.txt"
    separators = len(re.findall(rb"(?m)^From - ", path.read_bytes()))
    result = _unpack(tmp_path, path)
    assert separators == 27 and len(result.no_form) == 27
    assert result.no_form[0].subject == "Re: mailusr1@navstar1 3.0b6gold #1"
    assert all(m.address for m in result.no_form)  # each split where it starts: its own headers, its own sender


def test_a_form_in_the_second_message_of_an_mbox_without_blank_lines_is_found(tmp_path):
    """Roundcube's export: «From адрес дата» straight after the last line of the message before."""
    first, second = (REAL / "mail-parser" / "mail_test_16").read_bytes(), (REAL / "mimekit" / "japanese.txt").read_bytes()
    box = tmp_path / "export.mbox"
    box.write_bytes(b"From sender@example.net Thu Jul  3 10:00:00 2025\n" + first.rstrip(b"\n") + b"\n"
                    + b"From x@x.com Fri Jul  4 11:00:00 2025\n" + graft(second, "Шумячи.xlsx", _sample()))
    result = _unpack(tmp_path, box)
    assert [f.source.attachment for f in result.forms] == ["Шумячи.xlsx"]
    assert result.forms[0].source.reply_to == "x@x.com"
    assert [m.subject for m in result.no_form] == ["Test spam mail (GTUBE)"]


def test_mboxrd_quoting_is_undone_and_an_unquoted_from_line_in_a_body_does_not_split(tmp_path):
    real = (REAL / "mail-parser" / "mail_test_16").read_bytes().replace(b"\r\n", b"\n")
    head, _, body = real.partition(b"\n\n")
    # mboxrd quoting, and an unquoted «From » line after a blank line in the body (mboxo writers leave them)
    quoted = head + b"\n\n" + b">From the archive (mboxrd)\n>>From twice\n\nFrom Russia with love\nYear: 1963\n\n" + body
    box = tmp_path / "box"
    box.write_bytes(b"From a@b.c Thu Jul  3 10:00:00 2025\n" + quoted + b"\n"
                    + b"From x@x.com Fri Jul  4 11:00:00 2025\n"
                    + graft((REAL / "mimekit" / "japanese.txt").read_bytes(), "Шумячи.xlsx", _sample()))
    result = _unpack(tmp_path, box)
    assert len(result.forms) == 1 and len(result.no_form) == 1
    from reportgen.read.mail import _mbox_message, _mbox_starts, _Sink, Unpacked

    starts, end = _mbox_starts(box, _Sink(tmp_path, Unpacked()))
    with open(box, "rb") as f:
        text = _mbox_message(f, starts[0], starts[1])
    assert b"\nFrom the archive (mboxrd)\n>From twice\n\nFrom Russia with love\nYear: 1963\n" in text


# --- headers and recognition ----------------------------------------------------------------

def test_an_undecodable_encoded_word_costs_only_itself(tmp_path):
    raw = graft((REAL / "mail-parser" / "mail_test_16").read_bytes(), "Шумячи.xlsx", _sample())
    broken = "=?utf-8?b?A?= =?utf-8?b?" + base64.b64encode("Отчет".encode()).decode() + "?= =?x-unknown?q?Q2?="
    raw = re.sub(rb"(?m)^Subject: .*$", b"Subject: " + broken.encode(), raw, count=1)
    (tmp_path / "m.eml").write_bytes(raw)
    result = _unpack(tmp_path, tmp_path / "m.eml")
    [form] = result.forms
    assert form.source.subject == "=?utf-8?b?A?= Отчет Q2"
    assert not result.skipped


@pytest.mark.parametrize("name", ["gmail.msg", "rfc8463-example.msg"])
def test_an_rfc822_message_named_msg_is_read_as_mail(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(graft((REAL / "mimekit" / name).read_bytes(), "Шумячи.xlsx", _sample()))
    result = _unpack(tmp_path, path)
    assert [f.source.attachment for f in result.forms] == ["Шумячи.xlsx"] and not result.skipped


def test_a_message_with_a_bom_or_from_past_4_kb_is_recognised_in_a_folder(tmp_path, run):
    from reportgen.read.inputs import expand_inputs

    real = graft((REAL / "mimekit" / "japanese.txt").read_bytes(), "Шумячи.xlsx", _sample())
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "bom").write_bytes(b"\xef\xbb\xbf" + real)
    # kilobytes of Received lines before From, as a message that went through many servers
    received = (REAL / "mimekit" / "content-length.mbox.txt").read_bytes().split(b"\n")[2:5]
    other = graft((REAL / "mimekit" / "japanese.txt").read_bytes(), "Починок.xlsx", _sample("Починок.xlsx"))
    (folder / "late-from").write_bytes(b"\n".join(received * 40) + b"\n" + other)
    assert (folder / "late-from").read_bytes().index(b"\nFrom:") > 4096
    found, skipped = expand_inputs([str(folder)])
    assert [f.mail for f in found] == [True, True] and not skipped
    data = run("validate", folder, "--format", "json").json()
    assert sorted(f["source"]["attachment"] for f in data["forms"]) == ["Починок.xlsx", "Шумячи.xlsx"]


def test_a_damaged_outlook_file_is_named_damaged_not_an_io_error(tmp_path):
    data = (REAL / "msgreader" / "TxtSampleEmail.msg").read_bytes()
    (tmp_path / "cut.msg").write_bytes(data[: len(data) // 2])
    [skipped] = _unpack(tmp_path, tmp_path / "cut.msg").skipped
    assert "обрезан или поврежден" in skipped.reason and "ввода-вывода" not in skipped.reason
    assert skipped.code == "mail-unreadable"


def test_a_cp1251_outlook_subject_reads_right(tmp_path):
    """A real ANSI .msg, its subject in Windows-1251 and PR_MESSAGE_CODEPAGE gone, PR_INTERNET_CPID 1251."""
    data = (REAL / "msgreader" / "EmailWithSpecialCharsInSubject.msg").read_bytes()
    subject = "Un sujet bien défini Àéroport mañana être ouïe électricité così próxima à Ô".encode("cp1252")
    russian = "Отчет за II квартал — Вязьма".encode("cp1251")
    data = data.replace(subject, russian.ljust(len(subject))).replace(b"\x03\x00\xfd\x3f", b"\x03\x00\xfc\x3f")
    at = data.index(b"\x03\x00\xde\x3f")  # tag, flags, then the value
    data = data[: at + 8] + (1251).to_bytes(4, "little") + data[at + 12:]
    (tmp_path / "ru.msg").write_bytes(data)
    [message] = _unpack(tmp_path, tmp_path / "ru.msg").no_form
    assert message.subject == "Отчет за II квартал — Вязьма"


# --- Maildir --------------------------------------------------------------------------------

def test_maildir_plus_plus_sub_folders_are_read_and_dot_files_named(tmp_path, run):
    box = tmp_path / "Maildir"
    shutil.copytree(REAL / "maildir-crate" / "maildir", box)
    (box / "tmp").mkdir(exist_ok=True)
    real = (REAL / "maildir-crate" / "maildir" / "new" / "1463941010.5f7fa6dd4922c183dc457d033deee9d7").read_bytes()
    for folder, sample in ((".Отчеты", "Шумячи.xlsx"), (".My Folder.Nested", "Починок.xlsx")):
        for sub in ("cur", "new", "tmp"):
            (box / folder / sub).mkdir(parents=True)
        (box / folder / "cur" / "1751360000.M1P2.host").write_bytes(graft(real, sample, _sample(sample)))
    data = run("validate", box, "--format", "json").json()
    shown = {f["source"]["attachment"]: f["source"]["message"] for f in data["forms"]}
    assert set(shown) == {"Шумячи.xlsx", "Починок.xlsx"}
    assert "Maildir › Отчеты (письмо" in shown["Шумячи.xlsx"]
    assert "Maildir › My Folder/Nested (письмо" in shown["Починок.xlsx"]
    dots = [s for s in data["skipped"] if ".dotfiles_should_be_ignored" in s["file"]]
    assert len(dots) == 2 and all("служебный файл" in s["reason"] for s in dots)
    assert len(data["messages_without_form"]) == 2  # the two real messages of the Maildir itself, no more


# --- attachments ----------------------------------------------------------------------------

def test_attached_pictures_are_named(tmp_path):
    # An Outlook message with two photos (one shown in the text, 49 KB: no signature's logo) and a nameless PNG.
    outlook = _unpack(tmp_path, REAL / "msgreader" / "EmailWithAttachments.msg").no_form
    assert [m.attachments for m in outlook] == [("peterpan.jpg", "tinkerbell.jpg")]
    nameless = _unpack(tmp_path, REAL / "mail-parser" / "mail_test_14").no_form
    assert [m.attachments for m in nameless] == [("вложение.png",)]
    assert "изображение (скан или фото)" in " ".join(nameless[0].notes)


@pytest.mark.parametrize("ctype", ["application/vnd.ms-excel", "application/x-excel", "application/octet-stream"])
def test_a_nameless_excel_part_is_read_by_its_bytes(tmp_path, ctype):
    raw = graft((REAL / "mail-parser" / "mail_test_3").read_bytes(), "x.xlsx", _sample(), ctype=ctype, named=False)
    assert b"x.xlsx" not in raw
    (tmp_path / "m.eml").write_bytes(raw)
    result = _unpack(tmp_path, tmp_path / "m.eml")
    assert [f.source.attachment for f in result.forms] == ["вложение.xlsx"]
    from reportgen.read.sniff import identify

    assert identify(result.forms[0].path).format == "xlsx"


# --- addresses ------------------------------------------------------------------------------

def _letter_to(run, folder: Path, out: Path, municipality: str) -> str:
    assert run("letters", folder, "-o", out, "--confirm").code in (0, 1)
    [letter] = [p for p in out.glob(f"{municipality} — *.eml")]
    return _to(letter.read_bytes())


def test_reply_to_is_used_and_a_display_name_never_becomes_the_address(tmp_path, run):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "m.eml").write_bytes(graft((REAL / "mail-parser" / "mail_test_19").read_bytes(), "Шумячи.xlsx", _sample()))
    [form] = run("validate", folder, "--format", "json").json()["forms"]
    assert form["source"]["from"] == "alice@example.com <bob@example.com>"
    assert _letter_to(run, folder, tmp_path / "out", "Шумячский") == "ivan@example.com"


def test_an_address_inside_one_encoded_word_is_recovered(tmp_path, run):
    real = (REAL / "mail-parser" / "mail_test_16").read_bytes()
    word = "=?utf-8?b?" + base64.b64encode("Администрация Шумячи <shumyachi@adm.example>".encode()).decode() + "?="
    real = re.sub(rb"(?m)^From: .*$", b"From: " + word.encode(), real, count=1)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "m.eml").write_bytes(graft(real, "Шумячи.xlsx", _sample()))
    [form] = run("validate", folder, "--format", "json").json()["forms"]
    assert form["source"]["from"] == "Администрация Шумячи <shumyachi@adm.example>"
    assert _letter_to(run, folder, tmp_path / "out", "Шумячский") == "shumyachi@adm.example"
    # mail_test_17: the whole From is one word holding a bare address; Reply-To is elsewhere
    (folder / "m.eml").write_bytes(graft((REAL / "mail-parser" / "mail_test_17").read_bytes(), "Шумячи.xlsx", _sample()))
    assert _letter_to(run, folder, tmp_path / "out2", "Шумячский") == "info@alejandrosalcedo.es"


@pytest.mark.parametrize("address", ["jdöe@mächine.example", "отчет@админ-шумячи.рф"])
def test_international_addresses_are_written_in_utf8_in_drafts(tmp_path, run, address):
    real = (REAL / "mail-parser" / "mail_test_16").read_bytes()
    real = re.sub(rb"(?m)^From: .*$", b"From: " + address.encode(), real, count=1)  # RFC 6532: raw UTF-8
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "m.eml").write_bytes(graft(real, "Шумячи.xlsx", _sample()))
    to = _letter_to(run, folder, tmp_path / "out", "Шумячский")
    assert to == address and "=?" not in to


def test_a_look_alike_display_name_is_not_the_contact(tmp_path, run):
    import openpyxl

    contacts = tmp_path / "контакты.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Муниципальное образование", "Контактное лицо", "Электронная почта"])
    wb.active.append(["Шумячский район", "Петрова Анна Ивановна", "adm@shumyachi.example"])
    wb.save(contacts)
    real = (REAL / "mail-parser" / "mail_test_19").read_bytes()
    real = real.replace(b"alice@example.com <bob@example.com>", b"adm@shumyachi.example <bob@example.com>")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "m.eml").write_bytes(graft(real, "Шумячи.xlsx", _sample()))
    data = run("validate", folder, "--contacts", contacts, "--format", "json").json()
    assert [d["code"] for d in data["diagnostics"] if d["code"] == "sender-unknown"] == ["sender-unknown"]
    assert any("bob@example.com" in lo.get("sender", "") + lo.get("why", "") for lo in data["left_out"])


# --- the invariant on every real message ----------------------------------------------------

def test_grafted_real_messages_every_form_once_every_reply_to_its_mailbox(tmp_path, run):
    batches = write_batches(tmp_path / "graft")
    grafted = sum(len(b.forms) for b in batches)
    assert grafted >= 50
    for batch in batches:
        before = {p: p.read_bytes() for p in batch.root.rglob("*") if p.is_file()}
        data = run("validate", batch.root, "--format", "json").json()
        # Every form read exactly once, from the message it was put into, nothing else read as a form.
        read = sorted(f["source"]["attachment"] for f in data["forms"])
        assert read == sorted(batch.forms), batch.root
        assert not data["superseded"]
        for form in data["forms"]:
            real = batch.forms[form["source"]["attachment"]]
            assert form["source"]["from"].rpartition("<")[2].rstrip(">") == real.expected()[0], real.origin
        # Every message is accounted for: each holds a form, so none is without one, none is lost.
        assert len({f["source"]["message"] for f in data["forms"]}) == len(batch.forms)
        assert not data["messages_without_form"]
        # Every other attachment is named.
        for skipped in data["skipped"]:
            assert skipped["reason"], skipped
        # Every letter to the mailbox the message asked replies to go to.
        out = tmp_path / f"letters-{batch.root.name}"
        assert run("letters", batch.root, "-o", out, "--confirm").code in (0, 1)
        owners = {f["municipality"]: batch.forms[f["source"]["attachment"]] for f in data["forms"]}
        for short, real in owners.items():
            [letter] = [p for p in out.glob(f"{short} — *.eml") if "напоминание" not in p.name]
            assert _to(letter.read_bytes()) == real.expected()[1], (real.origin, letter.name)
        assert {p: p.read_bytes() for p in batch.root.rglob("*") if p.is_file()} == before  # inputs untouched
