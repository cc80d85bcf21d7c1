"""Provenance (issue 19, item 1): who sent a form, and when, decides whether it may replace another."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import openpyxl
import pytest

from books import EVENTS, book, canonical
from docx_text import read_report
from mailgen import MSK, attachment_part, message, with_saved_time

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "samples" / "q2" / "Вязьма_2кв.xlsx"
CONTACT = "Администрация Вязьмы <vyazma@mo.example>"


def _form(path: Path, event: str, saved: dt.datetime, period: str = "II квартал 2025 года") -> bytes:
    row = [*EVENTS[0][:1], event, *EVENTS[0][2:]]
    book(path, ("Мероприятия", canonical(row, municipality="Вяземский", period=period)))
    return with_saved_time(path.read_bytes(), saved)


def _mail(folder: Path, name: str, sender: str, date: dt.datetime, attachment: str, data: bytes,
          received: dt.datetime | None = None, message_id: str | None = None) -> Path:
    raw = message(sender, "Отчет за II квартал", date, [attachment_part(attachment, data, "rfc2231")],
                  message_id=message_id)
    if received is not None:  # the coordinator's server writes its line on top
        raw = f"Received: from mx.mo.example by mail.region.example; {received:%a, %d %b %Y %H:%M:%S %z}\r\n".encode() + raw
    path = folder / name
    path.write_bytes(raw)
    return path


def _events(run, inbox: Path, tmp_path: Path, *extra) -> list[str]:
    """The event names of the report built from `inbox` (through its JSON table)."""
    out = tmp_path / f"r{len(list(tmp_path.glob('r*.docx')))}.docx"
    result = run("build", inbox, "-o", out, "--json", out.with_suffix(".json"), "--force", *extra)
    assert result.code == 0, result.out + result.err
    import json

    table = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    rows = table["events"] if isinstance(table, dict) else table
    return [" ".join(str(v) for v in (r.values() if isinstance(r, dict) else r)) for r in rows]


def _contacts(path: Path, *rows: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Электронная почта", "Контактное лицо", "Принимать формы также с адресов"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


REAL_SAVED = dt.datetime(2025, 7, 10, 9, 0, tzinfo=MSK)


@pytest.mark.parametrize("outsider_saved", [dt.datetime(2025, 7, 11, 9, 0, tzinfo=MSK),
                                            dt.datetime(2030, 1, 1, 9, 0, tzinfo=MSK)])
def test_a_message_dated_2030_replaces_nothing_and_a_later_correction_wins(outsider_saved, run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    real = _form(tmp_path / "real.xlsx", "Подлинное мероприятие Вязьмы", REAL_SAVED)
    fake = _form(tmp_path / "fake.xlsx", "Подложное мероприятие", outsider_saved)
    _mail(inbox, "01 real.eml", CONTACT, dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK), "Вязьма_2кв.xlsx", real)
    _mail(inbox, "02 outsider.eml", "Кто-то <x@evil.example>", dt.datetime(2030, 1, 1, 9, 0, tzinfo=MSK),
          "Вязьма_2кв.xlsm", fake)
    data = run("validate", inbox, "--format", "json").json()
    [used] = [f for f in data["forms"] if f["municipality"] == "Вяземский"]
    assert used["file"].endswith("Вязьма_2кв.xlsx")
    [lost] = data["superseded"]
    assert lost["file"].endswith("Вязьма_2кв.xlsm") and lost["by"] == used["file"]
    [note] = [d for d in data["diagnostics"] if d["code"] == "form-superseded"]
    assert "дата письма 01.01.2030 09:00 — в будущем" in note["message"]
    [future] = [d for d in data["diagnostics"] if d["code"] == "message-date-future"]
    assert future["severity"] == "warning" and future["file"] == lost["file"]
    events = _events(run, inbox, tmp_path)
    assert any("Подлинное" in e for e in events) and not any("Подложное" in e for e in events)

    # A genuine correction from the contact, two days later, replaces the real form; the 2030 one still loses.
    fixed = _form(tmp_path / "fixed.xlsx", "Исправленное мероприятие Вязьмы", REAL_SAVED + dt.timedelta(days=2))
    _mail(inbox, "03 fixed.eml", CONTACT, dt.datetime(2025, 7, 12, 10, 0, tzinfo=MSK), "Вязьма_2кв испр.xlsx", fixed)
    data = run("validate", inbox, "--format", "json").json()
    [used] = [f for f in data["forms"] if f["municipality"] == "Вяземский"]
    assert used["file"].endswith("Вязьма_2кв испр.xlsx")
    assert sorted(r["file"].rpartition(" › ")[2] for r in data["superseded"]) == ["Вязьма_2кв.xlsm", "Вязьма_2кв.xlsx"]
    events = _events(run, inbox, tmp_path)
    assert any("Исправленное" in e for e in events)
    assert not any("Подложное" in e or "Подлинное" in e for e in events)


def test_a_date_far_from_the_arrival_is_named_and_never_wins(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    real = _form(tmp_path / "real.xlsx", "Подлинное мероприятие Вязьмы", REAL_SAVED)
    late = _form(tmp_path / "late.xlsx", "Мероприятие из письма с поздней датой", REAL_SAVED + dt.timedelta(days=5))
    arrived = dt.datetime(2025, 7, 10, 10, 5, tzinfo=MSK)
    _mail(inbox, "01 real.eml", CONTACT, dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK), "Вязьма.xlsx", real,
          received=arrived)
    # Arrived before the real one, dated ten days after its arrival (still in the past): the Date is the sender's word.
    _mail(inbox, "02 late.eml", CONTACT, dt.datetime(2025, 7, 19, 10, 0, tzinfo=MSK), "Вязьма поздняя.xlsx", late,
          received=dt.datetime(2025, 7, 9, 10, 0, tzinfo=MSK))
    data = run("validate", inbox, "--format", "json").json()
    [used] = [f for f in data["forms"] if f["municipality"] == "Вяземский"]
    assert used["file"].endswith("Вязьма.xlsx")
    [note] = [d for d in data["diagnostics"] if d["code"] == "form-superseded"]
    assert "дата письма 19.07.2025 10:00 позже, чем оно пришло (09.07.2025 10:00)" in note["message"]
    # Alone, the form is used, and its date is named.
    (inbox / "01 real.eml").unlink()
    data = run("validate", inbox, "--format", "json").json()
    [far] = [d for d in data["diagnostics"] if d["code"] == "message-date-far"]
    assert far["file"].endswith("Вязьма поздняя.xlsx") and far["severity"] == "warning"


def test_the_mbox_from_line_dates_the_arrival(tmp_path):
    from reportgen.read.mail import unpack

    data = _form(tmp_path / "f.xlsx", "Мероприятие", REAL_SAVED)
    raw = message(CONTACT, "Отчет", dt.datetime(2030, 1, 1, 9, 0, tzinfo=MSK), [attachment_part("Вязьма.xlsx", data, "rfc2231")])
    box = tmp_path / "Inbox"
    box.write_bytes(b"From - Thu Jul 10 10:00:00 2025\n" + raw.replace(b"\r\n", b"\n") + b"\n")
    (out := tmp_path / "out").mkdir()
    [form] = unpack([(str(box), "Inbox")], str(out)).forms
    assert form.source.arrived == dt.datetime(2025, 7, 10, 10, 0, tzinfo=dt.timezone.utc)


def test_a_form_from_an_address_not_the_contacts_is_named_and_replaces_nothing(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    real = _form(tmp_path / "real.xlsx", "Подлинное мероприятие Вязьмы", REAL_SAVED)
    fake = _form(tmp_path / "fake.xlsx", "Подложное мероприятие", REAL_SAVED + dt.timedelta(days=1))
    _mail(inbox, "01 real.eml", CONTACT, dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK), "Вязьма_2кв.xlsx", real)
    _mail(inbox, "02 outsider.eml", "Администрация Вязьмы <vyazma@evil.example>",
          dt.datetime(2025, 7, 11, 10, 0, tzinfo=MSK), "Вязьма_2кв.xlsm", fake, message_id="<evil@evil.example>")
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example", "Сидоров П. П."])
    data = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    [used] = [f for f in data["forms"] if f["municipality"] == "Вяземский"]
    assert used["file"].endswith("Вязьма_2кв.xlsx") and data["superseded"] == []
    [warning] = [d for d in data["diagnostics"] if d["code"] == "sender-unknown"]
    assert warning["severity"] == "warning" and warning["file"].endswith("Вязьма_2кв.xlsm")
    assert "vyazma@evil.example" in warning["message"] and "Принимать формы также с адресов" in warning["hint"]
    [left] = data["left_out"]
    assert left["sender"] == "vyazma@evil.example" and left["municipality"] == "Вяземский"
    status = run("status", inbox, "--contacts", contacts, "--format", "json").json()
    [line] = [m for m in status["municipalities"] if m["name"] == "Вяземский"]
    assert line["files"] == [used["file"]] and any("vyazma@evil.example" in n for n in line["notes"])
    events = _events(run, inbox, tmp_path, "--contacts", contacts)
    assert any("Подлинное" in e for e in events) and not any("Подложное" in e for e in events)
    # Without contacts nothing tells the sender apart: the newer form is used, as before.
    events = _events(run, inbox, tmp_path)
    assert any("Подложное" in e for e in events)


def test_the_only_form_from_elsewhere_is_left_out_the_contact_asked_and_an_accepted_one_used(run, tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "письма"
    inbox.mkdir()
    fake = _form(tmp_path / "fake.xlsx", "Мероприятие с чужого адреса", REAL_SAVED,
                 period="I квартал 2025 года")  # another quarter: an error, so a return letter is due once accepted
    _mail(inbox, "outsider.eml", "Иванов <ivanov@gmail.example>", dt.datetime(2025, 7, 11, 10, 0, tzinfo=MSK),
          "Вязьма_2кв.xlsm", fake, message_id="<out@gmail.example>")
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example", "Сидоров П. П."])
    status = run("status", inbox, "--contacts", contacts, "--period", "2025-Q2", "--format", "json").json()
    [line] = [m for m in status["municipalities"] if m["name"] == "Вяземский"]
    assert line["state"] == "left-out" and any("ivanov@gmail.example" in n for n in line["notes"])
    assert run("letters", inbox, "-o", out, "--contacts", contacts, "--period", "2025-Q2").code == 0
    msg = email.message_from_bytes((out / "Вяземский — напоминание.eml").read_bytes(), policy=email.policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert [a.addr_spec for a in msg["To"].addresses] == ["vyazma@mo.example"]
    assert msg["In-Reply-To"] is None and "Re:" not in msg["Subject"]
    assert "пришла с адреса ivanov@gmail.example, который не указан как ваш контактный" in body
    assert [a.get_filename() for a in msg.iter_attachments()] == ["Форма_Вяземский_2025-Q2.xlsx"]  # not theirs back

    # Accepted in the contacts table: the form is used; the letter still goes to the contact, and says where it came from.
    contacts = _contacts(tmp_path / "контакты.xlsx",
                         ["Вяземский", "vyazma@mo.example", "Сидоров П. П.", "ivanov@gmail.example"])
    status = run("status", inbox, "--contacts", contacts, "--period", "2025-Q2", "--format", "json").json()
    [line] = [m for m in status["municipalities"] if m["name"] == "Вяземский"]
    assert line["state"] == "errors" and len(line["files"]) == 1
    assert run("letters", inbox, "-o", out, "--contacts", contacts, "--period", "2025-Q2").code == 0
    msg = email.message_from_bytes((out / "Вяземский — замечания.eml").read_bytes(), policy=email.policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert [a.addr_spec for a in msg["To"].addresses] == ["vyazma@mo.example"]
    assert msg["In-Reply-To"] is None and msg["References"] is None and "Re:" not in msg["Subject"]
    assert "Форма пришла с адреса ivanov@gmail.example, который не указан как ваш контактный" in body
    assert "Вязьма_2кв.xlsm" not in body  # the other sender's attachment name is not quoted as theirs


def test_files_on_disk_have_no_sender_and_are_used_as_before(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "Вязьма.xlsx").write_bytes(_form(tmp_path / "f.xlsx", "Мероприятие с диска", REAL_SAVED))
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example, старый адрес old@mo.example не писать"])
    data = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert [f["municipality"] for f in data["forms"]] == ["Вяземский"] and data["left_out"] == []
    assert not [d for d in data["diagnostics"] if d["code"] == "sender-unknown"]
    # The rest of a contacts cell is named, with its cell, by every command that reads the contacts.
    for command in ("validate", "status"):
        result = run(command, inbox, "--contacts", contacts)
        assert "строка 2, ячейка B2: письма пойдут только на первый адрес vyazma@mo.example; " \
               "не использованы: old@mo.example" in result.out, result.out


def test_a_conflict_names_another_municipality_by_its_facts_not_its_words(run, tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "письма"
    inbox.mkdir()
    name = "Фестиваль «Славянское единство»"
    ours = ["1.", name, "г. Вязьма", "12 апреля 2025 года", "Обмен опытом", "40 человек"]
    theirs = ["1.", name, "Звоните 8-800-000 и переведите оплату", "14 апреля 2025 года", "Обмен опытом", "10 человек"]
    book(inbox / "Вязьма.xlsx", ("Мероприятия", canonical(ours, municipality="Вяземский")))
    book(inbox / "Гагарин.xlsx", ("Мероприятия", canonical(theirs, municipality="Гагаринский")))
    data = run("validate", inbox, "--format", "json").json()
    [conflict] = [d for d in data["diagnostics"] if d["code"] == "event-conflict" and d["file"].endswith("Вязьма.xlsx")]
    assert "Гагаринский (строка 6) — 14 апреля 2025 года, место указано иначе" in conflict["message"]
    assert "переведите" not in conflict["message"]
    assert run("letters", inbox, "-o", out, "--period", "2025-Q2").code == 0
    body = email.message_from_bytes((out / "Вяземский — замечания.eml").read_bytes(),
                                    policy=email.policy.default).get_body(("plain",)).get_content()
    assert "Гагаринский (строка 6)" in body and "переведите" not in body and "8-800" not in body


def test_the_contact_forwarding_a_clerks_form_vouches_for_it(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    data = _form(tmp_path / "f.xlsx", "Мероприятие от специалиста", REAL_SAVED)
    date = dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK)
    inner = message("Специалист <clerk@mo.example>", "Отчет", date, [attachment_part("Вязьма.xlsx", data, "rfc2231")])
    part = f"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner.decode('utf-8')}"
    (inbox / "fwd.eml").write_bytes(message(CONTACT, "Fwd: Отчет", date + dt.timedelta(hours=1), [part]))
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example"])
    found = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert [f["municipality"] for f in found["forms"]] == ["Вяземский"] and found["left_out"] == []
    # Forwarded by someone else, the clerk's form is not the contact's.
    (inbox / "fwd.eml").write_bytes(message("Другой <other@mo.example>", "Fwd: Отчет", date + dt.timedelta(hours=1), [part]))
    found = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert [lo["sender"] for lo in found["left_out"]] == ["other@mo.example"]  # who delivered it, not the clerk


def test_a_forwarded_message_in_the_contacts_name_vouches_for_nothing(run, tmp_path):
    """A forwarder writes the From inside what it forwards: only who delivered the message counts."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    real = _form(tmp_path / "real.xlsx", "Подлинное мероприятие Вязьмы", REAL_SAVED)
    fake = _form(tmp_path / "fake.xlsx", "Подделка через пересылку", REAL_SAVED)
    date = dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK)
    _mail(inbox, "01 real.eml", CONTACT, date, "Вязьма.xlsx", real)
    inner = message(CONTACT, "Отчет", date + dt.timedelta(days=1), [attachment_part("Вязьма.xlsx", fake, "rfc2231")])
    part = f"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner.decode('utf-8')}"
    (inbox / "02 fwd.eml").write_bytes(message("Кто-то <hacker@evil.example>", "Fwd: Отчет",
                                               date + dt.timedelta(days=1, hours=1), [part]))
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example"])
    found = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert [lo["sender"] for lo in found["left_out"]] == ["hacker@evil.example"]
    kept = [f for f in found["forms"] if f["municipality"] == "Вяземский"]
    assert [f["source"]["message"].endswith("01 real.eml") for f in kept] == [True]
    out = tmp_path / "r.docx"
    assert run("build", inbox, "--contacts", contacts, "--period", "2025-Q2", "-o", out).code in (0, 1)
    names = [row[1] for row in read_report(out)[1] if len(row) > 1]
    assert "Подлинное мероприятие Вязьмы" in names and not any("Подделка" in n for n in names)


def test_a_back_dated_copy_from_elsewhere_does_not_displace_the_contacts_form(run, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    real = _form(tmp_path / "real.xlsx", "Подлинное мероприятие Вязьмы", REAL_SAVED)
    _mail(inbox, "01 real.eml", CONTACT, dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK), "Вязьма.xlsx", real)
    # The same bytes, dated earlier: read once, as the earliest copy, but the contact sent it too.
    _mail(inbox, "02 copy.eml", "Кто-то <x@evil.example>", dt.datetime(2025, 7, 1, 10, 0, tzinfo=MSK), "Вязьма.xlsx", real)
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", "vyazma@mo.example"])
    data = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert [f["municipality"] for f in data["forms"]] == ["Вяземский"] and data["left_out"] == []
    assert [s["reason"][:14] for s in data["skipped"]] == ["тот же файл, ч"]


@pytest.mark.parametrize("typed, arrives", [("otchet@вязьма.рф", "idna"), ("otchet@{idna}", "cyrillic")])
def test_an_idna_domain_and_its_cyrillic_spelling_are_one_address(run, tmp_path, typed, arrives):
    """Without SMTPUTF8 the message carries the domain as xn--…; the coordinator types it in Cyrillic, or the reverse."""
    idna = "вязьма.рф".encode("idna").decode("ascii")
    sender = f"otchet@{idna}" if arrives == "idna" else "otchet@ВЯЗЬМА.рф"
    inbox = tmp_path / "in"
    inbox.mkdir()
    _mail(inbox, "01.eml", f"Вязьма <{sender}>", dt.datetime(2025, 7, 10, 10, 0, tzinfo=MSK), "Вязьма.xlsx",
          _form(tmp_path / "f.xlsx", "Мероприятие Вязьмы", REAL_SAVED))
    contacts = _contacts(tmp_path / "контакты.xlsx", ["Вяземский", typed.format(idna=idna)])
    found = run("validate", inbox, "--format", "json", "--contacts", contacts).json()
    assert found["left_out"] == [] and [f["municipality"] for f in found["forms"]] == ["Вяземский"]


def test_a_file_named_for_another_municipality_is_said_and_shown_replacing(run, tmp_path):
    """The field decides, but a form that stands in for another's never does so unseen."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, event, saved in (("Смоленск_2кв.xlsx", EVENTS[0], REAL_SAVED),
                               ("Вязьма_подделка.xlsx", EVENTS[1], REAL_SAVED + dt.timedelta(days=1))):
        book(inbox / name, ("Мероприятия", canonical(event, municipality="город Смоленск")))
        (inbox / name).write_bytes(with_saved_time((inbox / name).read_bytes(), saved))
    found = run("validate", inbox, "--format", "json").json()
    said = [(d["file"].rsplit("/", 1)[-1], d["code"]) for d in found["diagnostics"]
            if d["code"] in ("municipality-name-differs", "form-superseded")]
    assert sorted(said) == [("Вязьма_подделка.xlsx", "municipality-name-differs"),
                            ("Смоленск_2кв.xlsx", "form-superseded")]
    built = run("build", inbox, "-o", tmp_path / "r.docx")
    assert built.code == 0
    assert "Заменена более новой: Смоленск_2кв.xlsx (Смоленск, 1 мероприятие) → Вязьма_подделка.xlsx" in built.out
