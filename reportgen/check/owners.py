"""Whose is a file that cannot be read: told by what surrounds it, since the file itself says nothing.

An encrypted or damaged workbook, a Word document or a PDF sent instead of the form still came
from someone: the sender's address (in the contacts or the kind's registry), the sender's name,
the message's subject, the attachment's or the file's name. The first of these that names one
municipality of the registry decides. Pure: no files are read here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import re
from pathlib import Path

from reportgen.catalogue import say
from reportgen.kind import Kind
from reportgen.model import Arrived, Submission, own_name as _name
from reportgen.read.contacts import address_key
from reportgen.read.inputs import NoForm, SkippedFile, Source

_ADDRESS = re.compile(r"\S+@\S+")
# The findings of a form that was read but names no municipality of the registry.
_UNNAMED = ("municipality-unknown", "municipality-ambiguous", "municipality-missing")

# Attachments that are no attempt at a form (a meeting invitation, a business card): their message is not one.
_NOT_AN_ATTEMPT = (".ics", ".vcf")



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


# Vocabulary: how clerks spell Russian names in Latin file names, matched against the registry's names;
# tests/wording_sites.py does not count _LATIN and _CYRILLIC.
_LATIN = dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziyklmnoprstufhcye")) | {
    "ё": "e", "ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya", "ь": "", "ъ": ""}
_CYRILLIC = re.compile(r"[а-яё]")  # a file name with a Cyrillic letter is not spelt in Latin
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
    if not words or _CYRILLIC.search(text.lower()):
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
