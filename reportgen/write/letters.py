"""The letters back: a draft per municipality that needs one, as .eml files mail clients open unsent.

A return letter lists every finding with its sheet, cell and what to do, and carries the marked
copy; a reminder carries the blank form of the period; with --confirm, a short acknowledgement
goes to those that are ready. `compose` decides who gets what and writes the texts (pure);
`message` turns a draft into a MIME message; the api writes the attachments and the files.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from email.header import Header
from email.message import Message
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from reportgen.catalogue import say
from reportgen.check.status import roster, theirs
from reportgen.dates import quarter_hint
from reportgen.diagnostics import Diagnostic
from reportgen.model import Draft, Submission, Validation
from reportgen.period import Period

BLANK_FOR = ("missing-column", "no-header")  # findings a fresh blank form is the remedy for
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


MARKED_NOTE = say("letters.marked-note")
MARKED_SEVERAL = say("letters.marked-several")


def without_copy(draft: Draft, reason: str) -> Draft:
    """The draft when its marked copy could not be made: it says so, and why, instead of promising it."""
    from dataclasses import replace

    said = say("letters.no-copy", reason=for_clerk(reason).rstrip("."))
    if draft.also:  # a letter about several forms: the others' copies still go
        return replace(draft, body=draft.body.replace(MARKED_SEVERAL, MARKED_SEVERAL + said))
    return replace(draft, body=draft.body.replace(MARKED_NOTE, said).replace(MARKED_SEVERAL, said), attach="")


def _place(d: Diagnostic) -> str:
    if d.sheet and d.cell:
        return say("letters.place.cell", sheet=d.sheet, cell=d.cell)
    if d.sheet:
        return say("letters.place.sheet", sheet=d.sheet)
    return say("letters.place.file")


def finding_lines(diagnostics, period: Period | None = None) -> list[str]:
    """«1. Лист «Мероприятия», ячейка D7 — ошибка: … Что сделать: …» for every error and warning.

    Date examples in the advice are days of `period` (the letter's quarter), and no command is named.
    """
    lines = []
    worth = [d for d in diagnostics if d.severity != "info"]
    for n, d in enumerate(worth, start=1):
        word = say(f"severity.{d.severity}")
        message = for_clerk(" ".join(d.message.split())).rstrip(".")
        advice = for_clerk(" ".join(d.hint.split())) if d.hint else ""
        if advice and period is not None:
            advice = quarter_hint(advice, period.year, period.quarter)
        hint = say("letters.what-to-do", advice=advice) if advice else ""
        lines.append(f"{n}. {_place(d)[:1].upper()}{_place(d)[1:]} — {word}: {message}.{hint}")
    return lines


_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")
_FEMALE = ("вна", "чна")  # Сергеевна, Ильинична, Никитична
_MALE = ("вич", "ич")  # Петрович, Ильич, Кузьмич


def _patronymic_gender(word: str) -> str | None:
    folded = word.casefold()
    if len(folded) < 5:
        return None
    if folded.endswith(_FEMALE):
        return "f"
    if folded.endswith(_MALE):
        return "m"
    return None


def _greeting(person: str) -> str:
    """«Уважаемая Анна Сергеевна!» when the contact gives a first name and patronymic; else «Добрый день, …!».

    The name is the word before the patronymic, in «Петрова Анна Сергеевна» and in «Анна Сергеевна
    Петрова» alike; a surname ending in -ич (Бабич) is never taken for the patronymic, because
    a first name must stand before it. Initials («Иванов И.И.») give no name to address.
    """
    words = [w for w in _WORD.findall(person) if w[0].isupper()]  # a position («специалист») is not a name
    for k in range(1, len(words)):
        gender = _patronymic_gender(words[k])
        name = words[k - 1]
        if gender is None or _patronymic_gender(name) is not None or len(name) < 2:
            continue
        if len(words) == 2 and gender == "m" and not words[k].casefold().endswith(("ович", "евич")):
            continue  # «Анна Бабич»: a surname in -ич, no patronymic
        if re.search(rf"{re.escape(name)}\s*\.", person):  # «И. Петрович»: an initial, not a name
            continue
        return say("letters.greeting", gender=gender, name=name.capitalize(), patronymic=words[k].capitalize())
    return say("letters.greeting.person", person=person) if person else say("letters.greeting.nobody")


_COMMAND_ASIDE = re.compile(r"\s*\((?:[^()]*\breportgen\b[^()]*|--[a-z][\w-]*)\)")  # «(reportgen template)», «(--period)»
_COMMAND_CLAUSE = re.compile(r",?\s+или\s[^.;]*?(?:(?<!\w)--[a-z]|\breportgen\b)[^.;]*")  # «, или задайте … --period 2025-Q2»
_COMMAND = re.compile(r"(?<!\w)--[a-z]|\breportgen\b")


def for_clerk(text: str) -> str:
    """A finding as a clerk reads it: no command names or options, which are the coordinator's words."""
    text = _COMMAND_CLAUSE.sub("", _COMMAND_ASIDE.sub("", text))
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(s for s in sentences if not _COMMAND.search(s))


def _when(s: Submission, sources: dict, elsewhere: bool = False) -> str:
    source = sources.get(s.form.file)
    if elsewhere:  # the attachment's name is the other sender's words, not the addressee's
        return say("letters.when.message", date=source.date) if source.date is not None else ""
    if source is not None and source.date is not None:
        return say("letters.when.attachment", date=source.date, attachment=source.attachment)
    return say("letters.when.file", name=s.form.file.replace(chr(92), "/").rsplit("/", 1)[-1])


def _ours(address: str, contact: tuple[str, ...] | None) -> bool:
    """Whether `address` is the municipality's contact (True when no contact is known: nothing to compare)."""
    from reportgen.read.contacts import address_key

    return not contact or address_key(address) in {address_key(a) for a in contact}


def _elsewhere(address: str) -> str:
    return say("letters.elsewhere", address=address or say("letters.no-return-address"))


def _stranger_senders(short: str, left_out) -> str:
    """The addresses forms in their name came from that are not theirs (left out, see api._strangers), or ""."""
    senders = dict.fromkeys(lo.sender for lo in left_out if lo.sender and lo.municipality == short)
    return ", ".join(a if a != "?" else say("letters.no-return-address") for a in senders)


def _strangers_note(senders: str) -> str:
    """A paragraph on forms in their name from an address that is not theirs: they should know."""
    if not senders:
        return ""
    return say("letters.strangers-note", senders=senders)


def compose(validation: Validation, kind, period_label: str, addresses: dict[str, tuple[str, ...]],
            persons: dict[str, str], sources: dict, confirm: bool = False, signature: str = "",
            asked: dict | None = None, arrived=(), left_out=(), period: Period | None = None) -> list[Draft]:
    """The drafts of a run: who needs a letter, and its text. Pure: the attachments are made elsewhere.

    `addresses` and `persons` are by the registry's short name; `sources` maps a form's file to
    the message it came in (read.mail.Source), for the reply headers and the sender's address;
    `asked` maps a short name to a message of theirs that held no form (read.mail.NoForm): the
    reminder then answers it. `arrived` (check.owners.Arrived) are files and messages of a
    municipality that cannot be read: one letter to their sender says what to send again.
    `left_out` (model.LeftOut): a municipality the coordinator left out gets no letter of its own.
    `period` (the letters' quarter) gives the date examples of the advice.
    """
    asked = asked or {}
    drafts: list[Draft] = []
    by_short: dict[str, list[Submission]] = {}
    for s in validation.submissions:
        if s.municipality is not None:
            by_short.setdefault(s.municipality.short, []).append(s)
    sign = f"\n\n--\n{signature}" if signature else ""
    for line in roster(validation, kind, arrived, left_out):
        person = persons.get(line.name, "")
        came = [a for a in arrived if a.municipality == line.name]
        subs = by_short.get(line.name) or theirs(validation, came)
        senders = _stranger_senders(line.name, left_out)
        strangers = _strangers_note(senders)
        if line.state in ("unreadable", "left-out") and came:
            drafts.append(_unreadable(line.name, came, period_label, addresses, person, sign))
            continue
        if line.state == "left-out" and senders:
            # Only a form from an address not theirs came: they are asked, at their own address, whether it is theirs.
            drafts.append(Draft(
                "reminder", line.name, addresses.get(line.name, ()),
                say("letters.confirm-sender.subject", period=period_label, name=line.name),
                say("letters.confirm-sender.body", greeting=_greeting(person), period=period_label, senders=senders,
                    sign=sign),
                attach="blank"))
            continue
        if line.state == "left-out":
            continue  # the coordinator left them out on purpose: nothing to ask for
        if line.state == "missing":
            note = asked.get(line.name)
            if note is not None and not _ours(note.address, addresses.get(line.name)):
                note = None  # a message from an address not theirs: its subject is not theirs to be quoted back
            fill = say("letters.fill")
            if note is not None:
                sent = (say("letters.attachments", names=", ".join(f"«{a}»" for a in note.attachments))
                        if note.attachments else say("letters.no-attachments"))
                when = say("letters.dated", date=note.date) if note.date else ""
                drafts.append(Draft(
                    "reminder", line.name, addresses.get(line.name) or ((note.reply_address,) if note.reply_address else ()),
                    _reply_subject(note, say("letters.reminder.subject", period=period_label, name=line.name)),
                    say("letters.reminder.reply", greeting=_greeting(person),
                        subject=note.subject or say("letters.no-subject"), when=when, period=period_label,
                        sent=sent, fill=fill, sign=sign),
                    attach="blank", in_reply_to=note.message_id))
                continue
            drafts.append(Draft(
                "reminder", line.name, addresses.get(line.name, ()),
                say("letters.reminder.subject", period=period_label, name=line.name),
                say("letters.reminder.body", greeting=_greeting(person), period=period_label, fill=fill, sign=sign),
                attach="blank"))
            continue
        several = [s for s in subs if any(d.severity != "info" for d in s.diagnostics)]
        if len(several) > 1:  # forms sent together that cannot both stand: one letter about all of them
            drafts.append(_several(line.name, several, sources, addresses, person, period_label, period,
                                   strangers + sign))
            continue
        for s in subs:
            worth = [d for d in s.diagnostics if d.severity != "info"]
            source = sources.get(s.form.file)
            to = addresses.get(line.name) or ((source.reply_address,) if source is not None and source.reply_address else ())
            reply = source.message_id if source is not None else ""
            # A form the coordinator accepted from another address: the letter goes to the contact, says so, and
            # answers nothing of the other sender's (its subject and message are theirs, not the municipality's).
            elsewhere = source is not None and not _ours(source.delivered_by, addresses.get(line.name))
            came_from = f"\n\n{_elsewhere(source.delivered_by)}" if elsewhere else ""
            if elsewhere:
                reply, source = "", None
            when = _when(s, sources, elsewhere)
            again = _not_again(s)
            if worth:
                errors = sum(1 for d in worth if d.severity == "error")
                must = say("letters.must.errors") if errors else say("letters.must.warnings")
                blank = any(d.code in BLANK_FOR for d in worth)
                drafts.append(Draft(
                    "return", line.name, to,
                    _reply_subject(source, say("letters.return.subject", period=period_label, name=line.name)),
                    say("letters.return.head", greeting=_greeting(person), period=period_label, when=when,
                        n=len(worth), errors=errors, must=must, came_from=came_from)
                    + "\n".join(finding_lines(s.diagnostics, period))
                    + (MARKED_NOTE if s.form.readable else say("letters.return.unreadable"))
                    + (say("letters.return.blank", period=period_label) if blank else "")
                    + (f"\n\n{again}" if again else "") + f"{strangers}{sign}\n",
                    attach="marked" if s.form.readable else "", form=s.form.file, in_reply_to=reply, blank=blank))
            elif confirm:
                n = len(s.entries)
                drafts.append(Draft(
                    "confirm", line.name, to,
                    _reply_subject(source, say("letters.confirm.subject", period=period_label, name=line.name)),
                    say("letters.confirm.body", greeting=_greeting(person), period=period_label, when=when, n=n,
                        came_from=came_from)
                    + (f"\n\n{again}" if again else "") + f"{strangers}{sign}\n",
                    form=s.form.file, in_reply_to=reply))
            elif again:  # nothing to correct, but events of the quarters before are missing: they are asked
                drafts.append(Draft(
                    "question", line.name, to, _reply_subject(source, say("letter.question.subject",
                                                                          municipality=line.name)),
                    say("letter.question.body", greeting=_greeting(person), period=period_label, asked=again,
                        sign=f"{came_from}{strangers}{sign}"),
                    form=s.form.file, in_reply_to=reply))
    # Forms whose owner could not be told: back to whoever sent them, when they came by e-mail.
    placed = {a.what for a in arrived}
    for s in validation.submissions:
        source = sources.get(s.form.file)
        if s.municipality is None and source is not None and source.reply_address and s.form.file not in placed:
            drafts.append(Draft(
                "return", "", (source.reply_address,),
                _reply_subject(source, say("letters.orphan.subject", period=period_label)),
                say("letters.orphan.head", greeting=_greeting(""), period=period_label, when=_when(s, sources))
                + "\n".join(finding_lines(s.diagnostics, period))
                + f"{sign}\n",
                attach="marked" if s.form.readable else "", form=s.form.file, in_reply_to=source.message_id))
    return drafts


def _not_again(s: Submission) -> str:
    """«В прошлых кварталах … вы сообщали о …»: the form's events-not-again note, said to the municipality."""
    return "\n\n".join(say("letter.not-again", **dict(d.facts)) for d in s.diagnostics if d.code == "event-not-again")


def _several(short: str, subs: list[Submission], sources: dict, addresses: dict[str, tuple[str, ...]], person: str,
             period_label: str, period: Period | None, tail: str) -> Draft:
    """One return letter for several forms of one municipality (copies sent together, none of them newer)."""
    first = sources.get(subs[0].form.file)
    to = addresses.get(short) or ((first.reply_address,) if first is not None and first.reply_address else ())
    elsewhere = first is not None and not _ours(first.delivered_by, addresses.get(short))
    came_from = f"\n\n{_elsewhere(first.delivered_by)}" if elsewhere else ""
    reply = "" if elsewhere or first is None else first.message_id
    parts = []
    for n, s in enumerate(subs, start=1):
        # That none is newer is said above: the finding itself names the coordinator's files.
        lines = finding_lines([d for d in s.diagnostics if d.code != "form-order-unknown"], period)
        parts.append(say("letters.several.part", n=n, when=_when(s, sources, elsewhere))
                     + ("\n".join(lines) or say("letters.several.nothing-else")))
    readable = [s.form.file for s in subs if s.form.readable]
    return Draft(
        "return", short, to,
        _reply_subject(None if elsewhere else first, say("letters.return.subject", period=period_label, name=short)),
        say("letters.several.head", greeting=_greeting(person), period=period_label, n=len(subs), came_from=came_from)
        + "\n\n".join(parts)
        + (MARKED_SEVERAL if readable else "") + f"{tail}\n",
        attach="marked" if readable else "", form=readable[0] if readable else "", also=tuple(readable[1:]),
        in_reply_to=reply)


def _unreadable(short: str, came: list, period_label: str, addresses: dict[str, tuple[str, ...]], person: str,
                sign: str) -> Draft:
    """One letter about everything of theirs that could not be read: to whoever sent it, saying what to resend."""
    first = came[0]
    contact = addresses.get(short)
    # To the contact when one is known; what came from another address is named by that address, not its words.
    to = contact or tuple(dict.fromkeys(a.answer for a in came if a.answer))
    lines = []
    for n, a in enumerate(came, start=1):
        if not _ours(a.address, contact):
            lines.append(say("letters.unreadable.stranger", n=n, address=a.address or say("letters.no-return-address"),
                             why=_to_sender(a.why, "")[0]))
            continue
        what = (say("letters.unreadable.message", subject=a.note.subject or say("letters.no-subject"))
                + (say("letters.dated", date=a.note.date) if a.note.date else "")
                if a.note is not None else say("letters.unreadable.file", name=a.name)
                + (say("letters.when.message", date=a.source.date) if a.source is not None and a.source.date else ""))
        why, advice = _to_sender(a.why, a.hint)
        hint = say("letters.what-to-do", advice=advice) if advice else ""
        lines.append(f"{n}. {what}: {why}.{hint}")
    blank = any(a.wrong_format for a in came)
    body = (say("letters.unreadable.head", greeting=_greeting(person), period=period_label) + "\n".join(lines)
            + say("letters.unreadable.resend") + (say("letters.unreadable.blank") if blank else "") + f"{sign}\n")
    source = first.source or first.note
    ours = _ours(first.address, contact)
    return Draft("return", short, to, _reply_subject(source if ours else None,
                                                    say("letters.unreadable.subject", period=period_label, name=short)),
                 body, attach="blank" if blank else "", in_reply_to=first.message_id if ours else "")


_ASK = re.compile(r"[:;,]\s*попросите\b.*$", re.IGNORECASE | re.DOTALL)
# «попросите отправлять письма …» is advice for the sender itself, in its own words: «отправляйте письма …».
_ASK_TO = re.compile(r"[:;,]\s*попросите\s+(отправлять|сохранять|сохранить|отправить)\b(.*)$", re.IGNORECASE | re.DOTALL)
_IMPERATIVE = {"отправлять": "Отправляйте", "сохранять": "Сохраняйте", "сохранить": "Сохраните", "отправить": "Отправьте"}


def _to_sender(why: str, hint: str) -> tuple[str, str]:
    """A finding about a file, said to the one who sent it: the coordinator's «попросите прислать …» is dropped."""
    why = " ".join(why.split())
    kept = []
    told = _ASK_TO.search(why)
    if told:  # what the sender should do differently stays, said to them
        kept.append(f"{_IMPERATIVE[told.group(1).lower()]}{told.group(2).rstrip('.')}.")
    why = _ASK.sub("", why).rstrip(".")
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(hint.split())):
        if sentence.lower().startswith("попросите"):
            _, said, rest = sentence.partition(" или ")
            if not said:
                continue  # the letter itself asks them to send the form again
            sentence = rest[:1].upper() + rest[1:]
        kept.append(sentence)
    return why, for_clerk(" ".join(kept).replace("Откройте ее ", "Откройте форму "))


def _reply_subject(source, fallback: str) -> str:
    if source is None or not source.subject:
        return fallback
    return source.subject if source.subject.lower().startswith(("re:", "ответ:")) else f"Re: {source.subject}"


def _encoded_words(text: str) -> str:
    """RFC 2047 words of at most 75 characters, on one line (the header is folded between them)."""
    words, chunk = [], ""
    for ch in text:
        if len(base64.b64encode((chunk + ch).encode("utf-8"))) > 60:
            words.append(chunk)
            chunk = ""
        chunk += ch
    words.append(chunk)
    return " ".join(f"=?utf-8?b?{base64.b64encode(w.encode('utf-8')).decode('ascii')}?=" for w in words if w)


def _address_list(addresses: tuple[str, ...] | str) -> str:
    """The addresses as a header value: a name in RFC 2047 words; an international address (RFC 6532:
    «jdöe@mächine.example», «отчет@админ.рф») as it is, with its name, in UTF-8 (see `as_written`)."""
    from email.utils import formataddr, getaddresses

    items = [addresses] if isinstance(addresses, str) else list(addresses)
    out = []
    # One bare address is taken as it is written: the parser would cut a UUCP path «a!b@c@d.com» to «@d.com».
    pairs = []
    for item in items:
        pairs += [("", item.strip())] if _BARE.fullmatch(item.strip()) else getaddresses([item])
    for name, address in pairs:
        if "@" not in address:
            continue
        if address.isascii():
            out.append(formataddr((name, address), charset="utf-8"))
            continue
        name = " ".join(name.split())
        if name and _SPECIALS.search(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out.append(f"{name} <{address}>" if name else address)
    return ", ".join(out)


_BARE = re.compile(r'[^\s,;<>()"@][^\s,;<>()"]*@[^\s,;<>()"]+')
_SPECIALS = re.compile(r'[()<>@,;:.\\\[\]"]')  # RFC 5322: a name holding one of these is quoted
ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To")


def as_written(msg: Message) -> bytes:
    """The draft as the .eml file holds it: an international address in UTF-8 (RFC 6532), never as
    an RFC 2047 word, which no server delivers and no client reads back as an address."""
    import copy
    import io
    from email.generator import BytesGenerator
    from email.policy import compat32

    out = msg
    for name in ADDRESS_HEADERS:
        value = msg[name]
        if isinstance(value, str) and not value.isascii():
            if out is msg:
                out = copy.copy(msg)  # the headers only: the parts stay shared
                out._headers = list(msg._headers)  # noqa: SLF001 - a header list of its own, not the draft's
            # surrogates: compat32 writes the bytes as they are instead of RFC 2047 words
            out.replace_header(name, value.encode("utf-8").decode("ascii", "surrogateescape"))
    buf = io.BytesIO()
    BytesGenerator(buf, policy=compat32, mangle_from_=False).flatten(out)
    return buf.getvalue()


def message(draft: Draft, attachments: list[tuple[str, bytes]], sender: str = "",
            when: dt.datetime | None = None) -> Message:
    """The draft as a MIME message: UTF-8, unsent (X-Unsent: 1), the reply headers when it answers a message.

    Every header is written by hand: a Russian attachment name goes as RFC 2047 words in
    Content-Type's `name` (what Outlook reads) and as RFC 2231 in Content-Disposition's
    `filename*` (what Thunderbird and the standard read), as Thunderbird itself writes them.
    """
    from email import encoders
    from email.charset import BASE64, Charset
    from email.mime.base import MIMEBase
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart()
    if sender:
        msg["From"] = _address_list(sender)
    if draft.to:
        msg["To"] = _address_list(draft.to)
    msg["Subject"] = Header(draft.subject, "utf-8")
    msg["Date"] = format_datetime(when or dt.datetime.now().astimezone())
    domain = sender.rpartition("@")[2].strip("> ") if "@" in sender else "reportgen.local"
    msg["Message-ID"] = make_msgid("reportgen", domain=domain)
    if draft.in_reply_to:
        msg["In-Reply-To"] = draft.in_reply_to
        msg["References"] = draft.in_reply_to
    msg["X-Unsent"] = "1"  # Outlook opens it as a message to send, not as a received one
    msg["X-Reportgen-Key"] = draft.key()
    utf8 = Charset("utf-8")
    utf8.body_encoding = BASE64
    msg.attach(MIMEText(draft.body, "plain", utf8))
    for name, data in attachments:
        part = MIMEBase(*XLSX)
        part.set_payload(data)
        encoders.encode_base64(part)
        del part["Content-Type"]
        part["Content-Type"] = f'{XLSX[0]}/{XLSX[1]}; name="{_encoded_words(name)}"'
        part["Content-Disposition"] = f"attachment; filename*=utf-8''{quote(name)}"
        msg.attach(part)
    return msg
