"""Saved e-mail as input: .eml, Outlook .msg, an mbox file, a Maildir → the forms attached.

Forms reach the coordinator by e-mail; a mail client saves the messages, and every
spreadsheet attached to them is a form — also one in an attached .zip and one in a forwarded
message. Each form keeps where it came from (sender, date, subject, attachment name), and a
message with no form is named by its sender and subject. Attachments are written to a private
temporary folder, never next to the messages. Messages are untrusted like forms: a message's
size, its attachment count, zip nesting and what a zip inflates to are capped, and so is what
one message and one run may unpack in all (bytes and files); what is over is named. One broken
message or attachment costs only itself. A mailbox is read newest first, so when it is over its
bound it is the oldest messages that are passed over, and named.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from reportgen.catalogue import say
from reportgen.damage import explain, explain_os
from reportgen.read.inputs import InputFile, NoForm, SkippedFile, Source, is_form_name, is_maildir, saved_at

MAX_MESSAGE_BYTES = 50 * 1024 * 1024  # a form is kilobytes; a 50 MB message holds no form we can read
MAX_ATTACHMENTS = 100  # per message, forwarded messages and zips included
MAX_NESTING = 3  # a forwarded message in a forwarded message in a forwarded message
MAX_ZIPS = 2  # a zip in a zip, no deeper
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # what one attached zip may inflate to
MAX_MAILBOX_MESSAGES = 50_000  # read newest first; measured in README (20,000 messages: see bench/mailbox.py)
# What one message and one run may unpack in all: zips inflated plus forms written to the temporary folder.
MAX_MESSAGE_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_MESSAGE_FILES = 100
MAX_RUN_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RUN_FILES = 5_000
MAX_NAME_BYTES = 150  # of a file written to the temporary folder (NAME_MAX is 255 bytes, not characters)

_FORM_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    # what older clients and web mailers call an Excel file
    "application/x-excel": ".xls",
    "application/x-msexcel": ".xls",
    "application/excel": ".xls",
    "application/msexcel": ".xls",
    "application/x-ms-excel": ".xls",
}
_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}
# Parts without a name that are the message itself or its signature, not attachments: never named.
_BODY_TYPES = ("text/", "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature",
               "message/delivery-status", "message/disposition-notification", "application/pgp-encrypted",
               "message/rfc822-headers", "text/rfc822-headers")
LOGO_BYTES = 32 * 1024  # an inline picture under this is a signature's logo; a scan or a photo of a form is larger
_MBOX_FROM = re.compile(rb"^From \S*")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=")
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Unpacked:
    """What a set of mail files held: the forms (written to `folder`), what was skipped, messages with no form."""

    forms: list[InputFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    no_form: list[NoForm] = field(default_factory=list)
    spent: tuple[int, int] = (0, 0)  # unpacked bytes and files written, for the run's budget


# --- text of headers ------------------------------------------------------------------------

def _unraw(text: str) -> str:
    """Raw 8-bit header bytes (a client that did not encode them) arrive as surrogates: UTF-8, else Windows-1251."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    for charset in ("utf-8", "cp1251"):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _decoded(value) -> str:
    """A header or parameter as text: encoded-words (also inside quoted names) decoded, whitespace folded.

    Each word on its own: one that does not decode (bad base64, an unknown charset) stays as it was
    written, and costs only itself, never the rest of the header or the message. Adjacent words of
    one charset are joined before decoding: a client may split a letter's bytes between two words.
    """
    if value is None:
        return ""
    text = _unraw(str(value))
    if "=?" not in text:
        return " ".join(text.split())
    out: list[str] = []
    run: list[tuple[str, bytes]] = []  # adjacent decoded words: (charset, bytes)
    last = 0
    for found in _ANY_WORD.finditer(text):
        between = text[last:found.start()]
        data = _word_bytes(found)
        if run and (between.strip() or data is None or data[0] != run[-1][0]):
            out.append(_text(run))
            run = []
        if not run or between.strip():
            out.append(between)
        if data is None:
            out.append(found.group(0))
        else:
            run.append(data)
        last = found.end()
    if run:
        out.append(_text(run))
    out.append(text[last:])
    return " ".join("".join(out).split())


_ANY_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=")


def _word_bytes(found: re.Match) -> tuple[str, bytes] | None:
    """One RFC 2047 word: (charset, its bytes), or None when its base64 is broken beyond repair."""
    import binascii

    charset = found.group(1).split("*", 1)[0].lower()  # RFC 2231 adds a language: «utf-8*ru»
    try:
        if found.group(2) in "Bb":
            raw = re.sub(rb"[^A-Za-z0-9+/]", b"", found.group(3).encode("ascii", "ignore"))
            if len(raw) % 4 == 1:
                return None
            return charset, binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))
        return charset, binascii.a2b_qp(found.group(3).encode("ascii", "ignore"), header=True)
    except (binascii.Error, ValueError):
        return None


def _text(run: list[tuple[str, bytes]]) -> str:
    """Adjacent words of one charset as text; a label no codec knows («x-unknown») is read as UTF-8, else Windows-1251.

    Bytes the charset cannot decode are dropped, not shown as «�»: they would reach a reply's subject.
    """
    return _decoded_run(run).replace("\ufffd", "")


def _decoded_run(run: list[tuple[str, bytes]]) -> str:
    import codecs

    charset, data = run[0][0], b"".join(d for _, d in run)
    try:
        if codecs.lookup(charset).name in ("rot-13", "base64", "hex", "zlib", "bz2", "quopri", "uu"):
            raise LookupError(charset)  # not a text encoding
        return data.decode(charset, "replace")
    except (LookupError, ValueError, TypeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1251", "replace")


def _word(found: re.Match) -> str:
    """One RFC 2047 word decoded, or "" when it cannot be."""
    data = _word_bytes(found)
    return _text([data]) if data is not None else ""


def _raw(msg: Message, name: str) -> str:
    """A header's value as sent, raw 8-bit bytes read as text (the library would turn them into «�»)."""
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return _unraw(str(value))
    return ""


def _header(msg: Message, name: str) -> str:
    return _decoded(_raw(msg, name))


def _person(raw: str) -> tuple[str, str]:
    """(«Имя <адрес>», адрес) from a From header as sent: split into name and address before the name is
    decoded, since a decoded name may hold a comma («Иванова, Мария») or quotes.

    The address is the mailbox in angle brackets whatever the name says: a name that is itself an
    address («purchasing@x.com <do-not-reply@y>», a look-alike of a contact's) never becomes it.
    """
    raw = " ".join(_unraw(raw).split())
    # A script or a web mailer may encode the whole «Имя <адрес>» as one word: the address is read out of it.
    raw = _ANY_WORD.sub(lambda m: _revealed(m) or m.group(0), raw)
    angle = _ANGLE.search(raw)
    if angle is not None:
        name, address = raw[: angle.start()], angle.group(1)
    elif "@" in raw and not raw.startswith("@") and not re.search(r"[\s,;<>()\"]", raw):
        name, address = "", raw  # one bare token: the address as written, a UUCP path «a!b@c@d.com» too
    else:
        # An encoded word may hold a comma itself (The Bat! writes «=?windows-1251?Q?…,_…?=»): kept whole while splitting.
        words = _ENCODED_WORD.findall(raw)
        for i, word in enumerate(words):
            raw = raw.replace(word, f"encodedword{i}x", 1)
        pairs = [(_restore(n, words), a) for n, a in getaddresses([raw]) if "@" in a and not a.startswith("@")]
        raw = _restore(raw, words)
        if not pairs:
            found = _ADDRESS.search(raw)
            pairs = [(raw[: found.start()].strip(' "<'), found.group())] if found else []
        if not pairs:
            return _decoded(raw), ""
        name, address = pairs[0]
    name = _decoded(name).strip(' "')
    return (f"{name} <{address}>" if name else address), address


_ANGLE = re.compile(r"<\s*(?:mailto:)?([^<>\s@]+@[^<>\s@]+?)\s*>", re.IGNORECASE)


def _revealed(found: re.Match) -> str:
    """An encoded word decoded, when what it hides is an address («Иван <ivan@adm.ru>»); else ""."""
    text = _word(found)
    return text if _ADDRESS.search(text) else ""


def _restore(text: str, words: list[str]) -> str:
    for i, word in enumerate(words):
        text = text.replace(f"encodedword{i}x", word)
    return text


def _sender(msg: Message) -> tuple[str, str]:
    """(«Имя <адрес>» as the user would read it, the bare address)."""
    return _person(_raw(msg, "From"))


def _answer(msg: Message) -> str:
    """Where the sender asks replies to go (Reply-To), or "": the From mailbox is still who sent it."""
    return _person(_raw(msg, "Reply-To"))[1]


def _date(msg: Message) -> dt.datetime | None:
    return _parsed(msg.get("Date"))


def _parsed(raw) -> dt.datetime | None:
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _arrival(msg: Message) -> dt.datetime | None:
    """When the message reached the coordinator's server: the topmost Received header (the last hop writes it
    on top; the sender writes Date, and may write anything), else the mbox «From » line of the mail client."""
    for key, value in msg.raw_items():
        if key.lower() == "received":
            when = _parsed(_unraw(str(value)).rpartition(";")[2].strip())
            if when is not None:
                return when
            break  # the last hop's line says no date: an older hop's word is the sender's
    unixfrom = msg.get_unixfrom() or ""
    found = re.search(r"\w{3} +(\w{3}) +(\d{1,2}) +(\d{1,2}:\d{2}:\d{2}) +(\d{4})", unixfrom)
    if found:
        try:  # asctime in the client's local time: its zone is not written, and an hour or two do not matter here
            when = dt.datetime.strptime(" ".join(found.groups()), "%b %d %H:%M:%S %Y")
        except ValueError:
            return None
        return when.replace(tzinfo=dt.timezone.utc)
    return None


def attachment_name(part: Message) -> str:
    """An attachment's file name in whatever encoding the client used (RFC 2231, RFC 2047, raw UTF-8)."""
    headers = Message()
    for key in ("Content-Disposition", "Content-Type"):
        value = _raw(part, key)
        if value:
            headers[key] = value
    name = headers.get_filename() or headers.get_param("name", header="content-type")
    if isinstance(name, tuple):  # an RFC 2231 value the library left undecoded
        name = email.utils.collapse_rfc2231_value(name)
    name = _decoded(name)
    # A name is a name, not a path: a client may send «C:\Documents\Форма.xlsx».
    return re.split(r"[\\/]", name)[-1].strip() if name else ""


# --- the walk -------------------------------------------------------------------------------

@dataclass
class _Sink:
    folder: Path
    out: Unpacked
    count: int = 0

    tick: object = None  # tick(where) as each message starts (budget.run_ticking)
    skip: frozenset = frozenset()  # (item, message number) pairs that broke a budget before: not read again
    item: int = 0  # the index of the mail file being read
    spent_bytes: int = 0  # this run's, across all messages (and earlier workers: api._open_mail)
    spent_files: int = 0
    message_bytes: int = 0  # the current message's
    message_files: int = 0

    def begin(self, number: int) -> bool:
        """A top-level message starts: its own budget; False when it is one to pass over."""
        self.message_bytes = self.message_files = 0
        if self.tick is not None:
            self.tick((self.item, number))
        return (self.item, number) not in self.skip

    def spend(self, size: int, file: bool) -> str | None:
        """Count `size` unpacked bytes (and a file) against the message's and the run's budgets; None, or why not."""
        files = 1 if file else 0
        if self.message_bytes + size > MAX_MESSAGE_UNPACKED_BYTES or self.message_files + files > MAX_MESSAGE_FILES:
            return say("mail.over-message", mb=MAX_MESSAGE_UNPACKED_BYTES // 2**20, files=MAX_MESSAGE_FILES)
        if self.spent_bytes + size > MAX_RUN_UNPACKED_BYTES or self.spent_files + files > MAX_RUN_FILES:
            return say("mail.over-run", gb=MAX_RUN_UNPACKED_BYTES // 2**30, files=MAX_RUN_FILES)
        self.message_bytes += size
        self.spent_bytes += size
        self.message_files += files
        self.spent_files += files
        return None

    def write(self, name: str, data: bytes) -> Path:
        self.count += 1
        place = self.folder / f"{self.count:05d}"
        place.mkdir()
        safe = _fit(re.sub(r'[<>:"|?*\x00-\x1f]', "_", name) or say("mail.attachment") + ".xlsx", MAX_NAME_BYTES)
        target = place / safe
        target.write_bytes(data)
        return target


def _fit(name: str, limit: int) -> str:
    """`name` cut to `limit` bytes of UTF-8, its extension kept (100 CJK characters are 300 bytes)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix.encode("utf-8")) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = limit - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip() + suffix


@dataclass(frozen=True)
class _Letter:
    """The message a form was attached to, for its Source."""

    display: str
    sender: str
    address: str
    date: dt.datetime | None
    subject: str
    message_id: str
    arrived: dt.datetime | None = None  # when it reached the coordinator (Received, mbox, Maildir), to check Date
    via: tuple[str, ...] = ()  # the addresses that forwarded it, outermost first
    answer: str = ""  # its Reply-To: where the reply goes (the From mailbox stays who sent it)

    def source(self, attachment: str) -> Source:
        return Source(self.display, self.sender, self.date, self.subject, attachment, self.message_id, self.address,
                      self.arrived, self.via, self.answer)


def _letter(msg: Message, display: str, fallback_date: dt.datetime | None,
            arrived: dt.datetime | None = None) -> _Letter:
    sender, address = _sender(msg)
    return _Letter(display, sender, address, _date(msg) or fallback_date, _header(msg, "Subject"),
                   _header(msg, "Message-ID").strip(), _arrival(msg) or arrived, answer=_answer(msg))


def unpack_message(msg: Message, display: str, sink: _Sink, fallback_date: dt.datetime | None = None,
                   top: bool = True, arrived: dt.datetime | None = None, via: tuple[str, ...] = ()) -> None:
    """The forms of one message (and of the messages forwarded in it) into the sink.

    A message with no form is one entry (by sender and subject) that says what each attachment
    was instead; a message with forms names its other attachments one by one.
    """
    if msg.get("X-Reportgen-Key") is not None:
        sink.out.skipped.append(SkippedFile(display, say("mail.own-draft")))
        return
    letter = replace(_letter(msg, display, fallback_date, arrived), via=via)
    found: list[str] = []  # names of everything attached, for a message without a form
    forms_before, skipped_before = len(sink.out.forms), len(sink.out.skipped)
    state = {"attachments": 0}

    def walk(part: Message, depth: int, inner: _Letter) -> None:
        ctype = part.get_content_type()
        if ctype != "message/rfc822" and part.is_multipart():
            for sub in part.get_payload() or []:
                if isinstance(sub, Message):
                    walk(sub, depth, inner)
            return
        if ctype.startswith("multipart/"):  # its boundary is not found: the parts inside cannot be told apart
            text = str(part.get_payload() or "")
            if re.search(r"(?im)^content-disposition:\s*attachment|\bfilename\*?=", text):
                found.append(say("mail.attachment"))
                sink.out.skipped.append(SkippedFile(
                    f"{inner.display} › {say('mail.attachment')}", say("mail.no-boundary"), code="mail-unreadable"))
            return
        if ctype == "message/rfc822":  # a forwarded message: its forms, under its own sender and date
            payload = part.get_payload()
            forwarded = payload[0] if isinstance(payload, list) and payload else None
            if forwarded is None or depth >= MAX_NESTING:
                found.append(say("mail.forwarded"))
                return
            relayed = (*inner.via, inner.address) if inner.address else inner.via
            walk(forwarded, depth + 1, replace(_letter(forwarded, inner.display, inner.date, inner.arrived), via=relayed))
            return
        name = attachment_name(part)
        disposition = part.get_content_disposition()
        if ctype == "text/x-moz-deleted":  # Thunderbird's stand-in for an attachment deleted on the coordinator's side
            shown = (name or say("mail.attachment")).removeprefix("Deleted: ")
            found.append(shown)
            sink.out.skipped.append(SkippedFile(
                f"{inner.display} › {shown}", say("mail.deleted-attachment")))
            return
        if not name and disposition != "attachment" and ctype.startswith(_BODY_TYPES):
            return  # the message's text itself, or its signature
        # A picture the HTML shows by its Content-ID (a logo in the signature) is the text's, not an attachment;
        # a scan or a photo of the form, attached, is named.
        inline = disposition != "attachment" and part.get("Content-ID") is not None
        state["attachments"] += 1
        if state["attachments"] > MAX_ATTACHMENTS:
            if state["attachments"] == MAX_ATTACHMENTS + 1:
                sink.out.skipped.append(SkippedFile(
                    f"{inner.display} › …", say("mail.too-many-attachments", limit=MAX_ATTACHMENTS)))
            return
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - a broken transfer encoding: named, never fatal
            data = b""
        if not name:  # named by what its bytes are, then by its type: an «Excel» part may be an .xlsx or an .xls
            name = say("mail.attachment") + (_sniffed(data) or _FORM_TYPES.get(ctype) or _type_suffix(ctype)
                                 or (".zip" if ctype in _ZIP_TYPES else ""))
        _guarded(name, data, ctype, depth, inner, sink, found, inline=inline)

    walk(msg, 0, letter)
    if len(sink.out.forms) == forms_before:
        _no_form(sink, letter, found, skipped_before, top)


def _no_form(sink: _Sink, letter: _Letter, found: list[str], skipped_before: int, top: bool) -> None:
    """One entry for a message without a form; what its attachments were goes into it (once, not twice)."""
    if any(s.code == "mail-over-budget" for s in sink.out.skipped[skipped_before:]):
        return  # it may well hold a form: not «no form», but named with what was not unpacked
    notes: tuple[str, ...] = ()
    if top:
        notes = tuple(f"«{s.display.removeprefix(letter.display + ' › ')}»: {s.reason}"
                      for s in sink.out.skipped[skipped_before:])
        del sink.out.skipped[skipped_before:]
    sink.out.no_form.append(NoForm(letter.display, letter.sender, letter.date, letter.subject, tuple(found),
                                   letter.address, letter.message_id, notes, letter.answer))


def _sniffed(data: bytes) -> str:
    """A workbook's extension by its bytes («.xlsx», «.xls», «.ods»), or "" when they are no workbook."""
    import io

    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        lowered = data[:1 << 20].lower()
        return ".xls" if "workbook".encode("utf-16-le") in lowered or "book".encode("utf-16-le") in lowered else ""
    if not data.startswith(b"PK\x03\x04"):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                return ".ods"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return ""
    return ".xlsx" if any(n.startswith("xl/") for n in names) else ""


def _type_suffix(ctype: str) -> str:
    """A nameless picture named as one: «image/png» → «.png», «image/jpeg» → «.jpg»."""
    major, _, minor = ctype.partition("/")
    if major != "image" or not re.fullmatch(r"[a-z0-9.+-]{1,10}", minor):
        return ""
    return {"jpeg": ".jpg", "pjpeg": ".jpg", "svg+xml": ".svg", "x-png": ".png"}.get(minor, "." + minor)


def _attachment(name: str, data: bytes, ctype: str, depth: int, letter: _Letter, sink: _Sink,
                found: list[str], inside: str = "", inline: bool = False) -> None:
    shown = f"{inside}{name}"
    lower = name.lower()
    sniffed = "" if is_form_name(lower) or "." in lower else _sniffed(data) or _FORM_TYPES.get(ctype, "")
    if is_form_name(lower) or sniffed:
        if not is_form_name(lower):
            name += sniffed
            shown += sniffed
        why = sink.spend(0 if inside else len(data), file=True)  # a zip's member was counted as it inflated
        if why is not None:
            sink.out.skipped.append(SkippedFile(f"{letter.display} › {shown}", why, code="mail-over-budget"))
            found.append(shown)
            return
        try:
            path = sink.write(name, data)
        except OSError as exc:
            sink.out.skipped.append(SkippedFile(
                f"{letter.display} › {shown}", say("mail.unwritten", folder=sink.folder, why=explain_os(exc)),
                code="mail-over-budget"))
            found.append(shown)
            return
        sink.out.forms.append(InputFile(path, f"{letter.display} › {shown}", letter.source(shown), letter.date))
        found.append(shown)
        return
    if lower.endswith(".zip") or ctype in _ZIP_TYPES:
        found.append(shown)
        _unzip(shown, data, depth, letter, sink, found)
        return
    if lower.endswith(".eml") or ctype == "message/rfc822":
        if depth < MAX_NESTING and len(data) <= MAX_MESSAGE_BYTES:
            inner = email.message_from_bytes(data, policy=email.policy.compat32)
            before = len(sink.out.no_form)
            unpack_message(inner, f"{letter.display} › {shown}", sink, letter.date, top=False, arrived=letter.arrived,
                           via=(*letter.via, letter.address) if letter.address else letter.via)
            del sink.out.no_form[before:]  # the outer message is the one named if nothing was found
        found.append(shown)
        return
    if (ctype.startswith("image/") or Path(lower).suffix in _IMAGES) and inline and not inside and len(data) < LOGO_BYTES:
        return  # a logo in the signature
    found.append(shown)
    sink.out.skipped.append(SkippedFile(f"{letter.display} › {shown}", _not_form_reason(name)))


def _guarded(name: str, data: bytes, ctype: str, depth: int, letter: _Letter, sink: _Sink, found: list[str],
             inside: str = "", inline: bool = False) -> None:
    """_attachment, where a broken attachment (a forwarded message that does not parse) is named, not fatal."""
    try:
        _attachment(name, data, ctype, depth, letter, sink, found, inside, inline)
    except Exception as exc:  # noqa: BLE001 - MemoryError and RecursionError too: this one costs only itself
        found.append(f"{inside}{name}")
        sink.out.skipped.append(SkippedFile(f"{letter.display} › {inside}{name}",
                                            say("mail.attachment-damaged", reason=explain(exc)), code="mail-unreadable"))


def _not_form_reason(name: str) -> str:
    if name.lower() == "winmail.dat":
        return say("mail.winmail")
    suffix = Path(name).suffix.lower()
    what = _ATTACHED.get(suffix) or ("attached.image" if suffix in _IMAGES else "attached.file")
    return say("mail.not-a-form", what=say(what, suffix=suffix))


# What an attachment that is not a form is, by its extension (the catalogue's keys).
_ATTACHED = {".doc": "attached.word", ".docx": "attached.word", ".pdf": "attached.pdf", ".odt": "attached.writer",
             ".csv": "attached.csv", ".rar": "attached.rar", ".7z": "attached.7z"}


_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".webp")


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as the packer meant it: Windows' «Send to zip» writes Russian names in CP866."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp866")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unzip(shown: str, data: bytes, depth: int, letter: _Letter, sink: _Sink, found: list[str]) -> None:
    import io

    where = f"{letter.display} › {shown}"
    if depth >= MAX_NESTING or shown.lower().count(".zip › ") >= MAX_ZIPS:
        sink.out.skipped.append(SkippedFile(where, say("mail.zip-deep")))
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        sink.out.skipped.append(SkippedFile(where, say("mail.zip-unreadable", reason=explain(exc))))
        return
    if len(members) > MAX_ATTACHMENTS:
        sink.out.skipped.append(SkippedFile(where, say("mail.zip-too-many", n=len(members), limit=MAX_ATTACHMENTS)))
        return
    budget = MAX_UNZIPPED_BYTES
    for info in members:
        name = _zip_name(info).replace("\\", "/").split("/")[-1]
        if name.startswith(("~$", "._")) or "__MACOSX/" in info.filename:
            continue  # an Excel lock file or macOS's companion packed along
        if info.encrypt if hasattr(info, "encrypt") else info.flag_bits & 0x1:
            sink.out.skipped.append(SkippedFile(f"{where} › {name}", say("mail.zip-password")))
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            sink.out.skipped.append(SkippedFile(f"{where} › {name}", say("mail.zip-method")))
            continue
        left = min(MAX_MESSAGE_UNPACKED_BYTES - sink.message_bytes, MAX_RUN_UNPACKED_BYTES - sink.spent_bytes)
        try:
            with archive.open(info) as member:
                content = member.read(min(budget, max(left, 0)) + 1)  # the real inflated size, not the declared one
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            sink.out.skipped.append(SkippedFile(f"{where} › {name}", say("mail.zip-member-damaged", why=explain(exc))))
            continue
        budget -= len(content)
        if budget < 0:
            sink.out.skipped.append(SkippedFile(where, say("mail.zip-over", mb=MAX_UNZIPPED_BYTES // 2**20)))
            return
        why = sink.spend(len(content), file=False)
        if why is not None:
            sink.out.skipped.append(SkippedFile(f"{where} › {name}", why, code="mail-over-budget"))
            found.append(f"{shown} › {name}")
            continue
        _guarded(name, content, "", depth + 1, letter, sink, found, inside=f"{shown} › ")


# --- mail files -----------------------------------------------------------------------------

def _too_big(display: str, size: int) -> SkippedFile:
    return SkippedFile(display, say("mail.too-big", size=size / 2**20, limit=MAX_MESSAGE_BYTES // 2**20))


def _eml(path: Path, display: str, sink: _Sink, arrived: dt.datetime | None = None) -> None:
    size = path.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        sink.out.skipped.append(_too_big(display, size))
        return
    msg = email.message_from_bytes(path.read_bytes().removeprefix(_BOM), policy=email.policy.compat32)
    unpack_message(msg, display, sink, saved_at(path), arrived=arrived)


def _outlook_file(path: Path) -> bool:
    """Whether a .msg is Outlook's (an OLE compound file), not an RFC 822 message saved under that name."""
    from reportgen.read.inputs import HEAD_BYTES, is_message

    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)

    return not (is_message(head) or _MBOX_FROM.match(head.removeprefix(_BOM)))


def _mbox_starts(path: Path, sink: _Sink) -> tuple[list[int], int]:
    """Where each message of an mbox file starts (its «From » line), and the file's end; streamed.

    As mutt, Thunderbird and Python's `mailbox` split it, in every variant clients write:
    a «From » line followed by a header line starts a message after a blank line (mboxo, mboxrd),
    and also with none before it when it is a real separator line — «From - …» (Netscape,
    Thunderbird) or «From адрес дата» (mutt's test; Roundcube's export writes no blank line).
    A Content-Length header that lands exactly on the next «From » line (mboxcl, mboxcl2) is
    believed: then a «From » line inside the body, unquoted, does not split the message. Nor does
    one whose following lines are no message's headers («From Russia with love» / «Year: 1963»).
    """
    starts: list[int] = []
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        offset, prev_blank, n = 0, True, 0
        line = f.readline()
        if line.startswith(_BOM):
            offset = len(_BOM)
            line = line[len(_BOM):]
        in_header, length = False, None
        while line:
            nxt = f.readline()
            n += 1
            if n % 200_000 == 0 and sink.tick is not None:
                sink.tick((sink.item, 0))  # scanning a large file is work too
            blank = line in (b"\n", b"\r\n")
            # After a blank line (or a real separator line) one header a message has is enough; with neither, the
            # block after it must look like a message's (two of its headers), not like body text.
            if (line.startswith(b"From ") and _HEADER_LINE.match(nxt)
                    and _headers_follow(f, nxt) >= (1 if prev_blank or not starts or _FROM_LINE.match(line) else 2)):
                starts.append(offset)
                in_header, length = True, None
            elif not starts and line.strip():
                break  # text before the first «From » line: not an mbox after all
            elif in_header and blank:
                in_header = False
                body = offset + len(line)
                if length is not None and _lands_on_from(f, body + length, size):
                    f.seek(body + length)  # the body is Content-Length bytes long: skipped whole
                    offset, prev_blank, line = body + length, True, f.readline()
                    continue
            elif in_header:
                found = _CONTENT_LENGTH.match(line)
                if found:
                    length = int(found.group(1))
            offset += len(line)
            prev_blank, line = blank, nxt
    return starts, size


_BOM = b"\xef\xbb\xbf"
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
# mutt's is_from: «From sender weekday month day time year», with the sender, zone or weekday left out by some
# writers; and Netscape/Thunderbird's «From - » (a date after it or not).
_FROM_LINE = re.compile(rb"^From (?:-(?:\s.*)?|\S+\s+(?:[A-Z][a-z]{2},?\s+)?(?:[A-Z][a-z]{2}\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2})"
                        rb"\s+(?:\d{4}\s+)?\d{1,2}:\d{2}.*)\s*$")
_CONTENT_LENGTH = re.compile(rb"^Content-Length:\s*(\d{1,12})\s*$", re.IGNORECASE)


def _headers_follow(f, first: bytes) -> int:
    """How many of a message's headers (From, Date, Subject…) the block from `first` on has: 0 for body text
    that happens to follow an unquoted «From Russia with love» («Year: 1963»)."""
    back = f.tell()
    block = (first + f.read(4096)).replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    f.seek(back)
    names = {line.split(b":", 1)[0].strip().lower() for line in block.split(b"\n") if _HEADER_LINE.match(line)}
    return len(names & _MESSAGE_HEADERS)


_MESSAGE_HEADERS = {b"from", b"date", b"subject", b"message-id", b"received", b"return-path", b"to", b"mime-version",
                    b"delivered-to", b"x-mozilla-status"}


def _lands_on_from(f, where: int, size: int) -> bool:
    """Whether `where` is the end of the file or (after blank lines) a «From » line: a Content-Length to believe."""
    if where > size:
        return False
    back = f.tell()
    f.seek(where)
    head = f.read(256).lstrip(b"\r\n")
    f.seek(back)
    return where == size or not head or head.startswith(b"From ")


def _mbox_message(f, start: int, end: int) -> bytes | int:
    """One message of an mbox (mboxrd quoting undone), or its size when too big.

    The «From » line stays first: the parser keeps it (get_unixfrom), and it dates the arrival.
    """
    f.seek(start)
    first = f.readline()
    size = end - f.tell()
    if size > MAX_MESSAGE_BYTES:
        return size
    lines = f.read(size).splitlines(keepends=True)
    # mboxrd quoting: «>From » in a body was «From ».
    return first + b"".join(line[1:] if line.startswith(b">") and line.lstrip(b">").startswith(b"From ") else line
                            for line in lines)


def _newest_first(sink: _Sink, display: str, count: int, read_one, shown_as=None) -> None:
    """Read messages 1..count of a mailbox, newest (the last) first, at most MAX_MAILBOX_MESSAGES of them.

    Newest first: when a budget runs out, it is the oldest messages that are passed over (and
    named). Each message's results are put back in the mailbox's order; one that breaks costs only itself.
    """
    first = max(1, count - MAX_MAILBOX_MESSAGES + 1)
    parts: dict[int, Unpacked] = {}
    outer = sink.out
    try:
        for number in range(count, first - 1, -1):
            shown = shown_as(number) if shown_as is not None else numbered(display, number)
            sink.out = parts[number] = Unpacked()
            if not sink.begin(number):
                sink.out.skipped.append(SkippedFile(shown, _stopped(), code="mail-over-budget"))
                continue
            try:
                read_one(number, shown)
            except OSError as exc:
                sink.out.skipped.append(SkippedFile(shown, explain_os(exc, say("os.doing.read-message")),
                                                    code="mail-unreadable"))
            except Exception as exc:  # noqa: BLE001 - MemoryError and RecursionError too: only this message is lost
                sink.out.skipped.append(_broken(shown, exc, outlook=False))
    finally:
        sink.out = outer
    if first > 1:
        outer.skipped.append(SkippedFile(
            display, say("mail.mailbox-truncated", count=count, limit=MAX_MAILBOX_MESSAGES, older=first - 1),
            code="mailbox-truncated"))
    for number in sorted(parts):
        part = parts[number]
        outer.forms.extend(part.forms)
        outer.skipped.extend(part.skipped)
        outer.no_form.extend(part.no_form)


def numbered(mailbox: str, number: int) -> str:
    """The n-th message of a mailbox as it is shown: «ящик (письмо 3)» (api/checking.py splits it back)."""
    return f"{mailbox}{say('checking.message-number')}{number})"


def _stopped() -> str:
    from reportgen.budget import FILE_MEMORY_MB, FILE_TIMEOUT_S

    return say("mail.stopped", seconds=FILE_TIMEOUT_S, mb=FILE_MEMORY_MB)


def _mbox(path: Path, display: str, sink: _Sink) -> None:
    starts, end = _mbox_starts(path, sink)
    if not starts:
        sink.out.skipped.append(SkippedFile(display, say("mail.not-mbox")))
        return
    bounds = [*starts[1:], end]
    with open(path, "rb") as f:
        def read_one(number: int, shown: str) -> None:
            content = _mbox_message(f, starts[number - 1], bounds[number - 1])
            if isinstance(content, int):
                sink.out.skipped.append(_too_big(shown, content))
                return
            unpack_message(email.message_from_bytes(content, policy=email.policy.compat32), shown, sink)

        _newest_first(sink, display, len(starts), read_one)


def _maildir(path: Path, display: str, sink: _Sink) -> None:
    """A Maildir and its Maildir++ sub-folders («.Отчеты», «.My Folder.Nested»), each message named with its folder.

    A dot-file among the messages («.DS_Store», a client's index) is no message: passed over, and named.
    """
    files: list[tuple[Path, str]] = []
    folders = [(path, display)] + [
        (sub, f"{display} › " + "/".join(w for w in sub.name[1:].split(".") if w))
        for sub in sorted(path.iterdir(), key=lambda p: p.name)
        if sub.name.startswith(".") and sub.name not in (".", "..") and sub.is_dir() and is_maildir(sub)]
    for folder, shown in folders:
        for sub in ("cur", "new"):
            for p in sorted((folder / sub).iterdir(), key=lambda p: p.name):
                if not p.is_file():
                    continue
                if p.name.startswith("."):
                    sink.out.skipped.append(SkippedFile(f"{shown} › {sub}/{p.name}", _DOT_FILE))
                    continue
                files.append((p, shown))
    # Maildir names begin with the delivery time: in name order, the newest is the last.
    files.sort(key=lambda f: f[0].name)
    _newest_first(sink, display, len(files),
                  lambda number, shown: _eml(files[number - 1][0], shown, sink, _delivered(files[number - 1][0])),
                  lambda number: numbered(files[number - 1][1], number))


_DOT_FILE = say("mail.dot-file")


def _delivered(path: Path) -> dt.datetime | None:
    """When a Maildir message was delivered: its name begins with that time («1751360000.M1P2.host»), else its file's time."""
    head = path.name.split(".", 1)[0]
    if head.isdigit() and 9 <= len(head) <= 11:
        return dt.datetime.fromtimestamp(int(head), dt.timezone.utc)
    return saved_at(path)


def _msg(path: Path, display: str, sink: _Sink) -> None:
    """An Outlook message (.msg, an OLE compound file), read with extract-msg."""
    import logging

    import extract_msg

    logging.getLogger("extract_msg").setLevel(logging.CRITICAL)  # it logs what it cannot parse; we say it ourselves
    size = path.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        sink.out.skipped.append(_too_big(display, size))
        return
    try:
        message = extract_msg.openMsg(str(path), strict=False, delayAttachments=False)
        encoding = _ansi_encoding(message)
        if encoding is not None:
            message.close()
            message = extract_msg.openMsg(str(path), strict=False, delayAttachments=False, overrideEncoding=encoding)
    except Exception as exc:  # noqa: BLE001 - olefile says OSError for a file that is not OLE: not an I/O failure
        if isinstance(exc, OSError) and exc.errno is not None:
            raise
        sink.out.skipped.append(_broken(display, exc, outlook=True))
        return
    try:
        _outlook(message, display, sink, 0, saved_at(path))
    except OSError as exc:
        if exc.errno is not None:
            raise  # the disk, not the file
        sink.out.skipped.append(_broken(display, exc, outlook=True))  # a stream cut short, found while reading
    finally:
        message.close()


def _ansi_encoding(message) -> str | None:
    """The code page of an 8-bit («ANSI») .msg that does not name one (PR_MESSAGE_CODEPAGE), else None.

    extract-msg then reads its strings as ISO-8859-15, and a Russian subject comes out as «Îò÷åò»:
    the internet code page (PR_INTERNET_CPID) is asked instead, and Windows-1251 is what is left.
    """
    from extract_msg.encoding import lookupCodePage

    if getattr(message, "areStringsUnicode", True) or "3FFD0003" in message.props:
        return None
    try:
        return lookupCodePage(int(message.getPropertyVal("3FDE0003")))
    except Exception:  # noqa: BLE001 - no such property, or a code page no codec knows
        return "cp1251"


def _outlook(message, display: str, sink: _Sink, depth: int, fallback: dt.datetime | None) -> None:
    date = getattr(message, "date", None)
    if isinstance(date, dt.datetime) and date.tzinfo is None:
        date = date.replace(tzinfo=dt.timezone.utc)
    sender, address = _person(getattr(message, "sender", "") or "")
    header = getattr(message, "header", None)  # the transport headers Outlook kept: Reply-To among them
    answer = _person(str(header.get("Reply-To") or ""))[1] if isinstance(header, Message) else ""
    letter = _Letter(display, sender, address, date if isinstance(date, dt.datetime) else fallback,
                     _decoded(getattr(message, "subject", "") or ""), _decoded(getattr(message, "messageId", "") or ""),
                     answer=answer)
    found: list[str] = []
    before, skipped_before = len(sink.out.forms), len(sink.out.skipped)
    for count, att in enumerate(getattr(message, "attachments", ()) or ()):
        if count >= MAX_ATTACHMENTS:
            sink.out.skipped.append(SkippedFile(f"{display} › …",
                                                say("mail.too-many-attachments", limit=MAX_ATTACHMENTS)))
            break
        data = getattr(att, "data", None)
        name = _decoded(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or "")
        if data is not None and not isinstance(data, (bytes, bytearray)):  # an attached Outlook message
            found.append(name or say("mail.forwarded"))
            if depth < MAX_NESTING:
                _outlook(data, f"{display} › {name or say('mail.forwarded')}", sink, depth + 1, letter.date)
                if sink.out.no_form and sink.out.no_form[-1].message.startswith(f"{display} › "):
                    sink.out.no_form.pop()
            continue
        if data is None:
            continue
        mime = (getattr(att, "mimetype", None) or "").lower()
        data = bytes(data)
        if not name:
            name = say("mail.attachment") + (_sniffed(data) or _FORM_TYPES.get(mime) or _type_suffix(mime))
        inline = bool(getattr(att, "contentId", None))  # a picture the HTML shows: the signature's logo
        _attachment(name, data, mime, depth, letter, sink, found, inline=inline)
    if len(sink.out.forms) == before:
        _no_form(sink, letter, found, skipped_before, depth == 0)


def _starts_mbox(path: Path) -> bool:
    with open(path, "rb") as f:
        return bool(_MBOX_FROM.match(f.read(64).removeprefix(_BOM)))


def unpack(items: list[tuple[str, str]], folder: str, skip: frozenset = frozenset(), spent: tuple[int, int] = (0, 0),
           tick=None) -> Unpacked:
    """Every mail file of `items` ((path, display) pairs) → the forms they carry, written under `folder`.

    Never raises for a bad message: what cannot be read is returned among the skipped. Runs in
    a worker under the budgets (api._open_mail, budget.run_ticking): `tick((item, message))` as
    each message starts, `skip` the ones that broke a budget before, `spent` (bytes, files)
    what earlier workers of this run unpacked (the run's budget). The result's `spent` is the total.
    """
    sink = _Sink(Path(folder), Unpacked(), tick=tick, skip=skip, spent_bytes=spent[0], spent_files=spent[1])
    for index, (path_text, display) in enumerate(items):
        path = Path(path_text)
        sink.item = index
        try:
            if path.is_dir():
                _maildir(path, display, sink)
            elif path.suffix.lower() == ".msg" and _outlook_file(path):
                if sink.begin(0):
                    _msg(path, display, sink)
                else:
                    sink.out.skipped.append(SkippedFile(display, _stopped(), code="mail-over-budget"))
            elif path.suffix.lower() == ".eml" or not _starts_mbox(path):
                if sink.begin(0):
                    _eml(path, display, sink)
                else:
                    sink.out.skipped.append(SkippedFile(display, _stopped(), code="mail-over-budget"))
            else:
                _mbox(path, display, sink)
        except OSError as exc:
            sink.out.skipped.append(SkippedFile(display, explain_os(exc, say("os.doing.read-message")),
                                                code="mail-unreadable"))
        except Exception as exc:  # noqa: BLE001 - a damaged message is named, the others are read
            sink.out.skipped.append(_broken(display, exc, outlook=path.suffix.lower() == ".msg"))
    sink.out.spent = (sink.spent_bytes, sink.spent_files)
    return sink.out


def _broken(display: str, exc: BaseException, outlook: bool) -> SkippedFile:
    what = say("mail.outlook-message") if outlook else say("mail.message")
    # olefile says OSError («incomplete OLE sector») for a cut or damaged file: the file is at fault, not the disk.
    why = (say("mail.outlook-cut") if outlook and isinstance(exc, OSError)
           and exc.errno is None else explain(exc))
    return SkippedFile(display, say("mail.broken", what=what, why=why), code="mail-unreadable")

