"""Whose is a file that cannot be read: told by what surrounds it, since the file itself says nothing.

An encrypted or damaged workbook, a Word document or a PDF sent instead of the form still came
from someone: the sender's address (in the contacts or the kind's registry), the sender's name,
the message's subject, the attachment's or the file's name. The first of these that names one
municipality of the registry decides. Pure: no files are read here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import re
from pathlib import Path

from reportgen.catalogue import say
from reportgen.kind import Kind
from reportgen.model import Submission
from reportgen.read.contacts import address_key
from reportgen.read.inputs import NoForm, SkippedFile, Source

_ADDRESS = re.compile(r"\S+@\S+")
# The findings of a form that was read but names no municipality of the registry.
_UNNAMED = ("municipality-unknown", "municipality-ambiguous", "municipality-missing")

# Attachments that are no attempt at a form (a meeting invitation, a business card): their message is not one.
_NOT_AN_ATTEMPT = (".ics", ".vcf")


@dataclass(frozen=True, slots=True)
class Arrived:
    """A file or message that came from a municipality but holds no form that can be read."""

    municipality: str  # the registry's short name
    what: str  # the file or message as shown everywhere else
    why: str  # what is wrong with it, in Russian
    hint: str  # what the sender should do
    by: str  # how the owner was told: «по адресу отправителя», «по теме письма», …
    source: Source | None = None  # the message a file came in, for the reply
    note: NoForm | None = None  # the message itself, when it held no form at all
    wrong_format: bool = False  # not a spreadsheet: the blank form goes with the letter
    form: bool = False  # a form that was read, but names no municipality of the registry: theirs, with its errors

    @property
    def address(self) -> str:
        """The sender's address, to which the letter goes."""
        if self.source is not None:
            return self.source.reply_to
        return self.note.address if self.note is not None else ""

    @property
    def answer(self) -> str:
        """Where the letter goes when no contact is known: the message's Reply-To, else its sender."""
        if self.source is not None:
            return self.source.reply_address
        return self.note.reply_address if self.note is not None else ""

    @property
    def message_id(self) -> str:
        if self.source is not None:
            return self.source.message_id
        return self.note.message_id if self.note is not None else ""

    @property
    def name(self) -> str:
        """The file's own name, without the folders or the message it came in."""
        return _name(self.what)

    def line(self) -> str:
        """«Починок.xlsx (по теме письма): Книга защищена паролем (зашифрована)»."""
        return f"{_name(self.what)} ({self.by}): {self.why}"

    def as_dict(self) -> dict:
        return {"municipality": self.municipality, "what": self.what, "why": self.why, "hint": self.hint,
                "by": self.by}


def _name(what: str) -> str:
    return what.split(" › ")[-1].replace("\\", "/").rsplit("/", 1)[-1]


def owner_of(kind: Kind, addresses: Mapping[str, str], address: str, texts: Sequence[tuple[str, str]]
             ) -> tuple[str, str] | None:
    """(short name, how it was told) from the sender's address, else the first text naming one municipality."""
    short = addresses.get(address_key(address)) if address else None
    if short is not None:
        return short, say("owner.by-address")
    for text, how in texts:
        if not text:
            continue
        found = kind.registry.find_in_text(text)
        if found.municipality is not None:
            return found.municipality.short, how
        short = _latin_owner(kind, text)
        if short is not None:
            return short, how
    return None


_LATIN = dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziyklmnoprstufhcye")) | {
    "ё": "e", "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya", "ь": "", "ъ": ""}
_LATIN_SPELLINGS = (("kh", "h"), ("ts", "c"), ("j", "y"), ("ia", "ya"), ("iu", "yu"), ("x", "h"), ("w", "v"))


def _latin(text: str) -> str:
    """A name in the Latin letters clerks use in file names («Рославль» → «roslavl», «Вязьма» → «vyazma»)."""
    out = "".join(_LATIN.get(ch, ch) for ch in text.lower())
    for spelt, common in _LATIN_SPELLINGS:
        out = out.replace(spelt, common)
    return out


def _latin_owner(kind: Kind, text: str) -> str | None:
    """The one municipality a Latin file name spells («roslavl_3kv», «Vyazma-otchet»), if exactly one."""
    words = [w for w in re.split(r"[^a-z]+", _latin(text)) if len(w) >= 4]
    if not words or re.search(r"[а-яё]", text.lower()):
        return None
    found = {m.short for m in kind.registry for name in m.names if " " not in name and len(name) >= 4
             for w in words if w.startswith(_latin(name)) or _latin(name).startswith(w) and len(w) >= 6}
    return found.pop() if len(found) == 1 else None


def _texts(source: Source | NoForm | None, file_name: str) -> list[tuple[str, str]]:
    out = []
    if source is not None:
        sender = source.sender.rpartition("<")[0].strip() or ("" if "@" in source.sender else source.sender)
        sender = _ADDRESS.sub("", sender)  # an address in the display name is anyone's words, not the mailbox
        out += [(sender, say("owner.by-sender-name")), (source.subject, say("owner.by-subject"))]
    out.append((Path(file_name).stem, say("owner.by-file-name")))
    return out


def attribute(kind: Kind, submissions: Sequence[Submission], sources: Mapping[str, Source],
              skipped: Sequence[SkippedFile], addresses: Mapping[str, str]) -> list[Arrived]:
    """Everything that arrived, could not be read, and whose sender can be told.

    `addresses` maps an e-mail address (by read.contacts.address_key) to the registry's short name (contacts first,
    then the kind's registry). Forms that were read keep the owner they name themselves.
    """
    out: list[Arrived] = []
    for s in submissions:
        if s.municipality is not None or s.form.produced_by:
            continue
        # A readable form whose own name for its municipality is not in the registry («Рославскький»)
        # still came from someone: placed like an unreadable file, so no reminder goes to its sender.
        codes = _UNNAMED if s.form.readable else None
        error = next((d for d in s.diagnostics if d.severity == "error" and (codes is None or d.code in codes)), None)
        if error is None:
            continue
        source = sources.get(s.form.file)
        name = source.attachment.split(" › ")[-1] if source is not None else _name(s.form.file)
        found = owner_of(kind, addresses, source.reply_to if source else "", _texts(source, name))
        if found is not None:
            out.append(Arrived(found[0], s.form.file, " ".join(error.message.split()), error.hint, found[1],
                               source=source, wrong_format=error.code == "file-format", form=s.form.readable))
    for item in skipped:
        note = item.message
        if note is not None:
            if not note.attachments or all(a.lower().endswith(_NOT_AN_ATTEMPT) for a in note.attachments):
                continue  # a question or a promise, not a form that failed: the reminder answers it
            texts = _texts(note, "") + [(Path(a).stem, say("owner.by-attachment-name")) for a in note.attachments]
            found = owner_of(kind, addresses, note.address, [t for t in texts if t[0]])
            if found is not None:
                why = "; ".join(note.notes) or say("owner.no-excel", attachments=note.attachments)
                out.append(Arrived(found[0], note.message, why, say("advice.send-excel"), found[1],
                                   note=note, wrong_format=True))
        elif item.foreign and item.path is not None:
            found = owner_of(kind, addresses, "", [(item.path.stem, say("owner.by-file-name"))])
            if found is not None:
                out.append(Arrived(found[0], item.display, item.reason, say("advice.send-excel"),
                                   found[1], wrong_format=True))
    return out
