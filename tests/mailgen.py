"""A quarter's mail, generated: the forms of a quarter sent the many ways mail clients send them.

    python tests/mailgen.py OUTDIR     writes the mailbox (and the same forms as plain files)

Each form is attached to exactly one message; the dimensions vary independently of each other
(a different modulus for each, so no two always travel together):

* container: a .eml file, a message in an mbox file, a message in a Maildir, an Outlook .msg;
* attachment name: RFC 2231 (Thunderbird), RFC 2047 inside a quoted name (Outlook, web mail),
  RFC 2047 in Windows-1251 (The Bat!), raw UTF-8 bytes (a client that encodes nothing);
* transfer encoding: base64 or quoted-printable;
* wrapping: attached as is, inside a .zip (Windows' CP866 names or UTF-8), inside a forwarded
  message (message/rfc822, or an attached Outlook message).

Around them: an earlier form of one municipality resent corrected (the earlier one is
superseded), a question with no attachment, a Word file instead of a form, a zip bomb, an
attachment of 60 MB, a logo in a signature, an auto-reply.

The invariant tests check (tests/test_mail.py): every form is read exactly once (the earlier
resubmission as superseded), nothing else is read as a form, every message without a form is
named by sender and subject, every refused attachment is named; and the build from the mailbox
equals the build from `plain/`, the same (newest) forms as plain files.
"""

from __future__ import annotations

import base64
import binascii
import re
import datetime as dt
import io
import shutil
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from email.header import Header
from pathlib import Path
from urllib.parse import quote

from forms import Style, write_form

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "q2"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MSK = dt.timezone(dt.timedelta(hours=3))

CONTAINERS = ("eml", "mbox", "maildir", "msg")
NAMINGS = ("rfc2231", "rfc2047", "cp1251", "raw")
TRANSFERS = ("base64", "quoted-printable")
WRAPPINGS = ("plain", "zip", "forward")

# Municipalities the samples do not cover: their forms are written here, as clerks fill them.
EXTRA = {
    "Велижский район": [("Фестиваль «Велижские зори»", "г. Велиж", "14 мая 2025 года", "Народное творчество",
                         "Коллективы из Витебской области, 80 человек")],
    "Гагаринский": [("Встреча с делегацией Республики Беларусь", "г. Гагарин", "03.06.2025", "Сотрудничество",
                     "12 человек")],
    "Глинковский район": [("Круглый стол «Приграничье»", "с. Глинка", "22 апреля 2025 года", "Обмен опытом",
                           "20 человек")],
    "Демидовский": [("Турнир по волейболу «Дружба»", "г. Демидов", "10-11 мая 2025 года", "Спорт",
                     "Команды России и Беларуси")],
    "Кардымовский": [("Выставка «Мастера Поднепровья»", "п. Кардымово", "5 июня 2025 года", "Ремесла",
                      "Мастера из Беларуси, 15 человек")],
    "Монастырщинский": [("Семинар «Туризм без границ»", "п. Монастырщина", "17 апреля 2025 года", "Туризм",
                         "30 человек")],
}


@dataclass
class Sent:
    """One form as it travels: which file it is and how it was sent."""

    name: str  # the attachment's file name
    data: bytes
    container: str
    naming: str
    transfer: str
    wrapping: str


@dataclass
class Mailbox:
    root: Path  # the mail as saved: .eml and .msg files, an mbox file, a Maildir folder
    plain: Path  # the same forms (the newest of each municipality) as plain files
    forms: list[Sent] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)  # attachment names of the forms replaced
    no_form: list[tuple[str, str]] = field(default_factory=list)  # (sender address, subject)
    refused: list[str] = field(default_factory=list)  # attachment names that must be named as skipped
    messages: int = 0


# --- building messages by hand: every byte of the headers is chosen -----------------------

def _b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def _encoded_word(text: str, charset: str = "utf-8") -> str:
    return Header(text, charset).encode()


def _name_params(name: str, naming: str) -> tuple[str, str]:
    """(Content-Type name parameter, Content-Disposition filename parameter) as clients write them."""
    if naming == "rfc2231":
        return f"name*=utf-8''{quote(name)}", f"filename*=utf-8''{quote(name)}"
    if naming == "rfc2047":
        word = _encoded_word(name)
        return f'name="{word}"', f'filename="{word}"'
    if naming == "cp1251":
        word = _encoded_word(name, "windows-1251")
        return f'name="{word}"', f'filename="{word}"'
    return f'name="{name}"', f'filename="{name}"'  # raw UTF-8: written as bytes below


def attachment_part(name: str, data: bytes, naming: str, transfer: str = "base64", ctype: str = XLSX) -> str:
    ct, cd = _name_params(name, naming)
    if transfer == "base64":
        body = _b64(data)
    else:
        # Binary quoted-printable, as clients write it for a file: CR and LF bytes are quoted too (=0D, =0A).
        body = binascii.b2a_qp(data, istext=False).decode("ascii")
    return (f"Content-Type: {ctype}; {ct}\r\nContent-Transfer-Encoding: {transfer}\r\n"
            f"Content-Disposition: attachment; {cd}\r\n\r\n{body}")


def _inline(part: str) -> str:
    """A picture as Outlook and Thunderbird attach a signature's logo: inline, shown by the HTML through its Content-ID."""
    return part.replace("Content-Disposition: attachment;", "Content-ID: <logo@01DC0000>\r\nContent-Disposition: inline;", 1)


def message(sender: str, subject: str, date: dt.datetime, parts: list[str], text: str = "Добрый день! Направляем отчет.",
            message_id: str | None = None) -> bytes:
    """A multipart/mixed message: a text part, then `parts` (already MIME parts)."""
    boundary = f"=_{uuid.uuid4().hex}"
    name, _, address = sender.rpartition(" <")
    head = [
        f"From: {_encoded_word(name)} <{address}" if name else f"From: {sender}",
        "To: coordinator@region.example",
        f"Subject: {_encoded_word(subject)}",
        f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S %z')}",
        f"Message-ID: {message_id or f'<{uuid.uuid4().hex}@mail.example>'}",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
    ]
    body = [f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{_b64(text.encode())}"]
    out = "\r\n".join(head) + "\r\n\r\n" + "".join(f"--{boundary}\r\n{p}\r\n" for p in body + parts) + f"--{boundary}--\r\n"
    return out.encode("utf-8")  # raw UTF-8 names stay raw: a client that encodes nothing


class _Cp866(zipfile.ZipInfo):
    """zipfile writes non-ASCII names as UTF-8 with the flag; Windows writes CP866 without it."""

    __slots__ = ()

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        return self.filename.encode("cp866"), self.flag_bits


def zipped(files: list[tuple[str, bytes]], cp866: bool) -> bytes:
    """A zip as Windows' «Send to → Compressed folder» makes it (CP866 names) or as 7-Zip does (UTF-8)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = (_Cp866 if cp866 else zipfile.ZipInfo)(name, date_time=(2025, 7, 8, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def bomb_zip() -> bytes:
    """A 100 KB zip holding «Форма.xlsx» that inflates to 200 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        info = zipfile.ZipInfo("Форма.xlsx")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(200):
                member.write(chunk)
    return buf.getvalue()


# --- the quarter ----------------------------------------------------------------------------

def quarter_forms(folder: Path) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, sender name) of every form of the quarter: the samples and the forms written here."""
    out = [(p.name, p.read_bytes(), p.stem) for p in sorted(SAMPLES.glob("*.xlsx"))]
    for municipality, events in EXTRA.items():
        path = folder / f"{municipality} II кв 2025.xlsx"
        write_form(path, events, Style(municipality=municipality))
        out.append((path.name, path.read_bytes(), municipality))
        path.unlink()
    return out


def make_mailbox(root: Path, big: bool = True) -> Mailbox:
    """Write the quarter's mail under `root/mail` and the same forms under `root/plain`."""
    mail, plain = root / "mail", root / "plain"
    mail.mkdir(parents=True)
    plain.mkdir()
    box = Mailbox(mail, plain)
    maildir = mail / "Входящие"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    mbox_messages: list[bytes] = []
    day = dt.datetime(2025, 7, 1, 9, 0, tzinfo=MSK)
    forms = quarter_forms(root)
    pending_zip: list[tuple[str, bytes]] = []

    def deliver(raw: bytes, container: str, n: int, when: dt.datetime = day) -> None:
        box.messages += 1
        if container == "eml":
            (mail / f"письмо {n:02d}.eml").write_bytes(raw)
        elif container == "mbox":
            mbox_messages.append(raw)
        else:  # maildir (an .msg is written by the caller)
            # A Maildir name begins with the delivery time: a few minutes after the message's Date.
            delivered = int(when.timestamp()) + 300 + n
            (maildir / ("cur" if (n // 4) % 2 else "new") / f"{delivered}.{n}.host,S").write_bytes(raw)

    for n, (name, data, who) in enumerate(forms):
        (plain / name).write_bytes(data)
        # Moduli and offsets chosen so that over 20 forms every pair of dimensions takes all its combinations.
        sent = Sent(name, data, CONTAINERS[n % 4], NAMINGS[(n + n // 4) % 4], TRANSFERS[(n // 5) % 2], WRAPPINGS[n % 3])
        box.forms.append(sent)
        sender = f"Администрация {who} <adm{n}@mo.example>"
        subject = f"Отчет за II квартал 2025 — {who}"
        date = day + dt.timedelta(hours=n)
        if sent.container == "msg":
            from msgfile import write_msg

            if sent.wrapping == "forward":
                write_msg(mail / f"Пересылка {n:02d}.msg", sender="Помощник <help@region.example>",
                          to="coordinator@region.example", subject=f"FW: {subject}", date=date + dt.timedelta(days=1),
                          message_id=f"<fw{n}@region.example>", body="Пересылаю.",
                          embedded=[dict(sender=sender, to="help@region.example", subject=subject, date=date,
                                         message_id=f"<m{n}@mo.example>", body="Отчет во вложении.",
                                         attachments=[(name, data)])])
            else:
                attached = [(f"{Path(name).stem}.zip", zipped([(name, data)], cp866=n % 2 == 0))] \
                    if sent.wrapping == "zip" else [(name, data)]
                write_msg(mail / f"Сообщение {n:02d}.msg", sender=sender, to="coordinator@region.example",
                          subject=subject, date=date, message_id=f"<m{n}@mo.example>", body="Отчет во вложении.",
                          attachments=attached)
            box.messages += 1
            continue
        if sent.wrapping == "zip":
            part = attachment_part(f"{Path(name).stem}.zip", zipped([(name, data)], cp866=n % 2 == 0), sent.naming,
                                   sent.transfer, "application/zip")
            raw = message(sender, subject, date, [part])
        elif sent.wrapping == "forward":
            inner = message(sender, subject, date, [attachment_part(name, data, sent.naming, sent.transfer)])
            part = f"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner.decode('utf-8')}"
            raw = message("Помощник координатора <help@region.example>", f"Fwd: {subject}",
                          date + dt.timedelta(days=1), [part], text="Пересылаю отчет.")
        else:
            logo = attachment_part("image001.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "rfc2231", "base64", "image/png")
            # as Outlook and Thunderbird attach a signature's picture: inline, shown by the HTML through its Content-ID
            logo = _inline(logo)
            raw = message(sender, subject, date, [attachment_part(name, data, sent.naming, sent.transfer), logo])
        deliver(raw, sent.container, n, date + dt.timedelta(days=1 if sent.wrapping == "forward" else 0))
    del pending_zip

    # An earlier form of Рославль, with a wrong date, resent corrected two days later (the sample).
    first = next(f for f in forms if f[0] == "Рославль.xlsx")
    earlier = _spoiled(first[1], root)
    deliver(message("Администрация Рославль <adm-early@mo.example>", "Отчет Рославль (первая редакция)",
                    day - dt.timedelta(days=2), [attachment_part("Рославль.xlsx", earlier, "rfc2231")]), "eml", 90)
    box.superseded.append("Рославль.xlsx")

    # Messages without a form: each must be listed by its sender and subject.
    extras = [
        ("Сафоново <q@safonovo.example>", "Вопрос по форме", []),
        ("Ершичи <word@ershichi.example>", "Отчет (в Word)",
         [attachment_part("Отчет Ершичи.docx", b"PK\x03\x04 not really", "rfc2047", ctype="application/msword")]),
        ("Auto Reply <noreply@mo.example>", "Автоответ: Отчет", []),
        ("Рудня <thanks@rudnya.example>", "Re: Замечания", []),
        ("Новодугино <pdf@novodugino.example>", "Отчет сканом",
         [attachment_part("скан отчета.pdf", b"%PDF-1.4\n%%EOF\n", "rfc2231", ctype="application/pdf")]),
        ("Угра <late@ugra.example>", "Отчет будет 15 июля", []),
        ("Темкино <logo@temkino.example>", "", [_inline(attachment_part("image002.png", b"\x89PNG\r\n\x1a\n", "raw",
                                                                        ctype="image/png"))]),
        ("Холм-Жирковский <ics@holm.example>", "Приглашение: совещание",
         [attachment_part("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "rfc2231", ctype="text/calendar")]),
    ]
    for i, (sender, subject, parts) in enumerate(extras):
        when = day + dt.timedelta(days=3, hours=i)
        deliver(message(sender, subject, when, parts), CONTAINERS[i % 3], 100 + i, when)
        box.no_form.append((sender.rpartition("<")[2].rstrip(">"), subject))
    box.refused += ["Отчет Ершичи.docx", "скан отчета.pdf", "invite.ics"]

    # Hostile attachments: named, never read whole.
    deliver(message("Неизвестный <x@bomb.example>", "Отчет", day + dt.timedelta(days=4),
                    [attachment_part("формы.zip", bomb_zip(), "rfc2231", ctype="application/zip")]), "eml", 110)
    box.refused.append("формы.zip")
    if big:
        huge = attachment_part("Отчет огромный.xlsx", bytes(60 * 2**20), "rfc2231")
        (mail / "большое письмо.eml").write_bytes(message("Кардымово <big@kardymovo.example>", "Отчет (большой)",
                                                          day + dt.timedelta(days=4), [huge]))
        box.messages += 1
        box.refused.append("большое письмо.eml")

    with open(mail / "Inbox", "wb") as f:  # Thunderbird keeps a folder as an mbox file without extension
        for raw in mbox_messages:
            f.write(b"From - Tue Jul  8 10:00:00 2025\r\n")
            body = raw.replace(b"\r\n", b"\n")
            f.write(b"\n".join(b">" + line if line.startswith(b"From ") else line for line in body.split(b"\n")))
            f.write(b"\n\n")
    return box


def _spoiled(data: bytes, scratch: Path) -> bytes:
    """The same form with its first event's dates made unreadable: an error the resubmission fixed."""
    import openpyxl

    path = scratch / "spoiled.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and "2025" in cell.value and len(cell.value) < 40:
                cell.value = "в мае"
                break
        else:
            continue
        break
    wb.save(path)
    out = path.read_bytes()
    path.unlink()
    # openpyxl stamps the save with now; the first version was saved before the correction, as in life.
    return with_saved_time(out, recorded_time(data) - dt.timedelta(days=2))


_MODIFIED = re.compile(rb"(<dcterms:modified\b[^>]*>)([^<]*)(</dcterms:modified>)")


def recorded_time(data: bytes) -> dt.datetime:
    """The last-save time an .xlsx records in docProps/core.xml."""
    import io
    import zipfile

    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
    return dt.datetime.fromisoformat(_MODIFIED.search(core).group(2).decode().replace("Z", "+00:00"))


def with_saved_time(data: bytes, when: dt.datetime) -> bytes:
    """The same .xlsx recording `when` as its last save (what Excel writes into docProps/core.xml on every save)."""
    import io
    import zipfile

    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            dst.writestr(info, content)
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if target.exists():
        shutil.rmtree(target)
    made = make_mailbox(target)
    print(f"{made.messages} писем, {len(made.forms)} форм → {made.root}; те же формы файлами → {made.plain}")
