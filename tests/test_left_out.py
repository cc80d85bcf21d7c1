"""Issue 18, items 2, 3, 5: forms left out on purpose, every file has an owner, which copy is newer."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import re
from pathlib import Path

import openpyxl
import pytest

from books import EVENT, EVENTS, book, canonical
from mailgen import MSK, attachment_part, message, recorded_time, with_saved_time
from reportgen.api import build_report, check_paths
from reportgen.model import LeftOut


def _encrypted(path: Path) -> Path:
    """What Excel writes for a password-protected workbook: an OLE file with the encryption streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entries = b"".join(s.encode("utf-16-le").ljust(64, b"\0") + bytes(64)
                       for s in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    path.write_bytes(header + entries.ljust(4096, b"\0"))
    return path


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _letters(folder: Path) -> dict[str, email.message.EmailMessage]:
    return {p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))}


def _mbox(path: Path, *messages: bytes) -> Path:
    with open(path, "wb") as f:  # Thunderbird's folder: an mbox without extension
        for raw in messages:
            f.write(b"From - Tue Jul  8 10:00:00 2025\n" + raw.replace(b"\r\n", b"\n") + b"\n\n")
    return path


# --- item 2: leave a form out ----------------------------------------------------------------------

def test_without_a_municipality_builds_the_rest_and_names_it_everywhere(run, samples, tmp_path):
    before = _fingerprint(samples)
    # Десногорск's form holds the one row error of the reference forms: without it no --force is needed.
    assert run("build", samples, "-o", tmp_path / "all.docx").code == 1
    result = run("build", samples, "--without", "г. Десногорск", "-o", tmp_path / "r.docx")
    assert result.code == 0, result.out
    assert re.search(r"Не включено: \S*desnogorsk\.xlsx \(Десногорск\) — исключена по --without «г\. Десногорск»",
                     result.out)
    assert "79 мероприятий" in result.out  # 97 less Десногорск's 18
    status = run("status", samples, "--without", "Десногорск", "--format", "json").json()
    line = next(m for m in status["municipalities"] if m["name"] == "Десногорск")
    assert line["state"] == "left-out" and "исключена по --without «Десногорск»" in line["notes"][0]
    [left] = status["left_out"]
    assert left["municipality"] == "Десногорск" and left["what"].endswith("desnogorsk.xlsx")
    assert status["received"] == 14 and "не включено по выбору координатора 1" in status["summary"]
    text = run("status", samples, "--without", "Десногорск").out
    row = next(line for line in text.splitlines() if line.startswith("│ Десногорск"))
    assert "не включена" in row
    # The report's closing list names it as left out (who, not the option), and not as «sent nothing».
    closing = run("build", samples, "--without", "Десногорск", "--closing", "-o", tmp_path / "c.docx",
                  "--json", tmp_path / "c.json")
    assert closing.code == 0, closing.out
    lists = dict((entry["heading"], entry["lines"]) for entry in
                 __import__("json").loads((tmp_path / "c.json").read_text(encoding="utf-8"))["closing"]["lists"])
    assert lists["Информация не включена:"] == ["Город Десногорск"]
    assert not any("Десногорск" in line for lines in lists.values() for line in lines if line != "Город Десногорск")
    assert _fingerprint(samples) == before  # nothing in the inbox deleted or moved


def test_without_a_file_or_a_message_subject_and_what_the_report_gets(samples, tmp_path, run):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "m.eml").write_bytes(message(
        "Десногорск <d@mo.example>", "Отчет Десногорск", dt.datetime(2025, 7, 2, tzinfo=MSK),
        [attachment_part("Десногорск.xlsx", (samples / "desnogorsk.xlsx").read_bytes(), "rfc2047")]))
    (inbox / "Рудня.xlsx").write_bytes((samples / "Отчет Рудня.xlsx").read_bytes())
    by_subject = check_paths([str(inbox)], without=["отчет  десногорск"])  # as typed: case and spaces do not matter
    assert [lo.municipality for lo in by_subject.left_out] == ["Десногорск"]
    assert [s.municipality.short for s in by_subject.validation.submissions] == ["Руднянский"]
    by_file = check_paths([str(inbox)], without=[str(inbox / "Рудня.xlsx")])
    assert by_file.left_out == (LeftOut("Руднянский", str(inbox / "Рудня.xlsx"),
                                        f"исключена по --without «{inbox / 'Рудня.xlsx'}»"),)
    by_message = check_paths([str(inbox)], without=["m.eml"])
    assert [lo.municipality for lo in by_message.left_out] == ["Десногорск"]
    # The report's closing list gets (municipality, reason) once assemble takes it; the report itself has no Десногорск.
    report = build_report(by_message, force=True)
    assert [s.municipality for s in report.sections] == ["Руднянский"]


@pytest.mark.parametrize("value,near", [("Ярцевскйи", "«Ярцевский»"), ("Рудян.xlsx", "Рудня.xlsx")])
def test_an_unknown_without_is_a_usage_error_with_suggestions(value, near, run, samples, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "Рудня.xlsx").write_bytes((samples / "Отчет Рудня.xlsx").read_bytes())
    result = run("status", inbox, "--without", value)
    assert result.code == 2 and f"--without «{value}»" in result.err and near in result.err
    assert "Traceback" not in result.err


def test_skip_unreadable_leaves_out_what_a_file_error_blocks(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    _encrypted(inbox / "Починок.xlsx")
    book(inbox / "Гагарин.xlsx", ("Мероприятия", canonical(EVENTS[1], municipality="Гагаринский",
                                                            period="III квартал 2025 года")))
    refused = run("build", inbox, "--period", "2025-Q2", "--force", "-o", tmp_path / "r.docx")
    assert refused.code == 1 and "--skip-unreadable" in refused.out and "уберите их" not in refused.out
    result = run("build", inbox, "--period", "2025-Q2", "--skip-unreadable", "-o", tmp_path / "r.docx")
    assert result.code == 0, result.out
    assert re.search(r"Не включено: \S*Починок\.xlsx \(Починковский\) — не читается: Книга защищена паролем", result.out)
    assert re.search(r"Не включено: \S*Гагарин\.xlsx \(Гагаринский\) — не может войти в отчет: Форма за III квартал",
                     result.out)
    assert "1 мероприятие" in result.out
    data = run("validate", inbox, "--period", "2025-Q2", "--skip-unreadable", "--format", "json").json()
    assert sorted(lo["municipality"] for lo in data["left_out"]) == ["Гагаринский", "Починковский"]
    assert data["summary"]["errors"] == 0
    # Without --period one Q2 and one Q3 form have no majority: that is the run's error, no form is left out for it.
    checked = check_paths([str(inbox)], skip_unreadable=True)
    assert [lo.municipality for lo in checked.left_out] == ["Починковский"]
    assert {d.code for d in checked.validation.blocking(True)} == {"period-mismatch"}
    status = run("status", inbox, "--period", "2025-Q2", "--skip-unreadable", "--format", "json").json()
    states = {m["name"]: m for m in status["municipalities"]}
    assert states["Починковский"]["state"] == "left-out" and states["Вяземский"]["state"] == "ready"
    assert any("защищена паролем" in n for n in states["Починковский"]["notes"])


# --- item 3: every file has an owner ---------------------------------------------------------------

def test_an_unreadable_form_in_an_mbox_belongs_to_its_sender(run, tmp_path):
    inbox = tmp_path / "mail"
    inbox.mkdir()
    good = book(tmp_path / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    locked = _encrypted(tmp_path / "Починок_2кв.xlsx").read_bytes()
    _mbox(inbox / "Inbox",
          message("Вязьма <v@mo.example>", "Отчет Вязьма", dt.datetime(2025, 7, 1, 9, tzinfo=MSK),
                  [attachment_part("Вязьма.xlsx", good.read_bytes(), "rfc2231")]),
          message("Администрация Починковского округа <p@mo.example>", "Отчет Починок за II квартал",
                  dt.datetime(2025, 7, 2, 9, tzinfo=MSK), [attachment_part("Починок_2кв.xlsx", locked, "rfc2047")],
                  message_id="<pochinok-1@mo.example>"))
    status = run("status", inbox, "--format", "json").json()
    line = next(m for m in status["municipalities"] if m["name"] == "Починковский")
    assert line["state"] == "unreadable" and line["errors"] == 1
    [note] = line["notes"]
    assert "Починок_2кв.xlsx" in note and "защищена паролем" in note
    assert status["unattributed"] == []
    text = run("status", inbox).out
    row = next(line for line in text.splitlines() if line.startswith("│ Починковский"))
    assert "форма не читается" in row and "нет формы" not in row
    out = tmp_path / "письма"
    result = run("letters", inbox, "-o", out)
    assert result.code == 0, result.out
    letters = _letters(out)
    pochinok = [name for name in letters if "Починковский" in name]
    assert pochinok == ["Починковский — замечания.eml"]  # one letter: no reminder
    assert not [name for name in letters if "без муниципального образования" in name]
    msg = letters["Починковский — замечания.eml"]
    assert [a.addr_spec for a in msg["To"].addresses] == ["p@mo.example"]
    assert msg["In-Reply-To"] == "<pochinok-1@mo.example>" and msg["Subject"] == "Re: Отчет Починок за II квартал"
    body = msg.get_body(("plain",)).get_content()
    assert "«Починок_2кв.xlsx»" in body and "защищена паролем" in body and "Снимите пароль" in body
    assert "не получили" not in body and "Пришлите, пожалуйста, форму заново" in body


def test_the_contacts_tell_whose_file_it_is_when_nothing_else_does(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    locked = _encrypted(tmp_path / "report.xlsx").read_bytes()
    (inbox / "m.eml").write_bytes(message("Оператор <op123@mail.example>", "Отчет", dt.datetime(2025, 7, 2, tzinfo=MSK),
                                          [attachment_part("report.xlsx", locked, "rfc2231")]))
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    wb = openpyxl.Workbook()
    wb.active.append(["Муниципальное образование", "E-mail", "Контактное лицо"])
    wb.active.append(["Ярцевский", "op123@mail.example", "Петрова Анна Сергеевна"])
    wb.save(tmp_path / "контакты.xlsx")
    unknown = run("status", inbox, "--format", "json").json()
    assert len(unknown["unattributed"]) == 1  # nothing names its municipality: on no line
    result = run("letters", inbox, "-o", tmp_path / "out", "--contacts", tmp_path / "контакты.xlsx")
    assert result.code == 0, result.out
    letters = _letters(tmp_path / "out")
    assert "Ярцевский — замечания.eml" in letters and "Ярцевский — напоминание.eml" not in letters
    assert not [n for n in letters if "без муниципального" in n]
    assert [a.addr_spec for a in letters["Ярцевский — замечания.eml"]["To"].addresses] == ["op123@mail.example"]


def test_a_word_file_instead_of_the_form_is_on_its_municipality_line(run, tmp_path):
    import docx

    inbox = tmp_path / "in"
    inbox.mkdir()
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    d = docx.Document()
    d.add_paragraph("Отчет о мероприятиях")
    d.save(str(inbox / "Отчет Починок.docx"))
    status = run("status", inbox, "--format", "json").json()
    line = next(m for m in status["municipalities"] if m["name"] == "Починковский")
    assert line["state"] == "unreadable" and "Отчет Починок.docx" in line["notes"][0]
    assert status["received"] == 2
    result = run("letters", inbox, "-o", tmp_path / "out")
    letters = _letters(tmp_path / "out")
    msg = letters["Починковский — замечания.eml"]
    assert "Починковский — напоминание.eml" not in letters
    assert [a.get_filename() for a in msg.iter_attachments()] == [f"Форма_Починковский_{status['period']}.xlsx"]
    assert result.code == 0
    # In the report's closing list they sent something that could not be read: not «не представлена».
    built = run("build", inbox, "--closing", "-o", tmp_path / "r.docx", "--json", tmp_path / "r.json")
    assert built.code == 0, built.out
    lists = dict((entry["heading"], entry["lines"]) for entry in
                 __import__("json").loads((tmp_path / "r.json").read_text(encoding="utf-8"))["closing"]["lists"])
    assert [line for line in lists["Информация не включена:"] if "Починков" in line]
    assert not [line for line in lists["Информация не представлена:"] if "Починков" in line]


def test_a_form_with_a_misspelt_name_is_placed_by_its_latin_file_name(run, tmp_path):
    """A new user's trial: «Рославскький» in the field of roslavl.xlsx gave a reminder to Рославльский."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    book(inbox / "roslavl_3kv.xlsx", ("Мероприятия", canonical(EVENTS[1], municipality="Рославскький")))
    book(inbox / "otchet.xlsx", ("Мероприятия", canonical(EVENTS[2], municipality="Неизвестный")))
    status = run("status", inbox, "--format", "json").json()
    line = next(m for m in status["municipalities"] if m["name"] == "Рославльский")
    assert line["state"] == "errors" and line["errors"] == 1 and line["files"] == [str(inbox / "roslavl_3kv.xlsx")]
    assert "(по имени файла)" in line["notes"][0] and "«Рославскький»" in line["notes"][0]
    [other] = status["unattributed"]  # a Latin name that spells no municipality stays on no line
    assert other["file"].endswith("otchet.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["Муниципальное образование", "E-mail"])
    wb.active.append(["Рославльский", "roslavl@mo.example"])
    wb.save(tmp_path / "контакты.xlsx")
    result = run("letters", inbox, "-o", tmp_path / "out", "--contacts", tmp_path / "контакты.xlsx")
    assert result.code == 0, result.out
    letters = _letters(tmp_path / "out")
    assert "Рославльский — напоминание.eml" not in letters
    msg = letters["Рославльский — замечания.eml"]
    assert [a.addr_spec for a in msg["To"].addresses] == ["roslavl@mo.example"]
    body = msg.get_body(("plain",)).get_content()
    assert "«Рославскький»" in body and "«Рославльский»" in body
    assert [a.get_filename() for a in msg.iter_attachments()]  # the marked copy goes back


def test_a_letter_about_an_unreadable_file_speaks_to_its_sender(run, tmp_path):
    """«Попросите прислать форму заново» is the coordinator's advice; the sender reads what to do."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(EVENTS[0], municipality="Вяземский")))
    broken = book(tmp_path / "Дорогобуж.xlsx", ("Мероприятия", canonical(EVENTS[1], municipality="Дорогобужский")))
    (inbox / "Дорогобуж.xlsx").write_bytes(broken.read_bytes()[:-200])
    (inbox / "t.eml").write_bytes(message("Темкино <t@mo.example>", "Отчет", dt.datetime(2025, 7, 2, tzinfo=MSK),
                                          [attachment_part("Отчет Темкино.docx", b"PK\x03\x04 not really", "rfc2231")]))
    result = run("letters", inbox, "-o", tmp_path / "out")
    assert result.code == 0, result.out
    letters = _letters(tmp_path / "out")
    for name in ("Дорогобужский — замечания.eml", "Темкинский — замечания.eml"):
        body = letters[name].get_body(("plain",)).get_content()
        assert "опросите" not in body, body  # «Попросите …», «попросите …»: not to the one asked
        assert "Пришлите, пожалуйста, форму заново" in body
    body = letters["Дорогобужский — замечания.eml"].get_body(("plain",)).get_content()
    assert "«Дорогобуж.xlsx»" in body and "in/" not in body  # the file as they named it, not our folders


# --- item 5: which copy is newer -------------------------------------------------------------------

def test_mail_copies_newest_by_the_workbook_then_the_message(samples, tmp_path, run):
    """The corrected form was sent first by mistake and the old one after it: the workbooks' own times decide."""
    from mailgen import _spoiled

    inbox = tmp_path / "in"
    inbox.mkdir()
    right = (samples / "Рославль.xlsx").read_bytes()
    wrong = _spoiled(right, tmp_path)  # recorded two days before the corrected one
    (inbox / "a.eml").write_bytes(message("Рославль <r@mo.example>", "Отчет (исправленный)",
                                          dt.datetime(2025, 7, 1, tzinfo=MSK), [attachment_part("Рославль.xlsx", right, "rfc2231")]))
    (inbox / "b.eml").write_bytes(message("Рославль <r@mo.example>", "Отчет", dt.datetime(2025, 7, 5, tzinfo=MSK),
                                          [attachment_part("Рославль.xlsx", wrong, "rfc2231")]))
    data = run("validate", inbox, "--format", "json").json()
    [replaced] = data["superseded"]
    assert "b.eml" in replaced["file"] and replaced["time_source"] == "saved"
    # Recorded at the same time: the message date decides.
    (inbox / "b.eml").write_bytes(message("Рославль <r@mo.example>", "Отчет", dt.datetime(2025, 7, 5, tzinfo=MSK),
                                          [attachment_part("Рославль.xlsx", with_saved_time(wrong, recorded_time(right)),
                                                           "rfc2231")]))
    data = run("validate", inbox, "--format", "json").json()
    [replaced] = data["superseded"]
    assert "a.eml" in replaced["file"] and replaced["time_source"] == "message"
    note = next(d for d in data["diagnostics"] if d["code"] == "form-superseded")
    assert "от 01.07.2025 00:00" in note["message"] and "дата письма" in note["message"]


def test_recorded_save_of_ods_and_xls(samples, tmp_path, office):
    from reportgen.read.saved import recorded_save
    from reportgen.write.office import find_soffice
    import subprocess

    source = tmp_path / "Рославль.xlsx"
    source.write_bytes((samples / "Рославль.xlsx").read_bytes())
    for fmt in ("ods", "xls"):
        subprocess.run([find_soffice(), "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=180)
    want = recorded_time(source.read_bytes())
    assert recorded_save(source, "xlsx") == want
    for fmt in ("ods", "xls"):
        got = recorded_save(tmp_path / f"Рославль.{fmt}", fmt)
        assert got is not None and got.tzinfo is not None and abs(got - want) <= dt.timedelta(days=1), (fmt, got)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    assert recorded_save(broken, "xlsx") is None
