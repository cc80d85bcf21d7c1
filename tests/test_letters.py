"""`reportgen letters`: drafts parsed back with the email package, and sending to a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import socket
from pathlib import Path

import openpyxl
import pytest

from mailgen import Mailbox, make_mailbox
from reportgen.read.form import read_form


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory) -> Mailbox:
    return make_mailbox(tmp_path_factory.mktemp("quarter"), big=False)


def _letters(folder: Path) -> dict[str, email.message.EmailMessage]:
    return {p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))}


def test_drafts_for_every_municipality_that_needs_one(mailbox, run, tmp_path, kind):
    status = run("status", mailbox.root, "--format", "json").json()
    validation = run("validate", mailbox.root, "--format", "json").json()
    result = run("letters", mailbox.root, "-o", tmp_path / "письма", "--confirm", "--from", "Координатор <c@region.example>")
    assert result.code == 0, result.out + result.err
    letters = _letters(tmp_path / "письма")
    states = {m["name"]: m for m in status["municipalities"]}
    for name, line in states.items():
        findings = line["state"] != "missing" and (line["errors"] or line["warnings"])
        kind_word = "замечания" if findings or line["state"] == "unreadable" else {
            "missing": "напоминание"}.get(line["state"], "подтверждение")
        msg = letters.pop(f"{name} — {kind_word}.eml")
        assert msg["X-Unsent"] == "1" and msg["From"].addresses[0].addr_spec == "c@region.example"
        body = msg.get_body(("plain",)).get_content()
        files = [a.get_filename() for a in msg.iter_attachments()]
        assert "reportgen" not in body and " --" not in body, body  # a clerk is not told of commands
        if line["state"] == "unreadable":
            # A PDF sent instead of the form: one letter, to its sender, answering that message, saying what to send.
            [asked] = [m for m in validation["messages_without_form"] if name[:4] in m["from"]]
            assert msg["Subject"] == f"Re: {asked['subject']}" and msg["In-Reply-To"]
            assert [a.addr_spec for a in msg["To"].addresses] == [asked["from"].rpartition("<")[2].rstrip(">")]
            assert "не получили" not in body and "не удалось" in body and asked["attachments"][0] in body
            assert "Пришлите, пожалуйста, форму заново" in body and files == [f"Форма_{name}_2025-Q2.xlsx"]
            assert any(asked["attachments"][0] in note for note in line["notes"])
        elif line["state"] == "missing":
            assert files == [f"Форма_{name}_2025-Q2.xlsx"]
            asked = next((m for m in validation["messages_without_form"] if name[:4] in m["from"]), None)
            if asked is None:
                assert name in msg["Subject"] and "не получили" in body and msg["In-Reply-To"] is None
            else:  # they wrote without a form («Отчет будет 15 июля», a Word file): the reminder answers that
                assert msg["Subject"] == f"Re: {asked['subject']}" if asked["subject"] else name in msg["Subject"]
                assert msg["In-Reply-To"] and f"«{asked['subject'] or 'без темы'}»" in body and "формы отчета" in body
                assert [a.addr_spec for a in msg["To"].addresses] == [asked["from"].rpartition("<")[2].rstrip(">")]
        elif not findings:
            assert "принята" in body and files == [] and str(line["events"]) in body
        else:
            # Every error and warning of the form, with its sheet and cell; the marked copy attached.
            form = line["files"][0]
            findings = [d for d in validation["diagnostics"] if d["file"] == form and d["severity"] != "info"]
            assert f"найдено замечаний: {len(findings)}" in body
            for d in findings:
                assert (f"ячейка {d['cell']}" in body) if d["cell"] else True, d
                assert " ".join(d["message"].split()).rstrip(".")[:60] in body, d
            source = line["sources"][0]
            assert files == [source["attachment"].split(" › ")[-1].rsplit(".", 1)[0] + ".xlsx"]
            assert msg["Subject"] == f"Re: {source['subject']}"
            assert msg["In-Reply-To"] and msg["References"] == msg["In-Reply-To"]
            sender = source["from"].rpartition("<")[2].rstrip(">")
            assert [a.addr_spec for a in msg["To"].addresses] == [sender]
    assert letters == {}  # nobody got a letter twice, and nothing else was written


def test_reply_headers_name_the_message_the_form_came_in(samples, tmp_path, run):
    from mailgen import MSK, attachment_part, message
    import datetime as dt

    raw = message("Десногорск <d@mo.example>", "Отчет Десногорск", dt.datetime(2025, 7, 2, tzinfo=MSK),
                  [attachment_part("Десногорск.xlsx", (samples / "desnogorsk.xlsx").read_bytes(), "rfc2047")],
                  message_id="<form-42@mo.example>")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "m.eml").write_bytes(raw)
    assert run("letters", inbox, "-o", tmp_path / "out").code == 0
    msg = _letters(tmp_path / "out")["Десногорск — замечания.eml"]
    assert msg["In-Reply-To"] == "<form-42@mo.example>" and msg["Subject"] == "Re: Отчет Десногорск"
    # The marked copy is the form as sent, with the findings sheet first.
    [copy] = list(msg.iter_attachments())
    path = tmp_path / copy.get_filename()
    path.write_bytes(copy.get_content())
    assert openpyxl.load_workbook(path).sheetnames[0] == "Замечания"


def test_reminder_carries_a_blank_form_reportgen_reads_back(tmp_path, run, kind):
    inbox = tmp_path / "in"
    inbox.mkdir()
    assert run("letters", inbox, "-o", tmp_path / "out", "--period", "2025-Q3").code == 0
    letters = _letters(tmp_path / "out")
    assert len(letters) == len(list(kind.registry))
    msg = letters["Ярцевский — напоминание.eml"]
    [blank] = list(msg.iter_attachments())
    path = tmp_path / blank.get_filename()
    path.write_bytes(blank.get_content())
    form = read_form(path, kind, path.name)
    assert "Ярцев" in form.fields["municipality"].text and "III квартал 2025" in form.fields["period"].text


def test_contacts_override_and_missing_addresses_are_named(mailbox, tmp_path, run):
    contacts = tmp_path / "контакты.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    # The mailbox's forms come from adm<N>@: the coordinator accepts those addresses in their own column.
    ws.append(["Муниципальное образование", "Контактное лицо", "Электронная почта", "Принимать формы также с адресов"])
    ws.append(["Ярцевский район", "Петрова Анна Ивановна", "yartsevo@mo.example; старый zam@mo.example не писать"])
    ws.append(["Вязьма", "Сидоров П. П.", "vyazma@mo.example", "adm1@mo.example"])
    ws.append(["Велиж", "Иван Петрович Соколов", "velizh@mo.example", "ADM14@mo.example"])
    ws.append(["Рудня", "Иванов И.И.", "rudnya@mo.example", "adm6@mo.example"])
    ws.append(["Атлантида", "—", "a@b.example"])
    ws.append(["Вяземский р-н", "", "zam-vyazma@mo.example"])  # a second row for one municipality: both written to
    wb.save(contacts)
    result = run("letters", mailbox.root, "-o", tmp_path / "out", "--contacts", contacts, "--confirm")
    assert result.code == 0, result.err
    letters = _letters(tmp_path / "out")
    yar = letters["Ярцевский — напоминание.eml"]
    # Only a cell's first address is written to; the rest is named with its cell.
    assert [a.addr_spec for a in yar["To"].addresses] == ["yartsevo@mo.example"]
    assert "строка 2, ячейка C2: письма пойдут только на первый адрес yartsevo@mo.example; не использованы: " \
           "zam@mo.example" in result.out
    # By name and patronymic when the contacts give them, in either order; initials only: as written.
    assert yar.get_body(("plain",)).get_content().startswith("Уважаемая Анна Ивановна!\n")
    velizh = next(m for n, m in letters.items() if n.startswith("Велижский"))
    assert velizh.get_body(("plain",)).get_content().startswith("Уважаемый Иван Петрович!\n")
    rudnya = next(m for n, m in letters.items() if n.startswith("Руднянский"))
    assert rudnya.get_body(("plain",)).get_content().startswith("Добрый день, Иванов И.И.!\n")
    vya = letters["Вяземский — замечания.eml"]
    assert vya.get_body(("plain",)).get_content().startswith("Добрый день, Сидоров П. П.!\n")
    # The contacts win over the sender; two rows of one municipality are merged, and said.
    assert [a.addr_spec for a in vya["To"].addresses] == ["vyazma@mo.example", "zam-vyazma@mo.example"]
    # The form came from an accepted address that is not the contact's: the letter says so and answers nothing of it.
    assert "Форма пришла с адреса adm1@mo.example, который не указан как ваш контактный" in \
        vya.get_body(("plain",)).get_content()
    assert vya["In-Reply-To"] is None and not vya["Subject"].startswith("Re:")
    assert "адреса объединены" in result.out
    assert "«Атлантида» не найдено в перечне" in result.out
    assert "«Ельнинский — напоминание.eml»: адрес не известен" in result.out
    assert letters["Ельнинский — напоминание.eml"]["To"] is None


def test_drafts_never_go_among_the_forms_and_are_not_read_back_as_mail(mailbox, tmp_path, run):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "Шумячи.xlsx").write_bytes((mailbox.plain / "Шумячи.xlsx").read_bytes())
    refused = run("letters", inbox, "-o", inbox)
    assert refused.code == 2 and "папка входящих" in refused.err
    assert run("letters", inbox, "-o", tmp_path / "out").code == 0
    draft = tmp_path / "out" / "Шумячский — замечания.eml"
    if not draft.exists():
        draft = next((tmp_path / "out").glob("Шумячский*.eml"))
    data = run("validate", draft, inbox / "Шумячи.xlsx", "--format", "json").json()
    assert [s["reason"] for s in data["skipped"]] == ["черновик, написанный reportgen letters, а не присланное письмо"]


# --- sending to a real server on 127.0.0.1 --------------------------------------------------

class _Server:
    """An SMTP server (aiosmtpd) that keeps what it accepts, refuses some recipients, drops some connections.

    `drop`: DATA numbers (from 1) on which the connection is cut after the text came, nothing kept;
    `drop_rcpt`: RCPT numbers on which it is cut before any text; `accept_then_drop`: DATA numbers
    kept and then cut, no reply; `slow`: seconds to wait before every reply to DATA.
    """

    def __init__(self, refuse=(), drop=(), login=None, drop_rcpt=(), accept_then_drop=(), slow=0.0):
        self.accepted: list[tuple[str, list[str], bytes]] = []
        self.refuse = set(refuse)
        self.drop = set(drop)
        self.drop_rcpt = set(drop_rcpt)
        self.accept_then_drop = set(accept_then_drop)
        self.slow = slow
        self.gate = None  # a threading.Event: each reply to DATA waits for it
        self.hang_from = 0  # from this DATA on (from 1) no reply comes, until it is set back to 0
        self.data = 0
        self.rcpt = 0
        self.login = login

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's names
        self.rcpt += 1
        if self.rcpt in self.drop_rcpt:
            server.transport.close()
            return "421 Connection dropped"
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import asyncio

        self.data += 1
        if self.data in self.drop:
            server.transport.close()
            return "421 Connection dropped"
        self.accepted.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        if self.data in self.accept_then_drop:
            server.transport.close()
            return "250 Message accepted"
        if self.slow:
            await asyncio.sleep(self.slow)
        while (self.gate is not None and not self.gate.is_set()) or (self.hang_from and self.data >= self.hang_from):
            await asyncio.sleep(0.02)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    started = []

    def start(utf8=False, **kw):
        box = _Server(**kw)
        options = {"enable_SMTPUTF8": utf8}
        if box.login:
            from aiosmtpd.smtp import AuthResult

            def auth(server, session, envelope, mechanism, data):
                ok = (data.login.decode(), data.password.decode()) == box.login
                return AuthResult(success=ok, handled=False)
            options.update(authenticator=auth, auth_require_tls=False)
        port = _free_port()
        controller = Controller(box, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return box, port

    yield start
    for c in started:
        c.stop()


def _send(run, mailbox, out, port, *extra):
    return run("letters", mailbox.root, "-o", out, "--from", "Координатор <c@region.example>", "--send",
               "--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-security", "none", *extra)


def test_send_delivers_each_letter_once_and_a_rerun_sends_nothing_twice(mailbox, tmp_path, run, smtp):
    box, port = smtp(refuse={"adm4@mo.example"}, drop_rcpt={3})
    out = tmp_path / "out"
    first = _send(run, mailbox, out, port)
    assert first.code == 1  # one recipient refused (and the letters without an address)
    assert "adm4@mo.example (550 5.1.1 Mailbox unavailable)" in first.out
    drafts = _letters(out)
    addressed = {n for n, m in drafts.items() if m["To"] is not None}
    got = [email.message_from_bytes(raw, policy=email.policy.default) for _, _, raw in box.accepted]
    assert sorted(m["Subject"] for m in got) == sorted(drafts[n]["Subject"] for n in addressed
                                                      if "adm4@" not in str(drafts[n]["To"]))
    # The letter whose connection dropped before its text went on a fresh one: each letter exactly once, none marked unsent.
    assert len({m["X-Reportgen-Key"] for m in got}) == len(got)
    assert all(m["X-Unsent"] is None and m["From"].addresses[0].addr_spec == "c@region.example" for m in got)
    for m in got:  # what was sent is what the draft says: recipients and attachment names
        draft = next(d for d in drafts.values() if d["X-Reportgen-Key"] == m["X-Reportgen-Key"])
        assert str(m["To"]) == str(draft["To"])
        assert [a.get_filename() for a in m.iter_attachments()] == [a.get_filename() for a in draft.iter_attachments()]
    before = len(box.accepted)
    second = _send(run, mailbox, out, port)
    assert f"Уже отправлены раньше (по журналу): {before}" in second.out
    assert len(box.accepted) == before  # the refused one is tried again and refused again; nothing is sent twice


def test_send_with_login_and_a_server_that_is_not_there(mailbox, tmp_path, run, smtp, monkeypatch):
    box, port = smtp(login=("coord", "секрет"))
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "неверный")
    wrong = _send(run, mailbox, tmp_path / "a", port, "--smtp-user", "coord")
    assert wrong.code == 1 and "не принял имя пользователя «coord»" in wrong.err and not box.accepted
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "секрет")
    right = _send(run, mailbox, tmp_path / "b", port, "--smtp-user", "coord")
    assert box.accepted and "Отправлено:" in right.out
    gone = _send(run, mailbox, tmp_path / "c", _free_port())
    assert gone.code == 1 and "сервер не отвечает" in gone.err and "Черновики остались" in gone.err


def test_send_needs_a_server_and_a_sender(mailbox, tmp_path, run):
    result = run("letters", mailbox.root, "-o", tmp_path / "x", "--send")
    assert result.code == 2 and "--smtp-host" in result.err
    result = run("letters", mailbox.root, "-o", tmp_path / "x", "--send", "--smtp-host", "127.0.0.1")
    assert result.code == 2 and "--from" in result.err
    assert not (tmp_path / "x").exists()


def test_a_letter_whose_connection_drops_twice_is_named_and_sent_on_the_rerun(mailbox, tmp_path, run, smtp):
    box, port = smtp(drop_rcpt={1, 2})
    out = tmp_path / "out"
    first = _send(run, mailbox, out, port)
    assert first.code == 1 and "соединение оборвалось дважды" in first.out
    sent_first = len(box.accepted)
    addressed = sum(1 for m in _letters(out).values() if m["To"] is not None)
    assert sent_first == addressed - 1  # only the letter whose connection dropped twice is missing
    box.drop_rcpt.clear()
    _send(run, mailbox, out, port)
    assert len(box.accepted) == addressed  # the rerun sent exactly the one that was left
    assert len({email.message_from_bytes(raw)["X-Reportgen-Key"] for _, _, raw in box.accepted}) == addressed


def test_a_login_the_server_does_not_offer_is_said_plainly(mailbox, tmp_path, run, smtp, monkeypatch):
    box, port = smtp()  # no AUTH offered
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "x")
    result = _send(run, mailbox, tmp_path / "a", port, "--smtp-user", "coord")
    assert result.code == 1 and not box.accepted
    assert "не предлагает вход по имени и паролю без шифрования" in result.err and "STARTTLS" not in result.err


def test_drafts_of_an_earlier_run_that_are_no_longer_needed_are_moved_aside_and_named(mailbox, tmp_path, run):
    out = tmp_path / "out"
    out.mkdir()
    assert run("letters", mailbox.root, "-o", out).code == 0
    stale = (out / "Ярцевский — напоминание.eml").read_bytes()
    (out / "Велижский — напоминание.eml").write_bytes(stale)
    (out / "от коллеги.eml").write_bytes(b"From: a@b.example\r\nSubject: x\r\n\r\ntext\r\n")
    before = sorted(p.name for p in out.glob("*.eml"))
    again = run("letters", mailbox.root, "-o", out)
    assert again.code == 0
    line = next(x for x in again.out.splitlines() if "перенесены в папку" in x)
    assert f"«{out / 'устаревшие'}»" in line and "(1: «Велижский — напоминание.eml»)" in line and "от коллеги" not in line
    # Never beside the new ones: moved whole, the coordinator's own message left where it was.
    assert (out / "устаревшие" / "Велижский — напоминание.eml").read_bytes() == stale
    assert sorted(p.name for p in out.glob("*.eml")) == sorted(set(before) - {"Велижский — напоминание.eml"})
    (out / "Велижский — напоминание.eml").write_bytes(stale)  # stale again on a third run: both kept
    assert run("letters", mailbox.root, "-o", out).code == 0
    assert sorted(p.name for p in (out / "устаревшие").iterdir()) == [
        "Велижский — напоминание (2).eml", "Велижский — напоминание.eml"]


def _form(path: Path, *rows, municipality="Вяземский", period="II квартал 2025 года", titles=None) -> Path:
    from books import TITLES, book, canonical

    sheet = canonical(*rows, municipality=municipality, period=period)
    if titles is not None:
        sheet[4] = titles
    return book(path, ("Мероприятия", sheet))


def _ev(name="Форум", dates="12 апреля 2025 года"):
    return ["1.", name, "г. Вязьма", dates, "Цель", "Участники"]


def test_notes_after_a_confirmation_leave_the_folder_and_the_reverse(tmp_path, run):
    """«замечания» of a first run, the form then corrected: the new «подтверждение» stands alone."""
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates=""))
    assert run("letters", inbox, "-o", out, "--confirm").code == 0
    assert [p.name for p in out.glob("Вяземский*.eml")] == ["Вяземский — замечания.eml"]
    _form(inbox / "вязьма.xlsx", _ev())
    result = run("letters", inbox, "-o", out, "--confirm")
    assert [p.name for p in out.glob("Вяземский*.eml")] == ["Вяземский — подтверждение.eml"]
    assert (out / "устаревшие" / "Вяземский — замечания.eml").is_file()
    assert "«Вяземский — замечания.eml»" in result.out and "не отправляйте" in result.out


def test_letters_of_the_third_quarter_give_third_quarter_dates(tmp_path, run):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates="12 июля 2025 года"), _ev(name="Выставка", dates=""),
          _ev(name="Концерт", dates="18 мрта 2025"), period="III квартал 2025 года")
    assert run("letters", inbox, "-o", out, "--period", "2025-Q3").code == 0
    body = _letters(out)["Вяземский — замечания.eml"].get_body(("plain",)).get_content()
    assert "«18 июля 2025 года», «18-20 июля 2025 года», «18.07.2025» или «Июль 2025 года»" in body
    assert "марта 2025 года»" not in body and "18.03." not in body and "Апрель" not in body


def test_a_reused_blank_of_the_quarter_before_is_told_to_fix_its_field_not_its_dates(tmp_path, run):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates="12 августа 2025 года"), _ev(name="Выставка", dates="14.08.2025"))
    _form(inbox / "рудня.xlsx", _ev(dates="2 июля 2025 года"), municipality="Рудня", period="III квартал 2025 года")
    assert run("letters", inbox, "-o", out, "--period", "2025-Q3").code == 0
    body = _letters(out)["Вяземский — замечания.eml"].get_body(("plain",)).get_content()
    assert "ячейка C3 — предупреждение: В поле «Отчетный период» указан II квартал 2025 года, а все даты " \
           "мероприятий — в III квартале 2025 года" in body
    assert "на «III квартал 2025 года»; даты менять не нужно" in body
    assert "найдено замечаний: 1 (ошибок 0)" in body and "исправьте даты" not in body


def test_a_form_without_a_column_gets_the_blank_form_too(tmp_path, run, kind):
    from books import TITLES

    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    titles = [t for t in TITLES if not t.startswith("Место")]
    row = [c for c in _ev() if c != "г. Вязьма"]
    _form(inbox / "Вязьма отчет.xlsx", row, titles=titles)
    assert run("letters", inbox, "-o", out).code == 0
    msg = _letters(out)["Вяземский — замечания.eml"]
    body = msg.get_body(("plain",)).get_content()
    files = [a.get_filename() for a in msg.iter_attachments()]
    assert files == ["Вязьма отчет.xlsx", "Форма_Вяземский_2025-Q2.xlsx"]
    assert "Нет обязательного столбца «Место проведения" in body and "бланк формы за II квартал 2025 года" in body
    assert "reportgen" not in body
    [blank] = [a for a in msg.iter_attachments() if a.get_filename().startswith("Форма_")]
    path = tmp_path / blank.get_filename()
    path.write_bytes(blank.get_content())
    form = read_form(path, kind, path.name)
    assert "Вязем" in form.fields["municipality"].text and "II квартал 2025" in form.fields["period"].text


def test_the_date_header_is_in_the_machines_own_zone(tmp_path, run, monkeypatch):
    """Not UTC: the zone the coordinator's clock shows (here set by TZ), so a draft's time reads as theirs."""
    import time

    inbox = tmp_path / "in"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates=""))
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    try:
        assert run("letters", inbox, "-o", tmp_path / "out").code == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    msg = _letters(tmp_path / "out")["Вяземский — замечания.eml"]
    assert msg["Date"].datetime.utcoffset().total_seconds() == 3 * 3600 and str(msg["Date"]).endswith("+0300")


def test_drafts_are_deterministic_with_a_given_clock(tmp_path):
    """write_letters(now=…) fixes the Date header: two runs give the same headers and text (ids and MIME boundaries aside)."""
    import datetime as dt

    from reportgen.api import check_paths, write_letters

    inbox = tmp_path / "in"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates=""))
    when = dt.datetime(2025, 7, 3, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    checked = check_paths(inbox)
    texts = []
    for n in range(2):
        done = write_letters(checked, tmp_path / f"out{n}", now=when)
        [written] = [w for w in done.drafts if w.draft.municipality == "Вяземский"]
        path, msg = written.path, written.message
        assert msg["Date"] == "Thu, 03 Jul 2025 10:30:00 +0300"
        parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        texts.append([(k, v) for k, v in parsed.items() if k not in ("Message-ID", "Content-Type")]
                     + [parsed.get_body(("plain",)).get_content()])
    assert texts[0] == texts[1] and ("Date", "Thu, 03 Jul 2025 10:30:00 +0300") in texts[0]


def test_neither_letter_nor_marked_copy_names_a_command_or_option(tmp_path, run):
    """«(--period)», «задайте квартал в командной строке: --period 2025-Q2» are the coordinator's words, not a clerk's."""
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(), period="весна")
    validation = run("validate", inbox, "--period", "2025-Q2", "--format", "json").json()
    assert any("--period" in d["message"] for d in validation["diagnostics"])  # the coordinator is told
    assert run("letters", inbox, "-o", out, "--period", "2025-Q2").code == 0
    msg = _letters(out)["Вяземский — замечания.eml"]
    body = msg.get_body(("plain",)).get_content()
    assert "Отчетный период «весна» не удалось понять; форма проверена за II квартал 2025 года." in body
    [copy] = list(msg.iter_attachments())
    path = tmp_path / "copy.xlsx"
    path.write_bytes(copy.get_content())
    wb = openpyxl.load_workbook(path)
    notes = [str(c.value) for row in wb["Замечания"].iter_rows() for c in row if c.value]
    comments = [c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment]
    assert comments and any("весна" in n for n in notes)
    for text in [body, *notes, *comments]:
        assert "--" not in text.replace("— прежний комментарий —", "") and "reportgen" not in text, text


def test_a_name_in_three_columns_of_the_contacts_is_greeted_too(tmp_path, run):
    inbox, out, contacts = tmp_path / "in", tmp_path / "out", tmp_path / "контакты.xlsx"
    inbox.mkdir()
    _form(inbox / "вязьма.xlsx", _ev(dates=""))
    wb = openpyxl.Workbook()
    wb.active.append(["МО", "Фамилия", "Имя", "Отчество", "E-mail"])
    wb.active.append(["Вяземский", "Бабич", "Ольга", "Ильинична", "v@mo.example"])
    wb.save(contacts)
    assert run("letters", inbox, "-o", out, "--contacts", contacts).code == 0
    body = _letters(out)["Вяземский — замечания.eml"].get_body(("plain",)).get_content()
    assert body.startswith("Уважаемая Ольга Ильинична!\n")


def test_a_second_sender_on_one_folder_is_refused_and_says_who_holds_it(mailbox, tmp_path, run, smtp):
    import json
    import os

    box, port = smtp()
    out = tmp_path / "out"
    assert run("letters", mailbox.root, "-o", out).code == 0
    lock = out / ".reportgen-send.lock"
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": "2026-01-01T08:00:00"}))
    held = _send(run, mailbox, out, port)
    assert held.code == 1 and f"процесс {os.getpid()}" in held.err and "2026-01-01T08:00:00" in held.err
    assert not box.accepted and lock.exists()
    # A lock of a process that is gone is taken over; the lock is removed at the end.
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(), "since": "x"}))
    taken = _send(run, mailbox, out, port)
    assert box.accepted and "Отправлено:" in taken.out and not lock.exists()


def _keys(box) -> list[str]:
    return [email.message_from_bytes(raw)["X-Reportgen-Key"] for _, _, raw in box.accepted]


def test_a_letter_the_server_may_have_taken_is_possibly_sent_and_not_resent_without_asking(mailbox, tmp_path, run,
                                                                                            smtp):
    box, port = smtp(accept_then_drop={2})
    out = tmp_path / "out"
    first = _send(run, mailbox, out, port)
    addressed = sum(1 for m in _letters(out).values() if m["To"] is not None)
    # The server kept the second letter and hung up before answering: not sent again on a new connection.
    assert first.code == 1 and "возможно отправлено — соединение оборвалось после того, как текст" in first.out
    assert len(box.accepted) == addressed and len(set(_keys(box))) == addressed
    again = _send(run, mailbox, out, port)
    assert again.code == 1 and len(box.accepted) == addressed  # a rerun sends neither it nor the delivered ones
    assert "возможно отправлено прежним запуском" in again.out and "--resend-unknown" in again.out
    unknown = _keys(box)[1]
    forced = _send(run, mailbox, out, port, "--resend-unknown")
    assert "возможно" not in forced.out and _keys(box)[addressed:] == [unknown]
    last = _send(run, mailbox, out, port)
    assert "возможно" not in last.out and len(box.accepted) == addressed + 1


def test_a_server_that_answers_late_is_possibly_sent(mailbox, tmp_path, run, smtp):
    box, port = smtp(slow=2.5)
    out = tmp_path / "out"
    first = _send(run, mailbox, out, port, "--smtp-timeout", "1", "--send-deadline", "1")
    # The first letter's answer comes after the 1 s wait: unknown; the deadline then stops the rest, named.
    assert first.code == 1 and "возможно отправлено — сервер не ответил вовремя" in first.out
    assert "истек общий срок отправки (1 с, --send-deadline)" in first.out
    drafts = [n for n, m in _letters(out).items() if m["To"] is not None]
    told = first.out.split("истек общий срок отправки")[1]
    assert sum(n in told for n in drafts) == len(drafts) - 1
    import time
    time.sleep(2)  # the late answer is in
    assert len(box.accepted) == 1
    box.slow = 0
    second = _send(run, mailbox, out, port)
    assert len(box.accepted) == len(drafts) and len(set(_keys(box))) == len(drafts)
    assert "возможно отправлено прежним запуском" in second.out


IDNA_DOMAIN = "администрация.рф".encode("idna").decode()


def _contacts(tmp_path: Path, rows) -> Path:
    path = tmp_path / "контакты.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Контактное лицо", "Электронная почта", "Принимать формы также с адресов"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("utf8", [False, True])
def test_russian_addresses_go_as_idna_or_smtputf8_and_the_rest_still_go(mailbox, tmp_path, run, smtp, utf8):
    box, port = smtp(utf8=utf8)
    contacts = _contacts(tmp_path, [["Ярцевский район", "Петрова Анна Ивановна", "yartsevo@администрация.рф"],
                                    # the form comes from a clerk's own address, trusted besides the contact
                                    ["Вязьма", "Сидоров П. П.", "приемная@вязьма.рф", "adm1@mo.example"]])
    out = tmp_path / "out"
    result = _send(run, mailbox, out, port, "--contacts", contacts)
    addressed = sum(1 for m in _letters(out).values() if m["To"] is not None)
    by_rcpt = {tuple(to): raw for _, to, raw in box.accepted}
    assert result.code == 1  # two letters have no address
    if utf8:  # SMTPUTF8 offered: both as written, the header in UTF-8 (RFC 6532)
        assert "не отправлено: адрес" not in result.out
        assert len(box.accepted) == addressed
        assert "Приемная@вязьма.рф".lower() in {a.lower() for to in by_rcpt for a in to}
        raw = by_rcpt[("приемная@вязьма.рф",)]
        assert "To: приемная@вязьма.рф".encode() in raw
    else:  # the .рф domain alone goes as IDNA; a Russian mailbox is named, the other letters go
        assert IDNA_DOMAIN.startswith("xn--") and (f"yartsevo@{IDNA_DOMAIN}",) in by_rcpt
        assert f"To: yartsevo@{IDNA_DOMAIN}".encode() in by_rcpt[(f"yartsevo@{IDNA_DOMAIN}",)]
        assert "Вяземский — замечания.eml: не отправлено: адрес «приемная@вязьма.рф» с русскими буквами" in result.out
        assert "нет SMTPUTF8" in result.out
        assert len(box.accepted) == addressed - 1


def _silent_server(greeting: bytes | None):
    """A TCP server that greets with `greeting` (then says nothing more) or never greets."""
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    held = []

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            held.append(conn)
            if greeting:
                conn.sendall(greeting)

    threading.Thread(target=serve, daemon=True).start()
    return sock, sock.getsockname()[1]


def test_smtp_failures_are_said_in_russian_with_the_servers_words(mailbox, tmp_path, run):
    sock, port = _silent_server(None)
    try:
        mute = _send(run, mailbox, tmp_path / "a", port, "--smtp-timeout", "1")
    finally:
        sock.close()
    assert mute.code == 1 and "не ответил приветствием SMTP за 1 с" in mute.err
    assert "ввода-вывода" not in mute.err and "Connection" not in mute.err
    sock, port = _silent_server("554 5.7.1 Доступ закрыт для 127.0.0.1\r\n".encode())
    try:
        banned = _send(run, mailbox, tmp_path / "b", port, "--smtp-timeout", "1")
    finally:
        sock.close()
    assert banned.code == 1 and "отказал в соединении, ответ сервера: «554 5.7.1 Доступ закрыт для 127.0.0.1»" in banned.err


def test_two_senders_at_once_deliver_each_letter_once(mailbox, tmp_path, run, smtp):
    import os
    import subprocess
    import sys
    import time

    import threading

    box, port = smtp()
    box.gate = threading.Event()
    out = tmp_path / "out"
    assert run("letters", mailbox.root, "-o", out).code == 0
    args = [sys.executable, "-m", "reportgen", "letters", str(mailbox.root), "-o", str(out),
            "--from", "Координатор <c@region.example>", "--send", "--smtp-host", "127.0.0.1",
            "--smtp-port", str(port), "--smtp-security", "none"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    first = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             encoding="utf-8")
    lock = out / ".reportgen-send.lock"
    deadline = time.monotonic() + 60
    while not box.accepted and time.monotonic() < deadline:  # the first run is sending: it holds the lock
        time.sleep(0.05)
    assert lock.exists()
    try:
        second = subprocess.run(args, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    finally:
        box.gate.set()
    out1, err1 = first.communicate(timeout=120)
    assert "Отправлено:" in out1 and "уже отправляет" not in err1, out1 + err1
    assert second.returncode == 1 and "Отправлено:" not in second.stdout
    assert f"процесс {first.pid} на компьютере {socket.gethostname()}" in second.stderr and ", с 20" in second.stderr
    addressed = sum(1 for m in _letters(out).values() if m["To"] is not None)
    assert len(box.accepted) == addressed and len(set(_keys(box))) == addressed


def test_a_lock_left_by_a_dead_run_is_taken_over_and_said(mailbox, tmp_path, run, smtp):
    import json

    box, port = smtp()
    out = tmp_path / "out"
    assert run("letters", mailbox.root, "-o", out).code == 0
    (out / ".reportgen-send.lock").write_text(json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname(),
                                                          "since": "2026-01-01T08:00:00+03:00"}))
    taken = _send(run, mailbox, out, port)
    assert box.accepted and "Отправлено:" in taken.out
    assert f"процесс {2**22 + 12345} на этом компьютере, с 2026-01-01T08:00:00+03:00) снята" in taken.out


@pytest.mark.parametrize("sig, code", [("SIGINT", 130), ("SIGHUP", 129)])
def test_an_interrupt_while_the_server_is_silent_ends_at_once_and_says_what_went(mailbox, tmp_path, run, smtp,
                                                                                   sig, code):
    """No QUIT to wait for: Ctrl-C or a closed terminal ends --send now, not after --smtp-timeout."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not hasattr(signal, sig):
        pytest.skip(f"{sig} is POSIX")
    box, port = smtp()
    box.hang_from = 2  # the first letter is answered; the second one's answer never comes
    out = tmp_path / "out"
    args = [sys.executable, "-m", "reportgen", "letters", str(mailbox.root), "-o", str(out),
            "--from", "Координатор <c@region.example>", "--send", "--smtp-host", "127.0.0.1",
            "--smtp-port", str(port), "--smtp-security", "none", "--smtp-timeout", "60"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")
    deadline = time.monotonic() + 60
    while len(box.accepted) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(box.accepted) == 2, "the second letter never reached the server"
    time.sleep(0.3)  # the run now waits for the server's answer
    started = time.monotonic()
    proc.send_signal(getattr(signal, sig))
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        box.hang_from = 0
    assert time.monotonic() - started < 5 and proc.returncode == code, err
    assert "Письма, отправленные до прерывания (1), записаны в журнал" in err and "Traceback" not in err


def test_several_forms_sent_together_get_one_letter_with_every_copy(tmp_path, run):
    """Three versions in one message, none newer: one letter asks for one form and carries all three copies."""
    import datetime as dt

    from books import EVENTS, book, canonical
    from mailgen import MSK, attachment_part, message

    parts = []
    for n in range(3):
        path = book(tmp_path / f"v{n}.xlsx", ("Мероприятия", canonical(EVENTS[n], municipality="Вяземский")))
        parts.append(attachment_part(f"Вязьма_версия{n}.xlsx", path.read_bytes(), "rfc2231"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "03.eml").write_bytes(message("Вязьма <adm@vyazma.example>", "Отчет", dt.datetime(2025, 7, 10, 10, 0,
                                                                                              tzinfo=MSK), parts))
    out = tmp_path / "out"
    assert run("letters", inbox, "-o", out, "--period", "2025-Q2").code == 0
    mine = {n: m for n, m in _letters(out).items() if n.startswith("Вяземский")}
    assert list(mine) == ["Вяземский — замечания.eml"]
    letter = mine["Вяземский — замечания.eml"]
    body = letter.get_body(("plain",)).get_content()
    assert "несколько форм (3)" in body and "--without" not in body and "03.eml" not in body
    assert body.count("других замечаний нет") == 3 and "копии этих форм" in body
    from reportgen.write.marked import annotated_name

    assert sorted(p.get_filename() for p in letter.iter_attachments()) == [
        annotated_name(Path(f"Вязьма_версия{n}.xlsx")) for n in range(3)]


def test_what_the_sender_should_change_reaches_them_and_our_own_deletion_is_not_theirs(tmp_path, run):
    """winmail.dat: the letter says to send as HTML or plain text; Thunderbird's deleted-attachment stand-in
    (text/x-moz-deleted) is the coordinator's doing, never «a CSV file» of the clerk's."""
    import datetime as dt

    from mailgen import MSK, attachment_part, message

    inbox = tmp_path / "in"
    inbox.mkdir()
    date = dt.datetime(2025, 7, 2, tzinfo=MSK)
    (inbox / "1.eml").write_bytes(message("Духовщина <duh@mo.example>", "Отчет", date, [
        attachment_part("winmail.dat", b"\x78\x9f\x3e\x22", "raw", ctype="application/ms-tnef")]))
    deleted = ("Content-Type: text/x-moz-deleted; name=\"Deleted: Демидов.xlsx\"\r\nContent-Transfer-Encoding: 8bit\r\n"
               "Content-Disposition: attachment; filename=\"Deleted: Демидов.xlsx\"\r\nX-Mozilla-Altered: "
               "AttachmentDeleted; date=\"Wed Oct 01 10:00:00 2025\"\r\n\r\nYou deleted an attachment from this message.")
    (inbox / "2.eml").write_bytes(message("Демидов <demidov@mo.example>", "Отчет Демидов", date, [deleted]))
    out = tmp_path / "out"
    assert run("letters", inbox, "-o", out, "--period", "2025-Q2").code == 0
    bodies = {n: m.get_body(("plain",)).get_content() for n, m in _letters(out).items()}
    duh = next(b for n, b in bodies.items() if n.startswith("Духовщинский"))
    assert "Отправляйте письма в формате HTML или «Обычный текст»" in duh
    demidov = next(b for n, b in bodies.items() if n.startswith("Демидовский"))
    assert "удалено почтовой программой получателя" in demidov and "CSV" not in demidov
    assert "«Демидов.xlsx»" in demidov and "Deleted:" not in demidov


def test_a_long_event_title_in_a_letter_is_cut_between_words(tmp_path, run):
    """A title past the quoting limit (150 characters) ends at a whole word with «…», never inside one."""
    import re

    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    title = ("Торжественная церемония передачи копии Знамени Победы в рамках Международно-патриотической акции "
             "«Марафон Победы – преемственность поколений» с участием делегаций городов-побратимов Республики "
             "Беларусь и Смоленской области")
    assert len(title) > 150
    _form(inbox / "вязьма.xlsx", _ev(name=title), _ev(name=title))  # the same event twice: event-duplicate quotes it
    assert run("letters", inbox, "-o", out).code == 0
    body = _letters(out)["Вяземский — замечания.eml"].get_body(("plain",)).get_content()
    [quoted] = re.findall(r"Мероприятие «(.+?)» с теми же сроками", body)
    assert quoted.endswith("…") and len(quoted) <= 150 and title.startswith(quoted[:-1])
    words = title.split()
    kept = quoted[:-1].split()
    assert kept == words[:len(kept)]  # every word kept is whole


def test_short_cuts_between_words_at_any_limit():
    """Generated titles at every limit: the cut is a prefix of whole words with «…», never longer than the
    limit; only when whole words would fill less than half the limit is the last word cut inside."""
    import random

    from reportgen.text import short

    rng = random.Random(5)
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    for _ in range(300):
        words = ["".join(rng.choice(letters) for _ in range(rng.randrange(1, 25))) + rng.choice(["", ",", ";", ""])
                 for _ in range(rng.randrange(1, 30))]
        text, limit = " ".join(words), rng.randrange(8, 160)
        cut = short(text, limit)
        assert len(cut) <= limit
        if len(text) <= limit:
            assert cut == text
            continue
        assert cut.endswith("…")
        kept = cut[:-1].split()
        whole = [w.rstrip(",;") for w in words[:len(kept)]]
        if [w.rstrip(",;") for w in kept] != whole:  # the last word cut inside: the whole ones fill under half
            assert [w.rstrip(",;") for w in kept[:-1]] == whole[:-1] and words[len(kept) - 1].startswith(kept[-1])
            assert len(" ".join(words[:len(kept) - 1])) <= limit // 2
